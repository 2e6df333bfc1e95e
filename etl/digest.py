"""The daily digest: what the warehouse gained on one day, as Markdown and JSON.

    <digest_dir>/<YYYY-MM-DD>.md / .json

A day's loads are the warehouse snapshots committed that day (UTC) that name a run; the digest
covers the articles those runs loaded (an article re-loaded later by an edit moves to the day of
its new run) and, over them: the people and places in the most articles and the most quoted
speakers with one of their quotes. Rewritten after every load (the `news_digest` DAG runs on the
warehouse's assets), so the file of a past day is that day's final digest.
"""
from __future__ import annotations

import json
import os
from datetime import date, datetime, timezone
from pathlib import Path

TOP = 10


def runs_committed_on(warehouse: str, day: date) -> list[str]:
    """Run ids whose load committed a snapshot on `day` (UTC), in commit order."""
    from etl.warehouse import snapshots

    runs: list[str] = []
    for snap in snapshots(warehouse):
        when = snap["time"]
        if when.tzinfo is not None:
            when = when.astimezone(timezone.utc)
        if snap["run_id"] and when.date() == day and snap["run_id"] not in runs:
            runs.append(snap["run_id"])
    return runs


def build_digest(con, run_ids: list[str], top: int = TOP) -> dict:
    """The digest's content over the articles loaded by run_ids, on an open warehouse connection.

    Returns {"articles": n, "headlines": [{source_id, title}], "people": [{name, articles}],
    "places": [{name, country_code, articles}], "speakers": [{speaker, quotes, example}]}."""
    runs = "(SELECT unnest(?::VARCHAR[]))"
    ids = f"(SELECT article_id FROM articles WHERE run_id IN {runs})"
    articles = con.execute(f"SELECT count(*) FROM articles WHERE run_id IN {runs}", [run_ids]).fetchone()[0]
    headlines = con.execute(
        f"SELECT source_id, coalesce(title, CASE WHEN length(body) > 80 THEN left(body, 79) || '…' ELSE body END) FROM articles WHERE run_id IN {runs} "
        f"ORDER BY n_quotes + n_people DESC, source_id LIMIT ?", [run_ids, top]).fetchall()
    people = con.execute(
        f"SELECT name, count(DISTINCT article_id) AS n FROM people WHERE article_id IN {ids} "
        f"GROUP BY name ORDER BY n DESC, name LIMIT ?", [run_ids, top]).fetchall()
    places = con.execute(
        f"SELECT name, any_value(country_code), count(DISTINCT article_id) AS n FROM places WHERE article_id IN {ids} "
        f"GROUP BY name ORDER BY n DESC, name LIMIT ?", [run_ids, top]).fetchall()
    speakers = con.execute(
        f"SELECT speaker, count(*) AS n, arg_max(text, length(text)) FROM quotes "
        f"WHERE article_id IN {ids} AND speaker IS NOT NULL AND speaker_kind = 'person' "
        f"GROUP BY speaker ORDER BY n DESC, speaker LIMIT ?", [run_ids, top]).fetchall()
    return {
        "articles": articles,
        "headlines": [{"source_id": s, "title": t} for s, t in headlines],
        "people": [{"name": n, "articles": c} for n, c in people],
        "places": [{"name": n, "country_code": cc, "articles": c} for n, cc, c in places],
        "speakers": [{"speaker": s, "quotes": c, "example": e} for s, c, e in speakers],
    }


def build_digest_empty() -> dict:
    return {"articles": 0, "headlines": [], "people": [], "places": [], "speakers": []}


def _n(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def render_markdown(digest: dict) -> str:
    lines = [f"# News digest {digest['day']}", "",
             f"{_n(digest['articles'], 'article')} loaded by {_n(len(digest['runs']), 'run')} into `{digest['warehouse']}`.", ""]
    if digest["headlines"]:
        lines += ["## Stories", ""] + [f"- {h['title']} (`{h['source_id']}`)" for h in digest["headlines"]] + [""]
    if digest["people"]:
        lines += ["## People", ""] + [f"- {p['name']}: {_n(p['articles'], 'article')}" for p in digest["people"]] + [""]
    if digest["places"]:
        lines += ["## Places", ""] + [
            f"- {p['name']}{' (' + p['country_code'] + ')' if p['country_code'] else ''}: {_n(p['articles'], 'article')}"
            for p in digest["places"]] + [""]
    if digest["speakers"]:
        lines += ["## Most quoted", ""] + [f"- {s['speaker']} ({_n(s['quotes'], 'quote')}): “{s['example']}”" for s in digest["speakers"]] + [""]
    if not digest["articles"]:
        lines += ["Nothing new was loaded this day.", ""]
    return "\n".join(lines)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_digest(warehouse: str, digest_dir: Path, day: date | None = None, top: int = TOP) -> dict[str, str]:
    """Write the digest of `day` (default: today, UTC) for the warehouse; returns the two paths.
    Readers never see half a file (written aside and renamed)."""
    from etl.assets import public_warehouse_name
    from etl.warehouse import reader

    day = day or datetime.now(timezone.utc).date()
    run_ids = runs_committed_on(warehouse, day)
    with reader(warehouse) as con:
        content = build_digest(con, run_ids, top) if con is not None else build_digest_empty()
    digest = {"day": day.isoformat(), "warehouse": public_warehouse_name(warehouse), "runs": run_ids, **content}
    digest_dir = Path(digest_dir)
    digest_dir.mkdir(parents=True, exist_ok=True)
    md, js = digest_dir / f"{day.isoformat()}.md", digest_dir / f"{day.isoformat()}.json"
    _write_atomic(js, json.dumps(digest, indent=1, ensure_ascii=False, default=str))
    _write_atomic(md, render_markdown(digest))
    return {"markdown": str(md), "json": str(js)}



def resolve_warehouse(named: str | None, configured: str) -> str:
    """The warehouse an asset event names, usable for connecting: the configured one when the
    event names it (or names none; its password is not in the event), else the event's."""
    from etl.assets import public_warehouse_name

    if not named or named == public_warehouse_name(configured):
        return configured
    return named


def digests_for_events(events: list[tuple[dict, datetime]], configured_warehouse: str, digest_dir: Path) -> list[dict[str, str]]:
    """One digest per (warehouse, UTC day) among the triggering load events.

    events: (extra, timestamp) of each `news_warehouse.articles` asset event that triggered the run."""
    todo: dict[tuple[str, date], None] = {}
    for extra, when in events:
        warehouse = resolve_warehouse((extra or {}).get("warehouse"), configured_warehouse)
        todo[(warehouse, when.astimezone(timezone.utc).date())] = None
    return [write_digest(w, digest_dir, day) for w, day in todo]
