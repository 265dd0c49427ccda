"""Dashboard figures from the reporting cycle: per-period values, the year filter using them,
capacity utilisation and raw-material origin."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboard import cycle, figures
from dashboard.scope import Filters, Scope
from registry.models import ProductionReport
from reporting import services
from reporting.models import PeriodRawMaterial, PeriodReport
from tests.factories import BusinessFactory, ProductFactory, ProductionReportFactory

pytestmark = pytest.mark.django_db
MILLION = Decimal("1000000")


@pytest.fixture
def answered_period(dinas):
    """Two businesses asked for Semester I 2024; one answers with 7+3 workers and Rp80 juta."""
    keripik = BusinessFactory(name="Keripik Jaya", workers_male=1, workers_female=1, investment=10 * MILLION)
    BusinessFactory(name="Terasi Gadon", workers_male=2, workers_female=2, investment=5 * MILLION)
    product = ProductFactory(business=keripik, category="makanan_minuman", unit="kg")
    period = services.period_open(
        year=2024,
        semester=ProductionReport.Semester.FIRST,
        deadline=timezone.localdate() + timedelta(days=9),
        opened_by=dinas,
    )
    report = PeriodReport.objects.get(period=period, business=keripik)
    report.workers_male, report.workers_female, report.investment = 7, 3, 80 * MILLION
    report.status = PeriodReport.Status.VERIFIED
    report.save()
    PeriodRawMaterial.objects.create(
        report=report, name="Singkong", quantity=100, unit="kg", value=6 * MILLION, origin="kecamatan"
    )
    PeriodRawMaterial.objects.create(
        report=report,
        name="Minyak",
        quantity=20,
        unit="liter",
        value=2 * MILLION,
        origin="daerah_lain",
        region_code="35.22",
    )
    ProductionReportFactory(
        product=product, year=2024, semester=1, quantity=300, installed_capacity=400, status="terverifikasi"
    )
    return period


def panels(**filters):
    values = Filters(**filters)
    return figures.all_panels(Scope(values), figures.Linker(values, "/list/"))


def test_without_a_year_the_headline_shows_current_values_and_says_so(answered_period):
    h = panels()["headline"]
    assert (h["workers_total"], h["investment"]) == (6, 15 * MILLION)
    assert h["figures_source"] == "nilai saat ini di profil usaha"


def test_with_a_year_the_headline_shows_that_years_reported_values(answered_period):
    h = panels(year=2024)["headline"]
    assert (h["workers_male"], h["workers_female"], h["investment"]) == (7, 3, 80 * MILLION)
    assert h["figures_source"] == "menurut laporan Semester I 2024 (1 usaha melapor)"
    assert panels(year=2023)["headline"]["figures_source"] == "nilai saat ini di profil usaha"


def test_the_period_trend_has_a_row_per_period_with_its_response_rate(answered_period):
    [row] = panels()["cycle"]["periods"]
    assert (row["label"], row["asked"], row["answered"], row["workers_total"]) == ("Semester I 2024", 2, 1, 10)
    assert row["response_text"] == "50,0%"


def test_capacity_utilisation_and_raw_material_origin(answered_period):
    y = panels(year=2024)["cycle"]
    [bar] = y["utilisation"]
    assert (bar.label, bar.value) == ("Makanan dan minuman", Decimal("75.0"))
    assert y["raw_materials"]["local_share_text"] == "75,0%"  # 6 of 8 juta bought in Tuban
    assert {b.label: b.value for b in y["raw_materials"]["bars"]}[
        "Dari kabupaten/kota lain di Indonesia"
    ] == 2 * MILLION


def test_the_panel_runs_three_queries_whatever_the_size(answered_period):
    def count():
        scope = Scope(Filters(year=2024))
        scope.set_reference_year(2024)
        with CaptureQueriesContext(connection) as context:
            cycle.cycle(scope, figures.Linker(Filters(), "/list/"))
        return len(context.captured_queries)

    small = count()
    for n in range(5):
        BusinessFactory(name=f"Tambahan {n}")
    assert count() == small <= 4


def test_the_dashboard_page_shows_the_cycle_panel(dinas_client, answered_period):
    html = dinas_client.get(reverse("dashboard:index"), {"tahun": "2024"}).content.decode()
    assert "menurut laporan Semester I 2024" in html
    assert "75,0% dari Rp8 juta dibeli di Kabupaten Tuban." in html
