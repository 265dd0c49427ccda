"""The printable report for the Bupati, printed by Chromium to an A4 PDF and read back:
every page carries the source and the date, and the figures a reader looks for are there.

The PDF and a PNG of the print layout land in test-artifacts/report-print/ for a person to
look at.
"""

import io
import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from dashboard.models import Boundary
from reporting import services
from reporting.models import PeriodReport
from tests.dashboard.conftest import KEREK, build_registry
from tests.factories import UserFactory
from tuban_ikm import roles

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "report-print"
SOURCE = "Sumber: Registri IKM Kabupaten Tuban, Disnakerin; dicetak"


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def pdf_pages(page):
    """The text of each page of the page printed to an A4 PDF (also saved for a person)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    data = page.pdf(format="A4", print_background=True)
    (ARTIFACTS / "laporan.pdf").write_bytes(data)
    # pypdf may break a line where the PDF positions words apart: compare without spacing.
    # NFKC undoes the "fi" ligature of the embedded font.
    texts = (unicodedata.normalize("NFKC", p.extract_text() or "") for p in PdfReader(io.BytesIO(data)).pages)
    return [" ".join(text.split()) for text in texts]


def square(lon, lat, size=0.05):
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat - size], [lon, lat - size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def test_the_printed_report_has_the_figures_and_the_source_and_date_on_every_page(live_server, page):
    dinas = UserFactory(username="dinas", is_staff=True, groups=[roles.STAF_DINAS])
    registry = build_registry()
    registry.batik.owner = UserFactory(username="pemilik-batik", groups=[roles.PELAKU_IKM])
    registry.batik.save(update_fields=["owner"])
    period = services.period_open(
        year=2025, semester=2, deadline=timezone.localdate() + timedelta(days=20), opened_by=dinas
    )
    services.report_confirm_unchanged(
        report=PeriodReport.objects.get(period=period, business=registry.batik), user=registry.batik.owner
    )
    for code, name, lon, lat in (
        ("35.23.08.2008", "Margorejo", 111.80, -6.90),
        ("35.23.08.2001", "Jarorejo", 111.85, -6.90),
        ("35.23.01.2001", "Sidomukti", 111.70, -7.00),
    ):
        Boundary.objects.create(
            code=code, level="desa", name=name, geometry=square(lon, lat), centre_lat=lat, centre_lng=lon
        )

    log_in(page, live_server, dinas)
    page.goto(f"{live_server.url}/dasbor/?tahun=2025&kecamatan={KEREK}")
    page.get_by_role("link", name="Laporan cetak untuk Bupati (PDF)").click()
    page.wait_for_url(f"**/dasbor/laporan/?tahun=2025&kecamatan={KEREK}")
    assert page.locator("[data-report-map] path").count() == 3
    # The button is wired by static JS (no inline script under the CSP): it calls print().
    page.evaluate("window.print = function () { window.__printed = true; }")
    page.get_by_role("button", name="Cetak / simpan PDF").click()
    assert page.evaluate("window.__printed") is True

    page.emulate_media(media="print")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "laporan-print.png"), full_page=True)
    pages = pdf_pages(page)

    with translation.override("id"):  # the page's language, whatever an earlier test left active
        today = date_format(timezone.localdate(), "j F Y")
    assert len(pages) >= 3, pages  # headline and trends; kecamatan and map; needs and response
    for number, text in enumerate(pages, start=1):
        assert SOURCE in text, f"page {number} has no source line: {text[-300:]}"
        assert today in text, f"page {number} has no date: {text[-300:]}"
    everything = " ".join(pages)
    assert "Laporan Industri Kecil dan Menengah" in pages[0]
    assert "Kecamatan Kerek" in pages[0]
    assert "2 IKM terdaftar" in everything  # two businesses in Kerek
    assert "50,0% terverifikasi Dinas" in pages[0]
    assert "Rp160 juta nilai produksi 2025" in pages[0]
    assert "Kain batik Rp160 juta" in pages[0]  # the commodity table
    assert "Kerek 2 29 Rp160.000.000" in everything  # the kecamatan table under the map
    assert "Periode Semester II 2025: 1 dari 3 usaha sudah melapor (33,3%)." in everything
    assert "Kecamatan Kerek: 1 dari 2 (50,0%)." in everything
    assert "KEBUTUHAN DAN BANTUAN" in everything  # headings are upper-cased by the print CSS
    assert "Semester II 2025" in everything
