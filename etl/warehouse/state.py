"""What the warehouse already holds, asked in bounded pieces: the caller passes the ids or paths
it is about to process (a chunk's worth) and gets back the subset the warehouse knows, so memory
follows the new input, never the size of the warehouse. Also: its snapshots (time travel) and
row counts.
"""
from __future__ import annotations

import json
import os

from etl.warehouse.attach import ALIAS, reader

PIECE = 2000  # ids or paths per query


def _has_table(con, table: str) -> bool:
    return bool(con.execute("SELECT 1 FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main' AND table_name = ?",
                            [ALIAS, table]).fetchall())


def known_article_ids(con, ids: list[str], extractor: str) -> set[str]:
    """Of `ids`, those the warehouse holds as extracted by `extractor`. con may be None (no
    warehouse yet: nothing is known)."""
    if con is None or not ids or not _has_table(con, "articles"):
        return set()
    out: set[str] = set()
    for i in range(0, len(ids), PIECE):
        piece = ids[i:i + PIECE]
        out.update(r[0] for r in con.execute(
            "SELECT article_id FROM articles WHERE extractor = ? AND article_id IN (SELECT unnest(?::VARCHAR[]))",
            [extractor, piece]).fetchall())
    return out


def ledger_entries(con, paths: list[str], extractor: str) -> dict[str, tuple[int, int, str]]:
    """Of `paths`, those in the file ledger for `extractor`: path → (size, mtime_ns, content_sha256)."""
    if con is None or not paths or not _has_table(con, "ingested_files"):
        return {}
    out: dict[str, tuple[int, int, str]] = {}
    for i in range(0, len(paths), PIECE):
        piece = paths[i:i + PIECE]
        for path, size, mtime, digest in con.execute(
                "SELECT path, size, mtime_ns, content_sha256 FROM ingested_files "
                "WHERE extractor = ? AND path IN (SELECT unnest(?::VARCHAR[]))", [extractor, piece]).fetchall():
            out[path] = (size, mtime, digest)
    return out


def snapshots(warehouse: str | os.PathLike) -> list[dict]:
    """Every snapshot of the warehouse, oldest first: id, time, the run it loaded (None for
    maintenance and catalog bookkeeping), message and changes."""
    with reader(warehouse) as con:
        if con is None:
            return []
        rows = con.execute(f"SELECT snapshot_id, snapshot_time, commit_message, commit_extra_info, changes "
                           f"FROM {ALIAS}.snapshots() ORDER BY snapshot_id").fetchall()
    out = []
    for sid, when, message, extra, changes in rows:
        try:
            run_id = json.loads(extra).get("run_id") if extra else None
        except (ValueError, AttributeError):
            run_id = None
        out.append({"snapshot_id": sid, "time": when, "run_id": run_id, "message": message, "changes": changes})
    return out


def snapshot_before_run(warehouse: str | os.PathLike, run_id: str) -> int | None:
    """The snapshot just before the load of run `run_id`: the warehouse as it was before that
    run. None when the run loaded nothing (it committed no snapshot)."""
    snaps = snapshots(warehouse)
    mine = [s["snapshot_id"] for s in snaps if s["run_id"] == run_id]
    if not mine:
        return None
    earlier = [s["snapshot_id"] for s in snaps if s["snapshot_id"] < min(mine)]
    return max(earlier) if earlier else None


def warehouse_counts(warehouse: str | os.PathLike) -> dict[str, int]:
    from etl.warehouse.load import table_counts
    from schemas.tables import TABLES

    with reader(warehouse) as con:
        return table_counts(con) if con is not None else {t: 0 for t in TABLES}
