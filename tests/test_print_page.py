"""The print page, its cover and the print/download links, as built (no browser needed).

The browser-level checks (the contents list that print-site's JavaScript builds,
the PDFs themselves) are in tests/test_pdf.py.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from scripts.hooks import print_site
from scripts.project import read_page

GUIDE_PDF = "downloads/baclofen-guide.pdf"
HANDOUT_PDF = "downloads/baclofen-handout.pdf"


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def norm(text: str) -> str:
    return " ".join(text.split())


def heading_text(h1) -> str:
    for link in h1.select("a.headerlink"):
        link.decompose()
    return norm(h1.get_text())


@pytest.fixture(scope="module")
def print_html(site_dir):
    return soup(site_dir / "print_page" / "index.html")


# --- The cover ---------------------------------------------------------------

def test_cover_has_title_subtitle_audience(print_html, mkdocs_config):
    cover = print_html.select_one("#print-site-cover-page")
    assert cover is not None, "print page has no cover (print-site add_cover_page)"
    assert norm(cover.select_one("h1").get_text()) == mkdocs_config["site_name"]
    text = norm(cover.get_text(" "))
    assert norm(mkdocs_config["site_description"]) in text, "cover lacks the subtitle (site_description)"
    assert "Who it is for" in text


def test_cover_review_summary_comes_from_front_matter(print_html, pages):
    metas = [read_page(p.path).meta for p in pages]
    newest = max(str(m["last_reviewed"]) for m in metas)
    earliest_due = min(str(m["next_review_due"]) for m in metas)
    statuses = {str(m["review_status"]) for m in metas}
    facts = norm(print_html.select_one("#print-site-cover-page .print-cover__facts").get_text(" "))
    assert f"Pages last reviewed {newest}" in facts
    assert f"Next review due {earliest_due}" in facts
    for status in statuses:
        assert status in facts, f"cover does not show review status {status!r}"


def test_cover_carries_the_disclaimer_without_reusing_its_id(print_html, mkdocs_config):
    cover = print_html.select_one("#print-site-cover-page")
    box = cover.select_one(".print-cover__disclaimer")
    assert box is not None, "cover has no disclaimer"
    assert norm(mkdocs_config["extra"]["disclaimer"]["text"]) in norm(box.get_text(" "))
    assert cover.select("#medical-disclaimer") == [], "the cover must not reuse the id medical-disclaimer"
    assert len(print_html.select("#medical-disclaimer")) == 1


def test_cover_has_address_and_qr_code_of_site_url(print_html, mkdocs_config):
    url = mkdocs_config["site_url"]
    cover = print_html.select_one("#print-site-cover-page")
    assert cover.select_one(f'a[href="{url}"]') is not None, "cover lacks the site address"
    qr = cover.select_one("svg.site-qr")
    assert qr is not None and qr.get("role") == "img" and url in qr.get("aria-label", "")
    # Same modules as a fresh QR of site_url: the code on paper leads to the site.
    expected = BeautifulSoup(print_site.qr_svg(url, inline=True), "html.parser").select_one("svg path[stroke]")
    assert qr.select_one("path[stroke]")["d"] == expected["d"], "cover QR code does not encode site_url"


def test_qr_code_image_file_is_built(site_dir, mkdocs_config):
    svg = (site_dir / print_site.QR_PATH).read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "<svg" in svg and mkdocs_config["site_url"] in svg


# --- Contents and chapters ---------------------------------------------------

def chapters(print_html):
    return [
        (section["id"], heading_text(section.find("h1")))
        for section in print_html.select("#print-site-page section.print-page[id]")
    ]


def test_chapters_are_the_nav_pages_in_nav_order(site_dir, print_html, pages):
    expected = [heading_text(soup(site_dir / p.built).select_one("article h1")) for p in pages]
    assert [title for _, title in chapters(print_html)] == expected


@pytest.mark.parametrize("where", ["#print-page-toc a", "nav.md-nav--secondary a.md-nav__link"])
def test_contents_entries_are_the_chapter_headings(print_html, where):
    """The printed contents (built by the hook, no JavaScript) and the sidebar read like the headings."""
    toc = [(a["href"].lstrip("#"), norm(a.get_text())) for a in print_html.select(where)]
    assert toc == chapters(print_html), f"{where}: contents differ from the chapter headings"


def test_retitle_toc_replaces_nav_titles_with_headings():
    seeded = (
        '<a href="#dosing" class="md-nav__link"> <span class="md-ellipsis"> Dosing </span></a>'
        '<section class="print-page" id="dosing" heading-number="1">'
        '<h1 id="dosing-x">How to take it<a class="headerlink" href="#dosing-x">&para;</a></h1></section>'
    )
    fixed = print_site.retitle_toc(seeded)
    assert "> Dosing <" in seeded and '<span class="md-ellipsis">How to take it</span>' in fixed


def test_every_link_inside_the_print_page_has_a_target(print_html):
    ids = {el["id"] for el in print_html.select("[id]")}
    broken = sorted({a["href"] for a in print_html.select('a[href^="#"]') if a["href"][1:] not in ids} - {"#"})
    assert not broken, f"print page links to missing anchors: {broken[:10]}"


def test_insert_contents_lists_chapters_once():
    seeded = (
        '<section id="print-site-cover-page"></section>'
        '<section class="print-page" id="dosing" heading-number="1"><h1 id="dosing-x">How to take it</h1></section>'
    )
    once = print_site.insert_contents(seeded, "Contents")
    assert 'id="print-page-toc"' not in seeded
    assert once.count('<a href="#dosing">How to take it</a>') == 1
    assert print_site.insert_contents(once, "Contents") == once


def test_fix_fragment_targets_prefixes_the_ids_links_point_to():
    seeded = (
        '<section class="print-page" id="references" heading-number="1"><p id="nhs-how">NHS</p></section>'
        '<section class="print-page" id="dosing" heading-number="2"><a href="#references-nhs-how">1</a></section>'
    )
    fixed = print_site.fix_fragment_targets(seeded)
    assert 'id="nhs-how"' in seeded and 'id="references-nhs-how"' in fixed


def test_references_and_footnotes_are_on_the_print_page(print_html):
    assert print_html.select("#print-site-page p.reference"), "References entries missing from the print page"
    assert len(print_html.select("#print-site-page div.footnote li")) >= 20, "footnotes missing from the print page"


def test_bare_addresses_are_marked_so_print_css_does_not_repeat_them(print_html):
    bare = [a for a in print_html.select('#print-site-page a[href^="http"]') if norm(a.get_text()) == a["href"]]
    assert bare, "expected bare web addresses (References)"
    unmarked = [a["href"] for a in bare if "print-bare-url" not in a.get("class", [])]
    assert not unmarked, f"bare links not marked print-bare-url: {unmarked[:5]}"
    assert 'class="print-bare-url"' in print_site.mark_bare_links('<a href="https://x.org/">https://x.org/</a>')
    assert "print-bare-url" not in print_site.mark_bare_links('<a href="https://x.org/">NHS</a>')


# --- Print and download links on every page ------------------------------------

def resolved(page_url: str, href: str) -> str:
    return urlparse(urljoin("http://site/" + page_url, href)).path.lstrip("/")


@pytest.mark.parametrize("kind", ["nav pages", "print page"])
def test_every_page_links_to_print_page_and_both_pdfs(site_dir, pages, kind):
    targets = [(p.url, p.built) for p in pages] if kind == "nav pages" else [("print_page/", "print_page/index.html")]
    for url, built in targets:
        box = soup(site_dir / built).select_one("nav.bg-downloads")
        assert box is not None, f"{built}: no print/download links"
        links = {resolved(url, a["href"]) for a in box.select("a[href]")}
        assert {GUIDE_PDF, HANDOUT_PDF} <= links, f"{built}: PDF links missing, found {links}"
        if kind == "nav pages":
            assert "print_page/" in links, f"{built}: no 'Print the whole guide' link"


# --- The handout page -----------------------------------------------------------

def test_handout_page_has_address_qr_and_citations(site_dir, pages, mkdocs_config):
    page = next(p for p in pages if p.src == "handout.md")
    html = soup(site_dir / page.built)
    article = html.select_one("article")
    assert article.select_one("h1.handout-title") is not None, "print.css finds the handout by h1.handout-title"
    assert article.select_one(f'a[href="{mkdocs_config["site_url"]}"]') is not None, "no site address"
    qr = article.select_one("img.handout-qr")
    assert qr is not None and qr.get("alt") and (site_dir / resolved(page.url, qr["src"])).is_file()
    cited = {urljoin("http://site/" + page.url, a["href"]) for a in article.select("div.footnote li a[href]")}
    assert len({c for c in cited if "/references/#" in c}) >= 3, f"handout cites {sorted(cited)}"
    assert "<!-- site-address -->" not in (site_dir / page.built).read_text(encoding="utf-8")
