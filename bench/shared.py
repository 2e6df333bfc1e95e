"""Where the bench tools find ../shared and its judge, in one place.

`SHARED` is `NEWS_SHARED_DIR` (as in tests/conftest.py) or the folder beside the checkout;
`load_scorer()` imports `SHARED/eval/score.py` as a module so a tool can reuse its matching
functions without going through its command line.
"""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWS_SHARED_DIR", ROOT.parent / "shared"))


def load_scorer() -> ModuleType:
    """../shared/eval/score.py as a module (FileNotFoundError when ../shared is not beside us)."""
    spec = importlib.util.spec_from_file_location("news_score", SHARED / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod
