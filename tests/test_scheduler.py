"""The DAG under a real scheduler: api-server, scheduler and dag-processor as separate processes
(tests/servers.py), a run triggered through the REST API, as a deployment runs it."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _run_conf(tmp_path: Path, raw_dir: Path) -> dict:
    return {
        "raw_dir": str(raw_dir),
        "data_dir": str(tmp_path / "data"),
        "warehouse": str(tmp_path / "warehouse" / "news.duckdb"),
        "reports_dir": str(tmp_path / "reports"),
    }


def test_triggered_run_loads_the_warehouse(airflow_servers, tmp_path):
    conf = _run_conf(tmp_path, ROOT / "data" / "raw")
    run_id = airflow_servers.trigger("news_etl", conf=conf)
    state = airflow_servers.wait("news_etl", run_id)
    assert state == "success", airflow_servers.diagnose("news_etl", run_id)
    states = airflow_servers.task_states("news_etl", run_id)
    assert all(s == "success" for ss in states.values() for s in ss), states
    con = duckdb.connect(conf["warehouse"], read_only=True)
    try:
        articles = con.execute("select count(*) from articles").fetchone()[0]
        run_ids = {r[0] for r in con.execute("select distinct run_id from articles").fetchall()}
        quotes = con.execute("select count(*) from quotes").fetchone()[0]
    finally:
        con.close()
    assert articles == 4 and quotes > 0
    assert run_ids == {run_id}
