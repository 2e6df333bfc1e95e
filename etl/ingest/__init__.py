"""Ingest: a folder of raw files → Article records, or Reject records with a reason.

Nothing here raises on bad input: every file becomes articles or rejects. Symbolic links are
never followed (a link could point anywhere on the machine), pipes and devices are never read,
oversized files are refused before they are read, and the same story under two names is kept
once (same article_id; the second name is recorded as a reject naming the first).
"""
from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from etl.ingest.feeds import read_feed
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
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
}


def walk(root: Path) -> Iterator[Path]:
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


def _display(rel: str) -> str:
    """The path as text Parquet can store: undecodable bytes in a file name become \\xNN."""
    return os.fsencode(rel).decode("utf-8", "backslashreplace")


def read_file(path: Path, root: Path, max_bytes: int) -> list[Article | Reject]:
    rel_path = path.relative_to(root)
    rel = _display(rel_path.as_posix())
    # the path below the input folder, without extension: 'story', or '2024/june/story' when nested,
    # so that two folders' 'story.txt' are two sources
    source_id = _display(rel_path.with_suffix("").as_posix()) if rel_path.suffix else rel
    if path.is_symlink():
        return [Reject(rel, "symbolic link: not followed (it could point outside the input folder)", source_id=source_id,
                       detail=f"points to {_display(os.readlink(path))}")]
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return [Reject(rel, f"unsupported file type {_display(path.suffix) or '(no extension)'!r}: expected .txt, .html, .jsonl, or an RSS/Atom feed (.xml, .rss, .atom)",
                       source_id=source_id)]
    try:
        # O_NOFOLLOW: a file swapped for a link since the walk is not followed either;
        # O_NONBLOCK: a named pipe cannot hang the run (it is refused below, unread)
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        return [Reject(rel, "file could not be opened", source_id=source_id, detail=str(exc)[:500])]
    with os.fdopen(fd, "rb") as fh:
        try:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                return [Reject(rel, "not a regular file (a pipe, socket or device): not read", source_id=source_id)]
            if st.st_size > max_bytes:
                return [Reject(rel, f"file is larger than the limit ({st.st_size:,} bytes > {max_bytes:,}; set NEWS_MAX_FILE_BYTES)",
                               source_id=source_id)]
            data = fh.read(max_bytes + 1)  # bounded even if the file grows after the size check
        except OSError as exc:
            return [Reject(rel, "file could not be read", source_id=source_id, detail=str(exc)[:500])]
    if len(data) > max_bytes:
        return [Reject(rel, f"file is larger than the limit (over {max_bytes:,} bytes; set NEWS_MAX_FILE_BYTES)",
                       source_id=source_id)]
    try:
        return reader(data, source_id=source_id, source_path=rel)
    except Exception as exc:  # a reader bug must not lose the file: it becomes a reject
        return [Reject(rel, "the file could not be turned into an article", source_id=source_id, detail=repr(exc)[:500])]


def ingest_folder(root: Path, max_bytes: int, paths: Iterable[Path] | None = None) -> Iterator[Article | Reject]:
    """Articles and rejects for every file below root, in path order.

    The same text a second time (another file name, or a repeated JSON-lines record) is loaded
    once; the later copy becomes a reject naming the first. A source_id names one article per run:
    a second, different text under the same source_id (e.g. 'story.txt' and 'story.html', or two
    feeds using the same record id) is rejected too, since the edit rule would otherwise make one
    replace the other. `paths`: the files to read (default: walk(root)); the caller may pass a
    filtered walk (the file ledger leaves out files the warehouse already has).
    """
    root = Path(root)
    seen: dict[str, str] = {}
    sources: dict[str, str] = {}
    for path in (walk(root) if paths is None else paths):
        for record in read_file(path, root, max_bytes):
            if isinstance(record, Article):
                first = seen.get(record.article_id)
                if first is not None:
                    record = Reject(record.source_path, f"duplicate of {first}: the same article text, loaded once under that name",
                                    source_id=record.source_id)
                elif record.source_id in sources:
                    record = Reject(record.source_path,
                                    f"source id {record.source_id!r} is already used by {sources[record.source_id]} "
                                    "with a different text; one source id can hold only one article",
                                    source_id=record.source_id)
                else:
                    seen[record.article_id] = record.source_path
                    sources[record.source_id] = record.source_path
            yield record
