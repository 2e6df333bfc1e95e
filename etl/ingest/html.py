"""HTML pages: main text through trafilatura, title and date from its metadata."""
from __future__ import annotations

from etl.ingest.article import MIN_BODY_CHARS, build_article
from etl.ingest.decode import NotText, decode_bytes
from etl.records import Article, Reject, normalise_text


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
        return [Reject(source_path, "the HTML page has no article body (no main text could be extracted)", source_id=source_id)]
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = meta.get("text") or ""
    if len(normalise_text(text)) < MIN_BODY_CHARS:
        return [Reject(source_path, "the HTML page has no article body (no main text beyond navigation, menus or scripts)",
                       source_id=source_id, detail=f"{len(text.strip())} characters of main text")]
    title = meta.get("title")
    first, _, rest = text.strip().partition("\n")
    if title and rest.strip() and normalise_text(first) == normalise_text(title):
        text = rest  # the page's <h1> repeats the title: keep it out of the body
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
