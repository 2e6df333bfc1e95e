"""Place rows: one per place per article, with kind, ISO country code and coordinates."""
from __future__ import annotations

import re

from etl.extract.entities import gazetteer
from etl.extract.context import DocContext
from etl.extract.entities.names import name_key
from etl.extract.entities.resolve import Entity, _dateline_region_text


def places_rows(ctx: DocContext, entities: list[Entity]) -> list[dict]:
    article = ctx.article
    rows: dict[str, dict] = {}
    dateline_key = name_key(article.dateline_place) if article.dateline_place else None
    for e in entities:
        if e.kind != "place":
            continue
        first = e.first
        section, start, end = ctx.locate(first.start, first.end)
        place = e.place
        rows[name_key(e.name)] = {
            "name": e.name,
            "aliases": sorted(set(e.aliases) - {e.name}) or None,
            "kind": place.kind if place else "other",
            "country_code": place.country_code if place else None,
            "latitude": place.latitude if place else None,
            "longitude": place.longitude if place else None,
            "is_dateline": False,
            "mention_count": len(e.mentions),
            "section": section,
            "start_char": start,
            "end_char": end,
        }
    if dateline_key and article.dateline:
        # The dateline is kept out of the body, so its place is a row of its own (or a flag on
        # the body's row for the same place).
        place = gazetteer.lookup_dateline(article.dateline_place, _dateline_region_text(article.dateline))
        hit = next((r for k, r in rows.items() if k == dateline_key or name_key(gazetteer.lookup(r["name"]).name if gazetteer.lookup(r["name"]) else r["name"]) == dateline_key), None)
        if hit is not None:
            hit["is_dateline"] = True
            hit["mention_count"] += 1
            if place is not None:  # the dateline says which one: "WASHINGTON" is the city
                hit.update(kind=place.kind, country_code=place.country_code, latitude=place.latitude,
                           longitude=place.longitude)
        else:
            pos = article.dateline.lower().find(article.dateline_place.lower())
            rows[dateline_key] = {
                "name": article.dateline_place,
                "aliases": None,
                "kind": place.kind if place else "other",
                "country_code": place.country_code if place else None,
                "latitude": place.latitude if place else None,
                "longitude": place.longitude if place else None,
                "is_dateline": True,
                "mention_count": 1,
                "section": "dateline",
                "start_char": max(pos, 0),
                "end_char": max(pos, 0) + len(article.dateline_place),
            }
        _dateline_region(article, rows)
    return list(rows.values())


_DATELINE_PART = re.compile(r",\s*([A-Z][A-Za-z.'’\- ]*?[A-Za-z.])(?=\s*(?:\(|\d|[-–—―]|$))")


def _dateline_region(article, rows: dict[str, dict]) -> None:
    """'IRVINE, Calif 1996-08-30', 'MIZORAM, India (AP) –': the state or country after the
    dateline's city is a place of the article too."""
    m = _DATELINE_PART.search(article.dateline)
    if not m:
        return
    text = m.group(1).strip()
    place = gazetteer.lookup_dateline_part(text)
    if place is None:
        return
    for r in rows.values():
        known = gazetteer.lookup_dateline_part(r["name"])
        if name_key(r["name"]) == name_key(text) or (known is not None and (known.name, known.country_code) == (place.name, place.country_code)):
            r["is_dateline"] = True
            if name_key(r["name"]) != name_key(text):
                r["aliases"] = sorted(set(r["aliases"] or []) | {text})
            return
    rows[name_key(text)] = {
        "name": text.rstrip("."),
        "aliases": None,
        "kind": place.kind,
        "country_code": place.country_code,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "is_dateline": True,
        "mention_count": 1,
        "section": "dateline",
        "start_char": m.start(1),
        "end_char": m.start(1) + len(text.rstrip(".")),
    }
