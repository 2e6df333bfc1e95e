"""People rows: one per real person per article, canonical full name, role, mention count."""
from __future__ import annotations

from etl.extract.context import DocContext
from etl.extract.entities import PERSON_TITLES, Entity


def _role(ctx: DocContext, entity: Entity) -> str | None:
    """The title before a mention ("Prime Minister Narendra Modi") or an appositive after it
    ("Edward Alden, author of the book")."""
    doc = ctx.doc
    for m in sorted(entity.mentions, key=lambda m: m.start):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        i = span.start - 1
        words = []
        while i >= 0 and (doc[i].lower_.rstrip(".") in PERSON_TITLES or (words and doc[i].is_title and doc[i].pos_ in {"PROPN", "NOUN", "ADJ"} and doc[i].ent_type_ not in {"PERSON", "GPE"})):
            words.insert(0, doc[i].text)
            i -= 1
        if words and doc[span.start - 1].lower_.rstrip(".") in PERSON_TITLES:
            role = " ".join(words)
            if role.lower().rstrip(".") not in {"mr", "mrs", "ms", "miss", "dr"}:
                return role
        for tok in span.root.children:
            if tok.dep_ == "appos" and tok.i > span.end - 1:
                sub = doc[tok.left_edge.i: tok.right_edge.i + 1]
                if 1 <= len(sub) <= 12 and sub.root.ent_type_ != "PERSON":
                    return sub.text
    return None


def people_rows(ctx: DocContext, entities: list[Entity]) -> list[dict]:
    rows = []
    for e in entities:
        if e.kind != "person":
            continue
        first = e.first
        section, start, end = ctx.locate(first.start, first.end)
        rows.append({
            "name": e.name,
            "aliases": sorted(set(e.aliases) - {e.name}) or None,
            "role": _role(ctx, e),
            "mention_count": len(e.mentions),
            "section": section,
            "start_char": start,
            "end_char": end,
        })
    return rows
