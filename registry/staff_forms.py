"""Filters and forms of the Dinas staff pages (/dinas/)."""

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tuban_ikm.widgets import QuickSelect

from .classification import IndustryClass
from .models import Business, Kecamatan
from .quality import QUALITY_FILTERS
from .review import COMPLETENESS_BUCKETS, completeness_bucket_condition
from .selectors import FIELD_SECTIONS, SECTIONS

SELECT = {"class": "form-select form-select-sm"}
TEXT = {"class": "form-control form-control-sm"}

QUALITY_CHOICES = [
    ("belum_diverifikasi", _("Belum pernah diverifikasi")),
    ("tidak_diperbarui", _("Tidak diperbarui 12 bulan atau lebih")),
    ("tanpa_kbli", _("Tanpa KBLI yang dapat dipakai")),
]


class StaffBusinessFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("Cari nama atau NIB"), widget=forms.TextInput(attrs={**TEXT, "type": "search"})
    )
    kecamatan = django_filters.ModelChoiceFilter(
        field_name="desa__kecamatan",
        queryset=Kecamatan.objects.order_by("name"),
        label=_("Kecamatan"),
        empty_label=_("Semua kecamatan"),
        widget=QuickSelect(attrs=SELECT),
    )
    kbli = django_filters.CharFilter(
        field_name="kbli__code", label=_("Kode KBLI"), widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric"})
    )
    industry_class = django_filters.ChoiceFilter(
        choices=IndustryClass.choices,
        label=_("Kelas industri"),
        empty_label=_("Semua kelas"),
        widget=QuickSelect(attrs=SELECT),
    )
    verification_status = django_filters.ChoiceFilter(
        choices=Business.Verification.choices,
        label=_("Status verifikasi"),
        empty_label=_("Semua status verifikasi"),
        widget=QuickSelect(attrs=SELECT),
    )
    status = django_filters.ChoiceFilter(
        choices=Business.Status.choices,
        label=_("Status usaha"),
        empty_label=_("Semua status usaha"),
        widget=QuickSelect(attrs=SELECT),
    )
    kualitas = django_filters.ChoiceFilter(
        method="quality",
        choices=QUALITY_CHOICES,
        label=_("Masalah data"),
        empty_label=_("—"),
        widget=QuickSelect(attrs=SELECT),
    )
    kelengkapan = django_filters.ChoiceFilter(
        method="completeness",
        choices=[(key, label) for key, label, _low, _high in COMPLETENESS_BUCKETS],
        label=_("Kelengkapan"),
        empty_label=_("—"),
        widget=QuickSelect(attrs=SELECT),
    )

    class Meta:
        model = Business
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(brand__icontains=value) | Q(nib=value.strip()))

    def quality(self, queryset, name, value):
        return queryset.filter(QUALITY_FILTERS[value]()) if value in QUALITY_FILTERS else queryset

    def completeness(self, queryset, name, value):
        condition = completeness_bucket_condition(value)
        if condition is None:
            return queryset
        return queryset.annotate(completeness_points=F("completeness_checks_passed")).filter(condition)


def fix_choices(completeness=None):
    """What Dinas may ask an owner to fix: sections, then the completeness items, then single
    fields. All are keys `selectors.fields_to_fix_items` turns into labels and links."""
    sections = [(key, label) for key, label, _url in SECTIONS]
    known = {key for key, _label in sections}
    checks = []
    for check in completeness.checks if completeness else []:
        if check.key not in known:
            checks.append((check.key, check.label))
            known.add(check.key)
    fields = []
    for key in FIELD_SECTIONS:
        if key in known:
            continue
        try:
            label = str(Business._meta.get_field(key).verbose_name)
        except Exception:  # not a model field (e.g. "kecamatan")
            continue
        fields.append((key, label[:1].upper() + label[1:]))
        known.add(key)
    return [(_("Bagian profil"), sections), (_("Isian kelengkapan"), checks), (_("Isian tertentu"), fields)]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReturnForm(VersionForm):
    note = forms.CharField(
        label=_("Alasan pengembalian (dibaca pemilik usaha)"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        max_length=2000,
        error_messages={"required": _("Tuliskan alasan pengembalian untuk pemilik usaha.")},
    )
    fields_to_fix = forms.MultipleChoiceField(
        label=_("Yang perlu diperbaiki"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, completeness=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields_to_fix"].choices = fix_choices(completeness)

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("Tuliskan alasan pengembalian untuk pemilik usaha."))
        return note


class StatusForm(VersionForm):
    status = forms.ChoiceField(
        label=_("Status usaha"), choices=Business.Status.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    note = forms.CharField(
        label=_("Keterangan (mis. hasil kunjungan lapangan)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class ReportReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pengembalian"),
        max_length=2000,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        error_messages={"required": _("Tuliskan alasan pengembalian untuk pemilik usaha.")},
    )
