"""The warehouse tables as Airflow Assets: declared by the load task, in step with the schemas."""
from __future__ import annotations

from pathlib import Path

import pytest

from etl.assets import WAREHOUSE_ASSETS, WAREHOUSE_TABLES, public_warehouse_name, warehouse_asset

ROOT = Path(__file__).resolve().parent.parent


def test_every_warehouse_table_is_an_asset():
    from schemas.tables import TABLES

    assert set(WAREHOUSE_TABLES) == set(TABLES), "add the new table to WAREHOUSE_TABLES in etl/assets.py"
    assert len({a.name for a in WAREHOUSE_ASSETS}) == len(WAREHOUSE_TABLES)
    assert warehouse_asset("quotes").name == "news_warehouse.quotes"
    with pytest.raises(ValueError):
        warehouse_asset("no_such_table")


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(ROOT / "dags"))


def test_load_task_declares_the_tables_as_outlets(dagbag):
    load = dagbag.dags["news_etl"].get_task("load")
    assert {a.name for a in load.outlets} == {a.name for a in WAREHOUSE_ASSETS}
    # no other task claims to write the warehouse
    others = [t.task_id for t in dagbag.dags["news_etl"].tasks if t.task_id != "load" and t.outlets]
    assert others == []


@pytest.mark.parametrize("warehouse, shown", [
    ("/srv/news.sqlite", "/srv/news.sqlite"),
    ("ducklake:postgres:dbname=news host=db user=etl password=s3cret", "ducklake:postgres:dbname=news host=db user=etl password=***"),
    ("ducklake:postgres:dbname=news password='a b' host=db", "ducklake:postgres:dbname=news password=*** host=db"),
    ("ducklake:postgres:postgresql://etl:s3cret@db/news", "ducklake:postgres:postgresql://etl:***@db/news"),
])
def test_asset_events_never_carry_a_password(warehouse, shown):
    assert public_warehouse_name(warehouse) == shown
