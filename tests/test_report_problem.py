"""Every page of the built guide links to the "Report a problem" issue form with
its OWN address filled in, and the repository address comes from one place
(mkdocs.yml extra.repository), never from `repo_url` (which would make Material
fetch GitHub stats from the reader's browser)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from scripts.project import ROOT, load_yaml

FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "report-a-problem.yml"
LINK = ".md-report-problem a[href]"


def report_links(html_path: Path):
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    canonical = soup.select_one('link[rel="canonical"]')
    return soup.select(LINK), (canonical["href"] if canonical else None)


def check_page(html_path: Path, repository: str, expected_url: str) -> None:
    links, canonical = report_links(html_path)
    assert len(links) == 1, f"{html_path}: expected one 'Report a problem' link, found {len(links)}"
    assert canonical == expected_url, f"{html_path}: canonical URL {canonical!r}, expected {expected_url!r}"
    href = urlsplit(links[0]["href"])
    assert f"{href.scheme}://{href.netloc}{href.path}" == repository.rstrip("/") + "/issues/new", href
    query = parse_qs(href.query, strict_parsing=True)
    assert query["template"] == [FORM.name], f"{html_path}: wrong form {query.get('template')}"
    assert query["page"] == [expected_url], f"{html_path}: page= {query.get('page')}, expected {expected_url}"
    assert links[0].get_text(" ", strip=True) == "Report a problem with this page"
    # Site furniture, not article content: the SOURCES gate checks the article's links as citations.
    assert links[0].find_parent("article") is None, f"{html_path}: the link is inside the article"


def test_every_nav_page_links_to_the_form_with_its_own_address(site_dir, pages, mkdocs_config):
    repository = mkdocs_config["extra"]["repository"]
    site_url = mkdocs_config["site_url"]
    assert len(pages) >= 12
    for page in pages:
        check_page(site_dir / page.built, repository, site_url + page.url)


def test_print_page_links_to_the_form_with_its_own_address(site_dir, mkdocs_config):
    check_page(site_dir / "print_page" / "index.html", mkdocs_config["extra"]["repository"],
               mkdocs_config["site_url"] + "print_page/")


def test_no_two_pages_share_a_report_address(site_dir):
    seen = {}
    for path in sorted(site_dir.rglob("index.html")):
        for link in report_links(path)[0]:
            page = parse_qs(urlsplit(link["href"]).query)["page"][0]
            assert page not in seen, f"{path} and {seen[page]} both report {page}"
            seen[page] = path
    assert len(seen) >= 13


def test_check_page_catches_a_link_to_another_page(site_dir, pages, mkdocs_config, tmp_path):
    """The check can fail: a copy of the Dosing page whose link names another page is caught."""
    dosing = next(p for p in pages if p.src == "dosing.md")
    html = (site_dir / dosing.built).read_text(encoding="utf-8")
    assert "%2Fdosing%2F" in html
    seeded = tmp_path / "index.html"
    seeded.write_text(html.replace("%2Fdosing%2F", "%2Fside-effects%2F"), encoding="utf-8")
    with pytest.raises(AssertionError, match="page="):
        check_page(seeded, mkdocs_config["extra"]["repository"], mkdocs_config["site_url"] + dosing.url)


def test_repository_address_has_one_home(mkdocs_config):
    assert "repo_url" not in mkdocs_config, (
        "mkdocs.yml: use extra.repository, not repo_url (Material would fetch GitHub stats "
        "from every reader's browser: a third-party request)")
    repository = mkdocs_config["extra"]["repository"]
    assert urlsplit(repository).scheme == "https" and urlsplit(repository).netloc == "github.com"
    partial = (ROOT / "overrides" / "partials" / "report-problem.html").read_text(encoding="utf-8")
    assert "github.com" not in partial, "the partial must take the address from extra.repository"


def test_form_has_the_page_field_the_link_fills_in():
    form = load_yaml(FORM)
    ids = [item.get("id") for item in form["body"] if isinstance(item, dict)]
    assert "page" in ids and "problem" in ids and "source" in ids, ids
    page_field = next(item for item in form["body"] if item.get("id") == "page")
    assert page_field["validations"]["required"] is True
