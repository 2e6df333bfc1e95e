"""Name structure for linking people across articles.

A name is parsed once (nameparser) into folded keys: given name, middle initials, surname,
generational suffix. All-capitals names (CoNLL headlines and sports copy: "EDBERG") are folded
to title case first, accents are dropped, punctuation and case are ignored. Given names that are
nicknames of one another (Bill / William, Bob / Robert) are equivalent through the curated lists
of the `nicknames` package.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "v"}
# particles that belong to the surname ("de Mello", "van Gaal", "bin Laden")
_PARTICLES = {"de", "da", "del", "della", "der", "di", "du", "la", "le", "van", "von", "bin", "ibn", "al", "el", "abu", "st"}


def strip_accents(text: str) -> str:
    """'Peña' -> 'Pena': NFKD, combining marks dropped (shared by every comparison in etl/link)."""
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Casefolded, accents dropped, punctuation removed, spaces single: 'Peña Nieto' -> 'pena nieto'."""
    text = strip_accents(text)
    text = re.sub(r"[’']s\b", "", text)
    text = re.sub(r"[^\w\s-]", " ", text.casefold()).replace("-", " ")
    return " ".join(text.split())


@dataclass(frozen=True)
class NameParts:
    """Folded keys of one written name. `tokens` is the whole folded name without suffix."""
    given: str          # "donald" ('' when the name is one word)
    middle: str         # initials of the middle names: "j"
    surname: str        # "trump"; for a one-word name, that word
    suffix: str         # "jr", "ii" or ''
    tokens: tuple[str, ...]

    @property
    def single(self) -> bool:
        """One word ("Clinton", "Suharto", "EDBERG"): a surname or a mononym."""
        return not self.given

    @property
    def initial_only(self) -> bool:
        return len(self.given) == 1


@lru_cache(maxsize=65536)
def parse(name: str) -> NameParts:
    from nameparser import HumanName

    text = " ".join(name.split())
    if text.isupper() and len(text) > 3:
        text = text.title()
    # "G.K. Butterfield": nameparser reads "G.K." as one token; spaced initials parse as given+middle
    text = re.sub(r"\b([A-Z])\.(?=[A-Z]\.)", r"\1. ", text)
    hn = HumanName(text)
    suffix = fold(hn.suffix).replace(" ", "")
    suffix = suffix if suffix in _SUFFIXES else ""
    first, middle, last = fold(hn.first), fold(hn.middle), fold(hn.last)
    if not last and first:   # a one-word name parses as a first name: it is the surname or mononym
        first, last = "", first
    if first in _PARTICLES and last:
        first, last = "", f"{first} {last}"
    tokens = tuple(t for t in (first + " " + middle + " " + last).split() if t)
    middle_initials = "".join(w[0] for w in middle.split())
    return NameParts(given=first, middle=middle_initials, surname=last, suffix=suffix, tokens=tokens)


@lru_cache(maxsize=1)
def _nicknamer():
    from nicknames import NickNamer

    return NickNamer()


@lru_cache(maxsize=65536)
def given_forms(given: str) -> frozenset[str]:
    """The given name with its nickname equivalents: 'bill' -> {'bill', 'william', ...}.

    Only direct canonical/nickname relations (not nicknames of nicknames), so 'ted' reaches
    'edward' and 'theodore' but not 'eddie' through them."""
    if len(given) < 2:
        return frozenset({given})
    nn = _nicknamer()
    forms = {given} | set(nn.nicknames_of(given)) | set(nn.canonicals_of(given))
    return frozenset(f.casefold() for f in forms)


def givens_compatible(a: str, b: str) -> bool:
    """Same given name, an initial of it, a nickname of it, or a transliteration / spelling
    variant of a long one (Aleksander / Alexander, Yvegeny / Yevgeny: Damerau-Levenshtein
    similarity ≥ 0.8 between names of six letters or more with the same first letter)."""
    if not a or not b:
        return False
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if b in given_forms(a) or a in given_forms(b):
        return True
    return spelling_variant(a, b)


def spelling_variant(a: str, b: str) -> bool:
    from rapidfuzz.distance import DamerauLevenshtein

    return (min(len(a), len(b)) >= 6 and a[0] == b[0]
            and DamerauLevenshtein.normalized_similarity(a, b) >= 0.8)


def full_compatible(a: NameParts, b: NameParts) -> bool:
    """Two full names (given + surname) that can be one person: same surname and suffix,
    compatible given names and no contradicting middle initial ("Donald J. Trump" = "Donald
    Trump"; "Donald Trump Jr." ≠ "Donald Trump"; "Bill Clinton" = "William J. Clinton")."""
    if a.surname != b.surname or a.suffix != b.suffix:
        return False
    if not givens_compatible(a.given, b.given):
        return False
    if a.middle and b.middle and a.middle[0] != b.middle[0]:
        return False
    return True


def short_form_of(short: NameParts, full: NameParts) -> bool:
    """`short` is how a text refers to `full` by surname alone: "Clinton" for "Bill Clinton",
    "Suu Kyi" for "Aung San Suu Kyi" (the trailing words of the full name)."""
    n = len(short.tokens)
    if not n or n >= len(full.tokens):
        return False
    return full.tokens[-n:] == short.tokens or (n == 1 and short.tokens[0] == full.surname)


@lru_cache(maxsize=65536)
def is_given_name(token: str) -> bool:
    """A word the nickname lists know as an English given name ('hillary', 'john', 'washington')."""
    nn = _nicknamer()
    return len(token) > 1 and bool(nn.nicknames_of(token) or nn.canonicals_of(token))


def extends(longer: NameParts, person: NameParts) -> bool:
    """`longer` is `person`'s full name with words in front that are no given name: an epithet or
    a title the extractor kept ("Crooked Hillary Clinton", "Rip Donald Trump"), or the rest of a
    name written in full ("Aung San Suu Kyi" for "Suu Kyi"). "John Paul Jones" does not extend
    "Paul Jones": John is a given name."""
    n = len(person.tokens)
    if n < 2 or len(longer.tokens) <= n or longer.suffix != person.suffix or longer.tokens[-n:] != person.tokens:
        return False
    return not any(is_given_name(t) for t in longer.tokens[:-n])
