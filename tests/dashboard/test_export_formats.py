"""Exports a person opens by double-click: identifiers stay text, money keeps its decimals,
and the "CSV untuk Excel" flavour has a BOM, semicolons and decimal commas."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from dashboard.models import ExportLog
from registry.models import CommodityGroup, Kbli
from tests.factories import BusinessFactory, desa

from .conftest import KEREK

pytestmark = pytest.mark.django_db

BOM = b"\xef\xbb\xbf"


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def url(dataset, file_format, **params):
    from urllib.parse import urlencode

    return reverse("dashboard:export", args=[dataset, file_format]) + ("?" + urlencode(params) if params else "")


@pytest.fixture
def tricky(registry):
    """A business whose identifiers a spreadsheet would mangle, and money with sen."""
    kbli = Kbli.objects.create(code="01111", version="2020", title="Pertanian jagung", group=CommodityGroup.FOOD)
    return BusinessFactory(
        name="Kopi Ngarè; Sumber Rejeki",
        nib="0220000000001",
        npwp="012345678901234",
        phone="+6281234567890",
        desa=desa("35.23.20.2001"),
        kbli=kbli,
        investment=Decimal("25000000.50"),
        yearly_sales=Decimal("1500"),
    )


def xlsx_cells(response):
    book = openpyxl.load_workbook(io.BytesIO(body(response)))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    rows = {row[header.index("Nama usaha")].value: row for row in sheet.iter_rows(min_row=2)}
    return header, rows


def test_xlsx_keeps_identifiers_as_text_and_money_with_two_decimals(dinas_client, tricky):
    header, rows = xlsx_cells(dinas_client.get(url("businesses", "xlsx")))
    row = rows["Kopi Ngarè; Sumber Rejeki"]

    def cell(column):
        return row[header.index(column)]

    for column, value in (
        ("NIB", "0220000000001"),
        ("NPWP", "012345678901234"),
        ("Telepon/WA", "081234567890"),
        ("Kode KBLI", "01111"),
        ("Kode desa", "35.23.20.2001"),
        ("Kode kecamatan", "35.23.20"),
    ):
        assert (cell(column).data_type, cell(column).value) == ("s", value), column
    investment = cell("Nilai investasi (Rp)")
    assert (investment.data_type, investment.value) == ("n", 25000000.5)
    assert investment.number_format == "#,##0.00"
    assert cell("Omzet per tahun (Rp)").number_format == "#,##0.00"
    # Counts are plain numbers, not money.
    assert cell("Jumlah tenaga kerja").data_type == "n"
    assert cell("Jumlah tenaga kerja").number_format == "General"


def read_excel_csv(data):
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_csv_for_excel_has_a_bom_semicolons_decimal_commas_and_text_identifiers(dinas_client, tricky):
    response = dinas_client.get(url("businesses", "csv-excel"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('-excel.csv"')
    header, *rows = read_excel_csv(body(response))
    assert header[0] == "ID registri"  # the BOM is not part of the first header
    row = next(row for row in rows if row[header.index("Nama usaha")] == "Kopi Ngarè; Sumber Rejeki")
    # Digits-only text is written as a text formula, so Excel does not show 2,2E+11 or drop the 0.
    assert row[header.index("NIB")] == '="0220000000001"'
    assert row[header.index("Telepon/WA")] == '="081234567890"'
    assert row[header.index("Kode KBLI")] == '="01111"'
    assert row[header.index("Kode desa")] == '="35.23.20.2001"'
    # Numbers stay numbers, with the decimal comma Indonesian Excel expects.
    assert row[header.index("Nilai investasi (Rp)")] == "25000000,50"
    assert row[header.index("Omzet per tahun (Rp)")] == "1500,00"
    assert row[header.index("Jumlah tenaga kerja")] == "4"
    # Ordinary text is left alone.
    assert row[header.index("Kecamatan")] == "Grabagan"
    assert row[header.index("Status usaha")] == "Aktif"


def test_csv_for_excel_still_escapes_formulas(dinas_client, registry):
    BusinessFactory(name='=HYPERLINK("http://x")', desa=desa("35.23.20.2001"))
    header, *rows = read_excel_csv(body(dinas_client.get(url("businesses", "csv-excel", kecamatan="35.23.20"))))
    assert rows[0][header.index("Nama usaha")] == '\'=HYPERLINK("http://x")'


def test_plain_csv_stays_for_other_systems(dinas_client, tricky):
    data = body(dinas_client.get(url("businesses", "csv")))
    assert not data.startswith(BOM)
    header, *rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    row = next(row for row in rows if row[header.index("NIB")] == "0220000000001")
    assert row[header.index("Nilai investasi (Rp)")] == "25000000.50"


def test_csv_for_excel_follows_the_personal_data_rules_and_is_logged(client, registry, pimpinan, dinas):
    client.force_login(pimpinan)
    header, *rows = read_excel_csv(body(client.get(url("businesses", "csv-excel", kecamatan=KEREK))))
    assert len(rows) == 2
    assert not {"Nama pemilik", "Telepon/WA", "Email", "Alamat"} & set(header)
    client.force_login(dinas)
    header, *rows = read_excel_csv(body(client.get(url("businesses", "csv-excel", kecamatan=KEREK))))
    assert "Telepon/WA" in header
    leader, staff = ExportLog.objects.order_by("pk")
    assert (leader.file_format, leader.personal_data, leader.row_count) == ("csv-excel", False, 2)
    assert (staff.file_format, staff.personal_data, staff.row_count) == ("csv-excel", True, 2)


def test_a_reader_without_export_permission_cannot_get_the_excel_csv(client, registry, viewer):
    client.force_login(viewer)
    assert client.get(url("businesses", "csv-excel")).status_code == 403
    assert not ExportLog.objects.exists()


def test_the_dashboard_offers_the_excel_csv(dinas_client, registry):
    html = dinas_client.get(reverse("dashboard:index")).content.decode()
    assert url("businesses", "csv-excel") in html
    assert "CSV untuk Excel" in html


def test_every_sheet_and_the_open_data_export_as_csv_for_excel(dinas_client, registry, django_assert_max_num_queries):
    for dataset in ("businesses", "products", "production", "markets", "memberships", "assistance", "opendata"):
        with django_assert_max_num_queries(15):
            data = body(dinas_client.get(url(dataset, "csv-excel", kecamatan=KEREK)))
        header, *rows = read_excel_csv(data)
        assert header and all(len(row) == len(header) for row in rows), dataset


def test_the_command_writes_the_excel_csv_and_its_open_data_metadata(registry, tmp_path):
    from django.core.management import call_command

    output = tmp_path / "usaha.csv"
    call_command("export_registry", dataset="businesses", file_format="csv-excel", output=str(output))
    header, *rows = read_excel_csv(output.read_bytes())
    assert len(rows) == 4 and "NIB" in header
    call_command("export_registry", dataset="opendata", file_format="csv-excel", output=str(tmp_path / "od.csv"))
    read_excel_csv((tmp_path / "od-metadata.csv").read_bytes())
