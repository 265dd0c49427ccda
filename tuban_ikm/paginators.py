"""Counting at a province's scale.

An exact COUNT(*) reads every row (PostgreSQL keeps no row count): at 100,000 businesses the
admin's unfiltered list spent more time counting than showing its 100 rows. Where the
total of a whole table is only shown ("about 100,000"), the planner's estimate (pg_class,
kept by ANALYZE and autovacuum) is enough; a filtered list still counts exactly.
"""

import json

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, Window
from django.utils.functional import cached_property

# Below this estimate an exact count is cheap and the estimate's error would show.
EXACT_BELOW = 10_000


def estimated_count(queryset):
    """Rows of `queryset` estimated from the table statistics, or None when the queryset is
    filtered, the database is not PostgreSQL or the table was never analysed."""
    if queryset.query.has_filters() or queryset.query.distinct or queryset.query.combinator:
        return None
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [queryset.model._meta.db_table])
        row = cursor.fetchone()
    if not row or row[0] is None or row[0] < EXACT_BELOW:
        return None
    return int(row[0])


def count_or_estimate(queryset, exact_below=EXACT_BELOW):
    """(number, estimated): the exact count of a filtered queryset when it is below
    `exact_below`, else (on PostgreSQL) the planner's estimate of its rows, never below
    `exact_below`. Counting stops at `exact_below` rows (a LIMIT in a subquery), so a large
    total costs that many index entries, not all of them: the review queue's 69,000
    submitted production reports took 6-9 ms to count exactly, the capped count and the
    estimate (EXPLAIN) about 1 ms. Shown with "sekitar" when estimated."""
    capped = queryset.order_by()[:exact_below].count()
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return (capped if capped < exact_below else queryset.count()), False
    # Asked whatever the count, so that a page makes as many queries at 1,000 businesses as
    # at 100,000 (bench/pages.py compares them).
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        (plan,) = cursor.fetchone()
    if capped < exact_below:
        return capped, False
    if isinstance(plan, str):
        plan = json.loads(plan)
    return max(int(plan[0]["Plan"]["Plan Rows"]), exact_below), True


class EstimatedCountPaginator(Paginator):
    """A Paginator whose count of a whole large table is the planner's estimate; `estimated`
    says so, and the admin's list shows "sekitar" before it (templates/admin/pagination.html)."""

    _estimated = False

    @cached_property
    def count(self):
        estimate = estimated_count(self.object_list) if hasattr(self.object_list, "query") else None
        self._estimated = estimate is not None
        return super().count if estimate is None else estimate

    @property
    def estimated(self):
        self.count  # noqa: B018 - counting decides whether the total is an estimate
        return self._estimated


class KeysFirstPaginator(Paginator):
    """For a list whose order reads every matching row anyway (a search ranked by relevance:
    no index gives that order), the page's keys and the total come from one narrow query,
    `SELECT id, COUNT(*) OVER () ... ORDER BY .. LIMIT`, and then only the page's rows are
    read in full with the listing's joins and subqueries, by key.

    Measured on the catalogue (100,000 businesses, 99,000 published products, "batik" 3,770
    matches): ranking the full rows chose a parallel sequential scan and sorted 3,770 wide
    rows (36-47 ms) on top of a separate COUNT (5-9 ms); the narrow query is 9-12 ms (the
    bitmap of the two GIN indexes plus ts_rank of each match) and the page's 24 rows 1 ms.
    The number of queries stays the same (keys with total, then rows, instead of count then
    rows). Not for an order an index can walk (by name, newest, price): there the window
    would make PostgreSQL read every match in index order (200-350 ms instead of a few ms).

    Same pages, rows and numbering as Paginator: a page number past the end or an invalid one
    falls back to Paginator's own rules (then with a COUNT)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.orphans:
            raise ValueError("KeysFirstPaginator does not merge orphans into the last page")

    def get_page(self, number):
        try:
            wanted = int(number)  # as Paginator.validate_number reads the query string
        except (TypeError, ValueError):
            wanted = 1
        if wanted >= 1 and "count" not in self.__dict__:
            bottom = (wanted - 1) * self.per_page
            keyed = list(
                self.object_list.prefetch_related(None)
                .annotate(_total=Window(Count("*")))
                .values_list("pk", "_total")[bottom : bottom + self.per_page]
            )
            if keyed or wanted == 1:  # nothing on the first page: no match at all
                self.__dict__["count"] = keyed[0][1] if keyed else 0  # the cached_property Paginator.count
                if keyed or self.allow_empty_first_page:
                    return self._get_page(self._rows([pk for pk, _total in keyed]), wanted, self)
        return super().get_page(number)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        keys = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        return self._get_page(self._rows(keys), number, self)

    def _rows(self, keys):
        # The same queryset (filters, annotations, order) limited to the page's keys: the
        # rows come back in the page's order.
        return list(self.object_list.filter(pk__in=keys))
