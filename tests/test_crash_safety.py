"""Crashes and concurrent runs (issue 5), with real processes: `news-etl run` is SIGKILLed while it
writes a Parquet file and while its warehouse (DuckLake) transaction is open, and two runs start at once.

The kill lands at the right moment through a test-only hook (etl/parquet.py::pause_for_crash_test):
with NEWS_TEST_PAUSE_AT set, the process writes a marker file at that point and sleeps; the test
waits for the marker and kills the whole process group. After a kill: no partial Parquet file is
visible to readers, the warehouse is exactly as before (same snapshot, same rows), and a plain
re-run leaves the same warehouse as one clean run.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from schemas.tables import TABLES
from tests.helpers import ROOT, cli_env, open_warehouse, query, run_cli, table_snapshot

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
    """The data tables of a snapshot without the columns that name the run (run id, reject time)."""
    out = {}
    for t, spec in TABLES.items():
        keep = [i for i, c in enumerate(spec.columns) if c not in VOLATILE]
        out[t] = sorted((tuple(r[i] for i in keep) for r in snapshot[t]), key=repr)
    return out


def snapshot_ids(work: Path) -> list[int]:
    return [r[0] for r in query(work / "warehouse.sqlite", "select snapshot_id from lake.snapshots() order by 1")]


def visible_parquet(work: Path) -> list[Path]:
    return [p for p in (work / "data").rglob("*.parquet") if not p.name.startswith(".")]


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """One uninterrupted run over BASE + EXTRA: what every crashed-and-re-run warehouse must equal."""
    work = tmp_path_factory.mktemp("clean")
    inp = write_input(work / "in", {**BASE, **EXTRA})
    run_cli(work, "run", "--input", str(inp), "--workers", "1")
    return {"tables": stable(table_snapshot(work / "warehouse.sqlite"))}


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
    before, snaps_before = table_snapshot(work / "warehouse.sqlite"), snapshot_ids(work)
    inp = write_input(work / "in", EXTRA)  # BASE + EXTRA

    kill_at(work, inp, point)

    # readers see no partial file: every visible Parquet file is whole, the half-written one is hidden
    for p in visible_parquet(work):
        pq.read_table(p)
    tmp_files = list((work / "data").rglob(".*.tmp"))
    if point.startswith("parquet-write"):
        assert [p.name for p in tmp_files] == [".part-00000.parquet.tmp"], tmp_files
    # no partial load: the warehouse is exactly as before the killed run, at the same snapshot
    assert table_snapshot(work / "warehouse.sqlite") == before
    assert snapshot_ids(work) == snaps_before

    proc = run_cli(work, "run", "--input", str(inp), "--workers", "1")
    assert "Traceback" not in proc.stdout + proc.stderr
    assert not list((work / "data").rglob("*.tmp"))  # the re-run cleaned the leftovers
    assert stable(table_snapshot(work / "warehouse.sqlite")) == clean["tables"]
    assert len(snapshot_ids(work)) == len(snaps_before) + 1  # the re-run: one snapshot


def test_two_runs_at_once_one_refuses(clean, tmp_path):
    inp = write_input(tmp_path / "in", {**BASE, **EXTRA})
    procs = [start(tmp_path, inp) for _ in range(2)]
    results = [(p.wait(timeout=600), *p.communicate()) for p in procs]
    codes = sorted(r[0] for r in results)
    assert codes == [0, 3], [(r[0], r[2][-2000:]) for r in results]
    loser = next(r for r in results if r[0] == 3)
    assert "another run is writing" in loser[2] and "Traceback" not in loser[1] + loser[2]
    assert stable(table_snapshot(tmp_path / "warehouse.sqlite")) == clean["tables"]
    # the refused run, started again, finds everything loaded and changes nothing
    before = table_snapshot(tmp_path / "warehouse.sqlite")
    assert "0 loaded" in run_cli(tmp_path, "run", "--input", str(inp), "--workers", "1").stdout
    assert table_snapshot(tmp_path / "warehouse.sqlite") == before


def test_reading_while_another_process_writes(base, tmp_path):
    """The stage's look-ups (file ledger, known articles) and the report's counts read the
    warehouse while another process holds a write transaction open on it: they neither crash nor
    block, and see the last committed state."""
    from dataclasses import replace

    from etl.settings import Settings
    from etl.warehouse import known_article_ids, reader, warehouse_counts

    work = tmp_path / "work"
    shutil.copytree(base, work)
    warehouse = str(work / "warehouse.sqlite")
    ids = [r[0] for r in query(warehouse, "select article_id from articles")]
    tag = query(warehouse, "select any_value(extractor) from articles")[0][0]
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sys; from etl.warehouse import connect; con = connect(sys.argv[1]); con.execute('BEGIN');"
                               "con.execute('DELETE FROM articles'); print('ready', flush=True); import time; time.sleep(60)",
                               warehouse], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with reader(warehouse) as con:
            assert known_article_ids(con, ids + ["0" * 32], tag) == set(ids)
        assert warehouse_counts(warehouse)["articles"] == 2
        settings = replace(Settings.from_env(), warehouse=warehouse, data_dir=work / "data2")
        from etl.batch import stage

        manifest = stage(settings, "reader", base / "in")  # the ledger holds the original paths
        assert manifest["files_unchanged"] == 3 and manifest["chunks"] == []  # the ledger was read
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert query(warehouse, "select count(*) from articles")[0][0] == 2  # the holder's delete never landed
