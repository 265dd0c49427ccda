"""The semester reporting cycle end to end: Dinas opens a period, one owner confirms last
period's figures in one step on a phone, another changes them, an officer sees who is still
missing, Dinas verifies, and the dashboard and the printable report gain the period.

Screenshots land in test-artifacts/reporting-journey/ for a person to look at.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from registry.models import ProductionReport
from reporting.models import PeriodReport, ReportingPeriod
from tests.factories import BusinessFactory, MembershipFactory, OfficerFactory, ProductFactory, UserFactory, desa
from tuban_ikm import roles

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reporting-journey"
MILLION = Decimal("1000000")


def log_in(page, live_server, user):
    """Share a server-side session with the browser instead of typing a password."""
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def shot(page, name, phone=False):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    if phone:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, name


def member(association, name, desa_code, value):
    """An owner's business in the association, with a verified report for Semester II 2025."""
    owner = UserFactory(username=name.split()[0].lower(), groups=[roles.PELAKU_IKM])
    business = BusinessFactory(
        owner=owner, name=name, desa=desa(desa_code), workers_male=2, workers_female=3, investment=50 * MILLION
    )
    product = ProductFactory(business=business, name=f"Produk {name}")
    ProductionReport.objects.create(
        product=product,
        year=2025,
        semester=ProductionReport.Semester.SECOND,
        quantity=Decimal("100"),
        production_value=value,
        status=ProductionReport.Status.VERIFIED,
    )
    MembershipFactory(business=business, association=association)
    return owner, business


def test_a_period_is_opened_answered_followed_up_verified_and_reported(live_server, page, phone_page):
    dinas = UserFactory(username="dinas", is_staff=True, groups=[roles.STAF_DINAS])
    role = OfficerFactory(user=UserFactory(username="pengurus", groups=[roles.PENGURUS_ASOSIASI]))
    officer, association = role.user, role.association
    owner_a, business_a = member(association, "Batik Sekar Gedog", "35.23.08.2008", 40 * MILLION)
    owner_b, business_b = member(association, "Keripik Jaya", "35.23.01.2001", 30 * MILLION)
    _owner_c, business_c = member(association, "Terasi Gadon", "35.23.06.2008", 20 * MILLION)

    # Dinas opens Semester I 2026.
    log_in(page, live_server, dinas)
    page.goto(f"{live_server.url}/pelaporan/")
    page.get_by_label("Tahun").fill("2026")
    page.get_by_label("Periode").select_option(str(ProductionReport.Semester.FIRST))
    page.get_by_label("Tenggat").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    shot(page, "01-dinas-buka-periode")
    page.get_by_role("button", name="Buka periode").click()
    page.wait_for_url("**/pelaporan/*/")
    period = ReportingPeriod.objects.get()
    assert (period.year, period.semester, period.is_open) == (2026, 1, True)
    assert PeriodReport.objects.filter(period=period).count() == 3

    # Owner A, on a phone, confirms last period's figures in one step.
    log_in(phone_page, live_server, owner_a)
    phone_page.goto(f"{live_server.url}/pelaporan/usaha/{business_a.pk}/")
    shot(phone_page, "02-pemilik-a-laporan", phone=True)
    phone_page.get_by_role("button", name="Tidak ada perubahan, kirim").click()
    phone_page.wait_for_load_state()
    shot(phone_page, "03-pemilik-a-terkirim", phone=True)
    report_a = PeriodReport.objects.get(period=period, business=business_a)
    assert report_a.status == PeriodReport.Status.SUBMITTED and report_a.confirmed_unchanged

    # Owner B changes the figures and sends them.
    log_in(page, live_server, owner_b)
    page.goto(f"{live_server.url}/pelaporan/usaha/{business_b.pk}/")
    page.get_by_label("Tenaga kerja laki-laki").fill("4")
    page.get_by_label("Produksi terealisasi").fill("150")
    page.get_by_label("Nilai produksi (Rp)").fill("45.000.000")
    shot(page, "04-pemilik-b-ubah")
    page.get_by_role("button", name="Kirim laporan").click()
    page.wait_for_load_state()
    report_b = PeriodReport.objects.get(period=period, business=business_b)
    assert report_b.status == PeriodReport.Status.SUBMITTED and not report_b.confirmed_unchanged
    assert report_b.workers_male == 4

    # The officer sees who is still missing: only the third member.
    log_in(page, live_server, officer)
    page.goto(f"{live_server.url}/pelaporan/asosiasi/")
    shot(page, "05-pengurus-belum-melapor")
    assert page.locator(f'tr[data-business="{business_c.pk}"]').count() == 1
    assert page.locator(f'tr[data-business="{business_a.pk}"]').count() == 0
    assert page.locator(f'tr[data-business="{business_b.pk}"]').count() == 0

    # Dinas verifies A's and B's reports from the period page.
    log_in(page, live_server, dinas)
    for business in (business_a, business_b):
        page.goto(f"{live_server.url}/pelaporan/{period.pk}/")
        page.get_by_role("link", name=business.name).click()
        page.get_by_role("button", name="Verifikasi laporan").click()
        page.wait_for_load_state()
    shot(page, "06-dinas-verifikasi")
    statuses = dict(PeriodReport.objects.filter(period=period).values_list("business", "status"))
    assert statuses == {
        business_a.pk: PeriodReport.Status.VERIFIED,
        business_b.pk: PeriodReport.Status.VERIFIED,
        business_c.pk: PeriodReport.Status.REQUESTED,
    }

    # The dashboard's trends gain the period: a row in the cycle panel, a year in production.
    page.goto(f"{live_server.url}/dasbor/")
    shot(page, "07-dasbor")
    period_table = page.locator("[data-period-trend]")
    assert "Semester I 2026" in period_table.inner_text()
    assert "2 / 3 (66,7%)" in period_table.inner_text()
    assert "Rp85 juta" in page.locator("#p-status").locator("..").inner_text()  # 2026: 40 + 45 million

    # So does the printable report.
    page.get_by_role("link", name="Laporan cetak untuk Bupati (PDF)").click()
    page.wait_for_url("**/dasbor/laporan/")
    shot(page, "08-laporan-cetak")
    assert "Semester I 2026" in page.locator("[data-period-trend]").inner_text()
    assert "Rp85.000.000" in page.locator("[data-production-trend]").inner_text()
    assert "2 dari 3 usaha sudah melapor (66,7%)" in page.locator("[data-response]").inner_text()
