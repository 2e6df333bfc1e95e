"""Wire datelines at the start of an article's text.

The forms wires and papers use:

    MIZORAM, India (AP) –                 place, region, agency in brackets, a dash
    TROY, N.C. (AP) --                    US state abbreviation, double hyphen
    LONDON, May 14 (Reuters) -            a month and day before the agency (with a year: a date)
    BRUSSELS, May 14, 2024 —
    HEMPSTEAD, N.Y., Sept. 26 (UPI) —
    Washington (AFP) –                    mixed case with an agency
    GÖTTINGEN, Germany —                  capitals with any letters (SÃO PAULO, İSTANBUL)
    BRISTOL, England — A lorry …          a dash followed by the sentence
    LONDON 1996-08-30                     CoNLL/Reuters: a paragraph of its own …
    NAIROBI⏎1997-11-21                    … also with place and date on separate lines

Only the text's first line (or first two, for the last form) is looked at: a byline before the
dateline is taken out by etl/ingest/byline.py first. Turning the place name into a gazetteer
entry and a country is extraction's job (etl/extract/entities/places.py).
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from etl.ingest.wires import canonical_agency

_DASH = r"(?:--|[-–—―])"
# a place: a capitalised word and more words, dots (N.Y.), apostrophes, hyphens; any alphabet
_WORDS = r"\p{Lu}[\p{L}\p{M}.'’\- ]{1,40}?"
_CAPS = r"\p{Lu}[\p{Lu}\p{M}.'’\- ]{1,40}?"
_REGION = r"\p{Lu}[\p{L}\p{M}.'’\- ]{0,30}?"
_MONTH_DAY = r"\p{Lu}\p{Ll}{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?"

# "MIZORAM, India (AP) –", "Washington (AFP) –", "HEMPSTEAD, N.Y., Sept. 26 (UPI) —"
_WITH_AGENCY = regex.compile(
    rf"^(?P<place>{_WORDS})(?:,\s*(?P<region>{_REGION}))?(?:,\s*(?P<date>{_MONTH_DAY}))?\s*"
    rf"\((?P<agency>[\p{{L}}][\p{{L}}&.\- ]{{0,30}})\)\s*{_DASH}+\s*")
# "WASHINGTON ― Donald Trump's ...", "BRISTOL, England — A lorry ...": a place in capitals, a
# dash, then the sentence (lower-case letters soon after: not a headline in capitals)
_CAPS_DASH = regex.compile(
    rf"^(?P<place>{_CAPS})(?:,\s*(?P<region>{_REGION}))?(?:,\s*(?P<date>{_MONTH_DAY}))?\s*{_DASH}+\s+"
    rf"(?=\S.{{0,40}}?\p{{Ll}})")
# CoNLL/Reuters style: the dateline is a paragraph of its own: "LONDON 1996-08-30"
_PLACE_DATE_LINE = regex.compile(
    rf"^(?P<place>{_WORDS})(?:,\s*(?P<region>{_REGION}))?\s+(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})\s*$")
# ... or place and date on two lines: "NAIROBI\n1997-11-21"
_PLACE_LINE = regex.compile(rf"^(?P<place>{_CAPS})(?:,\s*(?P<region>{_REGION}))?\s*$")
_DATE_LINE = regex.compile(r"^\s*(?P<iso>\d{4}-\d{2}-\d{2})\s*$")
_INITIALS = regex.compile(r"(?:\p{Lu}\.)+")


@dataclass(frozen=True)
class Dateline:
    text: str            # the dateline as written, without trailing spaces (a line break kept)
    place: str           # the first place it names, capitals folded ("Mizoram", "Göttingen")
    place_start: int     # offsets of the place inside `text`
    place_end: int
    agency: str | None   # the wire's short name (AP, Reuters, AFP, UPI) or as written
    date: str | None     # "1996-08-30" when the dateline carries a full date, else None
    consumed: int        # characters of the text the dateline takes (incl. spaces after it)


def _fold_caps(name: str) -> str:
    """'GÖTTINGEN' → 'Göttingen', 'NEW YORK' → 'New York'; initials and mixed case kept."""
    if not name.isupper():
        return name
    words = []
    for w in name.split():
        if _INITIALS.fullmatch(w):
            words.append(w)
        else:
            words.append("-".join(p[:1] + p[1:].lower() for p in w.split("-")))
    return " ".join(words)


def _make(m, text: str, date: str | None, consumed: int) -> Dateline | None:
    full_place = m.group("place").strip()
    if len(full_place) < 3 or not regex.search(r"\p{L}{2}", full_place):
        return None
    # every word of a place is a word or initials: "A LORRY —" is a headline, not a dateline
    if any(len(w) < 2 and not w.endswith(".") for w in full_place.split()):
        return None
    agency = m.groupdict().get("agency")
    return Dateline(
        text=text.rstrip(),
        place=_fold_caps(full_place),
        place_start=m.start("place"),
        place_end=m.start("place") + len(full_place),
        agency=canonical_agency(agency) if agency else None,
        date=date,
        consumed=consumed,
    )


def _full_date(text: str | None) -> str | None:
    """'May 14, 2024' → '2024-05-14'; a month and day without a year ('May 14') is no date."""
    if not text:
        return None
    from etl.ingest.dates import parse_date

    parsed = parse_date(text)
    return parsed.value.date().isoformat() if parsed.value else None


def parse_dateline(text: str) -> Dateline | None:
    """The dateline at the start of text, or None."""
    first, sep, rest = text.partition("\n")
    m = _PLACE_DATE_LINE.match(first)
    if m:
        return _make(m, first, m.group("iso"), len(first))
    m = _WITH_AGENCY.match(first)
    if m:
        return _make(m, m.group(0), _full_date(m.group("date")), m.end())
    m = _CAPS_DASH.match(first)
    if m and not regex.search(r"\d", m.group("place")):
        return _make(m, m.group(0), _full_date(m.group("date")), m.end())
    m = _PLACE_LINE.match(first)
    if m and sep:
        second_start = len(first) + 1
        # the date may follow after a blank line too
        stripped = rest.lstrip("\n")
        second_start += len(rest) - len(stripped)
        second = stripped.split("\n", 1)[0]
        d = _DATE_LINE.match(second)
        if d:
            end = second_start + len(second)
            return _make(m, text[:end], d.group("iso"), end)
    return None
