"""Gate: banned terms (the drug-name misspelling first) appear nowhere a reader could see.

Why: the seed article misspelt the drug, and a misspelt drug name in a
medicines guide is a safety problem, not a typo. The terms and corrections
live in content-rules.yml. A term matches case-insensitively at letter
boundaries (so possessives, hyphenated compounds and capitals all count) in:
every text file under docs/ (front matter, headings, tables, admonitions,
link and alt text: the raw file), mkdocs.yml, overrides/, file and folder
names, the spelling allowlists, and the built site (HTML, search index,
sitemap) and its PDFs (text by poppler's pdftotext, or pypdf). Nothing silences it: no inline comment, no allowlist.
`--fix` rewrites the sources to the correction, keeping the case style.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

from scripts.check.report import Finding
from scripts.check.rules import BannedTerm

ID = "BANNED"
DESCRIPTION = "banned terms (drug-name misspelling) in sources, file names, built site, search index and PDFs"
NEEDS_SITE = True

# Allowlists and wordlists that must never contain a banned term.
ALLOWLISTS = (".spelling-wordlist.txt", ".codespell-ignore.txt", ".pyspelling.yml", ".codespellrc", ".pymarkdown.yml")
BINARY = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".woff", ".woff2", ".ttf", ".otf", ".pdf", ".zip", ".gz"}
TEXT = {".md", ".html", ".htm", ".yml", ".yaml", ".css", ".js", ".svg", ".txt", ".json", ".xml", ".tpl", ".toml"}
SITE_TEXT = {".html", ".json", ".xml", ".txt", ".css", ".svg", ".js"}
SKIP_SITE_DIRS = ("assets/javascripts/lunr",)  # third-party search language packs


def pattern(term: str) -> re.Pattern:
    # A "letter" is a word character that is not a digit or underscore.
    return re.compile(rf"(?<![^\W\d_]){re.escape(term)}(?![^\W\d_])", re.IGNORECASE)


def corrected(found: str, correction: str) -> str:
    """The correction in the case style of what was found."""
    if found.isupper():
        return correction.upper()
    if found.islower():
        return correction.lower()
    if found[:1].isupper() and found[1:].islower():
        return correction[:1].upper() + correction[1:].lower()
    return correction


def _message(term: BannedTerm, found: str, where: str = "") -> str:
    why = f" ({term.why})" if term.why else ""
    return f'"{found}"{where} is banned{why}: write "{corrected(found, term.correction)}"'


def scan_text(text: str, terms, compiled) -> list[tuple[int, int, BannedTerm, str]]:
    hits = []
    for number, line in enumerate(text.splitlines(), 1):
        for variants in (line, html.unescape(line)) if "&" in line else (line,):
            for term, regex in zip(terms, compiled):
                for match in regex.finditer(variants):
                    hits.append((number, match.start() + 1, term, match.group(0)))
            if hits and hits[-1][0] == number:
                break  # the raw line already matched: do not report the unescaped twin
    return hits


def _read_any(ctx, path: Path) -> str | None:
    """Text of a file for scanning: UTF-8, else replacement characters (banned terms are ASCII-safe)."""
    if path.suffix.lower() in BINARY:
        return None
    data = path.read_bytes()
    if b"\0" in data[:4096]:
        return None  # binary
    if path.suffix.lower() not in TEXT:  # some other file: scan it, but its encoding is not ours to judge
        return data.decode("utf-8", errors="replace")
    if ctx.read(path) is None:  # records the one INPUT finding, then scan anyway
        return data.decode("utf-8", errors="replace")
    return ctx.read(path)


def source_files(ctx) -> list[Path]:
    files = []
    for base in (ctx.docs, ctx.overrides):
        if base.is_dir():
            files += sorted(p for p in base.rglob("*") if p.is_file())
    if ctx.mkdocs_yml.is_file():
        files.append(ctx.mkdocs_yml)
    return files


def _fix_file(ctx, path: Path, terms, compiled) -> int:
    text = ctx.read(path)
    if text is None:
        return 0
    count = 0

    def replace_with(term):
        def swap(match):
            nonlocal count
            count += 1
            return corrected(match.group(0), term.correction)

        return swap

    new = text
    for term, regex in zip(terms, compiled):
        new = regex.sub(replace_with(term), new)
    if count:
        path.write_text(new, encoding="utf-8")
    return count


def run(ctx) -> list[Finding]:
    terms = ctx.rules.banned_terms
    if not terms:
        return []
    compiled = [pattern(t.term) for t in terms]
    findings: list[Finding] = []

    # 1. Sources: docs/**, overrides/**, mkdocs.yml, and every file and folder name.
    fixed = 0
    names = [ctx.docs, ctx.overrides]
    for base in names:
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            for term, regex in zip(terms, compiled):
                match = regex.search(path.name)
                if match:
                    findings.append(Finding(ctx.rel(path), 1, 1, ID, _message(term, match.group(0), " in the file name")))
    for path in source_files(ctx):
        text = _read_any(ctx, path)
        if text is None:
            continue
        hits = scan_text(text, terms, compiled)
        if hits and ctx.fix and ctx.read(path) is not None:
            fixed += _fix_file(ctx, path, terms, compiled)
            for number, col, term, found in hits:
                ctx.note(ID, f"{ctx.rel(path)}:{number}:{col}: fixed: {found} -> {corrected(found, term.correction)}")
            continue
        findings += [Finding(ctx.rel(path), n, c, ID, _message(t, f)) for n, c, t, f in hits]

    # 2. Allowlists: a banned term may never be allowed by a spelling tool.
    for name in ALLOWLISTS:
        path = ctx.root / name
        if path.is_file():
            text = _read_any(ctx, path) or ""
            findings += [
                Finding(ctx.rel(path), n, c, ID, _message(t, f, " in an allowlist"))
                for n, c, t, f in scan_text(text, terms, compiled)
            ]

    # 3. The built site and PDFs: catches what templates, snippets, hooks and plugins added.
    if fixed:
        ctx.note(ID, f"banned: fixed {fixed} occurrence(s) in the sources; rebuild the site and run the checks again")
        return findings
    source_hit = bool(findings)
    built_hits = []
    for path in sorted(ctx.site.rglob("*")):
        rel = path.relative_to(ctx.site).as_posix()
        if not path.is_file() or path.suffix not in SITE_TEXT or rel.startswith(SKIP_SITE_DIRS):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        built_hits += [(path, *hit) for hit in scan_text(text, terms, compiled)]
    if built_hits and source_hit:  # already reported at the sources: one line for the whole site
        path, number, col, term, found = built_hits[0]
        others = len({hit[0] for hit in built_hits}) - 1
        also = f" (and in {others} other built file(s))" if others else ""
        findings.append(
            Finding(ctx.rel(path), number, col, ID, _message(term, found, f" in the built site{also}") + ", then rebuild")
        )
    else:  # only in the built output: a template, hook or plugin put it there
        findings += [Finding(ctx.rel(p), n, c, ID, _message(t, f, " in the built site")) for p, n, c, t, f in built_hits]
    findings += _scan_pdfs(ctx, terms, compiled)
    return findings


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF: poppler's pdftotext when installed (fast), else pypdf."""
    tool = shutil.which("pdftotext")
    if tool:
        result = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=False)
        if result.returncode == 0:
            return result.stdout.decode("utf-8", errors="replace").split("\f")
        raise ValueError((result.stderr.decode("utf-8", errors="replace").strip().splitlines() or ["pdftotext failed"])[-1])
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(path).pages]


def _scan_pdfs(ctx, terms, compiled) -> list[Finding]:
    pdfs = sorted((ctx.site / "downloads").glob("*.pdf")) if (ctx.site / "downloads").is_dir() else []
    findings = []
    for path in pdfs:
        try:
            texts = pdf_pages(path)
        except Exception as exc:  # noqa: BLE001 (a broken PDF is a finding, not a crash)
            findings.append(Finding(ctx.rel(path), 1, 1, ID, f"cannot read the PDF text: {type(exc).__name__}: {exc}"))
            continue
        for number, text in enumerate(texts, 1):
            flat = " ".join(text.split())
            for term, regex in zip(terms, compiled):
                for match in regex.finditer(flat):
                    findings.append(Finding(ctx.rel(path), number, 1, ID, _message(term, match.group(0), f" on PDF page {number}")))
    return findings
