"""Gate: no built page or stylesheet loads anything from another host.

Why: readers of a medicines guide are owed privacy: opening a page must not
tell a font service, CDN or analytics host what they read. Every resource a
page LOADS must come from the site itself: scripts, stylesheets and
preload/preconnect hints, icons, images (src and srcset), frames, media,
objects, inline `style` and <style> `url()`/`@import`, and the same inside
every built .css file. Plain `<a href>` links are navigation, not loads, and
are fine (the sources gate judges where they go).
"""

from __future__ import annotations

import re

from scripts.check import built
from scripts.check.report import Finding

ID = "PRIVACY"
DESCRIPTION = "no built page or stylesheet loads a resource from another host (scripts, CSS, fonts, images, frames)"
NEEDS_SITE = True

EXTERNAL = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//", re.IGNORECASE)
# <link rel=...> values that do not load anything by themselves.
NON_LOADING_REL = {"canonical", "alternate", "next", "prev", "author", "license", "help", "search", "me", "bookmark"}
LOADING_ATTRS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}


def external_urls(value: str, srcset: bool = False) -> list[str]:
    candidates = [part.strip().split()[0] for part in value.split(",") if part.strip()] if srcset else [value]
    return [url for url in candidates if EXTERNAL.match(url)]


def css_external(text: str):
    """(line, col, url) of each external url()/@import in CSS text."""
    for line, col, url in built.css_urls(text):
        if EXTERNAL.match(url):
            yield line, col, url


def run(ctx) -> list[Finding]:
    findings = []
    for page in built.pages(ctx):
        soup = page.soup()
        for tag in soup.find_all(True):
            urls = []
            if tag.name == "link":
                rels = {r.lower() for r in (tag.get("rel") or [])}
                if rels and rels <= NON_LOADING_REL:
                    continue
                urls = external_urls(tag.get("href") or "")
                what = f"<link rel={' '.join(sorted(rels)) or '?'}>"
            elif tag.name in LOADING_ATTRS:
                for attr in LOADING_ATTRS[tag.name]:
                    urls += external_urls(tag.get(attr) or "", srcset=attr == "srcset")
                what = f"<{tag.name}>"
            if tag.get("style"):
                urls += [u for _, _, u in css_external(tag["style"])]
                what = f"<{tag.name} style>"
            if tag.name == "style" and tag.string:
                urls += [u for _, _, u in css_external(tag.string)]
                what = "<style>"
            for url in urls:
                findings.append(
                    Finding(*built.locate(ctx, page, tag, (url,)), ID, f"{what} loads {url} from another host: serve it from the site")
                )
    for path in sorted(ctx.site.rglob("*.css")):
        text = path.read_text(encoding="utf-8", errors="replace")
        source = ctx.docs / path.relative_to(ctx.site)
        shown = source if source.is_file() else path
        for line, col, url in css_external(text):
            if shown is source:
                place = built.find_in_source(ctx, source, url) or (line, col)
                line, col = place
            findings.append(Finding(ctx.rel(shown), line, col, ID, f"stylesheet loads {url} from another host: serve it from the site"))
    return findings
