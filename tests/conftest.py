"""Shared fixtures: the site is built once per test session, strictly, into a temp folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.project import ROOT, load_mkdocs_config, nav_pages


def build_site(dest: Path, config: Path | None = None) -> subprocess.CompletedProcess:
    """Run a strict MkDocs build (never with -q: it hides warnings) into dest."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(dest)]
    if config:
        cmd += ["--config-file", str(config)]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The real site, built once per session. Set BACLOFEN_SITE to reuse a fresh build."""
    reuse = os.environ.get("BACLOFEN_SITE")
    if reuse:
        return Path(reuse)
    dest = tmp_path_factory.mktemp("built") / "site"
    result = build_site(dest)
    assert result.returncode == 0, f"strict build failed:\n{result.stderr}"
    return dest


@pytest.fixture(scope="session")
def mkdocs_config() -> dict:
    return load_mkdocs_config()


@pytest.fixture(scope="session")
def pages():
    return nav_pages()


# One headless Chromium and one served copy of the site for the whole session, shared by
# every browser test module (policy for a missing browser: tests/browser_support.py).
from browser_support import browser, site_url  # noqa: E402,F401 (pytest fixtures)
