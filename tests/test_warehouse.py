"""The warehouse engine (etl/warehouse) on its own, with small hand-made batches (no model):
one snapshot per load naming the run, no snapshot for an unchanged load, time travel, schema
evolution from schemas/tables.py, maintenance, migration from an old published Parquet lake."""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path

import pytest

from etl.parquet import write_rows
from etl.warehouse import (
    WarehouseBusy,
    WarehouseError,
    connect,
    load_batch,
    snapshot_before_run,
    snapshots,
    warehouse_counts,
    writer_lock,
)
from etl.warehouse.maintenance import maintain
from etl.warehouse.migrate import migrate
from tests.helpers import query

NOW = datetime(2026, 11, 30, 6, 0, tzinfo=timezone.utc)


def article(source_id: str, body: str, run_id: str) -> dict:
    return {"article_id": hashlib.sha256(body.encode()).hexdigest()[:32], "source_id": source_id, "source_path": f"{source_id}.txt",
            "format": "txt", "body": body, "n_chars": len(body), "n_people": 1, "n_places": 0, "n_numbers": 0, "n_quotes": 0,
            "encoding_repaired": False, "extracted": True, "extractor": "test", "run_id": run_id}


def person(a: dict, name: str) -> dict:
    return {"article_id": a["article_id"], "name": name, "mention_count": 1, "section": "body", "start_char": 0,
            "end_char": len(name), "run_id": a["run_id"]}


def make_batch(root: Path, run_id: str, articles: list[dict], rejects: tuple[str, ...] = ()) -> Path:
    batch = root / "batches" / run_id
    write_rows("articles", articles, batch / "articles" / "part-00000.parquet")
    write_rows("people", [person(a, a["body"].split()[0]) for a in articles], batch / "people" / "part-00000.parquet")
    write_rows("rejects", [{"source_path": p, "stage": "ingest", "reason": "empty", "run_id": run_id, "rejected_at": NOW}
                           for p in rejects], batch / "rejects" / "part-ingest.parquet")
    return batch


def test_each_load_is_one_snapshot_naming_its_run_and_an_unchanged_load_commits_nothing(tmp_path):
    w = str(tmp_path / "w.sqlite")
    a1, a2 = article("one", "Alice came home.", "r1"), article("two", "Bob went out.", "r1")
    load_batch(make_batch(tmp_path, "r1", [a1, a2], rejects=("bad.txt",)), w, "r1")
    loads = [s for s in snapshots(w) if s["run_id"]]
    assert [(s["run_id"], s["message"]) for s in loads] == [("r1", "load r1")]
    before = len(snapshots(w))
    # what an unchanged re-run loads: no new article (known ones are never extracted again), a known reject
    load_batch(make_batch(tmp_path, "r1b", [], rejects=("bad.txt",)), w, "r1b")
    assert len(snapshots(w)) == before
    assert query(w, "select count(*) from rejects")[0][0] == 1  # kept once per (source_path, reason)

    edited = article("one", "Alice came home late.", "r2")
    load_batch(make_batch(tmp_path, "r2", [edited]), w, "r2")
    assert warehouse_counts(w)["articles"] == 2
    assert query(w, "select body from articles where source_id = 'one'") == [("Alice came home late.",)]
    # time travel: the warehouse as it was before run r2
    snap = snapshot_before_run(w, "r2")
    con = connect(w, read_only=True, snapshot=snap)
    assert con.execute("select body from articles where source_id = 'one'").fetchall() == [("Alice came home.",)]
    con.close()
    assert snapshot_before_run(w, "never-ran") is None


def test_a_column_declared_later_is_added_by_the_next_load(tmp_path, monkeypatch):
    import pyarrow as pa

    from schemas import tables

    w = str(tmp_path / "w.sqlite")
    load_batch(make_batch(tmp_path, "r1", [article("one", "Alice came home.", "r1")]), w, "r1")
    spec = tables.TABLES["articles"]
    grown = tables._table("articles", spec.key, [
        *[(f.name, f.type, f.nullable, spec.descriptions[f.name]) for f in spec.schema],
        ("sentiment", pa.float64(), True, "a column another issue adds"),
    ])
    monkeypatch.setitem(tables.TABLES, "articles", grown)
    rows = [{**article("two", "Bob went out.", "r2"), "sentiment": 0.5}]
    load_batch(make_batch(tmp_path, "r2", rows), w, "r2")
    assert query(w, "select source_id, sentiment from articles order by 1") == [("one", None), ("two", 0.5)]


def test_second_writer_on_the_embedded_catalog_is_refused_at_once(tmp_path):
    w = str(tmp_path / "w.sqlite")
    import subprocess
    import sys

    from tests.helpers import ROOT

    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom etl.warehouse import writer_lock\n"
                               "with writer_lock(sys.argv[1]):\n    print('held', flush=True); time.sleep(30)", w],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WarehouseBusy, match="another run is writing"):
            load_batch(make_batch(tmp_path, "r1", [article("one", "Alice came home.", "r1")]), w, "r1")
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    with writer_lock(w):  # free again
        pass


def test_maintenance_merges_small_files_and_expires_old_snapshots_keeping_contents(tmp_path):
    w = str(tmp_path / "w.sqlite")
    for i in range(6):
        load_batch(make_batch(tmp_path, f"r{i}", [article(f"s{i}", f"Person{i} spoke today.", f"r{i}")]), w, f"r{i}")
    contents = query(w, "select * from articles order by all"), query(w, "select * from people order by all")
    files_before = list((tmp_path / "w.sqlite.files").rglob("*.parquet"))
    # keep a week of time travel: files are merged, no snapshot goes, time travel still works
    done = maintain(w, keep_days=7, grace_hours=0)
    assert done["data_files"][0] > done["data_files"][1] and done["snapshots_expired"] == 0
    assert done["files_deleted"] > 0  # the merged small files (no reader can still need them: grace 0)
    con = connect(w, read_only=True, snapshot=snapshot_before_run(w, "r5"))
    assert con.execute("select count(*) from articles").fetchone()[0] == 5
    con.close()
    # keep nothing: old snapshots expire and their files are deleted
    done = maintain(w, keep_days=0, grace_hours=0)
    assert done["snapshots_expired"] > 0
    assert (query(w, "select * from articles order by all"), query(w, "select * from people order by all")) == contents
    assert len(list((tmp_path / "w.sqlite.files").rglob("*.parquet"))) < len(files_before)


def test_migrate_replays_an_old_parquet_lake_into_current_contents(tmp_path):
    """The pre-DuckLake lake is a log of run parts: an edit leaves the old version in an older part."""
    lake = tmp_path / "parquet"
    old = article("one", "Alice came home.", "run1")
    other = article("two", "Bob went out.", "run1")
    new = article("one", "Alice came home late.", "run2")
    for run, day, rows in (("run1", "2026-11-01", [old, other]), ("run2", "2026-11-02", [new])):
        write_rows("articles", rows, lake / "articles" / f"run_date={day}" / f"{run}-part-00000.parquet")
        write_rows("people", [person(a, a["body"].split()[0]) for a in rows], lake / "people" / f"run_date={day}" / f"{run}-part-00000.parquet")
    write_rows("rejects", [{"source_path": "bad.txt", "stage": "ingest", "reason": "empty", "run_id": "run1", "rejected_at": NOW}],
               lake / "rejects" / "run_date=2026-11-01" / "run1-part-ingest.parquet")
    w = str(tmp_path / "w.sqlite")
    counts = migrate(lake, w)
    assert counts["articles"] == 2 and counts["people"] == 2 and counts["rejects"] == 1
    assert query(w, "select source_id, body from articles order by 1") == [("one", "Alice came home late."), ("two", "Bob went out.")]
    assert query(w, "select count(*) from people where article_id = ?", [old["article_id"]])[0][0] == 0
    assert [s["message"] for s in snapshots(w) if s["message"]] == [f"migrate {lake}"]
    with pytest.raises(WarehouseError, match="already holds articles"):
        migrate(lake, w)
    with pytest.raises(WarehouseError, match="not a published Parquet lake"):
        migrate(tmp_path / "nowhere", str(tmp_path / "w2.sqlite"))
