"""What every extractor gets: the parsed Doc and a way back to the article's own offsets.

The title and the body are parsed together as one Doc ("title\n\nbody") so that a name in the
headline and the same name in the body are one entity. Rows must point into the article's own
texts, so `locate` turns Doc offsets into (section, start, end) of articles.title / .body.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from etl.records import Article

SEPARATOR = "\n\n"


def doc_text(article: Article) -> str:
    return f"{article.title}{SEPARATOR}{article.body}" if article.title else article.body


@dataclass
class DocContext:
    article: Article
    doc: object  # spacy.tokens.Doc; typed loosely so this module imports without spaCy
    people: list[dict] = field(default_factory=list)  # filled by the people extractor, read by quotes

    def __post_init__(self) -> None:
        self.doc.user_data["news_title_end"] = self.body_offset

    @property
    def body_offset(self) -> int:
        return len(self.article.title) + len(SEPARATOR) if self.article.title else 0

    def locate(self, start: int, end: int) -> tuple[str, int, int]:
        """Doc character offsets → (section, start, end) in that section's text."""
        off = self.body_offset
        if self.article.title and start < off:
            return "title", start, min(end, len(self.article.title))
        return "body", start - off, end - off

    def section_text(self, section: str) -> str:
        if section == "title":
            return self.article.title or ""
        if section == "dateline":
            return self.article.dateline or ""
        if section == "byline":
            return self.article.byline or ""
        return self.article.body


def text_of(doc) -> str:
    """The Doc's text. `Doc.text` rebuilds the string from every token on each call, and the
    extractors read it often (profiling showed it as the largest cost of extraction)."""
    cached = doc.user_data.get("news_text")
    if cached is None:
        cached = doc.user_data["news_text"] = doc.text
    return cached
