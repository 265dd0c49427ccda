"""Writes that change a profile's verification state, the public snapshot, a business's
status, and merges of duplicates.

Views call these; they never set verification fields themselves.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tuban_ikm.outbox import email_queue
from tuban_ikm.site import absolute_url

from .models import Assistance, Business, Need, Product, ProductionReport
from .signals import business_merging, business_verified, collecting_changes

logger = logging.getLogger(__name__)


def business_record_owner_edit(*, business):
    """An owner saved a section. A verified profile goes back to Dinas for verification;
    the public keeps seeing `published_snapshot` until then."""
    if business.verification_status == Business.Verification.VERIFIED:
        business.verification_status = Business.Verification.SUBMITTED
        business.submitted_at = timezone.now()
        business.save(update_fields=["verification_status", "submitted_at", "updated_at"])


@transaction.atomic
def business_submit(*, business, user):
    """ "Kirim untuk verifikasi": only the owner, and only a profile with a product."""
    if business.owner_id != user.pk:
        raise PermissionDenied
    if business.verification_status == Business.Verification.SUBMITTED:
        return business
    if not business.products.exists():
        raise ValidationError(_("Tambahkan minimal satu produk sebelum mengirim untuk verifikasi."))
    business.verification_status = Business.Verification.SUBMITTED
    business.submitted_at = timezone.now()
    business.save(update_fields=["verification_status", "submitted_at", "updated_at"])
    return business


@transaction.atomic
def business_verify(*, business, user):
    if not user.has_perm("registry.change_business"):
        raise PermissionDenied
    business.verification_status = Business.Verification.VERIFIED
    business.verification_note = ""
    business.fields_to_fix = []
    business.verified_at = timezone.now()
    business.verified_by = user
    business.published_snapshot = public_snapshot(business)
    business.save()
    business_verified.send(sender=Business, business=business)  # the public catalogue publishes it
    notify_owner(business=business, verified=True)
    return business


@transaction.atomic
def business_return(*, business, user, note, fields_to_fix=()):
    if not user.has_perm("registry.change_business"):
        raise PermissionDenied
    if not (note or "").strip():
        raise ValidationError({"verification_note": _("Tuliskan alasan pengembalian untuk pemilik usaha.")})
    business.verification_status = Business.Verification.RETURNED
    business.verification_note = note.strip()
    business.fields_to_fix = list(fields_to_fix)
    business.save()
    notify_owner(business=business, verified=False)
    return business


def public_snapshot(business):
    """What the public may see, frozen at verification: contact details only where the
    owner consented to publish them (UU 27/2022), never the owner's personal data."""
    products = business.products.prefetch_related("certifications", "photos").select_related("kbli")
    return {
        "name": business.name,
        "brand": business.brand,
        "desa_code": business.desa_id,
        "desa": str(business.desa),
        "kbli": business.kbli.code if business.kbli_id else "",
        "phone": business.phone if business.publish_phone else "",
        "email": business.email if business.publish_email else "",
        "address": business.address if business.publish_address else "",
        "products": [
            {
                "id": product.pk,
                "name": product.name,
                "category": product.category,
                "unit": product.unit,
                "price": str(product.price) if product.price is not None else None,
                "production_capacity_per_month": str(product.production_capacity_per_month or ""),
                "description": product.description,
                "photos": [photo.image.name for photo in product.photos.all()],
                "certifications": [
                    {
                        "kind": c.kind,
                        "number": c.formatted_number(),
                        "expires_on": c.expires_on and c.expires_on.isoformat(),
                    }
                    for c in product.certifications.all()
                ],
            }
            for product in products
        ],
    }


# --- Notifications ------------------------------------------------------------------------


def notify_owner(*, business, verified):
    """Tell the owner that Dinas verified or returned their profile: an on-site notice now,
    an email (when the owner has one) queued in the outbox, sent once the transaction commits."""
    from accounts.models import Notification

    owner = business.owner
    if owner is None:
        return None
    if verified:
        message = _("Profil %(name)s sudah diverifikasi oleh Dinas.") % {"name": business.name}
    else:
        message = _("Profil %(name)s dikembalikan oleh Dinas untuk diperbaiki: %(note)s") % {
            "name": business.name,
            "note": business.verification_note,
        }
    url = reverse("owner:business_overview", kwargs={"pk": business.pk})
    notification = Notification.objects.create(recipient=owner, message=message, url=url)
    if owner.email:
        _email_owner(owner.email, message, url, verified)
    return notification


def _email_owner(address, message, url, verified):
    subject = _("Profil usaha Anda sudah diverifikasi") if verified else _("Profil usaha Anda perlu diperbaiki")
    body = "\n\n".join([message, _("Buka profil Anda: %(url)s") % {"url": absolute_url(url)}, _("Registri IKM Tuban")])
    # Queued with the change (tuban_ikm.outbox): a mail server failure never undoes it.
    email_queue(subject=subject, body=body, to=[address], kind="verification")


# --- Review queue -------------------------------------------------------------------------


def business_verify_many(*, businesses, user):
    """Verify several profiles; each in its own transaction, so one failure keeps the rest."""
    if not user.has_perm("registry.change_business"):
        raise PermissionDenied
    done = []
    for business in businesses:
        done.append(business_verify(business=business, user=user))
    return done


@transaction.atomic
def business_set_status(*, business, user, status, note=""):
    """Mark a business tutup, pindah or tidak ditemukan (or active again), with a reason
    kept in the history."""
    if not user.has_perm("registry.change_business"):
        raise PermissionDenied
    if status not in Business.Status.values:
        raise ValidationError({"status": _("Status usaha tidak dikenal.")})
    business.status = status
    business._change_reason = (
        note.strip() or _("Status diubah menjadi %(status)s") % {"status": Business.Status(status).label}
    )[:100]
    business.save()
    return business


@transaction.atomic
def production_report_verify(*, report, user):
    if not user.has_perm("registry.change_productionreport"):
        raise PermissionDenied
    report.status = ProductionReport.Status.VERIFIED
    report.return_reason = ""
    report.save(update_fields=["status", "return_reason", "updated_at"])
    return report


@transaction.atomic
def production_report_return(*, report, user, reason):
    if not user.has_perm("registry.change_productionreport"):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"return_reason": _("Tuliskan alasan pengembalian untuk pemilik usaha.")})
    report.status = ProductionReport.Status.RETURNED
    report.return_reason = reason.strip()
    report.save(update_fields=["status", "return_reason", "updated_at"])
    return report


# --- Merging duplicates -------------------------------------------------------------------

# Filled on the kept record from the removed one when the kept one has nothing there.
MERGE_FILL_FIELDS = (
    "brand",
    "npwp",
    "owner_name",
    "phone",
    "email",
    "address",
    "latitude",
    "longitude",
    "year_started",
    "kbli",
    "investment",
    "land_building_value",
    "yearly_sales",
)


@transaction.atomic
@collecting_changes()
def business_merge(*, keep, remove, user):
    """Merge `remove` into `keep`: products, needs, assistance, memberships, invitations and
    every other record pointing at `remove` move to `keep`, empty fields of `keep` are filled
    from `remove`, then `remove` is deleted. Both histories stay: the history rows of the
    removed business are never deleted, and the kept business's history says what was merged.

    Refuses two different NIBs: those are two businesses, whatever their names say.
    """
    from accounts.models import DataRequest, Invitation

    if not (user.has_perm("registry.change_business") and user.has_perm("registry.delete_business")):
        raise PermissionDenied
    if keep.pk == remove.pk:
        raise ValidationError(_("Pilih dua usaha yang berbeda."))
    # Lock both rows so nobody edits them halfway through the merge.
    locked = {b.pk: b for b in Business.objects.select_for_update().filter(pk__in=[keep.pk, remove.pk])}
    if len(locked) != 2:
        raise ValidationError(_("Salah satu usaha sudah tidak ada."))
    keep, remove = locked[keep.pk], locked[remove.pk]
    if keep.nib and remove.nib and keep.nib != remove.nib:
        raise ValidationError(_("Dua usaha dengan NIB berbeda tidak boleh digabung."))

    # simple-history keeps at most 100 characters of a change reason.
    reason = (_("Penggabungan: usaha #%(pk)s %(name)s digabung ke sini") % {"pk": remove.pk, "name": remove.name})[:100]

    for product in Product.objects.filter(business=remove):
        product.business = keep
        product._change_reason = reason
        product.save()
    kinds = set(Need.objects.filter(business=keep).values_list("kind", flat=True))
    for need in Need.objects.filter(business=remove).exclude(kind__in=kinds):
        need.business = keep
        need._change_reason = reason
        need.save()
    for assistance in Assistance.objects.filter(business=remove):
        assistance.business = keep
        assistance._change_reason = reason
        assistance.save()
    # Rooms built on the registry move their own records (memberships) and name them.
    handled = {Product, Need, Assistance, Invitation, DataRequest}
    for _receiver, models in business_merging.send(sender=Business, keep=keep, remove=remove, reason=reason):
        handled.update(models or ())
    Invitation.objects.filter(business=remove).update(business=keep)
    DataRequest.objects.filter(business=remove).update(business=keep)
    # Records of other apps (aid applications, offers...) follow the business too, except
    # derived copies that are rebuilt from the kept record (the public catalogue entry).
    for relation in Business._meta.related_objects:
        model = relation.related_model
        if relation.one_to_many and model not in handled and not model._meta.label.startswith("catalogue.Published"):
            model._base_manager.filter(**{relation.field.name: remove}).update(**{relation.field.name: keep})

    if not keep.nib and remove.nib:
        nib, remove.nib = remove.nib, None
        remove.save(update_fields=["nib", "version"])  # frees the unique NIB for the kept record
        keep.nib = nib
    if keep.owner_id is None and remove.owner_id is not None:
        keep.owner_id = remove.owner_id
    for name in MERGE_FILL_FIELDS:
        field = Business._meta.get_field(name)
        if getattr(keep, field.attname) in (None, "") and getattr(remove, field.attname) not in (None, ""):
            setattr(keep, field.attname, getattr(remove, field.attname))
    keep.workers_male = keep.workers_male or remove.workers_male
    keep.workers_female = keep.workers_female or remove.workers_female

    remove._change_reason = (_("Digabung ke usaha #%(pk)s %(name)s") % {"pk": keep.pk, "name": keep.name})[:100]
    remove.delete()
    keep._change_reason = reason
    keep._history_user = user
    keep.save()
    return keep
