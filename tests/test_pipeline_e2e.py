"""End to end through the CLI: sample data in, warehouse out; re-runs; a blocked load."""
from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.helpers import ROOT, open_warehouse, query, run_cli, table_snapshot

SAMPLE = ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    work = tmp_path_factory.mktemp("sample")
    proc = run_cli(work, "run", "--input", str(SAMPLE))
    return work, proc


def test_cli_run_loads_every_table(sample_run):
    work, proc = sample_run
    assert "validation: **passed" in proc.stdout
    con = open_warehouse(work / "warehouse.sqlite")
    counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("articles", "people", "places", "numbers", "quotes")}
    assert counts["articles"] == 4, counts  # the AP story, the HTML page, two JSON-lines records
    assert all(n > 0 for n in counts.values()), counts
    formats = {r[0] for r in con.execute("select distinct format from articles").fetchall()}
    assert formats == {"txt", "html", "jsonl"}
    # provenance: every mention points back at its characters
    for t in ("numbers", "quotes"):
        bad = con.execute(f"""
            select count(*) from {t} m join articles a using (article_id)
            where m.section = 'body' and m.end_char > length(a.body)""").fetchone()[0]
        assert bad == 0
    n = con.execute("select count(*) from numbers n join articles a using (article_id) where n.section='body' and substr(a.body, n.start_char + 1, n.end_char - n.start_char) <> n.text").fetchone()[0]
    assert n == 0
    assert con.execute("select count(*) from quotes_by_speaker").fetchone()[0] > 0
    assert (work / "reports" / "summary.md").exists() and (work / "reports" / "summary.html").exists()
    # the tables are the lake's Parquet files, beside the catalog; the batch's parts are gone
    assert list((work / "warehouse.sqlite.files" / "main" / "people").glob("*.parquet"))
    # one snapshot for the load, naming the run
    run_id = proc.stdout.split("# news-warehouse run ", 1)[1].split()[0]
    loads = con.execute("select commit_message, commit_extra_info from lake.snapshots() where commit_message is not null").fetchall()
    assert loads == [(f"load {run_id}", f'{{"run_id": "{run_id}", "batch": "{run_id}"}}')], loads
    con.close()


def test_sql_and_info_commands(sample_run):
    work, _ = sample_run
    out = run_cli(work, "sql", str(work / "warehouse.sqlite"), "select name from places order by name").stdout
    assert "Myanmar" in out and "India" in out
    # NEWS_WAREHOUSE names it too; the ducklake: URI form works the same
    assert "Myanmar" in run_cli(work, "sql", "select name from places").stdout
    uri = f"ducklake:sqlite:{work / 'warehouse.sqlite'}"
    assert "Myanmar" in run_cli(work, "sql", "--warehouse", uri, "select name from places").stdout
    snaps = run_cli(work, "snapshots").stdout
    assert "manual__" in snaps and "tables_inserted_into" in snaps
    info = run_cli(work, "info").stdout
    assert "model_package: " in info and "warehouse: " in info and "duckdb: " in info


def test_rerun_changes_nothing_and_new_article_adds_only_its_rows(tmp_path):
    inp = tmp_path / "in"
    shutil.copytree(SAMPLE, inp)
    run_cli(tmp_path, "run", "--input", str(inp))
    first = table_snapshot(tmp_path / "warehouse.sqlite")
    snapshots = query(tmp_path / "warehouse.sqlite", "select count(*) from lake.snapshots()")
    proc = run_cli(tmp_path, "run", "--input", str(inp))
    # the file ledger: unchanged files are not even read again, and nothing is committed
    assert "files: 0 read, 3 unchanged" in proc.stdout and "0 loaded" in proc.stdout
    assert table_snapshot(tmp_path / "warehouse.sqlite") == first
    assert query(tmp_path / "warehouse.sqlite", "select count(*) from lake.snapshots()") == snapshots

    (inp / "extra.txt").write_text(
        "BERLIN (Wire) – Chancellor Olaf Scholz said on Monday that 12 ministers would travel to Paris.\n",
        encoding="utf-8")
    run_cli(tmp_path, "run", "--input", str(inp))
    third = table_snapshot(tmp_path / "warehouse.sqlite")
    assert len(third["articles"]) == len(first["articles"]) + 1
    for table in ("articles", "people", "places", "numbers", "quotes"):
        assert set(map(repr, first[table])) <= set(map(repr, third[table])), table


def test_edited_story_replaces_its_old_rows(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    story = inp / "story.txt"
    story.write_text("PARIS (Wire) – Mayor Anne Hidalgo said 300 trees would be planted along the Seine.\n", encoding="utf-8")
    run_cli(tmp_path, "run", "--input", str(inp))
    story.write_text("PARIS (Wire) – Mayor Anne Hidalgo said 500 trees would be planted along the Seine in Paris.\n", encoding="utf-8")
    run_cli(tmp_path, "run", "--input", str(inp))
    con = open_warehouse(tmp_path / "warehouse.sqlite")
    assert con.execute("select count(*) from articles where source_id = 'story'").fetchone()[0] == 1
    values = {r[0] for r in con.execute("select value from numbers").fetchall()}
    assert 500 in values and 300 not in values


def test_failed_validation_loads_nothing(tmp_path, settings):
    """A corrupted batch: null article_id, offsets past the body, an unknown speaker_kind."""
    from dataclasses import replace

    from etl import pipeline
    from etl.validate import ValidationFailed
    from etl.warehouse import warehouse_counts

    s = replace(settings, data_dir=tmp_path / "data", warehouse=str(tmp_path / "w.sqlite"), reports_dir=tmp_path / "reports")
    pipeline.run(s, input_dir=SAMPLE, run_id="good")
    before = table_snapshot(s.warehouse)

    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "new.txt").write_text("ROME (Wire) – Mayor Roberto Gualtieri said 20 buses would be added, “starting in May next year,” he said.\n", encoding="utf-8")
    manifest = pipeline.stage_input(s, "bad", inp)
    for chunk in manifest["chunks"]:
        pipeline.extract(chunk, s, "bad")
    batch = Path(manifest["batch"])
    for table, corrupt in (("people", {"article_id": None}), ("numbers", {"start_char": 10_000, "end_char": 10_005}),
                           ("quotes", {"speaker_kind": "robot"})):
        part = next((batch / table).glob("part-*.parquet"))
        rows = pq.read_table(part).to_pylist()
        assert rows, table
        rows[0].update(corrupt)
        schema = pa.schema([f.with_nullable(True) for f in pq.read_schema(part)])
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), part)

    with pytest.raises(ValidationFailed) as err:
        pipeline.validate(batch, s, "bad")
    message = str(err.value)
    assert "people.article_id: expect_column_values_to_not_be_null" in message
    assert "numbers.offsets_valid" in message
    assert "quotes.speaker_kind: expect_column_values_to_be_in_set" in message
    with pytest.raises(RuntimeError, match="has not passed validation"):
        pipeline.load(batch, s, "bad")
    assert table_snapshot(s.warehouse) == before
    assert warehouse_counts(s.warehouse)["articles"] == 4


def test_cli_exit_code_and_summary_on_failed_validation(tmp_path, monkeypatch):
    """The CLI turns a blocked load into exit 1 with the failed expectations on stderr."""
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "only-bad.jsonl").write_text('{"id": 1, "body": 5}\n', encoding="utf-8")
    proc = run_cli(tmp_path, "run", "--input", str(bad), check=False)
    # nothing but rejects: the gate passes (no articles to check) and the reject is recorded
    assert proc.returncode == 0, proc.stderr
    assert "1 rejected" in proc.stdout and "body that is not text" in proc.stdout
