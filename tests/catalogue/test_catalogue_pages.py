"""Search, filters, sorting and pages of the public catalogue and the desa pages."""

import pytest
from django.urls import reverse

from catalogue.models import DesaProgramme, Programme, PublishedProduct
from registry.models import Certification, CommodityGroup, Unit

pytestmark = pytest.mark.django_db

TERASI = (("Terasi udang Gadon", CommodityGroup.FOOD, Unit.KG, "100", "60000"),)


@pytest.fixture
def two_businesses(publish):
    batik = publish(certifications=[Certification.Kind.MEREK], photo=True)
    terasi = publish(
        name="Terasi Gadon Jaya", desa_code="35.23.06.2008", products=TERASI, certifications=[Certification.Kind.PIRT]
    )
    return batik, terasi


def names(response):
    return [product.name for product in response.context["page"].object_list]


def test_anyone_can_search_by_product_business_or_desa(client, two_businesses):
    url = reverse("catalogue:list")
    assert names(client.get(url, {"q": "terasi"})) == ["Terasi udang Gadon"]
    assert names(client.get(url, {"q": "gedog sekar"})) == ["Kain batik gedog"]
    assert names(client.get(url, {"q": "margorejo"})) == ["Kain batik gedog"]
    assert names(client.get(url, {"q": "tidak-ada-apa-apa"})) == []


def test_filters_by_kecamatan_commodity_certification_and_ovop(client, two_businesses):
    url = reverse("catalogue:list")
    assert names(client.get(url, {"kecamatan": "35.23.06"})) == ["Terasi udang Gadon"]
    assert names(client.get(url, {"komoditas": "kain_batik"})) == ["Kain batik gedog"]
    assert names(client.get(url, {"sertifikasi": "pirt"})) == ["Terasi udang Gadon"]
    assert names(client.get(url, {"ovop": "on"})) == []
    programme = Programme.objects.create(name="OVOP Kemenperin", kind=Programme.Kind.OVOP)
    DesaProgramme.objects.create(
        desa_id="35.23.08.2008", programme=programme, year=2024, stars=3, status=DesaProgramme.Status.ESTABLISHED
    )
    response = client.get(url, {"ovop": "on"})
    assert names(response) == ["Kain batik gedog"]
    assert "OVOP" in response.content.decode()


def test_sorting_by_price(client, two_businesses):
    url = reverse("catalogue:list")
    assert names(client.get(url, {"urut": "harga_naik"})) == ["Terasi udang Gadon", "Kain batik gedog"]
    assert names(client.get(url, {"urut": "harga_turun"})) == ["Kain batik gedog", "Terasi udang Gadon"]


def test_pagination(client, publish):
    products = [(f"Produk {n:02d}", CommodityGroup.FOOD, Unit.KG, "10", "1000") for n in range(30)]
    publish(name="Aneka Olahan", products=products)
    first = client.get(reverse("catalogue:list"))
    second = client.get(reverse("catalogue:list"), {"halaman": 2})
    assert len(first.context["page"].object_list) == 24
    assert len(second.context["page"].object_list) == 6
    assert "halaman=2" in first.content.decode()


def test_product_page_has_price_certifications_and_link_preview(client, two_businesses):
    batik = PublishedProduct.objects.get(name="Kain batik gedog")
    html = client.get(reverse("catalogue:product", args=[batik.pk])).content.decode()
    assert "Rp350.000" in html
    assert "Merek (DJKI)" in html
    assert 'property="og:title"' in html and 'property="og:image"' in html
    assert '<meta name="description" content="Kain batik gedog' in html
    assert "/media/produk/" in html  # the photo
    terasi = PublishedProduct.objects.get(name="Terasi udang Gadon")
    html = client.get(reverse("catalogue:product", args=[terasi.pk])).content.decode()
    assert "catalogue/placeholder.svg" in html
    assert "2013523012345-27" in html  # P-IRT number formatted


def test_missing_product_is_404(client):
    assert client.get(reverse("catalogue:product", args=[999])).status_code == 404


def test_desa_page_shows_products_counts_and_programmes(client, two_businesses):
    programme = Programme.objects.create(name="OVOP Kemenperin", kind=Programme.Kind.OVOP)
    DesaProgramme.objects.create(
        desa_id="35.23.08.2008",
        programme=programme,
        year=2024,
        stars=4,
        status=DesaProgramme.Status.EVALUATED,
        product_name="Batik gedog",
    )
    response = client.get(reverse("desa:detail", args=["35.23.08.2008"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Margorejo" in html and "Kerek" in html
    assert "Kain batik gedog" in html and "Terasi udang Gadon" not in html
    assert "★★★★" in html and "Dievaluasi" in html
    assert response.context["commodities"][0]["businesses"] == 1


def test_every_desa_has_a_page_and_unknown_codes_are_404(client, django_assert_max_num_queries):
    assert client.get(reverse("desa:detail", args=["35.23.09.2011"])).status_code == 200
    assert client.get("/desa/35.23.99.2999/").status_code == 404
    with django_assert_max_num_queries(5):
        html = client.get(reverse("desa:index")).content.decode()
    assert html.count('href="/desa/35.23.') == 328


@pytest.mark.parametrize("size", [2, 12])
def test_catalogue_pages_use_a_bounded_number_of_queries(client, publish, size, django_assert_max_num_queries):
    for n in range(size):
        publish(
            name=f"Usaha {n}",
            products=[(f"Batik {n}", CommodityGroup.BATIK, Unit.SHEET, "10", "1000")],
            certifications=[Certification.Kind.HALAL, Certification.Kind.MEREK],
            photo=True,
        )
    product = PublishedProduct.objects.first()
    with django_assert_max_num_queries(6):
        client.get(reverse("catalogue:list"), {"q": "batik", "sertifikasi": "halal"})
    with django_assert_max_num_queries(6):
        client.get(reverse("catalogue:product", args=[product.pk]))
    # +1: Dinas's contact details in the footer.
    with django_assert_max_num_queries(9):
        client.get(reverse("desa:detail", args=["35.23.08.2008"]))


def test_search_tolerates_typos_on_postgresql(client, two_businesses):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm word similarity is PostgreSQL only; SQLite matches substrings")
    url = reverse("catalogue:list")
    assert names(client.get(url, {"q": "trasi"})) == ["Terasi udang Gadon"]
    assert names(client.get(url, {"q": "batk gedog"})) == ["Kain batik gedog"]


KERUPUK = (
    ("Kerupuk udang Palang", CommodityGroup.FOOD, Unit.KG, "50", "40000"),
    ("Kópi bubuk Jatirogo", CommodityGroup.FOOD, Unit.KG, "20", "80000"),
)


def test_search_finds_misspelt_and_accented_words_on_postgresql(client, publish):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("full-text and trigram search are PostgreSQL only; SQLite matches substrings")
    publish(name="Aneka Olahan Palang", products=KERUPUK)
    url = reverse("catalogue:list")
    assert names(client.get(url, {"q": "krupuk"})) == ["Kerupuk udang Palang"]
    assert names(client.get(url, {"q": "kerupuk udang"})) == ["Kerupuk udang Palang"]
    assert names(client.get(url, {"q": "kopi"})) == ["Kópi bubuk Jatirogo"]  # accents ignored
    assert names(client.get(url, {"q": "bubu"})) == ["Kópi bubuk Jatirogo"]  # a word's beginning
    assert names(client.get(url, {"q": "krupuk kopi"})) == []  # every word must match
    assert names(client.get(url, {"q": "sepatu"})) == []


def test_search_ranks_the_closer_match_first_on_postgresql(client, publish):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("ranking is PostgreSQL only; SQLite orders matches by name")
    publish(
        name="Aneka Olahan Palang",
        products=(
            ("Aneka krupik", CommodityGroup.FOOD, Unit.KG, "50", "40000"),
            ("Krupuk ikan", CommodityGroup.FOOD, Unit.KG, "50", "40000"),
        ),
    )
    assert names(client.get(reverse("catalogue:list"), {"q": "krupuk"}))[0] == "Krupuk ikan"


def test_search_matches_substrings_as_the_fallback_on_sqlite(client, publish):
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("the substring fallback is for databases without full-text search")
    publish(name="Aneka Olahan Palang", products=KERUPUK)
    url = reverse("catalogue:list")
    assert names(client.get(url, {"q": "rupuk UDANG"})) == ["Kerupuk udang Palang"]
    assert names(client.get(url, {"q": "krupuk"})) == []  # no typo tolerance without pg_trgm


def test_a_ranked_search_pages_through_every_match_once_on_postgresql(client, publish, django_assert_max_num_queries):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("ranking (and its keys-first pages) is PostgreSQL only")
    products = [(f"Batik motif {n:02d}", CommodityGroup.BATIK, Unit.SHEET, "10", "1000") for n in range(27)]
    publish(name="Batik Gedog Sekar", products=products)
    publish(name="Terasi Gadon", desa_code="35.23.06.2008", products=TERASI)
    url = reverse("catalogue:list")
    with django_assert_max_num_queries(6):
        first = client.get(url, {"q": "batik"})
    second = client.get(url, {"q": "batik", "halaman": 2})
    assert first.context["page"].paginator.count == 27 and len(names(first)) == 24
    assert sorted(names(first) + names(second)) == sorted(name for name, *_rest in products)
    assert names(client.get(url, {"q": "batik", "halaman": 99})) == names(second)  # past the end: the last page
    assert names(client.get(url, {"q": "batik", "halaman": "x"})) == names(first)
    assert client.get(url, {"q": "sepatu"}).context["page"].paginator.count == 0
