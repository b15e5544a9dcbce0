"""Gate: spelling of all prose in docs/ (pyspelling + aspell en_US) and common typos (codespell).

Why: a misspelt word in a medicines guide costs trust, and a misspelt drug
name can send a reader to the wrong medicine. Two tools, as the research
recommends:

- pyspelling with Debian's aspell en_US over docs/**/*.md (Markdown rendered
  to HTML with the site's extensions; code, URLs, front matter and snippet
  lines ignored; curly apostrophes normalised) against a reviewed project
  wordlist, .spelling-wordlist.txt (drug and medical terms, names of sources);
  British spellings are accepted too (en_GB extra dictionary), and words of
  one or two letters are skipped (author initials). The diagrams' visible
  words (SVG title, desc, text) are checked the same way. Each unknown word
  is reported at its first line in the file.
- codespell over docs/, overrides/ and mkdocs.yml with the built-in lists plus
  a dictionary generated at run time from content-rules.yml's banned terms
  (`-D banned -D -`, so the misspelling is never written to a file), and
  `--regex "[\\w'’]+"` so hyphenated compounds are split into words.

The wordlist must stay sorted (case-insensitive), without duplicates, and
every entry must be used somewhere in docs/ (an unused entry is a hole a typo
can slip through). `--fix` sorts it and drops duplicates.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from scripts.check.report import Finding
from scripts.check.rules import UsageError
from scripts.check.spellfilter import normalise

ID = "SPELLING"
DESCRIPTION = "prose spelling (pyspelling + aspell en_US/en_GB + project wordlist), diagrams too; common typos (codespell)"

CONFIG = ".pyspelling.yml"
WORDLIST = ".spelling-wordlist.txt"
CODESPELL_REGEX = r"[\w'’]+"
CODESPELL_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<word>.+?) ==> (?P<fix>.+)$")
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`[^`]*`")
URL = re.compile(r"(?:https?|ftp)://\S+|\]\([^)]*\)|<https?://[^>]*>|(?:href|src)=\"[^\"]*\"")


# --- pyspelling ------------------------------------------------------------------------
def _absolute_config(ctx, tmp: Path) -> Path:
    path = ctx.root / CONFIG
    if not path.is_file():
        raise UsageError(f"{CONFIG}: not found (the spelling gate's pyspelling configuration)")
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
        for task in config["matrix"]:
            task["sources"] = [str(ctx.root / s) for s in task.get("sources", [])]
            dictionary = task.setdefault("dictionary", {})
            dictionary["wordlists"] = [str(ctx.root / w) for w in dictionary.get("wordlists", [])]
            dictionary["output"] = str(tmp / f"{task.get('name', 'docs')}.dic")
    except (yaml.YAMLError, KeyError, TypeError) as exc:
        raise UsageError(f"{CONFIG}: unusable pyspelling configuration ({type(exc).__name__}: {exc})") from None
    out = tmp / "pyspelling.yml"
    out.write_text(yaml.safe_dump(config), encoding="utf-8")
    return out


def run_pyspelling(ctx) -> list[tuple[Path, list[str], str | None]]:
    """(file, unknown words, error) per checked file."""
    from pyspelling import spellcheck

    if str(ctx.root) not in sys.path:  # the pipeline's own filter lives in scripts/check/
        sys.path.insert(0, str(ctx.root))
    results = []
    with tempfile.TemporaryDirectory(prefix="check-spelling-") as tmp:
        config = _absolute_config(ctx, Path(tmp))
        for result in spellcheck(str(config), verbose=0):
            context = result.context or ""
            file = context.split(": ", 1)[0] if ": " in context else context
            results.append((Path(file), list(result.words), result.error))
    return results


def prose_lines(text: str) -> list[str]:
    """The file's lines with front matter, fenced code, inline code, URLs and snippet lines blanked."""
    lines = text.splitlines()
    out = []
    in_front = bool(lines) and lines[0].strip() == "---"
    in_fence = False
    for index, line in enumerate(lines):
        if in_front:
            out.append("")
            if index > 0 and line.strip() == "---":
                in_front = False
            continue
        if FENCE.match(line):
            in_fence = not in_fence
            out.append("")
            continue
        if in_fence or line.lstrip().startswith("--8<--"):
            out.append("")
            continue
        line = INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)
        line = URL.sub(lambda m: " " * len(m.group(0)), line)
        out.append(normalise_keep_length(line))
    return out


def normalise_keep_length(line: str) -> str:
    return line.replace("\u2019", "'").replace("\u2018", "'")


def locate_word(lines: list[str], word: str) -> list[tuple[int, int]]:
    pattern = re.compile(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_]|'\w\w)")
    places = []
    for number, line in enumerate(lines, 1):
        for match in pattern.finditer(line):
            places.append((number, match.start() + 1))
    return places


def pyspelling_findings(ctx) -> list[Finding]:
    findings = []
    for path, words, error in run_pyspelling(ctx):
        if ctx.read(path) is None:
            continue  # not UTF-8: reported once by the Context
        if error:
            findings.append(Finding(ctx.rel(path), 1, 1, ID, f"spell checker could not read this file: {error.splitlines()[-1]}"))
            continue
        lines = prose_lines(ctx.read(path))
        for word in sorted(set(words), key=lambda w: (w.casefold(), w)):
            places = locate_word(lines, word)
            line, col = places[0] if places else (1, 1)
            more = f" (and {len(places) - 1} more in this file)" if len(places) > 1 else ""
            findings.append(
                Finding(
                    ctx.rel(path), line, col, ID,
                    f'unknown word "{word}"{more}: fix the spelling, or add it to {WORDLIST} if it is a real word (sorted)',
                )
            )
    return findings


# --- codespell -----------------------------------------------------------------------
def start_codespell(ctx, tmp: Path) -> subprocess.Popen:
    """Start codespell in its own process (it runs while pyspelling works in this one)."""
    targets = [p for p in (ctx.docs, ctx.overrides, ctx.mkdocs_yml) if p.exists()]
    dictionary = tmp / "banned.txt"
    dictionary.write_text(
        "".join(f"{t.term.lower()}->{t.correction.lower()}\n" for t in ctx.rules.banned_terms), encoding="utf-8"
    )
    cmd = [
        sys.executable, "-m", "codespell_lib",
        "--dictionary", str(dictionary), "--dictionary", "-",
        "--regex", CODESPELL_REGEX,
        "--check-filenames",
        *[ctx.rel(p) for p in targets],
    ]
    ignore = ctx.root / ".codespell-ignore.txt"
    if ignore.is_file():
        cmd[3:3] = ["--ignore-words", str(ignore)]
    return subprocess.Popen(cmd, cwd=ctx.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def codespell_findings(ctx, process: subprocess.Popen) -> list[Finding]:
    stdout, stderr = process.communicate()
    result = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    if result.returncode not in (0, 65):
        last = (result.stderr.strip().splitlines() or [f"exit status {result.returncode}"])[-1]
        raise UsageError(f"codespell failed: {last}")
    findings = []
    for raw in result.stdout.splitlines():
        match = CODESPELL_LINE.match(raw.strip())
        if not match:
            continue
        path = ctx.root / match["path"]
        line = int(match["line"])
        text = (ctx.read(path) or "").splitlines() if path.is_file() else []
        col = 1
        if 0 < line <= len(text):
            found = re.search(rf"(?<!\w){re.escape(match['word'])}(?!\w)", text[line - 1])
            col = found.start() + 1 if found else 1
        findings.append(Finding(ctx.rel(path), line, col, ID, f'"{match["word"]}" is a common misspelling: write "{match["fix"]}" (codespell)'))
    return findings


# --- the wordlist itself -----------------------------------------------------------------
def wordlist_findings(ctx) -> list[Finding]:
    path = ctx.root / WORDLIST
    if not path.is_file():
        return [Finding(WORDLIST, 1, 1, ID, "the project wordlist is missing")]
    text = ctx.read(path)
    if text is None:
        return []
    findings = []
    words = text.splitlines()
    if ctx.fix:  # --fix also sorts the wordlist and drops duplicates and blank lines
        tidy = sorted({w.strip() for w in words if w.strip()}, key=lambda w: (w.casefold(), w))
        if tidy != words:
            path.write_text("".join(f"{w}\n" for w in tidy), encoding="utf-8")
            ctx.note(ID, f"{ctx.rel(path)}: sorted, duplicates and blank lines removed")
            words = tidy
    unreadable = [p for p in ctx.markdown_files() if ctx.read(p) is None]
    corpus = "\n".join(normalise("\n".join(prose_lines(ctx.read(p) or ""))) for p in ctx.markdown_files())
    previous = None
    seen = set()
    for number, word in enumerate(words, 1):
        if not word.strip() or word != word.strip() or " " in word:
            findings.append(Finding(ctx.rel(path), number, 1, ID, "one word per line, no blank lines or spaces"))
            continue
        key = (word.casefold(), word)
        if word in seen:
            findings.append(Finding(ctx.rel(path), number, 1, ID, f'"{word}" is listed twice'))
        elif previous is not None and key < previous:
            findings.append(Finding(ctx.rel(path), number, 1, ID, f'"{word}" is out of order: keep the wordlist sorted, case-insensitive (--fix sorts it)'))
        seen.add(word)
        previous = max(previous, key) if previous else key
        if not unreadable and not re.search(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", corpus, re.IGNORECASE):
            findings.append(Finding(ctx.rel(path), number, 1, ID, f'"{word}" is not used anywhere in docs/: remove it'))
    return findings


def run(ctx) -> list[Finding]:
    with tempfile.TemporaryDirectory(prefix="check-codespell-") as tmp:
        codespell = start_codespell(ctx, Path(tmp))
        try:
            findings = pyspelling_findings(ctx)
        finally:
            common = codespell_findings(ctx, codespell)
    return findings + common + wordlist_findings(ctx)
