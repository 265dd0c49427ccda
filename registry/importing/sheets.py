"""What a sheet is, which sheets the engine knows, and how their columns are named.

The sheets are the Resources of registry/resources.py (and of the apps that plug their own
sheets in): their column names, choices and natural keys are the single definition of
what a sheet holds, for exports and imports alike.

The registry's own sheets (businesses, products, production reports, market areas) are
defined here. Apps built on the registry add theirs from their AppConfig.ready() with
`register_sheet()` (organizations: memberships; aid: assistance), passing the function that
validates its rows; the engine never imports those apps.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy

from .. import resources

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

INSTRUCTIONS_TITLE = gettext_lazy("Petunjuk")
LISTS_TITLE = gettext_lazy("Daftar")


class BadFile(Exception):
    """The workbook cannot be imported at all; the message says why, in Indonesian."""


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
    #: Where the sheet comes in the order of validation and saving (sheets naming a
    #: business come after the businesses, those naming a product after the products).
    position: int = 0
    #: For a sheet registered by another app: validate(validation, rows), which sets each
    #: row's instance (see validation.Validation). None: the engine's own method.
    validator: object = field(default=None, compare=False)

    @cached_property
    def fields(self):
        # Asked for once per cell: built once (a frozen dataclass still has a __dict__).
        return {**self.resource.fields, **{f.attribute: f for f in self.extra_fields}}

    def title(self):
        return str(self.resource.sheet_title)

    def column_order(self):
        """Field names in the order people see them: the template's, then the export's."""
        return [*(self.template_fields or ()), *self.resource._meta.fields, *self.fields]

    def instance(self):
        return self.resource(include_personal_data=True)


CORE_SHEETS = (
    Sheet(
        "businesses",
        resources.BusinessResource,
        position=10,
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
        position=20,
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
        position=30,
        template_fields=None,
        required_fields=("year", "semester", "quantity", "production_value"),
        needed_columns=(("product", "product_name"), ("year",), ("semester",)),
        lookup_fields=("product_name", "business", "business_nib", "business_name"),
    ),
    Sheet(
        "markets",
        resources.MarketAreaResource,
        position=40,
        template_fields=(
            *("business_nib", "business_name", "product_name", "level", "kecamatan_name", "region_code"),
            *("country", "share_percent", "channel"),
        ),
        required_fields=("business_name", "product_name", "level", "share_percent", "channel"),
        needed_columns=(("product", "product_name"), ("level",)),
        lookup_fields=("product_name", "business", "business_nib", "business_name", "kecamatan_name"),
    ),
)

#: Every sheet the engine reads, in the order they are validated and saved. Lists and dicts
#: changed in place, so that a module that imported them sees registered sheets too.
SHEETS = list(CORE_SHEETS)
SHEETS_BY_KEY = {sheet.key: sheet for sheet in SHEETS}
#: The officers' template: the registry's sheets that have template columns.
TEMPLATE_SHEETS = tuple(sheet for sheet in CORE_SHEETS if sheet.template_fields)


def register_sheet(sheet):
    """Add (or replace, by key) a sheet that another app defines; call from AppConfig.ready()."""
    kept = [known for known in SHEETS if known.key != sheet.key]
    kept.append(sheet)
    kept.sort(key=lambda known: known.position)
    SHEETS[:] = kept
    SHEETS_BY_KEY.clear()
    SHEETS_BY_KEY.update((known.key, known) for known in kept)


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


def sheet_title_for(key):
    return SHEETS_BY_KEY[key].title()
