"""Person identity across articles: the batch's people rows + the persons already known → person ids.

How a mention is linked (the `people.person_link` column says which rule did it):
- ``same-name``   a full name (given name + surname) equal, after folding, to a known person's;
- ``name-variant`` a full name compatible with one known person's: nickname (Bill / William),
                  an added or dropped middle initial (Donald J. Trump / Donald Trump), an initial
                  for the given name when only one person fits;
- ``surname``     a surname-only mention ("Clinton", "EDBERG", "Suu Kyi") resolved against the
                  full-name persons it can be short for, by who else the article mentions
                  (naive Bayes over co-mentions in the warehouse and the batch) and how often each
                  candidate is named; linked only when one candidate holds ≥ `SURNAME_CONFIDENCE`
                  of the posterior;
- ``mononym``     a one-word name that no full-name person can be short for ("Suharto"): one
                  person across articles;
- ``new``         a full name no known person fits: a new person;
- ``ambiguous``   a surname-only mention that fits several people and the context cannot decide:
                  a person of its own in this article (a wrong merge costs analysts more than a
                  missed one).
Different generational suffixes never link (Donald Trump / Donald Trump Jr.), nor do different
given names that are not nicknames of one another (Bill / Hillary / Chelsea Clinton; Rafael /
Ted Cruz).

Ids are stable: a person's id is derived from the first name it was created under and never
changes; when a later run shows that a mononym person created earlier is the short form of a full
name (a "Clinton" seen before any "Bill Clinton"), the old id is merged into the new one and the
merge returned, so the load rewrites the old id in the same snapshot and records it in
`person_merges`.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable, Protocol

from etl.link.names import NameParts, extends, full_compatible, is_given_name, parse, short_form_of

SURNAME_CONFIDENCE = 0.9
# log-odds added for a candidate seen with the mention's role ("President Clinton")
ROLE_BONUS = math.log(5)
# how strongly a bare surname means the most-named person of that surname: the prior is
# (articles + 1) ** PRIOR_POWER. Above 1 because an article that writes only "Clinton" assumes
# the reader needs no introduction, which holds for the famous one (tuned on conll-train).
PRIOR_POWER = 2.0
_DEBUG = False
# smoothing of co-mention counts in the naive Bayes context score
CO_PRIOR = 0.3


@dataclass
class KnownPerson:
    """A person as the linker sees it: identity keys plus the few counts the scoring needs."""
    person_id: str
    name: str
    kind: str                 # full, mononym or ambiguous
    articles: int = 0
    aliases: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    quotes: int = 0
    new: bool = False         # created by this batch
    touched: bool = False     # gets a new persons row from this batch

    @property
    def parts(self) -> NameParts:
        return parse(self.name)


class PersonState(Protocol):
    """What the linker needs to know about the warehouse, asked in bounded pieces."""

    def persons_by_surname(self, surnames: Iterable[str]) -> list[KnownPerson]: ...

    def co_mentions(self, person_ids: Iterable[str], context_ids: Iterable[str]) -> dict[tuple[str, str], int]: ...

    def merged_ids(self, person_ids: Iterable[str]) -> dict[str, str]: ...


class EmptyState:
    def persons_by_surname(self, surnames):
        return []

    def co_mentions(self, person_ids, context_ids):
        return {}

    def merged_ids(self, person_ids):
        return {}


@dataclass
class Mention:
    """One people row of the batch."""
    article_id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    published: datetime | None = None
    quotes: int = 0


@dataclass
class Merge:
    old_id: str
    new_id: str
    reason: str


@dataclass
class PersonLinks:
    ids: dict[tuple[str, str], str]          # (article_id, name) -> person_id
    methods: dict[tuple[str, str], str]      # (article_id, name) -> link rule
    persons: list[KnownPerson]               # rows to write (new and updated persons)
    merges: list[Merge]


def _role_word(role: str | None) -> str:
    """The head word of a role, folded: 'U.S. President' -> 'president'."""
    if not role:
        return ""
    words = re.sub(r"[^\w\s]", " ", role.split("(")[0].casefold()).split()
    return words[-1] if words else ""


def _pid(kind: str, key: str) -> str:
    return "P" + hashlib.sha256(f"{kind}:{key}".encode()).hexdigest()[:15]


def surname_key(name: str) -> str:
    """The key persons are stored and looked up under: the last word of the folded name."""
    tokens = parse(name).tokens
    return tokens[-1] if tokens else ""


def link_people(mentions: list[Mention], state: PersonState) -> PersonLinks:
    """Person ids for every mention of the batch, deterministic for the same batch and state."""
    mentions = sorted(mentions, key=lambda m: (str(m.published or ""), m.article_id, m.name))
    parsed = {m.name: parse(m.name) for m in mentions}
    parsed = {n: p for n, p in parsed.items() if p.tokens}
    keys = {p.tokens[-1] for p in parsed.values()}
    known: dict[str, KnownPerson] = {k.person_id: k for k in state.persons_by_surname(sorted(keys))}
    by_surname: dict[str, list[KnownPerson]] = defaultdict(list)
    for k in known.values():
        by_surname[k.parts.tokens[-1]].append(k)

    ids: dict[tuple[str, str], str] = {}
    methods: dict[tuple[str, str], str] = {}
    batch_articles: dict[str, set[str]] = defaultdict(set)   # person -> batch articles
    context: dict[str, set[str]] = defaultdict(set)          # article -> full-name persons in it

    def register(m: Mention, person: KnownPerson, method: str) -> None:
        ids[(m.article_id, m.name)] = person.person_id
        if m.role:
            person.roles.add(f"{m.role} ({str(m.published)[:10]})" if m.published else m.role)
        methods[(m.article_id, m.name)] = method
        person.touched = True
        batch_articles[person.person_id].add(m.article_id)

    # 1. full names, shortest first (so "Hillary Clinton" exists before "Crooked Hillary Clinton"
    #    is read): exact or compatible known person, else a new one
    for m in sorted(mentions, key=lambda m: len(parsed[m.name].tokens) if m.name in parsed else 0):
        p = parsed.get(m.name)
        if p is None or p.single:
            continue
        cands = [k for k in by_surname.get(p.tokens[-1], []) if k.kind == "full" and full_compatible(p, k.parts)]
        exact = [k for k in cands if k.parts.tokens == p.tokens and k.parts.suffix == p.suffix]
        if exact:
            person, method = max(exact, key=lambda k: (k.articles + len(batch_articles[k.person_id]), k.person_id)), "same-name"
        elif cands and (len({k.parts.given for k in cands}) == 1 or not p.initial_only):
            person, method = max(cands, key=lambda k: (k.articles + len(batch_articles[k.person_id]), k.person_id)), "name-variant"
        elif longer := [k for k in by_surname.get(p.tokens[-1], []) if k.kind == "full" and extends(p, k.parts)]:
            person, method = max(longer, key=lambda k: (len(k.parts.tokens), k.articles + len(batch_articles[k.person_id]), k.person_id)), "name-variant"
        elif not is_given_name(p.given) and any(k.kind == "full" and short_form_of(p, k.parts) for k in by_surname.get(p.tokens[-1], [])):
            continue  # "Suu Kyi" for a known "Aung San Suu Kyi": a short form, resolved with the surnames
        else:
            pid = _pid("full", " ".join(p.tokens) + (" " + p.suffix if p.suffix else ""))
            person = KnownPerson(pid, m.name, "full", new=True)
            known[pid] = person
            by_surname[p.tokens[-1]].append(person)
            method = "new"
        register(m, person, method)
        context[m.article_id].add(person.person_id)

    # 2. a mononym person known from earlier runs that a full name of this batch shows to be a
    #    surname (the only full-name person it can be short for): merge it into that person
    merges: list[Merge] = []
    merged_into: dict[str, str] = {}
    for k in [k for k in known.values() if k.kind == "mononym" and not k.new]:
        fulls = [f for f in by_surname.get(k.parts.tokens[-1], []) if f.kind == "full" and short_form_of(k.parts, f.parts)]
        if len(fulls) == 1 and fulls[0].new:
            f = fulls[0]
            merges.append(Merge(k.person_id, f.person_id, f"'{k.name}' is the short form of '{f.name}', the only person it fits"))
            merged_into[k.person_id] = f.person_id
            f.articles += k.articles
            f.quotes += k.quotes
            f.aliases |= k.aliases | {k.name}
            f.roles |= k.roles
            f.first_seen = min(filter(None, [f.first_seen, k.first_seen]), default=None)
            f.last_seen = max(filter(None, [f.last_seen, k.last_seen]), default=None)
    for old in merged_into:
        known.pop(old)
        for lst in by_surname.values():
            lst[:] = [k for k in lst if k.person_id != old]

    # 3. surname-only mentions, by context
    singles = [m for m in mentions if m.name in parsed and (m.article_id, m.name) not in ids]
    cand_of: dict[str, list[KnownPerson]] = {}
    for m in singles:
        p = parsed[m.name]
        if m.name not in cand_of:
            cand_of[m.name] = [k for k in by_surname.get(p.tokens[-1], []) if k.kind == "full" and short_form_of(p, k.parts)]
    need = {k.person_id for c in cand_of.values() if len(c) > 1 for k in c}
    ctx_ids = set().union(*context.values()) if context else set()
    co = Counter(state.co_mentions(sorted(need), sorted(ctx_ids))) if need and ctx_ids else Counter()
    for art, persons in context.items():
        for a in persons:
            if a in need:
                for b in persons:
                    if b != a:
                        co[(a, b)] += 1
    for m in singles:
        p = parsed[m.name]
        cands = cand_of[m.name]
        if len(cands) == 1:
            register(m, cands[0], "surname")
            continue
        if cands:
            # context: the article's other people that any candidate was seen with (someone none
            # of them was ever named beside says nothing about which one this is)
            ctx = [c for c in sorted(context.get(m.article_id, set()))
                   if c not in {k.person_id for k in cands} and any(co[(k.person_id, c)] for k in cands)]
            role = _role_word(m.role)
            scores = {}
            for k in cands:
                n = k.articles + len(batch_articles[k.person_id])
                s = PRIOR_POWER * math.log(n + 1)
                for c in ctx:
                    s += math.log((co[(k.person_id, c)] + CO_PRIOR) / (n + 1))
                if role and role in {_role_word(r) for r in k.roles}:
                    s += ROLE_BONUS
                scores[k.person_id] = s
            top = max(scores.values())
            z = sum(math.exp(v - top) for v in scores.values())
            best = max(scores, key=lambda pid: (scores[pid], pid))
            if 1.0 / z >= SURNAME_CONFIDENCE:
                register(m, known[best], "surname")
                continue
            pid = _pid("ambiguous", f"{m.article_id}:{m.name}")
            person = known.setdefault(pid, KnownPerson(pid, m.name, "ambiguous", new=True))
            register(m, person, "ambiguous")
            continue
        if is_given_name(p.tokens[-1]) and len(p.tokens) == 1:
            # "James", "Hillary" alone: a first name, too thin to link across articles
            pid = _pid("ambiguous", f"{m.article_id}:{m.name}")
            person = known.setdefault(pid, KnownPerson(pid, m.name, "ambiguous", new=True))
            register(m, person, "first-name")
            continue
        # no full name fits: a mononym, one person across articles
        mono = [k for k in by_surname.get(p.tokens[-1], []) if k.kind == "mononym" and k.parts.tokens == p.tokens]
        if mono:
            register(m, mono[0], "mononym")
            continue
        pid = _pid("mononym", " ".join(p.tokens))
        moved = state.merged_ids([pid]).get(pid)
        if moved:  # this mononym was merged into a full name earlier, and now fits several: on its own
            pid = _pid("ambiguous", f"{m.article_id}:{m.name}")
        person = known.setdefault(pid, KnownPerson(pid, m.name, "mononym" if not moved else "ambiguous", new=True))
        by_surname[p.tokens[-1]].append(person)
        register(m, person, "mononym" if not moved else "ambiguous")

    # names nameparser could not read at all (no letters): a person of their own
    for m in mentions:
        if (m.article_id, m.name) not in ids:
            pid = _pid("ambiguous", f"{m.article_id}:{m.name}")
            person = known.setdefault(pid, KnownPerson(pid, m.name, "ambiguous", new=True))
            register(m, person, "ambiguous")

    # what the batch adds to each person it touched
    for m in mentions:
        person = known[ids[(m.article_id, m.name)]]
        person.aliases.add(m.name)
        person.aliases.update(m.aliases or [])
        if m.published:
            person.first_seen = min(filter(None, [person.first_seen, m.published]))
            person.last_seen = max(filter(None, [person.last_seen, m.published]))
        person.quotes += m.quotes
        # a fuller written form becomes the canonical name ("Donald J. Trump" over "Donald Trump"),
        # not one with an initial for the given name ("B. Hussein Obama")
        if (person.kind == "full" and len(parse(m.name).tokens) > len(person.parts.tokens)
                and not parse(m.name).initial_only and full_compatible(parse(m.name), person.parts)):
            person.name = m.name
    for pid, arts in batch_articles.items():
        known[pid].articles += len(arts)
    touched = [k for k in known.values() if k.touched or k.person_id in merged_into.values()]
    return PersonLinks(ids=ids, methods=methods, persons=sorted(touched, key=lambda k: k.person_id), merges=merges)
