"""Reads for the officers' side: which associations an officer runs, which members they see.

An umbrella officer sees the umbrella and every sub-unit; a sub-unit officer sees only that
unit. Everything an officer reaches starts from `memberships_visible_to`.
"""

from django.db.models import Q
from django.utils import timezone

from .models import Association, Membership, Officer


def officer_roles(user):
    """The user's officer roles whose term is running today."""
    if not user.is_authenticated:
        return Officer.objects.none()
    today = timezone.localdate()
    return (
        Officer.objects.filter(user=user, term_start__lte=today)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
        .select_related("association")
    )


def associations_run_by(user):
    """Associations (and sub-units) an officer manages."""
    ids = set()
    umbrella_ids = set()
    for role in officer_roles(user):
        ids.add(role.association_id)
        if not role.association.parent_id:
            umbrella_ids.add(role.association_id)
    return Association.objects.filter(Q(pk__in=ids) | Q(parent_id__in=umbrella_ids))


def home_association(user):
    """The association an officer's imports land in: the first one they run (umbrella first)."""
    role = officer_roles(user).order_by("association__parent_id", "association_id").first()
    return role.association if role else None


def memberships_visible_to(user):
    return Membership.objects.filter(association__in=associations_run_by(user))


def member_list(user, *, status="", unit=None, kecamatan=""):
    queryset = memberships_visible_to(user).select_related("association", "business__desa__kecamatan")
    if status:
        queryset = queryset.filter(status=status)
    if unit:
        queryset = queryset.filter(association_id=unit)
    if kecamatan:
        queryset = queryset.filter(business__desa__kecamatan_id=kecamatan)
    return queryset.order_by("status", "business__name", "pk")
