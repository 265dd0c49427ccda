"""Assistance sheets carry the source of each row; only Dinas imports them, and no sheet
makes or unmakes a programme row (issue 12)."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry import importing
from registry.models import Assistance
from tests.factories import AssistanceFactory, BusinessFactory, MembershipFactory

pytestmark = pytest.mark.django_db

HEADERS = ["NIB usaha", "Program", "Instansi pemberi", "Tahun", "Jenis bantuan", "Yang diberikan", "Status"]


def sheet(rows, headers=HEADERS):
    book = openpyxl.Workbook()
    worksheet = book.active
    worksheet.title = "Bantuan"
    worksheet.append(headers)
    for values in rows:
        worksheet.append([values.get(header) for header in headers])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def aid_row(**values):
    return {
        "NIB usaha": "1234567890123",
        "Program": "Bantuan Mesin Jahit",
        "Instansi pemberi": "Disnakerin",
        "Tahun": 2025,
        "Jenis bantuan": "Bantuan alat",
        "Yang diberikan": "Mesin jahit",
        "Status": "Diserahkan",
        **values,
    }


def dinas_import(data):
    return importing.apply(importing.read_workbook(data), importing.Scope())


@pytest.fixture
def business(db):
    return BusinessFactory(nib="1234567890123")


def test_the_export_carries_the_source_of_each_row(business):
    AssistanceFactory(business=business, source=Assistance.Source.OWNER)
    dataset = importing.SHEETS_BY_KEY["assistance"].instance().export(Assistance.objects.all())
    assert "Sumber data" in dataset.headers
    assert dataset.dict[0]["Sumber data"] == "Dilaporkan pemilik"


def test_dinas_imports_rows_as_dinas_records_by_default_or_as_owner_reports(business):
    data = sheet(
        [aid_row(), aid_row(Program="Pelatihan Bank Jatim", **{"Sumber data": "Dilaporkan pemilik"})],
        [*HEADERS, "Sumber data"],
    )
    result = dinas_import(data)
    assert result.applied
    assert dict(Assistance.objects.values_list("programme", "source")) == {
        "Bantuan Mesin Jahit": "dinas",
        "Pelatihan Bank Jatim": "pemilik",
    }


def test_a_sheet_cannot_make_a_programme_row_or_turn_one_into_another(business):
    result = dinas_import(sheet([aid_row(**{"Sumber data": "Program bantuan"})], [*HEADERS, "Sumber data"]))
    assert not result.applied
    assert not Assistance.objects.exists()
    AssistanceFactory(
        business=business, programme="Bantuan Mesin Jahit", year=2025, kind="alat", source=Assistance.Source.PROGRAMME
    )
    result = dinas_import(sheet([aid_row(**{"Sumber data": "Dicatat Dinas"})], [*HEADERS, "Sumber data"]))
    assert not result.applied
    assert Assistance.objects.get().source == "program"


def test_officers_cannot_import_an_assistance_sheet_at_all(client, pengurus, business):
    association = pengurus.officer_roles.get().association
    MembershipFactory(business=business, association=association)
    client.force_login(pengurus)
    response = client.post(
        reverse("organizations:import_upload"),
        {"file": SimpleUploadedFile("bantuan.xlsx", sheet([aid_row(**{"Sumber data": "Dicatat Dinas"})]))},
    )
    assert "Lembar Bantuan hanya dapat diimpor oleh Dinas." in response.content.decode()
    assert not Assistance.objects.exists()
