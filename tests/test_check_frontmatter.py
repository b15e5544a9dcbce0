"""The front-matter gate: schema from content-rules.yml; overdue reviews warn (error with --strict-review)."""

from __future__ import annotations

import pytest
from checkkit import copy_project, has_finding, run_check

from scripts.project import ROOT

GOOD = """---
title: Seeded page
description: A seeded page for the front-matter gate tests.
last_reviewed: 2026-11-25
next_review_due: 2027-05-25
review_status: Awaiting clinical review
---

# Seeded page

Text.
"""


@pytest.fixture()
def project(tmp_path):
    return copy_project(tmp_path / "project")


def write(root, text, name="seeded.md"):
    (root / "docs" / name).write_text(text, encoding="utf-8")
    return f"docs/{name}"


@pytest.mark.parametrize(
    "old, new, line, words",
    [
        ("title: Seeded page\n", "", 1, "missing required key 'title'"),
        ("last_reviewed: 2026-11-25", "last_reviewed: 25/11/2026", 4, "ISO date"),
        ("next_review_due: 2027-05-25", "next_review_due: 2026-01-01", 5, "must be after"),
        ("description: A seeded page for the front-matter gate tests.", "description: " + "x" * 161, 3, "161 characters"),
        ("review_status: Awaiting clinical review", "review_status: Reviewed by Dr Nobody", 6, "allowed"),
        ("---\n\n# Seeded", "reviewer: Dr Nobody\n---\n\n# Seeded", 7, "unknown key 'reviewer'"),
    ],
)
def test_schema_violations(project, old, new, line, words):
    path = write(project, GOOD.replace(old, new, 1))
    code, out, _ = run_check(project, "frontmatter")
    assert code == 1
    assert has_finding(out, f"{path}:{line}", "FRONTMATTER") and words in out, out


def test_unparseable_front_matter_is_one_line_with_its_line(project):
    path = write(project, GOOD.replace("title: Seeded page", "title: Dosing: how much"))
    code, out, err = run_check(project, "frontmatter", "mdlint", "spelling")
    assert code == 1
    lines = [l for l in out.splitlines() if l.startswith(path)]
    assert len(lines) == 1 and lines[0].startswith(f"{path}:2:") and "invalid YAML" in lines[0], out
    assert "Traceback" not in out + err


def test_overdue_review_warns_then_fails_with_strict_review(project):
    path = write(project, GOOD.replace("2026-11-25", "2020-01-01").replace("2027-05-25", "2020-06-01"))
    code, out, _ = run_check(project, "frontmatter")
    assert code == 0 and has_finding(out, f"{path}:5", "FRONTMATTER warning:"), out
    code, out, _ = run_check(project, "frontmatter", "--strict-review")
    assert code == 1 and has_finding(out, f"{path}:5", "FRONTMATTER") and "overdue" in out, out
