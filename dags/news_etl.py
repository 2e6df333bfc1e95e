"""news_etl: raw articles → people, places, numbers and quotes in DuckDB.

ingest → extract (mapped over shards: consecutive chunks of articles, at most core.max_map_length
shards) → link (persons, stories, quotations across articles) → validate (Great Expectations) →
load (DuckDB, one transaction) → report. Tasks pass file paths; all logic lives in `etl/`.
Configuration comes from the NEWS_* environment variables (see README).
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta

from airflow.sdk import dag, task

from etl.assets import WAREHOUSE_ASSETS
from etl.orchestration import schedule_from_env

# Read at parse time on purpose: the schedule is part of the DAG's shape. Nothing heavy here.
SCHEDULE = schedule_from_env()  # NEWS_SCHEDULE; "none": triggered runs only
LOAD_POOL = os.environ.get("NEWS_LOAD_POOL", "default_pool")


def _settings():
    """NEWS_* settings, overridden by the run's conf (raw_dir, warehouse, …: see README)."""
    from airflow.sdk import get_current_context

    from etl.orchestration import settings_for_run

    return settings_for_run(get_current_context()["dag_run"].conf)


@dag(
    dag_id="news_etl",
    schedule=SCHEDULE,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=1)},
    tags=["news", "etl", "duckdb", "great-expectations"],
    doc_md=__doc__,
)
def news_etl():
    @task
    def ingest(run_id: str | None = None) -> dict:
        from etl.pipeline import stage_input

        return stage_input(_settings(), run_id)

    @task
    def shard_chunks(manifest: dict) -> list[list[str]]:
        """Never more shards than core.max_map_length allows: a backlog of any size maps."""
        from etl.orchestration import max_map_length, shard

        return shard(manifest["chunks"], max_map_length())

    @task(retries=1)
    def extract(shard: list[str], run_id: str | None = None) -> dict:
        from etl.orchestration import extract_shard

        return extract_shard(shard, _settings(), run_id)

    @task
    def link(manifest: dict, parts: list[dict], run_id: str | None = None) -> dict:
        from etl.pipeline import link as link_batch

        return link_batch(manifest["batch"], _settings(), run_id)

    @task(retries=0)  # a failed verdict is not transient: retrying would fail the same way
    def validate(manifest: dict, linked: dict, run_id: str | None = None) -> str:
        from etl.pipeline import validate as validate_batch

        return validate_batch(manifest["batch"], _settings(), run_id)

    # The warehouse tables are this task's outlets: DAGs scheduled on them run after each load.
    @task(pool=LOAD_POOL, outlets=WAREHOUSE_ASSETS)  # DuckDB has one writer: a pool of one slot serialises loads
    def load(manifest: dict, verdict: str, run_id: str | None = None, outlet_events=None) -> dict[str, int]:
        from etl.assets import record_load_events
        from etl.pipeline import load as load_batch

        settings = _settings()
        counts = load_batch(manifest["batch"], settings, run_id)
        record_load_events(outlet_events, counts, run_id, str(settings.warehouse))
        return counts

    @task(trigger_rule="all_done")  # report failed validations too
    def report(manifest: dict, run_id: str | None = None) -> dict[str, str]:
        from etl.pipeline import report as write_report

        paths = write_report(manifest["batch"], _settings(), run_id)
        print(open(paths["markdown"], encoding="utf-8").read())
        return paths

    manifest = ingest()
    parts = extract.expand(shard=shard_chunks(manifest))
    verdict = validate(manifest, link(manifest, parts))
    loaded = load(manifest, verdict)
    summary = report(manifest)
    loaded >> summary


news_etl()
