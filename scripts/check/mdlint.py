"""Gate: Markdown lint of docs/ with pymarkdownlnt, configured for MkDocs-Material (.pymarkdown.yml).

Why: consistent Markdown renders predictably (headings in order, one H1,
blank lines around lists and fences, no bare URLs...), which matters for the
table of contents, screen readers and the print page. The configuration turns
off what misfires on Material syntax (admonitions, tabs) and says why. Pages
whose front matter does not parse are skipped (that is reported once, by the
front-matter check). Snippets in docs/includes/ are linted too, without the
"first line must be a heading" rule (a snippet is part of a page). Results
per file are cached in .cache/check/ by content, so only edited files are
linted again.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from scripts.check.report import Finding
from scripts.check.rules import UsageError

ID = "MDLINT"
DESCRIPTION = "Markdown lint (pymarkdownlnt, .pymarkdown.yml tuned for Material)"

CONFIG = ".pymarkdown.yml"


FAILURE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<rule>[A-Za-z]+\d+): (?P<message>.*)$")


def _scan(config: Path, files: list[Path]) -> subprocess.Popen | None:
    """Start pymarkdown on the files in its own process (it is CPU-bound: this keeps it off the GIL)."""
    if not files:
        return None
    cmd = [sys.executable, "-m", "pymarkdown", "--config", str(config), "scan", *map(str, files)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _results(ctx, process: subprocess.Popen | None) -> list[Finding]:
    if process is None:
        return []
    stdout, stderr = process.communicate()
    findings = []
    for raw in stdout.splitlines():
        match = FAILURE.match(raw.strip())
        if match:
            message = match["message"]
            rule_name = re.search(r"\(([^()]*)\)$", message)
            if rule_name:
                message = message[: rule_name.start()].rstrip() + f" ({rule_name[1].split(',')[0]})"
            findings.append(
                Finding(ctx.rel(Path(match["path"])), int(match["line"]), int(match["col"]), f"{ID}-{match['rule'].upper()}", message)
            )
    if process.returncode not in (0, 1) or (process.returncode and not findings):
        last = (stderr.strip().splitlines() or stdout.strip().splitlines() or [f"exit status {process.returncode}"])[-1]
        raise UsageError(f"pymarkdown failed: {last}")
    return findings


def run(ctx) -> list[Finding]:
    from importlib.metadata import version

    from scripts.check.cache import Cache, key

    config = ctx.root / CONFIG
    if not config.is_file():
        raise UsageError(f"{CONFIG}: not found (the Markdown lint configuration)")
    includes = ctx.docs / "includes"
    pages = [p for p in ctx.page_files() if ctx.page(p) is not None]
    snippets = [p for p in ctx.markdown_files() if includes in p.parents and ctx.read(p) is not None]
    # Results per file are cached by (pymarkdown version, configuration, file content).
    cache = Cache("mdlint")
    salt = key(version("pymarkdownlnt"), config.read_bytes())
    keys = {path: key(salt, path.read_bytes()) for path in pages + snippets}
    todo = [path for path in pages + snippets if cache.get(keys[path]) is None]
    fresh = _results(ctx, _scan(config, todo))
    by_file: dict[str, list] = {ctx.rel(path): [] for path in todo}
    for f in fresh:
        by_file.setdefault(f.path, []).append([f.line, f.col, f.check_id, f.message])
    for path in todo:
        cache.put(keys[path], by_file[ctx.rel(path)])
    cache.save()
    findings = [
        Finding(ctx.rel(path), line, col, check_id, message)
        for path in pages + snippets
        for line, col, check_id, message in cache.get(keys[path])
    ]
    # A snippet is part of a page: it need not start with a heading (MD041).
    shown = {ctx.rel(p) for p in snippets}
    return [f for f in findings if not (f.path in shown and f.check_id == f"{ID}-MD041")]
