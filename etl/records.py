"""The plain records that flow between stages: an ingested Article, or a Reject."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import datetime


def normalise_text(text: str) -> str:
    """NFKC, unified newlines, trailing spaces trimmed, at most one blank line in a row."""
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\ufeff", "")
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def article_id_for(body: str) -> str:
    """Stable id: the same story twice, whatever its file name or spacing, is one article."""
    folded = " ".join(unicodedata.normalize("NFKC", body).split()).casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:32]


@dataclass
class Article:
    source_id: str
    source_path: str
    format: str
    body: str
    title: str | None = None
    dateline: str | None = None
    dateline_place: str | None = None
    agency: str | None = None
    byline: str | None = None
    authors: list[str] | None = None
    outlet: str | None = None
    language: str | None = None
    published: datetime | None = None
    published_from: str | None = None
    url: str | None = None
    encoding_repaired: bool = False
    notes: list[str] | None = None
    article_id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.article_id:
            self.article_id = article_id_for(self.body)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Reject:
    source_path: str
    reason: str
    stage: str = "ingest"
    source_id: str | None = None
    detail: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)
