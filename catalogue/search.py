"""PostgreSQL search of the catalogue: full-text on a generated tsvector, typos through a
vocabulary of the catalogue's words.

Plan (EXPLAIN ANALYZE at 100,000 businesses, 55,000 published products): matching the
trigram operator `'krupuk' <% search_text` on every product cost 1.9 s (a sequential scan:
the planner prices word_similarity as cheap) and 230 ms even through the trigram index,
because each candidate row is rechecked with word_similarity. Instead each query word is
first looked up in `catalogue_searchword`, the distinct lexemes of the catalogue (a few
hundred to a few thousand rows, so word_similarity over all of them takes about a
millisecond): "krupuk" becomes `krupuk:* | kerupuk | krupik`, and the products are found by
the GIN index of the tsvector alone (plus the trigram index for substrings, "rupuk").

The vocabulary is filled when a business is published (`remember_words`) and rebuilt by
`publish_catalogue`. A word left over from an unpublished product only adds an alternative
that matches nothing. Nothing here runs on SQLite: the migrations create the column, the
configuration and the table on PostgreSQL only.
"""

from django.db import connection

from .models import PublishedProduct

TABLE = "catalogue_searchword"
WORD_SIMILARITY = 0.45  # "krupuk" ~ "kerupuk" 0.71, "batk" ~ "batik" 0.6, "trasi" ~ "terasi" 0.67
ALTERNATIVES = 8  # closest vocabulary words per query word


def enabled():
    return connection.vendor == "postgresql"


def remember_words(published_business_ids=None):
    """Add the lexemes of some published businesses' products (a list of ids; None: all) to the
    vocabulary."""
    if not enabled():
        return
    products = f"SELECT search_vector FROM {PublishedProduct._meta.db_table}"
    if published_business_ids is not None:
        ids = [int(pk) for pk in published_business_ids]
        if not ids:
            return
        products += f" WHERE business_id IN ({', '.join(map(str, ids))})"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (word) SELECT word FROM ts_stat(%s) ON CONFLICT (word) DO NOTHING", [products]
        )


def rebuild_words():
    """The vocabulary from the published products as they are now."""
    if not enabled():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
    remember_words()


def _quote(lexeme):
    return "'" + lexeme.replace("'", "''") + "'"


def word_queries(words):
    """One tsquery per search word: the word as a prefix, or a close word of the vocabulary.
    One SQL query for all the words."""
    alternatives = {index: [] for index in range(len(words))}
    fuzzy = [(index, word) for index, word in enumerate(words) if len(word) >= 3]
    if fuzzy:
        parts, params = [], []
        for index, word in fuzzy:
            # Only a word the catalogue does not know (no lexeme starts with it) is taken for
            # a typo: "batik" is not widened to "batu", "krupuk" is widened to "kerupuk".
            parts.append(
                f"(SELECT {index}, word FROM {TABLE} "
                f"WHERE NOT EXISTS (SELECT 1 FROM {TABLE} WHERE word LIKE %s) AND word_similarity(%s, word) >= %s "
                f"ORDER BY word_similarity(%s, word) DESC, word LIMIT {ALTERNATIVES})"
            )
            params += [word.replace("\\", "").replace("%", "").replace("_", "\\_") + "%", word, WORD_SIMILARITY, word]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for index, lexeme in cursor.fetchall():
                alternatives[index].append(lexeme)
    return [
        " | ".join([f"{_quote(word)}:*", *(_quote(lexeme) for lexeme in alternatives[index])])
        for index, word in enumerate(words)
    ]
