"""docker-compose.yml cannot be started here (no Docker engine): check it as data."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
AIRFLOW_SERVICES = {"airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer", "airflow-worker", "airflow-init"}
SHARED_MOUNTS = {"/opt/news/raw", "/opt/news/data", "/opt/news/lake", "/opt/news/reports", "/opt/airflow/dags"}


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_and_commands():
    services = _compose()["services"]
    assert {"postgres", "redis"} | AIRFLOW_SERVICES <= set(services)
    commands = {name: services[name].get("command", "") for name in AIRFLOW_SERVICES}
    assert commands["airflow-apiserver"] == "api-server"
    assert commands["airflow-scheduler"] == "scheduler"
    assert commands["airflow-dag-processor"] == "dag-processor"
    assert commands["airflow-triggerer"] == "triggerer"
    assert commands["airflow-worker"] == "celery worker"
    assert "db migrate" in commands["airflow-init"] and "pools set duckdb_writer 1" in commands["airflow-init"]
    assert services["postgres"]["image"].startswith("postgres:")


def test_airflow_services_share_image_env_and_volumes():
    compose = _compose()
    services = compose["services"]
    envs = [services[s]["environment"] for s in AIRFLOW_SERVICES]
    for env in envs:
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql")
        assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://")
        # the DuckLake catalog in the compose file's Postgres, its files on the shared lake volume
        assert env["NEWS_WAREHOUSE"].startswith("ducklake:postgres:") and "host=postgres" in env["NEWS_WAREHOUSE"]
        assert "password" not in env["NEWS_WAREHOUSE"] and env["PGPASSWORD"]
        assert env["NEWS_WAREHOUSE_DATA_PATH"].endswith("/opt/news/lake/}")
        assert env["NEWS_LOAD_POOL"] == "duckdb_writer"
    keys = {k for env in envs for k in env if k.startswith(("AIRFLOW__", "NEWS_", "PG"))}
    for env in envs:
        assert keys - {"DUMB_INIT_SETSID"} <= set(env), "every Airflow container sees the same configuration"
    for name in AIRFLOW_SERVICES:
        svc = services[name]
        assert svc["build"] == "." and svc["image"] == "news-warehouse-airflow:latest"
        mounts = {v.split(":")[1] for v in svc["volumes"]}
        assert SHARED_MOUNTS <= mounts, name
    named = {v.split(":")[0] for v in services["airflow-worker"]["volumes"] if not v.startswith(".")}
    assert named <= set(compose["volumes"])


def catalog_dsn() -> dict[str, str]:
    """The libpq keywords of the compose file's NEWS_WAREHOUSE (`ducklake:postgres:k=v k=v`)."""
    spec = _compose()["services"]["airflow-scheduler"]["environment"]["NEWS_WAREHOUSE"]
    return dict(kv.split("=", 1) for kv in spec.removeprefix("ducklake:postgres:").split())


def test_postgres_creates_the_catalog_database():
    postgres = _compose()["services"]["postgres"]
    assert "./docker/postgres-init.sql:/docker-entrypoint-initdb.d/10-news-catalog.sql:ro" in postgres["volumes"]
    sql = (ROOT / "docker" / "postgres-init.sql").read_text()
    dsn = catalog_dsn()
    assert f"CREATE ROLE {dsn['user']} LOGIN" in sql
    assert f"CREATE DATABASE {dsn['dbname']} OWNER {dsn['user']}" in sql


def test_dockerfile_installs_project_on_official_image():
    text = (ROOT / "Dockerfile").read_text()
    assert "FROM apache/airflow:${AIRFLOW_VERSION}-python3.11" in text
    assert "--require-hashes -r requirements-model.txt" in text
    assert 'pip install --no-cache-dir "apache-airflow==${AIRFLOW_VERSION}" .' in text


def interpolate(value: str) -> str:
    """Compose's `${VAR:-default}` with no VAR set: the default."""
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", str(value))


def service_env(name: str, tmp_path: Path) -> dict[str, str]:
    """A service's environment for running its command here: Airflow's metadata in SQLite under
    tmp_path instead of the compose file's Postgres host (no Docker network here)."""
    env = {k: interpolate(v) for k, v in _compose()["services"][name]["environment"].items()}
    env.update({
        "AIRFLOW_HOME": str(tmp_path / "airflow_home"),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{tmp_path / 'airflow.db'}",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    })
    return env


@pytest.mark.slow
def test_airflow_init_command_runs(tmp_path):
    """airflow-init's own command line, as the container runs it: migrates and creates the pool."""
    command = _compose()["services"]["airflow-init"]["command"]
    env = service_env("airflow-init", tmp_path)
    proc = subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    pools = subprocess.run(["airflow", "pools", "get", "duckdb_writer", "--output", "json"], env=env,
                           capture_output=True, text=True, timeout=120, check=True)
    assert int(json.loads(pools.stdout)[0]["slots"]) == 1


@pytest.mark.slow
def test_catalog_database_and_warehouse_string_work_on_real_postgres(postgres_server, tmp_path):
    """docker/postgres-init.sql as the postgres image runs it on first start, then a pipeline run
    with the compose file's NEWS_WAREHOUSE (host/port pointed at the test cluster) and PGPASSWORD:
    the DuckLake catalog lands in the `news` database, the data files under the data path."""
    from tests.helpers import query, run_cli

    postgres_server.psql((ROOT / "docker" / "postgres-init.sql").read_text())
    env = service_env("airflow-worker", tmp_path)
    spec = env["NEWS_WAREHOUSE"].replace("host=postgres", f"host=127.0.0.1 port={postgres_server.port}")
    lake = tmp_path / "lake"
    run_env = {"PGPASSWORD": env["PGPASSWORD"], "NEWS_WAREHOUSE_DATA_PATH": f"{lake}/"}
    run_cli(tmp_path, "run", "--input", str(ROOT / "data" / "raw"), "--warehouse", spec, env=run_env)
    os.environ["PGPASSWORD"] = env["PGPASSWORD"]  # the reader below is this process
    try:
        assert query(spec, "select count(*) from articles") == [(4,)]
    finally:
        del os.environ["PGPASSWORD"]
    tables = postgres_server.psql("select count(*) from information_schema.tables where table_name like 'ducklake_%'", db="news")
    assert int(tables) > 5, "the DuckLake catalog tables live in the news database"
    assert list(lake.rglob("*.parquet")), "the data files live under NEWS_WAREHOUSE_DATA_PATH"
