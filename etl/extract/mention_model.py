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


@dataclass(frozen=True)
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
            x = [features.get(f, 0.0) for f in self.features]
            out = list(self.intercept)
            for stage in self.trees:
                for c, (feat, thr, left, right, value) in enumerate(stage):
                    node = 0
                    while left[node] != -1:
                        node = left[node] if x[feat[node]] <= thr[node] else right[node]
                    out[c] += self.learning_rate * value[node]
            return out
        x = [(features.get(f, 0.0) - m) / s for f, m, s in zip(self.features, self.mean, self.scale)]
        return [b + sum(w * xi for w, xi in zip(row, x)) for row, b in zip(self.coef, self.intercept)]

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
