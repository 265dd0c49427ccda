"""The registry's sheets: one django-import-export Resource per sheet, the single definition
of its columns for exports now and imports later.

- Columns are explicit and headed in Indonesian; choices are written as their Indonesian
  labels and read back from a label or a code.
- Rows are matched on natural keys: a business by its NIB (or its registry ID when it has
  no NIB yet), a desa by its Kemendagri code, a KBLI by code and version.
- Personal data (UU 27/2022): the columns reading a field listed in tuban_ikm/personal.py
  (`personal_fields()`) are left out unless the resource is built with
  `include_personal_data=True`, which callers only do for users holding
  "registry.view_personal_data".
- Exports stream: `dashboard.exporting` reads each sheet with one values_list() query
  (`export_value_rows`): the paths, widgets and labels of the columns become a plan once per
  export, and columns computed from others are declared in `export_computed`. A sheet with a
  column the plan cannot read falls back to iterating `export_queryset()` with `.iterator()`
  and asking the resource for each object's row (`export_field` per column), with
  `export_select_related` and `export_references` keeping that at one query per chunk. No
  sheet is ever held in memory as a whole.
"""

import operator

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db.models.manager import Manager
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from tuban_ikm import personal

from . import places
from .models import (
    AidKind,
    Assistance,
    Business,
    CommodityGroup,
    Desa,
    Kbli,
    Kecamatan,
    MarketArea,
    Product,
    ProductionReport,
    Unit,
)
from .validators import digits_only

PERSONAL_DATA_PERMISSION = personal.PERMISSION
KBLI_VERSION_COLUMN = _("Versi KBLI")
BUSINESS_NIB_COLUMN = _("NIB usaha")
UNRESOLVED = object()


# --- Widgets ---------------------------------------------------------------------------------


class ChoiceWidget(widgets.Widget):
    """Writes a choice as its Indonesian label; reads either the label or the stored code."""

    def __init__(self, choices, **kwargs):
        self.choices = choices
        self.labels = None
        super().__init__(**kwargs)

    def freeze_labels(self):
        """Translate the labels once (a sheet asks for the same few labels a million times)."""
        self.labels = {code: str(label) for code, label in self.choices}

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        if not text:
            return ""
        for code, label in self.choices:
            if text.casefold() in (str(code).casefold(), str(label).casefold()):
                return code
        raise ValueError(_("Nilai “%(value)s” tidak dikenal.") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        if value is None or value == "":
            return ""
        labels = self.labels if self.labels is not None else {code: str(label) for code, label in self.choices}
        return labels.get(value, value)


class CountryWidget(widgets.Widget):
    """Writes a country by its name in the interface language; reads a name (Indonesian or
    English) or an ISO 3166-1 alpha-2 code."""

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        if not text:
            return ""
        code = places.find_country(text)
        if not code:
            raise ValueError(
                _("Negara “%(value)s” tidak dikenal: tulis nama negara atau kode ISO, misalnya MY.") % {"value": text}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return places.country_name(value) or (value or "")


class RegionWidget(widgets.Widget):
    """A kabupaten/kota by its Kemendagri code; reads the code or an unambiguous name."""

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        if not text:
            return ""
        code = places.find_kabupaten_kota(text)
        if not code:
            raise ValueError(
                _(
                    "Kabupaten/kota “%(value)s” tidak dikenal: tulis kode Kemendagri, misalnya 35.22, "
                    "atau namanya, misalnya Kabupaten Bojonegoro."
                )
                % {"value": text}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return value or ""


class KbliWidget(widgets.ForeignKeyWidget):
    """A KBLI is its code together with its version (KBLI 2020 and 2025 renumber codes)."""

    def __init__(self, **kwargs):
        super().__init__(Kbli, "code", **kwargs)

    def get_lookup_kwargs(self, value, row, **kwargs):
        version = str((row or {}).get(str(KBLI_VERSION_COLUMN)) or Kbli.Version.KBLI_2020).strip()
        return {"code": str(value).strip(), "version": version}


class BusinessWidget(widgets.ForeignKeyWidget):
    """Writes the business's registry ID; reads the NIB column first and the ID when there is no NIB."""

    def __init__(self, **kwargs):
        super().__init__(Business, "pk", **kwargs)

    def clean(self, value, row=None, **kwargs):
        nib = digits_only(str((row or {}).get(str(BUSINESS_NIB_COLUMN)) or ""))
        if nib:
            return Business.objects.get(nib=nib)
        return super().clean(value, row, **kwargs)


class SheetField(fields.Field):
    """A Field that reads its attribute path without re-splitting it for every cell."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._path = tuple(self.attribute.split("__")) if self.attribute else ()

    def get_value(self, instance):
        value = instance
        for name in self._path:
            try:
                value = value[name] if isinstance(value, dict) else getattr(value, name, None)
            except (ValueError, ObjectDoesNotExist, KeyError):
                return None
            if value is None:
                return None
        if callable(value) and not isinstance(value, Manager):
            value = value()
        return value


def text(attribute, column_name, **kwargs):
    return SheetField(attribute=attribute, column_name=column_name, widget=widgets.CharWidget(), **kwargs)


def number(attribute, column_name, **kwargs):
    return SheetField(attribute=attribute, column_name=column_name, widget=widgets.DecimalWidget(), **kwargs)


def integer(attribute, column_name, **kwargs):
    return SheetField(attribute=attribute, column_name=column_name, widget=widgets.IntegerWidget(), **kwargs)


def choice(attribute, column_name, choices, **kwargs):
    return SheetField(attribute=attribute, column_name=column_name, widget=ChoiceWidget(choices), **kwargs)


def day(attribute, column_name, **kwargs):
    return SheetField(attribute=attribute, column_name=column_name, widget=widgets.DateWidget("%Y-%m-%d"), **kwargs)


def readonly(attribute, column_name, widget=None):
    return SheetField(
        attribute=attribute, column_name=column_name, widget=widget or widgets.CharWidget(), readonly=True
    )


# --- Base ------------------------------------------------------------------------------------


class RegistryResource(resources.ModelResource):
    """Shared behaviour: personal-data columns on request only, and a cheap per-cell export."""

    #: Relations read by the columns, joined in the export query.
    export_select_related: tuple = ()
    #: Columns the export query loads (None: all). Leaving out a column a field reads would
    #: cost one query per row; tests/dashboard count the queries of every sheet's export.
    export_only: tuple | None = None
    #: Reference tables read once per export and attached to every row: {relation path: queryset}.
    export_references: dict = {}
    #: Columns computed from other columns' values, so that the export can read plain values
    #: (`export_value_rows`): {field name: (paths read, function of those values)}. The
    #: function gives the cell as the field's dehydrate method or property would.
    export_computed: dict = {}
    #: Name of the worksheet in an Excel export.
    sheet_title = ""

    def __init__(self, *, include_personal_data=False, **kwargs):
        super().__init__(**kwargs)
        self.include_personal_data = include_personal_data
        self._exporters = {}
        self._row_plans = {}
        # Each instance has its own copy of the fields: fix their labels in today's language.
        for field in self.fields.values():
            if isinstance(field.widget, ChoiceWidget):
                field.widget.freeze_labels()

    @classmethod
    def personal_fields(cls):
        """Names of the columns that read personal data (by the central list, through relations)."""
        model = cls._meta.model
        return tuple(
            name
            for name, field in cls.fields.items()
            if field.attribute and personal.path_touches_personal(model, field.attribute)
        )

    @classmethod
    def for_user(cls, user, **kwargs):
        return cls(include_personal_data=user.has_perm(PERSONAL_DATA_PERMISSION), **kwargs)

    def get_export_fields(self, selected_fields=None):
        export_fields = super().get_export_fields(selected_fields)
        if self.include_personal_data:
            return export_fields
        hidden = {self.fields[name] for name in self.personal_fields()}
        return [field for field in export_fields if field not in hidden]

    def export_queryset(self, queryset=None):
        """The rows of this sheet in a stable order, with the relations its columns read."""
        queryset = self._meta.model.objects.all() if queryset is None else queryset
        # select_related(None) first: an admin changelist's own joins are not needed here.
        queryset = queryset.select_related(None).order_by("pk")
        if self.export_select_related:  # (select_related() without names would follow every relation)
            queryset = queryset.select_related(*self.export_select_related)
        return queryset.only(*self.export_only) if self.export_only else queryset

    def export_objects(self, queryset=None, *, chunk_size=2000):
        """The sheet's objects one at a time (never all in memory), references attached."""
        references = []
        for path, table in self.export_references.items():
            *through, name = path.split("__")
            model = self._meta.model
            for step in through:
                model = model._meta.get_field(step).related_model
            rows = {row.pk: row for row in table.all()}  # .all(): a fresh query every export
            references.append((through, model._meta.get_field(name), rows))
        for instance in self.export_queryset(queryset).iterator(chunk_size=chunk_size):
            for through, field, rows in references:
                owner = instance
                for step in through:
                    owner = getattr(owner, step)
                key = getattr(owner, field.attname)
                row = rows.get(key) if key is not None else None
                if row is not None or key is None:
                    field.set_cached_value(owner, row)
            yield instance

    def export_resource(self, instance, selected_fields=None, **kwargs):
        """One object's row, cell by cell through each column's dehydrate method or widget.

        Same values as the base class; the per-column lookups are done once per export
        instead of once per cell (see export_field).
        """
        key = tuple(selected_fields) if selected_fields else None
        plan = self._row_plans.get(key)
        if plan is None:
            plan = self._row_plans[key] = [
                (self._dehydrator(field), field.get_value, field.widget.render)
                for field in self.get_export_fields(selected_fields)
            ]
        return [
            method(instance) if method is not None else render(get_value(instance), **kwargs)
            for method, get_value, render in plan
        ]

    def _dehydrator(self, field):
        method = self._exporters.get(field, UNRESOLVED)
        if method is UNRESOLVED:
            method = field.get_dehydrate_method(self.get_field_name(field))
            method = self._exporters[field] = method if callable(method) else getattr(self, method, None)
        return method

    def export_value_plan(self, selected_fields=None):
        """How to build every row from one values_list() query, without model instances:
        (paths, [function of the values tuple, per column]); None when a column needs the
        instance (a dehydrate method or property without an `export_computed` entry, or a
        widget not known here). Same cells as export_resource(force_native_type=True); the
        tests compare the two for every sheet."""
        paths, cells = [], []

        def position(path):
            if path not in paths:
                paths.append(path)
            return paths.index(path)

        for field in self.get_export_fields(selected_fields):
            name = self.get_field_name(field)
            if name in self.export_computed:
                reads, function = self.export_computed[name]
                indexes = [position(path) for path in reads]
                cells.append(_computed_cell(indexes, function))
                continue
            if self._dehydrator(field) is not None or not field.attribute:
                return None
            resolved = _value_path(self._meta.model, field)
            if resolved is None:
                return None
            path, render = resolved
            cells.append(_cell(position(path), render))
        return paths, cells

    def export_value_rows(self, queryset=None, *, chunk_size=2000):
        """The sheet's rows (lists of native cell values) straight from values_list(), or None
        when this sheet needs its model instances (see export_value_plan)."""
        plan = self.export_value_plan()
        if plan is None:
            return None
        paths, cells = plan
        records = self.export_queryset(queryset).values_list(*paths).iterator(chunk_size=chunk_size)
        return ([cell(record) for cell in cells] for record in records)

    def export_field(self, field, instance, **kwargs):
        # The base class finds a field's name (and so its dehydrate method) by scanning all
        # fields, for every cell; a sheet of 100,000 rows x 30 columns makes that the slowest
        # part of an export. Resolve each column once, then call it per cell.
        method = self._dehydrator(field)
        if method is None:
            # Field.export, one call shorter: the widget renders the field's value.
            return field.widget.render(field.get_value(instance), **kwargs)
        return method(instance)


def _value_path(model, field):
    """(ORM path of the value a column shows, function giving its cell) or None when the
    column reads something that is not a stored field (a property, a method)."""
    widget = field.widget
    parts = field.attribute.split("__")
    for step, part in enumerate(parts):
        try:
            model_field = model._meta.get_field(part)
        except FieldDoesNotExist:  # a property or a method
            return None
        if model_field.is_relation and part == model_field.attname != model_field.name:
            # "business_id": the key itself, a plain value.
            if step != len(parts) - 1:
                return None
        elif model_field.is_relation and not model_field.many_to_many and not model_field.one_to_many:
            if step == len(parts) - 1:
                # The column shows the related object as its widget renders it (a key).
                if not isinstance(widget, widgets.ForeignKeyWidget) or widget.use_natural_foreign_keys:
                    return None
                if widget.key_is_id:
                    return None
                target = model_field.related_model
                key = widget.field
                if key == "pk" or key == target._meta.pk.name:
                    return model_field.attname if step == 0 else "__".join(
                        parts[:-1] + [model_field.attname]
                    ), _blank_if_none
                return "__".join(parts + [key]), _blank_if_none
            model = model_field.related_model
        elif model_field.is_relation or step != len(parts) - 1:
            return None
    path = field.attribute
    kind = type(widget)
    if kind is ChoiceWidget:
        return path, _choice_render(widget)
    if kind is widgets.CharWidget:
        return path, (_as_text if widget.coerce_to_string else _same)
    if kind in (widgets.IntegerWidget, widgets.DecimalWidget, widgets.FloatWidget, widgets.DateWidget):
        return path, _same  # native values: the widget hands them back as they are
    if kind in (CountryWidget, RegionWidget):
        render = widget.render
        return path, render
    return None


def _same(value):
    return value


def _as_text(value):
    return "" if value is None else str(value)


def _blank_if_none(value):
    return "" if value is None else value


def _choice_render(widget):
    labels = widget.labels if widget.labels is not None else {code: str(label) for code, label in widget.choices}
    get = labels.get

    def render(value):
        if value is None or value == "":
            return ""
        return get(value, value)

    return render


def _cell(index, render):
    if render is _same:
        return operator.itemgetter(index)
    return lambda record: render(record[index])


def _computed_cell(indexes, function):
    return lambda record: function(*(record[index] for index in indexes))


def phone_as_dialled(phone):
    # Written the way people dial it (0812...): readable, and a leading "+" would turn the
    # cell into a would-be formula. Imports normalise it back to +62.
    phone = phone or ""
    return "0" + phone[3:] if phone.startswith("+62") else phone


def workers_total(male, female):
    """Business.workers_total from its two columns."""
    return (male or 0) + (female or 0)


def market_place(kecamatan_code, kecamatan_name, region_code, country, place_name):
    """MarketArea.place, computed by the model's own property on an unsaved copy."""
    kecamatan = Kecamatan(code=kecamatan_code, name=kecamatan_name) if kecamatan_code else None
    return MarketArea(kecamatan=kecamatan, region_code=region_code, country=country, place_name=place_name).place


# --- Sheets ----------------------------------------------------------------------------------


class BusinessResource(RegistryResource):
    sheet_title = _("Usaha IKM")
    export_references = {"desa": Desa.objects.select_related("kecamatan"), "kbli": Kbli.objects.all()}
    # The business table is the widest and the largest sheet: skip what no column reads
    # (verification notes, the published snapshot, consent flags...).
    export_only = (
        *("nib", "name", "brand", "legal_form", "npwp", "owner_name", "owner_gender", "phone", "email"),
        *("address", "latitude", "longitude", "year_started", "status", "workers_male", "workers_female"),
        *("investment", "land_building_value", "yearly_sales", "verification_status"),
        *("industry_class", "umkm_class_by_capital", "umkm_class_by_sales", "desa", "kbli"),
    )

    export_computed = {
        "phone": (("phone",), phone_as_dialled),
        "workers_total": (("workers_male", "workers_female"), workers_total),
    }

    id = integer("id", _("ID registri"), readonly=True)
    nib = text("nib", _("NIB"))
    name = text("name", _("Nama usaha"))
    brand = text("brand", _("Merek"))
    legal_form = choice("legal_form", _("Bentuk badan usaha"), Business.LegalForm.choices)
    npwp = text("npwp", _("NPWP"))
    owner_name = text("owner_name", _("Nama pemilik"))
    owner_gender = choice("owner_gender", _("Jenis kelamin pemilik"), Business.Gender.choices)
    phone = text("phone", _("Telepon/WA"))
    email = text("email", _("Email"))
    address = text("address", _("Alamat"))
    desa = SheetField(attribute="desa", column_name=_("Kode desa"), widget=widgets.ForeignKeyWidget(Desa, "code"))
    desa_name = readonly("desa__name", _("Desa/kelurahan"))
    kecamatan_code = readonly("desa__kecamatan__code", _("Kode kecamatan"))
    kecamatan_name = readonly("desa__kecamatan__name", _("Kecamatan"))
    latitude = number("latitude", _("Lintang"))
    longitude = number("longitude", _("Bujur"))
    year_started = integer("year_started", _("Tahun mulai usaha"))
    kbli = SheetField(attribute="kbli", column_name=_("Kode KBLI"), widget=KbliWidget())
    kbli_version = readonly("kbli__version", KBLI_VERSION_COLUMN)
    kbli_title = readonly("kbli__title", _("Judul KBLI"))
    commodity_group = readonly("kbli__group", _("Kelompok komoditas"), ChoiceWidget(CommodityGroup.choices))
    status = choice("status", _("Status usaha"), Business.Status.choices)
    workers_male = integer("workers_male", _("Tenaga kerja laki-laki"))
    workers_female = integer("workers_female", _("Tenaga kerja perempuan"))
    workers_total = readonly("workers_total", _("Jumlah tenaga kerja"), widgets.IntegerWidget())
    investment = number("investment", _("Nilai investasi (Rp)"))
    land_building_value = number("land_building_value", _("Nilai tanah dan bangunan (Rp)"))
    yearly_sales = number("yearly_sales", _("Omzet per tahun (Rp)"))
    industry_class = readonly("industry_class", _("Kelas industri"), ChoiceWidget(Business.IndustryClass.choices))
    umkm_class_by_capital = readonly(
        "umkm_class_by_capital", _("Kelas UMKM (modal)"), ChoiceWidget(Business.UmkmClass.choices)
    )
    umkm_class_by_sales = readonly(
        "umkm_class_by_sales", _("Kelas UMKM (omzet)"), ChoiceWidget(Business.UmkmClass.choices)
    )
    verification_status = readonly(
        "verification_status", _("Status verifikasi"), ChoiceWidget(Business.Verification.choices)
    )

    class Meta:
        model = Business
        fields = (
            "id",
            "nib",
            "name",
            "brand",
            "legal_form",
            "npwp",
            "owner_name",
            "owner_gender",
            "phone",
            "email",
            "address",
            "desa",
            "desa_name",
            "kecamatan_code",
            "kecamatan_name",
            "latitude",
            "longitude",
            "year_started",
            "kbli",
            "kbli_version",
            "kbli_title",
            "commodity_group",
            "status",
            "workers_male",
            "workers_female",
            "workers_total",
            "investment",
            "land_building_value",
            "yearly_sales",
            "industry_class",
            "umkm_class_by_capital",
            "umkm_class_by_sales",
            "verification_status",
        )
        export_order = fields
        import_id_fields = ("nib",)
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True
        chunk_size = 2000

    def dehydrate_phone(self, business):
        return phone_as_dialled(business.phone)

    def get_instance(self, instance_loader, row):
        """NIB when the row has one, else the registry ID: NIB is never the only key."""
        nib = digits_only(str(row.get(str(self.fields["nib"].column_name)) or ""))
        if nib:
            return self.get_queryset().filter(nib=nib).first()
        pk = row.get(str(self.fields["id"].column_name))
        if pk not in (None, ""):
            return self.get_queryset().filter(pk=int(pk)).first()
        return None


class BusinessChildResource(RegistryResource):
    """Columns naming the business a row belongs to: ID (key), NIB (key when present), name, kecamatan."""

    business = SheetField(attribute="business", column_name=_("ID usaha"), widget=BusinessWidget())
    business_nib = readonly("business__nib", BUSINESS_NIB_COLUMN)
    business_name = readonly("business__name", _("Nama usaha"))
    business_kecamatan = readonly("business__desa__kecamatan__name", _("Kecamatan"))


class ProductResource(BusinessChildResource):
    sheet_title = _("Produk")
    export_select_related = ("business",)
    export_references = {"business__desa": Desa.objects.select_related("kecamatan"), "kbli": Kbli.objects.all()}

    id = integer("id", _("ID produk"), readonly=True)
    name = text("name", _("Nama produk"))
    category = choice("category", _("Kelompok komoditas"), CommodityGroup.choices)
    kbli = SheetField(attribute="kbli", column_name=_("Kode KBLI"), widget=KbliWidget())
    kbli_version = readonly("kbli__version", KBLI_VERSION_COLUMN)
    sku = text("sku", _("SKU"))
    unit = choice("unit", _("Satuan"), Unit.choices)
    installed_capacity_per_month = number("installed_capacity_per_month", _("Kapasitas terpasang per bulan"))
    production_capacity_per_month = number("production_capacity_per_month", _("Kapasitas produksi per bulan"))
    price = number("price", _("Harga per satuan (Rp)"))
    description = text("description", _("Deskripsi dan spesifikasi"))

    class Meta:
        model = Product
        fields = (
            "id",
            "business",
            "business_nib",
            "business_name",
            "business_kecamatan",
            "name",
            "category",
            "kbli",
            "kbli_version",
            "sku",
            "unit",
            "installed_capacity_per_month",
            "production_capacity_per_month",
            "price",
            "description",
        )
        export_order = fields
        import_id_fields = ("business", "name")
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True
        chunk_size = 2000


class ProductionReportResource(RegistryResource):
    sheet_title = _("Laporan produksi")
    export_select_related = ("product__business",)
    export_references = {"product__business__desa": Desa.objects.select_related("kecamatan")}

    id = integer("id", _("ID laporan"), readonly=True)
    product = SheetField(
        attribute="product", column_name=_("ID produk"), widget=widgets.ForeignKeyWidget(Product, "pk")
    )
    product_name = readonly("product__name", _("Nama produk"))
    category = readonly("product__category", _("Kelompok komoditas"), ChoiceWidget(CommodityGroup.choices))
    business = readonly("product__business_id", _("ID usaha"), widgets.IntegerWidget())
    business_nib = readonly("product__business__nib", BUSINESS_NIB_COLUMN)
    business_name = readonly("product__business__name", _("Nama usaha"))
    business_kecamatan = readonly("product__business__desa__kecamatan__name", _("Kecamatan"))
    year = integer("year", _("Tahun"))
    semester = choice("semester", _("Periode"), ProductionReport.Semester.choices)
    quantity = number("quantity", _("Jumlah produksi"))
    unit = readonly("product__unit", _("Satuan"), ChoiceWidget(Unit.choices))
    production_value = number("production_value", _("Nilai produksi (Rp)"))
    raw_material_value = number("raw_material_value", _("Nilai bahan baku (Rp)"))
    status = choice("status", _("Status"), ProductionReport.Status.choices)

    class Meta:
        model = ProductionReport
        fields = (
            "id",
            "product",
            "product_name",
            "category",
            "business",
            "business_nib",
            "business_name",
            "business_kecamatan",
            "year",
            "semester",
            "quantity",
            "unit",
            "production_value",
            "raw_material_value",
            "status",
        )
        export_order = fields
        import_id_fields = ("product", "year", "semester")
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True
        chunk_size = 2000


class MarketAreaResource(RegistryResource):
    sheet_title = _("Wilayah pemasaran")
    export_select_related = ("product__business",)
    export_references = {
        "product__business__desa": Desa.objects.select_related("kecamatan"),
        "kecamatan": Kecamatan.objects.all(),
    }

    export_computed = {
        "place": (("kecamatan_id", "kecamatan__name", "region_code", "country", "place_name"), market_place),
    }

    id = integer("id", _("ID"), readonly=True)
    product = SheetField(
        attribute="product", column_name=_("ID produk"), widget=widgets.ForeignKeyWidget(Product, "pk")
    )
    product_name = readonly("product__name", _("Nama produk"))
    category = readonly("product__category", _("Kelompok komoditas"), ChoiceWidget(CommodityGroup.choices))
    business = readonly("product__business_id", _("ID usaha"), widgets.IntegerWidget())
    business_nib = readonly("product__business__nib", BUSINESS_NIB_COLUMN)
    business_name = readonly("product__business__name", _("Nama usaha"))
    business_kecamatan = readonly("product__business__desa__kecamatan__name", _("Kecamatan usaha"))
    level = choice("level", _("Jangkauan"), MarketArea.Level.choices)
    kecamatan = SheetField(
        attribute="kecamatan",
        column_name=_("Kode kecamatan tujuan"),
        widget=widgets.ForeignKeyWidget(Kecamatan, "code"),
    )
    kecamatan_name = readonly("kecamatan__name", _("Kecamatan tujuan"))
    region_code = SheetField(
        attribute="region_code", column_name=_("Kode kabupaten/kota tujuan"), widget=RegionWidget()
    )
    place = readonly("place", _("Tempat tujuan"))
    country = SheetField(attribute="country", column_name=_("Negara tujuan"), widget=CountryWidget())
    place_name = readonly("place_name", _("Tempat (teks lama)"))
    share_percent = number("share_percent", _("Porsi penjualan (%)"))
    channel = choice("channel", _("Saluran"), MarketArea.Channel.choices)

    class Meta:
        model = MarketArea
        fields = (
            "id",
            "product",
            "product_name",
            "category",
            "business",
            "business_nib",
            "business_name",
            "business_kecamatan",
            "level",
            "kecamatan",
            "kecamatan_name",
            "region_code",
            "place",
            "country",
            "place_name",
            "share_percent",
            "channel",
        )
        export_order = fields
        import_id_fields = ("product", "level", "channel", "kecamatan", "region_code", "country")
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True
        chunk_size = 2000


class AssistanceResource(BusinessChildResource):
    sheet_title = _("Bantuan")
    export_select_related = ("business",)
    export_references = {"business__desa": Desa.objects.select_related("kecamatan")}

    id = integer("id", _("ID"), readonly=True)
    programme = text("programme", _("Program"))
    agency = text("agency", _("Instansi pemberi"))
    year = integer("year", _("Tahun"))
    kind = choice("kind", _("Jenis bantuan"), AidKind.choices)
    item = text("item", _("Yang diberikan"))
    value = number("value", _("Nilai (Rp)"))
    status = choice("status", _("Status"), Assistance.Status.choices)
    # Programme and Dinas rows are confirmed aid; owners' own reports are not.
    source = choice("source", _("Sumber data"), Assistance.Source.choices)
    note = text("note", _("Catatan monitoring"))

    class Meta:
        model = Assistance
        fields = (
            "id",
            "business",
            "business_nib",
            "business_name",
            "business_kecamatan",
            "programme",
            "agency",
            "year",
            "kind",
            "item",
            "value",
            "status",
            "source",
            "note",
        )
        export_order = fields
        import_id_fields = ("business", "programme", "year", "kind")
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True
        chunk_size = 2000


#: Every sheet, by the dataset name used in URLs and on the command line. Apps built on the
#: registry add theirs from their AppConfig.ready() (organizations: "memberships").
RESOURCES = {
    "businesses": BusinessResource,
    "products": ProductResource,
    "production": ProductionReportResource,
    "markets": MarketAreaResource,
    "assistance": AssistanceResource,
}
