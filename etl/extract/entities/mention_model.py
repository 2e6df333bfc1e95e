"""The learned mention classifier: is a name of an article a person, a place or neither?

Gradient-boosted trees (or a multinomial logistic regression) over `entities.mention_features` (evidence counts from the
parse, the model's labels, the gazetteer, the name's shape and the hand-weighted votes), trained
on conll-train by `scripts/train_mentions.py` (`make train-mentions`); its weights live in
data/mention_model.json with their provenance. Inference walks the trees in plain Python:
no scikit-learn and no network at run time. Without the file (or with NEWS_MENTION_MODEL=off)
the resolver falls back to the hand-weighted votes (entities._decide).
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parent / "data" / "mention_model.json"


@dataclass(frozen=True, eq=False)
class MentionModel:
    features: tuple[str, ...]
    classes: tuple[str, ...]  # "none", "person", "place"
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[tuple[float, ...], ...]  # one row per class
    intercept: tuple[float, ...]
    provenance: dict
    none_threshold: float = 0.5  # a name is neither person nor place only when P(none) reaches this

    trees: tuple = ()  # gradient-boosted trees: per stage, one (feature, threshold, left, right, value) per class
    learning_rate: float = 0.0

    def scores(self, features: dict[str, float]) -> list[float]:
        if self.trees:
            import numpy as np

            feat, thr, left, right, value, klass, depth = self._forest()
            x = np.array([features.get(f, 0.0) for f in self.features] + [0.0])
            rows = np.arange(feat.shape[0])
            node = np.zeros(feat.shape[0], dtype=np.int64)
            for _ in range(depth):  # every tree one level down at once; leaves stay put
                here = (rows, node)
                step = np.where(x[feat[here]] <= thr[here], left[here], right[here])
                node = np.where(left[here] == -1, node, step)
            contrib = value[rows, node] * self.learning_rate
            return [b + float(contrib[klass == c].sum()) for c, b in enumerate(self.intercept)]
        x = [(features.get(f, 0.0) - m) / s for f, m, s in zip(self.features, self.mean, self.scale)]
        return [b + sum(w * xi for w, xi in zip(row, x)) for row, b in zip(self.coef, self.intercept)]

    @lru_cache(maxsize=1)  # noqa: B019 (one model per process, kept for its life)
    def _forest(self):
        """The trees as padded arrays (tree × node), so all of them are walked together."""
        import numpy as np

        trees = [(c, t) for stage in self.trees for c, t in enumerate(stage)]
        width = max(len(t[0]) for _, t in trees)
        shape = (len(trees), width)
        feat = np.full(shape, len(self.features), dtype=np.int64)  # padding points at a constant 0
        thr = np.zeros(shape)
        left = np.full(shape, -1, dtype=np.int64)
        right = np.full(shape, -1, dtype=np.int64)
        value = np.zeros(shape)
        for i, (_, (f, th, lo, hi, val)) in enumerate(trees):
            n = len(f)
            feat[i, :n] = [j if j >= 0 else len(self.features) for j in f]
            thr[i, :n], left[i, :n], right[i, :n], value[i, :n] = th, lo, hi, val
        klass = np.array([c for c, _ in trees])
        depth = 0
        for _, (_, _, lo, hi, _) in trees:  # the deepest path bounds the walk
            stack = [(0, 0)]
            while stack:
                node, d = stack.pop()
                depth = max(depth, d)
                if lo[node] != -1:
                    stack += [(lo[node], d + 1), (hi[node], d + 1)]
        return feat, thr, left, right, value, klass, depth

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        scores = self.scores(features)
        top = max(scores)
        exp = [math.exp(z - top) for z in scores]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp)}

    def decide(self, features: dict[str, float]) -> str | None:
        """'person', 'place' or None (neither: an organisation, a nationality, a word)."""
        probs = self.probabilities(features)
        if probs.get("none", 0.0) >= self.none_threshold:
            return None
        return "person" if probs.get("person", 0.0) >= probs.get("place", 0.0) else "place"


def from_json(data: dict) -> MentionModel:
    trees = tuple(tuple(tuple(tuple(a) for a in tree) for tree in stage) for stage in data.get("trees", []))
    return MentionModel(tuple(data["features"]), tuple(data["classes"]), tuple(data.get("mean", ())),
                        tuple(data.get("scale", ())), tuple(tuple(r) for r in data.get("coef", ())),
                        tuple(data["intercept"]), data.get("provenance", {}),
                        float(os.environ.get("NEWS_MENTION_NONE_THRESHOLD") or data.get("none_threshold", 0.5)),
                        trees, float(data.get("learning_rate", 0.0)))


@lru_cache(maxsize=1)
def load() -> MentionModel | None:
    """The committed model, or None when it is switched off or absent."""
    if os.environ.get("NEWS_MENTION_MODEL", "").lower() in {"off", "0", "false", "rules"}:
        return None
    path = Path(os.environ.get("NEWS_MENTION_MODEL_PATH", MODEL_PATH))
    if not path.exists():
        return None
    return from_json(json.loads(path.read_text(encoding="utf-8")))
