"""Dinas returns a profile with a reason, the owner fixes it on a phone and sends it again,
and Dinas verifies it: in real Chromium, two people in two browsers.

Screenshots land in test-artifacts/review-journey/ for a person to look at.
"""

from pathlib import Path

import pytest

from accounts.models import Notification
from registry.models import Business
from tests.factories import BusinessFactory, ProductFactory, UserFactory
from tuban_ikm import roles

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "review-journey"


def log_in(page, base, username, password, next_url="/"):
    page.goto(f"{base}/akun/masuk/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def test_staff_return_a_profile_the_owner_fixes_it_and_staff_verify_it(live_server, page, phone_page):
    from tuban_ikm.roles import sync_roles

    sync_roles()  # groups are flushed between transactional tests
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    UserFactory(username="dinas", is_staff=True, groups=[roles.STAF_DINAS], password="kata-sandi-dinas")
    owner = UserFactory(username="sekar", groups=[roles.PELAKU_IKM], password="kata-sandi-sekar")
    business = BusinessFactory(owner=owner, name="Batik Sekar Gedog", nib=None)
    ProductFactory(business=business, name="Kain batik gedog")
    Business.objects.filter(pk=business.pk).update(verification_status=Business.Verification.SUBMITTED)
    base = live_server.url

    # Dinas opens the queue, then the profile, and returns it asking for the NIB.
    log_in(page, base, "dinas", "kata-sandi-dinas")
    page.goto(f"{base}/dinas/")
    assert "Batik Sekar Gedog" in page.locator("main").inner_text()
    page.get_by_role("link", name="Periksa").first.click()
    page.wait_for_load_state()
    page.screenshot(path=str(ARTIFACTS / "01-periksa.png"), full_page=True)
    page.fill("#id_note", "NIB belum diisi. Isi 13 angka NIB dari OSS.")
    page.locator("input[name=fields_to_fix][value=nib]").check()
    page.get_by_role("button", name="Kembalikan ke pemilik").click()
    page.wait_for_load_state()
    assert "dikembalikan ke pemilik" in page.content()
    assert Notification.objects.filter(recipient=owner).count() == 1

    # The owner sees the notice, follows the link to the field and fixes it.
    phone = phone_page
    log_in(phone, base, "sekar", "kata-sandi-sekar", next_url="/usaha/")
    assert "NIB belum diisi" in phone.content()
    phone.screenshot(path=str(ARTIFACTS / "02-pemberitahuan.png"), full_page=True)
    phone.get_by_role("link", name="Lihat").first.click()
    phone.wait_for_load_state()
    assert "NIB belum diisi" in phone.content()
    phone.locator("a", has_text="NIB").first.click()
    phone.wait_for_load_state()
    phone.fill("#id_nib", "8120001234567")
    phone.get_by_role("button", name="Simpan", exact=True).click()
    phone.wait_for_load_state()
    assert "Tersimpan" in phone.content()
    phone.goto(f"{base}/usaha/{business.pk}/")
    phone.get_by_role("button", name="Kirim untuk verifikasi").click()
    phone.wait_for_load_state()
    phone.screenshot(path=str(ARTIFACTS / "03-dikirim-lagi.png"), full_page=True)
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.SUBMITTED

    # Dinas sees the new NIB in the changes and verifies the profile.
    page.goto(f"{base}/dinas/")
    page.get_by_role("link", name="Periksa").first.click()
    page.wait_for_load_state()
    assert "8120001234567" in page.locator("main").inner_text()
    page.get_by_role("button", name="Verifikasi profil").click()
    page.wait_for_load_state()
    page.screenshot(path=str(ARTIFACTS / "04-terverifikasi.png"), full_page=True)
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.VERIFIED
    assert business.nib == "8120001234567"
