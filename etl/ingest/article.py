"""Text of any source → an Article: headline, dateline and body separated."""
from __future__ import annotations

import re

from etl.ingest.dateline import parse_dateline
from etl.records import Article, Reject, normalise_text

MIN_BODY_CHARS = 20
# Longer bodies are refused: spaCy needs about 1 GB of memory per 100,000 characters and refuses
# texts over 1,000,000 characters; a news article is rarely over 50,000.
MAX_BODY_CHARS = 200_000

_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")


def clean_text(value: str) -> str:
    """Drop what no article text holds and no Parquet file can store: control characters and
    lone surrogates (JSON may spell them as escapes, e.g. "\\ud800")."""
    return _UNSAFE.sub(lambda m: "" if m.group() < "\ud800" else "\ufffd", value)


def _split_headline(text: str) -> tuple[str | None, str]:
    """A first paragraph that is one short line, followed by more text, is the headline."""
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if not sep or not rest.strip():
        return None, text
    if len(first) > 250 or len(first.split()) > 30 or parse_dateline(first) is not None:
        return None, text
    return first, rest.lstrip("\n")


def build_article(
    text: str,
    *,
    source_id: str,
    source_path: str,
    fmt: str,
    title: str | None = None,
    detect_headline: bool = True,
    published: str | None = None,
    url: str | None = None,
) -> Article | Reject:
    text = normalise_text(clean_text(text))
    if not text:
        return Reject(source_path, "the article has no text (empty or whitespace only)", source_id=source_id)
    if len(text) > MAX_BODY_CHARS:
        return Reject(source_path, f"the article is too long ({len(text):,} characters; the limit is {MAX_BODY_CHARS:,})",
                      source_id=source_id)
    title, published, url = (clean_text(v) if isinstance(v, str) else None for v in (title, published, url))
    if title is None and detect_headline:
        title, text = _split_headline(text)
    dateline = parse_dateline(text)
    dateline_text = place = agency = None
    if dateline is not None:
        dateline_text, place, agency = dateline.text, dateline.place, dateline.agency
        text = text[dateline.consumed:].lstrip()
    if len(text) < MIN_BODY_CHARS:
        return Reject(
            source_path,
            f"the article body is too short to be an article ({len(text)} characters after headline and dateline)",
            source_id=source_id,
        )
    return Article(
        source_id=source_id,
        source_path=source_path,
        format=fmt,
        body=text,
        title=normalise_text(title) if title else None,
        dateline=dateline_text,
        dateline_place=place,
        agency=agency,
        published=published,
        url=url,
    )
