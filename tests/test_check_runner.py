"""The gate runner: help and gate list, exit codes, one-line errors, GitHub annotations, the real site."""

from __future__ import annotations

import subprocess
import sys

import pytest
from checkkit import copy_project, run_check

from scripts.check.runner import GATES, load_gate
from scripts.project import ROOT


def test_help_lists_every_gate():
    result = subprocess.run([sys.executable, "-m", "scripts.check", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0
    for name in GATES:
        assert name in result.stdout and load_gate(name).ID in result.stdout


def test_every_gate_follows_the_interface():
    for name in GATES:
        module = load_gate(name)
        assert module.ID.isupper() and module.DESCRIPTION and callable(module.run), name


def test_list():
    code, out, _ = run_check(ROOT, "--list")
    assert code == 0 and all(name in out for name in GATES)


def expect_usage_error(code, out, err, words):
    assert code == 2, out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], err
    assert "Traceback" not in out + err


def test_unknown_gate():
    expect_usage_error(*run_check(ROOT, "no-such-gate"), "unknown gate")


def test_missing_site_dir(tmp_path):
    expect_usage_error(*run_check(ROOT, "required", site=tmp_path / "nothing"), "no built site")


def test_unknown_rules_key(tmp_path):
    root = copy_project(tmp_path / "project")
    rules = root / "content-rules.yml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\nbanned_term:\n  - term: x\n", encoding="utf-8")
    code, out, err = run_check(root, "frontmatter")
    expect_usage_error(code, out, err, "unknown key 'banned_term'")
    assert "content-rules.yml:" in err


def test_broken_rules_yaml(tmp_path):
    root = copy_project(tmp_path / "project")
    rules = root / "content-rules.yml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\ntrusted_domains: [unclosed\n", encoding="utf-8")
    expect_usage_error(*run_check(root, "frontmatter"), "invalid YAML")


@pytest.mark.parametrize(
    "yaml_text, words",
    [
        ("readability:\n  pages:\n    index.md: {max_grade: hard}\n", "must be a number"),
        ("front_matter:\n  keys:\n    title: text\n", "type must be one of"),
        ("required_statements:\n  - page: dosing.md\n    marker: x\n    words: []\n", "no key words"),
    ],
)
def test_bad_rules_values(tmp_path, yaml_text, words):
    root = copy_project(tmp_path / "project")
    (root / "content-rules.yml").write_text(yaml_text, encoding="utf-8")
    expect_usage_error(*run_check(root, "frontmatter"), words)


def test_github_annotations(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "project")
    page = root / "docs" / "about.md"
    page.write_text(page.read_text(encoding="utf-8").replace("last_reviewed: 2026-11-25", "last_reviewed: soon"), encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = run_check(root, "frontmatter")
    assert code == 1
    assert any(l.startswith("::error file=docs/about.md,line=") and "title=FRONTMATTER::" in l for l in out.splitlines()), out


def test_the_real_site_passes_every_gate(site_dir):
    """The guide as it is: every gate passes on the session's strict build (one run, all gates)."""
    code, out, err = run_check(ROOT, site=site_dir)
    assert code == 0, out + err
    assert "FK grade" in out and "dosing.md" in out  # the readability table is printed


def test_build_mode_skips_the_site_gates_when_the_build_stops(tmp_path):
    root = copy_project(tmp_path / "project")
    page = root / "docs" / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n--8<-- "seeded-missing.md"\n', encoding="utf-8")
    code, out, err = run_check(root, "--build", "build", "required", "links", site=tmp_path / "out")
    assert code == 1
    lines = [l for l in out.splitlines() if " BUILD " in l or " REQUIRED " in l or " LINKS " in l]
    assert len(lines) == 1 and lines[0].startswith("docs/glossary.md:") and "missing snippet" in lines[0], out
    assert "skipped" in err and "Traceback" not in out + err


def test_finding_format_and_annotation_escaping():
    from scripts.check.report import WARNING, Finding

    finding = Finding("docs/a b.md", 3, 7, "LINKS", "broken: 100% of it,\nreally")
    assert finding.format() == "docs/a b.md:3:7: LINKS broken: 100% of it, really"
    assert finding.annotation() == "::error file=docs/a b.md,line=3,col=7,title=LINKS::broken: 100%25 of it,%0Areally"
    warning = Finding("x.md", 1, 1, "FRONTMATTER", "overdue", WARNING)
    assert warning.format() == "x.md:1:1: FRONTMATTER warning: overdue"
    assert warning.annotation().startswith("::warning file=x.md,")
