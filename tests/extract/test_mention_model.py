"""The learned mention classifier: the committed weights load offline, match the features the
code computes, carry their provenance, and decide plain cases the way the gold would."""
from __future__ import annotations

import json

import pytest

from etl.extract.entities import mention_model
from etl.extract.context import DocContext
from etl.extract.entities import candidate_names, mention_features


def test_committed_model_loads_offline_with_provenance():
    model = mention_model.load()
    assert model is not None, "etl/extract/entities/data/mention_model.json is missing: run make train-mentions"
    assert set(model.classes) == {"none", "person", "place"}
    data = json.loads(mention_model.MODEL_PATH.read_text())
    for field in ("trained_on", "samples", "class_counts", "learner", "script"):
        assert data["provenance"][field]
    if model.trees:  # one regression tree per class per stage, splitting on known features only
        assert all(len(stage) == len(model.classes) for stage in model.trees)
        assert all(0 <= f < len(model.features) for stage in model.trees for tree in stage for f in tree[0] if f >= 0)
    else:
        assert len(model.coef) == len(model.classes) and all(len(r) == len(model.features) for r in model.coef)


def test_model_features_are_the_ones_the_code_computes(extract, nlp):
    from etl.records import Article

    article = Article(source_id="t", source_path="t.txt", format="txt",
                      body="Sgt Neil Brannigan said the crash happened in Dubrovnik.")
    ctx = DocContext(article, nlp(article.body))
    _, by_key, votes, norp = candidate_names(ctx)
    assert by_key
    for k, mentions in by_key.items():
        assert set(mention_features(k, mentions, votes[k], norp)) == set(mention_model.load().features)


@pytest.mark.parametrize("body, person, place", [
    ("Sgt Neil Brannigan said the crash happened near Dubrovnik on Tuesday.", "Neil Brannigan", "Dubrovnik"),
    ("Foreign Minister Klaus Kinkel arrived in Bonn on Monday, officials said.", "Klaus Kinkel", "Bonn"),
    ("Shares in London fell after Chancellor Kenneth Clarke spoke.", "Kenneth Clarke", "London"),
])
def test_plain_cases(extract, body, person, place):
    rows = extract(body, dateline=False)
    assert person in {r["name"] for r in rows["people"]}
    assert place in {r["name"] for r in rows["places"]}


def test_switched_off_falls_back_to_the_hand_votes(monkeypatch):
    monkeypatch.setenv("NEWS_MENTION_MODEL", "off")
    mention_model.load.cache_clear()
    try:
        assert mention_model.load() is None
    finally:
        monkeypatch.delenv("NEWS_MENTION_MODEL")
        mention_model.load.cache_clear()
    assert mention_model.load() is not None
