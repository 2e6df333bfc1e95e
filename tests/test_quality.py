"""Extraction quality against the dev gold: the floors we reached, minus a small margin.

Each corpus goes through the real CLI (`news-etl run`), then `news-etl eval` runs the judge,
../shared/eval/score.py, whose JSON report is checked here. If a change makes extraction worse,
these fail.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import shared_path
from tests.helpers import ROOT, run_cli

pytestmark = pytest.mark.slow

# (corpus, gold, {metric path: floor}); floors = measured figure minus a margin of about 0.02
CASES = {
    "dev": ("corpus/dev", "gold/dev", {
        ("people", "f1"): 1.0, ("places", "f1"): 1.0, ("numbers", "f1"): 0.9,
        ("quotes", "f1"): 1.0, ("quotes", "speaker_accuracy"): 5 / 6,
    }),
    "conll-dev": ("corpus/conll-dev", "gold/conll-dev", {
        ("people", "f1"): 0.89, ("places", "f1"): 0.88,
    }),
    "polnear-dev": ("corpus/polnear-dev", "gold/polnear-dev", {
        ("quotes", "f1"): 0.96, ("quotes", "speaker_accuracy"): 0.88,
    }),
}
GOLD = ROOT / "tests" / "fixtures" / "gold"
# Our numbers gold: the set the extractor was tuned on, and a held-out set it never was.
NUMBER_SETS = {
    "numbers": {("numbers", "f1"): 0.96, ("numbers", "unit_accuracy"): 0.94, ("numbers", "counts_accuracy"): 0.85},
    "numbers-heldout": {("numbers", "f1"): 0.95, ("numbers", "unit_accuracy"): 0.94, ("numbers", "counts_accuracy"): 0.73},
}


def _score(work: Path, corpus: Path, gold: Path) -> dict:
    run_cli(work, "run", "--input", str(corpus))
    report = work / "score.json"
    scorer = shared_path("eval", "score.py")
    run_cli(work, "eval", "--gold", str(gold), "--warehouse", str(work / "warehouse.sqlite"),
            "--json", str(report), "--scorer", str(scorer))
    return json.loads(report.read_text())


def _check(result: dict, floors: dict) -> None:
    scores = result["scores"]
    assert result["articles_found"] == result["articles_scored"]
    low = {f"{k}.{m}": scores[k][m] for (k, m), floor in floors.items() if scores[k][m] < floor - 1e-9}
    assert not low, f"below the floor: {low} (floors {floors})"


@pytest.mark.parametrize("name", sorted(CASES))
def test_quality_on_dev_gold(name, tmp_path):
    corpus, gold, floors = CASES[name]
    _check(_score(tmp_path, shared_path(*corpus.split("/")), shared_path(*gold.split("/"))), floors)


@pytest.mark.parametrize("name", sorted(NUMBER_SETS))
def test_numbers_on_own_gold(name, tmp_path):
    """Our numbers gold (tests/fixtures/gold/numbers*) over articles of both dev corpora."""
    gold = GOLD / name
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for g in gold.glob("*.json"):
        sid = json.loads(g.read_text())["source_id"]
        matches = list(shared_path("corpus").glob(f"*/{sid}.txt"))
        assert matches, sid
        shutil.copy(matches[0], corpus / matches[0].name)
    _check(_score(tmp_path, corpus, gold), NUMBER_SETS[name])
