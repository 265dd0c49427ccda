"""Reads of the catalogue app: search, village pages, sentra, e-katalog, demand figures."""

import re

from django.db import connection
from django.db.models import BooleanField, Count, Exists, FloatField, OuterRef, Sum
from django.db.models.expressions import RawSQL

from registry import thresholds
from registry.models import Business, CommodityGroup, Product

from . import search
from .models import Demand, DesaProgramme, Offer, ProductAssessment, PublishedCertification, PublishedProduct, SentraIkm

TRIGRAM_THRESHOLD = 0.45
SORTS = {
    "nama": ("name", "pk"),
    "harga_naik": ("price", "pk"),
    "harga_turun": ("-price", "pk"),
    "terbaru": ("-published_at", "pk"),
}


def search_words(query):
    return [word for word in re.findall(r"\w+", (query or "").lower()) if len(word) >= 2][:6]


def _postgres_word_match(word, tsquery):
    """One search word on PostgreSQL, each branch answered by a GIN index (plan in
    catalogue.search): the word's tsquery (prefix or a close word of the vocabulary, accents
    ignored) in the tsvector, or the word as a substring of the lower-cased search text
    (trigram index, 3+ letters). `UPPER(..) LIKE` or a similarity function in the WHERE
    clause would read every row instead."""
    table = PublishedProduct._meta.db_table
    branches = [f'"{table}"."search_vector" @@ to_tsquery(\'ikm_simple\', %s)']
    params = [tsquery]
    if len(word) >= 3:
        branches.append(f'"{table}"."search_text" LIKE %s')
        params.append(f"%{word}%")
    return RawSQL("(" + " OR ".join(branches) + ")", params, output_field=BooleanField())


def _postgres_relevance(words, queries):
    """Rank: the words as typed count twice, the close words of the vocabulary once."""
    table = PublishedProduct._meta.db_table
    exact = " & ".join(f"{word}:*" for word in words)
    fuzzy = " & ".join(f"({query})" for query in queries)
    vector = f'"{table}"."search_vector"'
    sql = f"(2 * ts_rank({vector}, to_tsquery('ikm_simple', %s)) + ts_rank({vector}, to_tsquery('ikm_simple', %s)))"
    return RawSQL(sql, [exact, fuzzy], output_field=FloatField())


def ranked_by_relevance(*, q="", sort="", **_filters):
    """Whether search_products orders these filters by relevance (words on PostgreSQL, no
    other order asked): an order no index gives, so every match is read and ranked."""
    return connection.vendor == "postgresql" and bool(search_words(q)) and sort not in SORTS


def search_products(
    *, q="", kecamatan="", desa="", commodity="", certification="", ovop=False, min_stars=None, sort=""
):
    """Published products matching every word of `q` (full-text, typo-tolerant through the
    vocabulary on PostgreSQL, see catalogue.search; plain substring elsewhere) and the filters."""
    products = PublishedProduct.objects.for_listing()
    words = search_words(q)
    ranked = connection.vendor == "postgresql" and words
    if ranked:
        queries = search.word_queries(words)
        for word, query in zip(words, queries, strict=True):
            products = products.filter(_postgres_word_match(word, query))
        products = products.annotate(relevance=_postgres_relevance(words, queries))
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
    if min_stars:
        products = products.min_stars(min_stars)
    if sort in SORTS:
        return products.order_by(*SORTS[sort])
    if ranked:
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
        products.select_related(
            "business__kbli",
            "business__desa__kecamatan",
            "kbli",
            "ekatalog_proposal__proposed_by",
            "ekatalog_proposal__accepted_by",
            "ekatalog_proposal__listed_by",
            "ekatalog_proposal__rejected_by",
        )
        .prefetch_related("certifications", "photos", "raw_materials")
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


def rated_products(desa, limit=12):
    """The desa's published products with an OVOP rating, most stars first."""
    return (
        PublishedProduct.objects.for_listing()
        .filter(desa=desa)
        .min_stars(1)
        .order_by("-ovop_stars", "name", "pk")[:limit]
    )


def latest_assessment(product_id):
    """The latest OVOP assessment of a registry product (None when never rated)."""
    if not product_id:
        return None
    return ProductAssessment.objects.filter(product_id=product_id).order_by("-year").first()
