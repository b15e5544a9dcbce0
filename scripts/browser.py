"""Find and launch a system Chromium for Playwright (PDFs, browser tests, benchmark).

Why: this project never downloads a browser at run time (`playwright install`
fails offline). It looks for one in this order: $CHROMIUM, `chromium`,
`chromium-browser`, `google-chrome`, then Playwright's own if one is installed.
The launch flags suit a closed network: no background connections, no sandbox
(CI runs as root), no GPU.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium() -> str | None:
    """Return the path of a Chromium-family browser, or None when there is none."""
    env = os.environ.get("CHROMIUM")
    if env:
        return env if Path(env).exists() or shutil.which(env) else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    try:  # Playwright's own browser, only if someone installed it already
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            path = p.chromium.executable_path
        return path if path and Path(path).exists() else None
    except Exception:  # noqa: BLE001 (no Playwright browser is a normal outcome)
        return None


def launch(playwright, **kwargs):
    """Launch the found Chromium with the closed-network flags; raise RuntimeError if none."""
    path = find_chromium()
    if not path:
        raise RuntimeError(
            "no Chromium found: set $CHROMIUM or install one (Debian: apt-get install chromium)"
        )
    return playwright.chromium.launch(executable_path=path, args=LAUNCH_ARGS, **kwargs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    path = find_chromium()
    if not path:
        print("browser: no Chromium found (set $CHROMIUM or apt-get install chromium)", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
