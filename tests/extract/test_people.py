"""People extraction through the real model and extractors: short sentences, one behaviour each."""
from __future__ import annotations

import pytest


def _people(rows) -> dict[str, dict]:
    return {r["name"]: r for r in rows["people"]}


# Label consistency and surname folding: the short form the model mislabels (or labels on its
# own) folds into the full name found elsewhere in the article; one row per person.
@pytest.mark.parametrize("body, full, short", [
    ("On Thursday, the state's leader wrote to Prime Minister Narendra Modi about the refugees. "
     "Officials said a reply would be sent to Modi and his office soon.", "Narendra Modi", "Modi"),
    ("Andre Agassi escaped disaster on Thursday night. Later Agassi told reporters he had been lucky "
     "to survive the opening set.", "Andre Agassi", "Agassi"),
    ("Senator Elizabeth Warren spoke in Boston on Monday. Warren's aides said the speech would be "
     "repeated in Ohio.", "Elizabeth Warren", "Warren"),
])
def test_surname_folds_into_full_name(extract, body, full, short):
    people = _people(extract(body, dateline=False))
    assert full in people
    assert short not in people, f"{short!r} should be an alias of {full!r}, not a second row"
    assert short in (people[full]["aliases"] or [])
    assert people[full]["mention_count"] >= 2
    places = {r["name"] for r in extract(body, dateline=False)["places"]}
    assert short not in places


# Speaker evidence: a name the gazetteer does not know that writes or says something is a person,
# even if the model calls it a place; a name that swallowed a neighbouring place is split.
@pytest.mark.parametrize("body, person, place", [
    ("On Thursday, senior elected official of Mizoram Zoramthanga wrote to the federal government. "
     "Zoramthanga, who uses one name, wrote in the letter that Mizoram cannot remain indifferent.",
     "Zoramthanga", "Mizoram"),
])
def test_unknown_speaker_is_a_person_and_swallowed_place_is_split(extract, body, person, place):
    rows = extract(body, dateline=False)
    people = _people(rows)
    places = {r["name"] for r in rows["places"]}
    assert person in people
    assert place in places
    assert not any(person in p and p != person for p in places | set(people)), (places, set(people))


# A big place that speaks through its government stays a place ("Baghdad says").
def test_city_as_speaker_is_not_a_person(extract):
    rows = extract("Kurdish rebels, who Baghdad says are backed by Iran, took the town on Saturday. "
                   "Baghdad said the attack would be answered.", dateline=False)
    assert "Baghdad" not in _people(rows)


# Organisations and demonyms are not people.
@pytest.mark.parametrize("body, not_person", [
    ("But last week, India's Interior Ministry told four Indian states to take measures against "
     "refugees.", "Interior Ministry"),
    ("The Xinhua News Agency said on Sunday that the floods had killed 40 people in the south.",
     "Xinhua News Agency"),
    ("Fighting continued near Tavildara, where the Tajik government forces were fighting rebels. "
     "A Tajik commander said the town was quiet.", "Tajik"),
    ("The refugees, who share ethnic ties with Chin communities in Myanmar, crossed the border.", "Chin"),
])
def test_organisations_and_demonyms_are_not_people(extract, body, not_person):
    rows = extract(body, dateline=False)
    assert not_person not in _people(rows)


# Kin and role nouns in apposition make a person of a name that is also a city ("Nancy").
def test_apposition_to_kin_noun_is_a_person(extract):
    rows = extract("The former president's wife, Nancy, admitted in her memoirs that she had "
                   "consulted an astrologer.", dateline=False)
    assert "Nancy" in _people(rows)
    assert "Nancy" not in {r["name"] for r in rows["places"]}


# A headline slot holding only two or three proper nouns is a byline: a person.
def test_byline_in_headline_slot_is_a_person(extract):
    rows = extract("American Dennis Mitchell outclassed Olympic champion Donovan Bailey for the third "
                   "time on Friday.", title="Adrian Warner", dateline=False)
    people = _people(rows)
    assert "Adrian Warner" in people
    assert people["Adrian Warner"]["section"] == "title"


# ALL-CAPS headlines: names are matched against the people the body names.
def test_caps_headline_surname_matches_body_person(extract):
    rows = extract("Spanish first division team Deportivo Coruna will be without key midfielder Mauro "
                   "Silva for Saturday's game. Silva excused his absence by saying he had lost his "
                   "passport.", title="SOCCER - SILVA'S LOST PASSPORT EXCUSE NOT ENOUGH FOR FIFA.",
                   dateline=False)
    people = _people(rows)
    assert "Mauro Silva" in people
    assert not any(n.isupper() for n in people), people
    assert "FIFA" not in people
    silva = people["Mauro Silva"]
    assert silva["mention_count"] >= 3  # the headline's SILVA is one of its mentions
    assert silva["section"] == "title"


# Spans cut badly by the model are trimmed: hyphenated names stay whole, role nouns go.
@pytest.mark.parametrize("body, name", [
    ("South Korean police arrested Kang Young-hoon on Friday, officials said.", "Kang Young-hoon"),
    ("Broker Khurshid Alam said the market would recover next week.", "Khurshid Alam"),
])
def test_span_trimming(extract, body, name):
    assert name in _people(extract(body, dateline=False))


def test_role_from_title(extract):
    rows = extract("Police officers are urging Prime Minister Narendra Modi's government not to send "
                   "them back.", dateline=False)
    assert _people(rows)["Narendra Modi"]["role"] == "Prime Minister"


# Sports sides named after a town or county are organisations, not people: the competitor of a
# result verb or of "over"/"v", a side in apposition to "team"/"club", the club before a player's
# role ("Sunderland forward") or before a player's full name ("Everton's Duncan Ferguson").
@pytest.mark.parametrize("body, team, player", [
    ("Essex need another 148 runs with five wickets in hand to beat Yorkshire after a century from "
     "Richard Kettleborough.", "Yorkshire", "Richard Kettleborough"),
    ("Spanish first division team Deportivo Coruna will be without key midfielder Mauro Silva for "
     "their next match.", "Deportivo Coruna", "Mauro Silva"),
    ("Sunderland forward Niall Quinn scored twice as the visitors drew 2-2.", "Sunderland", "Niall Quinn"),
    ("Everton's Duncan Ferguson went close in the second half.", "Everton", "Duncan Ferguson"),
    ("Derbyshire, nine-wicket winners over Worcestershire, can take the day off, said Kim Barnett.",
     "Worcestershire", "Kim Barnett"),
])
def test_sports_sides_are_not_people(extract, body, team, player):
    rows = extract(body, dateline=False)
    people = _people(rows)
    assert player in people, people
    assert team not in people, people
    assert team not in {r["name"] for r in rows["places"]}


# ... but players who beat each other are people, and a country's side stays a place.
@pytest.mark.parametrize("body, people_expected, place", [
    ("Pete Sampras beat Goran Ivanisevic 6-3 6-4 in the semifinal on Saturday.",
     {"Pete Sampras", "Goran Ivanisevic"}, None),
    ("England captain Alan Shearer will miss the match against Moldova.", {"Alan Shearer"}, "England"),
    ("Kenya's Daniel Komen won the 5,000 metres in Brussels.", {"Daniel Komen"}, "Kenya"),
])
def test_competing_players_stay_people(extract, body, people_expected, place):
    rows = extract(body, dateline=False)
    assert people_expected <= set(_people(rows)), rows["people"]
    if place:
        assert place in {r["name"] for r in rows["places"]}


# A person span the model cut after the first name takes the surname in ("Bob" → "Bob Estes",
# hyphenated parts included), but not a capitalised common word of a title-case headline.
@pytest.mark.parametrize("body, title, expected, not_expected", [
    ("Bob Estes shot a 67 to share the lead with Tiger Woods.", None, "Bob Estes", "Bob"),
    ("South Korea in 1993 unconditionally repatriated Li In-mo, a northern partisan seized during the "
     "war. Li said he would go home.", None, "Li In-mo", "Li In"),
    ("The campaign dropped the line after staff complained, aides said.",
     "Clinton Campaign Reportedly Scraps Slogan", None, "Clinton Campaign"),
])
def test_person_span_extension(extract, body, title, expected, not_expected):
    people = _people(extract(body, title=title, dateline=False))
    if expected:
        assert expected in people, people
    assert not_expected not in people, people


# Companies: a short form of a company named in full, or a name in apposition to a business noun.
@pytest.mark.parametrize("body, company", [
    ("Magna International Inc agreed to buy the seating business. Magna shares rose 1/8 in Toronto.", "Magna"),
    ("Pirelli signed a deal with mineral water firm Multico on Friday.", "Multico"),
    ("Caltex Petroleum Corp plans to build a refinery. Mobil, Shell and Caltex were also attracted "
     "to the project.", "Caltex"),
])
def test_companies_are_not_people(extract, body, company):
    assert company not in _people(extract(body, dateline=False))


@pytest.mark.parametrize("text, name, role", [
    ("On Thursday, senior elected official of Mizoram Zoramthanga wrote to the ministry. Zoramthanga said more.",
     "Zoramthanga", "senior elected official of Mizoram"),
    ("Prime Minister Narendra Modi said on Monday that talks would resume.", "Narendra Modi", "Prime Minister"),
    ("Breitbart News Daily host Alex Marlow said the poll was wrong.", "Alex Marlow", "Breitbart News Daily host"),
    ("He apologised for derogatory comments Donald Trump made about the judge.", "Donald Trump", None),
])
def test_role(extract, text, name, role):
    people = {r["name"]: r for r in extract(text, dateline=False)["people"]}
    assert name in people, people
    assert people[name]["role"] == role


# A role noun written straight before the name ("finalist", "novelist", "editor") or in
# apposition after it makes a person, even when the model calls the name an organisation or
# its surname is a city.
@pytest.mark.parametrize("body, person", [
    ("US Open finalist Marcus Denver lost in five sets on Thursday.", "Marcus Denver"),
    ("Veteran novelist Andrew Dallas said on Monday he would retire.", "Andrew Dallas"),
    ("Lee Dallas, a veteran journalist, was released on Friday. Officials said Dallas would leave "
     "the country.", "Lee Dallas"),
])
def test_role_noun_makes_a_person(extract, body, person):
    rows = extract(body, dateline=False)
    assert person in _people(rows)
    assert person not in {r["name"] for r in rows["places"]}


# The wire service a source speaks to is an organisation, not a person.
@pytest.mark.parametrize("body", [
    "\"We will not surrender,\" Rahim told Reuters.",
    "Analysts told Reuters the bank would cut rates.",
    "Reuters said the talks had failed.",
])
def test_wire_service_is_not_a_person(extract, body):
    assert "Reuters" not in _people(extract(body, dateline=False))
