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
  worker loads them only for other languages);
- from Material's stylesheets, the rules no page can use: a selector is dropped
  when it needs a class that appears in no built page and not in Material's
  JavaScript (which adds classes at run time: search results, tooltips, focus),
  or a palette colour the site does not offer; then the icon variables no rule
  uses any more. Every page gets the same file (about a third smaller, 7 KB
  gzip less on every first visit). The file keeps its name; a rebuild after a
  content change rescans every page, so a class that starts being used is kept.
The print page is written by print-site in its own on_post_build and keeps its
assets. Nothing in docs/ is changed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from mkdocs.plugins import event_priority

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


CLASS_ATTR = re.compile(r'class="([^"]*)"')
COLOR_ATTR = re.compile(r'data-md-color-(primary|accent|scheme)="([^"]*)"')
COLOR_SELECTOR = re.compile(r"\[data-md-color-(primary|accent|scheme)=([\w-]+)\]")
CLASS_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
ICON_VAR = re.compile(r"(--[\w-]+):url\(\"?data:[^)]*\)\s*;?")


def _split_top(text: str, sep: str = ",") -> list[str]:
    """Split at sep outside (), [] and strings (selector lists like :is(.a,.b))."""
    parts, depth, current, quote = [], 0, [], None
    for ch in text:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return parts


def _outside_parens(selector: str) -> str:
    depth, out = 0, []
    for ch in selector:
        depth += ch == "("
        if depth == 0:
            out.append(ch)
        depth -= ch == ")"
    return "".join(out)


class CssUsage:
    """What the built site can use: classes in its HTML, classes its JavaScript can add, palette values."""

    def __init__(self, html: str, js: str):
        self.classes = {c for m in CLASS_ATTR.finditer(html) for c in m.group(1).split()}
        self.colors = {(m.group(1), m.group(2)) for m in COLOR_ATTR.finditer(html)}
        self.js = js
        # Whole tokens in the JavaScript, as a quoted string or a selector ('x', "a x", .x).
        self.js_tokens = set(re.findall(r"(?<=[\"'.\s])([\w-]+)(?=[\"'\s])", js))
        self._known: dict[str, bool] = {}

    def class_used(self, name: str) -> bool:
        if name not in self._known:
            self._known[name] = self._class_used(name)
        return self._known[name]

    def _class_used(self, name: str) -> bool:
        if name in self.classes:
            return True
        if not name.startswith("md-"):  # short generic names: only as a whole quoted or selector token
            return name in self.js_tokens
        if name in self.js:
            return True
        # Material builds some names by concatenation ("md-nav__link--" + state).
        return any(name[i - 1] in "-_" and name[:i] in self.js for i in range(len(name) - 1, 7, -1))

    def selector_used(self, selector: str) -> bool:
        top = _outside_parens(selector)  # :not(.x) and :is(.x,.y) are kept as they are
        if not all(self.class_used(c) for c in CLASS_SELECTOR.findall(top)):
            return False
        return all((kind, value) in self.colors for kind, value in COLOR_SELECTOR.findall(top))


def purge_css(css: str, usage: CssUsage, keep_vars_used_in: str = "") -> str:
    """Drop selectors (and emptied rules and at-rules) the site cannot use, then unused icon variables."""

    def block(text: str) -> str:
        out, i = [], 0
        while i < len(text):
            start = text.find("{", i)
            if start < 0:
                out.append(text[i:])
                break
            depth, end = 0, start
            while True:
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                if depth == 0:
                    break
                end += 1
            head, body = text[i:start], text[start + 1 : end]
            if head.lstrip().startswith(("@media", "@supports", "@container", "@layer")):
                inner = block(body)
                if inner.strip():
                    out.append(f"{head}{{{inner}}}")
            elif head.lstrip().startswith("@"):
                out.append(f"{head}{{{body}}}")
            else:
                kept = [sel for sel in _split_top(head) if usage.selector_used(sel)]
                if kept:
                    out.append(f"{','.join(kept)}{{{body}}}")
            i = end + 1
        return "".join(out)

    purged = block(css)
    referenced = set(re.findall(r"var\((--[\w-]+)", purged + keep_vars_used_in + usage.js))
    return ICON_VAR.sub(lambda m: m.group(0) if m.group(1) in referenced else "", purged)


def purge_theme_css(site: Path) -> None:
    html = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    js = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.js"))
    usage = CssUsage(html, js)
    styles = site / "assets" / "stylesheets"
    own_css = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.css") if p.parent != styles or not p.name.endswith(".min.css"))
    for path in styles.glob("*.min.css"):  # Material's main.*.min.css and palette.*.min.css
        path.write_text(purge_css(path.read_text(encoding="utf-8"), usage, own_css + html), encoding="utf-8")


@event_priority(-100)  # last: after print-site has written the print page
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
    purge_theme_css(Path(config.site_dir))
