"""Keep the lake small and fast with DuckLake's own maintenance functions.

Every hourly load adds a few small Parquet files per table and one snapshot. maintain():

1. ducklake_merge_adjacent_files — rewrites a table's small files into larger ones. Time travel
   is kept (snapshots then point at parts of the merged file); the old files are scheduled for
   deletion.
2. ducklake_expire_snapshots(older_than = now - keep_days) — drops snapshots older than the time
   travel window (the newest snapshot is always kept); data only they referenced is scheduled
   for deletion.
3. ducklake_cleanup_old_files(older_than = now - grace) — deletes the files scheduled for deletion
   more than `grace_hours` ago (a reader that started before then may still be scanning them, so
   the files a maintenance run retires are deleted by a later run).
4. ducklake_delete_orphaned_files(older_than = now - grace) — files in the data path the catalog
   never recorded: what a load killed before COMMIT wrote.

It writes to the catalog, so on an embedded catalog it takes the writer lock (WarehouseBusy while
a run is loading) and on a server catalog it retries a conflicting commit like the load does.
"""
from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, timezone

from etl.warehouse.attach import ALIAS, WarehouseBusy, connect, writer_lock


def _files(con) -> int:
    return con.execute(f"SELECT count(*) FROM __ducklake_metadata_{ALIAS}.ducklake_data_file WHERE end_snapshot IS NULL").fetchone()[0]


def maintain(warehouse: str | os.PathLike, keep_days: float = 7.0, grace_hours: float = 1.0, attempts: int = 4) -> dict:
    """Compact, expire and clean the warehouse. Returns what it did:
    {"data_files": (before, after), "snapshots_expired": n, "files_deleted": n, "orphans_deleted": n}."""
    from etl.warehouse.load import _is_conflict

    now = datetime.now(timezone.utc)
    keep_from = now - timedelta(days=keep_days)
    grace_from = now - timedelta(hours=grace_hours)
    with writer_lock(warehouse):
        for attempt in range(1, attempts + 1):
            con = connect(warehouse)
            try:
                before = _files(con)
                con.execute(f"CALL ducklake_merge_adjacent_files('{ALIAS}')").fetchall()
                expired = con.execute(f"CALL ducklake_expire_snapshots('{ALIAS}', older_than => ?::TIMESTAMPTZ)", [keep_from]).fetchall()
                deleted = con.execute(f"CALL ducklake_cleanup_old_files('{ALIAS}', older_than => ?::TIMESTAMPTZ)", [grace_from]).fetchall()
                orphans = con.execute(f"CALL ducklake_delete_orphaned_files('{ALIAS}', older_than => ?::TIMESTAMPTZ)", [grace_from]).fetchall()
                return {"data_files": (before, _files(con)), "snapshots_expired": len(expired),
                        "files_deleted": len(deleted), "orphans_deleted": len(orphans)}
            except Exception as exc:  # noqa: BLE001 - only conflicts are retried
                if not _is_conflict(exc) or attempt == attempts:
                    if _is_conflict(exc):
                        raise WarehouseBusy(f"maintenance of {warehouse} kept conflicting with running loads; try again later") from None
                    raise
                time.sleep(2 ** attempt)
            finally:
                con.close()
    raise AssertionError("unreachable")
