"""Numerals: finding where a number starts and ends in the parse and reading its value (digits,
spaced and Indian groups, words, multipliers, fractions, vague magnitudes), and dropping what is
numeric only in form (dates, clock times, ordinals, identifiers, phone numbers)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from etl.extract.numbers.numparse import (
    NUMBER_WORDS, SCALES, SHORT_SCALES, VAGUE, can_follow, parse_digits, parse_number,
)
from etl.extract.numbers.vocab import (
    CLOCK_WORDS, CURRENCY_SYMBOLS, DOLLAR_PREFIXES, FRACTION_WORDS, GROUP_WORDS, IDENTIFIER_CUES, ISO_CODES, MONTHS, NAME_ENTITIES,
)


@dataclass
class Mention:
    start: int  # first token (currency symbol or qualifier-free start of the expression)
    end: int  # one past the last token
    value: float
    unit: str | None = None
    kind: str = "count"
    qualifier: str | None = None
    approximate: bool = False
    counts: str | None = None
    num_end: int = 0  # one past the last token of the number itself (before a unit)


def _is_digits(tok) -> bool:
    return parse_digits(tok.text) is not None


def _glued_scale(tok) -> float | None:
    """'2bn', '3.5mln', '10k' written as one token."""
    m = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)([a-z]+)", tok.lower_)
    if m and m.group(2) in SHORT_SCALES:
        return parse_number(tok.lower_)
    return None


def _scan_number(doc, i: int) -> tuple[Mention, bool] | None:
    """The number starting at token i, and whether it is a vague magnitude ("hundreds of")."""
    tok = doc[i]
    low = tok.lower_
    if low in VAGUE:
        return _scan_vague(doc, i)
    if low in {"a", "an"} and i + 2 < len(doc) and doc[i + 1].lower_ in GROUP_WORDS and doc[i + 2].lower_ == "of":
        # "a couple of years", "a trio of Olympic champions"
        return Mention(i, i + 2, float(GROUP_WORDS[doc[i + 1].lower_]), num_end=i + 2), False
    if low in {"a", "an"} and i + 1 < len(doc) and doc[i + 1].lower_ in SCALES.keys() | {"dozen"}:
        # "a million people", "a dozen": the article means one of the scale
        end = _extend_words(doc, i + 1)
        return Mention(i, end, parse_number("one " + doc[i + 1:end].text) or 0.0, num_end=end), False
    if low == "half" and i + 2 < len(doc) and doc[i + 1].lower_ in {"a", "an"} and doc[i + 2].lower_ in SCALES.keys() | {"dozen"}:
        # "half a million spectators", "half a dozen": half of the scale, one number
        end = _extend_words(doc, i + 2)
        value = parse_number("one " + doc[i + 2:end].text)
        return (Mention(i, end, value / 2, num_end=end), False) if value is not None else None
    year = _YEAR_SPAN.fullmatch(tok.text)
    if year:
        # "2021–22" (a financial or season year: the first year), "the 1960s" (a decade: its first year)
        return Mention(i, i + 1, float(year.group(1) or year.group(2)), num_end=i + 1), False
    glued = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)([mb])\.?", low)  # "1B." at a sentence end is one token
    if glued and _currency_before(doc, i):
        value = parse_number(glued.group(1) + (" million" if glued.group(2) == "m" else " billion"))
        return (Mention(i, i + 1, value, num_end=i + 1), False) if value is not None else None
    if _is_digits(tok) or _glued_scale(tok) is not None:
        end = groups = _spaced_groups(doc, i) if _glued_scale(tok) is None else i + 1
        if _glued_scale(tok) is None:
            while end < len(doc) and (doc[end].lower_ in SHORT_SCALES or (doc[end].lower_ == "m" and _currency_before(doc, i))):
                end += 1  # "1.5 million", "$5 m", "1.1 lakh crore"
        text = " ".join(["".join(t.lower_ for t in doc[i:groups])] + [t.lower_ for t in doc[groups:end]])
        value = parse_number(text.replace(" m", " million")) if text.endswith(" m") else parse_number(text)
        if value is not None:
            end, value = _and_a_half(doc, end, value)
        return (Mention(i, end, value, num_end=end), False) if value is not None else None
    if low in NUMBER_WORDS and low not in SCALES:
        end = _extend_words(doc, i)
        words = doc[i:end].text
        # "one" alone means a single thing ("one of the men"): optional in the gold, so skipped
        if low == "one" and end == i + 1 and not _and_a_half(doc, end, 1.0)[0] > end:
            return None
        value = parse_number(words)
        if value is not None:
            end, value = _and_a_half(doc, end, value)
        return (Mention(i, end, value, num_end=end), False) if value is not None else None
    return None


_YEAR_SPAN = re.compile(r"(1[5-9]\d\d|20\d\d)[–-]\d\d|(1[5-9]\d0|20\d0)[’']?s")


def _spaced_groups(doc, i: int) -> int:
    """End of a number whose thousands are grouped by spaces, as SI and Australian style write
    them ("2 150 000", "$1 310 million"; no-break and narrow no-break spaces are plain spaces by
    now): a group of 1-3 digits, then groups of exactly three digits one space apart. A run that
    goes on with a group of another length is a phone or reference number, left alone."""
    first = doc[i].text
    if not re.fullmatch(r"[1-9]\d{0,2}", first) or (i > 0 and doc[i - 1].text.startswith("+")):
        return i + 1
    end = i + 1
    while end < len(doc) and doc[end - 1].whitespace_ == " " and re.fullmatch(r"\d{3}(?:\.\d+)?", doc[end].text):
        end += 1
        if "." in doc[end - 1].text:
            break
    if end < len(doc) and doc[end - 1].whitespace_ == " " and re.fullmatch(r"\d+", doc[end].text):
        return i + 1  # "171 542 8062"
    return end


_HALF = ("and", "a", "half")


def _and_a_half(doc, end: int, value: float) -> tuple[int, float]:
    """"two and a half years", "two-and-a-half-year", "one and a half million": +0.5 (of the
    scale, when one follows)."""
    j, k = end, 0
    while j < len(doc) and k < 3:
        if doc[j].text in {"-", "–"} and not doc[j - 1].whitespace_:
            j += 1
            continue
        if doc[j].lower_ != _HALF[k] and not (k == 1 and doc[j].lower_ == "an"):
            return end, value
        j, k = j + 1, k + 1
    if k < 3:
        return end, value
    if j < len(doc) and doc[j].lower_ in SCALES and doc[j].lower_ != "hundred":
        return j + 1, (value + 0.5) * SCALES[doc[j].lower_]
    return j, value + 0.5


def _extend_words(doc, i: int) -> int:
    """End of a run of number words that form one number: "forty-three", "two hundred and five",
    "1.5 million"; stops before "three one-day" would merge two numbers."""
    end = i + 1
    while end < len(doc):
        last = doc[end - 1].lower_
        nxt = doc[end]
        # "forty-three": tokens "forty" "-" "three" with no spaces
        if nxt.text in {"-", "–"} and end + 1 < len(doc) and not doc[end - 1].whitespace_ and not nxt.whitespace_ \
                and can_follow(last, doc[end + 1].lower_):
            end += 2
            continue
        # "two hundred and five"
        if nxt.lower_ == "and" and last == "hundred" and end + 1 < len(doc) and can_follow(last, doc[end + 1].lower_):
            end += 2
            continue
        if nxt.lower_ in NUMBER_WORDS and can_follow(last, nxt.lower_):
            end += 1
            continue
        break
    return end


def _scan_vague(doc, i: int) -> tuple[Mention, bool] | None:
    """"hundreds of refugees" → 100; "tens of thousands" → 10,000; "thousands marched" → 1000."""
    low = doc[i].lower_
    has_of = i + 1 < len(doc) and doc[i + 1].lower_ == "of"
    if i > 0 and (_is_digits(doc[i - 1]) or doc[i - 1].lower_ in NUMBER_WORDS):
        return None  # "two thousands" is not vague
    if low in {"scores", "tens"} and not has_of:
        return None  # "the scores", "tens" alone are not magnitudes
    if not has_of and doc[i].pos_ not in {"NOUN", "NUM"}:
        return None
    value, end = float(VAGUE[low]), i + 1
    # "tens of thousands", "hundreds of millions"
    if has_of and i + 2 < len(doc) and doc[i + 2].lower_ in VAGUE and VAGUE[doc[i + 2].lower_] > value:
        value, end = value * VAGUE[doc[i + 2].lower_], i + 3
    return Mention(i, end, value, num_end=end), True


def _is_not_a_quantity(doc, m: Mention) -> bool:
    return (_is_fraction(doc, m) or _is_ordinal_or_clock(doc, m) or _is_day_of_month(doc, m) or _in_name(doc, m)
            or _is_identifier(doc, m) or _in_digit_run(doc, m))


def _is_fraction(doc, m: Mention) -> bool:
    j = _unit_token(doc, m.num_end)
    return j is not None and doc[j].lower_ in FRACTION_WORDS


def _is_ordinal_or_clock(doc, m: Mention) -> bool:
    tok = doc[m.num_end - 1]
    nxt = doc[m.num_end] if m.num_end < len(doc) else None
    if tok.ent_type_ == "ORDINAL" and not _YEAR_SPAN.fullmatch(tok.text):
        return True
    if nxt is not None and nxt.lower_ in CLOCK_WORDS:
        return True  # "4 pm", "1350 GMT"
    # "7:30" is one token and never parses; "7 . 30" does not happen in wire copy
    return False


def _is_day_of_month(doc, m: Mention) -> bool:
    """"February 1", "Dec. 6", "6 December", "May 27-29": dates, optional in the gold."""
    if m.num_end - m.start != 1 or not re.fullmatch(r"\d{1,2}", doc[m.start].text):
        return False
    i = m.start

    def month_at(j: int) -> bool:
        return 0 <= j < len(doc) and doc[j].lower_.rstrip(".") in MONTHS and doc[j].text[:1].isupper()

    if month_at(i - 1) or month_at(i + 1) or (month_at(i + 2) and doc[i + 1].lower_ == "of"):
        return True
    # the second day of a range: "May 27-29", "June 5 - 9"
    if i >= 3 and doc[i - 1].text in {"-", "–", "to"} and month_at(i - 3) and doc[i - 2].like_num:
        return True
    # "1996-08-30" split by the tokenizer, and "08/30"
    around = doc[max(0, i - 2):i + 3].text
    return bool(re.search(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}", around))


def _in_name(doc, m: Mention) -> bool:
    """A number after the first word of a name: "Group 8", "Boeing 747", "Air Force One".
    "34 police personnel" is sometimes swallowed into an ORG; a name does not start with its count."""
    tok = doc[m.start]
    if tok.ent_type_ not in NAME_ENTITIES or tok.ent_iob_ == "B":
        return False
    return not (tok.ent_type_ in {"EVENT", "LAW", "WORK_OF_ART"} and re.fullmatch(r"1[5-9]\d\d|20\d\d", tok.text))


def _is_identifier(doc, m: Mention) -> bool:
    """"Flight 103", "Proposition 64", "No. 1", "Section 8": a number after the noun it names."""
    if m.start == 0 or m.num_end - m.start != 1:
        return False
    prev = doc[m.start - 1]
    if prev.lower_ in IDENTIFIER_CUES and _is_digits(doc[m.start]):
        return True
    tok = doc[m.start]
    # a number attached to the capitalised noun right before it ("Boeing 747", "Section 8")
    return (tok.head.i == prev.i and tok.dep_ in {"nummod", "compound", "appos", "npadvmod"}
            and prev.pos_ in {"PROPN", "NOUN"} and prev.text[:1].isupper() and prev.lower_ not in MONTHS
            and _is_digits(tok))


def _in_digit_run(doc, m: Mention) -> bool:
    """Phone and reference numbers: three or more bare digit groups in a row ("+44 171 542 8062")."""
    i = m.start
    if not re.fullmatch(r"\+?\d+", doc[i].text) or m.num_end - m.start != 1:
        return False
    if i > 0 and doc[i - 1].text.startswith("+"):
        return True
    j, k = i, i
    while j > 0 and re.fullmatch(r"\+?\d+", doc[j - 1].text):
        j -= 1
    while k + 1 < len(doc) and re.fullmatch(r"\d+", doc[k + 1].text):
        k += 1
    return k - j >= 2


def _currency_before(doc, i: int) -> str | None:
    """ISO code of a currency written before token i ("$", "US$", "A $", "£", "USD"), else None."""
    if i == 0:
        return None
    prev = doc[i - 1]
    low = prev.lower_
    if low in CURRENCY_SYMBOLS:
        code = CURRENCY_SYMBOLS[low]
        # "A" "$" split by the tokenizer: only a prefix when glued ("A$"), not "a $ 28,000"
        if low == "$" and i >= 2 and not doc[i - 2].whitespace_ and doc[i - 2].lower_ in DOLLAR_PREFIXES:
            code = DOLLAR_PREFIXES[doc[i - 2].lower_]
        return code
    if prev.text in ISO_CODES:
        return prev.text
    return None


def _currency_start(doc, i: int) -> int:
    """First token of the currency written before token i."""
    if doc[i - 1].lower_ == "$" and i >= 2 and not doc[i - 2].whitespace_ and doc[i - 2].lower_ in DOLLAR_PREFIXES:
        return i - 2
    return i - 1


def _unit_token(doc, j: int) -> int | None:
    """Index of the unit word right after the number ending at j, skipping a joining hyphen
    ("1,643-kilometer", "45-year-old"); None when the next word is not glued or spaced."""
    if j < len(doc) and doc[j].text in {"-", "–"} and not doc[j - 1].whitespace_:
        return j + 1 if j + 1 < len(doc) else None
    return j if j < len(doc) else None
