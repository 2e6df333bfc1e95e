"""The warehouse engine: a DuckLake (Parquet data files + a catalog in SQLite or PostgreSQL).

The narrow API the pipeline, the CLI, the reports and other modules use:

    connect(spec, read_only=False, snapshot=None)   DuckDB connection, the lake attached and selected
    reader(spec)                                    with-block read connection, None if no warehouse yet
    writer_lock(spec)                               one writer at a time on an embedded catalog
    load_batch(batch, spec, run_id)                 a validated batch in, one transaction = one snapshot
    table_counts(con) / warehouse_counts(spec)      rows per declared table
    known_article_ids(con, ids, extractor)          bounded look-ups of what the warehouse holds
    ledger_entries(con, paths, extractor)
    snapshots(spec) / snapshot_before_run(spec, run_id)   time travel
    maintain(spec, keep_days)                       merge small files, expire old snapshots, delete files
    migrate(parquet_lake, spec)                     an old published Parquet lake into the DuckLake

Tables and columns come from schemas/tables.py (TABLES, STATE_TABLES): a table or column added
there is created in the warehouse by the next load (ensure_schema).
"""
from etl.warehouse.attach import (
    ALIAS,
    WarehouseBusy,
    WarehouseError,
    WarehouseMissing,
    attach_uri,
    catalog_file,
    connect,
    exists,
    reader,
    writer_lock,
)
from etl.warehouse.load import load_batch, table_counts
from etl.warehouse.schema import VIEWS, ensure_schema
from etl.warehouse.state import known_article_ids, ledger_entries, snapshot_before_run, snapshots, warehouse_counts

__all__ = [
    "ALIAS", "VIEWS", "WarehouseBusy", "WarehouseError", "WarehouseMissing", "attach_uri", "catalog_file", "connect",
    "ensure_schema", "exists", "known_article_ids", "ledger_entries", "load_batch", "reader", "snapshot_before_run",
    "snapshots", "table_counts", "warehouse_counts", "writer_lock",
]
