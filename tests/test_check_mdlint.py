"""The Markdown lint gate: pymarkdownlnt with the Material-tuned config."""

from __future__ import annotations

from checkkit import append, copy_project, has_finding, line_of, run_check

from scripts.project import ROOT


def test_lint_findings_have_file_line_and_rule(tmp_path):
    root = copy_project(tmp_path / "project")
    page = root / "docs" / "about.md"
    append(page, "\n#Seeded heading without a space\n\nSeeded text.\n\n\n\nSeeded after blank lines.\n")
    code, out, err = run_check(root, "mdlint")
    assert code == 1, err
    assert has_finding(out, f"docs/about.md:{line_of(page, '#Seeded heading')}:1", "MDLINT-MD018"), out
    assert "MDLINT-MD012" in out, out


def test_material_syntax_is_not_flagged(tmp_path):
    root = copy_project(tmp_path / "project")
    append(
        root / "docs" / "about.md",
        '\n!!! note "Seeded"\n\n    An admonition body.\n\n=== "Tab one"\n\n    Tab body.\n\n'
        '<div class="safety-statement" data-safety="x" markdown>\nText.\n</div>\n',
    )
    code, out, _ = run_check(root, "mdlint")
    assert code == 0, out
