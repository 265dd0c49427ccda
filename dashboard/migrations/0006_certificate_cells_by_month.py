"""Certificate cells (kind "c") count by month of expiry instead of by day: the cells are
regrouped in SQL and each business's stored facts rewritten, so a built summary stays
built (and right) without a rebuild."""

from django.db import migrations

CELL_KEYS = "kind, commodity, kbli, kecamatan, industry_class, started, year, key"
MEASURES = ["n1", "n2", "n3", "n4", "d1", "d2", "d3"]


def cells_by_month(apps, schema_editor):
    table = apps.get_model("dashboard", "SummaryCell")._meta.db_table
    sums = ", ".join(f"SUM({m})" for m in MEASURES)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({CELL_KEYS}, key2, {', '.join(MEASURES)}) "
            f"SELECT {CELL_KEYS}, SUBSTR(key2, 1, 7), {sums} FROM {table} "
            f"WHERE kind = 'c' AND LENGTH(key2) > 7 GROUP BY {CELL_KEYS}, SUBSTR(key2, 1, 7)"
        )
        cursor.execute(f"DELETE FROM {table} WHERE kind = 'c' AND LENGTH(key2) > 7")
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
            dated = [fact for fact in facts if fact[0] == "c" and len(fact[3]) > 7]
            for fact in dated:
                fact[3] = fact[3][:7]
            if dated:
                changed.append(row)
        SummaryBusiness.objects.bulk_update(changed, ["facts"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0005_summary_aid_delivery")]

    operations = [migrations.RunPython(cells_by_month, migrations.RunPython.noop)]
