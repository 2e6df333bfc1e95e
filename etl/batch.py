"""A run's batch on disk, and the two stages that fill it: stage (ingest) and extract.

    <data_dir>/batches/<run_id>/
        staged/chunk-00000.parquet     ingested articles, `batch_size` per chunk
        articles/part-00000.parquet    one part per chunk and table, written by extract
        people/part-00000.parquet ...
        rejects/part-ingest.parquet    files turned away at ingest
        rejects/part-00000.parquet     articles whose extraction failed

Chunks bound memory (a run never holds more than one chunk's Docs) and are the unit the Airflow
DAG fans extraction out over. Tasks pass these paths, never the data.
"""
from __future__ import annotations

import json
import re
from dataclasses import fields
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from etl.parquet import read_table, write_atomic, write_rows
from etl.records import Article, Reject
from etl.settings import Settings
from schemas.tables import ARTICLES, MENTION_TABLES

EXTRACTOR_VERSION = "2"  # 2: ingest cleans markup/mojibake, bylines, typed dates, language

# Staged articles: the article columns ingest knows (no counts yet), derived from the schema.
_INGEST_COLUMNS = [f.name for f in fields(Article)]
STAGED_SCHEMA = pa.schema([ARTICLES.schema.field(n) for n in _INGEST_COLUMNS])


def safe_run_id(run_id: str) -> str:
    """Airflow run ids hold ':' and '+'; keep them usable as folder names."""
    return re.sub(r"[^A-Za-z0-9_.=-]+", "_", run_id)


def new_run_id(prefix: str = "manual") -> str:
    return f"{prefix}__{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S%fZ')}"


def extractor_tag(settings: Settings) -> str:
    return f"news-etl/{EXTRACTOR_VERSION} {settings.model}"


def batch_dir(settings: Settings, run_id: str) -> Path:
    return settings.data_dir / "batches" / safe_run_id(run_id)


def table_parts(batch: Path, table: str) -> list[Path]:
    return sorted((batch / table).glob("part-*.parquet"))


def _reject_row(r: Reject, run_id: str, now: datetime) -> dict:
    return {**r.to_dict(), "run_id": run_id, "rejected_at": now}


def known_articles(settings: Settings) -> set[str]:
    """Articles the warehouse already holds from this extractor: their extraction is skipped."""
    if not settings.warehouse.exists():
        return set()
    import duckdb

    try:
        con = duckdb.connect(str(settings.warehouse), read_only=True)
    except Exception:  # noqa: BLE001 - locked by a writer in another process, or not (yet) a database:
        return set()   # process everything; the merge stays exact
    try:
        return {r[0] for r in con.execute("select article_id from articles where extractor = ?", [extractor_tag(settings)]).fetchall()}
    except Exception:  # noqa: BLE001 - no articles table yet
        return set()
    finally:
        con.close()


def stage(settings: Settings, run_id: str, input_dir: Path | None = None) -> dict:
    """Ingest the input folder into chunk files; returns a manifest (paths and counts, the
    ingest warnings such as unreadable dates, and articles per detected language)."""
    from etl.ingest import ingest_folder
    from etl.ingest.article import UNREADABLE_DATE
    from etl.ingest.language import not_extracted_counts

    batch = batch_dir(settings, run_id)
    (batch / "staged").mkdir(parents=True, exist_ok=True)
    known = known_articles(settings)
    now = datetime.now(timezone.utc)
    chunks: list[str] = []
    buffer: list[dict] = []
    rejects: list[dict] = []
    seen = skipped = 0
    warnings: list[str] = []
    languages: dict[str, int] = {}

    def flush() -> None:
        path = batch / "staged" / f"chunk-{len(chunks):05d}.parquet"
        write_atomic(pa.Table.from_pylist(buffer, schema=STAGED_SCHEMA), path)
        chunks.append(str(path))
        buffer.clear()

    for record in ingest_folder(input_dir or settings.raw_dir, settings.max_file_bytes):
        if isinstance(record, Reject):
            rejects.append(_reject_row(record, run_id, now))
            continue
        seen += 1
        warnings += [f"{record.source_path}: {n}" for n in record.notes or () if n.startswith(UNREADABLE_DATE)]
        if record.article_id in known:
            skipped += 1
            continue
        if record.language:
            languages[record.language] = languages.get(record.language, 0) + 1
        buffer.append(record.to_dict())
        if len(buffer) >= settings.batch_size:
            flush()
    if buffer:
        flush()
    write_rows("rejects", rejects, batch / "rejects" / "part-ingest.parquet")
    manifest = {
        "run_id": run_id,
        "batch": str(batch),
        "chunks": chunks,
        "articles_seen": seen,
        "articles_unchanged": skipped,
        "rejected": len(rejects),
        "warnings": warnings,
        "languages": languages,  # new articles per detected language
        "not_extracted": not_extracted_counts(languages, settings.model),
    }
    (batch / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def extract_chunk(chunk: str | Path, settings: Settings, run_id: str) -> dict:
    """One staged chunk → one Parquet part per table, in this process (parallelism comes from
    running several chunks at once: worker processes in the CLI, mapped tasks in Airflow).
    Returns {"parts": {table: path}, "articles": n, "seconds": {"extract": s, "write": s}}."""
    import time

    from etl.extract import extract_articles_safely

    chunk = Path(chunk)
    batch = chunk.parent.parent
    part = chunk.stem.replace("chunk", "part")
    articles = [Article(**row) for row in pq.read_table(chunk).to_pylist()]
    tag = extractor_tag(settings)
    out: dict[str, list[dict]] = {t: [] for t in ("articles", *MENTION_TABLES, "rejects")}
    now = datetime.now(timezone.utc)
    started = time.perf_counter()
    for result in extract_articles_safely(articles, settings.model, batch_size=settings.nlp_batch_size):
        if isinstance(result, Reject):
            out["rejects"].append(_reject_row(result, run_id, now))
            continue
        a = result.article
        for table in MENTION_TABLES:
            for row in result.rows[table]:
                out[table].append({**row, "article_id": a.article_id, "run_id": run_id})
        out["articles"].append({
            **a.to_dict(),
            "n_chars": len(a.body),
            **{f"n_{t}": len(result.rows[t]) for t in MENTION_TABLES},
            "extracted": result.extracted,
            "extractor": tag,
            "run_id": run_id,
        })
    extracted = time.perf_counter()
    parts = {t: str(write_rows(t, rows, batch / t / f"{part}.parquet")) for t, rows in out.items()}
    return {
        "parts": parts,
        "articles": len(out["articles"]),
        "seconds": {"extract": extracted - started, "write": time.perf_counter() - extracted},
    }


def read_batch(batch: Path, table: str) -> pa.Table:
    return read_table(table_parts(Path(batch), table), table)
