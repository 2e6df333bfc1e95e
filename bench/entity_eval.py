"""Fast tuning loop for people, places and numbers: parse each corpus once, cache the Docs,
then re-run only the extractors and score them in memory with ../shared/eval/score.py's own
matching functions.

    .venv/bin/python bench/entity_eval.py conll-train conll-dev field [--split even|odd] [--show people]
    .venv/bin/python bench/entity_eval.py conll-train --json /tmp/i14b/train.json

The cache (spaCy DocBin + the ingested articles) lives under $NEWS_EVAL_CACHE (default
/tmp/i14b/cache) keyed by corpus name and model; delete it after changing ingest. The real
figures come from `news-etl run` + `score.py`, which tests/test_quality.py checks; this loop
skips Parquet, validation and the warehouse, and the quotes extractor, so it runs in seconds.
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

CACHE = Path(os.environ.get("NEWS_EVAL_CACHE", "/tmp/i14b/cache"))


def _gold(corpus: str, gold_dir: Path | None = None) -> dict[str, dict]:
    gold_dir = gold_dir or SHARED / "gold" / corpus
    out = {}
    for f in sorted(gold_dir.glob("*.json")):
        g = json.loads(f.read_text(encoding="utf-8"))
        out[g["source_id"]] = g
    return out


def parsed(corpus: str, model: str, corpus_dir: Path | None = None):
    """[(Article, Doc)] for a corpus, parsed once and cached."""
    from spacy.tokens import DocBin

    from etl.extract.context import doc_text
    from etl.extract.nlp import load_model
    from etl.ingest import ingest_folder
    from etl.records import Article
    from etl.settings import Settings

    nlp = load_model(model)
    cache = CACHE / f"{corpus}.{model}"
    if (cache / "docs.spacy").exists():
        articles = pickle.loads((cache / "articles.pkl").read_bytes())
        docs = list(DocBin().from_disk(cache / "docs.spacy").get_docs(nlp.vocab))
        return list(zip(articles, docs))
    corpus_dir = corpus_dir or SHARED / "corpus" / corpus
    articles = [r for r in ingest_folder(corpus_dir, Settings.from_env().max_file_bytes) if isinstance(r, Article)]
    t = time.time()
    docs = list(nlp.pipe((doc_text(a) for a in articles), batch_size=16))
    print(f"parsed {corpus}: {len(docs)} articles in {time.time() - t:.1f}s", file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    DocBin(store_user_data=False, docs=docs).to_disk(cache / "docs.spacy")
    (cache / "articles.pkl").write_bytes(pickle.dumps(articles))
    return list(zip(articles, docs))


def extract_entities(article, doc) -> dict[str, list[dict]]:
    """people, places, numbers rows of one article (the quotes extractor is skipped)."""
    from etl.extract.context import DocContext
    from etl.extract.entities import resolve_entities
    from etl.extract.numbers import numbers_rows
    from etl.extract.entities.people import byline_people, people_rows
    from etl.extract.entities.places import places_rows

    ctx = DocContext(article, doc)
    entities = resolve_entities(ctx)
    return {"people": byline_people(article, people_rows(ctx, entities)), "places": places_rows(ctx, entities),
            "numbers": numbers_rows(ctx)}


def score(golds: dict[str, dict], predictions: dict[str, dict]) -> tuple[dict, dict]:
    """The judge's figures for people, places (with country accuracy) and numbers."""
    sc = load_scorer()
    totals = {k: [0, 0, 0] for k in ("people", "places", "numbers")}
    countries = [0, 0]
    unit_ok = counts_ok = 0
    report = {}
    for sid, g in golds.items():
        rows = predictions.get(sid, {})
        art = {}
        for kind in ("people", "places"):
            if kind not in g:
                continue
            names = [r["name"] for r in rows.get(kind, [])]
            optional = {sc.norm(n) for o in g.get(f"{kind}_optional", []) for n in (o["name"], *o.get("aliases", []))}
            gold_keys = {sc.norm(n) for e in g[kind] for n in (e["name"], *e.get("aliases", []))}
            names = [n for n in names if sc.norm(n) in gold_keys or sc.norm(n) not in optional]
            tp, n_pred, misses, extras = sc.match_entities(names, g[kind])
            t = totals[kind]
            t[0] += tp; t[1] += n_pred; t[2] += len(g[kind])  # noqa: E702
            art[kind] = {"missed": misses, "extra": extras}
            if kind == "places":
                prow = [(r["name"], r.get("country_code")) for r in rows.get("places", [])]
                wrong = []
                for gi, (name, cc) in sc.entity_pairs(prow, g[kind]):
                    want = g[kind][gi].get("country_code")
                    if want:
                        countries[1] += 1
                        if (cc or "").upper() == want.upper():
                            countries[0] += 1
                        else:
                            wrong.append(f"{name}: {cc} != {want}")
                if wrong:
                    art["country_wrong"] = wrong
        if "numbers" in g:
            pred = [(r["value"], r["unit"], r["counts"]) for r in rows.get("numbers", [])]
            optional = {float(o["value"]) for o in g.get("numbers_optional", [])}
            gold_values = [float(n["value"]) for n in g["numbers"]]
            pred = [p for p in pred if p[0] is None or float(p[0]) in gold_values or float(p[0]) not in optional]
            tp, u, c = sc.number_hits(pred, g["numbers"])
            totals["numbers"][0] += tp; totals["numbers"][1] += len(pred); totals["numbers"][2] += len(g["numbers"])  # noqa: E702
            unit_ok += u; counts_ok += c  # noqa: E702
            pv = sorted(float(p[0]) for p in pred)
            gv = sorted(gold_values)
            missed = [v for v in gv if not any(abs(v - p) <= 1e-6 * max(1, abs(v)) for p in pv)]
            extra = [p for p in pv if not any(abs(v - p) <= 1e-6 * max(1, abs(v)) for v in gv)]
            if missed or extra:
                art["numbers"] = {"missed": missed, "extra": extra}
        report[sid] = art
    scores = {k: sc.prf(*v) for k, v in totals.items() if v[2] or v[1]}
    if "numbers" in scores and totals["numbers"][0]:
        scores["numbers"]["unit_accuracy"] = round(unit_ok / totals["numbers"][0], 4)
        scores["numbers"]["counts_accuracy"] = round(counts_ok / totals["numbers"][0], 4)
    if countries[1] and "places" in scores:
        scores["places"]["country_accuracy"] = round(countries[0] / countries[1], 4)
    return scores, report


def evaluate(corpus: str, model: str, split: str | None = None, gold_dir: Path | None = None,
             corpus_dir: Path | None = None) -> tuple[dict, dict]:
    golds = _gold(corpus, gold_dir)
    pairs = parsed(corpus, model, corpus_dir)
    if split:
        keep = sorted(golds)[0 if split == "even" else 1::2]
        golds = {k: golds[k] for k in keep}
    predictions = {a.source_id: extract_entities(a, d) for a, d in pairs if a.source_id in golds}
    return score(golds, predictions)


def main() -> int:
    from etl.settings import Settings

    ap = argparse.ArgumentParser()
    ap.add_argument("corpora", nargs="+", help="names under ../shared/corpus (or numbers / numbers-heldout: our gold)")
    ap.add_argument("--split", choices=["even", "odd"])
    ap.add_argument("--json", help="write per-article misses and extras here")
    ap.add_argument("--show", nargs="*", default=[], help="print misses/extras of these kinds")
    args = ap.parse_args()
    model = Settings.from_env().model
    full = {}
    for corpus in args.corpora:
        gold_dir = corpus_dir = None
        if corpus.startswith("numbers"):
            gold_dir = ROOT / "tests" / "fixtures" / "gold" / corpus
            corpus_dir = CACHE / f"{corpus}-corpus"
            if not corpus_dir.exists():
                corpus_dir.mkdir(parents=True)
                for g in gold_dir.glob("*.json"):
                    sid = json.loads(g.read_text())["source_id"]
                    src = next(SHARED.glob(f"corpus/*/{sid}.txt"))
                    (corpus_dir / src.name).write_bytes(src.read_bytes())
        t = time.time()
        scores, report = evaluate(corpus, model, args.split, gold_dir, corpus_dir)
        full[corpus] = {"scores": scores, "articles": report}
        line = "  ".join(f"{k} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f}"
                         + "".join(f" {m}={s[m]:.3f}" for m in ("country_accuracy", "unit_accuracy", "counts_accuracy") if m in s)
                         for k, s in scores.items())
        print(f"{corpus}{'/' + args.split if args.split else ''} ({time.time() - t:.0f}s): {line}")
        for sid, art in report.items():
            for kind in args.show:
                got = art.get(kind)
                if got and (got.get("missed") or got.get("extra")):
                    print(f"  {sid} {kind}: missed={got['missed']} extra={got['extra']}")
                if kind == "places" and art.get("country_wrong"):
                    print(f"  {sid} country: {art['country_wrong']}")
    if args.json:
        Path(args.json).write_text(json.dumps(full, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
