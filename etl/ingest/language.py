"""The language an article is written in (ISO 639-1), detected offline with lingua.

lingua-language-detector ships its models inside the package (nothing is downloaded). To keep it
cheap — ingest runs it once per article — it runs in low-accuracy mode (trigram models only, the
documented fast mode; reliable on texts of a paragraph or more, which articles are), reads at
most SAMPLE_CHARS of the text, and works in two steps: a quick detector among the few Latin-script
languages closest to English (QUICK) settles the common case, an English article; anything else
goes to the full detector among LANGUAGES, the languages news in this warehouse comes in. (The
cost grows with the number of languages: about 2 ms an article with QUICK against 4-5 ms with
all of LANGUAGES, on this machine under load.) Below MIN_CHARS of letters, or when lingua is
unsure, the language is None (unknown), and extraction runs as for the model's own language.

    detect_language("Der Bürgermeister sagte am Montag …") == "de"
"""
from __future__ import annotations

import threading

# ISO 639-1 codes lingua chooses among (lingua's names for them in _LINGUA).
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "pl", "cs", "ro", "hu", "tr",
             "el", "ru", "uk", "ar", "he", "fa", "hi", "zh", "ja", "ko", "id", "vi")
_LINGUA = {"nb": "BOKMAL"}
QUICK = ("en", "de", "fr", "es", "it", "pt", "nl")
SAMPLE_CHARS = 400
MIN_CHARS = 40
# the chosen language must beat the next one by this much confidence, else the answer is None
MIN_MARGIN = 0.2

_lock = threading.Lock()
_detectors: dict[tuple[str, ...], object] = {}


def _build(codes: tuple[str, ...]):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs = []
    for code in codes:
        name = _LINGUA.get(code)
        langs.append(getattr(Language, name) if name else Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
    return LanguageDetectorBuilder.from_languages(*langs).with_low_accuracy_mode().build()


def detector(codes: tuple[str, ...] = LANGUAGES):
    with _lock:
        if codes not in _detectors:
            _detectors[codes] = _build(codes)
        return _detectors[codes]


def _best(codes: tuple[str, ...], sample: str) -> str | None:
    values = detector(codes).compute_language_confidence_values(sample)
    if not values:
        return None
    runner_up = values[1].value if len(values) > 1 else 0.0
    if values[0].value - runner_up < MIN_MARGIN:
        return None
    return values[0].language.iso_code_639_1.name.lower()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when too short or unsure."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_CHARS:
        return None
    if _best(QUICK, sample) == "en":
        return "en"
    return _best(LANGUAGES, sample)


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
