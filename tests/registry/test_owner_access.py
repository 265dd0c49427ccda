"""An owner reaches only their own businesses: every owner URL with another business's id
answers 404, for reading and for writing; anonymous visitors are sent to log in."""

import pytest
from django.urls import reverse

from registry.models import Assistance, Business, Need
from tests.factories import AssistanceFactory, ProductFactory

pytestmark = pytest.mark.django_db

BUSINESS_URLS = ["business_overview", "identity", "location", "workers", "needs", "assistance", "publication", "submit"]


@pytest.fixture
def owner_client(client, pelaku):
    client.force_login(pelaku)
    return client


@pytest.fixture
def others_business(other_pelaku):
    return other_pelaku.businesses.get()


def post_data_for(url_name, business):
    """A well-formed, valid-looking post for each view, so a 404 cannot come from bad input."""
    return {
        "identity": {"name": "Diambil alih", "legal_form": "ud", "owner_name": "X", "owner_gender": "L"},
        "location": {"kecamatan": "35.23.06", "desa": "35.23.06.2008", "address": "Jl. Lain 1"},
        "workers": {"workers_male": "50", "workers_female": "0", "investment": "1"},
        "needs": {"alat": "on", "alat_description": "Mesin"},
        "assistance": {
            "assistance-TOTAL_FORMS": "1",
            "assistance-INITIAL_FORMS": "0",
            "assistance-0-programme": "Palsu",
            "assistance-0-agency": "Palsu",
            "assistance-0-year": "2024",
            "assistance-0-kind": "alat",
            "assistance-0-item": "Palsu",
            "assistance-0-status": "diusulkan",
        },
        "publication": {"publish_phone": "on", "publish_email": "on", "publish_address": "on"},
    }.get(url_name, {})


@pytest.mark.parametrize("url_name", BUSINESS_URLS)
def test_owner_cannot_open_another_owners_business(owner_client, others_business, url_name):
    response = owner_client.get(reverse(f"owner:{url_name}", args=[others_business.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("url_name", BUSINESS_URLS)
def test_owner_cannot_write_to_another_owners_business(owner_client, others_business, url_name):
    ProductFactory(business=others_business)
    before = Business.objects.get(pk=others_business.pk)

    response = owner_client.post(
        reverse(f"owner:{url_name}", args=[others_business.pk]), post_data_for(url_name, others_business)
    )

    assert response.status_code == 404
    after = Business.objects.get(pk=others_business.pk)
    assert (after.name, after.desa_id, after.workers_male, after.publish_phone, after.verification_status) == (
        before.name,
        before.desa_id,
        before.workers_male,
        before.publish_phone,
        before.verification_status,
    )
    assert not Need.objects.filter(business=others_business).exists()
    assert not Assistance.objects.filter(business=others_business).exists()


def test_a_business_id_that_does_not_exist_answers_404_like_another_owners(owner_client):
    assert owner_client.get(reverse("owner:business_overview", args=[999999])).status_code == 404


@pytest.mark.parametrize("url_name", [name for name in BUSINESS_URLS if name != "submit"])
def test_owner_opens_every_section_of_their_own_business(owner_client, pelaku, url_name):
    business = pelaku.businesses.get()
    assert owner_client.get(reverse(f"owner:{url_name}", args=[business.pk])).status_code == 200


def test_submit_answers_only_to_post(owner_client, pelaku):
    business = pelaku.businesses.get()
    assert owner_client.get(reverse("owner:submit", args=[business.pk])).status_code == 405


def test_owner_cannot_edit_another_owners_assistance_row_through_own_formset(owner_client, pelaku, other_pelaku):
    mine = pelaku.businesses.get()
    theirs = AssistanceFactory(business=other_pelaku.businesses.get(), programme="Milik orang lain")
    data = {
        "assistance-TOTAL_FORMS": "1",
        "assistance-INITIAL_FORMS": "1",
        "assistance-0-id": str(theirs.pk),
        "assistance-0-programme": "Diubah",
        "assistance-0-agency": "Disnakerin",
        "assistance-0-year": "2024",
        "assistance-0-kind": "alat",
        "assistance-0-item": "Mesin",
        "assistance-0-status": "diusulkan",
    }
    owner_client.post(reverse("owner:assistance", args=[mine.pk]), data)
    theirs.refresh_from_db()
    assert theirs.programme == "Milik orang lain"
    assert theirs.business_id == other_pelaku.businesses.get().pk


@pytest.mark.parametrize("url_name", BUSINESS_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitor_is_sent_to_log_in(client, pelaku, url_name, method):
    url = reverse(f"owner:{url_name}", args=[pelaku.businesses.get().pk])
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]


@pytest.mark.parametrize("url_name", ["business_list", "business_create"])
def test_anonymous_visitor_cannot_list_or_create_businesses(client, url_name):
    response = client.get(reverse(f"owner:{url_name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_business_list_shows_only_the_owners_businesses(owner_client, pelaku, other_pelaku):
    response = owner_client.get(reverse("owner:business_list"))
    assert "Batik Sekar Gedog" in response.text
    assert "Terasi Gadon Jaya" not in response.text
