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

import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
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
LEDGER_PIECE = 1000  # raw file paths looked up in the warehouse's file ledger at a time
KNOWN_PIECE = 500    # ingested articles checked against the warehouse at a time

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


def _pieces(items: Iterable, size: int) -> Iterator[list]:
    piece: list = []
    for item in items:
        piece.append(item)
        if len(piece) >= size:
            yield piece
            piece = []
    if piece:
        yield piece


def _ledger_path(path: Path) -> str:
    """The ledger's key: the absolute path as text Parquet can store (bytes that are not UTF-8
    become \\xNN, as ingest does for source_path)."""
    return os.fsencode(os.path.abspath(path)).decode("utf-8", "backslashreplace")


def _file_digest(path: Path, max_bytes: int) -> str | None:
    """sha256 of a regular file's bytes; None when it cannot be read (ingest rejects it)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        try:
            data = fh.read(max_bytes + 1)
        except OSError:
            return None
    return hashlib.sha256(data).hexdigest()


def _new_files(paths: Iterable[Path], con, tag: str, run_id: str, max_bytes: int,
               ledger: list[dict], counts: dict[str, int]) -> Iterator[Path]:
    """The files ingest must read, in path order; looks each piece of paths up in the warehouse's
    file ledger. A file with the ledger's size and mtime for this extractor is skipped unread; one
    whose bytes hash to the ledger's digest is skipped too (its new mtime recorded). Every regular
    file that is read gets a ledger row, loaded with the batch. Links, pipes and oversized files
    are passed through unrecorded: ingest rejects them without reading them."""
    from etl.warehouse import ledger_entries

    for piece in _pieces(paths, LEDGER_PIECE):
        stats: dict[Path, os.stat_result] = {}
        for p in piece:
            try:
                st = os.lstat(p)
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode) and st.st_size <= max_bytes:
                stats[p] = st
        known = ledger_entries(con, [_ledger_path(p) for p in stats], tag)
        for p in piece:
            st = stats.get(p)
            if st is None:
                yield p
                continue
            key = _ledger_path(p)
            entry = known.get(key)
            if entry is not None and entry[0] == st.st_size and entry[1] == st.st_mtime_ns:
                counts["files_unchanged"] += 1
                continue
            digest = _file_digest(p, max_bytes)
            if digest is None:
                yield p
                continue
            ledger.append({"path": key, "size": st.st_size, "mtime_ns": st.st_mtime_ns, "content_sha256": digest,
                           "extractor": tag, "run_id": run_id})
            if entry is not None and entry[2] == digest:
                counts["files_unchanged"] += 1  # touched, not changed
                continue
            counts["files_read"] += 1
            yield p


def _input_paths(root: Path, folders: list[Path] | None) -> Iterator[Path]:
    """The files below root a run reads: all of them, or only those below `folders` (the days of
    a by-date run's interval; a missing day is empty). Paths stay relative to root for source ids."""
    from etl.ingest import walk

    if folders is None:
        yield from walk(root)
        return
    for folder in folders:
        if folder.is_symlink():
            yield folder  # ingest rejects it unread: links are never followed
        elif folder.is_dir():
            yield from walk(folder)


def stage(settings: Settings, run_id: str, input_dir: Path | None = None, folders: list[Path] | None = None) -> dict:
    """Ingest the input folder into chunk files; returns a manifest (paths and counts, the
    ingest warnings such as unreadable dates, and new articles per detected language).
    folders: read only these folders below the input folder (by-date layout), default all of it.

    What the warehouse already has is asked in pieces (LEDGER_PIECE paths, KNOWN_PIECE article
    ids at a time), so memory follows this run's new files, not the warehouse's size."""
    from etl.ingest import ingest_folder
    from etl.ingest.article import UNREADABLE_DATE
    from etl.ingest.language import not_extracted_counts
    from etl.warehouse import known_article_ids, reader

    root = Path(input_dir or settings.raw_dir)
    batch = batch_dir(settings, run_id)
    (batch / "staged").mkdir(parents=True, exist_ok=True)
    tag = extractor_tag(settings)
    now = datetime.now(timezone.utc)
    chunks: list[str] = []
    buffer: list[dict] = []
    pending: list[Article] = []
    rejects: list[dict] = []
    ledger: list[dict] = []
    counts = {"files_read": 0, "files_unchanged": 0}
    seen = skipped = 0
    warnings: list[str] = []
    languages: dict[str, int] = {}

    def flush() -> None:
        path = batch / "staged" / f"chunk-{len(chunks):05d}.parquet"
        write_atomic(pa.Table.from_pylist(buffer, schema=STAGED_SCHEMA), path)
        chunks.append(str(path))
        buffer.clear()

    def settle(con) -> int:
        """Move the pending articles the warehouse does not know yet into chunks."""
        known = known_article_ids(con, [a.article_id for a in pending], tag)
        for a in pending:
            if a.article_id in known:
                continue
            if a.language:
                languages[a.language] = languages.get(a.language, 0) + 1
            buffer.append(a.to_dict())
            if len(buffer) >= settings.batch_size:
                flush()
        pending.clear()
        return len(known)

    with reader(settings.warehouse) as con:
        files = _new_files(_input_paths(root, folders), con, tag, run_id, settings.max_file_bytes, ledger, counts)
        for record in ingest_folder(root, settings.max_file_bytes, paths=files):
            if isinstance(record, Reject):
                rejects.append(_reject_row(record, run_id, now))
                continue
            seen += 1
            warnings += [f"{record.source_path}: {n}" for n in record.notes or () if n.startswith(UNREADABLE_DATE)]
            pending.append(record)
            if len(pending) >= KNOWN_PIECE:
                skipped += settle(con)
        skipped += settle(con)
    if buffer:
        flush()
    write_rows("rejects", rejects, batch / "rejects" / "part-ingest.parquet")
    write_rows("ingested_files", ledger, batch / "ingested_files" / "part-ingest.parquet")
    manifest = {
        "run_id": run_id,
        "batch": str(batch),
        "chunks": chunks,
        "articles_seen": seen,
        "articles_unchanged": skipped,
        "rejected": len(rejects),
        **counts,
        "warnings": warnings,
        "languages": languages,  # new articles per detected language
        "not_extracted": not_extracted_counts(languages, settings.model),
        # by-date runs: the day folders this run read (None: the whole input folder)
        "input_folders": [str(f) for f in folders] if folders is not None else None,
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
