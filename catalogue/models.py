"""The public face of the registry and the demand board.

`PublishedBusiness` and `PublishedProduct` are written only by `services.publish_business`,
from the snapshot Dinas froze at verification: the public never sees an owner's unverified
edits, nor contact details the owner did not agree to publish.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
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

    def for_listing(self):
        return self.select_related("business", "desa", "kecamatan").prefetch_related("certifications").with_ovop()


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
        ]

    def __str__(self):
        return f"{self.business} → {self.demand}"

    @property
    def total(self):
        return self.quantity * self.price
