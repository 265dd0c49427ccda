"""The spreadsheet import: preview per row and cell, all or nothing, idempotent, scoped."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Invitation
from organizations.models import Membership
from registry import importing
from registry.models import Business, Desa, Kbli, MarketArea, Product
from tests.factories import BusinessFactory, MembershipFactory, ProductFactory

pytestmark = pytest.mark.django_db

BUSINESS_SHEET = "Usaha IKM"
HEADERS = [
    importing._header(importing.SHEETS_BY_KEY["businesses"], n) for n in importing.TEMPLATE_SHEETS[0].template_fields
]
PRODUCT_HEADERS = [
    importing._header(importing.SHEETS_BY_KEY["products"], n) for n in importing.TEMPLATE_SHEETS[1].template_fields
]
MARKET_HEADERS = [
    importing._header(importing.SHEETS_BY_KEY["markets"], n) for n in importing.TEMPLATE_SHEETS[2].template_fields
]


def row(**values):
    base = {
        "NIB": "1234567890123",
        "Nama usaha": "Batik Gedog Sekar Jagad",
        "Bentuk badan usaha": "Perorangan",
        "Nama pemilik": "Siti Aminah",
        "Jenis kelamin pemilik": "Perempuan",
        "Telepon/WA": "081234567890",
        "Email": None,
        "Alamat": "Dusun Krajan RT 1",
        "Kecamatan": "Kerek",
        "Desa/kelurahan": "Margorejo",
        "Tahun mulai usaha": 2015,
        "Kode KBLI": "13134",
        "Tenaga kerja laki-laki": 1,
        "Tenaga kerja perempuan": 4,
        "Nilai investasi (Rp)": 25000000.1,
        "Omzet per tahun (Rp)": 120000000,
        "Tanggal bergabung": "01-07-2025",
    }
    base.update(values)
    return base


def product_row(**values):
    base = {
        "NIB usaha": "1234567890123",
        "Nama usaha": None,
        "Nama produk": "Kain batik gedog tulis",
        "Kelompok komoditas": "Kerajinan",
        "Satuan": "lembar",
        "Kapasitas produksi per bulan": 40,
        "Harga per satuan (Rp)": 350000,
    }
    base.update(values)
    return base


def market_row(**values):
    base = {
        "NIB usaha": "1234567890123",
        "Nama produk": "Kain batik gedog tulis",
        "Jangkauan": "Kabupaten Tuban",
        "Porsi penjualan (%)": 60,
        "Saluran": "Penjualan langsung",
    }
    base.update(values)
    return base


def workbook(rows=(), headers=HEADERS, *, products=None, markets=None, title=BUSINESS_SHEET):
    book = openpyxl.Workbook()
    sheets = [(title, headers, rows)]
    if products is not None:
        sheets.append(("Produk", PRODUCT_HEADERS, products))
    if markets is not None:
        sheets.append(("Wilayah pemasaran", MARKET_HEADERS, markets))
    book.remove(book.active)
    for name, sheet_headers, sheet_rows in sheets:
        sheet = book.create_sheet(name)
        sheet.append(sheet_headers)
        for values in sheet_rows:
            sheet.append([values.get(header) for header in sheet_headers])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def upload(client, data, name="anggota.xlsx", url="organizations:import_upload", **extra):
    return client.post(reverse(url), {"file": SimpleUploadedFile(name, data), **extra})


@pytest.fixture
def association(pengurus):
    return pengurus.officer_roles.get().association


@pytest.fixture
def officer_client(client, pengurus):
    client.force_login(pengurus)
    return client


def preview_of(data, association=None, editable_ids=None):
    scope = importing.Scope(association=association, editable_business_ids=editable_ids)
    return importing.validate(importing.read_workbook(data), scope)


def errors_of(preview, sheet="businesses"):
    return [
        {importing._header(r.sheet, n) if n else "": m for n, m in r.errors.items()} for r in preview.sheet(sheet).rows
    ]


def test_upload_shows_a_preview_and_writes_nothing(officer_client, association):
    response = upload(officer_client, workbook([row()]))
    assert response.status_code == 200
    assert "Baru: 1" in response.content.decode()
    assert not Business.objects.filter(name="Batik Gedog Sekar Jagad").exists()


def test_confirm_imports_members_with_numbers_and_invitation_links(officer_client, association):
    MembershipFactory(association=association, member_number="00041")
    upload(officer_client, workbook([row(), row(NIB=None, **{"Nama usaha": "Tenun Kerek Indah"})]))
    response = officer_client.post(reverse("organizations:import_confirm"))
    assert response.status_code == 200
    business = Business.objects.get(nib="1234567890123")
    assert business.phone == "+6281234567890"
    assert str(business.investment) == "25000000.10"
    membership = business.memberships.get()
    assert membership.association == association
    assert membership.status == "aktif"
    assert membership.joined_on.isoformat() == "2025-07-01"
    assert {m.member_number for m in Membership.objects.filter(business__name__in=["Tenun Kerek Indah"])} == {"00043"}
    assert Invitation.objects.filter(business__in=[business]).count() == 1
    content = response.content.decode()
    assert "/akun/" in content and "Tenun Kerek Indah" in content


def test_reimporting_the_same_sheet_changes_nothing(officer_client, association):
    data = workbook([row(), row(NIB=None, **{"Nama usaha": "Tenun Kerek Indah"})])
    upload(officer_client, data)
    officer_client.post(reverse("organizations:import_confirm"))
    before = list(Business.objects.order_by("pk").values())
    response = upload(officer_client, data)
    assert "Tidak berubah: 2" in response.content.decode()
    officer_client.post(reverse("organizations:import_confirm"))
    assert list(Business.objects.order_by("pk").values()) == before
    assert Membership.objects.count() == 2
    assert Invitation.objects.count() == 2


def test_an_edited_sheet_updates_matching_records_by_nib_and_by_name(officer_client, association):
    upload(officer_client, workbook([row(), row(NIB=None, **{"Nama usaha": "Tenun Kerek Indah"})]))
    officer_client.post(reverse("organizations:import_confirm"))
    edited = workbook(
        [
            row(**{"Nama usaha": "Batik Sekar Jagad Baru"}),
            row(NIB=None, **{"Nama usaha": "Tenun Kerek Indah", "Tenaga kerja perempuan": 9}),
        ]
    )
    response = upload(officer_client, edited)
    assert "Diperbarui: 2" in response.content.decode()
    officer_client.post(reverse("organizations:import_confirm"))
    assert Business.objects.count() == 2
    assert Business.objects.get(nib="1234567890123").name == "Batik Sekar Jagad Baru"
    assert Business.objects.get(name="Tenun Kerek Indah").workers_female == 9


def test_each_bad_cell_gets_its_reason_in_indonesian(association):
    desa_elsewhere = Desa.objects.exclude(kecamatan__name="Kerek").exclude(
        name__in=Desa.objects.filter(kecamatan__name="Kerek").values("name")
    )[0]
    rows = [
        row(**{"Desa/kelurahan": "Desa Khayalan"}),
        row(NIB="2222222222222", **{"Desa/kelurahan": desa_elsewhere.name}),
        row(NIB="12345"),
        row(NIB="3333333333333"),
        row(NIB="3333333333333", **{"Nama usaha": "Usaha Kembar"}),
        row(NIB="4444444444444", **{"Tenaga kerja laki-laki": "3 orang"}),
        row(NIB="5555555555555", **{"Tanggal bergabung": "Juli 2025"}),
        row(NIB="6666666666666", **{"Nama pemilik": None}),
    ]
    preview = preview_of(workbook(rows), association=association, editable_ids=set())
    errors = errors_of(preview)
    assert errors[0] == {"Desa/kelurahan": "Desa/kelurahan “Desa Khayalan” tidak dikenal di Kecamatan Kerek."}
    assert errors[1] == {"Desa/kelurahan": f"Desa {desa_elsewhere.name} tidak berada di Kecamatan Kerek."}
    assert errors[2] == {"NIB": "NIB harus 13 angka; tertulis “12345”."}
    assert errors[3] == {}
    assert errors[4] == {"NIB": "NIB ini sudah ada di baris 5 berkas ini."}
    assert errors[5] == {"Tenaga kerja laki-laki": "Angka ditulis sebagai teks (“3 orang”): tulis angkanya saja."}
    assert "Format tanggal “Juli 2025” tidak dikenal" in errors[6]["Tanggal bergabung"]
    assert errors[7] == {"Nama pemilik": "Wajib diisi."}
    assert [r.status for r in preview.sheet("businesses").rows].count("galat") == 7


def test_one_bad_row_blocks_the_whole_import(officer_client, association):
    upload(officer_client, workbook([row(), row(NIB="9999999999999", Kecamatan="Atlantis")]))
    response = officer_client.post(reverse("organizations:import_confirm"))
    assert "Atlantis" not in Business.objects.values_list("name", flat=True)
    assert not Business.objects.filter(nib="1234567890123").exists()
    assert "Kecamatan “Atlantis” tidak ada di Kabupaten Tuban." in response.content.decode()


def test_confirm_without_an_upload_asks_to_upload_again(officer_client):
    response = officer_client.post(reverse("organizations:import_confirm"))
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:import_upload")


def test_a_business_of_another_association_cannot_be_overwritten(officer_client, association):
    outsider = BusinessFactory(nib="7777777777777", name="Milik Asosiasi Lain")
    MembershipFactory(business=outsider)
    response = upload(officer_client, workbook([row(NIB="7777777777777", **{"Nama usaha": "Diambil Alih"})]))
    assert "bukan anggota asosiasi Anda" in response.content.decode()
    officer_client.post(reverse("organizations:import_confirm"))
    outsider.refresh_from_db()
    assert outsider.name == "Milik Asosiasi Lain"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"nama,nib\nBatik,1\n", "anggota.csv", "bukan buku kerja Excel (.xlsx)"),
        (b"PK\x03\x04 not really a zip", "anggota.xlsx", "rusak, dilindungi kata sandi"),
        # A password-protected workbook is an OLE compound file, not a zip.
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "terkunci.xlsx", "dilindungi kata sandi"),
    ],
)
def test_bad_files_get_a_clear_message(officer_client, association, data, name, message):
    response = upload(officer_client, data, name)
    assert message in response.content.decode()
    assert not Business.objects.filter(nib="1234567890123").exists()


def test_a_too_large_file_is_refused_with_the_limit(officer_client, association):
    response = upload(officer_client, b"0" * (5 * 1024 * 1024 + 1))
    assert "paling besar 5 MB" in response.content.decode()


def test_the_upload_page_states_the_size_limit(officer_client):
    assert "5 MB" in officer_client.get(reverse("organizations:import_upload")).content.decode()


def test_formulas_in_cells_are_refused(officer_client, association):
    response = upload(officer_client, workbook([row(**{"Omzet per tahun (Rp)": "=1000*12"})]))
    assert "berisi rumus" in response.content.decode()


def test_a_renamed_column_is_named(officer_client, association):
    headers = [("Omzet setahun" if h == "Omzet per tahun (Rp)" else h) for h in HEADERS]
    response = upload(officer_client, workbook([row()], headers=headers))
    assert "kolom yang tidak dikenal (namanya diubah?): “Omzet setahun”" in response.content.decode()
    assert not Business.objects.exists()


def test_a_missing_key_column_is_named(officer_client, association):
    headers = [h for h in HEADERS if h != "Nama usaha"]
    response = upload(officer_client, workbook([row()], headers=headers))
    assert "tidak punya kolom “Nama usaha” (hilang atau namanya diubah)" in response.content.decode()


def test_an_empty_sheet_is_refused(officer_client, association):
    assert "tidak berisi data" in upload(officer_client, workbook([])).content.decode()
    empty = openpyxl.Workbook()
    output = io.BytesIO()
    empty.save(output)
    assert "tidak berisi data" in upload(officer_client, output.getvalue()).content.decode()


def test_the_template_has_indonesian_headers_instructions_and_drop_downs(officer_client):
    response = officer_client.get(reverse("organizations:import_template"))
    assert response.status_code == 200
    data = response.content
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Usaha IKM", "Produk", "Wilayah pemasaran", "Petunjuk", "Daftar"]
    assert [cell.value for cell in book["Usaha IKM"][1]] == HEADERS
    assert [cell.value for cell in book["Produk"][1]] == PRODUCT_HEADERS
    assert [cell.value for cell in book["Wilayah pemasaran"][1]] == MARKET_HEADERS
    assert book["Daftar"].sheet_state == "hidden"
    assert "Petunjuk pengisian" in book["Petunjuk"]["A1"].value
    archive = zipfile.ZipFile(io.BytesIO(data))

    def lists(number):
        return archive.read(f"xl/worksheets/sheet{number}.xml").decode().count('type="list"')

    assert lists(1) == 5  # legal form, gender, kecamatan, desa, KBLI
    assert lists(2) == 3  # commodity group, KBLI, unit
    assert lists(3) == 3  # reach, destination kecamatan, channel
    columns = {column[0].value: [cell.value for cell in column[1:] if cell.value] for column in book["Daftar"].columns}
    kecamatan = columns["kecamatan"]
    assert "Kerek" in kecamatan and len(kecamatan) == 20


def test_the_template_itself_reads_back_as_an_empty_sheet(officer_client):
    data = officer_client.get(reverse("organizations:import_template")).content
    assert "tidak berisi data" in upload(officer_client, data).content.decode()
