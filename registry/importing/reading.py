"""Step 1 of an import: a workbook file becomes plain rows, or is refused as a whole.

`read_workbook` turns an .xlsx (openpyxl) or an .ods (LibreOffice Calc, read here with
defusedxml) into {sheet key: [(line, {field name: value})]}, JSON-safe so that a preview
can wait in the session. It refuses a bad file as a whole: not a workbook, encrypted,
formulas, unknown or missing columns, too many rows, no data, or a zip that unpacks to far
more than it weighs (checked from the zip's directory before anything is unpacked).
"""

import datetime
import io
import zipfile

import openpyxl.utils
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from . import ods, xlsx
from .sheets import (
    FORMULA_STARTS,
    INSTRUCTIONS_TITLE,
    LISTS_TITLE,
    MAX_ROWS_PER_SHEET,
    SHEETS,
    SHEETS_BY_KEY,
    BadFile,
    _column_names,
    _header,
)


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
    """Return {sheet key: [(line, {field name: value})]} from xlsx or ods bytes, or raise BadFile."""
    _check_unpacked_size(data)
    if ods.is_ods(data):
        try:
            return _read_sheets(ods.worksheets(data))
        except BadFile:
            raise
        except Exception:  # noqa: BLE001 - hostile or broken XML raises many kinds of errors
            raise BadFile(_("Isi lembar kerja .ods rusak, dilindungi kata sandi, atau tidak aman dibaca.")) from None
    try:
        workbook = xlsx.Workbook(data)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        # An encrypted workbook is an OLE file, not a zip: it lands here like an .xls or a PDF.
        raise BadFile(
            _(
                "Berkas bukan buku kerja yang dapat dibaca: rusak, dilindungi kata sandi, atau bukan .xlsx/.ods. "
                "Hapus kata sandinya bila ada, lalu simpan sebagai .xlsx; di LibreOffice Calc: menu File > "
                "Save As (Simpan Sebagai), jenis berkas “Excel 2007-365 (.xlsx)”."
            )
        ) from None
    except Exception:  # noqa: BLE001 - hostile or broken XML raises many kinds of errors
        raise BadFile(_("Isi buku kerja Excel rusak atau tidak aman dibaca.")) from None
    try:
        return _read_sheets(_xlsx_worksheets(workbook))
    except BadFile:
        raise
    except Exception:  # noqa: BLE001
        raise BadFile(_("Isi buku kerja Excel rusak atau tidak aman dibaca.")) from None
    finally:
        workbook.close()


def _xlsx_worksheets(workbook):
    """(title, header values, rows) per worksheet; rows yields (line, cells) from line 2 on.

    The sheet's declared <dimension> (say A1:Z1000000) is not read at all: rows are as wide
    as their cells, and read one at a time.
    """
    for title, path in workbook.sheets:
        rows = workbook.rows(path)
        first = next(rows, None)
        if first is None or first[0] != 1:
            yield title, [], lambda: iter(())
            continue
        yield title, [cell.value if cell is not None else None for cell in first[1]], lambda rows=rows: rows


def _in_every_language(text):
    titles = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            titles.add(str(text).lower())
    return titles


def _read_sheets(worksheets):
    # A template downloaded in English reads back in an Indonesian session, and the reverse.
    by_title = {title: sheet for sheet in SHEETS for title in _in_every_language(sheet.resource.sheet_title)}
    skipped_titles = _in_every_language(INSTRUCTIONS_TITLE) | _in_every_language(LISTS_TITLE)
    found = {}
    for worksheet_title, header_values, rows in worksheets:
        title = worksheet_title.strip().lower()
        if title in skipped_titles:
            continue
        headers = [str(value).strip() if value is not None else "" for value in header_values]
        while headers and not headers[-1]:
            headers.pop()
        if not any(headers):
            continue  # an empty sheet (of the template or not): nothing of that kind to import
        sheet = by_title.get(title) or _guess_sheet(headers)
        if sheet is None:
            raise BadFile(
                _("Lembar kerja “%(title)s” tidak dikenali. Nama lembar yang dapat diimpor: %(titles)s.")
                % {"title": worksheet_title, "titles": ", ".join(s.title() for s in SHEETS)}
            )
        if sheet.key in found:
            raise BadFile(_("Lembar kerja “%(title)s” ada dua kali.") % {"title": sheet.title()})
        found[sheet.key] = _read_rows(sheet, worksheet_title, headers, rows())
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
    previous = 1
    for line, cells in rows:
        # Rows missing from the file are empty rows: a row numbered 1000000 after row 2 is
        # a run of a million of them, which ends the sheet like any long run of empty rows.
        empty_in_a_row += line - previous - 1
        previous = line
        if empty_in_a_row >= max_empty:
            break
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
            # The sheet ends after a long enough run of empty rows.
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
