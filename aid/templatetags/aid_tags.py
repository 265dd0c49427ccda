"""The aid box on the owner's business overview (templates/aid/_owner_summary.html, fetched
by templates/aid/_owner_programmes.html so the overview itself stays within its query budget)."""

from django import template

from aid import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def owner_aid_summary(context, business):
    """Open programmes the business may apply for, its latest applications and the owner's
    latest announcements; a fixed number of queries whatever the number of programmes."""
    request = context.get("request")
    rows = selectors.owner_programmes(business)
    return {
        "eligible_open": [r for r in rows if r.eligible and r.state == "open" and r.application is None],
        "applications": list(business.aid_applications.select_related("programme").order_by("-created_at")[:3]),
        "announcements": list(selectors.owner_announcements(request.user, limit=3)) if request else [],
    }
