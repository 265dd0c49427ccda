"""Reads of the aid pages, each in a fixed number of queries whatever the number of rows."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from registry.models import Assistance, Business

from .models import Application, Delivery, Programme
from .services import business_facts_for


@dataclass
class ReviewRow:
    application: Application
    needs: list
    earlier_aid: list
    repeated_kind: list = field(default_factory=list)
    completeness: object = None

    @property
    def business(self):
        return self.application.business

    @property
    def size(self):
        # GeneratedField has no get_FOO_display(): the choices sit on its output field.
        value = self.business.industry_class
        return Business.IndustryClass(value).label if value else None


def programmes_with_counts():
    return Programme.objects.annotate(
        applied=Count("applications"),
        selected_count=Count("applications", filter=Q(applications__status__in=Application.SELECTED_STATES)),
    )


def review_rows(programme, status=""):
    """Applications of a programme with the applicant's needs, size, earlier aid (a warning
    when the same kind was received before) and profile completeness."""
    businesses = Business.objects.with_profile_relations().prefetch_related(
        "needs", Prefetch("assistance", queryset=Assistance.objects.order_by("-year", "pk"))
    )
    applications = (
        programme.applications.select_related("decided_by")
        .prefetch_related(Prefetch("business", queryset=businesses), "documents")
        .order_by("created_at", "pk")
    )
    if status:
        applications = applications.filter(status=status)
    rows = []
    for application in applications:
        business = application.business
        earlier = [a for a in business.assistance.all() if a.pk != application.assistance_id]
        rows.append(
            ReviewRow(
                application=application,
                needs=[n.get_kind_display() for n in business.needs.all()],
                earlier_aid=earlier,
                repeated_kind=[a for a in earlier if a.kind == programme.kind],
                completeness=business.completeness(),
            )
        )
    return rows


@dataclass
class OwnerProgramme:
    programme: Programme
    eligible: bool
    reasons: list
    application: Application | None
    state: str


def owner_programmes(business, today=None):
    """Programmes open now or soon, each with the business's eligibility and application."""
    today = today or timezone.localdate()
    facts = business_facts_for([business])[business.pk]
    applications = {a.programme_id: a for a in Application.objects.filter(business=business)}
    rows = []
    for programme in Programme.objects.open_or_upcoming(today).prefetch_related("kecamatan").order_by("closes_on"):
        eligible, reasons = programme.eligibility(business, facts)
        rows.append(
            OwnerProgramme(programme, eligible, reasons, applications.get(programme.pk), programme.window_state(today))
        )
    # What the owner can do now first: open and eligible, then soon open, then the others.
    rows.sort(key=lambda r: (not r.eligible, r.state != "open", r.programme.closes_on))
    return rows


def owner_announcements(user, limit=5):
    return (
        Delivery.objects.filter(user=user).select_related("announcement").order_by("-announcement__created_at")[:limit]
    )
