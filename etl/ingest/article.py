"""Text of any source → an Article: the same cleaning for every format and every text field.

    fields → markup to text (etl/ingest/markup.py) → mojibake repair (repair.py) → normalised
    body → headline (plain text only) → byline line (byline.py, taken out of the body)
    → dateline (dateline.py, taken out of the body) → published (dates.py; the dateline's date
    when the input has none) → outlet (given, else the URL's domain) → language (language.py)

Every offset the extractors write refers to the stored, cleaned texts.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from etl.ingest.byline import Byline, byline_from_names, parse_byline
from etl.ingest.dateline import parse_dateline
from etl.ingest.dates import parse_date
from etl.ingest.language import detect_language
from etl.ingest.markup import to_text
from etl.ingest.repair import repair
from etl.records import Article, Reject, normalise_text

MIN_BODY_CHARS = 20
# Longer bodies are refused: spaCy needs about 1 GB of memory per 100,000 characters and refuses
# texts over 1,000,000 characters; a news article is rarely over 50,000.
MAX_BODY_CHARS = 200_000
# A byline line is looked for among the first paragraphs of the text only.
BYLINE_PARAGRAPHS = 3
# Note text that marks an unreadable publication date (the run report lists these as warnings).
UNREADABLE_DATE = "published date not read"

_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")


def clean_text(value: str) -> str:
    """Drop what no article text holds and no Parquet file can store: control characters and
    lone surrogates (JSON may spell them as escapes, e.g. "\\ud800")."""
    return _UNSAFE.sub(lambda m: "" if m.group() < "\ud800" else "\ufffd", value)


class _Cleaner:
    """Cleans text fields one by one and remembers whether any needed a mojibake repair."""

    def __init__(self) -> None:
        self.repaired = False

    def __call__(self, value: str | None, *, one_line: bool = False) -> str | None:
        if not isinstance(value, str):
            return None
        text, fixed = repair(to_text(clean_text(value)))
        self.repaired |= fixed
        text = normalise_text(text)
        if one_line:
            text = " ".join(text.split())
        return text or None


def _split_headline(text: str) -> tuple[str | None, str]:
    """A first paragraph that is one short line, followed by more text, is the headline."""
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if not sep or not rest.strip():
        return None, text
    if len(first) > 250 or len(first.split()) > 30 or parse_dateline(text) is not None \
            or parse_byline(first) is not None:
        return None, text
    return first, rest.lstrip("\n")


# "Published 14 May 2024", "Posted on: March 4, 2024", "Updated 9:30 a.m. ET May 14, 2024"
_PUBLICATION_LINE = re.compile(r"^\s*(?:(?:first\s+)?(published|posted)|(?:last\s+)?(updated|modified))(?:\s+on)?\s*:?\s*(.{6,60}?)\s*$",
                               re.I)


def _take_byline(text: str) -> tuple[Byline | None, str | None, str]:
    """A 'By …' paragraph and a 'Published …' line among the first few paragraphs, both removed
    from the text: (byline, the publication line's date text, the rest of the text). An
    'Updated …' line is removed too, but its date is not the publication date."""
    paragraphs = text.split("\n")
    found: Byline | None = None
    published: str | None = None
    drop: set[int] = set()
    seen = 0
    for i, para in enumerate(paragraphs):
        if not para.strip():
            continue
        seen += 1
        if seen > BYLINE_PARAGRAPHS + len(drop):
            break
        line = _PUBLICATION_LINE.match(para)
        if line and parse_date(line.group(3)).value is not None:
            drop.add(i)
            if line.group(1) and published is None:
                published = line.group(3)
            continue
        if found is None:
            found = parse_byline(para)
            if found is not None:
                drop.add(i)
                continue
        if parse_dateline(para) is not None:
            break  # bylines and publication lines come before the dateline
    if not drop:
        return None, None, text
    rest = [p for i, p in enumerate(paragraphs) if i not in drop]
    return found, published, normalise_text("\n".join(rest))


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host.removeprefix("www.")


def build_article(
    text: str,
    *,
    source_id: str,
    source_path: str,
    fmt: str,
    title: str | None = None,
    detect_headline: bool = True,
    published=None,
    published_from: str = "record",
    url: str | None = None,
    authors: Iterable[str] | None = None,
    byline: str | None = None,
    outlet: str | None = None,
    notes: Iterable[str] = (),
) -> Article | Reject:
    """One Article from the text and the fields a reader found, or a Reject saying why not.

    `published` is the raw value (text, epoch number or datetime) and `published_from` names
    where it came from ("record", "feed", "page"); `authors` and `byline` are what structured
    fields gave; a "By …" line in the text itself wins over them (its offsets are exact).
    """
    clean = _Cleaner()
    text = clean(text) or ""
    if not text:
        return Reject(source_path, "the article has no text (empty or whitespace only)", source_id=source_id)
    if len(text) > MAX_BODY_CHARS:
        return Reject(source_path, f"the article is too long ({len(text):,} characters; the limit is {MAX_BODY_CHARS:,})",
                      source_id=source_id)
    title = clean(title, one_line=True)
    outlet = clean(outlet, one_line=True)
    url = clean_text(url).strip() or None if isinstance(url, str) else None
    notes = list(notes)
    if title is None and detect_headline:
        title, text = _split_headline(text)
    found, published_line, text = _take_byline(text)
    if found is None:
        given = clean(byline, one_line=True)
        if given:
            found = parse_byline(given) or parse_byline(given, require_by=False)
        if found is None and authors:
            found = byline_from_names([a for a in (clean(x, one_line=True) for x in authors) if a])
    dateline = parse_dateline(text)
    dateline_text = place = agency = None
    if dateline is not None:
        dateline_text, place, agency = dateline.text, dateline.place, dateline.agency
        text = text[dateline.consumed:].lstrip()
    if found is not None and found.agency and not agency:
        agency = found.agency
    if len(text) < MIN_BODY_CHARS:
        return Reject(
            source_path,
            f"the article body is too short to be an article ({len(text)} characters after headline and dateline)",
            source_id=source_id,
        )
    if published is None and published_line:
        published = published_line  # the article's own "Published …" line
    when = parse_date(clean_text(published) if isinstance(published, str) else published)
    stamp, stamp_from = when.value, published_from if when.value else None
    if when.problem:
        raw = " ".join(str(published).split())[:80]
        notes.append(f"{UNREADABLE_DATE}: {raw!r} ({when.problem}); stored as NULL")
    if stamp is None and dateline is not None and dateline.date:
        dated = parse_date(dateline.date)
        if dated.value:
            stamp, stamp_from = dated.value, "dateline"
    if clean.repaired:
        notes.append("mojibake repaired (ftfy)")
    return Article(
        source_id=source_id,
        source_path=source_path,
        format=fmt,
        body=text,
        title=title,
        dateline=dateline_text,
        dateline_place=place,
        agency=agency,
        byline=found.text if found else None,
        authors=found.names if found and found.authors else None,
        outlet=outlet or _domain(url),
        language=detect_language(f"{title}\n{text}" if title else text),
        published=stamp,
        published_from=stamp_from,
        url=url,
        encoding_repaired=clean.repaired,
        notes=notes or None,
    )
