"""Quotation marks → quoted spans.

The body is walked paragraph by paragraph, so that an odd number of marks in one paragraph does
not lose the whole article (textacy gives up on such articles), and a quotation that runs over
paragraphs (no closing mark at the end of a paragraph, an opening mark at the start of the next)
becomes one quote.

Straight double marks are ambiguous with inch marks ("18\" pipes"): in a paragraph with an odd
number of them, a mark right after a digit and before a lower-case word is a measure. British
quotations in single curly marks (‘…’) share their closing mark with the apostrophe (aren’t,
drivers’, ’90s): they are read only outside double-mark quotations, an opening ‘ must start a
word, and a closing ’ must end one and not be followed by a letter.
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


def _is_inch_mark(body: str, i: int, p_end: int) -> bool:
    """'18" pipes': a straight mark after a digit, followed by a space and a lower-case word."""
    return (i > 0 and body[i - 1].isdigit() and i + 2 < p_end and body[i + 1] == " "
            and body[i + 2].islower())


def _scan_paragraph(body: str, p_start: int, p_end: int, lead: int, carry, nested: bool):
    """Quote pieces of one paragraph. With `nested`, curly marks inside a straight-mark quote are
    a quotation inside the quotation, not a new quote."""
    done: list[list[tuple[int, int]]] = []
    open_at: int | None = None
    opener = ""
    odd_straight = body.count('"', p_start, p_end) % 2 == 1
    for i in range(p_start, p_end):
        ch = body[i]
        if ch not in DOUBLE_MARKS:
            continue
        if ch == '"' and odd_straight and _is_inch_mark(body, i, p_end):
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


def _paragraphs(body: str):
    """(start, end, text) of each non-blank paragraph ("\n"-separated line) of the body."""
    pos = 0
    for para in body.split("\n"):
        p_start, p_end = pos, pos + len(para)
        pos = p_end + 1
        if para.strip():
            yield p_start, p_end, para


def find_quote_spans(body: str) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    carry: list[tuple[int, int]] | None = None  # an unclosed quote from the previous paragraph
    for p_start, p_end, para in _paragraphs(body):
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
    spans = [sp for sp in spans if body[sp.start:sp.end].strip()]
    if OPEN_SINGLE in body:
        single = _single_mark_spans(body, spans)
        # a double-mark quotation inside a single-mark one is quoted speech within the quote
        outer = [sp for sp in spans if not any(o.start < sp.start and sp.end < o.end for o in single)]
        # British style only when single marks are the article's main quotation marks; in American
        # copy top-level single marks are headline-style scare quotes and nicknames ('Little Marco')
        if len(outer) < len(single):
            spans = sorted(outer + single, key=lambda sp: sp.start)
    return spans


OPEN_SINGLE, CLOSE_SINGLE = "‘", "’"


def _single_mark_spans(body: str, double: list[QuoteSpan]) -> list[QuoteSpan]:
    """‘…’ quotations outside the double-mark ones. A quotation that is not closed by the end of its
    paragraph continues when the next paragraph opens with ‘ (British multi-paragraph style)."""
    taken = [(sp.start - 1, sp.end + 1) for sp in double]
    out: list[QuoteSpan] = []
    carry: list[tuple[int, int]] | None = None
    for p_start, p_end, para in _paragraphs(body):
        i = p_start
        first = True
        while i < p_end:
            j = body.find(OPEN_SINGLE, i, p_end)
            opens_para = j != -1 and not body[p_start:j].strip()
            if carry is not None and first and not opens_para:
                out.append(_span(carry))  # the quotation did not reopen: it ended last paragraph
                carry = None
            first = False
            if j == -1:
                break
            if any(s <= j < e for s, e in taken) or not _single_opens(body, j, p_start, p_end):
                i = j + 1
                continue
            k = _single_close(body, j + 1, p_end, taken)
            if k is None:
                carry = (carry if opens_para and carry else []) + [(j + 1, p_end)]
                break
            pieces = ((carry if opens_para and carry else []) + [(j + 1, k)])
            carry = None
            out.append(_span(pieces))
            i = k + 1
    if carry is not None:
        out.append(_span(carry))
    return [sp for sp in out if body[sp.start:sp.end].strip()]


def _single_opens(body: str, j: int, p_start: int, p_end: int) -> bool:
    prev = body[j - 1] if j > p_start else " "
    nxt = body[j + 1] if j + 1 < p_end else " "
    # ‘16, ‘90s: an apostrophe for the century, typed as an opening mark
    return (prev.isspace() or prev in "([—–-" or prev in DOUBLE_MARKS) and (nxt.isalpha() or nxt in DOUBLE_MARKS)


def _single_close(body: str, start: int, p_end: int, taken) -> int | None:
    """The closing ’ of a quotation opened before `start`: one that ends a word and is not followed
    by a letter or digit. A plural possessive ("drivers’ pay") looks the same, so a candidate after
    an s and before a lower-case word is passed over when a later candidate exists."""
    cands = []
    for k in range(start, p_end):
        if body[k] == OPEN_SINGLE and not any(s <= k < e for s, e in taken) and _single_opens(body, k, start, p_end):
            break  # a new quotation opens: this one never closed
        if body[k] != CLOSE_SINGLE or any(s <= k < e for s, e in taken):
            continue
        prev, nxt = body[k - 1], body[k + 1] if k + 1 < p_end else " "
        if prev.isspace() or nxt.isalnum():
            continue
        cands.append(k)
    for n, k in enumerate(cands):
        possessive = body[k - 1] == "s" and body[k + 1:k + 3][:1] == " " and body[k + 2:k + 3].islower()
        if possessive and n + 1 < len(cands):
            continue
        return k
    return None


def _span(pieces: list[tuple[int, int]]) -> QuoteSpan:
    return QuoteSpan(pieces[0][0], pieces[-1][1], pieces)
