"""Property-based tests (hypothesis) on ingest and on the number parser (issue 5): random unicode,
random bytes, random JSON, random file names, numbers written as words and digits. Every input
is either loaded or rejected with a reason; nothing raises; everything ingest returns can be
written to Parquet. (tests/extract/test_numparse.py has the basic round trips; these add the
multiplier, "and", sign and word-soup cases.)
"""
from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.batch import STAGED_SCHEMA
from etl.extract.numbers.numparse import NUMBER_WORDS, SCALES, parse_number, words_to_number
from etl.ingest import ingest_folder, read_file
from etl.ingest.article import MIN_BODY_CHARS
from etl.ingest.jsonl import read_jsonl
from etl.parquet import to_table
from etl.records import Article, Reject
from tests.numwords import to_words

FAST = settings(max_examples=int(os.environ.get("NEWS_HYPOTHESIS_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_records(records: list) -> None:
    """Each record is an Article with a body or a Reject with a reason, and all of them fit the
    Parquet schemas (no lone surrogates, no wrong types)."""
    assert records
    for r in records:
        assert isinstance(r, (Article, Reject)), r
        if isinstance(r, Article):
            assert len(r.body) >= MIN_BODY_CHARS and r.article_id and r.source_id
        else:
            assert r.reason.strip() and r.source_path
    articles = [r.to_dict() for r in records if isinstance(r, Article)]
    pa.Table.from_pylist(articles, schema=STAGED_SCHEMA)
    now = datetime.now(timezone.utc)
    to_table("rejects", [{**r.to_dict(), "run_id": "p", "rejected_at": now} for r in records if isinstance(r, Reject)])


def ingest_one(name: str | bytes, data: bytes) -> list:
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        path = Path(os.fsdecode(os.path.join(os.fsencode(d), name if isinstance(name, bytes) else os.fsencode(name))))
        path.write_bytes(data)
        records = list(ingest_folder(root, 1_000_000))
    hidden = (name if isinstance(name, bytes) else name.encode()).startswith(b".")
    if hidden:
        assert records == []  # hidden files are skipped, as the README says
    else:
        check_records(records)
    return records


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252"]


@FAST
@given(st.text(max_size=400), st.sampled_from(ENCODINGS), st.sampled_from([".txt", ".html", ".jsonl"]))
def test_random_unicode_files(text, encoding, ext):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    records = ingest_one("article" + ext, data)
    if ext == ".txt" and encoding.startswith("utf") and len(text.strip()) > 300 and text.isprintable():
        # readable text in a detectable encoding is decoded, not mangled
        assert all(isinstance(r, Reject) or r.body for r in records)


@FAST
@given(st.binary(max_size=2000), st.sampled_from([".txt", ".html", ".jsonl", ".htm", ".bin", ""]))
def test_random_bytes(data, ext):
    ingest_one("file" + ext, data)


json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=60)
json_values = st.recursive(json_scalars, lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
                           max_leaves=12)
records = st.fixed_dictionaries({}, optional={
    "id": json_values, "title": json_values, "url": json_values, "published": json_values,
    "body": st.text(min_size=0, max_size=200) | json_values, "text": json_values,
})
lines = st.lists(records.map(json.dumps) | json_values.map(json.dumps) | st.text(max_size=80).filter(lambda s: "\n" not in s),
                 max_size=8)


@FAST
@given(lines)
def test_random_json_lines(lines):
    data = "\n".join(lines).encode("utf-8")
    out = read_jsonl(data, source_id="feed", source_path="feed.jsonl")
    check_records(out)
    # JSON Lines are separated by "\n" only: a "\r" or U+2028 inside a line does not split it
    n_lines = sum(1 for line in "\n".join(lines).split("\n") if line.removesuffix("\r").strip())
    whole_file_refused = len(out) == 1 and out[0].source_path == "feed.jsonl"  # e.g. the text is binary
    assert whole_file_refused or len(out) == n_lines  # one record per non-blank line: loaded or rejected
    ingest_one("feed.jsonl", data)


@FAST
@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=3),
       st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="/\x00"), min_size=1, max_size=40))
def test_random_file_names(bodies, name):
    body = "Officials said on Monday that 40 ships were waiting offshore. " + " ".join(bodies)
    if name in {".", ".."} or len(name.encode("utf-8")) > 200:
        return
    ingest_one(name, body.encode("utf-8"))


@FAST
@given(st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b"..")))
def test_file_names_that_are_not_utf8(name):
    ingest_one(name + b".txt", b"Officials said on Monday that 40 ships were waiting offshore.")


# --- numbers ------------------------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=10**15 - 1), st.booleans())
def test_words_with_and_round_trip(n, and_):
    assert parse_number(to_words(n, and_)) == n


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(sorted(SCALES.items())), st.booleans())
def test_digits_with_commas_and_a_multiplier(n, scale, commas):
    word, factor = scale
    text = f"{n:,} {word}" if commas else f"{n} {word}"
    assert parse_number(text) == pytest.approx(n * factor, rel=1e-12)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=-10**12, max_value=10**12))
def test_signed_digits_with_commas(n):
    assert parse_number(f"{n:,}") == n
    assert parse_number(f"  {n}  ") == n


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(sorted(NUMBER_WORDS | {"and", "a", "-", ",", "1", "2.5", "1,000"})), max_size=8),
       st.sampled_from([" ", "-", "  "]))
def test_number_word_soup_never_raises(words, sep):
    text = sep.join(words)
    for value in (parse_number(text), words_to_number(text)):
        assert value is None or (isinstance(value, float) and value >= 0)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789,.-+ kmbnKMBN") + ["million", " and ", "dozen", "\u2212"]), max_size=20).map("".join))
def test_digit_soup_never_raises(text):
    value = parse_number(text)
    assert value is None or isinstance(value, float)


@pytest.mark.parametrize("text", ["1,000,000,000,000,000,000,000 trillion", "9" * 400, "1e308 billion", "nine " * 300])
def test_extremes_are_finite_or_none(text):
    value = parse_number(text)
    assert value is None or (isinstance(value, float) and value == value and abs(value) != float("inf"))
