"""Word lists of the number extractor: currencies, measures, time units, qualifiers, cues. Data only."""
from __future__ import annotations




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
