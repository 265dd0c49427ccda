"""Dinas staff open a programme, an owner applies on a phone, staff select and record the
handover; the business's assistance history follows each step.

Screenshots land in test-artifacts/aid-journey/ for a person to look at.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from aid.models import Application
from registry.models import Assistance
from tests.aid.factories import ensure_reference_data
from tests.factories import BusinessFactory, UserFactory
from tests.uploads import PDF, image_bytes
from tuban_ikm import roles

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "aid-journey"


def log_in(page, live_server, user):
    """Share a server-side session with the browser instead of typing a password."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def shot(page, name, phone=False):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    if phone:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, name


def test_staff_open_a_programme_an_owner_applies_staff_select_and_hand_over(live_server, page, phone_page, tmp_path):
    roles.sync_roles()  # groups are flushed between transactional tests
    ensure_reference_data()  # and so are the regions and KBLI
    dinas = UserFactory(username="dinas", is_staff=True, groups=[roles.STAF_DINAS])
    owner = UserFactory(username="pelaku", groups=[roles.PELAKU_IKM])
    business = BusinessFactory(owner=owner, name="Batik Sekar Gedog")
    today = timezone.localdate()

    # Staff open a programme.
    log_in(page, live_server, dinas)
    page.goto(f"{live_server.url}/bantuan/dinas/program/baru/")
    page.fill("#id_name", "Bantuan Mesin Jahit 2026")
    page.select_option("#id_kind", "alat")
    page.fill("#id_agency", "Disnakerin Kabupaten Tuban")
    page.fill("#id_year", str(today.year))
    page.fill("#id_quota", "200")
    page.fill("#id_item", "Mesin jahit portable")
    page.fill("#id_unit_value", "2.500.000")
    page.fill("#id_opens_on", (today - timedelta(days=1)).isoformat())
    page.fill("#id_closes_on", (today + timedelta(days=30)).isoformat())
    page.fill("#id_documents", "Foto KTP pemilik")
    page.uncheck("#id_must_be_verified")
    page.get_by_role("button", name="Simpan program").click()
    page.wait_for_url(re.compile(r".*/bantuan/dinas/program/\d+/$"))
    review_url = page.url
    assert "Terpilih 0 dari kuota 200" in page.content()

    # The owner applies on a phone, from the business overview.
    log_in(phone_page, live_server, owner)
    phone_page.goto(f"{live_server.url}/usaha/{business.pk}/")
    # The aid box is filled in after the page loads.
    phone_page.get_by_text("Ada 1 program yang dapat Anda ikuti sekarang.").wait_for()
    phone_page.get_by_role("link", name="Lihat program bantuan").click()
    shot(phone_page, "01-program-pemilik", phone=True)
    phone_page.get_by_role("link", name="Daftar", exact=True).click()
    ktp = tmp_path / "ktp.jpg"
    ktp.write_bytes(image_bytes("JPEG"))
    phone_page.set_input_files("#id_doc_0", str(ktp))
    phone_page.check("#id_confirm")
    shot(phone_page, "02-daftar", phone=True)
    phone_page.get_by_role("button", name="Kirim pendaftaran").click()
    phone_page.wait_for_url(re.compile(r".*/bantuan/pengajuan/\d+/$"))
    assert "Pendaftaran terkirim" in phone_page.content()
    application = Application.objects.get()
    assert application.assistance.status == Assistance.Status.PROPOSED

    # Staff select it and record the handover.
    page.goto(review_url)
    assert "Batik Sekar Gedog" in page.content()
    page.get_by_role("button", name="Pilih", exact=True).click()
    page.wait_for_load_state()
    assert "Batik Sekar Gedog terpilih." in page.content()
    shot(page, "03-seleksi")
    page.get_by_role("link", name="Catat serah terima").click()
    page.fill("#id_serial_number", "BF-2026-00017")
    receipt = tmp_path / "bast.pdf"
    receipt.write_bytes(PDF)
    page.set_input_files("#id_receipt", str(receipt))
    page.get_by_role("button", name="Simpan serah terima").click()
    page.wait_for_url(re.compile(r".*/bantuan/dinas/pengajuan/\d+/$"))
    assert "Serah terima tercatat." in page.content()
    assert "BF-2026-00017" in page.content()
    shot(page, "04-serah-terima")

    assistance = Assistance.objects.get(business=business)
    assert assistance.status == Assistance.Status.HANDED_OVER
    assert assistance.item == "Mesin jahit portable, no. seri BF-2026-00017"

    # The owner sees it too.
    phone_page.reload()
    assert "Diserahkan" in phone_page.content()
    shot(phone_page, "05-pengajuan-pemilik", phone=True)
