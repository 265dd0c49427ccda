"""Writes that change a profile's verification state, and the public snapshot.

Views call these; they never set verification fields themselves.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Business


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
