"""Numbers written in digits or words → float. Pure, no spaCy; property-tested.

Two jobs:
- `parse_number(text)`: the value of a whole expression ("1,020", "1.5 million", "2bn",
  "forty-three", "two hundred and five"), or None when the text is not a number.
- `can_follow(prev, word)`: whether two number words may belong to one number. The token scanner
  in numbers.py uses it so that "three one-day matches" stays two numbers (3 and 1) instead of
  being summed into 4, while "twenty five" and "two hundred" are joined.
"""
from __future__ import annotations

import math
import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000,
          # South Asian scales: "3.5 lakh" = 350,000, "2,400 crore" = 24 billion, and stacked
          # "1.1 lakh crore" = 1.1e12 (a lakh of crores)
          "lakh": 100_000, "lakhs": 100_000, "crore": 10_000_000, "crores": 10_000_000}
# Abbreviated multipliers glued to or following digits: "2bn", "5 mln", "10k". "m" is left out on
# purpose: after a bare number it is usually metres ("100m"); numbers.py accepts it after a currency.
SHORT_SCALES = {"k": 1_000, "mln": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "bln": 1_000_000_000,
                "tn": 1_000_000_000_000, "trn": 1_000_000_000_000, **SCALES}
# Vague magnitudes (ANNOTATING.md): "hundreds of refugees" → 100, "dozens" → 12, all approximate.
VAGUE = {"dozens": 12, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000, "billions": 1_000_000_000,
         "scores": 20, "tens": 10}
NUMBER_WORDS = frozenset(UNITS) | frozenset(TENS) | frozenset(SCALES) | {"dozen"}

# thousands grouped by commas ("1,020"), Indian grouping ("1,50,000", "12,34,567"), or none
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}|\d+)(?:\.\d+)?|\.\d+"
_DIGITS = re.compile(rf"[+-]?(?:{_NUM})")
_DIGITS_SCALED = re.compile(rf"([+-]?(?:{_NUM}))\s*-?\s*([a-z]+)")


def parse_digits(text: str) -> float | None:
    """'1,020' → 1020.0, '3.2' → 3.2, '-0.5' → -0.5; None for anything else ('1,00', '9/11')."""
    t = text.strip().replace("\u2212", "-")
    if _DIGITS.fullmatch(t):
        return float(t.replace(",", ""))
    return None


def _word_values(words: list[str]) -> list[tuple[str, float]] | None:
    """Classify each word as ('unit'|'tens'|'scale'|'dozen'|'digits', value), None if one is not a number."""
    out = []
    for w in words:
        if w in UNITS:
            out.append(("unit", UNITS[w]))
        elif w in TENS:
            out.append(("tens", TENS[w]))
        elif w in SCALES:
            out.append(("scale", SCALES[w]))
        elif w == "dozen":
            out.append(("dozen", 12))
        else:
            d = parse_digits(w)
            if d is None:
                return None
            out.append(("digits", d))
    return out


def can_follow(prev: str, word: str) -> bool:
    """May number word `word` continue a number whose last word is `prev`?

    "twenty" + "five", "two" + "hundred", "hundred" + "five", "1.5" + "million", "a" + "dozen"
    are one number; "three" + "one", "1" + "0", "five" + "twenty" are two.
    """
    kinds = _word_values([prev.lower(), word.lower()])
    if kinds is None:
        return False
    (pk, pv), (wk, wv) = kinds
    if wk == "scale":
        # "two hundred", "1.5 million", "hundred thousand"; not "million hundred"
        return pk != "scale" or wv > pv
    if wk == "dozen":
        return pk in {"unit", "tens", "digits"}
    if pk == "tens":
        return wk == "unit" and 0 < wv < 10  # twenty-five
    if pk == "scale":
        return wk in {"unit", "tens"}  # hundred five, thousand twenty
    return False


def words_to_number(text: str) -> float | None:
    """'four' → 4, 'forty-three' → 43, 'two hundred and five' → 205, '1.5 million' → 1.5e6,
    'a dozen' → 12. None when the text is not a well-formed number."""
    t = text.lower().replace("-", " ").replace(",", " ").strip()
    words = t.split()
    # a leading "a"/"an" means one ("a million"); "and" may join hundreds and units
    if words and words[0] in {"a", "an"}:
        words = ["one"] + words[1:]
    words = [w for w in words if w != "and"]
    values = _word_values(words)
    if not values:
        return None
    if not all(can_follow(prev, word) for prev, word in zip(words, words[1:])):
        return None
    total, current = 0.0, 0.0
    closed = 0.0  # the group the last scale word closed, while no other word has followed it
    for kind, value in values:
        if kind in {"unit", "tens", "digits"}:
            current += value
            closed = 0.0
        elif kind == "dozen":
            current = (current or 1) * 12
            closed = 0.0
        elif closed and not current:
            # a scale stacked on a closed group multiplies it ("1.1 lakh crore")
            total += closed * value - closed
            closed *= value
        else:  # scale: a thousand or more closes a group ("two million three hundred")
            current = (current or 1) * value
            if value >= 1000:
                total += current
                closed, current = current, 0.0
    return float(f"{total + current:.15g}")  # 1.1 × 10^5 × 10^7 is 1.1e12, not 1.1e12 + 0.0002


def parse_number(text: str) -> float | None:
    """Digits ('1,020'), digits with a multiplier ('1.5 billion', '2bn', '10k'), or words.

    Never raises; returns None for text that is not a number and for non-finite results."""
    if not isinstance(text, str):
        return None
    t = text.strip().lower().replace("\u2212", "-")
    if not t:
        return None
    value = parse_digits(t)
    if value is None:
        m = _DIGITS_SCALED.fullmatch(t)
        if m and m.group(2) in SHORT_SCALES:
            value = float(m.group(1).replace(",", "")) * SHORT_SCALES[m.group(2)]
        else:
            value = words_to_number(t)
    if value is None or not math.isfinite(value):
        return None
    return value
