"""Train the speaker ranker (etl/extract/quotes/ranker.py) on polnear-train; write its weights.

    nice .venv/bin/python scripts/train_speakers.py                     # all of polnear-train → the shipped model
    nice .venv/bin/python scripts/train_speakers.py --split even --out /tmp/even.json   # for a split of our own

For every quote of the train set that the gold attributes to a named source, the hand rules run
(without the ranker) and each candidate speaker (the rules' answer, the people near the quote)
gets its features and a label: does the judge (../shared/eval/score.py `speaker_ok`) accept it?
Quotes whose gold speaker is an unresolved description ("the senator", "a spokeswoman"; the
machine-converted train gold keeps those where no name was inside the annotated span) are left
out: no candidate could match them, and they would teach the ranker to distrust the rules. A
logistic regression (scikit-learn, seeded) is fitted on the standardised features; its weights,
the feature scaling and the provenance go to etl/extract/quotes/data/speaker_model.json.

Parsing 840 articles takes minutes; the Docs are cached like bench/quotes_loop.py does
($NEWS_QUOTES_CACHE, default /tmp/i14a/cache).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from quotes_loop import SHARED, load_scorer, parsed  # noqa: E402

from etl.extract.context import DocContext  # noqa: E402
from etl.extract.entities import resolve_entities  # noqa: E402
from etl.extract.entities.people import byline_people, people_rows  # noqa: E402
from etl.extract.quotes import attributed_quotes  # noqa: E402
from etl.extract.quotes.ranker import MODEL_PATH, SpeakerModel  # noqa: E402

DESCRIPTION_START = ("the ", "a ", "an ", "one ", "some ", "his ", "her ", "its ", "their ", "two ", "three ")


def is_description(name: str) -> bool:
    return name[:1].islower() or name.lower().startswith(DESCRIPTION_START)


def examples(set_name: str, split: str | None):
    """(quote id, features, label) per candidate, and the quote count."""
    score = load_scorer()
    articles, docs = parsed(set_name, SHARED / "corpus" / set_name)
    gold = {}
    for f in sorted((SHARED / "gold" / set_name).glob("*.json")):
        g = json.loads(f.read_text())
        gold[g["source_id"]] = g
    order = sorted(range(len(articles)), key=lambda i: articles[i].source_id)
    if split:
        order = order[0 if split == "even" else 1::2]
    rows, n_quotes = [], 0
    for i in order:
        a, doc = articles[i], docs[i]
        g = gold.get(a.source_id)
        if not g or "quotes" not in g:
            continue
        ctx = DocContext(a, doc)
        ctx.people = byline_people(a, people_rows(ctx, resolve_entities(ctx)))  # as extract_doc does
        collected: list = []
        attributed_quotes(ctx, use_model=False, collect=collected)
        used: set[int] = set()
        for gq in g["quotes"]:
            gt = score.norm_quote(gq["text"])
            best = max(((score.similar(score.norm_quote(t), gt), k) for k, (t, _sp, _c) in enumerate(collected) if k not in used),
                       default=(0, None))
            if best[0] < 0.9:
                continue
            used.add(best[1])
            if not gq.get("speaker") or is_description(gq["speaker"]):
                continue
            cands = collected[best[1]][2]
            if not cands:
                continue
            n_quotes += 1
            for c in cands:
                rows.append((n_quotes, c.features, int(score.speaker_ok(c.speaker.speaker, gq))))
    return rows, n_quotes


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="polnear-train")
    ap.add_argument("--split", choices=["even", "odd"])
    ap.add_argument("--out", default=str(MODEL_PATH))
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args()
    import numpy as np
    import sklearn
    from sklearn.linear_model import LogisticRegression

    rows, n_quotes = examples(args.set, args.split)
    names = sorted({k for _q, f, _y in rows for k in f})
    X = np.array([[f.get(k, 0.0) for k in names] for _q, f, _y in rows])
    y = np.array([label for _q, _f, label in rows])
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=1.0, max_iter=2000, random_state=args.seed)
    clf.fit((X - mean) / scale, y)
    model = SpeakerModel(tuple(names), tuple(round(float(v), 6) for v in mean), tuple(round(float(v), 6) for v in scale),
                         tuple(round(float(v), 6) for v in clf.coef_[0]), round(float(clf.intercept_[0]), 6), {
                             "trained_on": f"../shared/gold/{args.set} + corpus/{args.set}" + (f", {args.split} articles by source_id" if args.split else ", all articles"),
                             "labels": "score.py speaker_ok of each candidate against the gold speaker; quotes whose gold speaker is a description left out",
                             "quotes": n_quotes, "candidates": len(rows), "positives": int(y.sum()),
                             "learner": f"scikit-learn {sklearn.__version__} LogisticRegression(C=1.0, random_state={args.seed})",
                             "script": "scripts/train_speakers.py"})
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(model.to_json() + "\n")
    # how often the top-scored candidate is right, against the rules' own answer (in sample)
    by_q: dict[int, list] = {}
    for (q, f, label), x in zip(rows, X):
        by_q.setdefault(q, []).append((model.score(f), f.get("is_rule", 0.0), label))
    top = sum(max(c, key=lambda t: t[0])[2] for c in by_q.values())
    rule = sum(any(r and label for _s, r, label in c) for c in by_q.values())
    print(f"{n_quotes} quotes, {len(rows)} candidates: ranker top-1 right {top / n_quotes:.3f}, rules {rule / n_quotes:.3f} (in sample) → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
