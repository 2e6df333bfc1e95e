"""news_digest: the day's digest of the warehouse, rewritten after every load.

Scheduled on the warehouse tables' Assets (outlets of news_etl's load task), so it runs when a
load has committed, never by the clock. Writes <NEWS_REPORTS_DIR>/digest/<YYYY-MM-DD>.md and
.json: the day's articles, the people and places in most of them and
the most quoted speakers. All logic lives in etl/digest.py.
"""
from __future__ import annotations

from datetime import datetime

from airflow.sdk import dag, task

from etl.assets import warehouse_asset

ARTICLES = warehouse_asset("articles")


@dag(
    dag_id="news_digest",
    # a load emits all tables' events together: wait for the ones the digest reads
    schedule=ARTICLES & warehouse_asset("people") & warehouse_asset("places") & warehouse_asset("quotes"),
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    tags=["news", "digest"],
    doc_md=__doc__,
)
def news_digest():
    @task(retries=2)
    def write_digest(triggering_asset_events=None) -> list[dict[str, str]]:
        from etl.digest import digests_for_events
        from etl.settings import Settings

        settings = Settings.from_env()
        digest_dir = settings.reports_dir / "digest"
        events = [(e.extra, e.timestamp) for e in triggering_asset_events[ARTICLES]]
        return digests_for_events(events, str(settings.warehouse), digest_dir)

    write_digest()


news_digest()
