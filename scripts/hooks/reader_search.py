"""MkDocs hook: search that finds what readers type, and only the words that matter.

1. Citation lists are not indexed. Every page ends with its footnotes (source
   titles such as "... baclofen in kidney disease"); indexed, they make the last
   section of most pages match words it does not discuss. This hook marks the
   footnote block `data-search-exclude` (Material's own switch) before the
   search plugin reads the page. The References page still lists every source.

2. Search aliases from content-rules.yml, as a table of word hashes. Readers type words the guide does not use: a misspelling of the drug they
saw elsewhere, an abbreviation, a brand name spelt another way. The ONE list of
those words is `search_aliases:` in content-rules.yml ("what a reader types":
"the words the guide uses"). Some of those words are banned from the site (the
banned-term gate scans every built page and the search index), so the site
must recognise them without containing them. This hook turns each alias key
into a hash (normalise, then FNV-1a 32-bit over UTF-8, in base 36) and puts
`{hash: replacement}` into `config.extra.search_alias_hashes`. The inline
script in overrides/partials/search-boot.html hashes each query word the same
way and swaps matches before Material's search worker sees the query. A
misspelling therefore appears in no built file, and the banned-term gate stays
whole (no exemptions). A collision (an unrelated word with the same 32-bit
hash) is about 1 in 400 million per alias.
"""

from __future__ import annotations

import logging
import re
import sys
import unicodedata
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

# `mkdocs` run as a console script does not put the repository on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from scripts.project import RULES_YML, ProjectError, read_text, rel  # noqa: E402

log = logging.getLogger("mkdocs.hooks.reader_search")
KEY = "search_aliases"
_WORD = re.compile(r"^[^\s\"*+\-~^:]+$")


def normalise(word: str) -> str:
    """Lower-case ASCII letters and digits only, accents removed ("Baclofène" -> "baclofene")."""
    decomposed = unicodedata.normalize("NFKD", word)
    stripped = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return re.sub(r"[^a-z0-9]", "", stripped.lower())


def alias_hash(word: str) -> str:
    """FNV-1a 32-bit of the normalised word's UTF-8 bytes, in base 36 (as JavaScript's toString(36))."""
    h = 0x811C9DC5
    for byte in normalise(word).encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        h, r = divmod(h, 36)
        out = digits[r] + out
        if not h:
            return out


def load_aliases(path: Path = RULES_YML) -> dict[str, str]:
    """Read and check `search_aliases:`; raise ProjectError `path:line:col: message` on bad data."""
    where = rel(path)
    try:
        root = yaml.compose(read_text(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        pos = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ProjectError(f"{where}{pos}: invalid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(root, yaml.MappingNode):
        raise ProjectError(f"{where}:1:1: expected a mapping at the top level")
    node = next((v for k, v in root.value if k.value == KEY), None)
    if node is None:
        raise ProjectError(f"{where}:1:1: no `{KEY}:` section (the list of search aliases)")
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        return {}
    if not isinstance(node, yaml.MappingNode):
        m = node.start_mark
        raise ProjectError(f"{where}:{m.line + 1}:{m.column + 1}: {KEY}: expected `typed word: words to search`")
    aliases: dict[str, str] = {}
    seen: dict[str, str] = {}
    banned = _banned_terms(root)
    for knode, vnode in node.value:
        at = f"{where}:{knode.start_mark.line + 1}:{knode.start_mark.column + 1}"
        key = knode.value if isinstance(knode, yaml.ScalarNode) else None
        value = vnode.value if isinstance(vnode, yaml.ScalarNode) else None
        if not key or not _WORD.match(key) or not normalise(key):
            raise ProjectError(f"{at}: {KEY}: {key!r} must be one word (letters or digits)")
        if not value or not value.strip():
            raise ProjectError(f"{at}: {KEY}: {key!r} needs the words to search for instead")
        norm = normalise(key)
        if norm in seen:
            raise ProjectError(f"{at}: {KEY}: {key!r} repeats {seen[norm]!r}")
        if normalise(value) == norm:
            raise ProjectError(f"{at}: {KEY}: {key!r} maps to itself")
        for term in banned:
            if re.search(rf"(?<![^\W\d_]){re.escape(term)}(?![^\W\d_])", value, re.IGNORECASE):
                raise ProjectError(f"{at}: {KEY}: {key!r} maps to the banned term {term!r}")
        seen[norm] = key
        aliases[key] = " ".join(value.split())
    return aliases


def _banned_terms(root: yaml.MappingNode) -> list[str]:
    """The `term` of each `banned_terms:` entry (the gates check the section's shape)."""
    node = next((v for k, v in root.value if k.value == "banned_terms"), None)
    terms = []
    for item in getattr(node, "value", None) or []:
        if isinstance(item, yaml.MappingNode):
            terms += [v.value for k, v in item.value if k.value == "term" and isinstance(v, yaml.ScalarNode)]
    return [t for t in terms if t]


def hashed(aliases: dict[str, str]) -> dict[str, str]:
    return {alias_hash(k): v for k, v in aliases.items()}


FOOTNOTES = re.compile(r'<div class="footnote">')


def exclude_footnotes(html: str) -> str:
    """Mark Python-Markdown's footnote block so Material's search skips it."""
    return FOOTNOTES.sub('<div class="footnote" data-search-exclude>', html)


def on_page_content(html, page, config, files, **kwargs):
    return exclude_footnotes(html)


def on_config(config, **kwargs):
    try:
        aliases = load_aliases()
    except ProjectError as exc:
        raise PluginError(str(exc)) from None
    config.extra["search_alias_hashes"] = hashed(aliases)
    log.debug("search aliases: %d", len(aliases))
    return config
