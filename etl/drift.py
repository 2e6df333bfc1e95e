"""Batch-level checks that the extractor is alive: per-article rates against recent runs.

The expectation suites judge rows and articles one at a time; one article without people or
places is news too (a correction, a weather line, a market table). What no single article can
show is the extractor breaking — a model that lost its NER, a parser that returns nothing — and
since loaded articles are never extracted again (their content hash is known), a broken batch
that loads stays broken in the warehouse. So these figures are computed over the whole batch:

    figure                      what                                               severity
    articles_with_entities      share of articles with at least one person/place   critical
    people_per_article          people rows per article                            warning
    places_per_article          places rows per article                            warning
    numbers_per_article         numbers rows per article                           warning
    quotes_per_article          quotes rows per article                            warning
    quotes_with_known_speaker   share of quotes whose speaker_kind is not unknown  warning
    places_with_country         share of places with a country code                warning
    numbers_with_counts         share of numbers that say what they count          warning

Rules (constants below):
- only articles the extractor was meant to read count: articles left unextracted because of
  their language are left out (`judged_articles`, the hook the ingest's `language` column uses);
- a figure is judged only over at least MIN_ARTICLES articles (and, for a share of rows, at least
  MIN_ARTICLES rows): a lone article never trips a check;
- the floor is RELATIVE_FLOOR × the median of the figure over the last RECENT_RUNS runs of the
  *same warehouse* that loaded and were judged (from history.jsonl); with no such run, the fixed
  floor applies (None: the figure is recorded, not judged, until there is history);
- a critical figure under its floor blocks the load (exit 1, DAG run failed); a warning is
  reported. NEWS_DRIFT_CHECK=warn turns every drift finding into a warning, for the run that
  accepts a genuine change of content (its figures then become the new history).

Every figure, its floor and its verdict are recorded in history.jsonl (`drift`), so the reports
can chart them run over run.
"""
from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

MIN_ARTICLES = 20
RECENT_RUNS = 10
RELATIVE_FLOOR = 0.5
# Languages the extractors read. Articles in another language are kept but not extracted (the
# ingest marks them in articles.language), so they say nothing about the extractor's health.
EXTRACTED_LANGUAGES = ("en",)


@dataclass(frozen=True)
class Figure:
    name: str
    severity: str               # "critical" blocks the load; "warning" is reported
    fixed_floor: float | None   # floor while the warehouse has no judged history
    what: str                   # what it measures, in words


FIGURES = (
    Figure("articles_with_entities", "critical", 0.5, "share of articles with at least one person or place"),
    Figure("people_per_article", "warning", None, "people rows per article"),
    Figure("places_per_article", "warning", None, "places rows per article"),
    Figure("numbers_per_article", "warning", None, "numbers rows per article"),
    Figure("quotes_per_article", "warning", None, "quotes rows per article"),
    Figure("quotes_with_known_speaker", "warning", 0.4, "share of quotes whose speaker is known"),
    Figure("places_with_country", "warning", 0.5, "share of places with a country code"),
    Figure("numbers_with_counts", "warning", 0.15, "share of numbers that say what they count"),
)


@dataclass
class DriftReport:
    articles: int                  # articles judged
    excluded_language: int         # articles left out: not extracted because of their language
    metrics: dict[str, dict] = field(default_factory=dict)  # name → value, denominator, floor, baseline, severity, verdict
    note: str = ""

    @property
    def failed(self) -> list[str]:
        return [n for n, m in self.metrics.items() if m["verdict"] == "failed"]

    def to_dict(self) -> dict:
        return {**asdict(self), "min_articles": MIN_ARTICLES, "relative_floor": RELATIVE_FLOOR}


def judged_articles(articles: pa.Table) -> pa.Table:
    """The hook for articles the extractor did not read: the ingest's `extracted` flag (false for
    a language the model does not read) when the batch has it; otherwise by `language`: only
    articles in EXTRACTED_LANGUAGES (or of unknown language) are judged."""
    if "extracted" in articles.column_names:
        return articles.filter(pc.fill_null(pc.cast(articles["extracted"], pa.bool_()), True))
    if "language" not in articles.column_names:
        return articles
    lang = pc.utf8_lower(pc.fill_null(pc.cast(articles["language"], pa.string()), ""))
    base = pc.utf8_slice_codeunits(lang, 0, 2)
    keep = pc.or_(pc.equal(lang, ""), pc.is_in(base, value_set=pa.array(EXTRACTED_LANGUAGES)))
    return articles.filter(keep)


def _share(mask: pa.ChunkedArray | pa.Array) -> tuple[float | None, int]:
    n = len(mask)
    return (pc.sum(pc.cast(mask, pa.int64())).as_py() / n if n else None), n


def batch_figures(tables: dict[str, pa.Table]) -> tuple[dict[str, tuple[float | None, int]], int, int]:
    """(figure → (value, denominator), articles judged, articles left out) for a batch given as
    tables: articles (article_id, n_people, n_places, n_numbers, n_quotes[, language]), quotes
    (article_id, speaker_kind), places (article_id, country_code), numbers (article_id, counts)."""
    articles = tables["articles"]
    judged = judged_articles(articles)
    ids = judged["article_id"]
    n = judged.num_rows
    out: dict[str, tuple[float | None, int]] = {}
    if n:
        entities = pc.add(judged["n_people"], judged["n_places"])
        out["articles_with_entities"] = _share(pc.greater(entities, 0))
        for t in ("people", "places", "numbers", "quotes"):
            out[f"{t}_per_article"] = (pc.sum(judged[f"n_{t}"]).as_py() / n, n)
    else:
        out = {f.name: (None, 0) for f in FIGURES[:5]}

    def rows_of_judged(table: str) -> pa.Table:
        t = tables[table]
        return t.filter(pc.is_in(t["article_id"], value_set=ids)) if t.num_rows else t

    quotes = rows_of_judged("quotes")
    out["quotes_with_known_speaker"] = _share(pc.not_equal(pc.fill_null(quotes["speaker_kind"], "unknown"), "unknown"))
    places = rows_of_judged("places")
    out["places_with_country"] = _share(pc.is_valid(places["country_code"]))
    numbers = rows_of_judged("numbers")
    out["numbers_with_counts"] = _share(pc.is_valid(numbers["counts"]))
    return out, n, articles.num_rows - n


def _baseline(history: list[dict], name: str) -> tuple[float | None, int]:
    """Median of the figure over the last RECENT_RUNS runs that loaded and judged it."""
    values = []
    for entry in reversed(history):
        if (entry.get("load") or {}).get("status") != "loaded":
            continue
        m = ((entry.get("drift") or {}).get("metrics") or {}).get(name) or {}
        if m.get("verdict") in ("passed", "failed", "recorded") and m.get("value") is not None \
                and (m.get("denominator") or 0) >= MIN_ARTICLES:
            values.append(m["value"])
        if len(values) == RECENT_RUNS:
            break
    return (statistics.median(values), len(values)) if values else (None, 0)


def judge(figures: dict[str, tuple[float | None, int]], n_articles: int, excluded: int,
          history: list[dict], mode: str = "block") -> DriftReport:
    """Compare the batch's figures with the warehouse's history (oldest-first entries of
    history.jsonl for this warehouse). `mode` "warn" reports critical findings as warnings."""
    report = DriftReport(articles=n_articles, excluded_language=excluded)
    for fig in FIGURES:
        value, denominator = figures.get(fig.name, (None, 0))
        baseline, runs = _baseline(history, fig.name)
        floor = RELATIVE_FLOOR * baseline if baseline is not None else fig.fixed_floor
        severity = "warning" if mode == "warn" else fig.severity
        if value is None or n_articles < MIN_ARTICLES or denominator < MIN_ARTICLES:
            verdict = "not judged"
        elif floor is None:
            verdict = "recorded"
        else:
            verdict = "passed" if value >= floor - 1e-12 else "failed"
        report.metrics[fig.name] = {
            "value": value, "denominator": denominator, "floor": floor,
            "floor_from": "history" if baseline is not None else ("fixed" if fig.fixed_floor is not None else None),
            "baseline": baseline, "baseline_runs": runs, "severity": severity, "verdict": verdict, "what": fig.what,
        }
    if n_articles < MIN_ARTICLES:
        report.note = (f"{n_articles} article{'s' if n_articles != 1 else ''} judged: too few to judge the extractor "
                       f"(at least {MIN_ARTICLES}); figures recorded only")
    elif not any(m["baseline"] is not None for m in report.metrics.values()):
        report.note = f"{n_articles} articles judged against fixed floors (no earlier judged run of this warehouse)"
    else:
        report.note = f"{n_articles} articles judged against recent runs of this warehouse (floor = {RELATIVE_FLOOR} × their median)"
    if excluded:
        report.note += f"; {excluded} article{'s' if excluded != 1 else ''} left out (language not extracted)"
    return report


def read_batch_tables(batch: Path) -> dict[str, pa.Table]:
    """The columns the figures need, from the batch's Parquet parts."""
    import pyarrow.parquet as pq

    from etl.batch import table_parts

    want = {
        "articles": ["article_id", "n_people", "n_places", "n_numbers", "n_quotes", "language", "extracted"],
        "quotes": ["article_id", "speaker_kind"],
        "places": ["article_id", "country_code"],
        "numbers": ["article_id", "counts"],
    }
    out = {}
    for table, cols in want.items():
        parts = [pq.read_table(p, columns=[c for c in cols if c in pq.read_schema(p).names]) for p in table_parts(batch, table)]
        parts = [p for p in parts if p.num_rows]
        if parts:
            out[table] = pa.concat_tables(parts, promote_options="default")
        else:
            out[table] = pa.table({c: pa.array([], type=pa.int64() if c.startswith("n_") else pa.string())
                                   for c in cols if c not in ("language", "extracted")})
    return out


def check_batch(batch: Path, history: list[dict], mode: str = "block") -> DriftReport:
    figures, n, excluded = batch_figures(read_batch_tables(Path(batch)))
    return judge(figures, n, excluded, history, mode)
