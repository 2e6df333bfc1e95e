"""news_etl: raw articles → people, places, numbers and quotes in DuckDB.

ingest → extract (one mapped task per chunk of articles) → validate (Great Expectations) →
load (DuckDB, one transaction) → report → outcome. Tasks pass file paths; all logic lives in
`etl/`. Configuration comes from the NEWS_* environment variables (see README).

The run's state is its outcome: `report` runs whatever happened before it (trigger rule
all_done) and writes the summary, then `outcome` re-raises what was recorded — the run ends
`failed` when validation blocked the load or the load failed, `success` when the batch loaded.
Alerts: set NEWS_ON_FAILURE_CALLBACK=package.module:function; it is called with the Airflow
context (plus `news_outcome`, the outcome in words) when a run fails.
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta

from airflow.sdk import dag, task

# Read at parse time on purpose: the schedule is part of the DAG's shape. Nothing heavy here.
SCHEDULE = os.environ.get("NEWS_SCHEDULE", "@hourly")
LOAD_POOL = os.environ.get("NEWS_LOAD_POOL", "default_pool")
RETRY_DELAY = timedelta(seconds=int(os.environ.get("NEWS_RETRY_DELAY_SECONDS", "60")))


def _settings():
    from etl.settings import Settings

    return Settings.from_env()


def on_failure(context) -> None:
    """The DAG's on_failure_callback: the hook point for alerts (Slack, e-mail, a pager — the
    user's choice). Calls the function named by NEWS_ON_FAILURE_CALLBACK ("module:function") with
    the Airflow context, to which it adds `news_outcome`: what the run did, in words."""
    target = os.environ.get("NEWS_ON_FAILURE_CALLBACK")
    if not target:
        return
    import importlib

    from etl.batch import batch_dir
    from etl.outcome import read

    run_id = context.get("run_id") or getattr(context.get("dag_run"), "run_id", None)
    outcome = read(batch_dir(_settings(), run_id)) if run_id else None
    module, _, name = target.partition(":")
    callback = getattr(importlib.import_module(module), name or "on_failure")
    callback({**context, "news_outcome": outcome.describe() if outcome else "the run failed before its outcome was recorded"})


@dag(
    dag_id="news_etl",
    schedule=SCHEDULE,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": RETRY_DELAY},
    on_failure_callback=on_failure,
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

    @task(retries=0)  # a failed verdict is not transient: retrying would fail the same way
    def validate(manifest: dict, parts: list[dict], run_id: str | None = None) -> str:
        from etl.pipeline import validate as validate_batch

        return validate_batch(manifest["batch"], _settings(), run_id)

    @task(pool=LOAD_POOL)  # DuckDB has one writer: a pool of one slot serialises loads
    def load(manifest: dict, verdict: str, run_id: str | None = None) -> dict[str, int]:
        from etl.pipeline import load as load_batch

        return load_batch(manifest["batch"], _settings(), run_id)

    @task(trigger_rule="all_done")  # report blocked and failed loads too
    def report(manifest: dict, run_id: str | None = None) -> dict[str, str]:
        from etl.pipeline import report as write_report

        paths = write_report(manifest["batch"], _settings(), run_id)
        print(open(paths["markdown"], encoding="utf-8").read())
        return paths

    @task(trigger_rule="all_done", retries=0)  # the leaf: the run's state is the recorded outcome
    def outcome(manifest: dict) -> dict:
        from etl.pipeline import finish

        return finish(manifest["batch"])

    manifest = ingest()
    parts = extract.expand(chunk=list_chunks(manifest))
    verdict = validate(manifest, parts)
    loaded = load(manifest, verdict)
    summary = report(manifest)
    loaded >> summary >> outcome(manifest)


news_etl()
