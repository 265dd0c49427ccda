"""Officers see a member's contact only while it is an active member or an applicant."""

import datetime

import pytest
from django.urls import reverse

from dashboard.models import PersonalDataAccess
from organizations.models import Membership
from tests.factories import BusinessFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PHONE = "+6281299990011"


@pytest.fixture
def association(pengurus):
    return pengurus.officer_roles.get().association


def member(association, status):
    business = BusinessFactory(
        owner_name="Siti Rahasia", phone=PHONE, email="pii@example.test", address="Jalan Rahasia 7"
    )
    joined = None if status == Membership.Status.APPLIED else datetime.date(2025, 6, 1)
    left = datetime.date(2026, 1, 1) if status == Membership.Status.LEFT else None
    number = "" if status == Membership.Status.APPLIED else f"A-{business.pk}"
    return MembershipFactory(
        business=business, association=association, status=status, joined_on=joined, left_on=left, member_number=number
    )


@pytest.mark.parametrize("status", [Membership.Status.ACTIVE, Membership.Status.APPLIED])
def test_officer_sees_the_contact_of_an_active_member_or_applicant_and_it_is_logged(
    client, pengurus, association, status
):
    membership = member(association, status)
    client.force_login(pengurus)
    page = client.get(reverse("organizations:member_detail", args=[membership.pk])).content.decode()
    assert "Siti Rahasia" in page and PHONE in page and "Jalan Rahasia 7" in page
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.source, log.business_id) == (pengurus, "asosiasi", membership.business_id)


@pytest.mark.parametrize("status", [Membership.Status.INACTIVE, Membership.Status.LEFT])
def test_former_and_inactive_members_contact_is_gone_from_the_officer_page(client, pengurus, association, status):
    membership = member(association, status)
    client.force_login(pengurus)
    response = client.get(reverse("organizations:member_detail", args=[membership.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and membership.business.name in page
    for value in ("Siti Rahasia", PHONE, "pii@example.test", "Jalan Rahasia 7"):
        assert value not in page
    assert "data-contact-hidden" in page
    assert not PersonalDataAccess.objects.exists()


def test_rejected_applicant_is_gone_from_the_officer_pages(client, pengurus, association):
    membership = member(association, Membership.Status.APPLIED)
    client.force_login(pengurus)
    client.post(reverse("organizations:member_reject", args=[membership.pk]))
    assert client.get(reverse("organizations:member_detail", args=[membership.pk])).status_code == 404
    assert "Siti Rahasia" not in client.get(reverse("organizations:member_list"), {"status": "semua"}).content.decode()
