"""The warehouse tables as Airflow Assets: the load task's outlets, other DAGs' schedules.

    from etl.assets import WAREHOUSE_ASSETS, warehouse_asset
    @dag(schedule=warehouse_asset("quotes"))           # runs after every load that committed

Each load emits one asset event per table with extra = {"run_id", "warehouse", "rows"} (rows:
that table's row count after the load), so a downstream task knows which run and which
warehouse (runs can be pointed at another warehouse by their conf) it is looking at.

Imported by DAG files at parse time: only airflow.sdk here (no pyarrow, duckdb, spaCy).
"""
from __future__ import annotations

import re

from airflow.sdk import Asset

# Must name every table of schemas/tables.py TABLES (tests/test_assets.py checks it; the schema
# module imports pyarrow, too heavy for DAG parsing, hence the copy).
WAREHOUSE_TABLES = ("articles", "people", "places", "numbers", "quotes", "rejects",
                    "persons", "person_merges", "stories", "story_index", "story_bands", "quotations", "quotation_index")
ASSET_GROUP = "news_warehouse"


def warehouse_asset(table: str) -> Asset:
    """The Asset for one warehouse table: name `news_warehouse.<table>`."""
    if table not in WAREHOUSE_TABLES:
        raise ValueError(f"{table!r} is not a warehouse table ({', '.join(WAREHOUSE_TABLES)})")
    return Asset(name=f"{ASSET_GROUP}.{table}", uri=f"x-news-warehouse://{ASSET_GROUP}/{table}", group=ASSET_GROUP)


WAREHOUSE_ASSETS = [warehouse_asset(t) for t in WAREHOUSE_TABLES]


def public_warehouse_name(warehouse: str) -> str:
    """The warehouse string without a password (`password=…` in a libpq string, `user:pass@` in
    a URL): asset events are visible to every Airflow user. Use PGPASSWORD or ~/.pgpass instead."""
    text = re.sub(r"(?i)\bpassword\s*=\s*('[^']*'|\S+)", "password=***", str(warehouse))
    return re.sub(r"://([^:/@\s]+):[^@/\s]+@", r"://\1:***@", text)


def record_load_events(outlet_events, counts: dict[str, int], run_id: str, warehouse: str) -> None:
    """Attach what the load did to each table's asset event (the task's outlet_events)."""
    name = public_warehouse_name(warehouse)
    for table in WAREHOUSE_TABLES:
        outlet_events[warehouse_asset(table)].extra = {"run_id": run_id, "warehouse": name, "rows": counts.get(table)}
