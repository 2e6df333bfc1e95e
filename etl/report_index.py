"""One page that links everything a reports folder holds: `python -m etl.report_index DIR`.

CI leaves, under reports/ci/, one reports folder per corpus it ran (sample, conll-dev, ...), each
with its run reports (summary.html, or runs/<run_id>/summary.html and `latest`), its charts and
its Data Docs, and the browser tests' screenshots under screenshots/. This writes DIR/index.html
linking each run's report (with its verdict and counts), each Data Docs site, each chart file and
each screenshot, with relative links so the folder can be downloaded and opened anywhere. Like the
run report, the page loads nothing and runs no script.
"""
from __future__ import annotations

import html
import json
import sys
from pathlib import Path

DATA_DOCS = Path("gx") / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _link(root: Path, target: Path, text: str) -> str:
    return f'<a href="{_e(target.relative_to(root).as_posix())}">{_e(text)}</a>'


def _runs(folder: Path) -> list[tuple[dict, Path]]:
    """(summary.json contents, its summary.html) for every run report in a reports folder."""
    out = []
    for js in [folder / "summary.json", *sorted((folder / "runs").glob("*/summary.json"))]:
        page = js.with_name("summary.html")
        if js.is_file() and page.is_file() and not js.parent.is_symlink():
            try:
                out.append((json.loads(js.read_text(encoding="utf-8")), page))
            except json.JSONDecodeError:
                continue
    return out


def build_index(root: Path) -> Path:
    root = Path(root)
    sections = []
    folders = sorted(d for d in root.iterdir() if d.is_dir() and d.name != "screenshots") if root.is_dir() else []
    for folder in folders:
        runs = _runs(folder)
        docs = folder / DATA_DOCS
        if not runs and not docs.exists():
            continue
        rows = []
        for summary, page in runs:
            charts = sorted((page.parent / "charts").glob("*.svg"))
            chart_links = ", ".join(_link(root, c, c.stem) for c in charts) or "—"
            rows.append(
                f"<tr><td>{_link(root, page, summary.get('run_id', page.parent.name))}</td>"
                f"<td>{_e(summary.get('validation', '—'))}</td><td>{_e(summary.get('articles_seen', '—'))}</td>"
                f"<td>{_e(summary.get('articles_loaded', '—'))}</td><td>{_e(summary.get('rejected', '—'))}</td>"
                f"<td class=\"charts\">{chart_links}</td></tr>")
        table = ("<table><tr><th>run report</th><th>validation</th><th>articles read</th><th>loaded</th>"
                 "<th>rejected</th><th>charts (SVG)</th></tr>" + "".join(rows) + "</table>") if rows else "<p>no run report</p>"
        docs_link = f"<p>Data Docs: {_link(root, docs, 'validation results and expectation suites')}</p>" if docs.exists() else ""
        sections.append(f'<section id="{_e(folder.name)}"><h2>{_e(folder.name)}</h2>{table}{docs_link}</section>')
    shots = sorted((root / "screenshots").glob("*.png")) if (root / "screenshots").is_dir() else []
    shot_list = ("<ul>" + "".join(f"<li>{_link(root, s, s.stem)}</li>" for s in shots) + "</ul>") if shots \
        else "<p>none (the browser tests write them when chromium is installed)</p>"
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; script-src 'none'">
<title>news-warehouse CI reports</title>
<style>body{{font-family:sans-serif;max-width:72em;margin:2em auto;padding:0 1em}}
table{{border-collapse:collapse}}td,th{{padding:.2em .8em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}}
td.charts{{font-size:90%}}</style>
</head><body>
<h1>news-warehouse CI reports</h1>
<p>What this CI run left to read: the pipeline's run reports (charts of the data and its quality),
the Great Expectations Data Docs of each corpus it ran, and screenshots of those pages as headless
Chromium showed them with the network off. Every page here works offline.</p>
{''.join(sections) or '<p>no reports folder found</p>'}
<h2>Screenshots</h2>{shot_list}
</body></html>
"""
    root.mkdir(parents=True, exist_ok=True)
    out = root / "index.html"
    out.write_text(page, encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0] if args else "reports/ci")
    print(f"reports index: {build_index(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
