"""The links gate: lychee finds broken internal links and fragments in the built site; URLs must be https."""

from __future__ import annotations

import pytest
from checkkit import has_finding, line_of, run_check, seeded_project

from scripts.check.links import url_problem


@pytest.fixture(scope="module")
def links_run(tmp_path_factory):
    root = seeded_project(tmp_path_factory)
    return root, run_check(root, "links")


def test_broken_raw_html_link_points_at_its_source_line(links_run):
    root, (code, out, err) = links_run
    assert code == 1, err
    line = line_of(root / "docs/about.md", "nowhere-seeded")
    assert has_finding(out, f"docs/about.md:{line}:13", "LINKS"), out


def test_broken_fragment_is_found(links_run):
    root, (_, out, _) = links_run
    line = line_of(root / "docs/about.md", "no-such-seeded-anchor")
    assert has_finding(out, f"docs/about.md:{line}:13", "LINKS"), out
    assert "Cannot find fragment" in out


def test_broken_link_in_a_template_is_reported_once_at_the_template(links_run):
    root, (_, out, _) = links_run
    line = line_of(root / "overrides/main.html", "seeded-missing.html")
    hits = [l for l in out.splitlines() if l.startswith(f"overrides/main.html:{line}:") and "seeded-missing.html" in l]
    assert len(hits) == 1 and "built pages" in hits[0], out


def test_the_print_page_is_checked(links_run):
    _, (_, out, _) = links_run
    assert "print_page/index.html#nowhere-seeded" in out, out


def test_missing_file_in_a_stylesheet(links_run):
    root, (_, out, _) = links_run
    line = line_of(root / "docs/assets/stylesheets/extra.css", "seeded-missing.png")
    assert has_finding(out, f"docs/assets/stylesheets/extra.css:{line}", "LINKS"), out


def test_insecure_external_url(links_run):
    root, (_, out, _) = links_run
    line = line_of(root / "docs/about.md", "http://www.nhs.uk/conditions/seeded/")
    assert has_finding(out, f"docs/about.md:{line}:24", "LINKS"), out


@pytest.mark.parametrize(
    "url, bad",
    [
        ("https://www.nhs.uk/medicines/baclofen/", False),
        ("mailto:someone@example.org", False),
        ("http://www.nhs.uk/", True),
        ("https://nhs..uk/x", True),
        ("https://user@nhs.uk/", True),
        ("https://[::1/", True),
        ("ftp://example.org/x", True),
    ],
)
def test_url_well_formedness(url, bad):
    assert (url_problem(url) is not None) == bad, url_problem(url)



def test_missing_pdfs_warn_until_rendered_then_are_checked(tmp_path, site_dir):
    import shutil

    from scripts.project import ROOT

    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    shutil.rmtree(site / "downloads", ignore_errors=True)
    code, out, _ = run_check(ROOT, "links", site=site)
    pdf_lines = [l for l in out.splitlines() if ".pdf" in l]
    assert all("LINKS warning:" in l for l in pdf_lines), out
    (site / "downloads").mkdir()
    code, out, _ = run_check(ROOT, "links", site=site)
    assert code == 1 and "broken link to downloads/" in out, out
