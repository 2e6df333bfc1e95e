"""The warehouse's tables and views, derived from schemas/tables.py.

ensure_schema brings an attached lake up to date inside the caller's transaction: a table that
is declared but missing is created, a declared column a table lacks is added (nullable: older
rows have no value for it), and a view whose definition changed is replaced. When nothing
differs it changes nothing, so an unchanged re-run commits no snapshot. New tables and columns
in schemas/tables.py therefore reach the warehouse on the next load without a migration step.
"""
from __future__ import annotations

from schemas.tables import STATE_TABLES, TABLES, duckdb_ddl, duckdb_type

from etl.warehouse.attach import ALIAS

VIEWS = {
    "quotes_by_speaker": """
        SELECT coalesce(speaker, '(unknown)') AS speaker, speaker_kind,
               count(*) AS quotes, count(DISTINCT article_id) AS articles
        FROM quotes GROUP BY ALL ORDER BY quotes DESC, speaker""",
    "place_mentions": """
        SELECT name, kind, country_code, any_value(latitude) AS latitude, any_value(longitude) AS longitude,
               count(DISTINCT article_id) AS articles, sum(mention_count) AS mentions
        FROM places GROUP BY name, kind, country_code ORDER BY articles DESC, mentions DESC, name""",
    "people_cooccurrence": """
        SELECT a.name AS person_a, b.name AS person_b, count(DISTINCT a.article_id) AS articles
        FROM people a JOIN people b ON a.article_id = b.article_id AND a.name < b.name
        GROUP BY ALL ORDER BY articles DESC, person_a, person_b""",
    **__import__("etl.link.views", fromlist=["VIEWS"]).VIEWS,
    "article_overview": """
        SELECT article_id, source_id, title, outlet, authors, agency, language, published, published_from,
               dateline_place, extracted, n_people, n_places, n_numbers, n_quotes, run_id
        FROM articles ORDER BY source_id""",
}


def all_tables() -> dict:
    """Every table the warehouse holds: the data tables, then its own bookkeeping."""
    return {**TABLES, **STATE_TABLES}


def _columns(con) -> dict[str, set[str]]:
    rows = con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = 'main'",
                       [ALIAS]).fetchall()
    out: dict[str, set[str]] = {}
    for table, column in rows:
        out.setdefault(table, set()).add(column)
    return out


def _normalised_views() -> dict[str, str]:
    """The views as DuckDB stores them (it rewrites the SQL), computed on an in-memory database
    with the same tables, so a stored view can be compared with ours."""
    import duckdb

    scratch = duckdb.connect()
    try:
        for name in all_tables():
            scratch.execute(duckdb_ddl(name, primary_key=False))
        for name, sql in VIEWS.items():
            scratch.execute(f"CREATE VIEW {name} AS {sql}")
        return dict(scratch.execute("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal").fetchall())
    finally:
        scratch.close()


def ensure_schema(con) -> list[str]:
    """Create or extend tables and views to match the declarations; returns what it changed."""
    changed = []
    columns = _columns(con)
    for name, spec in all_tables().items():
        if name not in columns:
            con.execute(duckdb_ddl(name, primary_key=False))
            changed.append(f"created table {name}")
            continue
        for field in spec.schema:
            if field.name not in columns[name]:
                con.execute(f'ALTER TABLE {name} ADD COLUMN "{field.name}" {duckdb_type(field.type)}')
                changed.append(f"added column {name}.{field.name}")
    stored = dict(con.execute("SELECT view_name, sql FROM duckdb_views() WHERE database_name = ? AND NOT internal",
                              [ALIAS]).fetchall())
    wanted = _normalised_views()
    for name, sql in VIEWS.items():
        if stored.get(name) != wanted.get(name):
            con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")
            changed.append(f"{'replaced' if name in stored else 'created'} view {name}")
    return changed
