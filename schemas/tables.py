"""Table schemas, declared once.

Each table is a pyarrow schema plus the few facts the rest of the pipeline needs about it: its
key (what a re-run merges on), which columns may never be null, and what each column means. The
Parquet writer uses the pyarrow schema as is, the DuckDB DDL is derived from it (`duckdb_ddl`),
and a test checks the Great Expectations suites in `expectations/` against it.

This module imports nothing of ours, so every stage may import it.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

# Columns every mention table shares: where the row came from.
#   section: which text of the article the offsets index: "title", "dateline", "byline" or "body"
_PROVENANCE = [
    ("article_id", pa.string(), False, "id of the article (hash of its normalised body)"),
    ("section", pa.string(), False, "which article text the offsets point into: title, dateline, byline or body"),
    ("start_char", pa.int32(), False, "offset of the first character in articles.<section>"),
    ("end_char", pa.int32(), False, "offset one past the last character in articles.<section>"),
    ("run_id", pa.string(), False, "the run that loaded this row"),
]


@dataclass(frozen=True)
class TableSpec:
    name: str
    schema: pa.Schema
    key: tuple[str, ...]
    required: tuple[str, ...]
    descriptions: dict[str, str]
    # Declare the key as a PRIMARY KEY in a plain DuckDB database (duckdb_ddl)? The warehouse is a
    # DuckLake, which has no keys: there keys are checked by the GX suites before every load, and
    # the load's merge (delete the batch's articles, then insert; rejects by anti-join) keeps them
    # unique across runs.
    enforce_key: bool = True

    @property
    def columns(self) -> list[str]:
        return self.schema.names


def _table(name: str, key: tuple[str, ...], cols: list[tuple[str, pa.DataType, bool, str]], enforce_key: bool = True) -> TableSpec:
    schema = pa.schema([pa.field(n, t, nullable=nullable) for n, t, nullable, _ in cols])
    return TableSpec(
        name=name,
        schema=schema,
        key=key,
        required=tuple(n for n, _, nullable, _ in cols if not nullable),
        descriptions={n: d for n, _, _, d in cols},
        enforce_key=enforce_key,
    )


ARTICLES = _table("articles", ("article_id",), [
    ("article_id", pa.string(), False, "sha256 (32 hex) of the NFKC-normalised, whitespace-folded body"),
    ("source_id", pa.string(), False, "file path below the input folder without extension, or the JSON-lines record's id"),
    ("source_path", pa.string(), False, "path of the raw file, relative to the input folder"),
    ("format", pa.string(), False, "txt, html, jsonl, rss or atom"),
    ("title", pa.string(), True, "headline, when the source has one"),
    ("dateline", pa.string(), True, "the wire dateline as written, e.g. 'MIZORAM, India (AP) –'"),
    ("dateline_place", pa.string(), True, "the place the dateline names"),
    ("agency", pa.string(), True, "news agency of the dateline or byline, by its short name (AP, Reuters, AFP, UPI, ...)"),
    ("byline", pa.string(), True, "the byline as written ('By ABBY LINDQVIST, Associated Press'), or the author fields joined"),
    ("authors", pa.list_(pa.string()), True, "the byline's people, properly cased ('Abby Lindqvist'); wires go to agency"),
    ("outlet", pa.string(), True, "the publisher: record field, site name, feed title, else the URL's domain"),
    ("language", pa.string(), True, "ISO 639-1 code detected from the text (lingua); NULL when unsure"),
    ("published", pa.timestamp("us", tz="UTC"), True, "publication time in UTC (naive input times are taken as UTC)"),
    ("published_from", pa.string(), True, "where published came from: record, feed, page or dateline"),
    ("url", pa.string(), True, "the article's URL, when known"),
    ("body", pa.string(), False, "the article text; headline, byline and dateline removed; markup and mojibake cleaned"),
    ("encoding_repaired", pa.bool_(), False, "true when mojibake was repaired (ftfy) in any text of the article"),
    ("notes", pa.list_(pa.string()), True, "what ingest repaired, assumed or could not read (e.g. an unreadable date)"),
    ("n_chars", pa.int32(), False, "length of the body in characters"),
    ("n_people", pa.int32(), False, "rows in people for this article"),
    ("n_places", pa.int32(), False, "rows in places for this article"),
    ("n_numbers", pa.int32(), False, "rows in numbers for this article"),
    ("n_quotes", pa.int32(), False, "rows in quotes for this article"),
    ("story_id", pa.string(), True, "stories.story_id: the same for every copy and version of one story (set by the link stage)"),
    ("extracted", pa.bool_(), False, "false when the article's language is not one the model reads: no mention rows"),
    ("extractor", pa.string(), False, "extractor version and spaCy model that produced the rows"),
    ("run_id", pa.string(), False, "the run that loaded this article"),
])

PEOPLE = _table("people", ("article_id", "name"), [
    ("article_id", pa.string(), False, ""),
    ("name", pa.string(), False, "canonical name: the fullest form in the article, without titles"),
    ("aliases", pa.list_(pa.string()), True, "other forms the article uses"),
    ("role", pa.string(), True, "title or description the text gives ('Prime Minister')"),
    ("mention_count", pa.int32(), False, "how many times the article mentions this person"),
    ("person_id", pa.string(), True, "persons.person_id: one id per real person across articles (set by the link stage)"),
    ("person_link", pa.string(), True, "how the link was made: same-name, name-variant, surname, mononym, new, first-name or ambiguous"),
    *_PROVENANCE[1:],
], enforce_key=False)
PEOPLE.descriptions.update({"start_char": "first mention's start offset", "end_char": "first mention's end offset"})

PLACES = _table("places", ("article_id", "name"), [
    ("article_id", pa.string(), False, ""),
    ("name", pa.string(), False, "place name as the article writes it (all-capitals folded)"),
    ("aliases", pa.list_(pa.string()), True, "other forms the article uses"),
    ("kind", pa.string(), False, "country, region, city or other"),
    ("country_code", pa.string(), True, "ISO 3166-1 alpha-2 code of the country it lies in"),
    ("latitude", pa.float64(), True, "from the offline gazetteer, when it knows the place"),
    ("longitude", pa.float64(), True, "from the offline gazetteer, when it knows the place"),
    ("is_dateline", pa.bool_(), False, "true for the place named in the dateline"),
    ("mention_count", pa.int32(), False, "how many times the article mentions this place"),
    *_PROVENANCE[1:],
], enforce_key=False)

NUMBERS = _table("numbers", ("article_id", "section", "start_char", "end_char"), [
    ("article_id", pa.string(), False, ""),
    ("text", pa.string(), False, "the number as written"),
    ("value", pa.float64(), False, "numeric value after multipliers ('$1.5 billion' -> 1.5e9)"),
    ("unit", pa.string(), True, "unit from the vocabulary in ANNOTATING.md (km, %, USD, week, ...)"),
    ("kind", pa.string(), False, "count, quantity, money, percent, year, date, duration, age or ordinal"),
    ("qualifier", pa.string(), True, "hedge or bound in the text ('more than', 'about', 'hundreds')"),
    ("approximate", pa.bool_(), False, "true when the text makes the number fuzzy"),
    ("counts", pa.string(), True, "what is counted or measured ('police personnel')"),
    *_PROVENANCE[1:],
], enforce_key=False)

QUOTES = _table("quotes", ("article_id", "section", "start_char", "end_char"), [
    ("article_id", pa.string(), False, ""),
    ("text", pa.string(), False, "the quotation without its marks"),
    ("speaker", pa.string(), True, "who said it: canonical person name, organisation or description"),
    ("speaker_kind", pa.string(), False, "person, organization, group, anonymous or unknown"),
    ("speaker_person", pa.string(), True, "people.name of the speaker when the speaker is a person"),
    ("cue_verb", pa.string(), True, "lemma of the reporting verb (say, tell, write, ...)"),
    ("partial", pa.bool_(), False, "true when the quote is a fragment inside the reporter's sentence"),
    ("speaker_person_id", pa.string(), True, "persons.person_id of the speaker; NULL unless the speaker is a person"),
    ("quotation_id", pa.string(), True, "quotations.quotation_id: one id for one quotation across reports, in full or in part"),
    *_PROVENANCE[1:],
], enforce_key=False)

REJECTS = _table("rejects", ("source_path", "reason"), [
    ("source_path", pa.string(), False, "path of the raw file (with ':line' for a JSON-lines record)"),
    ("source_id", pa.string(), True, "the id it would have had"),
    ("stage", pa.string(), False, "where it was turned away: ingest, extract or validate"),
    ("reason", pa.string(), False, "why, in words a person understands"),
    ("detail", pa.string(), True, "technical detail (exception text, sizes)"),
    ("run_id", pa.string(), False, "the run that rejected it"),
    ("rejected_at", pa.timestamp("us", tz="UTC"), False, "when"),
])

# Identity across articles (etl/link): built from the batch and what the warehouse knows, loaded
# in the same transaction as the mention tables.
PERSONS = _table("persons", ("person_id",), [
    ("person_id", pa.string(), False, "stable id of one real person ('P' + 15 hex)"),
    ("name", pa.string(), False, "canonical name: the fullest form seen"),
    ("surname_key", pa.string(), False, "last word of the folded name; how the linker looks persons up"),
    ("kind", pa.string(), False, "full (given name + surname), mononym (one word, no full name fits) or ambiguous (a mention too thin to link)"),
    ("aliases", pa.list_(pa.string()), True, "every form the articles wrote"),
    ("roles", pa.list_(pa.string()), True, "roles the articles gave, with the date of the article: 'Prime Minister (1996-08-22)'"),
    ("first_seen", pa.timestamp("us", tz="UTC"), True, "earliest `published` of an article naming the person"),
    ("last_seen", pa.timestamp("us", tz="UTC"), True, "latest `published` of an article naming the person"),
    ("articles", pa.int32(), False, "articles that name the person"),
    ("quotes", pa.int32(), False, "quotes the person is the speaker of"),
    ("run_id", pa.string(), False, "the run that last updated this row"),
], enforce_key=False)

PERSON_MERGES = _table("person_merges", ("old_person_id",), [
    ("old_person_id", pa.string(), False, "the id that was merged away (still valid as an alias)"),
    ("new_person_id", pa.string(), False, "the person it is now"),
    ("reason", pa.string(), False, "why, in words"),
    ("run_id", pa.string(), False, "the run that merged them"),
], enforce_key=False)

STORIES = _table("stories", ("story_id",), [
    ("story_id", pa.string(), False, "stable id of one story ('S' + 15 hex), named after its founding article"),
    ("first_article_id", pa.string(), False, "the earliest version: earliest `published`, else the first loaded"),
    ("headline", pa.string(), True, "headline of the earliest version"),
    ("first_published", pa.timestamp("us", tz="UTC"), True, "earliest `published` of any version"),
    ("articles", pa.int32(), False, "copies and versions of the story"),
    ("outlets", pa.list_(pa.string()), True, "outlets that ran it"),
    ("agencies", pa.list_(pa.string()), True, "news agencies credited"),
    ("run_id", pa.string(), False, "the run that last updated this row"),
], enforce_key=False)

STORY_INDEX = _table("story_index", ("article_id",), [
    ("article_id", pa.string(), False, ""),
    ("story_id", pa.string(), False, ""),
    ("n_shingles", pa.int32(), False, "word 5-grams in the body"),
    ("signature", pa.list_(pa.int64()), False, "MinHash of the body's word 5-grams (datasketch, 128 permutations)"),
    ("n_lead", pa.int32(), False, "word 5-grams in the lead (first 150 words)"),
    ("lead_signature", pa.list_(pa.int64()), False, "MinHash of the lead's word 5-grams"),
    ("run_id", pa.string(), False, ""),
], enforce_key=False)

STORY_BANDS = _table("story_bands", ("band_key", "article_id"), [
    ("band_key", pa.int64(), False, "LSH band of a signature: one row per band, looked up by the next run"),
    ("article_id", pa.string(), False, ""),
], enforce_key=False)

QUOTATIONS = _table("quotations", ("quotation_id",), [
    ("quotation_id", pa.string(), False, "stable id of one quotation ('Q' + 15 hex)"),
    ("text", pa.string(), False, "the fullest version reported"),
    ("speaker_person_id", pa.string(), True, "persons.person_id of who said it, when a person"),
    ("first_article_id", pa.string(), False, "where it first appeared: earliest `published`, else the first loaded"),
    ("first_outlet", pa.string(), True, "outlet of that article"),
    ("first_published", pa.timestamp("us", tz="UTC"), True, "`published` of that article"),
    ("articles", pa.int32(), False, "articles that report it"),
    ("outlets", pa.list_(pa.string()), True, "outlets that report it"),
    ("run_id", pa.string(), False, "the run that last updated this row"),
], enforce_key=False)

QUOTATION_INDEX = _table("quotation_index", ("shingle_key", "quotation_id"), [
    ("shingle_key", pa.int64(), False, "hash of a normalised word 4-gram of the quotation"),
    ("quotation_id", pa.string(), False, ""),
], enforce_key=False)

TABLES: dict[str, TableSpec] = {t.name: t for t in (ARTICLES, PEOPLE, PLACES, NUMBERS, QUOTES, REJECTS, PERSONS,
                                                    PERSON_MERGES, STORIES, STORY_INDEX, STORY_BANDS, QUOTATIONS,
                                                    QUOTATION_INDEX)}
MENTION_TABLES = ("people", "places", "numbers", "quotes")
LINK_TABLES = ("persons", "person_merges", "stories", "story_index", "story_bands", "quotations", "quotation_index")
PERSON_KINDS = ("full", "mononym", "ambiguous")
PERSON_LINKS = ("same-name", "name-variant", "surname", "mononym", "new", "first-name", "ambiguous")

# The file ledger: which raw files the warehouse has taken in, so an unchanged file is not even
# read again. One row per file path; written by the load in the same transaction as the rows.
INGESTED_FILES = _table("ingested_files", ("path",), [
    ("path", pa.string(), False, "absolute path of the raw file"),
    ("size", pa.int64(), False, "size in bytes when it was read"),
    ("mtime_ns", pa.int64(), False, "modification time when it was read, nanoseconds since 1970 (UTC)"),
    ("content_sha256", pa.string(), False, "sha256 (hex) of the file's bytes"),
    ("extractor", pa.string(), False, "extractor version and model that processed it (a new one reads it again)"),
    ("run_id", pa.string(), False, "the run that loaded it"),
])
# Tables the warehouse keeps for its own bookkeeping: created and loaded like TABLES, not
# validated by GX (the pipeline writes them, not the extractors).
STATE_TABLES: dict[str, TableSpec] = {t.name: t for t in (INGESTED_FILES,)}

# Allowed values, shared by the extractors and the expectation suites.
SECTIONS = ("title", "dateline", "byline", "body")
FORMATS = ("txt", "html", "jsonl", "rss", "atom")
PLACE_KINDS = ("country", "region", "city", "other")
NUMBER_KINDS = ("count", "quantity", "money", "percent", "year", "date", "duration", "age", "ordinal")
SPEAKER_KINDS = ("person", "organization", "group", "anonymous", "unknown")
NUMBER_UNITS = (
    "%", "pp",
    "km", "m", "cm", "mm", "mi", "ft", "in", "yd",
    "km2", "m2", "ha", "acre",
    "kg", "g", "t", "lb", "oz",
    "l", "ml", "gal", "bbl",
    "km/h", "mph", "C", "F", "kWh", "MW", "GW",
    "year", "month", "week", "day", "hour", "minute", "second",
)
# Money units are ISO 4217 codes: the current ones come from pycountry; news archives also name
# currencies withdrawn since (Reuters 1996: marks, francs, lire, dinars), kept valid here.
HISTORIC_CURRENCY_CODES = (
    "ATS", "AZM", "BEF", "BGL", "BYB", "CSK", "CYP", "DDM", "DEM", "ECS", "EEK", "ESP", "FIM", "FRF",
    "GHC", "GRD", "HRD", "IEP", "ITL", "LTL", "LUF", "LVL", "MKN", "MTL", "MZM", "NLG", "PLZ", "PTE",
    "ROL", "RUR", "SDD", "SIT", "SKK", "SUR", "TMM", "TRL", "UAK", "VEB", "XEU", "YUD", "YUM", "YUN",
    "ZRN", "ZRZ", "ZWD",
)


def spec(name: str) -> TableSpec:
    return TABLES[name] if name in TABLES else STATE_TABLES[name]


def empty_table(name: str) -> pa.Table:
    return spec(name).schema.empty_table()


_DUCKDB_TYPES = {
    pa.string(): "VARCHAR",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.bool_(): "BOOLEAN",
    pa.timestamp("us", tz="UTC"): "TIMESTAMPTZ",
    pa.list_(pa.string()): "VARCHAR[]",
    pa.list_(pa.int64()): "BIGINT[]",
}


def duckdb_type(t: pa.DataType) -> str:
    return _DUCKDB_TYPES[t]


def duckdb_ddl(name: str, primary_key: bool = True) -> str:
    """CREATE TABLE statement derived from the pyarrow schema. primary_key=False for a DuckLake,
    which has no keys (the warehouse engine, etl/warehouse, creates its tables that way)."""
    t = spec(name)
    cols = [
        f'"{f.name}" {duckdb_type(f.type)}{"" if f.nullable else " NOT NULL"}'
        for f in t.schema
    ]
    if t.enforce_key and primary_key:
        cols.append(f"PRIMARY KEY ({', '.join(t.key)})")
    return f"CREATE TABLE IF NOT EXISTS {name} (\n  " + ",\n  ".join(cols) + "\n)"
