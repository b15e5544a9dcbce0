"""MkDocs hook: urgent-help boxes are announced by their title; quieter link names.

Why: the emergency, urgent and routine boxes (custom admonitions) are plain
<div>s; a screen reader reads their title as an ordinary paragraph and gives no
cue that a box starts or ends. This hook gives each box `role="note"` and
`aria-labelledby` pointing at its title, so it is announced as "note, Call your
local emergency number now if:". Collapsible boxes (<details>) already announce
their <summary>. Ids are prefixed with the page, so they stay unique on the
print page, which joins every page. It runs before print-site (priority 50), so
the print page gets the same markup.

Heading permalinks ("Link to this section") and footnote back-links ("Jump back
to footnote 1 in the text") carry their name as a `title`. Material's
content.tooltips turns every `title` in the article into a tooltip at page load
(about 100 on a long page: the main cost in Lighthouse's blocking time). Their
name moves to `aria-label`: screen readers announce the same words, and the
tooltips are kept for what readers hover on purpose, the glossary terms.
"""

from __future__ import annotations

import re

from mkdocs.plugins import event_priority

URGENT_TYPES = ("emergency", "urgent", "routine")
BOX = re.compile(
    r'<div class="admonition (?P<type>' + "|".join(URGENT_TYPES) + r')(?P<more>[^"]*)">\s*'
    r'<p class="admonition-title">'
)


def label_boxes(html: str, prefix: str) -> str:
    count = 0

    def repl(m: re.Match) -> str:
        nonlocal count
        count += 1
        ident = f"{prefix}-{m['type']}-{count}"
        return (
            f'<div class="admonition {m["type"]}{m["more"]}" role="note" aria-labelledby="{ident}">\n'
            f'<p class="admonition-title" id="{ident}">'
        )

    return BOX.sub(repl, html)


LINK_TITLE = re.compile(r'(<a class="(?:headerlink|footnote-backref)" href="[^"]*") title="')


def title_to_label(html: str) -> str:
    return LINK_TITLE.sub(r'\1 aria-label="', html)


@event_priority(50)
def on_page_content(html, page, config, files, **kwargs):
    prefix = re.sub(r"[^a-z0-9]+", "-", page.file.src_uri[:-3].lower()).strip("-") or "page"
    return title_to_label(label_boxes(html, f"help-{prefix}"))
