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
from registry.models import Business, Desa, Product
from tests.factories import BusinessFactory, MembershipFactory

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
        "Kelompok komoditas": "Kain batik",
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
    assert "bukan anggota aktif asosiasi Anda" in response.content.decode()
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
    # The desa drop-down lists the desa of the row's kecamatan only.
    assert "Margorejo" in columns["desa Kerek"] and "Kebonsari" not in columns["desa Kerek"]
    assert "desa_Kerek" in book.defined_names
    desa_rule = archive.read("xl/worksheets/sheet1.xml").decode()
    assert 'INDIRECT("desa_"&amp;SUBSTITUTE(J2," ","_"))' in desa_rule


def test_the_template_itself_reads_back_as_an_empty_sheet(officer_client):
    data = officer_client.get(reverse("organizations:import_template")).content
    assert "tidak berisi data" in upload(officer_client, data).content.decode()


# --- Products and market areas ----------------------------------------------------------------


def test_products_and_markets_are_imported_with_their_business(officer_client, association):
    data = workbook(
        [row(), row(NIB=None, **{"Nama usaha": "Tenun Kerek Indah"})],
        products=[product_row(), product_row(**{"NIB usaha": None, "Nama usaha": "Tenun Kerek Indah"})],
        markets=[
            market_row(),
            market_row(**{"Jangkauan": "Dalam kecamatan", "Kecamatan tujuan": "Tuban", "Porsi penjualan (%)": 40}),
        ],
    )
    response = upload(officer_client, data)
    assert "Baru: 6" in response.content.decode()
    officer_client.post(reverse("organizations:import_confirm"))
    batik = Product.objects.get(business__nib="1234567890123")
    assert batik.name == "Kain batik gedog tulis" and batik.unit == "lembar" and batik.price == 350000
    assert Product.objects.get(business__name="Tenun Kerek Indah").category == "kain_batik"
    assert sorted(
        (m.level, m.kecamatan.name if m.kecamatan else "", m.share_percent) for m in batik.market_areas.all()
    ) == [
        ("kabupaten", "", 60),
        ("kecamatan", "Tuban", 40),
    ]
    again = upload(officer_client, data)
    assert "Tidak berubah: 6" in again.content.decode()


def test_shares_of_one_product_may_not_pass_100_percent_across_the_file(association):
    data = workbook(
        [row()],
        products=[product_row()],
        markets=[market_row(), market_row(**{"Jangkauan": "Nasional", "Porsi penjualan (%)": 50})],
    )
    errors = errors_of(preview_of(data, association=association, editable_ids=set()), "markets")
    assert errors[0] == {}
    assert "paling banyak 100% (sudah terisi 60" in errors[1]["Porsi penjualan (%)"]


def test_a_product_naming_an_unknown_business_or_a_bad_unit_is_an_error(association):
    data = workbook(
        [row()],
        products=[
            product_row(**{"NIB usaha": None, "Nama usaha": "Usaha Tak Ada"}),
            product_row(**{"Nama produk": "Gula aren", "Satuan": "karung"}),
        ],
    )
    errors = errors_of(preview_of(data, association=association, editable_ids=set()), "products")
    assert "Usaha “Usaha Tak Ada” tidak ada di lembar Usaha IKM" in errors[0]["Nama usaha"]
    assert errors[1]["Satuan"].startswith("Pilihan “karung” tidak dikenal; pilih salah satu: kilogram, gram")


def test_a_product_of_a_business_with_a_bad_row_is_held_back_too(association):
    data = workbook([row(Kecamatan="Atlantis")], products=[product_row()])
    preview = preview_of(data, association=association, editable_ids=set())
    assert errors_of(preview, "products")[0] == {"": "Baris usaha yang dirujuk (baris 2) bergalat."}


def test_an_officer_cannot_add_products_to_a_non_member(officer_client, association):
    outsider = BusinessFactory(nib="7777777777777")
    response = upload(officer_client, workbook([row()], products=[product_row(**{"NIB usaha": "7777777777777"})]))
    assert f"Usaha “{outsider.name}” bukan anggota aktif asosiasi Anda." in response.content.decode()
    officer_client.post(reverse("organizations:import_confirm"))
    assert not outsider.products.exists()
    assert not Business.objects.filter(nib="1234567890123").exists()


def test_an_officer_update_sends_a_verified_profile_back_to_dinas(officer_client, association):
    member = BusinessFactory(nib="1234567890123", verification_status=Business.Verification.VERIFIED)
    MembershipFactory(business=member, association=association, member_number="00007")
    upload(officer_client, workbook([row(**{"Tenaga kerja perempuan": 12})]))
    officer_client.post(reverse("organizations:import_confirm"))
    member.refresh_from_db()
    assert member.workers_female == 12
    assert member.verification_status == Business.Verification.SUBMITTED
    assert member.memberships.get().member_number == "00007"


def test_new_members_land_in_the_chosen_sub_unit(officer_client, association):
    from tests.factories import AssociationFactory

    unit = AssociationFactory(parent=association, unit_kind="kecamatan", name="Unit Kerek")
    upload(officer_client, workbook([row()]), unit=unit.pk)
    officer_client.post(reverse("organizations:import_confirm"))
    membership = Membership.objects.get(business__nib="1234567890123")
    assert membership.association == unit and membership.umbrella == association


def test_an_officer_cannot_pick_another_association_as_unit(officer_client, association):
    from tests.factories import AssociationFactory

    other = AssociationFactory()
    response = upload(officer_client, workbook([row()]), unit=other.pk)
    assert "unit" in response.context["form"].errors
    assert officer_client.session.get("registry_import_asosiasi") is None


def test_an_edit_made_between_preview_and_confirm_is_not_overwritten(officer_client, association):
    member = BusinessFactory(nib="1234567890123", workers_female=2)
    MembershipFactory(business=member, association=association)
    upload(officer_client, workbook([row(**{"Tenaga kerja perempuan": 12})]))
    Business.objects.filter(pk=member.pk).update(workers_female=3)  # the owner saves meanwhile
    officer_client.post(reverse("organizations:import_confirm"))
    member.refresh_from_db()
    assert member.workers_female == 12  # re-validated on confirm: the sheet's value, knowingly


def test_a_failure_while_saving_leaves_nothing_behind(officer_client, association, monkeypatch):
    from django.db import IntegrityError

    upload(officer_client, workbook([row(), row(NIB="2222222222222", **{"Nama usaha": "Kedua"})]))
    # The import writes in bulk: the database refuses the enrolment of the second business,
    # after both businesses (and their history) were inserted.
    manager_class = type(Membership._default_manager)
    original = manager_class.bulk_create

    def fail_on_second(self, objs, *args, **kwargs):
        if self.model is Membership and any(m.business.name == "Kedua" for m in objs):
            raise IntegrityError("simulated")
        return original(self, objs, *args, **kwargs)

    monkeypatch.setattr(manager_class, "bulk_create", fail_on_second)
    response = officer_client.post(reverse("organizations:import_confirm"))
    assert "Tidak ada yang disimpan" in response.content.decode()
    assert not Business.objects.exists()
    assert not Membership.objects.exists()
    assert not Invitation.objects.exists()


# --- Who may import ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["import_upload", "import_template"])
def test_non_officers_get_403_on_the_officers_import(client, pelaku, name):
    client.force_login(pelaku)
    assert client.get(reverse(f"organizations:{name}")).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client):
    assert client.get(reverse("organizations:import_upload")).status_code == 302


@pytest.mark.parametrize("name", ["import_upload", "import_template"])
def test_officers_and_staff_without_import_permission_get_403_on_the_dinas_import(client, pengurus, pimpinan, name):
    for user in (pengurus, pimpinan):
        client.force_login(user)
        assert client.get(reverse(f"dinas:{name}")).status_code == 403


def test_dinas_staff_import_any_business_without_making_members(dinas_client):
    other = BusinessFactory(nib="7777777777777", name="Nama Lama")
    upload(dinas_client, workbook([row(NIB="7777777777777", **{"Nama usaha": "Nama Baru"})]), url="dinas:import_upload")
    response = dinas_client.post(reverse("dinas:import_confirm"))
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.name == "Nama Baru"
    assert not Membership.objects.exists()
    assert not Invitation.objects.exists()


def test_preview_page_queries_stay_bounded(officer_client, association, django_assert_max_num_queries):
    small = workbook([row(NIB=f"{i:013d}", **{"Nama usaha": f"Usaha {i}"}) for i in range(1, 4)])
    large = workbook([row(NIB=f"{i:013d}", **{"Nama usaha": f"Usaha {i}"}) for i in range(1, 121)])
    with django_assert_max_num_queries(40):
        upload(officer_client, small)
    with django_assert_max_num_queries(40):
        assert "Baru: 120" in upload(officer_client, large).content.decode()


def test_an_applicant_or_a_former_member_is_not_the_officers_to_edit(officer_client, association):
    applicant = BusinessFactory(nib="1234567890123", name="Masih Mengajukan")
    MembershipFactory(business=applicant, association=association, status="diajukan", member_number="")
    former = BusinessFactory(nib="2222222222222", name="Sudah Keluar")
    MembershipFactory(business=former, association=association, status="keluar", member_number="00003")
    data = workbook([row(**{"Nama usaha": "Diubah"}), row(NIB="2222222222222", **{"Nama usaha": "Diubah Juga"})])
    response = upload(officer_client, data)
    assert response.content.decode().count("bukan anggota aktif asosiasi Anda") >= 2
    officer_client.post(reverse("organizations:import_confirm"))
    assert set(Business.objects.values_list("name", flat=True)) == {"Masih Mengajukan", "Sudah Keluar"}


def test_new_members_with_an_email_get_their_claim_link_by_email(
    officer_client, association, mailoutbox, django_capture_on_commit_callbacks
):
    data = workbook([row(Email="sekar@example.id"), row(NIB="2222222222222", **{"Nama usaha": "Tanpa Email"})])
    upload(officer_client, data)
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the commit
        response = officer_client.post(reverse("organizations:import_confirm"))
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sekar@example.id"]
    assert association.name in mailoutbox[0].body
    link = next(line for line in mailoutbox[0].body.splitlines() if "/akun/" in line)
    assert link.strip() in response.content.decode()
    assert "1 tautan sudah dikirim ke email usahanya." in response.content.decode()


def test_officers_may_not_import_statuses_or_dinas_sheets(officer_client, association):
    headers = [*HEADERS, "Status usaha"]
    response = upload(officer_client, workbook([row(**{"Status usaha": "Tutup"})], headers=headers))
    assert "Kolom “Status usaha” di lembar Usaha IKM hanya dapat diimpor oleh Dinas." in response.content.decode()
    response = upload(
        officer_client,
        workbook([{"ID produk": 1, "Tahun": 2025}], ["ID produk", "Tahun", "Periode"], title="Laporan produksi"),
    )
    assert "Lembar Laporan produksi hanya dapat diimpor oleh Dinas." in response.content.decode()
    assert not Business.objects.exists()


def test_a_template_downloaded_in_english_reads_back_in_indonesian(association):
    from django.utils import translation

    with translation.override("en"):
        data = importing.build_template()
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames[0] != BUSINESS_SHEET  # the titles and headers really are English
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    english = {header: value for header, value in zip(HEADERS, headers, strict=True)}
    sheet.append([row().get(indonesian) for indonesian in english])
    output = io.BytesIO()
    book.save(output)
    preview = preview_of(output.getvalue(), association=association, editable_ids=set())
    assert preview.counts["Baru"] == 1 and not preview.has_errors


def test_the_admin_business_list_links_to_the_dinas_import_for_staff_who_may_import(client, dinas, pimpinan):
    link = f'href="{reverse("dinas:import_upload")}"'
    client.force_login(dinas)
    assert link in client.get(reverse("admin:registry_business_changelist")).content.decode()
    client.force_login(pimpinan)
    assert link not in client.get(reverse("admin:registry_business_changelist")).content.decode()
