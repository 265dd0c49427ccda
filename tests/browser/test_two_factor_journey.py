"""A staff member signs in for the first time in real Chromium: password, then the
authenticator setup (QR code drawn on the server), backup codes, then the Dinas pages; the
next sign-in asks for a code. Screenshots land in test-artifacts/two-factor/."""

import time
from base64 import b32decode
from pathlib import Path

import pytest
from django_otp.oath import TOTP

from tests.factories import UserFactory
from tuban_ikm import roles

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.otp]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "two-factor"
PASSWORD = "kata-sandi-dinas-2026"


def code_from_secret(secret, offset=0):
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def sign_in(page, base):
    page.goto(f"{base}/akun/masuk/?next=/dinas/")
    page.fill("#id_username", "dinas")
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def test_staff_set_up_an_authenticator_before_reaching_the_dinas_pages(live_server, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    UserFactory(username="dinas", is_staff=True, groups=[roles.STAF_DINAS], password=PASSWORD)
    base = live_server.url

    sign_in(page, base)
    assert "/akun/2fa/atur/" in page.url
    assert page.locator("main svg").count() == 1
    page.screenshot(path=str(ARTIFACTS / "01-atur.png"), full_page=True)
    secret = page.locator("#otp-secret").inner_text()
    page.fill("#id_token", code_from_secret(secret))
    page.get_by_role("button", name="Aktifkan").click()
    page.wait_for_load_state()
    assert page.locator("#backup-codes li").count() == 10
    page.screenshot(path=str(ARTIFACTS / "02-kode-cadangan.png"), full_page=True)
    page.get_by_role("link", name="Saya sudah menyimpannya, lanjutkan").click()
    page.wait_for_load_state()
    assert page.url.endswith("/dinas/")

    # Next time: password, then a code (the one after this 30-second step: a code is used once).
    page.context.clear_cookies()
    sign_in(page, base)
    assert "/akun/2fa/verifikasi/" in page.url
    page.screenshot(path=str(ARTIFACTS / "03-verifikasi.png"), full_page=True)
    page.fill("#id_token", code_from_secret(secret, offset=30))
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_load_state()
    assert page.url.endswith("/dinas/")
