"""Everything the registry holds about one user (UU 27/2022 right of access and
portability): the account, every business they own with its records, their data requests.

One declaration (`Kind` tree below) feeds the page, the JSON file and the Excel workbook,
so a field added here appears in all three. Reads are scoped by `owner=user` before
anything else, and use a fixed number of queries however many rows there are.
"""

import datetime
import io
from dataclasses import dataclass, field, replace
from decimal import Decimal

import xlsxwriter
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import FileField
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from tuban_ikm.numbers import format_number

from .models import DataRequest

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet runs text starting with these as a formula (CSV/formula injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Kind:
    """One kind of record: its JSON key, sheet title, fields, and how to reach it from its parent."""

    key: str
    title: str
    model: type
    fields: tuple
    related: str
    children: tuple = field(default=())

    def labels(self):
        return [capfirst(str(self.model._meta.get_field(name).verbose_name)) for name in self.fields]


DATA_REQUESTS = Kind(
    "data_requests",
    gettext_lazy("Permintaan data"),
    DataRequest,
    ("kind", "business", "message", "status", "created_at", "handled_at", "response"),
    "data_requests",
)
ACCOUNT_FIELDS = ("username", "first_name", "last_name", "email", "phone", "date_joined", "last_login")

# The owner's businesses and the records below them belong to rooms above accounts: the
# registry registers the business tree and the query that reads it, and higher rooms add
# kinds below a business (organizations: memberships), each in its AppConfig.ready().
_businesses = {}
_business_parts = []


def register_businesses(kind, owned):
    """`kind`: the Kind of a business and its children; `owned(user)`: their queryset."""
    _businesses.update(kind=kind, owned=owned)


def register_business_part(kind, prefetch):
    """One more kind below a business, read with `prefetch` (a lookup or Prefetch)."""
    if all(existing.key != kind.key for existing, _ in _business_parts):
        _business_parts.append((kind, prefetch))


def businesses_kind():
    base = _businesses["kind"]
    return replace(base, children=base.children + tuple(kind for kind, _ in _business_parts))


# --- Reading ----------------------------------------------------------------------------


def owned_businesses(user):
    """The user's businesses with every record below them, in a fixed number of queries."""
    return _businesses["owned"](user).prefetch_related(*(prefetch for _, prefetch in _business_parts))


def own_data_requests(user):
    return DataRequest.objects.filter(user=user).select_related("business")


def value_of(obj, name):
    """A field's value for people: choice labels, related objects as text, numbers kept numeric."""
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        related = getattr(obj, name)
        return str(related) if related is not None else None
    raw = getattr(obj, model_field.attname)
    if isinstance(model_field, FileField):
        return raw.name or None
    choices_field = getattr(model_field, "output_field", None) or model_field  # GeneratedField
    if choices_field.choices and raw not in (None, ""):
        return str(dict(choices_field.flatchoices).get(raw, raw))
    return raw


def record(obj, kind):
    """A nested dict of one object and its children, keyed by field names (for JSON)."""
    data = {name: value_of(obj, name) for name in kind.fields}
    for child in kind.children:
        data[child.key] = [record(item, child) for item in getattr(obj, child.related).all()]
    return data


def account_items(user):
    """(label, value) pairs of the account, including the user's roles."""
    items = [(capfirst(str(user._meta.get_field(name).verbose_name)), value_of(user, name)) for name in ACCOUNT_FIELDS]
    items.append((_("Peran"), ", ".join(group.name for group in user.groups.all()) or None))
    return items


def shown(value):
    """A value as text for the page, Indonesian style (1.500.000,50; 28 November 2026)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "j F Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if isinstance(value, Decimal):
        # Counts and years are ints and stay as typed; only Decimals get separators.
        fraction = value != value.to_integral_value()
        return format_number(value, max(0, -value.normalize().as_tuple().exponent) if fraction else 0)
    return str(value)


def shown_items(items):
    return [(label, shown(value)) for label, value in items]


def business_tree(user):
    """The user's businesses as nested sections for the page: title, items, sections."""

    def entry(obj, kind):
        return {
            "title": str(obj),
            "items": list(zip(kind.labels(), (shown(value_of(obj, name)) for name in kind.fields), strict=True)),
            "sections": [
                {"title": child.title, "entries": [entry(item, child) for item in getattr(obj, child.related).all()]}
                for child in kind.children
            ],
        }

    return [entry(business, businesses_kind()) for business in owned_businesses(user)]


# --- JSON -------------------------------------------------------------------------------


class JSONEncoder(DjangoJSONEncoder):
    """Numbers stay numbers (DjangoJSONEncoder would write Decimals as strings)."""

    def default(self, o):
        if isinstance(o, Decimal):
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


def as_json(user):
    return {
        "description": _("Data pribadi yang disimpan Registri IKM Tuban tentang Anda (UU 27/2022)."),
        "generated_at": timezone.now(),
        "account": dict(zip(ACCOUNT_FIELDS, (value_of(user, name) for name in ACCOUNT_FIELDS), strict=True))
        | {"roles": [group.name for group in user.groups.all()]},
        businesses_kind().key: [record(business, businesses_kind()) for business in owned_businesses(user)],
        DATA_REQUESTS.key: [record(item, DATA_REQUESTS) for item in own_data_requests(user)],
    }


# --- Excel ------------------------------------------------------------------------------


@dataclass
class Sheet:
    title: str
    headers: list
    rows: list = field(default_factory=list)


def sheets(user):
    """One sheet for the account, then one per kind of record; child rows name their parents."""
    result = [
        Sheet(
            _("Akun"),
            [_("Data"), pgettext("column header: the value of a field", "Isi")],
            [list(item) for item in account_items(user)],
        )
    ]
    by_kind = {}

    def declare(kind, parent_labels):
        sheet = Sheet(str(kind.title), [*parent_labels, *kind.labels()])
        by_kind[kind.key] = sheet
        result.append(sheet)
        for child in kind.children:
            declare(child, [*parent_labels, capfirst(str(kind.model._meta.verbose_name))])

    def walk(kind, objects, parent_values):
        for obj in objects:
            by_kind[kind.key].rows.append([*parent_values, *(value_of(obj, name) for name in kind.fields)])
            for child in kind.children:
                walk(child, getattr(obj, child.related).all(), [*parent_values, str(obj)])

    declare(businesses_kind(), [])
    declare(DATA_REQUESTS, [])
    walk(businesses_kind(), owned_businesses(user), [])
    walk(DATA_REQUESTS, own_data_requests(user), [])
    return result


def escape_formula(text):
    """Prefix "'" to text a spreadsheet would otherwise run as a formula."""
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def as_xlsx(user):
    """The workbook as bytes: numbers as numbers, dates as dates, text escaped."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        output,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    header_format = workbook.add_format({"bold": True, "bg_color": "#D1E7DD", "text_wrap": True, "valign": "top"})
    date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
    datetime_format = workbook.add_format({"num_format": "dd-mm-yyyy hh:mm"})
    for sheet in sheets(user):
        worksheet = workbook.add_worksheet(sheet.title[:31])
        worksheet.freeze_panes(1, 0)
        worksheet.set_column(0, max(len(sheet.headers) - 1, 0), 22)
        for column, header in enumerate(sheet.headers):
            worksheet.write_string(0, column, str(header), header_format)
        for row_number, row in enumerate(sheet.rows, start=1):
            for column, cell in enumerate(row):
                if cell is None or cell == "":
                    continue
                if isinstance(cell, bool):
                    worksheet.write_boolean(row_number, column, cell)
                elif isinstance(cell, int | float | Decimal):
                    worksheet.write_number(row_number, column, float(cell))
                elif isinstance(cell, datetime.datetime):
                    local = timezone.localtime(cell) if timezone.is_aware(cell) else cell
                    worksheet.write_datetime(row_number, column, local.replace(tzinfo=None), datetime_format)
                elif isinstance(cell, datetime.date):
                    worksheet.write_datetime(row_number, column, cell, date_format)
                else:
                    worksheet.write_string(row_number, column, escape_formula(str(cell)))
    workbook.close()
    return output.getvalue()
