"""Spreadsheet import of the registry: one engine for the association's officers
(/asosiasi/impor/), Dinas staff (/dinas/impor/) and `manage.py import_registry`.

Split along its seams, one module each (read them in this order):

- sheets.py: what a sheet is (its Resource from registry/resources.py, the template's
  columns, what must be there), the registry's own sheets and `register_sheet()` for the
  sheets other apps plug in from their AppConfig.ready() (organizations: memberships, aid:
  assistance). The engine imports neither of them.
- reading.py (+ ods.py): step 1, a workbook (.xlsx or .ods) as plain rows, or BadFile; the
  zip-bomb, formula, column and row limits.
- references.py: cells against their columns and the reference tables (kecamatan, desa,
  KBLI), dates, NIB.
- matching.py: rows to existing records (NIB, names, IDs), one query per sheet.
- validation.py: step 2, what applying would do, row by row; writes nothing.
- applying.py: step 3, everything saved in one transaction with bulk writes that keep
  history and optimistic locking, or nothing.
- scope.py: what an importer may touch; the hooks of the app that owns associations.
- template.py: the officers' Excel template.

The names below are the engine's public interface: `from registry import importing`.
"""

from .applying import ImportResult, apply
from .history import insert_history
from .reading import read_workbook
from .results import Preview, RowResult, SheetResult
from .scope import AssociationHooks, Scope, register_association_hooks
from .sheets import (
    ERROR,
    INSTRUCTIONS_TITLE,
    LISTS_TITLE,
    MAX_ROWS_PER_SHEET,
    MAX_UPLOAD_MB,
    NEW,
    ROW,
    SHEETS,
    SHEETS_BY_KEY,
    STATUS_LABELS,
    TEMPLATE_SHEETS,
    UNCHANGED,
    UPDATED,
    BadFile,
    Sheet,
    _header,
    register_sheet,
    sheet_title_for,
)
from .template import build_template, instructions, timestamp
from .validation import Validation, validate

__all__ = [
    "ERROR",
    "INSTRUCTIONS_TITLE",
    "LISTS_TITLE",
    "MAX_ROWS_PER_SHEET",
    "MAX_UPLOAD_MB",
    "NEW",
    "ROW",
    "SHEETS",
    "SHEETS_BY_KEY",
    "STATUS_LABELS",
    "TEMPLATE_SHEETS",
    "UNCHANGED",
    "UPDATED",
    "AssociationHooks",
    "BadFile",
    "ImportResult",
    "Preview",
    "RowResult",
    "Scope",
    "Sheet",
    "SheetResult",
    "Validation",
    "_header",
    "apply",
    "build_template",
    "insert_history",
    "instructions",
    "read_workbook",
    "register_association_hooks",
    "register_sheet",
    "sheet_title_for",
    "timestamp",
    "validate",
]
