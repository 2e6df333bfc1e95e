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
from etl.extract.entities.people import byline_people, people_rows
from etl.extract.entities.places import places_rows
from etl.extract.quotes import quotes_rows
from etl.records import Article, Reject



@dataclass
class Extraction:
    article: Article
    rows: dict[str, list[dict]]  # table name → rows without article_id / run_id
    extracted: bool = True       # False: the article's language is not the model's; no rows


def not_extracted(article: Article) -> Extraction:
    return Extraction(article, {"people": [], "places": [], "numbers": [], "quotes": []}, extracted=False)


def reads_language(model_lang: str, article: Article) -> bool:
    """Whether a model for `model_lang` (spaCy's code, e.g. "en") reads this article. An article
    whose language could not be told (None) is read: most of them are short English texts."""
    return article.language is None or model_lang in ("xx", article.language)


def extract_doc(article: Article, doc) -> Extraction:
    ctx = DocContext(article, doc)
    entities = resolve_entities(ctx)
    people = byline_people(article, people_rows(ctx, entities))
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
    readable = []
    for a in articles:
        if reads_language(nlp.lang, a):
            readable.append(a)
        else:  # never run one language's model on another language's text
            yield not_extracted(a)
    texts = ((doc_text(a), a) for a in readable)
    for doc, article in nlp.pipe(texts, as_tuples=True, batch_size=batch_size):
        try:
            yield extract_doc(article, doc)
        except Exception as exc:  # one odd article must not sink the batch
            yield Reject(article.source_path, "extraction failed on this article", stage="extract",
                         source_id=article.source_id, detail=repr(exc)[:500])
