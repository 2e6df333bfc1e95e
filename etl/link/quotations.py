"""Quotations across reports: the batch's quotes + the quotations already known → quotation ids.

A quote's text is normalised before comparing (curly and straight marks, dashes, case and
punctuation dropped, an editor's insertion in square brackets removed, an ellipsis for an elided
passage removed) and cut into word `SHINGLE`-grams. Candidates are the known quotations sharing a
shingle (the warehouse's `quotation_index`, and the batch's earlier quotes); a candidate is the
same quotation when the shorter text is contained in the longer one — rapidfuzz `partial_ratio`
≥ `MIN_SIMILARITY` on the normalised texts, so a typo or an elided word does not split them —
and the shorter has at least `MIN_WORDS` words (a three-word phrase such as "fake news" is
repeated by many people; it is one quotation only with an exact match and the same speaker).
Two quotes that name different speaker persons are never one quotation.

The quotation's text is the fullest version seen; its id derives from the first quote that
founded it and never changes.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable, Protocol

from etl.link.names import strip_accents

SHINGLE = 4
MIN_WORDS = 6
MIN_SIMILARITY = 90.0


def normalise(text: str) -> str:
    text = strip_accents(text).casefold()
    text = re.sub(r"\[[^\]]*\]", " ", text)          # [the president]: the editor's words
    text = re.sub(r"\.\s*\.\s*\.|…", " ", text)        # an elided passage
    text = re.sub(r"[’‘`´]", "'", text)
    text = re.sub(r"'s\b", "s", text)
    return " ".join(re.findall(r"[a-z0-9]+", text))


def shingle_keys(norm: str) -> list[int]:
    w = norm.split()
    grams = {" ".join(w[i:i + SHINGLE]) for i in range(max(1, len(w) - SHINGLE + 1))} if w else set()
    return sorted(int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big", signed=True) for g in grams)


@dataclass
class QuoteRef:
    """One quotes row of the batch (its key and what linking needs)."""
    article_id: str
    section: str
    start_char: int
    end_char: int
    text: str
    speaker_person_id: str | None = None
    published: datetime | None = None
    outlet: str | None = None


@dataclass
class Quotation:
    quotation_id: str
    text: str
    speaker_person_id: str | None
    first_article_id: str
    first_outlet: str | None
    first_published: datetime | None
    articles: int = 0
    outlets: set[str] = field(default_factory=set)
    article_ids: set[str] = field(default_factory=set)   # the batch's articles only

    @property
    def norm(self) -> str:
        return normalise(self.text)


class QuotationState(Protocol):
    def quotations_by_shingle(self, keys: Iterable[int]) -> list[Quotation]: ...


class EmptyQuotationState:
    def quotations_by_shingle(self, keys):
        return []


@dataclass
class QuotationLinks:
    ids: dict[tuple[str, str, int, int], str]        # quotes key -> quotation_id
    quotations: list[Quotation]                      # new and updated quotations
    index: dict[str, list[int]]                      # quotation_id -> shingle keys to add


def _qid(q: QuoteRef) -> str:
    return "Q" + hashlib.sha256(f"quotation:{q.article_id}:{q.section}:{q.start_char}".encode()).hexdigest()[:15]


def same_quotation(a: str, b: str, speaker_a: str | None, speaker_b: str | None) -> bool:
    """Normalised texts a and b are one quotation (one contained in the other, small edits aside)."""
    from rapidfuzz import fuzz

    if speaker_a and speaker_b and speaker_a != speaker_b:
        return False
    short, long_ = sorted((a, b), key=len)
    if len(short.split()) < MIN_WORDS:
        return short == long_ and bool(speaker_a) and speaker_a == speaker_b
    return fuzz.partial_ratio(short, long_) >= MIN_SIMILARITY


def link_quotations(quotes: list[QuoteRef], state: QuotationState, merged: dict[str, str] | None = None) -> QuotationLinks:
    """Quotation ids for the batch's quotes. `merged` maps person ids this run merges away to
    their new ids, so a known quotation's speaker is compared under the id it is about to have."""
    quotes = sorted(quotes, key=lambda q: (q.published is None, str(q.published or ""), q.article_id, q.section, q.start_char))
    norms = {id(q): normalise(q.text) for q in quotes}
    keys = {id(q): shingle_keys(norms[id(q)]) for q in quotes}
    all_keys = sorted({k for ks in keys.values() for k in ks})
    by_key: dict[int, list[Quotation]] = {}
    known: dict[str, Quotation] = {}
    for qt in state.quotations_by_shingle(all_keys) if all_keys else []:
        qt.speaker_person_id = (merged or {}).get(qt.speaker_person_id, qt.speaker_person_id)
        known[qt.quotation_id] = qt
        for k in shingle_keys(qt.norm):
            by_key.setdefault(k, []).append(qt)
    ids: dict[tuple[str, str, int, int], str] = {}
    touched: dict[str, Quotation] = {}
    index: dict[str, set[int]] = {}
    for q in quotes:
        n = norms[id(q)]
        if not n:
            continue
        seen, match = set(), None
        # the candidate sharing most shingles first
        counts: dict[str, int] = {}
        for k in keys[id(q)]:
            for qt in by_key.get(k, []):
                counts[qt.quotation_id] = counts.get(qt.quotation_id, 0) + 1
        for qid in sorted(counts, key=lambda x: (-counts[x], x)):
            qt = known[qid]
            if qid in seen:
                continue
            seen.add(qid)
            if same_quotation(n, qt.norm, q.speaker_person_id, qt.speaker_person_id):
                match = qt
                break
        if match is None:
            match = Quotation(_qid(q), q.text, q.speaker_person_id, q.article_id, q.outlet, q.published)
            known[match.quotation_id] = match
        elif len(n) > len(match.norm):
            match.text = q.text        # the fullest version becomes the quotation's text
        if match.speaker_person_id is None and q.speaker_person_id:
            match.speaker_person_id = q.speaker_person_id
        if q.published and (match.first_published is None or q.published < match.first_published):
            match.first_article_id, match.first_outlet, match.first_published = q.article_id, q.outlet, q.published
        if q.article_id not in match.article_ids:
            match.article_ids.add(q.article_id)
            match.articles += 1
        if q.outlet:
            match.outlets.add(q.outlet)
        ids[(q.article_id, q.section, q.start_char, q.end_char)] = match.quotation_id
        touched[match.quotation_id] = match
        new_keys = set(keys[id(q)])
        index.setdefault(match.quotation_id, set()).update(new_keys)
        for k in new_keys:
            lst = by_key.setdefault(k, [])
            if match not in lst:
                lst.append(match)
    return QuotationLinks(ids=ids, quotations=[touched[k] for k in sorted(touched)],
                          index={k: sorted(v) for k, v in index.items()})
