"""schemas/ is the one source: Parquet, DuckDB DDL and the GX suites must agree with it."""
from __future__ import annotations

import duckdb
import pytest

from expectations.suites import DERIVED_COLUMNS, expectations_for
from schemas.tables import TABLES, duckdb_ddl


@pytest.mark.parametrize("table", sorted(TABLES))
def test_duckdb_ddl_matches_arrow_schema(table):
    con = duckdb.connect()
    con.execute(duckdb_ddl(table))
    cols = [r[0] for r in con.execute(f"describe {table}").fetchall()]
    assert cols == TABLES[table].columns
    empty = TABLES[table].schema.empty_table()
    con.register("empty_arrow", empty)
    con.execute(f"insert into {table} select * from empty_arrow")


def _columns_named(expectation) -> set[str]:
    kwargs = expectation.configuration.kwargs if hasattr(expectation, "configuration") else expectation.kwargs
    cols = set()
    if kwargs.get("column"):
        cols.add(kwargs["column"])
    cols.update(kwargs.get("column_list") or [])
    return cols


@pytest.mark.parametrize("table", sorted(TABLES))
def test_suites_name_only_schema_or_derived_columns(table):
    named = set().union(*(_columns_named(e) for e in expectations_for(table, n_articles=3)))
    unknown = named - set(TABLES[table].columns) - set(DERIVED_COLUMNS)
    assert not unknown, f"suite for {table} names columns not in schemas/: {unknown}"


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_required_column_has_a_not_null_expectation(table):
    not_null = {
        _columns_named(e).pop() for e in expectations_for(table, n_articles=3)
        if type(e).__name__ == "ExpectColumnValuesToNotBeNull" and e.meta.get("severity") == "critical" and (e.mostly or 1) == 1
    }
    missing = set(TABLES[table].required) - not_null
    assert not missing, f"required columns of {table} without a critical not-null expectation: {missing}"


def test_every_expectation_has_a_severity():
    for table in TABLES:
        for e in expectations_for(table, n_articles=3):
            assert (e.meta or {}).get("severity") in {"critical", "warning"}, (table, e)
