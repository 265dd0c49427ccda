"""A bounded number of queries per panel and per page, whatever the size of the registry.

Each check runs on the small hand-made registry, then again after adding five times as much
data: the number of queries must not move.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard import figures
from dashboard.scope import Filters, Scope
from tests.factories import MembershipFactory

from .conftest import KEREK, build_registry, geojson_path

pytestmark = pytest.mark.django_db

PANEL_LIMITS = {
    "trends": 1,
    "headline": 2,
    "by_kecamatan": 3,
    "by_commodity": 2,
    "by_kbli": 1,
    "top_products": 1,
    "market_map": 4,
    "needs_and_aid": 6,
    # Food makers and certificate kinds: the cells plus the month of today counted live
    # (dashboard/summary_figures.py); the ten soonest expiries picked, then loaded.
    "certification": 6,
}
PAGE_LIMITS = {
    # 32, plus three for the reporting-cycle panel (dashboard/cycle.py), one for the open topics
    # (dashboard/topics.py), one for the unread count and one for the contact details (base.html),
    # three for the certificates' live boundary months and the soonest expiries loaded apart.
    "dashboard:index": 41,
    # Staff pages read the second-factor device once (django-otp): one query each beyond
    # the page's own; pages with the site's layout two more (unread count, contact details).
    "dashboard:business_list": 13,
    "dashboard:map": 12,
    "dashboard:map_data": 11,
}


def grow(times=4):
    for n in range(times):
        registry = build_registry(suffix=f" {n}")
        MembershipFactory(business=registry.batik)


def panel_queries(name, filters):
    scope = Scope(filters)
    link = figures.Linker(filters, "/list/")
    if name != "trends":
        scope.set_reference_year(2025)
    with CaptureQueriesContext(connection) as context:
        getattr(figures, name)(scope, link)
    return len(context.captured_queries)


@pytest.mark.parametrize("filters", [Filters(), Filters(year=2025, kecamatan=KEREK, commodity="kain_batik")])
def test_each_panel_runs_a_fixed_number_of_queries(registry, filters):
    small = {name: panel_queries(name, filters) for name in PANEL_LIMITS}
    grow()
    large = {name: panel_queries(name, filters) for name in PANEL_LIMITS}
    assert small == large
    for name, limit in PANEL_LIMITS.items():
        assert large[name] <= limit, name


def page_queries(client, name, params):
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse(name), params)
        assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("params", [{}, {"tahun": "2025", "kecamatan": KEREK, "kelas": "kecil"}])
def test_each_page_runs_a_fixed_number_of_queries(dinas_client, registry, django_assert_max_num_queries, params):
    call_command("load_boundaries", str(geojson_path()), stdout=StringIO())
    small = {name: page_queries(dinas_client, name, params) for name in PAGE_LIMITS}
    grow()
    for name, limit in PAGE_LIMITS.items():
        with django_assert_max_num_queries(limit):
            dinas_client.get(reverse(name), params)
    large = {name: page_queries(dinas_client, name, params) for name in PAGE_LIMITS}
    assert small == large


def test_print_profile_runs_a_fixed_number_of_queries(dinas_client, registry, django_assert_max_num_queries):
    url = reverse("dashboard:business_print", args=[registry.batik.pk])
    with CaptureQueriesContext(connection) as small:
        dinas_client.get(url)
    from tests.factories import ProductFactory, ProductionReportFactory

    for n in range(5):
        product = ProductFactory(business=registry.batik, name=f"Selendang {n}")
        ProductionReportFactory(product=product, status="terverifikasi")
    with django_assert_max_num_queries(len(small.captured_queries)):
        dinas_client.get(url)


@pytest.mark.parametrize("dataset", ["businesses", "products", "production", "markets", "memberships", "assistance"])
def test_every_export_reads_its_rows_in_a_fixed_number_of_queries(dinas_client, registry, dataset):
    MembershipFactory(business=registry.batik)
    url = reverse("dashboard:export", args=[dataset, "csv"])
    with CaptureQueriesContext(connection) as small:
        b"".join(dinas_client.get(url).streaming_content)
    grow()
    with CaptureQueriesContext(connection) as large:
        b"".join(dinas_client.get(url).streaming_content)
    assert len(small.captured_queries) == len(large.captured_queries)


def test_year_filter_offers_each_year_with_reports_or_aid_once_newest_first(django_assert_num_queries):
    from dashboard.forms import FilterForm
    from registry.models import ProductionReport
    from tests.factories import AssistanceFactory, ProductionReportFactory

    assert FilterForm.year_choices() == []
    product = ProductionReportFactory(year=2022).product
    ProductionReportFactory(product=product, year=2022, semester=ProductionReport.Semester.SECOND)
    ProductionReportFactory(product=product, year=2025)
    AssistanceFactory(year=2019)
    AssistanceFactory(year=2025)
    with django_assert_num_queries(1):
        assert FilterForm.year_choices() == [2025, 2022, 2019]
