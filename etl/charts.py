"""The run report's charts: what is in the warehouse, and how this run compares with the last.

Each chart is drawn at build time with Altair and turned into SVG by vl-convert (Vega-Lite
compiled and rendered in-process, no browser, no network: external data URLs are refused), so
the report page can inline it as <svg> under a content policy that allows no scripts or
images, and a person can drop the same .svg file into a slide. Every chart carries the numbers
it draws as rows, shown as an HTML table under it.

    name            what                                                  source
    speakers        who is quoted most, coloured by speaker kind          quotes (+ persons)
    speaker_kinds   quotes by speaker kind                                quotes
    people          people mentioned most (mentions; articles)            people (+ persons)
    places          places mentioned most                                 places
    map             places at latitude/longitude over country outlines    places + world-atlas
    numbers         numbers by kind, split by unit                        numbers
    outlets         articles and quotes by outlet (when articles have one) articles
    days            articles and quotes by day published (when known)     articles
    history_rows    rows per table over the last runs                     history.jsonl
    history_checks  expectations passed and failed over the last runs     history.jsonl
    drift           the drift check's figures over the last runs, flagged runs marked  history.jsonl

Country outlines: Natural Earth 1:110m from the npm package world-atlas (vendor/, `make setup`).
SVG marks carry `aria-label`s with the values they draw ("mentions: 12; name: Paris"): screen
readers read them, and the browser tests compare them with SQL on the warehouse.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

TOP = 15                # bars in a "most" chart
HISTORY_RUNS = 30       # runs drawn in the history charts
MAP_TABLE_ROWS = 40     # rows of the map's table (the map itself draws every located place)
WIDTH = 560
# the tables a reader knows (the link stage's lookup indexes and merge log are left out)
HISTORY_TABLES = ("articles", "people", "places", "numbers", "quotes", "rejects", "persons", "stories", "quotations")
KIND_COLORS = {"person": "#1f77b4", "organization": "#ff7f0e", "group": "#2ca02c", "anonymous": "#9467bd", "unknown": "#7f7f7f"}


@dataclass
class Chart:
    name: str                     # file stem: charts/<name>.svg
    title: str
    columns: list[str]            # the numbers drawn, as a table
    rows: list[tuple]
    svg: str = ""                 # standalone SVG document ("" when there is nothing to draw)
    note: str = ""                # why there is no chart, or what to know reading it
    spec: dict = field(default_factory=dict, repr=False)


def _vl_version() -> str | None:
    import altair as alt
    import vl_convert as vlc

    want = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return want if want in vlc.get_vegalite_versions() else None


def render_svg(spec: dict) -> str:
    """Vega-Lite spec → SVG text. Data must be inline: every external URL is refused."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(spec, vl_version=_vl_version(), config=CONFIG, allowed_base_urls=[])


# Text is measured at build time and drawn by the reader's browser: measure with a wide common
# font (DejaVu Sans, Debian's default) so labels fit where the browser's font is narrower.
FONT = "DejaVu Sans, Verdana, sans-serif"
CONFIG = {"font": FONT, "axis": {"labelFontSize": 11, "titleFontSize": 11}, "legend": {"labelLimit": 220, "titleLimit": 220},
          "title": {"fontSize": 14, "anchor": "start"}, "background": "white"}


def _frame(columns: list[str], rows: list[tuple]):
    import pandas as pd

    return pd.DataFrame([dict(zip(columns, r)) for r in rows], columns=columns)


def _query(con, sql: str) -> tuple[list[str], list[tuple]]:
    cur = con.execute(sql)
    return [d[0] for d in cur.description], cur.fetchall()


def _columns(con, table: str) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}


# The queries behind the warehouse charts; tests run the same SQL.
SQL = {
    "speakers": f"""
        SELECT speaker, speaker_kind, count(*) AS quotes FROM quotes
        WHERE speaker IS NOT NULL GROUP BY speaker, speaker_kind
        ORDER BY quotes DESC, speaker LIMIT {TOP}""",
    "speaker_kinds": """
        SELECT speaker_kind, count(*) AS quotes FROM quotes GROUP BY speaker_kind ORDER BY quotes DESC, speaker_kind""",
    "people": f"""
        SELECT name, sum(mention_count)::BIGINT AS mentions, count(DISTINCT article_id) AS articles FROM people
        GROUP BY name ORDER BY mentions DESC, articles DESC, name LIMIT {TOP}""",
    # where the link stage has given people one id across articles (etl/link): one bar per person,
    # every spelling of the name counted together, under its fullest form
    "people_linked": f"""
        SELECT coalesce(ps.name, pe.name) AS name, sum(pe.mention_count)::BIGINT AS mentions,
               count(DISTINCT pe.article_id) AS articles
        FROM people pe LEFT JOIN persons ps ON ps.person_id = pe.person_id
        GROUP BY coalesce(pe.person_id, 'name:' || pe.name), coalesce(ps.name, pe.name)
        ORDER BY mentions DESC, articles DESC, name LIMIT {TOP}""",
    "speakers_linked": f"""
        SELECT coalesce(ps.name, q.speaker) AS speaker, q.speaker_kind, count(*) AS quotes
        FROM quotes q LEFT JOIN persons ps ON ps.person_id = q.speaker_person_id
        WHERE q.speaker IS NOT NULL
        GROUP BY coalesce(q.speaker_person_id, 'speaker:' || q.speaker), coalesce(ps.name, q.speaker), q.speaker_kind
        ORDER BY quotes DESC, speaker LIMIT {TOP}""",
    "places": f"""
        SELECT name, sum(mention_count)::BIGINT AS mentions, count(DISTINCT article_id) AS articles FROM places
        GROUP BY name ORDER BY mentions DESC, articles DESC, name LIMIT {TOP}""",
    "map": """
        SELECT name, round(latitude, 4) AS latitude, round(longitude, 4) AS longitude,
               count(DISTINCT article_id) AS articles, sum(mention_count)::BIGINT AS mentions
        FROM places WHERE latitude IS NOT NULL AND longitude IS NOT NULL
        GROUP BY ALL ORDER BY articles DESC, mentions DESC, name""",
    # the ten commonest units by name, the rest as "other"
    "numbers": """
        WITH n AS (SELECT kind, coalesce(unit, '(no unit)') AS unit FROM numbers),
        top AS (SELECT unit FROM n GROUP BY unit ORDER BY count(*) DESC, unit LIMIT 10)
        SELECT kind, CASE WHEN unit IN (SELECT unit FROM top) THEN unit ELSE 'other' END AS unit, count(*) AS numbers
        FROM n GROUP BY ALL ORDER BY kind, numbers DESC, unit""",
    "outlets": f"""
        SELECT coalesce(outlet, '(unknown)') AS outlet, count(*) AS articles, sum(n_quotes)::BIGINT AS quotes
        FROM articles GROUP BY ALL ORDER BY articles DESC, outlet LIMIT {TOP}""",
    "days": """
        SELECT try_cast(published AS DATE) AS day, count(*) AS articles, sum(n_quotes)::BIGINT AS quotes
        FROM articles WHERE try_cast(published AS DATE) IS NOT NULL GROUP BY ALL ORDER BY day""",
}


def _count_axis(top):
    """Whole-number ticks for a count axis (Vega's tickMinStep is not honoured by this renderer)."""
    import altair as alt

    return alt.Axis(format=",d", tickCount=max(1, min(int(top or 1), 10)))


def _bars(df, label: str, value: str, title: str, color: str | None = None, tooltip: list[str] | None = None) -> dict:
    import altair as alt

    enc = {
        "x": alt.X(f"{value}:Q", title=value, axis=_count_axis(df[value].max())),
        "y": alt.Y(f"{label}:N", sort=alt.EncodingSortField(field=value, order="descending"), title=None,
                   axis=alt.Axis(labelLimit=220)),
        "tooltip": tooltip or [label, value],
    }
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=color.replace("_", " "),
                                 scale=alt.Scale(domain=list(KIND_COLORS), range=list(KIND_COLORS.values()))
                                 if color == "speaker_kind" else alt.Undefined)
    return alt.Chart(df).mark_bar().encode(**enc).properties(title=title, width=WIDTH).to_dict(validate=False)


def world_outlines() -> dict | None:
    """Natural Earth 1:110m country outlines (TopoJSON) from the vendored npm package world-atlas."""
    from etl.datadocs import assets_dir

    path = assets_dir() / "world-atlas" / "countries-110m.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _map_spec(df) -> tuple[dict, str]:
    import altair as alt

    points = alt.Chart(df).mark_circle(color="#c0392b", opacity=0.65, stroke="white", strokeWidth=0.5).encode(
        longitude="longitude:Q", latitude="latitude:Q",
        size=alt.Size("articles:Q", title="articles", scale=alt.Scale(range=[20, 600])),
        tooltip=["name", "articles", "mentions", "latitude", "longitude"],
    )
    outlines = world_outlines()
    note = ""
    if outlines is not None:
        # Altair deep-copies inline data while building the spec (seconds for 100 kB of
        # TopoJSON): build it around a small stand-in and put the outlines in afterwards.
        countries = alt.Data(values=_OUTLINES_STAND_IN, format=alt.DataFormat(type="topojson", feature="countries"))
        layer = alt.Chart(countries).mark_geoshape(fill="#e6e6e6", stroke="white", strokeWidth=0.5) + points
    else:
        layer, note = points, "country outlines missing (vendor/node_modules/world-atlas: run make setup)"
    spec = layer.project("equalEarth").properties(title="Places on the map", width=WIDTH + 140, height=380).to_dict(validate=False)
    return (_swap(spec, _OUTLINES_STAND_IN, outlines) if outlines is not None else spec), note


_OUTLINES_STAND_IN = {"type": "Topology", "objects": {}, "arcs": [], "stand_in": "world-atlas countries-110m"}


def _swap(node, old, new):
    """`node` with every value equal to `old` replaced by `new` (walks dicts and lists)."""
    if node == old:
        return new
    if isinstance(node, dict):
        return {k: _swap(v, old, new) for k, v in node.items()}
    if isinstance(node, list):
        return [_swap(v, old, new) for v in node]
    return node


def warehouse_charts(con) -> list[Chart]:
    """The charts of what the warehouse holds, from a DuckDB connection to it."""
    import altair as alt

    charts: list[Chart] = []
    articles_cols = _columns(con, "articles")
    linked = bool(_columns(con, "persons")) and "person_id" in _columns(con, "people") \
        and "speaker_person_id" in _columns(con, "quotes")

    def add(name: str, title: str, build, missing: str = "") -> None:
        if missing:
            charts.append(Chart(name, title, [], [], note=missing))
            return
        cols, rows = _query(con, SQL[f"{name}_linked" if linked and f"{name}_linked" in SQL else name])
        chart = Chart(name, title, cols, rows)
        if rows:
            spec = build(_frame(cols, rows))
            chart.spec, chart.note = (spec if isinstance(spec, dict) else spec[0]), ("" if isinstance(spec, dict) else spec[1])
            chart.svg = render_svg(chart.spec)
        else:
            chart.note = "nothing to draw yet"
        charts.append(chart)

    add("speakers", "Who is quoted most", lambda df: _bars(
        df, "speaker", "quotes", f"Who is quoted most (top {TOP}), by speaker kind", color="speaker_kind",
        tooltip=["speaker", "speaker_kind", "quotes"]))
    add("speaker_kinds", "Quotes by speaker kind", lambda df: _bars(
        df, "speaker_kind", "quotes", "Quotes by speaker kind", color="speaker_kind"))
    add("people", "People mentioned most", lambda df: _bars(
        df, "name", "mentions", f"People mentioned most (top {TOP})", tooltip=["name", "mentions", "articles"]))
    add("places", "Places mentioned most", lambda df: _bars(
        df, "name", "mentions", f"Places mentioned most (top {TOP})", tooltip=["name", "mentions", "articles"]))
    add("map", "Places on the map", _map_spec)
    add("numbers", "Numbers by kind and unit", lambda df: alt.Chart(df).mark_bar().encode(
        x=alt.X("numbers:Q", title="numbers", axis=_count_axis(df.groupby("kind")["numbers"].sum().max())),
        y=alt.Y("kind:N", sort="-x", title=None),
        color=alt.Color("unit:N", title="unit", sort=alt.EncodingSortField(field="numbers", op="sum", order="descending"),
                        legend=alt.Legend(columns=2, symbolLimit=40)),
        order=alt.Order("numbers:Q", sort="descending"),
        tooltip=["kind", "unit", "numbers"],
    ).properties(title="Numbers by kind, split by unit", width=WIDTH).to_dict(validate=False))

    def by_two(df, key: str, title: str, temporal: bool = False):
        long = df.melt(id_vars=[key], value_vars=["articles", "quotes"], var_name="what", value_name="count")
        axis = _count_axis(long["count"].max())
        color = alt.Color("what:N", title=None, legend=None)
        if temporal:
            # one panel per count, a bar per day: days without articles stay visibly empty
            long[key] = long[key].astype(str)
            return alt.Chart(long).mark_bar().encode(
                x=alt.X(f"yearmonthdate({key}):T", title="day published"), y=alt.Y("count:Q", title=None, axis=axis),
                color=color, row=alt.Row("what:N", title=None),
                tooltip=[alt.Tooltip(f"{key}:T"), "what", "count"]).properties(
                    title=title, width=WIDTH, height=110).to_dict(validate=False)
        return alt.Chart(long).mark_bar().encode(
            y=alt.Y(f"{key}:N", sort=alt.EncodingSortField(field="count", op="sum", order="descending"), title=None),
            x=alt.X("count:Q", title=None, axis=axis), color=alt.Color("what:N", title=None), yOffset="what:N",
            tooltip=[key, "what", "count"]).properties(title=title, width=WIDTH).to_dict(validate=False)

    add("outlets", "Articles and quotes by outlet", lambda df: by_two(df, "outlet", "Articles and quotes by outlet"),
        missing="" if "outlet" in articles_cols else "articles carry no outlet in this warehouse")
    add("days", "Articles and quotes by day published", lambda df: by_two(
        df, "day", "Articles and quotes by day published", temporal=True),
        missing="" if "published" in articles_cols else "articles carry no publication date in this warehouse")
    for c in charts:
        if c.name == "days" and not c.rows and not c.note.startswith("articles carry"):
            c.note = "no article has a publication date"
    return charts


def _run_label(entry: dict) -> str:
    return str(entry.get("finished_at") or entry.get("run_id"))


def history_charts(history: list[dict]) -> list[Chart]:
    """Charts over the last HISTORY_RUNS runs (oldest first) of history.jsonl entries."""
    import altair as alt

    history = history[-HISTORY_RUNS:]
    charts: list[Chart] = []
    x = alt.X("finished:T", title="run finished (UTC)")

    rows = [(_run_label(e), e.get("run_id"), t, n) for e in history for t, n in (e.get("warehouse_rows") or {}).items()
            if t in HISTORY_TABLES]
    chart = Chart("history_rows", "Rows per table over the last runs", ["finished", "run_id", "table", "rows"], rows)
    if len({r[0] for r in rows}) >= 1 and rows:
        chart.spec = alt.Chart(_frame(chart.columns, rows)).mark_line(point=True).encode(
            x=x, y=alt.Y("rows:Q", title="rows in the warehouse"), color=alt.Color("table:N", title="table"),
            tooltip=["run_id", "table", "rows"]).properties(title="Rows per table over the last runs", width=WIDTH).to_dict(validate=False)
    charts.append(chart)

    rows = [(_run_label(e), e.get("run_id"), outcome, n) for e in history
            for outcome, n in (e.get("expectations") or {}).items()]
    chart = Chart("history_checks", "Expectations passed and failed over the last runs",
                  ["finished", "run_id", "outcome", "expectations"], rows)
    if rows:
        # failed on its own axis: a handful of failures beside ninety passes would not show
        df = _frame(chart.columns, rows)
        run_axis = alt.X("run_id:N", sort=alt.EncodingSortField(field="finished"), title="run",
                         axis=alt.Axis(labelLimit=140, labelAngle=-40))
        panels = []
        for outcome, color, height in (("failed", "#d62728", 90), ("passed", "#2ca02c", 140)):
            part = df[df["outcome"] == outcome]
            panels.append(alt.Chart(part).mark_bar(color=color).encode(
                x=run_axis, y=alt.Y("expectations:Q", title=f"{outcome}",
                                    axis=_count_axis(part["expectations"].max() if len(part) else 1)),
                tooltip=["run_id", "outcome", "expectations"]).properties(width=WIDTH, height=height))
        chart.spec = alt.vconcat(*panels).properties(
            title="Expectations failed and passed over the last runs").to_dict(validate=False)
    else:
        chart.note = "no run has recorded its expectations yet"
    charts.append(chart)

    chart = _drift_chart(history)
    charts.append(chart)
    for c in charts:
        if c.spec and not c.svg:
            c.svg = render_svg(c.spec)
    return charts


def _drift_chart(history: list[dict]) -> Chart:
    """The drift check's figures (etl/drift.py, recorded in history.jsonl as drift.metrics) run
    over run: rows per article in one panel, shares in another, each figure's floor dashed,
    a figure under its floor marked ✕ and its run marked by a red rule."""
    import altair as alt

    rows = []
    for e in history:
        flagged_run = any(m.get("verdict") == "failed" for m in ((e.get("drift") or {}).get("metrics") or {}).values())
        for name, m in ((e.get("drift") or {}).get("metrics") or {}).items():
            if m.get("value") is None:
                continue
            floor = m.get("floor")
            rows.append((_run_label(e), e.get("run_id"), name, round(float(m["value"]), 4),
                         None if floor is None else round(float(floor), 4), m.get("verdict"),
                         "under its floor" if m.get("verdict") == "failed" else "ok", flagged_run))
    chart = Chart("drift", "The drift check over the last runs",
                  ["finished", "run_id", "figure", "value", "floor", "verdict", "check", "run flagged"], rows)
    if not rows:
        chart.note = "no run has recorded drift figures yet"
        return chart
    df = _frame(chart.columns, rows)
    x = alt.X("finished:T", title="run finished (UTC)")
    panels = []
    for title, part in (("rows per article", df[df["figure"].str.endswith("_per_article")]),
                        ("shares", df[~df["figure"].str.endswith("_per_article")])):
        if not len(part):
            continue
        color = alt.Color("figure:N", title=title)
        layers = []
        flagged = part[part["run flagged"]]
        if len(flagged):
            layers.append(alt.Chart(flagged).mark_rule(color="#d62728", strokeDash=[4, 3], strokeWidth=1.5)
                          .encode(x=x, tooltip=["run_id"]))
        layers.append(alt.Chart(part).mark_line().encode(x=x, y=alt.Y("value:Q", title=title), color=color))
        floors = part[part["floor"].notna()]
        if len(floors):
            layers.append(alt.Chart(floors).mark_line(strokeDash=[2, 2], opacity=0.6).encode(x=x, y="floor:Q", color=color))
        layers.append(alt.Chart(part).mark_point(filled=True, size=60).encode(
            x=x, y="value:Q", color=color,
            shape=alt.Shape("check:N", scale=alt.Scale(domain=["ok", "under its floor"], range=["circle", "cross"]), title="check"),
            tooltip=["run_id", "figure", "value", "floor", "verdict"]))
        panels.append(alt.layer(*layers).properties(width=WIDTH, height=180))
    spec = alt.vconcat(*panels).resolve_scale(color="independent").properties(
        title="The drift check over the last runs (dashed: floor; ✕ and red rule: flagged)")
    chart.spec = spec.to_dict(validate=False)
    return chart


_ID = re.compile(r'\bid="([^"]+)"')


def inline_svg(svg: str, prefix: str) -> str:
    """The SVG as an element for an HTML page: no XML prolog, ids made unique to this chart (Vega
    names clip paths clip1, clip2, ... in every chart), a role and a label for assistive tech."""
    svg = re.sub(r"^\s*<\?xml[^>]*>\s*", "", svg)
    for ident in set(_ID.findall(svg)):
        new = f"{prefix}-{ident}"
        svg = svg.replace(f'id="{ident}"', f'id="{new}"').replace(f"url(#{ident})", f"url(#{new})")
        svg = svg.replace(f'href="#{ident}"', f'href="#{new}"')
    return svg


def write_svgs(charts: list[Chart], folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for c in charts:
        if c.svg:
            path = folder / f"{c.name}.svg"
            path.write_text(c.svg, encoding="utf-8")
            out[c.name] = path
    return out


def _cell(v) -> str:
    if isinstance(v, float):
        return f"{v:,.4g}"
    if isinstance(v, int):
        return f"{v:,}"
    return html.escape("—" if v is None else str(v), quote=True)


def to_html(charts: list[Chart], svg_folder: str = "charts") -> str:
    """The charts as page sections: inline <svg>, a link to the .svg file, the numbers as a table."""
    out = []
    for c in charts:
        # the SVG carries its own title (the .svg file stands alone); a note needs a heading
        parts = [f'<section class="chart" id="chart-{c.name}">']
        if not c.svg:
            parts.append(f"<h3>{html.escape(c.title)}</h3>")
        if c.svg:
            parts.append(inline_svg(c.svg, f"c-{c.name}"))
            parts.append(f'<p class="file"><a href="{svg_folder}/{c.name}.svg">{c.name}.svg</a></p>')
        if c.note:
            parts.append(f'<p class="note">{html.escape(c.note)}</p>')
        if c.rows:
            rows = c.rows[:MAP_TABLE_ROWS] if c.name == "map" else c.rows
            head = "".join(f"<th>{html.escape(col)}</th>" for col in c.columns)
            body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in r) + "</tr>" for r in rows)
            more = f" (first {len(rows)} of {len(c.rows)})" if len(rows) < len(c.rows) else ""
            parts.append(f"<details><summary>the numbers{more}</summary><table class=\"data\"><tr>{head}</tr>{body}</table></details>")
        parts.append("</section>")
        out.append("".join(parts))
    return "\n".join(out)
