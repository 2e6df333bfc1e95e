"""Candidate names of an article: the model's entity spans repaired (split at dashes and lists,
trimmed, extended across particles), plus names syntax, titles and the gazetteer find that the
model missed, capital lines, the byline slot."""
from __future__ import annotations

import re
from collections import Counter

from etl.extract.context import DocContext, text_of
from etl.extract.entities import gazetteer
from etl.extract.entities.vocab import (  # noqa: F401
    MORE_TITLES, NAME_PARTICLES, PERSON_TITLES, PLACE_NOUNS,
)
from etl.extract.entities.names import (  # noqa: F401
    Mention, _CREDENTIAL, _LABELS, _LOOSE_LABELS, _after_name, _attached, _common_word, _hyphen_adjective, _in_ranges, _is_acronym, _mention, _org_like, _pieces, _place, _trim, name_key,
)


def _caps_lines(doc) -> list[tuple[int, int]]:
    """Char ranges of lines written in capitals (headlines, section heads like 'GERMANY - ')."""
    text = text_of(doc)
    out = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        words = re.findall(r"[A-Za-z][A-Za-z'.]*", line)
        words = [w for w in words if sum(c.isalpha() for c in w) >= 2]
        if not words:
            continue
        upper = sum(1 for w in words if w.isupper())
        if len(words) >= 3 and upper >= 0.8 * len(words):
            out.append((start, end))
            continue
        # a capital head before a dash: "GERMANY - Bunds extended losses"
        m = re.match(r"\s*([A-Z][A-Z .'&]+?)\s+[-–—]\s", line)
        if m and sum(c.isalpha() for c in m.group(1)) >= 3:
            out.append((start + m.start(1), start + m.end(1)))
    return out


def _collect(doc, caps) -> tuple[list[tuple[Mention, object]], set[str]]:
    items: list[tuple[Mention, object]] = []
    norp: set[str] = set()
    for span in doc.ents:
        if span.label_ == "NORP":
            norp.add(name_key(span.text))
            continue
        if span.label_ not in _LABELS:
            continue
        if _in_ranges(span.start_char, span.end_char, caps):
            continue  # capital lines are read separately
        label = span.label_
        if label in {"FAC", "LOC", "GPE"} and span[-1].like_num and len(span) <= 3:
            continue  # a numbered road or route ("Interstate 95", "Route 66", "A38"), not a place name
        if label == "PERSON":
            span = _extend_person(span)
        for toks in _split_lists(list(_pieces(span))):
            got = _mention(doc, _trim(toks, label not in {"GPE", "LOC", "FAC"}), label)
            if got and _CREDENTIAL.fullmatch(got[0].text) and (label == "PERSON" or _after_name(got[1])):
                continue  # "Miriam Brandt, M.S., R.D.": degrees after a name, not people or places
            if got:
                items.append(got)
    taken = {t.i for m, span in items for t in span}
    for toks in _place_noun_names(doc):
        if any(t.i in taken for t in toks) or _in_ranges(toks[0].idx, toks[-1].idx + len(toks[-1]), caps):
            continue
        got = _mention(doc, toks, "SYN")
        if got:
            items.append(got)
            taken.update(t.i for t in toks)
    for toks in _titled_names(doc, taken, caps):
        got = _mention(doc, toks, "PERSON")
        if got:
            items.append(got)
            taken.update(t.i for t in toks)
    for toks in _gazetteer_names(doc, taken, caps):
        got = _mention(doc, toks, "GAZ")
        if got:
            items.append(got)
            taken.update(t.i for t in toks)
    return items, norp


_ALL_TITLES = frozenset(PERSON_TITLES | MORE_TITLES)
_TITLE_WORD = re.compile(r"\b([A-Z][A-Za-z]+)\b")  # a capitalised word: a title when in _ALL_TITLES


def _titled_names(doc, taken: set[int], caps):
    """Names after a capitalised title that the model missed or called something else ("Mayor
    Ivo Matić" read as a work of art, "Dr Helen Okoye"): one to three capitalised words, the
    title itself (and a second one, "Mr Justice Pemberton") left out."""
    text = text_of(doc)
    for m in _TITLE_WORD.finditer(text):
        if m.group(1).lower() not in _ALL_TITLES:
            continue
        t = doc.char_span(m.start(1), m.end(1))
        if t is None or len(t) != 1 or t[0].i in taken:
            continue
        t = t[0]
        i = t.i + 1
        while i < len(doc) and doc[i].text == ".":
            i += 1
        while i < len(doc) and doc[i].text[:1].isupper() and doc[i].lower_.rstrip(".") in _ALL_TITLES:
            i += 1
        run = []
        while i < len(doc) and len(run) < 4 and (doc[i].text[:1].isupper() and doc[i].is_alpha or _attached(doc[i])
                                                 or (run and doc[i].text == "-" and not doc[i].whitespace_)):
            run.append(doc[i])
            i += 1
        while run and not run[-1].is_alpha:
            run.pop()
        if not run or len(run) > 3 or any(x.i in taken or x.ent_type_ in {"GPE", "LOC", "NORP"} for x in run):
            continue
        if _in_ranges(run[0].idx, run[-1].idx + len(run[-1]), caps) or _org_like(name_key(" ".join(x.text for x in run))):
            continue
        if any(x.is_upper and len(x) > 1 for x in run) or _place(" ".join(x.text for x in run)) is not None:
            continue
        yield run


def _gazetteer_names(doc, taken: set[int], caps):
    """Names the model missed or mislabelled that the gazetteer knows as a country, a region, a
    named region or landmark ("Wall Street", "Middle East"), or a city of 100,000 or more: the
    longest run of up to four capitalised words, outside other names and capital lines. A
    single word that the article also writes in lower case, or a stop word, is left alone."""
    i = 0
    while i < len(doc):
        t = doc[i]
        if i in taken or not t.text[:1].isupper() or t.ent_type_ not in _LOOSE_LABELS or t.is_upper and len(t) > 3:
            i += 1
            continue
        hit = None
        for n in (4, 3, 2, 1):
            toks = list(doc[i:i + n])
            if len(toks) < n or any(x.i in taken or x.ent_type_ not in _LOOSE_LABELS or "\n" in x.whitespace_ for x in toks[:-1]):
                continue
            if any(x.i in taken or x.ent_type_ not in _LOOSE_LABELS for x in toks) or not toks[-1].text[:1].isupper():
                continue
            if _in_ranges(toks[0].idx, toks[-1].idx + len(toks[-1]), caps):
                continue
            text = doc[i:i + n].text
            place = _place(text)
            if place is None:
                continue
            if t.is_stop or any(x.is_upper for x in toks) or (n == 1 and (_common_word(doc, t) or t.pos_ != "PROPN")):
                continue
            if place.kind == "city" and place.population < 100_000:
                continue
            if n == 1 and place.kind == "region" and place.population < 2:
                continue  # one-word ISO subdivisions are often plain words ("Central", "Western")
            nxt = doc[i + n] if i + n < len(doc) else None
            prev = doc[i - 1] if i > 0 else None
            if (nxt is not None and nxt.text[:1].isupper() and not nxt.is_punct and "\n" not in toks[-1].whitespace_) \
                    or (prev is not None and prev.text[:1].isupper() and prev.pos_ == "PROPN" and not prev.is_sent_start):
                continue  # part of a longer name ("Atlanta Games", "PSV Eindhoven")
            if (nxt is not None and nxt.like_num) or (prev is not None and prev.like_num and not prev.is_sent_start):
                continue  # "Atlanta 71 48": a side in a results table, not where something is
            if _hyphen_adjective(doc[i:i + n]):
                continue
            hit = toks
            break
        if hit:
            yield hit
            i += len(hit)
        else:
            i += 1


def _split_lists(pieces):
    """A span that runs over a list: 'Oval, London' (a venue, then the known place it is in) and
    'Laurent Cabannes and Laurent Benezech' (two names of two words or more) are two names."""
    for toks in pieces:
        cut = None
        for j, t in enumerate(toks):
            if 0 < j < len(toks) - 1 and t.text == ",":
                right = toks[j + 1:]
                right_text = " ".join(r.text for r in right)
                if right[0].text[:1].isupper() and toks[j - 1].text[:1].isupper() \
                        and (_place(right_text) is not None or gazetteer.state_abbreviation(right[0].doc[right[0].i:right[-1].i + 1].text)):
                    cut = (j, j + 1)
            elif 1 < j < len(toks) - 2 and t.lower_ == "and":
                left, right = toks[:j], toks[j + 1:]
                if all(x.text[:1].isupper() and x.pos_ == "PROPN" for x in left + right) \
                        and not _org_like(name_key(" ".join(x.text for x in left + right))):
                    cut = (j, j + 1)
        if cut is None:
            yield toks
        else:
            yield toks[:cut[0]]
            yield toks[cut[1]:]


def _extend_person(span):
    """'Bob Estes shot a 67' tagged as the person 'Bob' alone: a person span whose last word is a
    compound of the unlabelled proper noun after it takes that noun in."""
    doc = span.doc
    end = span.end
    # "Jan van der" + "Heijden": a span that stops on particles takes the capitalised word after them
    while end < len(doc) and span[-1].lower_ in NAME_PARTICLES and doc[end].text[:1].isupper() \
            and doc[end].is_alpha:
        end += 1
        span = doc[span.start:end]
    while end < len(doc) and doc[end].ent_iob_ == "O" and doc[end].pos_ == "PROPN" \
            and doc[end].is_title and doc[end - 1].head.i == end and doc[end - 1].dep_ == "compound" \
            and not doc[end - 1].whitespace_.count("\n") and not _common_word(doc, doc[end]):
        end += 1
        # a hyphenated part goes with it ("Li In-mo")
        while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
                and not doc[end].whitespace_ and doc[end + 1].is_alpha:
            end += 2
    return doc[span.start:end] if end > span.end else span


def _proper_run(doc, i: int, step: int) -> list:
    """Capitalised proper-noun tokens from i going in direction step (-1 left, +1 right)."""
    out = []
    while 0 <= i < len(doc) and doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper() and not doc[i].is_upper:
        if i > 0 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_:
            break  # "mainly-Moslem": glued to the word before, not part of a name
        out.append(doc[i])
        i += step
    return out[::-1] if step < 0 else out


def _place_noun_names(doc):
    """Names the model missed (or called a nationality or a quantity) that syntax makes places:
    "the town of Uyo", "the mining town of Moengo", "Huize county", "the Sikhin village"."""
    for t in doc:
        if not t.is_lower or t.pos_ != "NOUN" or t.lemma_ not in PLACE_NOUNS:
            continue
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ == "of" and nxt.head.i == t.i:
            run = _proper_run(doc, t.i + 2, 1)
            if run and any(r.dep_ == "pobj" and r.head.i == nxt.i for r in run):
                yield run
        run = _proper_run(doc, t.i - 1, -1)
        while len(run) > 1 and run[0].ent_type_ == "NORP":
            run = run[1:]  # "the mainly-Moslem North Caucasus region"
        before = doc[run[0].i - 1].lower_ if run and run[0].i > 0 else ""
        if run and before not in {"a", "an"} and run[-1].head.i == t.i and run[-1].dep_ in {"compound", "nmod", "amod"}:
            yield run  # not "a Moslem village": with "a" the word describes, it does not name


def _split_swallowed(items, doc):
    """'Mizoram Zoramthanga' → 'Mizoram' + 'Zoramthanga' when both halves stand on their own
    (a gazetteer place, or a name mentioned alone elsewhere in the article)."""
    alone = Counter(name_key(m.text) for m, _ in items)
    out = []
    for m, span in items:
        toks = [t for t in span if not t.is_punct or t.text == "."]
        done = False
        if len(toks) >= 2 and _place(m.text) is None:
            for cut in range(1, len(span)):
                left, right = span[:cut], span[cut:]
                if not left.text[:1].isupper() or not right.text[:1].isupper() or left[-1].is_punct:
                    continue
                lk, rk = name_key(left.text), name_key(right.text)
                lp, rp = _place(left.text), _place(right.text)
                l_ok = (lp is not None and lp.kind in {"country", "region"}) or alone.get(lk, 0) > 0
                r_ok = (rp is not None and rp.kind in {"country", "region"}) or alone.get(rk, 0) > 0
                if m.label == "PERSON" and not (lp is not None and lp.kind in {"country", "region"} or rp is not None and rp.kind in {"country", "region"}):
                    continue  # a person's first name and surname, each used alone elsewhere
                if l_ok and r_ok:
                    for part in (left, right):
                        got = _mention(doc, list(part), m.label)
                        if got:
                            out.append(got)
                    done = True
                    break
        if not done:
            out.append((m, span))
    return out


def _byline(ctx: DocContext) -> tuple[Mention, object] | None:
    """A headline slot holding only a name of two or three proper nouns is a byline
    ("Adrian Warner"): a person, whatever the model labels it."""
    title = ctx.article.title
    if not title or not re.fullmatch(r"[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?(?: (?:[A-Z]\.|[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?)){1,2}", title.strip()):
        return None
    doc = ctx.doc
    span = doc.char_span(0, len(title.strip()), alignment_mode="expand")
    if span is None or any(t.pos_ != "PROPN" for t in span if t.is_alpha):
        return None
    k = name_key(title)
    if _org_like(k) or _place(title) is not None or any(_place(w) is not None and _place(w).kind == "country" for w in title.split()):
        return None
    return _mention(doc, list(span), "BYLINE")


def _caps_mentions(doc, caps, person_keys: dict[str, str], place_keys: set[str],
                   other_keys: set[str] = frozenset()) -> list[tuple[Mention, object, str, str]]:
    """Names in ALL-CAPS lines, matched case-insensitively against names found elsewhere in the
    article (a surname matches its person, a club's name the club, which is skipped), else
    against the gazetteer's countries, regions and larger cities."""
    out = []
    for s, e in caps:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        toks = [t for t in span]
        i = 0
        while i < len(toks):
            hit = None
            for n in (4, 3, 2, 1):
                chunk = toks[i:i + n]
                if len(chunk) < n or any(not (t.is_alpha or t.text in {".", "'", "-"} or re.fullmatch(r"[A-Za-z.'-]+", t.text)) for t in chunk):
                    continue
                if any(t.is_space or "\n" in t.text for t in chunk):
                    continue
                text = doc[chunk[0].i: chunk[-1].i + 1].text
                k = name_key(text)
                if not k or not any(c.isalpha() for c in k):
                    continue
                if k in other_keys:
                    hit = (n, "other", k)  # "STANDARD LIEGE": the club, not the city
                elif k in person_keys:
                    hit = (n, "person", person_keys[k])
                elif k in place_keys:
                    hit = (n, "place", k)
                else:
                    p = _place(text.title()) if not _is_acronym(text) else _place(text)
                    common = n == 1 and (chunk[0].is_stop or len(k) < 4)
                    if p is not None and not common and (p.kind in {"country", "region"} or p.population >= 200_000):
                        hit = (n, "place", k)
                if hit:
                    break
            if hit:
                n, kind, k = hit
                got = _mention(doc, toks[i:i + n], "CAPS")
                if got:
                    out.append((got[0], got[1], kind, k))
                i += n
            else:
                i += 1
    return out
