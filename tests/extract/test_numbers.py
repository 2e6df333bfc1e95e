"""numbers extractor: sentences → (value, unit, kind, qualifier, counts), per ANNOTATING.md."""
from __future__ import annotations

import pytest

from schemas.tables import NUMBER_KINDS, NUMBER_UNITS

CASES = [
    # counts and what they count
    ("The state deployed 34 police personnel to the border.", 34, None, "count", None, "police personnel"),
    ("Refugees fled to four Indian states last year.", 4, None, "count", None, "Indian states"),
    ("More than 200 people crossed the river.", 200, None, "count", "more than", "people"),
    ("Nearly eight of 10 voters said so.", 8, None, "count", "nearly", "voters"),
    ("The sample is 834, the pollster said.", 834, None, "count", None, "sample"),
    ("Forty-three, yes; forty-four, no.", 43, None, "count", None, None),
    ("They voted in a two-question referendum.", 2, None, "count", None, "referendum"),
    ("Officials counted two hundred and five ballots.", 205, None, "count", None, "ballots"),
    ("The firm employs 1,020 workers.", 1020, None, "count", None, "workers"),
    ("About 1.1 million Rwandan refugees live there.", 1_100_000, None, "count", "about", "Rwandan refugees"),
    # vague magnitudes
    ("Hundreds of refugees waited at the gate.", 100, None, "count", "hundreds", "refugees"),
    ("Tens of thousands of people marched.", 10_000, None, "count", "tens of thousands", "people"),
    ("Police arrested dozens of protesters.", 12, None, "count", "dozens", "protesters"),
    # money
    ("The deal is worth $1.5 billion.", 1.5e9, "USD", "money", None, None),
    ("He paid 15 million pounds for the club.", 15e6, "GBP", "money", None, None),
    ("The company reported a loss of $916 million.", 916e6, "USD", "money", None, "loss"),
    ("The group has some $8.8 billion in debt.", 8.8e9, "USD", "money", "some", "debt"),
    ("Personal spending rose $6.9 billion.", 6.9e9, "USD", "money", None, "Personal spending"),
    ("The bonds raised A$ 100 million.", 100e6, "AUD", "money", None, "bonds"),
    ("She won a $ 28,000 prize.", 28_000, "USD", "money", None, "prize"),
    ("The club paid 25,000 Swiss francs.", 25_000, "CHF", "money", None, "club"),
    ("The super PAC haul surged past $1B.", 1e9, "USD", "money", None, None),
    ("Wheat stood 5.3 cents higher.", 0.053, "USD", "money", None, "Wheat"),
    # percentages
    ("Inflation rose 3.2 percent in May.", 3.2, "%", "percent", None, "Inflation"),
    ("Turnout was 45% in the city.", 45, "%", "percent", None, "Turnout"),
    ("Clinton led by 5 percentage points.", 5, "pp", "percent", None, "lead"),
    ("The poll gave her a lead of 7 points among voters.", 7, "pp", "percent", None, "lead"),
    ("About 46 percent of likely voters back Clinton.", 46, "%", "percent", "about", "likely voters"),
    # what an amount with no noun of its own measures (_clause_noun)
    ("Polls show her ahead 3 points, HuffPollster 4.3 points.", 4.3, "pp", "percent", None, "lead"),
    ("Spending on durable goods fell to an annual rate of $626.3 billion.", 626.3e6 * 1000, "USD", "money",
     None, "Spending"),
    ("Wages decreased by $6.9 billion in July after climbing $45 billion in June.", 45e9, "USD", "money", None,
     "Wages"),
    ("Spending at retail stores was up only 0.1 percent in July.", 0.1, "%", "percent", "only", "Spending"),
    ("They formed a consortium which would offer about $120 million.", 120e6, "USD", "money", "about",
     "consortium"),
    ("Nearly half the money -- $500.8 million -- came from donors.", 500.8e6, "USD", "money", None, "money"),
    ("Clinton leads Trump by 43 percent to 38 percent.", 38, "%", "percent", None, "Trump"),
    ("Trump received 38 percent, Libertarian Gary Johnson 3 percent and Jill Stein 2 percent.", 2, "%",
     "percent", None, "Jill Stein"),
    ("Steyer gave $15 million to the Sierra Club.", 15e6, "USD", "money", None, "Sierra Club"),
    ("Steyer gave $15 million.", 15e6, "USD", "money", None, None),
    ("It aims to invest $200 million in Ruch over five years.", 200e6, "USD", "money", None, None),
    ("The shares were bought for $31 a share.", 31, "USD", "money", None, "share"),
    ("Obama's approval rating remains strong, though it has declined from 58 percent.", 58, "%", "percent",
     None, "approval rating"),
    ("Clinton was supported by 42 percent of those responding.", 42, "%", "percent", None, "those responding"),
    ("Veterans kill themselves at three times the rate of civilians.", 3, None, "count", None, "rate"),
    ("He lowered his ERA from 8.08 to 7.24.", 7.24, None, "count", None, "ERA"),
    # nouns the parser hides: misread verbs, participles, graded adjectives, quotation marks
    ("It has about 17,000 news-stands.", 17_000, None, "count", "about", "news stands"),
    ("Nearly 1,500 coal- and gas-fired power plants emit carbon.", 1500, None, "count", "nearly",
     "coal- and gas fired power plants"),
    ("They used an average of the five most recent polls.", 5, None, "count", None, "most recent polls"),
    ("The four “loopholes” he cited are old.", 4, None, "count", None, "loopholes"),
    ("Plants emit nearly two billion tons per year of carbon dioxide.", 2e9, "t", "quantity", "nearly",
     "carbon dioxide"),
    # ellipsis: the noun of the number before, or the population of a poll (_fill_ellipsis)
    ("The case will be heard by 10 judges rather than 11.", 11, None, "count", None, "judges"),
    ("Of the 10 judges who will hear the case, six were appointed by Democrats.", 6, None, "count", None,
     "judges"),
    ("They said 200 fighter planes, including 79 on the carrier, were in the Gulf.", 79, None, "count", None,
     "fighter planes"),
    ("Over 260 members were detained. Most were released but several dozen remain in custody.", 12, None,
     "count", None, "members"),
    ("Among likely voters, 46 percent would choose Clinton.", 46, "%", "percent", None, "likely voters"),
    ("Only 52 percent of registered voters agreed, while 73 percent said the same of Trump.", 73, "%",
     "percent", None, "registered voters"),
    ("The court made a surprise 5-4 decision.", 4, None, "count", None, "decision"),
    ("The Texan won the match 6-4 and took the title.", 4, None, "count", None, None),
    ("Henke carded a four-under 67 after two birdies.", 67, None, "count", None, None),
    # measures
    ("They share a 1,643-kilometer border.", 1643, "km", "quantity", None, "border"),
    ("The ship carried 120 tonnes of wheat.", 120, "t", "quantity", None, "wheat"),
    ("The plant emits two billion tons a year.", 2e9, "t", "quantity", None, None),
    ("He weighs 236 pounds.", 236, "lb", "quantity", None, None),
    ("The farm covers 300,000 acres.", 300_000, "acre", "quantity", None, None),
    # durations and ages
    ("The talks lasted two weeks.", 2, "week", "duration", None, None),
    ("He was released 14 years later.", 14, "year", "duration", None, None),
    ("A 45-year-old man was arrested.", 45, "year", "age", None, "man"),
    ("John Smith, 45, was arrested.", 45, "year", "age", None, None),
    ("The dispute lasted nearly two decades.", 20, "year", "duration", "nearly", None),
    ("He spent five to six years in prison.", 5, "year", "duration", None, None),
    ("He spent a couple of years in jail.", 2, "year", "duration", None, None),
    ("They toured for four months.", 4, "month", "duration", None, None),
    # years
    ("The convention was signed in 1951.", 1951, None, "year", None, None),
    ("He attended the 1936 Olympics.", 1936, None, "year", None, None),
]

# numeric only in form: optional in the gold, so the extractor leaves them out
NOT_NUMBERS = [
    ("The meeting is on February 1 in Delhi.", 1),
    ("The tour runs from May 27-29 in Leeds.", 29),
    ("The vote is at 4 pm on Tuesday.", 4),
    ("He finished second in the 78th minute.", 78),
    ("The Boeing 747 landed safely.", 747),
    ("Pan Am Flight 103 exploded over Lockerbie.", 103),
    ("Fax +44 171 542 8062 for details.", 542),
    ("Two-thirds of the members agreed.", 2),
    ("One of the men was released.", 1),
]


def _numbers(extract, text):
    return extract(text, dateline=False)["numbers"]


@pytest.mark.parametrize("text, value, unit, kind, qualifier, counts", CASES)
def test_number_rows(extract, text, value, unit, kind, qualifier, counts):
    rows = _numbers(extract, text)
    row = next((r for r in rows if r["value"] == pytest.approx(value)), None)
    assert row is not None, f"{value} not in {[(r['text'], r['value']) for r in rows]}"
    assert (row["unit"], row["kind"], row["qualifier"], row["counts"]) == (unit, kind, qualifier, counts), row
    assert row["approximate"] is (qualifier in {"about", "nearly", "some", "hundreds", "tens of thousands", "dozens"})


@pytest.mark.parametrize("text, value", NOT_NUMBERS)
def test_numeric_only_in_form_is_left_out(extract, text, value):
    assert value not in [r["value"] for r in _numbers(extract, text)]


def test_range_gives_two_numbers(extract):
    values = [r["value"] for r in _numbers(extract, "Between 10 and 20 people were hurt.")]
    assert values == [10, 20]


def test_three_one_day_matches_are_two_numbers_not_four(extract):
    values = [r["value"] for r in _numbers(extract, "They will play three one-day matches.")]
    assert 4 not in values and 3 in values


def test_rows_fit_the_schema_and_point_into_the_text(extract):
    body = ("More than 200 people, including 34 police personnel, fled across the 1,643-kilometer border "
            "in 1967, paying $1.5 billion, 3.2 percent more than two weeks earlier.")
    rows = _numbers(extract, body)
    assert len(rows) == 7
    for r in rows:
        assert r["kind"] in NUMBER_KINDS
        assert r["unit"] is None or r["unit"] in NUMBER_UNITS or (len(r["unit"]) == 3 and r["unit"].isupper())
        assert body[r["start_char"]:r["end_char"]] == r["text"]
        assert r["section"] == "body"


def test_headline_numbers_are_located_in_the_title(extract):
    rows = extract("Officials said the camp holds refugees.", title="Thousands flee as 3 towns burn")["numbers"]
    assert {(r["section"], r["value"]) for r in rows} == {("title", 1000), ("title", 3)}
