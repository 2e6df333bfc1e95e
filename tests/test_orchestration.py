"""etl/orchestration.py: what the DAGs read per run (conf overrides, schedule)."""
from __future__ import annotations

from pathlib import Path

import pytest

from etl.orchestration import RunConfError, schedule_from_env, settings_for_run


def test_run_conf_overrides_folders_and_sizes(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWS_RAW_DIR", "/env/raw")
    s = settings_for_run({"raw_dir": str(tmp_path / "in"), "batch_size": "7", "warehouse": str(tmp_path / "w.sqlite")})
    assert s.raw_dir == tmp_path / "in" and isinstance(s.raw_dir, Path)
    assert s.batch_size == 7
    assert str(s.warehouse) == str(tmp_path / "w.sqlite")
    assert settings_for_run(None).raw_dir == Path("/env/raw")
    assert settings_for_run({}).raw_dir == Path("/env/raw")


def test_run_conf_refuses_unknown_keys_and_bad_values():
    with pytest.raises(RunConfError, match="raw_folder"):
        settings_for_run({"raw_folder": "/x"})
    with pytest.raises(RunConfError, match="batch_size"):
        settings_for_run({"batch_size": "many"})


@pytest.mark.parametrize("value, expected", [("@daily", "@daily"), ("0 6 * * *", "0 6 * * *"), ("none", None), ("None", None), ("", None)])
def test_schedule_from_env(monkeypatch, value, expected):
    monkeypatch.setenv("NEWS_SCHEDULE", value)
    assert schedule_from_env() == expected


def test_schedule_default(monkeypatch):
    monkeypatch.delenv("NEWS_SCHEDULE", raising=False)
    assert schedule_from_env() == "@hourly"


@pytest.mark.parametrize("n, limit", [(1, 1), (10, 4), (1030, 1024), (4, 4), (3, 10), (2049, 1024)])
def test_shards_cover_every_chunk_in_order_within_the_limit(n, limit):
    from etl.orchestration import shard

    chunks = [f"chunk-{i:05d}" for i in range(n)]
    shards = shard(chunks, limit)
    assert len(shards) == min(n, limit)
    assert [c for s in shards for c in s] == chunks
    sizes = {len(s) for s in shards}
    assert max(sizes) - min(sizes) <= 1 and min(sizes) >= 1


def test_no_chunks_is_one_empty_shard_and_limit_must_be_positive():
    from etl.orchestration import shard

    assert shard([], 4) == [[]]
    with pytest.raises(ValueError):
        shard(["a"], 0)


def test_max_map_length_follows_airflow_config(monkeypatch):
    from etl.orchestration import max_map_length

    monkeypatch.setenv("AIRFLOW__CORE__MAX_MAP_LENGTH", "4")
    assert max_map_length() == 4


def _utc(*args):
    from datetime import datetime, timezone

    return datetime(*args, tzinfo=timezone.utc)


@pytest.mark.parametrize("start, end, days", [
    (_utc(2026, 1, 5, 10), _utc(2026, 1, 5, 11), ["2026-01-05"]),                         # hourly
    (_utc(2026, 1, 5), _utc(2026, 1, 6), ["2026-01-05"]),                                 # daily: end excluded
    (_utc(2026, 1, 5, 23), _utc(2026, 1, 6, 1), ["2026-01-05", "2026-01-06"]),            # across midnight
    (_utc(2026, 1, 5), _utc(2026, 1, 8), ["2026-01-05", "2026-01-06", "2026-01-07"]),     # three days
    (_utc(2026, 1, 5, 12), _utc(2026, 1, 5, 12), ["2026-01-05"]),                         # manual: that day
])
def test_interval_days(start, end, days):
    from etl.orchestration import interval_days

    assert [d.isoformat() for d in interval_days(start, end)] == days


def test_interval_days_in_utc_and_none_without_interval():
    from datetime import datetime, timedelta, timezone

    from etl.orchestration import interval_days

    paris = timezone(timedelta(hours=1))
    # 00:30 in Paris on the 6th is 23:30 UTC on the 5th
    assert [d.isoformat() for d in interval_days(datetime(2026, 1, 6, 0, 30, tzinfo=paris),
                                                  datetime(2026, 1, 6, 0, 45, tzinfo=paris))] == ["2026-01-05"]
    assert interval_days(None, None) is None


def test_input_folders_by_layout(monkeypatch, tmp_path):
    from etl.orchestration import input_folders, raw_layout

    assert input_folders(tmp_path, "flat", _utc(2026, 1, 5), _utc(2026, 1, 6)) is None
    assert input_folders(tmp_path, "by-date", None, None) is None
    assert input_folders(tmp_path, "by-date", _utc(2026, 1, 5), _utc(2026, 1, 7)) == [tmp_path / "2026-01-05", tmp_path / "2026-01-06"]
    monkeypatch.delenv("NEWS_RAW_LAYOUT", raising=False)
    assert raw_layout() == "flat"
    monkeypatch.setenv("NEWS_RAW_LAYOUT", "by-date")
    assert raw_layout() == "by-date"
    monkeypatch.setenv("NEWS_RAW_LAYOUT", "daily")
    with pytest.raises(RunConfError, match="NEWS_RAW_LAYOUT"):
        raw_layout()
