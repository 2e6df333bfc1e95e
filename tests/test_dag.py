"""The Airflow DAG: imports cleanly and cheaply, has the expected shape, runs end to end."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import open_warehouse

ROOT = Path(__file__).resolve().parent.parent
DAGS = ROOT / "dags"
HEAVY = ("spacy", "great_expectations", "duckdb", "pandas", "pyarrow", "trafilatura", "etl.extract")


def _airflow_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "AIRFLOW_HOME": str(tmp_path / "airflow_home"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "GX_ANALYTICS_ENABLED": "false",
    })
    return env


def dags_test(tmp_path: Path, raw: Path, logical_date: str | None = None, **env: str) -> subprocess.CompletedProcess:
    """`airflow dags test news_etl [logical_date]` over `raw` in a fresh Airflow home, folders under tmp_path."""
    full = _airflow_env(tmp_path)
    full.update({
        "NEWS_RAW_DIR": str(raw),
        "NEWS_DATA_DIR": str(tmp_path / "data"),
        "NEWS_WAREHOUSE": str(tmp_path / "w.sqlite"),
        "NEWS_REPORTS_DIR": str(tmp_path / "reports"),
        **env,
    })
    airflow = str(Path(sys.executable).with_name("airflow"))
    subprocess.run([airflow, "db", "migrate"], env=full, check=True, capture_output=True, timeout=600)
    date = [logical_date] if logical_date else []
    return subprocess.run([airflow, "dags", "test", "news_etl", *date], env=full, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


def test_every_dag_imports(dagbag):
    assert not dagbag.import_errors, dagbag.import_errors
    assert "news_etl" in dagbag.dags


def test_news_etl_shape(dagbag):
    dag = dagbag.dags["news_etl"]
    assert set(dag.task_ids) == {"ingest", "shard_chunks", "extract", "link", "validate", "load", "report", "outcome"}
    assert dag.max_active_runs == 1
    assert dag.tags and not dag.catchup
    down = {t: set(dag.get_task(t).downstream_task_ids) for t in dag.task_ids}
    assert down["ingest"] >= {"shard_chunks", "link", "validate", "load", "report"}
    assert down["extract"] == {"link"}
    assert down["link"] == {"validate"}
    assert down["validate"] == {"load"}
    assert down["load"] == {"report"}
    assert down["report"] == {"outcome"}
    assert dag.get_task("report").trigger_rule == "all_done"
    # the only leaf re-raises the recorded outcome, so the run's state is the load's outcome
    assert [t.task_id for t in dag.leaves] == ["outcome"]
    assert dag.get_task("outcome").trigger_rule == "all_done"
    assert dag.on_failure_callback
    assert dag.get_task("ingest").retries >= 2
    # no cycles: a topological sort covers every task
    assert len(dag.topological_sort()) == len(dag.task_ids)


@pytest.mark.parametrize("dag_file", sorted(p.name for p in DAGS.glob("*.py")))
def test_dag_file_parses_without_heavy_imports(dag_file):
    code = (
        "import sys, runpy, json; runpy.run_path(sys.argv[1]);"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(DAGS / dag_file)], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_maintenance_dag(dagbag, monkeypatch):
    dag = dagbag.dags["news_maintenance"]
    assert set(dag.task_ids) == {"maintain"} and dag.max_active_runs == 1 and not dag.catchup
    task = dag.get_task("maintain")
    assert task.retries >= 1, "a warehouse busy with a load is retried later"
    code = "import runpy,sys; g=runpy.run_path(sys.argv[1]); print(g['SCHEDULE'], g['LOAD_POOL'])"
    env = dict(os.environ, NEWS_MAINTENANCE_SCHEDULE="0 3 * * 0", NEWS_LOAD_POOL="duckdb_writer")
    out = subprocess.run([sys.executable, "-c", code, str(DAGS / "news_maintenance.py")], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip().splitlines()[-1] == "0 3 * * 0 duckdb_writer"


def test_schedule_is_configurable(tmp_path):
    env = dict(os.environ, NEWS_SCHEDULE="0 6 * * *")
    code = "import runpy,sys; g=runpy.run_path(sys.argv[1]); print(g['SCHEDULE'])"
    out = subprocess.run([sys.executable, "-c", code, str(DAGS / "news_etl.py")], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip().splitlines()[-1] == "0 6 * * *"


@pytest.mark.slow
def test_airflow_dags_test_end_to_end(tmp_path):
    """`airflow dags test news_etl` on the sample data, in a fresh Airflow home."""
    proc = dags_test(tmp_path, ROOT / "data" / "raw")
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-4000:]
    assert "state=success" in log, log[-4000:]
    con = open_warehouse(tmp_path / "w.sqlite")
    counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("articles", "people", "places", "numbers", "quotes")}
    assert counts["articles"] == 4 and all(counts.values()), counts
    run_ids = {r[0] for r in con.execute("select distinct run_id from articles").fetchall()}
    assert len(run_ids) == 1 and run_ids.pop().startswith("manual__")
    assert (tmp_path / "reports" / "latest" / "summary.md").exists()


def write_tiny_articles(folder: Path, n: int) -> None:
    """n short, distinct wire stories, each with a person and a place."""
    people = ["John Smith", "Maria Lopez", "Ahmed Khan", "Li Wei", "Anna Novak", "Peter Brown",
              "Sofia Rossi", "David Cohen", "Emma Wilson", "Lukas Meyer", "Nadia Petrova", "Tom Harris"]
    cities = ["Paris", "Berlin", "Madrid", "Rome", "Vienna", "Warsaw", "Lisbon", "Athens", "Dublin", "Oslo", "Prague", "Cairo"]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        person, city = people[i % len(people)], cities[(i * 5) % len(cities)]
        (folder / f"story-{i:03d}.txt").write_text(
            f"{city} talks, day {i + 1}\n\n{city.upper()} (Reuters) - {person} met officials in {city} on Monday "
            f"to discuss {i + 3} new projects, a spokesman said.\n", encoding="utf-8")


@pytest.mark.slow
def test_backlog_larger_than_max_map_length(tmp_path):
    """10 chunks (NEWS_BATCH_SIZE=1) with core.max_map_length=4: the DAG maps at most 4 extract
    tasks and loads every article (unsharded, Airflow fails with "pushed value is too large to map")."""
    raw = tmp_path / "raw"
    write_tiny_articles(raw, 10)
    proc = dags_test(tmp_path, raw, AIRFLOW__CORE__MAX_MAP_LENGTH="4", NEWS_BATCH_SIZE="1")
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "state=success" in log, log[-4000:]
    import sqlite3

    meta = sqlite3.connect(tmp_path / "airflow_home" / "airflow.db")
    mapped = meta.execute("select map_index, state from task_instance where task_id = 'extract' order by map_index").fetchall()
    meta.close()
    assert [m for m, _ in mapped] == [0, 1, 2, 3] and {s for _, s in mapped} == {"success"}, mapped
    manifest = json.loads(next((tmp_path / "data" / "batches").glob("*/manifest.json")).read_text())
    assert len(manifest["chunks"]) == 10
    con = open_warehouse(tmp_path / "w.sqlite")
    assert con.execute("select count(*) from articles").fetchone()[0] == 10
    con.close()
