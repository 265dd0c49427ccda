"""Owner product pages: who may open them, the product form, deleting, and query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from registry.models import Business, Product, ProductionReport, RawMaterial
from tests.factories import (
    CertificationFactory,
    MarketAreaFactory,
    ProductFactory,
    ProductionReportFactory,
    kbli,
)

pytestmark = pytest.mark.django_db

BUSINESS_VIEWS = ["product_list", "product_create"]
PRODUCT_VIEWS = [
    "product_edit",
    "product_delete",
    "product_photos",
    "product_certifications",
    "product_markets",
    "product_reports",
]


@pytest.fixture
def business(pelaku):
    return pelaku.businesses.get()


@pytest.fixture
def product(business):
    return ProductFactory(business=business, name="Kain batik gedog motif kijing miring")


@pytest.fixture
def other_product(other_pelaku):
    return ProductFactory(business=other_pelaku.businesses.get(), name="Terasi udang rebon")


@pytest.fixture
def owner_client(client, pelaku):
    client.force_login(pelaku)
    return client


def url(name, business_pk, product_pk=None):
    kwargs = {"pk": business_pk}
    if product_pk is not None:
        kwargs["product_pk"] = product_pk
    return reverse(f"owner:{name}", kwargs=kwargs)


def product_data(**overrides):
    data = {
        "name": "Kain batik gedog motif lok chan",
        "category": "kain_batik",
        "kbli": kbli("13134").pk,
        "sku": "BTK-001",
        "unit": "lembar",
        "installed_capacity_per_month": "60",
        "production_capacity_per_month": "40",
        "price": "Rp 350.000",
        "description": "Kain batik tulis tenun gedog, pewarna alam, 2 x 1,1 meter.",
        "bahan-TOTAL_FORMS": "1",
        "bahan-INITIAL_FORMS": "0",
        "bahan-MIN_NUM_FORMS": "0",
        "bahan-MAX_NUM_FORMS": "1000",
        "bahan-0-name": "Benang kapas pintal tangan",
        "bahan-0-origin": "kecamatan",
    }
    data.update(overrides)
    return data


# --- Who may open what ----------------------------------------------------------------------


def foreign_urls(business, product, other_product):
    """Every product URL with an id the owner does not own, in each combination."""
    other_business_pk = other_product.business_id
    urls = [(name, url(name, other_business_pk)) for name in BUSINESS_VIEWS]
    for name in PRODUCT_VIEWS:
        urls.append((name, url(name, other_business_pk, other_product.pk)))  # another owner's business and product
        urls.append((name, url(name, business.pk, other_product.pk)))  # my business, their product
        urls.append((name, url(name, other_business_pk, product.pk)))  # their business, my product
    return urls


@pytest.mark.parametrize("method", ["get", "post"])
def test_owner_gets_404_for_every_product_url_with_an_id_they_do_not_own(
    owner_client, business, product, other_product, method
):
    for name, address in foreign_urls(business, product, other_product):
        response = getattr(owner_client, method)(address, {"confirm": "1"})
        assert response.status_code == 404, (name, address)
    assert Product.objects.filter(pk=other_product.pk).exists()
    assert Product.objects.filter(pk=product.pk).exists()


@pytest.mark.parametrize("name", BUSINESS_VIEWS + PRODUCT_VIEWS)
def test_each_product_view_answers_404_to_another_owners_product_on_get_and_post(
    owner_client, business, other_product, name
):
    if name in BUSINESS_VIEWS:
        address = url(name, other_product.business_id)
    else:
        address = url(name, business.pk, other_product.pk)
    assert owner_client.get(address).status_code == 404
    assert owner_client.post(address, product_data()).status_code == 404
    other_product.refresh_from_db()
    assert other_product.name == "Terasi udang rebon"


@pytest.mark.parametrize("name", BUSINESS_VIEWS + PRODUCT_VIEWS)
def test_anonymous_visitor_is_sent_to_log_in(client, business, product, name):
    address = url(name, business.pk) if name in BUSINESS_VIEWS else url(name, business.pk, product.pk)
    for response in (client.get(address), client.post(address, {})):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", BUSINESS_VIEWS + PRODUCT_VIEWS)
def test_owner_opens_each_product_page_of_their_own_business(owner_client, business, product, name):
    address = url(name, business.pk) if name in BUSINESS_VIEWS else url(name, business.pk, product.pk)
    response = owner_client.get(address)
    assert response.status_code == 200
    assert b"registry/_business_sections.html" not in response.content  # the include rendered


# --- Product list -------------------------------------------------------------------------


def test_product_list_shows_price_in_rupiah_and_what_the_ekatalog_still_needs(owner_client, business, product):
    response = owner_client.get(url("product_list", business.pk))
    content = response.content.decode()
    assert "Rp350.000" in content
    assert "Belum ada foto" in content
    assert "Kesiapan e-Katalog" in content
    assert "Sertifikat TKDN" in content  # missing item listed
    assert url("product_photos", business.pk, product.pk) in content
    assert "Tambah produk" in content


def test_product_list_shows_only_the_products_of_that_business(owner_client, business, product, other_product):
    content = owner_client.get(url("product_list", business.pk)).content.decode()
    assert product.name in content
    assert other_product.name not in content


# --- Create and edit ----------------------------------------------------------------------


def test_owner_adds_a_product_with_a_price_typed_in_rupiah_and_its_raw_materials(owner_client, business):
    response = owner_client.post(url("product_create", business.pk), product_data())
    product = business.products.get()
    assert response.status_code == 302
    assert response.url == url("product_edit", business.pk, product.pk)
    assert product.price == Decimal("350000")
    assert product.installed_capacity_per_month == Decimal("60")
    assert list(product.raw_materials.values_list("name", "origin")) == [("Benang kapas pintal tangan", "kecamatan")]
    follow = owner_client.get(response.url)
    assert "Tersimpan." in [str(m) for m in follow.context["messages"]]


def test_indonesian_decimals_are_accepted_for_capacities(owner_client, business):
    owner_client.post(
        url("product_create", business.pk),
        product_data(unit="kg", installed_capacity_per_month="1.500", production_capacity_per_month="2,5"),
    )
    product = business.products.get()
    assert product.installed_capacity_per_month == Decimal("1500")
    assert product.production_capacity_per_month == Decimal("2.5")


def test_production_capacity_above_installed_capacity_is_refused_next_to_the_field(owner_client, business):
    response = owner_client.post(
        url("product_create", business.pk),
        product_data(installed_capacity_per_month="10", production_capacity_per_month="12"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["production_capacity_per_month"] == [
        "Kapasitas produksi tidak boleh melebihi kapasitas terpasang."
    ]
    content = response.content.decode()
    assert "Kapasitas produksi tidak boleh melebihi kapasitas terpasang." in content
    # Nothing typed is lost: the other values come back in the form.
    assert 'value="Kain batik gedog motif lok chan"' in content
    assert 'value="Rp 350.000"' in content
    assert 'value="Benang kapas pintal tangan"' in content
    assert not business.products.exists()


def test_a_price_that_is_not_a_number_is_refused_in_indonesian(owner_client, business):
    response = owner_client.post(url("product_create", business.pk), product_data(price="tiga ratus"))
    assert response.context["form"].errors["price"] == ["Tulis angka saja, misalnya 1.500.000 atau 2,5."]
    assert 'value="tiga ratus"' in response.content.decode()


def test_a_raw_material_row_needs_a_name(owner_client, business):
    response = owner_client.post(url("product_create", business.pk), product_data(**{"bahan-0-name": ""}))
    assert response.status_code == 200
    assert response.context["materials"].errors[0]["name"]
    assert not business.products.exists()


def test_owner_edits_a_product_and_removes_a_raw_material(owner_client, business, product):
    material = RawMaterial.objects.create(product=product, name="Malam (lilin batik)", origin="kabupaten")
    data = product_data(
        **{
            "price": "400.000",
            "bahan-TOTAL_FORMS": "2",
            "bahan-INITIAL_FORMS": "1",
            "bahan-0-id": str(material.pk),
            "bahan-0-product": str(product.pk),
            "bahan-0-name": material.name,
            "bahan-0-origin": material.origin,
            "bahan-0-DELETE": "on",
            "bahan-1-name": "Pewarna alam mengkudu",
            "bahan-1-origin": "desa",
        }
    )
    response = owner_client.post(url("product_edit", business.pk, product.pk), data)
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.price == Decimal("400000")
    assert list(product.raw_materials.values_list("name", flat=True)) == ["Pewarna alam mengkudu"]


def test_edit_page_shows_the_ekatalog_checklist(owner_client, business, product):
    CertificationFactory(product=product, kind="tkdn", number="TKDN-123", tkdn_percent=Decimal("45"))
    response = owner_client.get(url("product_edit", business.pk, product.pk))
    checks = {check.key: check.ok for check, _url in response.context["checklist_links"]}
    assert checks["tkdn"] is True
    assert checks["photo"] is False
    assert checks["unit"] is True
    content = response.content.decode()
    assert "Kesiapan e-Katalog" in content
    assert url("product_photos", business.pk, product.pk) in content


def test_a_verified_business_goes_back_to_submitted_after_a_product_edit(owner_client, business, product):
    business.verification_status = Business.Verification.VERIFIED
    business.save()
    response = owner_client.post(url("product_edit", business.pk, product.pk), product_data())
    assert response.status_code == 302
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.SUBMITTED


def test_a_refused_edit_leaves_a_verified_business_verified(owner_client, business, product):
    business.verification_status = Business.Verification.VERIFIED
    business.save()
    owner_client.post(url("product_edit", business.pk, product.pk), product_data(name=""))
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.VERIFIED


# --- Delete -------------------------------------------------------------------------------


def test_deleting_asks_first_then_removes_the_product(owner_client, business, product):
    address = url("product_delete", business.pk, product.pk)
    response = owner_client.get(address)
    assert "Ya, hapus" in response.content.decode()
    assert Product.objects.filter(pk=product.pk).exists()
    response = owner_client.post(address)
    assert response.status_code == 302
    assert response.url == url("product_list", business.pk)
    assert not Product.objects.filter(pk=product.pk).exists()


def test_a_product_with_reports_already_sent_to_dinas_cannot_be_deleted(owner_client, business, product):
    ProductionReportFactory(product=product, status=ProductionReport.Status.VERIFIED)
    response = owner_client.post(url("product_delete", business.pk, product.pk))
    assert response.status_code == 200
    assert "tidak bisa dihapus" in response.content.decode()
    assert Product.objects.filter(pk=product.pk).exists()


def test_deleting_a_product_of_a_verified_business_sends_it_back_to_dinas(owner_client, business, product):
    business.verification_status = Business.Verification.VERIFIED
    business.save()
    owner_client.post(url("product_delete", business.pk, product.pk))
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.SUBMITTED


# --- Query counts -------------------------------------------------------------------------

# +2: the inbox's unread count and Dinas's contact details in the footer (base.html).
LIST_MAX_QUERIES = 14


@pytest.mark.parametrize("count", [3, 15])
def test_product_list_runs_a_fixed_number_of_queries(owner_client, business, django_assert_max_num_queries, count):
    for _ in range(count):
        product = ProductFactory(business=business)
        CertificationFactory(product=product)
        MarketAreaFactory(product=product)
        ProductionReportFactory(product=product)
    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        response = owner_client.get(url("product_list", business.pk))
    assert len(response.context["rows"]) == count
