"""Counting at a province's scale.

An exact COUNT(*) reads every row (PostgreSQL keeps no row count): at 100,000 businesses the
admin's unfiltered list spent more time counting than showing its 100 rows. Where the
total of a whole table is only shown ("about 100,000"), the planner's estimate (pg_class,
kept by ANALYZE and autovacuum) is enough; a filtered list still counts exactly.
"""

from django.core.paginator import Paginator
from django.db import connections
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


class EstimatedCountPaginator(Paginator):
    """A Paginator whose count of a whole large table is the planner's estimate."""

    @cached_property
    def count(self):
        estimate = estimated_count(self.object_list) if hasattr(self.object_list, "query") else None
        return super().count if estimate is None else estimate
