"""Kinds of numeral the number extractor must read as ONE number (field cases 06, 07, 08 and
more of each kind): digit groups split by spaces, Indian grouping and scales, fractions and
multipliers written in words, financial years and decades."""
from __future__ import annotations

import pytest

# (sentence, value, unit); a sentence may hold other numbers, the one named must be there whole
ONE_NUMBER = [
    # thousands grouped by a space, a no-break space, a narrow no-break space (SI / Australian style)
    ("Exports fell to 2 150 000 tonnes last year.", 2_150_000, "t"),
    ("Exports fell to 4\u00a0720\u00a0000 tonnes last year.", 4_720_000, "t"),
    ("Exports may recover to 3\u202f900\u202f000 tonnes.", 3_900_000, "t"),
    ("The crop was valued at $1 310 million.", 1_310_000_000, "USD"),
    ("He farms 3 200 hectares near the coast.", 3200, "ha"),
    ("The fund holds 12 500.75 euros.", 12_500.75, "EUR"),
    # Indian digit grouping and scales
    ("Each family will get ₹1,50,000 in aid.", 150_000, "INR"),
    ("The state approved Rs 2,400 crore for relief.", 24_000_000_000, "INR"),
    ("More than 3.5 lakh people were moved.", 350_000, None),
    ("Each family will receive ₹4 lakh.", 400_000, "INR"),
    ("The state asked for ₹1.1 lakh crore over five years.", 1_100_000_000_000, "INR"),
    ("The company raised 12,34,567 rupees.", 1_234_567, "INR"),
    ("Nearly two crore voters took part.", 20_000_000, None),
    # fractions and multipliers in words
    ("Organizers expect half a million spectators.", 500_000, None),
    ("Half a million spectators are expected.", 500_000, None),
    ("We waited two and a half years for this.", 2.5, "year"),
    ("The race returns after a two-and-a-half-year break.", 2.5, "year"),
    ("The flight took one and a half hours.", 1.5, "hour"),
    ("They sold one and a half million copies.", 1_500_000, None),
    ("It lasted 3 and a half weeks.", 3.5, "week"),
    ("The race drew a dozen elite runners.", 12, None),
    ("Police will close three dozen streets.", 36, None),
    ("They hired half a dozen lawyers.", 6, None),
    ("About forty-five thousand runners registered.", 45_000, None),
    ("More than 1 million people watched.", 1_000_000, None),
    ("The race drew a hundred wheelchair athletes.", 100, None),
    # years written as spans and decades
    ("Exports fell in 2021–22, the bureau said.", 2021, None),
    ("The budget for 2017-18 was cut.", 2017, None),
    ("The drains were put in during the 1960s.", 1960, None),
]

# runs of digits that are NOT one spaced number
NOT_JOINED = [
    ("Call 020 7542 8062 for details.", 7_542_000),
    ("In 2021 150 people were hurt.", 2_021_150),
    ("He won 6 4 in the final set.", 64),
    ("The 3 000-year-old site and 171 542 8062 are listed.", 171_542_806),
]


def _values(extract, text):
    return [(r["value"], r["unit"]) for r in extract(text)["numbers"]]


@pytest.mark.parametrize("text, value, unit", ONE_NUMBER)
def test_numeral_is_read_whole(extract, text, value, unit):
    got = _values(extract, text)
    assert any(v == pytest.approx(value) and u == unit for v, u in got), got


@pytest.mark.parametrize("text, value", NOT_JOINED)
def test_digit_runs_that_are_not_one_number(extract, text, value):
    assert value not in [v for v, _ in _values(extract, text)]


def test_spaced_groups_do_not_leave_pieces(extract):
    got = [v for v, _ in _values(extract, "Exports fell to 2 150 000 tonnes, worth $1 310 million.")]
    assert got == [2_150_000, 1_310_000_000]


def test_half_a_million_is_not_two_numbers(extract):
    got = [v for v, _ in _values(extract, "Organizers expect half a million spectators.")]
    assert got == [500_000]
