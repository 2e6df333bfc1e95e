"""Markup → text, for every text field of every input format (title, body, byline, names).

Feeds from CMS exports, WordPress APIs and RSS `content:encoded` carry HTML inside what should
be plain text: `<p>` tags, numeric and named entities, and sometimes entities escaped twice
(`&amp;#8217;`). `to_text` turns any of it into the text a reader sees, the same way for every
format: block elements become paragraph breaks, `<br>` a line break, scripts, styles and
comments disappear, entities are decoded — as many times as the source escaped them, and what
decoding reveals as markup is treated as markup in turn.

Plain text without tags or entities is returned unchanged (and cheaply: one regex search).
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

# A tag as browsers (and html.parser) read one — `<p>`, `</div>`, `<br/>`, `<a href="...">`, also
# `<b and c>` — a comment, a doctype or CDATA.
_TAG = re.compile(r"<(?:/?[A-Za-z][^\t\n\r\f />\x00<]*(?:[\s/][^<>]*)?|!--.*?--|![A-Za-z\[][^<>]*)>", re.S)
# An entity written out in full, with its semicolon: `&amp;`, `&#8217;`, `&#x2019;`.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# Elements whose start and end separate paragraphs.
BLOCK = frozenset("""
address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption
figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p pre section summary
table tbody tfoot thead tr ul
""".split())
# Elements whose content is never text a reader sees.
HIDDEN = frozenset("script style noscript template head title iframe object embed svg math select option button".split())
_CELL = frozenset({"td", "th"})
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:%s|br)\b" % "|".join(sorted(BLOCK, key=len, reverse=True)), re.I)
# The most markup-in-markup rounds followed; each round removes one layer of escaping.
MAX_ROUNDS = 6


def has_markup(text: str) -> bool:
    """True when text holds a tag or an entity (what `to_text` would change)."""
    return bool(_TAG.search(text) or _ENTITY.search(text))


class _TextParser(HTMLParser):
    """Collects visible text: block boundaries as blank lines, <br> as a newline, whitespace inside
    a paragraph folded to one space (except in <pre>)."""

    def __init__(self, keep_newlines: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.pre = int(keep_newlines)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in HIDDEN:
            self.hidden += 1
        elif tag in BLOCK:
            self.parts.append("\n\n")
            self.pre += tag == "pre"
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _CELL:
            self.parts.append(" ")
        elif tag == "img":
            alt = dict(attrs).get("alt")  # an image's text stands in for it only inside text
            if alt and not self.hidden and self.parts and not self.parts[-1].endswith("\n"):
                self.parts.append(f" {alt} ")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in HIDDEN:
            return  # <script/> opens nothing
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCK:
            self.parts.append("\n\n")
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
        elif tag in _CELL:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        self.parts.append(data if self.pre else re.sub(r"[ \t\r\n\f\v]+", " ", data))

    # comments, processing instructions and declarations are never text
    def handle_comment(self, data: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        pass

    def text(self) -> str:
        out = "".join(self.parts)
        out = re.sub(r"[ \t]*\n[ \t]*", "\n", out)   # no spaces around line breaks
        out = re.sub(r"\n{3,}", "\n\n", out)          # block after block: one paragraph break
        return out.strip()


def _html_to_text(markup: str) -> str:
    # Text with tags but no block elements (plain text holding an <em> or a <tweet …> placeholder)
    # keeps its own line breaks: they are its paragraphs. With block elements, HTML's rules apply.
    parser = _TextParser(keep_newlines=not _BLOCK_TAG.search(markup))
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # html.parser is lenient; this is the last resort for what it still refuses
        return _TAG.sub(" ", markup)
    return parser.text()


def _unescape_entities(text: str) -> str:
    """Decode entities written with their semicolon only: 'AT&T', 'Q&A' and URLs' '&para=' stay."""
    return _ENTITY.sub(lambda m: html.unescape(m.group()), text)


def to_text(value: str) -> str:
    """The text a reader of `value` sees. Idempotent: to_text(to_text(x)) == to_text(x).

    Round by round: markup is parsed as HTML (which decodes the entities in it once); otherwise
    entities are decoded. Whatever that reveals (`&amp;lt;p&amp;gt;` → `&lt;p&gt;` → `<p>`) is
    handled in the next round, up to MAX_ROUNDS layers; anything still left after that is removed
    (tags) or decoded (entities), so no markup reaches a text column.
    """
    if "<" not in value and "&" not in value:
        return value
    text = value
    for _ in range(MAX_ROUNDS):
        if _TAG.search(text):
            text = _html_to_text(text)
        elif _ENTITY.search(text):
            text = _unescape_entities(text)
        else:
            return text
    while _TAG.search(text) or _ENTITY.search(text):  # deeper than MAX_ROUNDS: strip what is left
        text = _unescape_entities(_TAG.sub(" ", text))
    return text
