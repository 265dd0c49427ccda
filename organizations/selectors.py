"""Reads for the officers' side: which associations an officer runs, which members they see.

An umbrella officer sees the umbrella and every sub-unit; a sub-unit officer sees only that
unit. Everything an officer reaches starts from `memberships_visible_to`: another
association's members are never in it, so their ids answer 404.
"""

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.review import COMPLETENESS_CHECKS

from .models import Association, Membership, Officer

# Completeness bands of the member list, as ranges of passed checks (score = round(100 *
# points / 14), so 7 points are exactly 50% and 14 points 100%).
COMPLETENESS_BANDS = {
    "rendah": (_("Di bawah 50%"), 0, 6),
    "sedang": (_("50–99%"), 7, COMPLETENESS_CHECKS - 1),
    "lengkap": (_("100%"), COMPLETENESS_CHECKS, COMPLETENESS_CHECKS),
}
# Members are the active and the inactive ones; applications and former members are
# asked for by status.
MEMBER_STATUSES = (Membership.Status.ACTIVE, Membership.Status.INACTIVE)
STATUS_ORDER = Case(
    When(status=Membership.Status.APPLIED, then=Value(0)),
    When(status=Membership.Status.ACTIVE, then=Value(1)),
    When(status=Membership.Status.INACTIVE, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


# Each umbrella followed by its sub-units (NULLs sort first on SQLite, last on PostgreSQL).
UMBRELLA_FIRST = (Coalesce("parent_id", "id"), F("parent_id").asc(nulls_first=True), "name")


def officer_roles(user):
    """The user's officer roles whose term is running today (not begun or ended: none)."""
    if not user.is_authenticated:
        return Officer.objects.none()
    today = timezone.localdate()
    return (
        Officer.objects.filter(user=user, term_start__lte=today)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
        .select_related("association")
    )


def associations_run_by(user, roles=None):
    """Associations (and sub-units) an officer manages; pass `roles` when already loaded."""
    return Association.objects.visible_to(user, roles)


def home_association(user):
    """The association an officer's imports land in: the first one they run (umbrella first)."""
    role = officer_roles(user).order_by("association__parent_id", "association_id").first()
    return role.association if role else None


def memberships_visible_to(user, roles=None):
    return Membership.objects.visible_to(user, roles)


def with_completeness(queryset):
    """Annotate memberships with `completeness_points`, the business's passed completeness
    checks as copied onto the membership (member_state.py; registry.completeness_store keeps
    the business's own current on every write): a column, not a subquery per member."""
    return queryset.annotate(completeness_points=F("business_points"))


def completeness_score(points):
    """The percentage shown to people, as Completeness.score computes it."""
    return round(100 * (points or 0) / COMPLETENESS_CHECKS)


def filter_memberships(queryset, *, unit=None, kecamatan=None, band="", search=""):
    """The member list's filters other than status (the applications panel shares them)."""
    if unit:
        queryset = queryset.filter(association=unit)
    if kecamatan:
        queryset = queryset.filter(business__desa__kecamatan=kecamatan)
    if band in COMPLETENESS_BANDS:
        _label, low, high = COMPLETENESS_BANDS[band]
        queryset = queryset.filter(completeness_points__gte=low, completeness_points__lte=high)
    search = (search or "").strip()
    if search:
        # The membership's copy of the name (member_state.py): on PostgreSQL the trigram
        # indexes of both columns answer it as one bitmap, on this table alone.
        condition = Q(business_name__icontains=search) | Q(member_number__icontains=search)
        digits = search.replace(" ", "")
        if digits.isdigit():
            condition |= Q(business__nib__startswith=digits)
        queryset = queryset.filter(condition)
    return queryset


def member_list(user, *, status="", unit=None, kecamatan=None, band="", search="", roles=None):
    """Memberships an officer sees, filtered; without a status only members (aktif and
    nonaktif), with status "semua" every row."""
    queryset = with_completeness(
        memberships_visible_to(user, roles).select_related("association", "business__desa__kecamatan")
    )
    if status == "semua":
        pass
    elif status:
        queryset = queryset.filter(status=status)
    else:
        queryset = queryset.filter(status__in=MEMBER_STATUSES)
    queryset = filter_memberships(queryset, unit=unit, kecamatan=kecamatan, band=band, search=search)
    return queryset.order_by(STATUS_ORDER, "business_name", "pk")


class StatusOrderedIds:
    """The ids of `queryset` (memberships) in the member list's order, status (STATUS_ORDER)
    then business name, for Django's Paginator (it needs `count()` and slicing).

    Sorting 70,000 memberships by a CASE over their status and then their business's name
    took 220 ms at 100,000 businesses; one status at a time, the order is the membership's
    copy of the business name alone, which PostgreSQL reads from membership_list_order
    (umbrella, status, business_name, id), stopping after the page (0.2 ms; walking
    business_name_order and probing each business's memberships took 5 ms, 30 ms when
    searching). The statuses' sizes come from one grouped count, which also answers
    `count()`."""

    ORDER = (Membership.Status.APPLIED, Membership.Status.ACTIVE, Membership.Status.INACTIVE, Membership.Status.LEFT)

    def __init__(self, queryset):
        self.queryset = queryset.order_by()
        self._sizes = None

    @property
    def sizes(self):
        if self._sizes is None:
            # COUNT(*), not COUNT(id): the index holds no id, and an index-only scan of
            # membership_umbrella_counts is 3-8x faster than reading the table.
            rows = self.queryset.values_list("status").annotate(n=Count("*"))
            self._sizes = dict(rows)
        return self._sizes

    def count(self):
        return sum(self.sizes.values())

    def __len__(self):
        return self.count()

    def __getitem__(self, bounds):
        if not isinstance(bounds, slice):
            return self[bounds : bounds + 1][0]
        start, stop = bounds.start or 0, bounds.stop if bounds.stop is not None else self.count()
        # The statuses the page reaches into, and where the first of them begins.
        touched, begins, position = [], 0, 0
        for status in self.ORDER:
            size = self.sizes.get(status, 0)
            if size and position + size > start and position < stop:
                if not touched:
                    begins = position
                touched.append(status)
            position += size
        if not touched:
            return []
        if len(touched) == 1:
            part = self.queryset.filter(status=touched[0]).order_by("business_name", "pk")
        else:  # a page across two statuses (one page per boundary): sort only those
            part = self.queryset.filter(status__in=touched).order_by(STATUS_ORDER, "business_name", "pk")
        return list(part.values_list("pk", flat=True)[start - begins : stop - begins])


def pending_applications(user, *, roles=None, **filters):
    """Applications waiting for a decision, oldest first (first come, first decided)."""
    queryset = with_completeness(
        memberships_visible_to(user, roles)
        .filter(status=Membership.Status.APPLIED)
        .select_related("association", "business__desa__kecamatan")
    )
    return filter_memberships(queryset, **filters).order_by("created_at", "pk")


# --- The owner's side ----------------------------------------------------------------------


def membership_summary():
    """Annotations for a Business queryset: its latest open membership (status, number and
    association), computed in the same query so the owner's overview keeps its budget."""
    latest = (
        Membership.objects.filter(business=OuterRef("pk"))
        .exclude(status=Membership.Status.LEFT)
        .order_by("-created_at", "-pk")
    )
    return {
        "membership_status": Subquery(latest.values("status")[:1]),
        "membership_number": Subquery(latest.values("member_number")[:1]),
        "membership_association": Subquery(latest.values("association__name")[:1]),
    }


def joinable_associations(business):
    """Associations and units the business may apply to: none under an umbrella where it
    already applied, is a member, or is an inactive member."""
    taken = Membership.objects.filter(
        business=business,
        status__in=[Membership.Status.APPLIED, Membership.Status.ACTIVE, Membership.Status.INACTIVE],
    ).values("umbrella_id")
    return (
        Association.objects.select_related("parent")
        .exclude(pk__in=taken)
        .exclude(parent_id__in=taken)
        .order_by(*UMBRELLA_FIRST)
    )


# --- Claims --------------------------------------------------------------------------------


def runs_association_of(user, business):
    """Whether `user` is a running officer of an association or sub-unit the business is a
    member of (applied, active or inactive), or of that association's umbrella. Such an
    officer may make a claim link for the business but never claim it (accounts.services)."""
    if not user.is_authenticated:
        return False
    memberships = Membership.objects.filter(business=business).exclude(status=Membership.Status.LEFT)
    association_ids = set()
    for association_id, umbrella_id in memberships.values_list("association_id", "umbrella_id"):
        association_ids.update((association_id, umbrella_id))
    if not association_ids:
        return False
    return officer_roles(user).filter(association_id__in=association_ids).exists()


def refuse_officer_claim(invitation, *, user):
    """A claim check (accounts.services.CLAIMANT_CHECKS, connected in OrganizationsConfig.ready()):
    an officer who claimed a member's business would see its NPWP and aid records as its owner."""
    if runs_association_of(user, invitation.business):
        raise ValidationError(
            _(
                "Pengurus asosiasi tempat usaha ini menjadi anggota tidak dapat mengklaimnya. "
                "Bila usaha ini memang milik Anda, hubungi Dinas."
            ),
            code="officer",
        )
