"""Throughput and memory benchmark (`make bench`): prints figures, asserts nothing.

Builds a corpus of N distinct articles from the shared train and dev sets (CoNLL, PolNeAR: about
1,470 texts; beyond that, copies made distinct by a line of their own), then measures on this
machine, in one run:

  (a) the model's own speed at its best settings: spaCy `nlp.pipe` over the same texts with
      `n_process` = CPU count and batch_size >= 64, the model's load time counted on its side —
      the limit;
  (b) the whole pipeline through `news-etl run` (ingest → extract → Parquet → validate → load);
  (c) the ratio b / a;
  (d) the time of each stage (from the run summary);
  (e) peak memory (max RSS of the pipeline's processes) for N and for 10 × N articles;
  and the re-run of an unchanged corpus (which skips extraction) against the first run.

    .venv/bin/python bench/throughput.py [--n 1000] [--big 10000] [--workers 2] [--skip-big]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CONLL = ROOT.parent / "shared" / "corpus" / "conll-dev"

# Runs a command and prints its peak RSS: the max over the command and all its children that
# were waited for (spaCy workers included), which is what a machine has to provide.
_RSS_WRAPPER = r"""
import resource, subprocess, sys, json, time
t = time.perf_counter()
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "seconds": time.perf_counter() - t, "max_rss_mb": ru.ru_maxrss / 1024}))
"""


def build_corpus(n: int, out: Path) -> Path:
    from bench.warehouse import distinct_texts

    texts = distinct_texts(n)
    if not texts:
        sys.exit(f"no texts in {CONLL.parent}")
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = texts[i % len(texts)]
        suffix = "" if i < len(texts) else f"\n\nBenchmark copy {i}.\n"
        (out / f"a{i:06d}.txt").write_text(f"{text.rstrip()}\n{suffix}", encoding="utf-8")
    return out


def model_speed(corpus: Path, model: str, workers: int, batch_size: int) -> dict:
    from etl.extract.context import doc_text
    from etl.extract.nlp import load_model
    from etl.ingest import ingest_folder
    from etl.records import Article

    texts = [doc_text(a) for a in ingest_folder(corpus, 50_000_000) if isinstance(a, Article)]
    t = time.perf_counter()  # the model's load counts on its side
    nlp = load_model(model)
    tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=workers, batch_size=batch_size))
    seconds = time.perf_counter() - t
    return {"articles": len(texts), "seconds": seconds, "articles_per_s": len(texts) / seconds, "tokens_per_s": tokens / seconds}


def pipeline_run(corpus: Path, work: Path, workers: int) -> dict:
    env = dict(os.environ, NEWS_DATA_DIR=str(work / "data"), NEWS_WAREHOUSE=str(work / "w.sqlite"),
               NEWS_REPORTS_DIR=str(work / "reports"), NEWS_WORKERS=str(workers), GX_ANALYTICS_ENABLED="false")
    cmd = [sys.executable, "-c", _RSS_WRAPPER, sys.executable, "-m", "etl.cli", "run", "--input", str(corpus)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["rc"] != 0:
        sys.exit(f"news-etl run failed (exit {result['rc']}) on {corpus}")
    summary = json.loads((work / "reports" / "latest" / "summary.json").read_text())
    result["stages"] = summary.get("seconds", {})
    result["articles_loaded"] = summary.get("articles_loaded")
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=int(os.environ.get("BENCH_N", 1000)))
    ap.add_argument("--big", type=int, default=None, help="articles for the memory comparison (default 10 x n)")
    ap.add_argument("--skip-big", action="store_true")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()
    from etl.settings import Settings

    settings = Settings.from_env()
    workers = args.workers or settings.workers
    big = args.big or 10 * args.n
    tmp = Path(tempfile.mkdtemp(prefix="news-bench-"))
    try:
        print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, model {settings.model}, workers {workers}")
        corpus = build_corpus(args.n, tmp / f"corpus-{args.n}")
        best_batch = max(64, settings.nlp_batch_size)
        model = model_speed(corpus, settings.model, os.cpu_count() or 1, best_batch)
        print(f"(a) model nlp.pipe (n_process={os.cpu_count()}, batch_size={best_batch}, load included): {model['articles_per_s']:.1f} articles/s, "
              f"{model['tokens_per_s']:.0f} tokens/s ({model['articles']} articles in {model['seconds']:.1f}s)")
        first = pipeline_run(corpus, tmp / "run-n", workers)
        rate = args.n / first["seconds"]
        print(f"(b) pipeline news-etl run: {rate:.1f} articles/s ({args.n} articles in {first['seconds']:.1f}s)")
        print(f"(c) ratio pipeline/model: {rate / model['articles_per_s']:.2f}")
        stages = first["stages"]
        total = sum(stages.values()) or 1.0
        print("(d) stages: " + ", ".join(f"{k} {v:.1f}s ({100 * v / total:.0f}%)" for k, v in stages.items()))
        extract_rate = args.n / max(stages.get("extract", 0) + stages.get("write", 0), 1e-9)
        print(f"    extraction stage alone: {extract_rate:.1f} articles/s "
              f"({extract_rate / model['articles_per_s']:.2f}x the model's nlp.pipe)")
        print(f"(e) peak RSS for {args.n} articles: {first['max_rss_mb']:.0f} MB")
        again = pipeline_run(corpus, tmp / "run-n", workers)
        print(f"    unchanged re-run: {again['seconds']:.1f}s, {first['seconds'] / again['seconds']:.1f}x faster than the first run")
        if not args.skip_big:
            shutil.rmtree(corpus)
            big_corpus = build_corpus(big, tmp / f"corpus-{big}")
            large = pipeline_run(big_corpus, tmp / "run-big", workers)
            st = large["stages"]
            cheap = sum(v for k, v in st.items() if k in ("write", "validate", "load"))
            print(f"(e) peak RSS for {big} articles: {large['max_rss_mb']:.0f} MB "
                  f"({large['max_rss_mb'] / first['max_rss_mb']:.2f}x the {args.n}-article run)")
            print(f"    {big} articles: {big / large['seconds']:.1f} articles/s "
                  f"({big / large['seconds'] / model['articles_per_s']:.2f}x the model's speed in (a)), stages: "
                  + ", ".join(f"{k} {v:.1f}s" for k, v in st.items())
                  + f"; Parquet+validate+load = {100 * cheap / (sum(st.values()) or 1):.1f}% of the total")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
