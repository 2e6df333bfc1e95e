"""Stories and quotations across the stories-dev versions (raw text; no extraction needed)."""
from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest
from rapidfuzz import fuzz

from etl.link.quotations import EmptyQuotationState, QuoteRef, link_quotations, normalise, shingle_keys
from etl.link.stories import EmptyStoryState, StoryDoc, link_stories
from tests.conftest import SHARED

CORPUS, GOLD = SHARED / "corpus" / "stories-dev", SHARED / "gold" / "stories-dev"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared stories-dev corpus not present")

QUOTE = re.compile(r"[\"“]([^\"“”]{20,}?)[\"”]")


def _articles():
    out = []
    for g in sorted(GOLD.glob("*.json")):
        gold = json.loads(g.read_text())
        text = (CORPUS / f"{gold['source_id']}.txt").read_text(encoding="utf-8")
        title, _, body = text.partition("\n\n")
        out.append((gold, title.strip(), body))
    return out


def _bcubed(pairs):
    """(precision, recall) of predicted clusters against gold, over (gold key, predicted key) items."""
    by_gold, by_pred, both = defaultdict(int), defaultdict(int), defaultdict(int)
    for g, p in pairs:
        by_gold[g] += 1; by_pred[p] += 1; both[(g, p)] += 1
    n = len(pairs)
    return (sum(both[(g, p)] / by_pred[p] for g, p in pairs) / n, sum(both[(g, p)] / by_gold[g] for g, p in pairs) / n)


def test_stories_dev_copies_and_versions_share_a_story_and_look_alikes_do_not():
    arts = _articles()
    links = link_stories([StoryDoc(g["source_id"], t, b) for g, t, b in arts], EmptyStoryState())
    precision, recall = _bcubed([(g["story"], links.ids[g["source_id"]]) for g, _, _ in arts])
    assert precision >= 0.97 and recall >= 0.95, (precision, recall)
    assert links.new_stories == len({links.ids[g["source_id"]] for g, _, _ in arts})


def test_stories_are_found_again_by_a_later_run():
    """Seeds first, versions in a second run against what the first one indexed."""
    arts = _articles()
    seeds = [(g, t, b) for g, t, b in arts if g["variant"] in ("seed", "negative", "singleton")]
    first = link_stories([StoryDoc(g["source_id"], t, b) for g, t, b in seeds], EmptyStoryState())

    class Indexed:
        def articles_by_band(self, keys):
            keys = set(keys)
            return [e for e in first.index if keys & set(e.keys())]

        def stories(self, story_ids):
            return [s for s in first.stories if s.story_id in set(story_ids)]

    rest = [(g, t, b) for g, t, b in arts if g["variant"] not in ("seed", "negative", "singleton")]
    second = link_stories([StoryDoc(g["source_id"], t, b) for g, t, b in rest], Indexed())
    seed_story = {g["story"]: first.ids[g["source_id"]] for g, _, _ in seeds if g["variant"] == "seed"}
    for g, _, _ in rest:
        assert second.ids[g["source_id"]] == seed_story[g["story"]], g
    assert second.new_stories == 0


def test_one_quotation_across_the_versions_of_a_story_typos_included():
    arts = _articles()
    quotes, seed_quotes = [], {}
    for g, _, body in arts:
        for m in QUOTE.finditer(body):
            q = QuoteRef(g["source_id"], "body", m.start(1), m.end(1), m.group(1))
            quotes.append(q)
            if g["variant"] == "seed" and len(normalise(q.text).split()) >= 6:
                seed_quotes.setdefault(g["story"], []).append(q)
    links = link_quotations(quotes, EmptyQuotationState())
    qid = lambda q: links.ids[(q.article_id, q.section, q.start_char, q.end_char)]  # noqa: E731
    checked = typo_checked = 0
    for g, _, body in arts:
        if g["variant"] in ("seed", "negative", "singleton"):
            continue
        typos = any(str(op).startswith("typos") for op in g["ops"])
        for q in (q for q in quotes if q.article_id == g["source_id"]):
            for s in seed_quotes.get(g["story"], []):
                a, b = normalise(q.text), normalise(s.text)
                if len(a.split()) >= 6 and fuzz.ratio(a, b) >= 85:
                    assert qid(q) == qid(s), (g["source_id"], q.text, s.text)
                    checked += 1
                    typo_checked += typos and a != b
    assert checked >= 100
    assert typo_checked >= 1, "no typo'd quote was compared"


def test_a_partial_quote_and_an_edited_quote_join_the_full_form():
    arts = _articles()
    full = max((m.group(1) for g, _, b in arts if g["variant"] == "seed" for m in QUOTE.finditer(b)), key=len)
    words = full.split()
    assert len(words) >= 12
    part = " ".join(words[2:10])
    edited = "‘" + " ".join(words[:3]) + " [the president] " + " ".join(words[3:6]) + " ... " + " ".join(words[7:]) + "’"
    qs = [QuoteRef("full", "body", 0, len(full), full), QuoteRef("part", "body", 0, len(part), part),
          QuoteRef("edited", "body", 0, len(edited), edited),
          QuoteRef("other", "body", 0, 40, "We will build a great wall and Mexico will pay for it")]
    links = link_quotations(qs, EmptyQuotationState())
    ids = {k[0]: v for k, v in links.ids.items()}
    assert ids["full"] == ids["part"] == ids["edited"] != ids["other"]
    # the quotation keeps the fullest text, whatever order the reports came in
    assert next(q for q in links.quotations if q.quotation_id == ids["full"]).text == full
    reverse = link_quotations(list(reversed(qs)), EmptyQuotationState())
    assert len({v for k, v in reverse.ids.items() if k[0] != "other"}) == 1
    assert shingle_keys(normalise(part))


def test_quotes_of_different_speakers_are_different_quotations():
    text = "we are going to make this country great again for everybody"
    a = QuoteRef("a1", "body", 0, 10, text, speaker_person_id="P" + "1" * 15)
    b = QuoteRef("a2", "body", 0, 10, text, speaker_person_id="P" + "2" * 15)
    links = link_quotations([a, b], EmptyQuotationState())
    assert len(set(links.ids.values())) == 2
