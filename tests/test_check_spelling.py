"""The spelling gate: a new typo fails with its file and line; the wordlist stays sorted and honest."""

from __future__ import annotations

import pytest
from checkkit import BANNED, append, copy_project, has_finding, line_of, run_check

from scripts.project import ROOT


@pytest.fixture(scope="module")
def typo_run(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("spelling") / "project")
    append(root / "docs" / "about.md", "\nYou will recieve a seeded letter.\n\n!!! note \"Seeded\"\n    A seeded mispelt word, Baclofenn.\n")
    append(root / "docs" / "dosing.md", f"\nSeeded {BANNED}-induced sleepiness.\n")
    return root, run_check(root, "spelling")


def test_a_typo_fails_with_file_and_line(typo_run):
    root, (code, out, err) = typo_run
    assert code == 1, err
    line = line_of(root / "docs/about.md", "recieve")
    assert has_finding(out, f"docs/about.md:{line}:10", "SPELLING"), out
    assert '"recieve"' in out and "codespell" in out  # both tools see it


def test_a_typo_in_an_admonition_and_a_misspelt_drug_name(typo_run):
    root, (_, out, _) = typo_run
    line = line_of(root / "docs/about.md", "Baclofenn")
    assert has_finding(out, f"docs/about.md:{line}", "SPELLING") and '"Baclofenn"' in out, out
    assert has_finding(out, f"docs/about.md:{line}", "SPELLING") and '"mispelt"' in out, out


def test_codespell_catches_the_banned_term_in_a_hyphenated_compound(typo_run):
    root, (_, out, _) = typo_run
    line = line_of(root / "docs/dosing.md", f"{BANNED}-induced")
    assert has_finding(out, f"docs/dosing.md:{line}:8", "SPELLING") and "(codespell)" in out, out


def test_wordlist_must_be_sorted_and_used(tmp_path):
    root = copy_project(tmp_path / "project")
    wordlist = root / ".spelling-wordlist.txt"
    words = wordlist.read_text(encoding="utf-8").splitlines()
    wordlist.write_text("\n".join(["zzzseeded", *words, "aaaseeded"]) + "\n", encoding="utf-8")
    code, out, _ = run_check(root, "spelling")
    assert code == 1
    assert has_finding(out, ".spelling-wordlist.txt:1:1", "SPELLING") and "not used" in out, out
    last = len(words) + 2
    assert has_finding(out, f".spelling-wordlist.txt:{last}:1", "SPELLING") and "out of order" in out, out


def test_fix_sorts_the_wordlist(tmp_path):
    root = copy_project(tmp_path / "project")
    wordlist = root / ".spelling-wordlist.txt"
    words = wordlist.read_text(encoding="utf-8").splitlines()
    wordlist.write_text("\n".join(reversed(words)) + "\n" + words[0] + "\n", encoding="utf-8")
    run_check(root, "spelling", "--fix")
    assert wordlist.read_text(encoding="utf-8").splitlines() == words


def test_curly_apostrophes_and_possessives_need_no_wordlist_entry(tmp_path):
    root = copy_project(tmp_path / "project")
    append(root / "docs" / "about.md", "\nBaclofen’s effect and baclofen's dose; you’ll see.\n")
    code, out, _ = run_check(root, "spelling")
    assert code == 0, out


def test_a_typo_in_a_diagram(tmp_path):
    root = copy_project(tmp_path / "project")
    diagram = sorted((root / "docs" / "includes" / "diagrams").glob("*.svg"))[0]
    text = diagram.read_text(encoding="utf-8")
    diagram.write_text(text.replace("</svg>", '<text x="1" y="1">Seeded nerv signal</text>\n</svg>'), encoding="utf-8")
    code, out, _ = run_check(root, "spelling")
    rel = f"docs/includes/diagrams/{diagram.name}"
    assert code == 1 and has_finding(out, f"{rel}:{line_of(diagram, 'Seeded nerv')}", "SPELLING") and '"nerv"' in out, out
