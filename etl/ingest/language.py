"""The language an article is written in (ISO 639-1), detected offline with lingua.

lingua-language-detector ships its models inside the package (nothing is downloaded). To keep it
cheap — ingest runs it once per article — the detector only chooses among LANGUAGES, the
languages news in this warehouse comes in, runs in low-accuracy mode (trigram models only, the
documented fast mode; reliable on texts of a paragraph or more, which articles are), and reads at
most SAMPLE_CHARS of the text. Below MIN_CHARS of letters, or when lingua is unsure, the language
is None (unknown), and extraction runs as for the model's own language.

    detect_language("Der Bürgermeister sagte am Montag …") == "de"
"""
from __future__ import annotations

import threading

# ISO 639-1 codes lingua chooses among (lingua's names for them in _LINGUA).
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "pl", "cs", "ro", "hu", "tr",
             "el", "ru", "uk", "ar", "he", "fa", "hi", "zh", "ja", "ko", "id", "vi")
_LINGUA = {"nb": "BOKMAL"}
SAMPLE_CHARS = 400
MIN_CHARS = 40
# the chosen language must beat the next one by this much confidence, else the answer is None
MIN_MARGIN = 0.2

_lock = threading.Lock()
_detector = None


def _build():
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs = []
    for code in LANGUAGES:
        name = _LINGUA.get(code)
        langs.append(getattr(Language, name) if name else Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
    return LanguageDetectorBuilder.from_languages(*langs).with_low_accuracy_mode().build()


def detector():
    global _detector
    with _lock:
        if _detector is None:
            _detector = _build()
    return _detector


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when too short or unsure."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_CHARS:
        return None
    values = detector().compute_language_confidence_values(sample)
    if not values:
        return None
    best = values[0]
    runner_up = values[1].value if len(values) > 1 else 0.0
    if best.value - runner_up < MIN_MARGIN:
        return None
    return best.language.iso_code_639_1.name.lower()


def language_name(code: str | None) -> str:
    """'de' → 'German' (for the run report)."""
    if not code:
        return "an unknown language"
    try:
        from lingua import IsoCode639_1, Language

        return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())).name.title()
    except (AttributeError, ValueError):
        return code


def model_language(model: str) -> str | None:
    """The language code of an installed spaCy pipeline package ("en" for en_core_web_sm), from
    its meta.json, without importing spaCy; None when it cannot be told. A model given as a folder
    path is read the same way."""
    import importlib.util
    import json
    from pathlib import Path

    candidates = [Path(model)]
    try:
        spec = importlib.util.find_spec(model) if model.isidentifier() else None
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        candidates = [Path(p) for p in spec.submodule_search_locations] + candidates
    for folder in candidates:
        meta = folder / "meta.json"
        try:
            lang = json.loads(meta.read_text(encoding="utf-8")).get("lang")
        except (OSError, ValueError):
            continue
        if isinstance(lang, str) and lang:
            return lang
    return None


def not_extracted_counts(languages: dict[str, int], model: str) -> dict[str, int]:
    """Of the articles per language, those the model cannot read (what extraction will skip)."""
    lang = model_language(model)
    if lang is None or lang == "xx":  # unknown or multi-language model: everything is read
        return {}
    return {code: n for code, n in languages.items() if code != lang}
