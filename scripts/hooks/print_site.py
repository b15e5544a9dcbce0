"""MkDocs hook: what the print page, the handout and the PDFs need from the build.

Why: mkdocs-print-site-plugin builds the "whole guide" print page, but on its
own it prints a table of contents with the nav titles (not the headings the
reader sees), leaves some anchors broken (it renames only heading, list and
footnote ids) and has no QR code or review summary for the cover. This hook:

- makes a QR code of `site_url` with segno (offline, at build time) and adds it
  to the site as `assets/images/site-qr.svg`, so pages can show it as an image
  that `mkdocs build --strict` validates like any other file;
- replaces the marker `<!-- site-address -->` in a page with a link to
  `site_url` (the handout's "where to read more"), so the address is written once;
- puts a review summary (newest `last_reviewed`, earliest `next_review_due`, the
  review status) from the pages' own front matter, plus the QR code as inline
  SVG, into `config.extra.print_site` for `overrides/print-cover.html`;
- after print-site has written the print page, writes the printed contents
  list into it (no JavaScript needed), makes each contents entry (and each
  sidebar entry) the chapter's own heading, gives link targets that print-site
  did not rename (for example the reference entries) their page prefix, and
  marks bare links (link text = address) so print CSS does not print the
  address twice. Bare links on ordinary pages are marked the same way.
"""

from __future__ import annotations

import html
import io
import re
from collections import Counter
from pathlib import Path

import segno
from mkdocs.structure.files import File

QR_PATH = "assets/images/site-qr.svg"
PRINT_PAGE = "print_page/index.html"
BARE_CLASS = "print-bare-url"
SITE_ADDRESS_MARKER = "<!-- site-address -->"

_SECTION = re.compile(r'<section class="print-page" id="(?P<key>[^"]+)"[^>]*>')
_H1 = re.compile(r"<h1\b[^>]*>(?P<inner>.*?)</h1>", re.DOTALL)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_TOC_LINK = re.compile(
    r'(?P<open><a href="#(?P<key>[^"#]+)" class="md-nav__link">\s*<span class="md-ellipsis">)'
    r"(?P<label>.*?)(?P<close></span>)",
    re.DOTALL,
)
_HREF_FRAGMENT = re.compile(r'href="#(?P<frag>[^"]+)"')
_ID = re.compile(r'\bid="(?P<id>[^"]+)"')
_BARE_LINK = re.compile(r'<a (?P<before>[^>]*?)href="(?P<href>https?://[^"]+)"(?P<after>[^>]*)>(?P=href)</a>')


def qr_svg(url: str, *, inline: bool) -> str:
    """An SVG QR code of url: black on white (scanners need the contrast), scalable."""
    qr = segno.make(url, error="m")
    buf = io.BytesIO()
    qr.save(
        buf,
        kind="svg",
        xmldecl=not inline,
        svgns=True,
        omitsize=True,  # viewBox only: the page's CSS sets the printed size
        border=2,
        dark="#000",
        light="#fff",
        title=f"QR code: {url}",
        svgclass="site-qr" if inline else None,
        lineclass=None,
    )
    svg = buf.getvalue().decode("utf-8")
    if inline:  # an image with a name for screen readers
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="QR code: {html.escape(url)}" ', 1)
    return svg


def review_summary(metas: list[dict]) -> dict:
    """Newest last_reviewed, earliest next_review_due and the status across the pages."""
    reviewed = sorted(str(m["last_reviewed"]) for m in metas if m.get("last_reviewed"))
    due = sorted(str(m["next_review_due"]) for m in metas if m.get("next_review_due"))
    statuses = Counter(str(m["review_status"]) for m in metas if m.get("review_status"))
    if len(statuses) == 1:
        status = next(iter(statuses))
    else:  # say how many pages have which status, most common first
        status = "; ".join(f"{name} ({count} of {sum(statuses.values())} pages)" for name, count in statuses.most_common())
    return {
        "last_reviewed": reviewed[-1] if reviewed else "",
        "next_review_due": due[0] if due else "",
        "review_status": status,
    }


def plain_text(fragment: str) -> str:
    """Heading HTML to its visible text (without the permalink)."""
    return html.unescape(_TAG.sub("", _HEADERLINK.sub("", fragment))).strip()


def mark_bare_links(page_html: str) -> str:
    """Add BARE_CLASS to external links whose text is the address itself."""

    def add_class(match: re.Match) -> str:
        before, after = match["before"], match["after"]
        attrs = before + after
        if 'class="' in attrs:
            before = before.replace('class="', f'class="{BARE_CLASS} ', 1)
            after = after.replace('class="', f'class="{BARE_CLASS} ', 1)
        else:
            before = f'class="{BARE_CLASS}" ' + before
        return f'<a {before}href="{match["href"]}"{after}>{match["href"]}</a>'

    return _BARE_LINK.sub(add_class, page_html)


def chapter_headings(print_html: str) -> dict[str, str]:
    """Map each print-page chapter (section id) to the text of its first <h1>."""
    headings = {}
    for match in _SECTION.finditer(print_html):
        h1 = _H1.search(print_html, match.end())
        if h1:
            headings[match["key"]] = plain_text(h1["inner"])
    return headings


def retitle_toc(print_html: str) -> str:
    """Make each contents entry (cloned from the sidebar by print-site.js) the chapter's heading."""
    headings = chapter_headings(print_html)

    def retitle(match: re.Match) -> str:
        heading = headings.get(match["key"])
        if heading is None:
            return match.group(0)
        return match["open"] + html.escape(heading, quote=False) + match["close"]

    return _TOC_LINK.sub(retitle, print_html)


def insert_contents(print_html: str, title: str) -> str:
    """Write the printed contents list into the page, before the first chapter.

    print-site would build it in the browser (print-site.js, from the sidebar);
    built here it needs no JavaScript, so the PDFs render with JavaScript off
    (about 2 s faster) and a reader whose browser blocks scripts still gets it.
    mkdocs.yml sets print-site's add_table_of_contents to false.
    """
    first = _SECTION.search(print_html)
    if first is None or 'id="print-page-toc"' in print_html:
        return print_html
    items = "".join(
        f'<li><a href="#{key}">{html.escape(heading, quote=False)}</a></li>'
        for key, heading in chapter_headings(print_html).items()
    )
    toc = (
        '<section class="print-page print-contents"><div id="print-page-toc" data-toc-depth="1">'
        f'<nav class="print-page-toc-nav" aria-labelledby="print-page-toc-title">'
        f'<h1 id="print-page-toc-title" class="print-page-toc-title">{html.escape(title)}</h1>'
        f"<ul>{items}</ul></nav></div></section>"
    )
    return print_html[: first.start()] + toc + print_html[first.start():]


def fix_fragment_targets(print_html: str) -> str:
    """Prefix ids that print-site left alone but its rewritten links point to.

    print-site rewrites a link to `page/#x` as `#page-x`, but renames only
    heading, list and footnote ids, so `<p id="x">` stays `x` and the link breaks.
    """
    ids = set(_ID.findall(print_html))
    wanted = {m["frag"] for m in _HREF_FRAGMENT.finditer(print_html)} - ids
    if not wanted:
        return print_html
    starts = list(_SECTION.finditer(print_html))
    pieces = [print_html[: starts[0].start()]] if starts else [print_html]
    for i, start in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(print_html)
        chunk = print_html[start.start():end]
        key = start["key"]
        prefix = key + "-"
        needed = {w[len(prefix):] for w in wanted if w.startswith(prefix)}
        if needed:
            chunk = _ID.sub(
                lambda m, n=needed, p=prefix: f'id="{p}{m["id"]}"' if m["id"] in n else m.group(0),
                chunk,
            )
        pieces.append(chunk)
    return "".join(pieces)


def on_page_markdown(markdown, page, config, files):  # noqa: ARG001 (MkDocs hook signature)
    """Write the site address (site_url) wherever a page has the marker, e.g. the handout."""
    return markdown.replace(SITE_ADDRESS_MARKER, f"<{config['site_url']}>")


def on_files(files, config):
    """Add the QR code of the site address as a generated image file."""
    files.append(File.generated(config, QR_PATH, content=qr_svg(config["site_url"] or "", inline=False)))
    return files


def on_env(env, config, files):  # noqa: ARG001 (MkDocs hook signature)
    """Every page has been read by now: summarise the review status for the cover."""
    metas = [f.page.meta for f in files.documentation_pages() if f.page is not None and f.page.meta]
    config["extra"]["print_site"] = {
        **review_summary(metas),
        "qr_svg": qr_svg(config["site_url"] or "", inline=True),
    }
    return env


def on_post_page(output, page, config):  # noqa: ARG001 (MkDocs hook signature)
    return mark_bare_links(output)


def on_post_build(config):
    """print-site (a plugin, so it runs before hooks) has written the print page: fix it up."""
    path = Path(config["site_dir"]) / PRINT_PAGE
    if not path.exists():  # print-site disabled
        return
    text = path.read_text(encoding="utf-8")
    title = config["plugins"]["print-site"].config.get("toc_title") or "Contents"
    text = mark_bare_links(fix_fragment_targets(insert_contents(retitle_toc(text), title)))
    path.write_text(text, encoding="utf-8")
