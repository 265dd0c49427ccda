"""The filter form of the dashboard, its lists and its exports (GET parameters in Indonesian)."""

from django import forms
from django.db import connection
from django.utils.translation import gettext_lazy as _

from registry import places
from registry.models import (
    AidKind,
    Assistance,
    Business,
    Certification,
    CommodityGroup,
    Kbli,
    Kecamatan,
    MarketArea,
    ProductionReport,
)
from reporting.models import ReportingPeriod

from .scope import NO_CLASS, PARAMS, Filters, filters_from_data


class KbliChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title} ({obj.version})"


def blank(label):
    return [("", label)]


class FilterForm(forms.Form):
    """The four filters that apply to every panel. Field names are the attributes of
    `Filters`; the form's prefix-free HTML names are the Indonesian URL parameters."""

    year = forms.TypedChoiceField(label=_("Tahun"), coerce=int, required=False, empty_value=None)
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        queryset=Kecamatan.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Semua kecamatan"),
    )
    commodity = forms.ChoiceField(
        label=_("Kelompok komoditas"),
        choices=blank(_("Semua komoditas")) + list(CommodityGroup.choices),
        required=False,
    )
    kbli = KbliChoiceField(label=_("KBLI"), queryset=Kbli.objects.all(), required=False, empty_label=_("Semua KBLI"))
    industry_class = forms.ChoiceField(
        label=_("Kelas industri"),
        choices=blank(_("Semua kelas"))
        + list(Business.IndustryClass.choices)
        + [(NO_CLASS, _("Belum dapat dihitung"))],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select form-select-sm")
        self.fields["year"].choices = blank(_("Semua tahun")) + [(year, year) for year in self.year_choices()]

    @staticmethod
    def year_choices():
        """Years with production reports or assistance, newest first (one query).

        SELECT DISTINCT year (or a UNION) reads all 940,000 reports at 100,000 businesses
        (0.4-1 s). The recursive query jumps from one year to the next on the year indexes
        instead (a "loose index scan": one index probe per distinct year), on SQLite too."""

        def years(name, table):
            return (
                f"{name}(year) AS (SELECT (SELECT MIN(year) FROM {table}) UNION ALL "
                f"SELECT (SELECT MIN(year) FROM {table} WHERE year > {name}.year) FROM {name} "
                f"WHERE {name}.year IS NOT NULL)"
            )

        sql = (
            f"WITH RECURSIVE {years('r', ProductionReport._meta.db_table)}, {years('a', Assistance._meta.db_table)} "
            "SELECT year FROM r WHERE year IS NOT NULL UNION SELECT year FROM a WHERE year IS NOT NULL"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return sorted((row[0] for row in cursor.fetchall()), reverse=True)

    def add_prefix(self, field_name):
        # The HTML names are the Indonesian URL parameters, so the form reads request.GET as is.
        return PARAMS.get(field_name, field_name)

    def global_fields(self):
        return [self[name] for name in Filters.GLOBAL]

    def filters(self):
        self.is_valid()
        return filters_from_data(getattr(self, "cleaned_data", {}))


class ListFilterForm(FilterForm):
    """The dashboard's filters plus the drill-downs its figures link to."""

    desa = forms.RegexField(regex=r"^35\.23\.\d{2}\.\d{4}$", required=False, label=_("Kode desa"))
    status = forms.ChoiceField(
        label=_("Status usaha"), choices=blank(_("Semua")) + list(Business.Status.choices), required=False
    )
    verification = forms.ChoiceField(
        label=_("Status verifikasi"), choices=blank(_("Semua")) + list(Business.Verification.choices), required=False
    )
    umkm_class = forms.ChoiceField(
        label=_("Kelas UMKM (modal)"),
        choices=blank(_("Semua")) + list(Business.UmkmClass.choices) + [(NO_CLASS, _("Belum dapat dihitung"))],
        required=False,
    )
    need = forms.ChoiceField(label=_("Kebutuhan"), choices=blank(_("Semua")) + list(AidKind.choices), required=False)
    unanswered = forms.BooleanField(label=_("Kebutuhan belum terjawab"), required=False)
    aid = forms.ChoiceField(
        label=_("Menerima bantuan"), choices=blank(_("Semua")) + list(AidKind.choices), required=False
    )
    reported_aid = forms.ChoiceField(
        label=_("Bantuan dilaporkan pemilik (belum dikonfirmasi)"),
        choices=blank(_("Semua")) + list(AidKind.choices),
        required=False,
    )
    repeated_aid = forms.ChoiceField(
        label=_("Bantuan sejenis lebih dari sekali"), choices=blank(_("Semua")) + list(AidKind.choices), required=False
    )
    cert = forms.ChoiceField(
        label=_("Memiliki sertifikat berlaku"),
        choices=blank(_("Semua")) + list(Certification.Kind.choices),
        required=False,
    )
    cert_missing = forms.ChoiceField(
        label=_("IKM pangan tanpa sertifikat"),
        choices=blank(_("Semua")) + list(Certification.Kind.choices),
        required=False,
    )
    cert_expired = forms.BooleanField(label=_("Ada sertifikat kedaluwarsa"), required=False)
    cert_expiring = forms.BooleanField(label=_("Ada sertifikat segera habis"), required=False)
    market_level = forms.ChoiceField(
        label=_("Jangkauan pasar"), choices=blank(_("Semua")) + list(MarketArea.Level.choices), required=False
    )
    channel = forms.ChoiceField(
        label=_("Saluran pemasaran"), choices=blank(_("Semua")) + list(MarketArea.Channel.choices), required=False
    )
    country = forms.CharField(label=_("Negara tujuan ekspor"), max_length=100, required=False)
    producing = forms.BooleanField(label=_("Melaporkan produksi"), required=False)

    def clean_country(self):
        # Market areas store ISO codes; a link or bookmark may still carry the name ("Malaysia").
        value = self.cleaned_data["country"]
        return places.find_country(value) or value

    def kept_drilldowns(self, filters: Filters):
        """(parameter, value) of the drill-downs, kept as hidden fields when the filters change."""
        drill_only = filters.params(**{name: getattr(Filters(), name) for name in Filters.GLOBAL})
        return list(drill_only.items())

    def active_drilldowns(self, filters: Filters):
        """(label, value label, URL without it) for each drill-down in use, to show and remove."""
        result = []
        defaults = Filters()
        for name in PARAMS:
            if name in Filters.GLOBAL:
                continue
            value = getattr(filters, name)
            if value == getattr(defaults, name):
                continue
            field = self.fields[name]
            if isinstance(field, forms.BooleanField):
                shown = _("ya")
            elif hasattr(field, "choices"):
                shown = dict(field.choices).get(value, value)
            else:
                shown = value
            result.append((field.label, shown, filters.query(**{name: getattr(defaults, name)})))
        return result


class ReportForm(FilterForm):
    """The dashboard's filters plus the reporting period whose response rate the printed
    report shows (the latest one when none is chosen)."""

    period = forms.ModelChoiceField(
        label=_("Periode pelaporan"),
        queryset=ReportingPeriod.objects.order_by("-year", "-semester"),
        required=False,
        empty_label=_("Periode terakhir"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].widget.attrs.setdefault("class", "form-select form-select-sm")

    def add_prefix(self, field_name):
        return "periode" if field_name == "period" else super().add_prefix(field_name)

    def selected_period(self):
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("period")
