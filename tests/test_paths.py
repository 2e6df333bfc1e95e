"""Paths where users expect them: defaults follow the current directory, never the package.

The acceptance test runs `news-etl run` with absolute --input and --warehouse from a directory
outside the checkout, with no NEWS_* variables set, and lists every file of the checkout (.venv,
.git and __pycache__ aside) before and after: nothing may appear or change. Before this was
fixed, one such run wrote 365 files (batches, lake, reports) into the checkout.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT

SKIP = {".venv", ".git", "__pycache__"}


def _checkout_files() -> dict[str, tuple[int, int]]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in SKIP]
        for name in filenames:
            path = Path(dirpath) / name
            st = path.lstat()
            out[str(path.relative_to(ROOT))] = (st.st_size, st.st_mtime_ns)
    return out


def test_run_from_elsewhere_writes_nothing_into_the_checkout(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "story.txt").write_text("PARIS (Wire) – Mayor Anne Hidalgo said 300 trees would be planted.\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWS_")}
    env["GX_ANALYTICS_ENABLED"] = "false"
    news_etl = str(Path(sys.executable).with_name("news-etl"))
    before = _checkout_files()
    proc = subprocess.run([news_etl, "run", "--input", str(inp), "--warehouse", str(tmp_path / "w.sqlite"), "--workers", "1"],
                          cwd=elsewhere, env=env, capture_output=True, text=True, timeout=900)
    after = _checkout_files()
    assert proc.returncode == 0, proc.stderr[-3000:]
    added = sorted(set(after) - set(before))
    changed = sorted(p for p in set(before) & set(after) if before[p] != after[p])
    assert not added and not changed, f"written into the checkout: {added[:20]} changed: {changed[:20]}"
    # the defaults followed the current directory
    assert list((elsewhere / "data" / "batches").iterdir())
    assert (elsewhere / "reports" / "latest" / "summary.md").exists()
    assert (tmp_path / "w.sqlite.files").is_dir()  # the lake's data files: beside its catalog


def test_settings_paths_are_relative_to_the_current_directory(tmp_path, monkeypatch):
    from etl.settings import Settings

    for name in ("NEWS_RAW_DIR", "NEWS_DATA_DIR", "NEWS_WAREHOUSE", "NEWS_REPORTS_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    s = Settings.from_env()
    assert s.raw_dir == tmp_path / "data" / "raw" and s.data_dir == tmp_path / "data"
    assert s.warehouse == str(tmp_path / "data" / "warehouse" / "news.sqlite") and s.reports_dir == tmp_path / "reports"
    monkeypatch.setenv("NEWS_REPORTS_DIR", "out/reports")
    assert Settings.from_env().reports_dir == tmp_path / "out" / "reports"  # absolute: tasks elsewhere agree
    assert Settings.from_env(warehouse=Path("x.sqlite")).warehouse == str(tmp_path / "x.sqlite")
    assert Settings.from_env(warehouse="ducklake:postgres:dbname=news").warehouse == "ducklake:postgres:dbname=news"
