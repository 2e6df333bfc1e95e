"""Text in marks that quotes nobody: titles of shows and books, nicknames, named events."""
from __future__ import annotations

import re

from etl.extract.quotes.marks import QuoteSpan

TITLE_CUES = {"titled", "entitled", "nicknamed", "nickname", "dubbed", "called", "show", "program",
              "programme", "book", "film", "movie", "song", "series", "album", "project", "column",
              "operation", "forum", "hashtag", "slogan", "motto", "headline", "article", "essay",
              "documentary", "play", "novel", "newsletter", "commentary", "op-ed", "segment",
              "episode", "initiative", "campaign", "plan", "bill", "act", "day", "known"}
TITLE_PREPS = {"on", "in", "of", "from", "at", "to", "for", "with", "about"}


def words_of(text: str) -> list[str]:
    return re.findall(r"[\w’']+", text)


def _is_title_case(words: list[str]) -> bool:
    small = {"a", "an", "the", "of", "in", "on", "and", "or", "for", "to", "with", "at", "by", "is"}
    caps = [w for w in words if w.lower() not in small]
    return bool(caps) and all(w[:1].isupper() or w[:1].isdigit() for w in caps) and words[0][:1].isupper()


def looks_like_title(body: str, q: QuoteSpan, text: str) -> bool:
    """Titles of shows and books, nicknames and named events in marks ("The Apprentice")."""
    words = words_of(text)
    if not words:
        return True
    if not _is_title_case(words) or len(words) > 10:
        return False
    if len(words) >= 4 and re.search(r"[.!?]\W*$", text) and not text.rstrip(" .,").istitle():
        return False
    before = body[max(0, q.start - 60):q.start - 1]
    prev_words = [w.lower() for w in words_of(before)][-3:]
    if before.rstrip().endswith(("’s", "'s", "s’", "s'")):
        return True  # "CBS's “Face the Nation”"
    if prev_words and (prev_words[-1] in TITLE_PREPS or any(w in TITLE_CUES for w in prev_words)):
        return True
    after = [w.lower() for w in words_of(body[q.end + 1:q.end + 30])][:2]
    if after and after[0] in {"show", "program", "programme", "series", "book", "campaign", "project", "forum", "initiative"}:
        return True
    return False
