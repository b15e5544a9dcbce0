"""Every page as a reader gets it, in headless Chromium: private (no other host, no
cookies, storage only for the theme's own keys), accessible (axe-core, light and dark,
keyboard only), fits a 390 px phone, prints without navigation. Screenshots of every
page at phone and desktop widths, light and dark, go to ./screenshots/ for review."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_support import PAGE_URLS, new_page

from scripts.project import ROOT
from scripts.searchprobe import open_search

pytestmark = pytest.mark.browser

SHOTS = ROOT / "screenshots"
PHONE, DESKTOP = 390, 1280


def shot_name(url: str) -> str:
    return url.strip("/").replace("/", "-") or "home"


# --- privacy -------------------------------------------------------------------------


def test_every_page_talks_only_to_the_local_server(browser, site_url):
    """Load each page, open search (worker + index), switch the palette: every request
    goes to the local server, no cookies are set, and storage holds only Material's keys."""
    page = new_page(browser)
    context = page.context
    foreign = []
    context.on("request", lambda req: foreign.append(req.url) if not req.url.startswith(site_url) and not req.url.startswith("data:") else None)
    context.on("websocket", lambda ws: foreign.append(ws.url))
    base = urlparse(site_url).path  # Material scopes its keys by the site path ("/baclofen-guide/")
    allowed = re.compile(rf"^{re.escape(base)}\.__[a-z]+$")
    for url in PAGE_URLS + ["does-not-exist/"]:
        page.goto(site_url + url, wait_until="networkidle")
        if url != "print_page/":
            open_search(page)
            page.keyboard.press("Escape")
            page.locator("form[data-md-component=palette] label:visible").first.click()
        storage = page.evaluate("() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]")
        assert all(allowed.match(k) for k in storage), f"{url}: storage keys {storage}"
    assert foreign == [], f"requests to other hosts: {foreign}"
    assert context.cookies() == []
    context.close()


# --- accessibility -------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_any_page(browser, site_url, scheme):
    page = new_page(browser, scheme=scheme)
    axe = Axe()
    found = {}
    for url in PAGE_URLS + ["no-such-page/"]:  # the 404 page too
        page.goto(site_url + url, wait_until="networkidle")
        want = "slate" if scheme == "dark" else "default"
        assert page.get_attribute("body", "data-md-color-scheme") == want, url
        result = axe.run(page)
        if result.violations_count:
            found[url or "/"] = [
                f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
                for v in result.response["violations"]
            ]
    page.context.close()
    assert not found, found


def test_skip_link_is_first_visible_and_jumps_to_the_content(browser, site_url):
    page = new_page(browser)
    page.goto(site_url + "dosing/", wait_until="networkidle")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const a = document.activeElement, r = a.getBoundingClientRect();"
        " return {cls: a.className, href: a.getAttribute('href'), text: a.textContent.trim(),"
        " visible: r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight}; }"
    )
    assert "md-skip" in focused["cls"] and focused["visible"], focused
    assert re.search(r"skip", focused["text"], re.I), focused
    page.keyboard.press("Enter")
    target = focused["href"].lstrip("#")
    assert page.evaluate("() => location.hash") == "#" + target
    assert page.evaluate(
        "id => { const r = document.getElementById(id).getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }",
        target,
    )
    page.context.close()


def test_focus_is_visible_on_every_control_reached_by_tab(browser, site_url):
    page = new_page(browser)
    page.goto(site_url + "dosing/", wait_until="networkidle")
    invisible = []
    for _ in range(25):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const el = document.activeElement;
                 const shows = e => { const s = getComputedStyle(e);
                   return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
                     || (s.boxShadow && s.boxShadow !== 'none') || /underline/.test(s.textDecorationLine); };
                 // Material's hidden radio inputs (palette toggle) draw the ring on the label after them.
                 const label = el.matches('input.md-option') ? el.nextElementSibling : null;
                 return {tag: el.tagName, text: (el.textContent || el.getAttribute('aria-label') || el.title || '').trim().slice(0, 40),
                         shown: shows(el) || (!!label && shows(label))}; }"""
        )
        if info["tag"] != "BODY" and not info["shown"]:
            invisible.append(info)
    page.context.close()
    assert not invisible, f"focused but no visible focus indicator: {invisible}"


@pytest.mark.parametrize("key", ["/", "s"])
def test_search_opens_from_the_keyboard(browser, site_url, key):
    page = new_page(browser)
    page.goto(site_url + "side-effects/", wait_until="networkidle")
    page.keyboard.press(key)
    assert page.evaluate("() => document.getElementById('__search').checked")
    assert page.evaluate("() => document.activeElement.matches('input.md-search__input')")
    assert page.get_by_role("dialog", name="Search").count() == 1
    page.keyboard.type("alcohol")
    page.wait_for_function("() => window.__probe.results > 0", timeout=15000)
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.getElementById('__search').checked")
    page.context.close()


def test_urgent_help_boxes_are_announced_by_their_title(browser, site_url, site_dir):
    page = new_page(browser)
    checked = 0
    for url in PAGE_URLS:
        if url == "print_page/":
            continue
        page.goto(site_url + url, wait_until="domcontentloaded")
        titles = page.eval_on_selector_all(
            ".admonition.emergency > .admonition-title, .admonition.urgent > .admonition-title,"
            " .admonition.routine > .admonition-title",
            "els => els.map(e => e.textContent.trim())",
        )
        for title in titles:
            assert page.get_by_role("note", name=title, exact=True).count() >= 1, f"{url}: {title!r}"
            checked += 1
    page.context.close()
    assert checked >= 3


# --- layout and screenshots ------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_pages_fit_the_screen_and_are_saved_for_review(browser, site_url, width, scheme):
    SHOTS.mkdir(exist_ok=True)
    page = new_page(browser, width=width, height=844 if width == PHONE else 800, scheme=scheme)
    too_wide = {}
    for url in PAGE_URLS:
        page.goto(site_url + url, wait_until="networkidle")
        page.screenshot(path=str(SHOTS / f"{shot_name(url)}-{width}-{scheme}.png"), full_page=True)
        if width == PHONE:
            sizes = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
            if sizes[0] > sizes[1]:
                wide = page.evaluate(
                    """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)
                          .slice(0, 3).map(e => e.tagName + '.' + [...e.classList].join('.'))"""
                )
                too_wide[url or "/"] = (sizes, wide)
    page.context.close()
    assert not too_wide, f"horizontal scrolling at {width}px: {too_wide}"


# --- print ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["dosing/", "print_page/"])
def test_print_hides_navigation_search_and_footer_and_shows_the_disclaimer(browser, site_url, url):
    page = new_page(browser)
    page.emulate_media(media="print")
    page.goto(site_url + url, wait_until="networkidle")
    for selector in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer"):
        shown = [el.is_visible() for el in page.locator(selector).all()]
        assert not any(shown), f"{url}: {selector} is printed"
    assert page.locator("#medical-disclaimer").first.is_visible(), f"{url}: disclaimer not printed"
    page.context.close()
