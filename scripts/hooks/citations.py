"""MkDocs hook: separate citations that sit side by side.

Why: two footnote references in a row, `[^a][^b]`, render as superscripts that
run together ("34" instead of "3, 4"). A CSS sibling selector cannot tell them
apart from citations with words between them, so the comma is added here, once,
at the Markdown stage (the print page and PDFs get it too).
"""

from __future__ import annotations

import re

ADJACENT = re.compile(r"(\[\^[^\]\s]+\])(?=\[\^[^\]\s]+\](?!:))")
SEPARATOR = '<sup class="fn-sep">,</sup>'


def separate(markdown: str) -> str:
    """Insert a superscript comma between directly adjacent footnote references."""
    return ADJACENT.sub(lambda m: m.group(1) + SEPARATOR, markdown)


def on_page_markdown(markdown, page, config, files):  # noqa: ARG001 (MkDocs hook signature)
    return separate(markdown)
