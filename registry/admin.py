"""The Django admin of the registry, where Dinas staff work and Pimpinan read.

Two rules shape everything here:
- Bounded queries: every changelist selects its related rows in one go, and inline
  autocomplete widgets take their labels from rows already loaded instead of one query per
  row (see `BoundedInlineMixin`).
- Personal data (UU 27/2022): the fields listed in tuban_ikm/personal.py are shown, searched
  and filtered only for users holding "registry.view_personal_data" (Pimpinan does not);
  `PersonalDataAdminMixin` (in HistoryAdmin and TabularInline below) does it.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from tuban_ikm import personal
from tuban_ikm.admin_exports import ExportFilteredMixin
from tuban_ikm.admin_lists import QuickActionCheckboxMixin
from tuban_ikm.locking import VersionedAdminMixin
from tuban_ikm.paginators import EstimatedCountPaginator
from tuban_ikm.personal_admin import PersonalDataAdminMixin

from . import services, thresholds
from .classification import IndustryClass, UmkmClass
from .models import (
    Assistance,
    Business,
    Certification,
    Desa,
    Kbli,
    Kecamatan,
    MarketArea,
    Need,
    Product,
    ProductionReport,
    ProductPhoto,
    RawMaterial,
)
from .validators import normalize_phone

admin.site.site_header = _("Registri IKM Tuban")
admin.site.site_title = _("Registri IKM Tuban")
admin.site.index_title = _("Administrasi data IKM")
# The registry's lists are wide (eleven business columns): give them the whole screen.
admin.site.enable_nav_sidebar = False

PERSONAL_DATA_PERMISSION = personal.PERMISSION


def may_see_personal_data(request):
    return personal.may_see(request.user)


# --- Shared pieces (organizations/admin.py uses them too) --------------------------------


class HistoryAdmin(QuickActionCheckboxMixin, PersonalDataAdminMixin, SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose version page stays read-only for users who may only view,
    and which hides personal fields from users without the permission. Its lists write the
    rows' action checkboxes without a widget render (tuban_ikm/admin_lists.py).

    simple_history's version page shows an editable form and saves on any POST once the
    user may *view* the history: a read-only user could restore an old version.
    """

    # The packaged list has an inline style attribute, which the Content-Security-Policy refuses.
    object_history_list_template = "admin/history_list.html"

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self.has_change_permission(request):
            if request.method == "POST":
                raise PermissionDenied
            request._history_read_only = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # get_fieldsets may build a form, which asks for the read-only fields again.
        if getattr(request, "_history_read_only", False) and not getattr(request, "_listing_fields", False):
            request._listing_fields = True
            try:
                fields = flatten_fieldsets(self.get_fieldsets(request, obj))
            finally:
                request._listing_fields = False
            readonly += [f for f in fields if f not in readonly]
        return readonly


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """Autocomplete widget that can label its selected value without a query.

    Django's widget looks the selected object up again for every form; in an inline of 20
    rows that is 20 queries. The inline formset hands over the related object it already
    loaded (with select_related), and the widget only queries for values it was not given.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preloaded = {}

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.preloaded = {}
        return result

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if not selected or any(v not in self.preloaded for v in selected):
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        for choice in selected:
            options.append(self.create_option(name, choice, self.preloaded[choice], True, len(options)))
        return [(None, options, 0)]


class BoundedInlineFormSet(BaseInlineFormSet):
    """Gives each row the objects it shows without asking the database again."""

    preloaded_fields = ()

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.instance.pk is not None:
            # Django sets only the parent's id; rows whose __str__ names the parent (shown
            # above every tabular row) would fetch it once per row.
            setattr(form.instance, self.fk.name, self.instance)
        for name in self.preloaded_fields:
            field = form.fields.get(name)
            related = getattr(form.instance, name, None) if form.instance.pk else None
            widget = getattr(getattr(field, "widget", None), "widget", None)
            if related is not None and isinstance(widget, PreloadedAutocompleteSelect):
                key = str(getattr(related, field.to_field_name or "pk"))
                widget.preloaded = {key: field.label_from_instance(related)}
        return form


class BoundedInlineMixin:
    """Inline whose query count does not grow with its rows (see the formset and widget above)."""

    formset = BoundedInlineFormSet
    extra = 0

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.autocomplete_fields:
            queryset = queryset.select_related(*self.autocomplete_fields)
        return queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = PreloadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.preloaded_fields = tuple(self.get_autocomplete_fields(request))
        return formset


class TabularInline(PersonalDataAdminMixin, BoundedInlineMixin, admin.TabularInline):
    """Compact rows: short text boxes, and no add/change/view icons beside each related field."""

    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 18})},
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 36})},
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            widget = formfield.widget
            widget.can_add_related = widget.can_change_related = widget.can_delete_related = False
            widget.can_view_related = False
        return formfield


def choices_filter(field_name, title, choices, empty_label=None):
    """A list filter with the labels of `choices`, for generated columns (which carry none)."""

    class ChoicesFilter(admin.SimpleListFilter):
        parameter_name = field_name

        def lookups(self, request, model_admin):
            lookups = list(choices.choices)
            if empty_label:
                lookups.append(("kosong", empty_label))
            return lookups

        def queryset(self, request, queryset):
            if self.value() == "kosong":
                return queryset.filter(**{f"{field_name}__isnull": True})
            if self.value():
                return queryset.filter(**{field_name: self.value()})
            return queryset

    ChoicesFilter.title = title
    ChoicesFilter.__name__ = f"{field_name.title().replace('_', '')}Filter"
    return ChoicesFilter


def label_of(choices, value):
    return choices(value).label if value else None


# --- Reference data ------------------------------------------------------------------------


class ReadonlyCodeOnChangeMixin:
    """The Kemendagri code is the primary key: editing it would silently make a copy."""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "code"] if obj else readonly


@admin.register(Kecamatan)
class KecamatanAdmin(ReadonlyCodeOnChangeMixin, admin.ModelAdmin):
    list_display = ("code", "name", "desa_count")
    search_fields = ("name", "code")
    # Also the order of every "kecamatan" list filter: people look for a name, not a code.
    ordering = ("name",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(desa_count=Count("desa_set"))

    @admin.display(description=_("jumlah desa/kelurahan"), ordering="desa_count")
    def desa_count(self, obj):
        return obj.desa_count


@admin.register(Desa)
class DesaAdmin(ReadonlyCodeOnChangeMixin, HistoryAdmin):
    list_display = ("code", "name", "kind", "kecamatan", "postal_code")
    list_editable = ("postal_code",)
    list_filter = ("kecamatan", "kind")
    # kecamatan__name lets "margorejo kerek" find the right one of two Margorejo.
    search_fields = ("name", "code", "kecamatan__name")
    list_select_related = ("kecamatan",)

    def get_queryset(self, request):
        # __str__ names the kecamatan: autocomplete and history pages need it too.
        return super().get_queryset(request).select_related("kecamatan")


@admin.register(Kbli)
class KbliAdmin(HistoryAdmin):
    list_display = ("code", "version", "title", "group")
    list_filter = ("version", "group")
    search_fields = ("code", "title")


# --- Businesses ----------------------------------------------------------------------------


class ProductInline(VersionedAdminMixin, TabularInline):
    model = Product
    fields = ("name", "category", "kbli", "unit", "production_capacity_per_month", "price")
    autocomplete_fields = ("kbli",)
    show_change_link = True


class NeedInline(TabularInline):
    model = Need
    fields = ("kind", "description")


class AssistanceInline(TabularInline):
    model = Assistance
    fields = ("programme", "year", "kind", "item", "value", "status", "source")
    show_change_link = True


NIB_TERM = re.compile(r"[0-9]{13}")


class UsedKbliFilter(admin.RelatedFieldListFilter):
    """The KBLI codes some business uses. Django's RelatedOnlyFieldListFilter asks for
    SELECT DISTINCT kbli_id over every business; EXISTS per KBLI code is one probe of the
    kbli_id index each (a few hundred codes against 100,000 businesses)."""

    def field_choices(self, field, request, model_admin):
        used = Kbli.objects.filter(Exists(Business.objects.filter(kbli=OuterRef("pk"))))
        return [(kbli.pk, str(kbli)) for kbli in used.order_by(*Kbli._meta.ordering)]


@admin.register(Business)
class BusinessAdmin(ExportFilteredMixin, VersionedAdminMixin, HistoryAdmin):
    list_display = (
        "name",
        "nib",
        "owner_name",
        "desa_name",
        "kecamatan",
        "kbli_code",
        "status",
        "workers_column",
        "industry_class_column",
        "umkm_capital_column",
    )
    list_filter = (
        "status",
        "verification_status",
        choices_filter("industry_class", _("kelas industri"), IndustryClass, _("Belum dapat dihitung")),
        choices_filter("umkm_class_by_capital", _("kelas UMKM (modal)"), UmkmClass, _("Belum dapat dihitung")),
        "desa__kecamatan",
        ("kbli", UsedKbliFilter),
    )
    search_fields = ("name", "brand", "nib", "owner_name", "phone", "desa__name")
    list_select_related = ("desa__kecamatan", "kbli")
    # At 100,000 businesses each COUNT(*) reads the whole table: no "(100.000 total)" next to a
    # filtered count, and the unfiltered total from the planner's estimate.
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    autocomplete_fields = ("desa", "kbli", "owner")
    readonly_fields = (
        "workers_total",
        "industry_class_label",
        "umkm_class_by_capital_label",
        "umkm_class_by_sales_label",
        "is_large_industry",
        # Verification changes only through registry.services (review actions), never by hand.
        "verification_status",
        "verification_note",
        "fields_to_fix",
        "submitted_at",
        "verified_at",
        "verified_by",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (
            _("Identitas usaha"),
            {"fields": ("name", "brand", "legal_form", "nib", "npwp", "kbli", "status", "year_started")},
        ),
        (_("Pemilik dan kontak"), {"fields": ("owner_name", "owner_gender", "phone", "email", "owner")}),
        (_("Lokasi"), {"fields": ("address", "desa", "latitude", "longitude")}),
        (
            _("Tenaga kerja dan investasi"),
            {
                "fields": (
                    ("workers_male", "workers_female", "workers_total"),
                    "investment",
                    "land_building_value",
                    "yearly_sales",
                    "industry_class_label",
                    "is_large_industry",
                    "umkm_class_by_capital_label",
                    "umkm_class_by_sales_label",
                ),
                "description": _("Kelas usaha dihitung otomatis dari tenaga kerja, investasi dan omzet."),
            },
        ),
        (
            _("Persetujuan publikasi"),
            {
                "fields": ("publish_phone", "publish_email", "publish_address"),
                "description": _("Data kontak hanya tampil di katalog publik bila pemilik menyetujuinya."),
            },
        ),
        (
            _("Verifikasi"),
            {
                "fields": (
                    "verification_status",
                    "verification_note",
                    "fields_to_fix",
                    ("submitted_at", "verified_at", "verified_by"),
                )
            },
        ),
        (_("Catatan waktu"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = (ProductInline, NeedInline, AssistanceInline)
    actions = ("verify_selected", "return_selected")

    # Review actions: the same services as the /dinas/ review queue.

    @admin.action(description=_("Verifikasi usaha terpilih"), permissions=["change"])
    def verify_selected(self, request, queryset):
        done = services.business_verify_many(
            businesses=queryset.select_related("desa", "kbli", "owner"), user=request.user
        )
        self.message_user(request, _("%(count)s profil diverifikasi.") % {"count": len(done)}, messages.SUCCESS)

    @admin.action(description=_("Kembalikan untuk diperbaiki (isi alasan di halaman Dinas)"), permissions=["change"])
    def return_selected(self, request, queryset):
        # A return needs a reason for the owner: that form lives on the review page.
        ids = list(queryset.values_list("pk", flat=True)[:2])
        if len(ids) == 1:
            return HttpResponseRedirect(reverse("dinas:review_detail", args=[ids[0]]))
        self.message_user(
            request,
            _("Pilih satu usaha untuk dikembalikan: alasan pengembalian ditulis per usaha."),
            messages.WARNING,
        )
        return HttpResponseRedirect(reverse("dinas:queue"))

    def get_search_results(self, request, queryset, search_term):
        if NIB_TERM.fullmatch(search_term.strip()):
            # A 13-digit NIB is one unique-index lookup; the generic search would read every
            # row six times over (UPPER(..) LIKE '%..%' on each search field).
            return queryset.filter(nib=search_term.strip()), False
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Phones are stored as +62...; staff type them as 0812-3456-7890.
        if search_term and may_see_personal_data(request) and sum(c.isdigit() for c in search_term) >= 8:
            try:
                phone = normalize_phone(search_term)
            except ValidationError:
                pass
            else:
                results = results | queryset.filter(phone=phone)
        return results, may_have_duplicates

    # Columns and read-only values.

    @admin.display(description=_("desa/kelurahan"), ordering="desa__name")
    def desa_name(self, obj):
        return obj.desa.name

    @admin.display(description=_("kecamatan"), ordering="desa__kecamatan__name")
    def kecamatan(self, obj):
        return obj.desa.kecamatan.name

    @admin.display(description=_("KBLI"), ordering="kbli__code")
    def kbli_code(self, obj):
        return obj.kbli.code if obj.kbli_id else None

    @admin.display(description=_("jumlah tenaga kerja"))
    def workers_total(self, obj):
        return obj.workers_total

    @admin.display(description=_("kelas industri"), ordering="industry_class")
    def industry_class_label(self, obj):
        return label_of(IndustryClass, obj.industry_class) if obj.pk else None

    @admin.display(description=_("kelas UMKM (modal)"), ordering="umkm_class_by_capital")
    def umkm_class_by_capital_label(self, obj):
        return label_of(UmkmClass, obj.umkm_class_by_capital) if obj.pk else None

    @admin.display(description=_("kelas UMKM (omzet)"), ordering="umkm_class_by_sales")
    def umkm_class_by_sales_label(self, obj):
        return label_of(UmkmClass, obj.umkm_class_by_sales) if obj.pk else None

    # Narrow list columns: the header names the class, the cell only its size.

    @admin.display(description=_("tenaga kerja"), ordering=F("workers_male") + F("workers_female"))
    def workers_column(self, obj):
        return obj.workers_total

    @admin.display(description=_("kelas industri"), ordering="industry_class")
    def industry_class_column(self, obj):
        return (obj.industry_class or "").capitalize() or None

    @admin.display(description=_("UMKM (modal)"), ordering="umkm_class_by_capital")
    def umkm_capital_column(self, obj):
        return (obj.umkm_class_by_capital or "").capitalize() or None

    @admin.display(description=_("Industri Besar (di luar IKM)"), boolean=True)
    def is_large_industry(self, obj):
        if not obj.pk or obj.industry_class is None:
            return None
        return not obj.is_ikm


# --- Products ------------------------------------------------------------------------------


class CertificationInline(TabularInline):
    model = Certification
    fields = ("kind", "number", "issued_on", "expires_on", "tkdn_percent")


class MarketAreaInline(TabularInline):
    model = MarketArea
    fields = ("level", "kecamatan", "region_code", "country", "place_name", "share_percent", "channel")
    readonly_fields = ("place_name",)
    autocomplete_fields = ("kecamatan",)


class RawMaterialInline(TabularInline):
    model = RawMaterial
    fields = ("name", "origin")


class ProductPhotoInline(TabularInline):
    model = ProductPhoto
    fields = ("image", "caption", "position")


class ProductionReportInline(TabularInline):
    model = ProductionReport
    fields = ("year", "semester", "quantity", "production_value", "raw_material_value", "status", "return_reason")


@admin.register(Product)
class ProductAdmin(ExportFilteredMixin, VersionedAdminMixin, HistoryAdmin):
    list_display = ("name", "business", "kecamatan", "category", "kbli_code", "unit", "price")
    list_filter = ("category", ("kbli", admin.RelatedOnlyFieldListFilter), "business__desa__kecamatan")
    search_fields = ("name", "sku", "business__name", "business__nib")
    list_select_related = ("business__desa__kecamatan", "kbli")
    autocomplete_fields = ("business", "kbli")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("business", "name", "category", "kbli", "sku", "unit")}),
        (
            _("Kapasitas dan harga"),
            {"fields": ("installed_capacity_per_month", "production_capacity_per_month", "price")},
        ),
        (None, {"fields": ("description",)}),
        (_("Catatan waktu"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = (CertificationInline, MarketAreaInline, RawMaterialInline, ProductPhotoInline, ProductionReportInline)

    @admin.display(description=_("kecamatan"), ordering="business__desa__kecamatan__name")
    def kecamatan(self, obj):
        return obj.business.desa.kecamatan.name

    @admin.display(description=_("KBLI"), ordering="kbli__code")
    def kbli_code(self, obj):
        return obj.kbli.code if obj.kbli_id else None


@admin.register(ProductPhoto)
class ProductPhotoAdmin(admin.ModelAdmin):
    list_display = ("__str__", "product", "business", "position")
    search_fields = ("caption", "product__name", "product__business__name")
    list_select_related = ("product__business",)
    autocomplete_fields = ("product",)

    @admin.display(description=_("usaha"), ordering="product__business__name")
    def business(self, obj):
        return obj.product.business.name


@admin.register(RawMaterial)
class RawMaterialAdmin(HistoryAdmin):
    list_display = ("name", "origin", "product", "business")
    list_filter = ("origin",)
    search_fields = ("name", "product__name", "product__business__name")
    list_select_related = ("product__business",)
    autocomplete_fields = ("product",)

    @admin.display(description=_("usaha"), ordering="product__business__name")
    def business(self, obj):
        return obj.product.business.name


@admin.register(ProductionReport)
class ProductionReportAdmin(ExportFilteredMixin, HistoryAdmin):
    list_display = ("product", "business", "year", "semester", "quantity", "production_value", "status")
    list_filter = ("status", "year", "semester", "product__business__desa__kecamatan")
    search_fields = ("product__name", "product__business__name", "product__business__nib")
    autocomplete_fields = ("product",)
    readonly_fields = ("created_at", "updated_at")

    def get_queryset(self, request):
        # __str__ names the product: history pages and autocompletes need it too.
        return super().get_queryset(request).select_related("product__business")

    @admin.display(description=_("usaha"), ordering="product__business__name")
    def business(self, obj):
        return obj.product.business.name


class UncodedPlaceFilter(admin.SimpleListFilter):
    """Market areas whose old free-text place could not be mapped to a code (migration 0007)."""

    title = _("kode tempat")
    parameter_name = "kode_tempat"

    def lookups(self, request, model_admin):
        return [("belum", _("Tempat belum berkode"))]

    def queryset(self, request, queryset):
        if self.value() == "belum":
            return queryset.exclude(place_name="")
        return queryset


@admin.register(MarketArea)
class MarketAreaAdmin(ExportFilteredMixin, HistoryAdmin):
    list_display = ("product", "business", "level", "place", "share_percent", "channel")
    list_filter = ("level", "channel", UncodedPlaceFilter)
    search_fields = (
        "product__name",
        "product__business__name",
        "place_name",
        "region_code",
        "=country",
        "kecamatan__name",
    )
    readonly_fields = ("place_name",)
    autocomplete_fields = ("product", "kecamatan")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product__business", "kecamatan")

    @admin.display(description=_("usaha"), ordering="product__business__name")
    def business(self, obj):
        return obj.product.business.name

    @admin.display(description=_("tempat"))
    def place(self, obj):
        return obj.place


class ValidityFilter(admin.SimpleListFilter):
    title = _("masa berlaku")
    parameter_name = "masa_berlaku"

    def lookups(self, request, model_admin):
        return (
            ("kedaluwarsa", _("Sudah kedaluwarsa")),
            ("segera", _("Habis dalam %(days)s hari") % {"days": thresholds.CERTIFICATE_EXPIRING_SOON_DAYS}),
            ("berlaku", _("Masih berlaku")),
        )

    def queryset(self, request, queryset):
        if self.value() == "kedaluwarsa":
            return queryset.expired()
        if self.value() == "segera":
            return queryset.expiring_within(thresholds.CERTIFICATE_EXPIRING_SOON_DAYS)
        if self.value() == "berlaku":
            # Neither expired nor expiring soon; certificates without an expiry date count.
            return queryset.exclude(pk__in=Certification.objects.expired().values("pk")).exclude(
                pk__in=Certification.objects.expiring_within(thresholds.CERTIFICATE_EXPIRING_SOON_DAYS).values("pk")
            )
        return queryset


@admin.register(Certification)
class CertificationAdmin(HistoryAdmin):
    list_display = ("kind", "number_formatted", "product", "business", "issued_on", "expires_on", "is_expired")
    list_filter = ("kind", ValidityFilter)
    search_fields = ("number", "product__name", "product__business__name")
    autocomplete_fields = ("product",)
    readonly_fields = ("created_at", "updated_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product__business")

    @admin.display(description=_("nomor"), ordering="number")
    def number_formatted(self, obj):
        return obj.formatted_number()

    @admin.display(description=_("usaha"), ordering="product__business__name")
    def business(self, obj):
        return obj.product.business.name

    @admin.display(description=_("kedaluwarsa"), boolean=True)
    def is_expired(self, obj):
        return obj.is_expired


# --- Needs and assistance ------------------------------------------------------------------


@admin.register(Need)
class NeedAdmin(HistoryAdmin):
    list_display = ("business", "kind", "description")
    list_filter = ("kind", "business__desa__kecamatan")
    search_fields = ("business__name", "business__nib", "description")
    autocomplete_fields = ("business",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("business")


@admin.register(Assistance)
class AssistanceAdmin(ExportFilteredMixin, HistoryAdmin):
    list_display = ("programme", "business", "agency", "year", "kind", "item", "value", "status", "source")
    list_filter = ("source", "kind", "status", "year")
    search_fields = ("programme", "agency", "item", "business__name", "business__nib")
    autocomplete_fields = ("business",)
    readonly_fields = ("created_at", "updated_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("business")
