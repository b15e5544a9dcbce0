"""The readability gate: per-page budgets are a ratchet; the table is printed."""

from __future__ import annotations

from checkkit import copy_project, has_finding, run_check

from scripts.project import ROOT


def test_a_page_over_its_budget_fails(tmp_path, site_dir):
    root = copy_project(tmp_path / "project")
    rules = root / "content-rules.yml"
    text = rules.read_text(encoding="utf-8")
    old = "    index.md: {max_grade:"
    assert old in text
    lines = [
        "    index.md: {max_grade: 0.5, min_ease: 99.0}" if line.startswith(old) else line for line in text.splitlines()
    ]
    rules.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = run_check(root, "readability", site=site_dir)
    assert code == 1
    assert has_finding(out, "docs/index.md:1:1", "READABILITY") and "Flesch-Kincaid grade" in out, out
    assert "reading ease" in out
