"""Business.completeness_checks_passed, kept equal to the live completeness on every write.

The stored number is what lists of many businesses count, filter and sort by (a drive's
60,000 members, the member list's completeness bands); pages about one business still
compute `Business.completeness()` from the profile itself, with the names of what is missing.

Kept current by:
- the receivers below, connected in RegistryConfig.ready(): a save or delete of a business,
  product, photo, market area or production report recomputes that business (one UPDATE);
- explicit calls to `refresh_completeness` where rows are written without signals (bulk
  inserts and queryset updates: the demo seeder, merging, anonymisation, imports that write
  in bulk);
- `manage.py refresh_completeness`, which recomputes every business (after a restore, or to
  check: it prints how many were off).

The database computes it with the same expression as the lists used to evaluate per row
(review.completeness_points, held to completeness.business_completeness by a test).
"""

import threading
from contextlib import contextmanager

from django.db.models import Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from .models import Business, MarketArea, Product, ProductionReport, ProductPhoto
from .review import completeness_points
from .signals import businesses_changed

# Sent after `refresh_completeness` with `businesses`: the Business queryset or ids that were
# recomputed, or None for all. Higher apps that keep a copy of a business's completeness or
# state (organizations: the memberships the drive pages count) update theirs.
business_state_changed = Signal()

# The Business fields the checks read, and the state copies read (status, owner, email,
# name): a save that names none of them changes nothing.
CHECKED_FIELDS = frozenset(
    {
        "name",
        "legal_form",
        "nib",
        "kbli",
        "year_started",
        "phone",
        "email",
        "address",
        "desa",
        "workers_male",
        "workers_female",
        "investment",
        "yearly_sales",
        "completeness_checks_passed",
        "status",
        "owner",
    }
)


_deferred = threading.local()


@contextmanager
def completeness_deferred():
    """Within it, the receivers only note which businesses and products changed; on
    leaving, those businesses are recomputed in one UPDATE (plus the copies' one). For
    writes of many rows one by one: an import of 10,000 rows would otherwise run two
    UPDATEs per saved row. Use it inside the writes' transaction."""
    if getattr(_deferred, "businesses", None) is not None:  # nested: the outer one refreshes
        yield
        return
    _deferred.businesses, _deferred.products = set(), set()
    try:
        yield
        businesses, products = _deferred.businesses, _deferred.products
    finally:
        _deferred.businesses = _deferred.products = None
    if products:
        businesses |= set(Product.objects.filter(pk__in=products).values_list("business_id", flat=True))
    refresh_completeness(businesses)


def _deferring():
    return getattr(_deferred, "businesses", None) is not None


def refresh_completeness(businesses=None):
    """Recompute the stored completeness of `businesses` (a Business queryset, or ids), or
    of every business when None, in one UPDATE. Returns how many rows changed."""
    queryset = Business.objects.all()
    if businesses is not None:
        if not isinstance(businesses, QuerySet):
            businesses = list(businesses)
            if not businesses:
                return 0
        queryset = queryset.filter(pk__in=businesses)
    points = completeness_points()
    # Only rows whose value differs are written (no dead tuples for unchanged rows).
    changed = queryset.exclude(Q(completeness_checks_passed=points)).update(completeness_checks_passed=points)
    business_state_changed.send(sender=Business, businesses=businesses)
    return changed


def _is_cascade_from(origin, *models):
    """Whether a delete was started on one of `models` (its own receiver recomputes)."""
    model = getattr(origin, "model", None) or type(origin)
    return model in models


def business_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not CHECKED_FIELDS.intersection(update_fields)):
        return
    if _deferring():
        _deferred.businesses.add(instance.pk)
    else:
        refresh_completeness([instance.pk])


def product_changed(sender, instance, raw=False, origin=None, **kwargs):
    if raw or (origin is not None and origin is not instance and _is_cascade_from(origin, Business)):
        return
    if _deferring():
        _deferred.businesses.add(instance.business_id)
    else:
        refresh_completeness([instance.business_id])


def product_part_changed(sender, instance, raw=False, origin=None, **kwargs):
    """A photo, market area or production report: its product's business, in one UPDATE."""
    if raw or (origin is not None and origin is not instance and _is_cascade_from(origin, Business, Product)):
        return
    if _deferring():
        _deferred.products.add(instance.product_id)
    else:
        refresh_completeness(Product.objects.filter(pk=instance.product_id).values("business_id"))


def businesses_written_in_bulk(sender, business_ids, **kwargs):
    """registry.signals.businesses_changed: an import wrote these businesses and their
    products in bulk (no post_save): recompute them once."""
    if _deferring():
        _deferred.businesses.update(business_ids)
    else:
        refresh_completeness(business_ids)


def connect():
    businesses_changed.connect(businesses_written_in_bulk, dispatch_uid="completeness_businesses_changed")
    post_save.connect(business_saved, sender=Business, dispatch_uid="completeness_business_saved")
    post_save.connect(product_changed, sender=Product, dispatch_uid="completeness_product_saved")
    post_delete.connect(product_changed, sender=Product, dispatch_uid="completeness_product_deleted")
    for model in (ProductPhoto, MarketArea, ProductionReport):
        post_save.connect(product_part_changed, sender=model, dispatch_uid=f"completeness_{model.__name__}_saved")
        post_delete.connect(product_part_changed, sender=model, dispatch_uid=f"completeness_{model.__name__}_deleted")
