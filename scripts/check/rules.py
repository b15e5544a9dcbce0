"""Load and validate content-rules.yml, the one file of content policy.

Why: the gates must not each guess at the rules' shape. A mistake in the rules
file (an unknown key, a misspelt section, a wrong type) makes the gates
unusable, so it is reported as one line and the runner exits 2, before any gate
runs. Gates then read plain, validated Python values from `Rules`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from scripts.project import ProjectError, load_yaml


class UsageError(Exception):
    """Bad usage or unusable configuration: one line, exit status 2."""


TOP_LEVEL = (
    "banned_terms",
    "trusted_domains",
    "required_statements",
    "readability",
    "front_matter",
    "search_aliases",
)
FRONT_MATTER_TYPES = ("string", "date", "list", "mapping", "boolean", "integer")


@dataclass(frozen=True)
class BannedTerm:
    term: str
    correction: str
    why: str = ""


@dataclass(frozen=True)
class RequiredStatement:
    page: str  # source page relative to docs/, e.g. "dosing.md"
    marker: str  # the data-safety value
    words: tuple[tuple[str, ...], ...]  # each entry: alternatives, any one must appear
    what: str = ""


@dataclass(frozen=True)
class Budget:
    max_grade: float | None = None
    min_ease: float | None = None
    skip: bool = False


@dataclass
class Rules:
    path: Path
    banned_terms: list[BannedTerm] = field(default_factory=list)
    trusted_domains: list[str] = field(default_factory=list)
    required_statements: list[RequiredStatement] = field(default_factory=list)
    readability_default: Budget = field(default_factory=Budget)
    readability_pages: dict[str, Budget] = field(default_factory=dict)
    front_matter_keys: dict[str, str] = field(default_factory=dict)
    front_matter_optional: dict[str, str] = field(default_factory=dict)
    front_matter_max_length: dict[str, int] = field(default_factory=dict)
    front_matter_allowed: dict[str, list] = field(default_factory=dict)
    review_dates: tuple[str, str] | None = None  # (last reviewed key, next review due key)
    search_aliases: dict = field(default_factory=dict)

    def budget(self, page: str) -> Budget:
        return self.readability_pages.get(page, self.readability_default)


def _key_line(text: str, key: str) -> int:
    """Line of `key:` in the YAML text (first match at any indent), else 1."""
    pattern = re.compile(rf"^\s*-?\s*['\"]?{re.escape(key)}['\"]?\s*:", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


class _Checker:
    def __init__(self, path: Path, text: str, shown: str):
        self.path, self.text, self.shown = path, text, shown

    def fail(self, key: str, message: str):
        raise UsageError(f"{self.shown}:{_key_line(self.text, key)}:1: {message}")

    def mapping(self, value, key: str, allowed: tuple[str, ...] | None = None) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(key, f"'{key}' must be a mapping")
        if allowed is not None:
            for sub in value:
                if sub not in allowed:
                    self.fail(str(sub), f"unknown key '{sub}' in '{key}' (expected one of: {', '.join(allowed)})")
        return value

    def seq(self, value, key: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, f"'{key}' must be a list")
        return value

    def text_value(self, value, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"'{key}' must be a non-empty string")
        return value.strip()

    def number(self, value, key: str) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(key, f"'{key}' must be a number")
        return float(value)


def load_rules(path: Path, shown: str | None = None) -> Rules:
    """Read and validate the rules file, or raise UsageError with one line."""
    shown = shown or str(path)
    if not Path(path).is_file():
        raise UsageError(f"{shown}: rules file not found")
    try:
        data = load_yaml(path)
        text = Path(path).read_text(encoding="utf-8")
    except ProjectError as exc:
        raise UsageError(str(exc).replace(str(path), shown, 1)) from None
    check = _Checker(Path(path), text, shown)
    data = check.mapping(data, "content-rules", TOP_LEVEL)
    rules = Rules(Path(path))

    for item in check.seq(data.get("banned_terms"), "banned_terms"):
        item = check.mapping(item, "banned_terms", ("term", "correction", "why"))
        term = check.text_value(item.get("term"), "term")
        if not re.search(r"[^\W\d_]", term):
            check.fail("term", f"banned term '{term}' has no letters")
        rules.banned_terms.append(
            BannedTerm(term, check.text_value(item.get("correction"), "correction"), str(item.get("why") or ""))
        )

    for domain in check.seq(data.get("trusted_domains"), "trusted_domains"):
        domain = check.text_value(domain, "trusted_domains").lower()
        if "/" in domain or ":" in domain or domain.startswith("."):
            check.fail("trusted_domains", f"trusted domain '{domain}' must be a bare host name like nhs.uk")
        rules.trusted_domains.append(domain)

    for item in check.seq(data.get("required_statements"), "required_statements"):
        item = check.mapping(item, "required_statements", ("page", "marker", "words", "what"))
        page = check.text_value(item.get("page"), "page")
        marker = check.text_value(item.get("marker"), "marker")
        words = []
        for word in check.seq(item.get("words"), "words"):
            alternatives = [check.text_value(w, "words") for w in (word if isinstance(word, list) else [word])]
            words.append(tuple(a.strip() for alt in alternatives for a in alt.split("|") if a.strip()))
        if not words:
            check.fail("words", f"required statement '{marker}' lists no key words")
        rules.required_statements.append(RequiredStatement(page, marker, tuple(words), str(item.get("what") or "")))

    readability = check.mapping(data.get("readability"), "readability", ("default", "pages"))

    def budget(value, key) -> Budget:
        value = check.mapping(value, key, ("max_grade", "min_ease", "skip"))
        return Budget(
            check.number(value.get("max_grade"), "max_grade"),
            check.number(value.get("min_ease"), "min_ease"),
            bool(value.get("skip", False)),
        )

    rules.readability_default = budget(readability.get("default"), "default")
    for page, value in check.mapping(readability.get("pages"), "pages").items():
        rules.readability_pages[str(page)] = budget(value, str(page))

    front = check.mapping(
        data.get("front_matter"), "front_matter", ("keys", "optional_keys", "max_length", "allowed_values", "review_dates")
    )
    for section, target in (("keys", rules.front_matter_keys), ("optional_keys", rules.front_matter_optional)):
        for key, kind in check.mapping(front.get(section), section).items():
            if kind not in FRONT_MATTER_TYPES:
                check.fail(str(key), f"front_matter.{section}.{key}: type must be one of {', '.join(FRONT_MATTER_TYPES)}")
            target[str(key)] = kind
    for key, limit in check.mapping(front.get("max_length"), "max_length").items():
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            check.fail(str(key), f"front_matter.max_length.{key} must be a positive whole number")
        rules.front_matter_max_length[str(key)] = limit
    for key, values in check.mapping(front.get("allowed_values"), "allowed_values").items():
        rules.front_matter_allowed[str(key)] = check.seq(values, str(key))
    dates = front.get("review_dates")
    if dates is not None:
        dates = check.seq(dates, "review_dates")
        if len(dates) != 2 or not all(isinstance(d, str) for d in dates):
            check.fail("review_dates", "front_matter.review_dates must be [last-reviewed key, next-review-due key]")
        rules.review_dates = (dates[0], dates[1])

    rules.search_aliases = check.mapping(data.get("search_aliases"), "search_aliases")
    return rules
