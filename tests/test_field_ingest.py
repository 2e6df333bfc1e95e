"""Issue 13's acceptance on the field corpus (../shared/corpus/field, 19 cases modelled on public
bug reports) through the real CLI, plus the run report's ingest warnings and language counts."""
from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.conftest import shared_path
from tests.helpers import open_warehouse, run_cli

pytestmark = pytest.mark.slow

# what must never be in a stored title or body: a tag, an entity, mojibake
LEAKS = re.compile(r"<[A-Za-z/!][^<>]*>|&#|&amp;|â€|Ã[\u0080-\u00bf]")


def _fold(text: str | None) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text or "") if not unicodedata.combining(c)).casefold()


@pytest.fixture(scope="module")
def field(tmp_path_factory):
    work = tmp_path_factory.mktemp("field")
    corpus, gold = shared_path("corpus", "field"), shared_path("gold", "field")
    run_cli(work, "run", "--input", str(corpus))
    report = work / "score.json"
    run_cli(work, "eval", "--gold", str(gold), "--warehouse", str(work / "warehouse.sqlite"), "--json", str(report),
            "--scorer", str(shared_path("eval", "score.py")))
    con = open_warehouse(work / "warehouse.sqlite")
    cols = ["source_id", "title", "body", "dateline_place", "agency", "authors", "published", "published_from", "byline"]
    rows = {r[0]: dict(zip(cols, r)) for r in con.execute(f"select {', '.join(cols)} from articles").fetchall()}
    types = dict(con.execute("select column_name, data_type from information_schema.columns "
                             "where table_name = 'articles'").fetchall())
    byline_people = con.execute("select a.source_id, p.name, substr(a.byline, p.start_char + 1, p.end_char - p.start_char) "
                                "from people p join articles a using (article_id) where p.section = 'byline' "
                                "order by 1, 2").fetchall()
    con.close()
    golds = {json.loads(p.read_text())["source_id"]: json.loads(p.read_text()) for p in Path(gold).glob("*.json")}
    return {"rows": rows, "score": json.loads(report.read_text()), "gold": golds, "types": types, "byline_people": byline_people}


def test_no_markup_entities_or_mojibake(field):
    assert len(field["rows"]) == 19
    leaks = {(sid, col): LEAKS.search(r[col]).group() for sid, r in field["rows"].items()
             for col in ("title", "body") if r[col] and LEAKS.search(r[col])}
    assert not leaks


@pytest.mark.parametrize("case", ["16-mojibake", "19-jsonl-html-entities"])
def test_ingest_cases_score_perfectly(field, case):
    per = field["score"]["articles"][case]
    for kind in ("people", "quotes"):
        assert per[kind]["missed"] == [] and per[kind]["extra"] == [], (kind, per[kind])
    assert per["quotes"]["wrong_speaker"] == []


def test_datelines_match_gold(field):
    for sid, gold in field["gold"].items():
        if not gold.get("dateline"):
            continue
        row = field["rows"][sid]
        assert _fold(row["dateline_place"]) == _fold(gold["dateline"]["place"]), sid
        assert row["agency"] == gold["dateline"].get("agency"), sid


def test_authors_and_byline_people(field):
    rows = field["rows"]
    assert rows["18-byline-dateline"]["authors"] == ["Abby Lindqvist", "Colby Hargreaves"]
    assert rows["17-comments-leak"]["authors"] == ["Ellen Marsh"]
    assert not rows["18-byline-dateline"]["body"].startswith("By ")
    assert ("18-byline-dateline", "Abby Lindqvist", "ABBY LINDQVIST") in field["byline_people"]
    assert ("18-byline-dateline", "Colby Hargreaves", "COLBY HARGREAVES") in field["byline_people"]


def test_published_is_typed_and_never_a_guess(field):
    assert field["types"]["published"] == "TIMESTAMP WITH TIME ZONE"
    rows = field["rows"]
    assert rows["19-jsonl-html-entities"]["published"] == datetime(2024, 5, 14, 9, 30, tzinfo=timezone.utc)
    assert rows["14-allcaps-headline"]["published"] == datetime(1997, 11, 21, tzinfo=timezone.utc)
    assert rows["14-allcaps-headline"]["published_from"] == "dateline"
    assert rows["15-cp1252-html"]["published"] is None and rows["17-comments-leak"]["published"] is None


def test_report_lists_unreadable_dates_and_languages(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"id": "yday", "published": "yesterday", "body": "The council voted on Tuesday to close the old bridge to lorries, "
                                                           "Mayor Ellen Brooks said after the meeting in Riverton."},
        {"id": "de", "published": 1715679000, "body": "Der Bürgermeister von Göttingen, Jürgen Schäfer, hat am Montag die "
                                                      "Reparatur der Eisenbahnbrücke verteidigt, sagte er im Stadtrat."},
    ]), encoding="utf-8")
    run_cli(tmp_path, "run", "--input", str(corpus))
    summary = (tmp_path / "reports" / "latest" / "summary.md").read_text(encoding="utf-8")
    assert "'yesterday'" in summary and "1 article in German: not extracted" in summary
    con = open_warehouse(tmp_path / "warehouse.sqlite")
    rows = dict(con.execute("select source_id, (language, extracted, published is null, n_people) from articles").fetchall())
    mentions = con.execute("select count(*) from people p join articles a using (article_id) where a.source_id = 'de'").fetchone()[0]
    con.close()
    assert rows["de"] == ("de", False, False, 0) and mentions == 0
    assert rows["yday"][0] == "en" and rows["yday"][1] is True and rows["yday"][2] is True
