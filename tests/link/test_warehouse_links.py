"""The link stage against a real DuckDB warehouse: state read back, merges rewritten in the same
transaction, ids stable over runs. Batches are written by hand (no extraction needed)."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from etl.link import link_batch
from etl.warehouse import load_batch
from etl.parquet import write_rows
from etl.records import article_id_for
from tests.helpers import open_warehouse

WIRE = ("WASHINGTON (Reuters) - President {who} said on Tuesday the budget talks with Congress would resume "
        "next week after a pause over the summer recess, and that he expected a deal before the end of the "
        "fiscal year. \"We are going to get this done for the American people, and we are going to do it "
        "together,\" he told reporters at the White House. Republican leaders said they would study the plan. "
        "The talks broke down in July over spending on health care and education programmes.")
OTHER = ("Senate Republicans on Tuesday questioned the administration's plan for the budget, saying the "
         "numbers did not add up and that any deal would need deeper cuts in spending. Bob Dole, the party's "
         "candidate, told a rally in Ohio that voters deserved better than another round of promises.")


def _article(body: str, title: str, source: str, run_id: str, published: datetime | None = None) -> dict:
    return {"article_id": article_id_for(body), "source_id": source, "source_path": f"{source}.txt", "format": "txt",
            "title": title, "body": body, "n_chars": len(body), "n_people": 0, "n_places": 0, "n_numbers": 0,
            "n_quotes": 0, "extractor": "test", "run_id": run_id, "encoding_repaired": False, "extracted": True,
            "outlet": "Reuters" if "Reuters" in body else "The Daily", "published": published}


def _batch(root: Path, run_id: str, articles: list[tuple[dict, list[str], list[tuple[str, str]]]]) -> Path:
    """articles: (article row, people names, quotes as (text, speaker person name))."""
    batch = root / run_id
    people, quotes = [], []
    for art, names, qs in articles:
        for i, name in enumerate(names):
            people.append({"article_id": art["article_id"], "name": name, "aliases": [], "mention_count": 1,
                           "section": "body", "start_char": i, "end_char": i + 1, "run_id": run_id})
        for text, speaker in qs:
            start = art["body"].find(text)
            quotes.append({"article_id": art["article_id"], "text": text, "speaker": speaker, "speaker_kind": "person",
                           "speaker_person": speaker, "partial": False, "section": "body", "start_char": start,
                           "end_char": start + len(text), "run_id": run_id})
    write_rows("articles", [a for a, _, _ in articles], batch / "articles" / "part-00000.parquet")
    write_rows("people", people, batch / "people" / "part-00000.parquet")
    write_rows("quotes", quotes, batch / "quotes" / "part-00000.parquet")
    return batch


def _run(root: Path, warehouse: Path, run_id: str, articles) -> dict:
    batch = _batch(root, run_id, articles)
    summary = link_batch(batch, warehouse, run_id)
    load_batch(batch, warehouse)
    return summary


def _ids(warehouse: Path) -> dict:
    con = open_warehouse(warehouse)
    try:
        return {
            "people": sorted(con.execute("select article_id, name, person_id from people").fetchall()),
            "stories": sorted(con.execute("select article_id, story_id from articles").fetchall()),
            "quotes": sorted(con.execute("select article_id, start_char, quotation_id, speaker_person_id from quotes").fetchall()),
        }
    finally:
        con.close()


QUOTE = "We are going to get this done for the American people, and we are going to do it together,"


@pytest.fixture()
def runs(tmp_path):
    warehouse = tmp_path / "wh.sqlite"
    a1 = _article(WIRE.format(who="Clinton"), "Clinton says budget talks resume", "a1", "r1", datetime(1996, 9, 3, tzinfo=timezone.utc))
    a2 = _article(OTHER, "Republicans question budget plan", "a2", "r1")
    first = _run(tmp_path, warehouse, "r1", [(a1, ["Clinton"], [(QUOTE, "Clinton")]), (a2, ["Bob Dole"], [])])
    after_first = _ids(warehouse)
    # a later run: the same wire story under another headline with a local paragraph on top, and
    # the full name that shows who "Clinton" was
    a3 = _article("In Springfield, city officials welcomed the news. " + WIRE.format(who="Bill Clinton"),
                  "Budget talks to resume, Clinton says", "a3", "r2", datetime(1996, 9, 2, tzinfo=timezone.utc))
    part = "we are going to get this done for the American people"
    a4 = _article(f"Bill Clinton met Bob Dole on Monday at the Capitol for an hour, their first meeting since the "
                  f"spring, and aides to both men described the talks as cordial but short on detail. Clinton said "
                  f"\"{part}\" as he left, while Dole declined to speak to the reporters waiting outside in the rain "
                  f"and went straight back to his office to meet party donors from Kansas.", "Clinton meets Dole", "a4", "r2")
    second = _run(tmp_path, warehouse, "r2", [(a3, ["Bill Clinton"], [(QUOTE, "Bill Clinton")]),
                                              (a4, ["Bill Clinton", "Bob Dole"], [(part, "Bill Clinton")])])
    return {"warehouse": warehouse, "root": tmp_path, "a": (a1, a2, a3, a4), "first": first, "second": second,
            "after_first": after_first, "batch2": [(a3, ["Bill Clinton"], [(QUOTE, "Bill Clinton")]),
                                                   (a4, ["Bill Clinton", "Bob Dole"], [(part, "Bill Clinton")])]}


def test_a_later_run_links_to_what_the_warehouse_knows(runs):
    a1, a2, a3, a4 = runs["a"]
    con = open_warehouse(runs["warehouse"])
    story = dict(con.execute("select article_id, story_id from articles").fetchall())
    assert story[a3["article_id"]] == story[a1["article_id"]] != story[a2["article_id"]]
    assert runs["second"]["new_stories"] == 1 and runs["second"]["copies"] == 1
    pid = dict(((a, n), p) for a, n, p in con.execute("select article_id, name, person_id from people").fetchall())
    bill = pid[(a3["article_id"], "Bill Clinton")]
    assert pid[(a4["article_id"], "Bill Clinton")] == bill
    assert pid[(a4["article_id"], "Bob Dole")] == pid[(a2["article_id"], "Bob Dole")]
    # the quotation: full in a1 and a3, in part in a4 — one id, its speaker the merged person
    q = con.execute("select distinct quotation_id, speaker_person_id from quotes").fetchall()
    assert len(q) == 1 and q[0][1] == bill
    assert con.execute("select articles, text from quotations").fetchall() == [(3, QUOTE)]
    # the story keeps its id; its first version is now the earlier-published copy that came later
    assert con.execute("select articles, first_article_id, headline, first_published from stories where story_id = ?",
                       [story[a1["article_id"]]]).fetchone() == (2, a3["article_id"], a3["title"], datetime(1996, 9, 2, tzinfo=timezone.utc))
    assert con.execute("select first_article_id, first_outlet from quotations").fetchone() == (a3["article_id"], "Reuters")


def test_an_earlier_mononym_is_merged_in_the_same_snapshot(runs):
    a1 = runs["a"][0]
    old = dict(((a, n), p) for a, n, p in runs["after_first"]["people"])[(a1["article_id"], "Clinton")]
    con = open_warehouse(runs["warehouse"])
    merges = con.execute("select old_person_id, new_person_id, run_id from person_merges").fetchall()
    new = con.execute("select person_id from people where name = 'Bill Clinton' limit 1").fetchone()[0]
    assert merges == [(old, new, "r2")]
    assert con.execute("select person_id from people where article_id = ?", [a1["article_id"]]).fetchone()[0] == new
    assert con.execute("select count(*) from persons where person_id = ?", [old]).fetchone()[0] == 0
    assert con.execute("select articles, quotes from persons where person_id = ?", [new]).fetchone() == (3, 3)
    assert not con.execute("select * from people where person_id = ?", [old]).fetchall()


def test_ids_stay_put_when_the_same_batch_is_linked_again(runs):
    before = _ids(runs["warehouse"])
    for run_id in ("r3", "r4", "r5"):
        _run(runs["root"], runs["warehouse"], run_id, runs["batch2"])
        assert _ids(runs["warehouse"]) == before, run_id
    con = open_warehouse(runs["warehouse"])
    assert con.execute("select count(*) from person_merges").fetchone()[0] == 1
    assert con.execute("select count(*) from story_bands").fetchone()[0] == con.execute(
        "select count(distinct (band_key, article_id)) from story_bands").fetchone()[0]


def test_first_run_on_an_empty_warehouse_links_within_the_batch(tmp_path):
    a = _article(WIRE.format(who="Clinton"), "t", "x1", "r1")
    b = _article("A short note. " + WIRE.format(who="Clinton"), "t2", "x2", "r1")
    summary = _run(tmp_path, tmp_path / "wh.sqlite", "r1", [(a, ["Clinton"], []), (b, ["Clinton"], [])])
    assert summary["new_stories"] == 1 and summary["copies"] == 1
    ids = _ids(tmp_path / "wh.sqlite")
    assert len({p for _, _, p in ids["people"]}) == 1
