"""An on_failure_callback for the tests: appends what it was told to $NEWS_TEST_ALERT_FILE.

(A real deployment points NEWS_ON_FAILURE_CALLBACK at its own function that posts to Slack,
sends an e-mail or pages someone; the tests have no network, so they record the call.)
"""
from __future__ import annotations

import json
import os


def record(context) -> None:
    dag_run = context.get("dag_run")
    with open(os.environ["NEWS_TEST_ALERT_FILE"], "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"run_id": getattr(dag_run, "run_id", None) or context.get("run_id"),
                             "outcome": context.get("news_outcome")}) + "\n")
