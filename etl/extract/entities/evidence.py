"""Evidence on one name from all its mentions: the model's labels, syntax (titles, appositions,
speech verbs, locatives, sports use), the gazetteer, the name's shape; hand-weighted votes
(`_evidence`, `_decide`) and the features the learned mention classifier reads."""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from etl.extract.entities import gazetteer
from etl.extract.entities.vocab import (  # noqa: F401
    FACILITY_NOUNS, NAME_PARTICLES, ORG_NOUNS, PERSON_NOUNS, PERSON_TITLES, PLACE_NOUNS, RESULT_NOUNS, SPEECH_LEMMAS, SPORT_VERBS, TEAM_NOUNS, TEAM_ROLE_NOUNS, _NOT_PLACE_WORDS,
)
from etl.extract.entities.names import (  # noqa: F401
    Mention, _LABELS, _agent_noun, _common_word, _hyphen_adjective, _org_like, _place, _venue_name, is_demonym,
)


_SCORE = re.compile(r"\d{1,3}-\d{1,3}")


def _has_title_before(span) -> bool:
    doc = span.doc
    i = span.start - 1
    while i >= 0 and doc[i].text in {".", ","}:
        i -= 1
    return i >= 0 and doc[i].lower_.rstrip(".") in PERSON_TITLES and not doc[i].is_upper


def _noun_evidence(span) -> str | None:
    """'person' / 'place' from the common noun the name is in apposition to or of-complement of."""
    root = span.root
    head = root.head
    of_complement = False
    if root.dep_ == "appos" or (root.dep_ == "compound" and head.i < span.start):
        lemma = head.lemma_.lower()
    elif root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        lemma = head.head.lemma_.lower()
        of_complement = True  # "the town of Uyo" names the town; "editor of X" does not name him
    else:
        # "the capital Grozny": the noun before the name modifies nothing else
        prev = span.doc[span.start - 1] if span.start > 0 else None
        lemma = prev.lemma_.lower() if prev is not None and prev.pos_ == "NOUN" and prev.head.i == root.i else ""
    if lemma in TEAM_NOUNS or _prev_lower(span) in TEAM_NOUNS:
        return "team"
    if lemma in ORG_NOUNS:
        return "org"
    if lemma in PERSON_NOUNS:
        return "person"
    if lemma in PLACE_NOUNS or lemma in FACILITY_NOUNS:
        return "place"
    if _place_noun_after(span):
        return "place"
    if lemma and not of_complement and _agent_noun(lemma):
        return "person"  # "Wimbledon finalist MaliVai Washington"
    # the name heads an apposition that describes a person ("Hen Vipheak, former editor of ...")
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end and child.pos_ == "NOUN" and child.is_lower:
            low = child.lemma_.lower()
            if low in ORG_NOUNS:
                return "org"  # "the Sereipheap Thmei newspaper"
            if low in PLACE_NOUNS or low in FACILITY_NOUNS or low in TEAM_NOUNS:
                return None
            if low in PERSON_NOUNS or low in PERSON_TITLES or _agent_noun(low):
                return "person"
    return None


def _prev_lower(span) -> str:
    prev = span.doc[span.start - 1] if span.start > 0 else None
    return prev.lower_ if prev is not None and prev.is_lower else ""


def _place_noun_after(span) -> bool:
    """The name modifies a settlement, territory or facility noun after it ("Huize county",
    "the Pamir mountains", "Stansted airport", "the Sikhin village")."""
    doc = span.doc
    if span.end >= len(doc):
        return False
    nxt = doc[span.end]
    if not nxt.is_lower or nxt.pos_ not in {"NOUN", "PROPN"}:
        return False
    lemma = nxt.lemma_.lower()
    if lemma not in PLACE_NOUNS and lemma not in FACILITY_NOUNS and nxt.lower_ not in PLACE_NOUNS | FACILITY_NOUNS:
        return False
    return span.root.head.i == nxt.i or span.root.dep_ in {"compound", "nmod", "amod"}


def _prev_token(span, skip=frozenset({"the"})):
    i = span.start - 1
    while i >= 0 and span.doc[i].lower_ in skip:
        i -= 1
    return span.doc[i] if i >= 0 else None


def _locative(span) -> bool:
    """'in X', 'at X', 'near X': the name is where something happens."""
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in {"in", "at", "near", "outside", "inside"}:
        return True
    prev = _prev_token(span)
    return prev is not None and prev.lower_ in {"in", "at", "near"}


_VERSUS = {"v", "vs", "v.", "vs.", "versus"}


def _team_use(span) -> int:
    """How the name is used as a sports side: 2 when it is the club of a player ("Sunderland
    forward Niall Quinn", "Deportivo chairman", "Everton's Duncan Ferguson"), 1 when it is a
    competitor — of a result verb ("beat Yorkshire"), the other side of a result ("victory over
    Gloucester", "v Sussex"), next to a score — which a player can be too; else 0."""
    doc = span.doc
    root = span.root
    head = root.head
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt_i = span.end
    possessive = nxt_i < len(doc) and doc[nxt_i].text in {"'s", "’s", "'"}
    nxt_i += possessive
    nxt = doc[nxt_i] if nxt_i < len(doc) else None
    if nxt is not None and nxt.is_lower and nxt.lower_ in TEAM_ROLE_NOUNS:
        return 2
    if nxt is not None and nxt.lower_ == "team" and nxt.i + 1 < len(doc) and doc[nxt.i + 1].lower_ in {"mate", "mates"}:
        return 2  # "Shearer's Newcastle team mate"
    if possessive and nxt is not None and nxt.ent_type_ == "PERSON" and nxt.ent_iob_ == "B" \
            and nxt.i + 1 < len(doc) and doc[nxt.i + 1].ent_iob_ == "I":
        return 2  # "Everton's Duncan Ferguson": a full name owned by a side
    if root.dep_ in {"nsubj", "dobj", "nsubjpass"} and head.lemma_.lower() in SPORT_VERBS \
            and all(c.pos_ == "PROPN" for c in head.children if c.dep_ in {"nsubj", "dobj"} and c.i != root.i):
        return 1  # "Yorkshire beat Kent"; not "a storm swept up the East Coast"
    if root.dep_ == "conj" and head.dep_ in {"nsubj", "dobj"} and head.head.lemma_.lower() in SPORT_VERBS:
        return 1
    if root.dep_ == "pobj" and head.lower_ in {"over", "against", "to", "with"} | _VERSUS:
        if head.head.lemma_.lower() in SPORT_VERBS | RESULT_NOUNS or head.lower_ in _VERSUS:
            return 1
    if (prev is not None and prev.lower_ in _VERSUS) or (nxt is not None and nxt.lower_ in _VERSUS):
        return 1
    if (nxt is not None and _SCORE.fullmatch(nxt.text)) or (prev is not None and _SCORE.fullmatch(prev.text)):
        return 1
    return 0


def _conj_team_use(span) -> int:
    """A side listed with another side ("v Gloucestershire or Sussex or Surrey", "Derbyshire and
    Surrey drew"): a name coordinated with a name used as a team takes that reading."""
    root = span.root
    doc = span.doc
    others = []
    tok = root
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
        others.append(tok)
    stack = [root] + others
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ == "conj" and c not in others and c.i != root.i:
                others.append(c)
                stack.append(c)
    for t in others:
        if t.pos_ != "PROPN" or not t.text[:1].isupper():
            continue
        ent = next((e for e in doc.ents if e.start <= t.i < e.end and e.label_ in _LABELS), None)
        if ent is not None and ent.label_ == "PERSON" and len(ent) > 1:
            continue  # "beat Sampras and Andre Agassi": players, not sides
        if _team_use(ent if ent is not None else doc[t.i: t.i + 1]):
            return 1
    return 0


def _is_speaker(span) -> bool:
    root = span.root
    if root.dep_ in {"nsubj", "nsubjpass"} and root.head.lemma_ in SPEECH_LEMMAS:
        return True
    if root.dep_ == "appos" and root.head.dep_ == "nsubj" and root.head.head.lemma_ in SPEECH_LEMMAS:
        return True
    return False


def _only_modifier(span) -> bool:
    """The name is a modifier of a common noun ("Chin communities", "Trump supporters")."""
    root = span.root
    if _place_noun_after(span):
        return False  # "Huize county" names the county
    return root.dep_ in {"compound", "amod", "nmod"} and root.head.pos_ == "NOUN" and root.head.i >= span.end


@dataclass
class _Vote:
    person: float = 0.0
    place: float = 0.0
    other: float = 0.0
    strong_person: int = 0
    labels: Counter = field(default_factory=Counter)
    feats: Counter = field(default_factory=Counter)  # evidence counts, the mention classifier's input


def _evidence(key: str, mentions: list[tuple[Mention, object]], norp: set[str]) -> _Vote:
    v = _Vote()
    name = mentions[0][0].text
    place = _place(name)
    # a country or a big city "says" through its government ("Baghdad says"): no person evidence
    metonym = place is not None and (place.kind in {"country", "region"} or place.population >= 100_000)
    team = club = locative = place_noun = adjective = 0
    for m, span in mentions:
        v.labels[m.label] += 1
        loc = _locative(span)
        locative += loc
        adjective += _hyphen_adjective(span)
        use = _team_use(span) or _conj_team_use(span)
        club += use == 2
        team += use == 1
        if m.label in {"SYN", "GAZ"}:
            v.place += 1.0  # found by syntax alone ("the town of Uyo"); its noun evidence follows
        elif m.label == "PERSON":
            v.person += 1.0
        elif m.label == "BYLINE":
            v.person += 3.0
            v.strong_person += 1
        elif m.label in {"GPE", "LOC"}:
            v.place += 1.0
        elif m.label == "FAC":
            v.place += 0.5
        elif m.label == "ORG":
            v.other += 1.0
        if loc and m.label in {"FAC", "ORG"} and (place is not None or _venue_name(key)):
            v.place += 1.5  # "at Old Trafford", "in the White House": a venue is a place
        elif loc and m.label == "FAC":
            v.place += 1.0
        f = v.feats
        f["locative"] += loc
        f["team"] += use == 1
        f["club"] += use == 2
        f["title"] += _has_title_before(span)
        f["speaker"] += _is_speaker(span)
        f["modifier"] += _only_modifier(span)
        f["sent_start"] += span[0].is_sent_start
        f["in_title"] += m.start < _title_end(span.doc)
        f["bracket_after"] += span.end < len(span.doc) and span.doc[span.end].text == "("
        f["in_brackets"] += span.start > 0 and span.doc[span.start - 1].text == "(" and span.end < len(span.doc) \
            and span.doc[span.end].text == ")"
        f["number_near"] += any(t.like_num for t in span.doc[max(0, span.start - 2):span.start]) \
            or any(t.like_num for t in span.doc[span.end:span.end + 2])
        f["possessive"] += span.end < len(span.doc) and span.doc[span.end].text in {"'s", "’s"}
        f["subject"] += span.root.dep_ in {"nsubj", "nsubjpass"}
        f["object"] += span.root.dep_ in {"dobj", "pobj"}
        f["compound"] += span.root.dep_ == "compound"
        if _has_title_before(span):
            v.person += 2.0
            v.strong_person += 1
        noun = _noun_evidence(span)
        f["noun_" + str(noun)] += 1
        if noun == "person":
            v.person += 1.5
            v.strong_person += 1
        elif noun == "place":
            v.place += 1.5
            place_noun += 1
        elif noun == "team":
            club += 1
        elif noun == "org":
            v.other += 1.5
        if _is_speaker(span):
            # people and organisations speak; places speak only for their government
            if not metonym:
                v.person += 0.5 if m.label == "ORG" else 1.5
                v.strong_person += 1
                v.place -= 1.0
    v.feats["big_place"] = place is not None and (place.kind in {"country", "region"} or place.population >= 1_000_000)
    nation = place is not None and (place.kind == "country" or place.population >= 10**9)
    full_person = len(key.split()) > 1 and v.labels.get("PERSON") == len(mentions)  # "Pete Sampras beat ..."
    if (club or (team and not full_person)) and not locative and not nation and not v.strong_person:
        # a sports side named after its town or county ("Yorkshire", "Dynamo Moscow"): an
        # organisation. National sides stay places, as the gold tags them; a name also used as
        # where something happens ("In Seattle") stays a place.
        v.other += 10.0
    if place is not None:
        v.place += 1.0 if place.kind in {"country", "region"} else 0.6
        big = place.kind in {"country", "region"} or place.population >= 100_000
        if big and not v.strong_person and len(key.split()) == 1 and v.labels.get("PERSON"):
            # a known place the model called a person without any sign of one ("Manchester")
            v.place += v.person
    elif v.place and not v.person and len(key.split()) == 1 and name.istitle():
        v.place -= 0.2  # unknown single word the model called a place: keep it, but a weak one
    words = key.split()
    first_span = mentions[0][1]
    if len(words) == 1 and not v.strong_person and len(first_span) == 1 and _common_word(first_span.doc, first_span[0]):
        v.person = float("-inf")  # "Lorry driver jailed" in a title-case headline, "lorry" in the text
    if _org_like(key) or (name.isupper() and len(words) == 1 and len(name) <= 5 and "." not in name):
        v.person = float("-inf")  # organisation names, acronyms
    if words and words[-1] in _NOT_PLACE_WORDS or any(w in {"open", "cup", "games", "radio", "agency"} for w in words):
        v.place = float("-inf")
    if (key in norp and not place_noun) or is_demonym(name):
        v.person = v.place = float("-inf")
    if adjective == len(mentions) and not place_noun:
        v.place = float("-inf")  # only ever "New York-based", "Hong Kong-listed": an adjective
    if len(words) == 1 and all(span.root.tag_ == "NNPS" for _, span in mentions) and not v.strong_person:
        v.person = float("-inf")  # a plural proper noun names a group ("Azeris", "Democrats")
    if not v.strong_person and all(_only_modifier(span) for _, span in mentions):
        # used only as a modifier ("Chin communities"): trust it only when model and gazetteer agree
        if (v.labels.get("PERSON") and metonym) or (not v.labels.get("PERSON") and place is None):
            v.person = v.place = float("-inf")
    return v


def _title_end(doc) -> int:
    """Doc offset where the headline ends (the title and body are one Doc, see context.py)."""
    return doc.user_data.get("news_title_end", 0)


def mention_features(key: str, mentions: list[tuple[Mention, object]], v: _Vote, norp: set[str]) -> dict[str, float]:
    """What the mention classifier reads about one name of an article (all its mentions
    together): the model's labels, the evidence counts gathered by _evidence, the hand votes,
    the gazetteer's answer and the name's shape. Shares are over the name's mentions."""
    n = len(mentions)
    name = mentions[0][0].text
    words = key.split()
    place = _place(name)
    out: dict[str, float] = {"mentions": math.log1p(n)}
    for label in ("PERSON", "GPE", "LOC", "FAC", "ORG", "SYN", "GAZ", "BYLINE", "CAPS"):
        out["label_" + label] = v.labels.get(label, 0) / n
    for k in ("locative", "team", "club", "title", "speaker", "modifier", "sent_start", "in_title", "bracket_after",
              "in_brackets", "number_near", "possessive", "subject", "object", "compound",
              "noun_person", "noun_place", "noun_org", "noun_team"):
        out[k] = v.feats.get(k, 0) / n
        out["any_" + k] = float(v.feats.get(k, 0) > 0)
    for k, val in (("vote_person", v.person), ("vote_place", v.place), ("vote_other", v.other)):
        out[k] = max(-3.0, min(12.0, val)) / 3
        out[k + "_inf"] = float(val == float("-inf"))
    out["strong_person"] = min(v.strong_person, 5) / 5
    out["known_place"] = float(place is not None)
    for kind in ("country", "region", "city", "other"):
        out["gaz_" + kind] = float(place is not None and place.kind == kind)
    out["gaz_pop"] = math.log10(place.population + 1) / 9 if place is not None else 0.0
    out["gaz_readings"] = min(len(gazetteer.candidates(name)), 5) / 5
    out["words"] = min(len(words), 5) / 5
    out["one_word"] = float(len(words) == 1)
    out["upper"] = float(name.isupper())
    out["hyphen"] = float("-" in name)
    out["period"] = float("." in name)
    out["org_like"] = float(_org_like(key))
    out["demonym"] = float(is_demonym(name))
    out["norp"] = float(key in norp)
    out["ends_s"] = float(key.endswith("s"))
    out["venue"] = float(_venue_name(key))
    out["common_word"] = float(len(words) == 1 and _common_word(mentions[0][1].doc, mentions[0][1][0]))
    out["particle"] = float(any(w in NAME_PARTICLES for w in name.split()[1:]))
    out["not_place_word"] = float(bool(words) and words[-1] in _NOT_PLACE_WORDS)
    out["part_of_person"] = float(v.feats.get("part_of_person", 0) > 0)
    out["dateline"] = float(v.feats.get("dateline", 0) > 0)
    return out


def _settled(v: _Vote) -> bool:
    """Evidence the hand rules treat as decisive, which the learned classifier does not
    overrule: a title, a role noun, a speech verb or a byline for a person; a sports side; an
    organisation word, a nationality or an adjective use that rules a reading out."""
    inf = float("-inf")
    return v.strong_person > 0 or v.other >= 10 or v.person == inf or v.place == inf


def _decide(v: _Vote) -> str | None:
    best = max(("person", v.person), ("place", v.place), ("other", v.other), key=lambda x: x[1])
    if best[1] <= 0 or best[0] == "other":
        return None
    if best[0] == "person" and v.person == v.place:
        return "person"
    return best[0]
