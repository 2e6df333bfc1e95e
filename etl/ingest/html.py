"""HTML pages: main text through trafilatura; title, author, site name and date from its metadata.

The publication date comes from the page's metadata (meta tags, JSON-LD, <time>, the URL) —
htmldate without its "extensive search", which guesses from any date in the page and takes a
copyright line ("© 2024 …") for a publication date — or else from a visible publication line
("Published 14 May 2024"). A page that states neither has no date.
"""
from __future__ import annotations

import re

from etl.ingest.article import MIN_BODY_CHARS, build_article
from etl.ingest.dates import parse_date
from etl.ingest.decode import NotText, decode_bytes
from etl.records import Article, Reject, normalise_text

# "Published 14 May 2024", "Posted on: May 14, 2024 9:30 am", "First published on Tue 14 May 2024"
_PUBLICATION_LINE = re.compile(
    r">\s*(?:first\s+)?(?:published|posted)(?:\s+on)?\s*:?\s*([^<>]{6,60}?)\s*<", re.I)


_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_TITLE_SEPARATOR = re.compile(r"^\s*[|–—·:•-]\s*(.+?)\s*$")


def _site_from_title_tag(html: str, title: str | None) -> str | None:
    """'Headline | The Morning Ledger' → 'The Morning Ledger': pages name their site after the
    headline in <title>. Only when the rest of <title> is the headline and a short name follows."""
    from etl.ingest.markup import to_text

    m = _TITLE_TAG.search(html[:100_000])
    if not m or not title:
        return None
    full = " ".join(to_text(m.group(1)).split())
    head = " ".join(title.split())
    if not full.startswith(head):
        return None
    rest = _TITLE_SEPARATOR.match(full[len(head):])
    if rest and 1 <= len(rest.group(1).split()) <= 6:
        return rest.group(1)
    return None


def _publication_line(html: str) -> str | None:
    for m in _PUBLICATION_LINE.finditer(html):
        if parse_date(m.group(1)).value is not None:
            return m.group(1)
    return None


def read_html(data: bytes, *, source_id: str, source_path: str) -> list[Article | Reject]:
    import trafilatura  # heavy; imported only when an HTML file shows up

    try:
        html = decode_bytes(data)
    except NotText as exc:
        return [Reject(source_path, f"not readable HTML: {exc}", source_id=source_id)]
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True,
            date_extraction_params={"original_date": True, "extensive_search": False,
                                    "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
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
    author = meta.get("author")
    return [
        build_article(
            text,
            source_id=source_id,
            source_path=source_path,
            fmt="html",
            title=title or None,
            detect_headline=False,
            published=meta.get("date") or _publication_line(html),
            published_from="page",
            url=meta.get("url") or None,
            # trafilatura joins several authors with "; "
            authors=[a for a in author.split(";") if a.strip()] if isinstance(author, str) else None,
            outlet=meta.get("sitename") or _site_from_title_tag(html, title),
        )
    ]
