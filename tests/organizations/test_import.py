"""The officers' spreadsheet import: preview per row and cell, all or nothing, idempotent."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Invitation
from organizations import importer
from organizations.models import Membership
from registry.models import Business, Desa
from tests.factories import BusinessFactory, MembershipFactory

pytestmark = pytest.mark.django_db

HEADERS = [str(column.header) for column in importer.COLUMNS]


def row(**values):
    base = {
        "NIB": "1234567890123",
        "Nama usaha": "Batik Gedog Sekar Jagad",
        "Bentuk badan usaha": "Perorangan",
        "Nama pemilik": "Siti Aminah",
        "Jenis kelamin pemilik": "Perempuan",
        "Telepon/WA": "081234567890",
        "Email": "",
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


def workbook(rows, headers=HEADERS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Usaha IKM"
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(header) for header in headers])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def upload(client, data, name="anggota.xlsx"):
    return client.post(reverse("organizations:import_upload"), {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def association(pengurus):
    return pengurus.officer_roles.get().association


@pytest.fixture
def officer_client(client, pengurus):
    client.force_login(pengurus)
    return client


def preview_of(rows, association=None, editable_ids=None):
    return importer.validate_rows(
        importer.read_workbook(workbook(rows)), association=association, editable_ids=editable_ids
    )


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
    preview = preview_of(rows, association=association, editable_ids=set())
    errors = [r.errors for r in preview.rows]
    assert errors[0] == {"Desa/kelurahan": "Desa/kelurahan tidak dikenal."}
    assert "tidak berada di Kecamatan Kerek" in errors[1]["Desa/kelurahan"]
    assert errors[2] == {"NIB": "NIB harus terdiri dari 13 angka."}
    assert errors[3] == {}
    assert "sudah ada di baris 5" in errors[4]["NIB"]
    assert "ditulis sebagai teks" in errors[5]["Tenaga kerja laki-laki"]
    assert "Format tanggal" in errors[6]["Tanggal bergabung"]
    assert errors[7] == {"Nama pemilik": "Wajib diisi."}
    assert [r.status for r in preview.rows].count("galat") == 7


def test_one_bad_row_blocks_the_whole_import(officer_client, association):
    upload(officer_client, workbook([row(), row(NIB="9999999999999", Kecamatan="Atlantis")]))
    response = officer_client.post(reverse("organizations:import_confirm"))
    assert "Atlantis" not in Business.objects.values_list("name", flat=True)
    assert not Business.objects.filter(nib="1234567890123").exists()
    assert "Kecamatan tidak dikenal" in response.content.decode()


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
        (b"nama,nib\nBatik,1\n", "anggota.csv", "bukan berkas Excel"),
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


def test_missing_or_renamed_columns_are_named(officer_client, association):
    headers = [("Nama Usaha IKM" if h == "Nama usaha" else h) for h in HEADERS if h != "Alamat"]
    response = upload(officer_client, workbook([], headers=headers))
    content = response.content.decode()
    assert "tidak ditemukan" in content and "Nama usaha" in content and "Alamat" in content


def test_an_empty_sheet_is_refused(officer_client, association):
    assert "tidak berisi data" in upload(officer_client, workbook([])).content.decode()
    empty = openpyxl.Workbook()
    output = io.BytesIO()
    empty.save(output)
    assert "kosong" in upload(officer_client, output.getvalue()).content.decode()


def test_the_template_has_indonesian_headers_instructions_and_drop_downs(officer_client):
    response = officer_client.get(reverse("organizations:import_template"))
    assert response.status_code == 200
    data = response.content
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Usaha IKM", "Petunjuk", "Daftar"]
    assert [cell.value for cell in book["Usaha IKM"][1]] == HEADERS
    assert book["Daftar"].sheet_state == "hidden"
    assert "Petunjuk pengisian" in book["Petunjuk"]["A1"].value
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert sheet_xml.count('type="list"') == 5  # kecamatan, desa, KBLI, legal form, gender


def test_the_template_itself_reads_back_as_an_empty_sheet(officer_client):
    data = officer_client.get(reverse("organizations:import_template")).content
    assert "tidak berisi data" in upload(officer_client, data).content.decode()
