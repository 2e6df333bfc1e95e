"""numparse: numbers written in digits or words → float."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extract.numbers.numparse import can_follow, parse_digits, parse_number, words_to_number
from tests.numwords import to_words

@pytest.mark.parametrize("text, value", [
    ("four", 4), ("Forty-three", 43), ("two hundred and five", 205), ("1.5 million", 1_500_000),
    ("a dozen", 12), ("1,020", 1020), ("3.2", 3.2), ("2bn", 2e9), ("5 mln", 5e6), ("10k", 10_000),
    ("twenty five thousand", 25_000), ("one hundred twenty-three thousand four hundred fifty-six", 123_456),
    ("1.5 billion", 1.5e9), ("zero", 0), ("-0.5", -0.5),
])
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "   ", "x", "nan", "inf", "1e5", "1,00", "9/11", "three one", "million hundred",
                                  "one two", "hundred hundred", "$5"])
def test_not_a_number(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("prev, word, ok", [
    ("twenty", "five", True), ("two", "hundred", True), ("hundred", "five", True), ("1.5", "million", True),
    ("hundred", "thousand", True), ("three", "one", False), ("1", "0", False), ("five", "twenty", False),
    ("million", "thousand", False), ("twenty", "ten", False),
])
def test_can_follow(prev, word, ok):
    assert can_follow(prev, word) is ok


def test_parse_digits_rejects_badly_grouped_thousands():
    assert parse_digits("12,345,678") == 12_345_678
    assert parse_digits("12,34") is None


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_words_round_trip(n):
    assert words_to_number(to_words(n)) == n
    assert parse_number(to_words(n)) == n
    assert parse_number(to_words(n).upper()) == n


@given(st.integers(min_value=0, max_value=10**15))
def test_digits_round_trip(n):
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_decimals_round_trip(d):
    assert parse_number(f"{d:f}") == pytest.approx(float(d))


@settings(max_examples=500)
@given(st.text())
def test_random_unicode_never_raises(text):
    value = parse_number(text)
    assert value is None or isinstance(value, float)
    words_to_number(text)
    parse_digits(text)
