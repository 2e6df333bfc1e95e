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


def schedule_from_env(default: str = "@hourly") -> str | None:
    """NEWS_SCHEDULE: a cron expression or preset; `none` (or empty) means runs are only
    triggered (by hand, the REST API or a backfill), never by the clock."""
    value = os.environ.get("NEWS_SCHEDULE", default).strip()
    return None if value.lower() in ("", "none") else value


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
