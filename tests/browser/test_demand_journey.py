"""A buyer posts a need, an owner answers it from the dashboard, the buyer takes the offer.

Screenshots land in test-artifacts/demand-journey/ for a person to look at.
"""

from decimal import Decimal
from pathlib import Path

import pytest

from catalogue.models import Demand, Offer
from registry.models import CommodityGroup, Unit

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "demand-journey"
PASSWORD = "rahasia-uji-123"


def log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_buyer_posts_owner_offers_buyer_takes(live_server, phone_page):
    from tests.factories import BusinessFactory, ProductFactory, UserFactory
    from tuban_ikm.roles import PELAKU_IKM, PEMBELI, sync_roles

    sync_roles()  # groups are flushed between transactional tests
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    UserFactory(username="pembeli", groups=[PEMBELI])
    owner = UserFactory(username="siti", groups=[PELAKU_IKM])
    business = BusinessFactory(owner=owner, name="Batik Gedog Sekar Ayu")
    ProductFactory(business=business, category=CommodityGroup.BATIK, unit=Unit.SHEET)
    page, base = phone_page, live_server.url

    def shot(name):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, name

    # The buyer posts a need.
    log_in(page, base, "pembeli")
    page.goto(f"{base}/permintaan/")
    page.get_by_role("link", name="Pasang permintaan").click()
    page.fill("#id_title", "Kain batik gedog untuk seragam")
    page.select_option("#id_commodity", "kain_batik")
    page.fill("#id_quantity", "200")
    page.select_option("#id_unit", "lembar")
    page.fill("#id_needed_by", "2030-06-30")
    page.fill("#id_delivery_place", "Kantor Dinas Pendidikan, Jl. Basuki Rahmad")
    page.select_option("#id_delivery_kecamatan", "35.23.16")
    page.fill("#id_budget_max", "Rp 80.000.000")
    page.check("input[name=required_certifications][value=merek]")
    page.fill("#id_buyer_name", "Dinas Pendidikan Kabupaten Tuban")
    shot("01-permintaan-baru")
    page.get_by_role("button", name="Terbitkan permintaan").click()
    page.wait_for_load_state()
    assert "Permintaan diterbitkan" in page.content()
    demand = Demand.objects.get()
    assert demand.budget_max == Decimal("80000000")
    shot("02-permintaan")

    # The owner sees it on the dashboard and answers.
    log_in(page, base, "siti")
    page.goto(f"{base}/usaha/")
    assert "Permintaan yang cocok" in page.content()
    shot("03-dasbor-pemilik")
    page.get_by_role("link", name="Kirim penawaran").click()
    page.wait_for_load_state()
    page.fill("#id_quantity", "80")
    page.fill("#id_price", "Rp 340.000")
    page.fill("#id_lead_time_days", "21")
    page.get_by_role("button", name="Kirim penawaran").click()
    page.wait_for_load_state()
    assert "Penawaran terkirim" in page.content()
    shot("04-penawaran-terkirim")
    offer = Offer.objects.get()
    assert offer.business == business and offer.price == 340000 and offer.quantity == 80

    # The buyer takes it.
    log_in(page, base, "pembeli")
    page.goto(f"{base}/permintaan/{demand.pk}/")
    assert "Batik Gedog Sekar Ayu" in page.content()
    page.get_by_role("button", name="Ambil penawaran").click()
    page.wait_for_load_state()
    shot("05-penawaran-diambil")
    offer.refresh_from_db()
    assert offer.taken
    page.get_by_role("button", name="Tutup permintaan").click()
    page.wait_for_load_state()
    demand.refresh_from_db()
    assert demand.status == Demand.Status.CLOSED
