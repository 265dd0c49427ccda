from django import forms
from django.utils.translation import gettext_lazy as _

from registry.fields import IndonesianDecimalField, RupiahField
from registry.models import Business, Certification, CommodityGroup, Kecamatan

from .models import Demand, Offer, ProductAssessment

SORT_CHOICES = [
    ("", _("Paling sesuai")),
    ("nama", _("Nama A-Z")),
    ("harga_naik", _("Harga termurah")),
    ("harga_turun", _("Harga termahal")),
    ("terbaru", _("Terbaru")),
]


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=Kecamatan.objects.all(), required=False, empty_label=_("Semua kecamatan")
    )
    komoditas = forms.ChoiceField(
        label=_("Komoditas"), required=False, choices=[("", _("Semua komoditas")), *CommodityGroup.choices]
    )
    sertifikasi = forms.ChoiceField(
        label=_("Sertifikasi"), required=False, choices=[("", _("Semua")), *Certification.Kind.choices]
    )
    ovop = forms.BooleanField(label=_("Hanya produk desa OVOP"), required=False)
    bintang = forms.TypedChoiceField(
        label=_("Bintang OVOP"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Semua produk")), *[(n, _("%(n)s bintang ke atas") % {"n": n}) for n in range(5, 0, -1)]],
    )
    urut = forms.ChoiceField(label=_("Urutkan"), required=False, choices=SORT_CHOICES)
    desa = forms.CharField(required=False, widget=forms.HiddenInput, max_length=13)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kecamatan", "komoditas", "sertifikasi", "bintang", "urut"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["ovop"].widget.attrs["class"] = "form-check-input"

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"],
            "kecamatan": data["kecamatan"].pk if data["kecamatan"] else "",
            "desa": data["desa"],
            "commodity": data["komoditas"],
            "certification": data["sertifikasi"],
            "ovop": data["ovop"],
            "min_stars": data["bintang"],
            "sort": data["urut"],
        }


class DemandForm(forms.ModelForm):
    required_certifications = forms.MultipleChoiceField(
        label=_("Sertifikasi yang diminta"),
        choices=Certification.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Demand
        fields = [
            "title",
            "commodity",
            "kbli",
            "quantity",
            "unit",
            "needed_by",
            "delivery_place",
            "delivery_kecamatan",
            "specification",
            "budget_min",
            "budget_max",
            "required_certifications",
            "buyer_name",
        ]
        field_classes = {
            "quantity": IndonesianDecimalField,
            "budget_min": RupiahField,
            "budget_max": RupiahField,
        }
        widgets = {
            "needed_by": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "specification": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Manufacturing only (KBLI divisions 10-33).
        self.fields["kbli"].queryset = self.fields["kbli"].queryset.filter(code__regex=r"^(1[0-9]|2[0-9]|3[0-3])")


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = ["business", "quantity", "price", "lead_time_days", "note"]
        field_classes = {"quantity": IndonesianDecimalField, "price": RupiahField}
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # An owner offers only for their own active businesses.
        self.fields["business"].queryset = Business.objects.filter(owner=user, status=Business.Status.ACTIVE)
        self.fields["business"].empty_label = None


SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]


class AssessmentForm(forms.ModelForm):
    """An OVOP assessor's scores for one product and year (1 = kurang sekali, 5 = sangat baik)."""

    class Meta:
        model = ProductAssessment
        fields = ["year", *ProductAssessment.CRITERIA, "assessors", "assessed_on", "note"]
        widgets = {
            **{name: forms.RadioSelect(choices=SCORE_CHOICES) for name in ProductAssessment.CRITERIA},
            "assessed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        self.product = product
        for name in ProductAssessment.CRITERIA:
            self.fields[name].widget.choices = SCORE_CHOICES

    def validate_unique(self):
        # One rating per product and year: saving the same year again corrects it
        # (catalogue.services.assessment_save), so no "already exists" error here.
        pass
