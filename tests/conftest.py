"""Shared fixtures: one spaCy model per test session, paths to the shared corpora."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Airflow reads these at import: keep its home inside the repo and its examples out.
os.environ.setdefault("AIRFLOW_HOME", str(ROOT / "airflow_home"))
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
SHARED = Path(os.environ.get("NEWS_SHARED_DIR", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def settings():
    from etl.settings import Settings

    return Settings.from_env()


@pytest.fixture(scope="session")
def nlp(settings):
    from etl.extract.nlp import load_model

    return load_model(settings.model)


@pytest.fixture(scope="session")
def extract(nlp):
    """extract(body, title=None) → {table: rows} through the real extractors."""
    from etl.extract import extract_doc
    from etl.extract.context import doc_text
    from etl.ingest.article import build_article
    from etl.records import Article

    def run(body: str, title: str | None = None, dateline: bool = True) -> dict[str, list[dict]]:
        if dateline:
            article = build_article(body, source_id="t", source_path="t.txt", fmt="txt", title=title, detect_headline=False)
            assert isinstance(article, Article), article
        else:
            article = Article(source_id="t", source_path="t.txt", format="txt", body=body, title=title)
        return extract_doc(article, nlp(doc_text(article))).rows

    return run


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared corpora sit beside the repository)")
    return path


# Servers started once per session and shared by every test file that needs them.
from tests.servers import airflow_servers, postgres_server  # noqa: E402,F401
