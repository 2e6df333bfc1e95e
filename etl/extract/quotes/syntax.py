"""Parse helpers: tokens at offsets, the subject of a verb, verbs of saying near a quote, and the
noun phrase a speaker is named by."""
from __future__ import annotations

import re

from etl.extract.context import text_of
from etl.extract.quotes.lexicon import CUE_LEMMAS, SUBJ_DEPS, WEAK_CUES
from etl.extract.quotes.marks import DOUBLE_MARKS

def token_at(doc, char: int):
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def sent_index(doc, char: int) -> int:
    t = token_at(doc, char)
    return t.sent.start if t is not None else 0


def clean_name(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"^(?:the)\s+", "", text, flags=re.I) if text.lower().startswith("the ") and text[4:5].isupper() else text
    return re.sub(r"(?:['’]s|['’])$", "", text).strip(" ,.;:-–—\"“”'‘’()")


def subject_phrase(tok) -> str:
    """The noun phrase without relative clauses, appositives and trailing clauses."""
    doc = tok.doc
    left = tok.left_edge.i
    right = tok.i
    for child in tok.rights:
        if child.dep_ in {"prep", "compound", "amod", "nummod", "poss"}:
            right = max(right, child.right_edge.i)
        else:
            break
    for child in tok.lefts:
        if child.dep_ in {"relcl", "acl", "punct"} or child.text in DOUBLE_MARKS:
            left = max(left, child.right_edge.i + 1)
    # stop at a relative clause or comma inside the right part
    for i in range(tok.i + 1, right + 1):
        if doc[i].dep_ in {"relcl", "acl"}:
            right = min(right, doc[i].left_edge.i - 1)
        if doc[i].text in {",", "(", "—", "–"} or doc[i].text in DOUBLE_MARKS:
            right = min(right, i - 1)
        if i >= right:
            break
    words = doc[left:right + 1].text.strip(" ,")
    if len(words.split()) > 12:
        words = " ".join(doc[max(left, tok.i - 4):tok.i + 1].text.split())
    return words


def subject_of(verb, quoted=()):
    text = text_of(verb.doc)

    def pick(v):
        # the nearest subject in the verb's own paragraph ("12:15 p.m.\n\nTrump says": the
        # parser can hang a heading on the verb as a second subject)
        subs = [c for c in v.children if c.dep_ in SUBJ_DEPS and not in_ranges(c, quoted)
                and "\n" not in text[min(c.idx, v.idx):max(c.idx, v.idx)]]
        return min(subs, key=lambda c: abs(c.i - v.i)) if subs else None
    subj = pick(verb)
    v = verb
    while subj is None and v.dep_ in {"conj", "xcomp", "advcl", "pcomp"}:
        if v.dep_ == "pcomp" and v.head.pos_ == "ADP" and v.head.head.pos_ in {"VERB", "AUX"}:
            v = v.head  # "they published the results by announcing that ..."
        elif v.head.pos_ not in {"VERB", "AUX"}:
            break
        v = v.head
        subj = pick(v)
    if subj is None and verb.dep_ in {"acl", "relcl"} and verb.head.pos_ in {"NOUN", "PROPN"}:
        subj = verb.head
    return subj


def in_ranges(tok, ranges) -> bool:
    return any(s <= tok.idx < e for s, e in ranges)


def subject_between(verb, quoted):
    """“...,” Flynn, a top surrogate, said: the parser hung the name on the quotation; take the
    noun phrase between the closing mark and the verb."""
    doc = verb.doc
    k = verb.i - 1
    while k >= verb.sent.start and not (doc[k].text in DOUBLE_MARKS or in_ranges(doc[k], quoted)):
        k -= 1
    if k < verb.sent.start or verb.i - k > 16:
        return None
    region = [t for t in doc[k + 1:verb.i] if not t.is_punct]
    if not region or any(t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"amod", "compound"} for t in region):
        return None
    nouns = [t for t in region if t.pos_ in {"PROPN", "NOUN", "PRON"}]
    return nouns[0] if nouns else None


def cue_verbs(sent, quoted, strong_only=False):
    for tok in sent:
        if in_ranges(tok, quoted):
            continue
        if tok.lemma_.lower() in CUE_LEMMAS and tok.pos_ in {"VERB", "AUX"}:
            if strong_only and tok.lemma_.lower() in WEAK_CUES:
                continue
            subj = subject_of(tok, quoted)
            if subj is None:
                subj = subject_between(tok, quoted)
            if subj is not None and not in_ranges(subj, quoted):
                yield tok, subj
