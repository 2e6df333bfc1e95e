"""The link stage: one person, one story, one quotation across articles.

    link_batch(batch, warehouse, run_id)

runs after extraction and before validation. It reads the batch's people, quotes and articles,
asks the warehouse what it already knows (etl/link/state.py, in bounded pieces, read-only), and
returns its answer as rows of the batch: `people.person_id` / `person_link`,
`quotes.speaker_person_id` / `quotation_id` and `articles.story_id` are filled in the batch's
parts, and the rows of `persons`, `person_merges`, `stories`, `story_index`, `story_bands`,
`quotations` and `quotation_index` the batch adds or changes are written as parts beside them.
So linked ids are validated with everything else and loaded in the same transaction.

The algorithms are pure functions of (batch rows, state): persons.py, stories.py, quotations.py.
"""
from __future__ import annotations

import json
import time
from datetime import date, datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

LINK_PART = "part-link"


def _when(value) -> datetime | None:
    """`published` as an aware datetime (UTC when naive), whether the column holds a timestamp or
    ISO text; None when absent or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    try:
        return _when(datetime.fromisoformat(str(value).replace("Z", "+00:00")))
    except ValueError:
        return None


def _open_state(warehouse: str | Path):
    """(connection or None, WarehouseState) — an empty state when there is no warehouse yet."""
    from etl.link.state import WarehouseState
    from etl.warehouse import WarehouseMissing, connect

    class _Nothing:
        def execute(self, *a, **k):
            raise RuntimeError("no warehouse")

    try:
        con = connect(warehouse, read_only=True)
    except WarehouseMissing:
        state = WarehouseState.__new__(WarehouseState)
        state.con, state.ready = _Nothing(), False
        return None, state
    return con, WarehouseState(con)


def link_batch(batch: str | Path, warehouse: str | Path, run_id: str) -> dict:
    """Link the batch's rows against the warehouse; rewrite its parts with the ids and write
    the link tables' parts. Returns counts for the run report (also kept in <batch>/link.json)."""
    from etl.batch import table_parts
    from etl.link.persons import Mention, link_people, surname_key
    from etl.link.quotations import QuoteRef, link_quotations
    from etl.link.stories import StoryDoc, link_stories
    from etl.parquet import write_atomic
    from schemas.tables import TABLES

    started = time.perf_counter()
    batch = Path(batch)
    art_parts = table_parts(batch, "articles")
    art_cols = ["article_id", "title", "body", "published", "agency"]
    has_outlet = any("outlet" in pq.read_schema(p).names for p in art_parts)
    meta: dict[str, dict] = {}
    docs: list[StoryDoc] = []
    for p in art_parts:
        t = pq.read_table(p, columns=art_cols + (["outlet"] if has_outlet else []))
        for r in t.to_pylist():
            pub = _when(r["published"])
            meta[r["article_id"]] = {"published": pub, "outlet": r.get("outlet")}
            docs.append(StoryDoc(r["article_id"], r["title"], r["body"], pub, r.get("outlet"), r["agency"]))

    people_rows = [r for p in table_parts(batch, "people")
                   for r in pq.read_table(p, columns=["article_id", "name", "aliases", "role"]).to_pylist()]
    quote_rows = [r for p in table_parts(batch, "quotes")
                  for r in pq.read_table(p, columns=["article_id", "section", "start_char", "end_char", "text", "speaker_person"]).to_pylist()]
    spoken: dict[tuple[str, str], int] = {}
    for q in quote_rows:
        if q["speaker_person"]:
            key = (q["article_id"], q["speaker_person"])
            spoken[key] = spoken.get(key, 0) + 1
    mentions = [Mention(r["article_id"], r["name"], r["aliases"] or [], r["role"],
                        meta.get(r["article_id"], {}).get("published"), spoken.get((r["article_id"], r["name"]), 0))
                for r in people_rows]
    # a speaker the people table does not hold (extraction named them only as a speaker)
    named = {(r["article_id"], r["name"]) for r in people_rows}
    mentions += [Mention(a, n, [], None, meta.get(a, {}).get("published"), c) for (a, n), c in spoken.items() if (a, n) not in named]

    con, state = _open_state(warehouse)
    try:
        people = link_people(mentions, state)
        stories = link_stories(docs, state)
        quotes = [QuoteRef(q["article_id"], q["section"], q["start_char"], q["end_char"], q["text"],
                           people.ids.get((q["article_id"], q["speaker_person"])) if q["speaker_person"] else None,
                           meta.get(q["article_id"], {}).get("published"), meta.get(q["article_id"], {}).get("outlet"))
                  for q in quote_rows]
        quotations = link_quotations(quotes, state, {m.old_id: m.new_id for m in people.merges})
    finally:
        if con is not None:
            con.close()

    # the batch's parts, with the ids filled in
    def rewrite(table: str, columns: dict) -> None:
        for p in table_parts(batch, table):
            t = pq.read_table(p)
            for name, fn in columns.items():
                values = pa.array([fn(r) for r in t.select(_KEYS[table]).to_pylist()], pa.string())
                t = t.set_column(t.schema.get_field_index(name), TABLES[table].schema.field(name), values) \
                    if name in t.schema.names else t.append_column(TABLES[table].schema.field(name), values)
            write_atomic(t.select(TABLES[table].columns), p)

    rewrite("people", {"person_id": lambda r: people.ids.get((r["article_id"], r["name"])),
                       "person_link": lambda r: people.methods.get((r["article_id"], r["name"]))})
    rewrite("quotes", {
        "speaker_person_id": lambda r: people.ids.get((r["article_id"], r["speaker_person"])) if r["speaker_person"] else None,
        "quotation_id": lambda r: quotations.ids.get((r["article_id"], r["section"], r["start_char"], r["end_char"]))})
    rewrite("articles", {"story_id": lambda r: stories.ids.get(r["article_id"])})

    rows = {
        "persons": [{"person_id": k.person_id, "name": k.name, "surname_key": surname_key(k.name), "kind": k.kind,
                     "aliases": sorted(k.aliases), "roles": sorted(k.roles), "first_seen": k.first_seen,
                     "last_seen": k.last_seen, "articles": k.articles, "quotes": k.quotes, "run_id": run_id}
                    for k in people.persons],
        "person_merges": [{"old_person_id": m.old_id, "new_person_id": m.new_id, "reason": m.reason, "run_id": run_id}
                          for m in people.merges],
        "stories": [{"story_id": s.story_id, "first_article_id": s.first_article_id, "headline": s.headline,
                     "first_published": s.first_published, "articles": s.articles, "outlets": sorted(s.outlets),
                     "agencies": sorted(s.agencies), "run_id": run_id} for s in stories.stories],
        "story_index": [{"article_id": e.article_id, "story_id": e.story_id, "n_shingles": e.n_shingles,
                         "signature": e.signature, "n_lead": e.n_lead, "lead_signature": e.lead_signature, "run_id": run_id}
                        for e in stories.index],
        "story_bands": [{"band_key": k, "article_id": a} for a, keys in stories.bands.items() for k in sorted(set(keys))],
        "quotations": [{"quotation_id": q.quotation_id, "text": q.text, "speaker_person_id": q.speaker_person_id,
                        "first_article_id": q.first_article_id, "first_outlet": q.first_outlet,
                        "first_published": q.first_published, "articles": q.articles, "outlets": sorted(q.outlets),
                        "run_id": run_id} for q in quotations.quotations],
        "quotation_index": [{"shingle_key": k, "quotation_id": qid} for qid, keys in quotations.index.items() for k in keys],
    }
    for table, table_rows in rows.items():
        write_atomic(pa.Table.from_pylist(table_rows, schema=TABLES[table].schema), batch / table / f"{LINK_PART}.parquet")
    summary = {
        "articles": len(docs),
        "new_stories": stories.new_stories,
        "copies": len(docs) - stories.new_stories,
        "persons_new": sum(1 for k in people.persons if k.new),
        "persons_updated": sum(1 for k in people.persons if not k.new),
        "person_merges": len(people.merges),
        "quotations": len(quotations.quotations),
        "seconds": round(time.perf_counter() - started, 3),
    }
    (batch / "link.json").write_text(json.dumps(summary, indent=1))
    return summary


# columns each rewrite reads to find a row's ids
_KEYS = {
    "people": ["article_id", "name"],
    "quotes": ["article_id", "section", "start_char", "end_char", "speaker_person"],
    "articles": ["article_id"],
}
