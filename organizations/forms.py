from django import forms
from django.utils.translation import gettext_lazy as _

from registry.models import Kecamatan

from .models import Association, Membership

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class MemberFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua status")), *Membership.Status.choices]
    )
    unit = forms.ModelChoiceField(label=_("Unit"), required=False, queryset=Association.objects.none())
    kecamatan = forms.ModelChoiceField(label=_("Kecamatan"), required=False, queryset=Kecamatan.objects.all())

    def __init__(self, *args, associations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = associations


class JoinForm(forms.Form):
    association = forms.ModelChoiceField(
        label=_("Asosiasi atau unit"),
        queryset=Association.objects.select_related("parent").order_by("parent_id", "name"),
    )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas Excel (.xlsx)"),
        help_text=_("Paling besar 5 MB. Gunakan templat agar nama kolom sesuai."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Berkas terlalu besar: paling besar 5 MB."))
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Berkas bukan berkas Excel (.xlsx). Simpan ulang sebagai .xlsx."))
        return upload
