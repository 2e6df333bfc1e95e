"""Plain-text articles: optional headline line, optional wire dateline, then the body."""
from __future__ import annotations

from etl.ingest.article import build_article
from etl.ingest.decode import NotText, decode_bytes
from etl.records import Article, Reject


def read_txt(data: bytes, *, source_id: str, source_path: str) -> list[Article | Reject]:
    try:
        text = decode_bytes(data)
    except NotText as exc:
        return [Reject(source_path, f"not readable text: {exc}", source_id=source_id)]
    return [build_article(text, source_id=source_id, source_path=source_path, fmt="txt")]
