"""Gate: every page's front matter follows the schema in content-rules.yml.

Why: the front matter feeds the meta description (search engines cut it at
about 160 characters), the review box under every page and the review
schedule. A missing key, a date that is not ISO, an unquoted ": " that breaks
the YAML, or a review due date before the last review would ship silently.
An overdue review is a warning (the page may still be right); the scheduled
job runs with --strict-review to make it an error.
"""

from __future__ import annotations

import datetime as dt
import re

from scripts.check.report import WARNING, Finding

ID = "FRONTMATTER"
DESCRIPTION = "front matter schema: required keys, types, ISO dates, description length, review dates"

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TYPE_NAMES = {
    "string": "text",
    "date": "an ISO date (YYYY-MM-DD)",
    "list": "a list",
    "mapping": "a mapping",
    "boolean": "true or false",
    "integer": "a whole number",
}


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def type_ok(kind: str, value) -> bool:
    if kind == "string":
        return isinstance(value, str) and bool(value.strip())
    if kind == "date":
        return as_date(value) is not None
    if kind == "list":
        return isinstance(value, list)
    if kind == "mapping":
        return isinstance(value, dict)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return False


def key_place(text: str, key: str) -> tuple[int, int]:
    """(line, col) of the value of `key:` inside the front matter block, else (1, 1)."""
    for number, line in enumerate(text.splitlines()[1:], 2):
        if line.strip() == "---":
            break
        match = re.match(rf"^{re.escape(key)}\s*:\s*", line)
        if match:
            return number, match.end() + 1 if match.end() < len(line) else 1
    return 1, 1


def check_page(ctx, path) -> list[Finding]:
    rules = ctx.rules
    page = ctx.page(path)
    if page is None:  # unreadable or unparseable: the Context reported it once
        return []
    text = ctx.read(path)
    where = ctx.rel(path)
    meta = page.meta
    findings = []

    def add(key, message, severity="error"):
        line, col = key_place(text, key) if key else (1, 1)
        findings.append(Finding(where, line, col, ID, message, severity))

    for key, kind in rules.front_matter_keys.items():
        if key not in meta:
            add(None, f"missing required key '{key}' ({TYPE_NAMES[kind]})")
        elif not type_ok(kind, meta[key]):
            add(key, f"'{key}' must be {TYPE_NAMES[kind]}, not {meta[key]!r}")
    allowed = {**rules.front_matter_keys, **rules.front_matter_optional}
    for key, value in meta.items():
        if key not in allowed:
            add(key, f"unknown key '{key}' (allowed: {', '.join(allowed)})")
        elif key in rules.front_matter_optional and not type_ok(rules.front_matter_optional[key], value):
            add(key, f"'{key}' must be {TYPE_NAMES[rules.front_matter_optional[key]]}")
    for key, limit in rules.front_matter_max_length.items():
        value = meta.get(key)
        if isinstance(value, str) and len(value.strip()) > limit:
            add(key, f"'{key}' is {len(value.strip())} characters; the limit is {limit}")
    for key, values in rules.front_matter_allowed.items():
        if key in meta and meta[key] not in values:
            add(key, f"'{key}' is {meta[key]!r}; allowed: {', '.join(map(str, values))}")
    if rules.review_dates:
        last_key, due_key = rules.review_dates
        last, due = as_date(meta.get(last_key)), as_date(meta.get(due_key))
        if last and last > ctx.today:
            add(last_key, f"'{last_key}' {last} is in the future")
        if last and due and due <= last:
            add(due_key, f"'{due_key}' {due} must be after '{last_key}' {last}")
        elif due and due < ctx.today:
            severity = "error" if ctx.strict_review else WARNING
            add(due_key, f"review overdue: '{due_key}' was {due} (today is {ctx.today})", severity)
    return findings


def run(ctx) -> list[Finding]:
    findings = []
    for path in ctx.page_files():
        findings += check_page(ctx, path)
    return findings
