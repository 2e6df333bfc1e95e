"""HTML pages: main text through trafilatura, title and date from its metadata."""
from __future__ import annotations

from etl.ingest.article import build_article
from etl.ingest.decode import NotText, decode_bytes
from etl.records import Article, Reject


def read_html(data: bytes, *, source_id: str, source_path: str) -> list[Article | Reject]:
    import trafilatura  # heavy; imported only when an HTML file shows up

    try:
        html = decode_bytes(data)
    except NotText as exc:
        return [Reject(source_path, f"not readable HTML: {exc}", source_id=source_id)]
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        return [Reject(source_path, "the HTML could not be parsed", source_id=source_id, detail=repr(exc)[:500])]
    if doc is None:
        return [Reject(source_path, "the HTML page has no article text that could be extracted", source_id=source_id)]
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = meta.get("text") or ""
    if not text.strip():
        return [Reject(source_path, "the HTML page has no article text that could be extracted", source_id=source_id)]
    title = meta.get("title")
    return [
        build_article(
            text,
            source_id=source_id,
            source_path=source_path,
            fmt="html",
            title=title or None,
            detect_headline=False,
            published=meta.get("date") or None,
            url=meta.get("url") or None,
        )
    ]
