"""Products reach buyers, in Chromium on a phone-sized screen:
- a buyer posts a demand, the matching owner finds the notice on "Usaha saya", follows it,
  offers, and hears that the offer was taken;
- an OVOP assessor rates a product and the village page shows its stars.

Screenshots land in test-artifacts/buyers-journey/ for a person to look at.
"""

from pathlib import Path

import pytest

from accounts.models import Notification
from catalogue.models import Demand, Offer, ProductAssessment, PublishedProduct
from registry.models import CommodityGroup, Unit

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "buyers-journey"
PASSWORD = "rahasia-uji-123"


def log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def open_own_businesses(page, base):
    """Owners land on "Usaha saya" after signing in; it shows unread notices once."""
    if not page.url.endswith("/usaha/"):
        page.goto(f"{base}/usaha/")


def shooter(page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def shot(name):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, name

    return shot


def verified_business(owner, name, category=CommodityGroup.BATIK, unit=Unit.SHEET, desa_code="35.23.08.2008"):
    from registry.services import business_verify
    from tests.factories import BusinessFactory, ProductFactory, UserFactory, desa
    from tuban_ikm.roles import STAF_DINAS

    business = BusinessFactory(owner=owner, name=name, desa=desa(desa_code))
    ProductFactory(business=business, name=f"Produk {name}", category=category, unit=unit)
    verifier = UserFactory(username="verifikator", is_staff=True, groups=[STAF_DINAS])
    business_verify(business=business, user=verifier)
    return business


def test_buyer_posts_a_demand_the_matching_owner_is_told_and_offers(live_server, phone_page):
    from tests.factories import UserFactory
    from tuban_ikm.roles import PELAKU_IKM, PEMBELI, sync_roles

    sync_roles()  # groups are flushed between transactional tests
    UserFactory(username="pembeli", groups=[PEMBELI])
    owner = UserFactory(username="siti", groups=[PELAKU_IKM])
    business = verified_business(owner, "Batik Gedog Sekar Ayu")
    stranger = UserFactory(username="budi", groups=[PELAKU_IKM])
    verified_business(stranger, "Terasi Gadon", CommodityGroup.FOOD, Unit.KG, "35.23.06.2008")
    page, base = phone_page, live_server.url
    shot = shooter(page)

    log_in(page, base, "pembeli")
    page.goto(f"{base}/permintaan/baru/")
    page.fill("#id_title", "Kain batik gedog untuk seragam guru")
    page.select_option("#id_commodity", "kain_batik")
    page.fill("#id_quantity", "150")
    page.select_option("#id_unit", "lembar")
    page.fill("#id_delivery_place", "Kantor Dinas Pendidikan, Jl. Basuki Rahmad")
    page.fill("#id_buyer_name", "Dinas Pendidikan Kabupaten Tuban")
    page.get_by_role("button", name="Terbitkan permintaan").click()
    page.wait_for_load_state()
    assert "Permintaan diterbitkan" in page.content()
    demand = Demand.objects.get()
    assert page.get_by_role("link", name="Bagikan ke WhatsApp").get_attribute("href").startswith("https://wa.me/?text=")
    shot("01-permintaan-terbit")
    assert not Notification.objects.filter(recipient=stranger, url__contains="/permintaan/").exists()

    # The owner signs in and finds the notice on "Usaha saya"; its link is absolute.
    log_in(page, base, "siti")
    open_own_businesses(page, base)
    notice = page.locator("[data-notification]", has_text="Kain batik gedog untuk seragam guru")
    assert notice.count() == 1
    # The notice's own link is absolute (it is also emailed and shared to WhatsApp); on the
    # site "Lihat" opens it through the inbox, which marks it read and follows it.
    stored = Notification.objects.get(recipient__username="siti", url__contains="/permintaan/")
    assert stored.url == f"{base}/permintaan/{demand.pk}/#tawar"
    assert notice.get_by_role("link", name="Lihat").get_attribute("href").endswith(f"/akun/pemberitahuan/{stored.pk}/")
    shot("02-pemberitahuan-pemilik")
    notice.get_by_role("link", name="Lihat").click()
    page.wait_for_load_state()
    page.fill("#id_quantity", "100")
    page.fill("#id_price", "Rp 325.000")
    page.fill("#id_lead_time_days", "14")
    page.get_by_role("button", name="Kirim penawaran").click()
    page.wait_for_load_state()
    assert "Penawaran terkirim" in page.content()
    offer = Offer.objects.get()
    assert offer.business == business and offer.price == 325000
    shot("03-penawaran-terkirim")

    # The buyer takes it; the owner is told.
    log_in(page, base, "pembeli")
    page.goto(f"{base}/permintaan/{demand.pk}/")
    page.get_by_role("button", name="Ambil penawaran").click()
    page.wait_for_load_state()
    offer.refresh_from_db()
    assert offer.taken
    log_in(page, base, "siti")
    open_own_businesses(page, base)
    assert page.locator("[data-notification]", has_text="diambil oleh Dinas Pendidikan").count() == 1
    shot("04-penawaran-diambil")


def test_assessor_rates_a_product_and_the_village_page_shows_its_stars(live_server, phone_page):
    from tests.factories import UserFactory
    from tuban_ikm.roles import PENILAI_OVOP, sync_roles

    sync_roles()
    UserFactory(username="penilai", groups=[PENILAI_OVOP])
    verified_business(None, "Batik Gedog Sekar Ayu")
    published = PublishedProduct.objects.get()
    page, base = phone_page, live_server.url
    shot = shooter(page)

    log_in(page, base, "penilai")
    page.goto(f"{base}/katalog/produk/{published.pk}/")
    assert page.locator(".qr-code svg").count() == 1
    page.get_by_role("link", name="Nilai produk (OVOP)").click()
    page.wait_for_load_state()
    for field, score in (("quality", 5), ("local_origin", 5), ("capacity", 4), ("market", 4), ("packaging", 4)):
        page.check(f"input[name={field}][value='{score}']")
    page.fill("#id_assessors", "Tim Penilai OVOP Kabupaten Tuban")
    shot("05-form-penilaian")
    page.get_by_role("button", name="Simpan penilaian").click()
    page.wait_for_load_state()
    assert "5 bintang" in page.content()
    assessment = ProductAssessment.objects.get()
    assert assessment.stars == 5 and assessment.assessors == "Tim Penilai OVOP Kabupaten Tuban"
    shot("06-produk-berbintang")

    # Anyone, signed in or not, sees the stars on the village page.
    page.context.clear_cookies()
    page.goto(f"{base}/desa/{published.desa_id}/")
    section = page.locator("section", has=page.get_by_role("heading", name="Produk berbintang OVOP"))
    assert section.locator("[data-stars='5']").count() == 1
    assert section.get_by_role("img", name="5 bintang OVOP").count() == 1
    shot("07-desa-berbintang")
