"""Kinds of name the people and places extractors must read right (field cases 10-13, 17, 18
and more of each kind written here): titles without a full stop, name particles and hyphens,
credentials and companies, descriptive words before a name, bylines; ambiguous place names read
from context, state abbreviations, named regions, datelines, representative points."""
from __future__ import annotations

import pytest

from etl.extract.entities import gazetteer


def _people(rows):
    return {r["name"] for r in rows["people"]}


def _places(rows):
    return {r["name"]: r for r in rows["places"]}


# (sentence, people that must be there, names that must not be people)
PEOPLE = [
    # a title without a full stop right before the name; the title is not part of the name
    ("Dr Helen Okoye, the consultant who treated him, said nothing could have saved him.", {"Helen Okoye"}, {"Dr Helen Okoye"}),
    ("Sgt Neil Brannigan, of the county police, said the case was a warning.", {"Neil Brannigan"}, set()),
    ("Labour MP Rachel Ogden said she would press ministers for cameras.", {"Rachel Ogden"}, {"Labour"}),
    ("“The old town cannot take another summer,” Mayor Ivo Matić said after the vote.", {"Ivo Matić"}, set()),
    ("Cllr Anna Berg and Supt Mark Hale attended the meeting, officials said.", {"Mark Hale"}, set()),
    # particles and hyphens keep a name whole
    ("A portrait by the Dutch painter Jan van der Heijden sold for a record on Tuesday.", {"Jan van der Heijden"},
     {"Heijden", "Jan"}),
    ("The buyer was the Spanish collector María José de la Fuente, the auction house said.",
     {"María José de la Fuente"}, {"Fuente"}),
    ("His adviser, Jean-Luc Dubois-Martin, said the work would be lent to a museum.", {"Jean-Luc Dubois-Martin"},
     {"Jean-Luc", "Dubois-Martin"}),
    ("The goalkeeper Edwin van der Sar saved two penalties, his coach said.", {"Edwin van der Sar"}, {"Sar"}),
    # credentials after a name and company names are not people
    ("“Patients should not choose,” said Miriam Brandt, M.S., R.D., a dietitian.", {"Miriam Brandt"}, {"M.S.", "R.D."}),
    ("“It is safe,” said John Reyes, Ph.D., who led the trial.", {"John Reyes"}, {"Ph.D."}),
    ("The maker, Norvik Pharma, said it would cut the price by 30%.", set(), {"Norvik Pharma"}),
    ("Calloway Partners said it would keep the stores open.", set(), {"Calloway Partners"}),
    # a word written before the name that describes the person
    ("Spaniard Carlos Sainz won the rally in Finland on Sunday.", {"Carlos Sainz"}, {"Spaniard Carlos Sainz"}),
    ("Winger Lee Sharpe scored twice for the club.", {"Lee Sharpe"}, {"Winger Lee Sharpe"}),
    # a capitalised common word in a headline is not a person when the text writes it in lower case
    ("A lorry driver who killed a cyclist was jailed for six years.", set(), {"Lorry"}),
]


@pytest.mark.parametrize("text, present, absent", PEOPLE)
def test_people_kinds(extract, text, present, absent):
    title = "Lorry driver jailed for killing cyclist" if "lorry" in text else None
    people = _people(extract(text, title=title, dateline=False))
    assert present <= people, people
    assert not (absent & people), people


def test_byline_authors_are_people(extract):
    from etl.extract import extract_doc
    from etl.extract.context import doc_text
    from etl.records import Article

    article = Article(source_id="t", source_path="t.txt", format="txt",
                      body="Town commissioners will vote next week on whether to close the pool, officials said.",
                      byline="By ABBY LINDQVIST and COLBY HARGREAVES, Associated Press",
                      authors=["Abby Lindqvist", "Colby Hargreaves"])
    from etl.extract.nlp import load_model
    from etl.settings import Settings

    rows = extract_doc(article, load_model(Settings.from_env().model)(doc_text(article))).rows["people"]
    byline = {r["name"]: r for r in rows if r["section"] == "byline"}
    assert set(byline) == {"Abby Lindqvist", "Colby Hargreaves"}
    for name, r in byline.items():
        assert article.byline[r["start_char"]:r["end_char"]].lower() == name.lower()


# (body, {place: country}) — the reading of an ambiguous name comes from the article
COUNTRIES = [
    ("A winter storm swept from Maine to Georgia, and ice closed roads across northern Georgia.",
     {"Maine": "US", "Georgia": "US"}),
    ("In Paris, Texas, a school bus slid into a ditch.", {"Paris": "US", "Texas": "US"}),
    ("Tourists crowded the museums of Paris on Sunday.", {"Paris": "FR"}),
    ("Georgia's president met Russian officials in Tbilisi and Moscow.", {"Georgia": "GE"}),
    ("The plant near Bristol, Tennessee, will close, workers in Tennessee said.", {"Bristol": "US"}),
    ("Police in Bangor, Maine, closed the road.", {"Bangor": "US"}),
]


@pytest.mark.parametrize("body, want", COUNTRIES)
def test_country_from_context(extract, body, want):
    places = _places(extract(body, dateline=False))
    got = {name: places[name]["country_code"] for name in want if name in places}
    assert got == want, places


@pytest.mark.parametrize("body, name, country, kind", [
    ("Snow fell across the East Coast on Thursday.", "East Coast", "US", "region"),
    ("Shares fell on Wall Street after the report.", "Wall Street", "US", "other"),
    ("Peace talks on the Middle East resumed in Oslo.", "Middle East", None, "other"),
    ("Rebels in Chechnya agreed to a truce.", "Chechnya", "RU", "region"),
    ("Floods hit Guangdong and Jiangsu provinces.", "Guangdong", "CN", "region"),
    ("The company moved from Tampa, Fla., to Detroit, Mich., last year.", "Fla", "US", "region"),
    ("The senator flew to Charleston, W.Va., on Monday.", "W.Va", "US", "region"),
    ("Protesters marched in Washington, D.C., on Saturday.", "D.C.", "US", "region"),
])
def test_place_kinds(extract, body, name, country, kind):
    places = _places(extract(body, dateline=False))
    assert name in places, places
    assert (places[name]["country_code"], places[name]["kind"]) == (country, kind)


@pytest.mark.parametrize("body, absent", [
    ("A pileup closed a stretch of Interstate 95 near the town.", "Interstate"),
    ("The Chicago Tribune reported the story first.", "Chicago Tribune"),
    ("The United Nations Security Council met on Friday.", "United Nations"),
    ("European regulators and American insurers question the price.", "European"),
])
def test_not_places(extract, body, absent):
    assert absent not in _places(extract(body, dateline=False))


@pytest.mark.parametrize("dateline, region, name, country, kind", [
    ("WASHINGTON", None, "Washington", "US", "city"),
    ("NEW YORK", None, "New York City", "US", "city"),
    ("BANGOR", "Maine", "Bangor", "US", "city"),
    ("PARIS", None, "Paris", "FR", "city"),
    ("TROY", "N.C.", "TROY", "US", "city"),
])
def test_datelines_name_cities(dateline, region, name, country, kind):
    place = gazetteer.lookup_dateline(dateline, region)
    assert (place.name, place.country_code, place.kind) == (name, country, kind)


@pytest.mark.parametrize("name", ["France", "United States", "Texas", "Middle East", "Chechnya", "Japan", "Maine"])
def test_countries_and_regions_have_a_point(name):
    """Countries (countryinfo), US states (their cities' centre) and named regions reach a map;
    other ISO subdivisions ("Guangdong") have no point in the offline sources yet."""
    place = gazetteer.lookup(name)
    assert place is not None and gazetteer.has_point(place), place
