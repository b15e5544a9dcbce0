"""The contributor files say what the project really does: CONTRIBUTING.md explains
every gate the runner has, STYLE.md's rules are numbered and hold the safety wording,
CODEOWNERS names teams only, pre-commit runs real gates offline, and the .github/
files use the one repository address from mkdocs.yml."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from scripts.check.runner import GATES, load_gate
from scripts.project import ROOT, load_yaml, read_text

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
STYLE = ROOT / "STYLE.md"
CODEOWNERS = ROOT / ".github" / "CODEOWNERS"
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"
EMERGENCY = "call your local emergency number (for example 911 in the US, 999 in the UK, 112 in the EU)"
# The drug-name misspelling, built at run time so this file never contains it.
MISSPELLING = "Bach" + "ofen"


def gate_ids() -> dict[str, str]:
    return {name: load_gate(name).ID for name in GATES}


def test_contributing_explains_every_gate():
    text = read_text(CONTRIBUTING)
    table = {m.group(1) for m in re.finditer(r"^\| `([A-Z]+)` \|", text, re.M)}
    missing = sorted(set(gate_ids().values()) - table)
    assert not missing, f"CONTRIBUTING.md section 4 has no row for {missing}"
    unknown = sorted(table - set(gate_ids().values()))
    assert not unknown, f"CONTRIBUTING.md explains gates that do not exist: {unknown}"
    assert len(table) >= 11


def test_contributing_covers_setup_pages_citations_and_review():
    text = " ".join(read_text(CONTRIBUTING).split())
    for needed in ("make serve", "make check", "make test", "last_reviewed", "next_review_due",
                   "review_status", "data-safety", "abbreviations.md", "references.md#",
                   "[^nhs-how]:", "CODEOWNERS", "make linkcheck-external", EMERGENCY.split(" (")[0]):
        assert needed in text, f"CONTRIBUTING.md does not mention {needed!r}"


def test_contributing_front_matter_example_matches_the_schema():
    rules = load_yaml(ROOT / "content-rules.yml")
    block = re.search(r"```yaml\n\s*---\n(.*?)\n\s*---\n", read_text(CONTRIBUTING), re.S)
    assert block, "CONTRIBUTING.md lost its front-matter example"
    example = load_yaml_text(block.group(1))
    assert set(example) == set(rules["front_matter"]["keys"])
    assert example["review_status"] in rules["front_matter"]["allowed_values"]["review_status"]


def load_yaml_text(text: str) -> dict:
    import textwrap

    import yaml

    return yaml.safe_load(textwrap.dedent(text))


def test_style_rules_are_numbered_in_order_and_hold_the_safety_wording():
    text = read_text(STYLE)
    numbers = [int(n) for n in re.findall(r"^ {0,3}(\d+)\. \*\*", text, re.M)]
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    assert len(numbers) >= 20
    flat = " ".join(text.split())
    for needed in (EMERGENCY, '"5 mg"', '"micrograms"', '"mcg"', "click here",
                   '!!! emergency "Call your local emergency number now if:"',
                   '!!! urgent "Contact your doctor or nurse today if:"',
                   '!!! routine "Talk to your doctor or pharmacist if:"', '"baclofen"', '"Baclofen"'):
        assert needed in flat, f"STYLE.md lacks {needed!r}"


def test_style_emergency_phrase_matches_the_disclaimer(mkdocs_config):
    disclaimer = " ".join(mkdocs_config["extra"]["disclaimer"]["text"].split())
    assert "(for example 911 in the US, 999 in the UK, 112 in the EU)" in disclaimer


@pytest.mark.parametrize("path", [
    "CONTRIBUTING.md", "STYLE.md", "LICENSE", "LICENSE-content.md", ".pre-commit-config.yaml",
    ".lycheeignore", ".github/CODEOWNERS", ".github/pull_request_template.md", ".github/dependabot.yml",
    ".github/ISSUE_TEMPLATE/report-a-problem.yml", ".github/ISSUE_TEMPLATE/suggest-content.yml",
    ".github/ISSUE_TEMPLATE/config.yml", ".github/workflows/ci.yml", ".github/workflows/deploy.yml",
    ".github/workflows/links.yml", ".github/actions/setup/action.yml",
])
def test_contributor_files_never_misspell_the_drug(path):
    text = read_text(ROOT / path)
    assert not re.search(MISSPELLING, text, re.I), f"{path} contains the banned misspelling"


def test_codeowners_names_teams_only(mkdocs_config):
    org = urlsplit(mkdocs_config["extra"]["repository"]).path.strip("/").split("/")[0]
    owners_of = {}
    for number, line in enumerate(read_text(CODEOWNERS).splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pattern, *owners = line.split()
        assert owners, f"CODEOWNERS:{number}: {pattern} has no owner"
        for owner in owners:
            assert re.fullmatch(rf"@{re.escape(org)}/[a-z0-9-]+", owner), (
                f"CODEOWNERS:{number}: {owner} is not a team of @{org} (teams only, no named people)")
        if pattern not in ("*",):
            target = pattern.strip("/").replace("*", "")
            matches = list(ROOT.glob(pattern.strip("/"))) if "*" in pattern else [ROOT / target]
            assert any(m.exists() for m in matches), f"CODEOWNERS:{number}: {pattern} matches nothing"
        owners_of[pattern] = owners
    assert owners_of["/docs/"] == [f"@{org}/clinical-content"]
    for tooling in ("/scripts/", "/tests/", "/.github/", "/Makefile"):
        assert owners_of[tooling] == [f"@{org}/tooling"], tooling


def test_pre_commit_runs_registered_gates_offline():
    config = load_yaml(PRE_COMMIT)
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert all(repo["repo"] == "local" for repo in config["repos"]), "hooks must not download anything"
    assert all(hook["language"] == "system" for hook in hooks)
    named = []
    for hook in hooks:
        for match in re.finditer(r"-m scripts\.check ((?:[a-z]+ ?)+)", hook["entry"]):
            named += match.group(1).split()
    assert {"banned", "frontmatter", "mdlint", "spelling", "workflows"} <= set(named), named
    unknown = sorted(set(named) - set(GATES))
    assert not unknown, f".pre-commit-config.yaml runs gates the runner does not know: {unknown}"
    assert any(hook["entry"] == "make check" and hook.get("stages") == ["pre-push"] for hook in hooks)


def test_github_files_use_the_one_repository_address(mkdocs_config):
    repository = mkdocs_config["extra"]["repository"].rstrip("/")
    site_url = mkdocs_config["site_url"]
    config = load_yaml(ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml")
    assert config["blank_issues_enabled"] is False
    for link in config["contact_links"]:
        assert link["url"].startswith((repository + "/", site_url)), link["url"]
    for path in (CONTRIBUTING, ROOT / ".lycheeignore"):
        text = read_text(path)
        for url in re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", text):
            assert url == repository, f"{path.name}: {url} is not {repository}"
    for url in re.findall(r"https?://[\w.-]+\.github\.io/[\w.-]+/", read_text(ROOT / "LICENSE-content.md")):
        assert url == site_url


def test_licences_are_stated():
    code = read_text(ROOT / "LICENSE")
    assert "MIT License" in code and "CC BY-SA 4.0" in code and "LICENSE-content.md" in code
    content = read_text(ROOT / "LICENSE-content.md")
    assert "https://creativecommons.org/licenses/by-sa/4.0/legalcode" in content
