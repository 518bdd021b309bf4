"""Browser tests in real Chromium (Debian's package) through Playwright, against pytest-django's live server.

Skipped, with the reason, when /usr/bin/chromium or the playwright package is missing; `make test` says so too.
Screenshots of every step go to test-artifacts/browser/ (gitignored)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "browser"
# htmx inserts new content first and wires its attributes up one settle delay later (classes htmx-added and
# htmx-settling until then), so an event fired in between would be missed; a person is never that fast, a
# browser driven by a test is. Every interaction that follows an htmx swap waits for this first.
HTMX_IDLE = "body:not(:has(.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added))"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).exists():
    pytest.skip(f"browser tests skipped: {CHROMIUM} is not installed (apt-get install chromium)",
                allow_module_level=True)
playwright_sync = pytest.importorskip("playwright.sync_api", reason="browser tests skipped: playwright missing")

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test itself are still
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright_sync.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # bypass_csp: the walk's own probes (wait_for_function) are evaluated strings, which the site's
    # Content-Security-Policy rightly forbids; test_csp_in_chromium.py walks the pages with the policy enforced.
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors in the page: {errors}"
