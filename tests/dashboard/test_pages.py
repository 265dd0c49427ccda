"""The dashboard page, the list behind each figure, and the printable profile."""

import re

import pytest
from django.urls import reverse

from .conftest import KEREK

pytestmark = pytest.mark.django_db


def names(response):
    return [business.name for business in response.context["page"].object_list]


def test_dashboard_shows_headline_figures_and_no_external_urls(dinas_client, registry):
    response = dinas_client.get(reverse("dashboard:index"))
    html = response.content.decode()
    assert "Dasbor IKM Kabupaten Tuban" in html
    assert "IKM terdaftar" in html
    assert "<svg" in html
    assert "http://" not in html and "https://" not in html
    # Bar widths are written with a dot decimal, never the Indonesian comma.
    assert not re.search(r'width="\d+,\d+"', html)


def test_dashboard_filters_are_applied_and_kept_in_the_form(dinas_client, registry):
    response = dinas_client.get(reverse("dashboard:index"), {"kecamatan": KEREK, "tahun": "2025"})
    assert response.context["panels"]["headline"]["total"] == 2
    assert 'value="35.23.08" selected' in response.content.decode()


def test_invalid_filter_values_are_ignored_not_an_error(dinas_client, registry):
    response = dinas_client.get(reverse("dashboard:index"), {"kecamatan": "99.99", "kelas": "raksasa", "tahun": "x"})
    assert response.status_code == 200
    assert response.context["panels"]["headline"]["total"] == 4


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, ["Anyaman Tunah", "Batik Sekar", "Keripik Jaya", "Terasi Gadon"]),
        ({"kecamatan": KEREK}, ["Anyaman Tunah", "Batik Sekar"]),
        ({"kebutuhan": "permodalan", "belum_dijawab": "1"}, ["Terasi Gadon"]),
        ({"kebutuhan": "alat", "belum_dijawab": "1"}, ["Anyaman Tunah"]),
        ({"bantuan_berulang": "alat"}, ["Terasi Gadon"]),
        ({"bantuan": "pelatihan"}, ["Terasi Gadon"]),
        ({"tanpa_sertifikat": "halal"}, ["Keripik Jaya", "Terasi Gadon"]),
        ({"sertifikat": "pirt"}, ["Keripik Jaya", "Terasi Gadon"]),
        ({"sertifikat_kedaluwarsa": "1"}, ["Keripik Jaya"]),
        ({"sertifikat_segera_habis": "1"}, ["Terasi Gadon"]),
        ({"jangkauan": "ekspor", "negara": "Malaysia"}, ["Batik Sekar"]),
        ({"saluran": "langsung", "komoditas": "makanan_minuman"}, ["Keripik Jaya"]),
        ({"tahun": "2024", "berproduksi": "1"}, ["Batik Sekar"]),
        ({"kelas": "none"}, ["Terasi Gadon"]),
        ({"kelas_umkm": "menengah"}, []),
        ({"kelas_umkm": "kecil"}, ["Keripik Jaya"]),
        ({"status": "tutup"}, ["Terasi Gadon"]),
        ({"verifikasi": "terverifikasi"}, ["Batik Sekar"]),
        ({"desa": "35.23.08.2001"}, ["Anyaman Tunah"]),
    ],
)
def test_list_shows_the_businesses_behind_a_figure(dinas_client, registry, params, expected):
    response = dinas_client.get(reverse("dashboard:business_list"), params)
    assert names(response) == expected


def test_list_paginates_and_offers_exports_with_the_same_filters(dinas_client, registry, settings):
    response = dinas_client.get(reverse("dashboard:business_list"), {"kecamatan": KEREK, "status": "aktif"})
    html = response.content.decode()
    assert "/dasbor/ekspor/businesses.xlsx?kecamatan=35.23.08&amp;status=aktif" in html
    assert 'name="status" value="aktif"' in html  # the drill-down survives a change of filters
    assert "Status usaha: <strong>Aktif</strong>" in html


def test_print_profile_shows_personal_data_only_to_those_allowed(client, registry, dinas, pimpinan):
    url = reverse("dashboard:business_print", args=[registry.batik.pk])
    phone = registry.batik.phone
    client.force_login(dinas)
    html = client.get(url).content.decode()
    assert registry.batik.owner_name in html and phone in html
    assert "Kain batik gedog" in html
    assert "Industri Kecil" in html and "Usaha Mikro" in html
    client.force_login(pimpinan)
    html = client.get(url).content.decode()
    assert phone not in html and registry.batik.owner_name not in html
    assert "Data pribadi pemilik tidak ditampilkan" in html
    assert "@media print" not in html  # print rules live in the static stylesheet
