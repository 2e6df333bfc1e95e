"""The warehouse with its DuckLake catalog in a real PostgreSQL (tests/servers.py starts a
throwaway cluster): two `news-etl run` processes load different input folders at the same time.

Both are held inside their load transaction at once (NEWS_TEST_PAUSE_AT, a few seconds), so their
commits race for real: on a new lake both create the tables, a logical conflict DuckLake cannot
settle, so one commit fails and its whole load runs again after a backoff. Nothing may be lost or
doubled. With a single attempt allowed, the loser stops with exit 3 and a sentence (no
traceback), leaves nothing half-done, and its next run does the work.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import ROOT, cli_env, query

pytestmark = pytest.mark.slow

FOLDERS = {
    "east": {
        "dhaka.txt": "DHAKA, Bangladesh (AP) – Floods forced 5,000 people from their homes on Monday, officials said.\n",
        "delhi.txt": "NEW DELHI (Reuters) - Prime Minister Narendra Modi said 12 new airports would open by 2030.\n",
        "empty.txt": "",
    },
    "west": {
        "rotterdam.txt": "ROTTERDAM (Reuters) - Dock workers in Rotterdam began a 48-hour strike on Monday, the union said.\n",
        "paris.txt": "PARIS (Wire) – Mayor Anne Hidalgo said 300 trees would be planted along the Seine, “starting in May,” she said.\n",
        "lyon.jsonl": '{"id": "lyon-1", "title": "Rail", "body": "About 3,000 train drivers walked out in Lyon on Thursday, the union said."}\n',
    },
}


def _lake(server, name: str) -> str:
    """A new, empty Postgres database owned by its own role: the DuckLake catalog's URI."""
    server.create_database(name, owner=f"{name}_etl", password="etl-secret")
    return "ducklake:postgres:" + server.dsn(name, user=f"{name}_etl", password="etl-secret")


def _inputs(tmp_path):
    out = {}
    for name, files in FOLDERS.items():
        folder = tmp_path / name / "in"
        folder.mkdir(parents=True)
        for fname, text in files.items():
            (folder / fname).write_text(text, encoding="utf-8")
        out[name] = folder
    return out


def _start(tmp_path, name: str, inp, warehouse: str, **env: str) -> subprocess.Popen:
    work = tmp_path / name
    full = {**cli_env(work), "NEWS_WAREHOUSE": warehouse, "NEWS_WAREHOUSE_DATA_PATH": str(tmp_path / "lake-files"),
            "NEWS_TEST_PAUSE_AT": "duckdb-load", "NEWS_TEST_PAUSE_SECONDS": "3", **env}
    return subprocess.Popen([sys.executable, "-m", "etl.cli", "run", "--input", str(inp), "--workers", "1"],
                            cwd=ROOT, env=full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(procs: dict) -> dict:
    return {name: (p.wait(timeout=900), *p.communicate()) for name, p in procs.items()}


def _check_whole(warehouse: str, inputs: dict) -> None:
    """Every article of both folders once, every mention row once, the ledger and rejects once."""
    articles = query(warehouse, "select source_path, count(*) from articles group by 1 order by 1")
    assert articles == [("delhi.txt", 1), ("dhaka.txt", 1), ("lyon.jsonl:1", 1), ("paris.txt", 1), ("rotterdam.txt", 1)]
    for table in ("people", "places", "numbers", "quotes"):
        [(declared, stored, distinct)] = query(warehouse, f"""
            select (select sum(n_{table}) from articles), count(*),
                   count(distinct (article_id, section, start_char, end_char{', name' if table in ('people', 'places') else ''}))
            from {table}""")
        assert declared == stored == distinct, (table, declared, stored, distinct)
    ledger = query(warehouse, "select path, count(*) from ingested_files group by 1")
    assert sorted(p.rsplit("/", 3)[-3] for p, n in ledger if n == 1) == ["east"] * 3 + ["west"] * 3, ledger
    assert query(warehouse, "select source_path, count(*) from rejects group by 1") == [("empty.txt", 1)]


def test_two_writers_at_once_on_a_postgres_catalog_lose_and_double_nothing(postgres_server, tmp_path):
    warehouse = _lake(postgres_server, "lake_both")
    inputs = _inputs(tmp_path)
    results = _finish({name: _start(tmp_path, name, inp, warehouse) for name, inp in inputs.items()})
    for name, (code, out, err) in results.items():
        assert code == 0 and "Traceback" not in out + err, (name, err[-3000:])
    # the race was real: one load's commit conflicted (both created the tables) and ran again
    assert any("conflicted with another writer" in err for _, _, err in results.values()), [r[2][-1500:] for r in results.values()]
    _check_whole(warehouse, inputs)
    runs = {r[0] for r in query(warehouse, "select distinct run_id from articles")}
    loads = {r[0] for r in query(warehouse, "select commit_message from lake.snapshots() where commit_message like 'load %'")}
    assert len(runs) == 2 and loads == {f"load {r}" for r in runs}
    # a reader needs the catalog only: the data path is recorded in PostgreSQL
    assert query(warehouse, "select value from lake.options() where option_name = 'data_path'")[0][0].startswith(str(tmp_path))


def test_a_writer_out_of_attempts_stops_with_a_sentence_and_leaves_nothing_half_done(postgres_server, tmp_path):
    warehouse = _lake(postgres_server, "lake_once")
    inputs = _inputs(tmp_path)
    results = _finish({name: _start(tmp_path, name, inp, warehouse, NEWS_LOAD_ATTEMPTS="1") for name, inp in inputs.items()})
    codes = sorted(r[0] for r in results.values())
    assert codes == [0, 3], [(n, r[0], r[2][-2000:]) for n, r in results.items()]
    loser = next(n for n, r in results.items() if r[0] == 3)
    code, out, err = results[loser]
    assert "kept conflicting with other writers" in err and "nothing of it was committed" in err
    assert "Traceback" not in out + err
    # nothing of the loser is in: not its articles, not its file ledger, not its rejects
    paths = {r[0] for r in query(warehouse, "select path from ingested_files")}
    assert paths and not any(f"/{loser}/" in p for p in paths)
    # its next run does the work again, and the warehouse is whole
    again = subprocess.run([sys.executable, "-m", "etl.cli", "run", "--input", str(inputs[loser]), "--workers", "1"],
                           cwd=ROOT, env={**cli_env(tmp_path / loser), "NEWS_WAREHOUSE": warehouse},
                           capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, again.stderr[-3000:]
    _check_whole(warehouse, inputs)
