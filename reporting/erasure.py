"""The reporting cycle's part of erasing a person (accounts.anonymisation.erasing, connected in
ReportingConfig.ready()): their period reports and the reminders sent about them."""

from accounts.anonymisation import scrub

from .models import PeriodReport, ReportReminder


def erase_reports(sender, *, business_ids, **kwargs):
    scrub(PeriodReport.objects.filter(business__in=business_ids))
    scrub(ReportReminder.objects.filter(report__business__in=business_ids))
