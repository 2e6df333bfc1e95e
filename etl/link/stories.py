"""Stories across outlets: the batch's articles + the stories already known → story ids.

Every article gets a MinHash signature (datasketch, `NUM_PERM` permutations) of its body's word
`SHINGLE`-grams. Candidates come from LSH banding of the signature (`BANDS` bands of `ROWS`
values: pairs sharing a fifth of their shingles meet with probability ≈ 0.93) looked up in the
warehouse's `story_index` and among the batch's earlier articles; a candidate is the same story
when the estimated *containment* of the smaller shingle set in the larger is at least
`CONTAINMENT` — containment rather than Jaccard, because a brief (the first three paragraphs of a
wire story) or an update with new paragraphs shares most of its text with the original but is
much shorter or longer. Two outlets' own reports of one event share a few quotes and names, far
below that.

Articles are taken in order of publication (then article id), so the earliest version founds the
story; a story's id derives from that founding article and never changes.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable, Protocol

from etl.link.names import strip_accents

NUM_PERM = 128
ROWS = 2
BANDS = NUM_PERM // ROWS
SHINGLE = 5
CONTAINMENT = 0.5
# A brief runs only a wire story's first paragraphs: a fifth of its shingles, too few for the
# whole-body signature to estimate containment well. A second signature of each article's lead
# (its first LEAD_WORDS words) compares a brief with the lead it was cut from.
LEAD_WORDS = 150


def words(text: str) -> list[str]:
    text = strip_accents(text).casefold()
    return re.findall(r"[a-z0-9]+", text)


def shingles(text: str, limit: int | None = None) -> set[bytes]:
    w = words(text)[:limit] if limit else words(text)
    if len(w) < SHINGLE:
        return {" ".join(w).encode()} if w else set()
    return {" ".join(w[i:i + SHINGLE]).encode() for i in range(len(w) - SHINGLE + 1)}


def signature(text: str, limit: int | None = None) -> tuple[list[int], int]:
    """(MinHash values, number of shingles) of an article body (of its first `limit` words)."""
    from datasketch import MinHash

    sh = shingles(text, limit)
    m = MinHash(num_perm=NUM_PERM, seed=1)
    m.update_batch(sorted(sh))
    return [int(v) for v in m.hashvalues], len(sh)


def band_keys(sig: list[int], kind: str = "body") -> list[int]:
    """One signed 64-bit key per band (signature kind and band number folded in), for the index."""
    out = []
    for b in range(BANDS):
        chunk = ",".join(str(v) for v in sig[b * ROWS:(b + 1) * ROWS])
        h = hashlib.blake2b(f"{kind}:{b}:{chunk}".encode(), digest_size=8).digest()
        out.append(int.from_bytes(h, "big", signed=True))
    return out


def containment(sig_a: list[int], n_a: int, sig_b: list[int], n_b: int) -> float:
    """Estimated |A ∩ B| / min(|A|, |B|) from two MinHash signatures and the set sizes."""
    if not n_a or not n_b:
        return 0.0
    j = sum(1 for x, y in zip(sig_a, sig_b) if x == y) / len(sig_a)
    inter = j * (n_a + n_b) / (1 + j)
    return min(1.0, inter / min(n_a, n_b))


@dataclass
class StoryDoc:
    article_id: str
    title: str | None
    body: str
    published: datetime | None = None
    outlet: str | None = None
    agency: str | None = None


@dataclass
class IndexedArticle:
    article_id: str
    story_id: str
    signature: list[int]
    n_shingles: int
    lead_signature: list[int]
    n_lead: int

    def keys(self) -> list[int]:
        return band_keys(self.signature) + band_keys(self.lead_signature, "lead")

    def same_story(self, other: "IndexedArticle") -> float:
        """The larger of body and lead containment (0..1)."""
        return max(containment(self.signature, self.n_shingles, other.signature, other.n_shingles),
                   containment(self.lead_signature, self.n_lead, other.lead_signature, other.n_lead))


@dataclass
class Story:
    story_id: str
    first_article_id: str
    headline: str | None
    first_published: datetime | None
    articles: int = 0
    outlets: set[str] = field(default_factory=set)
    agencies: set[str] = field(default_factory=set)


class StoryState(Protocol):
    def articles_by_band(self, keys: Iterable[int]) -> list[IndexedArticle]: ...

    def stories(self, story_ids: Iterable[str]) -> list[Story]: ...


class EmptyStoryState:
    def articles_by_band(self, keys):
        return []

    def stories(self, story_ids):
        return []


@dataclass
class StoryLinks:
    ids: dict[str, str]                         # article_id -> story_id
    copies: dict[str, str | None]               # article_id -> the article it was matched to (None: a new story)
    index: list[IndexedArticle]                 # the batch's articles for story_index
    bands: dict[str, list[int]]                 # article_id -> band keys
    stories: list[Story]                        # new and updated stories

    @property
    def new_stories(self) -> int:
        return sum(1 for v in self.copies.values() if v is None)


def _sid(article_id: str) -> str:
    return "S" + hashlib.sha256(f"story:{article_id}".encode()).hexdigest()[:15]


def link_stories(docs: list[StoryDoc], state: StoryState) -> StoryLinks:
    """Story ids for the batch. Within the batch, articles that match join one component (so a
    brief and an update of one seed meet through it); a component that matches a known story
    takes that story's id (the best match's), else it founds a new story named after its earliest
    article. Known stories are never merged with one another: their ids stay."""
    docs = sorted(docs, key=lambda d: (d.published is None, str(d.published or ""), d.article_id))
    entries = {}
    for d in docs:
        sig, n = signature(d.body)
        lead, n_lead = signature(d.body, LEAD_WORDS)
        entries[d.article_id] = IndexedArticle(d.article_id, "", sig, n, lead, n_lead)
    keys = {aid: e.keys() for aid, e in entries.items()}
    all_keys = sorted({k for ks in keys.values() for k in ks})
    by_key: dict[int, list[IndexedArticle]] = {}
    for a in state.articles_by_band(all_keys) if all_keys else []:
        if a.article_id in entries:
            continue
        for k in a.keys():
            by_key.setdefault(k, []).append(a)
    for aid, e in entries.items():
        for k in keys[aid]:
            by_key.setdefault(k, []).append(e)

    parent = {aid: aid for aid in entries}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    best_known: dict[str, tuple[float, str, IndexedArticle]] = {}   # article -> best known match
    for d in docs:
        e, seen = entries[d.article_id], set()
        for k in keys[d.article_id]:
            for a in by_key.get(k, []):
                if a.article_id in seen or a.article_id == d.article_id:
                    continue
                seen.add(a.article_id)
                c = e.same_story(a)
                if c < CONTAINMENT:
                    continue
                if a.article_id in entries:
                    ra, rb = find(a.article_id), find(d.article_id)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
                elif (c, a.article_id) > best_known.get(d.article_id, (0.0, ""))[:2]:
                    best_known[d.article_id] = (c, a.article_id, a)

    order = {d.article_id: i for i, d in enumerate(docs)}
    components: dict[str, list[str]] = {}
    for aid in entries:
        components.setdefault(find(aid), []).append(aid)
    ids: dict[str, str] = {}
    copies: dict[str, str | None] = {}
    for members in components.values():
        members.sort(key=order.get)
        matches = [best_known[m] for m in members if m in best_known]
        if matches:
            c, matched, a = max(matches, key=lambda t: (t[0], t[1]))
            sid = a.story_id
            for m in members:
                ids[m], copies[m] = sid, best_known[m][1] if m in best_known else matched
        else:
            sid = _sid(members[0])
            for i, m in enumerate(members):
                ids[m], copies[m] = sid, (members[0] if i else None)
    for aid, e in entries.items():
        e.story_id = ids[aid]

    # the stories this batch founds or adds to
    touched = sorted(set(ids.values()))
    stories = {s.story_id: s for s in state.stories(touched)}
    for d in docs:
        sid = ids[d.article_id]
        s = stories.get(sid)
        if s is None:
            s = stories[sid] = Story(sid, d.article_id, d.title, d.published)
        elif d.published and (s.first_published is None or d.published < s.first_published):
            s.first_article_id, s.headline, s.first_published = d.article_id, d.title, d.published
        s.articles += 1
        if d.outlet:
            s.outlets.add(d.outlet)
        if d.agency:
            s.agencies.add(d.agency)
    return StoryLinks(ids=ids, copies=copies, index=[entries[d.article_id] for d in docs], bands=keys,
                      stories=[stories[s] for s in touched])
