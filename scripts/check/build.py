"""Gate: `mkdocs build --strict` succeeds with no warning; each warning becomes a finding.

Why: MkDocs validates nav, links and anchors in the Markdown (mkdocs.yml's
`validation:` block turns each problem into a warning) and `--strict` fails on
any warning. This gate runs that build into a temporary folder (never over
the site being checked; with `--build`, as in `make check`, into the --site
folder, so one build serves every gate) and turns each warning or error into a finding at
the source line, so "Doc file 'x.md' contains a link 'y.md#z'..." points at
the line with the link. Never run it with -q (hides warnings and exits 0) or
--verbose (silently skips anchor validation).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.check import built
from scripts.check.context import encoding_finding
from scripts.check.report import Finding

ID = "BUILD"
DESCRIPTION = "mkdocs build --strict (link, anchor and nav validation): any warning fails"

LOG_LINE = re.compile(r"^(?P<level>WARNING|ERROR)\s+-\s+(?P<msg>.*)$")
DOC_FILE = re.compile(r"""^Doc file '(?P<doc>[^']+)' contains (?:a|an \w+) link '(?P<link>[^']+)'""")
READING_PAGE = re.compile(r"""^Error reading page '(?P<doc>[^']+)': (?P<msg>.*)$""")
SNIPPET = re.compile(r"""Snippet at path '(?P<snippet>[^']+)' could not be found""")
ENCODING = re.compile(r"""^Encoding error reading file: (?P<doc>.+)$""")
QUOTED_DOC = re.compile(r"""'(?P<doc>[^'\s]+\.md)'""")


def mkdocs_build(root: Path, config: Path, dest: Path) -> subprocess.CompletedProcess:
    """A strict build of the project at `root` into `dest` (run from `root`: snippet paths are relative)."""
    cmd = [
        sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
        "--config-file", str(config), "--site-dir", str(dest),
    ]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, check=False)


def _place(ctx, doc: str, *needles: str) -> tuple[str, int, int]:
    source = ctx.docs / doc
    for needle in needles:
        place = built.find_in_source(ctx, source, needle)
        if place:
            return ctx.rel(source), place[0], place[1]
    return ctx.rel(source if source.exists() else ctx.mkdocs_yml), 1, 1


def parse_log(ctx, stderr: str) -> list[Finding]:
    findings = []
    for raw in stderr.splitlines():
        match = LOG_LINE.match(raw.strip())
        if not match:
            continue
        message = match["msg"].strip()
        doc_link = DOC_FILE.match(message)
        reading = READING_PAGE.match(message)
        encoding = ENCODING.match(message)
        if doc_link:
            link = doc_link["link"]
            where = _place(ctx, doc_link["doc"], f"({link})", f"({link} ", f"<{link}>", f'"{link}"', link)
            detail = message.split(", but ", 1)[1] if ", but " in message else message
            findings.append(Finding(*where, ID, f"link '{link}': {detail.rstrip('.')}"))
        elif encoding:
            path = ctx.docs / encoding["doc"].strip()
            data = path.read_bytes() if path.is_file() else b""
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                findings.append(encoding_finding(ctx, path, data, exc.start))
        elif reading:
            snippet = SNIPPET.search(reading["msg"])
            if "codec can't decode" in reading["msg"]:
                continue  # reported by the "Encoding error" line
            if snippet:
                name = snippet["snippet"]
                where = _place(ctx, reading["doc"], name)
                if where[1] == 1 and where[2] == 1:  # maybe in a snippet that the page includes
                    where = _snippet_place(ctx, name) or where
                findings.append(Finding(*where, ID, f"missing snippet '{name}' (no such file under docs/includes/)"))
            else:
                findings.append(Finding(*_place(ctx, reading["doc"]), ID, reading["msg"]))
        else:
            doc = QUOTED_DOC.search(message)
            where = _place(ctx, doc["doc"]) if doc and (ctx.docs / doc["doc"]).is_file() else (ctx.rel(ctx.mkdocs_yml), 1, 1)
            findings.append(Finding(*where, ID, message))
    return findings


def _snippet_place(ctx, name: str) -> tuple[str, int, int] | None:
    for path in ctx.markdown_files():
        place = built.find_in_source(ctx, path, name)
        if place:
            return ctx.rel(path), place[0], place[1]
    return None


def run(ctx) -> list[Finding]:
    if ctx.build_into is not None:  # `make check`: this IS the site build the other gates check
        result = mkdocs_build(ctx.root, ctx.mkdocs_yml, ctx.build_into)
        # Strict mode writes the whole site, then aborts on warnings; an exception stops it midway.
        ctx.build_completed = (ctx.build_into / "index.html").is_file() and (
            result.returncode == 0 or ("Aborted with" in result.stderr and "Traceback" not in result.stderr)
        )
    else:
        with tempfile.TemporaryDirectory(prefix="check-build-") as tmp:
            result = mkdocs_build(ctx.root, ctx.mkdocs_yml, Path(tmp) / "site")
    findings = parse_log(ctx, result.stderr)
    if result.returncode != 0 and not findings:
        lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
        last = lines[-1] if lines else f"exit status {result.returncode}"
        findings.append(Finding(ctx.rel(ctx.mkdocs_yml), 1, 1, ID, f"mkdocs build failed: {last}"))
    return findings
