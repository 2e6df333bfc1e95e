"""Document-level entity resolution: which names are people, which are places, and which
mentions are the same entity.

The small spaCy model labels each mention on its own and often disagrees with itself across an
article ("Zoramthanga" a person in one sentence, a place in the next; "Modi" a place). Here every
mention of a name votes, and votes are weighted by evidence that generalises:
- the model's own label for the mention;
- syntax: a name that is the subject of a reporting verb (said, told, wrote) or carries a
  personal title (Mr., President, Sen.) is a person (or an organisation), not a place;
- the offline gazetteer: a name it knows is likely a place; one it does not know is not;
- the name's own words: "Interior Ministry", "Xinhua News Agency" are organisations, never
  people; a plural proper noun ("Azeris") or a demonym ("Tajik", "Briton") is neither;
- the nouns around it: "the town of Uyo", "Huize county", "Stansted airport" make a place (syntax
  also finds such names when the model missed them), "firm Multico" an organisation;
- sports use: a town or county name that beats or is beaten ("beat Yorkshire", "victory over
  Gloucester", "v Sussex", next to a score) or that owns a player ("Sunderland forward Niall
  Quinn") is a club, an organisation, unless the article also uses it as a location ("In
  Seattle"); national sides stay places, as the gold tags them;
- venues: a facility or a known place name after "at"/"in" ("at Old Trafford", "in the White
  House") is a place.
Spans the model cut badly are repaired first: a span is split at dashes and line breaks, loses
lower-case words at its edges ("Jiangsu province" → "Jiangsu"), and is split in two when it
swallowed a neighbour whose parts are each known on their own ("Mizoram Zoramthanga").
Then the document decides for all mentions together: the short form of a company named in
full ("Magna" beside "Magna International Inc") is that company; a surname or first name of a person found
in full ("Modi" → "Narendra Modi") is that person whatever the model called it, and ALL-CAPS
lines (headlines), where the small model's labels are noise, are read by matching their words
case-insensitively against the names found elsewhere and against the gazetteer.
Person mentions are clustered (surname / first-name folding); place mentions that the gazetteer
says are the same place ("U.S.", "United States") fold together.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from etl.extract import gazetteer, mention_model
from etl.extract.context import DocContext, text_of

SPEECH_LEMMAS = {
    "say", "tell", "write", "add", "state", "declare", "announce", "explain", "claim", "insist",
    "argue", "note", "warn", "urge", "ask", "reply", "respond", "answer", "comment", "remark",
    "report", "acknowledge", "admit", "deny", "suggest", "predict", "tweet", "post", "recall",
    "continue", "conclude", "describe", "call", "complain", "confirm", "contend", "maintain",
}
PERSON_TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "president", "minister",
    "premier", "chancellor", "senator", "sen", "rep", "representative", "gov", "governor", "mayor",
    "judge", "justice", "gen", "general", "col", "colonel", "capt", "captain", "lt", "sgt", "adm",
    "prof", "professor", "rev", "father", "pope", "king", "queen", "prince", "princess", "sheikh",
    "secretary", "ambassador", "spokesman", "spokeswoman", "chairman", "coach", "manager",
    "striker", "midfielder", "defender", "goalkeeper", "leader", "candidate", "nominee", "speaker",
    "pm", "vice", "deputy", "director", "ceo", "chief", "officer", "mp", "commissioner",
}
# Head words of organisation names: a name containing one is not a person.
ORG_WORDS = {
    "ministry", "department", "dept", "agency", "agencies", "commission", "board", "council",
    "committee", "party", "company", "co", "corp", "corporation", "inc", "ltd", "plc", "llc",
    "bank", "exchange", "radio", "television", "tv", "news", "daily", "times", "journal",
    "zeitung", "federation", "association", "league", "university", "institute", "foundation",
    "authority", "army", "police", "movement", "organisation", "organization", "club", "fc",
    "united", "rovers", "athletic", "wanderers", "airlines", "airways", "motors", "industries",
    "holdings", "mining", "cables", "spa", "gmbh", "treasury", "parliament", "congress", "senate",
    "assembly", "government", "administration", "navy", "hospital", "network", "magazine",
    "tribune", "herald", "gazette", "telegraph", "championship", "olympics", "festival",
    "convention", "treaty", "programme", "stadium", "airport", "hotel", "motel", "centre",
    "center", "avenue", "ministries", "services", "forces", "sa", "ag", "nv", "bv", "pt", "bhd",
    "tbk", "group", "bancorp", "petroleum", "holding", "consolidated", "financial",
    "pharma", "pharmaceutical", "pharmaceuticals", "partners", "ventures", "technologies", "systems",
    "labs", "laboratories", "enterprises", "securities", "investments", "insurance", "logistics",
    "software", "solutions", "telecom", "communications", "electronics", "chemicals", "steel", "foods",
    # wire services and broadcasters, named as sources in every story ("told Reuters")
    "newsroom", "digest", "rtrs",  # Reuters desk sign-offs ("Moscow Newsroom", "Press Digest")
    "reuters", "ap", "afp", "upi", "xinhua", "interfax", "tass", "itar", "dpa", "ansa", "kyodo",
    "yonhap", "efe", "bloomberg", "cnn", "bbc", "msnbc", "nbc", "cbs", "abc", "npr", "pbs",
}
# Words that end a place-like name and make it a thing, not a place ("Hong Kong Open").
_NOT_PLACE_WORDS = {
    "open", "cup", "games", "olympics", "championship", "championships", "conference", "summit",
    "agency", "radio", "news", "daily", "times", "airlines", "airways", "exchange", "party",
    "ministry", "department", "commission", "council", "court", "university", "institute",
    "foundation", "company", "corp", "corporation", "inc", "ltd", "plc", "club", "league",
    "federation", "association", "committee", "fund", "united", "rovers", "treasuries", "bonds",
    "prize", "award", "nations", "newsroom", "digest", "rtrs",
}
# Common nouns that a name stands in apposition to, or follows "of": kin and roles make a person,
# settlement and territory words a place ("his wife, Nancy"; "the border town of Goma").
PERSON_NOUNS = {
    "wife", "husband", "son", "daughter", "mother", "father", "brother", "sister", "widow",
    "widower", "friend", "boyfriend", "girlfriend", "partner", "child", "uncle", "aunt", "cousin",
    "nephew", "niece", "grandson", "granddaughter", "man", "woman", "boy", "girl", "player",
    "official", "spokesman", "spokeswoman", "minister", "president", "leader", "chairman",
    "analyst", "economist", "lawyer", "attorney", "colleague", "aide", "adviser", "advisor",
    "founder", "owner", "author", "teammate", "champion", "winner", "opponent", "rival",
    "broker", "trader", "dealer", "banker", "diplomat", "witness", "resident", "reporter",
    "journalist", "activist", "dissident", "commander", "priest", "bishop", "doctor", "pilot",
}
PLACE_NOUNS = {
    "town", "city", "village", "capital", "province", "state", "region", "district", "county",
    "port", "island", "islands", "river", "border", "enclave", "republic", "territory", "suburb",
    "area", "mountains", "valley", "lake", "sea", "coast", "neighbourhood", "neighborhood",
    "municipality", "prefecture", "oblast", "hamlet", "resort", "base",
}
# Common nouns for a business or a publication: a name in apposition to one is an organisation
# ("mineral water firm Multico", "the news weekly Der Spiegel", "the aircraft carrier Carl Vinson").
ORG_NOUNS = {
    "firm", "company", "group", "maker", "manufacturer", "producer", "distributor", "publisher",
    "newspaper", "daily", "weekly", "magazine", "paper", "tabloid", "broadcaster", "network",
    "agency", "bank", "insurer", "airline", "carrier", "chain", "retailer", "conglomerate",
    "subsidiary", "consortium", "brokerage", "exporter", "importer", "operator", "supplier",
    "automaker", "carmaker", "ship", "vessel", "warship", "tanker", "frigate", "destroyer",
}
# Named buildings and sites: "Stansted airport", "the Barvikha sanatorium" are places in news gold.
FACILITY_NOUNS = {
    "airport", "airfield", "airbase", "stadium", "arena", "sanatorium", "hospital", "clinic",
    "church", "cathedral", "mosque", "temple", "synagogue", "shrine", "monastery", "prison", "jail",
    "camp", "palace", "hotel", "motel", "station", "square", "bridge", "dam", "racecourse",
    "circuit", "mine", "oilfield", "field", "pass", "strait", "gulf", "bay", "peninsula", "desert",
    "plain", "plateau", "highway", "road", "street", "canal", "mountain", "hill", "hills",
}
# Last words of a venue's own name ("Trent Bridge", "Central Clinical Hospital", "White House").
VENUE_WORDS = {
    "stadium", "park", "bridge", "street", "square", "centre", "center", "hospital", "hotel",
    "motel", "airport", "palace", "arena", "gardens", "garden", "house", "road", "avenue",
    "trafford", "oval", "field", "ground", "circuit", "racecourse", "cathedral", "church",
    "mosque", "temple", "prison", "tower", "building", "hall", "plaza", "wharf", "dock", "docks",
}
# Common nouns for a sports side: a name in apposition to one is an organisation ("Belgian club
# Standard Liege", "first division team Deportivo Coruna").
TEAM_NOUNS = {
    "team", "club", "side", "outfit", "squad", "visitors", "hosts", "franchise",
}
# A name directly before one of these is a sports side ("Warwickshire captain Tim Munton",
# "Sunderland forward Niall Quinn", "Dynamo Moscow players").
TEAM_ROLE_NOUNS = {
    "captain", "skipper", "coach", "manager", "striker", "forward", "midfielder", "defender",
    "keeper", "goalkeeper", "winger", "fullback", "sweeper", "pitcher", "batsman", "bowler",
    "quarterback", "player", "players", "fans", "teammate", "team-mate", "reliever", "outfielder",
    "infielder", "catcher",
}
# Verbs of one side beating another: their subject and object are competitors.
SPORT_VERBS = {
    "beat", "defeat", "thrash", "rout", "crush", "trounce", "edge", "down", "blank", "whip",
    "hammer", "upset", "eliminate", "oust", "outplay", "overpower", "outclass", "draw", "sweep",
    "shut", "topple", "overcome",
}
# Nouns of a result: "victory over X", "home defeat to X", "match against X".
RESULT_NOUNS = {
    "victory", "win", "defeat", "loss", "draw", "lead", "triumph", "success", "winner", "winners",
    "victor", "victors", "match", "game", "clash", "tie", "derby", "final", "semifinal",
    "semi-final", "fixture", "meeting", "series", "advantage",
}
_SCORE = re.compile(r"\d{1,3}-\d{1,3}")
_DEMONYM_ENDINGS = ("an", "ans", "ian", "ians", "ese", "i", "is", "ish", "ic", "en", "ens", "on",
                    "ons", "k", "ks", "er", "ers", "ite", "ites", "ean", "eans")
_TRIM = re.compile(r"^(?:the\s+)|(?:['’]s|['’])$", re.I)
_SPLIT_TOKENS = {"-", "–", "—", "--", "(", ")", "[", "]", "|", "/", ":", ";", "\"", "“", "”", "`", "``", "''"}
_LABELS = {"PERSON", "GPE", "LOC", "FAC", "ORG"}


_INITIALS = re.compile(r"(?:^|[\s.])[A-Za-z]\.$")  # "U.S.", "N.H.", "George W."


def clean_name(text: str) -> str:
    text = " ".join(text.split())
    text = _TRIM.sub("", text).strip(" ,;:-–—\"“”'‘’()`")
    text = _TRIM.sub("", text).strip(" ,;:-–—\"“”'‘’()`")
    while text.endswith(".") and not _INITIALS.search(text):
        text = text[:-1].rstrip()
    text = text.lstrip(".").strip()
    return text


def name_key(text: str) -> str:
    return gazetteer.key(clean_name(text))


@dataclass
class Mention:
    start: int  # doc char offsets of the cleaned name
    end: int
    text: str
    label: str  # model label (or "CAPS" for a headline match)


@dataclass
class Entity:
    kind: str  # "person" or "place"
    name: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    place: gazetteer.Place | None = None

    @property
    def first(self) -> Mention:
        return min(self.mentions, key=lambda m: m.start)


# ---------------------------------------------------------------- evidence on one mention

def _has_title_before(span) -> bool:
    doc = span.doc
    i = span.start - 1
    while i >= 0 and doc[i].text in {".", ","}:
        i -= 1
    return i >= 0 and doc[i].lower_.rstrip(".") in PERSON_TITLES and not doc[i].is_upper


def _noun_evidence(span) -> str | None:
    """'person' / 'place' from the common noun the name is in apposition to or of-complement of."""
    root = span.root
    head = root.head
    of_complement = False
    if root.dep_ == "appos" or (root.dep_ == "compound" and head.i < span.start):
        lemma = head.lemma_.lower()
    elif root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        lemma = head.head.lemma_.lower()
        of_complement = True  # "the town of Uyo" names the town; "editor of X" does not name him
    else:
        # "the capital Grozny": the noun before the name modifies nothing else
        prev = span.doc[span.start - 1] if span.start > 0 else None
        lemma = prev.lemma_.lower() if prev is not None and prev.pos_ == "NOUN" and prev.head.i == root.i else ""
    if lemma in TEAM_NOUNS or _prev_lower(span) in TEAM_NOUNS:
        return "team"
    if lemma in ORG_NOUNS:
        return "org"
    if lemma in PERSON_NOUNS:
        return "person"
    if lemma in PLACE_NOUNS or lemma in FACILITY_NOUNS:
        return "place"
    if _place_noun_after(span):
        return "place"
    if lemma and not of_complement and _agent_noun(lemma):
        return "person"  # "Wimbledon finalist MaliVai Washington"
    # the name heads an apposition that describes a person ("Hen Vipheak, former editor of ...")
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end and child.pos_ == "NOUN" and child.is_lower:
            low = child.lemma_.lower()
            if low in ORG_NOUNS:
                return "org"  # "the Sereipheap Thmei newspaper"
            if low in PLACE_NOUNS or low in FACILITY_NOUNS or low in TEAM_NOUNS:
                return None
            if low in PERSON_NOUNS or low in PERSON_TITLES or _agent_noun(low):
                return "person"
    return None


_AGENT_SUFFIXES = ("ist", "ian", "itor", "ator", "man", "woman", "eer", "ster")
_NOT_AGENT = {"human", "german", "roman", "woman"}


def _agent_noun(lemma: str) -> bool:
    """A common noun for a person by its form: 'finalist', 'editor', 'legislator', 'congressman',
    'historian', 'engineer', 'youngster'. Only read where syntax already ties it to a name."""
    if lemma in ORG_NOUNS or lemma in PLACE_NOUNS or lemma in FACILITY_NOUNS or lemma in TEAM_NOUNS:
        return False
    if lemma in TEAM_ROLE_NOUNS or lemma in {"seed", "veteran", "rookie", "newcomer", "champion"}:
        return True
    return len(lemma) > 5 and lemma.endswith(_AGENT_SUFFIXES) and lemma not in _NOT_AGENT


def _prev_lower(span) -> str:
    prev = span.doc[span.start - 1] if span.start > 0 else None
    return prev.lower_ if prev is not None and prev.is_lower else ""


def _place_noun_after(span) -> bool:
    """The name modifies a settlement, territory or facility noun after it ("Huize county",
    "the Pamir mountains", "Stansted airport", "the Sikhin village")."""
    doc = span.doc
    if span.end >= len(doc):
        return False
    nxt = doc[span.end]
    if not nxt.is_lower or nxt.pos_ not in {"NOUN", "PROPN"}:
        return False
    lemma = nxt.lemma_.lower()
    if lemma not in PLACE_NOUNS and lemma not in FACILITY_NOUNS and nxt.lower_ not in PLACE_NOUNS | FACILITY_NOUNS:
        return False
    return span.root.head.i == nxt.i or span.root.dep_ in {"compound", "nmod", "amod"}


def _prev_token(span, skip=frozenset({"the"})):
    i = span.start - 1
    while i >= 0 and span.doc[i].lower_ in skip:
        i -= 1
    return span.doc[i] if i >= 0 else None


def _locative(span) -> bool:
    """'in X', 'at X', 'near X': the name is where something happens."""
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in {"in", "at", "near", "outside", "inside"}:
        return True
    prev = _prev_token(span)
    return prev is not None and prev.lower_ in {"in", "at", "near"}


_VERSUS = {"v", "vs", "v.", "vs.", "versus"}


def _team_use(span) -> int:
    """How the name is used as a sports side: 2 when it is the club of a player ("Sunderland
    forward Niall Quinn", "Deportivo chairman", "Everton's Duncan Ferguson"), 1 when it is a
    competitor — of a result verb ("beat Yorkshire"), the other side of a result ("victory over
    Gloucester", "v Sussex"), next to a score — which a player can be too; else 0."""
    doc = span.doc
    root = span.root
    head = root.head
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt_i = span.end
    possessive = nxt_i < len(doc) and doc[nxt_i].text in {"'s", "’s", "'"}
    nxt_i += possessive
    nxt = doc[nxt_i] if nxt_i < len(doc) else None
    if nxt is not None and nxt.is_lower and nxt.lower_ in TEAM_ROLE_NOUNS:
        return 2
    if nxt is not None and nxt.lower_ == "team" and nxt.i + 1 < len(doc) and doc[nxt.i + 1].lower_ in {"mate", "mates"}:
        return 2  # "Shearer's Newcastle team mate"
    if possessive and nxt is not None and nxt.ent_type_ == "PERSON" and nxt.ent_iob_ == "B" \
            and nxt.i + 1 < len(doc) and doc[nxt.i + 1].ent_iob_ == "I":
        return 2  # "Everton's Duncan Ferguson": a full name owned by a side
    if root.dep_ in {"nsubj", "dobj", "nsubjpass"} and head.lemma_.lower() in SPORT_VERBS \
            and all(c.pos_ == "PROPN" for c in head.children if c.dep_ in {"nsubj", "dobj"} and c.i != root.i):
        return 1  # "Yorkshire beat Kent"; not "a storm swept up the East Coast"
    if root.dep_ == "conj" and head.dep_ in {"nsubj", "dobj"} and head.head.lemma_.lower() in SPORT_VERBS:
        return 1
    if root.dep_ == "pobj" and head.lower_ in {"over", "against", "to", "with"} | _VERSUS:
        if head.head.lemma_.lower() in SPORT_VERBS | RESULT_NOUNS or head.lower_ in _VERSUS:
            return 1
    if (prev is not None and prev.lower_ in _VERSUS) or (nxt is not None and nxt.lower_ in _VERSUS):
        return 1
    if (nxt is not None and _SCORE.fullmatch(nxt.text)) or (prev is not None and _SCORE.fullmatch(prev.text)):
        return 1
    return 0


def _conj_team_use(span) -> int:
    """A side listed with another side ("v Gloucestershire or Sussex or Surrey", "Derbyshire and
    Surrey drew"): a name coordinated with a name used as a team takes that reading."""
    root = span.root
    doc = span.doc
    others = []
    tok = root
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
        others.append(tok)
    stack = [root] + others
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ == "conj" and c not in others and c.i != root.i:
                others.append(c)
                stack.append(c)
    for t in others:
        if t.pos_ != "PROPN" or not t.text[:1].isupper():
            continue
        ent = next((e for e in doc.ents if e.start <= t.i < e.end and e.label_ in _LABELS), None)
        if ent is not None and ent.label_ == "PERSON" and len(ent) > 1:
            continue  # "beat Sampras and Andre Agassi": players, not sides
        if _team_use(ent if ent is not None else doc[t.i: t.i + 1]):
            return 1
    return 0


def _is_speaker(span) -> bool:
    root = span.root
    if root.dep_ in {"nsubj", "nsubjpass"} and root.head.lemma_ in SPEECH_LEMMAS:
        return True
    if root.dep_ == "appos" and root.head.dep_ == "nsubj" and root.head.head.lemma_ in SPEECH_LEMMAS:
        return True
    return False


def _only_modifier(span) -> bool:
    """The name is a modifier of a common noun ("Chin communities", "Trump supporters")."""
    root = span.root
    if _place_noun_after(span):
        return False  # "Huize county" names the county
    return root.dep_ in {"compound", "amod", "nmod"} and root.head.pos_ == "NOUN" and root.head.i >= span.end


def _hyphen_adjective(span) -> bool:
    """'New York-based', 'Hong Kong-listed': the name is glued into an adjective."""
    doc = span.doc
    i = span.end
    return (i + 1 < len(doc) and doc[i].text == "-" and not doc[i - 1].whitespace_
            and not doc[i].whitespace_ and doc[i + 1].is_lower)


def _venue_name(key: str) -> bool:
    words = key.split()
    return len(words) >= 2 and words[-1] in VENUE_WORDS


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return name.isupper() and len(letters) <= 3 and "." not in name


@lru_cache(maxsize=4096)
def _place(name: str) -> gazetteer.Place | None:
    if _is_acronym(name) and gazetteer.key(name) not in {"us", "uk", "usa"}:
        return None
    return gazetteer.lookup(name)


@lru_cache(maxsize=1)
def _country_region_keys() -> tuple[str, ...]:
    idx = gazetteer._index()
    return tuple(k for k, ps in idx.items() if ps[0].kind in {"country", "region"} and len(k) >= 5 and " " not in k)


@lru_cache(maxsize=4096)
def is_demonym(name: str) -> bool:
    """'Tajik', 'Azeris', 'Briton', 'Chechens', 'Sri Lankan': a word for a people, from the
    gazetteer's demonyms or formed from a place name."""
    if not name[:1].isupper():
        return False
    if gazetteer.key(name) in gazetteer.demonyms():
        return True
    if " " in name or _place(name) is not None:
        return False
    low = gazetteer.key(name)
    if not low.endswith(_DEMONYM_ENDINGS) or len(low) < 4:
        return False
    stem = low[:-1] if low.endswith("s") else low
    for k in _country_region_keys():
        n = 0
        for a, b in zip(stem, k):
            if a != b:
                break
            n += 1
        if n >= 4 and n >= len(stem) - 3 and k != stem:
            return True
    return False


def _org_like(key: str) -> bool:
    return any(w in ORG_WORDS for w in key.split())


# ---------------------------------------------------------------- spans → mentions

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


def _in_ranges(start: int, end: int, ranges) -> bool:
    return any(s <= start and end <= e for s, e in ranges) or any(s < end and start < e for s, e in ranges)


def _is_break(tok) -> bool:
    """A token that separates two names inside one model span: a free-standing dash, a bracket,
    a quotation mark, a line break ("GERMANY - Bunds", "(Jerry) Koosman")."""
    if "\n" in tok.text or tok.is_space:
        return True
    if tok.text in {"-", "–", "—", "--"}:
        doc = tok.doc
        spaced_before = tok.i > 0 and bool(doc[tok.i - 1].whitespace_)
        return bool(tok.whitespace_) or spaced_before or tok.text != "-"
    return tok.text in _SPLIT_TOKENS


def _attached(tok) -> bool:
    """Joined to a neighbour by a hyphen ("Young-hoon", "al-Saadani")."""
    doc = tok.doc
    before = tok.i > 0 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_ and tok.i > 1 and not doc[tok.i - 2].whitespace_
    after = tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-" and not tok.whitespace_ and not doc[tok.i + 1].whitespace_
    return before or after


def _pieces(span):
    """Split a span at free-standing dashes, brackets, quotation marks and line breaks."""
    piece = []
    for tok in span:
        if _is_break(tok):
            if piece:
                yield piece
            piece = []
        else:
            piece.append(tok)
    if piece:
        yield piece


def _trim(toks, person: bool = False):
    """Drop lower-case, numeric and punctuation words at the edges ("broker Khurshid Alam",
    "Jiangsu province", "Gordon Durie 75th"), keeping hyphen-joined parts ("Kim In-so")."""
    def keep(t):
        return t.text[:1].isupper() or _attached(t)

    def particle_before_name(j):
        # "van der Heijden", "de la Fuente": lower-case particles that open a surname
        while j < len(toks) and toks[j].lower_ in NAME_PARTICLES:
            j += 1
        return 0 < j < len(toks) and toks[j].text[:1].isupper()
    while toks and not keep(toks[0]) and not particle_before_name(0):
        toks = toks[1:]
    # a capitalised common noun, title, nationality or participle opening a longer span ("Broker
    # Khurshid Alam", "Spaniard Carlos Sainz", "Unseeded Patrick Rafter", "Sergeant Dave Pearson")
    while len(toks) >= 2 and toks[1].text[:1].isupper() and not _attached(toks[0]) and _describes(toks[0], person):
        toks = toks[1:]
    while toks and not keep(toks[-1]) and toks[-1].text not in {"'s", "’s", "."}:
        toks = toks[:-1]
    return toks


# Lower-case words inside a surname ("Jan van der Heijden", "María José de la Fuente").
NAME_PARTICLES = {"van", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la", "le", "von",
                  "zu", "ten", "ter", "bin", "ibn", "al", "el", "y", "af", "op", "'t", "in"}
# Titles beyond PERSON_TITLES that open a name without belonging to it.
MORE_TITLES = {"sergeant", "archbishop", "monsignor", "cardinal", "bishop", "rabbi", "imam", "ayatollah",
               "crown", "corporal", "private", "major", "lieutenant", "inspector", "detective", "constable",
               "superintendent", "chief", "sheriff", "councillor", "councilman", "councilwoman", "alderman",
               "congressman", "congresswoman", "assemblyman", "assemblywoman", "mp", "mep", "msp", "dj",
               "cllr", "supt", "insp", "det", "cpl", "pte", "pc", "brig", "cmdr", "cdr", "fr", "sr", "sra"}


def _describes(tok, person: bool = True) -> bool:
    """A word written before a name that describes the person, not part of the name: a title
    ("Sgt", "Archbishop"), a role or kin noun ("Broker", "winger"), a nationality ("Spaniard",
    "Belgian"), or a participle or adjective opening the sentence ("Unseeded", "Joining")."""
    low = tok.lower_.rstrip(".")
    if low in PERSON_TITLES or low in PERSON_NOUNS:
        return True
    if not person:
        return False  # "Czech Republic", "Indian Ocean": a nationality opens many place names
    if low in MORE_TITLES or low in TEAM_ROLE_NOUNS:
        return True
    if low in gazetteer.demonyms() or (tok.ent_type_ == "NORP" and is_demonym(tok.text)):
        return True
    if tok.is_lower and (tok.pos_ in {"NOUN", "ADJ", "VERB"} or _agent_noun(low)):
        return True
    return tok.is_sent_start and tok.tag_ in {"VBG", "VBN", "JJ"} and not tok.is_upper


def _mention(doc, toks, label) -> tuple[Mention, object] | None:
    # scores and counts at the edges belong to a results table, not to the name ("Anne Miller 6")
    while toks and (toks[-1].like_num or toks[-1].text in {"-", "–"}):
        toks = toks[:-1]
    while toks and (toks[0].like_num or toks[0].text in {"-", "–"}):
        toks = toks[1:]
    if not toks:
        return None
    span = doc[toks[0].i: toks[-1].i + 1]
    raw = span.text
    name = clean_name(raw)
    if not name or not any(ch.isalpha() for ch in name):
        return None
    offset = raw.find(name)
    start = span.start_char + max(offset, 0)
    return Mention(start, start + len(name), name, label), span


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


# Entity labels the small model gives place names by mistake ("Cyprus" PRODUCT, "Wimbledon"
# EVENT); a name it labelled a person or an organisation keeps that reading.
def _after_name(span) -> bool:
    """The span follows a person's name or another credential and a comma ("Brandt, M.S.")."""
    doc = span.doc
    i = span.start - 1
    if i < 1 or doc[i].text != ",":
        return False
    prev = doc[i - 1]
    return prev.ent_type_ == "PERSON" or bool(_CREDENTIAL.fullmatch(doc[i - 1].text)) or (
        prev.pos_ == "PROPN" and prev.ent_type_ not in {"GPE", "LOC", "FAC"})


_CREDENTIAL = re.compile(r"(?:[A-Z][A-Za-z]?\.){1,4}|(?:MBA|PhD|MD|DDS|CPA|RN|Esq|OBE|MBE|CBE|KBE|QC|KC)\.?")
_LOOSE_LABELS = {"", "PRODUCT", "EVENT", "WORK_OF_ART", "LANGUAGE", "LAW"}


def _titled_names(doc, taken: set[int], caps):
    """Names after a capitalised title that the model missed or called something else ("Mayor
    Ivo Matić" read as a work of art, "Dr Helen Okoye"): one to three capitalised words, the
    title itself (and a second one, "Mr Justice Pemberton") left out."""
    for t in doc:
        if not t.text[:1].isupper() or t.lower_.rstrip(".") not in PERSON_TITLES | MORE_TITLES or t.i in taken:
            continue
        i = t.i + 1
        while i < len(doc) and doc[i].text == ".":
            i += 1
        while i < len(doc) and doc[i].text[:1].isupper() and doc[i].lower_.rstrip(".") in PERSON_TITLES | MORE_TITLES:
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


def _common_word(doc, tok) -> bool:
    """A capitalised word the article also writes in lower case ("Clinton Campaign Reportedly
    ..." in a title-case headline, beside "the campaign" in the text) is not part of a name."""
    if _attached(tok):
        return False  # "Li In-mo"
    if tok.is_stop:
        return True
    return tok.lower_ in _lower_words(doc)


def _lower_words(doc) -> set[str]:
    """The words the article writes in lower case, computed once per Doc."""
    words = doc.user_data.get("news_lower_words")
    if words is None:
        words = doc.user_data["news_lower_words"] = {t.lower_ for t in doc if t.is_lower}
    return words


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


# ---------------------------------------------------------------- voting

@dataclass
class _Vote:
    person: float = 0.0
    place: float = 0.0
    other: float = 0.0
    strong_person: int = 0
    labels: Counter = field(default_factory=Counter)
    feats: Counter = field(default_factory=Counter)  # evidence counts, the mention classifier's input


def _evidence(key: str, mentions: list[tuple[Mention, object]], norp: set[str]) -> _Vote:
    v = _Vote()
    name = mentions[0][0].text
    place = _place(name)
    # a country or a big city "says" through its government ("Baghdad says"): no person evidence
    metonym = place is not None and (place.kind in {"country", "region"} or place.population >= 100_000)
    team = club = locative = place_noun = adjective = 0
    for m, span in mentions:
        v.labels[m.label] += 1
        loc = _locative(span)
        locative += loc
        adjective += _hyphen_adjective(span)
        use = _team_use(span) or _conj_team_use(span)
        club += use == 2
        team += use == 1
        if m.label in {"SYN", "GAZ"}:
            v.place += 1.0  # found by syntax alone ("the town of Uyo"); its noun evidence follows
        elif m.label == "PERSON":
            v.person += 1.0
        elif m.label == "BYLINE":
            v.person += 3.0
            v.strong_person += 1
        elif m.label in {"GPE", "LOC"}:
            v.place += 1.0
        elif m.label == "FAC":
            v.place += 0.5
        elif m.label == "ORG":
            v.other += 1.0
        if loc and m.label in {"FAC", "ORG"} and (place is not None or _venue_name(key)):
            v.place += 1.5  # "at Old Trafford", "in the White House": a venue is a place
        elif loc and m.label == "FAC":
            v.place += 1.0
        f = v.feats
        f["locative"] += loc
        f["team"] += use == 1
        f["club"] += use == 2
        f["title"] += _has_title_before(span)
        f["speaker"] += _is_speaker(span)
        f["modifier"] += _only_modifier(span)
        f["sent_start"] += span[0].is_sent_start
        f["in_title"] += m.start < _title_end(span.doc)
        f["bracket_after"] += span.end < len(span.doc) and span.doc[span.end].text == "("
        f["in_brackets"] += span.start > 0 and span.doc[span.start - 1].text == "(" and span.end < len(span.doc) \
            and span.doc[span.end].text == ")"
        f["number_near"] += any(t.like_num for t in span.doc[max(0, span.start - 2):span.start]) \
            or any(t.like_num for t in span.doc[span.end:span.end + 2])
        f["possessive"] += span.end < len(span.doc) and span.doc[span.end].text in {"'s", "’s"}
        f["subject"] += span.root.dep_ in {"nsubj", "nsubjpass"}
        f["object"] += span.root.dep_ in {"dobj", "pobj"}
        f["compound"] += span.root.dep_ == "compound"
        if _has_title_before(span):
            v.person += 2.0
            v.strong_person += 1
        noun = _noun_evidence(span)
        f["noun_" + str(noun)] += 1
        if noun == "person":
            v.person += 1.5
            v.strong_person += 1
        elif noun == "place":
            v.place += 1.5
            place_noun += 1
        elif noun == "team":
            club += 1
        elif noun == "org":
            v.other += 1.5
        if _is_speaker(span):
            # people and organisations speak; places speak only for their government
            if not metonym:
                v.person += 0.5 if m.label == "ORG" else 1.5
                v.strong_person += 1
                v.place -= 1.0
    v.feats["big_place"] = place is not None and (place.kind in {"country", "region"} or place.population >= 1_000_000)
    nation = place is not None and (place.kind == "country" or place.population >= 10**9)
    full_person = len(key.split()) > 1 and v.labels.get("PERSON") == len(mentions)  # "Pete Sampras beat ..."
    if (club or (team and not full_person)) and not locative and not nation and not v.strong_person:
        # a sports side named after its town or county ("Yorkshire", "Dynamo Moscow"): an
        # organisation. National sides stay places, as the gold tags them; a name also used as
        # where something happens ("In Seattle") stays a place.
        v.other += 10.0
    if place is not None:
        v.place += 1.0 if place.kind in {"country", "region"} else 0.6
        big = place.kind in {"country", "region"} or place.population >= 100_000
        if big and not v.strong_person and len(key.split()) == 1 and v.labels.get("PERSON"):
            # a known place the model called a person without any sign of one ("Manchester")
            v.place += v.person
    elif v.place and not v.person and len(key.split()) == 1 and name.istitle():
        v.place -= 0.2  # unknown single word the model called a place: keep it, but a weak one
    words = key.split()
    first_span = mentions[0][1]
    if len(words) == 1 and not v.strong_person and len(first_span) == 1 and _common_word(first_span.doc, first_span[0]):
        v.person = float("-inf")  # "Lorry driver jailed" in a title-case headline, "lorry" in the text
    if _org_like(key) or (name.isupper() and len(words) == 1 and len(name) <= 5 and "." not in name):
        v.person = float("-inf")  # organisation names, acronyms
    if words and words[-1] in _NOT_PLACE_WORDS or any(w in {"open", "cup", "games", "radio", "agency"} for w in words):
        v.place = float("-inf")
    if (key in norp and not place_noun) or is_demonym(name):
        v.person = v.place = float("-inf")
    if adjective == len(mentions) and not place_noun:
        v.place = float("-inf")  # only ever "New York-based", "Hong Kong-listed": an adjective
    if len(words) == 1 and all(span.root.tag_ == "NNPS" for _, span in mentions) and not v.strong_person:
        v.person = float("-inf")  # a plural proper noun names a group ("Azeris", "Democrats")
    if not v.strong_person and all(_only_modifier(span) for _, span in mentions):
        # used only as a modifier ("Chin communities"): trust it only when model and gazetteer agree
        if (v.labels.get("PERSON") and metonym) or (not v.labels.get("PERSON") and place is None):
            v.person = v.place = float("-inf")
    return v


def _title_end(doc) -> int:
    """Doc offset where the headline ends (the title and body are one Doc, see context.py)."""
    return doc.user_data.get("news_title_end", 0)


def mention_features(key: str, mentions: list[tuple[Mention, object]], v: _Vote, norp: set[str]) -> dict[str, float]:
    """What the mention classifier reads about one name of an article (all its mentions
    together): the model's labels, the evidence counts gathered by _evidence, the hand votes,
    the gazetteer's answer and the name's shape. Shares are over the name's mentions."""
    n = len(mentions)
    name = mentions[0][0].text
    words = key.split()
    place = _place(name)
    out: dict[str, float] = {"mentions": math.log1p(n)}
    for label in ("PERSON", "GPE", "LOC", "FAC", "ORG", "SYN", "GAZ", "BYLINE", "CAPS"):
        out["label_" + label] = v.labels.get(label, 0) / n
    for k in ("locative", "team", "club", "title", "speaker", "modifier", "sent_start", "in_title", "bracket_after",
              "in_brackets", "number_near", "possessive", "subject", "object", "compound",
              "noun_person", "noun_place", "noun_org", "noun_team"):
        out[k] = v.feats.get(k, 0) / n
        out["any_" + k] = float(v.feats.get(k, 0) > 0)
    for k, val in (("vote_person", v.person), ("vote_place", v.place), ("vote_other", v.other)):
        out[k] = max(-3.0, min(12.0, val)) / 3
        out[k + "_inf"] = float(val == float("-inf"))
    out["strong_person"] = min(v.strong_person, 5) / 5
    out["known_place"] = float(place is not None)
    for kind in ("country", "region", "city", "other"):
        out["gaz_" + kind] = float(place is not None and place.kind == kind)
    out["gaz_pop"] = math.log10(place.population + 1) / 9 if place is not None else 0.0
    out["gaz_readings"] = min(len(gazetteer.candidates(name)), 5) / 5
    out["words"] = min(len(words), 5) / 5
    out["one_word"] = float(len(words) == 1)
    out["upper"] = float(name.isupper())
    out["hyphen"] = float("-" in name)
    out["period"] = float("." in name)
    out["org_like"] = float(_org_like(key))
    out["demonym"] = float(is_demonym(name))
    out["norp"] = float(key in norp)
    out["ends_s"] = float(key.endswith("s"))
    out["venue"] = float(_venue_name(key))
    out["common_word"] = float(len(words) == 1 and _common_word(mentions[0][1].doc, mentions[0][1][0]))
    out["particle"] = float(any(w in NAME_PARTICLES for w in name.split()[1:]))
    out["not_place_word"] = float(bool(words) and words[-1] in _NOT_PLACE_WORDS)
    out["part_of_person"] = float(v.feats.get("part_of_person", 0) > 0)
    out["dateline"] = float(v.feats.get("dateline", 0) > 0)
    return out


def _settled(v: _Vote) -> bool:
    """Evidence the hand rules treat as decisive, which the learned classifier does not
    overrule: a title, a role noun, a speech verb or a byline for a person; a sports side; an
    organisation word, a nationality or an adjective use that rules a reading out."""
    inf = float("-inf")
    return v.strong_person > 0 or v.other >= 10 or v.person == inf or v.place == inf


def _decide(v: _Vote) -> str | None:
    best = max(("person", v.person), ("place", v.place), ("other", v.other), key=lambda x: x[1])
    if best[1] <= 0 or best[0] == "other":
        return None
    if best[0] == "person" and v.person == v.place:
        return "person"
    return best[0]


# ---------------------------------------------------------------- capitals

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


# ---------------------------------------------------------------- resolution

def candidate_names(ctx: DocContext):
    """Every name of the article with its mentions and evidence: (caps line ranges,
    {name key: [(Mention, span)]}, {name key: _Vote}, NORP keys)."""
    doc = ctx.doc
    caps = _caps_lines(doc)
    items, norp = _collect(doc, caps)
    items = _split_swallowed(items, doc)
    byline = _byline(ctx)
    if byline is not None:
        b = byline[0]
        items = [(m, sp) for m, sp in items if not (m.start < b.end and b.start < m.end)] + [byline]

    by_key: dict[str, list[tuple[Mention, object]]] = defaultdict(list)
    for m, span in items:
        k = name_key(m.text)
        if k:
            by_key[k].append((m, span))

    votes = {k: _evidence(k, ms, norp) for k, ms in by_key.items()}
    full_people = [k.split() for k, ms in by_key.items() if len(k.split()) >= 2 and any(m.label == "PERSON" for m, _ in ms)]
    for k, v in votes.items():
        w = k.split()
        v.feats["part_of_person"] = any(len(w) < len(f) and (f[-len(w):] == w or f[:len(w)] == w) for f in full_people)
    if ctx.article.dateline_place and name_key(ctx.article.dateline_place) in votes:
        votes[name_key(ctx.article.dateline_place)].feats["dateline"] = 1
        # the dateline's place named again in the text ("DUBROVNIK, Croatia — ... in Dubrovnik")
        v = votes[name_key(ctx.article.dateline_place)]
        if not v.strong_person and v.place != float("-inf"):
            v.place += 3.0
    return caps, by_key, votes, norp


def resolve_entities(ctx: DocContext) -> list[Entity]:
    doc = ctx.doc
    caps, by_key, votes, norp = candidate_names(ctx)
    model = mention_model.load()
    labelled: dict[str, str] = {}
    for k, v in votes.items():
        kind = _decide(v) if model is None or _settled(v) else model.decide(mention_features(k, by_key[k], v, norp))
        if kind:
            labelled[k] = kind
    _drop_company_short_forms(labelled, votes)

    # Document consistency: a part of a person's full name is that person, whatever the model
    # said of the part alone ("Modi" called a place beside "Narendra Modi").
    full = [k for k, kind in labelled.items() if kind == "person" and len(k.split()) >= 2]
    for k, v in votes.items():
        if labelled.get(k) == "person":
            continue
        words = k.split()
        owners = {f for f in full if len(words) < len(f.split()) and (f.split()[-len(words):] == words or f.split()[:len(words)] == words)}
        if len(owners) != 1:
            continue
        if v.person == float("-inf"):
            continue
        place = _place(by_key[k][0][0].text)
        if place is not None and place.kind == "country" and not v.strong_person:
            continue
        if v.labels.get("ORG", 0) > sum(v.labels.values()) / 2 and not v.strong_person:
            continue
        labelled[k] = "person"
    # The mirror: a longer name ending in a word the article settled as a person ("Hen Vipheak"
    # called an organisation beside "Vipheak" the speaker) is that person's full name.
    single_people = {k for k, kind in labelled.items() if kind == "person" and len(k.split()) == 1}
    for k, v in votes.items():
        words = k.split()
        if k in labelled or not 2 <= len(words) <= 3 or words[-1] not in single_people:
            continue
        if v.person == float("-inf") or _org_like(k) or _place(by_key[k][0][0].text) is not None:
            continue
        if not all(w[:1].isupper() for w in by_key[k][0][0].text.split()):
            continue
        labelled[k] = "person"
    # "the Clintons": the plural of a person's surname is that family, a person entry of its own
    surnames = {f.split()[-1] for f, kind in labelled.items() if kind == "person"}
    for k, v in votes.items():
        if k not in labelled and len(k.split()) == 1 and k.endswith("s") and k[:-1] in surnames and v.labels.get("PERSON"):
            labelled[k] = "person"

    groups_person = {k: by_key[k] for k, kind in labelled.items() if kind == "person"}
    groups_place = {k: by_key[k] for k, kind in labelled.items() if kind == "place"}

    # Capital lines: match against what the rest of the article established.
    person_keys: dict[str, str] = {}
    for k in groups_person:
        person_keys.setdefault(k, k)
    for k in list(groups_person):
        words = k.split()
        if len(words) >= 2:
            for part in (words[-1], words[0]):
                if part not in person_keys or len(person_keys[part].split()) == 1:
                    person_keys[part] = k
    place_keys = set(groups_place)
    # names of two words or more the body settled as neither person nor place (clubs, firms)
    other_keys = {k for k in votes if k not in labelled and len(k.split()) >= 2}
    for m, span, kind, k in _caps_mentions(doc, caps, person_keys, place_keys, other_keys):
        if kind == "other":
            continue
        target = groups_person if kind == "person" else groups_place
        target.setdefault(k, []).append((m, span))

    for m, span in _states_after_comma(doc, groups_place):
        groups_place.setdefault(name_key(m.text), []).append((m, span))

    people = _cluster_people(groups_person)
    places = _cluster_places(groups_place)
    _choose_readings(ctx, places)
    return people + places


def _written_after(doc, mention: Mention) -> gazetteer.Place | None:
    """The region or country written right after a place name: "Paris, Texas", "Bangor, Maine",
    "Troy, N.C."."""
    text = text_of(doc)
    m = re.match(r",\s*([A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?)", text[mention.end:mention.end + 40])
    if not m:
        return None
    words = m.group(1).split()
    for n in (2, 1):
        if len(words) >= n:
            place = gazetteer.lookup_dateline_part(" ".join(words[:n]))
            if place is not None and place.kind in {"region", "country"}:
                return place
    return None


def _states_after_comma(doc, groups_place) -> list[tuple[Mention, object]]:
    """A US state abbreviation after a place and a comma ("Minneapolis, Minn.", "Charleston,
    W.Va", "Washington, D.C.") is a place of its own; alone the abbreviation is a word ("Ill.")."""
    out = []
    text = text_of(doc)
    taken = {m.start for items in groups_place.values() for m, _ in items}
    for got in _STATE_AFTER_PLACE.finditer(text):
        if gazetteer.state_abbreviation(got.group(2)) is None:
            continue
        town = doc.char_span(got.start(1), got.end(1), alignment_mode="expand")
        if town is None or any(t.ent_type_ in {"PERSON", "ORG"} for t in town) or not all(t.pos_ == "PROPN" for t in town):
            continue  # "John Smith, Ill." is a name and a word
        start = got.start(2)
        if start in taken:
            continue
        name = clean_name(got.group(2))
        span = doc.char_span(start, start + len(name), alignment_mode="expand")
        if span is not None:
            taken.add(start)
            out.append((Mention(start, start + len(name), name, "GPE"), span))
    return out


_STATE_AFTER_PLACE = re.compile(r"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}),\s*((?:[A-Z][a-z]{0,4}\.?|[A-Z]\.(?:[A-Z][a-z]?\.?)+))(?=[\s,;)]|$)")


def _choose_readings(ctx: DocContext, places: list[Entity]) -> None:
    """Pick, for each place, the reading the article supports (gazetteer.choose): "Georgia" the
    US state beside Maine and Texas, "Paris, Texas". A name the gazetteer does not know takes the
    article's main country (dateline, else most places) when it has one, with kind "other"."""
    doc = ctx.doc
    written_after = {}
    for e in places:
        for m in e.mentions:
            after = _written_after(doc, m)
            if after is not None:
                written_after[name_key(m.text)] = after
    firm = [e.place for e in places if e.place is not None and len({p.country_code for p in gazetteer.candidates(e.name)}) == 1]
    dateline = None
    if ctx.article.dateline_place:
        region = _dateline_region_text(ctx.article.dateline)
        dateline = gazetteer.lookup_dateline(ctx.article.dateline_place, region)
        if dateline is not None:
            firm.append(dateline)
    context = gazetteer.Context(firm, written_after, dateline.country_code if dateline else None)
    for e in places:
        if not _is_acronym(e.name) or gazetteer.key(e.name) in {"us", "uk", "usa"}:
            chosen = gazetteer.choose(e.name, context)
            if chosen is not None:
                e.place = chosen
        if e.place is None:
            e.place = gazetteer.state_abbreviation(e.name)  # "Fla", "W.Va", "D.C." kept as places
        if e.place is None and context.main_country:
            e.place = gazetteer.Place(e.name, "other", context.main_country)


_DATELINE_REGION = re.compile(r",\s*([A-Z][A-Za-z.'’\- ]*?[A-Za-z.])(?=\s*(?:\(|\d|[-–—―]|$))")


def _dateline_region_text(dateline: str | None) -> str | None:
    """'IRVINE, Calif 1996-08-30' → 'Calif'; 'MIZORAM, India (AP) –' → 'India'."""
    m = _DATELINE_REGION.search(dateline or "")
    return m.group(1).strip() if m else None


def _drop_company_short_forms(labelled: dict[str, str], votes: dict[str, "_Vote"]) -> None:
    """'Magna' beside 'Magna International Inc', 'Caltex' beside 'Caltex Petroleum Corp': the
    short form of a company named in full in the article is that company, not a person. (The
    mirror of surname folding; a name with a title or other strong sign of a person stays.)"""
    companies = [k for k, v in votes.items() if _org_like(k) and len(k.split()) >= 2 and labelled.get(k) != "place"]
    for k, kind in list(labelled.items()):
        if kind != "person" or votes[k].strong_person:
            continue
        words = k.split()
        if any(len(c.split()) > len(words) and c.split()[:len(words)] == words for c in companies):
            del labelled[k]


def _best_surface(mentions: list[Mention]) -> str:
    """The name as written most fully: mixed case over capitals, longer over shorter, then most
    frequent."""
    counts = Counter(m.text for m in mentions)
    return max(counts, key=lambda t: (not t.isupper() or len(t) <= 3, len(t.split()), counts[t], len(t)))


def _cluster_people(groups: dict[str, list[tuple[Mention, object]]]) -> list[Entity]:
    # Longest names first: each shorter name joins the first longer name containing its words.
    keys = sorted(groups, key=lambda k: (-len(k.split()), -len(k)))
    entities: list[Entity] = []
    for k in keys:
        words = k.split()
        target = None
        for e in entities:
            ekey = name_key(e.name).split()
            if len(words) < len(ekey) and (words == ekey[-len(words):] or words == ekey[:len(words)]):
                target = e
                break
        mentions = [m for m, _ in groups[k]]
        surface = _best_surface(mentions)
        if target is None:
            entities.append(Entity("person", surface, mentions))
        else:
            target.mentions.extend(mentions)
            if surface not in target.aliases:
                target.aliases.append(surface)
    for e in entities:
        if e.name.isupper() and len(e.name) > 3:
            e.name = e.name.title()
    return entities


def _cluster_places(groups: dict[str, list[tuple[Mention, object]]]) -> list[Entity]:
    merged: dict[tuple, Entity] = {}
    for k, items in groups.items():
        mentions = [m for m, _ in items]
        surface = _best_surface(mentions)
        place = _place(surface)
        ident = (place.name, place.country_code, place.kind) if place else ("?", k)
        if ident in merged:
            merged[ident].mentions.extend(mentions)
            merged[ident].aliases.append(surface)
        else:
            merged[ident] = Entity("place", surface, mentions, place=place)
    for e in merged.values():
        e.mentions.sort(key=lambda m: m.start)
        forms = [e.name, *e.aliases]
        best = max(forms, key=lambda t: (not t.isupper() or len(t) <= 4, len(t)))
        e.aliases = [f for f in dict.fromkeys(forms) if f != best]
        e.name = best.title() if best.isupper() and len(best) > 4 else best
    return list(merged.values())
