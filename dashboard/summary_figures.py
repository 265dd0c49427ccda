"""The raw figures of the dashboard's panels, from the summary (models.SummaryCell).

Each method returns what the matching live query in figures.LiveSource returns, so the
panels lay out both the same way and the tests compare them. Every query reads one slice of
the cube: `kind`, `commodity`, `kbli` (the leading columns of the unique index) and the
global filters. At 100,000 businesses a slice is a few thousand rows (see README "Kinerja").
"""

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from registry.models import Business, Certification, CommodityGroup, Kbli, Product
from reporting.models import PeriodReport

from . import summary
from .models import SummaryAidDelivery, SummaryCell, SummaryProductYear
from .scope import NO_CLASS, _within, business_name

ZERO = Decimal(0)


def usable(scope):
    """The summary answers for every user who sees all businesses, with the global filters
    only (drill-downs are list filters) and a year from the floor on."""
    cached = getattr(scope, "_summary_usable", None)
    if cached is not None:
        return cached
    f = scope.filters
    result = (
        not scope.base.query.has_filters()
        and not f.drilled()
        and (f.year is None or f.year >= summary.STARTED_FLOOR)
        and summary.is_built()
    )
    scope._summary_usable = result
    return result


class SummarySource:
    def __init__(self, scope):
        self.scope = scope
        f = scope.filters
        q = Q(commodity=f.commodity or "", kbli=f.kbli or 0)
        if f.kecamatan:
            q &= Q(kecamatan=f.kecamatan)
        if f.industry_class == NO_CLASS:
            q &= Q(industry_class="")
        elif f.industry_class:
            q &= Q(industry_class=f.industry_class)
        if f.year:
            q &= Q(started__lte=f.year)
        self.q = q

    def cells(self, kind, **filters):
        return SummaryCell.objects.filter(self.q, kind=kind, **filters)

    # --- headline ------------------------------------------------------------------------

    def headline_row(self, counts):
        row = {name: 0 for name in counts}
        row.update({"workers_male": None, "workers_female": None, "investment": None})
        for status, umkm, klass, n, verified, male, female, investment in (
            self.cells("b")
            .values_list("key", "key2", "industry_class")
            .annotate(Sum("n1"), Sum("n2"), Sum("d1"), Sum("d2"), Sum("d3"))
            .order_by()
        ):
            row["total"] += n
            row["verified"] += verified
            row[f"status_{status}"] = row.get(f"status_{status}", 0) + n
            row[f"class_{klass}" if klass else "class_none"] += n
            row[f"umkm_{umkm}" if umkm else "umkm_none"] += n
            if status == Business.Status.ACTIVE:
                row["workers_male"] = (row["workers_male"] or 0) + int(male)
                row["workers_female"] = (row["workers_female"] or 0) + int(female)
                row["investment"] = (row["investment"] or ZERO) + investment
        return row

    def product_count(self):
        return self.cells("p").aggregate(n=Coalesce(Sum("n1"), 0))["n"]

    # --- trends, kecamatan, commodity, KBLI --------------------------------------------

    def trend_rows(self):
        rows = []
        cells = self.cells("t")
        if self.scope.filters.year:
            cells = cells.filter(year=self.scope.filters.year)
        for year, value, raw, raw_known, businesses in (
            cells.values_list("year").annotate(Sum("d1"), Sum("d2"), Sum("n1"), Sum("n2")).order_by("year")
        ):
            if not businesses:
                continue
            rows.append({"year": year, "value": value, "raw": raw if raw_known else None, "businesses": businesses})
        return rows

    def kecamatan_counts(self):
        return {
            kecamatan: {"count": n, "workers": workers}
            for kecamatan, n, workers in self.cells("b")
            .values_list("kecamatan")
            .annotate(Sum("n1"), Sum("n4"))
            .order_by()
            if n
        }

    def kecamatan_values(self, year):
        return dict(self.cells("t", year=year).values_list("kecamatan").annotate(Sum("d1")).order_by())

    def commodity_made(self):
        return {
            category: {"businesses": businesses, "products": products}
            for category, businesses, products in self.cells("p")
            .values_list("key")
            .annotate(Sum("n2"), Sum("n1"))
            .order_by()
            if products
        }

    def commodity_values(self, year):
        rows = self.cells("r", year=year).values_list("key").annotate(Sum("d1"), Sum("n2")).order_by()
        return {category: value for category, value, reports in rows if reports}

    def kbli_rows(self):
        # Grouped first, then joined to the KBLI codes (a subquery per cell ran 3 x 7,000 times).
        sql, params = (
            self.cells("k").values("key").annotate(n=Sum("n1")).filter(n__gt=0).order_by().query.sql_with_params()
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT g.key, g.n, k.code, k.version, k.title FROM ({sql}) g "
                f"LEFT JOIN {Kbli._meta.db_table} k ON k.id = CAST(NULLIF(g.key, '') AS integer)",
                params,
            )
            rows = [
                {"kbli": int(key) if key else None, "kbli__code": code, "kbli__version": version}
                | {"kbli__title": title, "count": n}
                for key, n, code, version, title in cursor.fetchall()
            ]
        nulls_first = connection.vendor == "sqlite"  # as the live ORDER BY kbli__code sorts them
        return sorted(
            rows,
            key=lambda row: (
                -row["count"],
                (row["kbli__code"] is None) != nulls_first,
                row["kbli__code"] or "",
            ),
        )

    def top_product_rows(self, year, limit):
        f = self.scope.filters
        qs = SummaryProductYear.objects.filter(year=year)
        if f.commodity:
            qs = qs.filter(commodity=f.commodity)
        if f.kbli:
            qs = qs.filter(kbli=f.kbli)
        if f.kecamatan:
            qs = qs.filter(kecamatan=f.kecamatan)
        if f.industry_class:
            qs = qs.filter(industry_class="" if f.industry_class == NO_CLASS else f.industry_class)
        if f.year:
            qs = qs.filter(started__lte=f.year)
        return list(
            qs.order_by("-value", "product_id").values(
                "product",
                "product__name",
                "product__category",
                "product__unit",
                "product__business",
                "product__business__name",
                "value",
                "quantity",
            )[:limit]
        )

    # --- markets -------------------------------------------------------------------------

    def market(self, limit):
        products = {k: n for k, n in self.cells("mp").values_list("key").annotate(Sum("n1")).order_by() if n}
        by_level, by_channel = {}, {}
        for kind, category, code, total in (
            SummaryCell.objects.filter(self.q, kind__in=("ml", "mc"))
            .values_list("kind", "key", "key2")
            .annotate(Sum("d1"))
            .order_by()
        ):
            if category in products:
                (by_level if kind == "ml" else by_channel)[(category, code)] = total
        countries = [
            {"country": country, "products": n, "businesses": businesses, "share": share}
            for country, n, businesses, share in self.cells("ex")
            .values_list("key")
            .annotate(n=Sum("n1"), businesses=Sum("n2"), share=Sum("d1"))
            .filter(n__gt=0)
            .order_by("-businesses", "-n", "key")[:limit]
        ]
        return products, by_level, by_channel, countries

    # --- needs and aid -------------------------------------------------------------------

    def needs(self):
        return {
            (kecamatan, kind): n
            for kecamatan, kind, n in self.cells("ne").values_list("kecamatan", "key").annotate(Sum("n1")).order_by()
            if n
        }

    def aid_rows(self):
        year = self.scope.filters.year or 0
        return [
            (kecamatan, kind, n, value, reported)
            for kecamatan, kind, n, value, reported in self.cells("ai", year=year)
            .values_list("kecamatan", "key")
            .annotate(Sum("n1"), Sum("d1"), Sum("n2"))
            .order_by()
            if n or reported
        ]

    def unanswered(self):
        year = self.scope.filters.year
        answered = Q(year__gt=year) if year else Q(key2="")
        return {
            kind: n
            for kind, n in self.cells("un").filter(answered).values_list("key").annotate(Sum("n1")).order_by()
            if n
        }

    def repeated(self):
        year = self.scope.filters.year
        condition = Q(year__lte=year) if year else Q(key2="1")
        return {
            kind: n
            for kind, n in self.cells("rp").filter(condition).values_list("key").annotate(Sum("n1")).order_by()
            if n
        }

    def repeat_list(self, limit):
        # The few deliveries of businesses that had a kind more than once (SummaryAidDelivery),
        # regrouped up to the filter's year; within the filtered businesses like the live list.
        rows = SummaryAidDelivery.objects.all()
        if self.scope.filters.year:
            rows = rows.filter(year__lte=self.scope.filters.year)
        businesses = self.scope.businesses()
        if businesses.query.has_filters():
            rows = rows.filter(business_id__in=businesses.values("pk"))
        return list(
            rows.values("kind", business=F("business_id"))
            .annotate(times=Sum("times"), value=Sum("value"))
            .filter(times__gt=1)
            .annotate(business_name=Subquery(business_name("business_id")))
            .order_by("-times", "business_name", "business", "kind")[:limit]
        )

    # --- certificates --------------------------------------------------------------------

    def food_row(self, today):
        # fp/fh: food makers by the month of their latest validity of the kind ("9999-12"
        # without end): cells after this month hold, the ones whose validity ends this month
        # are counted live (valid today, nothing of the kind valid beyond the month): a range
        # scan of certification_expiry, then two index probes per candidate. By day, the
        # slice was 37,000 cells and 10 ms.
        this_month = today.isoformat()[:7]
        next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        row = {"food": 0, "food_pirt": 0, "food_halal": 0}
        for kind, n in (
            SummaryCell.objects.filter(self.q)
            .filter(Q(kind="fo") | Q(kind__in=("fp", "fh"), key__gt=this_month))
            .values_list("kind")
            .annotate(Sum("n1"))
            .order_by()
        ):
            row[{"fo": "food", "fp": "food_pirt", "fh": "food_halal"}[kind]] = n
        # From the certificates that end this month (a few hundred; outer side of nested
        # loops): a probe for a food product and one for a later certificate per business.
        # Written from the businesses' side, PostgreSQL hashed all 107,000 food products (60 ms).
        business = OuterRef("product__business")
        food_maker = Product.objects.filter(business=business, category=CommodityGroup.FOOD)
        later = Certification.objects.filter(kind=OuterRef("kind"), product__business=business).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=next_month)
        )
        ending = Certification.objects.filter(
            kind__in=(Certification.Kind.PIRT, Certification.Kind.HALAL),
            expires_on__gte=today,
            expires_on__lt=next_month,
        )
        names = {Certification.Kind.PIRT: "food_pirt", Certification.Kind.HALAL: "food_halal"}
        for kind, n in (
            _within(ending, "product__business", self.scope.businesses())
            .filter(Exists(food_maker))
            .exclude(Exists(later))
            .values_list("kind")
            .annotate(Count("product__business", distinct=True))
            .order_by()
        ):
            row[names[kind]] += n
        return row

    def certificate_kinds(self, today, until):
        # Cells count certificates by month of expiry (35,000 cells without filters at 100,000
        # businesses; by day they were 70,000 and this query took 30 ms, two thirds of it
        # aggregating). What is expired or expiring moves every day, so the two months that
        # hold a boundary, today's and the horizon's, are counted live: a range scan of the
        # index certification_expiry (about two months of certificates, a few thousand rows).
        first = today.replace(day=1)
        horizon = until.replace(day=1)
        after_horizon = (horizon + timedelta(days=32)).replace(day=1)
        this_month, horizon_month = first.isoformat()[:7], horizon.isoformat()[:7]
        dated = ~Q(key2="")
        kinds = {}
        for kind, total, expired, expiring in (
            self.cells("c")
            .values_list("key")
            .annotate(
                total=Sum("n1"),
                expired=Sum("n1", filter=dated & Q(key2__lt=this_month)),
                expiring=Sum("n1", filter=Q(key2__gt=this_month, key2__lt=horizon_month)),
            )
            .order_by()
        ):
            if total:
                kinds[kind] = {"kind": kind, "total": total, "expired": expired or 0, "expiring": expiring or 0}
        next_month = (first + timedelta(days=32)).replace(day=1)
        boundary = self.scope.certifications().filter(
            Q(expires_on__gte=first, expires_on__lt=next_month)
            | Q(expires_on__gte=horizon, expires_on__lt=after_horizon)
        )
        for kind, expired, expiring in (
            boundary.values_list("kind")
            .annotate(
                expired=Count("pk", filter=Q(expires_on__lt=today)),
                expiring=Count("pk", filter=Q(expires_on__gte=today, expires_on__lte=until)),
            )
            .order_by()
        ):
            if kind in kinds:
                kinds[kind]["expired"] += expired
                kinds[kind]["expiring"] += expiring
        return [kinds[kind] for kind in sorted(kinds)]

    # --- reporting cycle -------------------------------------------------------------------

    def period_rows(self):
        # Asked = report rows per period, counted live (one grouped count on the report table):
        # opening a period asks every active business at once, which would otherwise mean
        # refreshing the whole summary inside Dinas's request. Answered figures come from the cube.
        asked = {
            (row["period__year"], row["period__semester"]): row["asked"]
            for row in PeriodReport.objects.filter(business__in=self.scope.businesses())
            .values("period__year", "period__semester")
            .annotate(asked=Count("pk"))
            .order_by()
        }
        answered_cells = {}
        for key, answered, male, female, investment in (
            self.cells("pe").values_list("key").annotate(Sum("n2"), Sum("d1"), Sum("d2"), Sum("d3")).order_by()
        ):
            year, semester = (int(part) for part in key.split("-"))
            answered_cells[(year, semester)] = (answered, male, female, investment)
        rows = []
        for (year, semester), count in sorted(asked.items()):
            if not count:
                continue
            answered, male, female, investment = answered_cells.get((year, semester), (0, 0, 0, 0))
            rows.append(
                {
                    "period__year": year,
                    "period__semester": semester,
                    "asked": count,
                    "answered": answered,
                    "workers_male": int(male) if answered else None,
                    "workers_female": int(female) if answered else None,
                    "investment": investment if answered else None,
                }
            )
        return rows

    def capacity_rows(self, year):
        rows = []
        for category, reports, ratio in (
            self.cells("r", year=year).values_list("key").annotate(Sum("n1"), Sum("d2")).order_by("key")
        ):
            if reports:
                rows.append({"product__category": category, "utilisation": ratio / reports, "reports": reports})
        return rows

    def raw_materials(self, year):
        return dict(self.cells("rw", year=year).values_list("key").annotate(Sum("d1")).order_by())

    # --- map -------------------------------------------------------------------------------

    def desa_counts(self):
        return {desa: n for desa, n in self.cells("d").values_list("key").annotate(Sum("n1")).order_by() if n}

    def desa_values(self, year):
        return dict(self.cells("dv", year=year).values_list("key").annotate(Sum("d1")).order_by())

    def business_count(self):
        return self.cells("b").aggregate(n=Coalesce(Sum("n1"), 0))["n"]
