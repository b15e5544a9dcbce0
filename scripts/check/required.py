"""Gate: required text is present in the BUILT pages: the disclaimer and the safety statements.

Why: readers must always see (a) the medical disclaimer, on every page, the
404 page and the print page, with the canonical words from mkdocs.yml
(extra.disclaimer), and (b) the safety statements each page must carry
(content-rules.yml: page, data-safety marker, key words). The check reads the
built HTML, so it holds whatever template, snippet or hook produces the text.
Rewording a statement is fine; deleting it, or dropping a key word such as the
emergency numbers, fails.
"""

from __future__ import annotations

import re

from scripts.check import built
from scripts.check.report import Finding

ID = "REQUIRED"
DESCRIPTION = "disclaimer (#medical-disclaimer, canonical text) on every built page; safety statements per page"
NEEDS_SITE = True


def _words(text: str) -> str:
    return built.normalise(text)


def word_present(word: str, text: str) -> bool:
    """`word` at the start of a word in `text` (case-insensitive): "pregnan" matches "pregnancy"."""
    return re.search(rf"(?<!\w){re.escape(_words(word))}", text) is not None


def check_disclaimer(ctx, page: built.BuiltPage, title: str, text: str) -> list[Finding]:
    soup = page.soup()
    elements = soup.select("#medical-disclaimer")
    source = page.source or ctx.overrides / "partials" / "disclaimer.html"
    place = (ctx.rel(page.path), 1, 1) if page.is_print or page.source is None else (ctx.rel(source), 1, 1)
    if not elements:
        return [Finding(*place, ID, f"built page {page.rel} has no disclaimer (an element with id=\"medical-disclaimer\")")]
    shown = _words(elements[0].get_text(" "))
    missing = [name for name, canonical in (("title", title), ("text", text)) if canonical and _words(canonical) not in shown]
    if missing:
        return [
            Finding(
                *place,
                ID,
                f"built page {page.rel}: the disclaimer's {' and '.join(missing)} differ from mkdocs.yml extra.disclaimer",
            )
        ]
    return []


def check_statement(ctx, statement) -> list[Finding]:
    source = ctx.docs / statement.page
    where = ctx.rel(source)
    page = built.page_for_source(ctx, statement.page)
    if page is None:
        return [Finding(where, 1, 1, ID, f"page not found in the built site, so safety statement '{statement.marker}' is missing")]
    element = page.soup().select_one(f'[data-safety="{statement.marker}"]')
    if element is None:
        return [
            Finding(
                where,
                1,
                1,
                ID,
                f"missing safety statement '{statement.marker}' ({statement.what}): "
                f'wrap it in <div class="safety-statement" data-safety="{statement.marker}" markdown>',
            )
        ]
    text = _words(element.get_text(" "))
    place = built.find_in_source(ctx, source, f'data-safety="{statement.marker}"') or (1, 1)
    findings = []
    for alternatives in statement.words:
        if not any(word_present(word, text) for word in alternatives):
            wanted = " or ".join(f'"{w}"' for w in alternatives)
            findings.append(
                Finding(where, place[0], place[1], ID, f"safety statement '{statement.marker}' no longer says {wanted}")
            )
    return findings


def run(ctx) -> list[Finding]:
    findings = []
    disclaimer = (ctx.config().get("extra") or {}).get("disclaimer") or {}
    title, text = str(disclaimer.get("title") or ""), str(disclaimer.get("text") or "")
    if not text:
        findings.append(Finding(ctx.rel(ctx.mkdocs_yml), 1, 1, ID, "extra.disclaimer.text is missing: it is the one source of the disclaimer"))
    for page in built.pages(ctx):
        findings += check_disclaimer(ctx, page, title, text)
    if not any(p.is_print for p in built.pages(ctx)):
        findings.append(Finding(ctx.rel(ctx.mkdocs_yml), 1, 1, ID, f"no print page ({built.PRINT_PAGE}) in the built site"))
    for statement in ctx.rules.required_statements:
        findings += check_statement(ctx, statement)
    return findings
