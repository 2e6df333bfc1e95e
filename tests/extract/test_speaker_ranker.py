"""The learned speaker ranker: the shipped weights load offline, score sensibly, and can be
switched off; the rules keep their answers where they are trusted."""
from __future__ import annotations

import json

import pytest

from etl.extract.quotes import ranker


def test_shipped_model_loads_with_provenance(monkeypatch):
    monkeypatch.setenv("NEWS_SPEAKER_MODEL", "on")
    model = ranker.load_model()
    assert model is not None, "etl/extract/quotes/data/speaker_model.json is missing: run make train-speakers"
    assert len(model.features) == len(model.coef) == len(model.mean) == len(model.scale)
    assert "polnear-train" in model.provenance["trained_on"]
    assert model.provenance["quotes"] > 1000


def test_model_prefers_the_subject_of_a_verb_of_saying(monkeypatch):
    monkeypatch.setenv("NEWS_SPEAKER_MODEL", "on")
    model = ranker.load_model()
    base = {"rule_none": 1.0, "n_near": 0.7, "kind_person": 1.0, "same_para": 1.0, "before": 1.0,
            "before_same_para": 1.0, "dist": 0.3, "count": 1.0, "near_mentions": 0.7}
    speaker = {**base, "subject": 1.0, "cue_subject": 1.0, "same_sent": 1.0}
    topic = {**base, "object": 1.0, "dist": 0.6}
    assert model.score(speaker) > model.score(topic)


def test_switch_off_and_other_weights(monkeypatch, tmp_path):
    monkeypatch.delenv("NEWS_SPEAKER_MODEL", raising=False)
    assert ranker.load_model() is None  # off by default (see load_model)
    monkeypatch.setenv("NEWS_SPEAKER_MODEL", "off")
    assert ranker.load_model() is None
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"features": ["is_rule"], "mean": [0.0], "scale": [1.0], "coef": [2.0],
                                "intercept": -1.0, "provenance": {"trained_on": "test"}}))
    monkeypatch.setenv("NEWS_SPEAKER_MODEL", str(path))
    model = ranker.load_model()
    assert model.provenance == {"trained_on": "test"}
    assert model.score({"is_rule": 1.0}) == pytest.approx(1 / (1 + 2.718281828 ** -1.0), rel=1e-6)


@pytest.mark.parametrize("body, quote, speaker", [
    # a verb of saying with a named subject is never overturned, even with another person nearer
    ("“We will not back down,” Maria Lopez said after meeting Governor Tom Reed on Tuesday.", "We will not", "Maria Lopez"),
    # a quote standing alone after a paragraph about its speaker
    ("Buddy Valastro praised Chris Christie’s leadership after the storm.\n\n“We need someone who’s going to cut through it.”",
     "We need someone", "Buddy Valastro"),
])
def test_ranked_speakers(extract, body, quote, speaker):
    rows = extract(body, dateline=False)["quotes"]
    hit = [r for r in rows if r["text"].startswith(quote)]
    assert hit and hit[0]["speaker"] == speaker


def test_training_script_matches_the_extractor():
    """make train-speakers imports what extraction uses; a moved module breaks it here, not at
    training time."""
    import importlib.util

    from tests.helpers import ROOT

    spec = importlib.util.spec_from_file_location("train_speakers", ROOT / "scripts" / "train_speakers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.is_description("the Florida senator") and not module.is_description("Marco Rubio")
