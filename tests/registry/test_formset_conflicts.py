"""Two tabs on the same rows page: the later save is refused with the identity form's
conflict message and nothing of it is saved; the first tab's data stays."""

import re

import pytest
from django.urls import reverse

from registry.models import Certification
from tests.factories import AssistanceFactory, CertificationFactory, MarketAreaFactory, ProductFactory
from tests.registry.test_owner_products_formsets import (
    add_photo,
    cert_row,
    formset_data,
    market_row,
    report_row,
)
from tests.registry.test_owner_products_formsets import url as product_url
from tests.registry.test_owner_sections import assistance_row, management

pytestmark = pytest.mark.django_db

CONFLICT = "Data ini sudah diubah oleh"


@pytest.fixture
def business(pelaku):
    return pelaku.businesses.get()


@pytest.fixture
def product(business):
    return ProductFactory(business=business, name="Kain batik gedog")


@pytest.fixture
def owner_client(client, pelaku):
    client.force_login(pelaku)
    return client


def loaded_version(client, address):
    """Open the page as a tab would: the version it carries in its hidden field."""
    content = client.get(address).content.decode()
    return re.search(r'name="parent_version" value="(\d+)"', content).group(1)


def two_tabs(client, address):
    return loaded_version(client, address), loaded_version(client, address)


def test_the_second_tab_saving_certificates_is_refused_and_the_first_tabs_are_kept(owner_client, product):
    address = product_url("product_certifications", product)
    first_tab, second_tab = two_tabs(owner_client, address)
    first = formset_data("sertifikat", [cert_row(kind="halal", number="ID35110000123450")])
    assert owner_client.post(address, {**first, "parent_version": first_tab}).status_code == 302

    second = formset_data("sertifikat", [cert_row(kind="sni", number="SNI 8302")])
    response = owner_client.post(address, {**second, "parent_version": second_tab})
    assert response.status_code == 200
    content = response.content.decode()
    assert CONFLICT in content and "Perubahan Anda belum disimpan" in content
    assert 'value="SNI 8302"' in content  # what the person typed is still on the page
    assert list(Certification.objects.values_list("kind", flat=True)) == ["halal"]

    # After reloading, the same change goes through.
    fresh = loaded_version(owner_client, address)
    saved = product.certifications.get()
    rows = [
        {"id": saved.pk, "product": product.pk, **cert_row(kind="halal", number="ID35110000123450")},
        cert_row(kind="sni", number="SNI 8302"),
    ]
    response = owner_client.post(address, {**formset_data("sertifikat", rows, initial=1), "parent_version": fresh})
    assert response.status_code == 302
    assert sorted(product.certifications.values_list("kind", flat=True)) == ["halal", "sni"]


def test_an_edit_of_a_saved_certificate_in_a_stale_tab_does_not_overwrite(owner_client, product):
    saved = CertificationFactory(product=product, kind="sni", number="SNI 1")
    address = product_url("product_certifications", product)
    first_tab, second_tab = two_tabs(owner_client, address)
    row = {"id": saved.pk, "product": product.pk}
    data = formset_data("sertifikat", [{**row, **cert_row(kind="sni", number="SNI 2")}], initial=1)
    assert owner_client.post(address, {**data, "parent_version": first_tab}).status_code == 302
    data = formset_data("sertifikat", [{**row, **cert_row(kind="sni", number="SNI 3")}], initial=1)
    assert owner_client.post(address, {**data, "parent_version": second_tab}).status_code == 200
    saved.refresh_from_db()
    assert saved.number == "SNI 2"


def test_the_second_tab_saving_market_areas_is_refused(owner_client, product):
    MarketAreaFactory(product=product, level="kabupaten")
    address = product_url("product_markets", product)
    first_tab, second_tab = two_tabs(owner_client, address)
    saved = product.market_areas.get()
    keep = {"id": saved.pk, "product": product.pk, **market_row(share_percent="60")}
    added = market_row(level="nasional", channel="marketplace", share_percent="40")
    first = formset_data("pasar", [keep, added], initial=1)
    assert owner_client.post(address, {**first, "parent_version": first_tab}).status_code == 302
    second = formset_data("pasar", [{**keep, "DELETE": "on"}], initial=1)
    response = owner_client.post(address, {**second, "parent_version": second_tab})
    assert CONFLICT in response.content.decode()
    assert sorted(product.market_areas.values_list("level", flat=True)) == ["kabupaten", "nasional"]


def test_the_second_tab_saving_production_reports_is_refused(owner_client, product):
    address = product_url("product_reports", product)
    first_tab, second_tab = two_tabs(owner_client, address)
    assert (
        owner_client.post(address, {**formset_data("laporan", [report_row()]), "parent_version": first_tab}).status_code
        == 302
    )
    data = formset_data("laporan", [report_row(year="2024", semester="2")])
    response = owner_client.post(address, {**data, "parent_version": second_tab})
    assert CONFLICT in response.content.decode()
    assert list(product.production_reports.values_list("year", flat=True)) == [2025]


def test_photo_captions_and_buttons_of_a_stale_tab_are_refused(owner_client, product):
    first, second = add_photo(product, 0), add_photo(product, 1)
    address = product_url("product_photos", product)
    first_tab, second_tab = two_tabs(owner_client, address)
    rows = [
        {"id": first.pk, "product": product.pk, "caption": "Motif"},
        {"id": second.pk, "product": product.pk, "caption": "Kemasan"},
    ]
    data = formset_data("keterangan", rows, initial=2)
    assert owner_client.post(address, {**data, "parent_version": first_tab}).status_code == 302

    rows[0]["caption"] = "Tampak depan"
    response = owner_client.post(address, {**formset_data("keterangan", rows, initial=2), "parent_version": second_tab})
    assert CONFLICT in response.content.decode()
    response = owner_client.post(address, {"delete_photo": first.pk, "parent_version": second_tab}, follow=True)
    assert CONFLICT in response.content.decode()
    owner_client.post(address, {"make_main": second.pk, "parent_version": second_tab})
    assert list(product.photos.values_list("caption", flat=True)) == ["Motif", "Kemasan"]


def test_a_certificate_save_makes_an_open_product_data_form_stale(owner_client, product):
    """The rows belong to the product: its own form, open in another tab, is refused too."""
    data_page = owner_client.get(product_url("product_edit", product))
    form_version = data_page.context["form"]["version"].value()
    address = product_url("product_certifications", product)
    data = formset_data("sertifikat", [cert_row(kind="sni", number="SNI 8302")])
    owner_client.post(address, {**data, "parent_version": loaded_version(owner_client, address)})
    product.refresh_from_db()
    assert product.version == form_version + 1


def test_the_second_tab_saving_assistance_rows_is_refused(owner_client, business):
    # An owner edits only the aid they reported themselves (programme and Dinas rows are read-only).
    AssistanceFactory(business=business, programme="Bantuan Alat IKM 2023", source="pemilik")
    address = reverse("owner:assistance", args=[business.pk])
    first_tab, second_tab = two_tabs(owner_client, address)
    saved = business.assistance.get()
    data = {**management(1, 1), **assistance_row(0, id=str(saved.pk), programme="Pelatihan batik")}
    assert owner_client.post(address, {**data, "parent_version": first_tab}).status_code == 302
    data = {**management(1, 1), **assistance_row(0, id=str(saved.pk), programme="Bantuan modal")}
    response = owner_client.post(address, {**data, "parent_version": second_tab})
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    saved.refresh_from_db()
    assert saved.programme == "Pelatihan batik"
