"""Browser-test plumbing: one policy for a missing browser, and the served site.

Policy (the only place it lives): the browser tests need Playwright and a system
Chromium (found by scripts/browser.py). When CI=true a missing browser FAILS the
test run; anywhere else the tests are skipped with a loud reason (and a warning
in the summary), so a laptop without Chromium can still run the rest.

The fixtures `browser` and `site_url` are session-wide: tests/conftest.py imports
them, so every browser test module shares one Chromium (Playwright's sync API
allows only one running instance).
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

from scripts.browser import find_chromium, launch
from scripts.localserver import serve
from scripts.project import nav_pages
from scripts.searchprobe import install

# Every page a reader can open from the site: the nav pages and the print page.
PAGE_URLS = [p.url for p in nav_pages()] + ["print_page/"]


def require_browser() -> str:
    """Return the Chromium path, or skip loudly (fail when CI=true) when there is none."""
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "Playwright for Python is not installed (make install)"
    path = find_chromium()
    if reason is None and not path:
        reason = "no Chromium found: set $CHROMIUM or install one (Debian: apt-get install chromium)"
    if reason is None:
        return path
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and the browser tests cannot run: {reason}", pytrace=False)
    message = f"BROWSER TESTS SKIPPED: {reason}"
    warnings.warn(message, stacklevel=1)
    pytest.skip(message)
    raise AssertionError("unreachable")


_SHARED: dict = {"users": 0}


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium (closed-network flags), shared by the whole session.

    Playwright's sync API allows one running instance per thread, and a module that
    imports this fixture gets its own copy of it; so every copy shares one instance,
    counted, and the last one to finish closes it.
    """
    require_browser()
    if not _SHARED["users"]:
        from playwright.sync_api import sync_playwright

        _SHARED["playwright"] = sync_playwright().start()
        _SHARED["browser"] = launch(_SHARED["playwright"])
    _SHARED["users"] += 1
    try:
        yield _SHARED["browser"]
    finally:
        _SHARED["users"] -= 1
        if not _SHARED["users"]:
            _SHARED.pop("browser").close()
            _SHARED.pop("playwright").stop()


@pytest.fixture(scope="session")
def site_url(site_dir: Path):
    """The built site served on 127.0.0.1 by an in-process threaded server."""
    with serve(site_dir) as url:
        yield url


def new_page(browser, width: int = 1280, height: int = 800, scheme: str = "light", **kwargs):
    """A page in a fresh context (no shared storage); scheme sets prefers-color-scheme.

    The search probe (scripts/searchprobe.py) is installed so `search()` works.
    """
    context = browser.new_context(
        viewport={"width": width, "height": height}, color_scheme=scheme, **kwargs
    )
    install(context)
    return context.new_page()
