"""The catalogue's vocabulary for typo-tolerant search on PostgreSQL (catalogue.search):
the distinct lexemes of the published products, filled on publishing. Nothing happens on
other databases."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE TABLE IF NOT EXISTS catalogue_searchword (word text PRIMARY KEY)")
    schema_editor.execute(
        "INSERT INTO catalogue_searchword (word) "
        "SELECT word FROM ts_stat('SELECT search_vector FROM catalogue_publishedproduct') "
        "ON CONFLICT (word) DO NOTHING"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TABLE IF EXISTS catalogue_searchword")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_list_order_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
