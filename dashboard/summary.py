"""The dashboard's summary (models.SummaryCell): what each business adds, kept current on write.

`refresh_for_businesses(ids)` is the one entry point for every write: it recomputes the facts
of those businesses from the registry (about ten queries for any number of them), takes their
old contribution away and adds the new one in the same transaction. Model signals call it for
single saves and deletes (dashboard/signals.py); bulk writes send `registry.signals.
businesses_changed` (connected here) or call it directly; `rebuild()` recomputes all.

A business's facts are rows `[kind, year, key, key2, commodity, kbli, n1, n2, n3, n4, d1, d2, d3]`;
`commodity`/`kbli` are None for business-level figures (the same in every facet) and the
product's group and effective KBLI (its own, else the business's) for product-level ones.

KINDS (n/d columns per kind; "flag": 1 per business, however many of its rows add up there):
  b   key status, key2 UMKM class: n1 businesses, n2 verified, n4 workers (m+f, any status),
      d1/d2 workers male/female (active), d3 investment (active)
  k   key own KBLI id: n1 businesses            d   key desa: n1 businesses
  ne  key need kind: n1 businesses with it      un  key need kind, year first answering aid
      (9999 none), key2 "1" when any answering aid: n1 needs
  ai  year (0 all years), key aid kind: n1 flag delivered confirmed, d1 its value, n2 flag reported
  rp  key aid kind, year of the 2nd answering aid, key2 "1" with 2 or more: n1 businesses
  fo  n1 food makers; fp/fh key month of the latest validity (YYYY-MM, 9999-12 without end):
      n1 food makers with P-IRT/halal
  pe  key "year-semester": n1 asked, n2 answered, d1/d2 workers, d3 investment (answered)
  rw  year, key origin: d1 raw material value (answered reports)
  p   key group: n1 products, n2 flag           t   year: d1 value, d2 raw, n1 raw known, n2 flag
  r   year, key group: d1 value, n1 reports with capacity, d2 sum of utilisation %, n2 products
  dv  year, key desa: d1 value                  mp  key group: n1 products with a market map
  ml/mc key group, key2 level/channel: d1 share sum
  ex  key country (export): n1 products, n2 flag, d1 share sum
  c   key certificate kind, key2 month of expiry (YYYY-MM, "" none): n1 certificates
"""

import io
from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum

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
from reporting.models import PeriodRawMaterial, PeriodReport

from .models import SummaryAidDelivery, SummaryBusiness, SummaryCell, SummaryProductYear, SummaryState

# A year filter before this year is computed live (every earlier start year shares one bucket).
STARTED_FLOOR = 2015
NEVER = 9999
FOREVER = "9999-12-31"
COUNTED_REPORT_STATUSES = (ProductionReport.Status.SUBMITTED, ProductionReport.Status.VERIFIED)
DELIVERED = (Assistance.Status.HANDED_OVER, Assistance.Status.MONITORED)
FLAGS = {"p": (1,), "t": (1,), "ex": (1,)}
KEY_FIELDS = ["kind", "commodity", "kbli", "kecamatan", "industry_class", "started", "year", "key", "key2"]
MEASURES = ["n1", "n2", "n3", "n4", "d1", "d2", "d3"]
CHUNK = 2000
ZERO = Decimal(0)


def started_bucket(year_started):
    if year_started is None or year_started <= STARTED_FLOOR:
        return STARTED_FLOOR
    return year_started


_built = False


def is_built():
    """Whether the summary is complete. Cached once true: rebuild() replaces the state row in
    its own transaction, so from outside it never goes away; a flush (post_migrate) or a
    deleted state row in this process clears the cache."""
    global _built
    if not _built:
        _built = SummaryState.objects.exists()
    return _built


def forget_built(**kwargs):
    global _built
    _built = False


# --- Facts of a set of businesses ------------------------------------------------------------


def _row(kind, n=(), d=(), year=0, key="", key2="", commodity=None, kbli=None):
    n = list(n) + [0] * (4 - len(n))
    d = [str(v or ZERO) for v in d] + ["0"] * (3 - len(d))
    return [kind, year, key, key2, commodity, kbli, *n, *d]


def compute(businesses):
    """({business id: state}, [SummaryProductYear], [SummaryAidDelivery]) for a queryset of
    businesses; a state holds the business's filter values (dims), its facets (g, k) and its
    facts (f)."""
    rows = list(
        businesses.values_list(
            "pk",
            "desa_id",
            "desa__kecamatan_id",
            "industry_class",
            "year_started",
            "kbli_id",
            "kbli__group",
            "status",
            "verification_status",
            "umkm_class_by_capital",
            "workers_male",
            "workers_female",
            "investment",
        )
    )
    ids = [row[0] for row in rows]
    if not ids:
        return {}, [], []
    states = {}
    own_kbli = {}
    for pk, desa, kecamatan, klass, started, kbli, group, status, verification, umkm, male, female, inv in rows:
        active = status == Business.Status.ACTIVE
        own_kbli[pk] = kbli
        facts = [
            _row(
                "b",
                n=(1, int(verification == Business.Verification.VERIFIED), 0, male + female),
                d=(male if active else 0, female if active else 0, inv if active else 0),
                key=status,
                key2=umkm or "",
            ),
            _row("k", n=(1,), key=str(kbli or "")),
            _row("d", n=(1,), key=desa),
        ]
        states[pk] = {
            "dims": [kecamatan, klass or "", started_bucket(started)],
            "desa": desa,
            "g": {group} if group else set(),
            "k": {kbli} if kbli else set(),
            "f": facts,
        }

    products = {}
    for pk, business, category, kbli in Product.objects.filter(business_id__in=ids).values_list(
        "pk", "business_id", "category", "kbli_id"
    ):
        effective = kbli or own_kbli[business] or 0
        products[pk] = (business, category, effective)
        state = states[business]
        state["g"].add(category)
        if kbli:
            state["k"].add(kbli)
        state["f"].append(_row("p", n=(1, 1), key=category, commodity=category, kbli=effective))

    ratio = ExpressionWrapper(
        F("quantity") * 100 / F("installed_capacity"), output_field=DecimalField(max_digits=20, decimal_places=4)
    )
    with_capacity = Q(installed_capacity__gt=0)
    top = []
    for row in (
        ProductionReport.objects.filter(product__business_id__in=ids, status__in=COUNTED_REPORT_STATUSES)
        .values("product_id", "year")
        .annotate(
            value=Sum("production_value"),
            raw=Sum("raw_material_value"),
            raw_known=Count("raw_material_value"),
            quantity_sum=Sum("quantity"),
            capacity_reports=Count("pk", filter=with_capacity),
            utilisation_sum=Sum(ratio, filter=with_capacity),
        )
        .order_by()
    ):
        business, category, kbli = products[row["product_id"]]
        state = states[business]
        year = row["year"]
        facts = state["f"]
        common = {"year": year, "commodity": category, "kbli": kbli}
        facts.append(_row("t", n=(row["raw_known"], 1), d=(row["value"], row["raw"]), **common))
        facts.append(
            _row("r", n=(row["capacity_reports"], 1), d=(row["value"], row["utilisation_sum"]), key=category, **common)
        )
        facts.append(_row("dv", d=(row["value"],), key=state["desa"], **common))
        kecamatan, klass, started = state["dims"]
        top.append(
            SummaryProductYear(
                product_id=row["product_id"],
                business_id=business,
                year=year,
                commodity=category,
                kbli=kbli,
                kecamatan=kecamatan,
                industry_class=klass,
                started=started,
                value=row["value"],
                quantity=row["quantity_sum"],
            )
        )

    mapped = set()
    export = defaultdict(lambda: ZERO)
    levels, channels = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
    for product, level, channel, country, share in MarketArea.objects.filter(product__business_id__in=ids).values_list(
        "product_id", "level", "channel", "country", "share_percent"
    ):
        mapped.add(product)
        levels[(product, level)] += share
        channels[(product, channel)] += share
        if level == MarketArea.Level.EKSPOR and country:
            export[(product, country)] += share
    for product in mapped:
        business, category, kbli = products[product]
        states[business]["f"].append(_row("mp", n=(1,), key=category, commodity=category, kbli=kbli))
    for table, kind in ((levels, "ml"), (channels, "mc")):
        for (product, code), share in table.items():
            business, category, kbli = products[product]
            states[business]["f"].append(_row(kind, d=(share,), key=category, key2=code, commodity=category, kbli=kbli))
    for (product, country), share in export.items():
        business, category, kbli = products[product]
        states[business]["f"].append(_row("ex", n=(1, 1), d=(share,), key=country, commodity=category, kbli=kbli))

    until = defaultdict(dict)  # business -> kind -> latest validity
    for product, kind, expires in Certification.objects.filter(product__business_id__in=ids).values_list(
        "product_id", "kind", "expires_on"
    ):
        business, category, kbli = products[product]
        iso = expires.isoformat() if expires else ""
        # By month of expiry: the dashboard counts the month of today and of the warning
        # horizon live (SummarySource.certificate_kinds); by day, one slice was 70,000 cells.
        states[business]["f"].append(_row("c", n=(1,), key=kind, key2=iso[:7], commodity=category, kbli=kbli))
        iso = iso or FOREVER
        until[business][kind] = max(until[business].get(kind, ""), iso)
    food = {business for business, category, _kbli in products.values() if category == CommodityGroup.FOOD}
    for business in food:
        facts = states[business]["f"]
        facts.append(_row("fo", n=(1,)))
        for kind, name in ((Certification.Kind.PIRT, "fp"), (Certification.Kind.HALAL, "fh")):
            if kind in until[business]:
                facts.append(_row(name, n=(1,), key=until[business][kind][:7]))

    needs = defaultdict(int)
    for business, kind in Need.objects.filter(business_id__in=ids).values_list("business_id", "kind"):
        needs[(business, kind)] += 1
    answering = defaultdict(list)  # (business, kind) -> years of confirmed delivered aid
    deliveries = defaultdict(lambda: [0, None])  # (business, kind, year) -> times, value (None: none known)
    aid = defaultdict(lambda: [0, ZERO, 0])  # (business, kind, year) -> delivered, value, reported
    for business, kind, status, source, year, value in Assistance.objects.filter(business_id__in=ids).values_list(
        "business_id", "kind", "status", "source", "year", "value"
    ):
        delivered = status in DELIVERED and source in Assistance.CONFIRMED_SOURCES
        reported = source == Assistance.Source.OWNER
        if delivered:
            answering[(business, kind)].append(year)
            delivery = deliveries[(business, kind, year)]
            delivery[0] += 1
            if value is not None:
                delivery[1] = (delivery[1] or ZERO) + value
        if delivered or reported:
            for y in (0, year):
                cell = aid[(business, kind, y)]
                if delivered:
                    cell[0] = 1
                    cell[1] += value or ZERO
                if reported:
                    cell[2] = 1
    for (business, kind), count in needs.items():
        years = answering.get((business, kind), [])
        facts = states[business]["f"]
        facts.append(_row("ne", n=(1, count), key=kind))
        facts.append(_row("un", n=(count,), key=kind, year=min(years, default=NEVER), key2="1" if years else ""))
    for (business, kind, year), (delivered, value, reported) in aid.items():
        states[business]["f"].append(_row("ai", n=(delivered, reported), d=(value,), key=kind, year=year))
    for (business, kind), years in answering.items():
        if len(years) >= 2:
            second = sorted(years)[1]
            states[business]["f"].append(_row("rp", n=(1,), key=kind, year=second, key2="1"))
    repeats = [
        SummaryAidDelivery(business_id=business, kind=kind, year=year, times=times, value=value)
        for (business, kind, year), (times, value) in deliveries.items()
        if len(answering[(business, kind)]) >= 2
    ]

    for business, year, semester, status, male, female, investment in PeriodReport.objects.filter(
        business_id__in=ids
    ).values_list(
        "business_id", "period__year", "period__semester", "status", "workers_male", "workers_female", "investment"
    ):
        # Only answered reports: how many were asked is counted live (SummarySource.period_rows),
        # so that opening a period (a report row for every active business) changes nothing here.
        if status not in PeriodReport.ANSWERED:
            continue
        states[business]["f"].append(_row("pe", n=(1, 1), d=(male, female, investment), key=f"{year}-{semester}"))
    for row in (
        PeriodRawMaterial.objects.filter(report__business_id__in=ids, report__status__in=PeriodReport.ANSWERED)
        .values("report__business_id", "report__period__year", "origin")
        .annotate(value=Sum("value"))
        .order_by()
    ):
        states[row["report__business_id"]]["f"].append(
            _row("rw", d=(row["value"],), key=row["origin"], year=row["report__period__year"])
        )

    for state in states.values():
        state["g"] = sorted(state["g"])
        state["k"] = sorted(state["k"])
        state.pop("desa")
    return states, top, repeats


def contribution(state, sign=1):
    """{cell key: [n1..n4, d1..d3]} that one business adds (sign -1: takes away)."""
    kecamatan, klass, started = state["dims"]
    shared = {}  # business-level figures: the same in every facet
    by_product = {}  # (group, effective KBLI) -> product-level figures
    for kind, year, key, key2, g, k, *values in state["f"]:
        values = [int(v) for v in values[:4]] + [Decimal(v) for v in values[4:]]
        table = shared if g is None else by_product.setdefault((g, k), {})
        total = table.get((kind, year, key, key2))
        if total is None:
            table[(kind, year, key, key2)] = values
        else:
            for i, v in enumerate(values):
                total[i] += v
    result = {}
    for commodity in ["", *state["g"]]:
        for kbli in [0, *state["k"]]:
            mine = {}
            for (g, k), table in by_product.items():
                if (commodity and g != commodity) or (kbli and k != kbli):
                    continue
                for cell, values in table.items():
                    total = mine.get(cell)
                    if total is None:
                        mine[cell] = list(values)
                    else:
                        for i, v in enumerate(values):
                            total[i] += v
            for (kind, year, key, key2), values in shared.items():
                result[(kind, commodity, kbli, kecamatan, klass, started, year, key, key2)] = [sign * v for v in values]
            for (kind, year, key, key2), total in mine.items():
                for i in FLAGS.get(kind, ()):
                    total[i] = min(total[i], 1)
                result[(kind, commodity, kbli, kecamatan, klass, started, year, key, key2)] = [sign * v for v in total]
    return result


def _add(into, other):
    for cell, values in other.items():
        total = into.get(cell)
        if total is None:
            into[cell] = list(values)
        else:
            for i, v in enumerate(values):
                total[i] += v


def _upsert(deltas):
    """Add the deltas to the cells: one INSERT .. ON CONFLICT DO UPDATE per 500 cells, in key
    order (two writers lock the rows they share in the same order)."""
    rows = sorted((cell, values) for cell, values in deltas.items() if any(values))
    if not rows:
        return
    table = SummaryCell._meta.db_table
    columns = KEY_FIELDS + MEASURES
    updates = ", ".join(f"{m} = {table}.{m} + excluded.{m}" for m in MEASURES)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            part = rows[start : start + 500]
            placeholders = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(part))
            params = [value for cell, values in part for value in (*cell, *values)]
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES {placeholders} "
                f"ON CONFLICT ({', '.join(KEY_FIELDS)}) DO UPDATE SET {updates}",
                params,
            )


def refresh_for_businesses(ids):
    """Bring the summary up to date for these businesses (after they, or anything of theirs,
    changed or went away). Runs in the caller's transaction; a no-op before the first build."""
    ids = sorted({int(pk) for pk in ids if pk is not None})
    if not ids or not is_built():
        return
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            _refresh(ids[start : start + CHUNK])


def _refresh(ids):
    old = dict(SummaryBusiness.objects.select_for_update().filter(pk__in=ids).values_list("pk", "facts"))
    states, top, repeats = compute(Business.objects.filter(pk__in=ids))
    deltas = {}
    for pk in ids:
        if pk in old:
            _add(deltas, contribution(old[pk], -1))
        if pk in states:
            _add(deltas, contribution(states[pk]))
    _upsert(deltas)
    SummaryBusiness.objects.filter(pk__in=[pk for pk in old if pk not in states]).delete()
    SummaryBusiness.objects.bulk_create(
        [SummaryBusiness(business_id=pk, facts=state) for pk, state in states.items()],
        update_conflicts=True,
        unique_fields=["business_id"],
        update_fields=["facts"],
    )
    SummaryProductYear.objects.filter(business_id__in=ids).delete()
    SummaryProductYear.objects.bulk_create(top, batch_size=1000)
    SummaryAidDelivery.objects.filter(business_id__in=ids).delete()
    SummaryAidDelivery.objects.bulk_create(repeats, batch_size=1000)


def suspend():
    """Stop maintaining the summary (the dashboard computes live) until the next rebuild():
    for a bulk load such as seed_demo, which rebuilds once at its end."""
    SummaryState.objects.all().delete()


def rebuild(*, chunk=CHUNK, progress=None):
    """Recompute the whole summary from the registry (one transaction).

    Memory stays flat: the cells of a few chunks of businesses are summed in Python, then
    written to a temporary table, and one INSERT .. SELECT .. GROUP BY adds up the partial
    sums into the cells at the end. (Summing all cells in Python held 2.6 GB at 100,000
    businesses, and writing them through the ORM took most of the time.)"""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A maintenance run, not a page: the per-statement limit of web requests
            # (settings.DB_STATEMENT_TIMEOUT_MS) does not apply, and the final GROUP BY over
            # 4 million partial sums (40 s at 100,000 businesses) sorts in memory.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = 0")
                cursor.execute("SET LOCAL work_mem = '256MB'")
        SummaryCell.objects.all().delete()
        SummaryBusiness.objects.all().delete()
        SummaryProductYear.objects.all().delete()
        SummaryAidDelivery.objects.all().delete()
        SummaryState.objects.all().delete()
        staging = _Staging()
        totals = {}
        last = 0
        done = 0
        while True:
            ids = list(Business.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:chunk])
            if not ids:
                break
            last = ids[-1]
            states, top, repeats = compute(Business.objects.filter(pk__gte=ids[0], pk__lte=last))
            for state in states.values():
                _add(totals, contribution(state))
            if len(totals) >= FLUSH_CELLS:
                staging.write(totals)
                totals = {}
            SummaryBusiness.objects.bulk_create(
                [SummaryBusiness(business_id=pk, facts=state) for pk, state in states.items()], batch_size=1000
            )
            SummaryProductYear.objects.bulk_create(top, batch_size=2000)
            SummaryAidDelivery.objects.bulk_create(repeats, batch_size=2000)
            done += len(states)
            if progress:
                progress(done)
        staging.write(totals)
        staging.fold_into_cells()
        SummaryState.objects.create()
    return done


# Partial sums held in Python before they go to the temporary table (about 150 MB).
FLUSH_CELLS = 300_000


class _Staging:
    """A temporary table of partial cell sums, folded into SummaryCell by one GROUP BY."""

    name = "dashboard_summary_staging"

    def __init__(self):
        types = {
            "kind": "varchar(4)",
            "commodity": "varchar(30)",
            "kbli": "integer",
            "kecamatan": "varchar(8)",
            "industry_class": "varchar(20)",
            "started": "smallint",
            "year": "smallint",
            "key": "varchar(40)",
            "key2": "varchar(20)",
        }
        types |= {m: "bigint" if m.startswith("n") else "numeric(24, 4)" for m in MEASURES}
        columns = ", ".join(f"{connection.ops.quote_name(c)} {t}" for c, t in types.items())
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.name}")
            cursor.execute(f"CREATE TEMPORARY TABLE {self.name} ({columns})")

    def write(self, totals):
        rows = ((*cell, *values) for cell, values in totals.items() if any(values))
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                self._copy(cursor, rows)
            else:
                placeholders = ", ".join(["%s"] * (len(KEY_FIELDS) + len(MEASURES)))
                cursor.executemany(f"INSERT INTO {self.name} VALUES ({placeholders})", rows)

    def _copy(self, cursor, rows):
        # COPY .. FROM STDIN: text format, tab separated (keys are codes, dates and enum values;
        # escaped anyway).
        def text(value):
            return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")

        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join(text(v) for v in row))
            buffer.write("\n")
        buffer.seek(0)
        cursor.cursor.copy_expert(f"COPY {self.name} FROM STDIN", buffer)

    def fold_into_cells(self):
        """Add up the partial sums into the cells, in key order: a slice of the cube (kind,
        facet) then lies on neighbouring pages (unsorted, the 70,000 certificate cells of one
        slice were spread over 19,000 pages)."""
        q = connection.ops.quote_name
        keys = ", ".join(q(c) for c in KEY_FIELDS)
        sums = ", ".join(f"SUM({m})" for m in MEASURES)
        nonzero = " OR ".join(f"SUM({m}) <> 0" for m in MEASURES)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {SummaryCell._meta.db_table} ({keys}, {', '.join(MEASURES)}) "
                f"SELECT {keys}, {sums} FROM {self.name} GROUP BY {keys} HAVING {nonzero} ORDER BY {keys}"
            )
            cursor.execute(f"DROP TABLE {self.name}")


def on_businesses_changed(sender, business_ids, **kwargs):
    refresh_for_businesses(business_ids)
