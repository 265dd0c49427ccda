"""Reads of the catalogue app: search, village pages, sentra, e-katalog, demand figures."""

import re

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Sum

from registry import thresholds
from registry.models import Business, CommodityGroup, Product

from .models import Demand, DesaProgramme, Offer, PublishedCertification, PublishedProduct, SentraIkm

TRIGRAM_THRESHOLD = 0.45
SORTS = {
    "nama": ("name", "pk"),
    "harga_naik": ("price", "pk"),
    "harga_turun": ("-price", "pk"),
    "terbaru": ("-published_at", "pk"),
}


def search_words(query):
    return [word for word in re.findall(r"\w+", (query or "").lower()) if len(word) >= 2][:6]


def search_products(*, q="", kecamatan="", desa="", commodity="", certification="", ovop=False, sort=""):
    """Published products matching every word of `q` (typo-tolerant on PostgreSQL through
    pg_trgm word similarity, plain substring elsewhere) and the filters."""
    products = PublishedProduct.objects.for_listing()
    words = search_words(q)
    trigram = connection.vendor == "postgresql" and words
    if trigram:
        from django.contrib.postgres.search import TrigramWordSimilarity

        relevance = None
        for index, word in enumerate(words):
            name = f"similarity_{index}"
            products = products.annotate(**{name: TrigramWordSimilarity(word, "search_text")})
            products = products.filter(Q(search_text__icontains=word) | Q(**{f"{name}__gte": TRIGRAM_THRESHOLD}))
            relevance = F(name) if relevance is None else relevance + F(name)
        products = products.annotate(relevance=relevance)
    else:
        for word in words:
            products = products.filter(search_text__icontains=word)
    if kecamatan:
        products = products.filter(kecamatan_id=kecamatan)
    if desa:
        products = products.filter(desa_id=desa)
    if commodity:
        products = products.filter(category=commodity)
    if certification:
        products = products.filter(
            Exists(PublishedCertification.objects.valid().filter(product=OuterRef("pk"), kind=certification))
        )
    if ovop:
        products = products.filter(is_ovop=True)
    if sort in SORTS:
        return products.order_by(*SORTS[sort])
    if trigram:
        return products.order_by("-relevance", "name", "pk")
    return products.order_by("name", "pk")


def desa_commodity_counts(desa):
    """Published (verified, active) businesses of a desa by commodity group."""
    rows = (
        PublishedProduct.objects.filter(desa=desa)
        .values("category")
        .annotate(businesses=Count("business", distinct=True), products=Count("pk"))
        .order_by("-businesses", "category")
    )
    labels = dict(CommodityGroup.choices)
    return [{**row, "label": labels.get(row["category"], row["category"])} for row in rows]


def desa_programmes(desa):
    return DesaProgramme.objects.filter(desa=desa).select_related("programme").order_by("-year", "programme__name")


def sentra_candidates():
    """(desa, commodity) with at least thresholds.SENTRA_MINIMUM_UNITS active businesses making that commodity,
    from the live registry (staff page), with whether Dinas already confirmed it."""
    rows = (
        Product.objects.filter(business__status=Business.Status.ACTIVE)
        .values("business__desa", "business__desa__name", "business__desa__kecamatan__name", "category")
        .annotate(businesses=Count("business", distinct=True))
        .filter(businesses__gte=thresholds.SENTRA_MINIMUM_UNITS)
        .order_by("-businesses", "business__desa")
    )
    confirmed = {(s.desa_id, s.commodity): s for s in SentraIkm.objects.all()}
    labels = dict(CommodityGroup.choices)
    return [
        {
            "desa": row["business__desa"],
            "desa_name": row["business__desa__name"],
            "kecamatan_name": row["business__desa__kecamatan__name"],
            "commodity": row["category"],
            "label": labels.get(row["category"], row["category"]),
            "businesses": row["businesses"],
            "confirmed": confirmed.get((row["business__desa"], row["category"])),
        }
        for row in rows
    ]


def ekatalog_products(*, verified_only=False):
    """Products of active businesses with what the e-katalog checklist reads, prefetched."""
    products = Product.objects.filter(business__status=Business.Status.ACTIVE)
    if verified_only:
        products = products.filter(business__verification_status=Business.Verification.VERIFIED)
    return (
        products.select_related("business__kbli", "business__desa__kecamatan", "kbli")
        .prefetch_related("certifications", "photos")
        .order_by("business__name", "name", "pk")
    )


def demand_summary():
    """What is asked for (open demands) against what Tuban produces (published capacity),
    per commodity group and unit."""
    asked = (
        Demand.objects.open()
        .values("commodity", "unit")
        .annotate(demands=Count("pk"), quantity=Sum("quantity"))
        .order_by()
    )
    produced = (
        PublishedProduct.objects.filter(business__business__status=Business.Status.ACTIVE)
        .values("category", "unit")
        .annotate(businesses=Count("business", distinct=True), capacity=Sum("capacity_per_month"))
        .order_by()
    )
    taken = (
        Offer.objects.filter(taken=True)
        .values("demand__commodity", "demand__unit")
        .annotate(quantity=Sum("quantity"))
        .order_by()
    )
    table = {}
    for row in asked:
        entry = table.setdefault((row["commodity"], row["unit"]), {})
        entry.update(demands=row["demands"], asked=row["quantity"])
    for row in produced:
        entry = table.setdefault((row["category"], row["unit"]), {})
        entry.update(businesses=row["businesses"], capacity=row["capacity"])
    for row in taken:
        entry = table.setdefault((row["demand__commodity"], row["demand__unit"]), {})
        entry.update(taken=row["quantity"])
    labels = dict(CommodityGroup.choices)
    result = []
    for (commodity, unit), entry in sorted(table.items(), key=lambda item: (labels.get(item[0][0], ""), item[0][1])):
        asked_quantity, capacity = entry.get("asked"), entry.get("capacity")
        result.append(
            {
                "commodity": commodity,
                "label": labels.get(commodity, commodity),
                "unit": unit,
                "demands": entry.get("demands", 0),
                "asked": asked_quantity,
                "taken": entry.get("taken"),
                "businesses": entry.get("businesses", 0),
                "capacity": capacity,
                "gap": (asked_quantity or 0) > (capacity or 0),
            }
        )
    return result
