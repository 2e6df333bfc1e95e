"""The run summary as a person sees it: rendered by headless Chromium.

The page must load, show every table, and never run script that came from article content:
a file name and an article quote carrying `<script>` and an `onerror` handler are put into the
report; if either ran, it would add an element with id "pwned" to the page.
"""
from __future__ import annotations

import subprocess
from pathlib import Path


from etl.report import RunSummary
from tests.browser import chromium_path

PAYLOAD = '<script>document.body.insertAdjacentHTML("beforeend", "<p id=pwned>script ran</p>")</script>'
HANDLER = '<img src=x onerror="document.body.insertAdjacentHTML(\'beforeend\', \'<p id=pwned>handler ran</p>\')">'


def _render(page: Path) -> str:
    profile = page.parent / "chromium-profile"
    cmd = [
        chromium_path(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-quic", f"--user-data-dir={profile}",
        "--virtual-time-budget=3000", "--dump-dom", page.as_uri(),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def _summary(**overrides) -> RunSummary:
    base = dict(
        run_id="manual__test", warehouse="/tmp/w.duckdb", articles_seen=3, articles_unchanged=0,
        articles_loaded=2, rejected=1,
        batch_rows={"articles": 2, "people": 3, "places": 4, "numbers": 5, "quotes": 1, "rejects": 1},
        warehouse_rows={"articles": 2, "people": 3, "places": 4, "numbers": 5, "quotes": 1, "rejects": 1},
        validation="passed with warnings",
        checks_by_table={"quotes": {"passed": 14, "failed": 1}},
        warnings=[f"quotes.speaker_kind: expect_column_values_to_not_be_in_set; e.g. ['{PAYLOAD}']"],
        rejects=[{"source_path": f"evil{HANDLER}.txt", "reason": f"not readable text {PAYLOAD}"}],
    )
    base.update(overrides)
    return RunSummary(**base)


def test_summary_page_renders_tables_and_runs_no_article_script(tmp_path):
    paths = _summary().write(tmp_path)
    dom = _render(paths["html"])
    assert 'id="tables"' in dom
    for table in ("articles", "people", "places", "numbers", "quotes", "rejects"):
        assert f"<td>{table}</td>" in dom, table
    assert "passed with warnings" in dom
    assert 'id="pwned"' not in dom and "id=pwned>" not in dom.replace("&lt;p id=pwned&gt;", "")
    assert "&lt;script&gt;" in dom  # shown as text, not run
    assert "<script" not in dom.lower().replace("&lt;script", "")


def test_markdown_summary_escapes_article_text(tmp_path):
    text = _summary().to_markdown()
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "<img" not in text


def test_real_run_summary_page(tmp_path):
    """The page a real run writes loads in the browser too."""
    from tests.helpers import ROOT, run_cli

    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "story.txt").write_text(
        "ROME (Wire) – “We will not allow <script>alert(1)</script> in our city,” said Mayor Roberto Gualtieri on Monday.\n",
        encoding="utf-8")
    (inp / "broken.jsonl").write_text('{"id": "<b onmouseover=alert(1)>x</b>", "body": 3}\n', encoding="utf-8")
    run_cli(tmp_path, "run", "--input", str(inp))
    dom = _render(tmp_path / "reports" / "latest" / "summary.html")
    assert "<td>quotes</td>" in dom and "onmouseover=alert" not in dom.replace("onmouseover=alert(1)&gt;", "")
    assert "<b onmouseover" not in dom
