"""What validation found, row by row and cell by cell: the preview's data."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .sheets import ERROR, NEW, ROW, STATUS_LABELS, UNCHANGED, UPDATED, Sheet, _header


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
