"""Readers never break a run, and a run never breaks readers (issue 11).

A reader process opens one read connection to the warehouse before the run starts and keeps it
for the whole run, querying in a loop — the analyst's notebook or `duckdb` shell. The run is
held inside its load transaction for a few seconds (the test hook NEWS_TEST_PAUSE_AT pauses it
before COMMIT, then it goes on), so queries certainly land during the load. The run must exit 0,
every query must succeed, and each must see the warehouse before the load or after it, never a
mix (every table's count and the latest snapshot are read in one statement).
"""
from __future__ import annotations

import json
import subprocess
import sys
import time

from tests.helpers import ROOT, cli_env, run_cli
from tests.test_crash_safety import BASE, EXTRA, write_input

READER = r"""
import json, sys, time
from pathlib import Path
from etl.warehouse import connect
from schemas.tables import STATE_TABLES, TABLES

warehouse, out, stop = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
tables = [*TABLES, *STATE_TABLES]
sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in tables) + ", (SELECT max(snapshot_id) FROM lake.snapshots())"
con = connect(warehouse, read_only=True)   # one connection, held for the whole run
print("ready", flush=True)
with open(out, "w") as fh:
    while not stop.exists():
        try:
            row = con.execute(sql).fetchone()
            fh.write(json.dumps({"ok": list(row), "t": time.time()}) + "\n")
        except Exception as exc:
            fh.write(json.dumps({"error": f"{type(exc).__name__}: {exc}", "t": time.time()}) + "\n")
        fh.flush()
        time.sleep(0.02)
con.close()
"""

def counts(work) -> list:
    from schemas.tables import STATE_TABLES, TABLES
    from tests.helpers import query

    sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in [*TABLES, *STATE_TABLES]) + \
          ", (SELECT max(snapshot_id) FROM lake.snapshots())"
    return list(query(work / "warehouse.sqlite", sql)[0])


def test_a_reader_open_for_the_whole_run_sees_before_or_after_never_half(tmp_path):
    run_cli(tmp_path, "run", "--input", str(write_input(tmp_path / "in", BASE)), "--workers", "1")
    before = counts(tmp_path)
    inp = write_input(tmp_path / "in", EXTRA)  # BASE + EXTRA: new articles, rows in every table

    out, stop, marker = tmp_path / "reads.jsonl", tmp_path / "stop", tmp_path / "paused"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(tmp_path / "warehouse.sqlite"), str(out), str(stop)],
                              cwd=ROOT, env=cli_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "ready", reader.stderr.read()
        env = {**cli_env(tmp_path), "NEWS_TEST_PAUSE_AT": "duckdb-load", "NEWS_TEST_PAUSE_MARKER": str(marker),
               "NEWS_TEST_PAUSE_SECONDS": "4"}
        run = subprocess.run([sys.executable, "-m", "etl.cli", "run", "--input", str(inp), "--workers", "1"],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
        time.sleep(0.5)  # a few reads after the commit
    finally:
        stop.touch()
        reader.wait(timeout=60)
        reader.stdout.close()
        reader.stderr.close()
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stdout + run.stderr
    assert marker.exists(), "the run never reached its load transaction"
    paused_at = marker.stat().st_mtime
    after = counts(tmp_path)
    assert after != before and after[-1] > before[-1]

    reads = [json.loads(line) for line in out.read_text().splitlines()]
    errors = [r["error"] for r in reads if "error" in r]
    assert not errors, errors[:5]
    seen = [r["ok"] for r in reads]
    assert all(s in (before, after) for s in seen), [s for s in seen if s not in (before, after)][:5]
    during = [r["ok"] for r in reads if paused_at <= r["t"] <= paused_at + 3.5]
    assert len(during) >= 5 and all(s == before for s in during), len(during)  # the open transaction is invisible
    assert seen[0] == before and seen[-1] == after  # and the reader saw the new snapshot without reconnecting
