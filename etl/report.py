"""The run summary a person reads: Markdown for the terminal and CI logs, HTML for browsers.

Everything taken from articles is escaped in the HTML (an article may contain `<script>`).
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path


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
    validation: str  # "passed", "passed with warnings", "failed"
    failed_checks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)
    example_sql: str = ""
    example_result: list[tuple] = field(default_factory=list)
    data_docs: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    def to_markdown(self) -> str:
        lines = [
            f"# news-warehouse run {self.run_id}",
            "",
            f"- warehouse: `{self.warehouse}`",
            f"- articles: {self.articles_seen} read, {self.articles_loaded} loaded, "
            f"{self.articles_unchanged} unchanged (skipped), {self.rejected} rejected",
            f"- validation: **{self.validation}**",
        ]
        if self.data_docs:
            lines.append(f"- Data Docs: `{self.data_docs}`")
        if self.seconds:
            lines.append("- time: " + ", ".join(f"{k} {v:.1f}s" for k, v in self.seconds.items()))
        lines += ["", "| table | rows this run | rows in warehouse |", "|---|---:|---:|"]
        for t, n in self.warehouse_rows.items():
            lines.append(f"| {t} | {self.batch_rows.get(t, 0)} | {n} |")
        if self.failed_checks:
            lines += ["", "## Failed expectations (load blocked)", *[f"- {c}" for c in self.failed_checks]]
        if self.warnings:
            lines += ["", "## Warnings", *[f"- {c}" for c in self.warnings]]
        if self.rejects:
            lines += ["", "## Rejected inputs", *[f"- `{r['source_path']}`: {r['reason']}" for r in self.rejects[:50]]]
            if len(self.rejects) > 50:
                lines.append(f"- … and {len(self.rejects) - 50} more (table `rejects`)")
        if self.example_sql:
            lines += ["", "## Example query", "```sql", self.example_sql.strip(), "```"]
            lines += [f"    {row}" for row in self.example_result]
        return "\n".join(lines) + "\n"

    def to_html(self) -> str:
        e = html.escape
        rows = "".join(
            f"<tr><td>{e(t)}</td><td>{self.batch_rows.get(t, 0)}</td><td>{n}</td></tr>" for t, n in self.warehouse_rows.items()
        )
        def items(values: list[str]) -> str:
            return "<ul>" + "".join(f"<li>{e(v)}</li>" for v in values) + "</ul>"
        rejects = items([f"{r['source_path']}: {r['reason']}" for r in self.rejects[:200]])
        return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>news-warehouse run {e(self.run_id)}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}td,th{{padding:.2em .8em;border-bottom:1px solid #ddd}}</style>
</head><body>
<h1>news-warehouse run {e(self.run_id)}</h1>
<p>Warehouse <code>{e(self.warehouse)}</code>. Articles: {self.articles_seen} read, {self.articles_loaded} loaded,
{self.articles_unchanged} unchanged, {self.rejected} rejected. Validation: <strong id="verdict">{e(self.validation)}</strong>.</p>
<table id="tables"><tr><th>table</th><th>rows this run</th><th>rows in warehouse</th></tr>{rows}</table>
<h2>Failed expectations</h2>{items(self.failed_checks)}
<h2>Warnings</h2>{items(self.warnings)}
<h2>Rejected inputs</h2>{rejects}
</body></html>
"""

    def write(self, reports_dir: Path) -> dict[str, Path]:
        reports_dir.mkdir(parents=True, exist_ok=True)
        md, page, js = reports_dir / "summary.md", reports_dir / "summary.html", reports_dir / "summary.json"
        md.write_text(self.to_markdown(), encoding="utf-8")
        page.write_text(self.to_html(), encoding="utf-8")
        js.write_text(json.dumps(self.__dict__, indent=1, default=str), encoding="utf-8")
        return {"markdown": md, "html": page, "json": js}
