"""Spreadsheet import of the registry: one engine for the association's officers
(/asosiasi/impor/), Dinas staff (/dinas/impor/) and `manage.py import_registry`.

The sheets are the Resources of registry/resources.py: their column names, choices and
natural keys are the single definition of what a sheet holds, for exports and imports
alike. A workbook written by the dashboard's export reads back in, and so does the
officers' template (a subset of the same columns, with names instead of codes for desa,
kecamatan and the business a product belongs to).

Three steps, as pretix does it:

1. `read_workbook` turns the file into plain rows (JSON-safe, so a preview can wait in the
   session) and refuses a bad file as a whole: not an xlsx, encrypted, formulas, unknown
   or missing columns, too many rows, no data.
2. `validate` checks every row against reference tables loaded once, matches existing
   records by natural key (a business by NIB, else by name within its desa) and says per
   row what applying it would do (new, updated, unchanged, error) and per cell why not.
   It writes nothing.
3. `apply` runs the same validation inside one transaction and saves every row, or
   nothing when any row fails. Saves go through Model.save(), so simple-history keeps who
   changed what, and optimistic locking refuses to overwrite an edit made in between.

Speed: the queries do not grow with the rows during validation (one per sheet for each
reference table and each kind of match); applying costs a few queries per changed row
(the save and its history row) and none for unchanged rows.
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import openpyxl  # reads XML through defusedxml when installed: hostile workbooks are refused
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets
from openpyxl.utils.exceptions import InvalidFileException

from tuban_ikm.locking import ConcurrentEditError

from . import resources
from .models import Business, Desa, Kbli, Kecamatan, MarketArea, Product, ProductionReport
from .services import business_record_owner_edit
from .signals import collecting_changes
from .validators import digits_only

MAX_ROWS_PER_SHEET = 20000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # as dashboard.exporting.FORMULA_PREFIXES
MAX_UPLOAD_MB = 5

NEW, UPDATED, UNCHANGED, ERROR = "baru", "diperbarui", "tidak berubah", "galat"
STATUS_LABELS = {
    NEW: gettext_lazy("Baru"),
    UPDATED: gettext_lazy("Diperbarui"),
    UNCHANGED: gettext_lazy("Tidak berubah"),
    ERROR: gettext_lazy("Galat"),
}
ROW = ""  # errors about the row as a whole, not one cell


class BadFile(Exception):
    """The workbook cannot be imported at all; the message says why, in Indonesian."""


# --- The sheets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """One kind of sheet: its Resource, what the officers' template asks for, what must be there."""

    key: str
    resource: type
    #: Resource field names of the officers' template, in order (None: not in the template).
    template_fields: tuple | None
    #: Of those, the ones a new record cannot do without.
    required_fields: tuple
    #: Groups of columns of which at least one must be in the header row.
    needed_columns: tuple
    #: Read-only export columns that the import still reads (to find desa, business, product).
    lookup_fields: tuple = ()
    #: Template columns that are not the Resource's (read by the import, not by the model).
    extra_fields: tuple = ()

    @property
    def fields(self):
        return {**self.resource.fields, **{f.attribute: f for f in self.extra_fields}}

    def title(self):
        return str(self.resource.sheet_title)

    def column_order(self):
        """Field names in the order people see them: the template's, then the export's."""
        return [*(self.template_fields or ()), *self.resource._meta.fields, *self.fields]

    def instance(self):
        return self.resource(include_personal_data=True)


SHEETS = (
    Sheet(
        "businesses",
        resources.BusinessResource,
        template_fields=(
            *("nib", "name", "brand", "legal_form", "owner_name", "owner_gender", "phone", "email"),
            *("address", "kecamatan_name", "desa_name", "year_started", "kbli", "workers_male"),
            *("workers_female", "investment", "land_building_value", "yearly_sales", "joined_on"),
        ),
        required_fields=("name", "owner_name", "owner_gender", "address", "kecamatan_name", "desa_name"),
        needed_columns=(("name",), ("desa", "desa_name")),
        lookup_fields=("id", "desa_name", "kecamatan_name", "kbli_version"),
        # When the business joined the association (officers' template; empty: today).
        extra_fields=(resources.day("joined_on", gettext_lazy("Tanggal bergabung")),),
    ),
    Sheet(
        "products",
        resources.ProductResource,
        template_fields=(
            *("business_nib", "business_name", "name", "category", "kbli", "sku", "unit"),
            *("installed_capacity_per_month", "production_capacity_per_month", "price", "description"),
        ),
        required_fields=("business_name", "name", "category", "unit"),
        needed_columns=(("name",), ("business", "business_nib", "business_name")),
        lookup_fields=("id", "business_nib", "business_name", "business_kecamatan", "kbli_version"),
    ),
    Sheet(
        "production",
        resources.ProductionReportResource,
        template_fields=None,
        required_fields=("year", "semester", "quantity", "production_value"),
        needed_columns=(("product", "product_name"), ("year",), ("semester",)),
        lookup_fields=("product_name", "business", "business_nib", "business_name"),
    ),
    Sheet(
        "markets",
        resources.MarketAreaResource,
        template_fields=(
            *("business_nib", "business_name", "product_name", "level", "kecamatan_name", "region_code"),
            *("country", "share_percent", "channel"),
        ),
        required_fields=("business_name", "product_name", "level", "share_percent", "channel"),
        needed_columns=(("product", "product_name"), ("level",)),
        lookup_fields=("product_name", "business", "business_nib", "business_name", "kecamatan_name"),
    ),
    Sheet(
        "memberships",
        resources.MembershipResource,
        template_fields=None,
        required_fields=("status",),
        needed_columns=(("association",), ("business", "business_nib", "business_name")),
        lookup_fields=("business", "business_nib", "business_name", "business_kecamatan", "association", "umbrella"),
    ),
    Sheet(
        "assistance",
        resources.AssistanceResource,
        template_fields=None,
        required_fields=("programme", "agency", "year", "kind", "item"),
        needed_columns=(("programme",), ("year",), ("kind",), ("business", "business_nib", "business_name")),
        lookup_fields=("business", "business_nib", "business_name", "business_kecamatan"),
    ),
)
SHEETS_BY_KEY = {sheet.key: sheet for sheet in SHEETS}
TEMPLATE_SHEETS = tuple(sheet for sheet in SHEETS if sheet.template_fields)


def _column_names(sheet):
    """{header as written, lower-case: field name} in every interface language."""
    names = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for name, resource_field in sheet.fields.items():
                names[str(resource_field.column_name).strip().lower()] = name
    return names


def _header(sheet, name):
    return str(sheet.fields[name].column_name)


# --- Step 1: read -------------------------------------------------------------------------


def _plain(value):
    """A cell as JSON-safe data: dates get a marker, text is stripped, the rest stays."""
    if isinstance(value, datetime.datetime):
        return {"date": value.date().isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, datetime.time):
        return str(value)
    if isinstance(value, str):
        value = value.strip()
        if value[:1] == "'" and value[1:2] in FORMULA_STARTS:
            value = value[1:]  # our exports write '=... so that no spreadsheet runs it: undo that
        return value or None
    return value


def _check_unpacked_size(data):
    """Refuse zip bombs before openpyxl unpacks anything: a 1 MB upload can hold hundreds of
    megabytes of XML. The sizes come from the zip's directory; Python's zipfile never
    unpacks more than an entry declares (it stops there and fails the CRC check)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: read_workbook gives the usual "not an Excel workbook" message
    total = sum(entry.file_size for entry in entries)
    shared = sum(entry.file_size for entry in entries if entry.filename.lower().endswith("sharedstrings.xml"))
    total_limit = settings.IMPORT_MAX_UNZIPPED_BYTES
    shared_limit = settings.IMPORT_MAX_SHARED_STRINGS_BYTES
    if total > total_limit or shared > shared_limit:
        raise BadFile(
            _(
                "Isi buku kerja terlalu besar untuk diimpor: %(size)s MB setelah dibuka, paling besar %(max)s MB "
                "(teks berulang paling besar %(max_text)s MB). Bagi data menjadi beberapa berkas, atau salin "
                "lalu tempel sebagai nilai saja ke templat yang baru."
            )
            % {
                "size": f"{max(total, shared) / 2**20:.0f}",
                "max": f"{total_limit / 2**20:.0f}",
                "max_text": f"{shared_limit / 2**20:.0f}",
            }
        )


def read_workbook(data):
    """Return {sheet key: [(line, {field name: value})]} from xlsx bytes, or raise BadFile."""
    _check_unpacked_size(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, OSError, KeyError):
        # An encrypted workbook is an OLE file, not a zip: it lands here like an .xls or a PDF.
        raise BadFile(
            _(
                "Berkas bukan buku kerja Excel yang dapat dibaca: rusak, dilindungi kata sandi, atau bukan .xlsx. "
                "Buka di Excel, hapus kata sandinya bila ada, lalu simpan sebagai .xlsx."
            )
        ) from None
    except Exception:  # noqa: BLE001 - hostile or broken XML raises many kinds of errors
        raise BadFile(_("Isi buku kerja Excel rusak atau tidak aman dibaca.")) from None
    try:
        return _read_sheets(workbook)
    except BadFile:
        raise
    except Exception:  # noqa: BLE001
        raise BadFile(_("Isi buku kerja Excel rusak atau tidak aman dibaca.")) from None
    finally:
        workbook.close()


def _in_every_language(text):
    titles = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            titles.add(str(text).lower())
    return titles


def _read_sheets(workbook):
    # A template downloaded in English reads back in an Indonesian session, and the reverse.
    by_title = {title: sheet for sheet in SHEETS for title in _in_every_language(sheet.resource.sheet_title)}
    skipped_titles = _in_every_language(INSTRUCTIONS_TITLE) | _in_every_language(LISTS_TITLE)
    found = {}
    for worksheet in workbook.worksheets:
        title = worksheet.title.strip().lower()
        if title in skipped_titles:
            continue
        # The sheet's declared <dimension> (say A1:Z1000000) is not trusted: without it openpyxl
        # does not pad every row to it; rows are read only as wide as the header row.
        worksheet.reset_dimensions()
        header_cells = next(worksheet.iter_rows(min_row=1, max_row=1), None) or ()
        headers = [str(cell.value).strip() if cell.value is not None else "" for cell in header_cells]
        while headers and not headers[-1]:
            headers.pop()
        rows = worksheet.iter_rows(min_row=2, max_col=max(len(headers), 1))
        if not any(headers):
            if title in by_title:
                continue  # an empty sheet of the template: nothing of that kind to import
            continue
        sheet = by_title.get(title) or _guess_sheet(headers)
        if sheet is None:
            raise BadFile(
                _("Lembar kerja “%(title)s” tidak dikenali. Nama lembar yang dapat diimpor: %(titles)s.")
                % {"title": worksheet.title, "titles": ", ".join(s.title() for s in SHEETS)}
            )
        if sheet.key in found:
            raise BadFile(_("Lembar kerja “%(title)s” ada dua kali.") % {"title": sheet.title()})
        found[sheet.key] = _read_rows(sheet, worksheet.title, headers, rows)
    found = {key: rows for key, rows in found.items() if rows}  # a template sheet left empty
    if not found:
        raise BadFile(_("Buku kerja tidak berisi data: isi minimal satu baris di bawah nama kolom."))
    return {key: found[key] for key in SHEETS_BY_KEY if key in found}


def _guess_sheet(headers):
    """A sheet saved under another name is recognised by its columns."""
    wanted = {header.lower() for header in headers if header}
    best, best_score = None, 0
    for sheet in SHEETS:
        score = len(wanted & set(_column_names(sheet)))
        if score > best_score:
            best, best_score = sheet, score
    return best if best_score >= 2 else None


def _read_rows(sheet, title, headers, rows):
    names = _column_names(sheet)
    positions, unknown = {}, []
    for index, header in enumerate(headers):
        if not header:
            continue
        name = names.get(header.lower())
        if name is None:
            unknown.append(header)
        elif name in positions:
            raise BadFile(
                _("Kolom “%(column)s” ada dua kali di lembar %(sheet)s.") % {"column": header, "sheet": title}
            )
        else:
            positions[name] = index
    if unknown:
        raise BadFile(
            _(
                "Lembar %(sheet)s memuat kolom yang tidak dikenal (namanya diubah?): %(columns)s. "
                "Pakai nama kolom persis seperti di templat."
            )
            % {"sheet": title, "columns": ", ".join(f"“{header}”" for header in unknown)}
        )
    missing = [group for group in sheet.needed_columns if not any(name in positions for name in group)]
    if missing:
        raise BadFile(
            _("Lembar %(sheet)s tidak punya kolom %(columns)s (hilang atau namanya diubah). Pakai templat terbaru.")
            % {
                "sheet": title,
                "columns": _(" dan ").join(" / ".join(f"“{_header(sheet, n)}”" for n in group) for group in missing),
            }
        )
    letters = {name: openpyxl.utils.get_column_letter(index + 1) for name, index in positions.items()}
    result, formulas = [], []
    empty_in_a_row, max_empty = 0, settings.IMPORT_MAX_EMPTY_ROWS
    for line, cells in enumerate(rows, start=2):
        cells = list(cells)
        values = {}
        for name, index in positions.items():
            cell = cells[index] if index < len(cells) else None
            if cell is None:
                continue
            if getattr(cell, "data_type", None) == "f":
                formulas.append(f"{letters[name]}{line}")
                continue
            value = _plain(cell.value)
            if value is not None:
                values[name] = value
        if not values:
            # Rows missing from the file come back as empty rows: a row numbered 1000000 would
            # cost a million of them. The sheet ends after a long enough run of empty rows.
            empty_in_a_row += 1
            if empty_in_a_row >= max_empty:
                break
            continue
        empty_in_a_row = 0
        if values:
            if len(result) >= MAX_ROWS_PER_SHEET:
                raise BadFile(
                    _("Lembar %(sheet)s terlalu panjang: paling banyak %(max)s baris per lembar.")
                    % {"sheet": title, "max": f"{MAX_ROWS_PER_SHEET:,}".replace(",", ".")}
                )
            result.append((line, values))
    if formulas:
        raise BadFile(
            _("Lembar %(sheet)s berisi rumus di sel %(cells)s. Salin lalu tempel sebagai nilai saja (Paste Values).")
            % {"sheet": title, "cells": ", ".join(formulas[:10]) + (" …" if len(formulas) > 10 else "")}
        )
    return result


# --- Step 2: validate ---------------------------------------------------------------------


@dataclass
class RowResult:
    sheet: Sheet
    line: int
    values: dict
    status: str = NEW
    errors: dict = field(default_factory=dict)  # field name (or ROW) -> message
    instance: object = None
    changed_fields: list = field(default_factory=list)
    becomes_member: bool = False
    joined_on: datetime.date | None = None

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    def error(self, name, message):
        self.errors.setdefault(name, str(message))

    @property
    def row_error(self):
        """An error about the whole row, or about a column the sheet does not have."""
        shown = set(self.values)
        return " ".join(m for n, m in self.errors.items() if n == ROW or n not in shown)

    def messages(self):
        """(column header, message) of each error, in column order, row errors first."""
        found = [("", self.errors[ROW])] if ROW in self.errors else []
        order = self.sheet.column_order()
        names = sorted((n for n in self.errors if n != ROW), key=order.index)
        return found + [(_header(self.sheet, n), self.errors[n]) for n in names]


@dataclass
class SheetResult:
    sheet: Sheet
    rows: list

    @property
    def title(self):
        return self.sheet.title()

    @property
    def columns(self):
        """Field names present in this sheet's rows, in the Resource's order."""
        present = set()
        for row in self.rows:
            present.update(row.values)
        return sorted(present, key=self.sheet.column_order().index)

    @property
    def summary(self):
        """ "Baru 3, Galat 1": the counts that are not zero."""
        return ", ".join(f"{label} {count}" for label, count in self.counts.items() if count)

    @property
    def headers(self):
        return [_header(self.sheet, name) for name in self.columns]

    #: Rows shown in a preview table; rows with errors are always shown, first.
    preview_limit = 300

    def preview_rows(self):
        errors = self.error_rows
        rest = [row for row in self.rows if row.status != ERROR]
        return errors + rest[: max(0, self.preview_limit - len(errors))]

    @property
    def preview_table(self):
        """(row, [(value, error) per column]) for the preview page."""
        columns = self.columns
        return [
            (row, [(_shown(row.values.get(name)), row.errors.get(name, "")) for name in columns])
            for row in self.preview_rows()
        ]

    @property
    def hidden_rows(self):
        return len(self.rows) - len(self.preview_rows())

    def count(self, status):
        return sum(row.status == status for row in self.rows)

    @property
    def counts(self):
        return {str(STATUS_LABELS[status]): self.count(status) for status in (NEW, UPDATED, UNCHANGED, ERROR)}

    @property
    def error_rows(self):
        return [row for row in self.rows if row.status == ERROR]


@dataclass
class Preview:
    sheets: list

    @property
    def rows(self):
        return [row for sheet in self.sheets for row in sheet.rows]

    @property
    def has_errors(self):
        return any(row.status == ERROR for row in self.rows)

    def count(self, status):
        return sum(row.status == status for row in self.rows)

    @property
    def count_errors(self):
        return self.count(ERROR)

    @property
    def counts(self):
        return {str(STATUS_LABELS[status]): self.count(status) for status in (NEW, UPDATED, UNCHANGED, ERROR)}

    def sheet(self, key):
        return next((result for result in self.sheets if result.sheet.key == key), None)

    def error_lines(self):
        """Every error as one readable line: "Usaha IKM, baris 7, NIB: ..."."""
        for result in self.sheets:
            for row in result.error_rows:
                for header, message in row.messages():
                    place = _("%(sheet)s, baris %(line)s") % {"sheet": result.title, "line": row.line}
                    yield f"{place}, {header}: {message}" if header else f"{place}: {message}"


def _shown(value):
    if isinstance(value, dict):
        day = datetime.date.fromisoformat(value["date"])
        return day.strftime("%d-%m-%Y")
    return "" if value is None else value


class Scope:
    """What an import may touch and where its new businesses go.

    `editable_business_ids`: existing businesses the importer may update (an officer's
    members); None means any (Dinas). `association`: new and matched businesses become
    its active members (the officers' import, or --organization).
    """

    def __init__(self, *, editable_business_ids=None, association=None, user=None, template_only=False):
        self.editable_business_ids = editable_business_ids
        self.association = association
        self.user = user
        # Officers import the template's sheets and columns only: no statuses, no aid, no
        # production reports (those are the owner's and Dinas's).
        self.template_only = template_only

    def check(self, raw_sheets):
        """Refuse, as a whole, sheets or columns this importer may not write."""
        if not self.template_only:
            return
        for key, rows in raw_sheets.items():
            sheet = SHEETS_BY_KEY[key]
            if not sheet.template_fields:
                raise BadFile(
                    _("Lembar %(sheet)s hanya dapat diimpor oleh Dinas. Pakai lembar dari templat: %(sheets)s.")
                    % {"sheet": sheet.title(), "sheets": ", ".join(s.title() for s in TEMPLATE_SHEETS)}
                )
            allowed = set(sheet.template_fields)
            extra = sorted({name for _line, values in rows for name in values} - allowed)
            if extra:
                raise BadFile(
                    _("Kolom %(columns)s di lembar %(sheet)s hanya dapat diimpor oleh Dinas. Hapus kolom itu.")
                    % {"columns": ", ".join(f"“{_header(sheet, n)}”" for n in extra), "sheet": sheet.title()}
                )

    def may_edit(self, business):
        if business.pk is None or self.editable_business_ids is None:
            return True
        return business.pk in self.editable_business_ids


class References:
    """Reference tables loaded once per import, not once per row."""

    def __init__(self):
        self.kecamatan_by_code = {k.code: k for k in Kecamatan.objects.all()}
        self.kecamatan_by_name = {k.name.lower(): k for k in self.kecamatan_by_code.values()}
        self.desa_by_code = {}
        self.desa_by_name = {}
        self.desa_names = set()
        for desa in Desa.objects.select_related("kecamatan"):
            self.desa_by_code[desa.code] = desa
            self.desa_by_name[(desa.kecamatan.name.lower(), desa.name.lower())] = desa
            self.desa_names.add(desa.name.lower())
        self.kbli = {(k.code, k.version): k for k in Kbli.objects.all()}

    def find_kbli(self, code, version):
        if version:
            return self.kbli.get((code, version))
        # No version column (the officers' template): the current classification first.
        for version in (Kbli.Version.KBLI_2020, *Kbli.Version.values):
            if (code, version) in self.kbli:
                return self.kbli[(code, version)]
        return None


def _cell(sheet, name, value):
    """The Python value of one cell through its column's widget, or ValidationError."""
    widget = sheet.fields[name].widget
    if isinstance(widget, resources.CountryWidget | resources.RegionWidget):
        try:
            return widget.clean(_shown(value) if isinstance(value, dict) else value)
        except ValueError as error:
            raise ValidationError(str(error)) from None
    if isinstance(widget, resources.ChoiceWidget):
        text = str(int(value) if isinstance(value, float) and value.is_integer() else value)
        for code, label in widget.choices:
            if text.casefold() in (str(code).casefold(), str(label).casefold()):
                return code
        raise ValidationError(
            _("Pilihan “%(value)s” tidak dikenal; pilih salah satu: %(choices)s.")
            % {"value": text, "choices": ", ".join(str(label) for _code, label in widget.choices)}
        )
    if isinstance(widget, widgets.IntegerWidget | widgets.DecimalWidget):
        if isinstance(value, str):
            raise ValidationError(
                _("Angka ditulis sebagai teks (“%(value)s”): tulis angkanya saja.") % {"value": value}
            )
        if isinstance(value, bool | dict) or not isinstance(value, int | float):
            raise ValidationError(_("Harus berupa angka."))
        if isinstance(widget, widgets.IntegerWidget):
            if isinstance(value, float) and not value.is_integer():
                raise ValidationError(_("Harus bilangan bulat."))
            return int(value)
        try:
            # openpyxl gives floats: through str() so that 0.1 stays 0.1 (see PITFALLS.md).
            return Decimal(str(value))
        except InvalidOperation:
            raise ValidationError(_("Harus berupa angka.")) from None
    if isinstance(widget, widgets.DateWidget):
        if isinstance(value, dict):
            return datetime.date.fromisoformat(value["date"])
        for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
            try:
                return datetime.datetime.strptime(str(value), pattern).date()
            except ValueError:
                continue
        raise ValidationError(
            _("Format tanggal “%(value)s” tidak dikenal: tulis HH-BB-TTTT, misalnya 17-08-2025.") % {"value": value}
        )
    if isinstance(value, dict):
        return _shown(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number: 13134.0 -> "13134"
    return str(value)


def _cells(row, names):
    """Convert the cells of `names`; a bad cell gets its error and is left out."""
    cleaned = {}
    for name in names:
        if name in row.values:
            try:
                cleaned[name] = _cell(row.sheet, name, row.values[name])
            except ValidationError as error:
                row.error(name, " ".join(error.messages))
    return cleaned


class Validation:
    """One pass over every sheet; keeps what later sheets need from earlier ones."""

    def __init__(self, raw_sheets, scope):
        self.raw_sheets = raw_sheets
        self.scope = scope
        self.refs = References()
        # Businesses and products of this file, by the keys child sheets use to name them.
        self.file_business_by_nib = {}
        self.file_business_by_source_id = {}
        self.file_business_by_name = {}
        self.file_product_by_source_id = {}
        self.file_product_by_key = {}
        self.business_rows = []

    def run(self):
        sheets = []
        for sheet in SHEETS:
            raw_rows = self.raw_sheets.get(sheet.key)
            if raw_rows is None:
                continue
            rows = [RowResult(sheet, line, values) for line, values in raw_rows]
            getattr(self, f"_validate_{sheet.key}")(rows)
            for row in rows:
                self._finish(row)
            sheets.append(SheetResult(sheet, rows))
        return Preview(sheets)

    # Shared -------------------------------------------------------------------------------

    def _assign(self, row, instance, cleaned, names, *, keep_empty=True):
        """Set the converted cells on the instance; an empty cell keeps a saved value."""
        for name in names:
            if name not in cleaned:
                continue
            attribute = row.sheet.resource.fields[name].attribute
            value = cleaned[name]
            if value in ("", None) and instance.pk and keep_empty:
                continue
            setattr(instance, attribute, value)

    @staticmethod
    def _snapshot(instance):
        return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields if not f.generated}

    @staticmethod
    def _changes(instance, before):
        """Fields whose value differs from the saved one, after the model normalised them
        (a phone written 0812... is stored +62812...: not a change)."""
        return [name for name, old in before.items() if getattr(instance, name) != old]

    def _required(self, row, cleaned, is_new):
        if not is_new:
            return
        for name in row.sheet.required_fields:
            if name in row.sheet.lookup_fields:
                continue  # desa, business and product are found (or refused) by their own rules
            if name not in cleaned and name not in row.errors:
                row.error(name, _("Wajib diisi."))

    def _model_checks(self, row, instance, before, *, exclude, extra_errors_to=None):
        """The model's own field and clean() rules; foreign keys were resolved from the tables."""
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            by_attribute = {f.attribute: name for name, f in row.sheet.resource.fields.items() if f.attribute}
            for attribute, messages in error.message_dict.items():
                name = by_attribute.get(attribute, extra_errors_to or ROW)
                row.error(name, " ".join(messages))
        row.changed_fields = self._changes(instance, before) if instance.pk else ["*"]

    def _resolve_kbli(self, row, cleaned):
        """Replace the KBLI code of the row with the Kbli (its version column, else 2020)."""
        if "kbli" in cleaned:
            kbli = self.refs.find_kbli(cleaned["kbli"], cleaned.get("kbli_version"))
            if kbli is None:
                row.error("kbli", _("Kode KBLI %(code)s tidak dikenal.") % {"code": cleaned["kbli"]})
                cleaned.pop("kbli")
            else:
                cleaned["kbli"] = kbli

    def _finish(self, row):
        if row.errors:
            row.status = ERROR
        elif row.instance.pk is None:
            row.status = NEW
        elif row.changed_fields or row.becomes_member:
            row.status = UPDATED
        else:
            row.status = UNCHANGED

    # Businesses ---------------------------------------------------------------------------

    def _validate_businesses(self, rows):
        sheet = SHEETS_BY_KEY["businesses"]
        writable = [n for n, f in sheet.resource.fields.items() if not f.readonly]
        plain = [n for n in writable if n not in ("desa", "kbli")]
        converted = []
        for row in rows:
            cleaned = _cells(row, [*writable, "desa_name", "kecamatan_name", "kbli_version", "joined_on"])
            row.joined_on = cleaned.get("joined_on")
            if "nib" in cleaned:
                written = cleaned.pop("nib")
                nib = written.replace(" ", "").replace(".", "").replace("-", "")
                if nib.isdigit() and len(nib) == 13:
                    cleaned["nib"] = nib
                else:
                    row.error("nib", _("NIB harus 13 angka; tertulis “%(value)s”.") % {"value": written})
            cleaned["desa"] = self._find_desa(row, cleaned)
            self._resolve_kbli(row, cleaned)
            converted.append(cleaned)

        # Twice in the same file: the second row is an error, naming the first.
        seen_nib, seen_name = {}, {}
        for row, cleaned in zip(rows, converted, strict=True):
            if cleaned.get("nib"):
                first = seen_nib.setdefault(cleaned["nib"], row.line)
                if first != row.line:
                    row.error("nib", _("NIB ini sudah ada di baris %(line)s berkas ini.") % {"line": first})
            elif cleaned.get("name") and cleaned.get("desa"):
                first = seen_name.setdefault((cleaned["name"].lower(), cleaned["desa"].pk), row.line)
                if first != row.line:
                    row.error(
                        "name",
                        _("Usaha dengan nama ini di desa yang sama sudah ada di baris %(line)s.") % {"line": first},
                    )

        # Existing businesses: by NIB, else by name within the desa (two queries in all).
        nibs = {c["nib"] for c in converted if c.get("nib")}
        by_nib = {b.nib: b for b in Business.objects.filter(nib__in=nibs)} if nibs else {}
        desa_ids = {c["desa"].pk for c in converted if c.get("desa") and not c.get("nib")}
        by_name = {}
        if desa_ids:
            for business in Business.objects.filter(desa_id__in=desa_ids).order_by("pk"):
                by_name.setdefault((business.name.lower(), business.desa_id), business)
        member_ids = self._member_business_ids([*by_nib.values(), *by_name.values()])

        for row, cleaned in zip(rows, converted, strict=True):
            business = None
            if cleaned.get("nib"):
                business = by_nib.get(cleaned["nib"])
            elif cleaned.get("name") and cleaned.get("desa"):
                business = by_name.get((cleaned["name"].lower(), cleaned["desa"].pk))
            if business is not None and not self.scope.may_edit(business):
                row.error(
                    ROW,
                    _(
                        "Usaha “%(name)s” sudah terdaftar di registri tetapi bukan anggota aktif asosiasi Anda. "
                        "Minta pemiliknya mengajukan keanggotaan, atau hubungi Dinas."
                    )
                    % {"name": business.name},
                )
            is_new = business is None
            business = business or Business()
            before = self._snapshot(business)
            self._required(row, cleaned, is_new)
            self._assign(row, business, cleaned, plain)
            for name in ("desa", "kbli"):
                if cleaned.get(name) is not None:
                    setattr(business, name, cleaned[name])
            if is_new and cleaned.get("desa") is None and not {"desa", "desa_name", "kecamatan_name"} & set(row.errors):
                row.error("desa_name" if "desa" not in row.values else "desa", _("Wajib diisi."))
            self._model_checks(row, business, before, exclude=["desa", "kbli", "owner", "verified_by"])
            row.instance = business
            row.becomes_member = self.scope.association is not None and (is_new or business.pk not in member_ids)
            self._remember_business(row, business, cleaned)
            self.business_rows.append(row)

    def _find_desa(self, row, cleaned):
        code, name, kecamatan_name = cleaned.get("desa"), cleaned.get("desa_name"), cleaned.get("kecamatan_name")
        kecamatan = None
        if kecamatan_name:
            kecamatan = self.refs.kecamatan_by_name.get(kecamatan_name.lower())
            if kecamatan is None:
                row.error(
                    "kecamatan_name",
                    _("Kecamatan “%(name)s” tidak ada di Kabupaten Tuban.") % {"name": kecamatan_name},
                )
                return None
        if code:
            desa = self.refs.desa_by_code.get(code)
            if desa is None:
                row.error("desa", _("Kode desa %(code)s tidak dikenal.") % {"code": code})
            elif kecamatan is not None and desa.kecamatan_id != kecamatan.pk:
                row.error(
                    "desa",
                    _("Desa %(desa)s tidak berada di Kecamatan %(kecamatan)s.")
                    % {"desa": desa.name, "kecamatan": kecamatan.name},
                )
                return None
            return desa
        if not name:
            return None
        if kecamatan is None:
            row.error("kecamatan_name", _("Isi kecamatan agar desa “%(name)s” dapat dikenali.") % {"name": name})
            return None
        desa = self.refs.desa_by_name.get((kecamatan.name.lower(), name.lower()))
        if desa is None:
            if name.lower() in self.refs.desa_names:
                message = _("Desa %(desa)s tidak berada di Kecamatan %(kecamatan)s.")
            else:
                message = _("Desa/kelurahan “%(desa)s” tidak dikenal di Kecamatan %(kecamatan)s.")
            row.error("desa_name", message % {"desa": name, "kecamatan": kecamatan.name})
        return desa

    def _member_business_ids(self, businesses):
        if self.scope.association is None or not businesses:
            return set()
        from organizations.models import Membership

        return set(
            Membership.objects.filter(
                umbrella_id=self.scope.association.umbrella.pk,
                status=Membership.Status.ACTIVE,
                business_id__in=[b.pk for b in businesses],
            ).values_list("business_id", flat=True)
        )

    def _remember_business(self, row, business, cleaned):
        if cleaned.get("nib"):
            self.file_business_by_nib[cleaned["nib"]] = row
        if "id" in row.values:
            self.file_business_by_source_id[str(row.values["id"])] = row
        if cleaned.get("name"):
            self.file_business_by_name.setdefault(cleaned["name"].lower(), []).append(row)

    def _find_business(self, row, values, db):
        """The business a child row names: NIB, else the ID of an exported sheet, else its name.

        Returns the business (saved or from this file) or None with an error on the row.
        """
        nib = digits_only(str(values.get("business_nib") or ""))
        source_id = values.get("business")
        name = str(values.get("business_name") or "").strip()
        found = None
        if nib:
            found = self.file_business_by_nib.get(nib) or db["by_nib"].get(nib)
            if found is None:
                row.error("business_nib", _("Tidak ada usaha dengan NIB %(nib)s.") % {"nib": nib})
                return None
        elif source_id not in (None, ""):
            source_id = str(int(source_id) if isinstance(source_id, float) else source_id)
            found = self.file_business_by_source_id.get(source_id) or db["by_pk"].get(source_id)
            if found is None:
                row.error("business", _("Tidak ada usaha dengan ID %(id)s.") % {"id": source_id})
                return None
        elif name:
            in_file = self.file_business_by_name.get(name.lower(), [])
            candidates = in_file or db["by_name"].get(name.lower(), [])
            if len(candidates) > 1:
                row.error(
                    "business_name",
                    _("Ada beberapa usaha bernama “%(name)s”: isi kolom NIB usaha untuk membedakannya.")
                    % {"name": name},
                )
                return None
            if not candidates:
                row.error(
                    "business_name",
                    _("Usaha “%(name)s” tidak ada di lembar %(sheet)s maupun di daftar anggota.")
                    % {"name": name, "sheet": SHEETS_BY_KEY["businesses"].title()},
                )
                return None
            found = candidates[0]
        else:
            row.error("business_name", _("Wajib diisi."))
            return None
        if isinstance(found, RowResult):
            if found.errors:
                row.error(ROW, _("Baris usaha yang dirujuk (baris %(line)s) bergalat.") % {"line": found.line})
                return None
            return found.instance
        if not self.scope.may_edit(found):
            row.error(ROW, _("Usaha “%(name)s” bukan anggota aktif asosiasi Anda.") % {"name": found.name})
            return None
        return found

    def _business_lookup(self, rows):
        """Saved businesses child rows may name, in three queries whatever the row count."""
        nibs = {digits_only(str(r.values.get("business_nib") or "")) for r in rows} - {""}
        ids = set()
        for r in rows:
            value = r.values.get("business")
            if isinstance(value, int | float) and not isinstance(value, bool):
                ids.add(int(value))
            elif isinstance(value, str) and value.isdigit():
                ids.add(int(value))
        names = {
            str(r.values.get("business_name") or "").strip().lower()
            for r in rows
            if not r.values.get("business_nib") and r.values.get("business") in (None, "")
        } - {""}
        db = {"by_nib": {}, "by_pk": {}, "by_name": {}}
        queryset = Business.objects.all()
        if self.scope.editable_business_ids is not None:
            queryset = queryset.filter(pk__in=self.scope.editable_business_ids)
        if nibs:
            db["by_nib"] = {b.nib: b for b in Business.objects.filter(nib__in=nibs)}
        if ids:
            db["by_pk"] = {str(b.pk): b for b in Business.objects.filter(pk__in=ids)}
        if names:
            # Case-insensitive, among the businesses the importer may edit.
            for business in queryset.annotate(lower_name=Lower("name")).filter(lower_name__in=names):
                db["by_name"].setdefault(business.lower_name, []).append(business)
        return db

    # Products -----------------------------------------------------------------------------

    def _validate_products(self, rows):
        sheet = SHEETS_BY_KEY["products"]
        writable = [n for n, f in sheet.resource.fields.items() if not f.readonly and n != "business"]
        db = self._business_lookup(rows)
        planned = []
        for row in rows:
            cleaned = _cells(row, [*writable, "kbli_version"])
            business = self._find_business(row, row.values, db)
            self._resolve_kbli(row, cleaned)
            planned.append((row, cleaned, business))

        existing = self._existing_products([b for _r, _c, b in planned if b is not None and b.pk])
        seen = {}
        for row, cleaned, business in planned:
            name = cleaned.get("name", "")
            key = (_ident(business), name.lower())
            if business is not None and name:
                first = seen.setdefault(key, row.line)
                if first != row.line:
                    row.error("name", _("Produk ini sudah ada di baris %(line)s berkas ini.") % {"line": first})
            product = existing.get((business.pk, name.lower())) if business is not None and business.pk else None
            is_new = product is None
            if product is None:
                product = Product(business=business) if business is not None else Product()
            before = self._snapshot(product)
            self._required(row, cleaned, is_new)
            self._assign(row, product, cleaned, [n for n in writable if n != "kbli"])
            if cleaned.get("kbli") is not None:
                product.kbli = cleaned["kbli"]
            self._model_checks(row, product, before, exclude=["business", "kbli"])
            row.instance = product
            if business is not None and name:
                self.file_product_by_key[key] = row
            if "id" in row.values:
                self.file_product_by_source_id[str(row.values["id"])] = row

    @staticmethod
    def _existing_products(businesses):
        if not businesses:
            return {}
        return {
            (product.business_id, product.name.lower()): product
            for product in Product.objects.filter(business__in={b.pk for b in businesses})
        }

    def _find_product(self, row, db):
        source_id = row.values.get("product")
        if source_id not in (None, ""):
            source_id = str(int(source_id) if isinstance(source_id, float) else source_id)
            found = self.file_product_by_source_id.get(source_id) or db["products_by_pk"].get(source_id)
            if found is None:
                row.error("product", _("Tidak ada produk dengan ID %(id)s.") % {"id": source_id})
                return None
        else:
            name = str(row.values.get("product_name") or "").strip()
            if not name:
                row.error("product_name", _("Wajib diisi."))
                return None
            business = self._find_business(row, row.values, db)
            if business is None:
                return None
            found = self.file_product_by_key.get((_ident(business), name.lower()))
            if found is None and business.pk:
                found = db["products_by_key"].get((business.pk, name.lower()))
            if found is None:
                row.error(
                    "product_name",
                    _("Produk “%(name)s” milik %(business)s tidak ditemukan di lembar %(sheet)s maupun di registri.")
                    % {"name": name, "business": business.name, "sheet": SHEETS_BY_KEY["products"].title()},
                )
                return None
        if isinstance(found, RowResult):
            if found.errors:
                row.error(ROW, _("Baris produk yang dirujuk (baris %(line)s) bergalat.") % {"line": found.line})
                return None
            return found.instance
        if not self.scope.may_edit(found.business):
            row.error(ROW, _("Produk “%(name)s” bukan milik anggota aktif asosiasi Anda.") % {"name": found.name})
            return None
        return found

    def _product_lookup(self, rows):
        db = self._business_lookup(rows)
        ids = set()
        for r in rows:
            value = r.values.get("product")
            if isinstance(value, int | float) and not isinstance(value, bool):
                ids.add(int(value))
            elif isinstance(value, str) and value.isdigit():
                ids.add(int(value))
        db["products_by_pk"] = (
            {str(p.pk): p for p in Product.objects.filter(pk__in=ids).select_related("business")} if ids else {}
        )
        businesses = {b.pk for b in db["by_nib"].values()} | {b.pk for b in db["by_pk"].values()}
        businesses |= {b.pk for found in db["by_name"].values() for b in found}
        db["products_by_key"] = {
            (p.business_id, p.name.lower()): p
            for p in Product.objects.filter(business__in=businesses).select_related("business")
        }
        return db

    # Market areas -------------------------------------------------------------------------

    def _validate_markets(self, rows):
        sheet = SHEETS_BY_KEY["markets"]
        writable = [n for n, f in sheet.resource.fields.items() if not f.readonly and n not in ("product", "kecamatan")]
        db = self._product_lookup(rows)
        planned = []
        for row in rows:
            cleaned = _cells(row, [*writable, "kecamatan", "kecamatan_name"])
            product = self._find_product(row, db)
            cleaned["kecamatan"] = self._find_target_kecamatan(row, cleaned)
            for name in ("region_code", "country"):
                cleaned.setdefault(name, "")
            planned.append((row, cleaned, product))

        saved = [p for _r, _c, p in planned if p is not None and p.pk]
        existing, shares = {}, {}
        if saved:
            for area in MarketArea.objects.filter(product__in={p.pk for p in saved}):
                existing[self._market_key(area.product_id, area)] = area
            shares = dict(
                MarketArea.objects.filter(product__in={p.pk for p in saved})
                .order_by()
                .values_list("product")
                .annotate(total=Sum("share_percent"))
            )
        file_deltas, seen = {}, {}
        for row, cleaned, product in planned:
            probe = MarketArea(
                **{k: v for k, v in cleaned.items() if k in ("level", "channel", "region_code", "country")}
            )
            probe.kecamatan = cleaned["kecamatan"]
            area = existing.get(self._market_key(product.pk, probe)) if product is not None and product.pk else None
            key = (_ident(product), self._market_key(None, probe))
            first = seen.setdefault(key, row.line)
            if first != row.line and product is not None:
                row.error(ROW, _("Wilayah pemasaran yang sama sudah ada di baris %(line)s.") % {"line": first})
            is_new = area is None
            area = area or MarketArea(product=product)
            before = self._snapshot(area)
            saved_share = area.share_percent if area.pk else Decimal(0)
            self._required(row, cleaned, is_new)
            self._assign(row, area, cleaned, writable, keep_empty=False)
            area.kecamatan = cleaned["kecamatan"]
            # One sum per sheet instead of MarketArea.clean's query per row; rows earlier in
            # the file count too.
            if product is not None and area.share_percent is not None:
                delta = file_deltas.get(_ident(product), Decimal(0))
                area.known_other_shares = (
                    (shares.get(product.pk, Decimal(0)) if product.pk else 0) + delta - saved_share
                )
                file_deltas[_ident(product)] = delta + area.share_percent - saved_share
            self._model_checks(row, area, before, exclude=["product", "kecamatan"])
            row.instance = area

    @staticmethod
    def _market_key(product_id, area):
        return (product_id, area.level, area.channel, area.kecamatan_id, area.region_code, area.country)

    def _find_target_kecamatan(self, row, cleaned):
        code, name = cleaned.pop("kecamatan", None), cleaned.pop("kecamatan_name", None)
        if code:
            kecamatan = self.refs.kecamatan_by_code.get(code)
            if kecamatan is None:
                row.error("kecamatan", _("Kode kecamatan %(code)s tidak dikenal.") % {"code": code})
            return kecamatan
        if name:
            kecamatan = self.refs.kecamatan_by_name.get(name.lower())
            if kecamatan is None:
                row.error("kecamatan_name", _("Kecamatan “%(name)s” tidak ada di Kabupaten Tuban.") % {"name": name})
            return kecamatan
        return None

    # Production reports -------------------------------------------------------------------

    def _validate_production(self, rows):
        sheet = SHEETS_BY_KEY["production"]
        writable = [n for n, f in sheet.resource.fields.items() if not f.readonly and n != "product"]
        db = self._product_lookup(rows)
        planned = [(row, _cells(row, writable), self._find_product(row, db)) for row in rows]
        saved = {p.pk for _r, _c, p in planned if p is not None and p.pk}
        existing = {(r.product_id, r.year, r.semester): r for r in ProductionReport.objects.filter(product__in=saved)}
        seen = {}
        for row, cleaned, product in planned:
            year, semester = cleaned.get("year"), cleaned.get("semester")
            key = (_ident(product), year, semester)
            first = seen.setdefault(key, row.line)
            if first != row.line and product is not None:
                row.error(ROW, _("Laporan periode yang sama sudah ada di baris %(line)s.") % {"line": first})
            elif product is not None and year is not None and semester in ProductionReport.HALVES:
                # A full year and a semester of the same year in the file, or one in the file
                # and the other saved: the yearly sums would count that production twice.
                for (ident, other_year, other_semester), line in seen.items():
                    if ident == key[0] and other_semester != semester and other_year == year:
                        if ProductionReport.periods_overlap((year, semester), (other_year, other_semester)):
                            row.error(
                                "semester",
                                ProductionReport.overlap_message(year, semester, other_semester)
                                + " "
                                + _("(baris %(line)s)") % {"line": line},
                            )
                            break
                else:
                    if product.pk:
                        for other in ProductionReport.Semester:
                            if other != semester and (product.pk, year, other) in existing:
                                if ProductionReport.periods_overlap((year, semester), (year, other)):
                                    row.error("semester", ProductionReport.overlap_message(year, semester, other))
                                    break
            report = None
            if product is not None and product.pk:
                report = existing.get((product.pk, year, semester))
            is_new = report is None
            report = report or ProductionReport(product=product)
            report.overlap_checked_elsewhere = True
            before = self._snapshot(report)
            self._required(row, cleaned, is_new)
            self._assign(row, report, cleaned, writable)
            self._model_checks(row, report, before, exclude=["product"])
            row.instance = report

    # Assistance and memberships (Dinas only) -----------------------------------------------

    def _business_children(self, rows, model, writable, key):
        """Rows that belong to a business, matched on (business, *key) among its saved rows.

        `key`: attribute names; a row's values come from its cells, or from attributes the
        caller set on the row (row.association).
        """
        db = self._business_lookup(rows)
        planned = [(row, _cells(row, writable), self._find_business(row, row.values, db)) for row in rows]
        saved = {b.pk for _r, _c, b in planned if b is not None and b.pk}
        existing = {}
        for instance in model.objects.filter(business__in=saved):
            existing[(instance.business_id, *(getattr(instance, f) for f in key))] = instance
        seen = {}
        for row, cleaned, business in planned:
            values = tuple(cleaned[f] if f in cleaned else getattr(row, f, None) for f in key)
            first = seen.setdefault((_ident(business), *values), row.line)
            if first != row.line and business is not None:
                row.error(ROW, _("Baris yang sama sudah ada di baris %(line)s.") % {"line": first})
            instance = existing.get((business.pk, *values)) if business is not None and business.pk else None
            is_new = instance is None
            instance = instance or model(business=business)
            before = self._snapshot(instance)
            self._required(row, cleaned, is_new)
            self._assign(row, instance, cleaned, writable)
            yield row, cleaned, instance, before

    def _validate_assistance(self, rows):
        sheet = SHEETS_BY_KEY["assistance"]
        writable = [n for n, f in sheet.resource.fields.items() if not f.readonly and n != "business"]
        Source = sheet.resource._meta.model.Source  # noqa: N806
        for row, _cleaned, instance, before in self._business_children(
            rows, sheet.resource._meta.model, writable, ("programme", "year", "kind")
        ):
            # Programme rows are written by the aid cycle, linked to its application: a sheet
            # neither makes one nor turns one into something else.
            was_programme = instance.pk is not None and before["source"] == Source.PROGRAMME
            is_programme = instance.source == Source.PROGRAMME
            if is_programme and not was_programme:
                row.error(
                    "source",
                    _("Sumber “%(label)s” hanya dicatat oleh proses bantuan; pakai “%(dinas)s” atau “%(owner)s”.")
                    % {"label": Source.PROGRAMME.label, "dinas": Source.DINAS.label, "owner": Source.OWNER.label},
                )
            elif was_programme and not is_programme:
                row.error("source", _("Baris dari program bantuan tidak dapat diubah sumbernya."))
            self._model_checks(row, instance, before, exclude=["business"])
            row.instance = instance

    def _validate_memberships(self, rows):
        from organizations.models import Association

        sheet = SHEETS_BY_KEY["memberships"]
        associations = {a.name.lower(): a for a in Association.objects.select_related("parent")}
        writable = [n for n, f in sheet.resource.fields.items() if not f.readonly and n not in ("business",)]
        for row in rows:
            name = str(row.values.get("association") or "").strip()
            row.association_id = None
            if not name:
                row.error("association", _("Wajib diisi."))
            elif name.lower() in associations:
                row.association = associations[name.lower()]
                row.association_id = row.association.pk
            else:
                row.error("association", _("Asosiasi/unit “%(name)s” tidak dikenal.") % {"name": name})
        plain = [n for n in writable if n != "association"]
        for row, _cleaned, instance, before in self._business_children(
            rows, sheet.resource._meta.model, plain, ("association_id",)
        ):
            if row.association_id is not None:
                instance.association = row.association
            self._model_checks(row, instance, before, exclude=["business", "association", "umbrella"])
            row.instance = instance


def validate(raw_sheets, scope):
    """What applying the rows would do, row by row and cell by cell. Writes nothing.

    Raises BadFile when the scope may not import a sheet or column of the file at all.
    """
    scope.check(raw_sheets)
    return Validation(raw_sheets, scope).run()


# --- Step 3: apply ------------------------------------------------------------------------


@dataclass
class ImportResult:
    preview: Preview
    applied: bool = False
    invitations: list = field(default_factory=list)  # (business, raw token)
    conflict: str = ""


def apply(raw_sheets, scope, *, dry_run=False, invite=True):
    """Validate, then save every row in one transaction, or nothing if any row fails."""
    from accounts.services import invitation_create

    try:
        # One businesses_changed for every business the import touched, inside its transaction.
        with transaction.atomic(), collecting_changes():
            if scope.association is not None:
                # One import at a time per association: a double click on "Simpan" waits for
                # the first to commit, then finds every row unchanged instead of adding twins.
                scope.association.__class__.objects.select_for_update().get(pk=scope.association.umbrella.pk)
            preview = validate(raw_sheets, scope)
            result = ImportResult(preview)
            if dry_run or preview.has_errors:
                return result
            enrolment = Enrolment(scope.association) if scope.association is not None else None
            for sheet_result in preview.sheets:
                is_business_sheet = sheet_result.sheet.key == "businesses"
                for row in sheet_result.rows:
                    instance = row.instance
                    if row.status == UNCHANGED or not row.changed_fields:
                        pass
                    elif instance.pk is None:
                        instance.save()
                    else:
                        instance.save()
                        if is_business_sheet and scope.association is not None:
                            # Changed by the association: a verified profile goes back to Dinas.
                            business_record_owner_edit(business=instance)
                    if is_business_sheet:
                        if row.becomes_member:
                            enrolment.enrol(instance, joined_on=row.joined_on)
                        if invite and row.status == NEW and instance.owner_id is None and scope.association:
                            _invitation, token = invitation_create(business=instance, created_by=scope.user)
                            result.invitations.append((instance, token))
            result.applied = True
            return result
    except (ConcurrentEditError, IntegrityError):
        # Someone saved one of these records after the check above, or the database refused
        # a row: the transaction is rolled back, nothing was written.
        return ImportResult(
            validate(raw_sheets, scope),
            conflict=_(
                "Tidak ada yang disimpan: data di registri berubah atau bertentangan saat impor berjalan. "
                "Periksa pratinjau lalu ulangi."
            ),
        )


class Enrolment:
    """Makes imported businesses active members of the importing association, numbered
    after the highest number in use (read once, under a lock on the umbrella)."""

    def __init__(self, association):
        from organizations.models import Association
        from organizations.services import next_member_number

        self.association = association
        umbrella = Association.objects.select_for_update().get(pk=association.umbrella.pk)
        self.next_number = int(next_member_number(umbrella))

    def enrol(self, business, *, joined_on=None):
        from organizations.models import Membership

        membership = Membership(
            business=business,
            association=self.association,
            status=Membership.Status.ACTIVE,
            member_number=f"{self.next_number:05d}",
            joined_on=joined_on or timezone.localdate(),
        )
        membership.save()
        self.next_number += 1
        return membership


def _ident(obj):
    """A key for a business or product that is the same for every copy of a saved row."""
    if obj is None:
        return None
    return ("pk", obj.pk) if obj.pk else ("new", id(obj))


# --- The officers' template ---------------------------------------------------------------

INSTRUCTIONS_TITLE = gettext_lazy("Petunjuk")
LISTS_TITLE = gettext_lazy("Daftar")


def instructions():
    business, product, market = (sheet.title() for sheet in TEMPLATE_SHEETS)
    required = ", ".join(_header(TEMPLATE_SHEETS[0], n) for n in TEMPLATE_SHEETS[0].required_fields)
    return [
        _("Petunjuk pengisian templat data anggota IKM"),
        "",
        _("1. Lembar “%(sheet)s”: satu usaha per baris, mulai baris kedua.") % {"sheet": business},
        _("   Kolom wajib untuk usaha baru: %(columns)s.") % {"columns": required},
        _("2. Lembar “%(sheet)s”: satu produk per baris.") % {"sheet": product},
        _("   Tulis NIB usaha, atau nama usaha persis seperti di lembar “%(business)s”.") % {"business": business},
        _("3. Lembar “%(sheet)s”: ke mana produk dijual. Tulis nama usaha (atau NIB) dan nama produk.")
        % {"sheet": market},
        _("   Porsi penjualan semua wilayah satu produk paling banyak 100%."),
        _("4. Jangan mengubah, menghapus atau memindah nama kolom di baris pertama."),
        _("   Lembar yang tidak dipakai boleh dibiarkan kosong."),
        _("5. Pilih dari daftar turun (drop-down): Kecamatan dahulu, lalu Desa/kelurahan di kecamatan itu; juga KBLI,"),
        _("   satuan dan pilihan lain."),
        _("6. NIB terdiri dari 13 angka. Kosongkan bila usaha belum punya NIB."),
        _("7. Tulis angka tanpa titik, koma ribuan atau huruf, misalnya 25000000 untuk Rp 25 juta."),
        _("8. Tulis tanggal sebagai HH-BB-TTTT, misalnya 17-08-2025."),
        _("9. Jangan memakai rumus (=...); salin lalu tempel sebagai nilai saja."),
        _("10. Usaha dicocokkan dengan NIB, atau bila tanpa NIB dengan nama usaha di desa yang sama:"),
        _("    mengunggah ulang berkas yang sama tidak mengubah apa pun;"),
        _("    sel kosong tidak menghapus data yang sudah ada."),
        _("11. Ukuran berkas paling besar %(mb)s MB dan %(rows)s baris per lembar. Simpan sebagai .xlsx.")
        % {"mb": MAX_UPLOAD_MB, "rows": f"{MAX_ROWS_PER_SHEET:,}".replace(",", ".")},
        _("12. Sebelum disimpan Anda melihat pratinjau: setiap galat disebut baris dan kolomnya."),
        _("    Semua baris tersimpan sekaligus, atau tidak sama sekali."),
    ]


def build_template():
    """The officers' Excel template (bytes): the data sheets, instructions, hidden lists."""
    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    header_format = workbook.add_format({"bold": True, "bg_color": "#E8F3EC", "border": 1, "text_wrap": True})
    required_format = workbook.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True})
    text_format = workbook.add_format({"num_format": "@"})
    data_sheets = [(sheet, workbook.add_worksheet(sheet.title())) for sheet in TEMPLATE_SHEETS]
    guide = workbook.add_worksheet(str(INSTRUCTIONS_TITLE))
    lists = workbook.add_worksheet(str(LISTS_TITLE))

    desa_by_kecamatan = {}
    for desa in Desa.objects.select_related("kecamatan").order_by("kecamatan__name", "name"):
        desa_by_kecamatan.setdefault(desa.kecamatan.name, []).append(desa.name)
    sources = {
        "kecamatan": sorted(desa_by_kecamatan),
        "kbli": sorted({k.code for k in Kbli.objects.only("code")}),
    }
    list_ranges = {}

    def list_range(key, items):
        if key not in list_ranges:
            index = len(list_ranges)
            lists.write_string(0, index, key)
            for offset, item in enumerate(items, start=1):
                lists.write_string(offset, index, str(item))
            letter = xlsxwriter.utility.xl_col_to_name(index)
            list_ranges[key] = f"='{lists.name}'!${letter}$2:${letter}${max(len(items), 1) + 1}"
        return list_ranges[key]

    # Desa depend on the kecamatan of the row: one named list per kecamatan ("desa_Kerek"),
    # picked by INDIRECT from the kecamatan cell, so the drop-down offers that kecamatan's desa.
    for kecamatan, names in desa_by_kecamatan.items():
        list_range(f"desa {kecamatan}", names)
        workbook.define_name(_desa_list_name(kecamatan), list_ranges[f"desa {kecamatan}"])

    for sheet, worksheet in data_sheets:
        for index, name in enumerate(sheet.template_fields):
            resource_field = sheet.fields[name]
            header = str(resource_field.column_name)
            worksheet.write_string(
                0, index, header, required_format if name in sheet.required_fields else header_format
            )
            textual = name in ("nib", "business_nib", "kbli", "phone", "sku")
            worksheet.set_column(index, index, min(max(14, len(header) + 2), 34), text_format if textual else None)
            source = None
            if name in ("kecamatan_name",):
                source = list_range("kecamatan", sources["kecamatan"])
            elif name == "desa_name":
                kecamatan_cell = xlsxwriter.utility.xl_rowcol_to_cell(1, sheet.template_fields.index("kecamatan_name"))
                source = f'=INDIRECT("desa_"&SUBSTITUTE({kecamatan_cell}," ","_"))'

            elif name == "kbli":
                source = list_range("kbli", sources["kbli"])
            elif isinstance(resource_field.widget, resources.ChoiceWidget):
                labels = [str(label) for _code, label in resource_field.widget.choices]
                source = list_range(f"{sheet.key}.{name}", labels)
            validation = None
            if source:
                validation = {
                    "validate": "list",
                    "source": source,
                    # KBLI: the list holds the codes seen in Tuban, others exist. Desa: an empty
                    # kecamatan leaves the list empty; the import checks the pair anyway.
                    "error_type": "warning" if name in ("kbli", "desa_name") else "stop",
                    "error_title": _("Pilihan tidak dikenal"),
                    "error_message": _("Pilih dari daftar."),
                }
            elif isinstance(resource_field.widget, widgets.IntegerWidget | widgets.DecimalWidget):
                validation = {
                    "validate": "integer" if isinstance(resource_field.widget, widgets.IntegerWidget) else "decimal",
                    "criteria": ">=",
                    "value": 0,
                    "error_title": _("Bukan angka"),
                    "error_message": _("Tulis angka 0 atau lebih, tanpa titik ribuan atau huruf."),
                }
            if validation:
                worksheet.data_validation(1, index, MAX_ROWS_PER_SHEET, index, validation)
        worksheet.freeze_panes(1, 0)
        worksheet.set_row(0, 32)
    for line, sentence in enumerate(instructions()):
        guide.write_string(line, 0, str(sentence))
    guide.set_column(0, 0, 120)
    guide.activate()
    data_sheets[0][1].activate()
    lists.hide()
    workbook.close()
    return output.getvalue()


def _desa_list_name(kecamatan):
    return "desa_" + re.sub(r"\W", "_", kecamatan)


def sheet_title_for(key):
    return SHEETS_BY_KEY[key].title()


def timestamp():
    return timezone.localtime().strftime("%Y%m%d-%H%M")
