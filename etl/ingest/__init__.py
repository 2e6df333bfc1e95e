"""Ingest: a folder of raw files → Article records, or Reject records with a reason.

Nothing here raises on bad input: every file becomes articles or rejects. Symbolic links are
never followed (a link could point anywhere on the machine), oversized files are refused before
they are read, and the same story under two names is kept once (same article_id).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from etl.ingest.html import read_html
from etl.ingest.jsonl import read_jsonl
from etl.ingest.txt import read_txt
from etl.records import Article, Reject

READERS: dict[str, Callable[..., list[Article | Reject]]] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
}


def _walk(root: Path) -> Iterator[Path]:
    """Every entry below root, sorted, not descending into symlinked folders."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(dirpath)
        for name in sorted(filenames):
            if not name.startswith("."):
                yield base / name
        for d in dirnames:
            if (base / d).is_symlink():
                yield base / d


def read_file(path: Path, root: Path, max_bytes: int) -> list[Article | Reject]:
    rel = path.relative_to(root).as_posix()
    source_id = path.stem
    if path.is_symlink():
        return [Reject(rel, "symbolic link: not followed (it could point outside the input folder)", source_id=source_id,
                       detail=f"points to {os.readlink(path)}")]
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return [Reject(rel, f"unsupported file type {path.suffix or '(no extension)'!r}: expected .txt, .html or .jsonl",
                       source_id=source_id)]
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return [Reject(rel, f"file is larger than the limit ({size:,} bytes > {max_bytes:,}; set NEWS_MAX_FILE_BYTES)",
                           source_id=source_id)]
        data = path.read_bytes()
    except OSError as exc:
        return [Reject(rel, "file could not be read", source_id=source_id, detail=str(exc))]
    try:
        return reader(data, source_id=source_id, source_path=rel)
    except Exception as exc:  # a reader bug must not lose the file: it becomes a reject
        return [Reject(rel, "the file could not be turned into an article", source_id=source_id, detail=repr(exc)[:500])]


def ingest_folder(root: Path, max_bytes: int) -> Iterator[Article | Reject]:
    """Articles and rejects for every file below root; duplicates of an earlier article dropped."""
    root = Path(root)
    seen: dict[str, str] = {}
    for path in _walk(root):
        for record in read_file(path, root, max_bytes):
            if isinstance(record, Article):
                if record.article_id in seen:
                    continue  # same story again under another name: one article
                seen[record.article_id] = record.source_path
            yield record
