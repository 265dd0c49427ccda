"""Migrations that change the summary's form convert a built summary instead of asking for a
rebuild: certificate cells by day become cells by month, and so do the stored facts that a
later refresh takes away again."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("dashboard", "0005_summary_aid_delivery")
AFTER = ("dashboard", "0006_certificate_cells_by_month")


def fact(kind, key, key2, n):
    return [kind, 0, key, key2, None, None, n, 0, 0, 0, "0", "0", "0"]


@pytest.mark.django_db(transaction=True)
def test_certificate_cells_by_day_become_cells_by_month():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([BEFORE])
        state = executor.loader.project_state([BEFORE]).apps
        Cell = state.get_model("dashboard", "SummaryCell")
        Business = state.get_model("dashboard", "SummaryBusiness")
        common = {"commodity": "", "kbli": 0, "kecamatan": "35.23.08", "industry_class": "", "started": 2015}
        Cell.objects.create(kind="c", key="pirt", key2="2026-12-01", n1=1, **common)
        Cell.objects.create(kind="c", key="pirt", key2="2026-12-20", n1=2, **common)
        Cell.objects.create(kind="c", key="pirt", key2="", n1=4, **common)  # without expiry: kept
        Cell.objects.create(kind="c", key="halal", key2="2027-01-05", n1=8, **common)
        Cell.objects.create(kind="fp", key="2027-01-05", n1=16, **common)
        Cell.objects.create(kind="fp", key="2027-01-31", n1=32, **common)
        Cell.objects.create(kind="b", key="aktif", key2="mikro", n1=64, **common)  # other kinds untouched
        facts = [fact("c", "pirt", "2026-12-20", 1), fact("fp", "2027-01-31", "", 1), fact("p", "batik", "", 1)]
        Business.objects.create(business_id=7, facts={"dims": ["35.23.08", "", 2015], "g": [], "k": [], "f": facts})

        executor = MigrationExecutor(connection)
        executor.migrate([AFTER])
        state = executor.loader.project_state([AFTER]).apps
        Cell = state.get_model("dashboard", "SummaryCell")
        cells = sorted(Cell.objects.values_list("kind", "key", "key2", "n1"))
        assert cells == [
            ("b", "aktif", "mikro", 64),
            ("c", "halal", "2027-01", 8),
            ("c", "pirt", "", 4),
            ("c", "pirt", "2026-12", 3),
            ("fp", "2027-01", "", 48),
        ]
        stored = state.get_model("dashboard", "SummaryBusiness").objects.get(business_id=7).facts["f"]
        assert [row[:4] for row in stored] == [
            ["c", 0, "pirt", "2026-12"],
            ["fp", 0, "2027-01", ""],
            ["p", 0, "batik", ""],
        ]
    finally:
        MigrationExecutor(connection).migrate(leaves)
