"""Fixed cost of a run against the number of past runs (`make bench`): prints figures, asserts nothing.

100 runs (--runs), each adding one new article (a CoNLL dev text, made distinct) to the same
warehouse and the same reports folder — the hourly run of a quiet feed. Each run is the whole
pipeline in one process (etl.pipeline.run: ingest, extract, validate with Data Docs, load, report
with charts and history), timed wall-clock. What could grow with history — the Data Docs site,
history.jsonl, the reports folder, the warehouse — must not make a run slower: the median of
runs 91–100 is compared with the median of runs 2–11 (run 1 pays the imports and model load).
Both wall-clock and CPU seconds (this process, all its threads) are printed: on a shared machine
the wall clock also measures the neighbours, the CPU time only the run.

    .venv/bin/python bench/run_cost.py [--runs 100] [--keep]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CONLL = ROOT.parent / "shared" / "corpus" / "conll-dev"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()
    if args.runs < 21:
        sys.exit("--runs must be at least 21 (two windows of ten runs after the first)")
    from etl.pipeline import run
    from etl.settings import Settings

    texts = [p.read_text(encoding="utf-8") for p in sorted(CONLL.glob("*.txt"))]
    if not texts:
        sys.exit(f"no CoNLL dev texts in {CONLL}")
    tmp = Path(tempfile.mkdtemp(prefix="news-run-cost-"))
    settings = replace(Settings.from_env(), data_dir=tmp / "data", warehouse=str(tmp / "warehouse.sqlite"),
                       reports_dir=tmp / "reports", workers=1)
    seconds: list[float] = []
    cpu: list[float] = []
    try:
        print(f"{args.runs} runs, one new article each, warehouse {settings.warehouse}, "
              f"Data Docs keep {settings.data_docs_keep} runs")
        for i in range(args.runs):
            drop = tmp / "in" / f"{i:04d}"
            drop.mkdir(parents=True)
            (drop / f"a{i:04d}.txt").write_text(f"{texts[i % len(texts)].rstrip()}\n\nBench run {i}.\n", encoding="utf-8")
            t, c = time.perf_counter(), time.process_time()
            result = run(settings, input_dir=drop, run_id=f"bench__{i:04d}")
            seconds.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            if result["warehouse_rows"].get("articles", 0) < 1:
                sys.exit(f"run {i + 1} loaded nothing: {result}")
            if (i + 1) % 10 == 0:
                print(f"  runs {i - 8:3d}–{i + 1:3d}: median {statistics.median(seconds[-10:]):.2f}s wall, "
                      f"{statistics.median(cpu[-10:]):.2f}s CPU", flush=True)
        print(f"run 1 (imports, model): {seconds[0]:.2f}s wall, {cpu[0]:.2f}s CPU")
        for what, xs in (("wall", seconds), ("CPU", cpu)):
            early, late = statistics.median(xs[1:11]), statistics.median(xs[-10:])
            change = (late - early) / early
            print(f"{what}: median of runs 2–11 {early:.2f}s, of runs {args.runs - 9}–{args.runs} {late:.2f}s: "
                  f"change {100 * change:+.1f}% ({'within' if abs(change) <= 0.20 else 'OUTSIDE'} ±20%)")
        docs = list((settings.reports_dir / "gx").rglob("validations/*/*/*/*.html"))
        print(f"Data Docs validation pages kept: {len(docs)}; history lines: "
              f"{sum(1 for _ in open(settings.reports_dir / 'history.jsonl', encoding='utf-8'))}")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
