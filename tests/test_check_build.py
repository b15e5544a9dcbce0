"""The build gate: mkdocs build --strict warnings and errors become findings at the source line."""

from __future__ import annotations

from checkkit import append, copy_project, has_finding, line_of, run_check

from scripts.project import ROOT


def test_broken_link_and_anchor_point_at_their_lines(tmp_path):
    root = copy_project(tmp_path / "project")
    page = root / "docs" / "about.md"
    append(page, "\nSee [a missing page](seeded-missing.md).\n\nSee [a missing anchor](dosing.md#seeded-no-anchor).\n")
    code, out, err = run_check(root, "build")
    assert code == 1, err
    assert has_finding(out, f"docs/about.md:{line_of(page, 'seeded-missing.md')}", "BUILD"), out
    assert has_finding(out, f"docs/about.md:{line_of(page, 'seeded-no-anchor')}", "BUILD"), out
    assert "Traceback" not in out + err


def test_missing_snippet_is_one_line(tmp_path):
    root = copy_project(tmp_path / "project")
    page = root / "docs" / "glossary.md"
    append(page, '\n--8<-- "diagrams/seeded-missing.svg"\n')
    code, out, err = run_check(root, "build")
    assert code == 1
    lines = [l for l in out.splitlines() if " BUILD " in l]
    assert len(lines) == 1, out
    assert lines[0].startswith(f"docs/glossary.md:{line_of(page, 'seeded-missing.svg')}:") and "missing snippet" in lines[0]
    assert "Traceback" not in out + err


def test_non_utf8_file_is_one_line_across_gates(tmp_path, site_dir):
    root = copy_project(tmp_path / "project")
    page = root / "docs" / "about.md"
    with page.open("ab") as handle:
        handle.write(b"\nSeeded caf\xe9 line.\n")
    line = page.read_bytes().count(b"\n")
    code, out, err = run_check(root, "build", "banned", "spelling", "frontmatter", site=site_dir)
    assert code == 1
    lines = [l for l in out.splitlines() if l.startswith("docs/about.md")]
    assert lines == [f"docs/about.md:{line}:11: INPUT not valid UTF-8 (byte 0xe9): save the file as UTF-8"], out
    assert "Traceback" not in out + err
