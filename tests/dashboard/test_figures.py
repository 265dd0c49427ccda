"""The dashboard's figures against values worked out by hand from the registry in conftest.py."""

from decimal import Decimal

import pytest

from dashboard import figures
from dashboard.scope import Filters, Scope
from registry.models import CommodityGroup
from tests.factories import kbli

from .conftest import KENDURUAN, KEREK, MILLION, TAMBAKBOYO

pytestmark = pytest.mark.django_db


def panels(**filters):
    values = Filters(**filters)
    return figures.all_panels(Scope(values), figures.Linker(values, "/list/"))


def by_label(bars):
    return {bar.label: bar.value for bar in bars}


def test_headline_counts_businesses_workers_investment_products_and_verified_share(registry):
    h = panels()["headline"]
    assert h["total"] == 4
    assert h["active"] == 3
    assert h["verified"] == 1
    assert h["verified_share"] == Decimal("25.0")
    # Workers and investment of active businesses only (the closed terasi maker is left out).
    assert (h["workers_male"], h["workers_female"], h["workers_total"]) == (28, 5, 33)
    assert h["investment"] == 22025 * MILLION
    assert h["products"] == 4
    assert by_label(h["classes"]) == {
        "Industri Kecil": 1,
        "Industri Menengah": 1,
        "Industri Besar": 1,
        "Belum dapat dihitung": 1,
    }
    assert by_label(h["statuses"])["Tutup"] == 1
    assert h["large_industry"] == 1


def test_trends_count_only_submitted_and_verified_reports(registry):
    t = panels()["trends"]
    assert [(row["year"], row["value"], row["businesses"]) for row in t["rows"]] == [
        (2024, 70 * MILLION, 1),
        (2025, 160 * MILLION, 3),
    ]
    assert t["reference_year"] == 2025
    assert t["reference_value"] == 160 * MILLION


def test_kecamatan_breakdown_counts_workers_and_production_of_the_reference_year(registry):
    rows = {row["code"]: row for row in panels()["kecamatan"]["rows"]}
    assert len(rows) == 20
    assert (rows[KEREK]["count"], rows[KEREK]["workers"], rows[KEREK]["value"]) == (2, 29, 80 * MILLION)
    assert (rows[KENDURUAN]["count"], rows[KENDURUAN]["value"]) == (1, 50 * MILLION)
    assert (rows[TAMBAKBOYO]["count"], rows[TAMBAKBOYO]["value"]) == (1, 30 * MILLION)
    assert rows["35.23.20"]["count"] == 0
    assert rows[KEREK]["url"] == "/list/?kecamatan=35.23.08"


def test_commodity_breakdown_and_top_products_use_the_reference_year(registry):
    p = panels()
    commodity = {bar.label: (bar.value, bar.note) for bar in p["commodity"]["bars"]}
    assert commodity["Makanan dan minuman"] == (80 * MILLION, "2 usaha · 2 produk")
    assert commodity["Kain batik"] == (80 * MILLION, "1 usaha · 1 produk")
    assert commodity["Anyaman"] == (0, "1 usaha · 1 produk")
    top = [(bar.label, bar.value) for bar in p["top_products"]["bars"]]
    assert top == [
        ("Kain batik gedog", 80 * MILLION),
        ("Keripik singkong", 50 * MILLION),
        ("Terasi udang", 30 * MILLION),
    ]
    kbli_bars = by_label(p["kbli"]["bars"])
    assert kbli_bars["13134 Industri Batik"] == 1
    assert kbli_bars["Tanpa KBLI"] == 1


def test_marketing_map_averages_shares_per_commodity_and_lists_export_countries(registry):
    market = panels()["market"]
    levels = {bar.label: {s.key: s.share for s in bar.segments} for bar in market["levels"]}
    # Two products have a marketing map: batik (60 kabupaten + 40 export) and keripik (100 desa).
    assert levels["Semua komoditas"] == {
        "desa": Decimal("50.0"),
        "kabupaten": Decimal("30.0"),
        "ekspor": Decimal("20.0"),
    }
    assert levels["Kain batik"] == {"kabupaten": Decimal("60.0"), "ekspor": Decimal("40.0")}
    assert levels["Makanan dan minuman"] == {"desa": Decimal("100.0")}
    channels = {bar.label: {s.key: s.share for s in bar.segments} for bar in market["channels"]}
    assert channels["Kain batik"] == {"langsung": Decimal("60.0"), "ekspor": Decimal("40.0")}
    assert [(bar.label, bar.value) for bar in market["countries"]] == [("Malaysia", 1)]
    assert market["countries"][0].url == "/list/?jangkauan=ekspor&negara=MY"  # filtered by ISO code


def test_needs_against_aid_unanswered_needs_and_repeated_aid(registry):
    needs = panels()["needs"]
    summary = {row["kind"]: row for row in needs["summary"]}
    assert (summary["pelatihan"]["need"], summary["pelatihan"]["aid"], summary["pelatihan"]["unanswered"]) == (1, 1, 0)
    assert (summary["permodalan"]["need"], summary["permodalan"]["aid"], summary["permodalan"]["unanswered"]) == (
        1,
        0,
        1,
    )
    # The anyaman maker's equipment aid is only proposed: its need is still open.
    assert (summary["alat"]["need"], summary["alat"]["aid"], summary["alat"]["unanswered"]) == (1, 1, 1)
    assert summary["alat"]["repeated"] == 1
    assert summary["pelatihan"]["repeated"] == 0
    rows = {row["code"]: row["cells"] for row in needs["rows"]}
    training, capital, equipment = rows[TAMBAKBOYO]
    assert (training["need"], training["aid"], capital["need"], equipment["aid"]) == (1, 1, 1, 1)
    assert rows[KEREK][2]["need"] == 1 and rows[KEREK][2]["aid"] == 0
    assert [(row["business__name"], row["kind"], row["times"]) for row in needs["repeats"]] == [
        ("Terasi Gadon", "alat", 2)
    ]


def test_certification_coverage_of_food_ikm_and_expiries(registry):
    c = panels()["certification"]
    assert c["food"] == 2
    coverage = {row["kind"]: row for row in c["coverage"]}
    assert (coverage["pirt"]["count"], coverage["pirt"]["share"]) == (2, Decimal("100.0"))
    assert (coverage["halal"]["count"], coverage["halal"]["share"], coverage["halal"]["missing"]) == (
        0,
        Decimal("0.0"),
        2,
    )
    assert (c["expired"], c["expiring"]) == (1, 1)
    assert [cert.product.name for cert in c["soonest"]] == ["Terasi udang"]


def test_kecamatan_filter_applies_to_every_panel(registry):
    p = panels(kecamatan=KEREK)
    assert p["headline"]["total"] == 2
    assert p["headline"]["products"] == 2
    assert p["trends"]["reference_value"] == 80 * MILLION
    assert [row["code"] for row in p["kecamatan"]["rows"]] == [KEREK]
    assert p["certification"]["food"] == 0
    assert {row["kind"]: row["need"] for row in p["needs"]["summary"]}["alat"] == 1
    assert {row["kind"]: row["need"] for row in p["needs"]["summary"]}["pelatihan"] == 0


def test_year_filter_selects_reports_and_aid_of_that_year(registry):
    p = panels(year=2024)
    assert p["trends"]["reference_year"] == 2024
    assert p["trends"]["reference_value"] == 70 * MILLION
    summary = {row["kind"]: row for row in p["needs"]["summary"]}
    assert summary["pelatihan"]["aid"] == 1
    assert summary["alat"]["aid"] == 0
    # Up to 2024 the terasi maker had equipment aid once only.
    assert summary["alat"]["repeated"] == 0


def test_commodity_class_and_kbli_filters(registry):
    food = panels(commodity=CommodityGroup.FOOD)
    assert food["headline"]["total"] == 2
    assert food["headline"]["products"] == 2
    assert food["trends"]["reference_value"] == 80 * MILLION
    assert panels(industry_class="besar")["headline"]["total"] == 1
    assert panels(industry_class="none")["headline"]["total"] == 1
    batik = panels(kbli=kbli("13134").pk)
    assert batik["headline"]["total"] == 1
    assert batik["trends"]["reference_value"] == 80 * MILLION


def test_every_figure_links_to_the_list_with_the_page_filters(registry):
    p = panels(kecamatan=KEREK)
    classes = {bar.label: bar.url for bar in p["headline"]["classes"]}
    assert classes["Industri Besar"] == "/list/?kecamatan=35.23.08&kelas=besar"
    assert (
        p["needs"]["summary"][1]["unanswered_url"] == "/list/?kecamatan=35.23.08&kebutuhan=permodalan&belum_dijawab=1"
    )
    assert p["trends"]["bars"][0].url.startswith("/list/?tahun=")
