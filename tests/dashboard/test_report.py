"""The printable report for the Bupati (/dasbor/laporan/): who may open it, what it shows
for a year, a kecamatan and a reporting period, the static map, and bounded queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboard.models import Boundary
from reporting import services
from reporting.models import PeriodReport
from tests.factories import UserFactory

from .conftest import KEREK, build_registry

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:report_print")


def square(lon, lat, size=0.02):
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat - size], [lon, lat - size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def boundaries(db):
    """Three desa outlines: two in Kerek (two IKM), one in Kenduruan (one IKM)."""
    for code, name, lon in (("35.23.08.2008", "Margorejo", 111.80), ("35.23.08.2001", "Jarorejo", 111.82)):
        Boundary.objects.create(
            code=code,
            level=Boundary.Level.DESA,
            name=name,
            geometry=square(lon, -6.90),
            centre_lat=-6.91,
            centre_lng=lon,
        )
    Boundary.objects.create(
        code="35.23.01.2001",
        level=Boundary.Level.DESA,
        name="Sidomukti",
        geometry={"type": "MultiPolygon", "coordinates": [square(111.70, -7.00)["coordinates"]]},
        centre_lat=-7.01,
        centre_lng=111.71,
    )


@pytest.fixture
def period(dinas, registry):
    period = services.period_open(
        year=2025, semester=2, deadline=timezone.localdate() + timedelta(days=20), opened_by=dinas
    )
    # Batik Sekar (Kerek) answers; the other active businesses have not.
    registry.batik.owner = UserFactory(username="pemilik-batik")
    registry.batik.save(update_fields=["owner"])
    report = PeriodReport.objects.get(period=period, business=registry.batik)
    services.report_confirm_unchanged(report=report, user=registry.batik.owner)
    return period


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["pelaku", "pengurus"])
def test_owners_and_officers_may_not_open_the_report(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("role", ["dinas", "pimpinan"])
def test_staff_and_leaders_open_the_report(client, request, role, registry):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == 200


def test_the_dashboard_links_to_the_report_with_its_filters(dinas_client, registry):
    html = dinas_client.get(reverse("dashboard:index"), {"tahun": "2025", "kecamatan": KEREK}).content.decode()
    assert f"{URL}?tahun=2025&amp;kecamatan={KEREK}" in html


def test_the_report_shows_the_dashboards_figures_and_the_source_line(dinas_client, registry, period):
    response = dinas_client.get(URL)
    html = response.content.decode()
    headline = response.context["panels"]["headline"]
    assert headline["total"] == 4
    assert 'data-figure="total">4<' in html
    assert "Seluruh Kabupaten Tuban" in html
    assert "Sumber: Registri IKM Kabupaten Tuban, Disnakerin; dicetak" in html
    assert "Cetak / simpan PDF" in html and "data-print" in html
    assert "Kain batik" in html  # the commodity table
    # Response rate of the latest period: 1 of the 3 active businesses asked.
    assert response.context["response"]["period"] == period
    assert "1 dari 3 usaha sudah melapor (33,3%)" in html
    # Needs against aid: training needed by Terasi Gadon, answered by confirmed aid.
    needs = {row["kind"]: row for row in response.context["panels"]["needs"]["summary"]}
    assert needs["pelatihan"]["need"] == 1 and needs["pelatihan"]["aid"] == 1


def test_the_report_follows_year_kecamatan_and_period(dinas_client, registry, period):
    response = dinas_client.get(URL, {"tahun": "2025", "kecamatan": KEREK, "periode": period.pk})
    html = response.content.decode()
    assert "Kecamatan Kerek" in html
    assert response.context["panels"]["headline"]["total"] == 2
    assert response.context["response"]["chosen"]["answered"] == 1
    assert "Kecamatan Kerek: 1 dari 2 (50,0%)" in html


def test_an_unknown_period_falls_back_to_the_latest(dinas_client, registry, period):
    response = dinas_client.get(URL, {"periode": "999999"})
    assert response.status_code == 200
    assert response.context["response"]["period"] == period


def test_without_periods_or_boundaries_the_report_says_so(dinas_client, registry):
    html = dinas_client.get(URL).content.decode()
    assert "Belum ada periode pelaporan." in html
    assert "Batas wilayah belum dimuat" in html
    assert "<svg viewBox" not in html
    assert "Kerek" in html  # the kecamatan table stands in for the map


def test_with_boundaries_the_report_draws_a_static_svg_map(dinas_client, registry, boundaries):
    response = dinas_client.get(URL, {"kecamatan": KEREK})
    html = response.content.decode()
    shapes = response.context["map"]["shapes"]
    assert len(shapes) == 3 and all(shape["path"].startswith("M") for shape in shapes)
    # Kerek (the kecamatan asked for) has two IKM: its desa carry the darkest shade and are
    # outlined; the others are not counted under this filter.
    assert sorted((shape["shade"], shape["chosen"]) for shape in shapes) == [(0, False), (5, True), (5, True)]
    assert 'class="shade-5 chosen"' in html
    assert "Batas wilayah belum dimuat" not in html
    assert "<script" not in html.split("</svg>")[0].split("<svg")[1]


def report_queries(client, params):
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL, params).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("params", [{}, {"tahun": "2025", "kecamatan": KEREK}])
def test_the_report_runs_a_fixed_number_of_queries(
    dinas_client, registry, period, boundaries, django_assert_max_num_queries, params
):
    small = report_queries(dinas_client, params | {"periode": period.pk})
    for n in range(4):
        build_registry(suffix=f" {n}")
    # 40, plus two for the certificates' live boundary month (dashboard/summary_figures.py).
    with django_assert_max_num_queries(42):
        dinas_client.get(URL, params | {"periode": period.pk})
    assert report_queries(dinas_client, params | {"periode": period.pk}) == small
