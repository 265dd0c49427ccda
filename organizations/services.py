"""Writes on memberships: apply, approve, reject, deactivate, reactivate, leave, invite.

Officers' decisions take `by`, the officer deciding: nobody decides on a membership of
their own business (an officer who also owns a business waits for a fellow officer).
The owner hears about every decision through an on-site notification, the same one Dinas
uses for verification (accounts.Notification, shown on the owner's business list).
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Notification

from .models import Association, ImportPreview, Membership


def next_member_number(umbrella):
    """The next free number under `umbrella` (5 digits); call inside a transaction that
    has locked the umbrella row so that two approvals never take the same number."""
    highest = 0
    for number in Membership.objects.filter(umbrella=umbrella).values_list("member_number", flat=True):
        match = re.search(r"(\d+)$", number or "")
        if match:
            highest = max(highest, int(match.group(1)))
    return f"{highest + 1:05d}"


def _lock_umbrella(association):
    return Association.objects.select_for_update().get(pk=association.umbrella.pk)


def _refresh_locked(membership):
    """Re-read the row under a lock, so that a decision taken meanwhile (a double click, two
    officers at once, the owner withdrawing) is seen before this one is applied."""
    try:
        current = Membership.objects.select_for_update().get(pk=membership.pk)
    except Membership.DoesNotExist:
        raise ValidationError(_("Keanggotaan ini sudah tidak ada (pengajuannya mungkin dibatalkan).")) from None
    for name in ("status", "member_number", "joined_on", "left_on", "association_id", "umbrella_id"):
        setattr(membership, name, getattr(current, name))
    return membership


def _check_not_own(membership, by):
    if by is not None and membership.business.owner_id == by.pk:
        raise PermissionDenied(_("Pengurus tidak dapat memutuskan keanggotaan usahanya sendiri."))


def _notify_owner(membership, message):
    owner = membership.business.owner
    if owner is None:  # entered by the association or Dinas, not claimed yet
        return None
    url = reverse("organizations:join", kwargs={"business_pk": membership.business_id})
    return Notification.objects.create(recipient=owner, message=message, url=url)


@transaction.atomic
def membership_apply(*, business, association):
    """An owner applies to join `association` (or one of its sub-units).

    Refused while the business has an application, an active or an inactive membership
    anywhere under the same umbrella: an inactive member asks the officers to reactivate.
    """
    open_ = Membership.objects.filter(
        business=business,
        umbrella_id=association.umbrella.pk,
        status__in=[Membership.Status.APPLIED, Membership.Status.ACTIVE, Membership.Status.INACTIVE],
    )
    if open_.exists():
        raise ValidationError(_("Usaha ini sudah mengajukan diri atau sudah menjadi anggota asosiasi ini."))
    membership = Membership(business=business, association=association, status=Membership.Status.APPLIED)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_activate(*, membership, by=None, joined_on=None):
    """Approve an application: assigns the next member number under a lock of the umbrella."""
    _check_not_own(membership, by)
    # The umbrella first (it serialises numbering), then the row as it is now.
    umbrella = _lock_umbrella(membership.association)
    _refresh_locked(membership)
    if membership.status != Membership.Status.APPLIED:
        raise ValidationError(_("Hanya pengajuan yang dapat disetujui."))
    if not membership.member_number:
        membership.member_number = next_member_number(umbrella)
    membership.status = Membership.Status.ACTIVE
    membership.joined_on = membership.joined_on or joined_on or timezone.localdate()
    membership.left_on = None
    membership.full_clean()
    membership.save()
    _notify_owner(
        membership,
        _("Pengajuan %(name)s diterima: kini anggota %(association)s dengan nomor anggota %(number)s.")
        % {"name": membership.business.name, "association": membership.association, "number": membership.member_number},
    )
    return membership


@transaction.atomic
def membership_reject(*, membership, by=None, reason=""):
    """Refuse an application; only applications can be refused (history keeps the row).
    The reason, if given, goes to the owner with the notice."""
    _check_not_own(membership, by)
    _refresh_locked(membership)
    if membership.status != Membership.Status.APPLIED:
        raise ValidationError(_("Hanya pengajuan yang dapat ditolak."))
    message = _("Pengajuan %(name)s untuk menjadi anggota %(association)s belum dapat diterima oleh pengurus.") % {
        "name": membership.business.name,
        "association": membership.association,
    }
    reason = (reason or "").strip()
    if reason:
        message = f"{message} {_('Alasan: %(reason)s') % {'reason': reason}}"
    _notify_owner(membership, message)
    membership.delete()


@transaction.atomic
def membership_deactivate(*, membership, by=None):
    """Set an active member nonaktif; the member number stays theirs."""
    _check_not_own(membership, by)
    _refresh_locked(membership)
    if membership.status != Membership.Status.ACTIVE:
        raise ValidationError(_("Hanya anggota aktif yang dapat dinonaktifkan."))
    membership.status = Membership.Status.INACTIVE
    membership.full_clean()
    membership.save()
    _notify_owner(
        membership,
        _("Keanggotaan %(name)s di %(association)s dinonaktifkan oleh pengurus.")
        % {"name": membership.business.name, "association": membership.association},
    )
    return membership


@transaction.atomic
def membership_reactivate(*, membership, by=None):
    """Nonaktif back to aktif with the same member number and joining date."""
    _check_not_own(membership, by)
    _refresh_locked(membership)
    if membership.status != Membership.Status.INACTIVE:
        raise ValidationError(_("Hanya anggota nonaktif yang dapat diaktifkan kembali."))
    membership.status = Membership.Status.ACTIVE
    # full_clean refuses it if the business became an active member again meanwhile.
    membership.full_clean()
    membership.save()
    _notify_owner(
        membership,
        _("Keanggotaan %(name)s di %(association)s aktif kembali.")
        % {"name": membership.business.name, "association": membership.association},
    )
    return membership


@transaction.atomic
def membership_leave(*, membership):
    """The owner leaves: an application is withdrawn, a membership ends today."""
    _refresh_locked(membership)
    if membership.status == Membership.Status.LEFT:
        raise ValidationError(_("Usaha ini sudah keluar dari asosiasi."))
    if membership.status == Membership.Status.APPLIED:
        membership.delete()
        return None
    membership.status = Membership.Status.LEFT
    membership.left_on = timezone.localdate()
    if membership.joined_on and membership.left_on < membership.joined_on:
        membership.left_on = membership.joined_on
    membership.full_clean()
    membership.save()
    return membership


def membership_invite(*, membership, by):
    """A one-time claim link for a member business nobody has claimed yet.

    Returns the raw token (shown once; the database keeps only its hash). Former members
    and businesses that already have an owner get none.
    """
    from accounts.services import invitation_create

    business = membership.business
    if business.owner_id is not None:
        raise ValidationError(_("Usaha ini sudah terhubung dengan akun pemiliknya."))
    if membership.status == Membership.Status.LEFT:
        raise ValidationError(_("Usaha ini sudah keluar dari asosiasi."))
    _invitation, token = invitation_create(business=business, created_by=by)
    return token


# --- Import previews ----------------------------------------------------------------------


@transaction.atomic
def import_preview_store(*, user, kind, unit, sheets):
    """Keep an uploaded sheet until it is confirmed; the uploader's earlier preview of the
    same kind is abandoned and deleted, as is every expired one."""
    ImportPreview.objects.filter(user=user, kind=kind).delete()
    import_previews_purge()
    return ImportPreview.objects.create(user=user, kind=kind, unit=unit, payload=sheets)


def import_previews_purge(*, now=None):
    """Delete the previews older than IMPORT_PREVIEW_MINUTES; returns how many went."""
    count, _deleted = ImportPreview.objects.expired(now).delete()
    return count
