"""Writes of the reporting cycle: open and close a period, save, confirm, verify, return, remind.

Every write runs in one transaction. Production for the period is kept in the registry's
`ProductionReport` (same product, year and semester), whose status follows the period
report's: draft while the owner fills in, submitted when sent, verified or returned by Dinas.
"""

import logging
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Notification
from registry.models import Business, ProductionReport
from registry.services import business_record_owner_edit
from registry.signals import send_businesses_changed
from registry.thresholds import REPORT_REMINDER_DAYS_BEFORE_DEADLINE
from tuban_ikm.locking import ConcurrentEditError
from tuban_ikm.outbox import email_queue_many

from .models import PeriodRawMaterial, PeriodReport, ReportingPeriod, ReportReminder

logger = logging.getLogger(__name__)

FIGURES = ("workers_male", "workers_female", "investment", "land_building_value")
LINE_FIELDS = ("installed_capacity", "production_capacity", "quantity", "production_value", "raw_material_value")
MATERIAL_FIELDS = ("name", "quantity", "unit", "value", "origin", "region_code", "country")
REPORT_STATUS_FOR = {
    PeriodReport.Status.DRAFT: ProductionReport.Status.DRAFT,
    PeriodReport.Status.SUBMITTED: ProductionReport.Status.SUBMITTED,
    PeriodReport.Status.VERIFIED: ProductionReport.Status.VERIFIED,
    PeriodReport.Status.RETURNED: ProductionReport.Status.RETURNED,
}


# --- Periods -------------------------------------------------------------------------------


@transaction.atomic
def period_open(*, year, semester, deadline, opened_by, today=None):
    """Open a period and ask every active IKM for its report (one row each, in bulk), with an
    on-site notice to every owner who has an account."""
    period = ReportingPeriod(
        year=year, semester=semester, deadline=deadline, opens_on=today or timezone.localdate(), opened_by=opened_by
    )
    period.full_clean()
    if ReportingPeriod.objects.open().exists():
        raise ValidationError(_("Masih ada periode pelaporan yang dibuka. Tutup dulu periode itu."))
    period.save()
    businesses = Business.objects.active().values_list("pk", "owner_id").order_by("pk")
    reports, notices = [], []
    with translation.override(settings.LANGUAGE_CODE):
        for business_id, owner_id in businesses.iterator(chunk_size=5000):
            reports.append(PeriodReport(period=period, business_id=business_id))
            if owner_id:
                notices.append(
                    Notification(
                        recipient_id=owner_id,
                        message=_("Dinas meminta laporan %(period)s usaha Anda, paling lambat %(deadline)s.")
                        % {"period": period.label, "deadline": formats.date_format(deadline, "j F Y")},
                        url=reverse("reporting:report_edit", args=[business_id]),
                    )
                )
    # No businesses_changed: the dashboard's summary keeps answered reports only and counts
    # the asked ones live, so a new period's empty rows change none of its cells.
    PeriodReport.objects.bulk_create(reports, batch_size=2000)
    Notification.objects.bulk_create(notices, batch_size=2000)
    return period


@transaction.atomic
def period_close(*, period):
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.is_open:
        period.status = ReportingPeriod.Status.CLOSED
        period.closed_at = timezone.now()
        period.save(update_fields=["status", "closed_at", "updated_at"])
    return period


def request_for(business):
    """The open period's report of a business, or None."""
    return (
        PeriodReport.objects.filter(business=business, period__status=ReportingPeriod.Status.OPEN)
        .select_related("period")
        .first()
    )


# --- Starting values: the last report, so an unchanged business confirms in one step ---------


@dataclass
class StartingValues:
    figures: dict
    lines: dict  # product id -> {field: value}
    materials: list = field(default_factory=list)
    source: str = ""  # label of the period they come from, "" for the current profile


def starting_values(report):
    """Figures of the business's last answered report before this period, else its profile;
    per product the last production report before this period."""
    business = report.business
    previous = (
        PeriodReport.objects.filter(business=business, status__in=PeriodReport.ANSWERED)
        .exclude(period=report.period)
        .select_related("period")
        .prefetch_related("raw_materials")
        .order_by("-period__year", "-period__semester")
        .first()
    )
    if previous is not None:
        figures = {name: getattr(previous, name) for name in FIGURES}
        materials = [{name: getattr(m, name) for name in MATERIAL_FIELDS} for m in previous.raw_materials.all()]
        source = previous.period.label
    else:
        figures = {name: getattr(business, name) for name in FIGURES}
        materials, source = [], ""
    lines = {}
    year, semester = report.period.year, report.period.semester
    earlier = (
        ProductionReport.objects.filter(product__business=business)
        .filter(Q(year__lt=year) | Q(year=year, semester__lt=semester) if semester else Q(year__lt=year))
        .order_by("product_id", "-year", "-semester")
    )
    for production in earlier:
        lines.setdefault(production.product_id, {name: getattr(production, name) for name in LINE_FIELDS})
    for product in business.products.all():
        line = lines.setdefault(product.pk, {})
        # No earlier report: start from the product's monthly capacities, for the period's months.
        months = 12 if semester == ProductionReport.Semester.YEAR else 6
        if line.get("installed_capacity") is None and product.installed_capacity_per_month is not None:
            line["installed_capacity"] = product.installed_capacity_per_month * months
        if line.get("production_capacity") is None and product.production_capacity_per_month is not None:
            line["production_capacity"] = product.production_capacity_per_month * months
    return StartingValues(figures=figures, lines=lines, materials=materials, source=source)


def saved_lines(report):
    """{product id: values} of the production already saved for this report's period."""
    rows = ProductionReport.objects.filter(
        product__business_id=report.business_id, year=report.period.year, semester=report.period.semester
    )
    return {row.product_id: {name: getattr(row, name) for name in LINE_FIELDS} for row in rows}


def initial_figures(report, start):
    if report.status == PeriodReport.Status.REQUESTED:
        return start.figures
    return {name: getattr(report, name) for name in FIGURES}


def initial_materials(report, start):
    if report.status == PeriodReport.Status.REQUESTED:
        return start.materials
    return [{name: getattr(m, name) for name in MATERIAL_FIELDS} for m in report.raw_materials.all()]


# --- Owner writes ----------------------------------------------------------------------------


def _check_editable(report, user):
    # The owner, or Dinas staff typing in a report handed in on paper (many micro IKM have no
    # smartphone; online-only collection is a failure DOMAIN.md warns about).
    if report.business.owner_id != user.pk and not user.has_perm("reporting.change_periodreport"):
        raise PermissionDenied
    if not report.period.is_open:
        raise ValidationError(_("Periode pelaporan ini sudah ditutup."))
    if report.status in PeriodReport.ANSWERED:
        raise ValidationError(_("Laporan ini sudah dikirim ke Dinas."))


def _production_for(report, product_id):
    return ProductionReport.objects.filter(
        product_id=product_id, year=report.period.year, semester=report.period.semester
    ).first()


@transaction.atomic
def report_save(
    *, report, user, figures, lines, materials, submit=False, confirmed_unchanged=False, loaded_version=None
):
    """Save an owner's report: its figures, one production line per product, raw materials.

    `lines`: {product id: {field: value}}, only the business's own products; a line without
    a quantity is left out. With `submit`, the report goes to Dinas and the profile's current
    workers and investment become the report's (an owner edit, so a verified profile returns
    to Dinas's queue)."""
    report = PeriodReport.objects.select_for_update().select_related("period", "business").get(pk=report.pk)
    _check_editable(report, user)
    if loaded_version is not None and loaded_version != report.version:
        # Saved in another tab (or by Dinas typing in the paper form) since this page loaded.
        raise ConcurrentEditError(report)
    business = report.business
    status = PeriodReport.Status.SUBMITTED if submit else PeriodReport.Status.DRAFT
    products = set(business.products.values_list("pk", flat=True))
    for product_id, values in lines.items():
        if product_id not in products:
            raise PermissionDenied
        if values.get("quantity") is None or values.get("production_value") is None:
            continue
        production = _production_for(report, product_id) or ProductionReport(
            product_id=product_id, year=report.period.year, semester=report.period.semester
        )
        if production.pk and production.status == ProductionReport.Status.VERIFIED:
            continue  # Dinas already verified this product's figures for the period
        for name in LINE_FIELDS:
            setattr(production, name, values.get(name))
        production.status = REPORT_STATUS_FOR[status]
        production.return_reason = ""
        production.full_clean()
        production.save()
    report.raw_materials.all().delete()
    rows = [
        PeriodRawMaterial(
            report=report,
            **{k: m.get(k) or "" for k in ("region_code", "country")},
            **{k: m[k] for k in ("name", "quantity", "unit", "value", "origin")},
        )
        for m in materials
    ]
    for row in rows:
        row.full_clean(exclude=["report"])
    PeriodRawMaterial.objects.bulk_create(rows)
    for name in FIGURES:
        setattr(report, name, figures.get(name))
    report.status = status
    report.confirmed_unchanged = confirmed_unchanged
    report.return_reason = ""
    if submit:
        report.submitted_at = timezone.now()
        report.submitted_by = user
        _update_profile(business, figures)
    report.save()
    return report


def _update_profile(business, figures):
    changed = [name for name in FIGURES if figures.get(name) is not None and getattr(business, name) != figures[name]]
    if not changed:
        return
    for name in changed:
        setattr(business, name, figures[name])
    business.save(update_fields=[*changed, "updated_at"])
    business_record_owner_edit(business=business)


def report_confirm_unchanged(*, report, user, loaded_version=None):
    """ "Tidak ada perubahan": the last report's figures, production and raw materials, sent in
    one step."""
    start = starting_values(report)
    return report_save(
        report=report,
        user=user,
        figures=start.figures,
        lines=start.lines,
        materials=start.materials,
        submit=True,
        confirmed_unchanged=True,
        loaded_version=loaded_version,
    )


# --- Dinas ---------------------------------------------------------------------------------


def _set_production_status(report, status, reason=""):
    ProductionReport.objects.filter(
        product__business=report.business, year=report.period.year, semester=report.period.semester
    ).update(status=status, return_reason=reason, updated_at=timezone.now())
    send_businesses_changed([report.business_id])


@transaction.atomic
def report_verify(*, report, user):
    report = PeriodReport.objects.select_for_update().select_related("period", "business").get(pk=report.pk)
    if report.status != PeriodReport.Status.SUBMITTED:
        raise ValidationError(_("Hanya laporan yang sudah dikirim yang dapat diverifikasi."))
    report.status = PeriodReport.Status.VERIFIED
    report.verified_at, report.verified_by = timezone.now(), user
    report.save()
    _set_production_status(report, ProductionReport.Status.VERIFIED)
    _notify_owner(report, _("Laporan %(period)s usaha %(business)s sudah diverifikasi Dinas."))
    return report


@transaction.atomic
def report_return(*, report, user, reason):
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Tuliskan alasan pengembalian untuk pemilik usaha.")})
    report = PeriodReport.objects.select_for_update().select_related("period", "business").get(pk=report.pk)
    if report.status not in PeriodReport.ANSWERED:
        raise ValidationError(_("Hanya laporan yang sudah dikirim yang dapat dikembalikan."))
    report.status = PeriodReport.Status.RETURNED
    report.return_reason = reason.strip()
    report.verified_at, report.verified_by = None, None
    report.save()
    _set_production_status(report, ProductionReport.Status.RETURNED, report.return_reason)
    _notify_owner(report, _("Laporan %(period)s usaha %(business)s dikembalikan Dinas: %(reason)s"))
    return report


def _notify_owner(report, text):
    if not report.business.owner_id:
        return
    with translation.override(settings.LANGUAGE_CODE):
        message = text % {
            "period": report.period.label,
            "business": report.business.name,
            "reason": report.return_reason,
        }
    Notification.objects.create(
        recipient_id=report.business.owner_id,
        message=message,
        url=reverse("reporting:report_edit", args=[report.business_id]),
    )


def response_rates(period, *, by):
    """[{key, label, total, answered, percent}] per kecamatan or per commodity group, in one
    aggregate query."""
    from registry.models import CommodityGroup, Kecamatan

    column = {"kecamatan": "business__desa__kecamatan", "commodity": "business__kbli__group"}[by]
    rows = (
        PeriodReport.objects.filter(period=period)
        .values(column)
        .annotate(total=Count("pk"), answered=Count("pk", filter=Q(status__in=PeriodReport.ANSWERED)))
        .order_by(column)
    )
    if by == "kecamatan":
        labels = dict(Kecamatan.objects.values_list("code", "name"))
    else:
        labels = dict(CommodityGroup.choices)
    result = []
    for row in rows:
        key = row[column] or ""
        percent = Decimal(row["answered"] * 100) / row["total"] if row["total"] else Decimal(0)
        result.append(
            {
                "key": key,
                "label": labels.get(key, _("Belum diketahui")),
                "total": row["total"],
                "answered": row["answered"],
                "percent": percent.quantize(Decimal("0.1")),
            }
        )
    return sorted(result, key=lambda r: (r["percent"], str(r["label"])))


def period_summaries(periods):
    """{period id: summary} for several periods in one aggregate query."""
    counts = {}
    rows = PeriodReport.objects.filter(period__in=periods).values_list("period", "status").annotate(n=Count("pk"))
    for period_id, status, n in rows.order_by():
        counts.setdefault(period_id, {})[status] = n
    return {period.pk: _summary(counts.get(period.pk, {})) for period in periods}


def period_summary(period):
    return period_summaries([period])[period.pk]


def _summary(counts):
    total = sum(counts.values())
    answered = sum(counts.get(s, 0) for s in PeriodReport.ANSWERED)
    return {
        "total": total,
        "answered": answered,
        "verified": counts.get(PeriodReport.Status.VERIFIED, 0),
        "submitted": counts.get(PeriodReport.Status.SUBMITTED, 0),
        "returned": counts.get(PeriodReport.Status.RETURNED, 0),
        "percent": (Decimal(answered * 100) / total).quantize(Decimal("0.1")) if total else Decimal(0),
    }


# --- Reminders -------------------------------------------------------------------------------


@dataclass
class ReminderResult:
    notices: int = 0
    emails: int = 0  # queued in the outbox
    skipped_today: int = 0


def send_reminders(*, today=None, site_url=""):
    """Remind every business that has not answered an open period, from
    REPORT_REMINDER_DAYS_BEFORE_DEADLINE days before the deadline until the deadline, at
    most once a day per business: ReportReminder rows are claimed first and the database
    refuses a second one for the same day, so two runs at once never remind twice."""
    today = today or timezone.localdate()
    result = ReminderResult()
    for period in ReportingPeriod.objects.open():
        days_left = period.days_left(today)
        if days_left < 0 or days_left > REPORT_REMINDER_DAYS_BEFORE_DEADLINE:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            _remind(period, today=today, site_url=site_url, result=result)
    return result


@transaction.atomic
def _remind(period, *, today, site_url, result):
    missing = PeriodReport.objects.filter(period=period).missing().select_related("business__owner").order_by("pk")
    batch = uuid.uuid4().hex[:12]
    candidates = list(missing)
    ReportReminder.objects.bulk_create(
        [ReportReminder(report=r, sent_on=today, email=_contact(r.business), batch=batch) for r in candidates],
        ignore_conflicts=True,
        batch_size=1000,
    )
    claimed = set(ReportReminder.objects.filter(batch=batch).values_list("report_id", flat=True))
    result.skipped_today += len(candidates) - len(claimed)
    deadline = formats.date_format(period.deadline, "j F Y")
    notices, emails = [], []
    for report in candidates:
        if report.pk not in claimed:
            continue
        business = report.business
        url = reverse("reporting:report_edit", args=[business.pk])
        text = _("Pengingat: laporan %(period)s usaha %(business)s ditunggu Dinas paling lambat %(deadline)s.") % {
            "period": period.label,
            "business": business.name,
            "deadline": deadline,
        }
        email = _contact(business)
        if email:
            body = "\n\n".join(
                [
                    text,
                    _("Isi atau konfirmasi laporan di: %(url)s") % {"url": f"{site_url.rstrip('/')}{url}"},
                    _("Bila tidak ada perubahan sejak laporan terakhir, cukup tekan “Tidak ada perubahan, kirim”."),
                ]
            )
            emails.append({"subject": text, "body": body, "to": [email]})
        if business.owner_id:
            notices.append(Notification(recipient_id=business.owner_id, message=text, url=url))
            result.notices += 1
    # Through the outbox, in one insert: a mail server that is down delays the emails (they
    # are retried), it never undoes the reminders or sends them twice.
    result.emails += len(email_queue_many(emails=emails, kind="report_reminder"))
    Notification.objects.bulk_create(notices, batch_size=1000)


def _contact(business):
    return business.email or (business.owner.email if business.owner_id and business.owner else "")
