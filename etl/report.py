"""The run summary a person reads: Markdown for terminals and CI logs, HTML for browsers.

One page per run: rows per table (this run, in the warehouse, change since the previous run),
expectations passed and failed per table, the worst offenders, rejected inputs, and the answer
to an example query. Everything that comes from the data — article text, file names, values —
is HTML-escaped in both formats, and the HTML page forbids scripts outright (Content Security
Policy), so an article containing `<script>` cannot run in the report.

Each run writes its own folder, `<reports_dir>/runs/<run_id>/summary.{md,html,json}`, and points
the `<reports_dir>/latest` link at it, so no run overwrites another's report. Run-over-run changes
come from `<reports_dir>/history.jsonl`: one line per run, naming its warehouse, its load outcome
and its drift figures; a run is only ever compared with earlier runs of the *same* warehouse.
The page also shows the data and its history as charts (etl/charts.py), inlined as <svg>
and written as .svg files under charts/ beside the page.
"""
from __future__ import annotations

import html
import json
import os
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

TABLE_ORDER = ("articles", "people", "places", "numbers", "quotes", "rejects")


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _m(value) -> str:
    """Escape for Markdown that may be rendered as HTML: no tags, but readable quotes."""
    return html.escape(str(value), quote=False)


@dataclass
class RunSummary:
    run_id: str
    warehouse: str
    articles_seen: int
    articles_unchanged: int
    articles_loaded: int
    rejected: int
    batch_rows: dict[str, int]
    warehouse_rows: dict[str, int]
    validation: str  # "passed", "passed with warnings", "failed", "not run"
    load: str = ""  # the load outcome in words: "loaded 3 articles", "blocked by validation…", "failed…"
    load_status: str = ""  # "loaded" | "blocked" | "failed" (etl/outcome.py)
    drift: dict = field(default_factory=dict)  # batch-level extractor checks (etl/drift.py DriftReport.to_dict)
    checks_by_table: dict[str, dict[str, int]] = field(default_factory=dict)  # table → {passed, failed}
    failed_checks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)
    example_sql: str = ""
    example_result: list[tuple] = field(default_factory=list)
    example_columns: list[str] = field(default_factory=list)
    data_docs: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    previous_run: str | None = None
    previous_rows: dict[str, int] = field(default_factory=dict)
    files_read: int = 0       # raw files read this run
    files_unchanged: int = 0  # raw files the warehouse's file ledger already had: not read again
    linked: dict = field(default_factory=dict)  # the link stage's counts (<batch>/link.json)

    def change(self, table: str) -> str:
        if self.previous_run is None:
            return "—"
        delta = self.warehouse_rows.get(table, 0) - self.previous_rows.get(table, 0)
        return f"{delta:+d}"

    def to_markdown(self) -> str:
        lines = [
            f"# news-warehouse run {_m(self.run_id)}",
            "",
            f"- warehouse: `{_m(self.warehouse)}`",
            f"- articles: {self.articles_seen} read, {self.articles_loaded} loaded, "
            f"{self.articles_unchanged} unchanged (skipped), {self.rejected} rejected",
            f"- files: {self.files_read} read, {self.files_unchanged} unchanged (not read again)",
            f"- validation: **{self.validation}**",
            f"- load: **{_m(self.load or 'not recorded')}**",
        ]
        if self.linked:
            k = self.linked
            lines.append(f"- stories: {k['new_stories']} new, {k['copies']} copies or versions of known stories; "
                         f"persons: {k['persons_new']} new, {k['person_merges']} merged; quotations: {k['quotations']} reported")
        if self.previous_run:
            lines.append(f"- compared with the previous run: `{_m(self.previous_run)}`")
        if self.data_docs:
            lines.append(f"- Data Docs: `{_m(self.data_docs)}`")
        if self.seconds:
            lines.append("- time: " + ", ".join(f"{k} {v:.1f}s" for k, v in self.seconds.items()))
        lines += ["", "| table | rows this run | rows in warehouse | change | expectations passed | failed |",
                  "|---|---:|---:|---:|---:|---:|"]
        for t in TABLE_ORDER:
            c = self.checks_by_table.get(t, {})
            lines.append(f"| {t} | {self.batch_rows.get(t, 0)} | {self.warehouse_rows.get(t, 0)} | {self.change(t)} "
                         f"| {c.get('passed', 0)} | {c.get('failed', 0)} |")
        if self.failed_checks:
            lines += ["", "## Failed critical checks (load blocked)", *[f"- {_m(c)}" for c in self.failed_checks]]
        if self.drift.get("metrics"):
            lines += ["", "## Extractor health (batch drift checks)", "", _m(self.drift.get("note", "")), "",
                      "| figure | this run | floor | recent median | severity | verdict |", "|---|---:|---:|---:|---|---|"]
            for name, m in self.drift["metrics"].items():
                lines.append(f"| {name} | {_fmt(m.get('value'))} | {_fmt(m.get('floor'))} | {_fmt(m.get('baseline'))} "
                             f"| {m.get('severity')} | {m.get('verdict')} |")
        if self.warnings:
            lines += ["", "## Warnings", *[f"- {_m(c)}" for c in self.warnings]]
        if self.rejects:
            lines += ["", "## Rejected inputs", *[f"- `{_m(r['source_path'])}`: {_m(r['reason'])}" for r in self.rejects[:50]]]
            if len(self.rejects) > 50:
                lines.append(f"- … and {len(self.rejects) - 50} more (table `rejects`)")
        if self.example_sql:
            lines += ["", "## Example query", "```sql", self.example_sql.strip(), "```", ""]
            cols = self.example_columns or [f"column {i + 1}" for i in range(len(self.example_result[0]) if self.example_result else 0)]
            if cols:
                lines += ["| " + " | ".join(_m(c) for c in cols) + " |", "|" + "---|" * len(cols)]
                lines += ["| " + " | ".join(_m(v).replace("|", "\\|") for v in row) + " |" for row in self.example_result]
        return "\n".join(lines) + "\n"

    def to_html(self, charts_html: str = "") -> str:
        """The page; `charts_html` is the charts' sections (etl.charts.to_html), placed after
        the tables."""
        rows = "".join(
            f"<tr><td>{t}</td><td>{self.batch_rows.get(t, 0)}</td><td>{self.warehouse_rows.get(t, 0)}</td>"
            f"<td>{self.change(t)}</td><td>{self.checks_by_table.get(t, {}).get('passed', 0)}</td>"
            f"<td>{self.checks_by_table.get(t, {}).get('failed', 0)}</td></tr>"
            for t in TABLE_ORDER
        )

        def items(values: list[str], empty: str = "none") -> str:
            if not values:
                return f"<p>{empty}</p>"
            return "<ul>" + "".join(f"<li>{_e(v)}</li>" for v in values) + "</ul>"

        docs = f'<p>Data Docs: <a href="{_e(Path(self.data_docs).as_uri())}">{_e(self.data_docs)}</a></p>' if self.data_docs else ""
        example = ""
        if self.example_sql:
            cols = self.example_columns or [f"column {i + 1}" for i in range(len(self.example_result[0]) if self.example_result else 0)]
            answer = "<table id=\"example\"><tr>" + "".join(f"<th>{_e(c)}</th>" for c in cols) + "</tr>" + "".join(
                "<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>" for row in self.example_result) + "</table>"
            example = f"<h2>Example query</h2><pre>{_e(self.example_sql.strip())}</pre>" + answer
        charts = f'<h2 id="data">The data and its history</h2>{charts_html}' if charts_html else ""
        return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; script-src 'none'">
<title>news-warehouse run {_e(self.run_id)}</title>
<style>body{{font-family:sans-serif;max-width:64em;margin:2em auto;padding:0 1em}}
table{{border-collapse:collapse}}td,th{{padding:.2em .8em;border-bottom:1px solid #ddd;text-align:right}}
td:first-child,th:first-child{{text-align:left}}.failed{{color:#a00}}.passed{{color:#070}}
section.chart{{margin:1.5em 0}}section.chart svg{{max-width:100%;height:auto}}.note{{color:#555;font-style:italic}}
details{{margin:.3em 0}}p.file{{margin:.2em 0;font-size:90%}}</style>
</head><body>
<h1>news-warehouse run {_e(self.run_id)}</h1>
<p>Warehouse <code>{_e(self.warehouse)}</code>. Articles: {self.articles_seen} read, {self.articles_loaded} loaded,
{self.articles_unchanged} unchanged, {self.rejected} rejected.</p>
<p>Validation: <strong id="verdict" class="{'failed' if self.validation == 'failed' else 'passed'}">{_e(self.validation)}</strong>
{f'(compared with run <code>{_e(self.previous_run)}</code>)' if self.previous_run else ''}</p>
<p>Load: <strong id="load" class="{'passed' if self.load_status == 'loaded' else 'failed'}">{_e(self.load or 'not recorded')}</strong></p>
{docs}
<table id="tables"><tr><th>table</th><th>rows this run</th><th>rows in warehouse</th><th>change</th><th>expectations passed</th><th>failed</th></tr>{rows}</table>
<h2>Failed critical checks</h2>{items(self.failed_checks)}
<h2>Extractor health</h2>{items([f"{k}: {_fmt(m.get('value'))} (floor {_fmt(m.get('floor'))}, {m.get('severity')}): {m.get('verdict')}"
                                  for k, m in self.drift.get('metrics', {}).items()], self.drift.get('note') or 'not judged')}
<h2>Warnings</h2>{items(self.warnings)}
<h2>Rejected inputs</h2>{items([f"{r['source_path']}: {r['reason']}" for r in self.rejects[:200]])}
{example}
{charts}
</body></html>
"""

    def write(self, reports_dir: Path, charts: list | None = None) -> dict[str, Path]:
        """Write this run's folder `<reports_dir>/runs/<run_id>/` — summary.md/.html/.json and each
        chart (etl.charts.Chart) as charts/<name>.svg — and point `latest` at it."""
        from etl.batch import safe_run_id
        from etl.charts import to_html as charts_to_html
        from etl.charts import write_svgs

        folder = Path(reports_dir) / "runs" / safe_run_id(self.run_id)
        folder.mkdir(parents=True, exist_ok=True)
        md, page, js = folder / "summary.md", folder / "summary.html", folder / "summary.json"
        write_svgs(charts or [], folder / "charts")
        md.write_text(self.to_markdown(), encoding="utf-8")
        page.write_text(self.to_html(charts_to_html(charts or [], "charts")), encoding="utf-8")
        js.write_text(json.dumps(asdict(self), indent=1, default=str), encoding="utf-8")
        point_latest(Path(reports_dir), folder)
        return {"markdown": md, "html": page, "json": js, "folder": folder}


def latest_summary(reports_dir: Path) -> str:
    """The Markdown summary of the newest run in `reports_dir` ('' when there is none)."""
    path = Path(reports_dir) / "latest" / "summary.md"
    if not path.exists() and (Path(reports_dir) / "latest").is_file():
        path = Path(reports_dir) / (Path(reports_dir) / "latest").read_text(encoding="utf-8").strip() / "summary.md"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _fmt(value) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def point_latest(reports_dir: Path, folder: Path) -> None:
    """`<reports_dir>/latest` → runs/<run_id> (relative, so the folder can be moved or mounted
    elsewhere), swapped atomically. Where symbolic links are not allowed, `latest` is a text file
    naming the folder."""
    link = reports_dir / "latest"
    tmp = reports_dir / f".latest.{os.getpid()}.tmp"
    target = os.path.relpath(folder, reports_dir)
    try:
        tmp.unlink(missing_ok=True)
        os.symlink(target, tmp, target_is_directory=True)
        if link.is_dir() and not link.is_symlink():
            raise OSError(f"{link} is a real folder; not replacing it")
        os.replace(tmp, link)
    except OSError:
        tmp.unlink(missing_ok=True)
        if not link.is_dir():
            link.write_text(target + "\n", encoding="utf-8")


def warehouse_key(warehouse) -> str:
    """How history names a warehouse: its absolute path (or URI, as given)."""
    text = str(warehouse)
    return text if "://" in text or text.startswith(("ducklake:", "postgres:")) else os.path.abspath(text)


def _history_lines(reports_dir: Path, tail_bytes: int) -> list[str]:
    """The lines of history.jsonl's last `tail_bytes` (a line cut by the start of the tail or by a
    crash is dropped by the JSON parse), so reading it costs the same after years of runs."""
    path = Path(reports_dir) / "history.jsonl"
    if not path.exists():
        return []
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - tail_bytes))
        lines = fh.read().decode("utf-8", errors="replace").split("\n")
    return lines[1:] if size > tail_bytes else lines


def read_history(reports_dir: Path, warehouse=None, tail_bytes: int = 4 << 20) -> list[dict]:
    """The recorded runs (those in the file's last `tail_bytes`), oldest first; with `warehouse`,
    only the runs of that warehouse."""
    key = warehouse_key(warehouse) if warehouse is not None else None
    out = []
    for line in _history_lines(reports_dir, tail_bytes):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut by a crash: skip it, history is a convenience
        if key is None or entry.get("warehouse") == key:
            out.append(entry)
    return out


def previous_run(reports_dir: Path, run_id: str, warehouse=None) -> tuple[str | None, dict[str, int]]:
    """The last recorded run of the same warehouse other than this one, and its warehouse row
    counts. Runs recorded without a warehouse (older history) are never compared with."""
    last = None
    for entry in read_history(reports_dir, warehouse):
        if entry.get("run_id") != run_id:
            last = entry
    return (last["run_id"], last.get("warehouse_rows", {})) if last else (None, {})


def history_entry(summary: RunSummary) -> dict:
    """The run's line in history.jsonl: the run, its warehouse, the load outcome, rows, checks and
    the drift figures (the reports chart these over time)."""
    return {
        "run_id": summary.run_id,
        "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "warehouse": warehouse_key(summary.warehouse),
        "validation": summary.validation,
        "load": {"status": summary.load_status, "articles": summary.articles_loaded, "description": summary.load},
        "articles_seen": summary.articles_seen,
        "rejected": summary.rejected,
        "batch_rows": summary.batch_rows,
        "warehouse_rows": summary.warehouse_rows,
        "drift": summary.drift,
        "expectations": {k: sum(c.get(k, 0) for c in summary.checks_by_table.values()) for k in ("passed", "failed")},
    }


def record_run(reports_dir: Path, summary: RunSummary, entry: dict | None = None) -> None:
    reports_dir.mkdir(parents=True, exist_ok=True)
    with open(reports_dir / "history.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry or history_entry(summary)) + "\n")


def recent_history(reports_dir: Path, runs: int, tail_bytes: int = 1 << 20, warehouse=None) -> list[dict]:
    """The last `runs` entries of history.jsonl (of `warehouse` only, when given), oldest first.
    Reads only the file's last `tail_bytes` (a history entry is a few KB at most), so the cost does
    not grow with the number of runs recorded."""
    if runs <= 0:
        return []
    return read_history(reports_dir, warehouse, tail_bytes)[-runs:]
