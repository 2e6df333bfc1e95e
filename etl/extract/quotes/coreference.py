"""Speakers from subject phrases, and what pronouns ("she said"), definite descriptions ("the
senator said"), media ("the clip says"), "they" and "it" refer to."""
from __future__ import annotations

from dataclasses import dataclass, field

from etl.extract.context import DocContext, text_of
from etl.extract.quotes.lexicon import (AUTHOR_VERBS, DOCUMENT_NOUNS, GENDERED_NOUNS, MEDIA_CLASS,
                                        ORG_NOUNS, PLURAL_PRONOUNS, PRONOUN_GENDER, RELATIVE_PRONOUNS,
                                        ROLE_NOUNS, SUBJ_DEPS)
from etl.extract.quotes.lexicon import OUTLET_NAME, OUTLET_NOUNS, TITLE_ABBREVIATIONS
from etl.extract.quotes.mentions import People
from etl.extract.quotes.syntax import clean_name, sent_index, subject_of, subject_phrase, token_at

@dataclass
class Referent:
    """A possible antecedent for a pronoun: a person, or an unnamed source described earlier."""
    speaker: str
    kind: str
    person: str | None
    gender: str | None
    pos: int  # doc char offset
    subject: bool = False
    rank: int = 2  # 0 = attributed speaker, 1 = subject mention, 2 = other mention



@dataclass
class Speaker:
    speaker: str | None
    kind: str
    person: str | None
    cue: str | None
    gender: str | None = None
    pos: int = -1
    referent: int | None = field(default=None)  # person index
    via: str = ""  # how it was found: cue, pronoun, definite, media, continuation, context, ...


NO_SPEAKER = Speaker(None, "unknown", None, None)


class Resolver:
    def __init__(self, ctx: DocContext, quoted: list[tuple[int, int]]):
        self.ctx = ctx
        self.doc = ctx.doc
        self.quoted = quoted
        self.people = People(ctx, quoted)
        self.speakers: list[Speaker] = []  # attributed so far, in text order
        self._mention_refs: list[Referent] | None = None

    def in_quote(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.quoted)

    # -- referents for pronouns
    def candidates_before(self, pos: int) -> list[Referent]:
        if self._mention_refs is None:
            self._mention_refs = self._mention_referents()
        out = [r for r in self._mention_refs if r.pos < pos]
        for sp in self.speakers:
            if sp.speaker and 0 <= sp.pos < pos and sp.kind in {"person", "anonymous"}:
                out.append(Referent(sp.speaker, sp.kind, sp.person, sp.gender, sp.pos, True, 0))
        return out

    def _mention_referents(self) -> list[Referent]:
        out: list[Referent] = []
        doc = self.doc
        for s, e, i in self.people.mentions:
            tok = token_at(doc, s)
            subject = False
            if tok is not None:
                span = doc.char_span(s, e, alignment_mode="expand")
                root = span.root if span is not None else tok
                subject = root.dep_ in SUBJ_DEPS or (root.dep_ == "appos" and root.head.dep_ in SUBJ_DEPS)
                # a person introduced with a description ("..., which concerns Henry Crespo, president
                # of the caucus.") is about to be quoted as much as a subject is
                subject = subject or any(c.dep_ == "appos" and c.pos_ == "NOUN" for c in root.children)
            name = self.people.name(i)
            out.append(Referent(name, "person", name, self.people.gender[i], s, subject, 1 if subject else 2))
        return out

    def resolve_pronoun(self, tok) -> Speaker | None:
        gender = PRONOUN_GENDER.get(tok.lower_)
        cands = self.candidates_before(tok.idx)
        if not cands:
            return None
        doc = self.doc
        sent_of = {}

        text = text_of(doc)

        def sent_start(pos):
            # sentences, also cut at paragraph breaks (the parser sometimes runs over them)
            if pos not in sent_of:
                t = token_at(doc, pos)
                s_char = t.sent.start_char if t is not None else 0
                sent_of[pos] = max(s_char, text.rfind("\n", 0, pos) + 1)
            return sent_of[pos]

        cur = sent_start(tok.idx)
        near = {cur}
        k = tok.sent.start - 1
        while k >= 0 and doc[k].is_space:
            k -= 1
        if k >= 0:
            near.add(sent_start(doc[k].idx))
        ok = [c for c in cands if gender is None or c.gender is None or c.gender == gender]
        ok = [c for c in ok if sent_start(c.pos) != cur or c.pos < tok.idx]
        if not ok:
            return None
        # walk back sentence by sentence (the current one included): the nearest sentence with a
        # subject or an attributed speaker wins; objects only when no subject is near
        sents = sorted({sent_start(c.pos) for c in ok}, reverse=True)[:8]
        for rank_limit in (1, 2):
            for n, ss in enumerate(sents):
                here = [c for c in ok if sent_start(c.pos) == ss and c.rank <= rank_limit]
                if not here and n == 0 and gender and ss in near and not self._named_subject(ss):
                    # the sentence just before mentions one person of the pronoun's gender, though
                    # not as a subject ("with Hillary Clinton lambasting the plan. “...,” she said.")
                    objs = [c for c in ok if sent_start(c.pos) == ss and c.gender == gender and not self._modifier(c.pos)]
                    if len({c.speaker for c in objs}) == 1:
                        here = objs
                if not here:
                    continue
                known = [c for c in here if c.gender == gender] if gender else here
                pool = known or here
                best = min(pool, key=lambda c: (c.rank, -c.pos))
                return Speaker(best.speaker, best.kind, best.person, None, best.gender)
        return None

    def _named_subject(self, sent_char: int) -> bool:
        """The sentence's main clause has a proper-noun or pronoun subject (someone we may not know)."""
        t = token_at(self.doc, sent_char)
        if t is None:
            return False
        root = t.sent.root
        return any(c.dep_ in SUBJ_DEPS and (c.pos_ == "PROPN" or c.lower_ in PRONOUN_GENDER) for c in root.children)

    def _modifier(self, char: int) -> bool:
        t = token_at(self.doc, char)
        while t is not None and t.dep_ == "compound":
            t = t.head
        return t is not None and t.dep_ == "compound" or (t is not None and t.idx != char and t.pos_ == "NOUN")

    def resolve_definite(self, tok) -> Speaker | None:
        """"the senator", "the New York businessman": the most recent fitting person."""
        cands = [c for c in self.candidates_before(tok.idx) if c.kind == "person"]
        if not cands:
            return None
        head = tok.lemma_.lower()
        g = "f" if head in GENDERED_NOUNS["f"] else "m" if head in GENDERED_NOUNS["m"] else None
        roles = {}
        for i, p in enumerate(self.people.rows):
            roles[self.people.name(i)] = (p.get("role") or "").lower()
        fitting = [c for c in cands if head in roles.get(c.speaker, "") or head[:3] in roles.get(c.speaker, "")]
        pool = fitting or [c for c in cands if g is None or c.gender in (None, g)]
        if not pool:
            return None
        best = max(pool, key=lambda c: (c.pos, -c.rank))
        # prefer the most recent subject/speaker over a later object mention
        subj = [c for c in pool if c.rank < 2]
        if subj and not fitting:
            best = max(subj, key=lambda c: c.pos)
        return Speaker(best.speaker, best.kind, best.person, None, best.gender)

    # -- subject phrase → speaker
    def from_subject(self, subj, cue: str) -> Speaker | None:
        doc = self.doc
        if subj.lower_ in RELATIVE_PRONOUNS and subj.head.dep_ in {"relcl", "acl"}:
            subj = subj.head.head
        elif subj.lower_ in {"who", "which"} and subj.i > 0:
            # a relative clause the parser did not attach: the noun just before the pronoun
            prev = doc[subj.i - 1] if doc[subj.i - 1].text != "," or subj.i < 2 else doc[subj.i - 2]
            if prev.pos_ in {"NOUN", "PROPN"}:
                subj = prev
        if subj.lower_ in PRONOUN_GENDER:
            sp = self.resolve_pronoun(subj)
            if sp is None:
                return None
            sp.cue, sp.via = cue, "pronoun"
            return sp
        if subj.lower_ in PLURAL_PRONOUNS or subj.lower_ in {"i", "you", "it", "this", "there", "who", "which", "that", "what"} or (subj.lower_ == "one" and not list(subj.children)):
            if subj.lower_ in PLURAL_PRONOUNS:
                return self.resolve_plural(subj, cue)
            if subj.lower_ == "it":
                return self.resolve_it(subj, cue)
            return None
        if subj.lower_.endswith("-old") or subj.lower_ == "old" and subj.doc[max(0, subj.i - 3):subj.i].text.replace(" ", "").lower().endswith(("year-", "years-", "year")):
            # "said the 46-year-old": an age standing for a person named before
            sp = self.resolve_definite(subj)
            if sp is not None:
                sp.cue = cue
                return sp
            return Speaker(subject_phrase(subj), "anonymous", None, cue, None, subj.idx)
        if subj.ent_type_ in {"DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"} and subj.lower_ not in {"one"}:
            if subj.ent_type_ != "PERCENT":
                return None
        # a person named in the core noun phrase
        idx = self._person_in_phrase(subj)
        if idx is not None:
            name = self.people.name(idx)
            return Speaker(name, "person", name, cue, self.people.gender[idx], subj.idx, idx)
        if subj.lower_.rstrip(".") in TITLE_ABBREVIATIONS or subj.text.rstrip(".").lower() in TITLE_ABBREVIATIONS:
            # "said Army Capt. Christian Pardo": the parser took the title for the head
            for k in range(subj.i + 1, min(len(doc), subj.i + 4)):
                idx = self.people.person_in(doc[k].idx, doc[k].idx + len(doc[k].text))
                if idx is not None:
                    name = self.people.name(idx)
                    return Speaker(name, "person", name, cue, self.people.gender[idx], subj.idx, idx)
        ent = next((e for e in doc.ents if e.start <= subj.i < e.end), None)
        if ent is not None and ent.label_ == "PERSON":
            name = clean_name(ent.text)
            return Speaker(name, "person", name, cue, None, subj.idx)
        det = next((c for c in subj.children if c.dep_ == "det"), None)
        if det is not None and det.lower_ in {"the", "this", "that"} and subj.lemma_.lower() in MEDIA_CLASS:
            sp = self.resolve_media(subj)
            if sp is not None:
                sp.cue, sp.via = cue, "media"
                return sp
        if (det is not None and det.lower_ in {"the", "this", "that"} and subj.lemma_.lower() in ROLE_NOUNS
                and subj.tag_ in {"NN", "NNP"} and not any(c.dep_ == "prep" and c.lower_ in {"of", "for", "at", "from", "with"} and c.i > subj.i for c in subj.children if c.lower_ != "of" or subj.lemma_.lower() in {"mother", "father"})):
            sp = self.resolve_definite(subj)
            if sp is not None:
                sp.cue, sp.via = cue, "definite"
                return sp
        if det is not None and det.lower_ in {"the", "this", "that"} and subj.lemma_.lower() in OUTLET_NOUNS:
            # "the newspaper said" when the article named the Washington Post before
            sp = self.resolve_outlet(subj)
            if sp is not None:
                sp.cue, sp.via = cue, "definite"
                return sp
        if ent is not None and ent.label_ in {"ORG", "GPE", "NORP", "FAC", "WORK_OF_ART", "PRODUCT"} and ent.root.i == subj.i or (ent is not None and ent.label_ == "ORG"):
            kind = "group" if ent.label_ == "NORP" and subj.tag_ in {"NNS", "NNPS"} else "organization"
            name = clean_name(ent.text)
            return Speaker(self.fullest_org(name) if kind == "organization" else name, kind, None, cue, None, subj.idx)
        phrase = subject_phrase(subj)
        if not phrase or not any(ch.isalpha() for ch in phrase):
            return None
        head = subj.lemma_.lower()
        if head in ORG_NOUNS or subj.tag_ == "NNP" or subj.tag_ == "NNPS" and head not in ROLE_NOUNS:
            kind = "organization"
        elif subj.tag_ in {"NNS", "NNPS"} or subj.ent_type_ == "PERCENT" or head in {"majority", "most", "many", "some", "all", "half", "percent"}:
            kind = "group"
        else:
            kind = "anonymous"
        gender = None
        for t in subj.subtree:
            if t.lower_ in {"her", "she", "herself"} or t.lemma_.lower() in GENDERED_NOUNS["f"]:
                gender = "f"
                break
            if t.lower_ in {"his", "he", "himself"} or t.lemma_.lower() in GENDERED_NOUNS["m"]:
                gender = "m"
                break
        return Speaker(phrase, kind, None, cue, gender, subj.idx)

    def resolve_outlet(self, tok) -> Speaker | None:
        """"the newspaper", "the network": the nearest outlet named before, outside quotes."""
        best = None
        for e in self.doc.ents:
            if e.start_char >= tok.idx:
                break
            if e.label_ in {"ORG", "WORK_OF_ART", "PERSON"} and OUTLET_NAME.search(e.text) and not self.in_quote(e.start_char) \
                    and tok.idx - e.start_char < 3000:
                best = e
        if best is None:
            return None
        words = best.text.split()
        while words and not words[-1][:1].isupper():
            words.pop()  # "National Post he": the tagger ran the name into the next word
        return Speaker(self.fullest_org(clean_name(" ".join(words))), "organization", None, None, None, tok.idx)

    def resolve_media(self, tok) -> Speaker | None:
        """"the article said", "the clip says": the author or outlet of the nearest earlier mention
        of such a piece ("a New York Times article", "a web video by the Republican National
        Committee", "Mariano wrote a memoir"), skipping earlier mentions that name nobody."""
        doc = self.doc
        cls = MEDIA_CLASS[tok.lemma_.lower()]
        for k in range(tok.i - 1, max(-1, tok.i - 250), -1):
            t = doc[k]
            if MEDIA_CLASS.get(t.lemma_.lower()) != cls or t.pos_ not in {"NOUN", "PROPN"} or self.in_quote(t.idx):
                continue
            author = self._author_of(t)
            if author is not None:
                return author
        return None

    def _author_of(self, noun) -> Speaker | None:
        for c in noun.children:
            if c.dep_ == "poss" and c.lower_ not in {"his", "her", "its", "their", "my", "our", "your"}:
                return self._named(c)
        for c in noun.children:
            if c.dep_ == "compound" and c.ent_type_ in {"ORG", "PERSON"}:
                return self._named(c)
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in {"by", "from"}:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None and (pobj.ent_type_ in {"ORG", "PERSON"} or pobj.pos_ == "PROPN"):
                    return self._named(pobj)
        if noun.dep_ == "dobj" and noun.head.lemma_.lower() in AUTHOR_VERBS:
            subj = subject_of(noun.head, self.quoted)
            if subj is not None and subj.pos_ == "PROPN":
                return self._named(subj)
        return None

    def _named(self, tok) -> Speaker | None:
        idx = self._person_in_phrase(tok)
        if idx is not None:
            name = self.people.name(idx)
            return Speaker(name, "person", name, None, self.people.gender[idx], tok.idx, idx)
        ent = next((e for e in self.doc.ents if e.start <= tok.i < e.end), None)
        if ent is None or ent.label_ not in {"ORG", "PERSON", "NORP", "GPE"}:
            return None
        if ent.label_ == "PERSON":
            name = clean_name(ent.text)
            return Speaker(name, "person", name, None, None, tok.idx)
        return Speaker(self.fullest_org(clean_name(ent.text)), "organization", None, None, None, tok.idx)

    def fullest_org(self, name: str) -> str:
        """"Times" → "New York Times" when the article names the organisation in full elsewhere."""
        best = name
        if name in self.people.form_person:
            return name
        for e in self.doc.ents:
            if e.label_ == "ORG" and not self.in_quote(e.start_char):
                full = clean_name(e.text)
                if len(full) > len(best) and full.endswith(" " + name):
                    best = full
        return best

    def resolve_plural(self, tok, cue: str) -> Speaker | None:
        for sp in reversed(self.speakers):
            if sp.pos < tok.idx and sp.kind in {"group", "organization"} and sp.speaker:
                if tok.sent.start - sent_index(self.doc, sp.pos) <= 60:
                    return Speaker(sp.speaker, sp.kind, sp.person, cue, None, tok.idx)
        return None

    def resolve_it(self, tok, cue: str) -> Speaker | None:
        for sp in reversed(self.speakers):
            if sp.pos < tok.idx and sp.kind == "organization" and sp.speaker:
                if tok.sent.start - sent_index(self.doc, sp.pos) <= 60:
                    return Speaker(sp.speaker, sp.kind, sp.person, cue, None, tok.idx)
        return None

    def _person_in_phrase(self, subj) -> int | None:
        doc = self.doc
        # the head itself and its flat name parts
        idx = self.people.person_in(subj.idx, subj.idx + len(subj.text))
        if idx is not None:
            return idx
        for child in subj.children:
            if child.dep_ in {"compound", "appos", "nmod", "npadvmod"}:
                sub = doc[child.left_edge.i:child.right_edge.i + 1]
                if child.dep_ == "compound" or child.dep_ in {"appos", "nmod", "npadvmod"}:
                    idx = self.people.person_in(sub.start_char, sub.end_char)
                    if idx is not None and not self.in_quote(sub.start_char):
                        return idx
            if child.dep_ == "poss" and subj.lemma_.lower() in DOCUMENT_NOUNS:
                idx = self.people.person_in(child.idx, child.idx + len(child.text))
                if idx is not None:
                    return idx
            if child.dep_ == "prep" and child.lower_ == "of" and subj.lemma_.lower() in ROLE_NOUNS:
                # "senior elected official of Mizoram Zoramthanga": a name glued to a place
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and any(c.dep_ == "compound" for c in pobj.children):
                        idx = self.people.person_in(pobj.idx, pobj.idx + len(pobj.text))
                        if idx is not None:
                            return idx
        return None
