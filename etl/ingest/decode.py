"""Bytes → text, or a reason why these bytes are not an article's text."""
from __future__ import annotations

import codecs
import re

# What text does not hold: control characters other than \t \n \f \r, lone surrogates, U+FFFD.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff\ufffd]")


class NotText(ValueError):
    """The bytes are not text we can read; the message says why, for the rejects table."""


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    bad = len(_NOT_TEXT.findall(text))  # a regex, not a loop over characters: ingest's hot path
    return bad / len(text) < 0.01


def decode_bytes(data: bytes) -> str:
    """Decode with the BOM when there is one, then UTF-8, then UTF-16 without BOM, then cp1252 (only
    when the result looks like Western text; otherwise the encoding counts as undetectable).

    cp1252 decodes nearly any byte string, so binary data is recognised first (NUL bytes that
    are not the zero halves of UTF-16, or many control characters) and refused.
    """
    boms = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
            (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # UTF-32 LE starts like UTF-16 LE
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise NotText(f"starts with a {encoding} byte-order mark but is not valid {encoding}") from exc
            if _looks_like_text(text):
                return text
            raise NotText(f"decodes as {encoding} but holds control characters: binary, not text")
    try:
        text = data.decode("utf-8")
        if _looks_like_text(text):
            return text
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        sample = data[:4096]
        even_zeros = sample[1::2].count(0) / max(1, len(sample[1::2]))
        odd_zeros = sample[0::2].count(0) / max(1, len(sample[0::2]))
        for encoding, share in (("utf-16-le", even_zeros), ("utf-16-be", odd_zeros)):
            if share > 0.3:
                try:
                    text = data.decode(encoding)
                except UnicodeDecodeError:
                    continue
                if _looks_like_text(text):
                    return text
        raise NotText("binary file: contains NUL bytes and is not UTF-16 text")
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise NotText("encoding could not be detected: not UTF-8, UTF-16 or Windows-1252 text") from exc
    if not _looks_like_text(text):
        raise NotText("binary file: too many control characters to be text")
    if not _plausible_single_byte(text):
        raise NotText("encoding could not be detected: not UTF-8 or UTF-16, and read as Windows-1252 it is mostly "
                      "accented letters and symbols (another encoding, e.g. Shift-JIS, GBK or Windows-1251?)")
    return text


def _plausible_single_byte(text: str) -> bool:
    """Windows-1252 decodes any byte, so its result is only trusted when it looks like Western text:
    mostly ASCII with the odd accented letter or typographic quote. Text in another encoding (CJK,
    Cyrillic, Greek) read as Windows-1252 is dense with high characters and is refused instead."""
    visible = [ch for ch in text if not ch.isspace()]
    high = sum(1 for ch in visible if ord(ch) > 127)
    return high <= 0.2 * max(1, len(visible))
