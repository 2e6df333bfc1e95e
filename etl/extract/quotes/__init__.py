"""Direct quotations and their speakers (package map: marks → titles → attribution, with
syntax, mentions and coreference underneath; lexicon holds the word lists).

1. Find quoted spans by walking the quotation marks of the body paragraph by paragraph, so that
   an odd number of marks in one paragraph does not lose the whole article (textacy gives up on
   such articles), and a quotation that runs over paragraphs (no closing mark at the end of a
   paragraph, an opening mark at the start of the next) becomes one quote. Titles, nicknames and
   names of shows in marks are not quotes.
2. Attribute each quote: a reporting verb (said, told, wrote, ...) outside the marks in the same
   sentence, the sentence after it, or a paragraph ending with a colon just before it; a trailing
   "— Name" after the closing mark; else the subject of the clause the quote sits in.
3. Resolve the subject phrase: a person named anywhere in its core noun phrase ("senior official
   of Mizoram Zoramthanga", "Rep. Gwen Moore (D-Wis.)") is that person under their canonical
   name; a pronoun or a definite role description ("the senator") is resolved to the most salient
   earlier referent of a compatible gender (subjects and speakers of the preceding sentences
   first, names inside quotations never); organisations, groups and unnamed sources keep a
   short description.
4. Quotes with no cue of their own continue the speaker of the previous quote in the same
   paragraph or, when the quote opens the next paragraph, across paragraphs. A one- or two-word
   quote that nobody is said to have said is a scare quote and is dropped.
"""
from __future__ import annotations

from etl.extract.context import DocContext
from etl.extract.quotes import ranker
from etl.extract.quotes.attribution import attribute, context_attribution, continuation, weak_attribution
from etl.extract.quotes.coreference import NO_SPEAKER, Resolver, Speaker
from etl.extract.quotes.marks import QuoteSpan, find_quote_spans, quote_text
from etl.extract.quotes.titles import looks_like_title, words_of

__all__ = ["attributed_quotes", "find_quote_spans", "quote_text", "quotes_rows", "QuoteSpan", "Speaker"]


def attributed_quotes(ctx: DocContext, use_model: bool = True,
                      collect: list | None = None) -> list[tuple[QuoteSpan, str, Speaker]]:
    """Every quotation of the body with its speaker (NO_SPEAKER when none can be told), in text
    order; scare quotes and titles left out. The hand rules answer first; the learned ranker
    (ranker.py) then picks among their answer and the people near the quote. `collect`, if given,
    receives (quote text, rules' speaker, candidates) per quote: training data for the ranker."""
    body = ctx.article.body
    doc = ctx.doc
    off = ctx.body_offset
    spans = find_quote_spans(body)
    kept: list[tuple[QuoteSpan, str]] = []
    for q in spans:
        text = quote_text(body, q.pieces)
        if not words_of(text):
            continue
        if looks_like_title(body, q, text):
            continue
        kept.append((q, text))
    # all marks count as quoted for antecedents, titles included
    all_quoted = [(s + off, e + off) for q in spans for s, e in q.pieces]
    res = Resolver(ctx, all_quoted)
    out: list[tuple[QuoteSpan, str, Speaker]] = []
    prev: Speaker | None = None
    prev_q: QuoteSpan | None = None
    for q, text in kept:
        d_start, d_end = q.start + off, q.end + off
        span = doc.char_span(d_start, d_end, alignment_mode="expand")
        has_span = span is not None and len(span) > 0
        sp = None
        # strongest evidence first: a verb of saying, a dash, a colon paragraph; then the speaker
        # of the quote before; then the clause's subject; then the surroundings
        steps = (
            ("cue", lambda: attribute(res, span, q, body, off, all_quoted) if has_span else None),
            ("continuation", lambda: continuation(body, q, prev, prev_q)),
            ("weak", lambda: weak_attribution(res, span, all_quoted) if has_span else None),
            ("context", lambda: context_attribution(res, span, q, body, off, all_quoted) if has_span else None),
        )
        for name, step in steps:
            found = step()
            if found is not None and found.speaker is not None:
                sp = found
                sp.via = sp.via or name
                break
        if sp is None:
            sp = NO_SPEAKER
        if sp.speaker is None and len(words_of(text)) <= 2:
            continue  # a scare quote or a term in marks that nobody is said to have said
        if collect is not None:
            collect.append((text, sp, ranker.candidates(res, q, body, off, sp, prev)))
        if use_model:
            sp = ranker.rerank(res, q, body, off, sp, prev)
        if sp.speaker:
            sp.pos = d_start
            res.speakers.append(sp)
            prev, prev_q = sp, q
        out.append((q, text, sp))
    return out


def quotes_rows(ctx: DocContext) -> list[dict]:
    body = ctx.article.body
    rows: list[dict] = []
    for q, text, sp in attributed_quotes(ctx):
        before = body[:q.start - 1].rstrip()
        partial = bool(text[:1].islower() or (before and before[-1:].isalnum() and not before.endswith(":")))
        rows.append({
            "text": text,
            "speaker": sp.speaker,
            "speaker_kind": sp.kind if sp.speaker else "unknown",
            "speaker_person": sp.person if sp.kind == "person" else None,
            "cue_verb": sp.cue,
            "partial": partial,
            "section": "body",
            "start_char": q.start,
            "end_char": q.end,
        })
    return rows
