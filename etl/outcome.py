"""What a run did to the warehouse: loaded, blocked by validation, or failed — and its exit code.

The outcome is recorded in the run's batch folder (`<batch>/outcome.json`) by the stage that
decides it (validate when it blocks the load, load when it commits or fails), so every later step
— the report, the DAG's final `outcome` task, the CLI — tells the same story from one record:

    status      meaning                                             CLI exit   DAG run
    loaded      the batch is in the warehouse (maybe 0 articles)    0          success
    blocked     validation blocked the load; nothing was loaded     1          failed
    failed      the load (or a stage before it) failed: `reason`    4          failed

Exit codes 2 (bad arguments) and 3 (another run is writing the warehouse) come from the CLI
before a run starts, so they have no outcome record.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

OUTCOME_FILE = "outcome.json"
EXIT_CODES = {"loaded": 0, "blocked": 1, "failed": 4}


@dataclass
class LoadOutcome:
    status: str               # "loaded" | "blocked" | "failed"
    articles: int = 0         # articles loaded (0 unless status is "loaded")
    reason: str | None = None  # why it was blocked or failed, in words

    @property
    def ok(self) -> bool:
        return self.status == "loaded"

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.status]

    def describe(self) -> str:
        """One line for the summary: 'loaded 12 articles', 'blocked by validation: …', 'failed: …'."""
        if self.status == "loaded":
            return f"loaded {self.articles} article{'s' if self.articles != 1 else ''}"
        if self.status == "blocked":
            return "blocked by validation, nothing loaded" + (f": {self.reason}" if self.reason else "")
        return f"failed, nothing loaded: {self.reason or 'unknown reason'}"


class LoadFailed(RuntimeError):
    """The load did not happen although validation passed (or a stage before it broke). The
    warehouse is as it was before the run; `outcome.reason` says why."""

    def __init__(self, outcome: LoadOutcome):
        self.outcome = outcome
        super().__init__(f"load failed, nothing was loaded: {outcome.reason}")


def record(batch: str | Path, outcome: LoadOutcome) -> LoadOutcome:
    """Write the outcome beside the batch's manifest (atomically: a reader sees old or new)."""
    path = Path(batch) / OUTCOME_FILE
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(asdict(outcome), indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return outcome


def clear(batch: str | Path) -> None:
    (Path(batch) / OUTCOME_FILE).unlink(missing_ok=True)


def read(batch: str | Path) -> LoadOutcome | None:
    path = Path(batch) / OUTCOME_FILE
    if not path.exists():
        return None
    return LoadOutcome(**json.loads(path.read_text(encoding="utf-8")))


def failure_reason(exc: BaseException) -> str:
    """An exception as a reason a person can act on: its type and first line, no traceback."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:500] if text else type(exc).__name__


def settle(batch: str | Path, validation_success: bool | None) -> LoadOutcome:
    """The outcome of a finished run: the recorded one, or — when no stage recorded one because
    it never ran to its end (a killed task, a crash before validation) — a failure saying where
    the run stopped. `validation_success` is None when validation never wrote a verdict."""
    outcome = read(batch)
    if outcome is not None:
        return outcome
    if validation_success is None:
        return LoadOutcome("failed", reason="the run stopped before validation finished (see the task logs)")
    if not validation_success:
        return LoadOutcome("blocked", reason="critical expectations failed")
    return LoadOutcome("failed", reason="validation passed but the load did not finish (see the load task's log)")


def raise_for(outcome: LoadOutcome, verdict=None) -> None:
    """Re-raise a recorded outcome: nothing for 'loaded', ValidationFailed for 'blocked' (with the
    verdict when there is one), LoadFailed for 'failed'."""
    if outcome.ok:
        return
    if outcome.status == "blocked":
        from etl.validate import ValidationFailed

        if verdict is not None:
            raise ValidationFailed(verdict)
        raise RuntimeError(f"validation failed, nothing was loaded: {outcome.reason}")
    raise LoadFailed(outcome)
