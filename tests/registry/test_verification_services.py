"""The verification state machine behind "Kirim untuk verifikasi" and Dinas's decisions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from registry import services
from registry.models import Business
from tests.factories import CertificationFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def business(pelaku):
    business = pelaku.businesses.get()
    business.phone = "+6281234567890"
    business.save()
    return business


def test_owner_submits_a_profile_with_a_product(pelaku, business):
    ProductFactory(business=business)
    services.business_submit(business=business, user=pelaku)
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.SUBMITTED
    assert business.submitted_at is not None


def test_a_profile_without_products_cannot_be_submitted(pelaku, business):
    with pytest.raises(ValidationError):
        services.business_submit(business=business, user=pelaku)
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.DRAFT


def test_another_owner_cannot_submit_my_profile(other_pelaku, business):
    ProductFactory(business=business)
    with pytest.raises(PermissionDenied):
        services.business_submit(business=business, user=other_pelaku)


def test_owner_and_officer_cannot_verify_or_return(pelaku, pengurus, pimpinan, business):
    for user in (pelaku, pengurus, pimpinan):
        with pytest.raises(PermissionDenied):
            services.business_verify(business=business, user=user)
        with pytest.raises(PermissionDenied):
            services.business_return(business=business, user=user, note="Lengkapi NIB")
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.DRAFT


def test_returning_needs_a_reason(dinas, business):
    with pytest.raises(ValidationError):
        services.business_return(business=business, user=dinas, note="  ")


def test_returned_profile_carries_the_note_and_fields_to_fix(dinas, business):
    services.business_return(business=business, user=dinas, note="NIB belum sesuai OSS", fields_to_fix=["nib"])
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.RETURNED
    assert business.verification_note == "NIB belum sesuai OSS"
    assert business.fields_to_fix == ["nib"]


def test_public_snapshot_holds_only_consented_contact_details(dinas, business):
    ProductFactory(business=business, name="Kain gedog biru")
    services.business_verify(business=business, user=dinas)
    snapshot = Business.objects.get(pk=business.pk).published_snapshot
    assert snapshot["phone"] == "" and snapshot["address"] == ""
    assert "owner_name" not in snapshot
    assert [p["name"] for p in snapshot["products"]] == ["Kain gedog biru"]

    business.publish_phone = True
    business.save()
    services.business_verify(business=business, user=dinas)
    assert Business.objects.get(pk=business.pk).published_snapshot["phone"] == "+6281234567890"


def test_editing_a_verified_profile_resubmits_it_and_keeps_the_public_view(dinas, business):
    product = ProductFactory(business=business, name="Kain gedog biru")
    services.business_verify(business=business, user=dinas)
    product.name = "Kain gedog merah"
    product.save()
    services.business_record_owner_edit(business=business)
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.SUBMITTED
    assert business.published_snapshot["products"][0]["name"] == "Kain gedog biru"


def test_completeness_lists_what_is_missing(business):
    completeness = Business.objects.with_profile_relations().get(pk=business.pk).completeness()
    missing = {check.key for check in completeness.missing}
    assert {"products", "product_photos", "markets", "production"} <= missing
    assert "contact" not in missing
    assert 0 < completeness.score < 100


def test_ekatalog_checklist_names_what_a_product_still_lacks(business):
    product = ProductFactory(business=business, sku="", description="")
    CertificationFactory(product=product, kind="merek")
    checklist = product.ekatalog_checklist()
    missing = {check.key for check in checklist.missing}
    assert {"nib", "npwp", "sku", "photo", "specification", "tkdn"} <= missing
    assert "merek" not in missing and "price" not in missing
