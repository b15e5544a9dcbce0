"""MkDocs hook: leave out what readers never use.

Why: every byte on a first visit costs readers on phones (budget: 75 KB gzip
for the home page, see `make bench`). This hook removes, from the BUILT site only:

- print-site's CSS and JavaScript from every page except the print page
  (print-site adds them to `extra_css`/`extra_javascript`, so every page would
  load them; their rules only style `#print-site-page`, and our own print.css
  carries the @page rules for printing any page);
- source maps (`*.map`, about 1.3 MB, only for debugging Material itself) and
  the comments that point to them;
- lunr's language files when search is English only (about 1 MB; the search
  worker loads them only for other languages).
The print page is written by print-site in its own on_post_build and keeps its
assets. Nothing in docs/ is changed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

PRINT_SITE_ASSET = re.compile(
    r'[ \t]*<link rel="stylesheet" href="[^"]*css/print-site[\w-]*\.css">\n?'
    r'|[ \t]*<script src="[^"]*js/print-site\.js"></script>\n?'
)
SOURCE_MAP_COMMENT = re.compile(r"\n?(?://# sourceMappingURL=\S+|/\*# sourceMappingURL=\S+?\s*\*/)\s*$")


def strip_print_site_assets(html: str) -> str:
    return PRINT_SITE_ASSET.sub("", html)


def on_post_page(output, page, config, **kwargs):
    return strip_print_site_assets(output)


def on_post_template(output_content, template_name, config, **kwargs):
    if template_name.endswith(".html"):  # 404.html; not sitemap.xml
        return strip_print_site_assets(output_content)
    return output_content


def _search_languages(config) -> list[str]:
    search = config.plugins.get("search") or config.plugins.get("material/search")
    lang = getattr(search, "config", {}).get("lang") if search else None
    if isinstance(lang, str):
        return [lang]
    return list(lang or ["en"])


def on_post_build(config, **kwargs):
    assets = Path(config.site_dir) / "assets"
    for map_file in assets.rglob("*.map"):
        minified = map_file.with_suffix("")
        if minified.is_file():
            text = minified.read_text(encoding="utf-8")
            minified.write_text(SOURCE_MAP_COMMENT.sub("", text), encoding="utf-8")
        map_file.unlink()
    if _search_languages(config) == ["en"]:
        shutil.rmtree(assets / "javascripts" / "lunr", ignore_errors=True)
