"""Findings and how they are printed: the one reporting format of every gate.

Why: a contributor (and a pull-request page) should read every problem the
same way, like a compiler error: `path:line:col: CHECK-ID message`, with the
path relative to the repository root. Under GitHub Actions each finding is
also printed as a workflow command (`::error file=...,line=...,col=...::`), so
the pull request shows it inline on the changed line.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Iterable, TextIO

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place. `line` and `col` are 1-based."""

    path: str
    line: int
    col: int
    check_id: str
    message: str
    severity: str = ERROR

    def format(self) -> str:
        label = f"{self.check_id} warning:" if self.severity == WARNING else self.check_id
        message = " ".join(self.message.split())  # always ONE line, whatever a tool said
        return f"{self.path}:{self.line}:{self.col}: {label} {message}"

    def annotation(self) -> str:
        """The GitHub Actions workflow command for this finding."""
        props = ",".join(
            f"{key}={_escape_property(str(value))}"
            for key, value in (
                ("file", self.path),
                ("line", self.line),
                ("col", self.col),
                ("title", self.check_id),
            )
        )
        return f"::{self.severity} {props}::{_escape_data(self.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def print_findings(findings: Iterable[Finding], stream: TextIO | None = None) -> None:
    """Print findings one per line (plus annotations under GitHub Actions)."""
    stream = stream or sys.stdout
    annotate = in_github_actions()
    for finding in findings:
        print(finding.format(), file=stream)
        if annotate:
            print(finding.annotation(), file=stream)


def is_failure(finding: Finding) -> bool:
    return finding.severity == ERROR
