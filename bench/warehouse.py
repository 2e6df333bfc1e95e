"""Warehouse benchmark (`make bench`): prints figures, asserts nothing.

(b) A run's cost follows its new files, not the archive. An archive of small files that the
    warehouse already holds (every file in the file ledger, every article in `articles`, loaded
    through the real load from the real staging of those files) sits beside 100 new articles;
    `news-etl run` over the folder is timed against the same 100 articles alone in a new
    warehouse, and its peak memory (max RSS of the run and its workers) is compared between an
    archive of 2,000 and one of 20,000 files.
(c) The DuckLake against a plain DuckDB 1.5.5 database file holding the same 10,000 articles
    and their mention rows: load time (one transaction from the same Parquet parts) and the time
    of a few reader queries.

New articles are distinct texts from ../shared (CoNLL and PolNeAR train/dev sets); archive files
are small generated articles (one sentence each, every one different).

    .venv/bin/python bench/warehouse.py [--archive 20000] [--small-archive 2000] [--new 100] [--rows 10000]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "corpus"
SETS = ("conll-train", "polnear-train", "conll-dev", "polnear-dev")

_RSS_WRAPPER = r"""
import resource, subprocess, sys, json, time
t = time.perf_counter()
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "seconds": time.perf_counter() - t, "max_rss_mb": ru.ru_maxrss / 1024}))
"""


def distinct_texts(limit: int) -> list[str]:
    """Distinct article texts from the shared train/dev corpora, in a fixed order."""
    seen, out = set(), []
    for name in SETS:
        for p in sorted((SHARED / name).glob("*.txt")):
            text = p.read_text(encoding="utf-8", errors="replace").strip()
            key = " ".join(text.split())
            if key and key not in seen:
                seen.add(key)
                out.append(text)
                if len(out) >= limit:
                    return out
    return out


def write_archive(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"arch-{i:06d}.txt").write_text(
            f"Council number {i} met on Monday in Riverton and approved {i % 97 + 3} new street lamps, the clerk said.\n",
            encoding="utf-8")


def preload_archive(raw: Path, work: Path) -> None:
    """Make the warehouse hold the archive as a run would leave it: stage the files (the real
    ingest, ledger rows and all), turn the staged articles into article rows without running the
    model (the archive's mention rows do not matter here), and load them with the real load."""
    import pyarrow.parquet as pq

    from etl.batch import extractor_tag, stage
    from etl.parquet import write_rows
    from etl.settings import Settings
    from etl.warehouse import load_batch

    settings = Settings.from_env(warehouse=str(work / "w.sqlite"), data_dir=work / "data", batch_size=5000)
    manifest = stage(settings, "archive", raw)
    batch = Path(manifest["batch"])
    tag = extractor_tag(settings)
    for i, chunk in enumerate(manifest["chunks"]):
        rows = [{**r, "n_chars": len(r["body"]), "n_people": 0, "n_places": 0, "n_numbers": 0, "n_quotes": 0,
                 "extracted": True, "extractor": tag, "run_id": "archive"} for r in pq.read_table(chunk).to_pylist()]
        write_rows("articles", rows, batch / "articles" / f"part-{i:05d}.parquet")
    load_batch(batch, settings.warehouse, "archive")
    shutil.rmtree(work / "data")


def timed_run(raw: Path, work: Path, workers: int) -> dict:
    env = dict(os.environ, NEWS_DATA_DIR=str(work / "data"), NEWS_WAREHOUSE=str(work / "w.sqlite"),
               NEWS_REPORTS_DIR=str(work / "reports"), NEWS_WORKERS=str(workers), GX_ANALYTICS_ENABLED="false")
    cmd = [sys.executable, "-c", _RSS_WRAPPER, sys.executable, "-m", "etl.cli", "run", "--input", str(raw)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["rc"] != 0:
        sys.exit(f"news-etl run failed (exit {result['rc']}) on {raw}")
    summary = json.loads((work / "reports" / "summary.json").read_text())
    result.update(loaded=summary["articles_loaded"], files_read=summary.get("files_read"),
                  files_unchanged=summary.get("files_unchanged"), stages=summary.get("seconds", {}))
    return result


def incremental(tmp: Path, archive: int, small: int, new: int, workers: int) -> None:
    texts = distinct_texts(new)
    runs = {}
    for label, n_archive in (("alone", 0), ("small", small), ("big", archive)):
        work = tmp / f"inc-{label}"
        raw = work / "raw"
        if n_archive:
            write_archive(raw, n_archive)
            t = time.perf_counter()
            preload_archive(raw, work)
            print(f"    (setup: {n_archive} archived files staged and loaded in {time.perf_counter() - t:.1f}s)")
        raw.mkdir(parents=True, exist_ok=True)
        for i, text in enumerate(texts):
            (raw / f"new-{i:04d}.txt").write_text(text + "\n", encoding="utf-8")
        runs[label] = r = timed_run(raw, work, workers)
        print(f"    {new} new beside {n_archive:>6} archived: {r['seconds']:6.1f}s, peak RSS {r['max_rss_mb']:.0f} MB, "
              f"{r['loaded']} loaded, files read {r['files_read']}, unchanged {r['files_unchanged']}; "
              + ", ".join(f"{k} {v:.1f}s" for k, v in r["stages"].items()))
        shutil.rmtree(work)
    print(f"(b) cost of {new} new files beside {archive} archived / alone: {runs['big']['seconds'] / runs['alone']['seconds']:.2f} "
          f"(target <= 1.10); peak memory {archive} / {small} archived: "
          f"{runs['big']['max_rss_mb'] / runs['small']['max_rss_mb']:.2f} (target <= 1.2)")


def engines(tmp: Path, n: int) -> None:
    """The same batch into a DuckLake and into a plain DuckDB file; then the same queries."""
    import duckdb

    from etl.parquet import write_rows
    from etl.records import article_id_for
    from etl.warehouse import connect, load_batch
    from schemas.tables import TABLES, duckdb_ddl

    texts = distinct_texts(n)
    texts += [f"Generated article {i}: the council of Riverton approved {i} lamps, Mayor Ellen Brooks said." for i in range(n - len(texts))]
    batch = tmp / "engines" / "batch"
    arts, people, places, quotes = [], [], [], []
    for i, body in enumerate(texts):
        aid = article_id_for(body)
        arts.append({"article_id": aid, "source_id": f"s{i}", "source_path": f"s{i}.txt", "format": "txt", "body": body,
                     "n_chars": len(body), "n_people": 2, "n_places": 1, "n_numbers": 0, "n_quotes": 1,
                     "encoding_repaired": False, "extracted": True, "extractor": "bench", "run_id": "bench"})
        for k in range(2):
            people.append({"article_id": aid, "name": f"Person {i % 700} {k}", "mention_count": 1 + k, "section": "body",
                           "start_char": 0, "end_char": 1, "run_id": "bench"})
        places.append({"article_id": aid, "name": f"Place {i % 300}", "kind": "city", "is_dateline": False, "mention_count": 1,
                       "section": "body", "start_char": 0, "end_char": 1, "run_id": "bench"})
        quotes.append({"article_id": aid, "text": "x", "speaker": f"Person {i % 700} 0", "speaker_kind": "person",
                       "partial": False, "section": "body", "start_char": 0, "end_char": 1, "run_id": "bench"})
    for name, rows in (("articles", arts), ("people", people), ("places", places), ("quotes", quotes)):
        write_rows(name, rows, batch / name / "part-00000.parquet")
    queries = {
        "count by speaker": "SELECT speaker, count(*) FROM quotes GROUP BY 1 ORDER BY 2 DESC LIMIT 10",
        "places by articles": "SELECT name, count(DISTINCT article_id) a FROM places GROUP BY 1 ORDER BY a DESC LIMIT 10",
        "co-occurrence": "SELECT a.name, b.name, count(*) FROM people a JOIN people b ON a.article_id = b.article_id "
                         "AND a.name < b.name GROUP BY ALL ORDER BY 3 DESC LIMIT 10",
        "article text search": "SELECT count(*) FROM articles WHERE body ILIKE '%minister%'",
    }

    def query_times(con) -> dict:
        out = {}
        for label, sql in queries.items():
            t = time.perf_counter()
            for _ in range(3):
                con.execute(sql).fetchall()
            out[label] = (time.perf_counter() - t) / 3
        return out

    lake = str(tmp / "engines" / "lake.sqlite")
    t = time.perf_counter()
    load_batch(batch, lake, "bench")
    lake_load = time.perf_counter() - t
    con = connect(lake, read_only=True)
    lake_q = query_times(con)
    con.close()

    plain = tmp / "engines" / "plain.duckdb"
    t = time.perf_counter()
    con = duckdb.connect(str(plain))
    con.execute("BEGIN")
    for name in ("articles", "people", "places", "quotes"):
        con.execute(duckdb_ddl(name, primary_key=False))
        cols = ", ".join(f'"{c}"' for c in TABLES[name].columns)
        con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM read_parquet('{batch / name}/*.parquet')")
    con.execute("COMMIT")
    con.close()
    plain_load = time.perf_counter() - t
    con = duckdb.connect(str(plain), read_only=True)
    plain_q = query_times(con)
    con.close()
    print(f"(c) {n} articles, {len(people) + len(places) + len(quotes)} mention rows: load DuckLake {lake_load:.2f}s, "
          f"plain DuckDB file {plain_load:.2f}s")
    for label in queries:
        print(f"    query {label:<20} DuckLake {1000 * lake_q[label]:7.1f} ms   DuckDB file {1000 * plain_q[label]:7.1f} ms")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--archive", type=int, default=20_000)
    ap.add_argument("--small-archive", type=int, default=2_000)
    ap.add_argument("--new", type=int, default=100)
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--skip-incremental", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="news-bench-warehouse-"))
    try:
        if not args.skip_incremental:
            incremental(tmp, args.archive, args.small_archive, args.new, args.workers)
        engines(tmp, args.rows)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
