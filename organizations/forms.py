"""Officers' member filters and the owner's application form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from registry.models import Kecamatan

from .models import Association, Membership
from .selectors import COMPLETENESS_BANDS, UMBRELLA_FIRST

STATUS_CHOICES = [
    ("", _("Aktif + nonaktif")),
    *Membership.Status.choices,
    ("semua", _("Semua status")),
]


class MemberFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Cari"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Nama usaha, NIB atau nomor anggota"), "autocomplete": "off"}
        ),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    unit = forms.ModelChoiceField(
        label=_("Unit"), required=False, queryset=Association.objects.none(), empty_label=_("Semua unit")
    )
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        required=False,
        queryset=Kecamatan.objects.order_by("name"),
        empty_label=_("Semua"),
    )
    band = forms.ChoiceField(
        label=_("Kelengkapan data"),
        required=False,
        choices=[("", _("Semua")), *((key, band[0]) for key, band in COMPLETENESS_BANDS.items())],
    )

    def __init__(self, *args, associations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = associations.select_related("parent").order_by(*UMBRELLA_FIRST)
        self.fields["unit"].label_from_instance = association_label

    def filters(self):
        """Cleaned filters as keyword arguments for the selectors; invalid input filters nothing."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("status") or "",
            "unit": data.get("unit"),
            "kecamatan": data.get("kecamatan"),
            "band": data.get("band") or "",
            "search": data.get("q") or "",
        }


def association_label(association):
    if association.parent_id:
        return f"{association.name} ({association.parent.short_name or association.parent.name})"
    return association.name


class JoinForm(forms.Form):
    association = forms.ModelChoiceField(label=_("Asosiasi atau unit"), queryset=Association.objects.none())

    def __init__(self, *args, associations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = associations
        self.fields["association"].label_from_instance = association_label
        self.fields["association"].help_text = _(
            "Pilih unit kecamatan atau klaster sektor Anda bila ada; pengurus unit itu yang memeriksa pengajuan."
        )
