"""Who may do what in the admin: Dinas works, Pimpinan reads without personal data,
owners and officers never get in."""

import pytest
from django.test import Client
from django.urls import reverse, reverse_lazy

from registry.models import Business
from tests.admin.builders import MAKERS
from tests.factories import BusinessFactory, ProductFactory

pytestmark = pytest.mark.django_db

PHONE = "+6281234500077"
OWNER = "Siti Rahayu Penguji"


@pytest.fixture
def business():
    business = BusinessFactory(
        name="Batik Tulis Sekar Ayu",
        nib="8120001234567",
        owner_name=OWNER,
        phone=PHONE,
        email="sekar.ayu@example.id",
        address="Jl. Sunan Bonang Gg. Mawar 7",
    )
    ProductFactory(business=business, name="Kain batik gedog lurik")
    return business


@pytest.fixture
def pimpinan_client(pimpinan):
    # A client of its own: `dinas_client` already holds the shared `client` fixture.
    client = Client()
    client.force_login(pimpinan)
    return client


def change_url(business):
    return reverse("admin:registry_business_change", args=[business.pk])


CHANGELIST = reverse_lazy("admin:registry_business_changelist")
ADD = reverse_lazy("admin:registry_business_add")


def test_pimpinan_can_read_the_business_list_and_a_business(pimpinan_client, business):
    assert pimpinan_client.get(CHANGELIST).status_code == 200
    response = pimpinan_client.get(change_url(business))
    assert response.status_code == 200
    assert "Kain batik gedog lurik" in response.content.decode()


def test_pimpinan_cannot_open_the_add_page(pimpinan_client):
    assert pimpinan_client.get(ADD).status_code == 403


def test_pimpinan_cannot_change_a_business(pimpinan_client, business):
    response = pimpinan_client.post(change_url(business), {"name": "Diubah Pimpinan"})
    assert response.status_code == 403
    business.refresh_from_db()
    assert business.name == "Batik Tulis Sekar Ayu"


def test_pimpinan_cannot_delete_a_business(pimpinan_client, business):
    response = pimpinan_client.post(reverse("admin:registry_business_delete", args=[business.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Business.objects.filter(pk=business.pk).exists()


def test_pimpinan_sees_no_owner_contact_details_in_the_list_or_on_the_page(pimpinan_client, business):
    for url in (CHANGELIST, change_url(business)):
        html = pimpinan_client.get(url).content.decode()
        assert "Batik Tulis Sekar Ayu" in html
        for personal in (PHONE, OWNER, "sekar.ayu@example.id", "Gg. Mawar"):
            assert personal not in html, (url, personal)


def test_dinas_staff_see_the_owner_and_the_phone(dinas_client, business):
    assert OWNER in dinas_client.get(CHANGELIST).content.decode()
    html = dinas_client.get(change_url(business)).content.decode()
    for personal in (PHONE, OWNER, "sekar.ayu@example.id", "Gg. Mawar"):
        assert personal in html


def test_pimpinan_cannot_find_a_business_by_its_phone_or_owner(pimpinan_client, business):
    for term in (PHONE, "Rahayu"):
        response = pimpinan_client.get(CHANGELIST, {"q": term})
        assert response.context["cl"].result_count == 0


def test_pimpinan_cannot_probe_a_phone_number_through_the_query_string(pimpinan_client, business):
    response = pimpinan_client.get(CHANGELIST, {"phone__startswith": "+62812345"})
    assert response.status_code == 400


def test_dinas_staff_may_filter_on_the_phone_through_the_query_string(dinas_client, business):
    response = dinas_client.get(CHANGELIST, {"phone__startswith": "+62812345"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_pimpinan_history_page_leaves_out_changes_to_personal_data(pimpinan_client, dinas_client, business):
    business.phone = "+6285700001111"
    business.brand = "Sekar Ayu"
    business.save()
    url = reverse("admin:registry_business_history", args=[business.pk])
    html = pimpinan_client.get(url).content.decode()
    assert "Sekar Ayu" in html
    assert "+6285700001111" not in html and PHONE not in html
    assert "+6285700001111" in dinas_client.get(url).content.decode()


def test_pimpinan_may_read_an_old_version_without_personal_data(pimpinan_client, business):
    version = business.history.earliest()
    url = reverse("admin:registry_business_simple_history", args=[business.pk, version.history_id])
    response = pimpinan_client.get(url)
    assert response.status_code == 200
    assert PHONE not in response.content.decode()


@pytest.mark.parametrize("model", [m for m in MAKERS if hasattr(m, "history")], ids=lambda m: m.__name__)
def test_old_versions_are_read_only_for_pimpinan(pimpinan_client, model):
    obj = MAKERS[model](1)[0]
    version = obj.history.earliest()
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, version.history_id])
    response = pimpinan_client.get(url)
    assert response.status_code == 200
    assert response.context["adminform"].form.fields == {}
    assert 'class="readonly"' in response.content.decode()


def test_pimpinan_cannot_restore_an_old_version(pimpinan_client, business):
    version = business.history.earliest()
    business.name = "Nama Baru"
    business.save()
    url = reverse("admin:registry_business_simple_history", args=[business.pk, version.history_id])
    assert pimpinan_client.post(url, {}).status_code == 403
    business.refresh_from_db()
    assert business.name == "Nama Baru"


@pytest.mark.parametrize("role", ["pelaku", "pengurus"])
def test_owners_and_officers_are_sent_to_the_admin_login(client, request, role, business):
    client.force_login(request.getfixturevalue(role))
    for url in (reverse("admin:index"), CHANGELIST, ADD, change_url(business)):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url


def test_anonymous_visitor_is_sent_to_the_admin_login(client, business):
    response = client.get(change_url(business))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_admin_speaks_indonesian_and_names_the_registry(dinas_client):
    html = dinas_client.get(reverse("admin:index")).content.decode()
    assert "Registri IKM Tuban" in html
    assert "Usaha IKM" in html
