"""Move a warehouse of the plain-DuckDB era into the DuckLake.

Before the DuckLake, each load also published its batch as Parquet parts,
`<lake>/<table>/run_date=YYYY-MM-DD/<run id>-part-N.parquet`. DuckDB 1.5.5 cannot open a database
file written by DuckDB 2.0, but it reads those files, so they are the way over. The lake is a
log of runs, not a table: an edited story or a re-extraction left older rows in older parts.
migrate() therefore replays the load's merge rule over the log: per source_id the newest article
(latest run_date, then latest part name) wins, per article_id likewise, and a mention row is kept
only with the article row of its run; rejects are kept once per (source_path, reason), the
earliest. Columns added to the schema since the lake was written are NULL in migrated rows.

Everything goes in as one transaction (one snapshot, message `migrate <source>`), into a
warehouse that holds no articles yet (merging two histories is not something to guess at).
"""
from __future__ import annotations

import json
import os

from etl.warehouse.attach import ALIAS, WarehouseError, connect, transaction, writer_lock
from etl.warehouse.load import COMMIT_AUTHOR, table_counts
from etl.warehouse.schema import ensure_schema
from schemas.tables import MENTION_TABLES, TABLES, duckdb_type


def _glob(source: str, table: str) -> str:
    return f"{source.rstrip('/')}/{table}/*/*.parquet"


def _select_list(con, view: str, table: str) -> str:
    have = {r[0] for r in con.execute(f"DESCRIBE {view}").fetchall()}
    out = []
    for field in TABLES[table].schema:
        out.append(f'"{field.name}"' if field.name in have else f'NULL::{duckdb_type(field.type)} AS "{field.name}"')
    return ", ".join(out)


def migrate(source: str | os.PathLike, warehouse: str | os.PathLike) -> dict[str, int]:
    """Load the old Parquet lake at `source` (a folder or an s3:// URI) into the warehouse.
    Returns rows per table after it. Raises WarehouseError when the source holds no articles
    or the warehouse already does."""
    import duckdb

    source = str(source)
    if "://" not in source:
        source = os.path.abspath(source)
        if not os.path.isdir(os.path.join(source, "articles")):
            raise WarehouseError(f"{source} is not a published Parquet lake (no articles/ folder in it)")
    with writer_lock(warehouse):
        con = connect(warehouse)
        try:
            if "://" in source:
                from etl.warehouse.attach import load_extension

                load_extension(con, "httpfs")
            with transaction(con):
                _copy(con, source, warehouse)
            return table_counts(con)
        finally:
            con.close()


def _copy(con, source: str, warehouse) -> None:
    ensure_schema(con)
    if con.execute("SELECT count(*) FROM articles").fetchone()[0]:
        raise WarehouseError(f"{warehouse} already holds articles; migrate into a new, empty warehouse")
    views = {}
    for table in TABLES:
        # glob() finds nothing without failing (a failed read_parquet would abort the transaction)
        if not con.execute("SELECT count(*) FROM glob(?)", [_glob(source, table)]).fetchone()[0]:
            continue  # no parts for that table
        con.execute(f"CREATE OR REPLACE TEMP VIEW old_{table} AS SELECT * FROM read_parquet('{_glob(source, table)}', "
                    "hive_partitioning = true, filename = true, union_by_name = true)")
        views[table] = f"old_{table}"
    if "articles" not in views:
        raise WarehouseError(f"{source} holds no article parts")
    # the newest version per source_id, then per article_id: the state the old warehouse had
    con.execute("""
        CREATE OR REPLACE TEMP TABLE keep AS
        SELECT * FROM (
            SELECT * FROM old_articles
            QUALIFY row_number() OVER (PARTITION BY source_id ORDER BY run_date DESC, filename DESC) = 1)
        QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY run_date DESC, filename DESC) = 1""")
    con.execute(f"INSERT INTO articles SELECT {_select_list(con, 'temp.keep', 'articles')} FROM temp.keep")
    for table in MENTION_TABLES:
        if table in views:
            con.execute(f"""
                INSERT INTO {table}
                SELECT {_select_list(con, views[table], table)} FROM {views[table]} m
                WHERE EXISTS (SELECT 1 FROM temp.keep k WHERE k.article_id = m.article_id AND k.run_id = m.run_id)""")
    if "rejects" in views:
        con.execute(f"""
            INSERT INTO rejects
            SELECT {_select_list(con, 'old_rejects', 'rejects')} FROM old_rejects
            QUALIFY row_number() OVER (PARTITION BY source_path, reason ORDER BY rejected_at) = 1""")
    con.execute(f"CALL {ALIAS}.set_commit_message(?, ?, extra_info => ?)",
                [COMMIT_AUTHOR, f"migrate {source}", json.dumps({"migrated_from": source})])
