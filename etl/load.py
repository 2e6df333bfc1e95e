"""Load a validated batch into DuckDB: one transaction, merge by key, then publish the Parquet.

The merge rule, per article in the batch:
- its rows replace whatever the warehouse holds for the same article_id (re-runs change nothing);
- an older article with the same source_id but another article_id (the story was edited) is
  removed with all its rows, so an edited story replaces its old version instead of doubling.
Rejects are kept once per (source_path, reason): the first run that saw them stamps them.

Only one process writes at a time: a lock file beside the warehouse refuses a second writer
clearly instead of letting it wait or corrupt anything. If anything fails before COMMIT, DuckDB
rolls back and the warehouse is exactly as it was.
"""
from __future__ import annotations

import fcntl
import os
import shutil
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from etl.batch import table_parts
from etl.link import load as link_load
from etl.parquet import pause_for_crash_test
from schemas.tables import MENTION_TABLES, TABLES, duckdb_ddl, duckdb_type

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


class WarehouseBusy(RuntimeError):
    pass


_HELD: dict[str, int] = {}  # lock files this process holds, with nesting depth


@contextmanager
def writer_lock(warehouse: Path):
    """Exclusive right to write the warehouse, or WarehouseBusy at once. Re-entrant within a
    process (the CLI holds it for a whole run; load_batch takes it again inside)."""
    warehouse = Path(warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    lock_path = warehouse.with_name(warehouse.name + ".lock")
    key = str(lock_path.resolve())
    if key in _HELD:
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    fh = open(lock_path, "a+")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        raise WarehouseBusy(f"another run is writing {warehouse}; try again when it has finished") from None
    _HELD[key] = 1
    try:
        yield
    finally:
        del _HELD[key]
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def ensure_schema(con) -> None:
    for name in TABLES:
        con.execute(duckdb_ddl(name))
        # a warehouse made before a column existed (the link stage's ids): add it, empty
        have = {r[0] for r in con.execute(f"DESCRIBE {name}").fetchall()}
        for f in TABLES[name].schema:
            if f.name not in have:
                con.execute(f'ALTER TABLE {name} ADD COLUMN "{f.name}" {duckdb_type(f.type)}')
    for name, sql in VIEWS.items():
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")


def _parquet_list(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def load_batch(batch: Path, warehouse: Path) -> dict[str, int]:
    """Merge the batch into the warehouse in one transaction. Returns rows per table after it."""
    import duckdb

    batch = Path(batch)
    with writer_lock(warehouse):
        con = duckdb.connect(str(warehouse))
        try:
            # a bulk append needs no particular row order; keeping it costs memory
            con.execute("SET preserve_insertion_order = false")
            con.execute("BEGIN TRANSACTION")
            ensure_schema(con)
            article_parts = table_parts(batch, "articles")
            if article_parts:
                cols = ", ".join(f'"{c}"' for c in TABLES["articles"].columns)
                # a view, not a temp table: the batch's article texts stay in the Parquet files
                con.execute(f"CREATE TEMP VIEW batch_articles AS SELECT {cols} FROM read_parquet({_parquet_list(article_parts)})")
                # the batch's articles, plus older versions of the same sources (edited stories)
                con.execute("""
                    CREATE TEMP TABLE replaced AS
                    SELECT article_id FROM batch_articles
                    UNION SELECT a.article_id FROM articles a JOIN (SELECT source_id FROM batch_articles) b USING (source_id)""")
                for table in (*MENTION_TABLES, "articles"):
                    con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM replaced)")
                link_load.delete_for_articles(con, "SELECT article_id FROM replaced")
                con.execute(f"INSERT INTO articles ({cols}) SELECT {cols} FROM batch_articles")
                for table in MENTION_TABLES:
                    parts = table_parts(batch, table)
                    if parts:
                        tcols = ", ".join(f'"{c}"' for c in TABLES[table].columns)
                        con.execute(f"INSERT INTO {table} ({tcols}) SELECT {tcols} FROM read_parquet({_parquet_list(parts)})")
                link_load.merge(con, batch)
            reject_parts = table_parts(batch, "rejects")
            if reject_parts:
                rcols = ", ".join(f'"{c}"' for c in TABLES["rejects"].columns)
                con.execute(f"""
                    INSERT INTO rejects ({rcols})
                    SELECT {rcols} FROM read_parquet({_parquet_list(reject_parts)})
                    QUALIFY row_number() OVER (PARTITION BY source_path, reason ORDER BY rejected_at) = 1
                    ORDER BY source_path
                    ON CONFLICT DO NOTHING""")
            pause_for_crash_test("duckdb-load", str(warehouse))
            con.execute("COMMIT")
        except BaseException:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass
            raise
        finally:
            counts = table_counts(con)
            con.close()
    return counts


def publish_batch(batch: Path, lake: str | Path, run_id: str, run_date: date, warehouse: Path) -> list[str]:
    """After a successful load, move the batch's parts into the partitioned Parquet lake:
    <lake>/<table>/run_date=YYYY-MM-DD/<run_id>-part-N.parquet.

    `lake` is a local folder (each move is an atomic rename) or an object-store URI such as
    s3://bucket/news/parquet, written through pyarrow's filesystems (an object appears whole or
    not at all). The lake is a log of what each run added, so a re-run of unchanged input adds
    nothing to it: empty parts are not published, and of the rejects only those this run was the
    first to record (the warehouse's rejects rows stamped with this run_id).
    """
    import pyarrow.parquet as pq

    from etl.parquet import write_atomic

    fs, root = _lake_filesystem(lake)
    new_rejects = _rejects_first_seen(warehouse, run_id)
    published: list[str] = []
    for table in TABLES:
        for part in table_parts(batch, table):
            rows = pq.read_table(part)
            if table == "rejects" and rows.num_rows:
                keep = [(p, r) in new_rejects for p, r in zip(rows["source_path"].to_pylist(), rows["reason"].to_pylist())]
                if not all(keep):
                    rows = rows.filter(keep)
            if rows.num_rows == 0:
                continue
            rel = f"{table}/run_date={run_date.isoformat()}/{batch.name}-{part.name}"
            if fs is not None:
                fs.create_dir(f"{root}/{table}/run_date={run_date.isoformat()}", recursive=True)
                pq.write_table(rows, f"{root}/{rel}", filesystem=fs, compression="zstd")
                part.unlink()
            else:
                dest = Path(root) / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                if rows.num_rows == pq.ParquetFile(part).metadata.num_rows:
                    os.replace(part, dest) if part.stat().st_dev == dest.parent.stat().st_dev else shutil.move(part, dest)
                else:
                    write_atomic(rows, dest)
                    part.unlink()
            published.append(f"{root}/{rel}")
    return published


def _lake_filesystem(lake: str | Path):
    """(pyarrow filesystem, root path) for a URI; (None, local path) for a plain folder."""
    text = str(lake)
    if "://" in text:
        from pyarrow import fs as pafs

        filesystem, path = pafs.FileSystem.from_uri(text)
        return filesystem, path.rstrip("/")
    return None, Path(text)


def _rejects_first_seen(warehouse: Path, run_id: str) -> set[tuple[str, str]]:
    import duckdb

    if not Path(warehouse).exists():
        return set()
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {(p, r) for p, r in con.execute("SELECT source_path, reason FROM rejects WHERE run_id = ?", [run_id]).fetchall()}
    finally:
        con.close()


def warehouse_counts(warehouse: Path) -> dict[str, int]:
    import duckdb

    if not Path(warehouse).exists():
        return {t: 0 for t in TABLES}
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
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
