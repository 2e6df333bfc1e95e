"""The DAG under a real scheduler: api-server, scheduler and dag-processor as separate processes
(tests/servers.py), a run triggered through the REST API, as a deployment runs it."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from etl.assets import WAREHOUSE_ASSETS
from tests.helpers import open_warehouse

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _run_conf(tmp_path: Path, raw_dir: Path) -> dict:
    return {
        "raw_dir": str(raw_dir),
        "data_dir": str(tmp_path / "data"),
        "warehouse": str(tmp_path / "warehouse" / "news.sqlite"),
        "reports_dir": str(tmp_path / "reports"),
    }


def test_triggered_run_loads_the_warehouse(airflow_servers, tmp_path):
    conf = _run_conf(tmp_path, ROOT / "data" / "raw")
    run_id = airflow_servers.trigger("news_etl", conf=conf)
    state = airflow_servers.wait("news_etl", run_id)
    assert state == "success", airflow_servers.diagnose("news_etl", run_id)
    states = airflow_servers.task_states("news_etl", run_id)
    assert all(s == "success" for ss in states.values() for s in ss), states
    con = open_warehouse(conf["warehouse"])
    try:
        articles = con.execute("select count(*) from articles").fetchone()[0]
        run_ids = {r[0] for r in con.execute("select distinct run_id from articles").fetchall()}
        quotes = con.execute("select count(*) from quotes").fetchone()[0]
    finally:
        con.close()
    assert articles == 4 and quotes > 0
    assert run_ids == {run_id}
    # the load announced every warehouse table as an asset event naming the run
    from urllib.parse import quote

    events = airflow_servers.api("GET", f"/api/v2/assets/events?source_run_id={quote(run_id)}&limit=100")["asset_events"]
    by_name = {e["name"]: e["extra"] for e in events}
    assert set(by_name) == {a.name for a in WAREHOUSE_ASSETS}, events
    assert {x["run_id"] for x in by_name.values()} == {run_id}
    assert by_name["news_warehouse.articles"]["rows"] == 4

    # news_digest is scheduled on those assets: it ran and wrote the day's digest of this load
    digest_run = _wait_for_run(airflow_servers, "news_digest")
    assert airflow_servers.wait("news_digest", digest_run) == "success", airflow_servers.diagnose("news_digest", digest_run)
    digest_dir = Path(airflow_servers.env["NEWS_REPORTS_DIR"]) / "digest"
    digest = json.loads(next(digest_dir.glob("*.json")).read_text())
    assert run_id in digest["runs"] and digest["articles"] >= 4 and digest["speakers"]

    # news_maintenance, triggered with the same warehouse, compacts it with DuckLake's functions
    maint = airflow_servers.trigger("news_maintenance", conf={"warehouse": conf["warehouse"]})
    assert airflow_servers.wait("news_maintenance", maint) == "success", airflow_servers.diagnose("news_maintenance", maint)
    con = open_warehouse(conf["warehouse"])
    try:
        assert con.execute("select count(*) from articles").fetchone()[0] == 4
    finally:
        con.close()


def _wait_for_run(servers, dag_id: str, timeout: float = 300) -> str:
    """The id of the first run of dag_id (asset-triggered runs appear once the scheduler sees the events)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = servers.runs(dag_id)
        if runs:
            return runs[-1]["dag_run_id"]
        time.sleep(2)
    raise AssertionError(f"no run of {dag_id} within {timeout} s\n{servers.server_logs()}")


def test_compose_services_run_these_servers(airflow_servers):
    """docker-compose.yml's api-server, scheduler and dag-processor run the commands started here,
    and the api-server's healthcheck command passes against the running api-server."""
    import shutil
    import subprocess

    import yaml

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    commands = {services[s]["command"] for s in ("airflow-apiserver", "airflow-scheduler", "airflow-dag-processor")}
    assert commands == set(airflow_servers.COMMANDS)
    check = services["airflow-apiserver"]["healthcheck"]["test"]
    assert check[0] == "CMD"
    if shutil.which(check[1]) is None:
        pytest.skip(f"{check[1]} is not installed here")
    here = [arg.replace("localhost:8080", f"127.0.0.1:{airflow_servers.port}") for arg in check[1:]]
    proc = subprocess.run(here, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
