"""The open reporting request shown first on an owner's pages (one query for all their businesses)."""

from django import template

from ..models import PeriodReport, ReportingPeriod

register = template.Library()


@register.inclusion_tag("reporting/_open_requests.html")
def open_report_requests(user, business=None):
    return open_requests_context(user, business)


def open_requests_context(user, business=None):
    """Also shown on the registry's owner pages (registry.hooks, ReportingConfig.ready())."""
    if not user.is_authenticated:
        return {"requests": []}
    reports = PeriodReport.objects.filter(
        business__owner=user, period__status=ReportingPeriod.Status.OPEN
    ).select_related("period", "business")
    if business is not None:
        reports = reports.filter(business=business)
    return {"requests": list(reports.order_by("period__deadline", "business__name"))}
