"""End to end through the CLI: sample data in, warehouse out; re-runs; a blocked load."""
from __future__ import annotations

import shutil

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
    assert (work / "reports" / "latest" / "summary.md").exists() and (work / "reports" / "latest" / "summary.html").exists()
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




def test_cli_exit_code_and_summary_on_failed_validation(tmp_path, monkeypatch):
    """The CLI turns a blocked load into exit 1 with the failed expectations on stderr."""
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "only-bad.jsonl").write_text('{"id": 1, "body": 5}\n', encoding="utf-8")
    proc = run_cli(tmp_path, "run", "--input", str(bad), check=False)
    # nothing but rejects: the gate passes (no articles to check) and the reject is recorded
    assert proc.returncode == 0, proc.stderr
    assert "1 rejected" in proc.stdout and "body that is not text" in proc.stdout


def test_sql_formats_write_whole_cells(sample_run, tmp_path):
    import csv
    import io
    import json

    work, _ = sample_run
    wh = str(work / "warehouse.sqlite")
    sql = "select source_id, body, n_people from articles order by length(body) desc limit 2"
    bodies = [r[0] for r in query(wh, "select body from articles order by length(body) desc limit 2")]
    assert len(bodies[0]) > 200  # longer than the old 200-character cut
    rows = list(csv.reader(io.StringIO(run_cli(work, "sql", wh, sql, "--format", "csv").stdout)))
    assert rows[0] == ["source_id", "body", "n_people"] and [r[1] for r in rows[1:]] == bodies
    records = json.loads(run_cli(work, "sql", wh, sql, "--format", "json").stdout)
    assert [r["body"] for r in records] == bodies and isinstance(records[0]["n_people"], int)
    table = run_cli(work, "sql", wh, "select source_id, n_chars from articles order by source_id").stdout
    assert table.splitlines()[0].split() == ["source_id", "n_chars"] and "(4 rows)" in table
    md = run_cli(work, "sql", wh, "select source_id, format from articles order by source_id", "--format", "markdown").stdout
    assert md.splitlines()[:2] == ["| source_id | format |", "|---|---|"] and len(md.splitlines()) == 6
    cut = json.loads(run_cli(work, "sql", wh, sql, "--format", "json", "--max-width", "20").stdout)
    assert all(len(r["body"]) == 20 and r["body"].endswith("…") for r in cut)
    out = tmp_path / "result.csv"
    proc = run_cli(work, "sql", wh, sql, "--format", "csv", "-o", str(out))
    assert proc.stdout == "" and list(csv.reader(out.open(encoding="utf-8")))[1][1] == bodies[0]
