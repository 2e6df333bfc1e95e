"""`make ci-reports` runs every corpus, then fails if one was missing or one run failed."""
from __future__ import annotations

import os
import subprocess

import pytest

from tests.helpers import ROOT, write_entityless_articles


@pytest.mark.slow
def test_ci_reports_runs_them_all_then_fails(tmp_path):
    shared = tmp_path / "shared"
    write_entityless_articles(shared / "corpus" / "broken", 50)  # validation blocks it: exit 1
    out = tmp_path / "ci"
    out.mkdir()
    (out / "index.html").write_text("the reports index lives here\n")  # not ours: must survive
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWS_")}
    env["NEWS_WORKERS"] = "1"
    proc = subprocess.run(["make", "--no-print-directory", "ci-reports", f"SHARED={shared}",
                           "CI_CORPORA=missing broken sample", f"CI_REPORTS={out}"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
    assert proc.returncode != 0 and "Error 1" in proc.stderr, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "FAILED missing: corpus folder" in proc.stdout
    assert "FAILED broken: news-etl run exited 1" in proc.stdout
    assert "ci-reports failed: missing (missing) broken (exit 1)" in proc.stdout
    # the corpus after the failures still ran, and what others left in the folder is still there
    assert "load: **loaded 4 articles**" in (out / "sample" / "latest" / "summary.md").read_text(encoding="utf-8")
    assert (out / "broken" / "latest" / "summary.md").exists()
    assert (out / "index.html").read_text() == "the reports index lives here\n"
