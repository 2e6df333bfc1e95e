"""Scale-out paths: parallel extraction over chunks, windowed validation, an object-store lake.

They must give exactly the warehouse the plain path gives."""
from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.helpers import ROOT, content_snapshot, run_cli

SAMPLE = ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def plain_run(tmp_path_factory):
    work = tmp_path_factory.mktemp("plain")
    run_cli(work, "run", "--input", str(SAMPLE), env={"NEWS_WORKERS": "1"})
    return content_snapshot(work / "warehouse.sqlite")


def test_parallel_chunks_windows_and_separate_data_path_give_the_same_warehouse(tmp_path, plain_run):
    data_files = tmp_path / "bucket" / "news"
    env = {
        "NEWS_BATCH_SIZE": "1",        # one article per chunk: four chunks
        "NEWS_WORKERS": "2",           # extracted by two worker processes
        "NEWS_VALIDATE_WINDOW": "2",   # validated two articles at a time
        # the data files elsewhere than the catalog (as s3://bucket/news would be)
        "NEWS_WAREHOUSE_DATA_PATH": str(data_files),
    }
    uri = f"ducklake:sqlite:{tmp_path / 'catalog.sqlite'}"
    proc = run_cli(tmp_path, "run", "--input", str(SAMPLE), "--warehouse", uri, env=env)
    assert "validation: **passed" in proc.stdout
    # the catalog records its data path: a reader needs the catalog only
    assert content_snapshot(uri) == plain_run
    parts = sorted(data_files.glob("main/articles/*.parquet"))
    assert len(parts) == 1 and pq.ParquetFile(parts[0]).metadata.num_rows == 4, parts  # one load, one file
    assert not (tmp_path / "catalog.sqlite.files").exists()


def test_a_bad_row_in_a_later_window_still_rejects_its_article(tmp_path, settings):
    from dataclasses import replace

    import pyarrow as pa

    from etl import pipeline
    from etl.validate import windows

    s = replace(settings, data_dir=tmp_path / "data", warehouse=str(tmp_path / "w.sqlite"),
                reports_dir=tmp_path / "reports", batch_size=1, workers=1, validate_window=1)
    manifest = pipeline.stage_input(s, "windows", SAMPLE)
    for chunk in manifest["chunks"]:
        pipeline.extract(chunk, s, "windows")
    batch = Path(manifest["batch"])
    assert len(windows(batch, 1)) == 4
    last = sorted((batch / "numbers").glob("part-*.parquet"))[-1]
    rows = pq.read_table(last).to_pylist()
    rows[0]["kind"] = "vibes"
    pq.write_table(pa.Table.from_pylist(rows, schema=pq.read_schema(last)), last)
    bad_path = pq.read_table(batch / "articles" / last.name).column("source_path")[0].as_py()
    pipeline.validate(batch, s, "windows")
    verdict = json.loads((batch / "validation.json").read_text())
    assert [r["source_path"] for r in verdict["rejected"]] == [bad_path]
    assert "a number has an unknown kind (numbers.kind = 'vibes')" in verdict["rejected"][0]["reason"]
    assert verdict["rows"]["articles"] == 3 and not Path(s.warehouse).exists()
