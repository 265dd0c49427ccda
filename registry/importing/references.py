"""Validation of cells against their column and the reference tables.

`References` loads the small tables rows point to (kecamatan, desa, KBLI) once per import.
`convert_cell` turns one cell into its Python value through its column's widget, with an
Indonesian message that says what is wrong and how to write it instead: a number written
as text, a choice that does not exist, a date that does not exist ("31-02-2025") as opposed
to one written in an unknown format, a NIB that lost its leading 0 in a spreadsheet.
"""

import calendar
import datetime
import functools
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets

from .. import resources
from ..models import Desa, Kbli, Kecamatan
from ..validators import NIB_LOST_ZERO_HINT, nib_lost_leading_zero
from .results import _shown

DAY_FIRST = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")
YEAR_FIRST = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
MONTHS = (
    "",
    *(gettext_lazy("Januari"), gettext_lazy("Februari"), gettext_lazy("Maret"), gettext_lazy("April")),
    *(gettext_lazy("Mei"), gettext_lazy("Juni"), gettext_lazy("Juli"), gettext_lazy("Agustus")),
    *(gettext_lazy("September"), gettext_lazy("Oktober"), gettext_lazy("November"), gettext_lazy("Desember")),
)


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
        code = _choice_lookup(id(widget), translation.get_language(), widget).get(text.casefold())
        if code is not None:
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
        return parse_date(value)
    if isinstance(value, dict):
        return _shown(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number: 13134.0 -> "13134"
    return str(value)


@functools.lru_cache(maxsize=256)
def _choice_lookup(_widget_id, _language, widget):
    """{code or label, casefolded: code} of a choice column, in one language: translating
    every label for every cell was a tenth of a 30,000-row validation."""
    found = {}
    for code, label in reversed(widget.choices):  # the first choice wins, as before
        found[str(label).casefold()] = code
        found[str(code).casefold()] = code
    return found


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


def parse_date(value):
    """A date written as HH-BB-TTTT (or HH/BB/TTTT, TTTT-BB-HH), or ValidationError that says
    whether the date does not exist or is written in a way the import does not read."""
    text = str(value).strip()
    match = DAY_FIRST.fullmatch(text)
    if match:
        day, month, year = (int(part) for part in match.group(1, 3, 4))
    else:
        match = YEAR_FIRST.fullmatch(text)
        if match is None:
            raise ValidationError(
                _("Format tanggal “%(value)s” tidak dikenal: tulis HH-BB-TTTT, misalnya 17-08-2025.") % {"value": text}
            )
        year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise ValidationError(
            _("Tanggal “%(value)s” tidak mungkin: bulan %(month)s tidak ada (bulan 1 sampai 12; urutannya HH-BB-TTTT).")
            % {"value": text, "month": month}
        )
    last = calendar.monthrange(year, month)[1] if datetime.MINYEAR <= year <= datetime.MAXYEAR else 31
    if not 1 <= day <= last or year < datetime.MINYEAR:
        raise ValidationError(
            _("Tanggal “%(value)s” tidak mungkin: %(month)s %(year)s hanya sampai tanggal %(last)s.")
            % {"value": text, "month": MONTHS[month], "year": year, "last": last}
        )
    return datetime.date(year, month, day)


def clean_nib(written):
    """(NIB, None) from a cell (spaces, dots and dashes dropped), or (None, message)."""
    text = str(int(written) if isinstance(written, float) and written.is_integer() else written)
    nib = re.sub(r"[\s.\-]", "", text)
    if nib.isdigit() and len(nib) == 13:
        return nib, None
    message = _("NIB harus 13 angka; tertulis “%(value)s”.") % {"value": text}
    if nib_lost_leading_zero(nib):
        message = f"{message} {NIB_LOST_ZERO_HINT}"
    return None, message
