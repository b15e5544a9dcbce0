"""Gate: the GitHub Actions workflows and .github/ configuration are valid and safe, checked offline.

Why: a workflow that GitHub rejects never runs (branch protection then waits
for a check that never comes), and a workflow with an action pinned to a
movable tag, or with more permissions than it needs, lets a compromised
third party change what this medical site publishes. Three offline checks:

1. Schema: check-jsonschema with its built-in (vendored, offline) schemas:
   vendor.github-workflows for .github/workflows/*.yml, vendor.github-actions
   for local actions (.github/actions/*/action.yml), vendor.dependabot,
   vendor.github-issue-forms and vendor.github-issue-config. (The pre-commit
   configuration has no built-in schema: it must parse, and zizmor audits it.)
2. zizmor --offline (persona "pedantic", so workflow-level write permissions
   count too): every finding of medium severity or above. An inline
   `# zizmor: ignore[audit]` comment is honoured: it must say why.
3. Pins: every third-party `uses:` pinned to a full commit SHA carries its
   version in a comment (`uses: owner/repo@<40 hex> # v1.2.3`), so reviewers
   and Dependabot can read it. (An action not pinned to a SHA at all is
   zizmor's `unpinned-uses` finding.)

Each finding is `path:line:col: WORKFLOW message`, at the offending key.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from scripts.check.report import Finding

ID = "WORKFLOW"
DESCRIPTION = (
    "GitHub workflows and .github/ config: schema (check-jsonschema), "
    "zizmor --offline (medium and above), actions pinned by SHA with a version comment"
)

TIMEOUT = 180  # seconds per tool run; both tools take about a second here
SEVERITIES = ("medium", "high")
PERSONA = "pedantic"
PRE_COMMIT = "pre-commit"  # a target kind, not a check-jsonschema schema
AUDITED = ("vendor.github-workflows", "vendor.github-actions", "vendor.dependabot", PRE_COMMIT)
FULL_SHA = re.compile(r"^[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"#\s*v?\d+(\.\d+)*\b")
JSON_PATH = re.compile(r"\.([^.\[]+)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]")
UNEXPECTED = re.compile(r"\('([^']+)'(?:, '[^']+')* (?:was|were) unexpected\)")

# A hint on how to fix the zizmor findings a contributor is most likely to meet.
HINTS = {
    "unpinned-uses": "pin it to a full commit SHA with the version in a comment: uses: owner/repo@<40 hex> # v1.2.3",
    "excessive-permissions": "start from `permissions: contents: read` (or `{}`) and grant each job only what it needs",
    "artipacked": "add `with: persist-credentials: false` to actions/checkout",
    "template-injection": "pass the ${{ }} value through `env:` and use the shell variable instead",
    "unpinned-images": "pin the container image by digest (image@sha256:...)",
    "dangerous-triggers": "use pull_request, not pull_request_target or workflow_run",
}


# Which files, which schema ----------------------------------------------------------
def targets(root: Path) -> list[tuple[Path, str]]:
    """(file, built-in schema) for every file this gate checks, in a stable order."""
    github = root / ".github"
    found: list[tuple[Path, str]] = []

    def add(paths, schema):
        found.extend((p, schema) for p in sorted(paths) if p.is_file())

    add(_yaml_files(github / "workflows"), "vendor.github-workflows")
    add([*github.glob("actions/*/action.yml"), *github.glob("actions/*/action.yaml")], "vendor.github-actions")
    add([github / "dependabot.yml", github / "dependabot.yaml"], "vendor.dependabot")
    forms = github / "ISSUE_TEMPLATE"
    add([p for p in _yaml_files(forms) if p.stem != "config"], "vendor.github-issue-forms")
    add([p for p in _yaml_files(forms) if p.stem == "config"], "vendor.github-issue-config")
    add([root / ".pre-commit-config.yaml"], PRE_COMMIT)  # no built-in schema: YAML + zizmor only
    return found


def _yaml_files(folder: Path) -> list[Path]:
    return [*folder.glob("*.yml"), *folder.glob("*.yaml")] if folder.is_dir() else []


# YAML with positions ---------------------------------------------------------------------
def load(path: Path, text: str):
    """The parsed document (ruamel keeps line/column of every key and item)."""
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml.load(text)


def parse_json_path(path: str) -> list:
    """'$.jobs['a-b'].steps[0]' -> ['jobs', 'a-b', 'steps', 0]."""
    parts: list = []
    for match in JSON_PATH.finditer(path[1:] if path.startswith("$") else path):
        dotted, quoted, index = match.groups()
        if index is not None:
            parts.append(int(index))
        else:
            parts.append(dotted if dotted is not None else re.sub(r"\\(.)", r"\1", quoted))
    return parts


def position(doc, parts: list, key: str | None = None) -> tuple[int, int]:
    """1-based line and column of the node at `parts` (of `key` inside it, when given)."""
    node, line, col = doc, 0, 0
    if isinstance(doc, (CommentedMap, CommentedSeq)):
        line, col = doc.lc.line, doc.lc.col
    for part in parts:
        try:
            if isinstance(node, CommentedMap) and part in node:
                line, col = node.lc.key(part)
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line, col = node.lc.item(part)
                node = node[part]
            else:
                break
        except (KeyError, IndexError, TypeError):
            break
    if key is not None and isinstance(node, CommentedMap) and key in node:
        line, col = node.lc.key(key)
    return line + 1, col + 1


# 1. Schema --------------------------------------------------------------------------------
def schema_findings(ctx, docs: dict[Path, object], files: list[tuple[Path, str]]) -> list[Finding]:
    by_schema: dict[str, list[Path]] = {}
    for path, schema in files:
        if path in docs and schema != PRE_COMMIT:
            by_schema.setdefault(schema, []).append(path)
    findings: list[Finding] = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = {schema: pool.submit(_run_check_jsonschema, ctx, schema, paths) for schema, paths in by_schema.items()}
    for schema, future in runs.items():
        findings.extend(_schema_report(ctx, docs, schema, by_schema[schema], future.result()))
    return findings


def _run_check_jsonschema(ctx, schema: str, paths: list[Path]):
    cmd = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, "--output-format", "json"]
    cmd += [str(p) for p in paths]
    try:
        return subprocess.run(cmd, cwd=ctx.root, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return None


def _schema_report(ctx, docs, schema, paths, result) -> list[Finding]:
    first = ctx.rel(paths[0])
    if result is None:
        return [Finding(first, 1, 1, ID, f"check-jsonschema ({schema}) did not finish in {TIMEOUT} s")]
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        reason = _last_line(result.stderr) or f"exit status {result.returncode}"
        return [Finding(first, 1, 1, ID, f"check-jsonschema ({schema}) failed: {reason} (is it installed? make install)")]
    by_name = {}
    for path in paths:
        by_name[str(path)] = path
        by_name[ctx.rel(path)] = path
    findings = []
    for error in report.get("errors", []):
        path = by_name.get(error.get("filename"), paths[0])
        best = error.get("best_deep_match") or error.get("best_match") or error
        parts = parse_json_path(best.get("path", "$"))
        message = best.get("message", error.get("message", "does not match the schema"))
        unexpected = UNEXPECTED.search(message)
        line, col = position(docs[path], parts, unexpected.group(1) if unexpected else None)
        where = best.get("path", "$")
        findings.append(Finding(ctx.rel(path), line, col, ID, f"{schema} schema: {message} (at {where})"))
    for error in report.get("parse_errors", []):
        path = by_name.get(error.get("filename"), paths[0])
        findings.append(Finding(ctx.rel(path), 1, 1, ID, f"{schema} schema: {error.get('message', 'cannot parse')}"))
    return findings


# 2. zizmor --------------------------------------------------------------------------------
def zizmor_binary() -> str | None:
    beside = Path(sys.executable).parent / "zizmor"
    return str(beside) if beside.exists() else shutil.which("zizmor")


def zizmor_findings(ctx, paths: list[Path]) -> list[Finding]:
    if not paths:
        return []
    first = ctx.rel(paths[0])
    binary = zizmor_binary()
    if not binary:
        return [Finding(first, 1, 1, ID, "zizmor is not installed: run `make install` (pinned in requirements-dev.txt)")]
    cmd = [
        binary, "--offline", "--no-config", "--persona", PERSONA, "--min-severity", SEVERITIES[0],
        "--format", "json-v1", "--no-progress", "--color", "never",
    ] + [ctx.rel(p) for p in paths]
    try:
        result = subprocess.run(cmd, cwd=ctx.root, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return [Finding(first, 1, 1, ID, f"zizmor did not finish in {TIMEOUT} s")]
    # Exit status: 0 clean, 10-14 findings (by highest severity), anything else a failure.
    try:
        report = json.loads(result.stdout) if result.stdout.strip() else None
    except json.JSONDecodeError:
        report = None
    if report is None or not (result.returncode == 0 or 10 <= result.returncode <= 14):
        errors = [line.strip() for line in result.stderr.splitlines() if line.startswith(("error", "fatal"))]
        reason = "; ".join(errors) or _last_line(result.stderr) or f"exit status {result.returncode}"
        return [Finding(first, 1, 1, ID, f"zizmor failed: {reason}")]
    findings = []
    for item in report:
        if item.get("ignored"):
            continue
        severity = str(item.get("determinations", {}).get("severity", "")).lower()
        if severity not in SEVERITIES:
            continue
        ident = item.get("ident", "zizmor")
        primary = [loc for loc in item.get("locations", []) if loc.get("symbolic", {}).get("kind") == "Primary"]
        for loc in primary or item.get("locations", [])[:1]:
            symbolic, concrete = loc.get("symbolic", {}), loc.get("concrete", {})
            local = symbolic.get("key", {}).get("Local", {})
            path = local.get("verbatim_path") or local.get("given_path") or first
            start = concrete.get("location", {}).get("start_point", {})
            message = f"zizmor {ident} ({severity}): {item.get('desc', '')}: {symbolic.get('annotation', '')}"
            if ident in HINTS:
                message += f"; fix: {HINTS[ident]}"
            findings.append(
                Finding(ctx.rel(ctx.root / path), int(start.get("row", 0)) + 1, int(start.get("column", 0)) + 1, ID, message)
            )
    return findings


# 3. Version comments on SHA pins ------------------------------------------------------------
def uses_entries(doc):
    """(node, key) of every `uses:` in a workflow (jobs and steps) or a composite action."""
    if not isinstance(doc, CommentedMap):
        return
    jobs = doc.get("jobs")
    if isinstance(jobs, CommentedMap):
        for job in jobs.values():
            if not isinstance(job, CommentedMap):
                continue
            if "uses" in job:
                yield job
            yield from _steps(job.get("steps"))
    runs = doc.get("runs")
    if isinstance(runs, CommentedMap):
        yield from _steps(runs.get("steps"))


def _steps(steps):
    if isinstance(steps, CommentedSeq):
        for step in steps:
            if isinstance(step, CommentedMap) and "uses" in step:
                yield step


def pin_findings(ctx, path: Path, doc, text: str) -> list[Finding]:
    lines = text.splitlines()
    findings = []
    for node in uses_entries(doc):
        value = node["uses"]
        if not isinstance(value, str) or value.startswith(("./", "docker://")) or "@" not in value:
            continue
        ref = value.rsplit("@", 1)[1]
        if not FULL_SHA.match(ref):
            continue  # zizmor's unpinned-uses reports it
        line, col = node.lc.value("uses")
        source_line = lines[line] if line < len(lines) else ""
        comment = source_line[source_line.find("#"):] if "#" in source_line else ""
        if not VERSION_COMMENT.search(comment):
            findings.append(Finding(
                ctx.rel(path), line + 1, col + 1, ID,
                f"{value.rsplit('@', 1)[0]} is pinned to a SHA without its version: add it as a comment "
                f"on the same line, e.g. `uses: {value} # v1.2.3`",
            ))
    return findings


# The gate ------------------------------------------------------------------------------------
def run(ctx) -> list[Finding]:
    files = targets(ctx.root)
    docs: dict[Path, object] = {}
    texts: dict[Path, str] = {}
    findings: list[Finding] = []
    for path, _schema in files:
        text = ctx.read(path)
        if text is None:  # not UTF-8: the runner reports it once
            continue
        try:
            docs[path] = load(path, text)
            texts[path] = text
        except MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            last = max(1, len(text.splitlines()))
            if line > last:  # "found <stream end>": point at the last line, not past it
                line, col = last, 1
            problem = exc.problem or exc.context or "cannot parse"
            findings.append(Finding(ctx.rel(path), line, col, ID, f"invalid YAML: {problem}"))
        except Exception as exc:  # noqa: BLE001 (any other YAML failure: one line)
            findings.append(Finding(ctx.rel(path), 1, 1, ID, f"invalid YAML: {_last_line(str(exc))}"))
    # zizmor stops with no audit at all when no input is a usable document; a
    # file that is not a mapping is already a schema finding.
    audited = [p for p, schema in files if isinstance(docs.get(p), CommentedMap) and schema in AUDITED]
    with ThreadPoolExecutor(max_workers=2) as pool:
        zizmor = pool.submit(zizmor_findings, ctx, audited)
        findings += schema_findings(ctx, docs, files)
        findings += zizmor.result()
    for path, schema in files:
        if path in docs and schema in ("vendor.github-workflows", "vendor.github-actions"):
            findings += pin_findings(ctx, path, docs[path], texts[path])
    return sorted(set(findings))


def _last_line(text: str) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else ""
