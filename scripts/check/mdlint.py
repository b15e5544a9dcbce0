"""Gate: Markdown lint of docs/ with pymarkdownlnt, configured for MkDocs-Material (.pymarkdown.yml).

Why: consistent Markdown renders predictably (headings in order, one H1,
blank lines around lists and fences, no bare URLs...), which matters for the
table of contents, screen readers and the print page. The configuration turns
off what misfires on Material syntax (admonitions, tabs) and says why. Pages
whose front matter does not parse are skipped (that is reported once, by the
front-matter check). Snippets in docs/includes/ are linted too, without the
"first line must be a heading" rule (a snippet is part of a page).
"""

from __future__ import annotations

from pathlib import Path

from scripts.check.report import Finding
from scripts.check.rules import UsageError

ID = "MDLINT"
DESCRIPTION = "Markdown lint (pymarkdownlnt, .pymarkdown.yml tuned for Material)"

CONFIG = ".pymarkdown.yml"


def _scan(config: Path, files: list[Path], disable: tuple[str, ...] = ()):
    from pymarkdown.api import PyMarkdownApi, PyMarkdownApiException

    failures = []
    for path in files:
        api = PyMarkdownApi().configuration_file_path(str(config))
        for rule in disable:
            api.disable_rule_by_identifier(rule)
        try:
            failures += api.scan_path(str(path)).scan_failures
        except PyMarkdownApiException as exc:
            failures.append((path, str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
    return failures


def run(ctx) -> list[Finding]:
    config = ctx.root / CONFIG
    if not config.is_file():
        raise UsageError(f"{CONFIG}: not found (the Markdown lint configuration)")
    includes = ctx.docs / "includes"
    pages = [p for p in ctx.page_files() if ctx.page(p) is not None]
    snippets = [p for p in ctx.markdown_files() if includes in p.parents and ctx.read(p) is not None]
    findings = []
    for failure in _scan(config, pages) + _scan(config, snippets, ("md041",)):
        if isinstance(failure, tuple):
            path, message = failure
            findings.append(Finding(ctx.rel(path), 1, 1, ID, f"cannot lint: {message}"))
            continue
        extra = f" [{failure.extra_error_information}]" if failure.extra_error_information else ""
        findings.append(
            Finding(
                ctx.rel(Path(failure.scan_file)),
                failure.line_number,
                failure.column_number,
                f"{ID}-{failure.rule_id}",
                f"{failure.rule_description}{extra} ({failure.rule_name.split(',')[0]})",
            )
        )
    return findings
