"""Forms for the owner's product pages: the product with its raw materials, photos,
certifications, market areas and production reports.

Formsets are rendered as stacked cards (see templates/registry/product_*.html). Money and
quantities use the Indonesian number fields, so "Rp 1.500.000" and "2,5" are accepted.
"""

import uuid
from datetime import timedelta
from io import BytesIO

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from tuban_ikm.images import SafeImageField
from tuban_ikm.locking import VersionedFormMixin

from . import places, thresholds
from .fields import IndonesianDecimalField, RupiahField
from .models import (
    Certification,
    Kbli,
    Kecamatan,
    MarketArea,
    Product,
    ProductionReport,
    ProductPhoto,
    RawMaterial,
)

# Bounds the work one POST can ask for; far above what one product needs.
MAX_ROWS = 30
MAX_PHOTOS = 10
MAX_PHOTO_BYTES = 10 * 1024 * 1024
# Stored photos are shrunk to this many pixels on the long side: plenty for a catalogue,
# and light enough for owners and visitors on a cheap phone's data plan.
PHOTO_MAX_SIDE = 1600
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# --- Product and raw materials ------------------------------------------------------------


class ProductForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "name",
            "category",
            "kbli",
            "sku",
            "unit",
            "installed_capacity_per_month",
            "production_capacity_per_month",
            "price",
            "description",
        ]
        field_classes = {
            "installed_capacity_per_month": IndonesianDecimalField,
            "production_capacity_per_month": IndonesianDecimalField,
            "price": RupiahField,
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "kbli": _("Kode KBLI yang sesuai dengan produk ini; e-Katalog mencocokkannya dengan kelompok produk."),
            "sku": _("Kode barang Anda sendiri, misalnya BTK-001. Dibutuhkan untuk e-Katalog."),
            "installed_capacity_per_month": _("Jumlah paling banyak yang bisa dibuat per bulan dengan alat yang ada."),
            "production_capacity_per_month": _("Jumlah yang biasanya dibuat per bulan."),
            "price": _("Contoh: 350.000"),
            "description": _("Bahan, ukuran, berat, warna, kemasan. Minimal 20 huruf untuk e-Katalog."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kbli"].queryset = Kbli.objects.order_by("-version", "code")
        self.fields["kbli"].empty_label = _("— pilih KBLI —")


RawMaterialFormSet = inlineformset_factory(
    Product,
    RawMaterial,
    fields=["name", "origin"],
    extra=1,
    can_delete=True,
    max_num=MAX_ROWS,
    validate_max=True,
)


# --- Photos -------------------------------------------------------------------------------


class ProductImageField(SafeImageField):
    """A photo from a phone: JPEG, PNG or WebP, size checked before Pillow opens it."""

    default_error_messages = {
        "invalid_image": _("Berkas ini bukan gambar. Unggah foto JPG, PNG atau WebP."),
        "too_large": _("Foto terlalu besar (%(size)s MB). Ukuran paling besar %(max)s MB."),
        "format": _("Format foto tidak didukung. Unggah foto JPG, PNG atau WebP."),
    }

    def to_python(self, data):
        if data not in self.empty_values and data.size > MAX_PHOTO_BYTES:
            raise ValidationError(
                self.error_messages["too_large"],
                code="too_large",
                params={"size": f"{data.size / 1024 / 1024:.1f}".replace(".", ","), "max": MAX_PHOTO_BYTES // 2**20},
            )
        upload = super().to_python(data)
        if upload is not None and upload.image.format not in PHOTO_FORMATS:
            raise ValidationError(self.error_messages["format"], code="format")
        return upload


def shrink_photo(upload):
    """Re-encode an uploaded photo: turned upright, at most PHOTO_MAX_SIDE pixels, and without
    its EXIF data, which on a phone photo holds the GPS position of the owner's home."""
    upload.seek(0)
    with Image.open(upload) as original:
        image_format = original.format
        icc_profile = original.info.get("icc_profile")
        image = ImageOps.exif_transpose(original)
        image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        elif image_format == "WEBP" and image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA")
        buffer = BytesIO()
        options = {"optimize": True} if image_format != "WEBP" else {}
        if image_format in ("JPEG", "WEBP"):
            options["quality"] = 85
        if icc_profile:
            options["icc_profile"] = icc_profile
        image.save(buffer, format=image_format, **options)
    # A random name: the phone's file name can carry a person's name or a date.
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex[:16]}.{PHOTO_FORMATS[image_format]}")


class PhotoUploadForm(forms.ModelForm):
    class Meta:
        model = ProductPhoto
        fields = ["image", "caption"]
        field_classes = {"image": ProductImageField}
        # image/* lets a phone offer its camera as well as the gallery.
        widgets = {"image": forms.FileInput(attrs={"accept": "image/*"})}
        labels = {"image": _("Pilih atau ambil foto")}
        help_texts = {
            "image": _("JPG, PNG atau WebP, paling besar %(max)s MB.") % {"max": MAX_PHOTO_BYTES // 2**20},
            "caption": _("Misalnya: tampak depan, motif, kemasan."),
        }

    def __init__(self, *args, photo_count=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.photo_count = photo_count

    def clean(self):
        cleaned_data = super().clean()
        if self.photo_count >= MAX_PHOTOS:
            raise ValidationError(
                _("Satu produk paling banyak %(max)s foto. Hapus foto lama lebih dulu.") % {"max": MAX_PHOTOS}
            )
        return cleaned_data

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload is None:
            return upload
        try:
            return shrink_photo(upload)
        except (OSError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(self.fields["image"].error_messages["invalid_image"], code="invalid_image") from None


PhotoCaptionFormSet = inlineformset_factory(
    Product,
    ProductPhoto,
    fields=["caption"],
    extra=0,
    can_delete=False,
    max_num=MAX_ROWS,
    widgets={"caption": forms.TextInput(attrs={"placeholder": _("Keterangan foto")})},
)


# --- Certifications -----------------------------------------------------------------------


class CertificationForm(forms.ModelForm):
    class Meta:
        model = Certification
        fields = ["kind", "number", "issued_on", "expires_on", "tkdn_percent"]
        field_classes = {"tkdn_percent": IndonesianDecimalField}
        widgets = {"issued_on": date_input(), "expires_on": date_input()}
        help_texts = {
            "number": _("P-IRT: 15 angka. BPOM: MD atau ML lalu 12 angka. Halal: diawali ID."),
            "expires_on": _("Kosongkan bila berlaku seterusnya."),
            "tkdn_percent": _("Hanya untuk TKDN-IK, misalnya 45,5."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.kind == Certification.Kind.PIRT:
            self.initial["number"] = self.instance.formatted_number()

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("kind") != Certification.Kind.TKDN:
            cleaned_data["tkdn_percent"] = None
        return cleaned_data

    @cached_property
    def expiry_state(self):
        """ "expired", "expiring" (within thresholds.CERTIFICATE_EXPIRING_SOON_DAYS) or "" for the saved expiry date."""
        expires_on = self.initial.get("expires_on") if self.instance.pk else None
        if expires_on is None:
            return ""
        today = timezone.localdate()
        if expires_on < today:
            return "expired"
        if expires_on <= today + timedelta(days=thresholds.CERTIFICATE_EXPIRING_SOON_DAYS):
            return "expiring"
        return ""

    @property
    def days_left(self):
        expires_on = self.initial.get("expires_on")
        return (expires_on - timezone.localdate()).days if expires_on else None


CertificationFormSet = inlineformset_factory(
    Product,
    Certification,
    form=CertificationForm,
    extra=1,
    can_delete=True,
    max_num=MAX_ROWS,
    validate_max=True,
)


# --- Market areas -------------------------------------------------------------------------


class MarketAreaForm(forms.ModelForm):
    class Meta:
        model = MarketArea
        fields = ["level", "kecamatan", "region_code", "country", "share_percent", "channel"]
        field_classes = {"share_percent": IndonesianDecimalField}
        help_texts = {
            "kecamatan": _("Hanya untuk jangkauan dalam kecamatan."),
            "region_code": _("Untuk jangkauan provinsi atau nasional, bila diketahui."),
            "country": _("Wajib untuk ekspor."),
            "share_percent": _("Perkiraan bagian dari seluruh penjualan produk ini, misalnya 40."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Codes, not free text: chosen from Kemendagri's kabupaten/kota and ISO's countries.
        self.fields["region_code"] = forms.ChoiceField(
            label=self.fields["region_code"].label,
            help_text=self.fields["region_code"].help_text,
            required=False,
            choices=[("", "—"), *places.kabupaten_kota_choices()],
        )
        self.fields["country"] = forms.ChoiceField(
            label=self.fields["country"].label,
            help_text=self.fields["country"].help_text,
            required=False,
            choices=[("", "—"), *places.country_choices()],
        )

    def clean(self):
        cleaned_data = super().clean()
        level = cleaned_data.get("level")
        if level == MarketArea.Level.KECAMATAN:
            if not cleaned_data.get("kecamatan"):
                self.add_error("kecamatan", _("Pilih kecamatan tujuan."))
        else:
            cleaned_data["kecamatan"] = None
        if level and level != MarketArea.Level.EKSPOR:
            cleaned_data["country"] = ""
        if level and level not in (MarketArea.Level.PROVINSI, MarketArea.Level.NASIONAL):
            cleaned_data["region_code"] = ""
        return cleaned_data

    def _post_clean(self):
        # MarketArea.clean() adds this row to the shares already saved for the product. In a
        # formset those saved rows are about to change too, so the formset checks the total
        # of what was typed instead (MarketAreaFormSet.clean) and the row-level check is
        # skipped here; the model's other rules (export needs a country) still run.
        instance = self.instance

        def clean_without_saved_shares():
            share = instance.share_percent
            instance.share_percent = None
            try:
                MarketArea.clean(instance)
            finally:
                instance.share_percent = share

        instance.clean = clean_without_saved_shares
        try:
            super()._post_clean()
        finally:
            del instance.clean


class BaseMarketAreaFormSet(BaseInlineFormSet):
    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            self.queryset = self.queryset.select_related("kecamatan")  # card titles name the place
        return super().get_queryset()

    @cached_property
    def kecamatan_choices(self):
        # One query for the whole formset instead of one per row.
        return [("", "---------"), *((k.pk, k.name) for k in Kecamatan.objects.all())]

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["kecamatan"].choices = self.kecamatan_choices

    def rows(self):
        """Forms that will be saved: not deleted, and not a blank extra row."""
        return [
            form
            for form in self.forms
            if hasattr(form, "cleaned_data")
            and not self._should_delete_form(form)
            and (form.instance.pk or form.has_changed())
        ]

    def clean(self):
        super().clean()
        total = sum(form.cleaned_data.get("share_percent") or 0 for form in self.rows())
        if total > 100:
            raise ValidationError(
                _("Jumlah porsi penjualan semua wilayah paling banyak 100%%; yang diisi %(total)s%%.")
                % {"total": f"{total.normalize():f}".replace(".", ",")},
                code="share_total",
            )


MarketAreaFormSet = inlineformset_factory(
    Product,
    MarketArea,
    form=MarketAreaForm,
    formset=BaseMarketAreaFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_ROWS,
    validate_max=True,
)


# --- Production reports -------------------------------------------------------------------


class ProductionReportForm(forms.ModelForm):
    class Meta:
        model = ProductionReport
        fields = ["year", "semester", "quantity", "production_value", "raw_material_value"]
        field_classes = {
            "quantity": IndonesianDecimalField,
            "production_value": RupiahField,
            "raw_material_value": RupiahField,
        }
        widgets = {"year": forms.NumberInput(attrs={"inputmode": "numeric", "min": 2000})}
        help_texts = {
            "production_value": _("Jumlah produksi dikali harga jual, misalnya 70.000.000."),
            "raw_material_value": _("Biaya bahan baku untuk periode ini."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].widget.attrs["max"] = this_year
        if not self.instance.pk:
            self.initial.setdefault("year", this_year)

    @property
    def period_label(self):
        if not self.instance.pk:
            return ""
        return f"{self.instance.get_semester_display()} {self.instance.year}"


class BaseProductionReportFormSet(BaseInlineFormSet):
    """Only draft and returned reports are editable; `locked_reports` (submitted or verified)
    are passed in so that a new row cannot take their period."""

    def __init__(self, *args, locked_reports=(), **kwargs):
        self.locked_reports = list(locked_reports)
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # The rows of this page are checked against each other and the locked reports in
        # clean(): a row may leave a period in the same save that another row takes.
        form.instance.overlap_checked_elsewhere = True
        return form

    def clean(self):
        taken = [(r.year, r.semester) for r in self.locked_reports]
        for form in self.forms:
            if (
                not hasattr(form, "cleaned_data")
                or self._should_delete_form(form)
                or not (form.instance.pk or form.has_changed())
            ):
                continue
            year, semester = form.cleaned_data.get("year"), form.cleaned_data.get("semester")
            if year is None or semester is None:
                continue
            period = f"{ProductionReport.Semester(semester).label} {year}"
            clash = next((t for t in taken if ProductionReport.periods_overlap(t, (year, semester))), None)
            if clash == (year, semester):
                form.add_error(
                    "semester",
                    _("Laporan %(period)s untuk produk ini sudah ada. Ubah laporan itu, jangan membuat baru.")
                    % {"period": period},
                )
            elif clash is not None:
                form.add_error("semester", ProductionReport.overlap_message(year, semester, clash[1]))
            else:
                taken.append((year, semester))
        super().clean()


ProductionReportFormSet = inlineformset_factory(
    Product,
    ProductionReport,
    form=ProductionReportForm,
    formset=BaseProductionReportFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_ROWS,
    validate_max=True,
)
