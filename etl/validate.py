"""Validate a batch with Great Expectations before anything is loaded.

Every table of the batch is read into a pandas frame, given the derived columns the suites need
(see expectations/suites.py), and validated by its suite; the Data Docs under <reports_dir>/gx are
then updated for this run (etl/datadocs.py: offline, last N runs). A critical failure raises ValidationFailed naming
the table, the expectation and a few offending values; warnings are returned for the report.
"""
from __future__ import annotations

import json
import logging
import math
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from etl.batch import table_parts
from etl.parquet import read_table
from schemas.tables import TABLES

QUOTE_MARKS = "\"'“”‘’«»"
VALIDATED_TABLES = ("articles", "people", "places", "numbers", "quotes", "rejects", "persons", "person_merges",
                    "stories", "story_index", "story_bands", "quotations", "quotation_index")
# Columns that let a person find an offending row again.
ROW_IDENTITY = {
    "articles": ["source_id"],
    "people": ["article_id", "name"],
    "places": ["article_id", "name"],
    "numbers": ["article_id", "section", "start_char"],
    "quotes": ["article_id", "section", "start_char"],
    "rejects": ["source_path"],
    "persons": ["person_id", "name"],
    "person_merges": ["old_person_id"],
    "stories": ["story_id"],
    "story_index": ["article_id"],
    "story_bands": ["article_id"],
    "quotations": ["quotation_id"],
    "quotation_index": ["quotation_id"],
}


@dataclass
class Check:
    table: str
    expectation: str
    column: str | None
    severity: str
    success: bool
    unexpected_count: int | None = None
    examples: list = field(default_factory=list)  # offending values
    rows: list = field(default_factory=list)  # the offending rows, by their identifying columns
    observed: str | None = None  # for table-level expectations: what was seen

    def describe(self) -> str:
        what = f"{self.table}.{self.column}" if self.column else self.table
        n = f" ({self.unexpected_count} rows)" if self.unexpected_count else ""
        seen = f"; observed {self.observed}" if self.observed is not None else ""
        ex = f"; e.g. {self.examples[:3]}" if self.examples else ""
        rows = f"; rows {self.rows[:3]}" if self.rows else ""
        return f"{what}: {self.expectation} [{self.severity}]{n}{seen}{ex}{rows}"


@dataclass
class ValidationReport:
    run_id: str
    success: bool
    rows: dict[str, int]
    checks: list[Check]
    data_docs: str | None

    @property
    def failed_critical(self) -> list[Check]:
        return [c for c in self.checks if not c.success and c.severity == "critical"]

    @property
    def failed_warnings(self) -> list[Check]:
        return [c for c in self.checks if not c.success and c.severity != "critical"]

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "checks": [asdict(c) for c in self.checks]}, indent=1, default=str)

    @classmethod
    def from_json(cls, text: str) -> "ValidationReport":
        d = json.loads(text)
        d["checks"] = [Check(**c) for c in d["checks"]]
        return cls(**d)


class ValidationFailed(RuntimeError):
    def __init__(self, report: ValidationReport):
        self.report = report
        lines = [f"  - {c.describe()}" for c in report.failed_critical]
        super().__init__("validation failed, nothing was loaded:\n" + "\n".join(lines))


def _squash(text: str) -> str:
    return "".join(ch for ch in (text or "") if not ch.isspace() and ch not in QUOTE_MARKS)


def validation_frames(batch: Path, stems: list[str]) -> dict:
    """The parts named by `stems` ("part-00003", ...) of each table as a pandas frame, with the
    derived columns the suites check."""
    frames = {t: read_table([p for p in table_parts(batch, t) if p.stem in stems], t).to_pandas() for t in VALIDATED_TABLES}
    articles = frames["articles"]
    texts = {
        row.article_id: {"title": row.title or "", "dateline": row.dateline or "", "byline": row.byline or "", "body": row.body}
        for row in articles[["article_id", "title", "dateline", "byline", "body"]].itertuples(index=False)
    }
    # articles in a language the model does not read have no mentions by design: not counted
    articles["n_entities"] = (articles["n_people"] + articles["n_places"]).where(articles["extracted"].astype(bool))
    for table in ("people", "places", "numbers", "quotes"):
        df = frames[table]
        known, offsets_ok, text_ok = [], [], []
        for row in df[["article_id", "section", "start_char", "end_char"] + (["text"] if "text" in df else [])].itertuples(index=False):
            source = texts.get(row.article_id)
            known.append(source is not None)
            section_text = (source or {}).get(row.section)
            ok = section_text is not None and 0 <= row.start_char < row.end_char <= len(section_text)
            offsets_ok.append(ok)
            if "text" in df:
                text_ok.append(bool(ok) and _squash(section_text[row.start_char:row.end_char]) == _squash(row.text))
        df["article_known"] = known
        df["offsets_valid"] = offsets_ok
        if "text" in df:
            df["text_matches_source"] = text_ok
        if table == "numbers":
            df["value_is_finite"] = [v is not None and math.isfinite(v) for v in df["value"]]
    return frames


def _quiet_gx() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    for name in ("great_expectations", "great_expectations.core", "great_expectations.data_context"):
        logging.getLogger(name).setLevel(logging.ERROR)


def windows(batch: Path, max_articles: int) -> list[list[str]]:
    """Group the batch's parts into windows of at most `max_articles` articles, so validation
    holds a bounded slice of the batch in memory whatever the corpus size. A chunk's parts for
    every table share a name, so an article and all its rows are always in the same window."""
    stems = sorted({p.stem for t in VALIDATED_TABLES for p in table_parts(batch, t)})
    article_stems = [st for st in stems if (batch / "articles" / f"{st}.parquet").exists()]
    other = [st for st in stems if st not in article_stems]  # the ingest rejects
    out: list[list[str]] = []
    current: list[str] = []
    n = 0
    for stem in article_stems:
        rows = pq.ParquetFile(batch / "articles" / f"{stem}.parquet").metadata.num_rows
        if current and n + rows > max_articles:
            out.append(current)
            current, n = [], 0
        current.append(stem)
        n += rows
    current += other
    if current:
        out.append(current)
    return out


def _batch_rows(batch: Path) -> dict[str, int]:
    return {t: sum(pq.ParquetFile(p).metadata.num_rows for p in table_parts(batch, t)) for t in VALIDATED_TABLES}


def validate_batch(batch: Path, run_id: str, reports_dir: Path, window: int = 1000,
                   keep_runs: int = 20) -> ValidationReport:
    """Validate the batch in windows of `window` articles; the Data Docs under `reports_dir`
    keep the results of the last `keep_runs` runs (etl/datadocs.py)."""
    batch = Path(batch)
    rows = _batch_rows(batch)
    if not any(rows.values()):
        # nothing new (an unchanged re-run): no data, nothing to validate, no GX start-up to pay
        report = ValidationReport(run_id=run_id, success=True, rows=rows, checks=[], data_docs=None)
        (batch / "validation.json").write_text(report.to_json())
        return report
    _quiet_gx()
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier

    from expectations.suites import build_suite

    reports_dir.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(reports_dir))
    try:
        context.variables.progress_bars = {"globally": False}
    except Exception:  # the setting's shape has changed between GX releases; cosmetic only
        pass
    source = context.data_sources.add_or_update_pandas("news_batch")
    definitions = []
    for table in VALIDATED_TABLES:
        asset = next((a for a in source.assets if a.name == table), None) or source.add_dataframe_asset(table)
        bd = next((b for b in asset.batch_definitions if b.name == "whole"), None) or asset.add_batch_definition_whole_dataframe("whole")
        suite = context.suites.add_or_update(build_suite(table, rows["articles"]))
        definitions.append((table, context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=f"news_{table}", data=bd, suite=suite))))

    merged: dict[tuple, Check] = {}
    run = RunIdentifier(run_name=run_id)
    for stems in windows(batch, window):
        frames = validation_frames(batch, stems)
        for table, vd in definitions:
            result_format = {"result_format": "SUMMARY", "unexpected_index_column_names": ROW_IDENTITY[table]}
            result = vd.run(batch_parameters={"dataframe": frames[table]}, result_format=result_format, run_id=run)
            for r in result.results:
                _merge(merged, _check(table, r))
        del frames
    docs = None
    try:
        from etl.datadocs import build_site

        index = build_site(context, run_id, keep_runs)
        docs = str(index) if index else None
    except Exception as exc:  # docs are a report; their failure must not hide the verdict
        logging.getLogger(__name__).warning("Data Docs could not be built: %s", exc)
    checks = list(merged.values())
    report = ValidationReport(
        run_id=run_id,
        success=not any(not c.success and c.severity == "critical" for c in checks),
        rows=rows,
        checks=checks,
        data_docs=docs,
    )
    (batch / "validation.json").write_text(report.to_json())
    return report


def _check(table: str, r) -> Check:
    cfg = r.expectation_config
    res = r.result or {}
    return Check(
        table=table,
        expectation=cfg.type,
        column=cfg.kwargs.get("column") or ",".join(cfg.kwargs.get("column_list", []) or []) or None,
        severity=(cfg.meta or {}).get("severity", "critical"),
        success=bool(r.success),
        unexpected_count=res.get("unexpected_count"),
        examples=[_short(v) for v in (res.get("partial_unexpected_list") or [])[:5]],
        rows=[_identify(x, ROW_IDENTITY[table]) for x in (res.get("partial_unexpected_index_list") or [])[:5]],
        observed=None if r.success or "observed_value" not in res else _short(res["observed_value"]),
    )


def _merge(merged: dict[tuple, Check], check: Check) -> None:
    """One verdict per expectation over all windows: fails if any window fails."""
    key = (check.table, check.expectation, check.column, check.severity)
    old = merged.get(key)
    if old is None:
        merged[key] = check
        return
    old.success = old.success and check.success
    if check.unexpected_count:
        old.unexpected_count = (old.unexpected_count or 0) + check.unexpected_count
    old.examples = (old.examples + check.examples)[:5]
    old.rows = (old.rows + check.rows)[:5]
    old.observed = old.observed if old.observed is not None else check.observed


def _identify(row, columns: list[str]) -> str:
    if not isinstance(row, dict):
        return _short(row)
    parts = []
    for c in columns:
        v = row.get(c)
        if c == "article_id" and isinstance(v, str):
            v = v[:12]  # enough to find it, short enough to read
        parts.append(f"{c}={v}")
    return ", ".join(parts)


def _short(value):
    if hasattr(value, "item"):  # numpy scalars print as np.int64(6)
        value = value.item()
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def require_success(report: ValidationReport) -> ValidationReport:
    if not report.success:
        raise ValidationFailed(report)
    return report


assert set(VALIDATED_TABLES) == set(TABLES), "every declared table is validated"
