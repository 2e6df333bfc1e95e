"""JSON-lines feeds: one article per line with id, title, body (or text), url, published.

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
        body = record.get("body", record.get("text"))
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
        url, published = record.get("url"), record.get("published")
        out.append(
            build_article(
                body,
                source_id=rid,
                source_path=where,
                fmt="jsonl",
                title=title or None,
                detect_headline=False,
                url=url if isinstance(url, str) else None,
                published=str(published) if isinstance(published, (str, int, float)) else None,
            )
        )
    if not out:
        out.append(Reject(source_path, "the JSON-lines file holds no records", source_id=source_id))
    return out
