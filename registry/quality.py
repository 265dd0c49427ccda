"""The data-quality page for Dinas: figures computed by the database, each with the filter
that lists the records behind it, and invariants that must hold.

A fixed number of queries whatever the size of the registry.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from . import thresholds
from .models import Business, Certification, Kbli, Product
from .review import COMPLETENESS_BUCKETS

# Manufacturing (category C) is KBLI divisions 10-33, five digits for a business.
USABLE_KBLI_REGEX = r"^(1[0-9]|2[0-9]|3[0-3])[0-9]{3}$"


def usable_kbli():
    return Exists(Kbli.objects.filter(pk=OuterRef("kbli_id"), code__regex=USABLE_KBLI_REGEX))


def stale_before():
    return timezone.now() - timedelta(days=thresholds.STALE_AFTER_DAYS)


# Conditions behind the figures, shared with the staff business list (?kualitas=...).
QUALITY_FILTERS = {
    "belum_diverifikasi": lambda: Q(verified_at__isnull=True),
    "tidak_diperbarui": lambda: Q(updated_at__lt=stale_before()),
    "tanpa_kbli": lambda: ~Q(usable_kbli()),
}


@dataclass
class Invariant:
    label: str
    ok: bool
    detail: str
    url: str = ""


def data_quality(today=None):
    today = today or timezone.localdate()
    buckets = {
        f"bucket_{key}": Count("pk", filter=Q(completeness_points__gte=low, completeness_points__lte=high))
        for key, _label, low, high in COMPLETENESS_BUCKETS
    }
    figures = Business.objects.annotate(completeness_points=F("completeness_checks_passed")).aggregate(
        total=Count("pk"),
        never_verified=Count("pk", filter=QUALITY_FILTERS["belum_diverifikasi"]()),
        stale=Count("pk", filter=QUALITY_FILTERS["tidak_diperbarui"]()),
        no_kbli=Count("pk", filter=QUALITY_FILTERS["tanpa_kbli"]()),
        **buckets,
    )
    certificates = Certification.objects.aggregate(
        expired=Count("pk", filter=Q(expires_on__lt=today)),
        expiring=Count(
            "pk",
            filter=Q(
                expires_on__gte=today, expires_on__lte=today + timedelta(days=thresholds.CERTIFICATE_EXPIRING_SOON_DAYS)
            ),
        ),
    )
    per_kecamatan = list(
        Business.objects.values("desa__kecamatan", "desa__kecamatan__name")
        .annotate(count=Count("pk"))
        .order_by("desa__kecamatan")
    )
    orphans = Product.objects.filter(~Exists(Business.objects.filter(pk=OuterRef("business_id"))))
    orphan_ids = list(orphans.values_list("pk", flat=True)[:100])
    over_shares = Product.objects.annotate(share_total=Sum("market_areas__share_percent")).filter(share_total__gt=100)
    over_share_ids = list(over_shares.values_list("pk", flat=True)[:100])
    return {
        "figures": figures,
        "certificates": certificates,
        "buckets": [
            {"key": key, "label": label, "count": figures[f"bucket_{key}"]}
            for key, label, _low, _high in COMPLETENESS_BUCKETS
        ],
        "per_kecamatan": per_kecamatan,
        "kecamatan_sum": sum(row["count"] for row in per_kecamatan),
        "orphan_ids": orphan_ids,
        "over_share_ids": over_share_ids,
    }
