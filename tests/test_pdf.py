"""The PDFs as readers get them: page counts, paper, footer, metadata, contents, no banned term.

The PDFs are rendered once per session from the test build of the site (the
whole guide and the handout on A4, the handout on Letter too) with the same
code as `make pdf` (scripts/build_pdf.py), into a temporary folder. Without
Chromium (or poppler's pdftotext/pdftoppm) the tests are skipped loudly; with
CI=true they fail instead (tests/browser_support.py holds that policy).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts import build_pdf
from scripts.localserver import serve
from scripts.project import DOCS, read_page
from browser_support import browser  # noqa: F401 (pytest fixture)

pytestmark = pytest.mark.pdf

# Chromium's sizes in points (it rounds to CSS pixels), with a little slack.
PAPER_POINTS = {"a4": (595.3, 841.9), "letter": (612.0, 792.0)}
RENDERS = (("guide", "a4"), ("handout", "a4"), ("handout", "letter"))
PT_PER_PX = 0.75


def require_poppler() -> None:
    missing = [tool for tool in ("pdftotext", "pdftoppm") if not shutil.which(tool)]
    if not missing:
        return
    message = f"PDF TESTS SKIPPED: poppler-utils missing ({', '.join(missing)})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message.replace("SKIPPED", "CANNOT RUN with CI=true"), pytrace=False)
    warnings.warn(message, stacklevel=1)
    pytest.skip(message)


@pytest.fixture(scope="session")
def pdfs(site_dir, browser, tmp_path_factory):  # noqa: F811 (fixture from browser_support)
    """{(name, paper): Path}: rendered once per session."""
    require_poppler()
    out = tmp_path_factory.mktemp("pdfs")
    made = {}
    build_pdf.render(site_dir, "a4", out / "a4", browser=browser)
    build_pdf.render(site_dir, "letter", out / "letter", only=("handout",), browser=browser)
    for name, paper in RENDERS:
        target = next(t for t in build_pdf.TARGETS if t.name == name)
        made[(name, paper)] = out / paper / target.filename
    return made


def pages_text(path: Path) -> list[str]:
    """Text of each page (poppler: pypdf misses link-only lines such as the contents)."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def norm(text: str) -> str:
    return " ".join(text.split())


def reader(path: Path):
    from pypdf import PdfReader

    return PdfReader(path)


def ids(value) -> str:
    return f"{value[0]}-{value[1]}" if isinstance(value, tuple) else str(value)


# --- Page counts and paper -----------------------------------------------------

@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_handout_fits_one_sheet_printed_on_both_sides(pdfs, paper):
    count = len(reader(pdfs[("handout", paper)]).pages)
    assert 1 <= count <= 2, f"handout on {paper} is {count} pages; it must fit one sheet (2 pages)"


@pytest.mark.parametrize("key", RENDERS, ids=ids)
def test_paper_size(pdfs, key):
    width, height = PAPER_POINTS[key[1]]
    for number, page in enumerate(reader(pdfs[key]).pages, 1):
        box = page.mediabox
        assert abs(float(box.width) - width) < 2 and abs(float(box.height) - height) < 2, (
            f"{key}: page {number} is {float(box.width):.1f} x {float(box.height):.1f} pt, not {key[1]}"
        )


def test_guide_is_a_real_book(pdfs):
    """Cover, contents and all the chapters: many pages, but not one sheet per chapter either."""
    count = len(reader(pdfs[("guide", "a4")]).pages)
    assert count >= 12, f"whole guide is only {count} pages"


# --- Footer on every page ---------------------------------------------------------

@pytest.mark.parametrize("key", RENDERS, ids=ids)
def test_footer_on_every_page(pdfs, key, mkdocs_config, pages):
    texts = pages_text(pdfs[key])
    if key[0] == "handout":
        reviewed = str(read_page(DOCS / build_pdf.HANDOUT_SRC).meta["last_reviewed"])
    else:
        reviewed = max(str(read_page(p.path).meta["last_reviewed"]) for p in pages)
    total = len(texts)
    for number, text in enumerate(texts, 1):
        flat = norm(text)
        where = f"{key}: page {number}"
        assert f"Page {number} of {total}" in flat, f"{where}: no 'Page {number} of {total}'"
        assert f"Reviewed {reviewed}" in flat, f"{where}: no review date {reviewed}"
        assert mkdocs_config["site_url"] in flat, f"{where}: no site address"
        assert build_pdf.DISCLAIMER_LINE in flat, f"{where}: no not-medical-advice line"


# --- Metadata and links ----------------------------------------------------------------

@pytest.mark.parametrize("key", RENDERS, ids=ids)
def test_metadata(pdfs, key):
    pdf = reader(pdfs[key])
    meta = pdf.metadata
    assert "Baclofen" in (meta.title or ""), f"{key}: title {meta.title!r} does not name Baclofen"
    assert meta.subject and "not medical advice" in meta.subject
    assert meta.creator == build_pdf.CREATOR
    assert meta.author
    assert pdf.trailer["/Root"].get("/Lang") == "en", f"{key}: no /Lang en"


@pytest.mark.parametrize("key", RENDERS, ids=ids)
def test_links_stay_clickable(pdfs, key, mkdocs_config):
    uris = set()
    for page in reader(pdfs[key]).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A") or {}
            if "/URI" in action:
                uris.add(str(action["/URI"]))
    assert mkdocs_config["site_url"] in uris, f"{key}: the site address is not a live link ({len(uris)} links)"


# --- Content -------------------------------------------------------------------------------

def banned_term() -> str:
    return "Bach" + "ofen"  # built at run time so this file never spells it


@pytest.mark.parametrize("key", RENDERS, ids=ids)
def test_no_banned_term_in_any_pdf(pdfs, key):
    text = "\n".join(pages_text(pdfs[key]))
    found = re.findall(rf"(?i){banned_term()}", text)
    assert not found, f"{key}: the misspelling appears {len(found)} time(s)"
    assert "baclofen" in text.lower()


def chapter_headings(site_dir, pages) -> list[str]:
    """Each nav page's title as printed: the text of its <h1>."""
    headings = []
    for page in pages:
        h1 = BeautifulSoup((site_dir / page.built).read_text(encoding="utf-8"), "html.parser").select_one("article h1")
        for link in h1.select("a.headerlink"):
            link.decompose()
        headings.append(norm(h1.get_text()))
    return headings


def test_every_nav_page_is_in_the_guide_in_nav_order(pdfs, site_dir, pages):
    """The bookmarks after the cover and the contents are the chapters, in nav order."""
    outline = [item.title for item in reader(pdfs[("guide", "a4")]).outline if not isinstance(item, list)]
    expected = chapter_headings(site_dir, pages)
    assert outline[2:] == expected, f"guide chapters {outline[2:]} != nav pages {expected}"
    # And in the text, after the contents list: each chapter heading, in order.
    text = norm(" ".join(pages_text(pdfs[("guide", "a4")])))
    position = text.find(expected[-1])  # the last contents entry
    assert position > 0
    for heading in expected:
        found = text.find(heading, position + 1)
        assert found > position, f"chapter {heading!r} missing from the guide text, or out of nav order"
        position = found


def test_cover_and_contents(pdfs, mkdocs_config, site_dir, pages):
    texts = pages_text(pdfs[("guide", "a4")])
    cover = norm(texts[0])
    assert mkdocs_config["site_name"] in cover
    assert norm(mkdocs_config["extra"]["disclaimer"]["text"]) in cover, "cover lacks the disclaimer"
    assert "Review status" in cover and "Pages last reviewed" in cover
    contents = norm(texts[1])
    assert contents.startswith("Contents")
    listed = contents[len("Contents"):]
    for heading in chapter_headings(site_dir, pages):
        assert heading in listed, f"contents lack {heading!r}"


def test_handout_pdf_has_what_the_handout_needs(pdfs, mkdocs_config):
    for paper in ("a4", "letter"):
        text = norm(" ".join(pages_text(pdfs[("handout", paper)])))
        for needed in (
            "Never stop taking baclofen suddenly",
            "Call your local emergency number now",
            "911", "999", "112",
            "Alcohol",
            "Questions to ask your doctor or pharmacist",
            mkdocs_config["site_url"],
            norm(mkdocs_config["extra"]["disclaimer"]["text"]),
        ):
            assert needed in text, f"handout ({paper}) lacks {needed!r}"


# --- How it looks on paper ----------------------------------------------------------

def sheet_fill(path: Path, bottom_margin_mm: float) -> list[float]:
    """For each page: how far down the body area the lowest ink reaches (0 to 1)."""
    out = Path(path).with_suffix("")
    subprocess.run(["pdftoppm", "-gray", "-r", "20", str(path), str(out)], check=True)
    fills = []
    for pgm in sorted(out.parent.glob(out.name + "-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        magic, width, height, _maxval, data = pgm.read_bytes().split(maxsplit=4)
        width, height = int(width), int(height)
        body = int(height * (1 - bottom_margin_mm / 297))  # the footer sits below this line
        inked = [y for y in range(body) if min(data[y * width:(y + 1) * width]) < 200]
        fills.append((max(inked) if inked else 0) / body)
    return fills


def test_no_mostly_empty_sheets_in_the_guide(pdfs):
    """Only the last sheet may be mostly empty: chapters flow on instead of each starting a new sheet."""
    fills = sheet_fill(pdfs[("guide", "a4")], 20)
    empty = [number for number, fill in enumerate(fills[:-1], 1) if fill < 0.5]
    assert not empty, f"guide sheets filled less than half: {empty} (fills {[round(f, 2) for f in fills]})"


def test_details_print_open(browser, tmp_path):  # noqa: F811
    """A collapsed block prints open; without build_pdf's help it would not (control)."""
    require_poppler()
    (tmp_path / "index.html").write_text(
        "<!doctype html><html lang=en><body><h1>Test</h1>"
        "<details><summary>Tap to open</summary><p>Hidden words inside</p></details></body></html>",
        encoding="utf-8",
    )
    context = browser.new_context(java_script_enabled=False)  # as build_pdf.render prints
    try:
        page = context.new_page()
        with serve(tmp_path) as base:
            build_pdf.print_to_pdf(page, base, tmp_path / "open.pdf", "a4", {"bottom": "20mm"}, "<span></span>")
            page.goto(base)
            page.pdf(path=str(tmp_path / "closed.pdf"))
    finally:
        context.close()
    assert "Hidden words inside" in " ".join(pages_text(tmp_path / "open.pdf"))
    assert "Hidden words inside" not in " ".join(pages_text(tmp_path / "closed.pdf")), "control failed"


def word_heights(path: Path) -> list[float]:
    """Height in points of every word box poppler finds (about 1.12 x the font size)."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [float(y1) - float(y0) for y0, y1 in re.findall(r'<word [^>]*yMin="([\d.]+)"[^>]*yMax="([\d.]+)"', xhtml)]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_handout_prints_at_11pt_or_more(pdfs, paper):
    """On paper, not just in CSS: Chromium shrinks a page whose content is wider than the sheet."""
    heights = sorted(word_heights(pdfs[("handout", paper)]))
    median = heights[len(heights) // 2]
    assert median >= 11 * 1.1, f"handout ({paper}): typical word is {median / 1.12:.1f} pt, under 11 pt"


@pytest.mark.parametrize("url", ["print_page/", "handout/"])
def test_nothing_is_wider_than_an_a4_sheet(browser, site_dir, url):  # noqa: F811
    """Anything wider than the printable width makes Chromium shrink every page of the PDF."""
    width_px = round((210 - 28) / 25.4 * 96)  # A4 minus the guide's side margins (the handout's are narrower)
    page = browser.new_page(viewport={"width": width_px, "height": 1000})
    try:
        page.emulate_media(media="print")
        with serve(site_dir) as base:
            page.goto(base + url, wait_until="load")
            wide = page.evaluate(
                """(w) => [...document.querySelectorAll('body *')]
                   .filter(el => el.getBoundingClientRect().width && el.getBoundingClientRect().right > w + 1)
                   .map(el => el.tagName + '.' + el.className).slice(0, 5)""",
                width_px,
            )
    finally:
        page.close()
    assert not wide, f"{url}: wider than the page in print: {wide}"


def test_handout_body_text_is_at_least_11pt(browser, site_dir, pages):  # noqa: F811
    handout = next(p for p in pages if p.src == build_pdf.HANDOUT_SRC)
    page = browser.new_page()
    try:
        page.emulate_media(media="print")
        with serve(site_dir) as base:
            page.goto(base + handout.url, wait_until="load")
            sizes = page.evaluate(
                """() => [...document.querySelectorAll('article p, article li')]
                   .filter(el => !el.closest('.footnote, .md-review') && el.getClientRects().length && el.textContent.trim())
                   .map(el => [el.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(el).fontSize)])"""
            )
            columns = page.evaluate("() => getComputedStyle(document.querySelector('.md-content__inner')).columnCount")
    finally:
        page.close()
    assert len(sizes) > 20
    small = [(text, round(px * PT_PER_PX, 1)) for text, px in sizes if px * PT_PER_PX < 11]
    assert not small, f"handout text under 11 pt in print: {small[:5]}"
    assert columns == "2", "the handout's print layout (two columns) is not applied"


def test_external_link_addresses_print_after_the_link_text(browser, site_dir, pages):  # noqa: F811
    """On paper a reader needs the address: print.css adds it, except where the text already is it."""
    page = browser.new_page()
    try:
        page.emulate_media(media="print")
        with serve(site_dir) as base:
            for url in ("print_page/", next(p.url for p in pages if p.src == "dosing.md")):
                page.goto(base + url, wait_until="load")
                after = page.evaluate(
                    """() => {
                      const where = document.querySelector('#print-site-page section.print-page[id]')
                                 || document.querySelector('article');
                      const named = document.createElement('a');
                      named.href = 'https://example.org/page'; named.textContent = 'Example source';
                      const bare = document.createElement('a');
                      bare.href = 'https://example.org/'; bare.textContent = 'https://example.org/';
                      bare.className = 'print-bare-url';
                      const p = document.createElement('p'); p.append(named, ' ', bare); where.append(p);
                      return [getComputedStyle(named, '::after').content, getComputedStyle(bare, '::after').content];
                    }"""
                )
                assert "https://example.org/page" in after[0], f"{url}: link address not printed ({after[0]})"
                assert after[1] in ("none", "normal", ""), f"{url}: bare address printed twice ({after[1]})"
    finally:
        page.close()


def luminance(css_colour: str) -> float:
    """Relative luminance of an rgb()/rgba() colour over white (WCAG formula)."""
    parts = [float(x) for x in re.findall(r"[\d.]+", css_colour)]
    r, g, b = parts[:3]
    alpha = parts[3] if len(parts) > 3 else 1.0
    channels = [(c * alpha + 255 * (1 - alpha)) / 255 for c in (r, g, b)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_print_page_on_paper_no_chrome_and_urgent_boxes_legible_in_greyscale(browser, site_dir):  # noqa: F811
    page = browser.new_page()
    try:
        page.emulate_media(media="print")
        with serve(site_dir) as base:
            page.goto(base + "print_page/", wait_until="load")
            shown = page.evaluate(
                """() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer',
                          '.md-search', 'nav.bg-downloads']
                   .filter(sel => [...document.querySelectorAll(sel)].some(el => el.getClientRects().length))"""
            )
            boxes = page.evaluate(
                """() => ['emergency', 'urgent', 'routine'].map(type => {
                     const box = document.querySelector('#print-site-page .admonition.' + type);
                     if (!box) return [type, null];
                     const title = box.querySelector('.admonition-title'), s = getComputedStyle(box), t = getComputedStyle(title);
                     return [type, [s.borderTopStyle, s.borderTopWidth, s.borderTopColor, t.color, t.backgroundColor]];
                   })"""
            )
    finally:
        page.close()
    assert not shown, f"site chrome prints: {shown}"
    styles = dict(boxes)
    missing = [kind for kind, style in styles.items() if style is None]
    assert not missing, f"no {missing} box in the guide to check"
    # Each kind looks different without colour: border style or weight.
    assert len({(s[0], s[1]) for s in styles.values()}) == 3, f"boxes differ only by colour: {styles}"
    for kind, (_style, _width, border, text, background) in styles.items():
        assert luminance(border) < 0.2, f"{kind}: border too pale for greyscale ({border})"
        lighter, darker = sorted((luminance(text), luminance(background)), reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 7, f"{kind}: title contrast below 7:1 ({text} on {background})"
