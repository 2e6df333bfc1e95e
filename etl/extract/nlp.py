"""The spaCy model: loaded once per process, configurable by name."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4)
def load_model(name: str):
    """Load an installed spaCy pipeline package by name (never downloads anything)."""
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {name!r} is not installed in this environment. Install its package "
            f"(see README, 'The model') or set NEWS_SPACY_MODEL to an installed one."
        ) from exc


def model_description(name: str) -> str:
    nlp = load_model(name)
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', name)}-{nlp.meta.get('version', '?')}"
