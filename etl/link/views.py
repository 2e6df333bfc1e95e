"""Analysis views over the link stage's ids (created with the warehouse schema, etl/load.py).

    person_quotes_by_outlet_month  who is quoted most, per outlet and month: quotes, articles and
                                   stories (wire copies of one story count once)
    person_quoted_vs_mentioned     per person: articles and stories that name them, that quote them
    quotation_first_and_repeats    per quotation: where it first appeared, and each later report
    persons_together               pairs of persons named in the same articles, by person_id
"""
from __future__ import annotations

from schemas.tables import ARTICLES

# the outlet column comes with the feeds (articles.outlet); until then the agency stands in
OUTLET = "a.outlet" if "outlet" in ARTICLES.columns else "a.agency"
MONTH = "strftime(a.published, '%Y-%m')"

VIEWS = {
    "person_quotes_by_outlet_month": f"""
        SELECT p.person_id, p.name, {OUTLET} AS outlet, {MONTH} AS month,
               count(*) AS quotes, count(DISTINCT q.article_id) AS articles,
               count(DISTINCT coalesce(a.story_id, a.article_id)) AS stories
        FROM quotes q JOIN articles a USING (article_id) JOIN persons p ON p.person_id = q.speaker_person_id
        GROUP BY ALL ORDER BY stories DESC, quotes DESC, p.name""",
    "person_quoted_vs_mentioned": """
        WITH named AS (
            SELECT m.person_id, count(DISTINCT m.article_id) AS articles_named,
                   count(DISTINCT coalesce(a.story_id, a.article_id)) AS stories_named
            FROM people m JOIN articles a USING (article_id) WHERE m.person_id IS NOT NULL GROUP BY 1),
        quoted AS (
            SELECT q.speaker_person_id AS person_id, count(*) AS quotes, count(DISTINCT q.article_id) AS articles_quoted,
                   count(DISTINCT coalesce(a.story_id, a.article_id)) AS stories_quoted
            FROM quotes q JOIN articles a USING (article_id) WHERE q.speaker_person_id IS NOT NULL GROUP BY 1)
        SELECT p.person_id, p.name, coalesce(n.articles_named, 0) AS articles_named,
               coalesce(n.stories_named, 0) AS stories_named, coalesce(d.quotes, 0) AS quotes,
               coalesce(d.articles_quoted, 0) AS articles_quoted, coalesce(d.stories_quoted, 0) AS stories_quoted,
               coalesce(n.articles_named, 0) - coalesce(d.articles_quoted, 0) AS articles_only_mentioned
        FROM persons p LEFT JOIN named n USING (person_id) LEFT JOIN quoted d USING (person_id)
        ORDER BY articles_named DESC, p.name""",
    "quotation_first_and_repeats": f"""
        SELECT qt.quotation_id, qt.text, sp.name AS speaker, qt.first_article_id, qt.first_outlet, qt.first_published,
               qt.articles, q.article_id AS repeated_in, {OUTLET} AS repeated_by, a.published AS repeated_at,
               a.story_id = f.story_id AS same_story
        FROM quotations qt
        LEFT JOIN persons sp ON sp.person_id = qt.speaker_person_id
        JOIN articles f ON f.article_id = qt.first_article_id
        JOIN quotes q ON q.quotation_id = qt.quotation_id AND q.article_id <> qt.first_article_id
        JOIN articles a ON a.article_id = q.article_id
        ORDER BY qt.articles DESC, qt.quotation_id, a.published NULLS LAST, q.article_id""",
    "persons_together": """
        SELECT x.person_id AS person_a, pa.name AS name_a, y.person_id AS person_b, pb.name AS name_b,
               count(DISTINCT x.article_id) AS articles,
               count(DISTINCT coalesce(a.story_id, a.article_id)) AS stories
        FROM people x JOIN people y ON x.article_id = y.article_id AND x.person_id < y.person_id
        JOIN articles a ON a.article_id = x.article_id
        JOIN persons pa ON pa.person_id = x.person_id JOIN persons pb ON pb.person_id = y.person_id
        GROUP BY ALL ORDER BY stories DESC, articles DESC, name_a, name_b""",
}
