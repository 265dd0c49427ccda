"""Fields only Dinas or a process may set (issue 12): owner and officer forms do not carry
them, and a forged POST of such a field changes nothing. One test per representative form;
the full review of forms and fields is in the closing note of issue 12."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import DataRequest
from organizations.models import Membership
from registry.models import Business, ProductionReport
from tests.factories import AssociationFactory, ProductFactory
from tests.registry.test_owner_products_formsets import formset_data, report_row
from tests.registry.test_owner_sections import identity_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def business(pelaku):
    return pelaku.businesses.get()


@pytest.fixture
def owner_client(client, pelaku):
    client.force_login(pelaku)
    return client


def test_identity_post_cannot_verify_close_or_publish_the_business(owner_client, business):
    forged = {
        "verification_status": Business.Verification.VERIFIED,
        "verified_at": "2026-01-01 10:00",
        "status": Business.Status.CLOSED,
        "published_snapshot": '{"name": "Palsu"}',
        "owner": "",
    }
    response = owner_client.post(
        reverse("owner:identity", args=[business.pk]), identity_data(business, brand="Sekar", **forged)
    )
    assert response.status_code == 302
    business.refresh_from_db()
    assert business.brand == "Sekar"  # the owner's own field is saved
    assert business.verification_status != Business.Verification.VERIFIED
    assert business.verified_at is None and business.published_snapshot is None
    assert business.status == Business.Status.ACTIVE
    assert business.owner is not None


def test_a_production_report_post_cannot_mark_it_verified(owner_client, business):
    product = ProductFactory(business=business)
    url = reverse("owner:product_reports", kwargs={"pk": business.pk, "product_pk": product.pk})
    owner_client.post(url, formset_data("laporan", [report_row(status="terverifikasi", return_reason="x")]))
    report = product.production_reports.get()
    assert report.status == ProductionReport.Status.DRAFT


def test_joining_cannot_make_an_active_member_with_a_number_of_ones_choosing(owner_client, business):
    association = AssociationFactory()
    owner_client.post(
        reverse("organizations:join", args=[business.pk]),
        {"association": association.pk, "status": "aktif", "member_number": "00001", "joined_on": "2020-01-01"},
    )
    membership = Membership.objects.get(business=business)
    assert (membership.status, membership.member_number, membership.joined_on) == ("diajukan", "", None)


def test_a_data_request_post_cannot_mark_itself_handled(owner_client, business):
    owner_client.post(
        reverse("accounts:data_request"),
        {"kind": "koreksi", "business": business.pk, "message": "Alamat salah", "status": "selesai", "response": "ok"},
    )
    request = DataRequest.objects.get()
    assert (request.status, request.response, request.handled_at) == ("baru", "", None)


def test_an_officer_cannot_set_a_member_number_or_joining_date_when_approving(client, pengurus, other_pelaku):
    association = pengurus.officer_roles.get().association
    membership = Membership.objects.create(
        business=other_pelaku.businesses.get(), association=association, status=Membership.Status.APPLIED
    )
    client.force_login(pengurus)
    client.post(
        reverse("organizations:member_approve", args=[membership.pk]),
        {"member_number": "99999", "joined_on": "2001-01-01", "status": "keluar"},
    )
    membership.refresh_from_db()
    assert membership.status == "aktif"
    assert membership.member_number != "99999"  # the next number under the umbrella's lock
    assert membership.joined_on != date(2001, 1, 1)
