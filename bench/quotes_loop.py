"""Fast tuning loop for quotes and speakers: parse a corpus once, then re-run only extraction.

    nice .venv/bin/python bench/quotes_loop.py polnear-train            # parse (cached) + score
    nice .venv/bin/python bench/quotes_loop.py polnear-train --split odd --errors /tmp/i14a/err.json

The first run ingests ../shared/corpus/<set> exactly as the pipeline does, parses every article
with the pipeline's spaCy model and keeps the Docs (a spaCy DocBin) and the Articles under
$NEWS_QUOTES_CACHE (default /tmp/i14a/cache). Later runs load them and run only the extractors,
then score quotes the way ../shared/eval/score.py does (its own matching functions are imported),
so an attribution change is measured in seconds, not minutes. For tuning only: the figures that
count come from `news-etl run` + `score.py`, which tests/test_quality.py checks.

`--split even|odd` scores the even or odd articles (sorted by source_id) only: a split of our own
for checking a rule tuned on one half against the other.
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.shared import SHARED, load_scorer  # noqa: E402

CACHE = Path(os.environ.get("NEWS_QUOTES_CACHE", "/tmp/i14a/cache"))


def parsed(name: str, corpus: Path):
    """(articles, docs) for a corpus, parsed once and cached."""
    from spacy.tokens import DocBin

    from etl.extract.context import doc_text
    from etl.extract.nlp import load_model
    from etl.ingest import ingest_folder
    from etl.records import Article
    from etl.settings import Settings

    settings = Settings.from_env()
    CACHE.mkdir(parents=True, exist_ok=True)
    arts_path, docs_path = CACHE / f"{name}.articles.pkl", CACHE / f"{name}.docs.spacy"
    nlp = load_model(settings.model)
    if arts_path.exists() and docs_path.exists():
        articles = pickle.loads(arts_path.read_bytes())
        docs = list(DocBin().from_disk(docs_path).get_docs(nlp.vocab))
        return articles, docs
    articles = [r for r in ingest_folder(corpus, settings.max_file_bytes) if isinstance(r, Article)]
    t = time.time()
    docs = list(nlp.pipe((doc_text(a) for a in articles), batch_size=settings.nlp_batch_size))
    print(f"parsed {len(articles)} articles in {time.time() - t:.1f}s", file=sys.stderr)
    DocBin(store_user_data=False, docs=docs).to_disk(docs_path)
    arts_path.write_bytes(pickle.dumps(articles))
    return articles, docs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("set", help="a set name under ../shared/corpus and ../shared/gold")
    ap.add_argument("--split", choices=["even", "odd"])
    ap.add_argument("--errors", help="write missed / extra / wrong-speaker quotes here (JSON)")
    args = ap.parse_args()
    from etl.extract import extract_doc

    score = load_scorer()
    articles, docs = parsed(args.set, SHARED / "corpus" / args.set)
    gold = {}
    for f in sorted((SHARED / "gold" / args.set).glob("*.json")):
        g = json.loads(f.read_text())
        gold[g["source_id"]] = g
    order = sorted(range(len(articles)), key=lambda i: articles[i].source_id)
    if args.split:
        order = order[0 if args.split == "even" else 1::2]
    t = time.time()
    tp = n_pred = n_gold = sp_ok = sp_n = 0
    errors = {}
    for i in order:
        a, doc = articles[i], docs[i]
        g = gold.get(a.source_id)
        if g is None or "quotes" not in g:
            continue
        rows = extract_doc(a, doc).rows["quotes"]
        pred = [(r["text"], r["speaker"]) for r in rows]
        used, missed, wrong = set(), [], []
        for gq in g["quotes"]:
            gt = score.norm_quote(gq["text"])
            best = max(((score.similar(score.norm_quote(p[0]), gt), k) for k, p in enumerate(pred) if k not in used), default=(0, None))
            if best[0] >= 0.9:
                used.add(best[1])
                tp += 1
                if gq.get("speaker"):
                    sp_n += 1
                    if score.speaker_ok(pred[best[1]][1], gq):
                        sp_ok += 1
                    else:
                        wrong.append({"quote": gq["text"][:80], "gold": gq["speaker"], "predicted": pred[best[1]][1]})
            else:
                missed.append(gq["text"][:80])
        optional = [score.norm_quote(o["text"]) for o in g.get("quotes_optional", [])]
        extras = [k for k in range(len(pred)) if k not in used
                  and not any(score.similar(score.norm_quote(pred[k][0]), o) >= 0.9 for o in optional)]
        n_pred += len(used) + len(extras)
        n_gold += len(g["quotes"])
        if missed or extras or wrong:
            errors[a.source_id] = {"missed": missed, "extra": [pred[k][0][:80] for k in extras], "wrong_speaker": wrong}
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{args.set}{'/' + args.split if args.split else ''}: quotes P {p:.4f} R {r:.4f} F1 {f:.4f} "
          f"(tp {tp}, pred {n_pred}, gold {n_gold})  speaker accuracy {sp_ok / sp_n if sp_n else 0:.4f} "
          f"({sp_ok}/{sp_n})  [{time.time() - t:.1f}s extraction]")
    if args.errors:
        Path(args.errors).write_text(json.dumps(errors, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
