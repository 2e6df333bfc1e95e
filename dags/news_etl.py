"""news_etl: raw articles → people, places, numbers and quotes in the DuckLake warehouse.

ingest → extract (mapped over shards: consecutive chunks of articles, at most core.max_map_length
shards) → link (persons, stories, quotations across articles) → validate (Great Expectations) →
load (one DuckLake snapshot; the tables are its outlet Assets) → report → outcome. Tasks pass
file paths; all logic lives in `etl/`. Configuration comes from the NEWS_* environment variables,
and a triggered run's conf (see README).

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

from etl.assets import WAREHOUSE_ASSETS
from etl.orchestration import schedule_from_env, with_data_intervals

# Read at parse time on purpose: the schedule is part of the DAG's shape. Nothing heavy here.
SCHEDULE = schedule_from_env()  # NEWS_SCHEDULE; "none": triggered runs only
LOAD_POOL = os.environ.get("NEWS_LOAD_POOL", "default_pool")
RETRY_DELAY = timedelta(seconds=int(os.environ.get("NEWS_RETRY_DELAY_SECONDS", "60")))


def _settings(context=None):
    """NEWS_* settings, overridden by the run's conf (raw_dir, warehouse, …: see README).
    context: the Airflow context (callbacks receive it); inside a task, the current one."""
    from etl.orchestration import settings_for_run

    if context is None:
        from airflow.sdk import get_current_context

        context = get_current_context()
    dag_run = context.get("dag_run")
    return settings_for_run(dag_run.conf if dag_run is not None else None)


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

    dag_run = context.get("dag_run")
    run_id = context.get("run_id") or getattr(dag_run, "run_id", None)
    try:  # not inside a task: the run's settings come from the context's run conf
        outcome = read(batch_dir(_settings(context), run_id)) if run_id else None
    except Exception:  # a conf the run could not use: the run failed before it had an outcome
        outcome = None
    module, _, name = target.partition(":")
    callback = getattr(importlib.import_module(module), name or "on_failure")
    callback({**context, "news_outcome": outcome.describe() if outcome else "the run failed before its outcome was recorded"})


@dag(
    dag_id="news_etl",
    schedule=with_data_intervals(SCHEDULE),  # each run covers [previous tick, this tick) in UTC
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": RETRY_DELAY},
    on_failure_callback=on_failure,
    tags=["news", "etl", "ducklake", "great-expectations"],
    doc_md=__doc__,
)
def news_etl():
    @task
    def ingest(run_id: str | None = None, data_interval_start=None, data_interval_end=None) -> dict:
        from etl.orchestration import input_folders, raw_layout
        from etl.pipeline import stage_input

        settings = _settings()
        # NEWS_RAW_LAYOUT=by-date: only the raw/YYYY-MM-DD folders of this run's data interval
        folders = input_folders(settings.raw_dir, raw_layout(), data_interval_start, data_interval_end)
        return stage_input(settings, run_id, folders=folders)

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
    @task(pool=LOAD_POOL, outlets=WAREHOUSE_ASSETS)  # a pool of one slot: loads (and maintenance) one at a time
    def load(manifest: dict, verdict: str, run_id: str | None = None, outlet_events=None) -> dict[str, int]:
        from etl.assets import record_load_events
        from etl.pipeline import load as load_batch

        settings = _settings()
        counts = load_batch(manifest["batch"], settings, run_id)
        record_load_events(outlet_events, counts, run_id, str(settings.warehouse))
        return counts

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
    parts = extract.expand(shard=shard_chunks(manifest))
    verdict = validate(manifest, link(manifest, parts))
    loaded = load(manifest, verdict)
    summary = report(manifest)
    loaded >> summary >> outcome(manifest)


news_etl()
