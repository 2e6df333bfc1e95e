"""Linking benchmark (`make bench`): prints figures, asserts nothing.

Corpus: every distinct train and dev article in ../shared (conll-dev, conll-train, polnear-dev,
polnear-train: about 1,470) plus generated wire copies of some of them (a new headline, the last
paragraph cut, a local paragraph on top — the kinds of copies the story linker must find).
Measured through `news-etl run`, on this machine:

  (a) the link stage's share of a run over all but 100 of the articles into an empty warehouse;
  (b) a run of the 100 held back against that warehouse, and the same 100 against an empty one:
      the ratio of their times (whole run, and the link stage alone);
  (c) the per-run report line of new stories and copies.

    .venv/bin/python bench/identity.py [--copies 200] [--workers 2] [--keep DIR]
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
SETS = ("conll-dev", "conll-train", "polnear-dev", "polnear-train")
TOWNS = ("Janesville", "Jefferson City", "Duluth", "Bakersfield", "Macon", "Pueblo", "Erie", "Yakima")


def build(out: Path, copies: int) -> list[Path]:
    files = []
    for name in SETS:
        for p in sorted((SHARED / name).glob("*.txt")):
            dest = out / f"{name}--{p.name}"
            shutil.copyfile(p, dest)
            files.append(dest)
    # wire copies: spread over the polnear articles (long enough to carry a story)
    sources = [f for f in files if f.name.startswith("polnear")]
    step = max(1, len(sources) // max(1, copies))
    for i, src in enumerate(sources[::step][:copies]):
        head, _, body = src.read_text(encoding="utf-8").partition("\n")
        paras = [p for p in re.split(r"\n\s*\n", body.strip()) if p.strip()]
        if len(paras) > 3:
            paras = paras[:-1]
        intro = (f"Residents of {TOWNS[i % len(TOWNS)]} followed the news closely on Tuesday, "
                 f"local officials said, as the story below developed.")
        dest = out / f"copy-{i:04d}.txt"
        dest.write_text(f"UPDATED: {head.strip()}\n\n{intro}\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
        files.append(dest)
    return files


def run(corpus: Path, work: Path, workers: int) -> dict:
    """One `news-etl run`; its wall seconds, stage seconds and report line."""
    t = time.perf_counter()
    proc = subprocess.run([str(ROOT / ".venv" / "bin" / "news-etl"), "run", "--input", str(corpus),
                           "--warehouse", str(work / "warehouse.sqlite"), "--data-dir", str(work / "data"),
                           "--reports", str(work / "reports"), "--workers", str(workers)],
                          capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"news-etl run failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    stages = {k: float(v) for k, v in re.findall(r"(\w+) ([\d.]+)s", next(
        (line for line in proc.stdout.splitlines() if line.startswith("- time:")), ""))}
    stories = next((line[2:] for line in proc.stdout.splitlines() if line.startswith("- stories:")), "")
    return {"wall": wall, "stages": stages, "stories": stories}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, help="keep the work folder here")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-identity-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "all"
    corpus.mkdir(exist_ok=True)
    files = build(corpus, args.copies)
    held = set(files[::max(1, len(files) // 100)][:100])
    rest_dir, new_dir = work / "rest", work / "new100"
    for d, chosen in ((rest_dir, [f for f in files if f not in held]), (new_dir, sorted(held))):
        d.mkdir(exist_ok=True)
        for f in chosen:
            shutil.copyfile(f, d / f.name)
    print(f"corpus: {len(files)} articles ({len(files) - args.copies} distinct from {', '.join(SETS)}, "
          f"{args.copies} generated wire copies); held back {len(held)}")

    big = run(rest_dir, work / "warm", args.workers)
    total = sum(big["stages"].values())
    link = big["stages"].get("link", 0.0)
    print(f"(a) run of {len(files) - len(held)} articles into an empty warehouse: {big['wall']:.1f}s wall; "
          f"link {link:.1f}s = {100 * link / max(total - link, 1e-9):.1f}% added to the other stages "
          f"({total - link:.1f}s)")
    print(f"    {big['stories']}")
    warm = run(new_dir, work / "warm", args.workers)
    cold = run(new_dir, work / "cold", args.workers)
    print(f"(b) 100 new articles against the warehouse of the rest: {warm['wall']:.1f}s wall, link "
          f"{warm['stages'].get('link', 0):.2f}s, load {warm['stages'].get('load', 0):.2f}s")
    print(f"    the same 100 against an empty warehouse:           {cold['wall']:.1f}s wall, link "
          f"{cold['stages'].get('link', 0):.2f}s, load {cold['stages'].get('load', 0):.2f}s")
    print(f"    ratio warm / cold: whole run {warm['wall'] / cold['wall']:.2f}x, "
          f"link {warm['stages'].get('link', 0) / max(cold['stages'].get('link', 0), 1e-9):.2f}x")
    print(f"    {warm['stories']}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
