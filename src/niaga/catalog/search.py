"""Full-text search over product names and descriptions, per database.

PostgreSQL: a GIN index over a weighted tsvector ('simple' config: Indonesian has no
stemmer there, and 'simple' keeps brand names and numbers intact).
SQLite: an FTS5 table kept in step with catalog_product by triggers.
Both match every word of the query, the last one as a prefix ("buku kul" finds "Buku Kuliah").
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import FloatField, Value

PG_DOCUMENT = (
    "(setweight(to_tsvector('simple'::regconfig, coalesce(catalog_product.name, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(catalog_product.description, '')), 'B'))"
)

_WORD = re.compile(r"\w+", re.UNICODE)

SQLITE_SETUP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS catalog_product_fts USING fts5("
    "name, description, content='catalog_product', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS catalog_product_fts_ai AFTER INSERT ON catalog_product BEGIN "
    "INSERT INTO catalog_product_fts(rowid, name, description) VALUES (new.id, new.name, new.description); END",
    "CREATE TRIGGER IF NOT EXISTS catalog_product_fts_ad AFTER DELETE ON catalog_product BEGIN "
    "INSERT INTO catalog_product_fts(catalog_product_fts, rowid, name, description) "
    "VALUES ('delete', old.id, old.name, old.description); END",
    "CREATE TRIGGER IF NOT EXISTS catalog_product_fts_au AFTER UPDATE OF name, description ON catalog_product BEGIN "
    "INSERT INTO catalog_product_fts(catalog_product_fts, rowid, name, description) "
    "VALUES ('delete', old.id, old.name, old.description); "
    "INSERT INTO catalog_product_fts(rowid, name, description) VALUES (new.id, new.name, new.description); END",
    "INSERT INTO catalog_product_fts(catalog_product_fts) VALUES ('rebuild')",
]
SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS catalog_product_fts_ai",
    "DROP TRIGGER IF EXISTS catalog_product_fts_ad",
    "DROP TRIGGER IF EXISTS catalog_product_fts_au",
    "DROP TABLE IF EXISTS catalog_product_fts",
]
PG_SETUP = [f"CREATE INDEX IF NOT EXISTS catalog_product_search_idx ON catalog_product USING GIN ({PG_DOCUMENT})"]
PG_TEARDOWN = ["DROP INDEX IF EXISTS catalog_product_search_idx"]


def words(query: str) -> list[str]:
    """The query's words (letters and digits; punctuation, quotes and operators are never
    passed to the database's query syntax), at most 10 of at most 100 characters."""
    return [word[:100] for word in _WORD.findall((query or "").lower())[:10]]


def filter_and_rank(queryset, query: str):
    """Keep products matching every word; annotate `search_rank` (higher is better).
    A query with no word in it (only punctuation) matches nothing, ranked like any other."""
    terms = words(query)
    if not terms:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField())).none()
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{t}:*" if i == len(terms) - 1 else t for i, t in enumerate(terms))
        return queryset.extra(
            where=[f"{PG_DOCUMENT} @@ to_tsquery('simple', %s)"],
            params=[tsquery],
            select={"search_rank": f"ts_rank({PG_DOCUMENT}, to_tsquery('simple', %s))"},
            select_params=[tsquery],
        )
    # FTS5 query syntax: quoted terms are literals; the last one gets a prefix star.
    match = " ".join(f'"{t}"*' if i == len(terms) - 1 else f'"{t}"' for i, t in enumerate(terms))
    return queryset.extra(
        where=["catalog_product.id IN (SELECT rowid FROM catalog_product_fts WHERE catalog_product_fts MATCH %s)"],
        params=[match],
        select={
            # bm25 is lower-is-better; negate so both databases sort descending.
            "search_rank": "-(SELECT bm25(catalog_product_fts, 10.0, 1.0) FROM catalog_product_fts "
            "WHERE catalog_product_fts MATCH %s AND rowid = catalog_product.id)"
        },
        select_params=[match],
    )
