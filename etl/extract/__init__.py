"""Extract: Article → rows for people, places, numbers and quotes.

`extract_articles_safely` parses articles with spaCy in batches and hands each Doc to the pure extractors in this package. Extractors never read files or touch the
warehouse: a Doc in, rows out.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from etl.extract.context import DocContext, doc_text
from etl.extract.entities import resolve_entities
from etl.extract.nlp import load_model
from etl.extract.numbers import numbers_rows
from etl.extract.people import people_rows
from etl.extract.places import places_rows
from etl.extract.quotes import quotes_rows
from etl.records import Article, Reject



@dataclass
class Extraction:
    article: Article
    rows: dict[str, list[dict]]  # table name → rows without article_id / run_id


def extract_doc(article: Article, doc) -> Extraction:
    ctx = DocContext(article, doc)
    entities = resolve_entities(ctx)
    people = people_rows(ctx, entities)
    ctx.people = people
    return Extraction(article, {
        "people": people,
        "places": places_rows(ctx, entities),
        "numbers": numbers_rows(ctx),
        "quotes": quotes_rows(ctx),
    })


def extract_articles_safely(articles: list[Article], model: str, batch_size: int = 16) -> Iterator[Extraction | Reject]:
    """Parse and extract in this process; an article whose extraction raises becomes a Reject.

    No spaCy `n_process` here: the pipeline runs whole chunks in parallel processes instead, so
    each worker parses *and* extracts and only small rows cross process boundaries, never Docs.
    """
    nlp = load_model(model)
    texts = ((doc_text(a), a) for a in articles)
    for doc, article in nlp.pipe(texts, as_tuples=True, batch_size=batch_size):
        try:
            yield extract_doc(article, doc)
        except Exception as exc:  # one odd article must not sink the batch
            yield Reject(article.source_path, "extraction failed on this article", stage="extract",
                         source_id=article.source_id, detail=repr(exc)[:500])
