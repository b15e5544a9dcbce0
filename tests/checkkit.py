"""Helpers for the quality-gate tests: a temporary copy of the project, a build of it, a run of the gates.

Why: every gate test seeds a defect into a COPY of the project (never the real
docs/) and asserts the exact `path:line` of the finding. The gates take their
roots from the command line (`--root`, `--site`), so the same code that runs
in `make check` runs here. Builds are slow (about 2 s), so tests share them
through module- or session-scoped fixtures.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import tarfile
from pathlib import Path

from scripts.check.build import mkdocs_build
from scripts.check.runner import main
from scripts.project import ROOT

# What a build and every gate need: sources, templates, hooks, rules and tool configs.
PROJECT_FILES = (
    "docs",
    "overrides",
    "scripts",
    "mkdocs.yml",
    "content-rules.yml",
    ".pyspelling.yml",
    ".spelling-wordlist.txt",
    ".pymarkdown.yml",
)
BANNED = "Bach" + "ofen"  # built at run time: the misspelling appears in no test source as a word


def copy_project(dest: Path) -> Path:
    """A copy of the project's committed files (HEAD), so a half-saved page elsewhere cannot break a fixture.

    Falls back to the working tree when there is no git history (an exported tarball).
    """
    dest.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", "HEAD", *PROJECT_FILES], cwd=ROOT, capture_output=True, check=False
    )
    if archive.returncode == 0:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(dest, filter="data")
        return dest
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif source.is_file():
            shutil.copy2(source, dest / name)
    return dest


def build(root: Path, dest: Path | None = None) -> Path:
    dest = dest or root / "site"
    result = mkdocs_build(root, root / "mkdocs.yml", dest)
    assert result.returncode == 0, f"strict build of the test project failed:\n{result.stderr[-3000:]}"
    return dest


class _Capture(io.StringIO):
    encoding = "utf-8"  # pyspelling decodes aspell's output with sys.stdout's encoding


def run_check(root: Path, *args: str, site: Path | None = None) -> tuple[int, str, str]:
    """Run `python -m scripts.check` in-process; return (exit status, stdout, stderr)."""
    out, err = _Capture(), _Capture()
    argv = ["--root", str(root), "--site", str(site or root / "site"), *args]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing `needle`."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not found in {path}")


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def finding_lines(output: str, check_id: str) -> list[str]:
    return [line for line in output.splitlines() if f": {check_id}" in line]


def has_finding(output: str, where: str, check_id: str) -> bool:
    """True when a line starts with `where` ("docs/x.md:12" or "docs/x.md:12:3") and names check_id."""
    return any(line.startswith(where + ":") and f" {check_id}" in line for line in output.splitlines())


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "site" not in p.relative_to(root).parts[:1] and "__pycache__" not in p.parts
    }


# --- One seeded project, built once per test session ------------------------------------
# Defects for several gates are seeded into one copy (each in its own place),
# so the slow build happens once. Tests look up the exact lines with line_of().
_SEEDED: dict[str, Path] = {}
TINY_GIF = "data:image/gif;base64,R0lGODlhAQABAAAAACw="

SEED_DOSING = f"""

## Seeded {BANNED} heading

| Medicine | Note |
|---|---|
| {BANNED} tablets | seeded table cell |

!!! note "Seeded note"
    Do not confuse it with {BANNED.upper()}.

Read [the {BANNED.lower()} leaflet](https://www.nhs.uk/medicines/baclofen/).

![A {BANNED}’s tablet]({TINY_GIF})

Seeded {BANNED}-induced drowsiness.
"""

SEED_ABOUT = """

<p><a href="../nowhere-seeded/">seeded missing page</a></p>

<p><a href="../dosing/#no-such-seeded-anchor">seeded bad anchor</a></p>

Seeded [insecure link](http://www.nhs.uk/conditions/seeded/).

<div class="safety-statement" data-safety="seeded-statement" markdown>
Seeded alpha text without the other key word.
</div>
"""

SEED_SIDE_EFFECTS = """

Seeded [mirror](https://www.drugs.com/pro/baclofen-seeded.html).

Seeded [lookalike](https://nhs.uk.example.com/baclofen-seeded/).
"""

SEED_INTERACTIONS = """

<img src="https://tracker.example.com/seeded-pixel.gif" alt="">
"""

SEED_TEMPLATE = (
    '<a href="{{ \'seeded-missing.html\' | url }}">seeded template link</a>'
    '<script src="https://cdn.example.com/seeded.js"></script>'
)
SEED_RULES = """
  - page: about.md
    marker: seeded-statement
    what: a seeded statement
    words: [alpha, "beta|gamma"]
"""


def seed(root: Path) -> Path:
    """Write every seeded defect into the project copy at root."""
    docs = root / "docs"
    append(docs / "dosing.md", SEED_DOSING)
    append(docs / "about.md", SEED_ABOUT)
    append(docs / "side-effects.md", SEED_SIDE_EFFECTS)
    append(docs / "interactions.md", SEED_INTERACTIONS)
    # Front matter: the description of questions.md.
    questions = docs / "questions.md"
    text = questions.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("description:"))
    lines[index] = f'description: "Seeded questions about {BANNED} and its doses"\n'
    questions.write_text("".join(lines), encoding="utf-8")
    # Nav title in mkdocs.yml.
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - Dosing: dosing.md" in text, "mkdocs.yml nav changed: update the seed"
    config.write_text(text.replace("  - Dosing: dosing.md", f"  - {BANNED} dosing: dosing.md"), encoding="utf-8")
    # A template in overrides/ (scanned as a source) and links/scripts in main.html's content block.
    (root / "overrides" / "partials" / "seeded.html").write_text(f"<p>Seeded {BANNED} partial</p>\n", encoding="utf-8")
    main = root / "overrides" / "main.html"
    text = main.read_text(encoding="utf-8")
    assert "{% block content %}" in text, "overrides/main.html changed: update the seed"
    main.write_text(text.replace("{% block content %}", "{% block content %}\n  " + SEED_TEMPLATE, 1), encoding="utf-8")
    # A stylesheet that imports from another host.
    append(docs / "assets" / "stylesheets" / "extra.css", '\n@import url("https://fonts.example.com/seeded.css");\n')
    # A stylesheet that refers to a local file that does not exist.
    append(docs / "assets" / "stylesheets" / "extra.css", '.seeded { background: url("../images/seeded-missing.png"); }\n')
    # A file name.
    (docs / "includes" / f"{BANNED.lower()}-seeded.md").write_text("Seeded file name.\n", encoding="utf-8")
    # The rules: one extra required statement.
    rules = root / "content-rules.yml"
    text = rules.read_text(encoding="utf-8")
    marker = "required_statements:\n"
    rules.write_text(text.replace(marker, marker + SEED_RULES.lstrip("\n"), 1), encoding="utf-8")
    return root


def seeded_project(tmp_path_factory) -> Path:
    """The seeded project, built into root/site (once per session)."""
    if "root" not in _SEEDED:
        root = seed(copy_project(tmp_path_factory.mktemp("seeded") / "project"))
        build(root)
        _SEEDED["root"] = root
    return _SEEDED["root"]


def mini_site(site_dir: Path, dest: Path, *files: str) -> Path:
    """A small copy of the built site: index.html plus the named files (tests tamper with a copy, never the session build)."""
    for name in ("index.html", *files):
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(site_dir / name, target)
    return dest
