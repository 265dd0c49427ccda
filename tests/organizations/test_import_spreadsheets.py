"""The import engine as people meet it: LibreOffice files, dates that cannot exist, NIBs
that lost their 0 or carry spaces; and as the registry keeps it: bulk writes with history
and lost-update protection, a bounded number of queries, a signal for what changed, and an
engine that knows nothing of the apps that plug their sheets into it."""

import ast
import io
import pathlib
import zipfile
from xml.sax.saxutils import escape

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import Membership
from registry import importing
from registry.models import Business
from registry.signals import businesses_changed
from tests.factories import BusinessFactory, MembershipFactory
from tests.organizations.test_import import HEADERS, errors_of, preview_of, row, upload, workbook

pytestmark = pytest.mark.django_db

ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"'
)


def ods_cell(value):
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, tuple):  # ("formula", "of:=1+1", 2)
        _kind, formula, result = value
        return (
            f'<table:table-cell table:formula="{escape(formula)}" office:value-type="float" '
            f'office:value="{result}"><text:p>{result}</text:p></table:table-cell>'
        )
    if isinstance(value, int | float):
        number = f'office:value-type="float" office:value="{value}"'
        return f"<table:table-cell {number}><text:p>{value}</text:p></table:table-cell>"
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def ods(rows, headers=HEADERS, *, title="Usaha IKM", trailing_empty_rows=1048000):
    """An .ods as LibreOffice Calc writes it: mimetype first, the rest of the sheet as one
    repeated empty row."""
    lines = [headers, *([values.get(header) for header in headers] for values in rows)]
    body = "".join("<table:table-row>" + "".join(ods_cell(v) for v in line) + "</table:table-row>" for line in lines)
    body += f'<table:table-row table:number-rows-repeated="{trailing_empty_rows}"><table:table-cell/></table:table-row>'
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES}><office:body>'
        f'<office:spreadsheet><table:table table:name="{title}">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    return output.getvalue()


# --- LibreOffice ---------------------------------------------------------------------------


def test_an_ods_from_libreoffice_is_previewed_and_imported(officer_client, association):
    data = ods([row(**{"Tenaga kerja perempuan": 4, "Omzet per tahun (Rp)": 120000000})])
    response = upload(officer_client, data, "anggota.ods")
    assert "Baru: 1" in response.content.decode()
    officer_client.post(reverse("organizations:import_confirm"))
    business = Business.objects.get(nib="1234567890123")
    assert business.workers_female == 4
    assert business.yearly_sales == 120000000
    assert business.memberships.get().joined_on.isoformat() == "2025-07-01"


def test_an_ods_reads_the_same_rows_as_the_same_xlsx():
    rows = [row(), row(NIB="2222222222222", **{"Nama usaha": "Kedua", "Tenaga kerja laki-laki": 3})]
    assert importing.read_workbook(ods(rows)) == importing.read_workbook(workbook(rows))


def test_formulas_in_an_ods_are_refused_by_cell():
    data = ods([row(**{"Omzet per tahun (Rp)": ("formula", "of:=1000*12", 12000)})])
    with pytest.raises(importing.BadFile) as refused:
        importing.read_workbook(data)
    assert "berisi rumus di sel R2" in str(refused.value)


def test_a_file_that_is_no_workbook_says_how_to_save_as_xlsx_in_libreoffice(officer_client, association):
    response = upload(officer_client, b"nama,nib\nBatik,1\n", "anggota.csv")
    content = response.content.decode()
    assert "LibreOffice Calc" in content
    assert "Excel 2007-365 (.xlsx)" in content
    assert "Buka di Excel" not in content


@pytest.mark.parametrize("url", ["organizations:import_upload", "dinas:import_upload"])
def test_the_file_input_offers_xlsx_and_ods(client, pengurus, dinas, url):
    client.force_login(pengurus if url.startswith("organizations") else dinas)
    content = client.get(reverse(url)).content.decode()
    assert 'accept=".xlsx,.ods,' in content


# --- Dates and NIBs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("31-02-2025", "Tanggal “31-02-2025” tidak mungkin: Februari 2025 hanya sampai tanggal 28."),
        ("29/02/2024", None),  # a leap year: a real date
        ("31-04-2025", "April 2025 hanya sampai tanggal 30"),
        ("17-13-2025", "bulan 13 tidak ada"),
        ("2025-02-30", "Februari 2025 hanya sampai tanggal 28"),
        ("17 Agustus", "Format tanggal “17 Agustus” tidak dikenal"),
    ],
)
def test_an_impossible_date_is_called_impossible_not_a_wrong_format(association, written, message):
    preview = preview_of(workbook([row(**{"Tanggal bergabung": written})]), association)
    errors = errors_of(preview)[0]
    if message is None:
        assert "Tanggal bergabung" not in errors
    else:
        assert message in errors["Tanggal bergabung"]
        if "tidak mungkin" in message:
            assert "Format" not in errors["Tanggal bergabung"]


def test_a_12_digit_nib_hints_that_its_leading_zero_was_lost(association):
    errors = errors_of(preview_of(workbook([row(NIB="123456789012")]), association))[0]
    assert errors["NIB"].startswith("NIB harus 13 angka; tertulis “123456789012”.")
    assert "bila NIB diawali angka 0, angka itu mungkin hilang" in errors["NIB"]
    other = errors_of(preview_of(workbook([row(NIB="12345")]), association))[0]
    assert "mungkin hilang" not in other["NIB"]


def test_a_nib_written_with_spaces_is_imported_without_them(officer_client, association):
    upload(officer_client, workbook([row(NIB="0123 4567 89012")]))
    officer_client.post(reverse("organizations:import_confirm"))
    assert Business.objects.filter(nib="0123456789012").exists()


@pytest.fixture
def owned(pelaku):
    return BusinessFactory(owner=pelaku, nib=None)


def identity(business, **changes):
    data = {
        "name": business.name,
        "brand": business.brand,
        "legal_form": business.legal_form,
        "nib": "",
        "npwp": business.npwp,
        "kbli": "",
        "year_started": "",
        "owner_name": business.owner_name,
        "owner_gender": business.owner_gender,
        "phone": business.phone,
        "email": business.email,
        "version": business.version,
    }
    data.update(changes)
    return data


def test_the_business_form_accepts_a_nib_typed_with_spaces(client, pelaku, owned):
    client.force_login(pelaku)
    response = client.post(reverse("owner:identity", args=[owned.pk]), identity(owned, nib=" 1234 5678 90123 "))
    assert response.status_code == 302
    owned.refresh_from_db()
    assert owned.nib == "1234567890123"


def test_the_business_form_hints_at_a_lost_zero_beside_a_12_digit_nib(client, pelaku, owned):
    client.force_login(pelaku)
    response = client.post(reverse("owner:identity", args=[owned.pk]), identity(owned, nib="123456789012"))
    assert response.status_code == 200
    assert response.context["form"].errors["nib"] == ["NIB harus terdiri dari 13 angka."]
    assert "angka itu mungkin hilang" in response.content.decode()
    owned.refresh_from_db()
    assert owned.nib is None
    other = client.post(reverse("owner:identity", args=[owned.pk]), identity(owned, nib="12345"))
    assert "mungkin hilang" not in other.content.decode()


def test_the_new_business_form_reads_a_nib_with_spaces(client, pelaku):
    from registry.forms import BusinessCreateForm

    form = BusinessCreateForm(data={"nib": "1234 5678 90123"})
    form.is_valid()
    assert "nib" not in form.errors
    assert form.cleaned_data["nib"] == "1234567890123"


# --- Bulk writes ---------------------------------------------------------------------------


def test_imported_rows_have_their_history_with_the_officer(officer_client, association, pengurus):
    upload(officer_client, workbook([row()]))
    officer_client.post(reverse("organizations:import_confirm"))
    business = Business.objects.get(nib="1234567890123")
    created = business.history.get()
    assert created.history_type == "+"
    assert created.history_user == pengurus
    assert created.name == "Batik Gedog Sekar Jagad"
    assert created.workers_female == 4
    assert business.memberships.get().history.get().history_type == "+"

    upload(officer_client, workbook([row(**{"Tenaga kerja perempuan": 9})]))
    officer_client.post(reverse("organizations:import_confirm"))
    business.refresh_from_db()
    assert business.workers_female == 9
    assert business.version == 2  # as a save() would have raised it
    changed = business.history.order_by("-history_id").first()
    assert (changed.history_type, changed.workers_female, changed.history_user) == ("~", 9, pengurus)


def test_a_record_saved_by_someone_else_during_the_import_stops_it(association, monkeypatch):
    member = BusinessFactory(nib="1234567890123", name="Lama", workers_female=1)
    MembershipFactory(business=member, association=association)
    original = importing.Validation.run

    def run_then_someone_saves(self):
        preview = original(self)
        Business.objects.filter(pk=member.pk).update(version=F("version") + 1, name="Diubah pemilik")
        return preview

    monkeypatch.setattr(importing.Validation, "run", run_then_someone_saves)
    scope = importing.Scope(association=association, editable_business_ids={member.pk})
    result = importing.apply(importing.read_workbook(workbook([row(**{"Tenaga kerja perempuan": 7})])), scope)
    assert not result.applied
    assert "Tidak ada yang disimpan" in result.conflict
    member.refresh_from_db()
    assert member.workers_female == 1


def test_queries_do_not_grow_with_the_rows(association):
    def queries_for(count):
        rows = [row(NIB=f"35230{i:08d}", **{"Nama usaha": f"Usaha {i}"}) for i in range(count)]
        sheets = importing.read_workbook(workbook(rows))
        with CaptureQueriesContext(connection) as captured:
            result = importing.apply(sheets, importing.Scope(association=association), invite=True)
        assert result.applied
        Membership.objects.all().delete()
        Business.objects.all().delete()
        return len(captured)

    # SQLite takes at most 999 values per insert (about 30 businesses): queries grow with
    # those batches, never with the rows.
    few, many = queries_for(3), queries_for(100)
    assert many <= few + 10


def test_the_businesses_changed_signal_names_what_the_import_wrote(association):
    untouched = BusinessFactory(nib="9999999999999")
    received = []

    def receiver(sender, business_ids, **kwargs):
        received.append(sorted(business_ids))

    businesses_changed.connect(receiver)
    try:
        sheets = importing.read_workbook(workbook([row(), row(NIB="2222222222222", **{"Nama usaha": "Kedua"})]))
        importing.apply(sheets, importing.Scope(association=association), dry_run=True)
        assert received == []
        importing.apply(sheets, importing.Scope(association=association))
    finally:
        businesses_changed.disconnect(receiver)
    assert received == [sorted(Business.objects.exclude(pk=untouched.pk).values_list("pk", flat=True))]
    assert len(received[0]) == 2


# --- Seams ---------------------------------------------------------------------------------


def test_the_engine_imports_no_app_built_on_the_registry():
    engine = pathlib.Path(importing.__file__).parent
    higher = {"organizations", "aid", "catalogue", "dashboard", "reporting", "demo"}
    found = []
    for path in engine.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            found += [f"{path.name}: {name}" for name in names if name.split(".")[0] in higher]
    assert found == []


def test_memberships_and_aid_plug_their_sheets_in_after_the_registrys_own():
    keys = [sheet.key for sheet in importing.SHEETS]
    assert keys == ["businesses", "products", "production", "markets", "memberships", "assistance"]
    assert importing.SHEETS_BY_KEY["memberships"].resource.__module__ == "organizations.resources"
    assert importing.SHEETS_BY_KEY["assistance"].validator.__module__ == "aid.import_sheets"
