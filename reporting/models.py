"""The reporting cycle: Dinas opens a period (a semester or a year, like SIINas), every active
IKM is asked for its report, owners answer, Dinas verifies.

A period report keeps the figures of its period (workers, investment, raw materials), so
trends exist for every headline figure; production per product for the period is the
registry's own `ProductionReport` for the same year and semester, so the dashboard's
production figures and the reporting cycle never disagree.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from registry.models import MONEY, QUANTITY, Business, ProductionReport, Unit
from tuban_ikm.locking import VersionedModel
from tuban_ikm.models import TimeStampedModel

Semester = ProductionReport.Semester


class ReportingPeriodQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ReportingPeriod.Status.OPEN)


class ReportingPeriod(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "dibuka", _("Dibuka")
        CLOSED = "ditutup", _("Ditutup")

    year = models.PositiveSmallIntegerField(_("tahun"), validators=[MinValueValidator(2000)])
    semester = models.PositiveSmallIntegerField(_("periode"), choices=Semester.choices)
    opens_on = models.DateField(_("dibuka pada"), default=timezone.localdate)
    deadline = models.DateField(_("tenggat"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuka oleh"),
    )
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-semester"]
        verbose_name = _("periode pelaporan")
        verbose_name_plural = pgettext_lazy("plural", "periode pelaporan")
        constraints = [
            # The same half-year rule as production reports: no two periods overlap.
            models.UniqueConstraint(
                fields=["year"], condition=Q(semester__in=[0, 1]), name="reporting_period_first_half_once"
            ),
            models.UniqueConstraint(
                fields=["year"], condition=Q(semester__in=[0, 2]), name="reporting_period_second_half_once"
            ),
            # One request at a time: owners see one open period, not a queue of them.
            models.UniqueConstraint(fields=["status"], condition=Q(status="dibuka"), name="reporting_one_open_period"),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opens_on")), name="reporting_deadline_after_open"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return f"{self.get_semester_display()} {self.year}"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    def days_left(self, today=None):
        return (self.deadline - (today or timezone.localdate())).days

    def clean(self):
        super().clean()
        if self.year and self.year > timezone.localdate().year:
            raise ValidationError({"year": _("Periode pelaporan tidak boleh di masa depan.")})
        if self.deadline and self.opens_on and self.deadline < self.opens_on:
            raise ValidationError({"deadline": _("Tenggat harus sesudah tanggal dibuka.")})
        if self.year is not None and self.semester is not None:
            others = ReportingPeriod.objects.filter(year=self.year).exclude(pk=self.pk)
            for other in others:
                if ProductionReport.periods_overlap((self.year, self.semester), (other.year, other.semester)):
                    raise ValidationError(
                        {
                            "semester": _("Periode ini tumpang tindih dengan periode %(other)s yang sudah ada.")
                            % {"other": other.label}
                        }
                    )


class PeriodReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff who review businesses see every report; officers their members'; owners their own."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("reporting.view_periodreport"):
            return self
        from organizations.models import Membership
        from organizations.selectors import memberships_visible_to

        member_businesses = memberships_visible_to(user).filter(status=Membership.Status.ACTIVE).values("business")
        return self.filter(Q(business__owner=user) | Q(business__in=member_businesses))

    def answered(self):
        return self.filter(status__in=PeriodReport.ANSWERED)

    def missing(self):
        return self.exclude(status__in=PeriodReport.ANSWERED)


class PeriodReport(VersionedModel, TimeStampedModel):
    """One business's answer for one period: what a SIINas small-industry report asks."""

    class Status(models.TextChoices):
        REQUESTED = "diminta", _("Belum diisi")
        DRAFT = "konsep", pgettext_lazy("report status", "Konsep")
        SUBMITTED = "diajukan", _("Dikirim")
        RETURNED = "dikembalikan", _("Dikembalikan")
        VERIFIED = "terverifikasi", _("Terverifikasi")

    ANSWERED = (Status.SUBMITTED, Status.VERIFIED)

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="reports", verbose_name=_("periode")
    )
    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="period_reports", verbose_name=_("usaha")
    )
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.REQUESTED)
    workers_male = models.PositiveIntegerField(_("tenaga kerja laki-laki"), null=True, blank=True)
    workers_female = models.PositiveIntegerField(_("tenaga kerja perempuan"), null=True, blank=True)
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
    confirmed_unchanged = models.BooleanField(_("dikonfirmasi tanpa perubahan"), default=False)
    submitted_at = models.DateTimeField(_("dikirim pada"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dikirim oleh"),
    )
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diverifikasi oleh"),
    )
    return_reason = models.TextField(_("alasan pengembalian"), blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = PeriodReportQuerySet.as_manager()

    class Meta:
        ordering = ["period", "business"]
        verbose_name = _("laporan periode")
        verbose_name_plural = pgettext_lazy("plural", "laporan periode")
        constraints = [
            models.UniqueConstraint(fields=["period", "business"], name="period_report_one_per_business"),
            models.CheckConstraint(
                condition=Q(investment__isnull=True) | Q(investment__gte=0), name="period_report_investment_gte_0"
            ),
            models.CheckConstraint(
                condition=~Q(status="dikembalikan") | ~Q(return_reason=""), name="period_report_returned_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["period", "status"], name="period_report_status")]

    def __str__(self):
        return f"{self.business} · {self.period}"

    @property
    def is_answered(self):
        return self.status in self.ANSWERED

    @property
    def is_editable(self):
        return self.status in (self.Status.REQUESTED, self.Status.DRAFT, self.Status.RETURNED) and self.period.is_open

    @property
    def workers_total(self):
        if self.workers_male is None and self.workers_female is None:
            return None
        return (self.workers_male or 0) + (self.workers_female or 0)


class PeriodRawMaterial(models.Model):
    """Raw material used in the period: how much, what it cost, and where it came from."""

    class Origin(models.TextChoices):
        SAME_DESA = "desa", _("Dari desa yang sama")
        SAME_KECAMATAN = "kecamatan", _("Dari kecamatan yang sama")
        KABUPATEN = "kabupaten", _("Dari dalam Kabupaten Tuban")
        OTHER_REGION = "daerah_lain", _("Dari kabupaten/kota lain di Indonesia")
        IMPORT = "impor", _("Impor dari luar negeri")

    LOCAL = (Origin.SAME_DESA, Origin.SAME_KECAMATAN, Origin.KABUPATEN)

    report = models.ForeignKey(
        PeriodReport, on_delete=models.CASCADE, related_name="raw_materials", verbose_name=_("laporan")
    )
    name = models.CharField(_("bahan baku"), max_length=200)
    quantity = models.DecimalField(_("jumlah"), **QUANTITY, validators=[MinValueValidator(0)])
    unit = models.CharField(_("satuan"), max_length=10, choices=Unit.choices)
    value = models.DecimalField(_("nilai (Rp)"), **MONEY, validators=[MinValueValidator(0)])
    origin = models.CharField(_("asal"), max_length=12, choices=Origin.choices)
    # Kemendagri code of the kabupaten/kota (origin "daerah_lain"), ISO 3166 code (origin "impor").
    region_code = models.CharField(_("kabupaten/kota asal"), max_length=5, blank=True)
    country = models.CharField(_("negara asal"), max_length=2, blank=True)

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = _("bahan baku periode")
        verbose_name_plural = pgettext_lazy("plural", "bahan baku periode")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0) & Q(value__gte=0), name="period_raw_material_gte_0"),
            models.CheckConstraint(
                condition=~Q(origin="impor") | ~Q(country=""), name="period_raw_material_import_has_country"
            ),
            models.CheckConstraint(
                condition=~Q(origin="daerah_lain") | ~Q(region_code=""), name="period_raw_material_region_has_code"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_local(self):
        return self.origin in self.LOCAL

    def clean(self):
        from registry import places

        super().clean()
        if self.origin == self.Origin.IMPORT:
            if not self.country:
                raise ValidationError({"country": _("Pilih negara asal bahan impor.")})
            if not places.country_name(self.country):
                raise ValidationError({"country": _("Kode negara tidak dikenal.")})
        else:
            self.country = ""
        if self.origin == self.Origin.OTHER_REGION:
            if self.region_code not in places.kabupaten_kota():
                raise ValidationError({"region_code": _("Pilih kabupaten/kota asal bahan.")})
            if self.region_code == places.TUBAN:
                raise ValidationError(
                    {"region_code": _("Bahan dari Tuban sendiri: pilih asal “Dari dalam Kabupaten Tuban”.")}
                )
        else:
            self.region_code = ""


class ReportReminder(models.Model):
    """One reminder for one report on one day; the database refuses a second one that day."""

    report = models.ForeignKey(PeriodReport, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField(_("tanggal kirim"))
    email = models.EmailField(_("email"), blank=True)
    # Rows inserted by one run share a batch, so the run reads back exactly what it claimed.
    batch = models.CharField(max_length=12, blank=True, editable=False)

    class Meta:
        verbose_name = _("pengingat laporan")
        verbose_name_plural = pgettext_lazy("plural", "pengingat laporan")
        constraints = [models.UniqueConstraint(fields=["report", "sent_on"], name="report_reminder_once_a_day")]

    def __str__(self):
        return f"{self.report} {self.sent_on}"
