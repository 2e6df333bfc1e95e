"""Helpers for end-to-end tests: run the real CLI in a subprocess with its own folders."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cli_env(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "NEWS_DATA_DIR": str(work / "data"),
        "NEWS_WAREHOUSE": str(work / "warehouse.sqlite"),
        "NEWS_REPORTS_DIR": str(work / "reports"),
        "GX_ANALYTICS_ENABLED": "false",
    })
    return env


def run_cli(work: Path, *args: str, check: bool = True, timeout: int = 900,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "etl.cli", *args], cwd=ROOT, env={**cli_env(work), **(env or {})},
                          capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"news-etl {' '.join(args)} exited {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def open_warehouse(warehouse):
    """A read-only connection to a warehouse (catalog path or ducklake: URI), tables selected."""
    from etl.warehouse import connect

    return connect(warehouse, read_only=True)


def query(warehouse, sql: str, params=()) -> list[tuple]:
    con = open_warehouse(warehouse)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def table_snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in key order: equal snapshots mean equal tables."""
    from schemas.tables import STATE_TABLES, TABLES

    con = open_warehouse(warehouse)
    try:
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in {**TABLES, **STATE_TABLES}}
    finally:
        con.close()


def content_snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    """Like table_snapshot, without the columns that name the run (run_id, rejected_at)."""
    from schemas.tables import TABLES

    con = open_warehouse(warehouse)
    try:
        out = {}
        for t in TABLES:
            cols = ", ".join(f'"{c}"' for c in TABLES[t].columns if c not in ("run_id", "rejected_at"))
            out[t] = con.execute(f"select {cols} from {t} order by all").fetchall()
        return out
    finally:
        con.close()


def write_entityless_articles(folder: Path, n: int = 50) -> list[Path]:
    """`n` distinct one-line articles that name no person, place or number and quote nobody —
    what the extractors return for each of them is nothing, as when the extractor is broken."""
    import itertools

    adjectives = ["grey", "calm", "quiet", "busy", "damp", "bright", "cold", "windy", "muddy", "sunny", "foggy", "mild"]
    nouns = ["morning", "market", "harbour", "street", "garden", "evening", "square"]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (adj, noun) in enumerate(itertools.islice(itertools.product(adjectives, nouns), n)):
        path = folder / f"note-{i:03d}.txt"
        path.write_text(f"It was a {adj} {noun} again, and nothing much happened there, residents said.\n", encoding="utf-8")
        paths.append(path)
    assert len(paths) == n
    return paths


def read_history(reports: Path) -> list[dict]:
    import json

    return [json.loads(line) for line in (reports / "history.jsonl").read_text(encoding="utf-8").split("\n") if line.strip()]
