"""The public face of the registry and the demand board.

`PublishedBusiness` and `PublishedProduct` are written only by `services.publish_business`,
from the snapshot Dinas froze at verification: the public never sees an owner's unverified
edits, nor contact details the owner did not agree to publish.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from registry.models import (
    MONEY,
    QUANTITY,
    Business,
    BusinessPartQuerySet,
    Certification,
    CommodityGroup,
    Desa,
    Kbli,
    Kecamatan,
    Unit,
)
from tuban_ikm.models import TimeStampedModel

# --- Villages and programmes ----------------------------------------------------------------


class Programme(TimeStampedModel):
    class Kind(models.TextChoices):
        OVOP = "ovop", _("OVOP Kemenperin")
        RUMAH_PRODUKSI = "rumah_produksi", _("Rumah Produksi")
        OTHER = "lainnya", _("Program lain")

    name = models.CharField(_("nama program"), max_length=200, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    agency = models.CharField(_("instansi"), max_length=200, blank=True)
    description = models.TextField(_("keterangan"), blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("program desa")
        verbose_name_plural = pgettext_lazy("plural", "program desa")

    def __str__(self):
        return self.name


class DesaProgrammeQuerySet(models.QuerySet):
    def ovop_established(self):
        """OVOP participation that counts for the public OVOP mark: set or evaluated."""
        return self.filter(
            programme__kind=Programme.Kind.OVOP,
            status__in=[DesaProgramme.Status.ESTABLISHED, DesaProgramme.Status.EVALUATED],
        )


class DesaProgramme(TimeStampedModel):
    class Status(models.TextChoices):
        PROPOSED = "diusulkan", _("Diusulkan")
        ADMIN_PASSED = "lolos_administrasi", _("Lolos administrasi")
        ESTABLISHED = "ditetapkan", _("Ditetapkan")
        EVALUATED = "dievaluasi", _("Dievaluasi")

    desa = models.ForeignKey(Desa, on_delete=models.CASCADE, related_name="programmes", verbose_name=_("desa"))
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="participations", verbose_name=_("program")
    )
    year = models.PositiveSmallIntegerField(_("tahun"), validators=[MinValueValidator(2000)])
    commodity = models.CharField(
        _("kelompok komoditas"),
        max_length=30,
        choices=CommodityGroup.choices,
        blank=True,
        help_text=_("Kosongkan bila program berlaku untuk semua produk desa."),
    )
    product_name = models.CharField(_("produk unggulan"), max_length=200, blank=True)
    stars = models.PositiveSmallIntegerField(
        _("bintang OVOP"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 sampai 5, hanya untuk OVOP."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    note = models.TextField(_("catatan"), blank=True)

    objects = DesaProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["desa", "-year", "programme"]
        verbose_name = _("keikutsertaan program desa")
        verbose_name_plural = pgettext_lazy("plural", "keikutsertaan program desa")
        constraints = [
            models.UniqueConstraint(
                fields=["desa", "programme", "year", "commodity"], name="desa_programme_once_per_year"
            ),
            models.CheckConstraint(
                condition=Q(stars__isnull=True) | (Q(stars__gte=1) & Q(stars__lte=5)), name="desa_programme_stars_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.programme} {self.year}: {self.desa}"


class SentraIkm(TimeStampedModel):
    """A sentra IKM (PP 29/2018: at least 5 units in one place making similar products),
    found from the data and confirmed by Dinas."""

    desa = models.ForeignKey(Desa, on_delete=models.CASCADE, related_name="sentra", verbose_name=_("desa"))
    commodity = models.CharField(_("kelompok komoditas"), max_length=30, choices=CommodityGroup.choices)
    business_count = models.PositiveIntegerField(_("jumlah usaha saat dikonfirmasi"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("oleh")
    )
    confirmed_at = models.DateTimeField(_("dikonfirmasi pada"), auto_now_add=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["desa", "commodity"]
        verbose_name = _("sentra IKM")
        verbose_name_plural = pgettext_lazy("plural", "sentra IKM")
        constraints = [models.UniqueConstraint(fields=["desa", "commodity"], name="sentra_one_per_desa_commodity")]

    def __str__(self):
        return f"{self.get_commodity_display()}, {self.desa}"


# --- The published catalogue ----------------------------------------------------------------


class PublishedBusiness(models.Model):
    """One verified, active business as the public may see it."""

    business = models.OneToOneField(
        Business, on_delete=models.CASCADE, related_name="publication", verbose_name=_("usaha")
    )
    name = models.CharField(_("nama usaha"), max_length=200)
    brand = models.CharField(_("merek"), max_length=200, blank=True)
    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="+", verbose_name=_("desa"))
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="+", verbose_name=_("kecamatan"))
    kbli_code = models.CharField(_("KBLI"), max_length=5, blank=True)
    # Only what the owner consented to publish; empty otherwise (UU 27/2022).
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    published_at = models.DateTimeField(_("diterbitkan pada"))

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("usaha di katalog")
        verbose_name_plural = pgettext_lazy("plural", "usaha di katalog")

    def __str__(self):
        return self.name


class PublishedProductQuerySet(models.QuerySet):
    def with_ovop(self):
        ovop = (
            DesaProgramme.objects.ovop_established()
            .filter(desa=OuterRef("desa"))
            .filter(Q(commodity="") | Q(commodity=OuterRef("category")))
        )
        return self.annotate(is_ovop=Exists(ovop))

    def with_stars(self):
        """`ovop_stars`: the stars of the product's latest OVOP assessment (None if never
        rated). Only published rows carry it, so unverified products show no rating."""
        latest = ProductAssessment.objects.filter(product_id=OuterRef("product_id")).order_by("-year")
        return self.annotate(ovop_stars=Subquery(latest.values("stars")[:1]))

    def min_stars(self, stars):
        """Products whose latest assessment has at least `stars` stars. The IN list of rated
        products (few) goes first, so the planner never computes the latest rating of every
        published product."""
        rated = ProductAssessment.objects.filter(stars__gte=stars).values("product_id")
        return self.filter(product_id__in=rated, ovop_stars__gte=stars)

    def for_listing(self):
        return (
            self.select_related("business", "desa", "kecamatan")
            .prefetch_related("certifications")
            .with_ovop()
            .with_stars()
        )


class PublishedProduct(models.Model):
    product = models.ForeignKey(
        "registry.Product",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("produk"),
    )
    business = models.ForeignKey(
        PublishedBusiness, on_delete=models.CASCADE, related_name="products", verbose_name=_("usaha")
    )
    name = models.CharField(_("nama produk"), max_length=200)
    category = models.CharField(_("kelompok komoditas"), max_length=30, choices=CommodityGroup.choices)
    kbli_code = models.CharField(_("KBLI"), max_length=5, blank=True)
    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="published_products", verbose_name=_("desa"))
    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.PROTECT, related_name="published_products", verbose_name=_("kecamatan")
    )
    price = models.DecimalField(_("harga per satuan (Rp)"), **MONEY, null=True, blank=True)
    unit = models.CharField(_("satuan"), max_length=10, choices=Unit.choices)
    capacity_per_month = models.DecimalField(_("kapasitas produksi per bulan"), **QUANTITY, null=True, blank=True)
    description = models.TextField(_("deskripsi"), blank=True)
    photos = models.JSONField(_("foto"), default=list, blank=True)
    search_text = models.TextField(_("teks pencarian"), blank=True)
    published_at = models.DateTimeField(_("diterbitkan pada"))

    objects = PublishedProductQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("produk di katalog")
        verbose_name_plural = pgettext_lazy("plural", "produk di katalog")
        # The catalogue lists by name (and by price or date when asked): a page of 24 reads
        # 24 index entries, not a sort of every published product.
        indexes = [
            models.Index(fields=["category"]),
            models.Index(fields=["price"]),
            models.Index(fields=["name", "id"], name="published_name_order"),
            models.Index(fields=["-published_at", "id"], name="published_newest"),
        ]

    def __str__(self):
        return self.name

    @property
    def first_photo(self):
        return self.photos[0] if self.photos else ""


class PublishedCertificationQuerySet(models.QuerySet):
    def valid(self, today=None):
        """Certificates that hold today: no end date, or an end date not yet passed."""
        return self.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today or timezone.localdate()))


class PublishedCertification(models.Model):
    product = models.ForeignKey(
        PublishedProduct, on_delete=models.CASCADE, related_name="certifications", verbose_name=_("produk")
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Certification.Kind.choices)
    number = models.CharField(_("nomor"), max_length=100)
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True)

    objects = PublishedCertificationQuerySet.as_manager()

    class Meta:
        ordering = ["product", "kind"]
        verbose_name = _("sertifikasi di katalog")
        verbose_name_plural = pgettext_lazy("plural", "sertifikasi di katalog")
        indexes = [models.Index(fields=["kind", "product"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    @property
    def is_expired(self):
        # The published copy is frozen at verification; expiry is judged on the day shown.
        return self.expires_on is not None and self.expires_on < timezone.localdate()


# --- Demand board ---------------------------------------------------------------------------


class DemandQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Demand.Status.OPEN)

    def visible_to(self, user):
        """The board is for signed-in users: buyers, staff and owners who may answer."""
        if not user.is_authenticated:
            return self.none()
        return self


class Demand(TimeStampedModel):
    """A need for goods (permintaan barang) posted by Dinas or a registered buyer."""

    class Status(models.TextChoices):
        OPEN = "terbuka", _("Terbuka")
        CLOSED = "ditutup", _("Ditutup")

    title = models.CharField(_("barang yang dibutuhkan"), max_length=200)
    commodity = models.CharField(_("kelompok komoditas"), max_length=30, choices=CommodityGroup.choices)
    kbli = models.ForeignKey(
        Kbli, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("KBLI (bila tahu)")
    )
    quantity = models.DecimalField(_("jumlah"), **QUANTITY, validators=[MinValueValidator(0)])
    unit = models.CharField(_("satuan"), max_length=10, choices=Unit.choices)
    needed_by = models.DateField(_("dibutuhkan paling lambat"), null=True, blank=True)
    delivery_place = models.CharField(_("tempat pengiriman"), max_length=255)
    delivery_kecamatan = models.ForeignKey(
        Kecamatan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kecamatan pengiriman"),
        help_text=_("Kosongkan bila di luar Kabupaten Tuban."),
    )
    specification = models.TextField(_("spesifikasi"), blank=True)
    budget_min = models.DecimalField(
        _("anggaran minimal (Rp)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    budget_max = models.DecimalField(
        _("anggaran maksimal (Rp)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    required_certifications = models.JSONField(_("sertifikasi yang diminta"), default=list, blank=True)
    buyer_name = models.CharField(
        _("instansi/perusahaan pemesan"), max_length=200, help_text=_("Contoh: Dinas Pendidikan, BUMD, PT ...")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="demands", verbose_name=_("diposting oleh")
    )
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)

    objects = DemandQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("permintaan barang")
        verbose_name_plural = pgettext_lazy("plural", "permintaan barang")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="demand_quantity_gt_0"),
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_max__gte=models.F("budget_min")),
                name="demand_budget_range",
            ),
        ]
        indexes = [models.Index(fields=["status", "commodity"])]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    def required_certification_labels(self):
        return [Certification.Kind(kind).label for kind in self.required_certifications if kind in Certification.Kind]


class Offer(TimeStampedModel):
    """An owner's answer to a demand, for one of their businesses."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="offers", verbose_name=_("permintaan"))
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="offers", verbose_name=_("usaha"))
    quantity = models.DecimalField(_("jumlah yang sanggup dipasok"), **QUANTITY, validators=[MinValueValidator(0)])
    price = models.DecimalField(_("harga per satuan (Rp)"), **MONEY, validators=[MinValueValidator(0)])
    lead_time_days = models.PositiveIntegerField(_("waktu penyiapan (hari)"))
    note = models.TextField(_("catatan"), blank=True)
    taken = models.BooleanField(_("diambil pemesan"), default=False)
    declined = models.BooleanField(_("ditolak pemesan"), default=False)
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("oleh")
    )

    # Visible and owned as the offering business is; the buyer reads them through the demand.
    objects = BusinessPartQuerySet.as_manager()

    class Meta:
        ordering = ["demand", "-taken", "price", "pk"]
        verbose_name = _("penawaran")
        verbose_name_plural = pgettext_lazy("plural", "penawaran")
        constraints = [
            models.UniqueConstraint(fields=["demand", "business"], name="offer_one_per_business"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="offer_quantity_gt_0"),
            models.CheckConstraint(condition=Q(price__gte=0), name="offer_price_gte_0"),
            models.CheckConstraint(condition=~(Q(taken=True) & Q(declined=True)), name="offer_not_taken_and_declined"),
        ]

    def __str__(self):
        return f"{self.business} → {self.demand}"

    @property
    def decision(self):
        """ "taken", "declined" or "" (not decided yet)."""
        if self.taken:
            return "taken"
        if self.declined:
            return "declined"
        return ""

    @property
    def total(self):
        return self.quantity * self.price


# --- OVOP product assessment ------------------------------------------------------------------


class ProductAssessment(TimeStampedModel):
    """A product's OVOP star rating for one period (year), by a panel of assessors.

    As Kemenperin's OVOP, Thailand's OTOP and Vietnam's OCOP do, products (not villages) are
    rated. Five criteria are scored 1 to 5 and weighted after the OCOP parts (product and
    community strength 40, marketing 25, product quality 35); the 100-point total gives the
    stars with OCOP's bands (see `stars_for`)."""

    # criterion field -> weight in points (the weights add up to 100)
    CRITERIA = {
        "quality": 35,
        "local_origin": 20,
        "capacity": 20,
        "market": 15,
        "packaging": 10,
    }
    # lowest total for each star (OCOP: 90-100 five, 70-89 four, 50-69 three, 30-49 two)
    STAR_BANDS = ((90, 5), (70, 4), (50, 3), (30, 2), (0, 1))

    SCORE = {"validators": [MinValueValidator(1), MaxValueValidator(5)]}

    product = models.ForeignKey(
        "registry.Product", on_delete=models.CASCADE, related_name="ovop_assessments", verbose_name=_("produk")
    )
    year = models.PositiveSmallIntegerField(_("tahun penilaian"), validators=[MinValueValidator(2000)])
    quality = models.PositiveSmallIntegerField(
        _("mutu produk"), help_text=_("Rasa/bahan/pengerjaan, keamanan, sertifikat mutu (bobot 35)."), **SCORE
    )
    local_origin = models.PositiveSmallIntegerField(
        _("keunikan dan bahan baku lokal"),
        help_text=_("Ciri khas daerah, cerita produk, bahan baku dari Tuban (bobot 20)."),
        **SCORE,
    )
    capacity = models.PositiveSmallIntegerField(
        _("kapasitas dan keberlanjutan produksi"),
        help_text=_("Mampu memasok jumlah dan mutu yang sama secara terus-menerus (bobot 20)."),
        **SCORE,
    )
    market = models.PositiveSmallIntegerField(
        _("potensi pasar"), help_text=_("Jangkauan pasar, permintaan, promosi (bobot 15)."), **SCORE
    )
    packaging = models.PositiveSmallIntegerField(
        _("kemasan dan merek"), help_text=_("Kemasan, label, merek terdaftar (bobot 10)."), **SCORE
    )
    total = models.PositiveSmallIntegerField(_("nilai total (0-100)"), editable=False)
    stars = models.PositiveSmallIntegerField(
        _("bintang"), editable=False, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    assessors = models.CharField(_("tim penilai"), max_length=300, help_text=_("Nama-nama penilai, pisahkan koma."))
    assessed_on = models.DateField(_("tanggal penilaian"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("dicatat oleh")
    )
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["product", "-year"]
        verbose_name = _("penilaian produk OVOP")
        verbose_name_plural = pgettext_lazy("plural", "penilaian produk OVOP")
        permissions = [("assess_product", _("Dapat menilai produk OVOP"))]
        constraints = [
            models.UniqueConstraint(fields=["product", "year"], name="assessment_once_per_product_year"),
            models.CheckConstraint(condition=Q(stars__gte=1) & Q(stars__lte=5), name="assessment_stars_1_5"),
        ]
        # The unique (product, year) index, read backwards, answers "the latest rating".

    def __str__(self):
        return f"{self.product} {self.year}: {self.stars}★"

    @classmethod
    def stars_for(cls, total):
        return next(stars for lowest, stars in cls.STAR_BANDS if total >= lowest)

    def compute_total(self):
        return sum(weight * (getattr(self, name) or 0) // 5 for name, weight in self.CRITERIA.items())

    def criteria_rows(self):
        """(label, score 1-5, weight) for each criterion, for the product page."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name), weight)
            for name, weight in self.CRITERIA.items()
        ]

    def clean(self):
        super().clean()
        today = timezone.localdate()
        errors = {}
        if self.year and self.year > today.year:
            errors["year"] = _("Tahun penilaian belum tiba.")
        if self.assessed_on and self.assessed_on > today:
            errors["assessed_on"] = _("Tanggal penilaian tidak boleh di masa depan.")
        elif self.assessed_on and self.year and self.assessed_on.year < self.year:
            errors["assessed_on"] = _("Tanggal penilaian sebelum tahun yang dinilai.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.total = self.compute_total()
        self.stars = self.stars_for(self.total)
        super().save(*args, **kwargs)


# --- Katalog lokal proposals ------------------------------------------------------------------


class EkatalogProposal(TimeStampedModel):
    """A product proposed by Dinas to the Pemda's procurement unit (UKPBJ) for the katalog
    lokal, followed through its steps, each with the date and who recorded it."""

    class Status(models.TextChoices):
        PROPOSED = "diusulkan", _("Diusulkan ke UKPBJ")
        ACCEPTED = "diterima", _("Diterima UKPBJ")
        LISTED = "tayang", _("Tayang di katalog lokal")
        REJECTED = "ditolak", _("Ditolak UKPBJ")

    # status -> the statuses it may move to
    NEXT = {
        Status.PROPOSED: (Status.ACCEPTED, Status.REJECTED),
        Status.ACCEPTED: (Status.LISTED, Status.REJECTED),
        Status.LISTED: (),
        Status.REJECTED: (Status.PROPOSED,),
    }

    product = models.OneToOneField(
        "registry.Product", on_delete=models.CASCADE, related_name="ekatalog_proposal", verbose_name=_("produk")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_at = models.DateTimeField(_("diusulkan pada"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("diusulkan oleh"),
    )
    accepted_at = models.DateTimeField(_("diterima pada"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat diterima oleh"),
    )
    listed_at = models.DateTimeField(_("tayang pada"), null=True, blank=True)
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat tayang oleh"),
    )
    rejected_at = models.DateTimeField(_("ditolak pada"), null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat ditolak oleh"),
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    class Meta:
        ordering = ["-proposed_at", "pk"]
        verbose_name = _("usulan katalog lokal")
        verbose_name_plural = pgettext_lazy("plural", "usulan katalog lokal")
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.product}: {self.get_status_display()}"

    def can_move_to(self, status):
        return status in self.NEXT.get(self.status, ())

    def answers(self):
        """The UKPBJ answers that may be recorded next (proposing again is its own button)."""
        return [status for status in self.NEXT.get(self.status, ()) if status != self.Status.PROPOSED]

    def steps(self):
        """(label, when, who) of every step reached, in order."""
        rows = [(self.Status.PROPOSED.label, self.proposed_at, self.proposed_by)]
        if self.accepted_at:
            rows.append((self.Status.ACCEPTED.label, self.accepted_at, self.accepted_by))
        if self.listed_at:
            rows.append((self.Status.LISTED.label, self.listed_at, self.listed_by))
        if self.rejected_at:
            rows.append((self.Status.REJECTED.label, self.rejected_at, self.rejected_by))
        return rows
