"""expectations/CHECKS.md lists every check: each finding of the suites and each drift figure."""
from __future__ import annotations

import re

from etl.drift import FIGURES, MIN_ARTICLES, RECENT_RUNS, RELATIVE_FLOOR
from expectations.suites import expectations_for
from schemas.tables import TABLES
from tests.helpers import ROOT

DOC = (ROOT / "expectations" / "CHECKS.md").read_text(encoding="utf-8")
GENERIC = {
    "is not a well-formed id": r"\w+\.\w+ is not a well-formed id",
    "is missing (the link stage did not run)": r"\w+\.\w+ is missing \(the link stage did not run\)",
    "rows share a key": r"two \w+ rows share a key",
    "is not positive": r"\w+\.\w+ is not positive",
}
ROW_NOUNS = {"a person", "a place", "a number", "a quote", "a person's", "a place's", "a number's", "a quote's"}


def test_every_finding_is_documented_with_its_severity():
    missing = []
    for table in TABLES:
        for e in expectations_for(table):
            finding, severity = e.meta["finding"], e.meta["severity"]
            if re.fullmatch(r"\w+\.\w+ is empty", finding):
                continue  # documented once per table group as `<table>.<column> is empty`
            generic = next((g for g, rx in GENERIC.items() if re.fullmatch(rx, finding)), None)
            if generic:  # documented once as a pattern, e.g. `<table>.<id column> is not a well-formed id`
                if not any(generic in line and severity in line for line in DOC.splitlines()):
                    missing.append((table, finding, severity))
                continue
            # shared mention checks are documented once as "a person / a place / ... <rest>"
            rest = next((finding[len(n) + 1:] for n in sorted(ROW_NOUNS, key=len, reverse=True) if finding.startswith(n + " ")), None)
            lines = [line for line in DOC.splitlines() if finding in line or (rest and rest in line)]
            if not any(severity in line for line in lines):
                missing.append((table, finding, severity))
    assert not missing, missing


def test_every_drift_figure_and_rule_is_documented():
    for fig in FIGURES:
        line = next((line for line in DOC.splitlines() if f"`{fig.name}`" in line and line.startswith("|")), "")
        assert fig.severity in line, fig.name
    assert f"at least {MIN_ARTICLES} articles" in DOC and f"{RELATIVE_FLOOR} × the median" in DOC
    assert f"last {RECENT_RUNS} runs" in DOC
