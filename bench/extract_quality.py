"""Fast quality loop for the extractors: ingest + extract a corpus in memory, write only the
columns the judge reads to a scratch DuckDB file, and run ../shared/eval/score.py on it.

    .venv/bin/python bench/extract_quality.py ../shared/corpus/polnear-dev ../shared/gold/polnear-dev [--json out.json]

No Parquet, no Great Expectations, no load: for tuning extractors only. The real numbers come
from `news-etl run` + `news-etl eval`, which the tests check.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.extract import Extraction, extract_articles_safely  # noqa: E402
from etl.ingest import ingest_folder  # noqa: E402
from etl.records import Article  # noqa: E402
from etl.settings import Settings  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("gold")
    ap.add_argument("--json")
    ap.add_argument("--scorer", default=str(ROOT.parent / "shared" / "eval" / "score.py"))
    args = ap.parse_args()
    import duckdb

    settings = Settings.from_env()
    articles = [r for r in ingest_folder(Path(args.corpus), settings.max_file_bytes) if isinstance(r, Article)]
    t = time.time()
    extractions = [e for e in extract_articles_safely(articles, settings.model) if isinstance(e, Extraction)]
    print(f"extracted {len(articles)} articles in {time.time() - t:.1f}s")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "w.duckdb"
        con = duckdb.connect(str(db))
        con.execute("create table articles(article_id varchar, source_id varchar)")
        con.execute("create table people(article_id varchar, name varchar)")
        con.execute("create table places(article_id varchar, name varchar)")
        con.execute("create table numbers(article_id varchar, value double, unit varchar, counts varchar)")
        con.execute("create table quotes(article_id varchar, text varchar, speaker varchar)")
        for ex in extractions:
            aid = ex.article.article_id
            con.execute("insert into articles values (?, ?)", [aid, ex.article.source_id])
            insert = lambda sql, params: params and con.executemany(sql, params)  # noqa: E731
            insert("insert into people values (?, ?)", [[aid, r["name"]] for r in ex.rows["people"]])
            insert("insert into places values (?, ?)", [[aid, r["name"]] for r in ex.rows["places"]])
            insert("insert into numbers values (?, ?, ?, ?)", [[aid, r["value"], r["unit"], r["counts"]] for r in ex.rows["numbers"]])
            insert("insert into quotes values (?, ?, ?)", [[aid, r["text"], r["speaker"]] for r in ex.rows["quotes"]])
        con.close()
        cmd = [sys.executable, args.scorer, args.gold, str(db)] + (["--json", args.json] if args.json else [])
        return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
