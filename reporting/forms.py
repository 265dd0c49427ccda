from datetime import timedelta

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry import places
from registry.fields import IndonesianDecimalField, RupiahField
from registry.models import ProductionReport, Unit

from .models import PeriodRawMaterial, ReportingPeriod

NUMERIC = {"inputmode": "numeric"}
DEFAULT_WEEKS = 4


class PeriodOpenForm(forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["year", "semester", "deadline"]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.initial.setdefault("year", today.year if today.month > 6 else today.year - 1)
        self.initial.setdefault("semester", 1 if today.month > 6 else 2)
        self.initial.setdefault("deadline", today + timedelta(weeks=DEFAULT_WEEKS))

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("Tenggat tidak boleh di masa lalu."))
        return deadline


class FiguresForm(forms.Form):
    workers_male = forms.IntegerField(label=_("Tenaga kerja laki-laki"), min_value=0, widget=forms.NumberInput(NUMERIC))
    workers_female = forms.IntegerField(
        label=_("Tenaga kerja perempuan"), min_value=0, widget=forms.NumberInput(NUMERIC)
    )
    investment = RupiahField(
        label=_("Nilai investasi (Rp)"),
        min_value=0,
        help_text=_("Mesin, peralatan dan modal kerja, tidak termasuk tanah dan bangunan."),
    )
    land_building_value = RupiahField(label=_("Nilai tanah dan bangunan (Rp)"), min_value=0, required=False)


class ProductLineForm(forms.Form):
    product = forms.IntegerField(widget=forms.HiddenInput)
    installed_capacity = IndonesianDecimalField(label=_("Kapasitas terpasang"), min_value=0, required=False)
    production_capacity = IndonesianDecimalField(label=_("Kapasitas produksi"), min_value=0, required=False)
    quantity = IndonesianDecimalField(label=_("Produksi terealisasi"), min_value=0, required=False)
    production_value = RupiahField(label=_("Nilai produksi (Rp)"), min_value=0, required=False)
    raw_material_value = RupiahField(label=_("Nilai bahan baku (Rp)"), min_value=0, required=False)

    def clean(self):
        data = super().clean()
        quantity, value = data.get("quantity"), data.get("production_value")
        if (quantity is None) != (value is None) and not self.errors:
            missing = "production_value" if value is None else "quantity"
            self.add_error(missing, _("Isi jumlah dan nilai produksi bersama-sama, atau kosongkan keduanya."))
        installed = data.get("installed_capacity")
        if installed is not None and quantity is not None and quantity > installed and installed > 0:
            self.add_error("quantity", _("Produksi lebih besar dari kapasitas terpasang. Periksa lagi angkanya."))
        return data


class BaseProductLineFormSet(BaseFormSet):
    def __init__(self, *args, products=(), **kwargs):
        self.products = list(products)
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        allowed = {p.pk for p in self.products}
        for form in self.forms:
            if form.cleaned_data and form.cleaned_data.get("product") not in allowed:
                raise forms.ValidationError(_("Produk tidak dikenal. Muat ulang halaman."))


ProductLineFormSet = formset_factory(ProductLineForm, formset=BaseProductLineFormSet, extra=0, max_num=200)


class RawMaterialForm(forms.Form):
    name = forms.CharField(label=_("Bahan baku"), max_length=200)
    quantity = IndonesianDecimalField(label=_("Jumlah"), min_value=0)
    unit = forms.ChoiceField(label=_("Satuan"), choices=Unit.choices)
    value = RupiahField(label=_("Nilai (Rp)"), min_value=0)
    origin = forms.ChoiceField(label=_("Asal"), choices=PeriodRawMaterial.Origin.choices)
    region_code = forms.ChoiceField(label=_("Kabupaten/kota asal"), required=False)
    country = forms.ChoiceField(label=_("Negara asal"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An empty first choice, so that an untouched extra row posts nothing and is skipped.
        self.fields["unit"].choices = [("", "—"), *Unit.choices]
        self.fields["origin"].choices = [("", "—"), *PeriodRawMaterial.Origin.choices]
        self.fields["region_code"].choices = [("", "—"), *places.kabupaten_kota_choices()]
        self.fields["country"].choices = [("", "—"), *places.country_choices()]

    def clean(self):
        data = super().clean()
        origin = data.get("origin")
        if origin == PeriodRawMaterial.Origin.OTHER_REGION and not data.get("region_code"):
            self.add_error("region_code", _("Pilih kabupaten/kota asal bahan."))
        if origin == PeriodRawMaterial.Origin.IMPORT and not data.get("country"):
            self.add_error("country", _("Pilih negara asal bahan impor."))
        return data


RawMaterialFormSet = formset_factory(RawMaterialForm, extra=1, can_delete=True, max_num=50, validate_max=True)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pengembalian"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


SEMESTER_LABELS = dict(ProductionReport.Semester.choices)
