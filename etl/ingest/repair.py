"""Mojibake repair with ftfy: text that was already garbled before it reached us.

UTF-8 read as Windows-1252 somewhere upstream turns “ into `â€œ`, İ into `Ä°`, ī into `Ä«`, and
every extractor then fails on the result. ftfy (a library made for exactly this) detects and
undoes such round trips; only its encoding fixes are switched on here, so curly quotes, ligatures
and character widths stay as the article wrote them.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1)
def _config():
    from ftfy import TextFixerConfig

    return TextFixerConfig(
        unescape_html=False,        # markup.py decodes entities, the same way for every format
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        # NFC first: mojibake stored decomposed ('A' + U+0303 for 'Ã') is only recognised composed;
        # the body is NFKC-normalised afterwards anyway
        normalization="NFC",
        explain=False,
    )


def repair(text: str) -> tuple[str, bool]:
    """(repaired text, whether anything was repaired). ASCII text cannot be mojibake and is
    returned at once, so clean English copy costs one `isascii` check."""
    if text.isascii():
        return text, False
    import ftfy
    from ftfy.badness import is_bad

    composed = unicodedata.normalize("NFC", text)
    if not is_bad(composed):  # ftfy's own test for mojibake, once over the whole text: most
        return text, False    # articles pass it, and fix_text would check line by line
    fixed = ftfy.fix_text(text, _config())
    return fixed, fixed != composed
