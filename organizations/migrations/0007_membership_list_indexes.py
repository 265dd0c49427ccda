"""The member list's order and application indexes, and on PostgreSQL trigram indexes for
its search (`icontains` is UPPER(column) LIKE UPPER('%...%'), so the indexes are on
UPPER(...); pg_trgm as in catalogue 0002). SQLite searches by scanning, as before."""

from django.db import migrations, models

TRIGRAM_INDEXES = {
    "membership_business_name_trgm": "UPPER(business_name)",
    "membership_number_trgm": "UPPER(member_number)",
}


def trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON organizations_membership USING gin ({expression} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("organizations", "0006_membership_business_name")]

    operations = [
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(fields=["umbrella", "status", "business_name", "id"], name="membership_list_order"),
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(
                condition=models.Q(("status", "diajukan")),
                fields=["umbrella", "created_at", "id"],
                name="membership_applications",
            ),
        ),
        migrations.RunPython(trigram_indexes, drop_trigram_indexes),
    ]
