"""People rows: one per real person per article, canonical full name, role, mention count."""
from __future__ import annotations

from etl.extract.context import DocContext
from etl.extract.entities.resolve import Entity
from etl.extract.entities.vocab import PERSON_TITLES


def _description_before(doc, start: int, root) -> str | None:
    """A describing noun phrase written straight before the name, as wire copy does:
    "senior elected official of Mizoram Zoramthanga", "Sunderland forward Niall Quinn"."""
    toks = []
    i = start - 1
    while i >= 0 and len(toks) < 8:
        t = doc[i]
        if t.pos_ in {"ADJ", "NOUN", "PROPN"} or t.tag_ == "VBN" or (t.lower_ == "of" and toks):
            toks.insert(0, t)
            i -= 1
        else:
            break
    while toks and (toks[0].lower_ == "of" or toks[0].pos_ == "PROPN" and toks[0].ent_type_ == "PERSON"):
        toks.pop(0)
    # a role is a common noun ("official", "forward"); a run of names is not a description
    if not any(t.pos_ == "NOUN" and t.is_lower for t in toks) or any(t.ent_type_ == "PERSON" for t in toks):
        return None
    # one person's role is a singular noun ("official"); "comments", "times" are something else
    head = next((t for t in reversed(toks) if t.pos_ == "NOUN" and t.is_lower), None)
    if head is None or head.tag_ != "NN":
        return None
    # and it must describe *this* name: tied to it in the parse, not an object that happens to
    # stand before it ("apologised for derogatory comments Donald Trump made")
    inside = {t.i for t in toks}
    if not (root.head.i in inside or any(t.head.i == root.i for t in toks)):
        return None
    return doc[toks[0].i: toks[-1].i + 1].text


def _role(ctx: DocContext, entity: Entity) -> str | None:
    """The title before a mention ("Prime Minister Narendra Modi"), a description written before
    the name ("senior elected official of Mizoram Zoramthanga") or an appositive after it
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
        described = _description_before(doc, span.start, span.root)
        if described:
            return described
        for tok in span.root.children:
            if tok.dep_ == "appos" and tok.i > span.end - 1:
                sub = doc[tok.left_edge.i: tok.right_edge.i + 1]
                text = sub.text.strip(" ,;:-–—()")
                if 1 <= len(sub) <= 12 and sub.root.ent_type_ != "PERSON" and text[:1].isalpha() \
                        and not any(ch in text for ch in "“”\"()"):
                    return text
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


def byline_people(article, rows: list[dict]) -> list[dict]:
    """The byline's authors are people of the article (ANNOTATING.md): one row each, pointing
    into articles.byline (section "byline"), unless the text already has a row for them."""
    if not article.byline or not article.authors:
        return rows
    from etl.ingest.byline import parse_byline, byline_from_names

    parsed = parse_byline(article.byline) or parse_byline(article.byline, require_by=False) \
        or byline_from_names([article.byline])
    known = {r["name"].casefold(): r for r in rows}
    for author in parsed.authors if parsed else []:
        row = known.get(author.name.casefold())
        if row is not None:
            row["mention_count"] += 1
            continue
        rows.append({
            "name": author.name,
            "aliases": None,
            "role": "author (byline)",
            "mention_count": 1,
            "section": "byline",
            "start_char": author.start,
            "end_char": author.end,
        })
    return rows
