"""Publication dates → timezone-aware UTC datetimes, or a reason why not.

Accepted: ISO 8601 (`2024-05-14T09:30:00Z`, `2024-05-14 09:30`, `2024-05-14`), RFC 822 / 2822 as
feeds write it (`Tue, 14 May 2024 09:30:00 +0100`), written forms with a year (`May 14, 2024`,
`14 May 2024 9.30am`), and Unix epochs in seconds or milliseconds (JSON numbers or digit strings).
A time without a zone is taken as UTC. Relative dates (`yesterday`, `2 hours ago`) are refused:
they depend on the day of the run, so a re-run would change the row. So is anything without a
year (`May 14`), for the same reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

# Epochs in this range are read as seconds (1973 .. 2286); larger ones as milliseconds.
_EPOCH_S = (1e8, 1e10)
_EPOCH_MS = (1e11, 1e13)
_RFC822 = re.compile(r"^\s*(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*"
                     r"(?:[+-]\d{4}|[A-Z]{1,5})?\s*$")
_DIGITS = re.compile(r"^\s*-?\d{9,13}(\.\d+)?\s*$")
_RELATIVE = re.compile(r"\b(ago|yesterday|today|tomorrow|now|last|next|this)\b", re.I)
_HAS_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")
_WORDS = {"published", "posted", "updated", "on", "at", "first", "last", "date", "pm", "am", "gmt", "utc", "of"}


@dataclass(frozen=True)
class ParsedDate:
    value: datetime | None   # aware, in UTC; None when unreadable
    problem: str | None      # why it could not be read (for the run report)


# Outside these years a value is a typo or a placeholder (0001-01-01), not a publication date.
YEARS = (1800, 2200)


def _utc(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)  # naive times are UTC (README: "Dates")
    dt = dt.astimezone(timezone.utc)
    if not YEARS[0] <= dt.year < YEARS[1]:
        raise ValueError(f"year {dt.year} is outside {YEARS[0]}-{YEARS[1]}")
    return dt


def _epoch(x: float) -> datetime | None:
    if _EPOCH_S[0] <= x < _EPOCH_S[1]:
        return _utc(datetime.fromtimestamp(x, tz=timezone.utc))
    if _EPOCH_MS[0] <= x < _EPOCH_MS[1]:
        return _utc(datetime.fromtimestamp(x / 1000, tz=timezone.utc))
    return None


# Zone abbreviations news pages write, as the zones they stand for (daylight saving follows the date).
_ZONES = {
    "America/New_York": ("ET", "EST", "EDT"), "America/Chicago": ("CT", "CST", "CDT"),
    "America/Denver": ("MT", "MST", "MDT"), "America/Los_Angeles": ("PT", "PST", "PDT"),
    "Europe/London": ("BST",), "Europe/Paris": ("CET", "CEST"), "UTC": ("GMT", "UTC", "Z"),
}


def _tzinfos() -> dict:
    from dateutil import tz

    return {abbr: tz.gettz(zone) for zone, abbrs in _ZONES.items() for abbr in abbrs}


def _written(text: str) -> datetime | None:
    """dateutil's reading of a written date, only when the text itself gives the year, month and
    day: it is parsed against two different default dates, and must not depend on either."""
    from dateutil import parser as du

    if not _HAS_YEAR.search(text):
        return None
    text = re.sub(r"\b([ap])\.m\.", r"\1m", text, flags=re.I)  # "9:30 a.m."
    zones = _tzinfos()
    a = du.parse(text, default=datetime(2001, 1, 1, 0, 0), dayfirst=False, fuzzy=True, tzinfos=zones)
    b = du.parse(text, default=datetime(2002, 2, 2, 0, 0), dayfirst=False, fuzzy=True, tzinfos=zones)
    if (a.year, a.month, a.day) != (b.year, b.month, b.day):
        return None
    # fuzzy parsing skips words; it must only have skipped words that belong to a date line
    _, skipped = du.parse(text, default=datetime(2001, 1, 1), fuzzy_with_tokens=True, tzinfos=zones)
    leftover = {w.lower() for part in skipped for w in re.findall(r"[A-Za-z]+", part)}
    if leftover - _WORDS:
        return None
    return a


def parse_date(raw) -> ParsedDate:
    """A publication date as the input gives it (str, int, float, datetime) → ParsedDate."""
    if raw is None or raw == "":
        return ParsedDate(None, None)
    if isinstance(raw, bool):
        return ParsedDate(None, "a true/false value is not a date")
    if isinstance(raw, datetime):
        try:
            return ParsedDate(_utc(raw), None)
        except (ValueError, OverflowError):
            return ParsedDate(None, "out of range")
    if isinstance(raw, (int, float)):
        try:
            dt = _epoch(float(raw))
        except (OverflowError, OSError, ValueError):
            dt = None
        return ParsedDate(dt, None if dt else "a number that is not a Unix time in seconds or milliseconds")
    text = str(raw).strip()
    if not text or len(text) > 100:
        return ParsedDate(None, "empty" if not text else "too long to be a date")
    if _DIGITS.match(text):
        return parse_date(float(text))
    try:
        return ParsedDate(_utc(datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))), None)
    except (ValueError, OverflowError):
        pass
    try:
        # RFC 822/2822 ('-0000' means 'zone unknown': UTC); only text of that shape, since the
        # email parser reads much else loosely ("9:30 AM EDT" would lose its zone)
        dt = parsedate_to_datetime(text) if _RFC822.match(text) else None
        if dt is not None:
            return ParsedDate(_utc(dt), None)
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    if _RELATIVE.search(text):
        return ParsedDate(None, "a relative date (depends on the day it is read)")
    try:
        dt = _written(text)
    except (ValueError, OverflowError, TypeError):
        dt = None
    if dt is None:
        return ParsedDate(None, "not a date with year, month and day in a known form")
    try:
        return ParsedDate(_utc(dt), None)
    except (ValueError, OverflowError):
        return ParsedDate(None, "out of range")
