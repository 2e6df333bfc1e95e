"""One Great Expectations suite per table.

Each expectation carries `meta.severity`: "critical" expectations block the load (the batch is
not loaded and the run fails), "warning" ones are reported and let the load go on.

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

CRITICAL = {"severity": "critical"}
WARNING = {"severity": "warning"}


def _iso_country_codes() -> list[str]:
    import pycountry

    return sorted({c.alpha_2 for c in pycountry.countries} | {"XK"})  # Kosovo: user-assigned, used by news


def _currency_codes() -> list[str]:
    import pycountry

    return sorted({c.alpha_3 for c in pycountry.currencies} | set(HISTORIC_CURRENCY_CODES))


def _required(gxe, table: str) -> list:
    return [gxe.ExpectColumnValuesToNotBeNull(column=c, meta=CRITICAL) for c in TABLES[table].required]


def _mentions(gxe, table: str) -> list:
    return [
        *_required(gxe, table),
        gxe.ExpectColumnValuesToBeInSet(column="section", value_set=list(SECTIONS), meta=CRITICAL),
        gxe.ExpectColumnValuesToBeInSet(column="article_known", value_set=[True], meta=CRITICAL),
        gxe.ExpectColumnValuesToBeInSet(column="offsets_valid", value_set=[True], meta=CRITICAL),
    ]


def expectations_for(table: str, n_articles: int) -> list:
    import great_expectations.expectations as gxe

    if table == "articles":
        return [
            *_required(gxe, table),
            gxe.ExpectColumnValuesToBeUnique(column="article_id", meta=CRITICAL),
            gxe.ExpectColumnValuesToMatchRegex(column="article_id", regex=r"^[0-9a-f]{32}$", meta=CRITICAL),
            gxe.ExpectColumnValuesToBeInSet(column="format", value_set=list(FORMATS), meta=CRITICAL),
            gxe.ExpectColumnValuesToMatchRegex(column="language", regex=r"^[a-z]{2}$", meta=CRITICAL),
            gxe.ExpectColumnValuesToBeInSet(column="published_from", value_set=["record", "feed", "page", "dateline"], meta=CRITICAL),
            gxe.ExpectColumnValuesToBeBetween(column="n_chars", min_value=1, meta=CRITICAL),
            gxe.ExpectColumnValuesToBeUnique(column="source_id", meta=WARNING),
            # a batch of news with no people and no places at all means the extractor broke
            gxe.ExpectColumnSumToBeBetween(column="n_entities", min_value=1 if n_articles else 0, meta=CRITICAL),
            gxe.ExpectColumnValuesToBeBetween(column="n_entities", min_value=1, mostly=0.8, meta=WARNING),
            *_linked_ids(gxe, table),
        ]
    if table == "people":
        return [
            *_mentions(gxe, table),
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["article_id", "name"], meta=CRITICAL),
            gxe.ExpectColumnValuesToBeBetween(column="mention_count", min_value=1, meta=CRITICAL),
            gxe.ExpectColumnValueLengthsToBeBetween(column="name", min_value=2, max_value=80, meta=WARNING),
            *_linked_ids(gxe, table),
        ]
    if table == "places":
        return [
            *_mentions(gxe, table),
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["article_id", "name"], meta=CRITICAL),
            gxe.ExpectColumnValuesToBeInSet(column="kind", value_set=list(PLACE_KINDS), meta=CRITICAL),
            gxe.ExpectColumnValuesToBeInSet(column="country_code", value_set=_iso_country_codes(), meta=CRITICAL),
            gxe.ExpectColumnValuesToBeBetween(column="latitude", min_value=-90, max_value=90, meta=CRITICAL),
            gxe.ExpectColumnValuesToBeBetween(column="longitude", min_value=-180, max_value=180, meta=CRITICAL),
            gxe.ExpectColumnValuesToBeBetween(column="mention_count", min_value=1, meta=CRITICAL),
            gxe.ExpectColumnValuesToNotBeNull(column="country_code", mostly=0.6, meta=WARNING),
        ]
    if table == "numbers":
        return [
            *_mentions(gxe, table),
            gxe.ExpectColumnValuesToBeInSet(column="value_is_finite", value_set=[True], meta=CRITICAL),
            gxe.ExpectColumnValuesToBeInSet(column="text_matches_source", value_set=[True], meta=CRITICAL),
            gxe.ExpectColumnValuesToBeInSet(column="kind", value_set=list(NUMBER_KINDS), meta=CRITICAL),
            gxe.ExpectColumnValuesToBeInSet(column="unit", value_set=list(NUMBER_UNITS) + _currency_codes(), meta=CRITICAL),
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["article_id", "section", "start_char", "end_char"], meta=CRITICAL),
            gxe.ExpectColumnValuesToNotBeNull(column="counts", mostly=0.2, meta=WARNING),
        ]
    if table == "quotes":
        return [
            *_mentions(gxe, table),
            gxe.ExpectColumnValuesToBeInSet(column="text_matches_source", value_set=[True], meta=CRITICAL),
            gxe.ExpectColumnValuesToBeInSet(column="speaker_kind", value_set=list(SPEAKER_KINDS), meta=CRITICAL),
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["article_id", "section", "start_char", "end_char"], meta=CRITICAL),
            # many quotes nobody said is a sign that attribution broke, not bad data
            gxe.ExpectColumnValuesToNotBeInSet(column="speaker_kind", value_set=["unknown"], mostly=0.6, meta=WARNING),
            *_linked_ids(gxe, table),
        ]
    if table in LINK_TABLES:
        return _link_expectations(gxe, table)
    if table == "rejects":
        return [
            *_required(gxe, table),
            gxe.ExpectColumnValuesToBeInSet(column="stage", value_set=["ingest", "extract"], meta=CRITICAL),
        ]
    raise KeyError(table)


def _link_expectations(gxe, table: str) -> list:
    """The link stage's tables (etl/link): ids well-formed and unique per batch, counts positive."""
    ids = {"person_id": r"^P[0-9a-f]{15}$", "old_person_id": r"^P[0-9a-f]{15}$", "new_person_id": r"^P[0-9a-f]{15}$",
           "story_id": r"^S[0-9a-f]{15}$", "quotation_id": r"^Q[0-9a-f]{15}$", "speaker_person_id": r"^P[0-9a-f]{15}$"}
    out = [*_required(gxe, table)]
    out += [gxe.ExpectColumnValuesToMatchRegex(column=c, regex=rx, meta=CRITICAL) for c, rx in ids.items() if c in TABLES[table].columns]
    key = TABLES[table].key
    out.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=list(key), meta=CRITICAL) if len(key) > 1
               else gxe.ExpectColumnValuesToBeUnique(column=key[0], meta=CRITICAL))
    for c in ("articles", "n_shingles"):
        if c in TABLES[table].columns:
            out.append(gxe.ExpectColumnValuesToBeBetween(column=c, min_value=1, meta=CRITICAL))
    if table == "persons":
        out.append(gxe.ExpectColumnValuesToBeInSet(column="kind", value_set=list(PERSON_KINDS), meta=CRITICAL))
        out.append(gxe.ExpectColumnValuesToBeBetween(column="quotes", min_value=0, meta=CRITICAL))
    return out


def _linked_ids(gxe, table: str) -> list:
    """The ids the link stage writes into the mention tables: well-formed; present (a warning:
    a batch validated without the link stage still loads, its ids empty)."""
    columns = {"people": {"person_id": r"^P[0-9a-f]{15}$"}, "articles": {"story_id": r"^S[0-9a-f]{15}$"},
               "quotes": {"speaker_person_id": r"^P[0-9a-f]{15}$", "quotation_id": r"^Q[0-9a-f]{15}$"}}[table]
    out = [gxe.ExpectColumnValuesToMatchRegex(column=c, regex=rx, meta=CRITICAL) for c, rx in columns.items()]
    out += [gxe.ExpectColumnValuesToNotBeNull(column=c, meta=WARNING) for c in columns if c != "speaker_person_id"]
    if table == "people":
        out.append(gxe.ExpectColumnValuesToBeInSet(column="person_link", value_set=list(PERSON_LINKS), meta=CRITICAL))
    return out


def build_suite(table: str, n_articles: int):
    import great_expectations as gx

    return gx.ExpectationSuite(name=f"news_{table}", expectations=expectations_for(table, n_articles))
