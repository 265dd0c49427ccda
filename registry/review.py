"""Reads for Dinas staff (/dinas/): what changed since the last verification, duplicate
candidates, and the completeness score computed by the database.

Each function works on a page of businesses at once in a fixed number of queries.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from accounts.models import User
from tuban_ikm import personal

from .models import Business, Desa, Kbli, MarketArea, Product, ProductionReport, ProductPhoto
from .selectors import SIMILAR_NAME_RATIO, mask_phone, names_are_similar, normalize_business_name

# Bookkeeping that is not the owner's data: never part of "what changed".
NOT_COMPARED = {
    "id",
    "created_at",
    "updated_at",
    "version",
    "verification_status",
    "verification_note",
    "fields_to_fix",
    "submitted_at",
    "verified_at",
    "verified_by",
    "published_snapshot",
    "completeness_checks_passed",  # derived from the other fields (completeness_store.py)
    *Business.GENERATED_FIELDS,
}
PERSONAL_FIELDS = personal.fields_of(Business)
PRODUCT_FIELDS = (
    "name",
    "category",
    "kbli",
    "sku",
    "unit",
    "installed_capacity_per_month",
    "production_capacity_per_month",
    "price",
    "description",
)


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str


@dataclass
class ProductChange:
    product_id: int
    name: str
    kind: str  # "added", "removed" or "changed"
    changes: list = field(default_factory=list)


@dataclass
class Review:
    """What changed in one business since it was last verified (everything, if never)."""

    verified_before: bool
    changes: list
    product_changes: list

    @property
    def is_empty(self):
        return not self.changes and not self.product_changes

    @property
    def summary(self):
        """ "15 isian berubah, 3 perubahan produk": the queue's line per profile (said here
        rather than by two blocktranslate tags per profile, a tenth of the queue's rendering)."""
        fields = len(self.changes)
        text = ngettext("%(counter)s isian berubah", "%(counter)s isian berubah", fields) % {"counter": fields}
        if self.product_changes:
            products = len(self.product_changes)
            text += ", " + ngettext("%(counter)s perubahan produk", "%(counter)s perubahan produk", products) % {
                "counter": products
            }
        return text


def business_fields():
    return [f for f in Business._meta.concrete_fields if f.name not in NOT_COMPARED and not f.generated]


def _label(model_field):
    return _label_in(model_field, get_language())


@lru_cache(maxsize=512)
def _label_in(model_field, language):
    # Per field and language: the queue labels about 370 changed fields a page.
    text = str(model_field.verbose_name)
    return text[:1].upper() + text[1:]


class _Formatter:
    """Readable values; related rows are looked up once for the whole page."""

    def __init__(self, rows):
        ids = defaultdict(set)
        for row in rows:
            for name, model in (("desa_id", Desa), ("kbli_id", Kbli), ("owner_id", User)):
                value = getattr(row, name, None)
                if value is not None:
                    ids[model].add(value)
        self.related = {
            Desa: {d.pk: str(d) for d in Desa.objects.filter(pk__in=ids[Desa]).select_related("kecamatan")},
            Kbli: {k.pk: str(k) for k in Kbli.objects.filter(pk__in=ids[Kbli])},
            User: {u.pk: u.get_username() for u in User.objects.filter(pk__in=ids[User])},
        }

    def __call__(self, model_field, value):
        if value in (None, ""):
            return "—"
        if model_field.is_relation:
            return self.related.get(model_field.related_model, {}).get(value, str(value))
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("Ya") if value else _("Tidak")
        if isinstance(value, Decimal):
            return f"{value.normalize():f}"
        return str(value)


def _value(row, model_field):
    return getattr(row, model_field.attname, None)


def _same(a, b):
    if a in (None, "") and b in (None, ""):
        return True
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        try:
            return Decimal(str(a)) == Decimal(str(b))
        except (ArithmeticError, ValueError):
            return False
    return a == b


def _baselines(model, businesses):
    """The history row of each business as it was when last verified, in two queries."""
    verified = [b for b in businesses if b.verified_at]
    if not verified:
        return {}
    history = model.history.model
    latest = (
        history.objects.filter(id=OuterRef("pk"), history_date__lte=OuterRef("verified_at"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    ids = (
        Business.objects.filter(pk__in=[b.pk for b in verified])
        .annotate(baseline=Subquery(latest))
        .values_list("baseline", flat=True)
    )
    return {row.id: row for row in history.objects.filter(history_id__in=[i for i in ids if i])}


def review_changes(businesses, *, show_personal=True):
    """{business pk: Review} for a page of businesses whose products are prefetched.

    A verified business is compared with its history row as of `verified_at`; one never
    verified shows every filled field. Products are compared with their own history as of
    the same moment: added, removed and changed products with their fields.
    """
    businesses = list(businesses)
    baselines = _baselines(Business, businesses)
    fields = business_fields()
    product_fields = [Product._meta.get_field(name) for name in PRODUCT_FIELDS]

    # Product history up to the latest verification on this page: one query.
    verified_at = {b.pk: b.verified_at for b in businesses if b.pk in baselines}
    product_baselines = defaultdict(dict)
    if verified_at:
        rows = Product.history.model.objects.filter(
            business_id__in=list(verified_at), history_date__lte=max(verified_at.values())
        ).order_by("history_date", "history_id")
        for row in rows:
            if row.history_date <= verified_at[row.business_id]:
                product_baselines[row.business_id][row.id] = row  # later rows replace earlier ones

    current_products = {b.pk: list(b.products.all()) for b in businesses}
    format_value = _Formatter(
        [*businesses, *baselines.values(), *(p for ps in current_products.values() for p in ps)]
        + [row for rows in product_baselines.values() for row in rows.values()]
    )

    reviews = {}
    for business in businesses:
        baseline = baselines.get(business.pk)
        changes = []
        for model_field in fields:
            new = _value(business, model_field)
            old = _value(baseline, model_field) if baseline is not None else None
            if _same(old, new) or (baseline is None and model_field.has_default() and new == model_field.default):
                continue
            hidden = model_field.name in PERSONAL_FIELDS and not show_personal
            changes.append(
                FieldChange(
                    model_field.name,
                    _label(model_field),
                    _("(disembunyikan)") if hidden else format_value(model_field, old),
                    _("(berubah)") if hidden else format_value(model_field, new),
                )
            )
        product_changes = []
        before = {pk: row for pk, row in product_baselines[business.pk].items() if row.history_type != "-"}
        for product in current_products[business.pk]:
            old_row = before.pop(product.pk, None)
            if old_row is None:
                product_changes.append(ProductChange(product.pk, product.name, "added"))
                continue
            diffs = [
                FieldChange(f.name, _label(f), format_value(f, _value(old_row, f)), format_value(f, _value(product, f)))
                for f in product_fields
                if not _same(_value(old_row, f), _value(product, f))
            ]
            if diffs:
                product_changes.append(ProductChange(product.pk, product.name, "changed", diffs))
        for pk, row in before.items():
            product_changes.append(ProductChange(pk, row.name, "removed"))
        reviews[business.pk] = Review(baseline is not None, changes, product_changes)
    return reviews


# --- Completeness in the database -----------------------------------------------------------

COMPLETENESS_CHECKS = 14  # the checks of completeness.business_completeness


def _flag(condition):
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def product_facts(business=None):
    """The product-side facts the completeness checks read, as database expressions for a
    query whose rows refer to the business as `business` (default: the row's own pk; a
    membership passes OuterRef("business_id")). completeness_points adds them up;
    completeness.completeness_from_facts names the missing items from them without loading
    every product, photo, market area and report (the drive page's 50 members: 40 ms of
    building model instances in Python)."""
    business = OuterRef("pk") if business is None else business
    products = Product.objects.filter(business=business)
    return {
        "has_products": Exists(products),
        "details_missing": Exists(
            products.filter(
                Q(price__isnull=True)
                | Q(production_capacity_per_month__isnull=True)
                | Q(production_capacity_per_month=0)
            )
        ),
        "without_photo": Exists(products.filter(~Exists(ProductPhoto.objects.filter(product=OuterRef("pk"))))),
        "without_market": Exists(products.filter(~Exists(MarketArea.objects.filter(product=OuterRef("pk"))))),
        "has_report": Exists(ProductionReport.objects.filter(product__business=business)),
    }


def completeness_points():
    """How many of the 14 completeness checks a business passes, as a database expression
    (the same rules as completeness.business_completeness, which a test holds them to)."""
    facts = product_facts()
    has_products = facts["has_products"]
    details_missing = facts["details_missing"]
    without_photo = facts["without_photo"]
    without_market = facts["without_market"]
    has_report = facts["has_report"]
    checks = [
        ~Q(legal_form=""),
        Q(nib__isnull=False) & ~Q(nib=""),
        Q(kbli__isnull=False),
        Q(year_started__isnull=False),
        ~Q(phone="") | ~Q(email=""),
        ~Q(address="") & Q(desa__isnull=False),
        Q(workers_male__gt=0) | Q(workers_female__gt=0),
        Q(investment__isnull=False),
        Q(yearly_sales__isnull=False),
        Q(has_products),
        Q(has_products) & ~Q(details_missing),
        Q(has_products) & ~Q(without_photo),
        Q(has_products) & ~Q(without_market),
        Q(has_report),
    ]
    total = _flag(checks[0])
    for condition in checks[1:]:
        total = total + _flag(condition)
    return total


# Buckets of the completeness score (in %) and the points that fall in each:
# score = round(100 * points / 14).
COMPLETENESS_BUCKETS = [
    ("0-24", gettext_lazy("0–24%"), 0, 3),
    ("25-49", gettext_lazy("25–49%"), 4, 6),
    ("50-74", gettext_lazy("50–74%"), 7, 10),
    ("75-99", gettext_lazy("75–99%"), 11, 13),
    ("100", gettext_lazy("100%"), 14, 14),
]


def completeness_bucket_condition(key):
    for bucket_key, _label_text, low, high in COMPLETENESS_BUCKETS:
        if bucket_key == key:
            return Q(completeness_points__gte=low, completeness_points__lte=high)
    return None


# --- Duplicate candidates ---------------------------------------------------------------------


@dataclass
class DuplicatePair:
    first: Business
    second: Business
    reasons: list


def _name_key(business):
    return normalize_business_name(business.name)


def duplicate_pairs(queryset=None, *, limit=500):
    """Pairs of businesses that are probably one: the same NIB (after normalisation), the
    same phone, or a similar name in the same desa (selectors.names_are_similar).

    One query loads the few columns needed; grouping and name comparison happen in Python,
    per desa, so the work grows with the size of a desa rather than of the whole registry.
    """
    queryset = (queryset if queryset is not None else Business.objects.all()).select_related("desa__kecamatan")
    rows = list(
        queryset.only("name", "nib", "phone", "desa__name", "desa__kecamatan__name", "status").order_by("desa_id", "pk")
    )
    pairs = {}

    def add(a, b, reason):
        if a.pk > b.pk:
            a, b = b, a
        pair = pairs.setdefault((a.pk, b.pk), DuplicatePair(a, b, []))
        if reason not in pair.reasons:
            pair.reasons.append(reason)

    by_nib, by_phone, by_desa = defaultdict(list), defaultdict(list), defaultdict(list)
    for business in rows:
        nib = "".join(ch for ch in business.nib or "" if ch.isdigit())
        if nib:
            by_nib[nib].append(business)
        if business.phone:
            by_phone[business.phone].append(business)
        by_desa[business.desa_id].append(business)
        business.masked_phone = mask_phone(business.phone)
    for groups, reason in ((by_nib, _("NIB sama")), (by_phone, _("Nomor telepon sama"))):
        for group in groups.values():
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    add(a, b, reason)
    similar = _("Nama mirip di desa yang sama")
    for group in by_desa.values():
        keys = [(_name_key(b), b) for b in group]
        keys = [(key, b) for key, b in keys if key]
        keys.sort(key=lambda item: len(item[0]))
        for i, (key_a, a) in enumerate(keys):
            for key_b, b in keys[i + 1 :]:
                # Sorted by length, and SequenceMatcher's ratio is at most 2*min/(len a + len b):
                # once that bound is too low, no longer name can match either.
                too_long = 2 * len(key_a) / (len(key_a) + len(key_b)) < SIMILAR_NAME_RATIO
                if too_long and key_a.replace(" ", "") != key_b.replace(" ", ""):
                    break
                if names_are_similar(a.name, b.name):
                    add(a, b, similar)
        if len(pairs) >= limit:
            break
    return sorted(pairs.values(), key=lambda p: (p.first.desa_id, p.first.name))[:limit]
