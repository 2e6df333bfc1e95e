"""Bylines → authors (properly cased names with their offsets in the byline) and a wire agency.

    By ABBY LINDQVIST and COLBY HARGREAVES, Associated Press
        → authors ["Abby Lindqvist", "Colby Hargreaves"], agency "AP"
    By Ellen Marsh                              → ["Ellen Marsh"]
    Reuters staff                               → [], agency "Reuters"

A byline line must be made only of names, wire names and the reporter's job ("Staff Writer",
"in London"): "By Wednesday, the whereabouts of the hostages…" and "By contrast, …" are prose,
not bylines. Names keep every letter ("ABBY" is not "A" + "by"): the leading "By" is removed as
a word, never as letters inside a name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import regex

from etl.ingest.wires import wire_name

_LEAD = regex.compile(r"^\s*(?:(?:written|words|story|text|reporting|report)\s+)?by\b[\s:]*", regex.I)
# "in London", "for The Times", "with …" end the names of a byline part
_TAIL = regex.compile(r"\s+(?:in|at|for|from|with|special to|reporting from)\s+.*$", regex.I)
_PARTICLES = {"de", "da", "do", "dos", "das", "del", "della", "der", "den", "van", "von", "ter", "ten", "le", "la",
              "du", "di", "bin", "bint", "ibn", "al", "el", "st.", "mac", "y"}
# words of a reporter's job or desk: a part made of these is not a person
_ROLE_WORDS = {
    "staff", "writer", "writers", "reporter", "reporters", "correspondent", "correspondents", "editor", "editors",
    "columnist", "contributor", "contributing", "senior", "chief", "political", "economics", "business", "sports",
    "science", "health", "foreign", "special", "bureau", "desk", "news", "service", "team", "online", "digital",
    "producer", "analyst", "associate", "deputy", "managing", "national", "international", "diplomatic",
    "investigations", "investigative", "media", "press", "agency", "wire", "wires", "the", "our", "and",
    "newsroom", "photographer", "video", "journalist", "journalists", "affairs", "technology", "tech",
    "environment", "climate", "education", "crime", "legal", "culture", "arts", "opinion", "north", "south",
    "east", "west", "america", "europe", "asia", "africa", "washington", "london", "new", "york", "times", "post",
    "herald", "guardian", "tribune", "journal", "daily", "weekly", "magazine",
}
_NOT_NAMES = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "contrast", "comparison", "then", "now", "far", "law", "default", "way", "design", "chance",
}
_NAME_TOKEN = regex.compile(r"^(?:\p{Lu}[\p{L}\p{M}'’\-]*\.?|\p{Lu}\.(?:\p{Lu}\.)*|[\p{Ll}]+)$")
MAX_BYLINE_CHARS = 200


@dataclass(frozen=True)
class Author:
    name: str    # properly cased: "Abby Lindqvist"
    start: int   # offsets of the name as written in the byline text
    end: int


@dataclass(frozen=True)
class Byline:
    text: str
    authors: list[Author] = field(default_factory=list)
    agency: str | None = None

    @property
    def names(self) -> list[str]:
        return [a.name for a in self.authors]


def proper_case(name: str) -> str:
    """'ABBY LINDQVIST' → 'Abby Lindqvist', "O'NEILL" → "O'Neill", 'MCDONALD' → 'McDonald',
    'JEAN-PAUL DE LA CROIX' → 'Jean-Paul de la Croix'. A name already in mixed case is kept."""
    if not any(c.isupper() for c in name) or any(c.islower() for c in name):
        return name
    words = name.split()
    out = []
    for i, w in enumerate(words):
        if i > 0 and w.lower() in _PARTICLES and i < len(words) - 1:
            out.append(w.lower())
            continue
        if regex.fullmatch(r"(?:\p{Lu}\.)+", w):  # initials: "J.R."
            out.append(w)
            continue
        pieces = re.split(r"(['’\-])", w)
        cased = "".join(p[:1].upper() + p[1:].lower() if p not in "'’-" else p for p in pieces)
        if cased.startswith("Mc") and len(cased) > 3:
            cased = "Mc" + cased[2].upper() + cased[3:]
        out.append(cased)
    return " ".join(out)


def _is_name(part: str) -> bool:
    tokens = part.split()
    if not 2 <= len(tokens) <= 5 or len(part) > 60:
        return False
    if any(not _NAME_TOKEN.match(t) for t in tokens):
        return False
    lowered = [t.lower().rstrip(".") for t in tokens]
    # lower-case words only as particles inside the name ("Anneke de Wit")
    if any(t[:1].islower() and t.lower() not in _PARTICLES for t in tokens):
        return False
    if not tokens[0][:1].isupper() or not tokens[-1][:1].isupper():
        return False
    if any(t in _NOT_NAMES for t in lowered) or all(t in _ROLE_WORDS for t in lowered):
        return False
    if lowered[-1] in _ROLE_WORDS and lowered[-1] not in {"new", "york", "west", "east", "north", "south"}:
        return False
    return True


def _is_role(part: str) -> bool:
    words = [w.lower().strip(".") for w in part.split()]
    return bool(words) and all(w in _ROLE_WORDS or w in _PARTICLES for w in words)


def parse_byline(text: str, *, require_by: bool = True) -> Byline | None:
    """The byline in `text` (one line), or None when it is not one.

    With require_by (a line found in an article's body) the line must start with "By"; a byline
    from metadata (`author` fields, feed items, HTML meta) need not. Every part between separators
    must be a name, a wire or a job description, and at least one must be a name or a wire.
    """
    text = text.strip()
    if not text or "\n" in text or len(text) > MAX_BYLINE_CHARS:
        return None
    lead = _LEAD.match(text)
    if require_by and not lead:
        return None
    pos = lead.end() if lead else 0
    authors: list[Author] = []
    agency = None
    for m in regex.finditer(r"(?:[^,;|/&\s]|\s(?![-–—]\s))+", text[pos:]):
        chunk_start = pos + m.start()
        # split the chunk on "and" between names
        for piece in _split_and(m.group(), chunk_start):
            part, start = piece
            stripped = part.strip().strip(".:-–— ").strip()
            if not stripped:
                continue
            start += part.find(stripped)
            wire = wire_name(stripped)
            if wire:
                agency = agency or wire
                continue
            tail = _TAIL.search(stripped)
            name_part = stripped[: tail.start()] if tail else stripped
            name_part = name_part.rstrip(".")
            wire = wire_name(name_part)
            if wire:
                agency = agency or wire
                continue
            name_part, suffix_wire = _trim_suffix(name_part)
            agency = agency or suffix_wire
            if _is_name(name_part):
                authors.append(Author(proper_case(name_part), start, start + len(name_part)))
            elif _is_role(stripped) or (" staff" in f" {stripped.lower()}" and wire_name(stripped.lower().replace("staff", "")) is not None):
                continue
            else:
                return None
    if not authors and agency is None:
        return None
    return Byline(text=text, authors=authors, agency=agency)


def _trim_suffix(part: str) -> tuple[str, str | None]:
    """'JANE DOE Associated Press Writer' → ('JANE DOE', 'AP'); 'Jane Doe Staff Writer' →
    ('Jane Doe', None): a wire or a job written after the name without a comma."""
    tokens = part.split()
    for k in range(2, len(tokens)):
        suffix = " ".join(tokens[k:])
        wire = wire_name(suffix)
        if wire or _is_role(suffix):
            cut = part.rfind(tokens[k - 1]) + len(tokens[k - 1])
            return part[:cut], wire
    return part, None


def _split_and(chunk: str, offset: int) -> list[tuple[str, int]]:
    out, last = [], 0
    for m in regex.finditer(r"\s+(?:and|und|et|y)\s+", chunk, flags=regex.I):
        out.append((chunk[last:m.start()], offset + last))
        last = m.end()
    out.append((chunk[last:], offset + last))
    return out


def byline_from_names(names: list[str]) -> Byline | None:
    """A byline for authors a structured field lists (JSON-lines `authors`, feed items, HTML
    metadata): the text is the names joined by ", " and each author's offsets point into it.
    A wire among them becomes the agency."""
    parts: list[str] = []
    authors: list[Author] = []
    agency = None
    for raw in names:
        name = " ".join(str(raw).split())
        if not name or len(name) > 100:
            continue
        parsed = parse_byline(name, require_by=False)
        if parsed is None:
            continue
        start = sum(len(p) + 2 for p in parts)
        parts.append(parsed.text)
        for a in parsed.authors:
            if a.name not in {x.name for x in authors}:
                authors.append(Author(a.name, start + a.start, start + a.end))
        agency = agency or parsed.agency
    if not parts:
        return None
    return Byline(text=", ".join(parts), authors=authors, agency=agency)
