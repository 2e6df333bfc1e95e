"""RSS 2.0 and Atom feeds (.xml, .rss, .atom) through feedparser: one article per item.

    body         the fullest content field (content:encoded / <content>), else the summary
                 (the article then carries the note "summary only")
    url          the item's link;  source_id  its guid / Atom id, else its link
    title, published (RFC 822 or ISO 8601 as the feed writes it), authors (author, dc:creator,
    Atom <author><name>), outlet = the channel's title

The feed's bytes are handed to feedparser as a stream: it never fetches anything (a string would
be taken for a URL or a file name). HTML in any field is turned into text by build_article.
"""
from __future__ import annotations

import io

from etl.ingest.article import build_article, clean_text
from etl.records import Article, Reject

MAX_ITEMS = 10_000


def _content(entry) -> tuple[str | None, bool]:
    """(the fullest body the item has, whether it is only the summary)."""
    contents = [c.get("value") for c in entry.get("content") or [] if isinstance(c.get("value"), str)]
    best = max(contents, key=len, default=None)
    summary = entry.get("summary") if isinstance(entry.get("summary"), str) else None
    if best and (not summary or len(best) >= len(summary)):
        return best, False
    return summary, bool(summary)


def _authors(entry) -> list[str]:
    names = [a.get("name") for a in entry.get("authors") or [] if isinstance(a, dict) and a.get("name")]
    if not names and isinstance(entry.get("author"), str):
        names = [entry["author"]]
    # RSS <author> is an e-mail address, often "jane@example.com (Jane Doe)"
    out = []
    for n in names:
        n = n.strip()
        if "(" in n and n.endswith(")"):
            n = n[n.index("(") + 1:-1]
        if "@" not in n:
            out.append(n)
    return out


def read_feed(data: bytes, *, source_id: str, source_path: str) -> list[Article | Reject]:
    import feedparser  # imported only when a feed shows up

    try:
        parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    except Exception as exc:  # feedparser is lenient; anything it still raises is this file's fault
        return [Reject(source_path, "the feed could not be parsed", source_id=source_id, detail=repr(exc)[:500])]
    entries = parsed.get("entries") or []
    version = parsed.get("version") or ""
    if not entries:
        why = "an RSS/Atom feed with no items" if version else "not an RSS or Atom feed (no channel or feed element)"
        detail = repr(parsed.get("bozo_exception"))[:500] if parsed.get("bozo") else None
        return [Reject(source_path, why, source_id=source_id, detail=detail)]
    fmt = "atom" if version.startswith("atom") else "rss"
    channel = parsed.get("feed") or {}
    outlet = channel.get("title") if isinstance(channel.get("title"), str) else None
    out: list[Article | Reject] = []
    seen: dict[str, str] = {}
    for n, entry in enumerate(entries[:MAX_ITEMS], start=1):
        where = f"{source_path}#{n}"
        link = entry.get("link") if isinstance(entry.get("link"), str) else None
        guid = entry.get("id") if isinstance(entry.get("id"), str) else None
        rid = clean_text((guid or link or f"{source_id}#{n}").strip())[:300] or f"{source_id}#{n}"
        body, summary_only = _content(entry)
        if not body or not body.strip():
            out.append(Reject(where, f"feed item {n} has no content and no summary", source_id=rid))
            continue
        if rid in seen and seen[rid] != body:
            out.append(Reject(where, f"feed item id {rid!r} was already used by an earlier item with a different body",
                              source_id=rid))
            continue
        seen[rid] = body
        out.append(build_article(
            body,
            source_id=rid,
            source_path=where,
            fmt=fmt,
            title=entry.get("title") if isinstance(entry.get("title"), str) else None,
            detect_headline=False,
            published=entry.get("published") or entry.get("updated") or None,
            published_from="feed",
            url=link,
            authors=_authors(entry),
            outlet=outlet,
            notes=["summary only: the feed item carries no full content"] if summary_only else (),
        ))
    if len(entries) > MAX_ITEMS:
        out.append(Reject(source_path, f"the feed has {len(entries):,} items; only the first {MAX_ITEMS:,} were read",
                          source_id=source_id))
    return out
