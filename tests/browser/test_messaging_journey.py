"""An owner asks Dinas a question on a phone, staff answer it from the queue, and the owner
reads the answer through the inbox (issue 16, "Done means": the first journey).

Screenshots land in test-artifacts/messaging-journey/ for a person to look at.
"""

from pathlib import Path

import pytest

from tests.browser.conftest import open_context
from tests.factories import BusinessFactory, UserFactory
from tuban_ikm.models import DinasContact

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "messaging-journey"
PHONE = {"width": 390, "height": 844}


def log_in(page, base, username, password, next_url="/"):
    page.goto(f"{base}/akun/masuk/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


@pytest.fixture
def phone(browser, browser_problems):
    context = open_context(browser, browser_problems, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
    browser_problems.assert_none()


def shooter(page, prefix):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def take(name):
        page.screenshot(path=str(ARTIFACTS / f"{prefix}-{next(counter):02d}-{name}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], name

    return take


def test_an_owner_asks_on_a_phone_staff_answer_and_the_owner_reads_it(live_server, phone, page, settings):
    from tuban_ikm.roles import sync_roles

    sync_roles()
    settings.SITE_URL = live_server.url
    UserFactory(username="dinas", first_name="Rina", is_staff=True, groups=["Staf Dinas"], password="kata-sandi-dinas")
    owner = UserFactory(username="sekar", first_name="Sekar", groups=["Pelaku IKM"], password="kata-sandi-sekar")
    BusinessFactory(owner=owner, name="Batik Sekar Gedog")
    DinasContact.objects.create(whatsapp="0812 3456 7890", office_hours="Senin-Jumat 08.00-15.30 WIB")
    base = live_server.url
    owner_shot = shooter(phone, "pemilik")

    # The owner writes from the phone.
    log_in(phone, base, "sekar", "kata-sandi-sekar", "/pesan/")
    owner_shot("daftar-pesan")
    phone.get_by_role("link", name="Tulis pesan baru").click()
    phone.check("input[name=kind][value=pertanyaan]")
    phone.fill("#id_subject", "Syarat sertifikat halal")
    phone.fill("#id_body", "Apa saja syarat sertifikat halal gratis untuk batik dan jamu?")
    owner_shot("tulis")
    phone.get_by_role("button", name="Kirim ke Dinas").click()
    phone.wait_for_load_state()
    assert "Pesan Anda terkirim ke Dinas" in phone.content()
    assert "Menunggu jawaban" in phone.content()
    owner_shot("terkirim")

    # Staff answer from the queue (desktop).
    staff_shot = shooter(page, "dinas")
    log_in(page, base, "dinas", "kata-sandi-dinas", "/pesan/dinas/")
    assert "Syarat sertifikat halal" in page.content()
    assert "Sekar" in page.content()  # the writer's name, for staff
    page.get_by_role("link", name="Syarat sertifikat halal").click()
    page.fill("#id_body", "Daftar lewat SIHALAL, Dinas membantu di Mal Pelayanan Publik setiap Selasa.")
    staff_shot("jawab")
    page.get_by_role("button", name="Kirim jawaban").click()
    page.wait_for_load_state()
    assert "Jawaban terkirim" in page.content()
    staff_shot("terjawab")

    # The owner sees the unread badge, opens the inbox, shares or opens the answer.
    phone.goto(f"{base}/usaha/")
    owner_shot("usaha-saya")
    # On the phone the menu is collapsed: the count sits next to the menu button.
    badge = phone.locator("[data-inbox-phone]")
    assert badge.is_visible() and "1" in badge.inner_text()
    badge.click()
    phone.wait_for_url("**/akun/pemberitahuan/")
    owner_shot("pemberitahuan")
    item = phone.locator("[data-notice][data-unread]").first
    assert "Syarat sertifikat halal" in item.inner_text()
    share = item.locator("[data-whatsapp-share]").get_attribute("href")
    assert share.startswith("https://wa.me/?text=") and "%2Fpesan%2F" in share
    item.get_by_role("link", name="Buka").click()
    phone.wait_for_load_state()
    assert "Daftar lewat SIHALAL" in phone.content()
    assert "Rina" not in phone.locator("[data-thread-history]").inner_text()  # "Dinas", not the staff name
    owner_shot("jawaban")
    assert phone.locator("[data-unread-count]").count() == 0
    # The footer shows how to reach Dinas.
    assert "0812 3456 7890" in phone.locator("footer").inner_text()
