"""Number rows, following ../shared/eval/ANNOTATING.md: what a reader could put in a table.

Works on the parsed Doc, not on regexes over text, because what a number counts is a question
of syntax: in "34 police personnel" the number is the `nummod` of "personnel"; in "hundreds of
refugees" the counted noun is the object of "of"; in "a 1,643-kilometer border" the unit is
glued to the number and the thing measured is the noun the unit modifies.

One pass over the tokens. At each token that can start a number:
1. `_scan_number` reads the longest well-formed number ("1.5 million", "forty-three", "2bn",
   "hundreds of", "a dozen") and its value;
2. `_is_not_a_quantity` drops what is numeric only in form (dates, clock times, ordinals,
   numbers inside names, phone numbers) — optional in the gold, so dropping them is free and
   keeping them would cost precision when the annotator left them out;
3. `_attach_unit` reads a currency, percent sign, measure or time unit around it;
4. year, age, qualifier and the counted noun are read last, from the finished span;
5. a count or percentage still without a noun borrows one: the population of a poll ("Among
   likely voters, 46 percent ...") or the noun of the number before it ("10 judges rather than 11").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from etl.extract.context import DocContext
from etl.extract.numparse import NUMBER_WORDS, SCALES, SHORT_SCALES, VAGUE, can_follow, parse_digits, parse_number

# --- vocabularies -------------------------------------------------------------------------------

# Symbols written before the amount. "$" alone is USD: the corpora are US and Reuters wire copy.
CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "c$": "CAD", "a$": "AUD", "nz$": "NZD", "hk$": "HKD",
                    "s$": "SGD", "nt$": "TWD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR",
                    "rs": "INR", "rs.": "INR", "dm": "DEM", "stg": "GBP"}
# Prefixes a tokenizer may split off "$" ("A" "$"), kept only when written with no space.
DOLLAR_PREFIXES = {"us": "USD", "u.s.": "USD", "c": "CAD", "a": "AUD", "nz": "NZD", "hk": "HKD", "s": "SGD",
                   "nt": "TWD"}
ISO_CODES = {"USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "NZD", "HKD", "CNY", "INR", "RUB", "DEM", "FRF",
             "ITL", "ESP", "NLG", "SEK", "NOK", "DKK", "BRL", "MXN", "ZAR", "KRW", "SGD"}
# Currency names written after the amount. An adjective before the name can change the
# currency ("Australian dollars", "Swiss francs"): see CURRENCY_ADJECTIVES.
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "cent": "USD", "cents": "USD", "euro": "EUR", "euros": "EUR",
    "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "stg": "GBP", "pence": "GBP", "penny": "GBP",
    "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "rupees": "INR",
    "franc": "FRF", "francs": "FRF", "mark": "DEM", "marks": "DEM", "deutschemarks": "DEM",
    "lira": "ITL", "lire": "ITL", "guilder": "NLG", "guilders": "NLG", "peseta": "ESP", "pesetas": "ESP",
    "peso": "MXN", "pesos": "MXN", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB",
    "zloty": "PLN", "zlotys": "PLN", "zlotych": "PLN", "forint": "HUF", "forints": "HUF", "naira": "NGN",
    "riel": "KHR", "riels": "KHR", "rand": "ZAR", "shekel": "ILS", "shekels": "ILS", "won": "KRW",
    "baht": "THB", "ringgit": "MYR", "rupiah": "IDR", "dinar": "YUM", "dinars": "YUM", "shilling": "KES",
    "shillings": "KES", "real": "BRL", "reais": "BRL", "kwanza": "AOA", "lei": "ROL", "leu": "ROL",
    "usd": "USD", "eur": "EUR", "gbp": "GBP",
}
CURRENCY_ADJECTIVES = {
    ("australian", "dollar"): "AUD", ("canadian", "dollar"): "CAD", ("new zealand", "dollar"): "NZD",
    ("hong kong", "dollar"): "HKD", ("singapore", "dollar"): "SGD", ("taiwan", "dollar"): "TWD",
    ("swiss", "franc"): "CHF", ("french", "franc"): "FRF", ("belgian", "franc"): "BEF",
    ("swedish", "crown"): "SEK", ("norwegian", "crown"): "NOK", ("danish", "crown"): "DKK",
    ("czech", "crown"): "CZK", ("slovak", "crown"): "SKK", ("german", "mark"): "DEM",
    ("finnish", "mark"): "FIM", ("irish", "pound"): "IEP", ("egyptian", "pound"): "EGP",
    ("mexican", "peso"): "MXN", ("philippine", "peso"): "PHP", ("argentine", "peso"): "ARS",
}
MEASURE_WORDS = {
    "kilometer": "km", "kilometre": "km", "km": "km", "kms": "km", "meter": "m", "metre": "m", "m": "m",
    "centimeter": "cm", "centimetre": "cm", "cm": "cm", "millimeter": "mm", "millimetre": "mm", "mm": "mm",
    "mile": "mi", "miles": "mi", "foot": "ft", "feet": "ft", "ft": "ft", "inch": "in", "inches": "in",
    "yard": "yd", "yards": "yd", "hectare": "ha", "ha": "ha", "acre": "acre",
    "kilogram": "kg", "kilogramme": "kg", "kg": "kg", "kilo": "kg", "gram": "g", "gramme": "g", "g": "g",
    "tonne": "t", "ton": "t", "lb": "lb", "lbs": "lb", "ounce": "oz", "oz": "oz",
    "liter": "l", "litre": "l", "milliliter": "ml", "millilitre": "ml", "ml": "ml", "gallon": "gal",
    "barrel": "bbl", "bpd": "bbl", "mph": "mph", "kph": "km/h", "km/h": "km/h",
    "megawatt": "MW", "mw": "MW", "gigawatt": "GW", "gw": "GW", "kwh": "kWh", "kilowatt-hour": "kWh",
}
SQUARE_UNITS = {"km": "km2", "m": "m2"}  # "square kilometres"; square miles have no unit in the vocabulary
TIME_WORDS = {"year": "year", "month": "month", "week": "week", "day": "day", "hour": "hour",
              "minute": "minute", "second": "second", "decade": "year", "yr": "year", "min": "minute"}
SUBUNITS = {"cent", "cents", "pence", "penny"}
PERCENT_WORDS = {"%", "percent", "pct", "per-cent"}
MASS_UNITS = {"kg", "g", "t", "oz", "lb"}
WEIGHT_CUES = {"weigh", "weight", "heavy", "kilogram", "kg", "kilo", "ounce", "lose", "gain", "obese", "lbs"}

# Hedges and bounds read before the number, longest first so "just over" wins over "over".
QUALIFIERS = sorted([
    "more than", "less than", "fewer than", "at least", "at most", "up to", "as many as", "as much as",
    "as few as", "as little as", "nearly", "almost", "about", "around", "roughly", "approximately", "some",
    "over", "under", "close to", "an estimated", "estimated", "just over", "just under", "well over",
    "upwards of", "only", "just", "below", "above", "in excess of", "a record", "no more than",
    "no fewer than", "not more than", "an average of", "average", "maximum", "minimum", "a maximum of",
    "a minimum of", "approx.", "c.", "more then",
], key=len, reverse=True)
FUZZY_QUALIFIERS = {"nearly", "almost", "about", "around", "roughly", "approximately", "some", "close to",
                    "an estimated", "estimated", "upwards of", "approx.", "c.", "just over", "just under",
                    "well over"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
          "nov", "dec"}
CLOCK_WORDS = {"am", "pm", "a.m.", "p.m.", "gmt", "utc", "est", "edt", "cst", "cdt", "pst", "pdt", "et",
               "bst", "cet", "o'clock", "hrs"}
# Entities a number can be part of the name of ("Group 8", "Boeing 747", "Air Force One").
NAME_ENTITIES = {"PERSON", "ORG", "PRODUCT", "LAW", "FAC", "WORK_OF_ART", "EVENT", "GPE", "LOC", "NORP"}
IDENTIFIER_CUES = {"no", "no.", "nos", "nos.", "#", "number", "route", "flight", "room", "article", "section",
                   "chapter", "page", "pp", "p.", "proposition", "prop", "prop.", "channel", "highway",
                   "interstate", "i-", "form", "rule", "title", "paragraph", "line", "version", "lot",
                   "grade", "level", "category", "phase", "stage", "tel", "fax", "phone", "+"}
POLL_CUES = {"poll", "polls", "survey", "percent", "%", "voters"}
GROUP_WORDS = {"couple": 2, "pair": 2, "trio": 3}
FRACTION_WORDS = {"half", "halves", "third", "thirds", "quarter", "quarters", "fifth", "fifths"}
COUNT_DEPS = {"nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "appos"}
GOLF_WORDS = {"under", "over", "par", "under-par", "over-par"}
# Roles of a noun phrase: a word in one of them is read as a noun even when tagged as a verb.
NOMINAL_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "conj"}
# Nouns that only name a kind of amount ("an annual rate of $678 billion", "a total of 20"): the
# thing measured is elsewhere in the clause.
AMOUNT_NOUNS = {"rate", "level", "total", "sum", "amount", "figure", "average", "high", "low", "tally", "peak",
                "value"}


@dataclass
class Mention:
    start: int  # first token (currency symbol or qualifier-free start of the expression)
    end: int  # one past the last token
    value: float
    unit: str | None = None
    kind: str = "count"
    qualifier: str | None = None
    approximate: bool = False
    counts: str | None = None
    num_end: int = 0  # one past the last token of the number itself (before a unit)


def numbers_rows(ctx: DocContext) -> list[dict]:
    doc = ctx.doc
    rows: list[dict] = []
    prev: Mention | None = None  # the last number kept, for "10 judges rather than 11"
    i = 0
    while i < len(doc):
        found = _scan_number(doc, i)
        if found is None:
            i += 1
            continue
        mention, vague = found
        if not vague and _is_not_a_quantity(doc, mention):
            i = mention.end
            continue
        if vague:
            _describe_vague(doc, mention)
        else:
            _describe(doc, mention)
        _fill_ellipsis(doc, mention, prev)
        if prev is not None and _share_score_noun(doc, prev, mention) and rows:
            rows[-1]["counts"] = prev.counts
        if mention.kind in {"count", "percent"}:
            prev = mention
        rows.append(_row(ctx, doc, mention))
        i = max(mention.end, i + 1)
    return rows


# --- 1. finding the number --------------------------------------------------------------------


def _is_digits(tok) -> bool:
    return parse_digits(tok.text) is not None


def _glued_scale(tok) -> float | None:
    """'2bn', '3.5mln', '10k' written as one token."""
    m = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)([a-z]+)", tok.lower_)
    if m and m.group(2) in SHORT_SCALES:
        return parse_number(tok.lower_)
    return None


def _scan_number(doc, i: int) -> tuple[Mention, bool] | None:
    """The number starting at token i, and whether it is a vague magnitude ("hundreds of")."""
    tok = doc[i]
    low = tok.lower_
    if low in VAGUE:
        return _scan_vague(doc, i)
    if low in {"a", "an"} and i + 2 < len(doc) and doc[i + 1].lower_ in GROUP_WORDS and doc[i + 2].lower_ == "of":
        # "a couple of years", "a trio of Olympic champions"
        return Mention(i, i + 2, float(GROUP_WORDS[doc[i + 1].lower_]), num_end=i + 2), False
    if low in {"a", "an"} and i + 1 < len(doc) and doc[i + 1].lower_ in SCALES.keys() | {"dozen"}:
        # "a million people", "a dozen": the article means one of the scale
        end = _extend_words(doc, i + 1)
        return Mention(i, end, parse_number("one " + doc[i + 1:end].text) or 0.0, num_end=end), False
    if low == "half" and i + 2 < len(doc) and doc[i + 1].lower_ in {"a", "an"} and doc[i + 2].lower_ in SCALES.keys() | {"dozen"}:
        # "half a million spectators", "half a dozen": half of the scale, one number
        end = _extend_words(doc, i + 2)
        value = parse_number("one " + doc[i + 2:end].text)
        return (Mention(i, end, value / 2, num_end=end), False) if value is not None else None
    year = _YEAR_SPAN.fullmatch(tok.text)
    if year:
        # "2021–22" (a financial or season year: the first year), "the 1960s" (a decade: its first year)
        return Mention(i, i + 1, float(year.group(1) or year.group(2)), num_end=i + 1), False
    glued = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)([mb])\.?", low)  # "1B." at a sentence end is one token
    if glued and _currency_before(doc, i):
        value = parse_number(glued.group(1) + (" million" if glued.group(2) == "m" else " billion"))
        return (Mention(i, i + 1, value, num_end=i + 1), False) if value is not None else None
    if _is_digits(tok) or _glued_scale(tok) is not None:
        end = groups = _spaced_groups(doc, i) if _glued_scale(tok) is None else i + 1
        if _glued_scale(tok) is None:
            while end < len(doc) and (doc[end].lower_ in SHORT_SCALES or (doc[end].lower_ == "m" and _currency_before(doc, i))):
                end += 1  # "1.5 million", "$5 m", "1.1 lakh crore"
        text = " ".join(["".join(t.lower_ for t in doc[i:groups])] + [t.lower_ for t in doc[groups:end]])
        value = parse_number(text.replace(" m", " million")) if text.endswith(" m") else parse_number(text)
        if value is not None:
            end, value = _and_a_half(doc, end, value)
        return (Mention(i, end, value, num_end=end), False) if value is not None else None
    if low in NUMBER_WORDS and low not in SCALES:
        end = _extend_words(doc, i)
        words = doc[i:end].text
        # "one" alone means a single thing ("one of the men"): optional in the gold, so skipped
        if low == "one" and end == i + 1 and not _and_a_half(doc, end, 1.0)[0] > end:
            return None
        value = parse_number(words)
        if value is not None:
            end, value = _and_a_half(doc, end, value)
        return (Mention(i, end, value, num_end=end), False) if value is not None else None
    return None


_YEAR_SPAN = re.compile(r"(1[5-9]\d\d|20\d\d)[–-]\d\d|(1[5-9]\d0|20\d0)[’']?s")


def _spaced_groups(doc, i: int) -> int:
    """End of a number whose thousands are grouped by spaces, as SI and Australian style write
    them ("2 150 000", "$1 310 million"; no-break and narrow no-break spaces are plain spaces by
    now): a group of 1-3 digits, then groups of exactly three digits one space apart. A run that
    goes on with a group of another length is a phone or reference number, left alone."""
    first = doc[i].text
    if not re.fullmatch(r"[1-9]\d{0,2}", first) or (i > 0 and doc[i - 1].text.startswith("+")):
        return i + 1
    end = i + 1
    while end < len(doc) and doc[end - 1].whitespace_ == " " and re.fullmatch(r"\d{3}(?:\.\d+)?", doc[end].text):
        end += 1
        if "." in doc[end - 1].text:
            break
    if end < len(doc) and doc[end - 1].whitespace_ == " " and re.fullmatch(r"\d+", doc[end].text):
        return i + 1  # "171 542 8062"
    return end


_HALF = ("and", "a", "half")


def _and_a_half(doc, end: int, value: float) -> tuple[int, float]:
    """"two and a half years", "two-and-a-half-year", "one and a half million": +0.5 (of the
    scale, when one follows)."""
    j, k = end, 0
    while j < len(doc) and k < 3:
        if doc[j].text in {"-", "–"} and not doc[j - 1].whitespace_:
            j += 1
            continue
        if doc[j].lower_ != _HALF[k] and not (k == 1 and doc[j].lower_ == "an"):
            return end, value
        j, k = j + 1, k + 1
    if k < 3:
        return end, value
    if j < len(doc) and doc[j].lower_ in SCALES and doc[j].lower_ != "hundred":
        return j + 1, (value + 0.5) * SCALES[doc[j].lower_]
    return j, value + 0.5


def _extend_words(doc, i: int) -> int:
    """End of a run of number words that form one number: "forty-three", "two hundred and five",
    "1.5 million"; stops before "three one-day" would merge two numbers."""
    end = i + 1
    while end < len(doc):
        last = doc[end - 1].lower_
        nxt = doc[end]
        # "forty-three": tokens "forty" "-" "three" with no spaces
        if nxt.text in {"-", "–"} and end + 1 < len(doc) and not doc[end - 1].whitespace_ and not nxt.whitespace_ \
                and can_follow(last, doc[end + 1].lower_):
            end += 2
            continue
        # "two hundred and five"
        if nxt.lower_ == "and" and last == "hundred" and end + 1 < len(doc) and can_follow(last, doc[end + 1].lower_):
            end += 2
            continue
        if nxt.lower_ in NUMBER_WORDS and can_follow(last, nxt.lower_):
            end += 1
            continue
        break
    return end


def _scan_vague(doc, i: int) -> tuple[Mention, bool] | None:
    """"hundreds of refugees" → 100; "tens of thousands" → 10,000; "thousands marched" → 1000."""
    low = doc[i].lower_
    has_of = i + 1 < len(doc) and doc[i + 1].lower_ == "of"
    if i > 0 and (_is_digits(doc[i - 1]) or doc[i - 1].lower_ in NUMBER_WORDS):
        return None  # "two thousands" is not vague
    if low in {"scores", "tens"} and not has_of:
        return None  # "the scores", "tens" alone are not magnitudes
    if not has_of and doc[i].pos_ not in {"NOUN", "NUM"}:
        return None
    value, end = float(VAGUE[low]), i + 1
    # "tens of thousands", "hundreds of millions"
    if has_of and i + 2 < len(doc) and doc[i + 2].lower_ in VAGUE and VAGUE[doc[i + 2].lower_] > value:
        value, end = value * VAGUE[doc[i + 2].lower_], i + 3
    return Mention(i, end, value, num_end=end), True


# --- 2. numeric only in form ------------------------------------------------------------------


def _is_not_a_quantity(doc, m: Mention) -> bool:
    return (_is_fraction(doc, m) or _is_ordinal_or_clock(doc, m) or _is_day_of_month(doc, m) or _in_name(doc, m)
            or _is_identifier(doc, m) or _in_digit_run(doc, m))


def _is_fraction(doc, m: Mention) -> bool:
    j = _unit_token(doc, m.num_end)
    return j is not None and doc[j].lower_ in FRACTION_WORDS


def _is_ordinal_or_clock(doc, m: Mention) -> bool:
    tok = doc[m.num_end - 1]
    nxt = doc[m.num_end] if m.num_end < len(doc) else None
    if tok.ent_type_ == "ORDINAL" and not _YEAR_SPAN.fullmatch(tok.text):
        return True
    if nxt is not None and nxt.lower_ in CLOCK_WORDS:
        return True  # "4 pm", "1350 GMT"
    # "7:30" is one token and never parses; "7 . 30" does not happen in wire copy
    return False


def _is_day_of_month(doc, m: Mention) -> bool:
    """"February 1", "Dec. 6", "6 December", "May 27-29": dates, optional in the gold."""
    if m.num_end - m.start != 1 or not re.fullmatch(r"\d{1,2}", doc[m.start].text):
        return False
    i = m.start

    def month_at(j: int) -> bool:
        return 0 <= j < len(doc) and doc[j].lower_.rstrip(".") in MONTHS and doc[j].text[:1].isupper()

    if month_at(i - 1) or month_at(i + 1) or (month_at(i + 2) and doc[i + 1].lower_ == "of"):
        return True
    # the second day of a range: "May 27-29", "June 5 - 9"
    if i >= 3 and doc[i - 1].text in {"-", "–", "to"} and month_at(i - 3) and doc[i - 2].like_num:
        return True
    # "1996-08-30" split by the tokenizer, and "08/30"
    around = doc[max(0, i - 2):i + 3].text
    return bool(re.search(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}", around))


def _in_name(doc, m: Mention) -> bool:
    """A number after the first word of a name: "Group 8", "Boeing 747", "Air Force One".
    "34 police personnel" is sometimes swallowed into an ORG; a name does not start with its count."""
    tok = doc[m.start]
    if tok.ent_type_ not in NAME_ENTITIES or tok.ent_iob_ == "B":
        return False
    return not (tok.ent_type_ in {"EVENT", "LAW", "WORK_OF_ART"} and re.fullmatch(r"1[5-9]\d\d|20\d\d", tok.text))


def _is_identifier(doc, m: Mention) -> bool:
    """"Flight 103", "Proposition 64", "No. 1", "Section 8": a number after the noun it names."""
    if m.start == 0 or m.num_end - m.start != 1:
        return False
    prev = doc[m.start - 1]
    if prev.lower_ in IDENTIFIER_CUES and _is_digits(doc[m.start]):
        return True
    tok = doc[m.start]
    # a number attached to the capitalised noun right before it ("Boeing 747", "Section 8")
    return (tok.head.i == prev.i and tok.dep_ in {"nummod", "compound", "appos", "npadvmod"}
            and prev.pos_ in {"PROPN", "NOUN"} and prev.text[:1].isupper() and prev.lower_ not in MONTHS
            and _is_digits(tok))


def _in_digit_run(doc, m: Mention) -> bool:
    """Phone and reference numbers: three or more bare digit groups in a row ("+44 171 542 8062")."""
    i = m.start
    if not re.fullmatch(r"\+?\d+", doc[i].text) or m.num_end - m.start != 1:
        return False
    if i > 0 and doc[i - 1].text.startswith("+"):
        return True
    j, k = i, i
    while j > 0 and re.fullmatch(r"\+?\d+", doc[j - 1].text):
        j -= 1
    while k + 1 < len(doc) and re.fullmatch(r"\d+", doc[k + 1].text):
        k += 1
    return k - j >= 2


# --- 3. unit and kind -------------------------------------------------------------------------


def _currency_before(doc, i: int) -> str | None:
    """ISO code of a currency written before token i ("$", "US$", "A $", "£", "USD"), else None."""
    if i == 0:
        return None
    prev = doc[i - 1]
    low = prev.lower_
    if low in CURRENCY_SYMBOLS:
        code = CURRENCY_SYMBOLS[low]
        # "A" "$" split by the tokenizer: only a prefix when glued ("A$"), not "a $ 28,000"
        if low == "$" and i >= 2 and not doc[i - 2].whitespace_ and doc[i - 2].lower_ in DOLLAR_PREFIXES:
            code = DOLLAR_PREFIXES[doc[i - 2].lower_]
        return code
    if prev.text in ISO_CODES:
        return prev.text
    return None


def _currency_start(doc, i: int) -> int:
    """First token of the currency written before token i."""
    if doc[i - 1].lower_ == "$" and i >= 2 and not doc[i - 2].whitespace_ and doc[i - 2].lower_ in DOLLAR_PREFIXES:
        return i - 2
    return i - 1


def _describe(doc, m: Mention) -> None:
    code = _currency_before(doc, m.start)
    if code is not None:
        m.unit, m.kind, m.start = code, "money", _currency_start(doc, m.start)
    elif doc[m.start].lower_ in {"a", "an"} and doc[m.num_end - 1].lower_ in GROUP_WORDS:
        # "a couple of years": the unit is the object of "of"
        probe = Mention(m.start, m.num_end + 1, m.value, num_end=m.num_end + 1)
        _attach_unit(doc, probe)
        if probe.unit is not None:
            m.unit, m.kind, m.end = probe.unit, probe.kind, probe.end
    else:
        _attach_unit(doc, m)
        if m.kind == "count":
            _share_range_unit(doc, m)
    if m.kind == "count" and _is_year(doc, m):
        m.kind = "year"
    elif m.kind in {"count", "duration"} and _is_age(doc, m):
        m.kind, m.unit = "age", "year"
    m.qualifier, m.approximate = _qualifier(doc, m)
    m.counts = _counted(doc, m)


def _unit_token(doc, j: int) -> int | None:
    """Index of the unit word right after the number ending at j, skipping a joining hyphen
    ("1,643-kilometer", "45-year-old"); None when the next word is not glued or spaced."""
    if j < len(doc) and doc[j].text in {"-", "–"} and not doc[j - 1].whitespace_:
        return j + 1 if j + 1 < len(doc) else None
    return j if j < len(doc) else None


def _attach_unit(doc, m: Mention) -> None:
    j = _unit_token(doc, m.num_end)
    if j is None:
        return
    word = doc[j].lower_
    lemma = doc[j].lemma_.lower()
    nxt = doc[j + 1].lower_ if j + 1 < len(doc) else ""
    if word in PERCENT_WORDS or (word == "per" and nxt == "cent"):
        end = j + (2 if word == "per" else 1)
        m.unit, m.kind, m.end = "%", "percent", end
        # "3 percentage points" and "5 percent points" are percentage points
        if end < len(doc) and doc[end].lower_ in {"point", "points"}:
            m.unit, m.end = "pp", end + 1
    elif word == "percentage" and nxt in {"point", "points"}:
        m.unit, m.kind, m.end = "pp", "percent", j + 2
    elif word in {"point", "points"} and _poll_context(doc, m):
        m.unit, m.kind, m.end = "pp", "percent", j + 1  # "leads by 7 points" in a poll story
    elif _currency_after(doc, j) is not None:
        code, end = _currency_after(doc, j)
        m.unit, m.kind, m.end = code, "money", end
        if doc[j].lower_ in SUBUNITS:
            m.value /= 100
    elif word in {"square", "sq", "sq."} and j + 1 < len(doc) and _measure(doc[j + 1]) in SQUARE_UNITS:
        m.unit, m.kind, m.end = SQUARE_UNITS[_measure(doc[j + 1])], "quantity", j + 2
    elif _measure(doc[j]) is not None:
        m.unit, m.kind, m.end = _measure(doc[j]), "quantity", j + 1
    elif word in {"degree", "degrees"} and nxt in {"celsius", "centigrade", "c", "fahrenheit", "f"}:
        m.unit, m.kind, m.end = ("F" if nxt.startswith("f") else "C"), "quantity", j + 2
    elif lemma in TIME_WORDS and doc[j].ent_type_ != "ORDINAL" and not (lemma == "second" and doc[j].is_title):
        # ("June 19-23 Second test": a capitalised "Second" is an ordinal)
        m.unit, m.kind, m.end = TIME_WORDS[lemma], "duration", j + 1
        if lemma == "decade":
            m.value *= 10  # "two decades" → 20 years: the vocabulary has no decade
        old_end = _old_after(doc, j + 1)
        if old_end is not None:
            m.kind, m.end = "age", old_end
    elif j > m.num_end and doc[j].pos_ == "NOUN":
        # "a two-question referendum", "a 46-page analysis": the glued noun is part of the
        # modifier; what is counted is the noun it modifies (read by _counted)
        m.end = j + 1


def _share_range_unit(doc, m: Mention) -> None:
    """"five to six years", "27 and 29 years old", "between 10 and 20 percent": the first number
    of a range takes the unit written after the second."""
    j = m.num_end
    if j + 1 >= len(doc) or doc[j].lower_ not in {"to", "and", "or", "-", "–"}:
        return
    if doc[m.start].ent_type_ == "DATE" and re.fullmatch(r"1[5-9]\d\d|20\d\d", doc[m.start].text):
        return  # "by 2030 to 32 percent" is a year and then a level, not a range
    found = _scan_number(doc, j + 1)
    if found is None or found[1]:
        return
    other = found[0]
    if _currency_before(doc, other.start):
        return
    _attach_unit(doc, other)
    if other.unit is not None and other.kind != "money":
        m.unit, m.kind = other.unit, other.kind
        if other.unit == "year" and doc[other.num_end:other.end].text.lower().endswith("decades"):
            m.value *= 10


def _measure(tok) -> str | None:
    word = tok.lower_
    if word in MEASURE_WORDS:
        return MEASURE_WORDS[word]
    lemma = tok.lemma_.lower()
    if lemma in MEASURE_WORDS and len(lemma) > 2:  # plural "kilometres", "tonnes", "acres"
        return MEASURE_WORDS[lemma]
    if word in {"pound", "pounds"} and _weight_context(tok):
        return "lb"
    return None


def _weight_context(tok) -> bool:
    """"pounds" is a weight near a weight verb or a mass conversion ("42 kg (92 pounds)")."""
    sent = tok.sent
    if any(t.lemma_.lower() in WEIGHT_CUES for t in sent):
        return True
    return any(MEASURE_WORDS.get(t.lower_) in MASS_UNITS for t in tok.doc[max(0, tok.i - 5):tok.i])


def _currency_after(doc, j: int) -> tuple[str, int] | None:
    """Currency named after the amount: "15 million pounds", "5 Australian dollars", "215 stg"."""
    tok = doc[j]
    word = tok.lower_
    # "Australian dollars", "Swiss francs", "Hong Kong dollars"
    for n_adj in (2, 1):
        if j + n_adj < len(doc):
            adj = doc[j:j + n_adj].text.lower()
            name = doc[j + n_adj].lemma_.lower()
            if (adj, name) in CURRENCY_ADJECTIVES:
                return CURRENCY_ADJECTIVES[(adj, name)], j + n_adj + 1
    if word in {"u.s.", "us", "american"} and j + 1 < len(doc) and doc[j + 1].lemma_.lower() == "dollar":
        return "USD", j + 2
    if word in {"pound", "pounds"} and _weight_context(tok):
        return None
    if word in CURRENCY_WORDS:
        end = j + 1
        if word in {"pound", "pounds"} and end < len(doc) and doc[end].lower_ == "sterling":
            end += 1
        return CURRENCY_WORDS[word], end
    return None


def _poll_context(doc, m: Mention) -> bool:
    """"points" are percentage points in a poll story, counted points in a sports story."""
    sent = doc[m.start].sent
    window = doc[max(0, sent.start - 40):min(len(doc), sent.end + 10)]
    return any(t.lower_ in POLL_CUES for t in window)


def _old_after(doc, k: int) -> int | None:
    """End of "-old" / "old" right after a time unit ("45-year-old", "5 years old")."""
    if k < len(doc) and doc[k].text in {"-", "–"} and k + 1 < len(doc) and doc[k + 1].lower_ == "old":
        return k + 2
    if k < len(doc) and doc[k].lower_ in {"old", "-old"}:
        return k + 1
    return None


def _is_year(doc, m: Mention) -> bool:
    """"in 1951", "the 1967 Protocol", "(1996)": a calendar year, unless it counts a noun ("1951 people")."""
    tok = doc[m.start]
    if m.num_end - m.start == 1 and _YEAR_SPAN.fullmatch(tok.text):
        return True
    if m.num_end - m.start != 1 or not re.fullmatch(r"1[5-9]\d\d|20\d\d|2100", tok.text):
        return False
    if tok.ent_type_ == "DATE":
        return True
    head = tok.head
    counts_noun = (tok.dep_ == "nummod" and head.i > tok.i and head.pos_ == "NOUN" and head.tag_ in {"NNS", "NNPS"})
    return not counts_noun


def _is_age(doc, m: Mention) -> bool:
    """"Smith, 45, said", "aged 45", "age 45": an age in years."""
    tok = doc[m.start]
    if not re.fullmatch(r"\d{1,3}", tok.text) or m.end - m.start != 1 or int(tok.text) > 115:
        return False
    prev = doc[m.start - 1] if m.start > 0 else None
    nxt = doc[m.end] if m.end < len(doc) else None
    if prev is not None and prev.lower_ in {"aged", "age", "ages"}:
        return True
    # "John Smith, 45," and "Smith (45)": a number set off right after a person's name
    if prev is not None and prev.text in {",", "("} and m.start >= 2 and (
            doc[m.start - 2].ent_type_ == "PERSON" or doc[m.start - 2].pos_ == "PROPN"):
        return nxt is not None and nxt.text in {",", ")", ".", ";"}
    return False


def _describe_vague(doc, m: Mention) -> None:
    m.qualifier = doc[m.start:m.end].text.lower()
    m.approximate = True
    if m.end < len(doc) and doc[m.end].lower_ == "of":
        m.counts = _of_object(doc, m.end)


# --- 4. qualifier and counted noun ------------------------------------------------------------


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


def _row(ctx: DocContext, doc, m: Mention) -> dict:
    span = doc[m.start:m.end]
    section, start, end = ctx.locate(span.start_char, span.end_char)
    return {
        "text": span.text,
        "value": float(m.value),
        "unit": m.unit,
        "kind": m.kind,
        "qualifier": m.qualifier,
        "approximate": bool(m.approximate),
        "counts": m.counts,
        "section": section,
        "start_char": start,
        "end_char": end,
    }
