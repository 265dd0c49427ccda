"""Exports: personal data only with permission, numbers as numbers, formulas escaped, every export logged."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from dashboard.exporting import DATASETS, csv_cell, escape_text
from dashboard.models import ExportLog
from tests.factories import BusinessFactory, desa

from .conftest import KEREK, MILLION, TAMBAKBOYO

pytestmark = pytest.mark.django_db

PERSONAL_HEADERS = {"Nama pemilik", "Telepon/WA", "Email", "Alamat", "Lintang", "Bujur"}


def content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def read_csv(response):
    return list(csv.reader(io.StringIO(content(response).decode("utf-8"))))


def read_xlsx(response, sheet=None):
    data = response if isinstance(response, bytes) else content(response)
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    worksheet = book[sheet] if sheet else book.worksheets[0]
    return [list(row) for row in worksheet.iter_rows(values_only=True)], book.sheetnames


def export_url(dataset, file_format, **params):
    from urllib.parse import urlencode

    url = reverse("dashboard:export", args=[dataset, file_format])
    return url + ("?" + urlencode(params) if params else "")


def test_pimpinan_export_has_no_personal_columns_and_dinas_export_has_them(client, registry, dinas, pimpinan):
    client.force_login(pimpinan)
    header, *rows = read_csv(client.get(export_url("businesses", "csv")))
    assert not PERSONAL_HEADERS & set(header)
    assert "Telepon/WA" not in header
    assert registry.batik.phone.replace("+62", "0") not in content(client.get(export_url("businesses", "csv"))).decode()

    client.force_login(dinas)
    header, *rows = read_csv(client.get(export_url("businesses", "csv")))
    assert PERSONAL_HEADERS <= set(header)
    phones = {row[header.index("Telepon/WA")] for row in rows}
    assert registry.batik.phone.replace("+62", "0") in phones


def test_every_export_is_logged_with_user_filters_rows_and_personal_data(client, registry, dinas, pimpinan):
    client.force_login(pimpinan)
    content(client.get(export_url("businesses", "csv", kecamatan=KEREK)))
    client.force_login(dinas)
    content(client.get(export_url("businesses", "xlsx", kecamatan=KEREK, status="aktif")))
    content(client.get(export_url("products", "csv")))
    leader, staff, products = ExportLog.objects.order_by("pk")
    assert (leader.user, leader.dataset, leader.file_format, leader.source) == (pimpinan, "businesses", "csv", "dasbor")
    assert leader.filters == {"kecamatan": KEREK}
    assert (leader.row_count, leader.personal_data) == (2, False)
    assert leader.finished_at is not None
    assert (staff.user, staff.file_format, staff.row_count, staff.personal_data) == (dinas, "xlsx", 2, True)
    assert staff.filters == {"kecamatan": KEREK, "status": "aktif"}
    # Sheets without personal columns are never flagged as carrying personal data.
    assert (products.dataset, products.row_count, products.personal_data) == ("products", 4, False)


def test_xlsx_keeps_numbers_numeric_and_text_as_text(dinas_client, registry):
    rows, sheets = read_xlsx(dinas_client.get(export_url("businesses", "xlsx", kelas="kecil")))
    header, row = rows[0], rows[1]
    assert sheets == ["Usaha IKM"]
    assert row[header.index("Nama usaha")] == "Batik Sekar"
    assert row[header.index("Nilai investasi (Rp)")] == 25 * MILLION
    assert isinstance(row[header.index("Nilai investasi (Rp)")], int | float)
    assert row[header.index("Tenaga kerja perempuan")] == 3
    assert row[header.index("Kode desa")] == "35.23.08.2008"
    assert row[header.index("Kelas industri")] == "Industri Kecil"
    assert row[header.index("Kode KBLI")] == "13134" and row[header.index("Versi KBLI")] == "2020"


def test_csv_is_locale_independent_with_dot_decimals_and_iso_dates(dinas_client, registry, settings):
    assert settings.LANGUAGE_CODE == "id"
    header, *rows = read_csv(dinas_client.get(export_url("production", "csv", tahun="2024")))
    values = {row[header.index("Nilai produksi (Rp)")] for row in rows}
    assert "70000000.00" in values
    assert all("," not in value for value in values)
    header, *rows = read_csv(dinas_client.get(export_url("memberships", "csv")))
    assert header[:3] == ["ID", "ID usaha", "NIB usaha"]


@pytest.mark.parametrize("name", ['=HYPERLINK("x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"])
def test_cells_that_would_start_a_formula_are_escaped_in_csv_and_xlsx(dinas_client, registry, name):
    BusinessFactory(name=name, desa=desa("35.23.20.2001"))
    header, *rows = read_csv(dinas_client.get(export_url("businesses", "csv", kecamatan="35.23.20")))
    assert rows[0][header.index("Nama usaha")] == "'" + name
    rows, _sheets = read_xlsx(dinas_client.get(export_url("businesses", "xlsx", kecamatan="35.23.20")))
    # (openpyxl shows a carriage return as Excel stores it, "_x000D_".)
    assert rows[1][rows[0].index("Nama usaha")].replace("_x000D_", "\r") == "'" + name
    # Numbers are left alone: a negative latitude stays a number, not text.
    assert rows[1][rows[0].index("Tenaga kerja laki-laki")] == 1


def test_escaping_rules():
    assert escape_text("=1+1") == "'=1+1"
    assert escape_text("Batik = seni") == "Batik = seni"
    assert csv_cell(-6.9) == "-6.9"  # numbers are not text, nothing to escape
    from decimal import Decimal

    assert csv_cell(Decimal("1234567.50")) == "1234567.50"
    assert csv_cell(Decimal("1E+3")) == "1000"


def test_exports_honour_the_list_filters_for_every_sheet(dinas_client, registry):
    expected = {"businesses": 2, "products": 2, "production": 3, "markets": 2, "memberships": 0, "assistance": 1}
    for dataset, count in expected.items():
        header, *rows = read_csv(dinas_client.get(export_url(dataset, "csv", kecamatan=KEREK)))
        assert len(rows) == count, dataset
        rows, _ = read_xlsx(dinas_client.get(export_url(dataset, "xlsx", kecamatan=KEREK)))
        assert len(rows) == count + 1, dataset
    assert set(expected) == set(DATASETS)


def test_production_export_carries_every_status_of_the_period(dinas_client, registry):
    header, *rows = read_csv(dinas_client.get(export_url("production", "csv", tahun="2025")))
    assert sorted(row[header.index("Status")] for row in rows) == [
        "Diajukan",
        "Konsep",
        "Terverifikasi",
        "Terverifikasi",
    ]


def test_open_data_has_aggregates_only_and_a_metadata_sheet(dinas_client, registry):
    response = content(dinas_client.get(export_url("opendata", "xlsx")))
    rows, sheets = read_xlsx(response)
    assert sheets == ["Data", "Metadata"]
    header = rows[0]
    assert "Nama usaha" not in header and "Telepon/WA" not in header
    by_key = {(r[1], r[3], r[5]): r for r in rows[1:]}
    kerek_batik = by_key[(KEREK, "kain_batik", "Industri Kecil")]
    assert kerek_batik[header.index("Jumlah IKM aktif")] == 1
    # One business only: workers and production value are suppressed, the count stays.
    assert kerek_batik[header.index("Jumlah tenaga kerja")] is None
    assert kerek_batik[header.index("Nilai produksi (Rp)")] is None
    assert "disamarkan" in kerek_batik[header.index("Keterangan")]
    # The closed terasi maker is not an active IKM.
    assert not [key for key in by_key if key[0] == TAMBAKBOYO]
    meta, _ = read_xlsx(response, "Metadata")
    assert meta[0] == ["Kolom", "Konsep", "Definisi", "Klasifikasi", "Satuan", "Sumber", "Tanggal data"]
    assert {row[0] for row in meta[1:]} >= {"Jumlah IKM aktif", "Nilai produksi (Rp)", "Kode kecamatan"}
    log = ExportLog.objects.get()
    assert (log.dataset, log.personal_data) == ("opendata", False)


def test_open_data_shows_workers_and_value_for_cells_of_three_or_more(dinas_client, registry):
    from tests.factories import ProductFactory, ProductionReportFactory, kbli

    for n in range(3):
        business = BusinessFactory(name=f"Batik Kerek {n}", desa=desa("35.23.08.2008"), kbli=kbli("13134"))
        product = ProductFactory(business=business)
        ProductionReportFactory(product=product, year=2025, production_value=10 * MILLION, status="terverifikasi")
    header, *rows = read_csv(dinas_client.get(export_url("opendata", "csv", kecamatan=KEREK)))
    row = next(r for r in rows if r[3] == "kain_batik" and r[5] == "Industri Kecil")
    # Batik Sekar plus three: 4 businesses, 4 x (1+3) workers, 80 jt + 3 x 10 jt.
    assert row[header.index("Jumlah IKM aktif")] == "4"
    assert row[header.index("Jumlah tenaga kerja")] == "16"
    assert row[header.index("Nilai produksi (Rp)")] == "110000000.00"


@pytest.mark.parametrize("personal", [True, False])
def test_the_fast_row_path_gives_the_same_cells_as_import_export_itself(registry, personal):
    from import_export.resources import ModelResource

    from registry.models import Business
    from registry.resources import RESOURCES

    for resource_class in RESOURCES.values():
        resource = resource_class(include_personal_data=personal)
        export_fields = resource.get_export_fields()
        for instance in resource.export_objects(resource._meta.model.objects.all()):
            for native in (True, False):
                upstream = [
                    ModelResource.export_field(resource, f, instance, force_native_type=native) for f in export_fields
                ]
                assert resource.export_resource(instance, force_native_type=native) == upstream
    assert Business.objects.count() == 4
