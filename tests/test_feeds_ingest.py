"""Issue 13, real feeds in: markup, mojibake, RSS/Atom, bylines, datelines, typed dates, outlet,
language. Small inputs written here, one per point; the field corpus check is in
tests/test_field_ingest.py."""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from etl.ingest import ingest_folder
from etl.ingest.byline import parse_byline, proper_case
from etl.ingest.dateline import parse_dateline
from etl.ingest.dates import parse_date
from etl.ingest.language import detect_language
from etl.ingest.markup import has_markup, to_text
from etl.records import Article, Reject

BODY = "The council voted on Tuesday to close the old bridge to lorries, the mayor said after the meeting."


def _write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def _ingest(tmp_path: Path) -> list:
    return list(ingest_folder(tmp_path, 1_000_000))


def _articles(tmp_path: Path) -> dict[str, Article]:
    return {r.source_id: r for r in _ingest(tmp_path) if isinstance(r, Article)}


# --- markup -------------------------------------------------------------------------------

def test_markup_blocks_entities_scripts():
    html = ("<p>First&nbsp;paragraph &amp; more.</p><script>alert('x')</script><style>p{}</style>"
            "<div>Second<br>line &pound;5 &#8220;quoted&#8221;</div><!-- a comment -->")
    assert to_text(html) == "First\u00a0paragraph & more.\n\nSecond\nline £5 “quoted”"


def test_double_escaped_entities_decoded_twice():
    assert to_text("It&amp;#8217;s here") == "It’s here"
    # escaped markup is markup once decoded
    assert to_text("&lt;p&gt;Hello &amp;amp; bye&lt;/p&gt;") == "Hello & bye"
    assert to_text("&amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt;") == "bold"


def test_plain_text_is_left_alone():
    for text in ("AT&T and Q&A sessions", "x < y and y > z", "R&D spending rose 5% at P&G", "a &para=1 link"):
        assert to_text(text) == text


def test_jsonl_html_fields_become_text(tmp_path):
    record = {
        "id": "wp-1",
        "title": "Leader&#8217;s &lt;em&gt;plan&lt;/em&gt; &amp;amp; more",
        "body": "<p>LEEDS, England &#8212; The council approved &#8220;green&#8221; lanes.</p>"
                "<p>&#8220;It&amp;#8217;s about clean air &amp; safer journeys,&#8221; said council leader Priya Raman.</p>"
                "<script>var x = '<p>no</p>';</script>",
        "author": "<a href='/u/1'>Jane Doe</a>",
    }
    _write(tmp_path, "feed.jsonl", json.dumps(record))
    a = _articles(tmp_path)["wp-1"]
    assert a.title == "Leader’s plan & more"
    assert a.dateline_place == "Leeds"
    assert a.body == ("The council approved “green” lanes.\n\n"
                      "“It’s about clean air & safer journeys,” said council leader Priya Raman.")
    assert a.authors == ["Jane Doe"]
    for text in (a.title, a.body, a.byline):
        assert not has_markup(text) and "&" not in text.replace(" & ", "")


def test_txt_with_markup_is_cleaned_too(tmp_path):
    _write(tmp_path, "cms.txt", "Headline &amp; more\n\n<p>" + BODY + "</p><p>Second &quot;para&quot;.</p>")
    a = _articles(tmp_path)["cms"]
    assert a.title == "Headline & more" and a.body == BODY + '\n\nSecond "para".'


# --- mojibake -------------------------------------------------------------------------------

def _as_windows_1252(text: str) -> str:
    """What UTF-8 text looks like read as Windows-1252 (bytes it leaves undefined kept as C1 controls)."""
    out = []
    for b in text.encode("utf-8"):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


def test_mojibake_repaired_and_flagged_in_every_format(tmp_path):
    garbled = _as_windows_1252("“This is the shortest land bridge,” said Kārlis Ozoliņš in Rīga and İstanbul.")
    assert "â€œ" in garbled and "Ä°" in garbled
    _write(tmp_path, "a.txt", garbled)
    _write(tmp_path, "b.jsonl", json.dumps({"id": "b", "title": "RÄ«ga link", "body": garbled + " More text."}))
    arts = _articles(tmp_path)
    for sid in ("a", "b"):
        a = arts[sid]
        assert a.body.startswith("“This is the shortest land bridge,” said Kārlis Ozoliņš in Rīga and İstanbul.")
        assert a.encoding_repaired is True and any("mojibake" in n for n in a.notes)
    assert arts["b"].title == "Rīga link"


def test_clean_text_is_not_flagged(tmp_path):
    _write(tmp_path, "a.txt", "Café owners in Zürich and São Paulo said “prices” rose — again.")
    a = _articles(tmp_path)["a"]
    assert a.encoding_repaired is False and "São Paulo" in a.body and "“prices”" in a.body


# --- RSS / Atom --------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>The Morning Ledger</title><link>https://ledger.example.com/</link>
{items}
</channel></rss>"""
ITEM = """<item><title>{title}</title><link>https://ledger.example.com/{n}</link><guid>ledger-{n}</guid>
<pubDate>{date}</pubDate><dc:creator>{author}</dc:creator>
<description>Short summary {n}.</description>
<content:encoded><![CDATA[<p>{body}</p><p>Item {n} says more than its summary.</p>]]></content:encoded></item>"""


def test_rss_feed_with_five_items(tmp_path):
    items = "".join(ITEM.format(n=n, title=f"Story {n} &amp; more", date=f"Tue, 1{n} May 2024 09:30:00 +0100",
                                author="Ellen Marsh", body=f"Story number {n}: " + BODY) for n in range(5))
    _write(tmp_path, "ledger.rss", RSS.format(items=items))
    records = _ingest(tmp_path)
    assert len(records) == 5 and all(isinstance(r, Article) for r in records), records
    for n, a in enumerate(records):
        assert a.source_id == f"ledger-{n}" and a.url == f"https://ledger.example.com/{n}"
        assert a.title == f"Story {n} & more" and a.format == "rss" and a.outlet == "The Morning Ledger"
        assert a.body.startswith(f"Story number {n}: The council") and "more than its summary" in a.body
        assert a.published == datetime(2024, 5, 10 + n, 8, 30, tzinfo=timezone.utc) and a.published_from == "feed"
        assert a.authors == ["Ellen Marsh"] and a.notes is None


def test_atom_feed_summary_only_item_loads_with_a_note(tmp_path):
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Coastline Gazette</title><id>urn:gazette</id>
<entry><title>Full story</title><id>urn:gazette:1</id><link href="https://gazette.example/1"/>
<updated>2024-05-14T09:30:00Z</updated><author><name>ABBY LINDQVIST</name></author>
<summary>Short.</summary><content type="html">&lt;p&gt;{body}&lt;/p&gt;</content></entry>
<entry><title>Summary only</title><link href="https://gazette.example/2"/>
<published>2024-05-15T10:00:00+02:00</published>
<summary type="html">&lt;p&gt;Only a summary of this story is in the feed, but it is long enough.&lt;/p&gt;</summary></entry>
</feed>""".format(body=BODY)
    _write(tmp_path, "gazette.atom", atom)
    first, second = _ingest(tmp_path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.format == "atom" and first.source_id == "urn:gazette:1" and first.body == BODY
    assert first.authors == ["Abby Lindqvist"] and first.outlet == "Coastline Gazette"
    assert first.published == datetime(2024, 5, 14, 9, 30, tzinfo=timezone.utc)
    # no guid: the link is the source id
    assert second.source_id == "https://gazette.example/2" and second.body.startswith("Only a summary")
    assert second.notes and "summary only" in second.notes[0]
    assert second.published == datetime(2024, 5, 15, 8, 0, tzinfo=timezone.utc)


def test_xml_that_is_not_a_feed_is_rejected(tmp_path):
    _write(tmp_path, "data.xml", "<?xml version='1.0'?><root><row>1</row></root>")
    _write(tmp_path, "broken.rss", "<rss><channel><title>x</title><item><title>unclosed")
    records = {r.source_path: r for r in _ingest(tmp_path)}
    assert isinstance(records["data.xml"], Reject) and "not an RSS or Atom feed" in records["data.xml"].reason
    assert all(isinstance(r, Reject) for r in records.values())


def test_feed_never_fetches_external_entities(tmp_path):
    secret = tmp_path.parent / f"{tmp_path.name}-secret.txt"
    secret.write_text("TOP SECRET CONTENT")
    xxe = f"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><title>T</title><item><title>A</title><guid>g1</guid>
<description>&x; {BODY}</description></item></channel></rss>"""
    _write(tmp_path, "xxe.rss", xxe)
    for r in _ingest(tmp_path):
        assert "TOP SECRET" not in json.dumps(r.to_dict(), default=str)


# --- bylines ---------------------------------------------------------------------------------

@pytest.mark.parametrize("line, authors, agency", [
    ("By ABBY LINDQVIST and COLBY HARGREAVES, Associated Press", ["Abby Lindqvist", "Colby Hargreaves"], "AP"),
    ("BY ROBBY BYRNE", ["Robby Byrne"], None),                      # "by" inside names is not the word "By"
    ("By Ellen Marsh", ["Ellen Marsh"], None),
    ("By Jane Doe, Staff Writer", ["Jane Doe"], None),
    ("By Anneke de Wit and Jean-Paul Martin in Brussels, Reuters", ["Anneke de Wit", "Jean-Paul Martin"], "Reuters"),
    ("By JOHN MCDONALD & SEAN O'NEILL, Agence France-Presse", ["John McDonald", "Sean O'Neill"], "AFP"),
    ("By Reuters Staff", [], "Reuters"),
    ("By United Press International", [], "UPI"),
    ("BY JANE DOE Associated Press Writer", ["Jane Doe"], "AP"),
    ("By Jane Doe Staff Writer", ["Jane Doe"], None),
    ("By Jane Doe — Reuters", ["Jane Doe"], "Reuters"),
    ("By Mary-Kate O'Brien and Jean-Paul Dubois-Martin", ["Mary-Kate O'Brien", "Jean-Paul Dubois-Martin"], None),
])
def test_bylines(line, authors, agency):
    b = parse_byline(line)
    assert b is not None and b.names == authors and b.agency == agency
    for a in b.authors:  # offsets point at the name as written
        assert proper_case(line[a.start:a.end]) == a.name


@pytest.mark.parametrize("line", [
    "By Wednesday, the whereabouts of the eight hostages was still not known, the sources said.",
    "By contrast, Trump has just 5 percent support of the black vote in Florida.",
    "By Monday morning, the grim, if now familiar, global ritual had begun.",
    "By 2015, the American coal market was in a deep slide.",
    "Bystanders said the fire started at noon.",
])
def test_prose_is_not_a_byline(line):
    assert parse_byline(line) is None


def test_byline_line_moves_out_of_the_body_and_dateline_after_it(tmp_path):
    _write(tmp_path, "pool.txt", "Small town weighs closing its pool\n\nBy ABBY LINDQVIST and COLBY HARGREAVES, Associated Press\n\n"
                                 "TROY, N.C. (AP) -- " + BODY)
    a = _articles(tmp_path)["pool"]
    assert a.title == "Small town weighs closing its pool"
    assert a.byline == "By ABBY LINDQVIST and COLBY HARGREAVES, Associated Press"
    assert a.authors == ["Abby Lindqvist", "Colby Hargreaves"] and a.agency == "AP"
    assert a.dateline == "TROY, N.C. (AP) --" and a.dateline_place == "Troy" and a.body == BODY


def test_jsonl_author_fields(tmp_path):
    lines = [
        {"id": "1", "body": BODY, "authors": [{"name": "Jane Doe"}, "JOHN ROE"]},
        {"id": "2", "body": BODY + " Two.", "byline": "By Ellen Marsh, Reuters"},
        {"id": "3", "body": BODY + " Three.", "author": "Associated Press"},
    ]
    _write(tmp_path, "f.jsonl", "\n".join(json.dumps(x) for x in lines))
    arts = _articles(tmp_path)
    assert arts["1"].authors == ["Jane Doe", "John Roe"] and arts["1"].byline == "Jane Doe, JOHN ROE"
    assert arts["2"].authors == ["Ellen Marsh"] and arts["2"].agency == "Reuters"
    assert arts["3"].authors is None and arts["3"].agency == "AP"


def test_html_byline_from_metadata(tmp_path):
    page = f"""<html><head><title>Bridge closes | The Ledger</title><meta name="author" content="Ellen Marsh">
<meta property="article:published_time" content="2024-05-14T09:30:00+01:00"></head>
<body><article><h1>Bridge closes</h1><p>{BODY}</p><p>{BODY}</p></article>
<footer>© 2019 The Ledger</footer></body></html>"""
    _write(tmp_path, "page.html", page)
    a = _articles(tmp_path)["page"]
    assert a.authors == ["Ellen Marsh"] and a.outlet == "The Ledger"
    assert a.published == datetime(2024, 5, 14, 8, 30, tzinfo=timezone.utc) and a.published_from == "page"


def test_publication_and_byline_lines_leave_the_body(tmp_path):
    page = ("<html><body><div id='content'><h1>Council approves budget</h1><p class='date'>Posted on March 4, 2024</p>"
            "<p>By MARY O'NEILL, Associated Press</p><p>Updated: 9:30 a.m. ET March 5, 2024</p>"
            f"<p>DENVER (AP) — {BODY}</p><p>{BODY}</p></div><footer>Copyright 2021 Example Media</footer></body></html>")
    _write(tmp_path, "page.html", page)
    _write(tmp_path, "story.txt", f"Budget passes\n\nPublished: 14 May 2024\n\nBy Jane Doe\n\nDENVER — {BODY} More.")
    arts = _articles(tmp_path)
    a = arts["page"]
    assert a.authors == ["Mary O'Neill"] and a.agency == "AP" and a.dateline_place == "Denver"
    assert a.published == datetime(2024, 3, 4, tzinfo=timezone.utc) and a.body.startswith("The council voted")
    t = arts["story"]
    assert t.title == "Budget passes" and t.authors == ["Jane Doe"] and t.dateline_place == "Denver"
    assert t.published == datetime(2024, 5, 14, tzinfo=timezone.utc) and t.body.startswith("The council voted")


def test_html_copyright_year_is_not_a_date_but_a_publication_line_is(tmp_path):
    body = f"<p>{BODY}</p><p>{BODY}</p>"
    _write(tmp_path, "a.html", f"<html><body><article><h1>A</h1>{body}</article><footer>© 2024 Paper</footer></body></html>")
    _write(tmp_path, "b.html", f"<html><body><article><h1>B</h1><p class='meta'>Published 14 May 2024</p>{body}"
                               f"<p>Extra B.</p></article></body></html>")
    arts = _articles(tmp_path)
    assert arts["a"].published is None
    assert arts["b"].published == datetime(2024, 5, 14, tzinfo=timezone.utc)


# --- datelines ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, place, agency, date", [
    ("GÖTTINGEN, Germany — The mayor of Göttingen said", "Göttingen", None, None),
    ("SÃO PAULO (Reuters) - Brazil's central bank", "São Paulo", "Reuters", None),
    ("İSTANBUL, Turkey — Ministers met", "İstanbul", None, None),
    ("TROY, N.C. (AP) -- Town commissioners", "Troy", "AP", None),
    ("LONDON, May 14 (Reuters) - Shares fell", "London", "Reuters", None),
    ("BRISTOL, England — A lorry driver who killed", "Bristol", None, None),
    ("NAIROBI 1997-11-21", "Nairobi", None, "1997-11-21"),
    ("NAIROBI\n1997-11-21\nFloods on the Tana River", "Nairobi", None, "1997-11-21"),
    ("NAIROBI\n\n1997-11-21\n\nFloods on the Tana River", "Nairobi", None, "1997-11-21"),
    ("PARIS (Agence France-Presse) — Talks resumed", "Paris", "AFP", None),
    ("WASHINGTON (Associated Press) — Congress voted", "Washington", "AP", None),
    ("LONDON, May 14, 2024 (Reuters) - Shares fell", "London", "Reuters", "2024-05-14"),
    ("BRUSSELS, May 14, 2024 — The European Commission said", "Brussels", None, "2024-05-14"),
    ("BRUSSELS, Sept. 26 — The European Commission said", "Brussels", None, None),
])
def test_wire_datelines(text, place, agency, date):
    d = parse_dateline(text)
    assert d is not None and (d.place, d.agency, d.date) == (place, agency, date)
    assert text[:d.consumed].rstrip() == d.text and text.startswith(d.text)


@pytest.mark.parametrize("text", [
    "A LORRY — driver jailed",               # no place: a headline in capitals
    "NATO - RUSSIA TALKS RESUME",             # capitals all along: a headline
    "Police officers who opposed Myanmar army orders fled.",
])
def test_not_wire_datelines(text):
    assert parse_dateline(text) is None


def test_dateline_date_becomes_published(tmp_path):
    _write(tmp_path, "conll.txt", "SOCCER - LEEDS WIN\n\nLONDON 1996-08-30\n\n" + BODY)
    _write(tmp_path, "dated.jsonl", json.dumps({"id": "d", "body": "LONDON 1996-08-30\n\n" + BODY + " Dated.",
                                                "published": "1996-08-31T12:00:00Z"}))
    arts = _articles(tmp_path)
    assert arts["conll"].published == datetime(1996, 8, 30, tzinfo=timezone.utc)
    assert arts["conll"].published_from == "dateline" and arts["conll"].body == BODY
    # the input's own date wins over the dateline's
    assert arts["d"].published == datetime(1996, 8, 31, 12, tzinfo=timezone.utc) and arts["d"].published_from == "record"


# --- dates -------------------------------------------------------------------------------------

UTC = timezone.utc


@pytest.mark.parametrize("raw, expected", [
    ("2024-05-14T09:30:00Z", datetime(2024, 5, 14, 9, 30, tzinfo=UTC)),
    ("2024-05-14T09:30:00+02:00", datetime(2024, 5, 14, 7, 30, tzinfo=UTC)),
    ("2024-05-14 09:30", datetime(2024, 5, 14, 9, 30, tzinfo=UTC)),      # naive: UTC
    ("2024-05-14", datetime(2024, 5, 14, tzinfo=UTC)),
    ("Tue, 14 May 2024 09:30:00 +0100", datetime(2024, 5, 14, 8, 30, tzinfo=UTC)),
    ("Tue, 14 May 2024 09:30:00 GMT", datetime(2024, 5, 14, 9, 30, tzinfo=UTC)),
    ("May 14, 2024", datetime(2024, 5, 14, tzinfo=UTC)),
    ("14 May 2024", datetime(2024, 5, 14, tzinfo=UTC)),
    ("Published on May 14, 2024 at 9:30 am", datetime(2024, 5, 14, 9, 30, tzinfo=UTC)),
    ("Tuesday, May 14, 2024 9:30 AM EDT", datetime(2024, 5, 14, 13, 30, tzinfo=UTC)),   # zone names, with DST
    ("Updated: 10:00 a.m. ET Jan. 5, 2024", datetime(2024, 1, 5, 15, 0, tzinfo=UTC)),
    ("May 14, 2024 09:30 BST", datetime(2024, 5, 14, 8, 30, tzinfo=UTC)),
    (1715679000, datetime(2024, 5, 14, 9, 30, tzinfo=UTC)),
    (1715679000.0, datetime(2024, 5, 14, 9, 30, tzinfo=UTC)),
    (1715679000000, datetime(2024, 5, 14, 9, 30, tzinfo=UTC)),            # milliseconds
    ("1715679000", datetime(2024, 5, 14, 9, 30, tzinfo=UTC)),
])
def test_date_formats(raw, expected):
    parsed = parse_date(raw)
    assert parsed.value == expected and parsed.problem is None


@pytest.mark.parametrize("raw", ["yesterday", "2 hours ago", "today", "May 14", "soon", "not a date", "0001-01-01", 12, True,
                                 "99999-01-01", "the 14th"])
def test_unreadable_and_relative_dates(raw):
    parsed = parse_date(raw)
    assert parsed.value is None and parsed.problem


def test_unreadable_date_loads_with_a_note(tmp_path):
    _write(tmp_path, "f.jsonl", json.dumps({"id": "y", "body": BODY, "published": "yesterday"}))
    a = _articles(tmp_path)["y"]
    assert a.published is None and a.published_from is None
    assert a.notes and "'yesterday'" in a.notes[0] and "relative" in a.notes[0]


# --- outlet and language -----------------------------------------------------------------------

def test_outlet_from_field_or_domain(tmp_path):
    lines = [
        {"id": "1", "body": BODY, "outlet": "The Guardian", "url": "https://www.theguardian.com/x"},
        {"id": "2", "body": BODY + " Two.", "source": {"name": "BBC News"}},
        {"id": "3", "body": BODY + " Three.", "url": "https://www.theguardian.com/world/2024/may/14/x"},
        {"id": "4", "body": BODY + " Four."},
    ]
    _write(tmp_path, "f.jsonl", "\n".join(json.dumps(x) for x in lines))
    arts = _articles(tmp_path)
    assert [arts[i].outlet for i in "1234"] == ["The Guardian", "BBC News", "theguardian.com", None]


GERMAN = ("Der Bürgermeister von Göttingen, Jürgen Schäfer, hat am Montag die Reparatur der Eisenbahnbrücke "
          "verteidigt. „Wir können nicht warten, bis Berlin alles bezahlt“, sagte Schäfer im Stadtrat.")


def test_language_detection():
    assert detect_language(GERMAN) == "de"
    assert detect_language(BODY) == "en"
    assert detect_language("Le maire de la ville a défendu lundi la réparation du pont ferroviaire principal.") == "fr"
    assert detect_language("OK 12 3") is None  # too short to tell


def test_german_article_is_stored_but_not_extracted(tmp_path, settings):
    from etl.extract import extract_articles_safely

    _write(tmp_path, "de.txt", GERMAN)
    _write(tmp_path, "en.txt", "Mayor Jürgen Schäfer of Göttingen defended the bridge repair on Monday, the council said.")
    arts = _articles(tmp_path)
    assert arts["de"].language == "de" and arts["en"].language == "en"
    results = {r.article.source_id: r for r in extract_articles_safely(list(arts.values()), settings.model)}
    assert results["de"].extracted is False and not any(results["de"].rows.values())
    assert results["en"].extracted is True and results["en"].rows["people"]


def test_byline_people_point_into_the_byline(settings, nlp):
    from etl.extract import extract_doc
    from etl.extract.context import doc_text
    from etl.ingest.article import build_article

    a = build_article("Pool to close\n\nBY ROBBY BYRNE and COLBY HARGREAVES, Associated Press\n\nTROY, N.C. (AP) -- "
                      "Mayor Walt Poindexter said the town could not keep covering the gap.",
                      source_id="p", source_path="p.txt", fmt="txt")
    people = {r["name"]: r for r in extract_doc(a, nlp(doc_text(a))).rows["people"]}
    for name in ("Robby Byrne", "Colby Hargreaves"):
        row = people[name]
        assert row["section"] == "byline" and a.byline[row["start_char"]:row["end_char"]].title() == name
    assert "Walt Poindexter" in people and not any(re.search(r"\bPress\b", n) for n in people)


def test_model_language_from_its_meta(settings, tmp_path):
    from etl.ingest.language import model_language, not_extracted_counts

    assert model_language(settings.model) == "en"
    (tmp_path / "meta.json").write_text('{"lang": "de", "name": "core_news_sm"}')
    assert model_language(str(tmp_path)) == "de"       # a model given as a folder
    assert model_language("no_such_model_here") is None
    assert not_extracted_counts({"en": 5, "de": 2, "fr": 1}, settings.model) == {"de": 2, "fr": 1}
    assert not_extracted_counts({"de": 2}, "no_such_model_here") == {}  # unknown: nothing is skipped
