"""News agencies ("wires") by the names bylines and datelines give them → their usual short name."""
from __future__ import annotations

import re

# short name → the forms a byline or dateline uses (compared case- and punctuation-insensitively)
WIRES: dict[str, tuple[str, ...]] = {
    "AP": ("ap", "associated press", "the associated press", "associated press writer", "ap writer"),
    "Reuters": ("reuters", "thomson reuters", "reuters staff", "reuters staff writer"),
    "AFP": ("afp", "agence france presse", "agence france-presse", "afp staff"),
    "UPI": ("upi", "united press international"),
    "dpa": ("dpa", "deutsche presse-agentur", "deutsche presse agentur"),
    "Bloomberg": ("bloomberg", "bloomberg news"),
    "Xinhua": ("xinhua", "xinhua news agency"),
    "PA": ("pa", "press association", "pa media"),
    "ANSA": ("ansa",),
    "EFE": ("efe",),
    "Kyodo": ("kyodo", "kyodo news"),
    "CP": ("cp", "the canadian press", "canadian press"),
    "AAP": ("aap", "australian associated press"),
}


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.casefold().replace("-", " ")).strip()


_BY_FORM = {_key(form): short for short, forms in WIRES.items() for form in forms}


def wire_name(text: str) -> str | None:
    """The wire's short name when `text` names a wire ('Associated Press' → 'AP'), else None."""
    return _BY_FORM.get(_key(text))


def canonical_agency(text: str) -> str:
    """An agency as a dateline writes it, in its usual short form; unknown ones as written."""
    return wire_name(text) or text.strip()
