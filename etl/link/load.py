"""Load the link stage's parts, inside the load's transaction (etl/load.py calls `merge`).

- person_merges first: the old id is rewritten to the new one on every row that holds it
  (people, quotes, quotations) and its persons row removed, in the same snapshot;
- persons, stories and quotations: the batch's rows replace the rows of the same id, then their
  `articles` / `quotes` counts are recounted from the mention tables for exactly those ids (an
  edited article that replaced its old version is not counted twice);
- story_index / story_bands: the batch's articles replace theirs (the caller has already deleted
  the rows of replaced articles); quotation_index: only shingle keys not yet held are added.
"""
from __future__ import annotations

from pathlib import Path

from schemas.tables import TABLES


def _parts(batch: Path, table: str) -> str | None:
    from etl.batch import table_parts

    parts = table_parts(batch, table)
    if not parts:
        return None
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in parts) + "]"


def _cols(table: str) -> str:
    return ", ".join(f'"{c}"' for c in TABLES[table].columns)


def delete_for_articles(con, articles_sql: str) -> None:
    """Remove the index rows of articles about to be replaced (`articles_sql` selects article_id)."""
    for table in ("story_index", "story_bands"):
        con.execute(f"DELETE FROM {table} WHERE article_id IN ({articles_sql})")


def merge(con, batch: Path) -> None:
    batch = Path(batch)
    merges = _parts(batch, "person_merges")
    if merges:
        con.execute(f"CREATE OR REPLACE TEMP TABLE batch_merges AS SELECT {_cols('person_merges')} FROM read_parquet({merges})")
        if con.execute("SELECT count(*) FROM batch_merges").fetchone()[0]:
            con.execute(f"INSERT INTO person_merges ({_cols('person_merges')}) SELECT {_cols('person_merges')} FROM batch_merges")
            for table, column in (("people", "person_id"), ("quotes", "speaker_person_id"), ("quotations", "speaker_person_id")):
                con.execute(f"""UPDATE {table} SET {column} = m.new_person_id FROM batch_merges m
                                WHERE {table}.{column} = m.old_person_id""")
            # an older merge into an id that is itself merged now points at the newest id
            con.execute("""UPDATE person_merges SET new_person_id = m.new_person_id FROM batch_merges m
                           WHERE person_merges.new_person_id = m.old_person_id""")
            con.execute("DELETE FROM persons WHERE person_id IN (SELECT old_person_id FROM batch_merges)")
    for table, key in (("persons", "person_id"), ("stories", "story_id"), ("quotations", "quotation_id")):
        parts = _parts(batch, table)
        if not parts:
            continue
        con.execute(f"CREATE OR REPLACE TEMP TABLE batch_{table} AS SELECT {_cols(table)} FROM read_parquet({parts})")
        con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM batch_{table})")
        con.execute(f"INSERT INTO {table} ({_cols(table)}) SELECT {_cols(table)} FROM batch_{table}")
    for table in ("story_index", "story_bands"):
        parts = _parts(batch, table)
        if parts:
            con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM read_parquet({parts}))")
            con.execute(f"INSERT INTO {table} ({_cols(table)}) SELECT {_cols(table)} FROM read_parquet({parts})")
    parts = _parts(batch, "quotation_index")
    if parts:
        con.execute(f"""INSERT INTO quotation_index ({_cols('quotation_index')})
                        SELECT DISTINCT b.shingle_key, b.quotation_id FROM read_parquet({parts}) b
                        WHERE NOT EXISTS (SELECT 1 FROM quotation_index q
                                          WHERE q.shingle_key = b.shingle_key AND q.quotation_id = b.quotation_id)""")
    # exact counts for the ids this batch touched
    if _parts(batch, "persons"):
        con.execute("""UPDATE persons SET
                articles = (SELECT count(DISTINCT article_id) FROM people p WHERE p.person_id = persons.person_id),
                quotes = (SELECT count(*) FROM quotes q WHERE q.speaker_person_id = persons.person_id)
            WHERE person_id IN (SELECT person_id FROM batch_persons)""")
    if _parts(batch, "stories"):
        con.execute("""UPDATE stories SET articles = (SELECT count(*) FROM articles a WHERE a.story_id = stories.story_id)
            WHERE story_id IN (SELECT story_id FROM batch_stories)""")
    if _parts(batch, "quotations"):
        con.execute("""UPDATE quotations SET articles = (SELECT count(DISTINCT article_id) FROM quotes q WHERE q.quotation_id = quotations.quotation_id)
            WHERE quotation_id IN (SELECT quotation_id FROM batch_quotations)""")
