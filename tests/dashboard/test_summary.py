"""The dashboard's summary equals the figures computed live from the registry after every
kind of write, for every combination of the dashboard's filters."""

import dataclasses
import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Model
from django.utils import timezone

from dashboard import figures, summary, summary_figures
from dashboard.models import SummaryState
from dashboard.scope import NO_CLASS, Filters, Scope
from registry import services
from registry.models import Assistance, Business, CommodityGroup, Product, ProductionReport
from registry.signals import send_businesses_changed
from reporting import services as reporting_services
from reporting.models import PeriodReport
from tests.factories import (
    AssistanceFactory,
    BusinessFactory,
    CertificationFactory,
    MarketAreaFactory,
    NeedFactory,
    ProductFactory,
    ProductionReportFactory,
    kbli,
)

from .conftest import KEREK, MILLION

pytestmark = pytest.mark.django_db


def plain(value):
    """Panels as plain data: Decimals and ints compared by value, records by primary key."""
    if isinstance(value, Model):
        return ("pk", value.pk)
    if dataclasses.is_dataclass(value):
        return plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return round(float(value), 1)
    return value


def panels(filters, *, live):
    scope = Scope(filters)
    scope.live = live
    if not live:
        assert summary_figures.usable(scope)
    return plain(figures.all_panels(scope, figures.Linker(filters, "/list/")))


def filter_combinations():
    """Each filter alone, and the pairs a facet meets a dimension in (the rebuild test takes all)."""
    k = kbli("13134").pk
    food = CommodityGroup.FOOD
    yield Filters()
    yield Filters(year=2024)
    yield Filters(kecamatan=KEREK)
    yield Filters(commodity=food)
    yield Filters(kbli=k)
    yield Filters(industry_class=NO_CLASS)
    yield Filters(year=2025, commodity=food, kbli=k)
    yield Filters(kecamatan=KEREK, industry_class=Business.IndustryClass.KECIL, commodity=food)


def every_filter_combination():
    k = kbli("13134").pk
    for year, kecamatan, commodity, kbli_id, klass in itertools.product(
        (None, 2024, 2025),
        ("", KEREK),
        ("", CommodityGroup.FOOD),
        (None, k),
        ("", Business.IndustryClass.KECIL, NO_CLASS),
    ):
        yield Filters(year=year, kecamatan=kecamatan, commodity=commodity, kbli=kbli_id, industry_class=klass)


def assert_summary_is_live(combinations=filter_combinations):
    for filters in combinations():
        assert panels(filters, live=False) == panels(filters, live=True), filters


@pytest.fixture
def built(registry):
    call_command("rebuild_dashboard_summary", verbosity=0)
    return registry


def test_the_rebuilt_summary_equals_the_live_figures_for_every_filter(built):
    assert panels(Filters(), live=False)["headline"]["total"] == 4
    assert_summary_is_live(every_filter_combination)


def test_owner_edits_of_business_products_production_markets_and_certificates(built):
    business = Business.objects.get(name="Batik Sekar")
    business.workers_male = 40
    business.industry_class = Business.IndustryClass.MENENGAH
    business.year_started = 2024
    business.save()
    product = ProductFactory(business=business, category=CommodityGroup.FOOD, kbli=kbli("10794"))
    ProductionReportFactory(product=product, year=2025, semester=1, production_value=7 * MILLION, status="diajukan")
    MarketAreaFactory(product=product)
    CertificationFactory(product=product, expires_on=timezone.localdate() + timedelta(days=20))
    assert_summary_is_live()
    product.category = CommodityGroup.FOOD
    product.kbli = None
    product.save()
    ProductionReport.objects.filter(product=product).delete()
    assert_summary_is_live()


def test_dinas_verification_and_return_of_a_business_and_of_production(built, dinas):
    business = Business.objects.exclude(verification_status=Business.Verification.VERIFIED).first()
    services.business_verify(business=business, user=dinas)
    assert_summary_is_live()
    other = Business.objects.get(name="Batik Sekar")
    services.business_return(business=other, user=dinas, note="Lengkapi alamat")
    report = ProductionReport.objects.filter(status=ProductionReport.Status.SUBMITTED).first()
    if report is not None:
        services.production_report_return(report=report, user=dinas, reason="Nilai tidak wajar")
    assert_summary_is_live()


def test_merge_of_duplicates(built, dinas):
    keep = Business.objects.get(name="Batik Sekar")
    remove = BusinessFactory(name="Batik Sekar (ganda)", desa=keep.desa, nib=None)
    ProductionReportFactory(product=ProductFactory(business=remove), year=2025, semester=1, status="terverifikasi")
    NeedFactory(business=remove)
    assert_summary_is_live()
    services.business_merge(keep=keep, remove=remove, user=dinas)
    assert_summary_is_live()


def test_aid_steps_and_needs(built):
    business = Business.objects.get(name="Batik Sekar")
    NeedFactory(business=business, kind="modal")
    aid = AssistanceFactory(business=business, kind="modal", year=2024, status=Assistance.Status.VERIFIED)
    assert_summary_is_live()
    aid.status = Assistance.Status.HANDED_OVER
    aid.save()
    AssistanceFactory(business=business, kind="modal", year=2025, status=Assistance.Status.MONITORED)
    assert_summary_is_live()
    # A bulk write (QuerySet.update) says which businesses changed.
    Assistance.objects.filter(business=business).update(status=Assistance.Status.PROPOSED)
    send_businesses_changed([business.pk])
    assert_summary_is_live()


def test_reporting_cycle_open_answer_and_verify(built, dinas):
    period = reporting_services.period_open(
        year=2025, semester=1, deadline=timezone.localdate() + timedelta(days=9), opened_by=dinas
    )
    report = PeriodReport.objects.filter(period=period).first()
    report.workers_male, report.workers_female, report.investment = 7, 3, 80 * MILLION
    report.status = PeriodReport.Status.SUBMITTED
    report.save()
    reporting_services.report_verify(report=report, user=dinas)
    assert_summary_is_live()


def test_deletes(built):
    Product.objects.filter(business__name="Batik Sekar").first().delete()
    Business.objects.get(name="Keripik Jaya").delete()
    assert_summary_is_live()


def test_without_a_build_the_dashboard_computes_live(built):
    SummaryState.objects.all().delete()
    assert not summary_figures.usable(Scope(Filters()))
    assert summary.is_built() is False


def test_a_year_before_the_floor_is_computed_live(built):
    assert not summary_figures.usable(Scope(Filters(year=summary.STARTED_FLOOR - 1)))


@pytest.mark.parametrize(
    "today",
    [date(2026, 1, 31), date(2026, 3, 1), date(2026, 2, 14), date(2026, 12, 31)],
    ids=["last-day", "first-day", "mid-month", "year-end"],
)
def test_expired_and_expiring_certificates_are_right_on_every_day_of_a_month(registry, today):
    """Cells count certificates by month of expiry; the months of today and of the warning
    horizon are counted live. Certificates on each side of every boundary land where the
    live count puts them."""
    scope = Scope(Filters(), today=today)
    until = scope.expiring_until()
    first = today.replace(day=1)
    edges = [today - timedelta(days=1), today, today + timedelta(days=1), until - timedelta(days=1), until]
    edges += [until + timedelta(days=1), first, first - timedelta(days=1), (first + timedelta(days=32)).replace(day=1)]
    edges += [until.replace(day=1), until.replace(day=1) - timedelta(days=1), today + timedelta(days=45)]
    edges += [(until + timedelta(days=32)).replace(day=1), today - timedelta(days=400), until + timedelta(days=400)]
    product = Product.objects.filter(name__startswith="Kain batik gedog").first()
    for kind, offset in (("pirt", 0), ("halal", 1)):
        for day in edges[offset:]:  # each kind a different set, so a swap would show
            CertificationFactory(product=product, kind=kind, issued_on=None, expires_on=day)
    # Food makers whose latest P-IRT / halal validity falls on each side of today and of the
    # month's end (one of them also holds a later one, which is the one that counts).
    month_end = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    for kind, days in (
        ("pirt", [today - timedelta(days=1), today, month_end, month_end + timedelta(days=1), None]),
        ("halal", [today, month_end + timedelta(days=1), first - timedelta(days=1)]),
    ):
        for day in days:
            food = ProductFactory(business=BusinessFactory(), category=CommodityGroup.FOOD)
            CertificationFactory(product=food, kind=kind, issued_on=None, expires_on=day)
        CertificationFactory(product=food, kind=kind, issued_on=None, expires_on=today + timedelta(days=1))
    call_command("rebuild_dashboard_summary", verbosity=0)
    live, cube = figures.LiveSource(scope), summary_figures.SummarySource(scope)
    assert plain(cube.certificate_kinds(today, until)) == plain(live.certificate_kinds(today, until))
    pirt = next(row for row in live.certificate_kinds(today, until) if row["kind"] == "pirt")
    assert pirt["expiring"] >= 6 and pirt["expired"] >= 3  # the edges fall on both sides
    assert cube.food_row(today) == live.food_row(today)
    assert live.food_row(today)["food_pirt"] >= 4
