"""`manage.py export_registry`: every sheet, both formats, filters, logged as a system export."""

import csv
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from dashboard.models import ExportLog
from tests.factories import MembershipFactory

from .conftest import KEREK

pytestmark = pytest.mark.django_db

EXPECTED_ROWS = {
    "businesses": 4,
    "products": 4,
    "production": 6,
    "markets": 3,
    "memberships": 1,
    "assistance": 4,
}


def export(tmp_path, dataset, file_format, *args):
    output = tmp_path / f"{dataset}.{file_format}"
    out = StringIO()
    call_command(
        "export_registry", "--dataset", dataset, "--format", file_format, "--output", str(output), *args, stdout=out
    )
    return output, out.getvalue()


@pytest.mark.parametrize("dataset", sorted(EXPECTED_ROWS))
def test_every_dataset_exports_to_csv_and_xlsx_and_is_logged_as_a_system_export(tmp_path, registry, dataset):
    MembershipFactory(business=registry.batik)
    path, out = export(tmp_path, dataset, "csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == EXPECTED_ROWS[dataset] + 1
    assert f"{EXPECTED_ROWS[dataset]} baris ditulis" in out
    path, _ = export(tmp_path, dataset, "xlsx")
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    assert sum(1 for _ in sheet.iter_rows()) == EXPECTED_ROWS[dataset] + 1
    logs = list(ExportLog.objects.filter(dataset=dataset).order_by("pk"))
    assert [(log.file_format, log.source, log.user, log.row_count) for log in logs] == [
        ("csv", "perintah", None, EXPECTED_ROWS[dataset]),
        ("xlsx", "perintah", None, EXPECTED_ROWS[dataset]),
    ]


def test_system_exports_carry_personal_data_unless_asked_not_to(tmp_path, registry):
    path, _ = export(tmp_path, "businesses", "csv")
    assert "Telepon/WA" in path.read_text(encoding="utf-8").splitlines()[0]
    path, _ = export(tmp_path, "businesses", "csv", "--without-personal-data")
    assert "Telepon/WA" not in path.read_text(encoding="utf-8").splitlines()[0]
    assert list(ExportLog.objects.order_by("pk").values_list("personal_data", flat=True)) == [True, False]


def test_filters_apply_on_the_command_line_too(tmp_path, registry):
    path, _ = export(tmp_path, "businesses", "csv", "--kecamatan", KEREK, "--year", "2025")
    assert len(path.read_text(encoding="utf-8").splitlines()) == 3
    assert ExportLog.objects.get().filters == {"tahun": "2025", "kecamatan": KEREK}
    with pytest.raises(CommandError, match="Saringan tidak sah"):
        export(tmp_path, "businesses", "csv", "--kecamatan", "99.99")


def test_open_data_csv_comes_with_its_metadata_file(tmp_path, registry):
    path, out = export(tmp_path, "opendata", "csv")
    metadata = tmp_path / "opendata-metadata.csv"
    assert metadata.exists()
    assert metadata.read_text(encoding="utf-8").startswith(
        "Kolom,Konsep,Definisi,Klasifikasi,Satuan,Sumber,Tanggal data"
    )
    assert path.read_text(encoding="utf-8").startswith("Tahun data produksi,Kode kecamatan")
    path, _ = export(tmp_path, "opendata", "xlsx")
    assert openpyxl.load_workbook(path, read_only=True).sheetnames == ["Data", "Metadata"]


def test_unknown_dataset_is_refused(tmp_path, db):
    with pytest.raises(CommandError):
        export(tmp_path, "passwords", "csv")
