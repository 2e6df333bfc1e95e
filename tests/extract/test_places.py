"""Place extraction through the real model and extractors: short sentences, one behaviour each."""
from __future__ import annotations

import pytest


def _places(rows) -> dict[str, dict]:
    return {r["name"]: r for r in rows["places"]}


# Demonyms are neither places nor people.
@pytest.mark.parametrize("body, demonym", [
    ("An Indian village has provided shelter to 34 police personnel who crossed into India.", "Indian"),
    ("A Briton was among the finalists at the meeting in Berlin on Friday.", "Briton"),
    ("Fighting continued near Tavildara, where Tajik government forces were attacking rebels.", "Tajik"),
])
def test_demonyms_are_not_places(extract, body, demonym):
    rows = extract(body, dateline=False)
    assert demonym not in _places(rows)
    assert demonym not in {r["name"] for r in rows["people"]}


# Place clustering by gazetteer identity: one row for "U.S." and "United States".
def test_same_place_written_two_ways_is_one_row(extract):
    rows = extract("The United States sent more warships to the Gulf on Saturday. U.S. officials said "
                   "the ships would stay for weeks.", dateline=False)
    places = _places(rows)
    us = [r for r in places.values() if r["country_code"] == "US" and r["kind"] == "country"]
    assert len(us) == 1, places
    assert {us[0]["name"], *(us[0]["aliases"] or [])} >= {"United States", "U.S."}


# The dateline place is a row (kept out of the body), and so is a state or country after it.
@pytest.mark.parametrize("text, city, region, code", [
    ("IRVINE, Calif 1996-08-30\n\nThe Dole campaign released a letter on Friday inviting their "
     "counterparts to meet.", "Irvine", "Calif", "US"),
    ("MIZORAM, India (AP) – Police officers who fled to India are urging the government not to send "
     "them back.", "Mizoram", "India", "IN"),
])
def test_dateline_places(extract, text, city, region, code):
    places = _places(extract(text))
    assert places[city]["is_dateline"] is True
    assert places[city]["country_code"] == code
    assert region in places
    assert places[region]["is_dateline"] is True
    assert places[region]["country_code"] == code


# ALL-CAPS lines (headlines, section heads) are read against the gazetteer and the body's names.
@pytest.mark.parametrize("body, title, expected", [
    ("Rotor must play their next home game behind closed doors after fans invaded the pitch on "
     "Saturday, the league said.", "SOCCER - ROTOR FANS LOCKED OUT AFTER VOLGOGRAD VIOLENCE.", "Volgograd"),
    ("This is how bond markets traded on Friday.\n\nGERMANY - Bunds extended losses after higher "
     "economic data.\n\nITALY - Bond futures held to easier levels.", None, "Germany"),
])
def test_caps_lines(extract, body, title, expected):
    rows = extract(body, title=title, dateline=False)
    places = _places(rows)
    assert expected in places, places
    assert not any(n.isupper() for n in places), places
    assert not any(" - " in n or n.lower().startswith(("germany ", "italy ")) for n in places)


# A name that is a known city but acts as a person's surname folds into that person.
def test_surname_that_is_a_place_name(extract):
    rows = extract("Prime Minister Narendra Modi met the governor on Monday. On Thursday the governor "
                   "wrote to Modi again.", dateline=False)
    assert "Modi" not in _places(rows)


# Trailing common nouns are not part of a place's name ("Jiangsu province" → "Jiangsu").
def test_trailing_common_noun_trimmed(extract):
    places = _places(extract("The plant will be built in eastern Jiangsu province next year, the "
                             "company said.", dateline=False))
    assert "Jiangsu province" not in places


# Events and organisations named after places are not places.
@pytest.mark.parametrize("body, not_place", [
    ("Rodney Eyles beat the defending champion in the final of the Hong Kong Open on Sunday.",
     "Hong Kong Open"),
])
def test_named_events_are_not_places(extract, body, not_place):
    assert not_place not in _places(extract(body, dateline=False))


# Syntax makes a place of a name the model missed or mislabelled: "the town of X", "X county",
# "the X mountains" ("of" complements and compounds of settlement and territory nouns).
@pytest.mark.parametrize("body, place", [
    ("Police in the town of Uyo said the corporal had been arrested.", "Uyo"),
    ("A group of farmers in Huize county in the southwestern province of Yunnan attacked a tax office.", "Huize"),
    ("Rebels killed six people in the mining town of Moengo on Friday.", "Moengo"),
    ("Gunmen killed five people in the coastal town of Staoueli, west of the capital.", "Staoueli"),
])
def test_place_nouns_make_places(extract, body, place):
    assert place in _places(extract(body, dateline=False))


# Named venues and facilities are places in news gold: "at X" for a venue, "X airport", "at X, City".
@pytest.mark.parametrize("body, place", [
    ("The plane landed at Stansted airport north of London on Tuesday.", "Stansted"),
    ("The first test will be played at Old Trafford, Manchester, in July.", "Old Trafford"),
    ("He was recovering in Moscow's Central Clinical Hospital on Friday.", "Central Clinical Hospital"),
])
def test_venues_are_places(extract, body, place):
    places = _places(extract(body, dateline=False))
    assert place in places, places


# Sports sides named after a town or county are not places (unless the text also says "in X");
# a name glued into an adjective ("New York-based") is not a place either.
@pytest.mark.parametrize("body, not_place, place", [
    ("Bath sealed a 32-19 victory over Gloucester on Saturday. The match was played in London.", "Gloucester", "London"),
    ("Derbyshire, nine-wicket winners over Worcestershire, can take the day off in Derby.", "Worcestershire", "Derby"),
    ("Human Rights in China, a New York-based group, said the dissident was held in Beijing.", "New York", "Beijing"),
    ("In Seattle, Jay Buhner homered as the Mariners beat the Orioles 5-2.", "Mariners", "Seattle"),
])
def test_sides_and_adjectives_are_not_places(extract, body, not_place, place):
    places = _places(extract(body, dateline=False))
    assert not_place not in places, places
    assert place in places, places


# Sides listed together: a county or town coordinated with one used as a team ("v Gloucestershire
# or Sussex or Surrey") is a team too, neither a person nor a place.
@pytest.mark.parametrize("body, sides", [
    ("The Australians will play v Gloucestershire or Sussex or Surrey in late May.",
     ["Gloucestershire", "Sussex", "Surrey"]),
])
def test_team_reading_crosses_coordination(extract, body, sides):
    rows = extract(body, dateline=False)
    names = {r["name"] for r in rows["places"]} | {r["name"] for r in rows["people"]}
    assert not names & set(sides), names


# A venue and the city it is in, written "The Oval, London", are two places.
@pytest.mark.parametrize("body, places", [
    ("The sixth test will be played at The Oval, London, in August.", {"Oval", "London"}),
    ("The third test is at Old Trafford, Manchester.", {"Old Trafford", "Manchester"}),
])
def test_venue_comma_city_is_split(extract, body, places):
    got = {r["name"] for r in extract(body, dateline=False)["places"]}
    assert places <= got, got
    assert not any("," in g for g in got), got
