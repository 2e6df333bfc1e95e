"""Train the mention classifier (etl/extract/entities/mention_model.py) on conll-train.

    .venv/bin/python scripts/train_mentions.py [--split even] [--out etl/extract/entities/data/mention_model.json]

For every name the resolver considers in an article (entities.candidate_names) and does not
settle by its hand rules (entities._settled: titles, speech verbs, sports sides, organisation
words, nationalities), the features
are entities.mention_features and the label is what the gold says of it: "person" or "place" when
one of its written forms is a gold person's or place's name or alias, else "none". A
gradient-boosted tree ensemble (or, with --learner linear, a logistic regression; scikit-learn,
fixed seed) is fitted and written as plain JSON arrays with their provenance. Deterministic: the same corpus, gold and code give the
same file. Needs ../shared (the corpus and gold) and scikit-learn (requirements.lock).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from entity_eval import SHARED, _gold, load_scorer, parsed  # noqa: E402

from etl.extract.context import DocContext  # noqa: E402
from etl.extract.entities import _settled, candidate_names, mention_features  # noqa: E402
from etl.settings import Settings  # noqa: E402

CLASSES = ("none", "person", "place")
SEED = 14


def samples(corpus: str, model: str, split: str | None = None):
    """(features, label, article id, name key) for every candidate name of the corpus."""
    sc = load_scorer()
    golds = _gold(corpus)
    keep = set(sorted(golds)[0 if split == "even" else 1::2]) if split else set(golds)
    for article, doc in parsed(corpus, model):
        if article.source_id not in keep:
            continue
        g = golds[article.source_id]
        people = {sc.norm(n) for e in g.get("people", []) for n in (e["name"], *e.get("aliases", []))}
        # a surname or first name of a gold person is that person (the resolver folds it in)
        people |= {" ".join(w[i:j]) for n in list(people) for w in [n.split()] for i, j in ((0, 1), (len(w) - 1, len(w)))
                   if len(w) > 1}
        places = {sc.norm(n) for e in g.get("places", []) for n in (e["name"], *e.get("aliases", []))}
        ctx = DocContext(article, doc)
        _, by_key, votes, norp = candidate_names(ctx)
        for k, mentions in by_key.items():
            if _settled(votes[k]):
                continue  # decided by the hand rules (entities._settled); the model learns the rest
            forms = {sc.norm(m.text) for m, _ in mentions}
            label = "person" if forms & people else "place" if forms & places else "none"
            yield mention_features(k, mentions, votes[k], norp), label, article.source_id, k


def train(rows, c: float):
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    names = sorted(rows[0][0])
    x = np.array([[f[n] for n in names] for f, *_ in rows], dtype=float)
    y = np.array([CLASSES.index(label) for _, label, *_ in rows])
    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    clf = LogisticRegression(C=c, max_iter=5000, random_state=SEED).fit((x - scaler.mean_) / scale, y)
    accuracy = float((clf.predict((x - scaler.mean_) / scale) == y).mean())
    return names, scaler.mean_.tolist(), scale.tolist(), clf, accuracy


def train_trees(rows, n_estimators: int, depth: int, rate: float):
    """Gradient-boosted regression trees (scikit-learn GradientBoostingClassifier), exported as
    arrays so that etl/extract/entities/mention_model.py can walk them without scikit-learn."""
    import numpy as np
    from sklearn.ensemble import GradientBoostingClassifier

    names = sorted(rows[0][0])
    x = np.array([[f[n] for n in names] for f, *_ in rows], dtype=float)
    y = np.array([CLASSES.index(label) for _, label, *_ in rows])
    clf = GradientBoostingClassifier(n_estimators=n_estimators, max_depth=depth, learning_rate=rate,
                                     subsample=0.8, random_state=SEED).fit(x, y)
    accuracy = float((clf.predict(x) == y).mean())
    init = clf._raw_predict_init(x[:1])[0].tolist()
    stages = []
    for stage in clf.estimators_:
        trees = []
        for est in stage:
            t = est.tree_
            trees.append([t.feature.tolist(), [round(v, 6) for v in t.threshold.tolist()],
                          t.children_left.tolist(), t.children_right.tolist(),
                          [round(v, 6) for v in t.value[:, 0, 0].tolist()]])
        stages.append(trees)
    return names, clf, init, stages, accuracy


def main() -> int:
    import sklearn

    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="conll-train")
    ap.add_argument("--split", choices=["even", "odd"], help="train on half the articles (sorted ids)")
    ap.add_argument("--learner", choices=["trees", "linear"], default="trees")
    ap.add_argument("--c", type=float, default=0.3, help="linear: inverse regularisation strength")
    ap.add_argument("--trees", type=int, default=150, help="trees: boosting stages")
    ap.add_argument("--depth", type=int, default=3, help="trees: depth of each tree")
    ap.add_argument("--rate", type=float, default=0.1, help="trees: learning rate")
    ap.add_argument("--out", default=str(ROOT / "etl" / "extract" / "entities" / "data" / "mention_model.json"))
    args = ap.parse_args()
    rows = list(samples(args.corpus, Settings.from_env().model, args.split))
    counts = {c: sum(1 for _, label, *_ in rows if label == c) for c in CLASSES}
    if args.learner == "trees":
        names, clf, init, stages, accuracy = train_trees(rows, args.trees, args.depth, args.rate)
        weights = {"intercept": [round(v, 6) for v in init], "learning_rate": args.rate, "trees": stages}
        learner = (f"scikit-learn {sklearn.__version__} GradientBoostingClassifier(n_estimators={args.trees}, "
                   f"max_depth={args.depth}, learning_rate={args.rate}, subsample=0.8, random_state={SEED})")
    else:
        names, mean, scale, clf, accuracy = train(rows, args.c)
        weights = {"mean": [round(v, 6) for v in mean], "scale": [round(v, 6) for v in scale],
                   "coef": [[round(w, 6) for w in row] for row in clf.coef_.tolist()],
                   "intercept": [round(b, 6) for b in clf.intercept_.tolist()]}
        learner = (f"scikit-learn {sklearn.__version__} LogisticRegression(C={args.c}, lbfgs, multinomial), "
                   f"standardised features, random_state={SEED}")
    model = {
        "features": names,
        "classes": [CLASSES[i] for i in clf.classes_],
        **weights,
        "provenance": {
            "trained_on": f"{SHARED.name}/corpus/{args.corpus} with gold/{args.corpus}"
                          + (f" ({args.split} articles by sorted source_id)" if args.split else " (all articles)"),
            "source": "CoNLL-2003 eng.train Reuters articles as rebuilt in ../shared (PER → person, LOC → place)",
            "samples": len(rows), "class_counts": counts, "training_accuracy": round(accuracy, 4),
            "learner": learner,
            "script": "scripts/train_mentions.py (make train-mentions)",
        },
    }
    Path(args.out).write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"{len(rows)} names {counts}; training accuracy {accuracy:.3f} → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
