"""The dashboard's panels: each one a handful of aggregate queries over a Scope.

Every number is computed by the database (aggregate/annotate/values), so the number of
queries per panel is fixed whatever the size of the registry. Each panel returns plain
data, evaluated before it returns (the tests count queries per panel). `link(**drill)`
turns a figure into the URL of the list of records behind it, keeping the page's filters.
"""

from decimal import Decimal

from django.db.models import Avg, Count, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registry import places
from registry.models import (
    AidKind,
    Business,
    Certification,
    CommodityGroup,
    Kecamatan,
    MarketArea,
    Product,
)
from reporting.models import PeriodRawMaterial, PeriodReport

from . import cycle, summary_figures
from .charts import Bar, Segment, StackedBar, angka, bars, percent, percent_text, rupiah_short
from .scope import DELIVERED_CONFIRMED_AID, NO_CLASS, REPORTED_AID, Scope, _within, business_name, valid_certificates

# The three kinds of aid the Pemkab promised (training, capital, equipment) get their own
# columns per kecamatan; the summary covers every kind.
MAIN_AID_KINDS = (AidKind.TRAINING, AidKind.CAPITAL, AidKind.EQUIPMENT)
TOP_PRODUCTS = 10
TOP_KBLI = 10
TOP_COUNTRIES = 10
TOP_REPEATS = 10
SOONEST_EXPIRIES = 10


class Linker:
    """Builds the links of the figures: the list behind a figure, with the page's filters."""

    def __init__(self, filters, list_url=None):
        self.filters = filters
        self.list_url = list_url or reverse("dashboard:business_list")

    def __call__(self, **drill):
        return self.list_url + self.filters.query(**drill)

    def profile(self, pk):
        return reverse("dashboard:business_print", args=[pk])


class LiveSource:
    """The raw figures computed from the registry's tables: the reference that the summary
    (summary_figures.SummarySource) must equal, and the answer where the summary cannot
    (a drill-down, a restricted set of businesses, a year before the summary's floor)."""

    def __init__(self, scope):
        self.scope = scope

    def headline_row(self, counts):
        return self.scope.businesses().aggregate(**counts)

    def product_count(self):
        return self.scope.products().count()

    def trend_rows(self):
        return list(
            self.scope.reports()
            .values("year")
            .annotate(
                value=Sum("production_value"),
                raw=Sum("raw_material_value"),
                businesses=Count("product__business", distinct=True),
            )
            .order_by("year")
        )

    def kecamatan_counts(self):
        return {
            row["desa__kecamatan"]: row
            for row in self.scope.businesses()
            .values("desa__kecamatan")
            .annotate(count=Count("pk"), workers=Sum(F("workers_male") + F("workers_female")))
            .order_by()
        }

    def kecamatan_values(self, year):
        return dict(
            self.scope.reports(year=year)
            .values_list("product__business__desa__kecamatan")
            .annotate(value=Sum("production_value"))
            .order_by()
        )

    def commodity_made(self):
        return {
            row["category"]: row
            for row in self.scope.products()
            .values("category")
            .annotate(businesses=Count("business", distinct=True), products=Count("pk"))
            .order_by()
        }

    def commodity_values(self, year):
        return dict(
            self.scope.reports(year=year)
            .values_list("product__category")
            .annotate(value=Sum("production_value"))
            .order_by()
        )

    def kbli_rows(self):
        return list(
            self.scope.businesses()
            .values("kbli", "kbli__code", "kbli__version", "kbli__title")
            .annotate(count=Count("pk"))
            .order_by("-count", "kbli__code")
        )

    def top_product_rows(self, year, limit):
        return list(
            self.scope.reports(year=year)
            .values(
                "product",
                "product__name",
                "product__category",
                "product__unit",
                "product__business",
                "product__business__name",
            )
            .annotate(value=Sum("production_value"), quantity=Sum("quantity"))
            .order_by("-value", "product")[:limit]
        )

    def market(self, limit):
        areas = self.scope.market_areas()
        products = dict(areas.values_list("product__category").annotate(n=Count("product", distinct=True)).order_by())
        by_level = {}
        for category, level, total in (
            areas.values_list("product__category", "level").annotate(total=Sum("share_percent")).order_by()
        ):
            by_level[(category, level)] = total
        by_channel = {}
        for category, channel, total in (
            areas.values_list("product__category", "channel").annotate(total=Sum("share_percent")).order_by()
        ):
            by_channel[(category, channel)] = total
        countries = list(
            areas.filter(level=MarketArea.Level.EKSPOR)
            .exclude(country="")
            .values("country")
            .annotate(
                products=Count("product", distinct=True),
                businesses=Count("product__business", distinct=True),
                share=Sum("share_percent"),
            )
            .order_by("-businesses", "-products", "country")[:limit]
        )
        return products, by_level, by_channel, countries

    def needs(self):
        return {
            (kecamatan, kind): n
            for kecamatan, kind, n in self.scope.needs()
            .values_list("business__desa__kecamatan", "kind")
            .annotate(n=Count("business", distinct=True))
            .order_by()
        }

    def aid_rows(self):
        return list(
            self.scope.assistance()
            .filter(DELIVERED_CONFIRMED_AID | REPORTED_AID)
            .values_list("business__desa__kecamatan", "kind")
            .annotate(
                n=Count("business", distinct=True, filter=DELIVERED_CONFIRMED_AID),
                value=Sum("value", filter=DELIVERED_CONFIRMED_AID),
                n_reported=Count("business", distinct=True, filter=REPORTED_AID),
            )
            .order_by()
        )

    def unanswered(self):
        """Needs that no delivered aid of the same kind has answered (up to the filter's year)."""
        scope = self.scope
        answered = scope.answering_aid().filter(business=OuterRef("business"), kind=OuterRef("kind"))
        return dict(scope.needs().exclude(Exists(answered)).values_list("kind").annotate(n=Count("pk")).order_by())

    def repeated(self):
        """Businesses that received the same kind of aid more than once (up to the filter's year)."""
        scope = self.scope
        repeated_rows = scope.answering_aid().filter(business__in=scope.businesses())
        sibling = (
            scope.answering_aid()
            .filter(business=OuterRef("business"), kind=OuterRef("kind"))
            .exclude(pk=OuterRef("pk"))
        )
        return dict(
            repeated_rows.filter(Exists(sibling))
            .values_list("kind")
            .annotate(n=Count("business", distinct=True))
            .order_by()
        )

    def repeat_list(self, limit):
        """The businesses that received the same kind of aid most often: confirmed delivered
        aid grouped per business and kind, the name read for the groups left (a subquery per
        group): joining the 100,000 businesses before grouping took 0.7 s."""
        rows = _within(self.scope.answering_aid(), "business", self.scope.businesses())
        return list(
            rows.values("business", "kind")
            .annotate(times=Count("pk"), value=Sum("value"))
            .filter(times__gt=1)
            .annotate(business_name=Subquery(business_name("business")))
            .order_by("-times", "business_name", "business", "kind")[:limit]
        )

    def food_row(self, today):
        # Businesses making food, and those of them holding a valid certificate of a kind (on
        # any product), counted over the food makers only. `pk IN (subquery)` lets PostgreSQL
        # hash each set once (hashed SubPlan); EXISTS per business ran three index probes for
        # each of 100,000 businesses (3.5 s).
        food_makers = Product.objects.filter(category=CommodityGroup.FOOD).values("business_id")
        valid = Certification.objects.filter(valid_certificates(today))
        pirt = valid.filter(kind=Certification.Kind.PIRT).values("product__business_id")
        halal = valid.filter(kind=Certification.Kind.HALAL).values("product__business_id")
        return (
            self.scope.businesses()
            .filter(pk__in=food_makers)
            .aggregate(
                food=Count("pk"),
                food_pirt=Count("pk", filter=Q(pk__in=pirt)),
                food_halal=Count("pk", filter=Q(pk__in=halal)),
            )
        )

    def certificate_kinds(self, today, until):
        return list(
            self.scope.certifications()
            .values("kind")
            .annotate(
                total=Count("pk"),
                expired=Count("pk", filter=Q(expires_on__lt=today)),
                expiring=Count("pk", filter=Q(expires_on__gte=today, expires_on__lte=until)),
            )
            .order_by("kind")
        )

    def period_rows(self):
        return list(
            PeriodReport.objects.filter(business__in=self.scope.businesses())
            .values("period__year", "period__semester")
            .annotate(
                asked=Count("pk"),
                answered=Count("pk", filter=ANSWERED),
                workers_male=Sum("workers_male", filter=ANSWERED),
                workers_female=Sum("workers_female", filter=ANSWERED),
                investment=Sum("investment", filter=ANSWERED),
            )
            .order_by("period__year", "period__semester")
        )

    def capacity_rows(self, year):
        ratio = ExpressionWrapper(
            F("quantity") * 100 / F("installed_capacity"), output_field=DecimalField(max_digits=20, decimal_places=4)
        )
        return list(
            self.scope.reports(year=year)
            .filter(installed_capacity__gt=0)
            .values("product__category")
            .annotate(utilisation=Avg(ratio), reports=Count("pk"))
            .order_by("product__category")
        )

    def raw_materials(self, year):
        return dict(
            PeriodRawMaterial.objects.filter(
                report__business__in=self.scope.businesses(),
                report__status__in=PeriodReport.ANSWERED,
                report__period__year=year,
            )
            .values_list("origin")
            .annotate(value=Sum("value"))
            .order_by()
        )

    def desa_counts(self):
        return dict(self.scope.businesses().values_list("desa").annotate(n=Count("pk")).order_by())

    def desa_values(self, year):
        return dict(
            self.scope.reports(year=year)
            .values_list("product__business__desa")
            .annotate(value=Sum("production_value"))
            .order_by()
        )

    def business_count(self):
        return self.scope.businesses().count()


ANSWERED = Q(status__in=PeriodReport.ANSWERED)


def source(scope):
    """Where the panels of this scope read their figures: the summary when it can answer
    (and `scope.live` is not set), else the registry's tables."""
    if not getattr(scope, "live", False) and summary_figures.usable(scope):
        return summary_figures.SummarySource(scope)
    return LiveSource(scope)


def headline(scope: Scope, link):
    """Counts by class and status, workers by gender, investment, products, share verified."""
    active = Q(status=Business.Status.ACTIVE)
    counts = {
        "total": Count("pk"),
        "verified": Count("pk", filter=Q(verification_status=Business.Verification.VERIFIED)),
        "workers_male": Sum("workers_male", filter=active),
        "workers_female": Sum("workers_female", filter=active),
        "investment": Sum("investment", filter=active),
        "class_none": Count("pk", filter=Q(industry_class__isnull=True)),
        "umkm_none": Count("pk", filter=Q(umkm_class_by_capital__isnull=True)),
    }
    for status in Business.Status.values:
        counts[f"status_{status}"] = Count("pk", filter=Q(status=status))
    for value in Business.IndustryClass.values:
        counts[f"class_{value}"] = Count("pk", filter=Q(industry_class=value))
    for value in Business.UmkmClass.values:
        counts[f"umkm_{value}"] = Count("pk", filter=Q(umkm_class_by_capital=value))
    src = source(scope)
    row = src.headline_row(counts)
    products = src.product_count()

    total = row["total"]
    male, female = row["workers_male"] or 0, row["workers_female"] or 0
    statuses = bars(
        Bar(label, row[f"status_{value}"], angka(row[f"status_{value}"]), link(status=value))
        for value, label in Business.Status.choices
    )
    classes = bars(
        [
            Bar(label, row[f"class_{value}"], angka(row[f"class_{value}"]), link(industry_class=value))
            for value, label in Business.IndustryClass.choices
        ]
        + [Bar(_("Belum dapat dihitung"), row["class_none"], angka(row["class_none"]), link(industry_class=NO_CLASS))]
    )
    umkm = bars(
        [
            Bar(label, row[f"umkm_{value}"], angka(row[f"umkm_{value}"]), link(umkm_class=value))
            for value, label in Business.UmkmClass.choices
        ]
        + [Bar(_("Belum dapat dihitung"), row["umkm_none"], angka(row["umkm_none"]), link(umkm_class=NO_CLASS))]
    )
    return {
        "total": total,
        "active": row[f"status_{Business.Status.ACTIVE}"],
        "verified": row["verified"],
        "verified_share": percent(row["verified"], total),
        "verified_share_text": percent_text(percent(row["verified"], total)),
        "workers_male": male,
        "workers_female": female,
        "workers_total": male + female,
        "investment": row["investment"] or Decimal(0),
        "investment_text": rupiah_short(row["investment"]),
        "products": products,
        "statuses": statuses,
        "classes": classes,
        "umkm_classes": umkm,
        "large_industry": row[f"class_{Business.IndustryClass.BESAR}"],
        "links": {
            "all": link(),
            "active": link(status=Business.Status.ACTIVE),
            "verified": link(verification=Business.Verification.VERIFIED),
            "producing": link(producing=True),
        },
    }


def trends(scope: Scope, link):
    """Production value per year from the reports (one query); also fixes the reference year."""
    rows = source(scope).trend_rows()
    scope.set_reference_year(max((row["year"] for row in rows), default=None))
    reference_value = next((row["value"] for row in rows if row["year"] == scope.reference_year()), 0)
    return {
        "rows": rows,
        "bars": bars(
            Bar(
                str(row["year"]),
                row["value"],
                rupiah_short(row["value"]),
                link(year=row["year"], producing=True),
                _("%(count)s usaha melapor") % {"count": angka(row["businesses"])},
            )
            for row in rows
        ),
        "reference_year": scope.reference_year(),
        "reference_value": reference_value,
        "reference_value_text": rupiah_short(reference_value),
    }


def kecamatan_names(scope: Scope):
    qs = Kecamatan.objects.order_by("code")
    if scope.filters.kecamatan:
        qs = qs.filter(code=scope.filters.kecamatan)
    return dict(qs.values_list("code", "name"))


def by_kecamatan(scope: Scope, link, names=None):
    """IKM count, workers and production value (reference year) per kecamatan."""
    names = kecamatan_names(scope) if names is None else names
    src = source(scope)
    counts = src.kecamatan_counts()
    values = src.kecamatan_values(scope.reference_year())
    rows = []
    for code, name in names.items():
        count = counts.get(code, {}).get("count") or 0
        workers = counts.get(code, {}).get("workers") or 0
        value = values.get(code) or Decimal(0)
        rows.append(
            {
                "code": code,
                "name": name,
                "count": count,
                "workers": workers,
                "value": value,
                "url": link(kecamatan=code),
            }
        )
    chart = bars(
        Bar(
            row["name"],
            row["count"],
            angka(row["count"]),
            row["url"],
            _("%(workers)s TK · %(value)s") % {"workers": angka(row["workers"]), "value": rupiah_short(row["value"])},
        )
        for row in sorted(rows, key=lambda r: (-r["count"], r["name"]))
    )
    return {"rows": rows, "bars": chart}


def by_commodity(scope: Scope, link):
    """Per commodity group: businesses and products making it, production value (reference year)."""
    src = source(scope)
    made = src.commodity_made()
    values = src.commodity_values(scope.reference_year())
    rows = []
    for code, label in CommodityGroup.choices:
        if code not in made and code not in values:
            continue
        businesses = made.get(code, {}).get("businesses") or 0
        products = made.get(code, {}).get("products") or 0
        value = values.get(code) or Decimal(0)
        rows.append(
            Bar(
                label,
                value,
                rupiah_short(value),
                link(commodity=code),
                _("%(businesses)s usaha · %(products)s produk")
                % {"businesses": angka(businesses), "products": angka(products)},
            )
        )
    return {"bars": bars(sorted(rows, key=lambda bar: -bar.value))}


def by_kbli(scope: Scope, link):
    """Businesses per KBLI (code and version); the largest few, the rest summed."""
    rows = source(scope).kbli_rows()
    shown, rest = rows[:TOP_KBLI], rows[TOP_KBLI:]
    result = []
    for row in shown:
        if row["kbli"] is None:
            result.append(Bar(_("Tanpa KBLI"), row["count"], angka(row["count"])))
        else:
            label = f"{row['kbli__code']} {row['kbli__title']}"
            result.append(
                Bar(label, row["count"], angka(row["count"]), link(kbli=row["kbli"]), f"KBLI {row['kbli__version']}")
            )
    others = sum(row["count"] for row in rest)
    if others:
        result.append(Bar(_("KBLI lainnya (%(n)s kode)") % {"n": len(rest)}, others, angka(others)))
    return {"bars": bars(result)}


def top_products(scope: Scope, link):
    """The products with the highest production value in the reference year."""
    rows = source(scope).top_product_rows(scope.reference_year(), TOP_PRODUCTS)
    categories = dict(CommodityGroup.choices)
    return {
        "bars": bars(
            Bar(
                row["product__name"],
                row["value"],
                rupiah_short(row["value"]),
                link.profile(row["product__business"]),
                f"{row['product__business__name']} · {categories.get(row['product__category'], '')}",
            )
            for row in rows
        )
    }


def market_map(scope: Scope, link):
    """Per commodity: the average share of sales by level and by channel; export countries.

    A commodity's share at a level is the mean, over its products that have a marketing
    map, of the share each product sells at that level (a product's shares add up to 100
    at most; what is missing is shown as "unknown").
    """
    products, by_level, by_channel, countries = source(scope).market(TOP_COUNTRIES)

    def stacked(label, category, choices, totals, key, n):
        bar = StackedBar(label, n, url=link(commodity=category) if category else link())
        for code, choice_label in choices:
            total = sum(v for (c, k), v in totals.items() if k == code and (category is None or c == category))
            if total:
                bar.segments.append(
                    Segment(code, choice_label, percent(total, n * 100), link(commodity=category, **{key: code}))
                )
        return bar.layout()

    categories = [(code, label) for code, label in CommodityGroup.choices if products.get(code)]
    all_products = sum(products.values())
    level_bars, channel_bars = [], []
    if all_products:
        level_bars.append(
            stacked(_("Semua komoditas"), None, MarketArea.Level.choices, by_level, "market_level", all_products)
        )
        channel_bars.append(
            stacked(_("Semua komoditas"), None, MarketArea.Channel.choices, by_channel, "channel", all_products)
        )
    for code, label in categories:
        level_bars.append(stacked(label, code, MarketArea.Level.choices, by_level, "market_level", products[code]))
        channel_bars.append(stacked(label, code, MarketArea.Channel.choices, by_channel, "channel", products[code]))
    return {
        "levels": level_bars,
        "channels": channel_bars,
        "level_legend": MarketArea.Level.choices,
        "channel_legend": MarketArea.Channel.choices,
        "countries": bars(
            Bar(
                places.country_name(row["country"]) or row["country"],
                row["businesses"],
                angka(row["businesses"]),
                link(market_level=MarketArea.Level.EKSPOR, country=row["country"]),
                ngettext("%(n)s produk", "%(n)s produk", row["products"]) % {"n": angka(row["products"])},
            )
            for row in countries
        ),
    }


def needs_and_aid(scope: Scope, link, names=None):
    """Needs against confirmed delivered aid, per kecamatan and per kind; repeated aid;
    unanswered needs; and, apart, the aid owners reported themselves."""
    names = kecamatan_names(scope) if names is None else names
    src = source(scope)
    needs = src.needs()
    # Confirmed delivered aid, and apart from it (never added to it) the aid owners reported
    # themselves, in one query. A business lies in one kecamatan, so per-kind sums of the
    # distinct counts per kecamatan stay distinct.
    aid = {}
    aid_value = {}
    reported = {}
    for kecamatan, kind, n, value, n_reported in src.aid_rows():
        if n:
            aid[(kecamatan, kind)] = n
            aid_value[kind] = aid_value.get(kind, 0) + (value or 0)
        reported[kind] = reported.get(kind, 0) + n_reported

    unanswered = src.unanswered()
    repeated = src.repeated()
    repeat_list = src.repeat_list(TOP_REPEATS)
    kinds = dict(AidKind.choices)
    for row in repeat_list:
        row["business__name"] = row.pop("business_name")
        row["kind_label"] = kinds.get(row["kind"], row["kind"])
        row["url"] = link.profile(row["business"])
        row["value_text"] = rupiah_short(row["value"])

    def total(table, kind):
        return sum(n for (_kecamatan, k), n in table.items() if k == kind)

    summary = []
    for kind, label in AidKind.choices:
        need_total, aid_total = total(needs, kind), total(aid, kind)
        summary.append(
            {
                "kind": kind,
                "label": label,
                "need": need_total,
                "need_url": link(need=kind),
                "aid": aid_total,
                "aid_url": link(aid=kind),
                "aid_value": rupiah_short(aid_value[kind]) if aid_value.get(kind) else "",
                "reported": reported.get(kind, 0),
                "reported_url": link(reported_aid=kind),
                "unanswered": unanswered.get(kind, 0),
                "unanswered_url": link(need=kind, unanswered=True),
                "repeated": repeated.get(kind, 0),
                "repeated_url": link(repeated_aid=kind),
            }
        )
    rows = []
    for code, name in names.items():
        cells = []
        for kind in MAIN_AID_KINDS:
            cells.append(
                {
                    "need": needs.get((code, kind), 0),
                    "need_url": link(kecamatan=code, need=kind),
                    "aid": aid.get((code, kind), 0),
                    "aid_url": link(kecamatan=code, aid=kind),
                }
            )
        rows.append({"code": code, "name": name, "cells": cells})
    return {
        "kinds": [(kind, kinds[kind]) for kind in MAIN_AID_KINDS],
        "rows": rows,
        "summary": summary,
        "repeats": repeat_list,
        "unanswered_bars": bars(
            Bar(row["label"], row["unanswered"], angka(row["unanswered"]), row["unanswered_url"])
            for row in summary
            if row["need"]
        ),
    }


def certification(scope: Scope, link):
    """Share of food IKM with a valid P-IRT and halal certificate; expired and expiring certificates."""
    today = scope.today
    # Businesses making food, and those of them holding a valid certificate of a kind (on any
    # product), counted over the food makers only. `pk IN (subquery)` lets PostgreSQL hash
    # each set once (hashed SubPlan); EXISTS per business ran three index probes for each
    # of 100,000 businesses (3.5 s).
    src = source(scope)
    row = src.food_row(today)
    certificates = scope.certifications()
    kinds = src.certificate_kinds(today, scope.expiring_until())
    labels = dict(Certification.Kind.choices)
    for kind in kinds:
        kind["label"] = labels.get(kind["kind"], kind["kind"])
        kind["url"] = link(cert=kind["kind"])
    # Live: the ten soonest expiries, picked first and then loaded with their product and
    # business. Picked with the join, PostgreSQL hashed the whole product table before the
    # top-10 sort (79 ms with every filter set); alone, it walks certification_expiry and
    # probes each certificate's product (the filters), a few ms.
    soonest_ids = list(
        certificates.filter(expires_on__gte=today, expires_on__lte=scope.expiring_until())
        .order_by("expires_on", "pk")
        .values_list("pk", flat=True)[:SOONEST_EXPIRIES]
    )
    soonest = list(
        Certification.objects.filter(pk__in=soonest_ids)
        .select_related("product__business")
        .order_by("expires_on", "pk")
    )
    for certificate in soonest:
        certificate.profile_url = link.profile(certificate.product.business_id)
    food = row["food"]
    coverage = []
    for kind, label, have in (
        (Certification.Kind.PIRT, _("dengan P-IRT berlaku"), row["food_pirt"]),
        (Certification.Kind.HALAL, _("dengan sertifikat halal berlaku"), row["food_halal"]),
    ):
        share = percent(have, food)
        coverage.append(
            {
                "kind": kind,
                "label": label,
                "count": have,
                "share": share,
                "share_text": percent_text(share),
                "width": str(share or 0),
                "url": link(commodity=CommodityGroup.FOOD, cert=kind),
                "missing": food - have,
                "missing_url": link(cert_missing=kind),
            }
        )
    return {
        "food": food,
        "food_url": link(commodity=CommodityGroup.FOOD),
        "coverage": coverage,
        "kinds": kinds,
        "expired": sum(kind["expired"] for kind in kinds),
        "expiring": sum(kind["expiring"] for kind in kinds),
        "expired_url": link(cert_expired=True),
        "expiring_url": link(cert_expiring=True),
        "soonest": soonest,
        "expiring_until": scope.expiring_until(),
    }


def all_panels(scope: Scope, link):
    """Every panel of the dashboard page, in a fixed number of queries."""
    names = kecamatan_names(scope)
    panels = {"trends": trends(scope, link)}  # first: it fixes the reference year
    panels["headline"] = headline(scope, link)
    panels["kecamatan"] = by_kecamatan(scope, link, names)
    panels["commodity"] = by_commodity(scope, link)
    panels["kbli"] = by_kbli(scope, link)
    panels["top_products"] = top_products(scope, link)
    panels["market"] = market_map(scope, link)
    panels["needs"] = needs_and_aid(scope, link, names)
    panels["certification"] = certification(scope, link)
    panels["cycle"] = cycle.cycle(scope, link)
    cycle.apply_year_values(panels["headline"], panels["cycle"])
    return panels
