"""The banned-term gate: the drug-name misspelling is caught everywhere, and --fix corrects it."""

from __future__ import annotations

import pytest
from checkkit import BANNED, copy_project, has_finding, line_of, mini_site, run_check, seeded_project, snapshot

from scripts.check.banned import corrected, pattern
from scripts.project import ROOT


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    return seeded_project(tmp_path_factory)


@pytest.fixture(scope="module")
def banned_run(seeded):
    return run_check(seeded, "banned")


@pytest.mark.parametrize(
    "file, needle, col",
    [
        ("docs/dosing.md", f"## Seeded {BANNED} heading", 11),  # heading
        ("docs/dosing.md", f"| {BANNED} tablets |", 3),  # table cell
        ("docs/dosing.md", f"confuse it with {BANNED.upper()}", 28),  # admonition body, capitals
        ("docs/dosing.md", f"[the {BANNED.lower()} leaflet]", 11),  # link text, lower case
        ("docs/dosing.md", f"![A {BANNED}’s tablet]", 5),  # alt text, possessive
        ("docs/dosing.md", f"Seeded {BANNED}-induced", 8),  # hyphenated compound
        ("docs/questions.md", f"questions about {BANNED}", 38),  # front matter
        ("mkdocs.yml", f"  - {BANNED} dosing: dosing.md", 5),  # nav title
        ("overrides/partials/seeded.html", f"Seeded {BANNED} partial", 11),  # template
    ],
)
def test_banned_term_is_found_at_its_exact_place(seeded, banned_run, file, needle, col):
    code, out, err = banned_run
    assert code == 1
    line = line_of(seeded / file, needle)
    assert has_finding(out, f"{file}:{line}:{col}", "BANNED"), out
    assert "Traceback" not in out + err


def test_banned_term_in_a_file_name(banned_run):
    _, out, _ = banned_run
    assert has_finding(out, f"docs/includes/{BANNED.lower()}-seeded.md:1:1", "BANNED"), out


def test_built_site_is_reported_once_when_sources_have_it(banned_run):
    _, out, _ = banned_run
    built = [line for line in out.splitlines() if line.startswith("site/") and " BANNED " in line]
    assert len(built) == 1 and "other built file" in built[0], out


def test_term_only_in_built_html_and_search_index(tmp_path, site_dir):
    """Sources clean, but the built page and search index contain the term (as a hook or plugin could)."""
    site = mini_site(site_dir, tmp_path / "site", "dosing/index.html", "search/search_index.json")
    page = site / "dosing" / "index.html"
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(5, f"<p>{BANNED.upper()} from a hook</p>\n")
    page.write_text("".join(lines), encoding="utf-8")
    index = site / "search" / "search_index.json"
    index.write_text(index.read_text(encoding="utf-8").replace('"docs":[', f'"docs":[{{"text":"{BANNED.lower()}"}},', 1))
    code, out, err = run_check(ROOT, "banned", site=site)
    assert code == 1, out + err
    assert any(line.startswith(f"{site}/dosing/index.html:6:4: BANNED") for line in out.splitlines()), out
    assert any(line.startswith(f"{site}/search/search_index.json:1:") and "BANNED" in line for line in out.splitlines()), out


@pytest.mark.parametrize("reader", ["pdftotext", "pypdf"])
def test_pdf_text_is_scanned(tmp_path, site_dir, monkeypatch, reader):
    if reader == "pypdf":  # no poppler: the pure-Python fallback
        monkeypatch.setattr("scripts.check.banned.shutil.which", lambda name: None)
    site = mini_site(site_dir, tmp_path / "site")
    (site / "downloads").mkdir(exist_ok=True)
    (site / "downloads" / "seeded.pdf").write_bytes(tiny_pdf(["Page one is fine.", f"{BANNED} on page two."]))
    code, out, _ = run_check(ROOT, "banned", site=site)
    assert code == 1
    assert has_finding(out, f"{site}/downloads/seeded.pdf:2:1", "BANNED"), out


def test_allowlists_may_not_contain_a_banned_term(tmp_path, site_dir):
    root = copy_project(tmp_path / "project")
    wordlist = root / ".spelling-wordlist.txt"
    wordlist.write_text(wordlist.read_text(encoding="utf-8") + f"{BANNED}\n", encoding="utf-8")
    code, out, _ = run_check(root, "banned", site=site_dir)
    assert code == 1
    line = line_of(wordlist, BANNED)
    assert has_finding(out, f".spelling-wordlist.txt:{line}:1", "BANNED"), out


def test_no_inline_comment_silences_it(tmp_path, site_dir):
    root = copy_project(tmp_path / "project")
    page = root / "docs" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{BANNED} <!-- codespell:ignore --> <!-- noqa -->\n", encoding="utf-8")
    code, out, _ = run_check(root, "banned", site=site_dir)
    assert code == 1 and has_finding(out, f"docs/about.md:{line_of(page, 'codespell:ignore')}:1", "BANNED"), out


def test_letter_boundaries():
    regex = pattern(BANNED)
    for text in (BANNED, BANNED.upper(), BANNED.lower() + "'s", BANNED + "’s", BANNED + "-induced", f"({BANNED})", f"x_{BANNED}"):
        assert regex.search(text), text
    for text in ("X" + BANNED, BANNED + "ian", "Baclofen"):
        assert not regex.search(text), text


def test_correction_keeps_the_case_style():
    assert corrected(BANNED, "Baclofen") == "Baclofen"
    assert corrected(BANNED.upper(), "Baclofen") == "BACLOFEN"
    assert corrected(BANNED.lower(), "Baclofen") == "baclofen"


def test_sources_are_byte_identical_after_a_run_without_fix(seeded, tmp_path):
    """Every gate, as `make check` runs them (--build: the build gate builds into the site dir)."""
    before = snapshot(seeded)
    out_site = tmp_path / "out"
    code, out, err = run_check(seeded, "--build", site=out_site)
    assert code == 1, err
    assert (out_site / "index.html").is_file() and (out_site / "print_page" / "index.html").is_file()
    assert "FK grade" in out  # the site gates ran on the new build
    assert snapshot(seeded) == before


def test_fix_rewrites_the_sources(tmp_path, site_dir):
    root = copy_project(tmp_path / "project")
    page = root / "docs" / "about.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + f"\n{BANNED} and {BANNED.upper()} and {BANNED.lower()}'s {BANNED}-induced.\n", encoding="utf-8")
    code, out, err = run_check(root, "banned", "--fix", site=site_dir)
    assert code == 0, out + err
    assert page.read_text(encoding="utf-8") == original + "\nBaclofen and BACLOFEN and baclofen's Baclofen-induced.\n"
    assert "fixed" in out
    code, out, _ = run_check(root, "banned", site=site_dir)
    assert code == 0, out



def tiny_pdf(pages: list[str]) -> bytes:
    """A minimal valid PDF with one line of text per page (for the PDF scan)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for text in pages:
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET"
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        content = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R /Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(len(objects))
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out
