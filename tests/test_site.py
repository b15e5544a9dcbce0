"""The guide as a reader gets it: every page built, print page complete, disclaimer,
citations that resolve, front matter complete. Asserts on the built site/."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from scripts.project import DOCS, read_page

# Pages that are not clinical content, so they need no citations.
NON_CLINICAL = {"glossary.md", "references.md", "about.md"}
REQUIRED_META = ("title", "description", "last_reviewed", "next_review_due", "review_status")


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def norm(text: str) -> str:
    return " ".join(text.split())


def test_every_nav_page_is_built(site_dir, pages):
    missing = [p.built for p in pages if not (site_dir / p.built).is_file()]
    assert not missing, f"nav pages not built: {missing}"
    assert len(pages) >= 12


def test_print_page_holds_every_page_title_in_nav_order(site_dir, pages):
    html = soup(site_dir / "print_page" / "index.html")
    headings = [norm(h.get_text(" ", strip=True)).rstrip("¶").strip() for h in html.select("h1")]
    positions = []
    for page in pages:
        title = norm(soup(site_dir / page.built).select_one("article h1").get_text(" ", strip=True))
        title = title.rstrip("¶").strip()
        assert title in headings, f"{page.src}: title {title!r} missing from the print page"
        positions.append(headings.index(title))
    assert positions == sorted(positions), "print page chapters are not in nav order"


def all_html(site_dir):
    return sorted(p for p in site_dir.rglob("*.html"))


def test_disclaimer_on_every_html_page(site_dir, mkdocs_config):
    canonical = norm(mkdocs_config["extra"]["disclaimer"]["text"])
    files = all_html(site_dir)
    assert site_dir / "404.html" in files and site_dir / "print_page" / "index.html" in files
    for path in files:
        found = soup(path).select("#medical-disclaimer")
        assert len(found) == 1, f"{path.relative_to(site_dir)}: expected one #medical-disclaimer, found {len(found)}"
        assert canonical in norm(found[0].get_text(" ")), f"{path.relative_to(site_dir)}: disclaimer text differs"


def test_disclaimer_says_what_it_must(mkdocs_config):
    text = mkdocs_config["extra"]["disclaimer"]["text"].lower()
    for needed in ("not medical advice", "do not start, stop or change", "911", "999", "112"):
        assert needed in text, f"disclaimer lacks {needed!r}"


def test_clinical_pages_cite_at_least_three_references(site_dir, pages):
    refs_page = next(p for p in pages if p.src == "references.md")
    ref_ids = {el["id"] for el in soup(site_dir / refs_page.built).select("p.reference[id]")}
    assert len(ref_ids) >= 15, "the References page lost its entries"
    for page in pages:
        if page.src in NON_CLINICAL:
            continue
        base = "http://site/" + page.url
        cited = set()
        for link in soup(site_dir / page.built).select("div.footnote li a[href]"):
            target = urlparse(urljoin(base, link["href"]))
            if target.path == "/" + refs_page.url:
                assert target.fragment in ref_ids, f"{page.src}: citation to unknown reference #{target.fragment}"
                cited.add(target.fragment)
        assert len(cited) >= 3, f"{page.src}: cites {len(cited)} references, needs at least 3"


@pytest.mark.parametrize("md", sorted(p.name for p in DOCS.glob("*.md")))
def test_front_matter_complete(md):
    meta = read_page(DOCS / md).meta
    missing = [k for k in REQUIRED_META if not meta.get(k)]
    assert not missing, f"docs/{md}: front matter lacks {missing}"
    assert len(str(meta["description"])) <= 160, f"docs/{md}: description over 160 characters"
    assert str(meta["next_review_due"]) > str(meta["last_reviewed"])
    assert "review" in str(meta["review_status"]).lower()


def test_review_dates_render_on_every_content_page(site_dir, pages):
    for page in pages:
        meta = read_page(page.path).meta
        box = soup(site_dir / page.built).select_one(".md-review")
        assert box is not None, f"{page.built}: no review box"
        text = norm(box.get_text(" "))
        assert str(meta["last_reviewed"]) in text and str(meta["next_review_due"]) in text
        assert str(meta["review_status"]) in text


def test_meta_description_comes_from_front_matter(site_dir, pages):
    for page in pages:
        meta = read_page(page.path).meta
        tag = soup(site_dir / page.built).select_one('meta[name="description"]')
        assert tag is not None and norm(tag["content"]) == norm(str(meta["description"])), page.built


EXTERNAL = re.compile(r"^(https?:)?//", re.I)


def test_no_page_loads_anything_from_another_host(site_dir):
    """Scripts, styles, images, frames and preconnects must all be local (links to sources are fine)."""
    for path in all_html(site_dir):
        html = soup(path)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
                          ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src")):
            for el in html.find_all(tag):
                value = el.get(attr) or ""
                if tag == "link" and not set(el.get("rel", [])) & {"stylesheet", "preload", "preconnect",
                                                                  "dns-prefetch", "icon", "modulepreload"}:
                    continue
                assert not EXTERNAL.match(value), f"{path.relative_to(site_dir)}: <{tag}> loads {value}"
