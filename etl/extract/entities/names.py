"""Name parts: cleaning a name to its key, the words at its edges (titles, particles,
descriptions, credentials, scores), the mention record, and what the name's own words say
(an organisation word, a nationality, an acronym, a known place)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from etl.extract.entities import gazetteer
from etl.extract.entities.vocab import (  # noqa: F401
    FACILITY_NOUNS, MORE_TITLES, NAME_PARTICLES, ORG_NOUNS, ORG_WORDS, PERSON_NOUNS, PERSON_TITLES, PLACE_NOUNS, TEAM_NOUNS, TEAM_ROLE_NOUNS, VENUE_WORDS,
)


_DEMONYM_ENDINGS = ("an", "ans", "ian", "ians", "ese", "i", "is", "ish", "ic", "en", "ens", "on",
                    "ons", "k", "ks", "er", "ers", "ite", "ites", "ean", "eans")


_TRIM = re.compile(r"^(?:the\s+)|(?:['’]s|['’])$", re.I)


_SPLIT_TOKENS = {"-", "–", "—", "--", "(", ")", "[", "]", "|", "/", ":", ";", "\"", "“", "”", "`", "``", "''"}


_LABELS = {"PERSON", "GPE", "LOC", "FAC", "ORG"}


_INITIALS = re.compile(r"(?:^|[\s.])[A-Za-z]\.$")  # "U.S.", "N.H.", "George W."


def clean_name(text: str) -> str:
    text = " ".join(text.split())
    text = _TRIM.sub("", text).strip(" ,;:-–—\"“”'‘’()`")
    text = _TRIM.sub("", text).strip(" ,;:-–—\"“”'‘’()`")
    while text.endswith(".") and not _INITIALS.search(text):
        text = text[:-1].rstrip()
    text = text.lstrip(".").strip()
    return text


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    return gazetteer.key(clean_name(text))


@dataclass
class Mention:
    start: int  # doc char offsets of the cleaned name
    end: int
    text: str
    label: str  # model label (or "CAPS" for a headline match)


_AGENT_SUFFIXES = ("ist", "ian", "itor", "ator", "man", "woman", "eer", "ster")


_NOT_AGENT = {"human", "german", "roman", "woman"}


def _agent_noun(lemma: str) -> bool:
    """A common noun for a person by its form: 'finalist', 'editor', 'legislator', 'congressman',
    'historian', 'engineer', 'youngster'. Only read where syntax already ties it to a name."""
    if lemma in ORG_NOUNS or lemma in PLACE_NOUNS or lemma in FACILITY_NOUNS or lemma in TEAM_NOUNS:
        return False
    if lemma in TEAM_ROLE_NOUNS or lemma in {"seed", "veteran", "rookie", "newcomer", "champion"}:
        return True
    return len(lemma) > 5 and lemma.endswith(_AGENT_SUFFIXES) and lemma not in _NOT_AGENT


def _hyphen_adjective(span) -> bool:
    """'New York-based', 'Hong Kong-listed': the name is glued into an adjective."""
    doc = span.doc
    i = span.end
    return (i + 1 < len(doc) and doc[i].text == "-" and not doc[i - 1].whitespace_
            and not doc[i].whitespace_ and doc[i + 1].is_lower)


def _venue_name(key: str) -> bool:
    words = key.split()
    return len(words) >= 2 and words[-1] in VENUE_WORDS


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return name.isupper() and len(letters) <= 3 and "." not in name


@lru_cache(maxsize=4096)
def _place(name: str) -> gazetteer.Place | None:
    if _is_acronym(name) and gazetteer.key(name) not in {"us", "uk", "usa"}:
        return None
    return gazetteer.lookup(name)


@lru_cache(maxsize=1)
def _country_region_keys() -> tuple[str, ...]:
    idx = gazetteer._index()
    return tuple(k for k, ps in idx.items() if ps[0].kind in {"country", "region"} and len(k) >= 5 and " " not in k)


@lru_cache(maxsize=4096)
def is_demonym(name: str) -> bool:
    """'Tajik', 'Azeris', 'Briton', 'Chechens', 'Sri Lankan': a word for a people, from the
    gazetteer's demonyms or formed from a place name."""
    if not name[:1].isupper():
        return False
    if gazetteer.key(name) in gazetteer.demonyms():
        return True
    if " " in name or _place(name) is not None:
        return False
    low = gazetteer.key(name)
    if not low.endswith(_DEMONYM_ENDINGS) or len(low) < 4:
        return False
    stem = low[:-1] if low.endswith("s") else low
    for k in _country_region_keys():
        n = 0
        for a, b in zip(stem, k):
            if a != b:
                break
            n += 1
        if n >= 4 and n >= len(stem) - 3 and k != stem:
            return True
    return False


def _org_like(key: str) -> bool:
    return any(w in ORG_WORDS for w in key.split())


def _in_ranges(start: int, end: int, ranges) -> bool:
    return any(s <= start and end <= e for s, e in ranges) or any(s < end and start < e for s, e in ranges)


def _is_break(tok) -> bool:
    """A token that separates two names inside one model span: a free-standing dash, a bracket,
    a quotation mark, a line break ("GERMANY - Bunds", "(Jerry) Koosman")."""
    if "\n" in tok.text or tok.is_space:
        return True
    if tok.text in {"-", "–", "—", "--"}:
        doc = tok.doc
        spaced_before = tok.i > 0 and bool(doc[tok.i - 1].whitespace_)
        return bool(tok.whitespace_) or spaced_before or tok.text != "-"
    return tok.text in _SPLIT_TOKENS


def _attached(tok) -> bool:
    """Joined to a neighbour by a hyphen ("Young-hoon", "al-Saadani")."""
    doc = tok.doc
    before = tok.i > 0 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_ and tok.i > 1 and not doc[tok.i - 2].whitespace_
    after = tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-" and not tok.whitespace_ and not doc[tok.i + 1].whitespace_
    return before or after


def _pieces(span):
    """Split a span at free-standing dashes, brackets, quotation marks and line breaks."""
    piece = []
    for tok in span:
        if _is_break(tok):
            if piece:
                yield piece
            piece = []
        else:
            piece.append(tok)
    if piece:
        yield piece


def _trim(toks, person: bool = False):
    """Drop lower-case, numeric and punctuation words at the edges ("broker Khurshid Alam",
    "Jiangsu province", "Gordon Durie 75th"), keeping hyphen-joined parts ("Kim In-so")."""
    def keep(t):
        return t.text[:1].isupper() or _attached(t)

    def particle_before_name(j):
        # "van der Heijden", "de la Fuente": lower-case particles that open a surname
        while j < len(toks) and toks[j].lower_ in NAME_PARTICLES:
            j += 1
        return 0 < j < len(toks) and toks[j].text[:1].isupper()
    while toks and not keep(toks[0]) and not particle_before_name(0):
        toks = toks[1:]
    # a capitalised common noun, title, nationality or participle opening a longer span ("Broker
    # Khurshid Alam", "Spaniard Carlos Sainz", "Unseeded Patrick Rafter", "Sergeant Dave Pearson")
    while len(toks) >= 2 and toks[1].text[:1].isupper() and not _attached(toks[0]) and _describes(toks[0], person):
        toks = toks[1:]
    while toks and not keep(toks[-1]) and toks[-1].text not in {"'s", "’s", "."}:
        toks = toks[:-1]
    return toks


def _describes(tok, person: bool = True) -> bool:
    """A word written before a name that describes the person, not part of the name: a title
    ("Sgt", "Archbishop"), a role or kin noun ("Broker", "winger"), a nationality ("Spaniard",
    "Belgian"), or a participle or adjective opening the sentence ("Unseeded", "Joining")."""
    low = tok.lower_.rstrip(".")
    if low in PERSON_TITLES or low in PERSON_NOUNS:
        return True
    if not person:
        return False  # "Czech Republic", "Indian Ocean": a nationality opens many place names
    if low in MORE_TITLES or low in TEAM_ROLE_NOUNS:
        return True
    if low in gazetteer.demonyms() or (tok.ent_type_ == "NORP" and is_demonym(tok.text)):
        return True
    if tok.is_lower and (tok.pos_ in {"NOUN", "ADJ", "VERB"} or _agent_noun(low)):
        return True
    return tok.is_sent_start and tok.tag_ in {"VBG", "VBN", "JJ"} and not tok.is_upper


def _mention(doc, toks, label) -> tuple[Mention, object] | None:
    # scores and counts at the edges belong to a results table, not to the name ("Anne Miller 6")
    while toks and (toks[-1].like_num or toks[-1].text in {"-", "–"}):
        toks = toks[:-1]
    while toks and (toks[0].like_num or toks[0].text in {"-", "–"}):
        toks = toks[1:]
    if not toks:
        return None
    span = doc[toks[0].i: toks[-1].i + 1]
    raw = span.text
    name = clean_name(raw)
    if not name or not any(ch.isalpha() for ch in name):
        return None
    offset = raw.find(name)
    start = span.start_char + max(offset, 0)
    return Mention(start, start + len(name), name, label), span


# Entity labels the small model gives place names by mistake ("Cyprus" PRODUCT, "Wimbledon"
# EVENT); a name it labelled a person or an organisation keeps that reading.
def _after_name(span) -> bool:
    """The span follows a person's name or another credential and a comma ("Brandt, M.S.")."""
    doc = span.doc
    i = span.start - 1
    if i < 1 or doc[i].text != ",":
        return False
    prev = doc[i - 1]
    return prev.ent_type_ == "PERSON" or bool(_CREDENTIAL.fullmatch(doc[i - 1].text)) or (
        prev.pos_ == "PROPN" and prev.ent_type_ not in {"GPE", "LOC", "FAC"})


_CREDENTIAL = re.compile(r"(?:[A-Z][A-Za-z]?\.){1,4}|(?:MBA|PhD|MD|DDS|CPA|RN|Esq|OBE|MBE|CBE|KBE|QC|KC)\.?")


_LOOSE_LABELS = {"", "PRODUCT", "EVENT", "WORK_OF_ART", "LANGUAGE", "LAW"}


def _common_word(doc, tok) -> bool:
    """A capitalised word the article also writes in lower case ("Clinton Campaign Reportedly
    ..." in a title-case headline, beside "the campaign" in the text) is not part of a name."""
    if _attached(tok):
        return False  # "Li In-mo"
    if tok.is_stop:
        return True
    return tok.lower_ in _lower_words(doc)


def _lower_words(doc) -> set[str]:
    """The words the article writes in lower case, computed once per Doc."""
    words = doc.user_data.get("news_lower_words")
    if words is None:
        words = doc.user_data["news_lower_words"] = {t.lower_ for t in doc if t.is_lower}
    return words
