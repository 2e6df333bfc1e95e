"""JSON-lines feeds: one article per line.

Fields read: id, title, body (or text, content), url, published (or date, pubDate: ISO 8601,
RFC 822, written, or a Unix epoch number), author / authors / byline (a name, a list of names,
or objects with a "name"), outlet (or source, publisher, site_name: text or an object with a
"name"). Any text field may hold HTML; it is turned into text like a page's.

Records are separated by `\n` only (the JSON Lines rule; a `\r` before it is tolerated), never by
the other characters Python's str.splitlines() breaks at — U+2028, U+2029, U+0085, form feed,
vertical tab, \x1c-\x1e — which are legal inside JSON strings (a raw control character such as
a form feed is still invalid JSON: that record is rejected). Line numbers are the ones an editor
shows.
"""
from __future__ import annotations

import json

from etl.ingest.article import build_article, clean_text
from etl.ingest.decode import NotText, decode_bytes
from etl.records import Article, Reject


def _first(record: dict, *keys: str):
    return next((record[k] for k in keys if record.get(k) not in (None, "", [], {})), None)


def _name(value) -> str | None:
    """A name given as text or as an object with a "name" (or "title")."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    return value if isinstance(value, str) and value.strip() else None


def _names(value) -> list[str]:
    if isinstance(value, list):
        return [n for n in (_name(v) for v in value[:50]) if n]
    n = _name(value)
    return [n] if n else []


def read_jsonl(data: bytes, *, source_id: str, source_path: str) -> list[Article | Reject]:
    try:
        text = decode_bytes(data)
    except NotText as exc:
        return [Reject(source_path, f"not readable JSON-lines text: {exc}", source_id=source_id)]
    out: list[Article | Reject] = []
    seen_ids: dict[str, str] = {}
    for lineno, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        where = f"{source_path}:{lineno}"
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError, huge integers, absurd nesting
            out.append(Reject(where, f"line {lineno} is not valid JSON", detail=str(exc)[:500]))
            continue
        if not isinstance(record, dict):
            out.append(Reject(where, f"line {lineno} is a JSON {type(record).__name__}, not an object with id and body"))
            continue
        rid = record.get("id")
        rid = clean_text(str(rid)).strip() if isinstance(rid, (str, int)) and not isinstance(rid, bool) else ""
        rid = rid[:200] or f"{source_id}-{lineno}"
        body = record.get("body", record.get("text", record.get("content")))
        if not isinstance(body, str) or not body.strip():
            what = "has no body" if body is None else "has a body that is not text" if not isinstance(body, str) else "has an empty body"
            out.append(Reject(where, f"record {rid!r} {what}", source_id=rid))
            continue
        title = record.get("title")
        if title is not None and not isinstance(title, str):
            out.append(Reject(where, f"record {rid!r} has a title that is not text ({type(title).__name__})", source_id=rid))
            continue
        if rid in seen_ids and seen_ids[rid] != body:
            out.append(Reject(where, f"record id {rid!r} was already used by an earlier line with a different body", source_id=rid))
            continue
        seen_ids[rid] = body
        url = record.get("url") or record.get("link")
        published = _first(record, "published", "date", "pubDate", "published_at", "publishedAt")
        out.append(
            build_article(
                body,
                source_id=rid,
                source_path=where,
                fmt="jsonl",
                title=title or None,
                detect_headline=False,
                url=url if isinstance(url, str) else None,
                published=published if isinstance(published, (str, int, float)) and not isinstance(published, bool) else None,
                published_from="record",
                authors=_names(record.get("authors")) + _names(record.get("author")),
                byline=record.get("byline") if isinstance(record.get("byline"), str) else None,
                outlet=_name(_first(record, "outlet", "source", "publisher", "site_name", "siteName")),
            )
        )
    if not out:
        out.append(Reject(source_path, "the JSON-lines file holds no records", source_id=source_id))
    return out
