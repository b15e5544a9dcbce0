"""The trusted-sources gate: mirrors, reprints and look-alike hosts fail; primary sources pass."""

from __future__ import annotations

import pytest
from checkkit import has_finding, line_of, run_check, seeded_project

from scripts.check.sources import trusted


@pytest.fixture(scope="module")
def sources_run(tmp_path_factory):
    root = seeded_project(tmp_path_factory)
    return root, run_check(root, "sources")


@pytest.mark.parametrize("needle, col", [("www.drugs.com/pro/baclofen-seeded", 17), ("nhs.uk.example.com", 20)])
def test_untrusted_link_is_found_at_its_line(sources_run, needle, col):
    root, (code, out, err) = sources_run
    assert code == 1, err
    line = line_of(root / "docs/side-effects.md", needle)
    assert has_finding(out, f"docs/side-effects.md:{line}:{col}", "SOURCES"), out


def test_a_link_added_only_in_the_built_page_is_found(tmp_path, site_dir):
    from checkkit import mini_site

    from scripts.project import ROOT

    site = mini_site(site_dir, tmp_path / "site", "dosing/index.html")
    page = site / "dosing" / "index.html"
    html = page.read_text(encoding="utf-8")
    marker = '<article class="md-content__inner md-typeset">'
    assert marker in html
    page.write_text(html.replace(marker, marker + '\n<a href="https://europepmc.org/seeded-mirror">mirror</a>', 1), encoding="utf-8")
    code, out, _ = run_check(ROOT, "sources", site=site)
    assert code == 1
    line = line_of(page, "europepmc.org/seeded-mirror")
    assert has_finding(out, f"{site}/dosing/index.html:{line}", "SOURCES"), out


def test_domain_matching():
    domains = ["nhs.uk", "ncbi.nlm.nih.gov"]
    assert trusted("www.nhs.uk", domains) and trusted("nhs.uk", domains)
    assert trusted("pubmed.ncbi.nlm.nih.gov", domains)
    assert not trusted("nhs.uk.example.com", domains)
    assert not trusted("fakenhs.uk", domains)
