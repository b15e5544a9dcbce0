"""Run the quality gates: `python -m scripts.check [GATE...] [--site DIR] [--fix] [--strict-review]`.

Why: one command (`make check`) must run every gate offline, in seconds, and
tell a contributor exactly where each problem is. Every gate module in
`scripts/check/` exposes ID, DESCRIPTION and run(ctx) -> list[Finding] (and
NEEDS_SITE = True when it reads the built site); to add a gate, write such a
module and add its name to GATES below.

Exit status: 0 clean (warnings allowed), 1 findings, 2 bad usage or an
unusable configuration (unknown rules key, broken rules YAML, no built site).
Bad input never gives a traceback: each problem is one line (set
CHECK_DEBUG=1 to see the traceback of an internal error).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scripts.check.context import Context
from scripts.check.report import Finding, is_failure, print_findings
from scripts.check.rules import UsageError, load_rules
from scripts.project import ROOT, ProjectError

# Run order (and report order). Slow, subprocess-bound gates first: they run
# in worker threads while the Python gates use the CPU.
GATES = (
    "build",
    "links",
    "spelling",
    "mdlint",
    "workflows",
    "banned",
    "sources",
    "required",
    "frontmatter",
    "readability",
    "privacy",
)
RULES_FILE = "content-rules.yml"


def load_gate(name: str):
    return importlib.import_module(f"scripts.check.{name}")


def _gate_list() -> str:
    lines = []
    for name in GATES:
        module = load_gate(name)
        lines.append(f"  {name:<12} {module.ID:<12} {module.DESCRIPTION}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.check",
        description="Static quality gates for the Baclofen Guide (offline, no browser). "
        "Each finding is one line: path:line:col: CHECK-ID message.",
        epilog="gates (name, check ID, what it checks):\n" + _gate_list() + "\n\n"
        "exit status: 0 clean, 1 findings, 2 bad usage or unusable configuration.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("gates", nargs="*", metavar="GATE", help="gates to run (default: all)")
    parser.add_argument("--site", default="site", help="the built site to check (default: site/)")
    parser.add_argument("--root", default=None, help=argparse.SUPPRESS)  # tests: a copy of the project
    parser.add_argument("--fix", action="store_true", help="rewrite banned terms in the sources to their correction")
    parser.add_argument(
        "--strict-review", action="store_true", help="an overdue page review is an error, not a warning"
    )
    parser.add_argument(
        "--build",
        action="store_true",
        help="the build gate builds the site INTO --site (one strict build for `make check`); "
        "the site gates then check that build",
    )
    parser.add_argument("--list", action="store_true", help="list the gates and exit")
    parser.add_argument(
        "--jobs", type=int, default=0, help="how many gates run at once (default 0: all; most wait on a subprocess)"
    )
    parser.add_argument("--timings", action="store_true", help="print how long each gate took (to stderr)")
    return parser


def _run_gate(module, ctx: Context, timings: dict | None = None) -> list[Finding]:
    started = time.monotonic()
    try:
        return list(module.run(ctx))
    except (UsageError, KeyboardInterrupt):
        raise
    except ProjectError as exc:  # bad input in a project file: one line, as a finding
        from scripts.check.context import _finding_from_error

        text = str(exc)
        path = text.split(":", 1)[0]
        return [_finding_from_error(ctx, exc, Path(path), module.ID)]
    except Exception as exc:  # noqa: BLE001 (never a traceback unless asked)
        if os.environ.get("CHECK_DEBUG"):
            raise
        raise UsageError(f"gate {module.__name__.rsplit('.', 1)[-1]} failed: {type(exc).__name__}: {exc}") from None
    finally:
        if timings is not None:
            timings[module.ID] = time.monotonic() - started


def _run_all(modules, ctx: Context, args, timings: dict) -> dict[str, list[Finding]]:
    """Run the gates, overlapping; with --build, the site gates wait for the build gate's site."""
    from scripts.check.built import require_site

    needs_site = [m for m in modules if getattr(m, "NEEDS_SITE", False)]
    builder = next((m for m in modules if m.__name__.endswith(".build")), None) if args.build else None
    if needs_site and builder is None:
        require_site(ctx)
    if builder is not None:
        ctx.build_into = ctx.site
    results: dict[str, list[Finding]] = {}
    workers = args.jobs if args.jobs > 0 else len(modules) or 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        first = [m for m in modules if m not in needs_site]
        futures = {m.ID: pool.submit(_run_gate, m, ctx, timings) for m in first}
        if builder is not None:
            results[builder.ID] = futures.pop(builder.ID).result()
            if not ctx.build_completed:
                print("check: the build did not finish, so the gates on the built site were skipped", file=sys.stderr)
                needs_site = []
            else:
                require_site(ctx)
        futures.update({m.ID: pool.submit(_run_gate, m, ctx, timings) for m in needs_site})
        for gate_id, future in futures.items():
            results[gate_id] = future.result()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.list:
        print(_gate_list())
        return 0
    unknown = [g for g in args.gates if g not in GATES]
    if unknown:
        print(f"check: error: unknown gate {unknown[0]!r} (choose from: {', '.join(GATES)})", file=sys.stderr)
        return 2
    selected = [g for g in GATES if g in args.gates] if args.gates else list(GATES)
    root = Path(args.root).resolve() if args.root else ROOT
    site = Path(args.site)
    site = site if site.is_absolute() else (Path.cwd() / site)
    started = time.monotonic()
    timings: dict[str, float] = {}
    try:
        rules = load_rules(root / RULES_FILE, RULES_FILE)
        ctx = Context(root=root, site=site, rules=rules, fix=args.fix, strict_review=args.strict_review)
        modules = [load_gate(name) for name in selected]
        results = _run_all(modules, ctx, args, timings)
    except UsageError as exc:
        print(f"check: error: {exc}", file=sys.stderr)
        return 2

    seen: set[Finding] = set()
    failures = warnings = 0
    for module in modules:
        findings = results.get(module.ID)
        if findings is None:
            continue
        fresh = [f for f in sorted(set(findings)) if f not in seen]
        seen.update(fresh)
        print_findings(fresh)
        for line in ctx.notes.get(module.ID, []):
            print(line)
    problems = [f for f in sorted(ctx.problems.values()) if f not in seen]
    print_findings(problems)
    for finding in [*seen, *problems]:
        if is_failure(finding):
            failures += 1
        else:
            warnings += 1
    elapsed = time.monotonic() - started
    if args.timings:
        for gate_id, seconds in timings.items():
            print(f"check: {gate_id:<12} {seconds:5.2f} s (wall clock, gates overlap)", file=sys.stderr)
    status = "ok" if not failures else "FAILED"
    print(
        f"check: {status}: {failures} error(s), {warnings} warning(s) from {len(selected)} gate(s) in {elapsed:.1f} s",
        file=sys.stderr,
    )
    return 1 if failures else 0
