"""Who may open what under /dasbor/: a URL x role matrix, including the attempts that must fail."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def urls(business_pk):
    return [
        reverse("dashboard:index"),
        reverse("dashboard:business_list"),
        reverse("dashboard:business_print", args=[business_pk]),
        reverse("dashboard:map"),
        reverse("dashboard:map_data"),
        reverse("dashboard:export", args=["businesses", "csv"]),
        reverse("dashboard:export", args=["opendata", "xlsx"]),
        reverse("dashboard:opendata_metadata"),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, registry):
    for url in urls(registry.batik.pk):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url


@pytest.mark.parametrize("role", ["pelaku", "pengurus"])
def test_owners_and_association_officers_get_403_everywhere(client, registry, role, request):
    client.force_login(request.getfixturevalue(role))
    for url in urls(registry.batik.pk):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", ["dinas", "pimpinan"])
def test_staff_and_leaders_open_every_page(client, registry, role, request):
    client.force_login(request.getfixturevalue(role))
    for url in urls(registry.batik.pk):
        response = client.get(url)
        assert response.status_code == 200, url


def test_a_reader_without_export_permission_sees_no_export_links_and_gets_403(client, registry, viewer):
    client.force_login(viewer)
    page = client.get(reverse("dashboard:index"))
    assert page.status_code == 200
    assert reverse("dashboard:export", args=["businesses", "csv"]) not in page.content.decode()
    assert client.get(reverse("dashboard:export", args=["businesses", "csv"])).status_code == 403
    assert client.get(reverse("dashboard:export", args=["opendata", "csv"])).status_code == 403


def test_unknown_dataset_or_format_is_404(dinas_client, registry):
    assert dinas_client.get("/dasbor/ekspor/passwords.csv").status_code == 404
    assert dinas_client.get("/dasbor/ekspor/businesses.pdf").status_code == 404


def test_dashboard_refuses_writes(dinas_client, registry):
    assert dinas_client.post(reverse("dashboard:index")).status_code == 405


def test_print_profile_of_an_unknown_business_is_404(dinas_client, registry):
    assert dinas_client.get(reverse("dashboard:business_print", args=[999999])).status_code == 404
