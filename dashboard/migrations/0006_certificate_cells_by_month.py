"""Certificate cells count by month instead of by day: kind "c" by month of expiry (key2),
kinds "fp"/"fh" by month of the latest validity (key). The cells are regrouped in SQL and
each business's stored facts rewritten, so a built summary stays built (and right) without
a rebuild."""

from django.db import migrations

KEYS = ["kind", "commodity", "kbli", "kecamatan", "industry_class", "started", "year", "key", "key2"]
MEASURES = ["n1", "n2", "n3", "n4", "d1", "d2", "d3"]
# kind(s) -> the key column that held a day and now holds its month
BY_MONTH = {("c",): "key2", ("fp", "fh"): "key"}


def cells_by_month(apps, schema_editor):
    table = apps.get_model("dashboard", "SummaryCell")._meta.db_table
    sums = ", ".join(f"SUM({m})" for m in MEASURES)
    with schema_editor.connection.cursor() as cursor:
        for kinds, column in BY_MONTH.items():
            grouped = ", ".join(f"SUBSTR({k}, 1, 7)" if k == column else k for k in KEYS)
            where = f"kind IN ({', '.join(repr(kind) for kind in kinds)}) AND LENGTH({column}) > 7"
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(KEYS)}, {', '.join(MEASURES)}) "
                f"SELECT {grouped}, {sums} FROM {table} WHERE {where} GROUP BY {grouped}"
            )
            cursor.execute(f"DELETE FROM {table} WHERE {where}")
    # Stored facts: [kind, year, key, key2, commodity, kbli, n1.., d1..] (summary.compute).
    position = {"c": 3, "fp": 2, "fh": 2}
    SummaryBusiness = apps.get_model("dashboard", "SummaryBusiness")
    last = -1
    while True:
        batch = list(SummaryBusiness.objects.filter(business_id__gt=last).order_by("business_id")[:2000])
        if not batch:
            break
        last = batch[-1].business_id
        changed = []
        for row in batch:
            facts = row.facts.get("f", []) if isinstance(row.facts, dict) else []
            dated = [fact for fact in facts if fact[0] in position and len(fact[position[fact[0]]]) > 7]
            for fact in dated:
                fact[position[fact[0]]] = fact[position[fact[0]]][:7]
            if dated:
                changed.append(row)
        SummaryBusiness.objects.bulk_update(changed, ["facts"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0005_summary_aid_delivery")]

    operations = [migrations.RunPython(cells_by_month, migrations.RunPython.noop)]
