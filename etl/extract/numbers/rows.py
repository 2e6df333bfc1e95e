"""Number rows: one pass over the tokens, each number read, described and written as a row."""
from __future__ import annotations

from etl.extract.context import DocContext
from etl.extract.numbers.vocab import GROUP_WORDS
from etl.extract.numbers.numerals import (
    Mention, _currency_before, _currency_start, _is_not_a_quantity, _scan_number,
)
from etl.extract.numbers.units import _attach_unit, _is_age, _is_year, _share_range_unit
from etl.extract.numbers.counted import _counted, _fill_ellipsis, _of_object, _qualifier, _share_score_noun


def numbers_rows(ctx: DocContext) -> list[dict]:
    doc = ctx.doc
    rows: list[dict] = []
    prev: Mention | None = None  # the last number kept, for "10 judges rather than 11"
    i = 0
    while i < len(doc):
        found = _scan_number(doc, i)
        if found is None:
            i += 1
            continue
        mention, vague = found
        if not vague and _is_not_a_quantity(doc, mention):
            i = mention.end
            continue
        if vague:
            _describe_vague(doc, mention)
        else:
            _describe(doc, mention)
        _fill_ellipsis(doc, mention, prev)
        if prev is not None and _share_score_noun(doc, prev, mention) and rows:
            rows[-1]["counts"] = prev.counts
        if mention.kind in {"count", "percent"}:
            prev = mention
        rows.append(_row(ctx, doc, mention))
        i = max(mention.end, i + 1)
    return rows


def _describe(doc, m: Mention) -> None:
    code = _currency_before(doc, m.start)
    if code is not None:
        m.unit, m.kind, m.start = code, "money", _currency_start(doc, m.start)
    elif doc[m.start].lower_ in {"a", "an"} and doc[m.num_end - 1].lower_ in GROUP_WORDS:
        # "a couple of years": the unit is the object of "of"
        probe = Mention(m.start, m.num_end + 1, m.value, num_end=m.num_end + 1)
        _attach_unit(doc, probe)
        if probe.unit is not None:
            m.unit, m.kind, m.end = probe.unit, probe.kind, probe.end
    else:
        _attach_unit(doc, m)
        if m.kind == "count":
            _share_range_unit(doc, m)
    if m.kind == "count" and _is_year(doc, m):
        m.kind = "year"
    elif m.kind in {"count", "duration"} and _is_age(doc, m):
        m.kind, m.unit = "age", "year"
    m.qualifier, m.approximate = _qualifier(doc, m)
    m.counts = _counted(doc, m)


def _describe_vague(doc, m: Mention) -> None:
    m.qualifier = doc[m.start:m.end].text.lower()
    m.approximate = True
    if m.end < len(doc) and doc[m.end].lower_ == "of":
        m.counts = _of_object(doc, m.end)


def _row(ctx: DocContext, doc, m: Mention) -> dict:
    span = doc[m.start:m.end]
    section, start, end = ctx.locate(span.start_char, span.end_char)
    return {
        "text": span.text,
        "value": float(m.value),
        "unit": m.unit,
        "kind": m.kind,
        "qualifier": m.qualifier,
        "approximate": bool(m.approximate),
        "counts": m.counts,
        "section": section,
        "start_char": start,
        "end_char": end,
    }
