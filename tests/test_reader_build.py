"""What the reader-experience hooks do to the built site: search aliases without the
misspelling anywhere, citation lists not indexed, labelled urgent-help boxes, and
no assets readers never use. Browser behaviour is in test_browser_*.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts.hooks.a11y import label_boxes
from scripts.hooks.reader_search import alias_hash, exclude_footnotes, load_aliases, normalise
from scripts.hooks.trim_assets import strip_print_site_assets
from scripts.project import RULES_YML, ProjectError

MISSPELLING = "Bach" + "ofen"  # built at run time: this file must not contain it


# --- search aliases ------------------------------------------------------------


def test_alias_hash_is_fnv1a_of_the_normalised_word():
    assert normalise(" Baclofène's ") == "baclofenes"
    # FNV-1a 32-bit reference values ("" is the offset basis; "a" is 0xe40c292c).
    assert alias_hash("") == format_base36(0x811C9DC5)
    assert alias_hash("a") == format_base36(0xE40C292C)
    assert alias_hash("A!") == alias_hash("a")


def format_base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


def test_the_rules_file_aliases_the_misspelling_to_baclofen():
    aliases = load_aliases(RULES_YML)
    assert {k.lower(): v for k, v in aliases.items()}.get(MISSPELLING.lower()) == "baclofen"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        # Lines count from 1 in the whole file: 3 lines of banned_terms come first.
        ("search_aliases:\n  missed dose: dose\n", 5, "must be one word"),
        ("search_aliases:\n  ok: fine\n  renal:\n", 6, "needs the words"),
        ("search_aliases:\n  baclophen: baclofen\n  Baclophen: baclofen\n", 6, "repeats"),
        (f"search_aliases:\n  baclophen: {MISSPELLING}\n", 5, "banned term"),
        ("search_aliases: [a, b]\n", 4, "expected"),
        ("rules: {}\n", 1, "no `search_aliases:`"),
    ],
    ids=["two-words", "no-value", "repeated", "maps-to-banned", "not-a-mapping", "missing"],
)
def test_bad_aliases_fail_with_file_and_line(tmp_path: Path, body, line, message):
    rules = tmp_path / "content-rules.yml"
    banned = f"banned_terms:\n  - term: {MISSPELLING}\n    correction: Baclofen\n"  # 3 lines
    rules.write_text(banned + body, encoding="utf-8")
    with pytest.raises(ProjectError) as err:
        load_aliases(rules)
    text = str(err.value)
    assert re.match(rf"^{re.escape(str(rules))}:{line}:\d+: ", text), text
    assert message in text and "\n" not in text


def test_built_pages_carry_hashes_not_words(site_dir):
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    table = json.loads(re.search(r"const aliases = (\{.*?\});", html).group(1))
    assert table.get(alias_hash(MISSPELLING)) == "baclofen"
    assert len(table) == len(load_aliases(RULES_YML))


def test_misspelling_appears_in_no_built_file(site_dir):
    """Every file, not only HTML and the search index: scripts, JSON, XML, CSS, text."""
    pattern = re.compile(re.escape(MISSPELLING).encode(), re.IGNORECASE)
    hits = [str(p.relative_to(site_dir)) for p in site_dir.rglob("*") if p.is_file() and pattern.search(p.read_bytes())]
    assert hits == []


# --- what is indexed -------------------------------------------------------------


def test_citation_lists_are_not_indexed(site_dir):
    docs = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert docs, "empty search index"
    with_backrefs = [d["location"] for d in docs if "\u21a9" in d["text"]]  # footnote "↩" links
    assert with_backrefs == []
    assert exclude_footnotes('<div class="footnote">\n<hr>') == '<div class="footnote" data-search-exclude>\n<hr>'


def test_boilerplate_is_outside_the_index(site_dir, mkdocs_config):
    """Disclaimer, review box and other template parts are rendered on every page but
    indexed on none (the About page may still explain them in its own words)."""
    docs = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    disclaimer = mkdocs_config["extra"]["disclaimer"]
    boilerplate = (disclaimer["title"], " ".join(disclaimer["text"].split())[:60],
                   "Page last reviewed", "Next review due", "Awaiting clinical review")
    for text in boilerplate:
        pages_with_it = {d["location"].split("#")[0] for d in docs if text.lower() in " ".join(d["text"].split()).lower()}
        assert len(pages_with_it) <= 1, f"{text!r} is indexed on {sorted(pages_with_it)}"
    page = BeautifulSoup((site_dir / "dosing" / "index.html").read_text(encoding="utf-8"), "html.parser")
    for selector in ("#medical-disclaimer", ".md-review", ".md-report-problem", ".md-downloads"):
        el = page.select_one(selector)
        if selector in ("#medical-disclaimer", ".md-review"):
            assert el is not None, f"{selector} missing from the page"
        assert el is None or el.has_attr("data-search-exclude"), f"{selector} lacks data-search-exclude"


# --- urgent-help boxes -----------------------------------------------------------


def test_urgent_help_boxes_are_labelled_by_their_title(site_dir):
    boxes = 0
    for path in list(site_dir.glob("*/index.html")) + [site_dir / "index.html"]:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for box in soup.select("div.admonition.emergency, div.admonition.urgent, div.admonition.routine"):
            boxes += 1
            where = f"{path.relative_to(site_dir)}: {box.get('class')}"
            assert box.get("role") == "note", where
            title = soup.find(id=box.get("aria-labelledby"))
            assert title is not None and "admonition-title" in title.get("class", []), where
            assert title.get_text(strip=True), where
        ids = [el["id"] for el in soup.select("[id]")]
        assert len(ids) == len(set(ids)), f"{path}: duplicate ids"
    assert boxes >= 3, "expected urgent-help boxes in the guide"


def test_label_boxes_leaves_other_admonitions_alone():
    html = '<div class="admonition note">\n<p class="admonition-title">Note</p>'
    assert label_boxes(html, "x") == html
    out = label_boxes('<div class="admonition urgent">\n<p class="admonition-title">Call</p>', "p")
    assert 'role="note" aria-labelledby="p-urgent-1"' in out and 'id="p-urgent-1"' in out


# --- trimmed assets ----------------------------------------------------------------


def test_print_site_assets_only_on_the_print_page(site_dir):
    for path in site_dir.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        has = "css/print-site" in html or "js/print-site.js" in html
        assert has == (path.parent.name == "print_page"), path.relative_to(site_dir)
    seeded = '<link rel="stylesheet" href="../css/print-site.css">\n<p>'
    assert strip_print_site_assets(seeded) == "<p>"


def test_no_source_maps_or_unused_lunr_languages(site_dir):
    assert list(site_dir.rglob("*.map")) == []
    assert not (site_dir / "assets" / "javascripts" / "lunr").exists()
    for path in (site_dir / "assets").rglob("*.min.*"):
        assert b"sourceMappingURL" not in path.read_bytes(), path


def test_theme_css_keeps_what_pages_and_scripts_use_and_drops_the_rest():
    from scripts.hooks.trim_assets import CssUsage, purge_css

    usage = CssUsage(
        html='<body data-md-color-primary="teal"><div class="md-typeset note-x"></div></body>',
        js='el.classList.add("md-search-result__item"); x = "md-nav__link--" + s;',
    )
    css = (
        ":root{--md-admonition-icon--bug:url(\"data:image/svg+xml;a\");--md-keep:url(\"data:x\")}"
        ".md-typeset .bug>p:before{mask-image:var(--md-admonition-icon--bug)}"
        ".md-typeset p,.md-post p{color:red}"
        "@media screen{.md-search-result__item{x:1}.md-banner{x:2}}"
        ".md-nav__link--active{x:3}"
        ".md-typeset :is(.tabbed-set,.md-typeset){x:4}"
        "[data-md-color-primary=pink]{x:5}[data-md-color-primary=teal]{x:6}"
        ".unused-thing{y:var(--md-keep)}"
    )
    out = purge_css(css, usage)
    assert ".md-typeset p{color:red}" in out and ".md-post" not in out  # one selector of a list
    assert ".md-search-result__item{x:1}" in out and ".md-banner" not in out  # added by JavaScript
    assert ".md-nav__link--active{x:3}" in out  # name built by concatenation
    assert ":is(.tabbed-set,.md-typeset)" in out  # inside :is() kept as it is
    assert "pink" not in out and "[data-md-color-primary=teal]{x:6}" in out
    assert "--md-admonition-icon--bug" not in out and "--md-keep" not in out  # .unused-thing was dropped, so its var too
    assert purge_css(".md-typeset{a:b}", usage) == ".md-typeset{a:b}"


def test_built_theme_css_is_trimmed_but_keeps_what_pages_use(site_dir):
    css = next((site_dir / "assets" / "stylesheets").glob("main.*.min.css")).read_text(encoding="utf-8")
    for used in (".md-header", ".md-search-result__meta", ".md-typeset .admonition", "[data-md-color-scheme=slate]"):
        assert used in css or used in next((site_dir / "assets" / "stylesheets").glob("palette.*.min.css")).read_text(encoding="utf-8"), used
    for unused in (".md-post", ".md-consent", ".md-banner"):
        assert unused not in css, unused


def test_permalinks_and_footnote_backlinks_are_named_without_tooltips(site_dir):
    from scripts.hooks.a11y import title_to_label

    html = (site_dir / "dosing" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    links = soup.select("a.headerlink, a.footnote-backref")
    assert links, "expected permalinks and footnote back-links"
    for a in links:
        assert a.get("aria-label") and not a.has_attr("title"), a
    seeded = '<a class="headerlink" href="#x" title="Link to this section">'
    assert title_to_label(seeded) == '<a class="headerlink" href="#x" aria-label="Link to this section">'
