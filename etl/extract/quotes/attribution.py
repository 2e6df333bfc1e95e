"""Who said each quote: a verb of saying around it, a trailing dash, the sentence after it, a
paragraph ending with a colon, a speech noun's possessor, the clause's subject, or the speaker of
the quote before it."""
from __future__ import annotations

import re

from etl.extract.context import text_of
from etl.extract.quotes.coreference import Resolver, Speaker
from etl.extract.quotes.lexicon import (CUE_LEMMAS, DOCUMENT_NOUNS, GROUP_NOUNS, MEDIA_CLASS, ORG_NOUNS,
                                        PRONOUN_GENDER, ROLE_NOUNS, SUBJ_DEPS)
from etl.extract.quotes.marks import CLOSE_CURLY, DASHES, DOUBLE_MARKS, QuoteSpan
from etl.extract.quotes.syntax import cue_verbs, in_ranges, subject_of, token_at

def paragraph_start(body: str, pos: int) -> int:
    return body.rfind("\n", 0, pos)


def attribute(res: Resolver, span, q: QuoteSpan, body: str, off: int, quoted) -> Speaker | None:
    doc = res.doc
    d_start, d_end = q.start + off, q.end + off
    sents = []
    for s in (span[0].sent, span[-1].sent):
        if s not in sents:
            sents.append(s)
    # "Trump's claim that there were “thousands of shootings”": the possessor of a speech noun
    sp = speech_noun_owner(res, span, quoted)
    if sp is not None:
        return sp
    # verbs that govern the quote syntactically come first, then the nearest
    governors = {t.i for t in span.root.ancestors}
    # "the four “loopholes” he cited": a relative clause on a quoted word
    governors |= {c.i for t in span for c in t.children if c.dep_ in {"relcl", "acl"} and not in_ranges(c, quoted)}
    best = None
    for strong in (True, False):
        for sent in sents:
            for verb, subj in cue_verbs(sent, quoted, strong_only=strong):
                # the verb must be in the same paragraph as the quote
                gap = text_of(doc)[d_end:verb.idx] if verb.idx >= d_end else text_of(doc)[verb.idx:d_start] if verb.idx < d_start else ""
                if "\n" in gap:
                    continue
                dist = (verb.i not in governors, min(abs(verb.idx - d_end), abs(verb.idx - d_start)))
                if best is None or dist < best[0]:
                    best = (dist, verb, subj)
        if best is not None:
            break
    if best is not None:
        sp = res.from_subject(best[2], best[1].lemma_.lower())
        if sp is not None:
            return sp
    # a trailing "— Name" after the closing mark
    rest = body[q.end + 1: body.find("\n", q.end) if body.find("\n", q.end) != -1 else len(body)]
    m = re.match(r"\s*[" + DASHES + r"]\s*([A-Z][\w.’'\- ]{1,60}?)[.\s]*$", rest)
    if m:
        name = m.group(1).strip()
        idx = res.people.person_in(q.end + 1 + off + m.start(1), q.end + 1 + off + m.end(1))
        if idx is not None:
            n = res.people.name(idx)
            return Speaker(n, "person", n, None, res.people.gender[idx])
        return Speaker(name, "person", name, None)
    # the sentence after the quote ("“...” That is what Trump told reporters.")
    nxt = span[-1].sent.end
    if nxt < len(doc) and "\n" not in text_of(doc)[d_end:doc[nxt].idx].strip(" " + CLOSE_CURLY + '"'):
        sent = doc[nxt].sent
        # a sentence that starts in lower case is the rest of the quote's sentence, cut by the parser
        # after a question or exclamation mark ("“Why?” a narrator asks.")
        lower = sent[0].text[:1].islower()
        if not any(t.text in DOUBLE_MARKS for t in sent):
            for verb, subj in cue_verbs(sent, quoted, strong_only=True):
                if lower or verb.lemma_.lower() in {"say", "tell", "add", "write", "explain", "continue", "ask", "reply", "respond", "answer"}:
                    sp = res.from_subject(subj, verb.lemma_.lower())
                    if sp is not None:
                        return sp
                    break
    # a paragraph ending with a colon just before a quote that opens its paragraph
    para_start = body.rfind("\n", 0, q.start) + 1
    if not body[para_start:q.start - 1].strip():
        prev_end = para_start - 1
        while prev_end > 0 and body[prev_end - 1] in "\n ":
            prev_end -= 1
        if prev_end > 0 and body[prev_end - 1] == ":":
            t = token_at(doc, prev_end - 1 + off)
            if t is not None:
                for verb, subj in cue_verbs(t.sent, quoted):
                    sp = res.from_subject(subj, verb.lemma_.lower())
                    if sp is not None:
                        return sp
    return None


SPEECH_NOUNS = {"claim", "statement", "remark", "comment", "assertion", "promise", "pledge", "vow",
                "words", "word", "description", "accusation", "charge", "warning", "prediction",
                "boast", "insistence", "argument", "suggestion", "declaration", "question", "answer",
                "response", "reply", "quip", "joke", "tweet", "call", "plea", "demand", "contention"}


def speech_noun_owner(res: Resolver, span, quoted) -> Speaker | None:
    """The quote hangs (through clauses and prepositions, no verb of saying in between) on a speech
    noun whose possessor names someone: "Trump's claim that there were “thousands of shootings”"."""
    tok = span.root
    for _ in range(6):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if in_ranges(tok, quoted):
            continue
        if tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in CUE_LEMMAS:
            return None
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in SPEECH_NOUNS:
            poss = next((c for c in tok.children if c.dep_ == "poss"), None)
            if poss is None or poss.lower_ in {"his", "her", "its", "their", "my", "our", "your"} or in_ranges(poss, quoted):
                return None
            sp = res.from_subject(poss, tok.lemma_.lower())
            return sp if sp is not None and sp.kind in {"person", "organization"} else None
    return None


def weak_attribution(res: Resolver, span, quoted, any_subject: bool = False) -> Speaker | None:
    """No reporting verb: the subject of the clause the quote sits in, when it names someone."""
    tok = span.root
    seen = 0
    while tok.head.i != tok.i and seen < 8:
        tok = tok.head
        seen += 1
        if in_ranges(tok, quoted):
            continue
        subj = next((c for c in tok.children if c.dep_ in SUBJ_DEPS and not in_ranges(c, quoted)), None)
        if subj is None:
            continue
        named = (subj.lower_ in PRONOUN_GENDER or res.people.person_in(subj.idx, subj.idx + len(subj.text)) is not None
                 or subj.ent_type_ in {"PERSON", "ORG"})
        if named or (any_subject and _source_like(subj)):
            sp = res.from_subject(subj, tok.lemma_.lower())
            if sp is not None and (sp.kind in {"person", "organization"} or any_subject):
                return sp
    return None


def _source_like(tok) -> bool:
    """A noun that can say things: a person's role, an organisation, a document or a medium, a
    proper name; not "the deadlock" or "measures"."""
    lemma = tok.lemma_.lower()
    return (tok.pos_ == "PROPN" or lemma in ROLE_NOUNS or lemma in ORG_NOUNS or lemma in DOCUMENT_NOUNS
            or lemma in MEDIA_CLASS or lemma in GROUP_NOUNS)


def continuation(body: str, q: QuoteSpan, prev: Speaker | None, prev_q: QuoteSpan | None) -> Speaker | None:
    if prev is None or prev_q is None:
        return None
    para = paragraph_start(body, q.start)
    prev_para = paragraph_start(body, prev_q.end)
    if para == prev_para:
        return Speaker(prev.speaker, prev.kind, prev.person, prev.cue, prev.gender)
    # the quote opens the paragraph right after the previous quote's paragraph
    between = body[prev_q.end:q.start]
    para_start = para + 1
    opens = not body[para_start:q.start - 1].strip()
    n_paras = len([p for p in between.split("\n")[1:-1] if p.strip()])
    if opens and n_paras == 0:
        return Speaker(prev.speaker, prev.kind, prev.person, prev.cue, prev.gender)
    return None


def context_attribution(res: Resolver, span, q: QuoteSpan, body: str, off: int, quoted) -> Speaker | None:
    """No verb of saying governs the quote: attribution by its surroundings, in this order.

    - "according to X" in the quote's sentence (outside the marks);
    - a colon just before the quote: the subject of the clause that introduces it ("Clinton has
      since apologized: “…”", "A footnote in the report makes that clear: “…”"), or the X of
      "And from X:";
    - the clause the quote sits in has a subject ("The impostor gushed about a “…”");
    - the quote opens its sentence and the sentence before it (same paragraph, or the last one
      of the paragraph before when the quote stands alone) has a person or organisation as its
      subject: who the text was just about.
    """
    doc = res.doc
    d_start, d_end = q.start + off, q.end + off
    para_start = body.rfind("\n", 0, q.start) + 1
    para_end = body.find("\n", q.end)
    para_end = len(body) if para_end == -1 else para_end
    if not body[q.end + 1:para_end].strip(" .\"”"):
        # a quote standing alone, signed in the next paragraph: "- Sanders."
        nxt_start = para_end
        while nxt_start < len(body) and body[nxt_start].isspace():
            nxt_start += 1
        nxt_end = body.find("\n", nxt_start)
        nxt_end = len(body) if nxt_end == -1 else nxt_end
        m = re.match(r"[" + DASHES + r"]\s*([A-Z][\w.’'\- ]{1,60}?)[.\s]*$", body[nxt_start:nxt_end])
        if m:
            idx = res.people.person_in(nxt_start + off + m.start(1), nxt_start + off + m.end(1))
            if idx is not None:
                n = res.people.name(idx)
                return Speaker(n, "person", n, None, res.people.gender[idx])
            name = m.group(1).strip()
            if len(name.split()) <= 4 and all(w[:1].isupper() for w in name.split()):
                return Speaker(name, "person", name, None)
    for sent in dict.fromkeys((span[0].sent, span[-1].sent)):
        for tok in sent:
            if tok.lower_ == "according" and not in_ranges(tok, quoted):
                to = next((c for c in tok.children if c.lower_ == "to"), None)
                pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
                if pobj is not None and not in_ranges(pobj, quoted) and "\n" not in text_of(doc)[min(pobj.idx, d_start):max(pobj.idx, d_end)]:
                    sp = res.from_subject(pobj, "according to")
                    if sp is not None:
                        return sp
    lead = body[para_start:q.start - 1].rstrip()
    if lead.endswith(":"):
        sp = _introducer(res, para_start + off + len(lead) - 1, quoted)
        if sp is not None:
            return sp
    prev_end = para_start - 1
    while prev_end > 0 and body[prev_end - 1].isspace():
        prev_end -= 1
    if not lead and prev_end > 0 and body[prev_end - 1] == ":":
        sp = _introducer(res, prev_end - 1 + off, quoted)
        if sp is not None:
            return sp
    sp = weak_attribution(res, span, quoted, any_subject=True)
    if sp is not None and (sp.kind in {"person", "organization"} or len(span) > 3):
        return sp
    # the sentence before the quote, when the quote opens a sentence
    if lead and lead[-1:] not in ".!?\"”":
        return None
    if lead:
        t = token_at(doc, para_start + off + len(lead) - 1)
    else:
        if body[q.end + 1:body.find("\n", q.end) if "\n" in body[q.end:] else len(body)].strip(" .\"”"):
            return None  # the quote does not stand alone in its paragraph
        if prev_end <= 0:
            return None
        t = token_at(doc, prev_end - 1 + off)
    if t is None:
        return None
    # the clause that ends just before the quote (the parser may have run it into the quote's own
    # sentence)
    subj = _subject_before(t, d_start, quoted)
    if subj is None or subj.lower_ in {"it", "this", "that", "there", "i", "you", "we", "they", "what"}:
        return None
    sp = res.from_subject(subj, None)
    if sp is not None and sp.kind in {"person", "organization"}:
        return sp
    return None


def _subject_before(tok, limit: int, quoted):
    """The subject of the nearest verb above `tok` that, like its subject, stands before the
    character offset `limit` (where the quote begins)."""
    while tok.is_punct and tok.i > tok.sent.start:
        tok = tok.doc[tok.i - 1]  # the word before the colon or full stop
    seen = 0
    while seen < 8:
        if tok.pos_ in {"VERB", "AUX"} and tok.idx < limit and not in_ranges(tok, quoted):
            subj = subject_of(tok, quoted)
            if subj is not None and subj.idx < limit and subj.lower_ not in {"what", "who", "which", "that", "whom"}:
                return subj
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        seen += 1
    return None


def _introducer(res: Resolver, colon_char: int, quoted) -> Speaker | None:
    t = token_at(res.doc, colon_char)
    if t is None:
        return None
    sent = t.sent
    subj = _subject_before(t, t.idx, quoted)
    if subj is not None:
        sp = res.from_subject(subj, subj.head.lemma_.lower())
        if sp is not None:
            return sp
    # "And from Chairwoman Elena Marquez:"
    for tok in reversed(sent):
        if tok.i < t.i and tok.lower_ == "from":
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return res.from_subject(pobj, None)
    # "Stated Stone:" — a short introducer that names one person
    intro = res.doc[sent.start:t.i]
    if len(intro) <= 6:
        idx = res.people.person_in(intro.start_char, intro.end_char)
        if idx is not None:
            n = res.people.name(idx)
            return Speaker(n, "person", n, None, res.people.gender[idx])
    return None
