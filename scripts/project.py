"""Shared facts about the project: where things are, the MkDocs config, the nav, front matter.

Why: the hooks, the quality gates, the PDF script and the tests all need the
same answers (which pages are in the nav, in what order; what a page's front
matter says). They get them here, so there is one implementation to trust.
Errors are raised as `ProjectError` with a one-line message, never a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_YML = ROOT / "mkdocs.yml"
DOCS = ROOT / "docs"
OVERRIDES = ROOT / "overrides"
RULES_YML = ROOT / "content-rules.yml"

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?---[ \t]*\n", re.DOTALL)


class ProjectError(Exception):
    """A problem with the project's own files, reported as one line (path: message)."""


class _Loader(yaml.SafeLoader):
    """SafeLoader that tolerates MkDocs' `!ENV` and `!relative` tags (kept as plain values)."""


def _tag_value(loader, suffix, node):  # noqa: ARG001
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        seq = loader.construct_sequence(node)
        return seq[-1] if seq else None  # !ENV [NAME, default] -> default
    return loader.construct_mapping(node)


_Loader.add_multi_constructor("!", _tag_value)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _tag_value)


def rel(path: Path) -> str:
    """Path relative to the repository root when it is inside it, else as given."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, or raise ProjectError with a one-line reason."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProjectError(f"{rel(path)}: file not found") from None
    except UnicodeDecodeError as exc:
        raise ProjectError(f"{rel(path)}: not valid UTF-8 (byte {exc.start})") from None


def load_yaml(path: Path):
    """Parse a YAML file (MkDocs tags allowed), or raise ProjectError naming the line."""
    try:
        return yaml.load(read_text(path), Loader=_Loader)  # noqa: S506 (SafeLoader subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ProjectError(f"{rel(path)}{where}: invalid YAML: {problem}") from None


def load_mkdocs_config(path: Path = MKDOCS_YML) -> dict:
    config = load_yaml(path)
    if not isinstance(config, dict):
        raise ProjectError(f"{rel(path)}: expected a mapping at the top level")
    return config


@dataclass(frozen=True)
class NavPage:
    title: str
    src: str  # path relative to docs/, for example "dosing.md"

    @property
    def path(self) -> Path:
        return DOCS / self.src

    @property
    def url(self) -> str:
        """Directory-style URL relative to the site root ("" for the home page)."""
        stem = self.src[:-3]
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            stem = stem[: -len("/index")]
        return stem + "/"

    @property
    def built(self) -> str:
        """The built HTML file, relative to the site directory."""
        return self.url + "index.html"


def nav_pages(config: dict | None = None) -> list[NavPage]:
    """Pages in nav order (nested sections flattened), external links skipped."""
    config = config if config is not None else load_mkdocs_config()
    pages: list[NavPage] = []

    def walk(items):
        for item in items or []:
            if isinstance(item, str):
                pages.append(NavPage(Path(item).stem, item))
            elif isinstance(item, dict):
                for title, target in item.items():
                    if isinstance(target, list):
                        walk(target)
                    elif isinstance(target, str) and target.endswith(".md"):
                        pages.append(NavPage(str(title), target))

    walk(config.get("nav"))
    return pages


@dataclass(frozen=True)
class Page:
    path: Path
    meta: dict
    body: str
    body_line: int  # 1-based line number of the first body line in the file


def read_page(path: Path) -> Page:
    """Split a Markdown page into front matter and body, or raise ProjectError."""
    text = read_text(path)
    match = FRONT_MATTER.match(text)
    if not match:
        raise ProjectError(f"{rel(path)}:1:1: missing YAML front matter (a block between '---' lines)")
    try:
        meta = yaml.safe_load(match["yaml"] or "") or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for the opening '---', +1 for 1-based
        col = mark.column + 1 if mark else 1
        problem = getattr(exc, "problem", None) or "cannot parse"
        raise ProjectError(f"{rel(path)}:{line}:{col}: invalid YAML front matter: {problem}") from None
    if not isinstance(meta, dict):
        raise ProjectError(f"{rel(path)}:2:1: front matter must be a mapping of keys to values")
    body_line = text[: match.end()].count("\n") + 1
    return Page(Path(path), meta, text[match.end():], body_line)
