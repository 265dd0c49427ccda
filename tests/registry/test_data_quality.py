"""The data-quality page: figures against a hand-made registry, each linking to the
records behind it, invariants pass or fail, and a fixed number of queries."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from registry import quality
from registry.completeness import completeness_from_facts
from registry.models import Business, Certification, Kbli, MarketArea, ProductPhoto
from registry.review import completeness_points, product_facts
from tests.factories import (
    BusinessFactory,
    CertificationFactory,
    MarketAreaFactory,
    ProductFactory,
    ProductionReportFactory,
    desa,
)

pytestmark = pytest.mark.django_db

URL = reverse("dinas:data_quality")


def complete(business):
    business.nib = f"{business.pk:013d}"
    business.year_started = 2010
    business.save()
    product = ProductFactory(business=business)
    ProductPhoto.objects.create(product=product, image="produk/x.jpg")
    MarketAreaFactory(product=product)
    ProductionReportFactory(product=product)
    return business


@pytest.fixture
def registry(dinas):
    today = timezone.localdate()
    full = complete(BusinessFactory(name="Lengkap"))
    Business.objects.filter(pk=full.pk).update(verified_at=timezone.now(), verification_status="terverifikasi")
    BusinessFactory(name="Tanpa KBLI", kbli=None)
    trade = Kbli.objects.create(code="47111", version="2020", title="Perdagangan eceran")
    old = BusinessFactory(name="Lama", kbli=trade, desa=desa("35.23.06.2008"))
    Business.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=400))
    product = ProductFactory(business=old)
    CertificationFactory(
        product=product,
        kind=Certification.Kind.PIRT,
        number="206352301234527",
        issued_on=date(2020, 1, 1),
        expires_on=today - timedelta(days=1),
    )
    CertificationFactory(product=product, expires_on=today + timedelta(days=30))
    CertificationFactory(product=product, expires_on=today + timedelta(days=400))
    return {"full": full, "old": old, "product": product}


def test_figures_match_the_hand_made_registry(registry):
    data = quality.data_quality()
    figures = data["figures"]
    assert figures["total"] == 3
    assert figures["never_verified"] == 2
    assert figures["stale"] == 1
    assert figures["no_kbli"] == 2  # none at all, and a trade code outside manufacturing
    assert data["certificates"] == {"expired": 1, "expiring": 1}
    buckets = {b["key"]: b["count"] for b in data["buckets"]}
    assert buckets["100"] == 1
    assert sum(buckets.values()) == 3
    assert data["kecamatan_sum"] == 3
    assert data["orphan_ids"] == [] and data["over_share_ids"] == []


def test_database_completeness_agrees_with_the_python_rules(registry):
    BusinessFactory(
        name="Kosong", kbli=None, phone="", investment=None, yearly_sales=None, workers_male=0, workers_female=0
    )
    half = BusinessFactory(name="Setengah")
    ProductFactory(business=half, price=None)
    rows = Business.objects.annotate(points=completeness_points()).with_profile_relations()
    for business in rows:
        checks = business.completeness().checks
        assert business.points == sum(check.ok for check in checks), business.name


def test_completeness_from_database_facts_names_the_same_missing_items(registry):
    BusinessFactory(
        name="Kosong", kbli=None, phone="", investment=None, yearly_sales=None, workers_male=0, workers_female=0
    )
    half = BusinessFactory(name="Setengah")
    ProductFactory(business=half, price=None)
    facts = product_facts()
    rows = Business.objects.annotate(**facts).with_profile_relations()
    for business in rows:
        from_facts = completeness_from_facts(business, {name: getattr(business, name) for name in facts})
        assert from_facts == business.completeness(), business.name


def test_every_figure_links_to_the_records_behind_it(dinas_client, registry):
    page = dinas_client.get(URL)
    assert page.status_code == 200
    text = page.text
    business_list = reverse("dinas:business_list")
    for query, expected in [
        ("kualitas=belum_diverifikasi", {"Tanpa KBLI", "Lama"}),
        ("kualitas=tidak_diperbarui", {"Lama"}),
        ("kualitas=tanpa_kbli", {"Tanpa KBLI", "Lama"}),
        ("kelengkapan=100", {"Lengkap"}),
        ("kecamatan=35.23.06", {"Lama"}),
    ]:
        assert f"{business_list}?{query}" in text
        listed = {b.name for b in dinas_client.get(f"{business_list}?{query}").context["page"]}
        assert listed == expected, query
    certifications = reverse("admin:registry_certification_changelist")
    assert f"{certifications}?masa_berlaku=kedaluwarsa" in text
    assert f"{certifications}?masa_berlaku=segera" in text
    assert dinas_client.get(f"{certifications}?masa_berlaku=kedaluwarsa").context["cl"].result_count == 1


def test_invariants_pass_on_a_clean_registry(dinas_client, registry):
    text = dinas_client.get(URL).text
    assert text.count("Lulus") == 3
    assert "Gagal" not in text


def test_market_shares_over_100_fail_and_link_to_the_product(dinas_client, registry):
    product = registry["product"]
    # The form refuses this; an import or a bulk write might not.
    MarketArea.objects.bulk_create(
        [
            MarketArea(product=product, level="kabupaten", share_percent=Decimal("70"), channel="langsung"),
            MarketArea(product=product, level="provinsi", share_percent=Decimal("50"), channel="langsung"),
        ]
    )
    page = dinas_client.get(URL)
    assert page.context["over_share_ids"] == [product.pk]
    assert f"id__in={product.pk}" in page.text
    assert "Gagal" in page.text


@pytest.mark.parametrize("size", [3, 15])
def test_the_page_needs_the_same_queries_for_any_size(dinas_client, size, django_assert_max_num_queries):
    for i in range(size):
        business = complete(BusinessFactory(name=f"Usaha {i}"))
        CertificationFactory(product=business.products.first())
    with django_assert_max_num_queries(12):
        response = dinas_client.get(URL)
    assert response.context["figures"]["total"] == size


@pytest.mark.parametrize("role", ["pelaku", "pimpinan", "pengurus"])
def test_data_quality_is_for_staff_only(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403
