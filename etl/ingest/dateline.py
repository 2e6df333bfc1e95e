"""Wire datelines ('MIZORAM, India (AP) –', 'WASHINGTON ―', 'LONDON 1996-08-30')."""
from __future__ import annotations

import re
from dataclasses import dataclass

_DASH = r"[-–—―]"
_PLACE = r"[A-Z][A-Za-z.'’\- ]{1,40}?(?:,\s*[A-Z][A-Za-z.'’\- ]{1,30}?)?"

# "MIZORAM, India (AP) –", "Washington (AFP) –", "NEW YORK (Reuters) -"
_WITH_AGENCY = re.compile(rf"^(?P<place>{_PLACE})(?:,\s*(?P<date>[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}))?\s*\((?P<agency>[A-Za-z][A-Za-z&.\- ]{{0,24}})\)\s*{_DASH}+\s*")
# "WASHINGTON ― Donald Trump's ..." : an all-capitals place, a dash, then ordinary prose
_CAPS_DASH = re.compile(rf"^(?P<place>[A-Z][A-Z.'’\- ]{{1,40}}?(?:,\s*[A-Z][A-Za-z.'’\- ]{{1,30}}?)?)\s+{_DASH}+\s+(?=\S*[a-z])")
# CoNLL/Reuters style: the dateline is a paragraph of its own: "LONDON 1996-08-30"
_PLACE_DATE_LINE = re.compile(r"^(?P<place>[A-Z][A-Za-z.'’\- ]{1,40}?(?:,\s*[A-Z][A-Za-z.'’\- ]{1,30}?)?)\s+(?P<date>\d{4}-\d{2}-\d{2})\s*$")


@dataclass(frozen=True)
class Dateline:
    text: str            # the dateline as written, without trailing spaces
    place: str           # the first place it names, capitals folded ("Mizoram")
    place_start: int     # offsets of the place inside `text`
    place_end: int
    agency: str | None
    date: str | None
    consumed: int        # characters of the paragraph the dateline takes (incl. spaces after it)


def _fold_caps(name: str) -> str:
    if name.isupper():
        return " ".join(w[:1] + w[1:].lower() if not re.fullmatch(r"(?:[A-Z]\.)+", w) else w for w in name.split())
    return name


def parse_dateline(text: str) -> Dateline | None:
    """The dateline at the start of text (only its first line is looked at)."""
    paragraph = text.split("\n", 1)[0]
    for pattern in (_PLACE_DATE_LINE, _WITH_AGENCY, _CAPS_DASH):
        m = pattern.match(paragraph)
        if not m:
            continue
        full_place = m.group("place").strip()
        first = full_place.split(",")[0].strip()
        if pattern is _CAPS_DASH and len(first) < 3:
            continue
        agency = m.groupdict().get("agency")
        return Dateline(
            text=m.group(0).rstrip(),
            place=_fold_caps(first),
            place_start=m.start("place"),
            place_end=m.start("place") + len(first),
            agency=agency.strip() if agency else None,
            date=m.groupdict().get("date"),
            consumed=m.end() if m.end() < len(paragraph) else len(paragraph),
        )
    return None
