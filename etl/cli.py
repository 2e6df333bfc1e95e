"""news-etl: the pipeline without the scheduler.

    news-etl run --input DIR [--warehouse WAREHOUSE] [--drift-check warn]
    news-etl sql [WAREHOUSE] "SELECT ..." [--before-run RUN_ID | --snapshot N]
                 [--format table|csv|json|markdown] [--max-width N] [--max-rows N] [-o FILE]
    news-etl eval --gold DIR [--warehouse WAREHOUSE] [--json REPORT.json]
    news-etl snapshots [--warehouse WAREHOUSE]
    news-etl maintain [--warehouse WAREHOUSE] [--keep-days N]
    news-etl migrate --from OLD_PARQUET_LAKE [--warehouse WAREHOUSE]
    news-etl info

WAREHOUSE (default NEWS_WAREHOUSE): the DuckLake's SQLite catalog file, or a ducklake: URI.

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
        overrides["warehouse"] = args.warehouse
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

    from etl.outcome import LoadFailed
    from etl.pipeline import run
    from etl.report import latest_summary
    from etl.validate import ValidationFailed
    from etl.warehouse import WarehouseBusy, WarehouseError, writer_lock

    settings = _settings(args)
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
    except WarehouseError as exc:
        print(f"news-etl: {exc}", file=sys.stderr)
        return 2
    print(Path(result["reports"]["markdown"]).read_text(encoding="utf-8"))
    return 0


def cmd_sql(args) -> int:
    import duckdb

    from etl.sqlout import render
    from etl.warehouse import WarehouseError, connect, snapshot_before_run

    if len(args.words) > 2:
        print("news-etl: sql takes [WAREHOUSE] QUERY (quote the query)", file=sys.stderr)
        return 2
    if len(args.words) == 2:
        args.warehouse = args.words[0]
    query = args.words[-1]
    warehouse = _settings(args).warehouse
    snapshot = args.snapshot
    try:
        if args.before_run:
            snapshot = snapshot_before_run(warehouse, args.before_run)
            if snapshot is None:
                print(f"news-etl: run {args.before_run} committed no snapshot in {warehouse} (it loaded nothing, "
                      "or its snapshot has expired); see `news-etl snapshots`", file=sys.stderr)
                return 2
        con = connect(warehouse, read_only=True, snapshot=snapshot)
    except WarehouseError as exc:
        print(f"news-etl: {exc}", file=sys.stderr)
        return 2
    try:
        rel = con.sql(query)
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
    from etl.warehouse import attach_uri

    cmd = [sys.executable, str(scorer), args.gold, attach_uri(_settings(args).warehouse)] + (["--json", args.json] if args.json else [])
    if args.min_f1:
        cmd += ["--min-f1", *args.min_f1]
    return subprocess.call(cmd)


def _on_warehouse(fn, *args):
    """(fn(*args), 0); a known warehouse condition becomes its sentence on stderr and
    (None, exit code): 3 busy or conflicting writers, 2 cannot be opened or used."""
    from etl.warehouse import WarehouseBusy, WarehouseError

    try:
        return fn(*args), 0
    except WarehouseError as exc:
        print(f"news-etl: {exc}", file=sys.stderr)
        return None, 3 if isinstance(exc, WarehouseBusy) else 2


def cmd_snapshots(args) -> int:
    from etl.warehouse import snapshots

    snaps, code = _on_warehouse(snapshots, _settings(args).warehouse)
    if code:
        return code
    print("snapshot_id\ttime (UTC)\trun_id\tchanges")
    for s in snaps:
        changes = "; ".join(f"{k}: {','.join(v)}" for k, v in (s["changes"] or {}).items())
        print(f"{s['snapshot_id']}\t{s['time']:%Y-%m-%d %H:%M:%S}\t{s['run_id'] or '-'}\t{changes}")
    return 0


def cmd_maintain(args) -> int:
    from etl.pipeline import maintain

    settings = _settings(args)
    done, code = _on_warehouse(maintain, settings, args.keep_days)
    if code:
        return code
    before, after = done["data_files"]
    print(f"data files: {before} -> {after}; snapshots expired: {done['snapshots_expired']} "
          f"(keeping {args.keep_days if args.keep_days is not None else settings.keep_days:g} days); "
          f"old files deleted: {done['files_deleted']}; orphaned files deleted: {done['orphans_deleted']}")
    return 0


def cmd_migrate(args) -> int:
    from etl.warehouse.migrate import migrate

    settings = _settings(args)
    counts, code = _on_warehouse(migrate, args.source, settings.warehouse)
    if code:
        return code
    print(f"migrated {args.source} into {settings.warehouse}: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
    return 0


def cmd_info(args) -> int:
    from importlib.metadata import PackageNotFoundError, version

    settings = _settings(args)
    for pkg in ("news-warehouse", "apache-airflow", "great-expectations", "duckdb", "duckdb-extension-ducklake", "pyarrow", "spacy", "trafilatura"):
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


WAREHOUSE_HELP = ("the DuckLake warehouse: its SQLite catalog file (data files beside it) or a ducklake: URI "
                  "such as 'ducklake:postgres:dbname=news host=db' (default NEWS_WAREHOUSE)")


def main(argv: list[str] | None = None) -> int:
    import os

    ap = argparse.ArgumentParser(prog="news-etl", description="News articles → people, places, numbers, quotes in a DuckLake warehouse.")
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="run the whole pipeline once over a folder")
    r.add_argument("--input", help="folder of raw .txt/.html/.jsonl files (default NEWS_RAW_DIR)")
    r.add_argument("--warehouse", help=WAREHOUSE_HELP)
    r.add_argument("--data-dir", help="working data folder (default NEWS_DATA_DIR)")
    r.add_argument("--reports", help="reports folder (default NEWS_REPORTS_DIR)")
    r.add_argument("--model", help="spaCy model package (default NEWS_SPACY_MODEL)")
    r.add_argument("--workers", type=int, help="extraction processes (default: CPU count)")
    r.add_argument("--run-id", help="run id (default: manual__<UTC time>)")
    r.add_argument("--drift-check", choices=["block", "warn"],
                   help="critical drift findings block the load (default NEWS_DRIFT_CHECK or block) or only warn")
    r.set_defaults(func=cmd_run)
    s = sub.add_parser("sql", help="run a SQL query against a warehouse and print the result")
    s.add_argument("words", nargs="+", metavar="[WAREHOUSE] QUERY")
    s.add_argument("--warehouse", help=WAREHOUSE_HELP)
    s.add_argument("--before-run", metavar="RUN_ID", help="query the warehouse as it was before that run's load (time travel)")
    s.add_argument("--snapshot", type=int, help="query the warehouse as it was at that snapshot id (see `news-etl snapshots`)")
    s.add_argument("--format", default="table", choices=["table", "csv", "json", "markdown"],
                   help="table (aligned text, default), csv, json (an array of objects) or markdown")
    s.add_argument("--max-width", type=int, help="cut cells longer than this many characters (default: never)")
    s.add_argument("--max-rows", type=int, help="write at most this many rows (default: all)")
    s.add_argument("-o", "--output", help="write the result to this file instead of standard output")
    s.set_defaults(func=cmd_sql)
    e = sub.add_parser("eval", help="score a warehouse against gold annotations")
    e.add_argument("--gold", required=True)
    e.add_argument("--warehouse", help=WAREHOUSE_HELP)
    e.add_argument("--json")
    e.add_argument("--min-f1", nargs="*")
    e.add_argument("--scorer", default=os.environ.get("NEWS_SCORER", "../shared/eval/score.py"),
                   help="the judge script (default NEWS_SCORER or ../shared/eval/score.py from the current directory)")
    e.set_defaults(func=cmd_eval)
    n = sub.add_parser("snapshots", help="list the warehouse's snapshots: one per load, with its run id")
    n.add_argument("--warehouse", help=WAREHOUSE_HELP)
    n.set_defaults(func=cmd_snapshots)
    m = sub.add_parser("maintain", help="merge small data files, expire old snapshots, delete unused files")
    m.add_argument("--warehouse", help=WAREHOUSE_HELP)
    m.add_argument("--keep-days", type=float, help="days of time travel to keep (default NEWS_KEEP_DAYS, 7)")
    m.set_defaults(func=cmd_maintain)
    g = sub.add_parser("migrate", help="load an old warehouse's published Parquet lake into the DuckLake")
    g.add_argument("--from", dest="source", required=True, help="the old lake folder (<data dir>/parquet) or its URI")
    g.add_argument("--warehouse", help=WAREHOUSE_HELP)
    g.set_defaults(func=cmd_migrate)
    i = sub.add_parser("info", help="versions, model and effective configuration")
    i.add_argument("--model")
    i.set_defaults(func=cmd_info)
    args = ap.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
