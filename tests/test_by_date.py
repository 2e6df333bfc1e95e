"""Date-partitioned input (NEWS_RAW_LAYOUT=by-date): a run reads only the days of its data interval."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from etl.batch import read_batch
from tests.helpers import open_warehouse
from tests.test_dag import dags_test, write_tiny_articles

DAYS = ("2026-01-01", "2026-01-02", "2026-01-03")


def by_date_raw(root: Path) -> Path:
    """raw/<day>/story-NNN.txt: two stories a day, different on each day, and one loose file."""
    for i, day in enumerate(DAYS):
        write_tiny_articles(root / day, 2 * (i + 1))
        for p in (root / day).glob("*.txt"):
            if int(p.stem.split("-")[1]) < 2 * i:
                p.unlink()  # keep each day's texts distinct from the other days'
    (root / "loose.txt").write_text("A story outside the day folders.\n\nLONDON (Reuters) - Anna Novak spoke.\n")
    return root


def test_stage_reads_only_the_folders_of_the_interval(tmp_path):
    from etl.orchestration import input_folders
    from etl.pipeline import stage_input
    from etl.settings import Settings

    raw = by_date_raw(tmp_path / "raw")
    settings = Settings.from_env(raw_dir=raw, data_dir=tmp_path / "data", warehouse=tmp_path / "w.sqlite")
    folders = input_folders(raw, "by-date", datetime(2026, 1, 2, tzinfo=timezone.utc), datetime(2026, 1, 3, tzinfo=timezone.utc))
    manifest = stage_input(settings, "scheduled__2026-01-02", folders=folders)
    assert manifest["articles_seen"] == 2 and manifest["input_folders"] == [str(raw / "2026-01-02")]
    ids = sorted(r["source_id"] for chunk in manifest["chunks"] for r in pq.read_table(chunk).to_pylist())
    assert ids == ["2026-01-02/story-002", "2026-01-02/story-003"]  # the day folder stays in the source id
    assert read_batch(Path(manifest["batch"]), "rejects").num_rows == 0


def test_a_missing_day_is_empty_and_a_linked_day_is_not_followed(tmp_path):
    from etl.pipeline import stage_input
    from etl.settings import Settings

    raw = by_date_raw(tmp_path / "raw")
    (raw / "2026-01-04").symlink_to(raw / "2026-01-01")
    settings = Settings.from_env(raw_dir=raw, data_dir=tmp_path / "data", warehouse=tmp_path / "w.sqlite")
    manifest = stage_input(settings, "r1", folders=[raw / "2026-01-05", raw / "2026-01-04"])
    assert manifest["articles_seen"] == 0 and manifest["chunks"] == []
    rejects = read_batch(Path(manifest["batch"]), "rejects").to_pylist()
    assert [r["source_path"] for r in rejects] == ["2026-01-04"] and "symbolic link" in rejects[0]["reason"]


@pytest.mark.slow
def test_a_daily_run_loads_its_day_and_a_backfill_plans_one_run_per_day(tmp_path):
    """`airflow dags test news_etl 2026-01-02T00:00` with @daily: the data interval
    [2026-01-01, 2026-01-02) (the day that ended at the tick) → only raw/2026-01-01 is loaded; and
    `airflow backfill create --dry-run` over three days plans three runs, one per day folder."""
    raw = by_date_raw(tmp_path / "raw")
    env = {"NEWS_RAW_LAYOUT": "by-date", "NEWS_SCHEDULE": "@daily"}
    proc = dags_test(tmp_path, raw, logical_date="2026-01-02T00:00:00+00:00", **env)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "state=success" in log, log[-4000:]
    con = open_warehouse(tmp_path / "w.sqlite")
    try:
        ids = sorted(r[0] for r in con.execute("select source_id from articles").fetchall())
    finally:
        con.close()
    assert ids == ["2026-01-01/story-000", "2026-01-01/story-001"]
    meta = sqlite3.connect(tmp_path / "airflow_home" / "airflow.db")
    interval = meta.execute("select data_interval_start, data_interval_end from dag_run").fetchone()
    meta.close()
    assert interval[0].startswith("2026-01-01") and interval[1].startswith("2026-01-02"), interval

    airflow = str(Path(sys.executable).with_name("airflow"))
    full_env = {**os.environ, "AIRFLOW_HOME": str(tmp_path / "airflow_home"), "AIRFLOW__CORE__DAGS_FOLDER": str(Path(__file__).parent.parent / "dags"),
                "AIRFLOW__CORE__LOAD_EXAMPLES": "False", **env}
    # the run above has data interval [01-01, 01-02); a backfill's runs start their intervals at
    # their logical dates: one per day (reprocess: the day already run is planned again too)
    plan = subprocess.run([airflow, "backfill", "create", "--dag-id", "news_etl", "--from-date", "2026-01-01",
                           "--to-date", "2026-01-03", "--reprocess-behavior", "completed", "--dry-run"],
                          env=full_env, capture_output=True, text=True, timeout=300)
    assert plan.returncode == 0, plan.stdout[-2000:] + plan.stderr[-2000:]
    planned = [line.split("|")[1].strip()[:10] for line in plan.stdout.splitlines() if line.startswith("| 2026")]
    assert planned == list(DAYS), plan.stdout
