"""Search as readers use it, in headless Chromium: typed key by key (Material ignores
fill()), the right page first or in the top 3, aliases for words the guide does not
use, boilerplate that does not flood results, and search that loads only when wanted."""

from __future__ import annotations

import re

import pytest

from scripts.hooks.reader_search import load_aliases
from scripts.project import RULES_YML, nav_pages
from scripts.searchprobe import QUERIES, open_search, search
from browser_support import new_page

pytestmark = pytest.mark.browser

MISSPELLING = "Bach" + "ofen"  # built at run time: this file must not contain it
TOP = 3
HOME = "/"
# query -> the pages that answer it (site paths). One of them must be in the top 3.
EXPECTED = {
    "GABA": {"/how-it-works/"},
    "spasticity": {"/indications/", HOME},
    "kidney": {"/precautions/", "/dosing/"},
    "withdrawal": {"/dosing/", "/precautions/", HOME},
    "pump": {"/dosing/", "/precautions/", "/indications/"},
    "alcohol": {"/interactions/"},
    "pregnancy": {"/precautions/"},
    "missed dose": {"/dosing/"},
    # Every brand name: the Overview lists them all.
    "Lioresal": {HOME},
    "Gablofen": {HOME},
    "Ozobax": {HOME},
    "Fleqsuvy": {HOME},
    "Lyvispah": {HOME},
    "Kemstro": {HOME},
}


def test_the_benchmark_times_the_queries_tested_here():
    assert set(QUERIES) == set(EXPECTED) | {MISSPELLING}


@pytest.fixture(scope="module")
def search_page(browser, site_url):
    page = new_page(browser)
    page.goto(site_url, wait_until="networkidle")
    open_search(page)
    yield page
    page.context.close()


@pytest.mark.parametrize("query", list(EXPECTED))
def test_query_finds_the_right_page_near_the_top(search_page, query):
    run = search(search_page, query)
    top = run.urls[:TOP]
    assert set(top) & EXPECTED[query], f"{query!r}: top {TOP} were {top}, want one of {sorted(EXPECTED[query])}"


def test_misspelling_lands_on_the_baclofen_pages_and_is_never_shown(search_page):
    run = search(search_page, MISSPELLING)
    assert run.sent == "baclofen", "the alias did not reach the search worker"
    assert HOME in run.urls[:TOP], run.urls
    assert len(run.urls) >= 5, f"the drug's own pages should all match: {run.urls}"
    panel = search_page.locator(".md-search__output").inner_text()
    assert MISSPELLING.lower() not in panel.lower(), "the results show the misspelling"
    # Any letter case lands too.
    assert search(search_page, MISSPELLING.lower()).sent == "baclofen"


def test_every_alias_in_the_rules_file_reaches_the_worker(search_page):
    """The browser's hash must match the build's for every alias (one list, content-rules.yml)."""
    wrong = {}
    for typed, replacement in load_aliases(RULES_YML).items():
        run = search(search_page, typed)
        if run.sent != replacement:
            wrong[typed if typed.lower() != MISSPELLING.lower() else "<the misspelling>"] = run.sent
    assert not wrong, wrong


def test_boilerplate_does_not_flood_results(search_page, mkdocs_config):
    """The disclaimer and review box are on every page; searching their words (all of
    them: quotes make Material require every word) must not list every page."""
    pages = len(nav_pages())
    title = mkdocs_config["extra"]["disclaimer"]["title"].replace(",", "")
    for words in ("Awaiting clinical review", "Page last reviewed", "Next review due", title):
        query = f'"{words}"'
        run = search(search_page, query)
        assert len(run.urls) < pages / 2, f"{query!r} matched {len(run.urls)} of {pages} pages: {run.urls}"


def test_search_loads_only_when_the_reader_opens_it(browser, site_url):
    page = new_page(browser)
    urls = []
    page.on("request", lambda req: urls.append(req.url))
    page.goto(site_url + "dosing/", wait_until="networkidle")
    search_assets = re.compile(r"/workers/search\.|/search/search_index\.json")
    assert not [u for u in urls if search_assets.search(u)], "search loaded before the reader asked"
    page.keyboard.press("/")  # Material's shortcut opens search and focuses the box
    assert page.evaluate("() => document.activeElement.matches('input.md-search__input')")
    run = search(page, "alcohol")
    assert "/interactions/" in run.urls
    assert len([u for u in urls if search_assets.search(u)]) == 2
    page.context.close()


def test_deep_link_query_opens_search_with_results(browser, site_url):
    page = new_page(browser)
    page.goto(site_url + "?q=pregnancy", wait_until="networkidle")
    page.wait_for_function("() => window.__probe.results > 0", timeout=15000)
    hrefs = page.eval_on_selector_all(".md-search-result__link", "els => els.map(a => new URL(a.href).pathname)")
    assert any(h.endswith("/precautions/") for h in hrefs), hrefs
    page.context.close()


def test_search_works_on_a_phone(browser, site_url):
    """At 390 px the box hides behind the header's search button: a tap opens and loads it."""
    page = new_page(browser, width=390, height=844, has_touch=True)
    page.goto(site_url + "interactions/", wait_until="networkidle")
    page.locator("label.md-header__button[for=__search]").tap()
    page.wait_for_function("() => document.getElementById('__search').checked")
    run = search(page, "pregnancy")
    assert "/precautions/" in run.urls[:TOP], run.urls
    page.context.close()
