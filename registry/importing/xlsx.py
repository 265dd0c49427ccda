"""Excel workbooks (.xlsx) as plain rows, fast and safe.

openpyxl builds an object per XML element and per cell; reading the 30,000 rows of a
10,000-member workbook took it 5 s of CPU, half the time an import may take. This reader
hands the sheet XML to expat with a callback per element and keeps only the cells'
values: the same values openpyxl gives (numbers as int or float, shared and inline
strings, booleans, dates where the cell's number format is a date), about four times
faster.

Safety: a workbook never has a DTD, so any DTD is refused (no entity can be declared:
no "billion laughs", no external entity); the zip's unpacked sizes are checked before
(reading._check_unpacked_size); rows and cells are bounded by the caller's limits, and
a row numbered 1,000,000 costs nothing until it is reached.
"""

import datetime
import io
import posixpath
import re
import zipfile
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from .ods import Cell

MAX_COLUMNS = 256
INTEGER = re.compile(r"-?\d+")
CELL_REF = re.compile(r"([A-Z]+)(\d+)")
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class Refused(Exception):
    """The XML declares a DTD (never in a real workbook): refused unread."""


def _parser(start, end, text):
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_args):
        raise Refused

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    return parser


def _local(name):
    return name.rpartition("}")[2]


def _parse(handle, start, end=lambda name: None, text=lambda data: None):
    _parser(lambda name, attrs: start(_local(name), attrs), lambda name: end(_local(name)), text).ParseFile(handle)


class Workbook:
    def __init__(self, data):
        self.archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(self.archive.namelist())
        self.sheets = self._sheet_paths()
        self.strings = self._shared_strings() if "xl/sharedStrings.xml" in names else []
        self.date_styles, self.epoch = self._styles("xl/styles.xml" in names)

    def close(self):
        self.archive.close()

    def _open(self, name):
        return self.archive.open(name)

    def _sheet_paths(self):
        sheets, relations = [], {}
        epoch = [False]

        def workbook_start(name, attrs):
            if name == "sheet":
                rel = next((value for key, value in attrs.items() if key.endswith("}id") or key == "r:id"), None)
                sheets.append((attrs.get("name", ""), rel))
            elif name == "workbookPr" and attrs.get("date1904") in ("1", "true"):
                epoch[0] = True

        def rels_start(name, attrs):
            if name == "Relationship":
                relations[attrs.get("Id")] = attrs.get("Target", "")

        with self._open("xl/workbook.xml") as handle:
            _parse(handle, workbook_start)
        with self._open("xl/_rels/workbook.xml.rels") as handle:
            _parse(handle, rels_start)
        self.date1904 = epoch[0]
        paths = []
        for title, rel in sheets:
            target = relations.get(rel, "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            paths.append((title, path))
        return paths

    def _shared_strings(self):
        strings, parts, state = [], [], {"t": False, "phonetic": 0}

        def start(name, attrs):
            if name == "t" and not state["phonetic"]:
                state["t"] = True
            elif name == "rPh":
                state["phonetic"] += 1

        def end(name):
            if name == "t":
                state["t"] = False
            elif name == "rPh":
                state["phonetic"] -= 1
            elif name == "si":
                strings.append("".join(parts))
                parts.clear()

        def text(data):
            if state["t"]:
                parts.append(data)

        with self._open("xl/sharedStrings.xml") as handle:
            _parse(handle, start, end, text)
        return strings

    def _styles(self, present):
        formats = dict(BUILTIN_FORMATS)
        styles = []
        state = {"xfs": False}

        def start(name, attrs):
            if name == "numFmt":
                formats[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
            elif name == "cellXfs":
                state["xfs"] = True
            elif name == "xf" and state["xfs"]:
                styles.append(int(attrs.get("numFmtId", "0")))

        def end(name):
            if name == "cellXfs":
                state["xfs"] = False

        if present:
            with self._open("xl/styles.xml") as handle:
                _parse(handle, start, end)
        date_styles = {index for index, number_format in enumerate(styles) if _is_date(formats.get(number_format))}
        return date_styles, (CALENDAR_MAC_1904 if self.date1904 else CALENDAR_WINDOWS_1900)

    def rows(self, path):
        """(line, [Cell or None by column]) of every row, in order, read as they are asked
        for (64 KB of XML at a time): a caller that stops early stops the reading."""
        rows, state = [], {"row": None, "line": 0, "cell": None, "column": 0, "take": None}
        parts = []
        strings, date_styles, epoch = self.strings, self.date_styles, self.epoch

        def start(name, attrs):
            if name == "c":
                ref = attrs.get("r")
                match = CELL_REF.fullmatch(ref) if ref else None
                column = _column_index(match.group(1)) if match else state["column"]
                state["column"] = column + 1
                state["cell"] = [attrs.get("t", "n"), attrs.get("s"), None, False, column]
            elif name == "row":
                line = int(attrs.get("r") or state["line"] + 1)
                state["line"], state["row"], state["column"] = line, [], 0
            elif name in ("v", "t") and state["cell"] is not None:
                state["take"] = name
                parts.clear()
            elif name == "f" and state["cell"] is not None:
                state["cell"][3] = True

        def end(name):
            cell = state["cell"]
            if name in ("v", "t") and cell is not None and state["take"]:
                text = "".join(parts)
                cell[2] = text if cell[2] is None or name == "v" else cell[2] + text
                state["take"] = None
            elif name == "c" and cell is not None:
                kind, style, text, formula, column = cell
                state["cell"] = None
                if column >= MAX_COLUMNS:
                    return
                row = state["row"]
                if row is None:
                    return
                if len(row) < column:
                    row.extend([None] * (column - len(row)))
                row.append(Cell(text, "f") if formula else _value(kind, style, text, strings, date_styles, epoch))
            elif name == "row":
                rows.append((state["line"], state["row"]))
                state["row"] = None

        def text(data):
            if state["take"]:
                parts.append(data)

        parser = _parser(lambda name, attrs: start(_local(name), attrs), lambda name: end(_local(name)), text)
        with self._open(path) as handle:
            while chunk := handle.read(65536):
                parser.Parse(chunk, False)
                yield from rows
                rows.clear()
            parser.Parse(b"", True)
            yield from rows


def _column_index(letters):
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _is_date(number_format):
    return bool(number_format) and is_date_format(number_format)


def _value(kind, style, text, strings, date_styles, epoch):
    if text is None:
        return Cell(None)
    if kind == "s":
        return Cell(strings[int(text)], "s")
    if kind in ("inlineStr", "str", "e"):
        return Cell(text, "s")
    if kind == "b":
        return Cell(text.strip() in ("1", "true"), "b")
    if kind == "d":
        try:
            return Cell(datetime.datetime.fromisoformat(text), "d")
        except ValueError:
            return Cell(text, "s")
    number = int(text) if INTEGER.fullmatch(text) else float(text)
    if style is not None and int(style) in date_styles:
        try:
            return Cell(from_excel(number, epoch), "d")
        except (ValueError, OverflowError):
            return Cell(number)
    return Cell(number)
