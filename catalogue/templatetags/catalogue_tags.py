"""The "Permintaan yang cocok" panel on the owner's dashboard, in a fixed number of queries."""

from django import template
from django.db.models import Exists, F, OuterRef, Q

from registry.models import Business, Product

from ..models import Demand, Offer

register = template.Library()

PANEL_LIMIT = 5


@register.simple_tag(takes_context=True)
def matching_needs(context):
    """Open demands whose commodity or KBLI fits one of the user's active businesses,
    newest first, each with the ids of the user's businesses that already answered."""
    user = getattr(context.get("request"), "user", None)
    if not user or not user.is_authenticated:
        return []
    # One query: the owner's commodities and KBLI codes and their earlier offers are subqueries.
    products = Product.objects.filter(business__owner=user, business__status=Business.Status.ACTIVE)
    demands = list(
        Demand.objects.open()
        .filter(
            Q(commodity__in=products.values("category"))
            | Q(kbli__code__in=products.filter(kbli__isnull=False).values("kbli__code"))
            | Q(kbli__code__in=products.filter(business__kbli__isnull=False).values("business__kbli__code"))
        )
        .annotate(answered=Exists(Offer.objects.filter(demand=OuterRef("pk"), business__owner=user)))
        .select_related("delivery_kecamatan")
        .order_by(F("needed_by").asc(nulls_last=True), "-created_at")[:PANEL_LIMIT]
    )
    return demands


@register.filter
def storage_url(name):
    """URL of a stored file (a photo path kept in the published catalogue)."""
    from django.core.files.storage import default_storage

    return default_storage.url(name) if name else ""


@register.filter
def star_row(stars):
    """[True, True, True, False, False] for 3 of 5 stars (drawn as ★★★☆☆)."""
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        stars = 0
    return [position < stars for position in range(5)]
