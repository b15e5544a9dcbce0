"""The built site as the gates see it: pages, their sources, their visible text.

Why: several gates judge the BUILT HTML (what readers get, whatever template,
snippet or hook produced it) but must report a place a contributor can edit.
This module maps a built file back to the source that produced it (a page in
docs/ through the nav, overrides/404.html for the 404 page, a page's section
of the print page), extracts the visible article text, and finds the line in
the source for a finding when the offending text can be found there; otherwise
the finding names the built file and the line in it.
"""

from __future__ import annotations

import copy
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from scripts.check.rules import UsageError
from scripts.project import NavPage

PRINT_PAGE = "print_page/index.html"
# Parts of the article that are not the page's own prose.
NOT_PROSE = (
    "#medical-disclaimer, .md-review, .md-disclaimer, .headerlink, .footnote, sup[id^=fnref], "
    "script, style, svg, .md-source-file, .md-content__button, nav, .print-site-toc, #print-site-cover-page"
)
BLOCKS = ("p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "summary", "blockquote", "caption")
SENTENCE_END = re.compile(r"[.!?:;…][\"'”’)\]]*$")


@dataclass
class BuiltPage:
    path: Path  # the built file
    rel: str  # relative to the site dir, e.g. "dosing/index.html"
    source: Path | None  # the file that produced it, when known
    _soup: BeautifulSoup | None = field(default=None, repr=False)

    @property
    def is_print(self) -> bool:
        return self.rel == PRINT_PAGE

    def soup(self) -> BeautifulSoup:
        if self._soup is None:
            self._soup = parse(self.path)
        return self._soup

    def article(self) -> Tag | None:
        return self.soup().select_one("article.md-content__inner") or self.soup().select_one("article")


_PARSED: dict[tuple, BeautifulSoup] = {}
_PARSING: dict[tuple, threading.Lock] = {}
_PARSED_LOCK = threading.Lock()


def parse(path: Path) -> BeautifulSoup:
    """Parse a built HTML file once per process (keyed by path, size and mtime; gates only read the tree).

    Gates run in threads: a per-file lock makes a second gate wait for the
    first one's parse instead of parsing the same file again.
    """
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    with _PARSED_LOCK:
        if key in _PARSED:
            return _PARSED[key]
        lock = _PARSING.setdefault(key, threading.Lock())
    with lock:
        with _PARSED_LOCK:
            if key in _PARSED:
                return _PARSED[key]
        soup = BeautifulSoup(path.read_text(encoding="utf-8", errors="replace"), "html.parser")
        with _PARSED_LOCK:
            if len(_PARSED) > 400:  # a long test session: keep memory bounded
                _PARSED.clear()
                _PARSING.clear()
            _PARSED[key] = soup
    return soup


def require_site(ctx) -> None:
    if not (ctx.site / "index.html").is_file():
        raise UsageError(f"{ctx.rel(ctx.site)}: no built site here (run `make site`, or pass --site DIR)")


def source_map(ctx) -> dict[str, Path]:
    """Built file (relative to the site) -> the source that produced it."""

    def make():
        mapping: dict[str, Path] = {}
        for path in ctx.page_files():
            src = ctx.page_src(path)
            mapping[NavPage(Path(src).stem, src).built] = path
        for page in ctx.nav():  # nav entries win (same mapping, but also pages outside docs/ walk)
            mapping[page.built] = ctx.docs / page.src
        if (ctx.overrides / "404.html").is_file():
            mapping["404.html"] = ctx.overrides / "404.html"
        return mapping

    return ctx._cached("source_map", make)


def pages(ctx) -> list[BuiltPage]:
    """Every built HTML page (404 and print page included), parsed lazily, in a stable order."""

    def make():
        require_site(ctx)
        sources = source_map(ctx)
        found = []
        for path in sorted(ctx.site.rglob("*.html")):
            rel = path.relative_to(ctx.site).as_posix()
            found.append(BuiltPage(path, rel, sources.get(rel)))
        return found

    return ctx._cached("built_pages", make)


def page_for_source(ctx, src: str) -> BuiltPage | None:
    built = NavPage(Path(src).stem, src).built
    for page in pages(ctx):
        if page.rel == built:
            return page
    return None


def print_section_source(ctx, tag: Tag) -> Path | None:
    """For a tag inside the print page, the source page of its section."""
    section = tag.find_parent("section", class_="print-page")
    while section is not None and not section.get("id"):
        section = section.find_parent("section", class_="print-page")
    if section is None:
        return None
    wanted = section["id"]
    for path in ctx.page_files():
        src = ctx.page_src(path)
        url = NavPage(Path(src).stem, src).url.strip("/")
        if (url or "index").replace("/", "-") == wanted or f"section-{url.replace('/', '-')}" == wanted:
            return path
    return None


def prose_blocks(article: Tag) -> list[str]:
    """Visible prose of an article as blocks (paragraphs, list items, cells, headings...).

    Each block ends with sentence punctuation, so a heading or list item is not
    glued to the next one into one long "sentence" by a readability formula.
    """
    article = copy.copy(article)
    for junk in article.select(NOT_PROSE):
        junk.decompose()
    blocks = []
    for tag in article.find_all(BLOCKS):
        if tag.find(BLOCKS):  # an outer block: its inner blocks are taken on their own
            parts = [s for s in tag.find_all(string=True, recursive=False)]
            text = " ".join(" ".join(parts).split())
        else:
            text = " ".join(tag.get_text(" ").split())
        text = re.sub(r"\s+([.,;:!?)])", r"\1", text)
        if not text:
            continue
        if not SENTENCE_END.search(text):
            text += "."
        blocks.append(text)
    return blocks


CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]*)\1\s*\)|@import\s+(['"])(?P<imp>[^'"]+)\3""", re.IGNORECASE)


def css_urls(text: str):
    """(line, col, url) of each url() and @import in CSS text."""
    for match in CSS_URL.finditer(text):
        url = match["url"] if match["url"] is not None else match["imp"]
        if url:
            line = text.count("\n", 0, match.start()) + 1
            col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            yield line, col, url.strip()


def normalise(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").split()).casefold()


def find_in_source(ctx, source: Path | None, needle: str) -> tuple[int, int] | None:
    """(line, col) of the first line of `source` containing `needle` (case-insensitive)."""
    if source is None or not needle:
        return None
    text = ctx.read(source)
    if text is None:
        return None
    wanted = needle.casefold()
    for number, line in enumerate(text.splitlines(), 1):
        col = line.casefold().find(wanted)
        if col >= 0:
            return number, col + 1
    return None


def templates(ctx) -> list[Path]:
    return ctx._cached("templates", lambda: sorted(p for p in ctx.overrides.rglob("*") if p.is_file()) if ctx.overrides.is_dir() else [])


def template_needle(url: str) -> str | None:
    """The part of a built URL a template would spell out ("../downloads/x.pdf" -> "downloads/x.pdf")."""
    if "://" in url:
        return url if len(url) > 10 else None
    url = url.split("#", 1)[0].split("?", 1)[0]
    while url.startswith(("../", "./")):
        url = url[3:] if url.startswith("../") else url[2:]
    return url if ("/" in url or "." in url) and len(url) > 4 else None


def locate(ctx, page: BuiltPage, tag: Tag | None = None, needles: tuple[str, ...] = ()) -> tuple[str, int, int]:
    """Where to report a finding about `tag` (or the page) in a built file.

    The page's source (or, on the print page, its section's source) when one of
    the needles is found there; else a template in overrides/ that spells out
    the URL; otherwise the built file at the tag's line.
    """
    source = page.source
    if page.is_print and tag is not None:
        source = print_section_source(ctx, tag) or source
    for needle in needles:
        place = find_in_source(ctx, source, needle)
        if place:
            return ctx.rel(source), place[0], place[1]
    for needle in filter(None, map(template_needle, needles)):
        for template in templates(ctx):
            if template != source:
                place = find_in_source(ctx, template, needle)
                if place:
                    return ctx.rel(template), place[0], place[1]
    if tag is not None and getattr(tag, "sourceline", None):
        return ctx.rel(page.path), tag.sourceline, (tag.sourcepos or 0) + 1
    return ctx.rel(page.path), 1, 1
