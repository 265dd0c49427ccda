from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from registry.fields import RupiahField
from registry.models import Business, CommodityGroup, Kecamatan
from tuban_ikm.files import validate_document_content
from tuban_ikm.images import SafeImageField
from tuban_ikm.locking import VersionedFormMixin

from .models import (
    DOCUMENT_EXTENSIONS,
    Announcement,
    AnnouncementKind,
    Handover,
    MonitoringVisit,
    Programme,
    TrainingEvent,
)

MAX_UPLOAD = 5 * 1024 * 1024
ACCEPT = ",".join(f".{ext}" for ext in DOCUMENT_EXTENSIONS)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def check_size(upload):
    if upload and upload.size > MAX_UPLOAD:
        raise ValidationError(_("Berkas terlalu besar (paling besar 5 MB)."))
    return upload


class LinesField(forms.CharField):
    """A list of strings typed one per line (or separated by commas when `commas`)."""

    def __init__(self, *args, commas=False, **kwargs):
        self.commas = commas
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return (", " if self.commas else "\n").join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        parts = text.replace(",", "\n").splitlines() if self.commas else text.splitlines()
        return [p.strip() for p in parts if p.strip()]


class ProgrammeForm(VersionedFormMixin, forms.ModelForm):
    unit_value = RupiahField(label=_("Nilai per penerima (Rp)"), required=False)
    size_classes = forms.MultipleChoiceField(
        label=_("Kelas industri"),
        choices=Business.IndustryClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosongkan bila semua kelas boleh mendaftar."),
    )
    commodity_groups = forms.MultipleChoiceField(
        label=_("Kelompok komoditas"),
        choices=CommodityGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosongkan bila semua komoditas boleh mendaftar."),
    )
    kbli_codes = LinesField(
        label=_("Kode KBLI"),
        commas=True,
        widget=forms.TextInput(),
        help_text=_("Awalan kode dipisah koma, misalnya 1313, 10792. Cocok dengan komoditas ATAU KBLI."),
    )
    kecamatan = forms.ModelMultipleChoiceField(
        label=_("Kecamatan"),
        queryset=Kecamatan.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosongkan bila semua kecamatan boleh mendaftar."),
    )
    documents = LinesField(
        label=_("Dokumen yang diminta"), help_text=_("Satu dokumen per baris, misalnya: Foto KTP pemilik.")
    )

    class Meta:
        model = Programme
        fields = [
            "name",
            "kind",
            "agency",
            "year",
            "quota",
            "item",
            "unit_value",
            "description",
            "opens_on",
            "closes_on",
            "documents",
            "size_classes",
            "commodity_groups",
            "kbli_codes",
            "kecamatan",
            "must_be_verified",
            "must_be_member",
        ]
        widgets = {"opens_on": DateInput(), "closes_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}
        labels = {"opens_on": _("Tanggal buka"), "closes_on": _("Tanggal tutup")}

    def clean_kbli_codes(self):
        codes = self.cleaned_data["kbli_codes"]
        for code in codes:
            if not code.isdigit() or not 1 <= len(code) <= 5:
                raise ValidationError(_("Kode KBLI hanya angka, 1 sampai 5 digit: %(code)s") % {"code": code})
        return codes


class ApplyForm(forms.Form):
    """One upload per document the programme asks for, then a confirmation."""

    confirm = forms.BooleanField(
        label=_("Data usaha saya sudah benar dan saya bersedia diverifikasi Dinas."), required=True
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.document_names = list(programme.documents)
        for index, name in enumerate(self.document_names):
            self.fields[f"doc_{index}"] = forms.FileField(
                label=name,
                validators=[check_size, validate_document_content],
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                help_text=_("PDF, JPG atau PNG, paling besar 5 MB. Foto dari HP boleh."),
            )
        self.order_fields([*(f"doc_{i}" for i in range(len(self.document_names))), "confirm"])

    def documents(self):
        return {name: self.cleaned_data[f"doc_{i}"] for i, name in enumerate(self.document_names)}


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Alasan penolakan"), widget=forms.Textarea(attrs={"rows": 2}))


class HandoverForm(VersionedFormMixin, forms.ModelForm):
    amount = RupiahField(label=_("Jumlah uang (Rp)"), required=False, help_text=_("Untuk bantuan berupa uang."))

    class Meta:
        model = Handover
        fields = ["date", "item", "serial_number", "amount", "receipt"]
        widgets = {"date": DateInput(), "receipt": forms.ClearableFileInput(attrs={"accept": ACCEPT})}

    def clean_receipt(self):
        return check_size(self.cleaned_data.get("receipt"))


class MonitoringForm(forms.ModelForm):
    in_use = forms.TypedChoiceField(
        label=_("Apakah bantuan dipakai?"),
        choices=[("1", _("Ya, dipakai")), ("0", _("Tidak dipakai"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = MonitoringVisit
        fields = ["date", "in_use", "note", "photo"]
        field_classes = {"photo": SafeImageField}
        widgets = {
            "date": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        }

    def clean_photo(self):
        return check_size(self.cleaned_data.get("photo"))


class TrainingEventForm(forms.ModelForm):
    class Meta:
        model = TrainingEvent
        fields = ["title", "date", "place", "capacity"]
        widgets = {"date": DateInput()}


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["title", "body", "kind", "segment", "kecamatan", "commodity", "size_class", "programme"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"segment": _("Isi pilihan yang sesuai di bawah untuk kecamatan, komoditas, kelas atau program.")}

    def __init__(self, *args, officer=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.order_by("-year", "name")
        if officer:
            self.fields["segment"].help_text = _("Pengumuman Anda hanya sampai ke anggota asosiasi Anda.")

    def clean(self):
        data = super().clean()
        S = Announcement.Segment
        needed = {S.KECAMATAN: "kecamatan", S.COMMODITY: "commodity", S.SIZE: "size_class", S.APPLICANTS: "programme"}
        field = needed.get(data.get("segment"))
        if field and not data.get(field):
            self.add_error(field, _("Pilih sasaran untuk segmen ini."))
        # Only the parameter of the chosen segment is kept.
        for other in needed.values():
            if other != field:
                data[other] = None if other in ("kecamatan", "programme") else ""
        return data


class PreferenceForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Jenis pengumuman yang ingin saya terima"),
        choices=AnnouncementKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=True,
    )
    by_email = forms.BooleanField(label=_("Kirim juga lewat email"), required=False)
