"""news_maintenance: keep the warehouse small and fast, on its own schedule.

Every hourly load adds a few small Parquet files and one snapshot. Once a day (by default) this
DAG merges adjacent small files, expires snapshots older than NEWS_KEEP_DAYS (the time travel
window) and deletes the files nothing references any more, with DuckLake's own functions
(etl/warehouse/maintenance.py). It runs in the load pool, so it never competes with a load; on
an embedded catalog a load started meanwhile makes it retry later.
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta

from airflow.sdk import dag, task

from etl.orchestration import schedule_from_env

SCHEDULE = schedule_from_env("@daily", "NEWS_MAINTENANCE_SCHEDULE")
LOAD_POOL = os.environ.get("NEWS_LOAD_POOL", "default_pool")


@dag(
    dag_id="news_maintenance",
    schedule=SCHEDULE,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    tags=["news", "maintenance", "ducklake"],
    doc_md=__doc__,
)
def news_maintenance():
    # a busy warehouse (a load holding the embedded catalog) is worth waiting for, not failing
    @task(pool=LOAD_POOL, retries=3, retry_delay=timedelta(minutes=5))
    def maintain(dag_run=None) -> dict:
        from etl.orchestration import settings_for_run
        from etl.pipeline import maintain as maintain_warehouse

        # a triggered run may name another warehouse in its conf, as for news_etl
        return maintain_warehouse(settings_for_run(dag_run.conf if dag_run is not None else None))

    maintain()


news_maintenance()
