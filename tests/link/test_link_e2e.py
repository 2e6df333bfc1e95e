"""The link stage through `news-etl run` with real extraction: ids stable over three runs and over
a run that adds articles (copies of known stories join them; known people keep their ids)."""
from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import SHARED
from tests.helpers import open_warehouse, run_cli

STORIES = SHARED / "corpus" / "stories-dev"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not STORIES.is_dir(), reason="shared stories-dev not present")]


def _pick():
    """Two seed stories with two versions each: seeds and one version first, the other versions later."""
    by_story: dict[str, dict[str, list[str]]] = {}
    for g in sorted((SHARED / "gold" / "stories-dev").glob("*.json")):
        gold = json.loads(g.read_text())
        by_story.setdefault(gold["story"], {}).setdefault(gold["variant"], []).append(gold["source_id"])
    stories = [s for s in sorted(by_story) if "seed" in by_story[s] and len(by_story[s]) >= 3][:2]
    first, later = [], []
    for s in stories:
        versions = [sid for v, ids in sorted(by_story[s].items()) if v != "seed" for sid in ids]
        first += by_story[s]["seed"] + versions[:1]
        later += versions[1:2]
    return first, later


def _ids(warehouse):
    con = open_warehouse(warehouse)
    try:
        return {
            "stories": dict(con.execute("select source_id, story_id from articles").fetchall()),
            "people": dict(((s, n), p) for s, n, p in con.execute(
                "select a.source_id, p.name, p.person_id from people p join articles a using (article_id)").fetchall()),
            "quotes": dict(((s, st), q) for s, st, q in con.execute(
                "select a.source_id, q.start_char, q.quotation_id from quotes q join articles a using (article_id)").fetchall()),
        }
    finally:
        con.close()


def test_ids_stable_over_runs_and_a_run_that_adds_articles(tmp_path):
    first, later = _pick()
    inp = tmp_path / "in"
    inp.mkdir()
    for sid in first:
        shutil.copyfile(STORIES / f"{sid}.txt", inp / f"{sid}.txt")
    wh = tmp_path / "warehouse.sqlite"
    out = run_cli(tmp_path, "run", "--input", str(inp), "--warehouse", str(wh)).stdout
    assert "- stories: 2 new, 2 copies" in out
    before = _ids(wh)
    assert len(set(before["stories"].values())) == 2
    for _ in range(2):
        run_cli(tmp_path, "run", "--input", str(inp), "--warehouse", str(wh))
        assert _ids(wh) == before
    for sid in later:
        shutil.copyfile(STORIES / f"{sid}.txt", inp / f"{sid}.txt")
    out = run_cli(tmp_path, "run", "--input", str(inp), "--warehouse", str(wh)).stdout
    assert f"- stories: 0 new, {len(later)} copies" in out
    after = _ids(wh)
    for kind in before:
        assert {k: v for k, v in after[kind].items() if k in before[kind]} == before[kind], kind
    assert set(after["stories"].values()) == set(before["stories"].values())
    # the later versions quote what the first ones quoted: the same quotations
    new_quotes = {v for (s, _), v in after["quotes"].items() if s in later}
    assert new_quotes and len(new_quotes & set(before["quotes"].values())) >= len(new_quotes) // 2
    # and name the same people under the same ids
    shared_names = {n for (s, n) in after["people"] if s in later} & {n for (s, n) in before["people"]}
    for (s, n), pid in after["people"].items():
        if s in later and n in shared_names and " " in n:
            assert pid in set(before["people"].values()), n
