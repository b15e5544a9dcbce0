"""Search engines and sharing, on the built HTML: canonical URL, meta description,
Open Graph, schema.org JSON-LD (MedicalWebPage about the Drug baclofen), sitemap
with lastmod from last_reviewed, robots.txt. Each check is a function that
returns problems, and a seeded page proves it reports them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup

from scripts.project import read_page


def _norm(text) -> str:
    return " ".join(str(text).split())


def seo_problems(html: str, url: str, meta: dict, site_name: str, home: bool) -> list[str]:
    """What is missing or wrong in one page's head, as short messages."""
    soup = BeautifulSoup(html, "html.parser")
    problems = []

    def content(selector):
        tag = soup.select_one(selector)
        return None if tag is None else tag.get("content", tag.get("href"))

    expected = {
        'link[rel="canonical"]': url,
        'meta[name="description"]': _norm(meta["description"]),
        'meta[property="og:title"]': site_name if home else _norm(meta["title"]),
        'meta[property="og:description"]': _norm(meta["description"]),
        'meta[property="og:url"]': url,
        'meta[property="og:type"]': "website" if home else "article",
    }
    for selector, want in expected.items():
        got = content(selector)
        if got is None or _norm(got) != want:
            problems.append(f"{selector}: want {want!r}, got {got!r}")
    if soup.select_one('meta[name="robots"][content*="noindex"]'):
        problems.append("page asks search engines not to index it")
    blocks = soup.select('script[type="application/ld+json"]')
    if len(blocks) != 1:
        return problems + [f"want one JSON-LD block, found {len(blocks)}"]
    try:
        ld = json.loads(blocks[0].string or "")
    except json.JSONDecodeError as exc:
        return problems + [f"JSON-LD does not parse: {exc}"]
    checks = {
        "@context": ld.get("@context") == "https://schema.org",
        "@type": ld.get("@type") == "MedicalWebPage",
        "about": ld.get("about", {}).get("@type") == "Drug"
        and ld.get("about", {}).get("name", "").lower() == "baclofen",
        "lastReviewed": ld.get("lastReviewed") == str(meta["last_reviewed"]),
        "audience": ld.get("audience", {}).get("@type") in ("MedicalAudience", "Patient"),
        "url": ld.get("url") == url,
        "description": _norm(ld.get("description", "")) == _norm(meta["description"]),
        # Nobody has clinically reviewed the guide: never claim a reviewer.
        "no reviewedBy": "reviewedBy" not in ld,
    }
    problems += [f"JSON-LD {name} wrong: {ld}" for name, ok in checks.items() if not ok]
    return problems


def test_every_page_has_canonical_description_open_graph_and_json_ld(site_dir, pages, mkdocs_config):
    site_url = mkdocs_config["site_url"]
    failures = {}
    for page in pages:
        html = (site_dir / page.built).read_text(encoding="utf-8")
        meta = read_page(page.path).meta
        found = seo_problems(html, site_url + page.url, meta, mkdocs_config["site_name"], page.url == "")
        if found:
            failures[page.built] = found
    assert not failures, failures


def test_seo_check_reports_a_seeded_broken_page(site_dir, pages, mkdocs_config):
    page = next(p for p in pages if p.src == "dosing.md")
    html = (site_dir / page.built).read_text(encoding="utf-8")
    meta = read_page(page.path).meta
    url = mkdocs_config["site_url"] + page.url
    broken = html.replace('"MedicalWebPage"', '"WebPage"').replace('property="og:url"', 'property="og:nope"')
    found = seo_problems(broken, url, meta, mkdocs_config["site_name"], False)
    assert any("og:url" in p for p in found), found
    assert any("@type" in p for p in found), found
    no_ld = html.replace('type="application/ld+json"', 'type="text/plain"')
    assert seo_problems(no_ld, url, meta, mkdocs_config["site_name"], False) == [
        "want one JSON-LD block, found 0"
    ]


def test_print_and_404_pages_are_not_indexed(site_dir):
    for name in ("print_page/index.html", "404.html"):
        soup = BeautifulSoup((site_dir / name).read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one('meta[name="robots"][content*="noindex"]'), name


def sitemap_problems(xml: str, expected: dict[str, str]) -> list[str]:
    """expected: {absolute URL: lastmod}. Every one listed once, with that lastmod."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring(xml)
    listed = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
              for u in root.findall("s:url", ns)}
    problems = [f"{url}: not in the sitemap" for url in expected if url not in listed]
    problems += [f"{url}: lastmod {listed[url]!r}, want {want!r}"
                 for url, want in expected.items() if url in listed and listed[url] != want]
    return problems


def test_sitemap_lists_every_page_with_lastmod_from_last_reviewed(site_dir, pages, mkdocs_config):
    expected = {mkdocs_config["site_url"] + p.url: str(read_page(p.path).meta["last_reviewed"]) for p in pages}
    xml = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap_problems(xml, expected) == []
    # Seeded: a different review date and a missing page are both reported.
    first = next(iter(expected))
    seeded = dict(expected, **{first: "1999-01-01", mkdocs_config["site_url"] + "nope/": "2026-01-01"})
    found = sitemap_problems(xml, seeded)
    assert len(found) == 2 and "1999-01-01" in found[0] + found[1], found


def test_robots_txt_points_to_the_sitemap(site_dir, mkdocs_config):
    lines = (site_dir / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {mkdocs_config['site_url']}sitemap.xml" in lines
    assert "Disallow: /" not in lines
