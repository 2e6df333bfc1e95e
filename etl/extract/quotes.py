"""Direct quotations and their speakers.

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

import re
from dataclasses import dataclass, field

from etl.extract.context import DocContext, text_of
from etl.extract.entities import SPEECH_LEMMAS

OPEN_CURLY, CLOSE_CURLY = "“", "”"
DOUBLE_MARKS = {OPEN_CURLY, CLOSE_CURLY, '"', "„", "«", "»"}

CUE_LEMMAS = set(SPEECH_LEMMAS) | {
    "tell", "say", "write", "tweet", "promise", "vow", "pledge", "boast", "joke", "quip", "muse",
    "scoff", "lament", "concede", "observe", "emphasize", "stress", "demand", "plead", "assert",
    "allege", "testify", "recount", "charge", "blast", "slam", "accuse", "criticize", "praise",
    "caution", "advise", "reiterate", "counter", "retort", "shout", "chant", "proclaim", "rule",
    "tout", "mock", "decry", "label", "dub", "brand", "characterize", "term", "rate", "deem",
    "describe", "call", "announce", "ask", "wonder", "question", "query", "agree", "estimate",
    "predict", "conclude", "find", "cite", "quote", "post", "email", "text", "message", "read",
    "joke", "sing", "yell", "scream", "exclaim", "whisper", "mutter", "recall", "remember",
    "acknowledge", "concur", "echo", "summarize", "sum", "put", "suggest", "indicate", "hint",
}
# Verbs that take a quote as a complement but are weak cues: only used when nothing better.
WEAK_CUES = {"put", "read", "find", "question", "remember", "sum", "indicate", "text", "message"}

SUBJ_DEPS = {"nsubj", "nsubjpass"}
PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
PLURAL_PRONOUNS = {"they", "we"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
HONORIFIC_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "madam": "f", "lady": "f", "lord": "m"}
GENDERED_NOUNS = {
    "f": {"woman", "mother", "wife", "daughter", "sister", "grandmother", "actress", "queen",
          "princess", "spokeswoman", "congresswoman", "chairwoman", "businesswoman", "girl",
          "lady", "widow", "aunt", "niece", "councilwoman", "anchorwoman", "first lady"},
    "m": {"man", "father", "husband", "son", "brother", "grandfather", "actor", "king", "prince",
          "spokesman", "congressman", "chairman", "businessman", "boy", "gentleman", "widower",
          "uncle", "nephew", "councilman", "anchorman"},
}
# Common given names (US/UK news); a person whose first name is here gets its gender.
MALE_NAMES = set("""
aaron adam adrian alan albert alex alexander andrew andy anthony antonio arthur austin barack ben
benjamin bernie bill billy bob bobby brad bradley brandon brian bruce bryan carl carlos charles
charlie chris christopher chuck cory craig dan daniel danny dave david dennis dick donald doug
douglas earl ed eddie edward eric ernest eugene frank fred gary george gerald glenn gordon greg
gregory harold harry henry howard ian jack jacob jake james jason jeb jeff jeffrey jeremy jerry
jesse jim jimmy joe joel john johnny jon jonathan jorge jose joseph josh joshua juan justin keith
ken kenneth kevin kyle larry lawrence lee leon louis luis marc marco mark martin matt matthew
michael mike mitch mitt nathan newt nicholas nick norman oscar patrick paul peter phil philip
ralph randy ray raymond reince richard rick rob robert roger ron ronald roy russell ryan sam
samuel scott sean sergei seth stephen steve steven ted terry thomas tim timothy todd tom tony
travis tyler victor vladimir walter wayne william willie xi francisco jared reid rudy rudolph
newton marco lindsey chad corey dale dean derek dylan evan frederick gabriel harvey herbert
hugh ivan jay jerome karl kurt lance leonard lloyd luke malcolm marvin maurice max mohammed
muhammad neil nigel omar otto pedro ramon reggie rex rodney ross rusty sanjay shawn sidney
stanley stuart trevor vincent wade warren wesley xavier zach zachary boris emmanuel angelo
""".split())
FEMALE_NAMES = set("""
abigail alice alicia allison amanda amy andrea angela ann anna anne ashley barbara betty
beverly brenda carla carmen carol caroline carolyn catherine cheryl christina christine cindy
claire connie cynthia dana deborah debra denise diana diane donna doris dorothy elizabeth ellen
emily emma erin esther evelyn gloria grace gwen hannah heather helen hillary huma ivana ivanka
jacqueline jane janet janice jean jennifer jessica jill joan joanne joyce judith judy julia julie
karen katherine kathleen kathy katie kay kelly kelly kellyanne kim kimberly laura lauren linda
lisa lori loretta louise lynn margaret maria marie marilyn martha mary megan melania melissa
michelle monica nancy natalie nicole nikki olivia pamela patricia paula peggy rachel rebecca
rose ruth sandra sara sarah sharon shirley sonia sophia stephanie susan suzanne tammy teresa
theresa tiffany tulsi valerie victoria virginia wanda wendy elaine condoleezza madeleine
angela theresa sheila marine christine donna debbie kristen kirsten tina roberta yvonne
sonya krystal jacklyn ariana azucena leslie tyresha minyon aparna carmel janet kamala
elena ruth sonia nadia olga irina yulia natalia aung ada agnes alison amber beth brittany
charlotte chelsea clara courtney crystal daisy danielle dolores eva faith felicia gina haley
heidi holly irene iris jan jasmine jenny jo joy kara kate kathryn kristin leah lily liz lucy
mandy marcia margaret maureen meg melinda mia miriam molly nina nora norma pam penny priscilla
regina rita robin sabrina sally samantha sasha shannon sue sylvia tanya tara tracy vanessa vera
""".split())
ROLE_NOUNS = {
    "senator", "governor", "congressman", "congresswoman", "businessman", "businesswoman",
    "billionaire", "mogul", "candidate", "nominee", "president", "lawmaker", "legislator", "mayor",
    "secretary", "minister", "chancellor", "premier", "leader", "chairman", "chairwoman",
    "speaker", "republican", "democrat", "former", "star", "developer", "tycoon", "host",
    "woman", "man", "mother", "father", "general", "justice", "judge", "prosecutor", "attorney",
    "director", "ambassador", "official", "spokesman", "spokeswoman", "actor", "actress",
    "veteran", "author", "writer", "economist", "professor", "executive", "representative",
    "congresswoman", "commander", "coach", "player", "activist", "pastor", "reverend", "doctor",
    "physician", "surgeon", "lawyer", "analyst", "strategist", "pollster", "adviser", "advisor",
    "aide", "manager", "founder", "ceo", "governor-elect", "president-elect", "vice", "wife",
    "husband", "daughter", "son", "sister", "brother", "chief", "head", "diplomat", "envoy",
}
ORG_NOUNS = {
    "ministry", "department", "agency", "campaign", "committee", "company", "government",
    "office", "police", "court", "party", "council", "commission", "organization", "organisation",
    "union", "firm", "bank", "administration", "newspaper", "network", "website", "site",
    "association", "institute", "foundation", "group", "center", "centre", "board", "army",
    "military", "navy", "corporation", "embassy", "senate", "house", "congress", "parliament",
    "cabinet", "team", "club", "league", "federation", "coalition", "alliance", "service",
    "bureau", "authority", "regulator", "fund", "university", "school", "hospital", "magazine",
    "paper", "station", "channel", "outlet", "publication", "panel", "tribunal", "secretariat",
    "spokesperson", "statement", "report", "study", "poll", "survey", "lawsuit", "ad",
    "advertisement", "memo", "letter", "filing", "brief", "complaint", "indictment", "ruling",
    "order", "release", "document", "book", "article", "editorial", "post", "tweet", "video", "clip",
}
# Heads that stand for the words of their possessor ("Ivana Trump's brief said").
DOCUMENT_NOUNS = {"statement", "brief", "letter", "tweet", "post", "email", "memo", "filing",
                  "lawsuit", "speech", "remarks", "op-ed", "column", "account", "message",
                  "book", "memoir", "testimony", "affidavit", "complaint", "website", "twitter"}
# Pieces that "say" things; "the clip says" stands for the author of the earlier "web video by X".
MEDIA_CLASS = {**{n: "video" for n in ("ad", "advertisement", "clip", "video", "spot", "commercial")},
               **{n: "text" for n in ("article", "story", "report", "book", "memoir", "column",
                                       "editorial", "piece", "op-ed", "essay", "memo")}}
AUTHOR_VERBS = {"write", "publish", "release", "air", "run", "launch", "unveil", "produce", "post", "have", "pen"}
TITLE_CUES = {"titled", "entitled", "nicknamed", "nickname", "dubbed", "called", "show", "program",
              "programme", "book", "film", "movie", "song", "series", "album", "project", "column",
              "operation", "forum", "hashtag", "slogan", "motto", "headline", "article", "essay",
              "documentary", "play", "novel", "newsletter", "commentary", "op-ed", "segment",
              "episode", "initiative", "campaign", "plan", "bill", "act", "day", "known"}
TITLE_PREPS = {"on", "in", "of", "from", "at", "to", "for", "with", "about"}
DASHES = "―—–-"


@dataclass
class QuoteSpan:
    start: int  # body offsets of the text inside the marks
    end: int
    pieces: list[tuple[int, int]]  # one (start, end) per paragraph for multi-paragraph quotes


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


def quote_text(body: str, pieces: list[tuple[int, int]]) -> str:
    """The quotation without its marks: paragraphs joined by one space."""
    return " ".join(body[s:e].strip() for s, e in pieces if body[s:e].strip())


# ---------------------------------------------------------------------------------- spans

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


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’']+", text)


def _is_title_case(words: list[str]) -> bool:
    small = {"a", "an", "the", "of", "in", "on", "and", "or", "for", "to", "with", "at", "by", "is"}
    caps = [w for w in words if w.lower() not in small]
    return bool(caps) and all(w[:1].isupper() or w[:1].isdigit() for w in caps) and words[0][:1].isupper()


def _looks_like_title(body: str, q: QuoteSpan, text: str) -> bool:
    """Titles of shows and books, nicknames and named events in marks ("The Apprentice")."""
    words = _words(text)
    if not words:
        return True
    if not _is_title_case(words) or len(words) > 10:
        return False
    if len(words) >= 4 and re.search(r"[.!?]\W*$", text) and not text.rstrip(" .,").istitle():
        return False
    before = body[max(0, q.start - 60):q.start - 1]
    prev_words = [w.lower() for w in _words(before)][-3:]
    if before.rstrip().endswith(("’s", "'s", "s’", "s'")):
        return True  # "CBS's “Face the Nation”"
    if prev_words and (prev_words[-1] in TITLE_PREPS or any(w in TITLE_CUES for w in prev_words)):
        return True
    after = [w.lower() for w in _words(body[q.end + 1:q.end + 30])][:2]
    if after and after[0] in {"show", "program", "programme", "series", "book", "campaign", "project", "forum", "initiative"}:
        return True
    return False


# ---------------------------------------------------------------------------------- people

class People:
    """Where each person of ctx.people is mentioned in the Doc, and their gender if the text tells."""

    def __init__(self, ctx: DocContext, quoted: list[tuple[int, int]]):
        self.ctx = ctx
        doc = ctx.doc
        text = text_of(doc)
        self.rows = [p for p in ctx.people if p.get("name")]
        forms: dict[str, list[int]] = {}
        counts = [int(p.get("mention_count") or 1) for p in self.rows]
        for idx, p in enumerate(self.rows):
            names = [p["name"], *(p.get("aliases") or [])]
            for n in names:
                n = " ".join(n.split())
                if len(n) >= 2:
                    forms.setdefault(n, []).append(idx)
        # surnames (and given names that the article uses alone are already aliases)
        for idx, p in enumerate(self.rows):
            parts = [w for w in p["name"].split() if w.lower().rstrip(".") not in {"jr", "sr", "ii", "iii", "iv"}]
            if len(parts) > 1 and len(parts[-1]) > 1:
                forms.setdefault(parts[-1], [])
                if idx not in forms[parts[-1]]:
                    forms[parts[-1]].append(idx)
        self.form_person: dict[str, int] = {}
        for f, idxs in forms.items():
            exact = [i for i in idxs if f == self.rows[i]["name"] or f in (self.rows[i].get("aliases") or [])]
            pool = exact or idxs
            self.form_person[f] = max(pool, key=lambda i: counts[i])
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
            tok = _token_at(doc, s)
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
        return self.rows[idx]["name"]


def _token_at(doc, char: int):
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


# ---------------------------------------------------------------------------------- speakers

@dataclass
class Speaker:
    speaker: str | None
    kind: str
    person: str | None
    cue: str | None
    gender: str | None = None
    pos: int = -1
    referent: int | None = field(default=None)  # person index


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
            tok = _token_at(doc, s)
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
                t = _token_at(doc, pos)
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
        t = _token_at(self.doc, sent_char)
        if t is None:
            return False
        root = t.sent.root
        return any(c.dep_ in SUBJ_DEPS and (c.pos_ == "PROPN" or c.lower_ in PRONOUN_GENDER) for c in root.children)

    def _modifier(self, char: int) -> bool:
        t = _token_at(self.doc, char)
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
        for p in self.people.rows:
            roles[p["name"]] = (p.get("role") or "").lower()
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
            sp.cue = cue
            return sp
        if subj.lower_ in PLURAL_PRONOUNS or subj.lower_ in {"i", "you", "it", "this", "there", "who", "which", "that", "what"} or (subj.lower_ == "one" and not list(subj.children)):
            if subj.lower_ in PLURAL_PRONOUNS:
                return self.resolve_plural(subj, cue)
            if subj.lower_ == "it":
                return self.resolve_it(subj, cue)
            return None
        if subj.ent_type_ in {"DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"} and subj.lower_ not in {"one"}:
            if subj.ent_type_ != "PERCENT":
                return None
        # a person named in the core noun phrase
        idx = self._person_in_phrase(subj)
        if idx is not None:
            name = self.people.name(idx)
            return Speaker(name, "person", name, cue, self.people.gender[idx], subj.idx, idx)
        ent = next((e for e in doc.ents if e.start <= subj.i < e.end), None)
        if ent is not None and ent.label_ == "PERSON":
            name = _clean(ent.text)
            return Speaker(name, "person", name, cue, None, subj.idx)
        det = next((c for c in subj.children if c.dep_ == "det"), None)
        if det is not None and det.lower_ in {"the", "this", "that"} and subj.lemma_.lower() in MEDIA_CLASS:
            sp = self.resolve_media(subj)
            if sp is not None:
                sp.cue = cue
                return sp
        if (det is not None and det.lower_ in {"the", "this", "that"} and subj.lemma_.lower() in ROLE_NOUNS
                and subj.tag_ in {"NN", "NNP"} and not any(c.dep_ == "prep" and c.lower_ in {"of", "for", "at", "from", "with"} and c.i > subj.i for c in subj.children if c.lower_ != "of" or subj.lemma_.lower() in {"mother", "father"})):
            sp = self.resolve_definite(subj)
            if sp is not None:
                sp.cue = cue
                return sp
        if ent is not None and ent.label_ in {"ORG", "GPE", "NORP", "FAC", "WORK_OF_ART", "PRODUCT"} and ent.root.i == subj.i or (ent is not None and ent.label_ == "ORG"):
            kind = "group" if ent.label_ == "NORP" and subj.tag_ in {"NNS", "NNPS"} else "organization"
            return Speaker(_clean(ent.text), kind, None, cue, None, subj.idx)
        phrase = _subject_phrase(subj)
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

    def resolve_media(self, tok) -> Speaker | None:
        """"the article said", "the clip says": the author or outlet of the nearest earlier mention
        of such a piece ("a New York Times article", "a web video by the Republican National
        Committee", "Mariano wrote a memoir"), skipping earlier mentions that name nobody."""
        doc = self.doc
        cls = MEDIA_CLASS[tok.lemma_.lower()]
        text = text_of(doc)
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
            subj = _subject_of(noun.head, self.quoted)
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
            name = _clean(ent.text)
            return Speaker(name, "person", name, None, None, tok.idx)
        return Speaker(self.fullest_org(_clean(ent.text)), "organization", None, None, None, tok.idx)

    def fullest_org(self, name: str) -> str:
        """"Times" → "New York Times" when the article names the organisation in full elsewhere."""
        best = name
        if name in self.people.form_person:
            return name
        for e in self.doc.ents:
            if e.label_ == "ORG" and not self.in_quote(e.start_char):
                full = _clean(e.text)
                if len(full) > len(best) and full.endswith(" " + name):
                    best = full
        return best

    def resolve_plural(self, tok, cue: str) -> Speaker | None:
        for sp in reversed(self.speakers):
            if sp.pos < tok.idx and sp.kind in {"group", "organization"} and sp.speaker:
                if tok.sent.start - _sent_start(self.doc, sp.pos) <= 60:
                    return Speaker(sp.speaker, sp.kind, sp.person, cue, None, tok.idx)
        return None

    def resolve_it(self, tok, cue: str) -> Speaker | None:
        for sp in reversed(self.speakers):
            if sp.pos < tok.idx and sp.kind == "organization" and sp.speaker:
                if tok.sent.start - _sent_start(self.doc, sp.pos) <= 60:
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


def _sent_start(doc, char: int) -> int:
    t = _token_at(doc, char)
    return t.sent.start if t is not None else 0


def _clean(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"^(?:the)\s+", "", text, flags=re.I) if text.lower().startswith("the ") and text[4:5].isupper() else text
    return re.sub(r"(?:['’]s|['’])$", "", text).strip(" ,.;:-–—\"“”'‘’()")


def _subject_phrase(tok) -> str:
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


# ---------------------------------------------------------------------------------- cues

def _subject_of(verb, quoted=()):
    text = text_of(verb.doc)

    def pick(v):
        # the nearest subject in the verb's own paragraph ("12:15 p.m.\n\nTrump says": the
        # parser can hang a heading on the verb as a second subject)
        subs = [c for c in v.children if c.dep_ in SUBJ_DEPS and not _in(c, quoted)
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


def _in(tok, ranges) -> bool:
    return any(s <= tok.idx < e for s, e in ranges)


def _subject_between(verb, quoted):
    """“...,” Flynn, a top surrogate, said: the parser hung the name on the quotation; take the
    noun phrase between the closing mark and the verb."""
    doc = verb.doc
    k = verb.i - 1
    while k >= verb.sent.start and not (doc[k].text in DOUBLE_MARKS or _in(doc[k], quoted)):
        k -= 1
    if k < verb.sent.start or verb.i - k > 16:
        return None
    region = [t for t in doc[k + 1:verb.i] if not t.is_punct]
    if not region or any(t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"amod", "compound"} for t in region):
        return None
    nouns = [t for t in region if t.pos_ in {"PROPN", "NOUN", "PRON"}]
    return nouns[0] if nouns else None


def _cue_verbs(sent, quoted, strong_only=False):
    for tok in sent:
        if _in(tok, quoted):
            continue
        if tok.lemma_.lower() in CUE_LEMMAS and tok.pos_ in {"VERB", "AUX"}:
            if strong_only and tok.lemma_.lower() in WEAK_CUES:
                continue
            subj = _subject_of(tok, quoted)
            if subj is None:
                subj = _subject_between(tok, quoted)
            if subj is not None and not _in(subj, quoted):
                yield tok, subj


def quotes_rows(ctx: DocContext) -> list[dict]:
    body = ctx.article.body
    doc = ctx.doc
    off = ctx.body_offset
    spans = [q for q in find_quote_spans(body)]
    kept: list[tuple[QuoteSpan, str]] = []
    for q in spans:
        text = quote_text(body, q.pieces)
        if not _words(text):
            continue
        if _looks_like_title(body, q, text):
            continue
        kept.append((q, text))
    quoted = [(s + off, e + off) for q, _ in kept for s, e in q.pieces]
    # all marks count as quoted for antecedents, titles included
    all_quoted = [(s + off, e + off) for q in spans for s, e in q.pieces]
    res = Resolver(ctx, all_quoted)
    rows: list[dict] = []
    prev: Speaker | None = None
    prev_q: QuoteSpan | None = None
    for q, text in kept:
        d_start, d_end = q.start + off, q.end + off
        span = doc.char_span(d_start, d_end, alignment_mode="expand")
        sp = None
        if span is not None and len(span):
            sp = _attribute(res, span, q, body, off, all_quoted)
        if sp is None or sp.speaker is None:
            sp2 = _continuation(body, q, prev, prev_q)
            if sp2 is not None:
                sp = sp2
        if sp is None or sp.speaker is None:
            sp3 = _weak_attribution(res, span, all_quoted) if span is not None and len(span) else None
            if sp3 is not None:
                sp = sp3
        if sp is None:
            sp = NO_SPEAKER
        if sp.speaker is None and len(_words(text)) <= 2:
            continue  # a scare quote or a term in marks that nobody is said to have said
        if sp.speaker:
            sp.pos = d_start
            res.speakers.append(sp)
            prev, prev_q = sp, q
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


def _para_of(body: str, pos: int) -> int:
    return body.rfind("\n", 0, pos)


def _attribute(res: Resolver, span, q: QuoteSpan, body: str, off: int, quoted) -> Speaker | None:
    doc = res.doc
    d_start, d_end = q.start + off, q.end + off
    sents = []
    for s in (span[0].sent, span[-1].sent):
        if s not in sents:
            sents.append(s)
    # "Trump's claim that there were “thousands of shootings”": the possessor of a speech noun
    sp = _speech_noun_owner(res, span, quoted)
    if sp is not None:
        return sp
    # verbs that govern the quote syntactically come first, then the nearest
    governors = {t.i for t in span.root.ancestors}
    # "the four “loopholes” he cited": a relative clause on a quoted word
    governors |= {c.i for t in span for c in t.children if c.dep_ in {"relcl", "acl"} and not _in(c, quoted)}
    best = None
    for strong in (True, False):
        for sent in sents:
            for verb, subj in _cue_verbs(sent, quoted, strong_only=strong):
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
            for verb, subj in _cue_verbs(sent, quoted, strong_only=True):
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
            t = _token_at(doc, prev_end - 1 + off)
            if t is not None:
                for verb, subj in _cue_verbs(t.sent, quoted):
                    sp = res.from_subject(subj, verb.lemma_.lower())
                    if sp is not None:
                        return sp
    return None


SPEECH_NOUNS = {"claim", "statement", "remark", "comment", "assertion", "promise", "pledge", "vow",
                "words", "word", "description", "accusation", "charge", "warning", "prediction",
                "boast", "insistence", "argument", "suggestion", "declaration", "question", "answer",
                "response", "reply", "quip", "joke", "tweet", "call", "plea", "demand", "contention"}


def _speech_noun_owner(res: Resolver, span, quoted) -> Speaker | None:
    """The quote hangs (through clauses and prepositions, no verb of saying in between) on a speech
    noun whose possessor names someone: "Trump's claim that there were “thousands of shootings”"."""
    tok = span.root
    for _ in range(6):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if _in(tok, quoted):
            continue
        if tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in CUE_LEMMAS:
            return None
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in SPEECH_NOUNS:
            poss = next((c for c in tok.children if c.dep_ == "poss"), None)
            if poss is None or poss.lower_ in {"his", "her", "its", "their", "my", "our", "your"} or _in(poss, quoted):
                return None
            sp = res.from_subject(poss, tok.lemma_.lower())
            return sp if sp is not None and sp.kind in {"person", "organization"} else None
    return None


def _weak_attribution(res: Resolver, span, quoted) -> Speaker | None:
    """No reporting verb: the subject of the clause the quote sits in, when it names someone."""
    tok = span.root
    seen = 0
    while tok.head.i != tok.i and seen < 8:
        tok = tok.head
        seen += 1
        if _in(tok, quoted):
            continue
        subj = next((c for c in tok.children if c.dep_ in SUBJ_DEPS and not _in(c, quoted)), None)
        if subj is None:
            continue
        if (subj.lower_ in PRONOUN_GENDER or res.people.person_in(subj.idx, subj.idx + len(subj.text)) is not None
                or subj.ent_type_ in {"PERSON", "ORG"}):
            sp = res.from_subject(subj, tok.lemma_.lower())
            if sp is not None and sp.kind in {"person", "organization"}:
                return sp
    return None


def _continuation(body: str, q: QuoteSpan, prev: Speaker | None, prev_q: QuoteSpan | None) -> Speaker | None:
    if prev is None or prev_q is None:
        return None
    para = _para_of(body, q.start)
    prev_para = _para_of(body, prev_q.end)
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
