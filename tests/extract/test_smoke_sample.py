"""The user's sample article through the real extractors (issue 2's floor)."""
from tests.conftest import shared_path


def test_sample_article_people_places_numbers_quotes(extract):
    text = (shared_path("corpus", "dev", "ap-myanmar-police-mizoram.txt")).read_text(encoding="utf-8")
    rows = extract(text)
    people = {r["name"] for r in rows["people"]}
    places = {r["name"] for r in rows["places"]}
    assert {"Narendra Modi", "Zoramthanga"} <= people
    assert not {"Modi", "Zoramthanga"} & places
    assert {"Mizoram", "India", "Myanmar"} <= places
    values = {r["value"] for r in rows["numbers"]}
    assert len(values & {34, 2, 200, 100, 4, 1951, 1967, 1643, 1020, 1000}) >= 6
    assert len(rows["quotes"]) >= 4
