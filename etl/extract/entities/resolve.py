"""Resolution: the decision for each candidate name (rules where the evidence is decisive, the
learned classifier elsewhere), document consistency (a person's surname, a company's short form,
capital lines), clustering of mentions into people and places, and each place's reading from the
article's context (gazetteer.choose)."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from etl.extract.context import DocContext, text_of
from etl.extract.entities import gazetteer, mention_model
from etl.extract.entities.names import (  # noqa: F401
    Mention, _is_acronym, _org_like, _place, clean_name, name_key,
)
from etl.extract.entities.candidates import (  # noqa: F401
    _byline, _caps_lines, _caps_mentions, _collect, _split_swallowed,
)
from etl.extract.entities.evidence import (  # noqa: F401
    _decide, _evidence, _settled, mention_features,
)


@dataclass
class Entity:
    kind: str  # "person" or "place"
    name: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    place: gazetteer.Place | None = None

    @property
    def first(self) -> Mention:
        return min(self.mentions, key=lambda m: m.start)


def candidate_names(ctx: DocContext):
    """Every name of the article with its mentions and evidence: (caps line ranges,
    {name key: [(Mention, span)]}, {name key: _Vote}, NORP keys)."""
    doc = ctx.doc
    caps = _caps_lines(doc)
    items, norp = _collect(doc, caps)
    items = _split_swallowed(items, doc)
    byline = _byline(ctx)
    if byline is not None:
        b = byline[0]
        items = [(m, sp) for m, sp in items if not (m.start < b.end and b.start < m.end)] + [byline]

    by_key: dict[str, list[tuple[Mention, object]]] = defaultdict(list)
    for m, span in items:
        k = name_key(m.text)
        if k:
            by_key[k].append((m, span))

    votes = {k: _evidence(k, ms, norp) for k, ms in by_key.items()}
    full_people = [k.split() for k, ms in by_key.items() if len(k.split()) >= 2 and any(m.label == "PERSON" for m, _ in ms)]
    for k, v in votes.items():
        w = k.split()
        v.feats["part_of_person"] = any(len(w) < len(f) and (f[-len(w):] == w or f[:len(w)] == w) for f in full_people)
    if ctx.article.dateline_place and name_key(ctx.article.dateline_place) in votes:
        votes[name_key(ctx.article.dateline_place)].feats["dateline"] = 1
        # the dateline's place named again in the text ("DUBROVNIK, Croatia — ... in Dubrovnik")
        v = votes[name_key(ctx.article.dateline_place)]
        if not v.strong_person and v.place != float("-inf"):
            v.place += 3.0
    return caps, by_key, votes, norp


def resolve_entities(ctx: DocContext) -> list[Entity]:
    doc = ctx.doc
    caps, by_key, votes, norp = candidate_names(ctx)
    model = mention_model.load()
    labelled: dict[str, str] = {}
    for k, v in votes.items():
        kind = _decide(v) if model is None or _settled(v) else model.decide(mention_features(k, by_key[k], v, norp))
        if kind:
            labelled[k] = kind
    _drop_company_short_forms(labelled, votes)

    # Document consistency: a part of a person's full name is that person, whatever the model
    # said of the part alone ("Modi" called a place beside "Narendra Modi").
    full = [k for k, kind in labelled.items() if kind == "person" and len(k.split()) >= 2]
    for k, v in votes.items():
        if labelled.get(k) == "person":
            continue
        words = k.split()
        owners = {f for f in full if len(words) < len(f.split()) and (f.split()[-len(words):] == words or f.split()[:len(words)] == words)}
        if len(owners) != 1:
            continue
        if v.person == float("-inf"):
            continue
        place = _place(by_key[k][0][0].text)
        if place is not None and place.kind == "country" and not v.strong_person:
            continue
        if v.labels.get("ORG", 0) > sum(v.labels.values()) / 2 and not v.strong_person:
            continue
        labelled[k] = "person"
    # The mirror: a longer name ending in a word the article settled as a person ("Hen Vipheak"
    # called an organisation beside "Vipheak" the speaker) is that person's full name.
    single_people = {k for k, kind in labelled.items() if kind == "person" and len(k.split()) == 1}
    for k, v in votes.items():
        words = k.split()
        if k in labelled or not 2 <= len(words) <= 3 or words[-1] not in single_people:
            continue
        if v.person == float("-inf") or _org_like(k) or _place(by_key[k][0][0].text) is not None:
            continue
        if not all(w[:1].isupper() for w in by_key[k][0][0].text.split()):
            continue
        labelled[k] = "person"
    # "the Clintons": the plural of a person's surname is that family, a person entry of its own
    surnames = {f.split()[-1] for f, kind in labelled.items() if kind == "person"}
    for k, v in votes.items():
        if k not in labelled and len(k.split()) == 1 and k.endswith("s") and k[:-1] in surnames and v.labels.get("PERSON"):
            labelled[k] = "person"

    groups_person = {k: by_key[k] for k, kind in labelled.items() if kind == "person"}
    groups_place = {k: by_key[k] for k, kind in labelled.items() if kind == "place"}

    # Capital lines: match against what the rest of the article established.
    person_keys: dict[str, str] = {}
    for k in groups_person:
        person_keys.setdefault(k, k)
    for k in list(groups_person):
        words = k.split()
        if len(words) >= 2:
            for part in (words[-1], words[0]):
                if part not in person_keys or len(person_keys[part].split()) == 1:
                    person_keys[part] = k
    place_keys = set(groups_place)
    # names of two words or more the body settled as neither person nor place (clubs, firms)
    other_keys = {k for k in votes if k not in labelled and len(k.split()) >= 2}
    for m, span, kind, k in _caps_mentions(doc, caps, person_keys, place_keys, other_keys):
        if kind == "other":
            continue
        target = groups_person if kind == "person" else groups_place
        target.setdefault(k, []).append((m, span))

    for m, span in _states_after_comma(doc, groups_place):
        groups_place.setdefault(name_key(m.text), []).append((m, span))

    people = _cluster_people(groups_person)
    places = _cluster_places(groups_place)
    _choose_readings(ctx, places)
    return people + places


def _written_after(doc, mention: Mention) -> gazetteer.Place | None:
    """The region or country written right after a place name: "Paris, Texas", "Bangor, Maine",
    "Troy, N.C."."""
    text = text_of(doc)
    m = re.match(r",\s*([A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?)", text[mention.end:mention.end + 40])
    if not m:
        return None
    words = m.group(1).split()
    for n in (2, 1):
        if len(words) >= n:
            place = gazetteer.lookup_dateline_part(" ".join(words[:n]))
            if place is not None and place.kind in {"region", "country"}:
                return place
    return None


def _states_after_comma(doc, groups_place) -> list[tuple[Mention, object]]:
    """A US state abbreviation after a place and a comma ("Minneapolis, Minn.", "Charleston,
    W.Va", "Washington, D.C.") is a place of its own; alone the abbreviation is a word ("Ill.")."""
    out = []
    text = text_of(doc)
    taken = {m.start for items in groups_place.values() for m, _ in items}
    for got in _STATE_AFTER_PLACE.finditer(text):
        if gazetteer.state_abbreviation(got.group(2)) is None:
            continue
        town = doc.char_span(got.start(1), got.end(1), alignment_mode="expand")
        if town is None or any(t.ent_type_ in {"PERSON", "ORG"} for t in town) or not all(t.pos_ == "PROPN" for t in town):
            continue  # "John Smith, Ill." is a name and a word
        start = got.start(2)
        if start in taken:
            continue
        name = clean_name(got.group(2))
        span = doc.char_span(start, start + len(name), alignment_mode="expand")
        if span is not None:
            taken.add(start)
            out.append((Mention(start, start + len(name), name, "GPE"), span))
    return out


_STATE_AFTER_PLACE = re.compile(r"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}),\s*((?:[A-Z][a-z]{0,4}\.?|[A-Z]\.(?:[A-Z][a-z]?\.?)+))(?=[\s,;)]|$)")


def _choose_readings(ctx: DocContext, places: list[Entity]) -> None:
    """Pick, for each place, the reading the article supports (gazetteer.choose): "Georgia" the
    US state beside Maine and Texas, "Paris, Texas". A name the gazetteer does not know takes the
    article's main country (dateline, else most places) when it has one, with kind "other"."""
    doc = ctx.doc
    written_after = {}
    for e in places:
        for m in e.mentions:
            after = _written_after(doc, m)
            if after is not None:
                written_after[name_key(m.text)] = after
    firm = [e.place for e in places if e.place is not None and len({p.country_code for p in gazetteer.candidates(e.name)}) == 1]
    dateline = None
    if ctx.article.dateline_place:
        region = _dateline_region_text(ctx.article.dateline)
        dateline = gazetteer.lookup_dateline(ctx.article.dateline_place, region)
        if dateline is not None:
            firm.append(dateline)
    context = gazetteer.Context(firm, written_after, dateline.country_code if dateline else None)
    for e in places:
        if not _is_acronym(e.name) or gazetteer.key(e.name) in {"us", "uk", "usa"}:
            chosen = gazetteer.choose(e.name, context)
            if chosen is not None:
                e.place = chosen
        if e.place is None:
            e.place = gazetteer.state_abbreviation(e.name)  # "Fla", "W.Va", "D.C." kept as places
        if e.place is None and context.main_country:
            e.place = gazetteer.Place(e.name, "other", context.main_country)


_DATELINE_REGION = re.compile(r",\s*([A-Z][A-Za-z.'’\- ]*?[A-Za-z.])(?=\s*(?:\(|\d|[-–—―]|$))")


def _dateline_region_text(dateline: str | None) -> str | None:
    """'IRVINE, Calif 1996-08-30' → 'Calif'; 'MIZORAM, India (AP) –' → 'India'."""
    m = _DATELINE_REGION.search(dateline or "")
    return m.group(1).strip() if m else None


def _drop_company_short_forms(labelled: dict[str, str], votes: dict[str, "_Vote"]) -> None:
    """'Magna' beside 'Magna International Inc', 'Caltex' beside 'Caltex Petroleum Corp': the
    short form of a company named in full in the article is that company, not a person. (The
    mirror of surname folding; a name with a title or other strong sign of a person stays.)"""
    companies = [k for k, v in votes.items() if _org_like(k) and len(k.split()) >= 2 and labelled.get(k) != "place"]
    for k, kind in list(labelled.items()):
        if kind != "person" or votes[k].strong_person:
            continue
        words = k.split()
        if any(len(c.split()) > len(words) and c.split()[:len(words)] == words for c in companies):
            del labelled[k]


def _best_surface(mentions: list[Mention]) -> str:
    """The name as written most fully: mixed case over capitals, longer over shorter, then most
    frequent."""
    counts = Counter(m.text for m in mentions)
    return max(counts, key=lambda t: (not t.isupper() or len(t) <= 3, len(t.split()), counts[t], len(t)))


def _cluster_people(groups: dict[str, list[tuple[Mention, object]]]) -> list[Entity]:
    # Longest names first: each shorter name joins the first longer name containing its words.
    keys = sorted(groups, key=lambda k: (-len(k.split()), -len(k)))
    entities: list[Entity] = []
    for k in keys:
        words = k.split()
        target = None
        for e in entities:
            ekey = name_key(e.name).split()
            if len(words) < len(ekey) and (words == ekey[-len(words):] or words == ekey[:len(words)]):
                target = e
                break
        mentions = [m for m, _ in groups[k]]
        surface = _best_surface(mentions)
        if target is None:
            entities.append(Entity("person", surface, mentions))
        else:
            target.mentions.extend(mentions)
            if surface not in target.aliases:
                target.aliases.append(surface)
    for e in entities:
        if e.name.isupper() and len(e.name) > 3:
            e.name = e.name.title()
    return entities


def _cluster_places(groups: dict[str, list[tuple[Mention, object]]]) -> list[Entity]:
    merged: dict[tuple, Entity] = {}
    for k, items in groups.items():
        mentions = [m for m, _ in items]
        surface = _best_surface(mentions)
        place = _place(surface)
        ident = (place.name, place.country_code, place.kind) if place else ("?", k)
        if ident in merged:
            merged[ident].mentions.extend(mentions)
            merged[ident].aliases.append(surface)
        else:
            merged[ident] = Entity("place", surface, mentions, place=place)
    for e in merged.values():
        e.mentions.sort(key=lambda m: m.start)
        forms = [e.name, *e.aliases]
        best = max(forms, key=lambda t: (not t.isupper() or len(t) <= 4, len(t)))
        e.aliases = [f for f in dict.fromkeys(forms) if f != best]
        e.name = best.title() if best.isupper() and len(best) > 4 else best
    return list(merged.values())
