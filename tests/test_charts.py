"""History charts from history.jsonl lines, the bounded history read, SVG ids unique per page."""
from __future__ import annotations

import json
import re

from etl.charts import history_charts, inline_svg
from etl.report import recent_history

FIGURES = ("articles_with_entities", "people_per_article", "quotes_with_known_speaker")


def _history(n: int, flagged: set[int]) -> list[dict]:
    """Lines as the pipeline records them: rows, expectations, and the drift check's metrics."""
    out = []
    for i in range(n):
        metrics = {}
        for name in FIGURES:
            base = 3.0 if name.endswith("_per_article") else 0.9
            value = base * (0.2 if i in flagged and name != "quotes_with_known_speaker" else 1.0)
            floor = base / 2 if i else None
            metrics[name] = {"value": value, "floor": floor, "verdict": "failed" if floor and value < floor else "passed"}
        out.append({"run_id": f"run{i:02d}", "finished_at": f"2026-11-01T{i:02d}:00:00+00:00",
                    "warehouse_rows": {"articles": 10 * i, "quotes": 3 * i},
                    "expectations": {"passed": 90, "failed": int(i in flagged)}, "drift": {"metrics": metrics}})
    return out


def test_drift_chart_marks_the_flagged_runs():
    charts = {c.name: c for c in history_charts(_history(12, flagged={4, 9}))}
    drift = charts["drift"]
    cols = drift.columns
    flagged_runs = {r[cols.index("run_id")] for r in drift.rows if r[cols.index("run flagged")]}
    assert flagged_runs == {"run04", "run09"}
    under = re.findall(r'aria-label="[^"]*check: under its floor[^"]*"', drift.svg)
    assert len(under) == 4, under  # two figures under their floor in each of the two runs
    assert all("run04" in u or "run09" in u for u in under), under
    checks = charts["history_checks"]
    failed = [r for r in checks.rows if r[checks.columns.index("outcome")] == "failed" and r[-1]]
    assert [r[1] for r in failed] == ["run04", "run09"]
    rows = charts["history_rows"]
    assert ("2026-11-01T11:00:00+00:00", "run11", "articles", 110) in rows.rows


def test_history_charts_without_drift_say_so():
    lines = [{"run_id": "a", "finished_at": "2026-11-01T00:00:00+00:00", "warehouse_rows": {"articles": 1}}]
    charts = {c.name: c for c in history_charts(lines)}
    assert charts["drift"].svg == "" and "no run has recorded drift" in charts["drift"].note
    assert charts["history_rows"].svg.startswith("<svg")


def test_recent_history_reads_only_the_tail(tmp_path):
    reports = tmp_path
    with open(reports / "history.jsonl", "w", encoding="utf-8") as fh:
        for entry in _history(30, set()) * 200:  # 6000 lines
            fh.write(json.dumps(entry) + "\n")
        fh.write('{"run_id": "cut by a cra')  # a crash mid-line
    recent = recent_history(reports, 30, tail_bytes=64 * 1024)
    assert [e["run_id"] for e in recent] == [f"run{i:02d}" for i in range(30)]  # the cut line is skipped
    assert recent_history(tmp_path / "missing", 30) == []


def test_inline_svg_ids_are_unique_per_chart():
    svg = '<svg><defs><clipPath id="clip1"><rect/></clipPath></defs><g clip-path="url(#clip1)"></g></svg>'
    a, b = inline_svg(svg, "c-a"), inline_svg(svg, "c-b")
    assert 'id="c-a-clip1"' in a and "url(#c-a-clip1)" in a and 'id="c-b-clip1"' in b
