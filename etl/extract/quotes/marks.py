"""Quotation marks → quoted spans.

The body is walked paragraph by paragraph, so that an odd number of marks in one paragraph does
not lose the whole article (textacy gives up on such articles), and a quotation that runs over
paragraphs (no closing mark at the end of a paragraph, an opening mark at the start of the next)
becomes one quote.
"""
from __future__ import annotations

from dataclasses import dataclass

OPEN_CURLY, CLOSE_CURLY = "“", "”"
DOUBLE_MARKS = {OPEN_CURLY, CLOSE_CURLY, '"', "„", "«", "»"}
DASHES = "―—–-"


@dataclass
class QuoteSpan:
    start: int  # body offsets of the text inside the marks
    end: int
    pieces: list[tuple[int, int]]  # one (start, end) per paragraph for multi-paragraph quotes



def quote_text(body: str, pieces: list[tuple[int, int]]) -> str:
    """The quotation without its marks: paragraphs joined by one space."""
    return " ".join(body[s:e].strip() for s, e in pieces if body[s:e].strip())


def _is_opening(body: str, i: int, p_start: int, lead: int) -> bool:
    ch = body[i]
    if ch in (OPEN_CURLY, "„", "«"):
        return True
    prev = body[i - 1] if i > p_start + lead else " "
    nxt = body[i + 1] if i + 1 < len(body) else " "
    if ch == '"':
        if prev == "=":
            return False  # markup attribute (tweet-id="...")
        if nxt.isspace() or nxt == "" or i + 1 >= len(body):
            return False  # a mark before a space or at the paragraph's end closes something
        return i == p_start + lead or not prev.isalnum()
    if ch == CLOSE_CURLY:
        # a closing curly mark used as an opening one at the start of a paragraph or after a space
        return (i == p_start + lead or prev in " \t(") and not nxt.isspace() and nxt != ""
    return False


def _scan_paragraph(body: str, p_start: int, p_end: int, lead: int, carry, nested: bool):
    """Quote pieces of one paragraph. With `nested`, curly marks inside a straight-mark quote are
    a quotation inside the quotation, not a new quote."""
    done: list[list[tuple[int, int]]] = []
    open_at: int | None = None
    opener = ""
    for i in range(p_start, p_end):
        ch = body[i]
        if ch not in DOUBLE_MARKS:
            continue
        if open_at is None:
            if _is_opening(body, i, p_start, lead):
                open_at, opener = i + 1, ch
            continue
        if nested and opener == '"' and ch != '"':
            continue  # a quotation inside the quotation
        if ch in (OPEN_CURLY, "„", "«"):
            # two openings in a row: the first was stray, unless it opened the paragraph as the
            # continuation of a multi-paragraph quote
            if carry is None:
                open_at, opener = i + 1, ch
            continue
        piece = (open_at, i)
        if carry is not None:
            done.append(carry + [piece])
            carry = None
        elif i > open_at:
            done.append([piece])
        open_at = None
    return done, carry, open_at, opener


def find_quote_spans(body: str) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    carry: list[tuple[int, int]] | None = None  # an unclosed quote from the previous paragraph
    pos = 0
    for para in body.split("\n"):
        p_start, p_end = pos, pos + len(para)
        pos = p_end + 1
        if not para.strip():
            continue
        lead = len(para) - len(para.lstrip())
        first = para.lstrip()[:1]
        if carry is not None and first not in DOUBLE_MARKS:
            # the previous paragraph's quote never reopened: it ended at its paragraph's end
            spans.append(_span(carry))
            carry = None
        done, new_carry, open_at, opener = _scan_paragraph(body, p_start, p_end, lead, carry, nested=True)
        has_inner = any(ch in para for ch in (OPEN_CURLY, CLOSE_CURLY)) and '"' in para
        if has_inner and open_at is not None and opener == '"':
            # the straight mark never closed: read the curly marks as quotes of their own
            done, new_carry, open_at, opener = _scan_paragraph(body, p_start, p_end, lead, carry, nested=False)
        spans.extend(_span(d) for d in done)
        carry = new_carry
        if open_at is not None:
            piece = (open_at, p_end)
            carry = (carry or []) + [piece] if body[open_at:p_end].strip() or carry else None
        elif carry is not None:
            spans.append(_span(carry))
            carry = None
    if carry is not None:
        spans.append(_span(carry))
    return [sp for sp in spans if body[sp.start:sp.end].strip()]


def _span(pieces: list[tuple[int, int]]) -> QuoteSpan:
    return QuoteSpan(pieces[0][0], pieces[-1][1], pieces)
