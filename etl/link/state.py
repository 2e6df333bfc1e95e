"""What the warehouse already knows, read for the linkers in bounded pieces.

Every read goes through `WarehouseState._rows`: one parameterised query per slice of at most
`SLICE` keys (surname keys, LSH band keys, shingle keys, ids), so a run's memory depends on its
batch, not on the size of the warehouse. The connection is opened read-only by the caller; on a
warehouse without the link tables yet (a first run, or one made before linking existed) every
lookup answers nothing.
"""
from __future__ import annotations

from typing import Iterable

from etl.link.persons import KnownPerson
from etl.link.quotations import Quotation
from etl.link.stories import IndexedArticle, Story

SLICE = 2000


class WarehouseState:
    def __init__(self, con):
        self.con = con
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()").fetchall()}
        self.ready = {"persons", "stories", "story_index", "story_bands", "quotations", "quotation_index",
                      "person_merges", "people"} <= tables

    def _rows(self, sql: str, keys: Iterable, extra: tuple = ()) -> list[tuple]:
        """`sql` with one list parameter `?` (the keys), run per slice of SLICE keys."""
        if not self.ready:
            return []
        keys = list(keys)
        out: list[tuple] = []
        for i in range(0, len(keys), SLICE):
            out.extend(self.con.execute(sql, [keys[i:i + SLICE], *extra]).fetchall())
        return out

    # persons -------------------------------------------------------------------------------
    def persons_by_surname(self, surnames):
        rows = self._rows("""
            SELECT person_id, name, kind, articles, aliases, roles, first_seen, last_seen, quotes
            FROM persons WHERE surname_key IN (SELECT unnest(?::VARCHAR[]))""", surnames)
        return [KnownPerson(pid, name, kind, articles, set(aliases or []), set(roles or []), first, last, quotes)
                for pid, name, kind, articles, aliases, roles, first, last, quotes in rows]

    def co_mentions(self, person_ids, context_ids):
        context_ids = list(context_ids)
        rows = self._rows("""
            SELECT a.person_id, b.person_id, count(DISTINCT a.article_id)
            FROM people a JOIN people b ON a.article_id = b.article_id
            WHERE a.person_id IN (SELECT unnest(?::VARCHAR[])) AND b.person_id IN (SELECT unnest(?::VARCHAR[]))
              AND a.person_id <> b.person_id
            GROUP BY ALL""", person_ids, (context_ids,))
        return {(a, b): n for a, b, n in rows}

    def merged_ids(self, person_ids):
        return dict(self._rows("""
            SELECT old_person_id, new_person_id FROM person_merges
            WHERE old_person_id IN (SELECT unnest(?::VARCHAR[]))""", person_ids))

    # stories -------------------------------------------------------------------------------
    def articles_by_band(self, keys):
        ids = sorted({r[0] for r in self._rows(
            "SELECT DISTINCT article_id FROM story_bands WHERE band_key IN (SELECT unnest(?::BIGINT[]))", keys)})
        rows = self._rows("""
            SELECT article_id, story_id, signature, n_shingles, lead_signature, n_lead
            FROM story_index WHERE article_id IN (SELECT unnest(?::VARCHAR[]))""", ids)
        return [IndexedArticle(a, s, list(sig), n, list(lead), nl) for a, s, sig, n, lead, nl in rows]

    def stories(self, story_ids):
        rows = self._rows("""
            SELECT story_id, first_article_id, headline, first_published, articles, outlets, agencies
            FROM stories WHERE story_id IN (SELECT unnest(?::VARCHAR[]))""", story_ids)
        return [Story(sid, first, head, pub, n, set(outlets or []), set(agencies or []))
                for sid, first, head, pub, n, outlets, agencies in rows]

    # quotations ----------------------------------------------------------------------------
    def quotations_by_shingle(self, keys):
        ids = sorted({r[0] for r in self._rows(
            "SELECT DISTINCT quotation_id FROM quotation_index WHERE shingle_key IN (SELECT unnest(?::BIGINT[]))", keys)})
        rows = self._rows("""
            SELECT quotation_id, text, speaker_person_id, first_article_id, first_outlet, first_published, articles, outlets
            FROM quotations WHERE quotation_id IN (SELECT unnest(?::VARCHAR[]))""", ids)
        return [Quotation(qid, text, spk, first, outlet, pub, n, set(outlets or []))
                for qid, text, spk, first, outlet, pub, n, outlets in rows]
