"""What every gate is given: the project's roots, the built site, the rules, options.

Why: gates never hard-code paths. Tests point a Context at a temporary copy of
the project (docs/, overrides/, mkdocs.yml, content-rules.yml) and its own
build, and the same code runs. The Context also reads source files once for
all gates: a file that is not UTF-8, or a page whose front matter does not
parse, becomes ONE finding (not one per gate) and the gates skip it.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from scripts.check.report import Finding
from scripts.check.rules import Rules
from scripts.project import NavPage, Page, ProjectError, load_mkdocs_config, nav_pages, read_page

INPUT = "INPUT"


@dataclass
class Context:
    root: Path
    site: Path
    rules: Rules
    fix: bool = False
    strict_review: bool = False
    today: date = field(default_factory=date.today)
    build_into: Path | None = None  # --build: the build gate writes the site here (else a temp dir)
    build_completed: bool = True  # False when that build stopped before writing the site
    problems: dict = field(default_factory=dict)  # key -> Finding, reported once by the runner
    notes: dict = field(default_factory=dict)  # gate ID -> lines printed after its findings
    _cache: dict = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock)

    # Paths -----------------------------------------------------------------
    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def overrides(self) -> Path:
        return self.root / "overrides"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    def rel(self, path: Path | str) -> str:
        """A path as the findings show it: relative to the project root when inside it."""
        path = Path(path)
        for base in (self.root, self.root.resolve()):
            try:
                return path.relative_to(base).as_posix()
            except ValueError:
                pass
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def note(self, gate_id: str, line: str) -> None:
        with self._lock:
            self.notes.setdefault(gate_id, []).append(line)

    def problem(self, finding: Finding) -> None:
        """Record a bad-input finding once, whichever gate meets it first."""
        with self._lock:
            self.problems.setdefault((finding.path, finding.check_id, finding.message), finding)

    def _cached(self, key, make):
        with self._lock:
            if key not in self._cache:
                self._cache[key] = make()
            return self._cache[key]

    # The MkDocs project ---------------------------------------------------------
    def config(self) -> dict:
        def make():
            try:
                return load_mkdocs_config(self.mkdocs_yml)
            except ProjectError as exc:
                self.problem(_finding_from_error(self, exc, self.mkdocs_yml, "CONFIG"))
                return {}

        return self._cached("config", make)

    def nav(self) -> list[NavPage]:
        return self._cached("nav", lambda: nav_pages(self.config()))

    def markdown_files(self) -> list[Path]:
        """Every Markdown file under docs/ (snippets in docs/includes/ too), sorted."""
        return self._cached("md", lambda: sorted(p for p in self.docs.rglob("*.md") if p.is_file()))

    def page_files(self) -> list[Path]:
        """Markdown pages (not snippets): docs/**/*.md outside docs/includes/."""
        includes = self.docs / "includes"
        return [p for p in self.markdown_files() if includes not in p.parents]

    def page_src(self, path: Path) -> str:
        """Source path relative to docs/ ("dosing.md")."""
        return path.relative_to(self.docs).as_posix()

    # Reading sources once ------------------------------------------------------
    def read(self, path: Path) -> str | None:
        """The file's text, or None (and one INPUT finding) when it is not UTF-8."""

        def make():
            data = Path(path).read_bytes()
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError as exc:
                self.problem(encoding_finding(self, path, data, exc.start))
                return None

        return self._cached(("read", str(path)), make)

    def page(self, path: Path) -> Page | None:
        """Front matter and body of a page, or None (and one finding) when it cannot be read."""

        def make():
            if self.read(path) is None:
                return None
            try:
                return read_page(path)
            except ProjectError as exc:
                self.problem(_finding_from_error(self, exc, path, "FRONTMATTER"))
                return None

        return self._cached(("page", str(path)), make)


def encoding_finding(ctx: Context, path: Path, data: bytes, offset: int) -> Finding:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return Finding(
        ctx.rel(path), line, col, INPUT, f"not valid UTF-8 (byte 0x{data[offset]:02x}): save the file as UTF-8"
    )


def _finding_from_error(ctx: Context, exc: ProjectError, path: Path, check_id: str) -> Finding:
    """Turn a ProjectError line ('path:line:col: message') into a Finding at that place."""
    message = str(exc)
    match = re.match(r"^(?P<path>.*?):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.*)$", message)
    if match:
        return Finding(ctx.rel(path), int(match["line"]), int(match["col"] or 1), check_id, match["msg"])
    for candidate in (str(path), ctx.rel(path)):
        if message.startswith(candidate + ": "):
            message = message[len(candidate) + 2 :]
            break
    return Finding(ctx.rel(path), 1, 1, check_id, message)
