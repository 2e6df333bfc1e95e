"""What the Airflow DAGs need beyond the pipeline stages: per-run settings and schedules.

Kept free of heavy imports (no pyarrow, duckdb, spaCy, GX): the DAG files import parts of this
module while the dag-processor parses them.
"""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

# The keys a DAG run's conf may set (`airflow dags trigger news_etl --conf '{"raw_dir": "…"}'`,
# or the REST API's dagRuns body): where this one run reads and writes. Anything else is refused,
# so a typo does not silently run over the default folders.
RUN_CONF_KEYS = ("raw_dir", "data_dir", "warehouse", "reports_dir", "batch_size")


class RunConfError(ValueError):
    """A DAG run's conf names a setting a run cannot override, or a value of the wrong kind."""


def schedule_from_env(default: str = "@hourly", variable: str = "NEWS_SCHEDULE") -> str | None:
    """A DAG's schedule from `variable`: a cron expression or preset; `none` (or empty) means
    runs are only triggered (by hand or the REST API), never by the clock."""
    value = os.environ.get(variable, default).strip()
    return None if value.lower() in ("", "none") else value


def with_data_intervals(schedule: str | None):
    """The DAG's timetable for a cron expression or preset: runs cover the interval since the
    previous tick, in UTC (a `@daily` run at 2026-01-02 00:00 has the data interval
    [2026-01-01, 2026-01-02) and reads that day's folder in the by-date layout). Airflow 3's
    default for a cron string is a trigger timetable with a zero-length interval at the tick,
    which would point a midnight run at the day that has just begun. None, @once and
    @continuous are passed through."""
    if schedule is None or schedule in ("@once", "@continuous"):
        return schedule
    from airflow.sdk import CronDataIntervalTimetable

    return CronDataIntervalTimetable(schedule, timezone="UTC")


def settings_for_run(conf: dict[str, Any] | None = None):
    """Settings from the NEWS_* environment, with this run's conf on top.

    conf: the DAG run's conf (may be None or empty); keys from RUN_CONF_KEYS, values as strings
    (paths) or numbers. Raises RunConfError, naming the key, for anything else.
    """
    from etl.settings import Settings

    base = Settings.from_env()
    conf = dict(conf or {})
    unknown = sorted(set(conf) - set(RUN_CONF_KEYS))
    if unknown:
        raise RunConfError(f"the run's conf has keys a run cannot set: {', '.join(unknown)}; "
                           f"allowed: {', '.join(RUN_CONF_KEYS)}")
    overrides: dict[str, Any] = {}
    for key, value in conf.items():
        current = getattr(base, key)
        try:
            # the setting's own type (Path, int, str): conf arrives as JSON
            overrides[key] = Path(value).expanduser() if isinstance(current, Path) else type(current)(value)
        except (TypeError, ValueError) as exc:
            raise RunConfError(f"the run's conf sets {key} to {value!r}, which is not a {type(current).__name__}") from exc
    return replace(base, **overrides)


def max_map_length() -> int:
    """Airflow's `core.max_map_length` (AIRFLOW__CORE__MAX_MAP_LENGTH, default 1024): the most
    instances one mapped task may have. Read where the task runs; the API server enforces its own
    value, so a deployment sets it once for every Airflow process (docker-compose does)."""
    from airflow.sdk.configuration import conf

    return conf.getint("core", "max_map_length", fallback=1024)


def shard(chunks: list[str], limit: int) -> list[list[str]]:
    """Group chunks into at most `limit` shards of consecutive chunks, sizes differing by one at most.

    With no chunks there is still one (empty) shard: the mapped extract task then runs once and
    does nothing, so validation and the load still run (an unchanged re-run, or a run whose only
    new files were rejected at ingest, still records its rejects).
    Raises ValueError for limit < 1.
    """
    if limit < 1:
        raise ValueError(f"max_map_length must be at least 1, not {limit}")
    if not chunks:
        return [[]]
    count = min(limit, len(chunks))
    size, extra = divmod(len(chunks), count)
    shards, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        shards.append(list(chunks[start:end]))
        start = end
    return shards


def extract_shard(chunks: list[str], settings, run_id: str) -> dict:
    """One mapped extract task's work: its chunks one after another in this process (the model
    is loaded once per process). Returns {"chunks": n, "articles": n, "seconds": {"extract", "write"}}."""
    from etl.pipeline import extract

    out = {"chunks": 0, "articles": 0, "seconds": {"extract": 0.0, "write": 0.0}}
    for chunk in chunks:
        result = extract(chunk, settings, run_id)
        out["chunks"] += 1
        out["articles"] += result["articles"]
        for k in out["seconds"]:
            out["seconds"][k] += result["seconds"][k]
    return out


RAW_LAYOUTS = ("flat", "by-date")


def raw_layout() -> str:
    """NEWS_RAW_LAYOUT: `flat` (default; every run reads the whole input folder) or `by-date`
    (raw/YYYY-MM-DD/…: a run with a data interval reads only the folders of its days)."""
    value = os.environ.get("NEWS_RAW_LAYOUT", "flat").strip().lower() or "flat"
    if value not in RAW_LAYOUTS:
        raise RunConfError(f"NEWS_RAW_LAYOUT is {value!r}; expected one of {', '.join(RAW_LAYOUTS)}")
    return value


def interval_days(start, end) -> list | None:
    """The UTC calendar days that the data interval [start, end) touches, in order.

    start/end: timezone-aware datetimes (a DAG run's data_interval_start/end), or None for a run
    without a data interval (None is returned). A zero-length interval (a manual run at a
    logical date) is that one day."""
    from datetime import timedelta, timezone

    if start is None or end is None:
        return None
    first = start.astimezone(timezone.utc)
    last = end.astimezone(timezone.utc)
    last_day = first.date() if last <= first else (last - timedelta(microseconds=1)).date()
    return [first.date() + timedelta(days=i) for i in range((last_day - first.date()).days + 1)]


def input_folders(raw_dir: Path, layout: str, start=None, end=None) -> list[Path] | None:
    """The folders a run reads below raw_dir: None for all of it (flat layout, or a run without
    a data interval), else raw_dir/YYYY-MM-DD for each day of the interval (missing days are
    simply empty)."""
    if layout == "flat":
        return None
    days = interval_days(start, end)
    if days is None:
        return None
    return [Path(raw_dir) / d.isoformat() for d in days]
