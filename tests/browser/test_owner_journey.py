"""A new owner, on a phone, signs up, fills the profile and submits it for verification.

Screenshots of each step land in test-artifacts/owner-journey/ for a person to look at.
"""

import re
from pathlib import Path

import pytest

from registry.models import Business

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "owner-journey"


@pytest.fixture
def shot(phone_page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def take(name):
        phone_page.screenshot(path=str(ARTIFACTS / f"{next(counter):02d}-{name}.png"), full_page=True)
        # At 360 px nothing may push the page sideways.
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360, name

    return take


def save(page, label="Simpan"):
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state()


def add_product(page, base, *, name, category, unit, price, report_year):
    page.goto(f"{base}produk/baru/")
    page.fill("#id_name", name)
    page.select_option("#id_category", category)
    page.select_option("#id_unit", unit)
    page.fill("#id_installed_capacity_per_month", "60")
    page.fill("#id_production_capacity_per_month", "40")
    page.fill("#id_price", price)
    page.fill("#id_description", f"{name}, dibuat tangan di Kerek dengan bahan pilihan.")
    page.fill("#id_bahan-0-name", "Benang kapas")
    page.select_option("#id_bahan-0-origin", "desa")
    save(page)
    assert "Tersimpan" in page.content()
    product_url = re.sub(r"(produk/\d+/).*", r"\1", page.url)
    return product_url


def test_new_owner_fills_the_profile_on_a_phone_and_submits_it(live_server, phone_page, shot):
    from tuban_ikm.roles import sync_roles

    sync_roles()  # groups are flushed between transactional tests
    page = phone_page

    page.goto(f"{live_server.url}/akun/daftar/")
    shot("daftar")
    page.fill("#id_name", "Siti Aminah")
    page.fill("#id_phone", "0812-3456-7890")
    page.fill("#id_password1", "gedog-kerek-2026")
    page.fill("#id_password2", "gedog-kerek-2026")
    page.get_by_role("button", name="Daftar").click()
    page.wait_for_url("**/akun/daftar/selesai/**")
    # The same page whether or not the number was registered: sign in with the new password.
    page.fill("#id_password", "gedog-kerek-2026")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/usaha/baru/**")

    page.fill("#id_name", "Batik Gedog Sekar Ayu")
    page.check("input[name=owner_gender][value=P]")
    page.fill("#id_phone", "081234567890")
    page.select_option("#id_kecamatan", "35.23.08")
    page.select_option("#id_desa", "35.23.08.2008")
    page.fill("#id_address", "Dusun Krajan RT 02 RW 01")
    shot("usaha-baru")
    page.get_by_role("button", name="Simpan dan lanjutkan").click()
    page.wait_for_url(re.compile(r".*/usaha/\d+/$"))
    base = page.url
    business = Business.objects.get(name="Batik Gedog Sekar Ayu")
    assert business.desa.kecamatan.name == "Kerek"
    assert business.phone == "+6281234567890"
    shot("ringkasan-awal")

    page.goto(f"{base}tenaga-kerja/")
    page.fill("#id_workers_male", "2")
    page.fill("#id_workers_female", "6")
    page.fill("#id_investment", "Rp 45.000.000")
    page.fill("#id_yearly_sales", "180.000.000")
    save(page)
    shot("tenaga-kerja")
    assert "Industri Kecil" in page.content()

    first = add_product(
        page, base, name="Kain batik gedog motif lok can", category="kain_batik", unit="lembar", price="Rp 350.000",
        report_year=2025,
    )  # fmt: skip
    shot("produk-1")

    page.goto(f"{first}sertifikasi/")
    page.select_option("#id_sertifikat-0-kind", "merek")
    page.fill("#id_sertifikat-0-number", "IDM000123456")
    page.fill("#id_sertifikat-0-issued_on", "2024-03-01")
    page.fill("#id_sertifikat-0-expires_on", "2034-03-01")
    save(page)
    shot("sertifikasi")
    assert "Tersimpan" in page.content()

    page.goto(f"{first}pemasaran/")
    page.select_option("#id_pasar-0-level", "kabupaten")
    page.fill("#id_pasar-0-share_percent", "70")
    page.select_option("#id_pasar-0-channel", "langsung")
    save(page)
    shot("pemasaran")
    assert "Tersimpan" in page.content()

    page.goto(f"{first}produksi/")
    page.fill("#id_laporan-0-year", "2025")
    page.select_option("#id_laporan-0-semester", "1")
    page.fill("#id_laporan-0-quantity", "120")
    page.fill("#id_laporan-0-production_value", "42.000.000")
    page.get_by_role("button", name="Simpan sebagai konsep").click()
    page.wait_for_load_state()
    shot("laporan-produksi")
    assert "Tersimpan" in page.content()

    second = add_product(
        page, base, name="Selendang tenun gedog", category="kain_tenun", unit="lembar", price="275.000",
        report_year=2025,
    )  # fmt: skip
    page.goto(f"{second}sertifikasi/")
    page.select_option("#id_sertifikat-0-kind", "ig")
    page.fill("#id_sertifikat-0-number", "IDG000000099")
    save(page)
    page.goto(f"{second}pemasaran/")
    page.select_option("#id_pasar-0-level", "ekspor")
    page.select_option("#id_pasar-0-country", label="Jepang")
    page.fill("#id_pasar-0-share_percent", "30")
    page.select_option("#id_pasar-0-channel", "ekspor")
    save(page)
    shot("produk-2-pemasaran")
    assert "Tersimpan" in page.content()

    page.goto(base)
    shot("ringkasan-lengkap")
    page.get_by_role("button", name="Kirim untuk verifikasi").click()
    page.wait_for_load_state()
    shot("terkirim")
    assert "Menunggu verifikasi" in page.content()

    business.refresh_from_db()
    assert business.verification_status == Business.Verification.SUBMITTED
    assert business.owner.phone == "+6281234567890"
    products = {p.name: p for p in business.products.prefetch_related("certifications", "market_areas")}
    assert set(products) == {"Kain batik gedog motif lok can", "Selendang tenun gedog"}
    assert products["Kain batik gedog motif lok can"].price == 350000
    assert products["Selendang tenun gedog"].market_areas.get().country == "JP"  # ISO 3166 code
    assert business.products.get(name__startswith="Kain").production_reports.get().production_value == 42000000
