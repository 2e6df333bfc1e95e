"""The reports as a person opens them: offline, in real Chromium (Playwright on Debian's chromium).

Three runs of the real pipeline, each adding one article to the same warehouse, with the Data
Docs keeping the last two runs. Each page must load with the network off without a single
request leaving the machine or failing. The Data Docs show their validation results table with
rows and hold only the last two runs' results; the run report shows every chart as an SVG with
marks, and article text stays text. A screenshot of each page is kept (tests/browser.py).
"""
from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from tests.browser import keep_screenshot, offline_browser, visit

ARTICLES = [
    "ROME (Wire) – “We will not allow <script>window.pwned=1</script> in our city,” said Mayor Roberto Gualtieri on Monday.\n",
    "PARIS – Prime Minister Michel Barnier said on Tuesday that 3,000 new teachers would be hired in 2025.\n",
    "BERLIN (Reuters) – Chancellor Olaf Scholz met officials from Poland and France in Berlin on Wednesday.\n",
]


@pytest.fixture(scope="module")
def three_runs(tmp_path_factory):
    from etl.pipeline import run
    from etl.settings import Settings

    work = tmp_path_factory.mktemp("docs")
    settings = replace(Settings.from_env(), data_dir=work / "data", warehouse=str(work / "w.sqlite"),
                       reports_dir=work / "reports", workers=1, data_docs_keep=2)
    inp = work / "in"
    inp.mkdir()
    runs = []
    for i, text in enumerate(ARTICLES):
        (inp / f"story{i}.txt").write_text(text, encoding="utf-8")
        runs.append(run(settings, input_dir=inp, run_id=f"manual__docs{i}"))
    return settings, runs


def _site(settings) -> Path:
    return settings.reports_dir / "gx" / "gx" / "uncommitted" / "data_docs" / "local_site"


def test_data_docs_keep_the_last_runs_only(three_runs):
    settings, runs = three_runs
    gx_root = settings.reports_dir / "gx" / "gx" / "uncommitted"
    stored = {p.parent.parent.name for p in (gx_root / "validations").rglob("*.json")}
    assert stored == {"manual__docs1", "manual__docs2"}
    pages = {p.parent.parent.name for p in (_site(settings) / "validations").rglob("*.html")}
    assert pages == {"manual__docs1", "manual__docs2"}
    index = (_site(settings) / "index.html").read_text(encoding="utf-8")
    assert "manual__docs0" not in index and "manual__docs2" in index


def test_built_pages_name_no_cdn_and_no_analytics(three_runs):
    settings, _ = three_runs
    for page in _site(settings).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        loads = re.findall(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=\"([^\"]+)\"", text)
        assert loads, page
        assert not [u for u in loads if re.match(r"[a-z]+:", u)], (page, loads)
        assert "dataContextId" not in text and "url('http" not in text, page
    licences = (_site(settings) / "static" / "vendor" / "LICENSES.md").read_text()
    for name in ("bootstrap | 4.3.1", "jquery | 3.7.1", "bootstrap-table | 1.19.1", "popper.js | 1.12.9",
                 "@fortawesome/fontawesome-free | 6.6.0", "bootstrap-datepicker | 1.9.0", "vega | 5.", "vega-lite | 5.", "vega-embed | 6."):
        assert f"| {name}" in licences, name


def test_vendored_versions_are_the_ones_gx_templates_name():
    """If a GX upgrade changes a CDN URL or version, this names the file to re-pin."""
    import great_expectations

    from etl.datadocs import CDN_FILES, assets_dir

    templates = Path(great_expectations.__file__).parent / "render" / "view" / "templates"
    named = set()
    for t in templates.glob("*.j2"):
        named |= set(re.findall(r"<(?:script|link)\b[^>]*\b(?:src|href)=\"(https?://[^\"]+)\"", t.read_text()))
    assert named and named <= set(CDN_FILES), sorted(named - set(CDN_FILES))
    for url, rel in CDN_FILES.items():
        name = "/".join(rel.split("/")[:2]) if rel.startswith("@") else rel.split("/")[0]
        version = json.loads((assets_dir() / name / "package.json").read_text())["version"]
        wanted = re.search(r"[@/-](\d+(?:\.\d+)*?)(?=/|\.min|$)", url).group(1)
        if "bootstrap-table@1.19.0" in url:
            wanted = "1.19.1"  # GX asks for the filter-control stylesheet of 1.19.0 beside 1.19.1's script
        assert version == wanted or version.startswith(wanted + "."), (url, version)
        assert (assets_dir() / rel).is_file(), rel


def test_data_docs_load_offline_with_rows(three_runs):
    settings, runs = three_runs
    site = _site(settings)
    validation_page = next((site / "validations" / "news_quotes").rglob("*.html"))
    suite_page = site / "expectations" / "news_quotes.html"
    with offline_browser() as browser:
        index, page = visit(browser, site / "index.html")
        # bootstrap-table fills the table from the page's data when the document is ready
        page.wait_for_selector(".pagination-info", timeout=30_000)
        keep_screenshot(page, "data-docs-index")
        rows = page.locator("table tbody tr").filter(has_text="manual__docs").count()
        shown = page.locator(".pagination-info").first.inner_text()  # "Showing 1 to 10 of N rows"
        styled = page.evaluate("getComputedStyle(document.querySelector('.navbar')).position")
        page.close()
        result, page = visit(browser, validation_page, screenshot="data-docs-validation")
        cells = page.locator("table td").count()
        page.close()
        suite, page = visit(browser, suite_page)
        page.close()
    for v in (index, result, suite):
        assert v.requests, v.url
        assert not v.outside, (v.url, v.outside)
        assert not v.failed, (v.url, v.failed)
        assert not v.console_errors, (v.url, v.console_errors)  # a favicon is fetched without a request event
    from etl.validate import VALIDATED_TABLES

    # two runs kept × one suite per table, 10 a page
    assert rows == 10 and f"of {2 * len(VALIDATED_TABLES)} rows" in shown, (rows, shown)
    assert styled == "sticky", styled  # Bootstrap's .sticky-top applied: the stylesheet loaded
    assert cells > 10, cells


# Vega's SVG labels marks (bars, points, lines) and guides alike as graphics-symbol; guides name
# themselves in their aria-roledescription.
MARKS = "[role=graphics-symbol]:not([aria-roledescription=axis]):not([aria-roledescription=legend]):not([aria-roledescription=title])"


def _labels(page, chart: str) -> list[dict[str, str]]:
    """The values each mark of a chart draws, from its aria-label ("mentions: 12; name: Paris")."""
    labels = page.eval_on_selector_all(
        f"#chart-{chart} svg {MARKS}[aria-label]", "els => els.map(e => e.getAttribute('aria-label'))")
    out = []
    for label in labels:
        values = dict(part.split(": ", 1) for part in label.split("; ") if ": " in part)
        if values:  # titles and axes are labelled in words, not values
            out.append(values)
    return out


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("\u2212", "-"))


def _open_report(browser, page_path: Path, screenshot: str):
    """Open a run report offline: no request may leave or fail, no script may exist or run, every
    chart is an SVG with marks. Returns (visit, page, {section id: marks}); close the page."""
    record, page = visit(browser, page_path, screenshot=screenshot)
    assert not record.outside, record.outside
    assert not record.failed, record.failed
    assert not record.console_errors, record.console_errors
    charts = page.eval_on_selector_all("section.chart", "els => els.map(e => e.id)")
    assert charts, "no chart sections"
    svg_marks = page.eval_on_selector_all(
        "section.chart svg", f"els => els.map(s => [s.closest('section').id, s.querySelectorAll('{MARKS}').length])")
    assert svg_marks and all(n > 0 for _, n in svg_marks), svg_marks
    assert not page.eval_on_selector_all("section.chart img, section.chart canvas, section.chart object", "els => els.length")
    assert page.evaluate("document.querySelectorAll('script').length") == 0
    assert page.evaluate("[...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length") == 0
    assert page.evaluate("typeof window.pwned") == "undefined"
    return record, page, dict(svg_marks)


def test_run_report_offline_with_charts(three_runs):
    settings, runs = three_runs
    report = Path(runs[-1]["reports"]["html"])
    with offline_browser() as browser:
        _, page, marks = _open_report(browser, report, "run-report")
        text = page.inner_text("body")
        example = page.locator("#example tr").count()
        page.close()
    for chart in ("speakers", "speaker_kinds", "people", "places", "map", "numbers", "history_rows", "history_checks"):
        assert marks.get(f"chart-{chart}"), (chart, marks)
        assert (report.parent / "charts" / f"{chart}.svg").read_text().startswith("<svg")
    assert example >= 2  # the example query's answer is an HTML table: header + rows
    assert "('" not in text  # no Python tuple reprs


def test_chart_svg_escapes_article_text(tmp_path):
    """Names from articles become SVG text, never markup: a hostile speaker and person name."""
    import duckdb

    from etl.charts import to_html, warehouse_charts
    from schemas.tables import TABLES, duckdb_ddl

    evil = 'Dr. <script>window.pwned=1</script> "Q" & <b onmouseover=alert(1)>co</b>'
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    for t in TABLES:
        con.execute(duckdb_ddl(t))
    con.execute("INSERT INTO people (article_id, name, mention_count, section, start_char, end_char, run_id) "
                "VALUES ('a', ?, 3, 'body', 0, 5, 'r')", [evil])
    con.execute("INSERT INTO quotes (article_id, text, speaker, speaker_kind, partial, section, start_char, end_char, run_id) "
                "VALUES ('a', 'hello', ?, 'person', false, 'body', 0, 5, 'r')", [evil])
    charts = {c.name: c for c in warehouse_charts(con)}
    con.close()
    for name in ("people", "speakers"):
        svg = charts[name].svg
        assert "<script" not in svg and "<b " not in svg and "&lt;script&gt;" in svg, name
    page = tmp_path / "page.html"
    page.write_text('<!doctype html><meta charset="utf-8"><body>' + to_html(list(charts.values())) + "</body>", encoding="utf-8")
    with offline_browser() as browser:
        _, p = visit(browser, page)
        assert p.evaluate("document.querySelectorAll('script, b').length") == 0
        assert p.evaluate("typeof window.pwned") == "undefined"
        assert evil in [d.get("name") for d in _labels(p, "people")]
        p.close()


@pytest.mark.slow
def test_conll_dev_report_charts_match_the_warehouse(tmp_path):
    """The run report on CoNLL dev: what the charts draw, read back from the page in the browser,
    equals SQL on the warehouse written here (not the queries etl/charts.py uses)."""
    from tests.conftest import shared_path
    from tests.helpers import open_warehouse, run_cli

    run_cli(tmp_path, "run", "--input", str(shared_path("corpus", "conll-dev")))
    reports = tmp_path / "reports"
    page_path = json.loads((reports / "latest" / "summary.json").read_text()) and reports / "latest" / "summary.html"
    con = open_warehouse(tmp_path / "warehouse.sqlite")
    try:
        # one person across articles: aggregated here in Python from the raw rows and persons
        names = dict(con.execute("SELECT person_id, name FROM persons").fetchall())
        mentions: dict = {}
        for pid, name, count, article in con.execute("SELECT person_id, name, mention_count, article_id FROM people").fetchall():
            key = pid or ("name", name)
            label, total, arts = mentions.get(key, (names.get(pid, name), 0, set()))
            mentions[key] = (label, total + count, arts | {article})
        people = sorted(((label, total, len(arts)) for label, total, arts in mentions.values()),
                        key=lambda x: (-x[1], -x[2], x[0]))[:15]
        people = [(label, total) for label, total, _ in people]
        said: dict = {}
        for pid, speaker, kind in con.execute(
                "SELECT speaker_person_id, speaker, speaker_kind FROM quotes WHERE speaker IS NOT NULL").fetchall():
            key = (pid or ("speaker", speaker), kind)
            label, n = said.get(key, (names.get(pid, speaker), 0))
            said[key] = (label, n + 1)
        speakers = sorted(said.values(), key=lambda x: (-x[1], x[0]))[:15]
        kinds = dict(con.execute("SELECT speaker_kind, count(*) FROM quotes GROUP BY 1").fetchall())
        located = con.execute("SELECT count(*) FROM (SELECT DISTINCT name, round(latitude, 4), round(longitude, 4) "
                              "FROM places WHERE latitude IS NOT NULL AND longitude IS NOT NULL)").fetchone()[0]
        numbers = con.execute("SELECT count(*) FROM numbers").fetchone()[0]
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "people", "places", "quotes")}
    finally:
        con.close()
    assert len(people) == 15 and len(speakers) == 15 and located > 50 and numbers > 100
    with offline_browser() as browser:
        _, page, marks = _open_report(browser, page_path, "run-report-conll-dev")
        drawn = {chart: _labels(page, chart) for chart in ("people", "speakers", "speaker_kinds", "map", "numbers", "history_rows")}
        page.close()
    assert [(d["name"], _number(d["mentions"])) for d in drawn["people"]] == [(n, float(m)) for n, m in people]
    assert [(d["speaker"], _number(d["quotes"])) for d in drawn["speakers"]] == [(s, float(n)) for s, n in speakers]
    assert {d["speaker_kind"]: _number(d["quotes"]) for d in drawn["speaker_kinds"]} == {k: float(n) for k, n in kinds.items()}
    assert len([d for d in drawn["map"] if "latitude" in d]) == located
    assert sum(_number(d["numbers"]) for d in drawn["numbers"]) == numbers
    last = {d["table"]: _number(d["rows"]) for d in drawn["history_rows"]}
    assert all(last[t] == float(n) for t, n in counts.items()), (last, counts)


def test_ci_index_links_reports_data_docs_and_screenshots(three_runs, tmp_path):
    """reports/ci/index.html as CI publishes it: every link resolves inside the folder, and the
    page loads offline."""
    import shutil

    from etl.report_index import build_index

    settings, runs = three_runs
    root = tmp_path / "ci"
    shutil.copytree(settings.reports_dir, root / "sample", symlinks=True)
    (root / "screenshots").mkdir()
    (root / "screenshots" / "run-report.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    index = build_index(root)
    with offline_browser() as browser:
        record, page = visit(browser, index)
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        text = page.inner_text("body")
        page.close()
    assert not record.outside and not record.failed, (record.outside, record.failed)
    assert all((root / href).is_file() for href in links), [h for h in links if not (root / h).is_file()]
    targets = {Path(h).name for h in links}
    assert {"summary.html", "index.html", "run-report.png", "map.svg"} <= targets, targets
    assert "manual__docs2" in text and "passed" in text
