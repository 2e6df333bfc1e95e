"""One Great Expectations suite per table.

Every expectation here judges single rows, and a failing row is charged to its *article*: a
"critical" failure rejects that article (with its rows; a `rejects` row with stage `validate`
names its file), a "warning" loads it and names it in the report. Other articles are never held
back by it. Each expectation's `meta.finding` says in words what a failure means. Checks on the
whole batch ("the extractor broke") live in etl/drift.py; rows that name no article of the batch
block the load (etl/validate.py). expectations/CHECKS.md lists every check with its scope and why
it is critical or a warning.

Suites validate a *validation frame*: the table's own columns plus a few derived columns that
etl/validate.py computes from the batch (because a row-level expectation cannot look at another
table): `article_known` (the row's article is in the batch), `offsets_valid` (start/end fall
inside the article text the row points into), `text_matches_source` (the row's text is the text
at its offsets), `value_is_finite`, `n_entities` (people + places per article). They are listed in
DERIVED_COLUMNS; a test checks every other column named here against schemas/.
"""
from __future__ import annotations

from schemas.tables import (FORMATS, HISTORIC_CURRENCY_CODES, LINK_TABLES, NUMBER_KINDS, NUMBER_UNITS, PERSON_KINDS,
                            PERSON_LINKS, PLACE_KINDS, SECTIONS, SPEAKER_KINDS, TABLES)

DERIVED_COLUMNS = {
    "article_known": "the row's article_id is among the batch's articles",
    "offsets_valid": "0 <= start_char < end_char <= len(articles.<section>)",
    "text_matches_source": "the row's text equals articles.<section>[start_char:end_char] (quote marks aside)",
    "value_is_finite": "value is a finite float",
    "n_entities": "n_people + n_places of the article (NULL when it was not extracted: another language)",
}


def _meta(severity: str, finding: str) -> dict:
    """`severity`: critical (the article is rejected) or warning (loaded, reported); `finding`:
    what a failure means, in words, for the reject reason and the report."""
    return {"severity": severity, "finding": finding}


def CRITICAL(finding: str) -> dict:  # noqa: N802 - reads like the constant it replaces
    return _meta("critical", finding)


def WARNING(finding: str) -> dict:  # noqa: N802
    return _meta("warning", finding)


def _iso_country_codes() -> list[str]:
    import pycountry

    return sorted({c.alpha_2 for c in pycountry.countries} | {"XK"})  # Kosovo: user-assigned, used by news


def _currency_codes() -> list[str]:
    import pycountry

    return sorted({c.alpha_3 for c in pycountry.currencies} | set(HISTORIC_CURRENCY_CODES))


def _required(gxe, table: str) -> list:
    return [gxe.ExpectColumnValuesToNotBeNull(column=c, meta=CRITICAL(f"{table}.{c} is empty"))
            for c in TABLES[table].required]


def _mentions(gxe, table: str) -> list:
    row = table.rstrip("s") if table != "people" else "person"
    return [
        *_required(gxe, table),
        gxe.ExpectColumnValuesToBeInSet(column="section", value_set=list(SECTIONS),
                                        meta=CRITICAL(f"a {row} points into an unknown section of the article")),
        gxe.ExpectColumnValuesToBeInSet(column="article_known", value_set=[True],
                                        meta=CRITICAL(f"a {row} belongs to no article of this batch")),
        gxe.ExpectColumnValuesToBeInSet(column="offsets_valid", value_set=[True],
                                        meta=CRITICAL(f"a {row}'s offsets fall outside the article text")),
    ]


def expectations_for(table: str, n_articles: int = 0) -> list:
    """The suite's expectations. `n_articles` is accepted for callers of the older signature;
    no expectation depends on the batch size any more (batch-level checks: etl/drift.py)."""
    import great_expectations.expectations as gxe

    if table == "articles":
        return [
            *_required(gxe, table),
            gxe.ExpectColumnValuesToBeUnique(column="article_id", meta=CRITICAL("two articles in the batch share an id")),
            gxe.ExpectColumnValuesToMatchRegex(column="article_id", regex=r"^[0-9a-f]{32}$",
                                               meta=CRITICAL("the article id is not a 32-hex content hash")),
            gxe.ExpectColumnValuesToBeInSet(column="format", value_set=list(FORMATS),
                                            meta=CRITICAL("the article's format is unknown")),
            gxe.ExpectColumnValuesToMatchRegex(column="language", regex=r"^[a-z]{2}$",
                                               meta=CRITICAL("the article's language is not an ISO 639-1 code")),
            gxe.ExpectColumnValuesToBeInSet(column="published_from", value_set=["record", "feed", "page", "dateline"],
                                            meta=CRITICAL("the article's publication date has an unknown origin")),
            gxe.ExpectColumnValuesToBeBetween(column="n_chars", min_value=1, meta=CRITICAL("the article body is empty")),
            gxe.ExpectColumnValuesToBeUnique(column="source_id", meta=WARNING("another article of the batch has the same source id")),
            # one article without people or places is news too (a correction, a weather line, a
            # market table); many of them at once is the extractor breaking: etl/drift.py.
            # n_entities is null for articles not extracted because of their language.
            gxe.ExpectColumnValuesToBeBetween(column="n_entities", min_value=1, meta=WARNING("no people or places were found")),
            *_linked_ids(gxe, table),
        ]
    if table == "people":
        return [
            *_mentions(gxe, table),
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["article_id", "name"], meta=CRITICAL("a person is listed twice")),
            gxe.ExpectColumnValuesToBeBetween(column="mention_count", min_value=1, meta=CRITICAL("a person has no mentions")),
            gxe.ExpectColumnValueLengthsToBeBetween(column="name", min_value=2, max_value=80,
                                                    meta=WARNING("a person's name is unusually short or long")),
            *_linked_ids(gxe, table),
        ]
    if table == "places":
        return [
            *_mentions(gxe, table),
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["article_id", "name"], meta=CRITICAL("a place is listed twice")),
            gxe.ExpectColumnValuesToBeInSet(column="kind", value_set=list(PLACE_KINDS), meta=CRITICAL("a place has an unknown kind")),
            gxe.ExpectColumnValuesToBeInSet(column="country_code", value_set=_iso_country_codes(),
                                            meta=CRITICAL("a place has a country code that is not ISO 3166")),
            gxe.ExpectColumnValuesToBeBetween(column="latitude", min_value=-90, max_value=90,
                                              meta=CRITICAL("a place's latitude is out of range")),
            gxe.ExpectColumnValuesToBeBetween(column="longitude", min_value=-180, max_value=180,
                                              meta=CRITICAL("a place's longitude is out of range")),
            gxe.ExpectColumnValuesToBeBetween(column="mention_count", min_value=1, meta=CRITICAL("a place has no mentions")),
        ]
    if table == "numbers":
        return [
            *_mentions(gxe, table),
            gxe.ExpectColumnValuesToBeInSet(column="value_is_finite", value_set=[True],
                                            meta=CRITICAL("a number's value is not a finite number")),
            gxe.ExpectColumnValuesToBeInSet(column="text_matches_source", value_set=[True],
                                            meta=CRITICAL("a number's text differs from the text at its offsets")),
            gxe.ExpectColumnValuesToBeInSet(column="kind", value_set=list(NUMBER_KINDS), meta=CRITICAL("a number has an unknown kind")),
            gxe.ExpectColumnValuesToBeInSet(column="unit", value_set=list(NUMBER_UNITS) + _currency_codes(),
                                            meta=CRITICAL("a number has a unit outside the vocabulary")),
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["article_id", "section", "start_char", "end_char"],
                                                meta=CRITICAL("a number is listed twice at the same offsets")),
        ]
    if table == "quotes":
        return [
            *_mentions(gxe, table),
            gxe.ExpectColumnValuesToBeInSet(column="text_matches_source", value_set=[True],
                                            meta=CRITICAL("a quote's text differs from the text at its offsets")),
            gxe.ExpectColumnValuesToBeInSet(column="speaker_kind", value_set=list(SPEAKER_KINDS),
                                            meta=CRITICAL("a quote's speaker kind is unknown to the schema")),
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["article_id", "section", "start_char", "end_char"],
                                                meta=CRITICAL("a quote is listed twice at the same offsets")),
            *_linked_ids(gxe, table),
        ]
    if table in LINK_TABLES:
        return _link_expectations(gxe, table)
    if table == "rejects":
        return [
            *_required(gxe, table),
            gxe.ExpectColumnValuesToBeInSet(column="stage", value_set=["ingest", "extract", "validate"],
                                            meta=CRITICAL("a reject names an unknown stage")),
        ]
    raise KeyError(table)


def _link_expectations(gxe, table: str) -> list:
    """The link stage's tables (etl/link): ids well-formed and unique per batch, counts positive."""
    ids = {"person_id": r"^P[0-9a-f]{15}$", "old_person_id": r"^P[0-9a-f]{15}$", "new_person_id": r"^P[0-9a-f]{15}$",
           "story_id": r"^S[0-9a-f]{15}$", "quotation_id": r"^Q[0-9a-f]{15}$", "speaker_person_id": r"^P[0-9a-f]{15}$"}
    out = [*_required(gxe, table)]
    out += [gxe.ExpectColumnValuesToMatchRegex(column=c, regex=rx, meta=CRITICAL(f"{table}.{c} is not a well-formed id"))
            for c, rx in ids.items() if c in TABLES[table].columns]
    key = TABLES[table].key
    dup = CRITICAL(f"two {table} rows share a key")
    out.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=list(key), meta=dup) if len(key) > 1
               else gxe.ExpectColumnValuesToBeUnique(column=key[0], meta=dup))
    for c in ("articles", "n_shingles"):
        if c in TABLES[table].columns:
            out.append(gxe.ExpectColumnValuesToBeBetween(column=c, min_value=1, meta=CRITICAL(f"{table}.{c} is not positive")))
    if table == "persons":
        out.append(gxe.ExpectColumnValuesToBeInSet(column="kind", value_set=list(PERSON_KINDS),
                                                   meta=CRITICAL("a person entry has an unknown kind")))
        out.append(gxe.ExpectColumnValuesToBeBetween(column="quotes", min_value=0, meta=CRITICAL("a person entry has negative quotes")))
    return out


def _linked_ids(gxe, table: str) -> list:
    """The ids the link stage writes into the mention tables: well-formed; present (a warning:
    a batch validated without the link stage still loads, its ids empty)."""
    columns = {"people": {"person_id": r"^P[0-9a-f]{15}$"}, "articles": {"story_id": r"^S[0-9a-f]{15}$"},
               "quotes": {"speaker_person_id": r"^P[0-9a-f]{15}$", "quotation_id": r"^Q[0-9a-f]{15}$"}}[table]
    out = [gxe.ExpectColumnValuesToMatchRegex(column=c, regex=rx, meta=CRITICAL(f"{table}.{c} is not a well-formed id"))
           for c, rx in columns.items()]
    out += [gxe.ExpectColumnValuesToNotBeNull(column=c, meta=WARNING(f"{table}.{c} is missing (the link stage did not run)"))
            for c in columns if c != "speaker_person_id"]
    if table == "people":
        out.append(gxe.ExpectColumnValuesToBeInSet(column="person_link", value_set=list(PERSON_LINKS),
                                                   meta=CRITICAL("a person was linked by an unknown rule")))
    return out


def build_suite(table: str, n_articles: int = 0):
    import great_expectations as gx

    return gx.ExpectationSuite(name=f"news_{table}", expectations=expectations_for(table, n_articles))
