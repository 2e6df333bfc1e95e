"""The stages in order — what the CLI, the Airflow DAG's tasks and the tests all call.

    stage_input  raw folder → staged chunks + ingest rejects          (ingest)
    extract      one chunk → Parquet parts for every table            (extract, normalise, write)
    link         the batch + the warehouse → person, story, quotation ids (link)
    validate     the batch → GX verdict per article + drift check     (validate)
    load         the batch → the DuckLake warehouse, one snapshot     (etl/warehouse)
    maintain     merge small files, expire old snapshots               (etl/warehouse/maintenance.py)
    report       summary Markdown/HTML + Data Docs under reports/     (report)
    finish       re-raise the recorded load outcome (etl/outcome.py)  (outcome)

The run's outcome (loaded / blocked by validation / failed) is recorded in the batch folder by
the stage that decides it and read by report and finish, so the report is always written first
and the run then ends as the outcome says: the DAG run failed, the CLI's exit code 1 or 4.

Each function takes and returns paths or small JSON-able dicts, so Airflow can pass them through
XCom and any stage can be re-run on its own.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import threading
import time
from pathlib import Path

from etl import batch as batch_mod
from etl import outcome as outcome_mod
from etl.settings import Settings

EXAMPLE_SQL = """
SELECT speaker, count(*) AS quotes
FROM quotes WHERE speaker IS NOT NULL
GROUP BY speaker ORDER BY quotes DESC, speaker LIMIT 5
"""
EXAMPLE_COLUMNS = ["speaker", "quotes"]


def stage_input(settings: Settings, run_id: str, input_dir: Path | None = None, folders: list[Path] | None = None) -> dict:
    from etl.parquet import clean_stale_temp_files

    clean_stale_temp_files(settings.data_dir)
    outcome_mod.clear(batch_mod.batch_dir(settings, run_id))  # a re-used run id starts undecided
    return batch_mod.stage(settings, run_id, input_dir, folders)


def extract(chunk: str, settings: Settings, run_id: str) -> dict:
    return batch_mod.extract_chunk(chunk, settings, run_id)


def extract_all(chunks: list[str], settings: Settings, run_id: str) -> dict[str, float]:
    """Every chunk, `settings.workers` at a time in worker processes (one model per worker,
    loaded once). Returns the summed seconds spent extracting and writing Parquet."""
    workers = max(1, min(settings.workers, len(chunks)))
    if workers == 1:
        return _sum_seconds(extract(c, settings, run_id) for c in chunks)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Load the model here, then fork: workers share it copy-on-write and start at once (spaCy's
    # own n_process does the same). Where fork is unavailable, spawn and load it per worker.
    if "fork" in multiprocessing.get_all_start_methods():
        _warm_worker(settings.model)
        context, initializer = multiprocessing.get_context("fork"), None
    else:
        context, initializer = multiprocessing.get_context("spawn"), _warm_worker
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=initializer,
                             initargs=(settings.model,) if initializer else ()) as pool:
        results = pool.map(extract, chunks, [settings] * len(chunks), [run_id] * len(chunks))
        # The workers exist now (forked at the first submit), so a thread is safe: import Great
        # Expectations (seconds of start-up) while they parse, not after.
        threading.Thread(target=_preload_validation, daemon=True).start()
        return _sum_seconds(results)


def _sum_seconds(results) -> dict[str, float]:
    totals = {"extract": 0.0, "write": 0.0}
    for r in results:
        for k in totals:
            totals[k] += r["seconds"][k]
    return totals


def _preload_validation() -> None:
    try:
        from etl.validate import _quiet_gx

        _quiet_gx()
        import great_expectations  # noqa: F401

        import expectations.suites  # noqa: F401
    except Exception:  # only a head start: validate() imports again and reports real errors
        pass


def _trace_rss(stage: str) -> None:
    """With NEWS_TRACE_RSS set, print this process's peak RSS after a stage (bench/ uses it)."""
    if os.environ.get("NEWS_TRACE_RSS"):
        import resource

        print(f"rss after {stage}: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", file=sys.stderr)


def _warm_worker(model: str) -> None:
    """Load what every extraction needs once, before the workers start."""
    from etl.extract.entities import gazetteer
    from etl.extract.nlp import load_model

    load_model(model)
    gazetteer.lookup("London")


def link(batch: str | Path, settings: Settings, run_id: str) -> dict:
    """Persons, stories and quotations across articles (etl/link): ids written into the batch."""
    from etl.link import link_batch

    return link_batch(batch, settings.warehouse, run_id)


def validate(batch: str | Path, settings: Settings, run_id: str) -> str:
    """Validate: articles with critical findings leave the batch as rejects; raises
    ValidationFailed (and records the outcome "blocked") when the whole load must be blocked."""
    from etl.report import read_history
    from etl.validate import ValidationFailed, require_success, validate_batch

    history = read_history(settings.reports_dir, settings.warehouse)
    report = validate_batch(Path(batch), run_id, settings.reports_dir / "gx", settings.validate_window,
                            settings.data_docs_keep, history=history, drift_mode=settings.drift_check)
    try:
        require_success(report)
    except ValidationFailed as exc:
        reasons = "; ".join(c.finding or f"{c.table}.{c.column}: {c.expectation}" for c in exc.report.failed_critical)
        outcome_mod.record(batch, outcome_mod.LoadOutcome("blocked", reason=reasons[:1000] or None))
        raise
    return str(Path(batch) / "validation.json")


def load(batch: str | Path, settings: Settings, run_id: str) -> dict[str, int]:
    """Load a validated batch into the warehouse (one transaction, one snapshot naming run_id);
    records the outcome ("loaded", or "failed" with the reason, then re-raises) so the report and
    the run's final state say what happened."""
    batch = Path(batch)
    verdict = batch / "validation.json"
    if not verdict.exists() or not json.loads(verdict.read_text())["success"]:
        raise RuntimeError(f"batch {batch} has not passed validation; refusing to load it")
    try:
        counts = _load(batch, settings, run_id)
    except Exception as exc:
        outcome_mod.record(batch, outcome_mod.LoadOutcome("failed", reason=outcome_mod.failure_reason(exc)))
        raise
    articles = json.loads(verdict.read_text())["rows"].get("articles", 0)
    outcome_mod.record(batch, outcome_mod.LoadOutcome("loaded", articles=articles))
    return counts


def _load(batch: Path, settings: Settings, run_id: str) -> dict[str, int]:
    from etl.warehouse import load_batch

    counts = load_batch(batch, settings.warehouse, run_id)
    # the staged chunks were only inputs to extraction; the manifest and verdict stay as a record
    shutil.rmtree(batch / "staged", ignore_errors=True)
    return counts


def report(batch: str | Path, settings: Settings, run_id: str, seconds: dict[str, float] | None = None) -> dict[str, str]:
    """Write the run's report folder (reports/runs/<run_id>/, `latest` → it) and its history line.
    Never raises for the run's outcome: it reports it (finish() re-raises it afterwards)."""
    from etl.batch import read_batch
    from etl.report import RunSummary, history_entry, previous_run, record_run
    from etl.validate import ValidationReport

    batch = Path(batch)
    manifest = json.loads((batch / "manifest.json").read_text())
    verdict_path = batch / "validation.json"
    verdict = ValidationReport.from_json(verdict_path.read_text()) if verdict_path.exists() else None
    outcome = outcome_mod.settle(batch, verdict.success if verdict else None)
    validation = "not run"
    if verdict is not None:
        validation = ("failed" if not verdict.success else "passed with warnings" if verdict.failed_warnings
                      else "passed" if verdict.checks or verdict.rejected else "nothing new to validate")
        if verdict.success and verdict.rejected:
            validation += f", {len(verdict.rejected)} article{'s' if len(verdict.rejected) != 1 else ''} rejected"
    rows, example, rejects = _warehouse_view(settings, run_id, loaded=outcome.ok)
    if not rejects:
        # not loaded, or known from an earlier run: the batch still holds them
        rejects = [{"source_path": r["source_path"], "reason": r["reason"], "stage": r["stage"]}
                   for r in read_batch(batch, "rejects").to_pylist()]
        if verdict is not None and not verdict.success:  # blocked before quarantine: list them too
            known = {r["source_path"] for r in rejects}
            rejects += [{"source_path": r["source_path"], "reason": r["reason"], "stage": "validate"}
                        for r in verdict.rejected if r["source_path"] not in known]
    checks_by_table: dict[str, dict[str, int]] = {}
    for c in verdict.checks if verdict else []:
        counts = checks_by_table.setdefault(c.table, {"passed": 0, "failed": 0})
        counts["passed" if c.success else "failed"] += 1
    prev_id, prev_rows = previous_run(settings.reports_dir, run_id, settings.warehouse)
    summary = RunSummary(
        run_id=run_id,
        warehouse=str(settings.warehouse),
        articles_seen=manifest["articles_seen"],
        articles_unchanged=manifest["articles_unchanged"],
        articles_loaded=outcome.articles if outcome.ok else 0,
        rejected=len(rejects) if rejects else (verdict.rows.get("rejects", manifest["rejected"]) if verdict else manifest["rejected"]),
        batch_rows=verdict.rows if verdict else {},
        warehouse_rows=rows,
        validation=validation,
        load=outcome.describe(),
        load_status=outcome.status,
        drift=verdict.drift if verdict else {},
        failed_checks=[c.describe() for c in verdict.failed_critical] if verdict else [],
        warnings=([c.describe() for c in verdict.failed_warnings] if verdict else []) + ingest_warnings(manifest),
        rejects=rejects,
        example_sql=EXAMPLE_SQL if example else "",
        example_result=example,
        example_columns=EXAMPLE_COLUMNS,
        data_docs=verdict.data_docs if verdict else None,
        seconds=seconds or {},
        checks_by_table=checks_by_table,
        previous_run=prev_id,
        previous_rows=prev_rows,
        files_read=manifest.get("files_read", 0),
        files_unchanged=manifest.get("files_unchanged", 0),
        linked=json.loads((batch / "link.json").read_text()) if (batch / "link.json").exists() else {},
    )
    entry = history_entry(summary)
    paths = summary.write(settings.reports_dir, _charts(settings, entry))
    record_run(settings.reports_dir, summary, entry)
    return {k: str(v) for k, v in paths.items()}


def finish(batch: str | Path) -> dict:
    """The run's last step: re-raise its recorded outcome — ValidationFailed when validation
    blocked the load, LoadFailed when the load failed — so the DAG run (and the CLI) end failed
    after the report has been written. Returns the outcome when the batch loaded."""
    from dataclasses import asdict

    from etl.validate import ValidationReport

    batch = Path(batch)
    verdict_path = batch / "validation.json"
    verdict = ValidationReport.from_json(verdict_path.read_text()) if verdict_path.exists() else None
    outcome = outcome_mod.settle(batch, verdict.success if verdict else None)
    outcome_mod.raise_for(outcome, verdict if verdict is not None and not verdict.success else None)
    return asdict(outcome)


def ingest_warnings(manifest: dict) -> list[str]:
    """What ingest could not read (unreadable or relative dates, with the raw value) and the
    articles not extracted because the model does not read their language."""
    from etl.ingest.language import language_name

    out = list(manifest.get("warnings", []))
    skipped = manifest.get("not_extracted", {})
    for lang, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0] or "")):
        out.append(f"{n} article{'s' if n != 1 else ''} in {language_name(lang)}: not extracted "
                   "(the extraction model does not read that language; stored without mentions)")
    return out


def _charts(settings: Settings, entry: dict) -> list:
    """The report's charts: the warehouse's contents and the last runs (this one included).
    Drawing is a report: a failure is logged and the page goes without charts, the run goes on."""
    import logging

    from etl.charts import HISTORY_RUNS, history_charts, warehouse_charts
    from etl.report import recent_history

    from etl.warehouse import reader

    charts = []
    try:
        with reader(settings.warehouse) as con:
            if con is not None:
                charts += warehouse_charts(con)
        charts += history_charts(recent_history(settings.reports_dir, HISTORY_RUNS - 1, warehouse=settings.warehouse) + [entry])
    except Exception as exc:  # noqa: BLE001 — see the docstring
        logging.getLogger(__name__).warning("charts could not be drawn: %s: %s", type(exc).__name__, exc)
    return charts


def _warehouse_view(settings: Settings, run_id: str, loaded: bool) -> tuple[dict[str, int], list[tuple], list[dict]]:
    """Rows per table, the example query's answer and this run's rejects, on one connection."""
    from etl.warehouse import reader, table_counts, warehouse_counts

    if not loaded:
        return warehouse_counts(settings.warehouse), [], []
    with reader(settings.warehouse) as con:
        if con is None:
            return warehouse_counts(settings.warehouse), [], []
        example = con.execute(EXAMPLE_SQL).fetchall()
        rejects = [{"source_path": p, "reason": r} for p, r in con.execute(
            "SELECT source_path, reason FROM rejects WHERE run_id = ? ORDER BY source_path", [run_id]).fetchall()]
        return table_counts(con), example, rejects


def maintain(settings: Settings, keep_days: float | None = None) -> dict:
    """Compact the warehouse's small files and drop time travel older than keep_days
    (default settings.keep_days). What the DAG's maintenance task and `news-etl maintain` call."""
    from etl.warehouse.maintenance import maintain as maintain_warehouse

    return maintain_warehouse(settings.warehouse, settings.keep_days if keep_days is None else keep_days)


def run(settings: Settings, input_dir: Path | None = None, run_id: str | None = None) -> dict:
    """The whole pipeline in this process. The report is always written; then ValidationFailed
    (validation blocked the load) or LoadFailed (the load failed) is raised."""
    from etl.validate import ValidationFailed

    run_id = run_id or batch_mod.new_run_id()
    seconds: dict[str, float] = {}
    t = time.perf_counter()
    manifest = stage_input(settings, run_id, input_dir)
    seconds["ingest"] = time.perf_counter() - t
    _trace_rss("ingest")
    t = time.perf_counter()
    work = extract_all(manifest["chunks"], settings, run_id)
    seconds["extract"] = time.perf_counter() - t
    # Parquet writing happens inside the extract workers; its share, as wall-clock seconds:
    if work["extract"] + work["write"] > 0:
        seconds["write"] = seconds["extract"] * work["write"] / (work["extract"] + work["write"])
        seconds["extract"] -= seconds["write"]
    t = time.perf_counter()
    counts: dict[str, int] = {}
    try:
        linked = link(manifest["batch"], settings, run_id)
        seconds["link"] = time.perf_counter() - t
        print(f"link: {linked['articles']} articles: {linked['new_stories']} new stories, {linked['copies']} copies "
              f"of known stories; {linked['persons_new']} new persons, {linked['person_merges']} merges", file=sys.stderr)
        t = time.perf_counter()
        validate(manifest["batch"], settings, run_id)
        seconds["validate"] = time.perf_counter() - t
        _trace_rss("validate")
        t = time.perf_counter()
        counts = load(manifest["batch"], settings, run_id)
        seconds["load"] = time.perf_counter() - t
        _trace_rss("load")
    except ValidationFailed:
        seconds["validate"] = time.perf_counter() - t
    except Exception as exc:  # load() recorded why; anything else is recorded here. The report says
        seconds["load"] = time.perf_counter() - t  # it and finish() raises it (LoadFailed).
        if outcome_mod.read(manifest["batch"]) is None:
            outcome_mod.record(manifest["batch"], outcome_mod.LoadOutcome("failed", reason=outcome_mod.failure_reason(exc)))
        from etl.warehouse import WarehouseBusy

        if isinstance(exc, WarehouseBusy):
            # another writer won (commits kept conflicting on a server catalog): the report says the
            # load failed, and the caller hears "busy" (CLI exit 3), not a broken warehouse (exit 4)
            report(manifest["batch"], settings, run_id, seconds)
            raise
    paths = report(manifest["batch"], settings, run_id, seconds)
    finish(manifest["batch"])
    return {"run_id": run_id, "manifest": manifest, "warehouse_rows": counts, "reports": paths, "seconds": seconds}
