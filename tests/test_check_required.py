"""The required-text gate: disclaimer on every built page; each safety statement with its key words."""

from __future__ import annotations

import pytest
from checkkit import copy_project, has_finding, line_of, mini_site, run_check, seeded_project

from scripts.project import ROOT


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    return seeded_project(tmp_path_factory)


def test_statement_missing_a_key_word_points_at_its_marker(seeded):
    code, out, err = run_check(seeded, "required")
    assert code == 1, err
    line = line_of(seeded / "docs/about.md", 'data-safety="seeded-statement"')
    assert has_finding(out, f"docs/about.md:{line}", "REQUIRED"), out
    assert '"beta" or "gamma"' in out


def test_deleted_statement_fails(tmp_path, site_dir):
    root = copy_project(tmp_path / "project")
    rules = root / "content-rules.yml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace(
            "required_statements:\n",
            "required_statements:\n  - page: glossary.md\n    marker: seeded-never-written\n    words: [anything]\n",
            1,
        ),
        encoding="utf-8",
    )
    code, out, _ = run_check(root, "required", site=site_dir)
    assert code == 1
    assert has_finding(out, "docs/glossary.md:1:1", "REQUIRED") and "seeded-never-written" in out, out


@pytest.fixture()
def tampered(tmp_path, site_dir):
    return mini_site(site_dir, tmp_path / "site", "print_page/index.html", "dosing/index.html", "404.html")


def test_disclaimer_removed_from_the_print_page(tampered):
    page = tampered / "print_page" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace('id="medical-disclaimer"', 'id="gone"'), encoding="utf-8")
    code, out, _ = run_check(ROOT, "required", site=tampered)
    assert code == 1 and has_finding(out, f"{tampered}/print_page/index.html:1:1", "REQUIRED"), out


def test_disclaimer_with_changed_words(tampered):
    page = tampered / "dosing" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "It is not medical advice" in html
    page.write_text(html.replace("It is not medical advice", "It is medical advice"), encoding="utf-8")
    code, out, _ = run_check(ROOT, "required", site=tampered)
    assert code == 1 and has_finding(out, "docs/dosing.md:1:1", "REQUIRED"), out


def test_disclaimer_missing_on_the_404_page_names_its_template(tampered):
    page = tampered / "404.html"
    page.write_text(page.read_text(encoding="utf-8").replace('id="medical-disclaimer"', 'id="x"'), encoding="utf-8")
    code, out, _ = run_check(ROOT, "required", site=tampered)
    assert code == 1 and has_finding(out, "overrides/404.html:1:1", "REQUIRED"), out
