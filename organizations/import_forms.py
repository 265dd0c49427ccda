from django import forms
from django.utils.translation import gettext_lazy as _

from registry.importing import MAX_UPLOAD_MB

MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
EXTENSIONS = (".xlsx", ".ods")
ACCEPT = ",".join(
    (
        *EXTENSIONS,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.spreadsheet",
    )
)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas Excel atau LibreOffice (.xlsx, .ods)"),
        help_text=_("Paling besar %(mb)s MB. Pakai templat agar nama kolom sesuai.") % {"mb": MAX_UPLOAD_MB},
        # The file picker offers workbooks first; the server checks the name and content anyway.
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    unit = forms.ModelChoiceField(
        label=_("Anggota baru masuk ke unit"),
        queryset=None,
        required=False,
        empty_label=None,
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Berkas terlalu besar (%(size)s MB): paling besar %(mb)s MB. Bagi menjadi beberapa berkas.")
                % {"size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ","), "mb": MAX_UPLOAD_MB}
            )
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(
                _(
                    "Berkas “%(name)s” bukan buku kerja Excel (.xlsx) atau LibreOffice Calc (.ods). Simpan ulang "
                    "sebagai .xlsx: di LibreOffice Calc pilih menu File > Save As (Simpan Sebagai), lalu jenis "
                    "berkas “Excel 2007-365 (.xlsx)”; di Excel pilih File > Save As, “Excel Workbook (.xlsx)”."
                )
                % {"name": upload.name}
            )
        return upload
