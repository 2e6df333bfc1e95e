"""The one source of truth for every table's columns: see tables.py."""
from schemas.tables import TABLES, TableSpec, duckdb_ddl, empty_table, spec

__all__ = ["TABLES", "TableSpec", "duckdb_ddl", "empty_table", "spec"]
