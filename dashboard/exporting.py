"""Exports of the registry's sheets to Excel and CSV, streamed, escaped and logged.

One path for every caller (dashboard lists, the admin, `manage.py export_registry`):

    queryset -> Resource.export_value_rows(): values_list(<the columns' paths>)
                .iterator(chunk_size=2000), one cell function per column
                (or, for a sheet that needs its objects, export_field() per column)
             -> cell typing and escaping
             -> XlsxWriter (constant_memory) or csv, row by row

so memory stays flat however many rows there are: no tablib Dataset of the whole sheet
is ever built. The Resources in registry/resources.py stay the single definition of each
sheet's columns.

Cells: numbers stay numbers (Excel can sum them), dates are dates, and any text cell that
starts with = + - @ tab or carriage return is prefixed with "'" so that no spreadsheet
runs it as a formula. In xlsx, identifiers (NIB, NIK, KBLI, phone, region codes) are text
cells and money columns "(Rp)" carry the number format #,##0.00 (two decimals; Excel shows
the thousands and decimal separators of the reader's locale).

Two CSV flavours:
- "csv", for other systems: UTF-8 without BOM, comma separated, a dot decimal separator,
  no thousands separator and ISO 8601 dates, whatever the interface language.
- "csv-excel", for a double-click in a spreadsheet: a UTF-8 BOM (without it Excel reads
  the file as Windows-1252 and "Pondok Pesantren Ma'had" or "Rp" survive but any non-ASCII
  name does not), semicolon separated with decimal commas, because Excel with Indonesian
  regional settings (list separator ";", decimal ",") splits a CSV on ";" and reads "1.500"
  as one thousand five hundred; and text that Excel would turn into a number or a date
  (NIB 3523082008000 into 3,52308E+12, KBLI 01111 into 1111, 0812... into 812...) is
  written as ="3523082008000", which Excel shows as that text. LibreOffice asks how to
  read a CSV: its dialog takes the BOM as UTF-8; tick "Evaluate formulas" (or set those
  columns to Text), or open the xlsx, which needs no choices at all.
"""

import csv
import datetime
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import xlsxwriter
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.resources import MembershipResource
from registry.resources import (
    PERSONAL_DATA_PERMISSION,
    AssistanceResource,
    BusinessResource,
    MarketAreaResource,
    ProductionReportResource,
    ProductResource,
)
from tuban_ikm.access_log import log_export

from .models import ExportLog
from .scope import Scope

CHUNK_SIZE = 2000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMULA_STARTS = frozenset(FORMULA_PREFIXES)
CSV_FORMATS = frozenset({"csv", "csv-excel"})
FORMAT_LABELS = {"xlsx": "xlsx", "csv": "CSV", "csv-excel": _("CSV untuk Excel")}
#: Text a spreadsheet opening a CSV would read as a number, a date or a percentage.
NUMBER_LIKE = re.compile(r"[0-9(][0-9 .,/:%eE+()-]*\Z")
UTF8_BOM = "\ufeff"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
VIEW_PERMISSION = "registry.view_business"


@dataclass(frozen=True)
class Dataset:
    key: str
    resource: type
    permission: str
    #: The rows of this sheet for a Scope (its filters).
    rows: Callable

    @property
    def label(self):
        return ExportLog.Dataset(self.key).label

    def queryset(self, scope):
        return self.rows(scope)


DATASETS = {
    dataset.key: dataset
    for dataset in (
        Dataset("businesses", BusinessResource, "registry.export_business", Scope.businesses),
        Dataset("products", ProductResource, "registry.export_product", Scope.products),
        # Every report of the period, whatever its status (the sheet has a status column).
        Dataset(
            "production",
            ProductionReportResource,
            "registry.export_productionreport",
            lambda scope: scope.reports(counted=False),
        ),
        Dataset("markets", MarketAreaResource, "registry.export_marketarea", Scope.market_areas),
        Dataset("memberships", MembershipResource, "organizations.export_membership", Scope.memberships),
        Dataset("assistance", AssistanceResource, "registry.export_assistance", Scope.assistance),
    )
}
OPEN_DATA = "opendata"
OPEN_DATA_PERMISSION = "registry.export_business"
FORMATS = tuple(ExportLog.Format.values)


def dataset_for_model(model):
    for dataset in DATASETS.values():
        if dataset.resource._meta.model is model:
            return dataset
    raise LookupError(f"No export sheet for {model._meta.label}")


def may_export(user, dataset_key):
    permission = OPEN_DATA_PERMISSION if dataset_key == OPEN_DATA else DATASETS[dataset_key].permission
    return user.is_active and user.has_perm(VIEW_PERMISSION) and user.has_perm(permission)


def exportable_datasets(user):
    return [dataset for key, dataset in DATASETS.items() if may_export(user, key)]


# --- Cells ------------------------------------------------------------------------------------


def escape_text(text):
    """Neutralise text a spreadsheet would run as a formula (OWASP CSV injection)."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_cell(value):
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        return escape_text(value)
    if kind is Decimal:
        return format(value, "f")  # never "1,5" nor "1E+3", whatever the locale
    if kind is bool:
        return "ya" if value else "tidak"
    if kind is int or kind is float:
        return repr(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return escape_text(str(value))


def excel_csv_cell(value):
    """A cell of the "csv-excel" flavour: decimal commas, number-like text kept as text."""
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        if value and NUMBER_LIKE.match(value):
            return '="' + value + '"'  # only digits and separators: nothing to quote inside
        return escape_text(value)
    if kind is Decimal:
        return format(value, "f").replace(".", ",")
    if kind is float:
        return repr(value).replace(".", ",")
    return csv_cell(value)


class XlsxSheet:
    """One worksheet written row by row (XlsxWriter's constant_memory mode flushes each row)."""

    def __init__(self, workbook, title, headers, formats):
        self.sheet = workbook.add_worksheet(str(title)[:31])
        self.formats = formats
        self.row = 0
        self.money_columns = {i for i, header in enumerate(headers) if "(Rp)" in str(header)}
        for col, header in enumerate(headers):
            self.sheet.write_string(0, col, str(header), formats["header"])
            self.sheet.set_column(col, col, min(max(len(str(header)) + 2, 10), 40))
        self.sheet.freeze_panes(1, 0)
        self.headers = headers
        self.write_string, self.write_number = self.sheet.write_string, self.sheet.write_number

    def write(self, values):
        self.row += 1
        row, money = self.row, self.money_columns
        write_string, write_number = self.write_string, self.write_number
        for col, value in enumerate(values):
            if value is None:
                continue
            kind = type(value)
            if kind is str:
                if value:
                    write_string(row, col, "'" + value if value[0] in FORMULA_STARTS else value)
            elif kind is Decimal or kind is int or kind is float:
                if col in money:
                    write_number(row, col, float(value), self.formats["money"])
                else:
                    write_number(row, col, float(value))
            elif kind is bool:
                write_string(row, col, "ya" if value else "tidak")
            elif isinstance(value, datetime.date):
                if isinstance(value, datetime.datetime):
                    value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
                    self.sheet.write_datetime(row, col, value, self.formats["datetime"])
                else:
                    self.sheet.write_datetime(row, col, value, self.formats["date"])
            else:
                write_string(row, col, escape_text(str(value)))

    def finish(self):
        if self.row:
            self.sheet.autofilter(0, 0, self.row, max(len(self.headers) - 1, 0))


class XlsxBook:
    """A workbook in constant memory, written to a file object (a temp file for HTTP)."""

    def __init__(self, fileobj):
        self.workbook = xlsxwriter.Workbook(
            fileobj,
            {
                "constant_memory": True,
                # Text stays text: never turned into formulas, links or numbers by guessing.
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self.formats = {
            "header": self.workbook.add_format({"bold": True, "bg_color": "#E8F3EC", "text_wrap": True}),
            # Rupiah with its two decimals (sen); separators follow the reader's locale.
            "money": self.workbook.add_format({"num_format": "#,##0.00"}),
            "date": self.workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": self.workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        }

    def sheet(self, title, headers):
        return XlsxSheet(self.workbook, title, headers, self.formats)

    def close(self):
        self.workbook.close()


class Echo:
    """csv.writer target that hands each formatted line back instead of storing it."""

    def write(self, value):
        return value


def csv_lines(headers, rows, file_format="csv"):
    """The CSV lines (text) of a sheet in one of the two flavours (see the module docstring)."""
    if file_format == ExportLog.Format.CSV_EXCEL:
        writer, cell, start = csv.writer(Echo(), delimiter=";", lineterminator="\r\n"), excel_csv_cell, UTF8_BOM
    else:
        writer, cell, start = csv.writer(Echo(), lineterminator="\r\n"), csv_cell, ""
    yield start + writer.writerow([str(header) for header in headers])
    for values in rows:
        yield writer.writerow([cell(value) for value in values])


# --- Rows from the Resources ---------------------------------------------------------------


def resource_rows(resource, queryset):
    """Each row of the sheet as native values: read with values_list() where every column is
    a stored value or computed from them (no model instance per row), else each object's
    row from the Resource's own fields (export_resource)."""
    rows = resource.export_value_rows(queryset, chunk_size=CHUNK_SIZE)
    if rows is not None:
        yield from rows
        return
    export_resource = resource.export_resource
    for instance in resource.export_objects(queryset, chunk_size=CHUNK_SIZE):
        yield export_resource(instance, force_native_type=True)


class Counter:
    """Passes rows through and counts them."""

    def __init__(self, rows):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


# --- Export jobs ---------------------------------------------------------------------------


@dataclass
class Export:
    """One export about to be written: what, in which format, for whom, and its log row."""

    dataset: str
    file_format: str
    queryset: object = None
    scope: Scope = None
    include_personal_data: bool = False
    log: ExportLog = None

    def filename(self):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        if self.file_format == ExportLog.Format.CSV_EXCEL:
            return f"registri-ikm-tuban-{self.dataset}-{stamp}-excel.csv"
        return f"registri-ikm-tuban-{self.dataset}-{stamp}.{self.file_format}"

    def resource(self):
        return DATASETS[self.dataset].resource(include_personal_data=self.include_personal_data)

    def write(self, fileobj):
        """Write the whole export to a binary file object; returns the number of data rows."""
        if self.dataset == OPEN_DATA:
            from .opendata import write_open_data

            return write_open_data(self.scope, self.file_format, fileobj)
        resource = self.resource()
        rows = Counter(resource_rows(resource, self.queryset))
        headers = resource.get_export_headers()
        if self.file_format == ExportLog.Format.XLSX:
            book = XlsxBook(fileobj)
            sheet = book.sheet(resource.sheet_title or self.dataset, headers)
            for values in rows:
                sheet.write(values)
            sheet.finish()
            book.close()
        else:
            for line in csv_lines(headers, rows, self.file_format):
                fileobj.write(line.encode("utf-8"))
        return rows.count

    def stream_csv(self):
        """CSV lines as bytes, one row at a time; the log gets the final count at the end."""
        resource = self.resource()
        rows = Counter(resource_rows(resource, self.queryset))
        for line in csv_lines(resource.get_export_headers(), rows, self.file_format):
            yield line.encode("utf-8")
        finish_log(self.log, rows.count)


def start_log(*, user, dataset, file_format, source, filters, personal_data, row_count=0):
    log = ExportLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        dataset=dataset,
        file_format=file_format,
        source=source,
        filters=filters or {},
        personal_data=personal_data,
        row_count=row_count,
    )
    if personal_data:
        # The personal-data access log lists exports too (UU 27/2022), next to page views.
        log_export(log)
    return log


def finish_log(log, row_count):
    if log is None:
        return
    log.row_count = row_count
    log.finished_at = timezone.now()
    log.save(update_fields=["row_count", "finished_at"])


def prepare_export(
    *, user, dataset, file_format, source, filters, queryset=None, scope=None, system=False, personal_data=True
):
    """Check the permission, decide on personal data, and log the export before any row is read.

    `system=True` (the command line) skips the user checks and includes personal data
    unless `personal_data=False`.
    """
    if dataset != OPEN_DATA and dataset not in DATASETS:
        raise LookupError(dataset)
    if file_format not in FORMATS:
        raise LookupError(file_format)
    if not system and not may_export(user, dataset):
        raise PermissionDenied(_("Anda tidak berhak mengekspor data ini."))
    scope = scope or Scope()
    if dataset == OPEN_DATA:
        personal = False
    else:
        if queryset is None:
            queryset = DATASETS[dataset].queryset(scope)
        personal = (
            personal_data
            and bool(DATASETS[dataset].resource.personal_fields())
            and (system or user.has_perm(PERSONAL_DATA_PERMISSION))
        )
    export = Export(dataset, file_format, queryset, scope, personal)
    export.log = start_log(
        user=None if system else user,
        dataset=dataset,
        file_format=file_format,
        source=source,
        filters=filters,
        personal_data=personal,
    )
    return export


def export_response(export):
    """HTTP response for a prepared export: CSV streamed row by row, xlsx built in a temp
    file (XlsxWriter assembles the zip at the end) and streamed from there."""
    filename = export.filename()
    if export.file_format in CSV_FORMATS and export.dataset != OPEN_DATA:
        response = StreamingHttpResponse(export.stream_csv(), content_type=CSV_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    handle = tempfile.TemporaryFile()
    count = export.write(handle)
    finish_log(export.log, count)
    handle.seek(0)
    content_type = XLSX_CONTENT_TYPE if export.file_format == ExportLog.Format.XLSX else CSV_CONTENT_TYPE
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
