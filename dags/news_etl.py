"""news_etl: raw articles → people, places, numbers and quotes in DuckDB.

ingest → extract (one mapped task per chunk of articles) → link (persons, stories, quotations
across articles) → validate (Great Expectations) →
load (DuckDB, one transaction) → report. Tasks pass file paths; all logic lives in `etl/`.
Configuration comes from the NEWS_* environment variables (see README).
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta

from airflow.sdk import dag, task

# Read at parse time on purpose: the schedule is part of the DAG's shape. Nothing heavy here.
SCHEDULE = os.environ.get("NEWS_SCHEDULE", "@hourly")
LOAD_POOL = os.environ.get("NEWS_LOAD_POOL", "default_pool")


def _settings():
    from etl.settings import Settings

    return Settings.from_env()


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
    def list_chunks(manifest: dict) -> list[str]:
        return manifest["chunks"]

    @task(retries=1)
    def extract(chunk: str, run_id: str | None = None) -> dict:
        from etl.pipeline import extract as extract_chunk

        return extract_chunk(chunk, _settings(), run_id)

    @task
    def link(manifest: dict, parts: list[dict], run_id: str | None = None) -> dict:
        from etl.pipeline import link as link_batch

        return link_batch(manifest["batch"], _settings(), run_id)

    @task(retries=0)  # a failed verdict is not transient: retrying would fail the same way
    def validate(manifest: dict, linked: dict, run_id: str | None = None) -> str:
        from etl.pipeline import validate as validate_batch

        return validate_batch(manifest["batch"], _settings(), run_id)

    @task(pool=LOAD_POOL)  # DuckDB has one writer: a pool of one slot serialises loads
    def load(manifest: dict, verdict: str, run_id: str | None = None) -> dict[str, int]:
        from etl.pipeline import load as load_batch

        return load_batch(manifest["batch"], _settings(), run_id)

    @task(trigger_rule="all_done")  # report failed validations too
    def report(manifest: dict, run_id: str | None = None) -> dict[str, str]:
        from etl.pipeline import report as write_report

        paths = write_report(manifest["batch"], _settings(), run_id)
        print(open(paths["markdown"], encoding="utf-8").read())
        return paths

    manifest = ingest()
    parts = extract.expand(chunk=list_chunks(manifest))
    verdict = validate(manifest, link(manifest, parts))
    loaded = load(manifest, verdict)
    summary = report(manifest)
    loaded >> summary


news_etl()
