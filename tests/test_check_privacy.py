"""The privacy gate: nothing is loaded from another host (scripts, images, stylesheets, CSS imports)."""

from __future__ import annotations

import pytest
from checkkit import has_finding, line_of, mini_site, run_check, seeded_project

from scripts.project import ROOT


@pytest.fixture(scope="module")
def privacy_run(tmp_path_factory):
    root = seeded_project(tmp_path_factory)
    return root, run_check(root, "privacy")


def test_image_from_another_host(privacy_run):
    root, (code, out, err) = privacy_run
    assert code == 1, err
    line = line_of(root / "docs/interactions.md", "tracker.example.com")
    assert has_finding(out, f"docs/interactions.md:{line}", "PRIVACY"), out


def test_script_in_a_template(privacy_run):
    root, (_, out, _) = privacy_run
    line = line_of(root / "overrides/main.html", "cdn.example.com/seeded.js")
    assert has_finding(out, f"overrides/main.html:{line}", "PRIVACY"), out


def test_stylesheet_import_from_another_host(privacy_run):
    root, (_, out, _) = privacy_run
    line = line_of(root / "docs/assets/stylesheets/extra.css", "fonts.example.com/seeded.css")
    assert has_finding(out, f"docs/assets/stylesheets/extra.css:{line}", "PRIVACY"), out


@pytest.mark.parametrize(
    "snippet",
    [
        '<link rel="preconnect" href="https://fonts.gstatic.com">',
        '<link rel="stylesheet" href="//cdn.example.com/x.css">',
        '<iframe src="https://video.example.com/embed/1"></iframe>',
        '<img srcset="/a.png 1x, https://img.example.com/b.png 2x" alt="">',
        '<div style="background: url(\'https://img.example.com/bg.png\')"></div>',
        "<style>@import 'https://fonts.example.com/f.css';</style>",
    ],
)
def test_each_kind_of_load_is_caught_in_built_html(tmp_path, site_dir, snippet):
    site = mini_site(site_dir, tmp_path / "site", "about/index.html")
    page = site / "about" / "index.html"
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(3, snippet + "\n")
    page.write_text("".join(lines), encoding="utf-8")
    code, out, _ = run_check(ROOT, "privacy", site=site)
    assert code == 1 and has_finding(out, f"{site}/about/index.html:4", "PRIVACY"), out


def test_plain_links_and_canonical_are_fine(tmp_path, site_dir):
    site = mini_site(site_dir, tmp_path / "site", "about/index.html")
    page = site / "about" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("<head>", '<head><a href="https://www.nhs.uk/">x</a><link rel="canonical" href="https://example.org/">', 1))
    code, out, _ = run_check(ROOT, "privacy", site=site)
    assert code == 0, out
