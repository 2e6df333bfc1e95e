"""Validate a batch with Great Expectations before anything is loaded: a gate per article.

Every table of the batch is read into a pandas frame, given the derived columns the suites need
(see expectations/suites.py), and validated by its suite; the Data Docs under <reports_dir>/gx are
then updated for this run (etl/datadocs.py: offline, last N runs). Each failing row is charged to its article:

- a critical finding rejects the article: it and all its rows leave the batch, and a `rejects`
  row (stage `validate`, the file's `source_path`, the finding in words) takes their place;
- a warning keeps the article and names its `source_path` in the report;
- rows that name no article of the batch (a null or unknown article_id) cannot be charged to
  one: they block the load, as do critical batch-level drift checks (etl/drift.py).

Only a blocked batch makes the verdict fail (`ValidationFailed`, exit code 1).
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
# Columns that let a person find an offending row again (article_id first where a table has it:
# it charges the row to its article).
ROW_IDENTITY = {
    "articles": ["article_id", "source_id"],
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
    scope: str = "article"  # "article": charged to the offending rows' articles; "batch": blocks the load
    finding: str | None = None  # what a failure means, in words (the expectation's meta.finding)
    articles: list = field(default_factory=list)  # source_path of the articles it was charged to (first 20)
    n_articles: int = 0  # how many articles it was charged to

    def describe(self) -> str:
        what = f"{self.table}.{self.column}" if self.column else self.table
        n = f" ({self.unexpected_count} rows)" if self.unexpected_count else ""
        seen = f"; observed {self.observed}" if self.observed is not None else ""
        ex = f"; e.g. {self.examples[:3]}" if self.examples else ""
        head = f"{self.finding} — " if self.finding else ""
        if self.articles:
            more = f" and {self.n_articles - len(self.articles[:5])} more" if self.n_articles > len(self.articles[:5]) else ""
            where = f"; in {', '.join(self.articles[:5])}{more}"
        else:
            where = f"; rows {self.rows[:3]}" if self.rows else ""
        return f"{head}{what}: {self.expectation} [{self.severity}]{n}{seen}{ex}{where}"


@dataclass
class ValidationReport:
    run_id: str
    success: bool
    rows: dict[str, int]
    checks: list[Check]
    data_docs: str | None
    rejected: list[dict] = field(default_factory=list)  # articles rejected: article_id, source_path, source_id, reason
    warned: list[dict] = field(default_factory=list)  # articles loaded with a warning: source_path, reason
    drift: dict = field(default_factory=dict)  # etl/drift.py DriftReport.to_dict()

    @property
    def failed_critical(self) -> list[Check]:
        """The failures that block the load: critical and not chargeable to single articles."""
        return [c for c in self.checks if not c.success and c.severity == "critical" and c.scope == "batch"]

    @property
    def rejecting(self) -> list[Check]:
        """Critical failures charged to articles: those articles were rejected, the rest goes on."""
        return [c for c in self.checks if not c.success and c.severity == "critical" and c.scope != "batch"]

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
    # articles not extracted (a language the model does not read) have no mentions by design: not judged
    articles["n_entities"] = (articles["n_people"] + articles["n_places"]).where(_extracted_mask(articles))
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


def _extracted_mask(articles):
    """True for articles the extractors read: `articles.extracted` (false when the ingest found a
    language the model does not read); without that column, by `language` (etl.drift). The others
    get a null n_entities, which no expectation judges, and are left out of the drift figures."""
    import pandas as pd

    from etl.drift import EXTRACTED_LANGUAGES

    if "extracted" in articles:
        return articles["extracted"].fillna(True).astype(bool)
    if "language" not in articles:
        return pd.Series(True, index=articles.index)
    lang = articles["language"].fillna("").astype(str).str.lower()
    return (lang == "") | lang.str[:2].isin(EXTRACTED_LANGUAGES)


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
                   keep_runs: int = 20, history: list[dict] | None = None, drift_mode: str = "block") -> ValidationReport:
    """Validate the batch in windows of `window` articles, reject the articles critical findings
    are charged to (rewriting the batch without them), judge the batch's drift figures against
    `history` (this warehouse's earlier runs, oldest first), and write <batch>/validation.json.
    The Data Docs under `reports_dir` keep the results of the last `keep_runs` runs
    (etl/datadocs.py). Returns the verdict; its `success` is False only when the load must be
    blocked."""
    from etl import drift

    batch = Path(batch)
    rows = _batch_rows(batch)
    if not any(rows.values()):
        # nothing new (an unchanged re-run): no data, nothing to validate, no GX start-up to pay
        report = ValidationReport(run_id=run_id, success=True, rows=rows, checks=[], data_docs=None,
                                  drift=drift.judge({}, 0, 0, history or []).to_dict())
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
        suite = context.suites.add_or_update(build_suite(table))
        definitions.append((table, context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=f"news_{table}", data=bd, suite=suite))))

    merged: dict[tuple, Check] = {}
    findings: dict[str, dict] = {}  # article_id → {source_path, source_id, critical: [...], warning: [...]}
    run = RunIdentifier(run_name=run_id)
    for stems in windows(batch, window):
        frames = validation_frames(batch, stems)
        known = {r.article_id: (r.source_path, r.source_id) for r in
                 frames["articles"][["article_id", "source_path", "source_id"]].itertuples(index=False)
                 if isinstance(r.article_id, str)}
        for table, vd in definitions:
            # COMPLETE: every offending row with its article_id, so each finding reaches its article
            result_format = {"result_format": "COMPLETE", "unexpected_index_column_names": ROW_IDENTITY[table]}
            result = vd.run(batch_parameters={"dataframe": frames[table]}, result_format=result_format, run_id=run)
            for r in result.results:
                check = _check(table, r)
                if not check.success:
                    _charge(check, r.result or {}, known, findings)
                _merge(merged, check)
        del frames
    docs = None
    try:
        from etl.datadocs import build_site

        index = build_site(context, run_id, keep_runs)
        docs = str(index) if index else None
    except Exception as exc:  # docs are a report; their failure must not hide the verdict
        logging.getLogger(__name__).warning("Data Docs could not be built: %s", exc)
    checks = list(merged.values())
    rejected = [{"article_id": aid, "source_path": f["source_path"], "source_id": f["source_id"],
                 "reason": "failed validation: " + "; ".join(dict.fromkeys(f["critical"]))}
                for aid, f in sorted(findings.items(), key=lambda kv: kv[1]["source_path"]) if f["critical"]]
    warned = [{"source_path": f["source_path"], "reason": "; ".join(dict.fromkeys(f["warning"]))}
              for aid, f in sorted(findings.items(), key=lambda kv: kv[1]["source_path"]) if f["warning"] and not f["critical"]]
    blocked = any(c.severity == "critical" and c.scope == "batch" and not c.success for c in checks)
    # the extractor's health: over every article it extracted, before any is rejected
    report_drift = drift.check_batch(batch, history or [], drift_mode)
    if not blocked and rejected:
        quarantine(batch, rejected, run_id)
        rows = _batch_rows(batch)
    for name, m in report_drift.metrics.items():
        if m["verdict"] == "failed":
            checks.append(Check(table="batch", expectation=f"drift: {name}", column=None, severity=m["severity"],
                                success=False, scope="batch", observed=f"{m['value']:.3f}, floor {m['floor']:.3f}",
                                finding=f"{m['what']} fell below its floor ({'recent runs' if m['floor_from'] == 'history' else 'fixed floor'}): "
                                        "the extractor may be broken"))
    report = ValidationReport(
        run_id=run_id,
        success=not any(not c.success and c.severity == "critical" and c.scope == "batch" for c in checks),
        rows=rows,
        checks=checks,
        data_docs=docs,
        rejected=rejected,
        warned=warned,
        drift=report_drift.to_dict(),
    )
    (batch / "validation.json").write_text(report.to_json())
    return report


def _charge(check: Check, result: dict, known: dict[str, tuple[str, str]], findings: dict[str, dict]) -> None:
    """Charge a failed check's offending rows to their articles (in `findings`); rows that name no
    article of the batch, or a check without row detail, make the check batch-level."""
    index = result.get("unexpected_index_list") or []
    if not index:
        check.scope = "batch"
        return
    charged: list[str] = []
    for row in index:
        aid = row.get("article_id") if isinstance(row, dict) else None
        if not isinstance(aid, str) or aid not in known:
            check.scope = "batch"
            continue
        source_path, source_id = known[aid]
        f = findings.setdefault(aid, {"source_path": source_path, "source_id": source_id, "critical": [], "warning": []})
        value = row.get(check.column) if check.column and check.column in row else None
        text = check.finding or f"{check.table}.{check.column}: {check.expectation}"
        detail = f"{check.table}.{check.column}" + (f" = {_short(value)!r}" if value is not None else "") if check.column else check.table
        f["critical" if check.severity == "critical" else "warning"].append(f"{text} ({detail})")
        if source_path not in charged:
            charged.append(source_path)
    check.n_articles = len(charged)
    check.articles = charged[:20]


def quarantine(batch: Path, rejected: list[dict], run_id: str) -> None:
    """Take rejected articles and all their rows out of the batch's parts, and record them in
    rejects/part-validate.parquet (stage `validate`). Each part is rewritten atomically."""
    import pyarrow as pa
    import pyarrow.compute as pc
    from datetime import datetime, timezone

    from etl.parquet import write_atomic, write_rows

    ids = pa.array([r["article_id"] for r in rejected])
    for table in VALIDATED_TABLES:
        if table == "rejects" or "article_id" not in TABLES[table].columns:
            continue  # tables of no single article (persons, stories, ...) keep their rows
        for part in table_parts(batch, table):
            t = pq.read_table(part)
            keep = pc.invert(pc.is_in(t["article_id"], value_set=ids))
            if not pc.all(keep).as_py():
                write_atomic(t.filter(keep), part)
    path = batch / "rejects" / "part-validate.parquet"
    earlier = pq.read_table(path).to_pylist() if path.exists() else []
    now = datetime.now(timezone.utc)
    rows = earlier + [{"source_path": r["source_path"], "source_id": r["source_id"], "stage": "validate",
                       "reason": r["reason"][:2000], "detail": f"article_id {r['article_id']}",
                       "run_id": run_id, "rejected_at": now} for r in rejected]
    write_rows("rejects", rows, path)


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
        finding=(cfg.meta or {}).get("finding"),
    )


def _merge(merged: dict[tuple, Check], check: Check) -> None:
    """One verdict per expectation over all windows: fails if any window fails."""
    key = (check.table, check.expectation, check.column, check.severity)
    old = merged.get(key)
    if old is None:
        merged[key] = check
        return
    old.success = old.success and check.success
    if check.scope == "batch":
        old.scope = "batch"
    old.articles = (old.articles + [a for a in check.articles if a not in old.articles])[:20]
    old.n_articles += check.n_articles
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
