"""Writes on memberships: apply, approve, reject, deactivate, leave."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Association, Membership


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


@transaction.atomic
def membership_apply(*, business, association):
    """An owner applies to join `association` (or one of its sub-units)."""
    open_ = Membership.objects.filter(
        business=business,
        umbrella_id=association.umbrella.pk,
        status__in=[Membership.Status.APPLIED, Membership.Status.ACTIVE],
    )
    if open_.exists():
        raise ValidationError(_("Usaha ini sudah mengajukan diri atau sudah menjadi anggota asosiasi ini."))
    membership = Membership(business=business, association=association, status=Membership.Status.APPLIED)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_activate(*, membership, joined_on=None):
    """Approve an application (or re-activate): assigns the next member number if none."""
    umbrella = _lock_umbrella(membership.association)
    if not membership.member_number:
        membership.member_number = next_member_number(umbrella)
    membership.status = Membership.Status.ACTIVE
    membership.joined_on = membership.joined_on or joined_on or timezone.localdate()
    membership.left_on = None
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_reject(*, membership):
    """Refuse an application; only applications can be refused (history keeps the row)."""
    if membership.status != Membership.Status.APPLIED:
        raise ValidationError(_("Hanya pengajuan yang dapat ditolak."))
    membership.delete()


@transaction.atomic
def membership_deactivate(*, membership):
    if membership.status != Membership.Status.ACTIVE:
        raise ValidationError(_("Hanya anggota aktif yang dapat dinonaktifkan."))
    membership.status = Membership.Status.INACTIVE
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_leave(*, membership):
    """The owner leaves: an application is withdrawn, a membership ends today."""
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
