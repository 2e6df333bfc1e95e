"""Property tests (hypothesis): any HTML-in-JSON record yields text with no markup, and no crash.

Records are built from random text wrapped in random HTML elements (blocks, inline, scripts,
comments, attributes), escaped zero to three times, in title, body and author fields. Whatever
comes out of ingest is an Article whose texts hold no tag and no entity, or a Reject with a
reason; the visible words of the record survive.
"""
from __future__ import annotations

import html
import json
import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.ingest.jsonl import read_jsonl
from etl.ingest.markup import has_markup, to_text
from etl.records import Article, Reject

FAST = settings(max_examples=int(os.environ.get("NEWS_HYPOTHESIS_EXAMPLES", "150")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

TAG = re.compile(r"<[A-Za-z/!][^<>]*>")
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]+);")

words = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=30)
plain_words = st.from_regex(r"[A-Za-z]{3,12}", fullmatch=True)
blocks = st.sampled_from(["p", "div", "li", "h2", "blockquote", "section", "td"])
inline = st.sampled_from(["em", "strong", "a", "span", "b", "i"])
hidden = st.sampled_from(["script", "style"])


@st.composite
def fragments(draw, depth=0):
    kind = draw(st.sampled_from(["text", "word", "block", "inline", "hidden", "br", "comment", "entity"]
                                if depth < 3 else ["text", "word"]))
    if kind == "text":
        return html.escape(draw(words), quote=False)
    if kind == "word":
        return draw(plain_words)
    if kind == "br":
        return "<br/>"
    if kind == "comment":
        return f"<!-- {draw(plain_words)} -->"
    if kind == "entity":
        return draw(st.sampled_from(["&amp;", "&#8220;", "&#x2019;", "&nbsp;", "&pound;", "&eacute;", "&lt;", "&gt;"]))
    if kind == "hidden":
        return f"<{(tag := draw(hidden))}>{draw(plain_words)} &lt;p&gt;</{tag}>"
    tag = draw(blocks if kind == "block" else inline)
    attrs = draw(st.sampled_from(["", ' class="x"', " href='/a?b=1&amp;c=2'", ' onclick="alert(1)"']))
    children = draw(st.lists(fragments(depth + 1), min_size=0, max_size=4))
    return f"<{tag}{attrs}>{''.join(children)}</{tag}>"


def escaped(value: str, times: int) -> str:
    for _ in range(times):
        value = html.escape(value, quote=False)
    return value


@FAST
@given(st.lists(fragments(), min_size=1, max_size=6), st.lists(fragments(), max_size=3),
       st.integers(0, 3), st.integers(0, 2), plain_words)
def test_html_in_json_records_become_text(body_parts, title_parts, body_escapes, title_escapes, marker):
    body = escaped("".join(body_parts) + f"<p>{marker} closes the story with enough words to be an article.</p>", body_escapes)
    title = escaped("".join(title_parts), title_escapes)
    line = json.dumps({"id": "r1", "title": title, "body": body, "author": escaped("<b>Jane Doe</b>", body_escapes)})
    records = read_jsonl(line.encode("utf-8"), source_id="feed", source_path="feed.jsonl")
    assert len(records) == 1
    [r] = records
    if isinstance(r, Reject):
        assert r.reason.strip()
        return
    assert isinstance(r, Article)
    for text in (r.title, r.body, r.byline, *(r.authors or [])):
        if text:
            assert not TAG.search(text), text
            assert not ENTITY.search(text), text
    assert marker in r.body
    assert r.authors == ["Jane Doe"]


@FAST
@given(st.text(max_size=300))
def test_to_text_never_raises_and_is_idempotent(text):
    out = to_text(text)
    assert to_text(out) == out
    assert not has_markup(out)
