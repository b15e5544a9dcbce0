"""Benchmark what the guide costs readers and contributors: `make bench`.

Why: speed is part of the reader's experience (many read on a phone) and of the
contributor's (a slow `make check` gets skipped). Tests never assert timings;
this report does, against budgets, printed as PASS/FAIL (it is not a test and
exits 0 whatever the numbers). It measures, on this machine:

- strict build time (median of --runs builds into build/bench/site);
- `make check` time (all quality gates, including its own site build);
- PDF time (both PDFs, scripts/build_pdf.py, on the built site);
- first-visit bytes for every page, from the requests headless Chromium makes
  (HTML, CSS, JS, icons), gzip -9 of each file; plus what opening search adds
  (worker + index, loaded only when a reader opens search);
- search latency: last keystroke to painted results, typed at a person's pace,
  median over the queries the browser tests check (scripts/searchprobe.py);
- Lighthouse 12.2.3 mobile scores for three pages, served gzip-compressed
  (scripts/localserver.py) the way a real host serves them. Lighthouse comes
  from npm, pinned in scripts/lighthouse/package-lock.json (`npm ci` there).

Writes build/bench.json and prints a table.
    python -m scripts.bench [--runs 5] [--skip lighthouse,check,pdf] [--out build/bench.json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

from scripts.browser import find_chromium, launch
from scripts.localserver import serve
from scripts.project import ROOT, nav_pages
from scripts.searchprobe import QUERIES, install, open_search, search

BENCH_DIR = ROOT / "build" / "bench"
LIGHTHOUSE_DIR = ROOT / "scripts" / "lighthouse"
LIGHTHOUSE_PAGES = ("", "dosing/", "side-effects/")  # home, the longest task page, a safety page
TYPING_DELAY_MS = 120  # a brisk typist; each key's search finishes before the next key
KB = 1000
BUDGETS = {
    "home_first_visit_gz": ("<=", 75 * KB, "home first visit, gzip (search on demand)"),
    # The issue counts the search worker and index in the first visit; they now load only
    # when a reader opens search, so this row is what a reader who searches downloads.
    "home_with_search_gz": ("<=", 75 * KB, "home first visit + search worker + index"),
    "search_median_ms": ("<=", 100, "search, keystroke to results (median)"),
    "check_s": ("<=", 15, "make check"),
    "pdf_s": ("<=", 10, "both PDFs"),
    "lh_performance": (">=", 98, "Lighthouse performance (each page)"),
    "lh_accessibility": (">=", 100, "Lighthouse accessibility (each page)"),
    "lh_best-practices": (">=", 100, "Lighthouse best practices (each page)"),
    "lh_seo": (">=", 100, "Lighthouse SEO (each page)"),
}


def run(cmd: list[str], **kwargs) -> tuple[float, subprocess.CompletedProcess]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False, **kwargs)
    return time.perf_counter() - start, proc


def last_line(proc: subprocess.CompletedProcess) -> str:
    lines = (proc.stderr or proc.stdout or "").strip().splitlines()
    return lines[-1][:200] if lines else f"exit {proc.returncode}"


def bench_build(site: Path, runs: int) -> dict:
    times = []
    for _ in range(runs):
        seconds, proc = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site)])
        if proc.returncode != 0:
            raise SystemExit(f"bench: strict build failed: {last_line(proc)}")
        times.append(seconds)
    return {"runs_s": [round(t, 3) for t in times], "median_s": round(statistics.median(times), 3)}


def bench_check(site: Path) -> dict:
    if not (ROOT / "scripts" / "check" / "__main__.py").is_file():
        return {"status": "n/a", "why": "no quality gates yet (scripts/check)"}
    seconds, proc = run(["make", "--no-print-directory", "check", f"SITE={site}", f"VENV={Path(sys.prefix)}"])
    return {"seconds": round(seconds, 2), "exit": proc.returncode,
            "status": "ok" if proc.returncode == 0 else f"gates failed: {last_line(proc)}"}


def bench_pdf(site: Path) -> dict:
    if not (ROOT / "scripts" / "build_pdf.py").is_file():
        return {"status": "n/a", "why": "no PDF builder yet (scripts/build_pdf.py)"}
    if not find_chromium():
        return {"status": "n/a", "why": "no Chromium"}
    seconds, proc = run([sys.executable, "-m", "scripts.build_pdf", "--site", str(site), "--paper", "a4"])
    return {"seconds": round(seconds, 2), "exit": proc.returncode,
            "status": "ok" if proc.returncode == 0 else f"failed: {last_line(proc)}"}


def _file_for(site: Path, base: str, url: str) -> Path | None:
    path = unquote(urlparse(url).path)
    if not path.startswith(base):
        return None
    local = site / path[len(base):]
    if local.is_dir() or path.endswith("/"):
        local = local / "index.html"
    return local if local.is_file() else None


def _sizes(site: Path, base: str, urls: list[str]) -> dict:
    files = {}
    for url in urls:
        local = _file_for(site, base, url)
        if local:
            files[str(local.relative_to(site))] = local.read_bytes()
    return {
        "files": sorted(files),
        "raw": sum(len(b) for b in files.values()),
        "gz": sum(len(gzip.compress(b, 9, mtime=0)) for b in files.values()),
    }


def bench_browser(site: Path) -> dict:
    """First-visit bytes for every page, then search latency, in one Chromium."""
    from playwright.sync_api import sync_playwright

    pages = [p.url for p in nav_pages()] + ["print_page/"]
    out: dict = {"pages": {}}
    with serve(site) as url, sync_playwright() as pw:
        base = urlparse(url).path
        browser = launch(pw)
        try:
            for page_url in pages:
                context = browser.new_context(viewport={"width": 390, "height": 844})
                install(context)
                page = context.new_page()
                requested: list[str] = []
                page.on("request", lambda req, seen=requested: seen.append(req.url))
                page.goto(url + page_url, wait_until="networkidle")
                first = _sizes(site, base, requested)
                before = len(requested)
                if page_url != "print_page/":  # the print page has no search box
                    page.set_viewport_size({"width": 1280, "height": 800})
                    open_search(page)
                extra = _sizes(site, base, requested[before:])
                out["pages"][page_url or "/"] = {
                    "first_visit": first, "search_adds": extra,
                    "with_search_gz": first["gz"] + extra["gz"],
                }
                context.close()
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            install(context)
            page = context.new_page()
            page.goto(url, wait_until="networkidle")
            open_search(page)
            search(page, "warm up", delay=TYPING_DELAY_MS)
            latencies = {}
            for query in QUERIES:
                runs = [search(page, query, delay=TYPING_DELAY_MS).latency_ms for _ in range(3)]
                label = "<misspelling>" if query.lower() == ("bach" + "ofen") else query
                latencies[label] = round(statistics.median(runs), 1)
            context.close()
        finally:
            browser.close()
    values = list(latencies.values())
    out["search"] = {"per_query_ms": latencies, "median_ms": round(statistics.median(values), 1),
                     "max_ms": max(values), "typing_delay_ms": TYPING_DELAY_MS}
    return out


def _npm_ci() -> str | None:
    """Install the pinned Lighthouse if needed; return an error line or None."""
    lh = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "package.json"
    lock = LIGHTHOUSE_DIR / "package-lock.json"
    if lh.is_file() and lh.stat().st_mtime >= lock.stat().st_mtime:
        return None
    npm = shutil.which("npm")
    if not npm:
        return "npm not found (Lighthouse needs Node 18-20 and npm)"
    proc = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=LIGHTHOUSE_DIR,
                          capture_output=True, text=True, check=False)
    return None if proc.returncode == 0 else f"npm ci failed: {last_line(proc)}"


def bench_lighthouse(site: Path) -> dict:
    node, chrome = shutil.which("node"), find_chromium()
    if not node or not chrome:
        return {"status": "n/a", "why": "needs node and Chromium"}
    problem = _npm_ci()
    if problem:
        return {"status": "n/a", "why": problem}
    cli = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
    flags = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
    results = {}
    with serve(site, compress=True) as url:
        for page_url in LIGHTHOUSE_PAGES:
            name = page_url.strip("/") or "home"
            report = BENCH_DIR / f"lighthouse-{name}.json"
            env = dict(os.environ, CHROME_PATH=chrome)
            proc = subprocess.run(
                [node, str(cli), url + page_url, "--quiet", "--output=json", f"--output-path={report}",
                 "--only-categories=performance,accessibility,best-practices,seo", f"--chrome-flags={flags}"],
                cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=300,
            )
            if proc.returncode != 0 or not report.is_file():
                results[page_url or "/"] = {"error": last_line(proc)}
                continue
            data = json.loads(report.read_text(encoding="utf-8"))
            scores = {k: round((v.get("score") or 0) * 100) for k, v in data["categories"].items()}
            failing = sorted(
                a["id"] for a in data["audits"].values()
                if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
            )
            errored = sorted(a["id"] for a in data["audits"].values() if a.get("scoreDisplayMode") == "error")
            metrics = {k: data["audits"][k]["displayValue"] for k in
                       ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index")
                       if k in data["audits"]}
            results[page_url or "/"] = {"scores": scores, "failing_audits": failing, "errored_audits": errored,
                                        "metrics": metrics, "report": str(report.relative_to(ROOT)),
                                        # Lighthouse's CPU yardstick: below ~1000 the machine is slow or busy.
                                        "benchmark_index": data.get("environment", {}).get("benchmarkIndex")}
    return {"status": "ok", "lighthouse": "12.2.3", "pages": results}


def verdicts(report: dict) -> dict:
    """Each budget -> (value, PASS/FAIL/n/a)."""
    values: dict = {}
    pages = report.get("browser", {}).get("pages", {})
    if "/" in pages:
        values["home_first_visit_gz"] = pages["/"]["first_visit"]["gz"]
        values["home_with_search_gz"] = pages["/"]["with_search_gz"]
    if "search" in report.get("browser", {}):
        values["search_median_ms"] = report["browser"]["search"]["median_ms"]
    if "seconds" in report.get("check", {}):
        values["check_s"] = report["check"]["seconds"]
    if "seconds" in report.get("pdf", {}):
        values["pdf_s"] = report["pdf"]["seconds"]
    lh_pages = [p for p in report.get("lighthouse", {}).get("pages", {}).values() if "scores" in p]
    for cat in ("performance", "accessibility", "best-practices", "seo"):
        if lh_pages:
            values[f"lh_{cat}"] = min(p["scores"].get(cat, 0) for p in lh_pages)
    out = {}
    for key, (op, limit, label) in BUDGETS.items():
        if key not in values:
            out[key] = {"label": label, "budget": f"{op} {limit}", "value": None, "verdict": "n/a"}
            continue
        ok = values[key] <= limit if op == "<=" else values[key] >= limit
        out[key] = {"label": label, "budget": f"{op} {limit}", "value": values[key], "verdict": "PASS" if ok else "FAIL"}
    if out["check_s"]["verdict"] == "PASS" and report["check"].get("exit"):
        out["check_s"]["verdict"] = "PASS (time; gates reported findings)"
    return out


def print_table(report: dict) -> None:
    build = report["build"]
    print(f"\nstrict build: median {build['median_s']} s of {len(build['runs_s'])} ({build['runs_s']})")
    for key in ("check", "pdf"):
        item = report[key]
        shown = f"{item['seconds']} s ({item['status']})" if "seconds" in item else f"n/a ({item.get('why')})"
        print(f"{'make check' if key == 'check' else 'PDFs (both)'}: {shown}")
    pages = report.get("browser", {}).get("pages", {})
    if pages:
        print(f"\n{'page':<16}{'requests':>9}{'raw KB':>9}{'gzip KB':>9}{'+search gz':>12}{'total gz':>10}")
        for name, p in pages.items():
            f = p["first_visit"]
            print(f"{name:<16}{len(f['files']):>9}{f['raw'] / KB:>9.1f}{f['gz'] / KB:>9.1f}"
                  f"{p['search_adds']['gz'] / KB:>12.1f}{p['with_search_gz'] / KB:>10.1f}")
        s = report["browser"]["search"]
        print(f"\nsearch (typed {s['typing_delay_ms']} ms per key): median {s['median_ms']} ms, max {s['max_ms']} ms")
        print("  " + ", ".join(f"{q} {ms}" for q, ms in s["per_query_ms"].items()))
    lh = report.get("lighthouse", {})
    if lh.get("pages"):
        print(f"\nLighthouse {lh['lighthouse']} (mobile, gzip server):")
        for name, p in lh["pages"].items():
            if "scores" in p:
                print(f"  {name:<14}" + "  ".join(f"{k} {v}" for k, v in p["scores"].items())
                      + f"  (CPU index {p.get('benchmark_index')})"
                      + (f"  failing: {', '.join(p['failing_audits'])}" if p["failing_audits"] else ""))
            else:
                print(f"  {name:<14}error: {p['error']}")
    elif lh:
        print(f"\nLighthouse: n/a ({lh.get('why')})")
    print(f"\n{'budget':<48}{'limit':>12}{'value':>10}  verdict")
    for v in report["budgets"].values():
        value = "n/a" if v["value"] is None else v["value"]
        print(f"{v['label']:<48}{v['budget']:>12}{value!s:>10}  {v['verdict']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="strict builds to time (default 5)")
    parser.add_argument("--skip", default="", help="comma list of parts to skip: check, pdf, browser, lighthouse")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench.json", help="JSON report")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    unknown = skip - {"check", "pdf", "browser", "lighthouse"}
    if unknown or args.runs < 1:
        print(f"bench: bad --skip {sorted(unknown)} or --runs {args.runs}", file=sys.stderr)
        return 2
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    site = BENCH_DIR / "site"
    report: dict = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": os.uname().nodename,
                    "cpus": os.cpu_count()}
    print(f"bench: {args.runs} strict builds ...", flush=True)
    report["build"] = bench_build(site, args.runs)
    print("bench: make check ...", flush=True)
    report["check"] = {"status": "n/a", "why": "skipped"} if "check" in skip else bench_check(BENCH_DIR / "check-site")
    print("bench: PDFs ...", flush=True)
    report["pdf"] = {"status": "n/a", "why": "skipped"} if "pdf" in skip else bench_pdf(site)
    if "browser" not in skip and find_chromium():
        print("bench: first visits and search in Chromium ...", flush=True)
        report["browser"] = bench_browser(site)
    if "lighthouse" not in skip:
        print("bench: Lighthouse ...", flush=True)
        report["lighthouse"] = bench_lighthouse(site)
    report["budgets"] = verdicts(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print_table(report)
    print(f"\nreport: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
