"""Hostile input through the real CLI (issue 5): every bad file lands in `rejects` with a reason a
person understands, the good articles of the same run still load, nothing reaches the user as a
traceback, and running the same input again changes nothing — byte for byte, not even a snapshot.

The corpus is generated into tmp_path (the 20 MB file is never committed). One CLI run serves all
the per-input tests below; then the same input runs twice more, then once with a new article and
an edited one.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tracemalloc
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from etl.ingest import ingest_folder
from etl.records import Article, Reject
from schemas.tables import STATE_TABLES, TABLES
from tests.helpers import query as query_warehouse, run_cli, table_snapshot

MAX_FILE_BYTES = 2_000_000  # set through NEWS_MAX_FILE_BYTES for the CLI runs


@dataclass(frozen=True)
class Case:
    path: str            # source_path as the warehouse records it
    expect: str          # "load" or "reject"
    reason: str = ""     # a regular expression the reject reason must match
    body_has: str = ""   # loaded: text the body must contain
    body_lacks: tuple[str, ...] = ()


GOOD = [
    Case("good-1.txt", "load", body_has="Floods forced 5,000 people"),
    Case("good-2.txt", "load", body_has="Dock workers in Rotterdam"),
    Case("good-3.html", "load", body_has="approved a budget of 12 million dollars"),
    Case("feed.jsonl:1", "load", body_has="wheat harvest"),
    Case("feed.jsonl:6", "load", body_has="train drivers"),
]

HOSTILE = [
    Case("empty.txt", "reject", r"no text \(empty or whitespace only\)"),
    Case("whitespace.txt", "reject", r"no text \(empty or whitespace only\)"),
    Case("binary.txt", "reject", r"binary file"),
    Case("utf16.txt", "load", body_has="Café owners in Zürich"),
    Case("utf16-nobom.txt", "load", body_has="Bäcker in München"),
    Case("utf32.txt", "load", body_has="Søren Kierkegaard"),
    Case("cp1252.txt", "load", body_has="Café workers in Köln said rents rose 4 percent – “too much”"),
    Case("shift-jis.txt", "reject", r"encoding could not be detected"),
    Case("cp1251.txt", "reject", r"encoding could not be detected"),
    Case("huge.txt", "reject", r"larger than the limit \(20,\d{3},\d{3} bytes > 2,000,000; set NEWS_MAX_FILE_BYTES\)"),
    Case("long.txt", "reject", r"article is too long \(2\d\d,\d{3} characters; the limit is 200,000\)"),
    Case("no-body.html", "reject", r"HTML page has no article body"),
    Case("script.html", "load", body_has="A storm closed the port of Hamburg",
         body_lacks=("alert", "INJECTED", "steal", "onclick", "evil", "<script")),
    Case("feed.jsonl:2", "reject", r"line 2 is not valid JSON"),
    Case("feed.jsonl:3", "reject", r"record 'feed-3' has no body"),
    Case("feed.jsonl:4", "reject", r"record 'feed-4' has a title that is not text \(int\)"),
    Case("feed.jsonl:5", "reject", r"record id 'feed-1' was already used by an earlier line with a different body"),
    Case("zz copy of good-1.txt", "reject", r"duplicate of good-1\.txt: the same article text, loaded once"),
    Case("name with spaces ünïcødé a..b.txt", "load", body_has="Olaf Scholz"),
    Case("link-outside.txt", "reject", r"symbolic link: not followed"),
    Case("link-dir", "reject", r"symbolic link: not followed"),
    Case("nested/deeper/inner.txt", "load", body_has="Roberto Gualtieri"),
    Case("pipe.txt", "reject", r"not a regular file"),
    Case(r"bad\xffname.txt", "load", body_has="invalid UTF-8 byte"),
    Case("clash.html", "load", body_has="clash of two formats"),
    Case("clash.txt", "reject", r"source id 'clash' is already used by clash\.html with a different text"),
    Case("notes.pdf", "reject", r"unsupported file type '\.pdf'"),
]
CASES = GOOD + HOSTILE


def build_corpus(root: Path, outside: Path) -> None:
    """Every hostile input of issue 5 (and a few more), plus the 5 good articles."""
    def put(name: str | bytes, data: str | bytes) -> None:
        path = Path(os.fsdecode(os.path.join(os.fsencode(root), name if isinstance(name, bytes) else name.encode())))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    good_1 = "Floods hit the north\n\nDHAKA, Bangladesh (AP) – Floods forced 5,000 people from their homes on Monday, officials said.\n"
    put("good-1.txt", good_1)
    put("good-2.txt", "ROTTERDAM (Reuters) - Dock workers in Rotterdam began a 48-hour strike on Monday, the union said.\n")
    put("good-3.html", "<html><head><title>Council approves budget</title></head><body><nav><a href='/'>Home</a></nav>"
        "<article><h1>Council approves budget</h1><p>The city council approved a budget of 12 million dollars on "
        "Tuesday after a long debate about roads and schools.</p><p>Mayor Elena Brooks said the vote was “a good day "
        "for the city”.</p></article></body></html>")
    put("feed.jsonl", "\n".join([
        json.dumps({"id": "feed-1", "title": "Harvest", "body": "The wheat harvest in Kansas fell 8 percent this year, farmers said on Friday."}),
        '{"id": "feed-2", "title": "Broken", "body": "this line is cut off',
        json.dumps({"id": "feed-3", "title": "A record without a body"}),
        json.dumps({"id": "feed-4", "title": 42, "body": "A record whose title is a number, not text, is turned away whole."}),
        json.dumps({"id": "feed-1", "title": "Harvest", "body": "A different body reusing the id feed-1, which must not be loaded."}),
        json.dumps({"id": "feed-6", "title": "Rail strike", "body": "About 3,000 train drivers walked out in Lyon on Thursday, the union said."}),
    ]) + "\n")

    put("empty.txt", b"")
    put("whitespace.txt", " \n\t\n  \r\n   ")
    put("binary.txt", bytes(range(256)) * 40)
    put("utf16.txt", "Café owners in Zürich said prices rose 3 percent in March, the chamber reported.".encode("utf-16"))
    put("utf16-nobom.txt", "Bäcker in München said flour prices rose 7 percent in April, their guild reported.".encode("utf-16-le"))
    put("utf32.txt", "A new biography of Søren Kierkegaard sold 20,000 copies in Copenhagen in its first week.".encode("utf-32"))
    put("cp1252.txt", "Café workers in Köln said rents rose 4 percent – “too much”, a union leader told reporters.".encode("cp1252"))
    put("shift-jis.txt", "東京の株価は三パーセント上昇したと日本経済新聞が月曜日に報じた。".encode("shift_jis"))
    put("cp1251.txt", "Москва заявила, что цены на хлеб выросли на три процента за месяц.".encode("cp1251"))
    with open(root / "huge.txt", "wb") as fh:  # 20 MB, written in pieces
        line = b"All work and no play makes Jack a dull boy. " * 100 + b"\n"
        while fh.tell() < 20 * 1024 * 1024:
            fh.write(line)
    put("long.txt", "Under the file limit, but far too long for one article. " * 4000)
    put("no-body.html", "<html><head><title>Nothing here</title></head><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav>"
        "<footer>© 2026</footer></body></html>")
    put("script.html", "<html><head><title>Storm closes port</title><script>alert('x')</script></head>"
        "<body onload=\"steal()\"><article><h1>Storm closes port</h1><p onclick=\"evil()\">A storm closed the port of "
        "Hamburg on Friday and 300 ships waited offshore, the harbour master said.</p><script>document.write('INJECTED')"
        "</script><p onmouseover=\"evil()\">Officials expect the port to reopen next week.</p></article></body></html>")
    put("zz copy of good-1.txt", good_1)
    put("name with spaces ünïcødé a..b.txt", "Berlin talks\n\nChancellor Olaf Scholz said on Monday that 12 ministers would travel to Paris.\n")
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.txt").write_text("A secret file outside the input folder, long enough to be an article body.")
    os.symlink(outside / "secret.txt", root / "link-outside.txt")
    os.symlink(outside, root / "link-dir")
    put("nested/deeper/inner.txt", "ROME (Wire) – Mayor Roberto Gualtieri said 20 buses would be added to the city fleet next year.\n")
    os.mkfifo(root / "pipe.txt")
    put(b"bad\xffname.txt", "A file whose name holds an invalid UTF-8 byte is still read, and 4 ministers agreed.\n")
    put("clash.html", "<html><head><title>Clash</title></head><body><article><p>This page and a text file share one name: a "
        "clash of two formats that 9 editors noticed.</p></article></body></html>")
    put("clash.txt", "The text file of the same name tells another story entirely, about 5 ferries.\n")
    put("notes.pdf", b"%PDF-1.4 not an article")
    put(".hidden.txt", "Hidden files are skipped without a trace, as the README says they are.")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The corpus, run three times through the CLI; then a new and an edited article."""
    work = tmp_path_factory.mktemp("hostile")
    inp = work / "in"
    build_corpus(inp, work / "outside")
    mp = pytest.MonkeyPatch()
    mp.setenv("NEWS_MAX_FILE_BYTES", str(MAX_FILE_BYTES))
    started = datetime.now(timezone.utc)
    try:
        runs, snapshots, lakes = [], [], []
        for _ in range(3):
            runs.append(run_cli(work, "run", "--input", str(inp), "--workers", "1"))
            snapshots.append(table_snapshot(work / "warehouse.sqlite"))
            lakes.append((lake_files(work / "warehouse.sqlite.files"),
                          query_warehouse(work / "warehouse.sqlite", "select * from lake.snapshots() order by snapshot_id")))
        yield {"work": work, "inp": inp, "runs": runs, "started": started, "snapshots": snapshots, "lakes": lakes}
    finally:
        mp.undo()


def lake_files(parquet_dir: Path) -> dict[str, str]:
    """The warehouse's data files: path below the data path → sha256."""
    return {p.relative_to(parquet_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(parquet_dir.rglob("*")) if p.is_file()}


def run_id_of(proc) -> str:
    return re.search(r"^# news-warehouse run (\S+)", proc.stdout, re.M).group(1)


def query(work: Path, sql: str, params=()) -> list[tuple]:
    return query_warehouse(work / "warehouse.sqlite", sql, params)


def test_no_traceback_and_summary_counts_every_reject(hostile):
    rejected = [c for c in CASES if c.expect == "reject"]
    for proc in hostile["runs"]:
        assert proc.returncode == 0
        assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr[-3000:]
    first = hostile["runs"][0].stdout
    assert f"{len(rejected)} rejected" in first, first[:600]
    assert f"{len(CASES) - len(rejected)} loaded" in first
    for case in rejected:
        assert f"`{case.path}`" in first, case.path


def test_exactly_the_good_and_acceptable_articles_load(hostile):
    loaded = {r[0] for r in query(hostile["work"], "select source_path from articles")}
    assert loaded == {c.path for c in CASES if c.expect == "load"}
    assert {c.path for c in GOOD} <= loaded


def test_rejects_table_lists_every_bad_input_once(hostile):
    rows = query(hostile["work"], "select source_path, stage, reason, run_id, rejected_at from rejects")
    assert sorted(r[0] for r in rows) == sorted(c.path for c in CASES if c.expect == "reject")
    run_id = run_id_of(hostile["runs"][0])
    for path, stage, reason, rid, at in rows:
        assert stage == "ingest" and reason and rid == run_id, (path, reason, rid)
        assert hostile["started"] - timedelta(seconds=5) <= at <= datetime.now(timezone.utc), (path, at)


@pytest.mark.parametrize("case", CASES, ids=[c.path for c in CASES])
def test_each_input(hostile, case):
    work = hostile["work"]
    if case.expect == "reject":
        rows = query(work, "select reason from rejects where source_path = ?", [case.path])
        assert len(rows) == 1, rows
        assert re.search(case.reason, rows[0][0]), rows[0][0]
        assert not query(work, "select 1 from articles where source_path = ?", [case.path])
    else:
        [(body, title)] = query(work, "select body, title from articles where source_path = ?", [case.path])
        assert case.body_has in body, body
        for bad in case.body_lacks:
            assert bad not in body and bad not in (title or ""), bad
        assert not query(work, "select 1 from rejects where source_path = ?", [case.path])


def test_symlink_target_is_never_read(hostile):
    assert not query(hostile["work"], "select 1 from articles where body like '%secret file outside%'")


def test_same_input_three_times_changes_nothing(hostile):
    work = hostile["work"]
    first, second, third = hostile["runs"]
    n_loaded = len([c for c in CASES if c.expect == "load"])
    # the file ledger: no regular file is read again; links, the pipe and the oversized file are
    # never read at all, so they are looked at (and turned away) each time
    unread = {"link-outside.txt", "link-dir", "pipe.txt", "huge.txt"}
    regular = {c.path.split(":")[0] for c in CASES} - unread
    for later in (second, third):
        assert "0 loaded" in later.stdout and f"files: 0 read, {len(regular)} unchanged" in later.stdout, later.stdout[:800]
        assert f"{len(unread)} rejected" in later.stdout
    s1, s2, s3 = hostile["snapshots"]
    assert s1 == s2 == s3  # every row of every table (the file ledger too), run ids and timestamps included
    assert len(s1["articles"]) == n_loaded
    assert len(s1["ingested_files"]) == len(regular)
    l1, l2, l3 = hostile["lakes"]
    assert l1 == l2 == l3  # the lake: same data files, same bytes, same snapshots (none added)
    tables = {p.split("/")[1] for p in l1[0]}
    assert {"articles", "people", "places", "numbers", "quotes", "rejects", "ingested_files"} <= tables <= {*TABLES, *STATE_TABLES}
    assert not list((work / "data").rglob("*.tmp"))
    run1 = run_id_of(first)
    assert {r[-1] for r in s3["articles"]} == {run1}  # run_id: rows still carry the run that loaded them
    assert {r[5] for r in s3["rejects"]} == {run1}


def test_new_article_adds_exactly_its_rows_and_edit_replaces(hostile):
    work, inp = hostile["work"], hostile["inp"]
    before = table_snapshot(work / "warehouse.sqlite")
    [(old_feed6,)] = query(work, "select article_id from articles where source_id = 'feed-6'")
    (inp / "new-article.txt").write_text(
        "PARIS (Wire) – Mayor Anne Hidalgo said 300 trees would be planted along the Seine this spring.\n", encoding="utf-8")
    feed = (inp / "feed.jsonl").read_text(encoding="utf-8").replace("About 3,000 train drivers", "About 4,500 train drivers")
    (inp / "feed.jsonl").write_text(feed, encoding="utf-8")
    run_cli(work, "run", "--input", str(inp), "--workers", "1")
    after = table_snapshot(work / "warehouse.sqlite")
    new_ids = {r[0] for r in query(work, "select article_id from articles where source_id in ('new-article', 'feed-6')")}
    assert len(new_ids) == 2 and old_feed6 not in new_ids
    for table in ("articles", "people", "places", "numbers", "quotes"):
        kept_before = [r for r in before[table] if r[0] != old_feed6]
        kept_after = [r for r in after[table] if r[0] not in new_ids]
        assert kept_after == kept_before, table  # every other row untouched
        assert not [r for r in after[table] if r[0] == old_feed6], table  # the old version is gone
    assert len(after["articles"]) == len(before["articles"]) + 1
    assert query(work, "select count(*) from numbers where value = 4500")[0][0] == 1
    assert query(work, "select count(*) from numbers where value = 3000")[0][0] == 0
    assert after["rejects"] == before["rejects"]


# --- ingest level: size limit and memory --------------------------------------------------------

def test_oversized_file_is_refused_unread(tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(20 * 1024 * 1024)  # 20 MB of NUL bytes: it would be refused as binary if read
    tracemalloc.start()
    try:
        [r] = list(ingest_folder(tmp_path, 5_000_000))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(r, Reject) and "larger than the limit" in r.reason, r
    assert peak < 1_000_000, peak


def test_size_limit_is_configurable(tmp_path, monkeypatch):
    from etl.settings import Settings

    (tmp_path / "big.txt").write_text("Ten ministers met in Oslo on Monday to talk about fishing quotas.\n" * 30_000)  # ~2 MB
    monkeypatch.setenv("NEWS_MAX_FILE_BYTES", "1000000")
    [r] = list(ingest_folder(tmp_path, Settings.from_env().max_file_bytes))
    assert isinstance(r, Reject) and "1,000,000" in r.reason
    monkeypatch.setenv("NEWS_MAX_FILE_BYTES", "3000000")
    tracemalloc.start()
    try:
        [r] = list(ingest_folder(tmp_path, Settings.from_env().max_file_bytes))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # read this time: too long for one article, so a reject with that reason — and memory stays small
    assert isinstance(r, Reject) and "too long" in r.reason, r
    assert peak < 40_000_000, peak


def test_same_article_twice_keeps_first_and_rejects_second(tmp_path):
    text = "Officials said 40 ships were waiting offshore as the strike went on for a second week."
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.txt").write_text(text.replace(" ", "  "))
    records = list(ingest_folder(tmp_path, 10_000))
    assert [type(r) for r in records] == [Article, Reject]
    assert records[1].source_path == "b.txt" and records[1].reason.startswith("duplicate of a.txt")
