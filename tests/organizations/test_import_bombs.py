"""Hostile workbooks: refused or cut short before they cost seconds of CPU or gigabytes."""

import io
import re
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry import importing
from tests.organizations.test_import import row as business_row
from tests.organizations.test_import import workbook
from tests.robust.bombs import peak_memory_mb

pytestmark = pytest.mark.django_db

SHEET = "xl/worksheets/sheet1.xml"


def rewritten(data, changes, extra=()):
    """The workbook `data` with its sheet XML passed through `changes` and `extra` entries
    ((name, chunk iterator)) added, written in streaming fashion so the test stays light."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == SHEET:
                content = changes(content.decode()).encode()
            target.writestr(entry.filename, content)
        for name, chunks in extra:
            with target.open(name, "w") as handle:
                for chunk in chunks:
                    handle.write(chunk)
    return output.getvalue()


def far_row(xml, number=1000000):
    cell = f'<row r="{number}"><c r="B{number}" t="inlineStr"><is><t>Baris jauh di bawah</t></is></c></row>'
    return xml.replace("</sheetData>", f"{cell}</sheetData>")


def declared(xml, ref):
    return re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', xml)


def timed(function, *args):
    started = time.process_time()
    result = function(*args)
    return result, time.process_time() - started


def test_a_sheet_declaring_a_million_rows_reads_only_its_real_rows_quickly():
    data = rewritten(workbook([business_row()]), lambda xml: declared(xml, "A1:XFD1000000"))
    assert len(data) < 20 * 1024
    sheets, seconds = timed(importing.read_workbook, data)
    assert [line for line, _values in sheets["businesses"]] == [2]
    assert seconds < 1


def test_a_row_numbered_one_million_ends_the_sheet_after_a_thousand_empty_rows():
    data = rewritten(workbook([business_row()]), lambda xml: far_row(declared(xml, "A1:Z1000000")))
    sheets, seconds = timed(importing.read_workbook, data)
    assert [line for line, _values in sheets["businesses"]] == [2]
    assert seconds < 1


def test_rows_after_a_few_empty_rows_are_still_read():
    data = rewritten(workbook([business_row()]), lambda xml: far_row(xml, number=500))
    sheets = importing.read_workbook(data)
    assert [line for line, _values in sheets["businesses"]] == [2, 500]


def test_a_workbook_unpacking_to_hundreds_of_megabytes_of_shared_strings_is_refused_unopened():
    chunks = [b"<sst>"] + [b"<si><t>" + b"A" * 1_000_000 + b"</t></si>"] * 30 + [b"</sst>"]
    data = rewritten(workbook([business_row()]), lambda xml: xml, [("xl/sharedStrings.xml", chunks)])
    assert len(data) < 1024 * 1024
    before = peak_memory_mb()
    with pytest.raises(importing.BadFile) as refused:
        importing.read_workbook(data)
    assert "Isi buku kerja terlalu besar untuk diimpor" in str(refused.value)
    assert peak_memory_mb() - before < 40


def test_a_workbook_unpacking_past_the_total_limit_is_refused(settings):
    settings.IMPORT_MAX_UNZIPPED_BYTES = 2 * 1024 * 1024
    padding = [b" " * 1_000_000] * 3
    data = rewritten(workbook([business_row()]), lambda xml: xml, [("xl/media/padding.bin", padding)])
    with pytest.raises(importing.BadFile) as refused:
        importing.read_workbook(data)
    assert "paling besar 2 MB" in str(refused.value)


def test_the_officer_sees_the_zip_bomb_message_next_to_the_file_field(officer_client, association):
    chunks = [b"<sst>"] + [b"<si><t>" + b"A" * 1_000_000 + b"</t></si>"] * 25 + [b"</sst>"]
    data = rewritten(workbook([business_row()]), lambda xml: xml, [("xl/sharedStrings.xml", chunks)])
    response = officer_client.post(
        reverse("organizations:import_upload"), {"file": SimpleUploadedFile("anggota.xlsx", data)}
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert error.startswith("Isi buku kerja terlalu besar untuk diimpor")
