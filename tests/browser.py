"""Open a page in real headless Chromium with the network off, as a person without one would.

Playwright drives Debian's Chromium (`make setup` installs it; no browser is downloaded). The
browser context is offline, and every request the page makes is logged: its URL, and whether it
failed. A screenshot of each page is kept for the CI artifact under reports/ci/screenshots/
(NEWS_SCREENSHOT_DIR overrides).
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = Path(os.environ.get("NEWS_SCREENSHOT_DIR", ROOT / "reports" / "ci" / "screenshots"))


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("chromium is not installed (make setup installs Debian's chromium when run as root)")


@dataclass
class Visit:
    url: str
    requests: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    @property
    def outside(self) -> list[str]:
        """Requests for anything but a local file or inline data."""
        return [u for u in self.requests if not u.startswith(("file://", "data:", "blob:", "about:"))]


@contextmanager
def offline_browser():
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
            context.set_default_timeout(60_000)  # a loaded CI machine: generous, a hang still fails
            yield context
        finally:
            browser.close()


def visit(context, page_path: Path, screenshot: str | None = None):
    """Load a local page, wait until nothing more loads, optionally keep a full-page screenshot.
    Returns (Visit, page); the caller closes the page."""
    page = context.new_page()
    record = Visit(page_path.as_uri())
    page.on("request", lambda r: record.requests.append(r.url))
    page.on("requestfailed", lambda r: record.failed.append((r.url, r.failure or "")))
    page.on("console", lambda m: record.console_errors.append(m.text) if m.type == "error" else None)
    page.goto(record.url, wait_until="load")
    # scripts, stylesheets and images are in by "load"; web fonts are fetched once text needs them
    page.evaluate("document.fonts.ready.then(() => true)")
    if screenshot:
        keep_screenshot(page, screenshot)
    return record, page


def keep_screenshot(page, name: str) -> Path:
    """A full-page screenshot under SCREENSHOTS/<name>.png (the CI artifact)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
