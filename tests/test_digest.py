"""The daily digest (etl/digest.py) and the news_digest DAG scheduled on the warehouse's assets."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from etl.digest import digests_for_events, resolve_warehouse, write_digest
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The sample articles loaded by one CLI run; returns (warehouse, run_id)."""
    work = tmp_path_factory.mktemp("digest")
    run_cli(work, "run", "--input", str(ROOT / "data" / "raw"), "--run-id", "manual__digest-test")
    return str(work / "warehouse.sqlite"), "manual__digest-test"


def test_digest_of_the_day_of_the_load(loaded, tmp_path):
    warehouse, run_id = loaded
    today = datetime.now(timezone.utc).date()
    paths = write_digest(warehouse, tmp_path, today)
    digest = json.loads(Path(paths["json"]).read_text())
    assert digest["runs"] == [run_id] and digest["articles"] == 4
    assert digest["people"] and digest["places"] and digest["speakers"]
    assert all(p["articles"] >= 1 for p in digest["people"])
    md = Path(paths["markdown"]).read_text()
    assert md.startswith(f"# News digest {today.isoformat()}") and "4 articles loaded by 1 run" in md
    assert digest["speakers"][0]["speaker"] in md


def test_digest_of_a_day_without_loads_says_so(loaded, tmp_path):
    warehouse, _ = loaded
    yesterday = datetime.now(timezone.utc).date() - timedelta(days=1)
    digest = json.loads(Path(write_digest(warehouse, tmp_path, yesterday)["json"]).read_text())
    assert digest["runs"] == [] and digest["articles"] == 0 and digest["people"] == []
    assert "Nothing new was loaded" in (tmp_path / f"{yesterday.isoformat()}.md").read_text()


def test_events_name_their_warehouse_and_day(loaded, tmp_path):
    warehouse, _ = loaded
    now = datetime.now(timezone.utc)
    paths = digests_for_events([({"warehouse": warehouse, "run_id": "x"}, now), ({"warehouse": warehouse}, now)],
                               "/elsewhere/other.sqlite", tmp_path)
    assert len(paths) == 1 and json.loads(Path(paths[0]["json"]).read_text())["articles"] == 4


def test_a_scrubbed_password_resolves_to_the_configured_warehouse():
    configured = "ducklake:postgres:dbname=news host=db password=s3cret"
    assert resolve_warehouse("ducklake:postgres:dbname=news host=db password=***", configured) == configured
    assert resolve_warehouse(None, configured) == configured
    assert resolve_warehouse("/other/w.sqlite", configured) == "/other/w.sqlite"


def test_digest_dag_is_scheduled_on_the_warehouse_assets():
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(ROOT / "dags"))
    assert not bag.import_errors, bag.import_errors
    dag = bag.dags["news_digest"]
    condition = dag.timetable.asset_condition  # all of them: one load emits every table's event
    assert type(condition).__name__ == "AssetAll"
    assert {a.name for a in condition.objects} == {f"news_warehouse.{t}" for t in ("articles", "people", "places", "quotes")}
    assert set(dag.task_ids) == {"write_digest"} and not dag.catchup
