"""A run's state is its outcome: red when nothing loaded, whoever runs it.

Two injected failures, each through the real CLI and the real Airflow (`airflow dags test`,
`make run`, and a real scheduler — tests/servers.py): validation blocks the load (50 articles where extraction finds nothing: the drift
check), and the load fails (the warehouse's location is a path below a regular file, so it can't
be created). Each run ends failed — exit 1 / exit 4, DAG run `failed` — after writing a report
that says what happened and a history line with the load outcome.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, read_history, run_cli, write_entityless_articles

SAMPLE = ROOT / "data" / "raw"


def _unwritable_warehouse(tmp_path: Path) -> Path:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the warehouse's folder should be\n")
    return blocker / "w.sqlite"


def test_cli_blocked_by_validation_exits_1_and_says_so(tmp_path):
    write_entityless_articles(tmp_path / "in", 50)
    proc = run_cli(tmp_path, "run", "--input", str(tmp_path / "in"), check=False)
    assert proc.returncode == 1, proc.stderr[-2000:]
    summary = (tmp_path / "reports" / "latest" / "summary.md").read_text(encoding="utf-8")
    assert "50 read, 0 loaded" in summary and "load: **blocked by validation" in summary
    assert "articles_with_entities" in summary and "the extractor may be broken" in proc.stderr
    entry = read_history(tmp_path / "reports")[-1]
    assert entry["load"]["status"] == "blocked" and entry["load"]["articles"] == 0
    assert entry["drift"]["metrics"]["articles_with_entities"]["verdict"] == "failed"
    assert not (tmp_path / "warehouse.sqlite").exists()  # the load never ran


def test_cli_failed_load_exits_4_and_says_so(tmp_path):
    warehouse = _unwritable_warehouse(tmp_path)
    proc = run_cli(tmp_path, "run", "--input", str(SAMPLE), check=False, env={"NEWS_WAREHOUSE": str(warehouse)})
    assert proc.returncode == 4, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    summary = (tmp_path / "reports" / "latest" / "summary.md").read_text(encoding="utf-8")
    assert "4 read, 0 loaded" in summary and "validation: **passed**" in summary
    assert "load: **failed, nothing loaded: " in summary and "not-a-folder" in summary
    entry = read_history(tmp_path / "reports")[-1]
    assert entry["load"]["status"] == "failed" and entry["warehouse"] == str(warehouse)
    assert "load failed, nothing was loaded" in proc.stderr


def test_each_run_has_its_own_report_folder_and_latest_points_at_the_newest(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text("PARIS (Wire) – Mayor Anne Hidalgo said 300 trees would be planted.\n", encoding="utf-8")
    run_cli(tmp_path, "run", "--input", str(inp), "--run-id", "first")
    run_cli(tmp_path, "run", "--input", str(inp), "--run-id", "second")
    runs = tmp_path / "reports" / "runs"
    assert sorted(p.name for p in runs.iterdir()) == ["first", "second"]
    assert "1 loaded" in (runs / "first" / "summary.md").read_text() and "0 loaded" in (runs / "second" / "summary.md").read_text()
    assert (tmp_path / "reports" / "latest").resolve() == (runs / "second").resolve()
    assert not (tmp_path / "reports" / "summary.md").exists()
    # the second run is compared with the first (same warehouse) ...
    assert "compared with the previous run: `first`" in (runs / "second" / "summary.md").read_text()
    # ... and a run on another warehouse sharing the reports folder is compared with nothing
    other = run_cli(tmp_path, "run", "--input", str(inp), "--run-id", "other",
                    env={"NEWS_WAREHOUSE": str(tmp_path / "other.sqlite")}).stdout
    assert "compared with the previous run" not in other and "| articles | 1 | 1 | — |" in other


# --- Airflow ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def airflow_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("airflow_home")
    env = _airflow_env(home)
    subprocess.run([_airflow(), "db", "migrate"], env=env, check=True, capture_output=True, timeout=600)
    return home


def _airflow() -> str:
    return str(Path(sys.executable).with_name("airflow"))


def _airflow_env(home: Path, **news: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWS_")}
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "GX_ANALYTICS_ENABLED": "false",
        "NEWS_RETRY_DELAY_SECONDS": "1",  # the load's two retries happen, quickly
        "NEWS_ON_FAILURE_CALLBACK": "tests.alert_probe:record",
        "PYTHONPATH": str(ROOT),
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
        **news,
    })
    return env


def _news_env(work: Path, raw: Path, warehouse: Path | None = None) -> dict[str, str]:
    return {"NEWS_RAW_DIR": str(raw), "NEWS_DATA_DIR": str(work / "data"), "NEWS_REPORTS_DIR": str(work / "reports"),
            "NEWS_WAREHOUSE": str(warehouse or work / "w.sqlite"), "NEWS_TEST_ALERT_FILE": str(work / "alerts.jsonl"),
            "NEWS_WORKERS": "1"}


def _last_run_state(env: dict[str, str]) -> str:
    """The state Airflow's metadata database holds for the newest news_etl run."""
    import sqlite3

    con = sqlite3.connect(Path(env["AIRFLOW_HOME"]) / "airflow.db")
    try:
        return con.execute("select state from dag_run where dag_id = 'news_etl' order by id desc limit 1").fetchone()[0]
    finally:
        con.close()


@pytest.mark.slow
def test_airflow_dags_test_fails_when_validation_blocks(airflow_home, tmp_path):
    raw = tmp_path / "in"
    write_entityless_articles(raw, 50)
    env = _airflow_env(airflow_home, **_news_env(tmp_path, raw))
    proc = subprocess.run([_airflow(), "dags", "test", "news_etl"], env=env, capture_output=True, text=True, timeout=900)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0 and "DagRun failed" in log, log[-4000:]
    assert _last_run_state(env) == "failed"
    summary = (tmp_path / "reports" / "latest" / "summary.md").read_text(encoding="utf-8")
    assert "0 loaded" in summary and "load: **blocked by validation" in summary
    assert read_history(tmp_path / "reports")[-1]["load"]["status"] == "blocked"
    alerts = [json.loads(x) for x in (tmp_path / "alerts.jsonl").read_text().splitlines()]
    assert len(alerts) == 1 and alerts[0]["outcome"].startswith("blocked by validation")


@pytest.mark.slow
def test_airflow_dags_test_fails_when_the_load_fails(airflow_home, tmp_path):
    env = _airflow_env(airflow_home, **_news_env(tmp_path, SAMPLE, _unwritable_warehouse(tmp_path)))
    proc = subprocess.run([_airflow(), "dags", "test", "news_etl"], env=env, capture_output=True, text=True, timeout=900)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0 and "DagRun failed" in log, log[-4000:]
    assert _last_run_state(env) == "failed"
    summary = (tmp_path / "reports" / "latest" / "summary.md").read_text(encoding="utf-8")
    assert "4 read, 0 loaded" in summary and "load: **failed, nothing loaded" in summary
    assert read_history(tmp_path / "reports")[-1]["load"]["status"] == "failed"
    alerts = [json.loads(x) for x in (tmp_path / "alerts.jsonl").read_text().splitlines()]
    assert len(alerts) == 1 and alerts[0]["outcome"].startswith("failed, nothing loaded")


@pytest.mark.slow
def test_make_run_exits_non_zero_when_the_load_fails(airflow_home, tmp_path):
    env = _airflow_env(airflow_home, **_news_env(tmp_path, SAMPLE, _unwritable_warehouse(tmp_path)))
    proc = subprocess.run(["make", "--no-print-directory", "run", f"AIRFLOW_HOME={airflow_home}"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode != 0, proc.stdout[-3000:]
    assert "DAG run failed" in proc.stdout and "load: **failed, nothing loaded" in proc.stdout


# --- under a real scheduler (api-server, scheduler, dag-processor: tests/servers.py) -----------

def _run_conf(work: Path, raw: Path, warehouse: Path | None = None) -> dict:
    return {"raw_dir": str(raw), "data_dir": str(work / "data"), "reports_dir": str(work / "reports"),
            "warehouse": str(warehouse or work / "w.sqlite")}


@pytest.mark.slow
def test_real_scheduler_run_fails_when_validation_blocks(airflow_servers, tmp_path):
    raw = tmp_path / "in"
    write_entityless_articles(raw, 50)
    run_id = airflow_servers.trigger("news_etl", conf=_run_conf(tmp_path, raw))
    assert airflow_servers.wait("news_etl", run_id) == "failed", airflow_servers.diagnose("news_etl", run_id)
    states = airflow_servers.task_states("news_etl", run_id)
    assert states["validate"] == ["failed"] and states["load"] == ["upstream_failed"], states
    assert states["report"] == ["success"] and states["outcome"] == ["failed"], states
    summary = (tmp_path / "reports" / "latest" / "summary.md").read_text(encoding="utf-8")
    assert "50 read, 0 loaded" in summary and "load: **blocked by validation" in summary
    assert read_history(tmp_path / "reports")[-1]["load"]["status"] == "blocked"


@pytest.mark.slow
def test_real_scheduler_run_fails_when_the_load_fails(airflow_servers, tmp_path):
    run_id = airflow_servers.trigger("news_etl", conf=_run_conf(tmp_path, SAMPLE, _unwritable_warehouse(tmp_path)))
    assert airflow_servers.wait("news_etl", run_id) == "failed", airflow_servers.diagnose("news_etl", run_id)
    states = airflow_servers.task_states("news_etl", run_id)
    assert states["validate"] == ["success"] and states["load"] == ["failed"], states
    assert states["report"] == ["success"] and states["outcome"] == ["failed"], states
    summary = (tmp_path / "reports" / "latest" / "summary.md").read_text(encoding="utf-8")
    assert "4 read, 0 loaded" in summary and "load: **failed, nothing loaded" in summary
    assert read_history(tmp_path / "reports")[-1]["load"]["status"] == "failed"
