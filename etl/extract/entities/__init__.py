"""People and places of an article: which names are people, which are places, which mentions
are the same entity, and where each place is.

A newcomer's walk through the package, in the order an article goes through it:
- `vocab`: the word lists (titles, role nouns, organisation and place words, name particles);
- `names`: name parts — a name's key, the words at its edges (titles, particles, descriptions,
  credentials, scores), what its own words say (organisation word, nationality, known place);
- `candidates`: the names of an article — the model's spans repaired, plus names syntax, titles
  and the gazetteer find that the model missed, capital lines, the byline slot;
- `evidence`: what all mentions of one name say (labels, syntax, gazetteer, shape), as
  hand-weighted votes and as the features of the learned classifier;
- `mention_model`: the learned person / place / neither classifier (`make train-mentions`);
- `resolve`: the decision for each name, document consistency (surnames, short forms of
  companies, capital lines), clustering, and each place's reading from context;
- `gazetteer`: the offline gazetteer (countries, regions, cities, named regions, points);
- `people`, `places`: the warehouse rows.

How a name is decided. The small spaCy model labels each mention on its own and often disagrees
with itself across an article ("Zoramthanga" a person in one sentence, a place in the next). Here
every mention of a name votes, with evidence that generalises: the model's label; syntax (the
subject of a reporting verb or a name with a personal title is a person, not a place); the
gazetteer (a name it knows is likely a place); the name's own words ("Interior Ministry" is an
organisation, "Azeris" or "Tajik" a people); the nouns around it ("the town of Uyo", "firm
Multico"); sports use ("beat Yorkshire", "Sunderland forward Niall Quinn" make a club); venues
("at Old Trafford"). Decisive evidence (a title, a speech verb, a sports side, an organisation
word, a nationality) settles a name by rule; the rest is decided by the learned classifier over
the same evidence. Then the document decides for all mentions together: a surname or first name
of a person found in full is that person, the short form of a company named in full is that
company, ALL-CAPS lines are read against the names found elsewhere, and place names take the
reading the article supports ("Paris, Texas"; "Georgia" beside Maine).
"""
from __future__ import annotations

from etl.extract.entities.evidence import _settled, mention_features
from etl.extract.entities.names import Mention, clean_name, is_demonym, name_key
from etl.extract.entities.resolve import Entity, _dateline_region_text, candidate_names, resolve_entities
from etl.extract.entities.vocab import PERSON_TITLES, SPEECH_LEMMAS

__all__ = ["Entity", "Mention", "PERSON_TITLES", "SPEECH_LEMMAS", "_dateline_region_text", "_settled",
           "candidate_names", "clean_name", "is_demonym", "mention_features", "name_key", "resolve_entities"]
