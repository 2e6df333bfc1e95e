"""Rows → Parquet files with the declared schemas, written atomically.

A reader never sees half a file: each file is written beside its final name with a `.tmp`
suffix (which readers ignore) and renamed into place, and renaming is atomic on POSIX.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import spec


def pause_for_crash_test(point: str, where: str = "") -> None:
    """Test hook, inert unless NEWS_TEST_PAUSE_AT is set. With NEWS_TEST_PAUSE_AT=<point>[:<text>]
    (points: parquet-write, duckdb-load (the warehouse transaction, before COMMIT); <text> must occur in `where`), the process writes its pid to
    the file NEWS_TEST_PAUSE_MARKER and sleeps, so tests/test_crash_safety.py can SIGKILL it here."""
    wanted = os.environ.get("NEWS_TEST_PAUSE_AT")
    if not wanted:
        return
    name, _, needle = wanted.partition(":")
    if name != point or needle not in where:
        return
    marker = os.environ.get("NEWS_TEST_PAUSE_MARKER")
    if marker:
        Path(marker).write_text(f"{os.getpid()} {point} {where}\n")
    time.sleep(float(os.environ.get("NEWS_TEST_PAUSE_SECONDS", "120")))


def to_table(name: str, rows: list[dict]) -> pa.Table:
    schema = spec(name).schema
    return pa.Table.from_pylist([{c: r.get(c) for c in schema.names} for r in rows], schema=schema)


def write_atomic(table: pa.Table, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    pause_for_crash_test("parquet-write", str(path))
    os.replace(tmp, path)
    return path


def write_rows(name: str, rows: list[dict], path: Path) -> Path:
    return write_atomic(to_table(name, rows), path)


def read_table(paths: list[Path], name: str) -> pa.Table:
    """All parts of one table; an empty table with the right schema when there are none."""
    schema = spec(name).schema
    parts = [pq.read_table(p, schema=schema) for p in paths]
    return pa.concat_tables(parts) if parts else schema.empty_table()


def clean_stale_temp_files(root: Path) -> int:
    """Remove `.tmp` leftovers of a killed writer; they were never visible to readers."""
    n = 0
    if Path(root).exists():
        for p in Path(root).rglob(".*.tmp"):
            p.unlink(missing_ok=True)
            n += 1
    return n
