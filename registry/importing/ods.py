"""OpenDocument spreadsheets (.ods, LibreOffice Calc's own format) as plain rows.

A small reader of content.xml through defusedxml (no entity expansion, no external
references), so that the engine reads an .ods like an .xlsx without a new dependency.
What it gives matches openpyxl's read-only cells: `.value` (int, float, str, bool,
datetime.date/datetime) and `.data_type` ("f" for a formula). Repeated rows and columns
(LibreOffice writes `number-rows-repeated="1048000"` for the empty rest of a sheet) are
expanded only as far as a sheet can hold data: a sheet never costs more than its limit.
"""

import datetime
import io
import zipfile

from defusedxml import ElementTree
from django.conf import settings

from .sheets import MAX_ROWS_PER_SHEET

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
MAX_COLUMNS = 256  # far more than any sheet of the engine has


class Cell:
    __slots__ = ("value", "data_type")

    def __init__(self, value, data_type="n"):
        self.value = value
        self.data_type = data_type


def is_ods(data):
    """An OpenDocument spreadsheet: a zip whose first entry `mimetype` says so."""
    if data[:2] != b"PK":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "mimetype" not in archive.namelist():
                return False
            with archive.open("mimetype") as handle:
                return handle.read(len(MIMETYPE) + 1).strip() == MIMETYPE
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return False


def worksheets(data):
    """(title, header values, rows callable) per table, like reading._xlsx_worksheets."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as content:
        tables = list(_tables(content))
    for title, rows in tables:
        headers = [cell.value for cell in rows[0]] if rows else []
        yield title, headers, (lambda rows=rows: ((line, cells) for line, cells in enumerate(rows[1:], start=2)))


def _tables(content):
    limit = MAX_ROWS_PER_SHEET + settings.IMPORT_MAX_EMPTY_ROWS + 2
    title, rows, row, row_repeat = None, [], None, 1
    for event, element in ElementTree.iterparse(content, events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == f"{{{TABLE}}}table":
                title, rows = element.get(f"{{{TABLE}}}name", ""), []
            elif tag == f"{{{TABLE}}}table-row":
                row = []
                row_repeat = int(element.get(f"{{{TABLE}}}number-rows-repeated", "1"))
            continue
        if tag in (f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell") and row is not None:
            repeat = int(element.get(f"{{{TABLE}}}number-columns-repeated", "1"))
            cell = _cell(element)
            row.extend([cell] * max(0, min(repeat, MAX_COLUMNS - len(row))))
            element.clear()
        elif tag == f"{{{TABLE}}}table-row":
            while row and row[-1].value is None and row[-1].data_type != "f":
                row.pop()
            # Rows past the limit are not kept: the reader stops at the limit anyway.
            rows.extend([row] * max(0, min(row_repeat, limit - len(rows))))
            row = None
            element.clear()
        elif tag == f"{{{TABLE}}}table":
            while rows and not rows[-1]:
                rows.pop()
            yield title, rows
            element.clear()


def _cell(element):
    formula = element.get(f"{{{TABLE}}}formula")
    kind = element.get(f"{{{OFFICE}}}value-type")
    if formula:
        return Cell(formula, "f")
    if kind in ("float", "percentage", "currency"):
        text = element.get(f"{{{OFFICE}}}value", "")
        try:
            number = float(text)
        except ValueError:
            return Cell(_text(element), "s")
        return Cell(int(number) if number.is_integer() and abs(number) < 2**53 else number)
    if kind == "date":
        text = element.get(f"{{{OFFICE}}}date-value", "")
        try:
            if "T" in text:
                return Cell(datetime.datetime.fromisoformat(text), "d")
            return Cell(datetime.date.fromisoformat(text), "d")
        except ValueError:
            return Cell(text, "s")
    if kind == "boolean":
        return Cell(element.get(f"{{{OFFICE}}}boolean-value") == "true", "b")
    if kind is None:
        return Cell(None)
    return Cell(_text(element) or None, "s")


def _text(element):
    """The cell's paragraphs as text (spaces written as <text:s text:c="3"/> included)."""
    lines = []
    for paragraph in element.iter(f"{{{TEXT}}}p"):
        lines.append("".join(_pieces(paragraph)))
    return "\n".join(lines)


def _pieces(node):
    if node.text:
        yield node.text
    for child in node:
        if child.tag == f"{{{TEXT}}}s":
            yield " " * int(child.get(f"{{{TEXT}}}c", "1"))
        elif child.tag == f"{{{TEXT}}}tab":
            yield "\t"
        elif child.tag == f"{{{TEXT}}}line-break":
            yield "\n"
        else:
            yield from _pieces(child)
        if child.tail:
            yield child.tail
