"""docker-compose.yml cannot be started here (no Docker engine): check it as data."""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
AIRFLOW_SERVICES = {"airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer", "airflow-worker", "airflow-init"}
SHARED_MOUNTS = {"/opt/news/raw", "/opt/news/data", "/opt/news/warehouse", "/opt/news/reports", "/opt/airflow/dags"}


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
        assert env["NEWS_WAREHOUSE"].startswith("/opt/news/warehouse/")
        assert env["NEWS_LOAD_POOL"] == "duckdb_writer"
    keys = {k for env in envs for k in env if k.startswith(("AIRFLOW__", "NEWS_"))}
    for env in envs:
        assert keys - {"DUMB_INIT_SETSID"} <= set(env), "every Airflow container sees the same configuration"
    for name in AIRFLOW_SERVICES:
        svc = services[name]
        assert svc["build"] == "." and svc["image"] == "news-warehouse-airflow:latest"
        mounts = {v.split(":")[1] for v in svc["volumes"]}
        assert SHARED_MOUNTS <= mounts, name
    named = {v.split(":")[0] for v in services["airflow-worker"]["volumes"] if not v.startswith(".")}
    assert named <= set(compose["volumes"])


def test_dockerfile_installs_project_on_official_image():
    text = (ROOT / "Dockerfile").read_text()
    assert "FROM apache/airflow:${AIRFLOW_VERSION}-python3.11" in text
    assert "--require-hashes -r requirements-model.txt" in text
    assert 'pip install --no-cache-dir "apache-airflow==${AIRFLOW_VERSION}" .' in text
