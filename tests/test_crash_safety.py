"""Crashes and concurrent runs (issue 5), with real processes: `news-etl run` is SIGKILLed while it
writes a Parquet file and while its DuckDB transaction is open, and two runs start at once.

The kill lands at the right moment through a test-only hook (etl/parquet.py::pause_for_crash_test):
with NEWS_TEST_PAUSE_AT set, the process writes a marker file at that point and sleeps; the test
waits for the marker and kills the whole process group. After a kill: no partial Parquet file is
visible to readers, the warehouse is exactly as before, and a plain re-run leaves the same
warehouse and lake as one clean run.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from schemas.tables import TABLES
from tests.helpers import ROOT, cli_env, run_cli, table_snapshot

BASE = {
    "alpha.txt": "Floods hit the north\n\nDHAKA, Bangladesh (AP) – Floods forced 5,000 people from their homes on Monday, officials said.\n",
    "beta.txt": "ROTTERDAM (Reuters) - Dock workers in Rotterdam began a 48-hour strike on Monday, the union said.\n",
    "empty.txt": "",
}
EXTRA = {
    "gamma.txt": "PARIS (Wire) – Mayor Anne Hidalgo said 300 trees would be planted along the Seine, “starting in May,” she said.\n",
    "feed.jsonl": '{"id": "f1", "title": "Rail", "body": "About 3,000 train drivers walked out in Lyon on Thursday, the union said."}\n{"id": 2',
}
VOLATILE = {"run_id", "rejected_at"}  # differ between any two runs by design


def write_input(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def stable(snapshot: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """A table snapshot without the columns that name the run (run id, reject time)."""
    out = {}
    for t, rows in snapshot.items():
        keep = [i for i, c in enumerate(TABLES[t].columns) if c not in VOLATILE]
        out[t] = sorted((tuple(r[i] for i in keep) for r in rows), key=repr)
    return out


def lake_rows(work: Path) -> dict[str, list[tuple]]:
    """Every row of the Parquet lake per table, without run ids: what a reader of the lake sees."""
    out = {}
    for t, spec in TABLES.items():
        files = sorted((work / "data" / "parquet" / t).glob("run_date=*/*.parquet"))
        cols = [c for c in spec.columns if c not in VOLATILE]
        rows = [tuple(r[c] for c in cols) for f in files for r in pq.read_table(f).to_pylist()]
        out[t] = sorted(rows, key=repr)
    return out


def visible_parquet(work: Path) -> list[Path]:
    return [p for p in (work / "data").rglob("*.parquet") if not p.name.startswith(".")]


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """One uninterrupted run over BASE + EXTRA: what every crashed-and-re-run warehouse must equal."""
    work = tmp_path_factory.mktemp("clean")
    inp = write_input(work / "in", {**BASE, **EXTRA})
    run_cli(work, "run", "--input", str(inp), "--workers", "1")
    return {"tables": stable(table_snapshot(work / "warehouse.duckdb")), "lake": lake_rows(work)}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A warehouse holding BASE, to crash the next run (BASE + EXTRA) against."""
    work = tmp_path_factory.mktemp("base")
    run_cli(work, "run", "--input", str(write_input(work / "in", BASE)), "--workers", "1")
    return work


def start(work: Path, inp: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "etl.cli", "run", "--input", str(inp), "--workers", "1"],
                            cwd=ROOT, env={**cli_env(work), **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def kill_at(work: Path, inp: Path, point: str) -> None:
    """Run news-etl until it reaches `point`, then SIGKILL it (and any child it has)."""
    marker = work / f"paused-{point.replace(':', '-')}"
    proc = start(work, inp, NEWS_TEST_PAUSE_AT=point, NEWS_TEST_PAUSE_MARKER=str(marker))
    try:
        deadline = time.monotonic() + 300
        while not marker.exists():
            if proc.poll() is not None:
                out, err = proc.communicate()
                pytest.fail(f"news-etl finished before reaching {point} (exit {proc.returncode})\n{out[-2000:]}\n{err[-2000:]}")
            assert time.monotonic() < deadline, f"news-etl never reached {point}"
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize("point", ["parquet-write:articles", "duckdb-load"])
def test_sigkill_then_rerun(point, base, clean, tmp_path):
    work = tmp_path / "work"
    shutil.copytree(base, work)
    before, lake_before = table_snapshot(work / "warehouse.duckdb"), lake_rows(work)
    inp = write_input(work / "in", EXTRA)  # BASE + EXTRA

    kill_at(work, inp, point)

    # readers see no partial file: every visible Parquet file is whole, the half-written one is hidden
    for p in visible_parquet(work):
        pq.read_table(p)
    tmp_files = list((work / "data").rglob(".*.tmp"))
    if point.startswith("parquet-write"):
        assert [p.name for p in tmp_files] == [".part-00000.parquet.tmp"], tmp_files
    # no partial load: the warehouse and the lake are exactly as before the killed run
    assert table_snapshot(work / "warehouse.duckdb") == before
    assert lake_rows(work) == lake_before

    proc = run_cli(work, "run", "--input", str(inp), "--workers", "1")
    assert "Traceback" not in proc.stdout + proc.stderr
    assert not list((work / "data").rglob("*.tmp"))  # the re-run cleaned the leftovers
    assert stable(table_snapshot(work / "warehouse.duckdb")) == clean["tables"]
    assert lake_rows(work) == clean["lake"]


def test_two_runs_at_once_one_refuses(clean, tmp_path):
    inp = write_input(tmp_path / "in", {**BASE, **EXTRA})
    procs = [start(tmp_path, inp) for _ in range(2)]
    results = [(p.wait(timeout=600), *p.communicate()) for p in procs]
    codes = sorted(r[0] for r in results)
    assert codes == [0, 3], [(r[0], r[2][-2000:]) for r in results]
    loser = next(r for r in results if r[0] == 3)
    assert "another run is writing" in loser[2] and "Traceback" not in loser[1] + loser[2]
    assert stable(table_snapshot(tmp_path / "warehouse.duckdb")) == clean["tables"]
    assert lake_rows(tmp_path) == clean["lake"]
    # the refused run, started again, finds everything loaded and changes nothing
    before = table_snapshot(tmp_path / "warehouse.duckdb")
    assert "0 loaded" in run_cli(tmp_path, "run", "--input", str(inp), "--workers", "1").stdout
    assert table_snapshot(tmp_path / "warehouse.duckdb") == before


def test_reading_while_another_process_writes(base, tmp_path):
    """known_articles (stage) and warehouse_counts (report) open the warehouse read-only; while
    another process holds it open for writing they must neither crash nor block forever."""
    from dataclasses import replace

    from etl.batch import known_articles
    from etl.settings import Settings

    work = tmp_path / "work"
    shutil.copytree(base, work)
    warehouse = work / "warehouse.duckdb"
    holder = subprocess.Popen([sys.executable, "-c",
                               "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); con.execute('BEGIN');"
                               "con.execute('DELETE FROM articles'); print('ready', flush=True); time.sleep(60)",
                               str(warehouse)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        settings = replace(Settings.from_env(), warehouse=warehouse)
        assert known_articles(settings) == set()  # locked: extract everything, the merge stays exact
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert len(known_articles(settings)) == 2
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select count(*) from articles").fetchone()[0] == 2  # the holder's delete never landed
    con.close()
