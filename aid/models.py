"""Aid programmes of the Pemkab and the cycle each application goes through:
applied -> selected (or rejected) -> handed over -> monitored.

Every step is mirrored on the business's `registry.Assistance` record (the row the
dashboard counts); see services.py. Announcements to segments of the registry are queued
in `Delivery` rows and sent by the `send_announcements` command.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from registry.models import MONEY, AidKind, Business, CommodityGroup, Kecamatan
from tuban_ikm.files import (
    PrivateFileField,
    PrivateImageField,
    StoredFilesMixin,
    private_storage,
    random_name,
    track_stored_files,
    validate_document_content,
    validate_photo_content,
)
from tuban_ikm.locking import VersionedModel
from tuban_ikm.models import TimeStampedModel

DOCUMENT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]


def _labels(choices, values):
    names = dict(choices)
    return ", ".join(str(names.get(v, v)) for v in values)


class BusinessFacts:
    """What eligibility reads about one business, gathered once (two queries at most)."""

    def __init__(self, business, *, is_member=None, product_groups=None):
        from organizations.models import Membership

        self.business = business
        self.industry_class = business.industry_class
        self.kecamatan_code = business.desa.kecamatan_id
        self.kbli_code = business.kbli.code if business.kbli_id else ""
        groups = set(product_groups) if product_groups is not None else None
        if groups is None:
            groups = set(business.products.values_list("category", flat=True))
        if business.kbli_id and business.kbli.group:
            groups.add(business.kbli.group)
        self.commodity_groups = groups
        if is_member is None:
            is_member = Membership.objects.filter(business=business, status=Membership.Status.ACTIVE).exists()
        self.is_member = is_member
        self.is_verified = business.verification_status == Business.Verification.VERIFIED


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Programmes are public information for every signed-in user."""
        return self if user.is_authenticated else self.none()

    def open_or_upcoming(self, today=None):
        return self.filter(closes_on__gte=today or timezone.localdate())


class Programme(VersionedModel, TimeStampedModel):
    Kind = AidKind

    name = models.CharField(_("nama program"), max_length=200)
    kind = models.CharField(_("jenis bantuan"), max_length=12, choices=AidKind.choices)
    agency = models.CharField(
        _("instansi pemberi"), max_length=200, help_text=_("Misalnya Disnakerin, Dinkop UKM dan Perdagangan, bank.")
    )
    year = models.PositiveSmallIntegerField(_("tahun anggaran"), validators=[MinValueValidator(2000)])
    quota = models.PositiveIntegerField(_("kuota penerima"), validators=[MinValueValidator(1)])
    item = models.CharField(_("yang diberikan"), max_length=200, help_text=_("Misalnya: mesin jahit, gerobak."))
    unit_value = models.DecimalField(
        _("nilai per penerima (Rp)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    description = models.TextField(_("keterangan"), blank=True)
    # Eligibility. An empty list means "no restriction".
    size_classes = models.JSONField(_("kelas industri"), default=list, blank=True)
    commodity_groups = models.JSONField(_("kelompok komoditas"), default=list, blank=True)
    kbli_codes = models.JSONField(
        _("kode KBLI"), default=list, blank=True, help_text=_("Awalan kode, misalnya 1313 untuk semua batik.")
    )
    kecamatan = models.ManyToManyField(Kecamatan, blank=True, related_name="+", verbose_name=_("kecamatan"))
    must_be_verified = models.BooleanField(_("harus terverifikasi"), default=True)
    must_be_member = models.BooleanField(_("harus anggota asosiasi"), default=False)
    opens_on = models.DateField(_("pendaftaran dibuka"))
    closes_on = models.DateField(_("pendaftaran ditutup"))
    documents = models.JSONField(_("dokumen yang diminta"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-opens_on", "name"]
        verbose_name = _("program bantuan")
        verbose_name_plural = pgettext_lazy("plural", "program bantuan")
        constraints = [
            models.CheckConstraint(condition=Q(quota__gte=1), name="programme_quota_gte_1"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="programme_window_order"),
            models.CheckConstraint(
                condition=Q(unit_value__isnull=True) | Q(unit_value__gte=0), name="programme_unit_value_gte_0"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"

    def clean(self):
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("Tanggal tutup harus sama atau setelah tanggal buka.")})

    def is_open(self, today=None):
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    def window_state(self, today=None):
        today = today or timezone.localdate()
        if today < self.opens_on:
            return "upcoming"
        return "open" if today <= self.closes_on else "closed"

    def _kecamatan_codes(self):
        # Uses the prefetch cache when the caller prefetched "kecamatan".
        return {k.code: k.name for k in self.kecamatan.all()}

    def eligibility(self, business, facts=None):
        """(eligible, reasons): the reasons, in Indonesian, say why a business may not apply."""
        facts = facts or BusinessFacts(business)
        reasons = []
        if business.status != Business.Status.ACTIVE:
            reasons.append(_g("Usaha tidak berstatus aktif."))
        if self.size_classes:
            if not facts.industry_class:
                reasons.append(_g("Kelas industri usaha belum diketahui: isi jumlah tenaga kerja dan nilai investasi."))
            elif facts.industry_class not in self.size_classes:
                reasons.append(
                    _g("Hanya untuk %(classes)s; usaha Anda %(mine)s.")
                    % {
                        "classes": _labels(Business.IndustryClass.choices, self.size_classes),
                        "mine": Business.IndustryClass(facts.industry_class).label,
                    }
                )
        if self.commodity_groups or self.kbli_codes:
            by_group = bool(facts.commodity_groups & set(self.commodity_groups))
            by_kbli = bool(facts.kbli_code) and any(facts.kbli_code.startswith(c) for c in self.kbli_codes)
            if not (by_group or by_kbli):
                wanted = [_labels(CommodityGroup.choices, self.commodity_groups)] if self.commodity_groups else []
                if self.kbli_codes:
                    wanted.append(_g("KBLI %(codes)s") % {"codes": ", ".join(self.kbli_codes)})
                reasons.append(_g("Hanya untuk komoditas/bidang usaha: %(what)s.") % {"what": "; ".join(wanted)})
        kecamatan = self._kecamatan_codes()
        if kecamatan and facts.kecamatan_code not in kecamatan:
            reasons.append(
                _g("Hanya untuk usaha di Kecamatan %(names)s.") % {"names": ", ".join(sorted(kecamatan.values()))}
            )
        if self.must_be_verified and not facts.is_verified:
            reasons.append(_g("Profil usaha harus sudah terverifikasi Dinas."))
        if self.must_be_member and not facts.is_member:
            reasons.append(_g("Hanya untuk anggota aktif asosiasi IKM."))
        return (not reasons, reasons)

    def window_text(self):
        return f"{date_format(self.opens_on, 'j M Y')} – {date_format(self.closes_on, 'j M Y')}"


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("aid.view_application") or user.has_perm("registry.change_business"):
            return self
        return self.filter(business__owner=user)

    def owned_by(self, user):
        """The applications of the user's own businesses (the owner's aid pages)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(business__owner=user)

    def selected(self):
        return self.filter(status__in=Application.SELECTED_STATES)


class Application(TimeStampedModel):
    class Status(models.TextChoices):
        SUBMITTED = "diajukan", _("Diajukan")
        SELECTED = "terpilih", _("Terpilih")
        REJECTED = "ditolak", _("Ditolak")
        HANDED_OVER = "diserahkan", _("Diserahkan")
        MONITORED = "dimonitor", _("Dimonitor")

    # States that take a place in the quota.
    SELECTED_STATES = (Status.SELECTED, Status.HANDED_OVER, Status.MONITORED)

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="applications", verbose_name=_("program")
    )
    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="aid_applications", verbose_name=_("usaha")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("pendaftar")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    snapshot = models.JSONField(_("data usaha saat mendaftar"), default=dict)
    rejection_reason = models.TextField(_("alasan penolakan"), blank=True)
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    # The business's assistance history row this application keeps up to date.
    assistance = models.OneToOneField(
        "registry.Assistance",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="aid_application",
        verbose_name=_("catatan bantuan"),
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "created_at", "pk"]
        verbose_name = _("pengajuan bantuan")
        verbose_name_plural = pgettext_lazy("plural", "pengajuan bantuan")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "business"],
                name="application_one_per_business",
                violation_error_message=_("Usaha ini sudah mendaftar program ini."),
            ),
            models.CheckConstraint(
                condition=~Q(status="ditolak") | ~Q(rejection_reason=""), name="application_rejected_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.business} – {self.programme}"

    @property
    def is_selected(self):
        return self.status in self.SELECTED_STATES


def application_file_path(instance, filename):
    """Kept for the migrations that name it; new files go to private_file_path."""
    return f"bantuan/pengajuan/{instance.application_id}/{filename}"


def private_file_path(instance, filename):
    # A random name in the private storage: the old bantuan/pengajuan/<id>/<name> paths
    # were guessable and carried people's names.
    return random_name("bantuan", filename)


class AidFilesMixin(StoredFilesMixin):
    """Aid uploads live in the private storage and are reached through aid:file only."""

    file_kind = ""

    class Meta:
        abstract = True

    def private_file_url(self, field_name):
        return reverse("aid:file", args=[self.file_kind, self.pk])


class ApplicationDocument(AidFilesMixin, TimeStampedModel):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="documents", verbose_name=_("pengajuan")
    )
    name = models.CharField(_("nama dokumen"), max_length=200)
    file = PrivateFileField(
        _("berkas"),
        storage=private_storage,
        upload_to=private_file_path,
        max_length=200,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS), validate_document_content],
    )
    original_name = models.CharField(_("nama berkas asli"), max_length=255, blank=True, editable=False)

    file_kind = "dokumen"
    stored_files = ("file",)
    original_names = {"file": "original_name"}

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("dokumen pengajuan")
        verbose_name_plural = pgettext_lazy("plural", "dokumen pengajuan")

    def __str__(self):
        return self.name


class Handover(AidFilesMixin, VersionedModel, TimeStampedModel):
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="handover", verbose_name=_("pengajuan")
    )
    date = models.DateField(_("tanggal serah terima"))
    item = models.CharField(_("barang/bantuan"), max_length=200)
    serial_number = models.CharField(_("nomor seri"), max_length=100, blank=True)
    amount = models.DecimalField(_("jumlah (Rp)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)])
    receipt = PrivateFileField(
        _("tanda terima bertanda tangan"),
        storage=private_storage,
        upload_to=private_file_path,
        max_length=200,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS), validate_document_content],
    )
    receipt_name = models.CharField(_("nama berkas asli"), max_length=255, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("dicatat oleh")
    )

    file_kind = "tanda-terima"
    stored_files = ("receipt",)
    original_names = {"receipt": "receipt_name"}

    class Meta:
        ordering = ["-date"]
        verbose_name = _("serah terima")
        verbose_name_plural = pgettext_lazy("plural", "serah terima")
        constraints = [
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gte=0), name="handover_amount_gte_0"),
        ]

    def __str__(self):
        return f"{self.item} – {self.application.business}"

    def clean(self):
        super().clean()
        if not self.serial_number and self.amount is None:
            raise ValidationError(_("Isi nomor seri barang atau jumlah uang yang diserahkan."))


class MonitoringVisit(AidFilesMixin, TimeStampedModel):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="visits", verbose_name=_("pengajuan")
    )
    date = models.DateField(_("tanggal kunjungan"))
    note = models.TextField(_("catatan"))
    in_use = models.BooleanField(_("bantuan dipakai"))
    photo = PrivateImageField(
        _("foto"),
        storage=private_storage,
        upload_to=private_file_path,
        max_length=200,
        blank=True,
        validators=[validate_photo_content],
    )
    photo_name = models.CharField(_("nama berkas asli"), max_length=255, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("dicatat oleh")
    )

    file_kind = "foto"
    stored_files = ("photo",)
    original_names = {"photo": "photo_name"}

    class Meta:
        ordering = ["application", "-date"]
        verbose_name = _("kunjungan monitoring")
        verbose_name_plural = pgettext_lazy("plural", "kunjungan monitoring")

    def __str__(self):
        return f"{self.application.business} {self.date}"


class TrainingEvent(VersionedModel, TimeStampedModel):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="events", verbose_name=_("program"))
    title = models.CharField(_("judul"), max_length=200)
    date = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=200)
    capacity = models.PositiveIntegerField(_("kapasitas"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("kegiatan pelatihan")
        verbose_name_plural = pgettext_lazy("plural", "kegiatan pelatihan")
        constraints = [models.CheckConstraint(condition=Q(capacity__gte=1), name="training_capacity_gte_1")]

    def __str__(self):
        return f"{self.title} ({self.date})"


class Attendance(models.Model):
    event = models.ForeignKey(
        TrainingEvent, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("kegiatan")
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("peserta")
    )
    present = models.BooleanField(_("hadir"), default=False)

    class Meta:
        ordering = ["event", "application__business__name"]
        verbose_name = _("kehadiran")
        verbose_name_plural = pgettext_lazy("plural", "kehadiran")
        constraints = [models.UniqueConstraint(fields=["event", "application"], name="attendance_once_per_event")]

    def __str__(self):
        return f"{self.application.business}: {self.event}"


# --- Announcements -----------------------------------------------------------------------


class AnnouncementKind(models.TextChoices):
    GENERAL = "umum", _("Informasi umum")
    TRAINING = AidKind.TRAINING.value, AidKind.TRAINING.label
    CAPITAL = AidKind.CAPITAL.value, AidKind.CAPITAL.label
    EQUIPMENT = AidKind.EQUIPMENT.value, AidKind.EQUIPMENT.label
    MARKETING = AidKind.MARKETING.value, AidKind.MARKETING.label
    CERTIFICATION = AidKind.CERTIFICATION.value, AidKind.CERTIFICATION.label
    PACKAGING = AidKind.PACKAGING.value, AidKind.PACKAGING.label


class Announcement(TimeStampedModel):
    class Segment(models.TextChoices):
        ALL = "semua", _("Semua IKM")
        KECAMATAN = "kecamatan", _("Satu kecamatan")
        COMMODITY = "komoditas", _("Satu komoditas")
        SIZE = "kelas", _("Satu kelas industri")
        MEMBERS = "anggota", _("Anggota asosiasi saja")
        APPLICANTS = "pendaftar", _("Pendaftar satu program")

    Kind = AnnouncementKind

    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"))
    kind = models.CharField(_("jenis"), max_length=12, choices=AnnouncementKind.choices, default="umum")
    segment = models.CharField(_("sasaran"), max_length=12, choices=Segment.choices, default=Segment.ALL)
    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("kecamatan")
    )
    commodity = models.CharField(_("komoditas"), max_length=30, choices=CommodityGroup.choices, blank=True)
    size_class = models.CharField(
        _("kelas industri"), max_length=10, choices=Business.IndustryClass.choices, blank=True
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("program")
    )
    # Set when an association officer sends: recipients are limited to its members.
    association = models.ForeignKey(
        "organizations.Association",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asosiasi pengirim"),
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("pengirim")
    )
    recipient_count = models.PositiveIntegerField(_("jumlah penerima"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pengumuman")
        verbose_name_plural = pgettext_lazy("plural", "pengumuman")

    def __str__(self):
        return self.title


class AnnouncementPreference(TimeStampedModel):
    """Which kinds of announcement an owner receives; no row means all kinds, by email too."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="announcement_preference",
        verbose_name=_("pengguna"),
    )
    kinds = models.JSONField(_("jenis yang diterima"), default=list, blank=True)
    by_email = models.BooleanField(_("kirim juga lewat email"), default=True)

    class Meta:
        verbose_name = _("preferensi pengumuman")
        verbose_name_plural = pgettext_lazy("plural", "preferensi pengumuman")

    def __str__(self):
        return _("Preferensi pengumuman #%(id)s") % {"id": self.pk}


class DeliveryQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now or timezone.now())


class Delivery(models.Model):
    """One announcement for one owner: shown on their page, and an email in the outbox."""

    class Status(models.TextChoices):
        PENDING = "menunggu", _("Menunggu dikirim")
        SENT = "terkirim", _("Terkirim")
        FAILED = "gagal", _("Gagal")
        NO_EMAIL = "tanpa_email", _("Hanya di halaman (tanpa email)")

    MAX_ATTEMPTS = 5
    BACKOFF = timedelta(minutes=5)  # doubled after each failed attempt

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("pengumuman")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("penerima")
    )
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), default=timezone.now)
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)
    read_at = models.DateTimeField(_("dibaca pada"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-announcement__created_at", "pk"]
        verbose_name = _("pengiriman pengumuman")
        verbose_name_plural = pgettext_lazy("plural", "pengiriman pengumuman")
        constraints = [
            models.UniqueConstraint(fields=["announcement", "user"], name="delivery_once_per_user"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        # No recipient's name: the title of admin pages that Pimpinan reads too.
        return f"{self.announcement} → #{self.user_id}"


track_stored_files(ApplicationDocument, Handover, MonitoringVisit)
