"""pyspelling filter: normalise apostrophes before the spell checker sees the text.

Why: the pages use typographic apostrophes (’). aspell treats "baclofen’s" as
an unknown word, so every possessive of a drug name would need its own
wordlist entry. This filter turns ’ and ‘ into ' and drops a possessive 's, so
the reviewed wordlist holds only base words ("baclofen"), and a misspelt word
is still caught in any form. Listed in .pyspelling.yml's pipeline.
"""

import re

from pyspelling import filters

POSSESSIVE = re.compile(r"(?<=[^\W\d_])'s\b")


def normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return POSSESSIVE.sub("", text)


class ApostropheFilter(filters.Filter):
    """Normalise curly apostrophes and strip possessive 's."""

    def get_default_config(self):
        return {}

    def filter(self, source_file, encoding):  # noqa: A003 (pyspelling's API)
        with open(source_file, encoding=encoding, errors="strict") as handle:
            return [filters.SourceText(normalise(handle.read()), source_file, encoding, "apostrophes")]

    def sfilter(self, source):
        return [filters.SourceText(normalise(source.text), source.context, source.encoding, "apostrophes")]


def get_plugin():
    return ApostropheFilter
