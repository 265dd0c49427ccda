"""Which records a dashboard page, list or export is about.

The filters (year, kecamatan, commodity or KBLI, class, and the drill-downs a figure links
to) select a set of businesses; every panel and every export starts from that set, so one
filter applies everywhere the same way. Nothing here runs a query by itself: each method
returns a lazy QuerySet that the figures aggregate in the database and the exports iterate.

Definitions (also shown on the dashboard):
- year Y: production reports and assistance of year Y; businesses that had started by Y
  (or whose start year is unknown);
- commodity G: businesses whose KBLI is in G or that make a product in G; product-level
  figures count only the products in G (likewise for a KBLI);
- production counts reports that were submitted or verified (drafts are unfinished,
  returned ones known to be wrong);
- aid is "delivered" once handed over or monitored, and counted only when an aid programme
  or Dinas recorded it; aid an owner reported (Assistance.Source.OWNER) is counted apart as
  "dilaporkan pemilik" and never answers a need.
"""

from dataclasses import dataclass, fields, replace
from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from organizations.models import Membership
from registry import thresholds
from registry.models import (
    Assistance,
    Business,
    Certification,
    CommodityGroup,
    MarketArea,
    Need,
    Product,
    ProductionReport,
)

COUNTED_REPORT_STATUSES = (ProductionReport.Status.SUBMITTED, ProductionReport.Status.VERIFIED)
DELIVERED_AID_STATUSES = (Assistance.Status.HANDED_OVER, Assistance.Status.MONITORED)
CONFIRMED_AID = Q(source__in=Assistance.CONFIRMED_SOURCES)
REPORTED_AID = Q(source=Assistance.Source.OWNER)
DELIVERED_CONFIRMED_AID = CONFIRMED_AID & Q(status__in=DELIVERED_AID_STATUSES)
NO_CLASS = "none"


@dataclass(frozen=True)
class Filters:
    """The filters of one page, named as in the URL by PARAMS."""

    year: int | None = None
    kecamatan: str = ""
    commodity: str = ""
    kbli: int | None = None
    industry_class: str = ""
    # Drill-downs: what a figure on the dashboard links to.
    desa: str = ""
    status: str = ""
    verification: str = ""
    umkm_class: str = ""
    need: str = ""
    unanswered: bool = False
    aid: str = ""
    reported_aid: str = ""
    repeated_aid: str = ""
    cert: str = ""
    cert_missing: str = ""
    cert_expired: bool = False
    cert_expiring: bool = False
    market_level: str = ""
    channel: str = ""
    country: str = ""
    producing: bool = False

    GLOBAL = ("year", "kecamatan", "commodity", "kbli", "industry_class")

    def params(self, **overrides):
        """URL parameters of these filters (empty ones left out), with some changed."""
        # Plain attribute reads: asdict() deep-copies, and the dashboard builds about 370
        # links per page (15 ms of its time at 100,000 businesses).
        result = {}
        for name, param in PARAMS.items():
            value = overrides[name] if name in overrides else getattr(self, name)
            if value in (None, "", False):
                continue
            result[param] = "1" if value is True else str(value)
        return result

    def query(self, **overrides):
        params = self.params(**overrides)
        return "?" + urlencode(params) if params else ""

    def global_only(self):
        return Filters(**{name: getattr(self, name) for name in self.GLOBAL})

    def drilled(self):
        return self != self.global_only()

    def with_(self, **changes):
        return replace(self, **changes)


# Attribute -> URL parameter (in Indonesian: officials read and share these links).
PARAMS = {
    "year": "tahun",
    "kecamatan": "kecamatan",
    "commodity": "komoditas",
    "kbli": "kbli",
    "industry_class": "kelas",
    "desa": "desa",
    "status": "status",
    "verification": "verifikasi",
    "umkm_class": "kelas_umkm",
    "need": "kebutuhan",
    "unanswered": "belum_dijawab",
    "aid": "bantuan",
    "reported_aid": "bantuan_dilaporkan",
    "repeated_aid": "bantuan_berulang",
    "cert": "sertifikat",
    "cert_missing": "tanpa_sertifikat",
    "cert_expired": "sertifikat_kedaluwarsa",
    "cert_expiring": "sertifikat_segera_habis",
    "market_level": "jangkauan",
    "channel": "saluran",
    "country": "negara",
    "producing": "berproduksi",
}
assert set(PARAMS) == {field.name for field in fields(Filters)}, "every filter needs its URL parameter"


def valid_certificates(today):
    return Q(expires_on__isnull=True) | Q(expires_on__gte=today)


def business_name(outer_field):
    """The name of the business whose id is the outer query's `outer_field`, as a subquery."""
    return Business.objects.filter(pk=OuterRef(outer_field)).values("name")[:1]


def _within(queryset, relation, parents):
    """`queryset` limited to rows whose `relation` is in `parents`, or unlimited when
    `parents` is a whole table (no filter: Dinas without filters). The semi-join
    `product_id IN (SELECT id FROM product WHERE business_id IN (SELECT id FROM business))`
    costs PostgreSQL a hash of every parent row for nothing: at 100,000 businesses it made
    the per-kecamatan production value take 15 s instead of under one."""
    if not parents.query.has_filters():
        return queryset
    return queryset.filter(**{f"{relation}__in": parents})


class Scope:
    """The querysets behind one set of filters, within the businesses a user may see
    (`Scope.for_user`) or all of them (the command line). `today` is fixed per scope."""

    def __init__(self, filters=None, *, businesses=None, today=None):
        self.filters = filters or Filters()
        self.base = businesses if businesses is not None else Business.objects.all()
        self.today = today or timezone.localdate()
        self._reference_year = None

    @classmethod
    def for_user(cls, user, filters=None, **kwargs):
        return cls(filters, businesses=Business.objects.visible_to(user), **kwargs)

    # --- Businesses ---------------------------------------------------------------------

    def businesses(self):
        f = self.filters
        qs = self.base
        if f.kecamatan:
            qs = qs.filter(desa__kecamatan_id=f.kecamatan)
        if f.desa:
            qs = qs.filter(desa_id=f.desa)
        if f.commodity:
            qs = qs.filter(Q(kbli__group=f.commodity) | Exists(self._own_products().filter(category=f.commodity)))
        if f.kbli:
            qs = qs.filter(Q(kbli_id=f.kbli) | Exists(self._own_products().filter(kbli_id=f.kbli)))
        if f.industry_class == NO_CLASS:
            qs = qs.filter(industry_class__isnull=True)
        elif f.industry_class:
            qs = qs.filter(industry_class=f.industry_class)
        if f.year:
            qs = qs.filter(Q(year_started__isnull=True) | Q(year_started__lte=f.year))
        return self._drill(qs)

    def _own_products(self):
        return Product.objects.filter(business=OuterRef("pk"))

    def _drill(self, qs):
        f = self.filters
        if f.status:
            qs = qs.filter(status=f.status)
        if f.verification:
            qs = qs.filter(verification_status=f.verification)
        if f.umkm_class == NO_CLASS:
            qs = qs.filter(umkm_class_by_capital__isnull=True)
        elif f.umkm_class:
            qs = qs.filter(umkm_class_by_capital=f.umkm_class)
        if f.need:
            needs = Need.objects.filter(business=OuterRef("pk"), kind=f.need)
            qs = qs.filter(Exists(needs))
            if f.unanswered:
                qs = qs.exclude(Exists(self.answering_aid().filter(business=OuterRef("pk"), kind=f.need)))
        if f.aid:
            delivered = Assistance.objects.filter(CONFIRMED_AID, status__in=DELIVERED_AID_STATUSES, kind=f.aid)
            if f.year:
                delivered = delivered.filter(year=f.year)
            qs = qs.filter(Exists(delivered.filter(business=OuterRef("pk"))))
        if f.reported_aid:
            reported = Assistance.objects.filter(REPORTED_AID, kind=f.reported_aid)
            if f.year:
                reported = reported.filter(year=f.year)
            qs = qs.filter(Exists(reported.filter(business=OuterRef("pk"))))
        if f.repeated_aid:
            repeated = (
                self.answering_aid()
                .filter(kind=f.repeated_aid)
                .values("business")
                .annotate(times=Count("pk"))
                .filter(times__gt=1)
                .values("business")
            )
            qs = qs.filter(pk__in=repeated)
        if f.cert:
            qs = qs.filter(Exists(self._valid_certificates(f.cert).filter(product__business=OuterRef("pk"))))
        if f.cert_missing:
            # "Food IKM without P-IRT": makes food, holds no valid certificate of that kind.
            qs = qs.filter(Exists(self._own_products().filter(category=CommodityGroup.FOOD))).exclude(
                Exists(self._valid_certificates(f.cert_missing).filter(product__business=OuterRef("pk")))
            )
        if f.cert_expired:
            qs = qs.filter(Exists(Certification.objects.expired(self.today).filter(product__business=OuterRef("pk"))))
        if f.cert_expiring:
            expiring = Certification.objects.expiring_within(thresholds.CERTIFICATE_EXPIRING_SOON_DAYS, self.today)
            qs = qs.filter(Exists(expiring.filter(product__business=OuterRef("pk"))))
        if f.market_level or f.channel or f.country:
            markets = self._market_drill(MarketArea.objects.filter(product__business=OuterRef("pk")))
            if f.commodity:
                markets = markets.filter(product__category=f.commodity)
            qs = qs.filter(Exists(markets))
        if f.producing:
            reports = ProductionReport.objects.filter(
                status__in=COUNTED_REPORT_STATUSES, product__business=OuterRef("pk")
            )
            if f.year:
                reports = reports.filter(year=f.year)
            if f.commodity:
                reports = reports.filter(product__category=f.commodity)
            qs = qs.filter(Exists(reports))
        return qs

    def _market_drill(self, qs):
        f = self.filters
        if f.market_level:
            qs = qs.filter(level=f.market_level)
        if f.channel:
            qs = qs.filter(channel=f.channel)
        if f.country:
            qs = qs.filter(country=f.country)
        return qs

    def _valid_certificates(self, kind):
        return Certification.objects.filter(valid_certificates(self.today), kind=kind)

    # --- What belongs to those businesses --------------------------------------------------

    def products(self):
        f = self.filters
        qs = _within(Product.objects.all(), "business", self.businesses())
        if f.commodity:
            qs = qs.filter(category=f.commodity)
        if f.kbli:
            qs = qs.filter(Q(kbli_id=f.kbli) | Q(kbli__isnull=True, business__kbli_id=f.kbli))
        return qs

    def reports(self, *, counted=True, year=None):
        """Production reports of the products in scope, of the filter's year (or `year`)."""
        qs = _within(ProductionReport.objects.all(), "product", self.products())
        if counted:
            qs = qs.filter(status__in=COUNTED_REPORT_STATUSES)
        year = year or self.filters.year
        if year:
            qs = qs.filter(year=year)
        return qs

    def reference_year(self):
        """The filter's year, else the latest year with counted production (one query, cached)."""
        if self.filters.year:
            return self.filters.year
        if self._reference_year is None:
            latest = self.reports().aggregate(year=Max("year"))["year"]
            self._reference_year = latest or self.today.year
        return self._reference_year

    def set_reference_year(self, latest):
        """Fix the reference year from figures already fetched (saves the query above)."""
        if not self.filters.year:
            self._reference_year = latest or self.today.year

    def market_areas(self):
        return self._market_drill(_within(MarketArea.objects.all(), "product", self.products()))

    def certifications(self):
        return _within(Certification.objects.all(), "product", self.products())

    def needs(self):
        return _within(Need.objects.all(), "business", self.businesses())

    def assistance(self, *, delivered=False, reported=False):
        """Assistance of the businesses in scope: all of it (exports), confirmed delivered aid
        (`delivered`), or what owners reported themselves (`reported`)."""
        qs = _within(Assistance.objects.all(), "business", self.businesses())
        if delivered:
            qs = qs.filter(DELIVERED_CONFIRMED_AID)
        if reported:
            qs = qs.filter(REPORTED_AID)
        if self.filters.year:
            qs = qs.filter(year=self.filters.year)
        return qs

    def answering_aid(self):
        """Confirmed delivered aid that can answer a need: any year, or up to the filter's year."""
        qs = Assistance.objects.filter(CONFIRMED_AID, status__in=DELIVERED_AID_STATUSES)
        if self.filters.year:
            qs = qs.filter(year__lte=self.filters.year)
        return qs

    def memberships(self):
        return _within(Membership.objects.all(), "business", self.businesses())

    def expiring_until(self):
        return self.today + timedelta(days=thresholds.CERTIFICATE_EXPIRING_SOON_DAYS)


def filters_from_data(data):
    """Filters from a validated filter form's cleaned_data (invalid fields are already gone)."""
    values = {}
    for name in (f.name for f in fields(Filters)):
        value = data.get(name)
        if value in (None, ""):
            continue
        if hasattr(value, "pk"):
            value = value.pk
        values[name] = value
    return Filters(**values)
