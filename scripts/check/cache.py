"""A small on-disk cache for slow, pure tool results (Markdown lint per file, readability per text).

Why: `make check` runs often while someone edits one page. pymarkdown and
textstat are pure functions of their input (file content + configuration +
tool version), so their results for unchanged input are kept in
.cache/check/NAME.json (git-ignored) and only changed files are re-run. A
missing, corrupt or unwritable cache just means everything is recomputed.
Delete .cache/ (or run `make clean`) to start cold.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading

from scripts.project import ROOT

CACHE_DIR = ROOT / ".cache" / "check"
MAX_ENTRIES = 2000
_LOCK = threading.Lock()


def key(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


class Cache:
    def __init__(self, name: str):
        self.path = CACHE_DIR / f"{name}.json"
        try:
            self.data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(self.data, dict):
                self.data = {}
        except (OSError, ValueError):
            self.data = {}
        self.dirty = False

    def get(self, k: str):
        return self.data.get(k)

    def put(self, k: str, value) -> None:
        self.data[k] = value
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        with _LOCK:
            try:
                if len(self.data) > MAX_ENTRIES:  # keep the newest entries (dicts keep insertion order)
                    self.data = dict(list(self.data.items())[-MAX_ENTRIES:])
                self.path.parent.mkdir(parents=True, exist_ok=True)
                partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
                partial.write_text(json.dumps(self.data), encoding="utf-8")
                partial.replace(self.path)
            except OSError:
                pass  # a read-only checkout: no cache, same results
