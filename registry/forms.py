"""Forms of the owner area (/usaha/). Model validation gives the Indonesian messages; money
fields accept "1.500.000" and "Rp 1.500.000" (see fields.py)."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.db import transaction
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from tuban_ikm.locking import VersionedFormMixin

from .fields import NibField, NibHintMixin, RupiahField
from .models import AidKind, Assistance, Business, Desa, Kbli, Kecamatan, Need

KECAMATAN_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}")
TEL = {"type": "tel", "inputmode": "tel", "autocomplete": "tel"}
NUMERIC = {"inputmode": "numeric"}


class CoordinateField(forms.DecimalField):
    """Latitude or longitude in decimal degrees. Accepts a comma as the decimal mark and
    rounds what a phone's GPS reports (15 decimals) to the 6 that are stored (about 10 cm)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("decimal_places", 6)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        kwargs.setdefault("error_messages", {"invalid": _("Tulis koordinat sebagai angka, misalnya -6,897123.")})
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        number = super().to_python(value)
        if number is None:
            return None
        try:
            return number.quantize(Decimal("0.000001"))
        except InvalidOperation:
            return number  # too large: the max_digits validator says so

    def widget_attrs(self, widget):
        return {}


def desa_label(name, kind):
    """The kecamatan is chosen already, so a desa is shown by its name; a kelurahan says so."""
    return name if kind == Desa.Kind.DESA else f"{name} ({Desa.Kind(kind).label})"


class RegionFieldsMixin:
    """Kecamatan first, then only the desa of that kecamatan. Desa names repeat inside Tuban,
    so a desa is never chosen by name alone.

    Without JavaScript the owner presses "Pilih kecamatan" and the view re-renders the form
    (see `rechoose_kecamatan`); with JavaScript static/js/desa_filter.js filters live.
    """

    def setup_region_fields(self):
        code = self.selected_kecamatan_code()
        kecamatan = forms.ModelChoiceField(
            queryset=Kecamatan.objects.all(),
            label=_("Kecamatan"),
            empty_label=_("— Pilih kecamatan —"),
            widget=forms.Select(attrs={"data-region": "kecamatan"}),
        )
        kecamatan.initial = code
        desa = self.fields["desa"]
        desa.queryset = Desa.objects.filter(kecamatan_id=code) if code else Desa.objects.none()
        desa.label_from_instance = lambda d: desa_label(d.name, d.kind)
        desa.empty_label = _("— Pilih desa/kelurahan —") if code else _("— Pilih kecamatan dulu —")
        desa.widget.attrs.update(
            {
                "data-region": "desa",
                "data-empty-label": _("— Pilih desa/kelurahan —"),
                "data-no-kecamatan-label": _("— Pilih kecamatan dulu —"),
            }
        )
        desa.error_messages["invalid_choice"] = _("Pilih desa/kelurahan yang berada di kecamatan yang dipilih.")
        # Put the kecamatan right before the desa.
        fields = {}
        for name, field in self.fields.items():
            if name == "desa":
                fields["kecamatan"] = kecamatan
            fields[name] = field
        self.fields = fields
        if code and not self.is_bound:
            self.initial["kecamatan"] = code

    def selected_kecamatan_code(self):
        if self.is_bound:
            code = self.data.get(self.add_prefix("kecamatan")) or None
            # Raw POST data goes into the desa query: anything but a code (a NUL byte breaks the
            # query on PostgreSQL) means no kecamatan, and the kecamatan field says so.
            return code if isinstance(code, str) and KECAMATAN_CODE.fullmatch(code) else None
        if self.initial.get("kecamatan"):
            return self.initial["kecamatan"]
        instance = getattr(self, "instance", None)
        if instance is not None and instance.desa_id:
            return instance.desa.kecamatan_id
        return None

    def clean(self):
        cleaned = super().clean()
        desa, kecamatan = cleaned.get("desa"), cleaned.get("kecamatan")
        if desa and kecamatan and desa.kecamatan_id != kecamatan.pk:
            self.add_error("desa", _("Pilih desa/kelurahan yang berada di kecamatan yang dipilih."))
        return cleaned


def rechoose_kecamatan(form_class, data, **kwargs):
    """The no-JavaScript kecamatan step: an unbound form showing everything typed so far
    (no error messages yet), with the desa list of the newly chosen kecamatan."""
    initial = {key: data.get(key) for key in data if key not in ("csrfmiddlewaretoken", "pilih_kecamatan")}
    return form_class(initial=initial, **kwargs)


class BusinessCreateForm(NibHintMixin, RegionFieldsMixin, forms.ModelForm):
    """The short first step: enough to find duplicates and place the business on the map."""

    class Meta:
        model = Business
        fields = [
            "name",
            "brand",
            "legal_form",
            "nib",
            "owner_name",
            "owner_gender",
            "phone",
            "email",
            "desa",
            "address",
        ]
        widgets = {
            "owner_gender": forms.RadioSelect,
            "phone": forms.TextInput(attrs=TEL),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "nib": forms.TextInput(attrs=NUMERIC),
        }
        help_texts = {"nib": _("Bila ada: 13 angka dari OSS. Boleh dikosongkan.")}
        field_classes = {"nib": NibField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_gender"].choices = Business.Gender.choices
        self.setup_region_fields()


class IdentityForm(NibHintMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Business
        fields = [
            "name",
            "brand",
            "legal_form",
            "nib",
            "npwp",
            "kbli",
            "year_started",
            "owner_name",
            "owner_gender",
            "phone",
            "email",
        ]
        widgets = {
            "owner_gender": forms.RadioSelect,
            "phone": forms.TextInput(attrs=TEL),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "nib": forms.TextInput(attrs=NUMERIC),
            "npwp": forms.TextInput(attrs=NUMERIC),
            "year_started": forms.NumberInput(attrs={**NUMERIC, "min": 1900}),
        }
        field_classes = {"nib": NibField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_gender"].choices = Business.Gender.choices
        kbli = self.fields["kbli"]
        kbli.queryset = Kbli.objects.all()
        kbli.empty_label = _("— Belum tahu —")
        kbli.help_text = _("Pilih kode, judul dan versi KBLI yang tercantum di NIB Anda.")


class LocationForm(VersionedFormMixin, RegionFieldsMixin, forms.ModelForm):
    latitude = CoordinateField(required=False, label=_("Lintang (latitude)"))
    longitude = CoordinateField(required=False, label=_("Bujur (longitude)"))

    class Meta:
        model = Business
        fields = ["desa", "address", "latitude", "longitude"]
        widgets = {"address": forms.TextInput(attrs={"autocomplete": "street-address"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_region_fields()


class WorkersForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Business
        fields = ["workers_male", "workers_female", "investment", "land_building_value", "yearly_sales"]
        field_classes = {"investment": RupiahField, "land_building_value": RupiahField, "yearly_sales": RupiahField}
        widgets = {
            "workers_male": forms.NumberInput(attrs={**NUMERIC, "min": 0}),
            "workers_female": forms.NumberInput(attrs={**NUMERIC, "min": 0}),
        }


class PublicationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Business
        fields = ["publish_phone", "publish_email", "publish_address"]


class NeedsForm(forms.Form):
    """One checkbox per kind of support, each with an optional note; saving creates or
    deletes the Need rows (one per kind)."""

    def __init__(self, *args, business, **kwargs):
        self.business = business
        current = {need.kind: need for need in business.needs.all()}
        initial = {}
        for kind, need in current.items():
            initial[kind] = True
            initial[f"{kind}_description"] = need.description
        super().__init__(*args, initial=initial, **kwargs)
        for kind in AidKind:
            self.fields[kind.value] = forms.BooleanField(required=False, label=kind.label)
            self.fields[f"{kind.value}_description"] = forms.CharField(
                required=False,
                max_length=1000,
                label=_("Keterangan"),
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [(self[kind.value], self[f"{kind.value}_description"]) for kind in AidKind]

    @transaction.atomic
    def save(self):
        chosen = [kind.value for kind in AidKind if self.cleaned_data.get(kind.value)]
        self.business.needs.exclude(kind__in=chosen).delete()
        for kind in chosen:
            Need.objects.update_or_create(
                business=self.business,
                kind=kind,
                defaults={"description": self.cleaned_data.get(f"{kind}_description", "").strip()},
            )


class AssistanceForm(forms.ModelForm):
    """An owner's report of aid received from elsewhere. No status and no source: an owner's
    report is never confirmed aid (Dinas or the aid programme confirm aid)."""

    class Meta:
        model = Assistance
        fields = ["programme", "agency", "year", "kind", "item", "value"]
        field_classes = {"value": RupiahField}
        widgets = {"year": forms.NumberInput(attrs={**NUMERIC, "min": 2000})}


class BaseAssistanceFormSet(BaseInlineFormSet):
    """Only the owner's own reports are in the formset. Rows written by an aid programme or
    by Dinas are outside its queryset, so a forged id of theirs is refused (edit) or
    ignored (delete) by the formset itself; the page lists them read-only."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Assistance.objects.filter(source=Assistance.Source.OWNER))
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Hapus catatan bantuan ini")

    def clean(self):
        super().clean()
        # An existing row the queryset does not hold (a programme's, Dinas's, another
        # business's): Django would skip it silently; say that it was refused.
        if any(form.instance._state.adding for form in self.initial_forms):
            raise forms.ValidationError(
                _(
                    "Catatan bantuan dari program bantuan atau Dinas tidak dapat Anda ubah atau hapus. "
                    "Bila ada yang keliru, hubungi Dinas."
                ),
                code="not_owner_report",
            )

    def save_new(self, form, commit=True):
        form.instance.source = Assistance.Source.OWNER
        return super().save_new(form, commit=commit)

    def confirmed_rows(self):
        """The business's aid written by a programme or by Dinas, for the read-only list."""
        if self.instance.pk is None:
            return Assistance.objects.none()
        return self.instance.assistance.filter(source__in=Assistance.CONFIRMED_SOURCES).order_by("-year", "pk")


# Inline on the owner's own business: rows of other businesses are outside the queryset,
# so a posted id of theirs is refused by the formset itself.
AssistanceFormSet = inlineformset_factory(
    Business,
    Assistance,
    form=AssistanceForm,
    formset=BaseAssistanceFormSet,
    extra=1,
    can_delete=True,
    max_num=50,
    validate_max=True,
)
