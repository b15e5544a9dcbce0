"""The GitHub workflows: they validate offline (schema + zizmor + pinned versions),
they have the shape the contributor workflow relies on (triggers, least-privilege
permissions, concurrency, one required job), and a seeded bad workflow fails
the WORKFLOW gate with its file and line. Also: `make linkcheck-external`
fails clearly, and fast, when a link cannot be reached."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.check import workflows
from scripts.check.context import Context
from scripts.project import ROOT, load_yaml

WORKFLOWS = ROOT / ".github" / "workflows"
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def gate(root: Path) -> list[str]:
    ctx = Context(root=root, site=root / "site", rules=None)
    return [f.format() for f in workflows.run(ctx)]


def workflow(name: str) -> dict:
    doc = load_yaml(WORKFLOWS / name)
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    if True in doc:
        doc["on"] = doc.pop(True)
    return doc


def all_uses(doc: dict):
    for job in doc.get("jobs", {}).values():
        if "uses" in job:
            yield job["uses"]
        for step in job.get("steps", []):
            if "uses" in step:
                yield step["uses"]
    for step in doc.get("runs", {}).get("steps", []):
        if "uses" in step:
            yield step["uses"]


# The real files ------------------------------------------------------------------------
def test_the_real_workflows_pass_the_gate():
    files = [p.relative_to(ROOT).as_posix() for p, _ in workflows.targets(ROOT)]
    for needed in (".github/workflows/ci.yml", ".github/workflows/deploy.yml", ".github/workflows/links.yml",
                   ".github/actions/setup/action.yml", ".github/dependabot.yml",
                   ".github/ISSUE_TEMPLATE/report-a-problem.yml", ".github/ISSUE_TEMPLATE/config.yml"):
        assert needed in files, f"the WORKFLOW gate does not check {needed}"
    assert gate(ROOT) == []


def test_every_action_is_pinned_to_a_full_sha():
    files = [*WORKFLOWS.glob("*.yml"), *(ROOT / ".github" / "actions").glob("*/action.yml")]
    seen = 0
    for path in files:
        for uses in all_uses(load_yaml(path) or {}):
            if uses.startswith("./"):
                continue
            seen += 1
            assert SHA_PIN.match(uses), f"{path.relative_to(ROOT)}: {uses} is not pinned to a full commit SHA"
    assert seen >= 8


def test_ci_runs_on_pull_requests_and_main_with_one_required_job():
    ci = workflow("ci.yml")
    assert "pull_request" in ci["on"] and ci["on"]["push"]["branches"] == ["main"]
    assert ci["permissions"] == {"contents": "read"}
    assert "pull_request" in str(ci["concurrency"]["cancel-in-progress"])
    jobs = ci["jobs"]
    others = sorted(name for name in jobs if name != "ci-ok")
    assert sorted(jobs["ci-ok"]["needs"]) == others, "ci-ok must need every other job"
    assert "always()" in jobs["ci-ok"]["if"]
    runs = " ".join(step.get("run", "") for job in jobs.values() for step in job.get("steps", []))
    gates = "python -m scripts.check --site site"
    for command in (gates, "make test", "make pdf"):
        assert command in runs, f"ci.yml does not run {command}"
    # The gates run on the site WITH its PDFs: make pdf first, then the gates without
    # --build (a rebuild would clean site/downloads/ away).
    assert runs.index("make pdf") < runs.index(gates)
    assert "--build" not in runs.split(gates, 1)[1].split("\n", 1)[0]
    artifacts = {step["with"]["name"] for job in jobs.values() for step in job.get("steps", [])
                 if "upload-artifact" in step.get("uses", "")}
    assert {"site", "pdfs", "screenshots"} <= artifacts


def test_deploy_grants_pages_rights_only_to_the_deploy_job():
    deploy = workflow("deploy.yml")
    assert deploy["on"]["push"]["branches"] == ["main"]
    assert deploy["concurrency"]["group"] == "pages"
    assert deploy["permissions"] == {}
    jobs = deploy["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for name, job in jobs.items():
        if name != "deploy":
            assert set(job.get("permissions", {}).values()) <= {"read"}, f"{name} may write"
    uses = list(all_uses(deploy))
    for action in ("actions/upload-pages-artifact@", "actions/deploy-pages@", "actions/configure-pages@"):
        assert any(u.startswith(action) for u in uses), action
    runs = " ".join(step.get("run", "") for job in jobs.values() for step in job.get("steps", []))
    assert "make pdf" in runs  # the pdf target builds the site first


def test_links_job_is_weekly_and_only_the_issue_job_writes_issues():
    links = workflow("links.yml")
    assert "schedule" in links["on"] and "workflow_dispatch" in links["on"]
    assert links["permissions"] == {}
    jobs = links["jobs"]
    writers = [name for name, job in jobs.items() if "write" in job.get("permissions", {}).values()]
    assert writers == ["tracking-issue"]
    assert jobs["tracking-issue"]["permissions"] == {"issues": "write"}
    runs = " ".join(step.get("run", "") for job in jobs.values() for step in job.get("steps", []))
    assert "make linkcheck-external" in runs
    assert "scripts.check frontmatter --strict-review" in runs


def test_every_job_has_a_timeout():
    for path in WORKFLOWS.glob("*.yml"):
        for name, job in workflow(path.name)["jobs"].items():
            assert "timeout-minutes" in job, f"{path.name}: job {name} has no timeout-minutes"


# A seeded bad workflow fails, at the right file and line ----------------------------------
BAD = """\
name: Bad
on:
  pull_request:
permissions: write-all
jobs:
  build:
    name: Build
    runs-on: ubuntu-24.04
    timeout-minuets: 10
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - uses: actions/setup-python@a309ff8b426b58ec0e2a45f0f869d46889d02405
      - run: echo ok
"""


@pytest.fixture
def bad_root(tmp_path):
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text(BAD, encoding="utf-8")
    return tmp_path


def finding(lines: list[str], prefix: str, *words: str) -> str:
    hits = [line for line in lines if line.startswith(prefix) and all(w in line for w in words)]
    assert hits, f"no finding {prefix} {words} in:\n" + "\n".join(lines)
    return hits[0]


def test_seeded_invalid_key_fails_at_its_line(bad_root):
    finding(gate(bad_root), ".github/workflows/bad.yml:9:5: WORKFLOW ", "schema", "timeout-minuets")


def test_seeded_unpinned_action_fails_at_its_line(bad_root):
    finding(gate(bad_root), ".github/workflows/bad.yml:11:15: WORKFLOW ", "unpinned-uses")


def test_seeded_excessive_permissions_fail_at_their_line(bad_root):
    finding(gate(bad_root), ".github/workflows/bad.yml:4:1: WORKFLOW ", "excessive-permissions")


def test_seeded_sha_pin_without_version_comment_fails(bad_root):
    finding(gate(bad_root), ".github/workflows/bad.yml:14:15: WORKFLOW ", "actions/setup-python", "version")


def test_workflow_level_write_permission_fails(tmp_path):
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    text = ROOT.joinpath(".github/workflows/ci.yml").read_text(encoding="utf-8")
    assert "permissions:\n  contents: read\n" in text
    (folder / "ci.yml").write_text(text.replace("permissions:\n  contents: read\n",
                                                "permissions:\n  contents: write\n"), encoding="utf-8")
    (tmp_path / ".github" / "actions").mkdir()
    shutil.copytree(ROOT / ".github" / "actions" / "setup", tmp_path / ".github" / "actions" / "setup")
    line = text.splitlines().index("  contents: read") + 1
    finding(gate(tmp_path), f".github/workflows/ci.yml:{line}:", "excessive-permissions")


def test_broken_yaml_is_one_finding_not_a_traceback(tmp_path):
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "broken.yml").write_text("name: x\non: push\njobs:\n  a:\n    runs-on: [\n", encoding="utf-8")
    assert gate(tmp_path) == [".github/workflows/broken.yml:5:1: WORKFLOW invalid YAML: "
                              "expected the node content, but found '<stream end>'"]


def test_an_empty_workflow_does_not_hide_the_others(bad_root):
    """zizmor audits nothing when given no usable workflow; an empty file must not stop it."""
    (bad_root / ".github" / "workflows" / "empty.yml").write_text("", encoding="utf-8")
    lines = gate(bad_root)
    finding(lines, ".github/workflows/empty.yml:1:1: WORKFLOW ", "schema", "not of type 'object'")
    finding(lines, ".github/workflows/bad.yml:11:15: WORKFLOW ", "unpinned-uses")
    assert not [line for line in lines if "zizmor failed" in line], lines


def test_bad_issue_form_fails(tmp_path):
    forms = tmp_path / ".github" / "ISSUE_TEMPLATE"
    forms.mkdir(parents=True)
    text = ROOT.joinpath(".github/ISSUE_TEMPLATE/report-a-problem.yml").read_text(encoding="utf-8")
    (forms / "report-a-problem.yml").write_text(text.replace("type: input", "type: inptu", 1), encoding="utf-8")
    line = text.splitlines().index("  - type: input") + 1
    finding(gate(tmp_path), f".github/ISSUE_TEMPLATE/report-a-problem.yml:{line}:", "github-issue-forms schema")


# make linkcheck-external: not in `make check`; fails clearly when a link is unreachable -----
def test_linkcheck_external_is_separate_from_make_check():
    make = subprocess.run(["make", "-n", "check"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert "lychee" not in make.stdout
    help_text = subprocess.run(["make", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "linkcheck-external" in help_text
    ignore = (ROOT / ".lycheeignore").read_text(encoding="utf-8")
    assert ignore.lstrip().startswith("#"), ".lycheeignore must explain itself in comments"


def test_linkcheck_external_fails_clearly_on_an_unreachable_link(tmp_path):
    """A link nobody answers (port 9 on this machine: refused at once, online or not; lychee
    skips reserved names like .invalid): lychee names it and make exits non-zero with a hint."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text("See [a source](http://127.0.0.1:9/source).\n")
    for name in ("requirements.txt", "requirements-dev.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
        os.utime(tmp_path / name, (0, 0))  # older than .venv/.installed: no reinstall
    venv = Path(os.environ.get("VIRTUAL_ENV") or ROOT / ".venv")
    result = subprocess.run(
        ["make", "-f", str(ROOT / "Makefile"), "linkcheck-external", f"VENV={venv}"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "127.0.0.1:9/source" in output, output
    assert "linkcheck-external: FAILED" in output and "only works online" in output, output


# Through the runner, as `make check` runs it -----------------------------------------------
def test_runner_reports_the_seeded_workflow_with_an_annotation(bad_root):
    shutil.copy(ROOT / "content-rules.yml", bad_root / "content-rules.yml")
    env = dict(os.environ, GITHUB_ACTIONS="true")
    result = subprocess.run(
        [sys.executable, "-m", "scripts.check", "workflows", "--root", str(bad_root)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    finding(lines, ".github/workflows/bad.yml:11:15: WORKFLOW ", "unpinned-uses")
    finding(lines, "::error file=.github/workflows/bad.yml,line=11,col=15,title=WORKFLOW::", "unpinned-uses")


def test_runner_lists_the_workflow_gate():
    result = subprocess.run([sys.executable, "-m", "scripts.check", "--list"], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    assert re.search(r"^\s*workflows\s+WORKFLOW\s", result.stdout, re.M), result.stdout
