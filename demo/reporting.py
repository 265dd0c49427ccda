"""Demo data for the reporting cycle: a running period after the demo's last reported
semester, with some businesses already answered (through the services, as owners would)."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from registry.models import ProductionReport
from reporting import services
from reporting.models import PeriodReport, ReportingPeriod
from tuban_ikm import roles

SEED = 2022
ANSWERED_SHARE = 0.45
VERIFIED_SHARE = 0.5  # of the answered ones


def next_period(year, semester):
    if semester == ProductionReport.Semester.FIRST:
        return year, ProductionReport.Semester.SECOND
    return year + 1, ProductionReport.Semester.FIRST


@transaction.atomic
def seed_reporting(*, today=None):
    """Open the period after the last reported semester (unless one is open) and answer part
    of it. Safe to run twice: an existing open period is left as it is. Returns the period."""
    today = today or timezone.localdate()
    period = ReportingPeriod.objects.open().first()
    if period is not None:
        return period
    latest = ProductionReport.objects.aggregate(year=Max("year"))["year"]
    if latest is None:
        return None
    last_semester = ProductionReport.objects.filter(year=latest).aggregate(s=Max("semester"))["s"]
    year, semester = next_period(latest, last_semester)
    if year > today.year:
        return None
    staff = get_user_model().objects.filter(groups__name=roles.STAF_DINAS, is_active=True).order_by("pk").first()
    period = services.period_open(year=year, semester=semester, deadline=today + timedelta(days=21), opened_by=staff)
    rng = random.Random(SEED)
    reports = list(
        PeriodReport.objects.filter(period=period).select_related("business__owner", "period").order_by("pk")
    )
    for report in reports:
        if rng.random() > ANSWERED_SHARE:
            continue
        # Owners with an account answer themselves; the others handed in a paper form.
        sender = report.business.owner or staff
        if sender is None:
            continue
        report = services.report_confirm_unchanged(report=report, user=sender)
        if staff is not None and rng.random() < VERIFIED_SHARE:
            services.report_verify(report=report, user=staff)
    return period
