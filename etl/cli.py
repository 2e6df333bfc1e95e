"""news-etl: the pipeline without the scheduler.

    news-etl run --input DIR --warehouse FILE.duckdb [--parquet DIR]
    news-etl sql FILE.duckdb "SELECT ..." [--format table|csv|json|markdown] [--max-width N] [-o FILE]
    news-etl eval --gold DIR --warehouse FILE.duckdb [--json REPORT.json]
    news-etl info

Exit codes of `run`: 0 loaded (possibly 0 articles: nothing new); 1 validation blocked the load;
2 bad arguments; 3 another run is writing the warehouse; 4 the load failed (the warehouse is as
it was; the summary says why).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _settings(args):
    from etl.settings import Settings

    overrides = {}
    if getattr(args, "warehouse", None):
        overrides["warehouse"] = Path(args.warehouse)
    if getattr(args, "input", None):
        overrides["raw_dir"] = Path(args.input)
    if getattr(args, "data_dir", None):
        overrides["data_dir"] = Path(args.data_dir)
    if getattr(args, "reports", None):
        overrides["reports_dir"] = Path(args.reports)
    if getattr(args, "model", None):
        overrides["model"] = args.model
    if getattr(args, "workers", None):
        overrides["workers"] = args.workers
    if getattr(args, "drift_check", None):
        overrides["drift_check"] = args.drift_check
    return Settings.from_env(**overrides)


def cmd_run(args) -> int:
    from contextlib import ExitStack
    from dataclasses import replace

    from etl.load import WarehouseBusy, writer_lock
    from etl.outcome import LoadFailed
    from etl.pipeline import run
    from etl.report import latest_summary
    from etl.validate import ValidationFailed

    settings = _settings(args)
    if args.parquet:
        # --parquet names the lake (a folder or an object-store URI); batches stay in the data dir
        lake = args.parquet if "://" in args.parquet else str(Path(args.parquet).resolve())
        settings = replace(settings, parquet_uri=lake)
    if not settings.raw_dir.is_dir():
        print(f"news-etl: input folder {settings.raw_dir} does not exist", file=sys.stderr)
        return 2
    try:
        # one writer from start to end: a second run started meanwhile refuses at once (exit 3)
        # instead of extracting everything and then racing for the warehouse
        with ExitStack() as stack:
            try:
                stack.enter_context(writer_lock(settings.warehouse))
            except WarehouseBusy:
                raise
            except OSError as exc:
                # the warehouse's location cannot be written (no such folder, read-only, a file in
                # the way): the run goes on so that the load fails like any failed load — recorded
                # in the report and the history, exit 4 — instead of ending in a traceback
                print(f"news-etl: warning: cannot lock {settings.warehouse}: {exc}", file=sys.stderr)
            result = run(settings, input_dir=settings.raw_dir, run_id=args.run_id)
    except ValidationFailed as exc:
        print(latest_summary(settings.reports_dir))
        print(f"news-etl: {exc}", file=sys.stderr)
        return 1
    except LoadFailed as exc:
        print(latest_summary(settings.reports_dir))
        print(f"news-etl: {exc}", file=sys.stderr)
        return 4
    except WarehouseBusy as exc:
        print(f"news-etl: {exc}", file=sys.stderr)
        return 3
    print(Path(result["reports"]["markdown"]).read_text(encoding="utf-8"))
    return 0


def cmd_sql(args) -> int:
    import duckdb

    from etl.sqlout import render

    if not Path(args.warehouse).exists():
        print(f"news-etl: no warehouse at {args.warehouse}", file=sys.stderr)
        return 2
    con = duckdb.connect(args.warehouse, read_only=True)
    try:
        rel = con.sql(args.query)
        if rel is None:
            return 0
        columns = list(rel.columns)
        rows = rel.fetchmany(args.max_rows + 1) if args.max_rows is not None else rel.fetchall()
    except duckdb.Error as exc:
        print(f"news-etl: {exc}", file=sys.stderr)
        return 1
    finally:
        con.close()
    more = args.max_rows is not None and len(rows) > args.max_rows
    text = render(columns, rows[: args.max_rows] if more else rows, args.format, max_width=args.max_width)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8", newline="")
    else:
        sys.stdout.write(text)
    if more:
        print(f"news-etl: only the first {args.max_rows} rows were written (--max-rows)", file=sys.stderr)
    return 0


def cmd_eval(args) -> int:
    import subprocess

    scorer = Path(args.scorer)
    if not scorer.exists():
        print(f"news-etl: scorer {scorer} not found (pass --scorer)", file=sys.stderr)
        return 2
    cmd = [sys.executable, str(scorer), args.gold, args.warehouse] + (["--json", args.json] if args.json else [])
    if args.min_f1:
        cmd += ["--min-f1", *args.min_f1]
    return subprocess.call(cmd)


def cmd_info(args) -> int:
    from importlib.metadata import PackageNotFoundError, version

    settings = _settings(args)
    for pkg in ("news-warehouse", "apache-airflow", "great-expectations", "duckdb", "pyarrow", "spacy", "trafilatura"):
        try:
            print(f"{pkg}: {version(pkg)}")
        except PackageNotFoundError:
            print(f"{pkg}: not installed")
    try:
        from etl.extract.nlp import load_model

        nlp = load_model(settings.model)
        print(f"model_package: {settings.model}")
        print(f"model_version: {nlp.meta.get('version')}")
        print(f"model_pipeline: {','.join(nlp.pipe_names)}")
    except RuntimeError as exc:
        print(f"model_error: {exc}")
    for line in settings.as_lines():
        print(line)
    return 0


def main(argv: list[str] | None = None) -> int:
    import os

    ap = argparse.ArgumentParser(prog="news-etl", description="News articles → people, places, numbers, quotes in DuckDB.")
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="run the whole pipeline once over a folder")
    r.add_argument("--input", help="folder of raw .txt/.html/.jsonl files (default NEWS_RAW_DIR)")
    r.add_argument("--warehouse", help="DuckDB file (default NEWS_WAREHOUSE)")
    r.add_argument("--parquet", help="Parquet lake: a folder or a URI such as s3://bucket/news (default <data-dir>/parquet)")
    r.add_argument("--data-dir", help="working data folder (default NEWS_DATA_DIR)")
    r.add_argument("--reports", help="reports folder (default NEWS_REPORTS_DIR)")
    r.add_argument("--model", help="spaCy model package (default NEWS_SPACY_MODEL)")
    r.add_argument("--workers", type=int, help="extraction processes (default: CPU count)")
    r.add_argument("--run-id", help="run id (default: manual__<UTC time>)")
    r.add_argument("--drift-check", choices=["block", "warn"],
                   help="critical drift findings block the load (default NEWS_DRIFT_CHECK or block) or only warn")
    r.set_defaults(func=cmd_run)
    s = sub.add_parser("sql", help="run a SQL query against a warehouse and print the result")
    s.add_argument("warehouse")
    s.add_argument("query")
    s.add_argument("--format", default="table", choices=["table", "csv", "json", "markdown"],
                   help="table (aligned text, default), csv, json (an array of objects) or markdown")
    s.add_argument("--max-width", type=int, help="cut cells longer than this many characters (default: never)")
    s.add_argument("--max-rows", type=int, help="write at most this many rows (default: all)")
    s.add_argument("-o", "--output", help="write the result to this file instead of standard output")
    s.set_defaults(func=cmd_sql)
    e = sub.add_parser("eval", help="score a warehouse against gold annotations")
    e.add_argument("--gold", required=True)
    e.add_argument("--warehouse", required=True)
    e.add_argument("--json")
    e.add_argument("--min-f1", nargs="*")
    e.add_argument("--scorer", default=os.environ.get("NEWS_SCORER", "../shared/eval/score.py"),
                   help="the judge script (default NEWS_SCORER or ../shared/eval/score.py from the current directory)")
    e.set_defaults(func=cmd_eval)
    i = sub.add_parser("info", help="versions, model and effective configuration")
    i.add_argument("--model")
    i.set_defaults(func=cmd_info)
    args = ap.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
