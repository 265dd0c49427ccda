"""An officer gathers the members' data in a week, in real Chromium: starts a data drive,
downloads the Excel template, uploads 200 members of which 5 rows are wrong, reads the
errors, fixes them, imports, and sees the drive's progress rise.

Screenshots land in test-artifacts/association-import/ for a person to look at.
"""

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from organizations.models import Association, Membership
from registry.models import Business, Desa, Kbli, ProductPhoto
from tests.factories import (
    BusinessFactory,
    MarketAreaFactory,
    OfficerFactory,
    ProductFactory,
    ProductionReportFactory,
    UserFactory,
)
from tuban_ikm import roles

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "association-import"
EXISTING, NEW = 150, 50


def log_in(page, base, username, password, next_url="/"):
    page.goto(f"{base}/akun/masuk/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def members_missing_their_figures(association):
    """150 members with a product, photo, report and market, but no KBLI, start year,
    investment or sales yet: what the drive asks them to complete."""
    desa = Desa.objects.get(name="Margorejo", kecamatan__name="Kerek")
    for i in range(EXISTING):
        business = BusinessFactory(
            nib=f"35230{i:08d}",
            name=f"Anggota Lama {i}",
            desa=desa,
            kbli=None,
            year_started=None,
            investment=None,
            yearly_sales=None,
            email=f"anggota{i}@example.id",
        )
        product = ProductFactory(business=business, name=f"Produk Lama {i}")
        ProductPhoto.objects.create(product=product, image=f"produk/{product.pk}/foto.jpg")
        ProductionReportFactory(product=product)
        MarketAreaFactory(product=product)
        Membership.objects.create(
            business=business, association=association, status="aktif", member_number=f"{i + 1:05d}"
        )


def fill_template(data, *, broken):
    """The downloaded template with 150 updates and 50 new members; `broken` spoils 5 rows."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    businesses, products, markets = book["Usaha IKM"], book["Produk"], book["Wilayah pemasaran"]
    headers = [cell.value for cell in businesses[1]]
    product_headers = [cell.value for cell in products[1]]
    market_headers = [cell.value for cell in markets[1]]
    for i in range(EXISTING + NEW):
        new = i >= EXISTING
        values = {
            "NIB": f"35230{i:08d}",
            "Nama usaha": f"Anggota Baru {i}" if new else f"Anggota Lama {i}",
            "Bentuk badan usaha": "Perorangan",
            "Nama pemilik": f"Pemilik {i}",
            "Jenis kelamin pemilik": "Perempuan",
            "Telepon/WA": f"0812{i:08d}",
            "Alamat": "Dusun Krajan",
            "Kecamatan": "Kerek",
            "Desa/kelurahan": "Margorejo",
            "Tahun mulai usaha": 2010,
            "Kode KBLI": "13134",
            "Tenaga kerja laki-laki": 1,
            "Tenaga kerja perempuan": 3,
            "Nilai investasi (Rp)": 15000000,
            "Omzet per tahun (Rp)": 90000000,
        }
        if broken:
            if i == 10:
                values["NIB"] = "352300000001"  # 12 digits
            elif i == 20:
                values["Desa/kelurahan"] = "Sumbermulyo Kidul"  # no such desa
            elif i == 30:
                values["Desa/kelurahan"] = "Kebonsari"  # a desa of another kecamatan
            elif i == 40:
                values["Tenaga kerja perempuan"] = "tiga"  # a number written as text
            elif i == 149:
                values["NIB"] = "3523000000148"  # the NIB of the row above, twice in the file
        businesses.append([values.get(header) for header in headers])
        if new:
            product = {
                "NIB usaha": f"35230{i:08d}",
                "Nama produk": f"Batik gedog {i}",
                "Kelompok komoditas": "Kain batik",
                "Satuan": "lembar",
                "Kapasitas produksi per bulan": 30,
                "Harga per satuan (Rp)": 300000,
            }
            products.append([product.get(header) for header in product_headers])
            market = {
                "NIB usaha": f"35230{i:08d}",
                "Nama produk": f"Batik gedog {i}",
                "Jangkauan": "Kabupaten Tuban",
                "Porsi penjualan (%)": 80,
                "Saluran": "Penjualan langsung",
            }
            markets.append([market.get(header) for header in market_headers])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def stat(page, name):
    return int(page.locator(f"[data-stat={name}]").inner_text().rstrip("%"))


def test_an_officer_imports_200_members_fixes_5_bad_rows_and_sees_the_drive_progress_rise(live_server, page, tmp_path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert Kbli.objects.filter(code="13134").exists()
    assert Desa.objects.filter(name="Kebonsari").exclude(kecamatan__name="Kerek").exists()
    association = Association.objects.create(name="Asosiasi IKM Kabupaten Tuban", short_name="AIKMT")
    officer = UserFactory(username="ketua", groups=[roles.PENGURUS_ASOSIASI], password="kata-sandi-ketua")
    OfficerFactory(user=officer, association=association, role="ketua", term_start=date(2026, 1, 1))
    members_missing_their_figures(association)
    base = live_server.url

    # The officer starts a one-week drive: nobody is complete yet.
    log_in(page, base, "ketua", "kata-sandi-ketua", next_url="/asosiasi/pendataan/mulai/")
    page.get_by_role("button", name="Mulai pendataan").click()
    page.wait_for_load_state()
    assert stat(page, "percent") == 0
    average_before = stat(page, "average")
    drive_url = page.url
    page.screenshot(path=str(ARTIFACTS / "01-pendataan-dimulai.png"), full_page=True)

    # Download the template from the import page.
    page.goto(f"{base}/asosiasi/impor/")
    page.screenshot(path=str(ARTIFACTS / "02-halaman-impor.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh templat Excel").click()
    template = Path(download.value.path()).read_bytes()
    assert openpyxl.load_workbook(io.BytesIO(template)).sheetnames[:3] == ["Usaha IKM", "Produk", "Wilayah pemasaran"]

    # Upload 200 members with 5 bad rows: a preview names each error, nothing is saved.
    bad = tmp_path / "anggota.xlsx"
    bad.write_bytes(fill_template(template, broken=True))
    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="Unggah dan periksa").click()
    page.wait_for_load_state()
    errors = page.locator("#import-errors li").all_inner_texts()
    page.screenshot(path=str(ARTIFACTS / "03-pratinjau-galat.png"))
    assert len(errors) == 5, errors
    assert any("baris 12, NIB: NIB harus 13 angka" in e for e in errors)
    assert any("baris 22, Desa/kelurahan: Desa/kelurahan “Sumbermulyo Kidul” tidak dikenal" in e for e in errors)
    assert any("baris 32, Desa/kelurahan: Desa Kebonsari tidak berada di Kecamatan Kerek" in e for e in errors)
    assert any("baris 42, Tenaga kerja perempuan: Angka ditulis sebagai teks" in e for e in errors)
    assert any("baris 151, NIB: NIB ini sudah ada di baris 150" in e for e in errors)
    assert page.locator("tr[data-status=galat]").count() == 5
    assert page.get_by_role("button", name="Simpan semua baris").count() == 0
    assert Business.objects.count() == EXISTING
    assert Business.objects.filter(kbli__isnull=False).count() == 0

    # Fix them and upload again: no errors, 150 updated and 50 new (plus their products).
    page.get_by_role("link", name="Unggah berkas yang sudah diperbaiki").click()
    good = tmp_path / "anggota-diperbaiki.xlsx"
    good.write_bytes(fill_template(template, broken=False))
    page.set_input_files("#id_file", str(good))
    page.get_by_role("button", name="Unggah dan periksa").click()
    page.wait_for_load_state()
    counts = page.locator("#import-counts").inner_text()
    assert "Baru: 150" in counts and "Diperbarui: 150" in counts and "Galat: 0" in counts, counts
    page.screenshot(path=str(ARTIFACTS / "04-pratinjau-bersih.png"))
    page.get_by_role("button", name="Simpan semua baris").click()
    page.wait_for_load_state()
    assert "Impor selesai" in page.content()
    assert page.locator("#invitations tbody tr").count() == NEW
    page.screenshot(path=str(ARTIFACTS / "05-impor-selesai.png"), full_page=True)
    assert Business.objects.count() == EXISTING + NEW
    assert Membership.objects.filter(association=association, status="aktif").count() == EXISTING + NEW

    # The drive's progress rose: the 150 completed members count now.
    page.goto(drive_url)
    assert stat(page, "percent") > 0
    assert stat(page, "average") > average_before
    page.screenshot(path=str(ARTIFACTS / "06-kemajuan-naik.png"), full_page=True)
