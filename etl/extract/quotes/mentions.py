"""Where each person the people extractor found is mentioned in the Doc, and their gender."""
from __future__ import annotations

import re

from etl.extract.context import DocContext, text_of
from etl.extract.quotes.lexicon import (FEMALE_NAMES, GENDERED_NOUNS, HONORIFIC_GENDER, MALE_NAMES,
                                        PRONOUN_GENDER)
from etl.extract.quotes.syntax import token_at

SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


class People:
    """Where each person of ctx.people is mentioned in the Doc, and their gender if the text tells."""

    def __init__(self, ctx: DocContext, quoted: list[tuple[int, int]]):
        self.ctx = ctx
        doc = ctx.doc
        text = text_of(doc)
        self.rows = [p for p in ctx.people if p.get("name")]
        # the body outside quotation marks: "Crooked Hillary Clinton" from a quoted tweet is no
        # name the article itself uses
        chars = list(text)
        for s, e in quoted:
            chars[s:e] = " " * (e - s)
        body = "".join(chars)[ctx.body_offset:]
        self.names = [self._speaker_name(p, body) for p in self.rows]
        for i, n in enumerate(self.names):
            if n != self.rows[i]["name"] and " " not in n:
                # "Obama" from the headline fragment is the "Barack Obama" of the body
                fuller = [m for m in self.names if m != n and m.split()[-1] == n]
                if fuller:
                    self.names[i] = max(fuller, key=len)
        # A bare surname or alias several people share goes to the most salient bearer: the one
        # whose full name the text uses most, then the one named first ("Cruz" is Ted Cruz, not his
        # father Rafael named once), whatever the people extractor counted for the bare form.
        full_count = [len(re.findall(r"(?<!\w)" + re.escape(n) + r"(?!\w)", text)) if " " in n else 0 for n in self.names]
        first_pos = [text.find(n) if text.find(n) >= 0 else len(text) for n in self.names]
        counts = [int(p.get("mention_count") or 1) for p in self.rows]
        forms: dict[str, list[int]] = {}
        for idx, p in enumerate(self.rows):
            for n in [p["name"], self.names[idx], *(p.get("aliases") or [])]:
                n = " ".join(n.split())
                if len(n) >= 2 and idx not in forms.setdefault(n, []):
                    forms[n].append(idx)
        # surnames (and given names that the article uses alone are already aliases)
        for idx, name in enumerate(self.names):
            parts = [w for w in name.split() if w.lower().rstrip(".") not in SUFFIXES]
            if len(parts) > 1 and len(parts[-1]) > 1:
                forms.setdefault(parts[-1], [])
                if idx not in forms[parts[-1]]:
                    forms[parts[-1]].append(idx)
        self.form_person: dict[str, int] = {}
        for f, idxs in forms.items():
            whole = [i for i in idxs if f == self.names[i]]
            if whole:
                self.form_person[f] = max(whole, key=lambda i: counts[i])
            else:
                self.form_person[f] = max(idxs, key=lambda i: (full_count[i], -first_pos[i], counts[i]))
        self.mentions: list[tuple[int, int, int]] = []  # (start, end, person index), doc offsets
        if self.form_person:
            pattern = re.compile(r"(?<![\w])(" + "|".join(re.escape(f) for f in sorted(self.form_person, key=len, reverse=True)) + r")(?![\w])")
            for m in pattern.finditer(text):
                if any(s <= m.start() < e for s, e in quoted):
                    continue
                self.mentions.append((m.start(), m.end(), self.form_person[m.group(1)]))
        self.all_mentions = []
        if self.form_person:
            self.all_mentions = [(m.start(), m.end(), self.form_person[m.group(1)]) for m in pattern.finditer(text)]
        self.gender = [self._gender(i) for i in range(len(self.rows))]

    def _speaker_name(self, p: dict, body: str) -> str:
        """The row's name, unless the body never uses it outside quotation marks: a headline
        fragment the entity tagger glued to a name ("Trump Supporter Screams", "Obama To Asians
        Worried") or a quoted epithet ("Crooked Hillary Clinton") speaks under the longest of its
        aliases the body does use."""
        name = " ".join(p["name"].split())
        if not body or name in body:
            return name
        used = [a for a in (p.get("aliases") or []) if a and a in body and a in name]
        return max(used, key=len) if used else name

    def _gender(self, idx: int) -> str | None:
        p = self.rows[idx]
        votes = {"m": 0.0, "f": 0.0}
        first = p["name"].split()[0].lower().strip(".,")
        if first in MALE_NAMES:
            votes["m"] += 2
        if first in FEMALE_NAMES:
            votes["f"] += 2
        role = (p.get("role") or "").lower()
        for g, nouns in GENDERED_NOUNS.items():
            if any(re.search(rf"\b{n}\b", role) for n in nouns):
                votes[g] += 2
        text = text_of(self.ctx.doc)
        for s, _e, i in self.all_mentions:
            if i != idx:
                continue
            before = text[max(0, s - 6):s].lower()
            m = re.search(r"\b(mr|mrs|ms|miss|sir|lady|lord)\.?\s*$", before)
            if m:
                votes[HONORIFIC_GENDER[m.group(1)]] += 3
        if votes["m"] == votes["f"]:
            return self._pronoun_gender(idx)
        return "m" if votes["m"] > votes["f"] else "f"

    def _pronoun_gender(self, idx: int) -> str | None:
        """Pronouns in sentences that mention this person and no other."""
        doc = self.ctx.doc
        votes = {"m": 0, "f": 0}
        by_sent: dict[int, set[int]] = {}
        for s, _e, i in self.mentions:
            tok = token_at(doc, s)
            if tok is not None:
                by_sent.setdefault(tok.sent.start, set()).add(i)
        for sent_start, who in by_sent.items():
            if who != {idx}:
                continue
            sent = doc[sent_start].sent
            for tok in sent:
                g = PRONOUN_GENDER.get(tok.lower_) or ("m" if tok.lower_ in {"his", "himself"} else "f" if tok.lower_ in {"hers", "herself"} else None)
                if g:
                    votes[g] += 1
        if votes["m"] > votes["f"]:
            return "m"
        if votes["f"] > votes["m"]:
            return "f"
        return None

    def person_in(self, start: int, end: int) -> int | None:
        for s, e, i in self.mentions:
            if s < end and e > start:
                return i
        return None

    def name(self, idx: int) -> str:
        return self.names[idx]
