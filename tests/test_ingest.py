"""Ingest: raw files → Article or Reject records."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.ingest import ingest_folder
from etl.ingest.dateline import parse_dateline
from etl.records import Article, Reject, article_id_for

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("text, place, agency", [
    ("MIZORAM, India (AP) – Police officers who opposed", "Mizoram", "AP"),
    ("Washington (AFP) – The president said", "Washington", "AFP"),
    ("NEW YORK (Reuters) - Stocks fell on Monday", "New York", "Reuters"),
    ("WASHINGTON ― Donald Trump’s yearslong obsession", "Washington", None),
    ("HEMPSTEAD, N.Y., Sept. 26 (UPI) — Green Party candidate", "Hempstead", "UPI"),
    ("LONDON 1996-08-30", "London", None),
])
def test_datelines(text, place, agency):
    d = parse_dateline(text)
    assert d is not None and d.place == place and d.agency == agency


@pytest.mark.parametrize("text", [
    "Police officers who opposed Myanmar army orders fled.",
    "CRICKET - 1997 ASHES INTINERARY.",
    "The U.S. - China talks resumed on Monday.",
])
def test_not_datelines(text):
    assert parse_dateline(text) is None


def _write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def test_txt_headline_dateline_body(tmp_path):
    _write(tmp_path, "story one.txt", "Floods hit the north\n\nDHAKA, Bangladesh (AP) – Floods forced 5,000 people from their homes on Monday.\n\nMore rain is due.")
    [a] = list(ingest_folder(tmp_path, 10_000))
    assert isinstance(a, Article)
    assert a.title == "Floods hit the north"
    assert a.dateline == "DHAKA, Bangladesh (AP) –" and a.dateline_place == "Dhaka" and a.agency == "AP"
    assert a.body.startswith("Floods forced 5,000 people")
    assert a.source_id == "story one" and a.format == "txt"
    assert a.article_id == article_id_for(a.body)


def test_same_story_twice_is_one_article(tmp_path):
    text = "Officials said 40 ships were waiting offshore as the strike went on for a second week."
    _write(tmp_path, "a.txt", text)
    _write(tmp_path, "b.txt", text.replace(" ", "  "))
    articles = [r for r in ingest_folder(tmp_path, 10_000) if isinstance(r, Article)]
    assert len(articles) == 1


def test_sample_html_uses_trafilatura_metadata():
    records = [r for r in ingest_folder(ROOT / "data" / "raw", 5_000_000) if r.source_path.endswith(".html")]
    [a] = records
    assert isinstance(a, Article), a
    assert a.title.startswith("Riverton council approves")
    assert a.published and a.published.date().isoformat() == "2026-03-12" and a.published_from == "page"
    assert "Mayor Elena Brooks" in a.body and "Privacy" not in a.body


def test_jsonl_records_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"id": "x1", "title": "T", "body": "A body that is long enough to be an article here.", "url": "u"}),
        "{not json",
        json.dumps({"id": "x2", "title": "no body"}),
        json.dumps({"id": "x3", "title": 7, "body": "A body that is long enough to be an article here too."}),
        json.dumps({"id": "x1", "body": "Another body with the same id but different text entirely."}),
    ]
    _write(tmp_path, "feed.jsonl", "\n".join(lines))
    records = list(ingest_folder(tmp_path, 10_000))
    articles = [r for r in records if isinstance(r, Article)]
    rejects = [r for r in records if isinstance(r, Reject)]
    assert [a.source_id for a in articles] == ["x1"] and articles[0].url == "u"
    reasons = " | ".join(r.reason for r in rejects)
    assert len(rejects) == 4
    assert "not valid JSON" in reasons and "has no body" in reasons and "title that is not text" in reasons
    assert "already used" in reasons
    assert {r.source_path for r in rejects} == {"feed.jsonl:2", "feed.jsonl:3", "feed.jsonl:4", "feed.jsonl:5"}


def test_encodings_and_binary(tmp_path):
    text = "Café owners in Zürich said prices rose 3 percent — “too much”, one said."
    _write(tmp_path, "utf16.txt", text.encode("utf-16"))
    _write(tmp_path, "cp1252.txt", text.replace("“", '"').replace("”", '"').encode("cp1252"))
    _write(tmp_path, "binary.txt", bytes(range(256)) * 20)
    records = {r.source_path: r for r in ingest_folder(tmp_path, 1_000_000)}
    assert isinstance(records["utf16.txt"], Article) and "Zürich" in records["utf16.txt"].body
    # same text, other encoding: deduplicated or kept, but decoded correctly either way
    assert isinstance(records["binary.txt"], Reject) and "binary" in records["binary.txt"].reason
    cp = records.get("cp1252.txt")
    assert cp is None or "Zürich" in cp.body


def test_empty_oversized_unsupported_and_symlink(tmp_path):
    _write(tmp_path, "empty.txt", "")
    _write(tmp_path, "blank.txt", "   \n\n  ")
    _write(tmp_path, "big.txt", "word " * 5000)
    _write(tmp_path, "notes.pdf", "%PDF-1.4")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("A secret file outside the input folder, long enough to be an article.")
    (tmp_path / "link.txt").symlink_to(outside)
    records = {r.source_path: r for r in ingest_folder(tmp_path, 10_000)}
    assert all(isinstance(r, Reject) for r in records.values()), records
    assert "no text" in records["empty.txt"].reason and "no text" in records["blank.txt"].reason
    assert "larger than the limit" in records["big.txt"].reason
    assert "unsupported file type" in records["notes.pdf"].reason
    assert "symbolic link" in records["link.txt"].reason


def test_jsonl_splits_records_on_newline_only():
    """U+2028, U+2029 and U+0085 are legal inside JSON strings: those records load, and line
    numbers stay the ones an editor shows. A raw form feed inside a string is invalid JSON (a
    control character): that record is rejected with its own line number. \\r\\n is tolerated."""
    from etl.ingest.jsonl import read_jsonl

    records = [
        '{"id": "ls", "body": "Mayor Anne Hidalgo spoke in Paris.\u2028She said more later."}',
        '{"id": "ps", "body": "The council met in Lyon.\u2029It adjourned at noon."}',
        '{"id": "nel", "body": "Rain fell on Berlin\u0085all day."}',
        '{"id": "ff", "body": "A page break\finside a string."}',
        '{"id": "after", "body": "Officials in Rome said the line above was bad."}',
    ]
    data = ("\r\n".join(records) + "\r\n").encode("utf-8")
    out = read_jsonl(data, source_id="feed", source_path="feed.jsonl")
    articles = [r for r in out if isinstance(r, Article)]
    rejects = [r for r in out if isinstance(r, Reject)]
    assert [a.source_id for a in articles] == ["ls", "ps", "nel", "after"]
    assert [a.source_path for a in articles] == ["feed.jsonl:1", "feed.jsonl:2", "feed.jsonl:3", "feed.jsonl:5"]
    assert "\u2028" in articles[0].body or "She said" in articles[0].body
    assert len(rejects) == 1
    assert rejects[0].source_path == "feed.jsonl:4" and rejects[0].reason == "line 4 is not valid JSON"
    assert "control character" in (rejects[0].detail or "").lower()
