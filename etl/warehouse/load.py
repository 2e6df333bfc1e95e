"""Load a validated batch into the warehouse: one DuckLake transaction, one snapshot.

The merge rule, per article in the batch:
- its rows replace whatever the warehouse holds for the same article_id (re-runs change nothing);
- an older article with the same source_id but another article_id (the story was edited) is
  removed with all its rows, so an edited story replaces its old version instead of doubling.
Rejects are kept once per (source_path, reason): the first run that saw them stamps them (an
anti-join: DuckLake has no keys). The batch's file ledger rows replace the ledger rows of the
same paths, in the same transaction, so the ledger never claims a file whose rows are not in.

The snapshot records the run: author `news-etl`, message `load <run id>`, extra info
`{"run_id": ...}` (see snapshots() for time travel). A batch that changes nothing commits nothing.

Writers: an embedded (SQLite) catalog takes one writer at a time (writer_lock); a PostgreSQL
catalog takes several. DuckLake retries a commit that lost the race but does not conflict
(both inserting); a real conflict (both creating the same table on a new lake, both deleting
from one data file) fails the transaction, which is then run again from the start with a bounded
exponential backoff, and after the last attempt WarehouseBusy says so. Anything that fails
before COMMIT rolls back: the warehouse is as it was.
"""
from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

from etl.batch import table_parts
from etl.link import load as link_load
from etl.parquet import pause_for_crash_test
from etl.warehouse.attach import ALIAS, WarehouseBusy, connect, transaction, writer_lock
from etl.warehouse.schema import all_tables, ensure_schema
from schemas.tables import MENTION_TABLES, STATE_TABLES, TABLES

COMMIT_AUTHOR = "news-etl"


def _parquet_list(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def _cols(table: str) -> str:
    return ", ".join(f'"{c}"' for c in all_tables()[table].columns)


def _merge(con, batch: Path) -> bool:
    """The batch's rows into the open transaction. Returns whether the batch had any rows."""
    article_parts = table_parts(batch, "articles")
    any_rows = False
    if article_parts:
        cols = _cols("articles")
        # a view, not a temp table: the batch's article texts stay in the Parquet files
        con.execute(f"CREATE OR REPLACE TEMP VIEW batch_articles AS SELECT {cols} FROM read_parquet({_parquet_list(article_parts)})")
        n = con.execute("SELECT count(*) FROM batch_articles").fetchone()[0]
        if n:
            any_rows = True
            # the batch's articles, plus older versions of the same sources (edited stories)
            con.execute("""
                CREATE OR REPLACE TEMP TABLE replaced AS
                SELECT article_id FROM batch_articles
                UNION SELECT a.article_id FROM articles a JOIN (SELECT source_id FROM batch_articles) b USING (source_id)""")
            for table in (*MENTION_TABLES, "articles"):
                con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM temp.replaced)")
            link_load.delete_for_articles(con, "SELECT article_id FROM temp.replaced")
            con.execute(f"INSERT INTO articles ({cols}) SELECT {cols} FROM batch_articles")
            for table in MENTION_TABLES:
                parts = table_parts(batch, table)
                if parts:
                    tcols = _cols(table)
                    con.execute(f"INSERT INTO {table} ({tcols}) SELECT {tcols} FROM read_parquet({_parquet_list(parts)})")
            # persons, stories, quotations: the link stage's ids, in the same transaction
            link_load.merge(con, batch)
    reject_parts = table_parts(batch, "rejects")
    if reject_parts:
        rcols = _cols("rejects")
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE new_rejects AS
            SELECT {rcols} FROM read_parquet({_parquet_list(reject_parts)})
            QUALIFY row_number() OVER (PARTITION BY source_path, reason ORDER BY rejected_at) = 1""")
        con.execute("DELETE FROM temp.new_rejects n WHERE EXISTS (SELECT 1 FROM rejects r WHERE r.source_path = n.source_path AND r.reason = n.reason)")
        if con.execute("SELECT count(*) FROM temp.new_rejects").fetchone()[0]:
            any_rows = True
            con.execute(f"INSERT INTO rejects ({rcols}) SELECT {rcols} FROM temp.new_rejects ORDER BY source_path")
    for table in STATE_TABLES:
        parts = table_parts(batch, table)
        if not parts:
            continue
        key = ", ".join(STATE_TABLES[table].key)
        scols = _cols(table)
        con.execute(f"CREATE OR REPLACE TEMP VIEW batch_{table} AS SELECT {scols} FROM read_parquet({_parquet_list(parts)})")
        if con.execute(f"SELECT count(*) FROM batch_{table}").fetchone()[0]:
            any_rows = True
            con.execute(f"DELETE FROM {table} WHERE ({key}) IN (SELECT ({key}) FROM batch_{table})")
            con.execute(f"INSERT INTO {table} ({scols}) SELECT {scols} FROM batch_{table}")
    return any_rows


def _is_conflict(exc: Exception) -> bool:
    import duckdb

    text = str(exc).lower()
    return isinstance(exc, duckdb.TransactionException) or "conflict" in text or "could not serialize" in text


def load_batch(batch: Path, warehouse: str | os.PathLike, run_id: str | None = None,
               attempts: int | None = None) -> dict[str, int]:
    """Merge the batch into the warehouse in one transaction (one snapshot). Returns rows per
    table after it. Raises WarehouseBusy when another process holds the embedded catalog, or
    when commits kept conflicting for `attempts` tries (NEWS_LOAD_ATTEMPTS, default 6; waits of
    0.5 s doubling, with jitter, about 30 s in all)."""
    batch = Path(batch)
    run_id = run_id or batch.name
    attempts = attempts or int(os.environ.get("NEWS_LOAD_ATTEMPTS", "6"))
    with writer_lock(warehouse):
        for attempt in range(1, attempts + 1):
            try:
                return _load_once(batch, warehouse, run_id)
            except Exception as exc:  # noqa: BLE001 - only conflicts are retried, the rest re-raised
                if not _is_conflict(exc):
                    raise
                if attempt == attempts:
                    raise WarehouseBusy(
                        f"the load of run {run_id} kept conflicting with other writers of {warehouse} "
                        f"({attempts} attempts); nothing of it was committed, run it again") from None
                wait = min(8.0, 0.5 * 2 ** (attempt - 1)) * (0.5 + random.random())
                print(f"news-etl: the load of run {run_id} conflicted with another writer's commit "
                      f"(attempt {attempt} of {attempts}); all of it runs again in {wait:.1f}s", file=sys.stderr)
                time.sleep(wait)
    raise AssertionError("unreachable")


def _load_once(batch: Path, warehouse, run_id: str) -> dict[str, int]:
    con = connect(warehouse)
    try:
        # a bulk append needs no particular row order; keeping it costs memory
        con.execute("SET preserve_insertion_order = false")
        with transaction(con):
            changed = ensure_schema(con)
            if _merge(con, batch) or changed:
                info = json.dumps({"run_id": run_id, "batch": batch.name})
                con.execute(f"CALL {ALIAS}.set_commit_message(?, ?, extra_info => ?)", [COMMIT_AUTHOR, f"load {run_id}", info])
            pause_for_crash_test("duckdb-load", str(warehouse))
        return table_counts(con)
    finally:
        con.close()


def table_counts(con) -> dict[str, int]:
    """Rows per declared table on an open connection (0 for a table not created yet)."""
    import duckdb

    out = {}
    for t in TABLES:
        try:
            out[t] = con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        except duckdb.Error:
            out[t] = 0
    return out
