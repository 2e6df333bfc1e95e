"""Units: the currency, percent sign, measure or time unit around a number, and whether it is a
year or an age."""
from __future__ import annotations

import re

from etl.extract.numbers.vocab import (
    CURRENCY_ADJECTIVES, CURRENCY_WORDS, MASS_UNITS, MEASURE_WORDS, PERCENT_WORDS, POLL_CUES, SQUARE_UNITS, SUBUNITS, TIME_WORDS, WEIGHT_CUES,
)
from etl.extract.numbers.numerals import Mention, _YEAR_SPAN, _currency_before, _scan_number, _unit_token


def _attach_unit(doc, m: Mention) -> None:
    j = _unit_token(doc, m.num_end)
    if j is None:
        return
    word = doc[j].lower_
    lemma = doc[j].lemma_.lower()
    nxt = doc[j + 1].lower_ if j + 1 < len(doc) else ""
    if word in PERCENT_WORDS or (word == "per" and nxt == "cent"):
        end = j + (2 if word == "per" else 1)
        m.unit, m.kind, m.end = "%", "percent", end
        # "3 percentage points" and "5 percent points" are percentage points
        if end < len(doc) and doc[end].lower_ in {"point", "points"}:
            m.unit, m.end = "pp", end + 1
    elif word == "percentage" and nxt in {"point", "points"}:
        m.unit, m.kind, m.end = "pp", "percent", j + 2
    elif word in {"point", "points"} and _poll_context(doc, m):
        m.unit, m.kind, m.end = "pp", "percent", j + 1  # "leads by 7 points" in a poll story
    elif _currency_after(doc, j) is not None:
        code, end = _currency_after(doc, j)
        m.unit, m.kind, m.end = code, "money", end
        if doc[j].lower_ in SUBUNITS:
            m.value /= 100
    elif word in {"square", "sq", "sq."} and j + 1 < len(doc) and _measure(doc[j + 1]) in SQUARE_UNITS:
        m.unit, m.kind, m.end = SQUARE_UNITS[_measure(doc[j + 1])], "quantity", j + 2
    elif _measure(doc[j]) is not None:
        m.unit, m.kind, m.end = _measure(doc[j]), "quantity", j + 1
    elif word in {"degree", "degrees"} and nxt in {"celsius", "centigrade", "c", "fahrenheit", "f"}:
        m.unit, m.kind, m.end = ("F" if nxt.startswith("f") else "C"), "quantity", j + 2
    elif lemma in TIME_WORDS and doc[j].ent_type_ != "ORDINAL" and not (lemma == "second" and doc[j].is_title):
        # ("June 19-23 Second test": a capitalised "Second" is an ordinal)
        m.unit, m.kind, m.end = TIME_WORDS[lemma], "duration", j + 1
        if lemma == "decade":
            m.value *= 10  # "two decades" → 20 years: the vocabulary has no decade
        old_end = _old_after(doc, j + 1)
        if old_end is not None:
            m.kind, m.end = "age", old_end
    elif j > m.num_end and doc[j].pos_ == "NOUN":
        # "a two-question referendum", "a 46-page analysis": the glued noun is part of the
        # modifier; what is counted is the noun it modifies (read by _counted)
        m.end = j + 1


def _share_range_unit(doc, m: Mention) -> None:
    """"five to six years", "27 and 29 years old", "between 10 and 20 percent": the first number
    of a range takes the unit written after the second."""
    j = m.num_end
    if j + 1 >= len(doc) or doc[j].lower_ not in {"to", "and", "or", "-", "–"}:
        return
    if doc[m.start].ent_type_ == "DATE" and re.fullmatch(r"1[5-9]\d\d|20\d\d", doc[m.start].text):
        return  # "by 2030 to 32 percent" is a year and then a level, not a range
    found = _scan_number(doc, j + 1)
    if found is None or found[1]:
        return
    other = found[0]
    if _currency_before(doc, other.start):
        return
    _attach_unit(doc, other)
    if other.unit is not None and other.kind != "money":
        m.unit, m.kind = other.unit, other.kind
        if other.unit == "year" and doc[other.num_end:other.end].text.lower().endswith("decades"):
            m.value *= 10


def _measure(tok) -> str | None:
    word = tok.lower_
    if word in MEASURE_WORDS:
        return MEASURE_WORDS[word]
    lemma = tok.lemma_.lower()
    if lemma in MEASURE_WORDS and len(lemma) > 2:  # plural "kilometres", "tonnes", "acres"
        return MEASURE_WORDS[lemma]
    if word in {"pound", "pounds"} and _weight_context(tok):
        return "lb"
    return None


def _weight_context(tok) -> bool:
    """"pounds" is a weight near a weight verb or a mass conversion ("42 kg (92 pounds)")."""
    sent = tok.sent
    if any(t.lemma_.lower() in WEIGHT_CUES for t in sent):
        return True
    return any(MEASURE_WORDS.get(t.lower_) in MASS_UNITS for t in tok.doc[max(0, tok.i - 5):tok.i])


def _currency_after(doc, j: int) -> tuple[str, int] | None:
    """Currency named after the amount: "15 million pounds", "5 Australian dollars", "215 stg"."""
    tok = doc[j]
    word = tok.lower_
    # "Australian dollars", "Swiss francs", "Hong Kong dollars"
    for n_adj in (2, 1):
        if j + n_adj < len(doc):
            adj = doc[j:j + n_adj].text.lower()
            name = doc[j + n_adj].lemma_.lower()
            if (adj, name) in CURRENCY_ADJECTIVES:
                return CURRENCY_ADJECTIVES[(adj, name)], j + n_adj + 1
    if word in {"u.s.", "us", "american"} and j + 1 < len(doc) and doc[j + 1].lemma_.lower() == "dollar":
        return "USD", j + 2
    if word in {"pound", "pounds"} and _weight_context(tok):
        return None
    if word in CURRENCY_WORDS:
        end = j + 1
        if word in {"pound", "pounds"} and end < len(doc) and doc[end].lower_ == "sterling":
            end += 1
        return CURRENCY_WORDS[word], end
    return None


def _poll_context(doc, m: Mention) -> bool:
    """"points" are percentage points in a poll story, counted points in a sports story."""
    sent = doc[m.start].sent
    window = doc[max(0, sent.start - 40):min(len(doc), sent.end + 10)]
    return any(t.lower_ in POLL_CUES for t in window)


def _old_after(doc, k: int) -> int | None:
    """End of "-old" / "old" right after a time unit ("45-year-old", "5 years old")."""
    if k < len(doc) and doc[k].text in {"-", "–"} and k + 1 < len(doc) and doc[k + 1].lower_ == "old":
        return k + 2
    if k < len(doc) and doc[k].lower_ in {"old", "-old"}:
        return k + 1
    return None


def _is_year(doc, m: Mention) -> bool:
    """"in 1951", "the 1967 Protocol", "(1996)": a calendar year, unless it counts a noun ("1951 people")."""
    tok = doc[m.start]
    if m.num_end - m.start == 1 and _YEAR_SPAN.fullmatch(tok.text):
        return True
    if m.num_end - m.start != 1 or not re.fullmatch(r"1[5-9]\d\d|20\d\d|2100", tok.text):
        return False
    if tok.ent_type_ == "DATE":
        return True
    head = tok.head
    counts_noun = (tok.dep_ == "nummod" and head.i > tok.i and head.pos_ == "NOUN" and head.tag_ in {"NNS", "NNPS"})
    return not counts_noun


def _is_age(doc, m: Mention) -> bool:
    """"Smith, 45, said", "aged 45", "age 45": an age in years."""
    tok = doc[m.start]
    if not re.fullmatch(r"\d{1,3}", tok.text) or m.end - m.start != 1 or int(tok.text) > 115:
        return False
    prev = doc[m.start - 1] if m.start > 0 else None
    nxt = doc[m.end] if m.end < len(doc) else None
    if prev is not None and prev.lower_ in {"aged", "age", "ages"}:
        return True
    # "John Smith, 45," and "Smith (45)": a number set off right after a person's name
    if prev is not None and prev.text in {",", "("} and m.start >= 2 and (
            doc[m.start - 2].ent_type_ == "PERSON" or doc[m.start - 2].pos_ == "PROPN"):
        return nxt is not None and nxt.text in {",", ")", ".", ";"}
    return False
