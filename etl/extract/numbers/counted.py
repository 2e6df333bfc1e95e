"""Counted objects: what a number counts or measures (the noun it modifies, the object of "of",
the subject of its clause, a poll's population, the noun of the number before), and its qualifier."""
from __future__ import annotations

from etl.extract.numbers.numparse import NUMBER_WORDS
from etl.extract.numbers.vocab import (
    AMOUNT_NOUNS, COUNT_DEPS, CURRENCY_WORDS, FUZZY_QUALIFIERS, GOLF_WORDS, NOMINAL_DEPS, PERCENT_WORDS, QUALIFIERS, TIME_WORDS,
)
from etl.extract.numbers.numerals import Mention
from etl.extract.numbers.units import _measure


def _qualifier(doc, m: Mention) -> tuple[str | None, bool]:
    before = doc[max(0, m.start - 4):m.start].text.lower()
    for q in QUALIFIERS:
        if before == q or before.endswith(" " + q):
            return q, q in FUZZY_QUALIFIERS
    after = doc[m.end:m.end + 2].text.lower()
    if after in {"or more", "or so", "or fewer", "or less"}:
        return after, after == "or so"
    return None, False


def _noun_phrase(doc, head, after: int) -> str | None:
    """The noun with its compound and adjective modifiers that stand after token `after`,
    without determiners, numbers or punctuation: "34 police personnel" → "police personnel"."""
    if head.lower_ == "those" and any(c.dep_ in {"acl", "relcl"} for c in head.children):
        # "42 percent of those responding": the demonstrative with its clause is the group
        return doc[head.i:head.right_edge.i + 1].text
    if head.pos_ == "PRON" or head.lower_ in NUMBER_WORDS or head.like_num or head.ent_type_ in {"DATE", "TIME"}:
        return None  # "them", and "rose $6.9 billion in July": a date is not what is counted
    left = head.i
    for child in head.lefts:
        if child.i > after and child.dep_ in {"compound", "amod", "nmod"} and not any(
                t.like_num or t.lower_ in NUMBER_WORDS or t.text in "$%" for t in child.subtree):
            left = min(left, child.left_edge.i)
    words = [t.text for t in doc[left:head.i + 1]
             if t.i > after and t.dep_ not in {"det", "poss", "punct", "case"} and t.text not in {"-", "(", ")", "'s"}]
    return " ".join(words) or None


def _phrase_of(doc, tok) -> str | None:
    """A whole noun phrase headed by `tok`, modifiers included ("Spending", "Clinton")."""
    return _noun_phrase(doc, tok, tok.left_edge.i - 1)


def _of_object(doc, of_i: int) -> str | None:
    """"hundreds of refugees" → "refugees", "two of the men" → "men"."""
    obj = next((c for c in doc[of_i].children if c.dep_ == "pobj"), None)
    return _noun_phrase(doc, obj, of_i) if obj is not None else None


def _is_unit_noun(tok) -> bool:
    low, lemma = tok.lower_, tok.lemma_.lower()
    return low in CURRENCY_WORDS or lemma in TIME_WORDS or _measure(tok) is not None or low in PERCENT_WORDS


def _is_name(tok) -> bool:
    """A proper name; the tagger often reads "Trump" as a common noun tagged ORG."""
    return tok.pos_ == "PROPN" or tok.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}


def _can_stand_between(tok) -> bool:
    """Between an amount and the noun it modifies: adjectives and compounds ("four Indian states"),
    participles ("gas-fired power plants"), adverbs grading an adjective ("five most recent polls"),
    quotation marks ("four “loopholes”") and a converted amount in brackets ("1,643-kilometer
    (1,020-mile) border")."""
    return (tok.text in {"-", "–", "(", ")"} or tok.is_quote or tok.pos_ in {"ADJ", "NOUN", "PROPN"}
            or tok.like_num or _is_unit_noun(tok) or tok.tag_ in {"VBN", "VBG"}
            or (tok.pos_ == "ADV" and tok.head.pos_ == "ADJ"))


def _counted(doc, m: Mention) -> str | None:
    """What the number counts or measures, as written, by the first rule that applies:
    1. the noun the expression modifies ("four Indian states", "1,643-kilometer border", "a $5
       million loan"), also through another number ("eight of 10 voters", "30 to 40 planes");
    2. the object of a following "of" ("120 tonnes of wheat", "two of the men") or, for money,
       "in" ("$8.8 billion in debt"); a multiplier's "times the rate" → "rate";
    3. the noun the amount belongs to through a preposition ("a loss of $916 million"), unless
       that noun only names a kind of amount ("an annual rate of $678 billion");
    4. for money and percentages, the noun the clause is about (see _clause_noun).
    None for years, and for durations and ages that modify nothing. What is still None may be
    filled later from the population of a poll or the previous number (see _fill_ellipsis)."""
    if m.kind == "year":
        return None
    noun = _modified_noun(doc, m)
    if noun is not None:
        return None if m.kind == "age" and noun.pos_ == "PROPN" else _noun_phrase(doc, noun, m.end - 1)
    if m.kind in {"duration", "age"}:
        return None
    after = _skip_per(doc, m.end)  # "two billion tons per year of carbon dioxide"
    if after + 1 < len(doc) and (doc[after].lower_ == "of" or (doc[after].lower_ == "in" and m.kind == "money")):
        phrase = _of_object(doc, after)
        if phrase is not None and not (doc[after].lower_ == "in" and _in_object_is_name(doc, after)):
            return phrase
    if m.end + 1 < len(doc) and doc[m.end].lower_ == "times":
        return _times_object(doc, m.end)
    if m.kind == "money" and m.end + 1 < len(doc) and doc[m.end].lower_ in {"a", "per", "each"} \
            and doc[m.end + 1].pos_ == "NOUN" and not _is_unit_noun(doc[m.end + 1]):
        return doc[m.end + 1].text  # a price: "$31 a share", "$2 per gallon"
    root = _span_root(doc, m)
    if root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head.pos_ in {"NOUN", "PROPN"} \
            and not _is_unit_noun(root.head.head) and root.head.lower_ in {"of", "at", "for"}:
        owner = root.head.head
        if owner.lemma_.lower() not in AMOUNT_NOUNS:
            return _phrase_of(doc, owner)
        root = owner  # "fell to an annual rate of $626.3 billion": read the clause from "rate"
    if m.kind in {"money", "percent"} or root.dep_ == "attr":  # "the sample is 834"
        return _clause_noun(doc, m, root)
    if _is_score(doc, m):
        return None  # "found the net from 40-0": a score is not a level the object reaches
    return _to_result_object(doc, root)  # "lowered his ERA from 8.08 to 7.24"


def _skip_per(doc, j: int) -> int:
    """Index after a "per year" / "a day" rate written between an amount and its "of"."""
    if j + 1 < len(doc) and doc[j].lower_ in {"per", "a", "an", "each"} and doc[j + 1].lemma_.lower() in TIME_WORDS:
        return j + 2
    return j


def _in_object_is_name(doc, in_i: int) -> bool:
    """"invest $200 million in Ruch": a named recipient is where money goes, not what it is."""
    obj = next((c for c in doc[in_i].children if c.dep_ == "pobj"), None)
    return obj is not None and _is_name(obj)


def _times_object(doc, times_i: int) -> str | None:
    """"three times the rate of civilians" → "rate": a multiplier measures the noun it multiplies."""
    k = times_i + 1
    while k < len(doc) and doc[k].pos_ in {"DET", "ADJ"}:
        k += 1
    if k < len(doc) and doc[k].pos_ == "NOUN" and not _is_unit_noun(doc[k]):
        return _noun_phrase(doc, doc[k], times_i)
    return None


def _clause_noun(doc, m: Mention, root) -> str | None:
    """For an amount with no noun of its own, the noun of its clause, first that applies:
    - a poll margin in points that the clause calls a lead ("Clinton led by 5 points") → "lead";
    - the apposition it explains ("half the money -- $500.8 million --");
    - a name standing right before it in a list ("Gary Johnson 3 percent and Jill Stein 3 percent");
    - the second of "A to B" when the verb has an object: "leads Trump 43 percent to 38 percent",
      "cut emissions to 32 percent", "brings his commitment to $20 million";
    - the subject of the verb it measures ("spending rose 0.2 percent"), through relative
      pronouns ("a consortium which would offer $120 million") and subjectless clauses ("after
      climbing $45 billion"), unless that subject is a name in a poll story (a person is not a
      percentage; the poll's population is filled in later), or a person giving money (then
      the recipient, see _recipient)."""
    if m.unit == "pp" and _is_lead(doc, m):
        return "lead"
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and not _is_unit_noun(root.head):
        return _phrase_of(doc, root.head)
    name = _name_before(doc, m)
    if name is not None:
        return name
    obj = _to_result_object(doc, root)
    if obj is not None:
        return obj
    subject = _verb_subject(root)
    if subject is None:
        return None
    if m.kind == "percent" and _is_name(subject) and _among_population(doc, m) is not None:
        return None  # "Among likely voters, Clinton leads by 49 percent": the voters, filled later
    if m.kind == "money" and subject.ent_type_ == "PERSON":
        return _recipient(doc, root)
    if m.kind == "count" and subject.ent_type_ == "PERSON":
        return None  # "Donald Trump, who is 70": an age, not a count of Trumps
    return _phrase_of(doc, subject)


def _is_lead(doc, m: Mention) -> bool:
    """"led Trump by 5 points", "showing her ahead 3 points, HuffPollster 4.3 points": a margin
    in a sentence about a lead."""
    return any(t.lemma_.lower() in {"lead", "ahead"} for t in doc[m.start].sent)


def _name_before(doc, m: Mention) -> str | None:
    """"Libertarian Gary Johnson 3 percent": a name right before the amount and not part of it,
    in a list where the verb is left out ("Trump received 38 percent, Johnson 3 percent")."""
    if m.start == 0 or m.kind not in {"percent", "money"}:
        return None
    prev = doc[m.start - 1]
    if not (prev.pos_ == "PROPN" and _is_name(prev)) or m.start <= prev.head.i < m.end:
        return None
    root = _span_root(doc, m)
    if root.head.i != prev.i and not (root.head.i == prev.head.i and prev.dep_ in {"npadvmod", "conj", "appos"}):
        return None  # "lend Mr. Clarke $5 million": the name is the verb's own object
    return _phrase_of(doc, prev)


def _to_result_object(doc, root) -> str | None:
    """"cut emissions to 32 percent", "leads Trump 43 percent to 38 percent", "lowered his ERA
    from 8.08 to 7.24": the amount after "to" or "from" is what the verb's object reaches. When the object is itself an amount ("leading
    Clinton 47.1 percent to 41.7 percent"), the name inside it; a bare amount ("raised $64.8
    million to $45.1 million") says nothing."""
    if root.dep_ != "pobj" or root.head.lower_ not in {"to", "from"}:
        return None
    verb = root.head.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    obj = next((c for c in verb.children if c.dep_ in {"dobj", "npadvmod"} and c.i < root.i), None)
    if obj is None:
        return None
    if _is_amount(obj):
        obj = next((c for c in obj.children if c.dep_ in {"nmod", "compound"} and _is_name(c)), None)
    elif obj.dep_ != "dobj":
        return None
    return _phrase_of(obj.doc, obj) if obj is not None else None


def _is_amount(tok) -> bool:
    return tok.like_num or _is_unit_noun(tok) or tok.ent_type_ in {"MONEY", "PERCENT", "CARDINAL", "QUANTITY"} \
        or any(ch.isdigit() for ch in tok.text)


def _recipient(doc, root) -> str | None:
    """"Steyer plans to give an additional $15 million to For Our Future": money a person gives
    is described by where it goes, not by the giver."""
    verb = root.head
    if root.dep_ != "dobj" or verb.pos_ != "VERB":
        return None
    to = next((c for c in verb.children if c.dep_ in {"prep", "dative"} and c.lower_ == "to" and c.i > root.i), None)
    obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    return _phrase_of(doc, obj) if obj is not None else None


def _among_population(doc, m: Mention) -> str | None:
    """"Among likely voters in a four-way race, 46 percent would choose Clinton": a percentage of
    people is a share of the population the sentence names after "among"."""
    for tok in doc[m.start].sent:
        if tok.lower_ == "among":
            obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ == "NOUN":
                return _noun_phrase(doc, obj, tok.i)
    return None


def _fill_ellipsis(doc, m: Mention, prev: Mention | None) -> None:
    """A number left without a noun often counts the noun of the number before it:
    "10 judges rather than 11", "Of the 10 judges, six were appointed", "200 planes, including
    79 on the carrier", "1 in 4 residents, up from 1 in 10", "52 percent of voters agreed, while
    73 percent said". A percentage with no noun is first a share of the poll's population
    ("Among likely voters, 46 percent would choose Clinton").
    Only plain counts and percentages, only from a number of the same kind, in the same
    sentence or as the subject of the next one ("over 260 members. Most were released but
    several dozen remain"). Scores ("6-4") are left alone: what they count is rarely written."""
    if m.counts is not None or m.kind not in {"count", "percent"} or _is_score(doc, m):
        return
    if m.kind == "percent" and m.unit == "%":
        m.counts = _among_population(doc, m)
        if m.counts is not None:
            return
    if prev is None or prev.counts is None or prev.kind != m.kind or prev.unit != m.unit:
        return
    sent = doc[m.start].sent
    if prev.start >= sent.start or (_span_root(doc, m).dep_ in {"nsubj", "nsubjpass"}
                                    and prev.start >= doc[sent.start - 1].sent.start):
        m.counts = prev.counts


def _share_score_noun(doc, first: Mention, second: Mention) -> bool:
    """"a 5-4 decision", "a 1-5 deficit": both numbers of a score count the noun either one
    found. True when the first number's noun was just filled (its row must follow)."""
    if first.num_end + 1 != second.start or doc[first.num_end].text not in {"-", "–"} or not _is_score(doc, second):
        return False
    if second.counts is None:
        second.counts = first.counts
        return False
    if first.counts is None:
        first.counts = second.counts
        return True
    return False


def _is_score(doc, m: Mention) -> bool:
    """"6-4", "a 5-4 decision": two numbers joined by a hyphen with no spaces; and golf scores
    ("a four-under 67", "at 18-under 195", "14 under")."""
    i, j = m.start, m.num_end
    if _is_golf_score(doc, i, j):
        return True
    glued_after = j + 1 < len(doc) and doc[j].text in {"-", "–"} and not doc[j - 1].whitespace_ \
        and doc[j + 1].like_num
    glued_before = i >= 2 and doc[i - 1].text in {"-", "–"} and not doc[i - 2].whitespace_ and doc[i - 2].like_num
    return glued_after or glued_before


def _is_golf_score(doc, i: int, j: int) -> bool:
    """A number [i, j) followed by "under"/"over"/"par" ("four-under", "14 under"), or the
    round it qualifies ("a four-under 67", "18-under 195")."""
    k = j + 1 if j < len(doc) and doc[j].text in {"-", "–"} else j
    if k < len(doc) and doc[k].lower_ in GOLF_WORDS:
        return True
    return i >= 2 and doc[i - 1].lower_ in GOLF_WORDS and (doc[i - 2].text in {"-", "–"} or doc[i - 2].like_num)


def _modified_noun(doc, m: Mention):
    """The noun right after the expression that it modifies, following number → number links.
    A word the tagger misreads as a verb still counts when the parse makes it a noun phrase
    ("17,000 news-stands": "stands" tagged VBZ but the object of "has")."""
    for tok in doc[m.start:m.end]:
        head, hops = tok.head, 0
        while head.i >= m.end and hops < 3 and (head.like_num or (
                head.lower_ in {"of", "in", "to"} and head.head.like_num)):
            head, hops = head.head, hops + 1  # "eight of 10 voters", "30 to 40 planes"
        nominal = head.pos_ in {"NOUN", "PROPN"} or (
            tok.dep_ == "nummod" and head.tag_.startswith("VB") and head.dep_ in NOMINAL_DEPS)
        if head.i >= m.end and head.i - m.end <= 6 and nominal \
                and tok.dep_ in COUNT_DEPS | {"quantmod", "pobj", "prep"} and not _is_unit_noun(head) \
                and all(_can_stand_between(t) or t.lower_ in {"of", "in", "to", "and", "or"}
                        for t in doc[m.end:head.i]):
            return head
    return None


def _span_root(doc, m: Mention):
    """The token of the expression whose head lies outside it."""
    for tok in doc[m.start:m.end]:
        if not (m.start <= tok.head.i < m.end) or tok.head.i == tok.i:
            return tok
    return doc[m.end - 1]


def _verb_subject(root):
    """Subject of the verb an amount is the object or measure of: "spending rose 0.2 percent",
    "rose to $5 billion", "the sample is 834", "spending was up 0.1 percent". A relative pronoun
    stands for the noun its clause describes ("groups that gave $3 million"); a clause with no
    subject of its own borrows its governor's ("wages decreased ... after climbing $45 billion")."""
    tok = root
    if tok.dep_ == "pobj" and tok.head.dep_ in {"prep", "agent"}:
        tok = tok.head
    if tok.dep_ == "conj":
        tok = tok.head
    if tok.dep_ not in {"dobj", "attr", "npadvmod", "advmod", "prep", "oprd", "nummod", "quantmod", "acomp"}:
        return None
    verb = tok.head
    if verb.pos_ in {"ADV", "ADP"} and verb.dep_ in {"advmod", "prt", "acomp"}:
        verb = verb.head  # "was up 0.1 percent"
    for _ in range(3):
        if verb.pos_ not in {"VERB", "AUX"}:
            return None
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None and subject.tag_ in {"WDT", "WP"} and verb.dep_ == "relcl":
            subject = verb.head  # "a consortium which would offer ...", "groups that gave ..."
        elif subject is not None and subject.lower_ in {"it", "they"} and verb.dep_ in {"advcl", "conj"}:
            subject = None  # "the rating remains strong, though it has declined from 58 percent"
        if subject is not None or verb.dep_ not in {"advcl", "xcomp", "conj", "pcomp"}:
            break
        verb = verb.head if verb.dep_ != "pcomp" else verb.head.head
    if subject is None or subject.like_num or _is_unit_noun(subject):
        return None
    if subject.pos_ not in {"NOUN", "PROPN"} and subject.tag_ != "VBG":  # "Spending fell"
        return None
    return subject
