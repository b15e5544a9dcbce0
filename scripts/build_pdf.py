"""Render the whole guide and the two-page patient handout to PDF from the built site.

Why: educators print this guide for patients and students. The PDFs must look
like leaflets, carry the disclaimer and review date on every page, and stay
offline: this script serves the built site on 127.0.0.1 (a free port, in this
process), drives the system Chromium through Playwright (scripts/browser.py,
never a downloaded browser), switches to print media before loading each page
(so the print CSS applies and Material opens collapsed blocks), prints

    <site>/downloads/baclofen-guide.pdf     from the print page (print_page/)
    <site>/downloads/baclofen-handout.pdf   from the handout page (docs/handout.md)

at the chosen paper size with a footer on every page ("Page 3 of 12", the review
date, the site address, "Education only, not medical advice."), then sets the
PDF metadata (title, subject, language, author, creator) with pypdf, keeping
links and bookmarks. The site links to these two stable names on every page.

    python -m scripts.build_pdf --site site --paper a4     # `make pdf` builds the site first
"""

from __future__ import annotations

import argparse
import html
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from scripts.project import DOCS, ProjectError, load_mkdocs_config, nav_pages, read_page, rel

PAPERS = {"a4": "A4", "letter": "Letter"}
DOWNLOADS = "downloads"
HANDOUT_SRC = "handout.md"
PRINT_PAGE_URL = "print_page/"
DISCLAIMER_LINE = "Education only, not medical advice."
CREATOR = "The Baclofen Guide: scripts/build_pdf.py (MkDocs, Chromium, pypdf)"
LANGUAGE = "en"

# Open every collapsible block (Material would do it on print, but the PDFs
# are printed with page scripts off; this runs through the DevTools protocol).
OPEN_DETAILS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"


@dataclass(frozen=True)
class Target:
    """One PDF: which page of the site it is printed from, and how."""

    name: str  # "guide" or "handout"
    url: str  # relative to the site root
    filename: str  # inside <site>/downloads/
    title: str
    subject: str
    margin: dict  # page margins; the bottom one holds the footer


TARGETS = (
    Target(
        name="guide",
        url=PRINT_PAGE_URL,
        filename="baclofen-guide.pdf",
        title="The Baclofen Guide: the whole guide",
        subject="Baclofen, a medicine for muscle stiffness and spasms: uses, dosing, side effects, "
        "safety and interactions, in plain English with sources. Education only, not medical advice.",
        margin={"top": "16mm", "right": "14mm", "bottom": "20mm", "left": "14mm"},
    ),
    Target(
        name="handout",
        url="",  # filled from the nav (the page whose source is docs/handout.md)
        filename="baclofen-handout.pdf",
        title="Baclofen: what you need to know (patient handout, The Baclofen Guide)",
        subject="Two-page patient handout about baclofen: key facts, how to take it, never stop "
        "suddenly, emergencies, side effects, alcohol, questions to ask. Education only, not medical advice.",
        margin={"top": "11mm", "right": "12mm", "bottom": "17mm", "left": "12mm"},
    ),
)


@dataclass(frozen=True)
class Rendered:
    target: Target
    path: Path
    pages: int
    seconds: float


def footer_html(site_url: str, review_date: str, side_margin: str) -> str:
    """Chromium footer template: it sees no page CSS, so every size is inline."""
    address = html.escape(site_url)
    reviewed = html.escape(review_date)
    return (
        f'<div style="width:100%;box-sizing:border-box;padding:0 {side_margin};'
        "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;font-size:8pt;line-height:1.35;color:#000;\">"
        '<div style="display:flex;justify-content:space-between;gap:8pt;">'
        f"<span><b>{html.escape(DISCLAIMER_LINE)}</b> In an emergency, call your local emergency number.</span>"
        '<span style="white-space:nowrap;">Page <span class="pageNumber"></span> of <span class="totalPages"></span></span>'
        "</div>"
        '<div style="display:flex;justify-content:space-between;gap:8pt;">'
        f"<span>{address}</span><span style=\"white-space:nowrap;\">Reviewed {reviewed}</span>"
        "</div></div>"
    )


def review_dates(config: dict) -> dict[str, str]:
    """The review date each PDF shows: newest last_reviewed of the nav pages, and the handout's own."""
    pages = nav_pages(config)
    dates = {}
    for page in pages:
        value = read_page(DOCS / page.src).meta.get("last_reviewed")
        if value:
            dates[page.src] = str(value)
    if not dates:
        raise ProjectError("mkdocs.yml: no nav page has last_reviewed in its front matter")
    if HANDOUT_SRC not in dates:
        raise ProjectError(f"docs/{HANDOUT_SRC}: missing from the nav or has no last_reviewed")
    return {"guide": max(dates.values()), "handout": dates[HANDOUT_SRC]}


def targets_for(config: dict) -> tuple[Target, ...]:
    """TARGETS with the handout's URL taken from the nav."""
    handout = next((p for p in nav_pages(config) if p.src == HANDOUT_SRC), None)
    if handout is None:
        raise ProjectError(f"mkdocs.yml: docs/{HANDOUT_SRC} is not in the nav")
    return tuple(
        Target(**{**t.__dict__, "url": handout.url}) if t.name == "handout" else t for t in TARGETS
    )


def set_metadata(src: Path, dest: Path, target: Target, author: str) -> int:
    """Copy src to dest with title, subject, language, author and creator set; return the page count."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(src))  # keeps link annotations, outline, structure
    writer.add_metadata(
        {
            "/Title": target.title,
            "/Subject": target.subject,
            "/Author": author,
            "/Creator": CREATOR,
            "/Keywords": "baclofen, spasticity, muscle stiffness, patient information",
        }
    )
    writer._root_object[NameObject("/Lang")] = TextStringObject(LANGUAGE)  # noqa: SLF001 (no public setter)
    writer.create_viewer_preferences().display_doctitle = True  # show the title, not the file name
    dest.parent.mkdir(parents=True, exist_ok=True)
    with dest.open("wb") as fh:
        writer.write(fh)
    return len(writer.pages)


def print_to_pdf(page, url: str, dest: Path, paper: str, margin: dict, footer: str) -> None:
    """Load url in a print-media page, open collapsed blocks, and print it to dest."""
    page.emulate_media(media="print")  # before loading: print CSS and Material's print hooks apply
    page.goto(url, wait_until="load")
    page.evaluate(OPEN_DETAILS)
    page.pdf(
        path=str(dest),
        format=PAPERS[paper],
        print_background=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=footer,
        margin=margin,
        outline=True,  # bookmarks from the headings
        tagged=True,  # structure for screen readers
    )


def render(
    site_dir: Path,
    paper: str = "a4",
    out_dir: Path | None = None,
    only: tuple[str, ...] = ("guide", "handout"),
    config: dict | None = None,
    browser=None,
) -> list[Rendered]:
    """Render the chosen PDFs from a built site; return what was written.

    Pass a Playwright browser to reuse it (the tests do); otherwise one is launched.
    Raises ProjectError for a missing or unbuilt site, RuntimeError when no Chromium is found.
    """
    from scripts.localserver import serve

    site_dir = Path(site_dir)
    if not (site_dir / PRINT_PAGE_URL / "index.html").is_file():
        raise ProjectError(f"{rel(site_dir)}: no built site with a print page (run `make site` first)")
    if paper not in PAPERS:
        raise ProjectError(f"unknown paper {paper!r}: choose one of {', '.join(PAPERS)}")
    config = config if config is not None else load_mkdocs_config()
    site_url = config.get("site_url") or ""
    author = config.get("site_author") or config.get("site_name") or ""
    dates = review_dates(config)
    out_dir = Path(out_dir) if out_dir else site_dir / DOWNLOADS
    chosen = [t for t in targets_for(config) if t.name in only]

    # pypdf (pure Python, about 1 s for the tagged guide) runs in a thread while
    # Chromium (another process) prints the next PDF and the browser closes.
    def run(b, pool) -> list:
        pending = []
        # No JavaScript: the pages print the same without it (the print page's
        # contents list is built at build time) and load about 2 s faster
        # (Material's scripts set up tooltips for every glossary term).
        context = b.new_context(java_script_enabled=False)
        try:
            page = context.new_page()
            for target in chosen:
                started = time.perf_counter()
                raw = Path(tmp) / target.filename
                footer = footer_html(site_url, dates[target.name], target.margin["left"])
                print_to_pdf(page, base + target.url, raw, paper, target.margin, footer)
                dest = out_dir / target.filename
                job = pool.submit(set_metadata, raw, dest, target, author)
                pending.append((target, dest, job, started))
        finally:
            context.close()
        return pending

    def finish(pending) -> list[Rendered]:
        done = []
        for target, dest, job, started in pending:
            pages = job.result()
            done.append(Rendered(target, dest, pages, time.perf_counter() - started))
        return done

    with tempfile.TemporaryDirectory(prefix="build-pdf-") as tmp, ThreadPoolExecutor(max_workers=1) as pool:
        with serve(site_dir) as base:
            if browser is not None:
                pending = run(browser, pool)
            else:
                from playwright.sync_api import sync_playwright

                from scripts.browser import launch

                with sync_playwright() as pw:
                    launched = launch(pw)
                    try:
                        pending = run(launched, pool)
                    finally:
                        launched.close()
        return finish(pending)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"), help="built site directory (default: site)")
    parser.add_argument("--paper", choices=sorted(PAPERS), default="a4", help="paper size (default: a4)")
    parser.add_argument("--out", type=Path, help="output directory (default: <site>/downloads)")
    parser.add_argument(
        "--only", choices=[t.name for t in TARGETS], action="append", help="render just this PDF (repeatable)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        results = render(args.site, args.paper, args.out, tuple(args.only or (t.name for t in TARGETS)))
    except ProjectError as exc:
        print(f"build_pdf: {exc}", file=sys.stderr)
        return 2
    except RuntimeError as exc:  # no browser
        print(f"build_pdf: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 (Playwright errors: report one line, not a traceback)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"build_pdf: rendering failed: {first}", file=sys.stderr)
        return 1
    for r in results:
        print(f"build_pdf: wrote {rel(r.path)} ({r.pages} pages, {PAPERS[args.paper]})")
    print(f"build_pdf: {len(results)} PDF(s) in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
