"""MkDocs hook: render the glossary page from the one list of term definitions.

Why: `docs/includes/abbreviations.md` holds every glossary term once, as
`*[term]: definition` lines. The abbr extension turns them into hover
definitions on every page; this hook also lists them, sorted, on the Glossary
page wherever it finds the marker below, so the two can never drift apart.
"""

from __future__ import annotations

import re
from pathlib import Path

MARKER = "<!-- glossary-terms -->"
ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.+?)\s*$")


def read_terms(path: Path) -> list[tuple[str, str]]:
    """Return (term, definition) pairs from an abbreviations file, sorted by term."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = ABBREVIATION.match(line)
        if match:
            pairs.append((match["term"], match["definition"]))
    return sorted(pairs, key=lambda pair: pair[0].casefold())


def render(pairs: list[tuple[str, str]]) -> str:
    """Render the terms as a Markdown definition list."""
    return "\n".join(f"{term}\n:   {definition}\n" for term, definition in pairs)


def on_page_markdown(markdown, page, config, files):  # noqa: ARG001 (MkDocs hook signature)
    if MARKER not in markdown:
        return markdown
    source = Path(config["docs_dir"]) / "includes" / "abbreviations.md"
    return markdown.replace(MARKER, render(read_terms(source)))
