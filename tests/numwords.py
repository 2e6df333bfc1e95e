"""English number words for property tests: n → "one million two thousand three hundred forty-five"."""
from __future__ import annotations

ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def below_thousand(n: int, and_: bool = False) -> list[str]:
    words = []
    if n >= 100:
        words += [ONES[n // 100], "hundred"] + (["and"] if and_ and n % 100 else [])
        n %= 100
    if n >= 20:
        words.append(TENS[n // 10] + (f"-{ONES[n % 10]}" if n % 10 else ""))
    elif n:
        words.append(ONES[n])
    return words


def to_words(n: int, and_: bool = False) -> str:
    """0 ≤ n < 10**15 in words; with and_, British style ("two hundred and five")."""
    if n == 0:
        return "zero"
    words = []
    for scale, name in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if n >= scale:
            words += below_thousand(n // scale, and_) + [name]
            n %= scale
    return " ".join(words + below_thousand(n, and_))
