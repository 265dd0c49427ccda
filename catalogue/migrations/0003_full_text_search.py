"""Full-text search on PostgreSQL: a generated tsvector of the catalogue's search text with a
GIN index, in a text search configuration `ikm_simple` (the `simple` dictionary after
`unaccent`, so "kópi" and "kopi" are one word and no Indonesian word is stemmed away).
The trigram index of 0002 stays for typos (pg_trgm `<%`). The column is not a model field:
the database fills it, the search reads it through SQL (catalogue.selectors). Nothing
happens on other databases (SQLite in development), which search substrings instead."""

from django.db import migrations

FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'ikm_simple') THEN
            CREATE TEXT SEARCH CONFIGURATION ikm_simple (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION ikm_simple
                ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
                WITH unaccent, simple;
        END IF;
    END $$""",
    # to_tsvector with a constant configuration is immutable, so it may fill a generated column.
    "ALTER TABLE catalogue_publishedproduct ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('ikm_simple'::regconfig, search_text)) STORED",
    "CREATE INDEX IF NOT EXISTS catalogue_product_search_fts ON catalogue_publishedproduct USING gin (search_vector)",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS catalogue_product_search_fts",
    "ALTER TABLE catalogue_publishedproduct DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS ikm_simple",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARDS:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARDS:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_trigram_search")]

    operations = [migrations.RunPython(forwards, backwards)]
