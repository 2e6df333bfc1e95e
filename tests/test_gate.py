"""The gate judges articles, not batches; a separate batch check says whether the extractor is alive.

- a finding about one article rejects it (stage `validate`, its file named) or loads it with a
  warning; the other articles load either way;
- rows that belong to no article of the batch block the load;
- the drift figures (etl/drift.py) need MIN_ARTICLES articles, compare with recent runs of the
  same warehouse, fall back to fixed floors, and leave out articles not extracted because of
  their language.
"""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from etl import drift
from tests.helpers import ROOT, open_warehouse, query, read_history, run_cli, table_snapshot

SAMPLE = ROOT / "data" / "raw"


# --- drift: pure figures and verdicts ----------------------------------------------------------

def _articles(n: int, entities: int, language: str | None = None) -> dict:
    return {"article_id": [f"{language or 'x'}{i:031d}" for i in range(n)], "n_people": [entities] * n,
            "n_places": [0] * n, "n_numbers": [0] * n, "n_quotes": [0] * n, "language": [language] * n}


def _tables(*groups: dict) -> dict[str, pa.Table]:
    cols = {k: sum((g[k] for g in groups), []) for k in groups[0]}
    return {
        "articles": pa.table(cols),
        "quotes": pa.table({"article_id": pa.array([], pa.string()), "speaker_kind": pa.array([], pa.string())}),
        "places": pa.table({"article_id": pa.array([], pa.string()), "country_code": pa.array([], pa.string())}),
        "numbers": pa.table({"article_id": pa.array([], pa.string()), "counts": pa.array([], pa.string())}),
    }


def _entry(value: float, warehouse: str = "/w", status: str = "loaded", n: int = 50) -> dict:
    return {"warehouse": warehouse, "load": {"status": status},
            "drift": {"metrics": {"articles_with_entities": {"value": value, "denominator": n, "verdict": "passed"}}}}


def test_drift_a_lone_article_never_trips_it():
    figures, n, excluded = drift.batch_figures(_tables(_articles(1, 0)))
    report = drift.judge(figures, n, excluded, history=[])
    assert report.failed == [] and report.metrics["articles_with_entities"]["verdict"] == "not judged"
    assert "too few" in report.note


def test_drift_fifty_empty_articles_fail_the_fixed_floor():
    figures, n, excluded = drift.batch_figures(_tables(_articles(50, 0)))
    report = drift.judge(figures, n, excluded, history=[])
    m = report.metrics["articles_with_entities"]
    assert report.failed == ["articles_with_entities"]
    assert m["value"] == 0 and m["floor_from"] == "fixed" and m["severity"] == "critical"
    assert drift.judge(figures, n, excluded, history=[], mode="warn").metrics["articles_with_entities"]["severity"] == "warning"


def test_drift_compares_with_recent_runs_of_the_warehouse():
    figures, n, excluded = drift.batch_figures(_tables(_articles(30, 1), _articles(10, 0, "en")))  # 0.75
    history = [_entry(0.95), _entry(0.9), _entry(0.2, status="blocked"), _entry(0.92)]
    m = drift.judge(figures, n, excluded, history).metrics["articles_with_entities"]
    assert m["baseline"] == pytest.approx(0.92) and m["baseline_runs"] == 3  # the blocked run is no baseline
    assert m["floor"] == pytest.approx(0.46) and m["verdict"] == "passed"
    # a warehouse of market tables has its own normal: 0.3 of its articles name someone
    low = drift.judge(*drift.batch_figures(_tables(_articles(8, 1), _articles(22, 0))), [_entry(0.3)] * 5)
    assert low.metrics["articles_with_entities"]["verdict"] == "passed"  # 0.267 >= 0.15
    broken = drift.judge(*drift.batch_figures(_tables(_articles(30, 0))), [_entry(0.3)] * 5)
    assert broken.failed == ["articles_with_entities"]


def test_drift_leaves_out_articles_not_extracted_for_their_language():
    # 30 German articles, not extracted (no entities), and 25 English ones that name someone
    figures, n, excluded = drift.batch_figures(_tables(_articles(30, 0, "de"), _articles(25, 2, "en")))
    assert (n, excluded) == (25, 30)
    report = drift.judge(figures, n, excluded, history=[])
    assert report.failed == [] and report.metrics["articles_with_entities"]["value"] == 1.0
    assert "30 articles left out" in report.note
    # ... and 30 German articles alone are not enough to judge anything
    figures, n, excluded = drift.batch_figures(_tables(_articles(30, 0, "de")))
    assert n == 0 and drift.judge(figures, n, excluded, []).failed == []


def test_history_and_previous_run_are_per_warehouse(tmp_path):
    from etl.report import previous_run, read_history as history_of

    lines = [
        {"run_id": "a1", "warehouse": "/w/a.duckdb", "warehouse_rows": {"articles": 10}},
        {"run_id": "b1", "warehouse": "/w/b.duckdb", "warehouse_rows": {"articles": 3}},
        {"run_id": "old", "warehouse_rows": {"articles": 99}},  # recorded before warehouses were named
    ]
    (tmp_path / "history.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    assert [e["run_id"] for e in history_of(tmp_path, "/w/a.duckdb")] == ["a1"]
    assert previous_run(tmp_path, "a2", "/w/a.duckdb") == ("a1", {"articles": 10})
    assert previous_run(tmp_path, "c1", "/w/c.duckdb") == (None, {})


# --- the per-article gate, through the real pipeline -----------------------------------------

def test_lone_entityless_article_loads_with_a_warning_naming_its_file(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "weather.txt").write_text("Cloudy skies are expected through the weekend, with light winds.\n", encoding="utf-8")
    proc = run_cli(tmp_path, "run", "--input", str(inp))  # exit 0
    assert "load: **loaded 1 article**" in proc.stdout
    assert "no people or places were found" in proc.stdout and "weather.txt" in proc.stdout
    assert query(tmp_path / "warehouse.sqlite", "select source_path, n_people + n_places from articles") == [("weather.txt", 0)]
    entry = read_history(tmp_path / "reports")[-1]
    assert entry["load"]["status"] == "loaded" and entry["drift"]["metrics"]["articles_with_entities"]["verdict"] == "not judged"


def _stage_and_extract(s, run_id: str, inp: Path) -> Path:
    from etl import pipeline

    manifest = pipeline.stage_input(s, run_id, inp)
    for chunk in manifest["chunks"]:
        pipeline.extract(chunk, s, run_id)
    return Path(manifest["batch"])


def _corrupt(batch: Path, table: str, change: dict, source_article: str | None = None) -> None:
    for part in sorted((batch / table).glob("part-*.parquet")):
        rows = pq.read_table(part).to_pylist()
        for row in rows:
            if source_article is None or row["article_id"] == source_article:
                row.update(change)
                break
        else:
            continue
        schema = pa.schema([f.with_nullable(True) for f in pq.read_schema(part)])
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), part)
        return
    raise AssertionError(f"no {table} row to corrupt")


def test_a_bad_article_is_rejected_and_the_others_load(tmp_path, settings):
    """Offsets past the body and an unknown speaker_kind in one article: that article becomes a
    reject (stage validate, its file named, the findings in words); the sample articles load."""
    from etl import pipeline

    s = replace(settings, data_dir=tmp_path / "data", warehouse=str(tmp_path / "w.sqlite"), reports_dir=tmp_path / "reports", workers=1)
    inp = tmp_path / "in"
    inp.mkdir()
    for f in SAMPLE.iterdir():
        (inp / f.name).write_bytes(f.read_bytes())
    body = "ROME (Wire) – Mayor Roberto Gualtieri said 20 buses would be added, “starting in May next year,” he said."
    (inp / "new.txt").write_text(body + "\n", encoding="utf-8")
    batch = _stage_and_extract(s, "mixed", inp)
    con = duckdb.connect()
    bad = con.execute(f"select article_id from read_parquet('{batch}/articles/*.parquet') where source_path = 'new.txt'").fetchone()[0]
    con.close()
    _corrupt(batch, "numbers", {"start_char": 10_000, "end_char": 10_005}, bad)
    _corrupt(batch, "quotes", {"speaker_kind": "robot"}, bad)

    pipeline.validate(batch, s, "mixed")  # does not raise: nothing blocks the batch
    verdict = json.loads((batch / "validation.json").read_text())
    assert verdict["success"] and [r["source_path"] for r in verdict["rejected"]] == ["new.txt"]
    reason = verdict["rejected"][0]["reason"]
    assert "offsets fall outside the article text" in reason and "speaker kind is unknown" in reason and "'robot'" in reason
    pipeline.load(batch, s, "mixed")
    paths = pipeline.report(batch, s, "mixed")
    con = open_warehouse(s.warehouse)
    assert con.execute("select count(*) from articles").fetchone()[0] == 4
    assert con.execute("select count(*) from articles where source_path = 'new.txt'").fetchone()[0] == 0
    assert con.execute("select count(*) from numbers where article_id = ?", [bad]).fetchone()[0] == 0
    assert con.execute("select stage, reason like 'failed validation: %' from rejects where source_path = 'new.txt'").fetchall() == [("validate", True)]
    con.close()
    summary = Path(paths["markdown"]).read_text(encoding="utf-8")
    assert "load: **loaded 4 articles**" in summary and "`new.txt`: failed validation" in summary


def test_rows_of_no_article_block_the_load(tmp_path, settings):
    """A mention row with a null article_id cannot be charged to an article: the batch is blocked."""
    from etl import pipeline
    from etl.validate import ValidationFailed

    s = replace(settings, data_dir=tmp_path / "data", warehouse=str(tmp_path / "w.sqlite"), reports_dir=tmp_path / "reports", workers=1)
    pipeline.run(s, input_dir=SAMPLE, run_id="good")
    before = table_snapshot(s.warehouse)
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "new.txt").write_text("ROME (Wire) – Mayor Roberto Gualtieri said 20 buses would be added.\n", encoding="utf-8")
    batch = _stage_and_extract(s, "bad", inp)
    _corrupt(batch, "people", {"article_id": None})
    with pytest.raises(ValidationFailed) as err:
        pipeline.validate(batch, s, "bad")
    assert "people.article_id: expect_column_values_to_not_be_null" in str(err.value)
    with pytest.raises(RuntimeError, match="has not passed validation"):
        pipeline.load(batch, s, "bad")
    assert table_snapshot(s.warehouse) == before
    from etl.outcome import read

    assert read(batch).status == "blocked"
