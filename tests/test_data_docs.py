"""The Great Expectations Data Docs as a person opens them: offline, in real Chromium.

Three runs of the real pipeline, each adding one article to the same warehouse, with the Data
Docs keeping the last two runs. The site must load with the network off without a single request
leaving the machine or failing, show its validation results table with rows, and hold only the
last two runs' results.
"""
from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from tests.browser import offline_browser, visit

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
        index, page = visit(browser, site / "index.html", screenshot="data-docs-index")
        rows = page.locator("table tbody tr").filter(has_text="manual__docs").count()
        shown = page.locator(".pagination-info").first.inner_text()  # bootstrap-table's "Showing 1 to 10 of N rows"
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
    assert rows == 10 and "of 12 rows" in shown, (rows, shown)  # two runs kept × six tables, 10 a page
    assert styled == "sticky"  # Bootstrap's .sticky-top applied: the stylesheet loaded
    assert cells > 10
