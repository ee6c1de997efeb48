"""The ``// want`` harness for Go sample packages (like go/analysis' analysistest), and
its ``# want`` twin for Python sample files.

A line expecting findings ends with ``// want "GAI301"`` (several: ``// want "GAI301"
"GAI501"``; raw strings in backquotes work too). The first token of a want string is
the code, exactly; an optional remainder is a regular expression searched in the
message: ``// want "GAI301 .*tflite_model_delete"``. Matching is two-way: every
finding needs a want on its line and every want needs a finding. ``// ok: GAI301 why``
documents a near miss (the line must stay silent, as every line without a want must).
``// todo-want "GAI301"`` and ``// todo-ok: GAI301`` record known false negatives and
false positives; they fail loudly once the tool gets the line right. In ``.py`` files
the same annotations live in ``#`` comments: ``# want "GAI601"``, ``# ok: GAI601 why``.
"""

from __future__ import annotations

import re
from pathlib import Path

from msgspec import Struct, field

_WANT = re.compile(r"//\s*(todo-)?want\s+((?:\"(?:[^\"\\]|\\.)*\"|`[^`]*`|\s)+)\s*$")
_STRING = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|`([^`]*)`")
_OK = re.compile(r"//\s*(todo-)?ok:\s*(GAI[0-9]{3})\b")
# Python samples: the same annotations in `#` comments.
_PY_WANT = re.compile(r"#\s*(todo-)?want\s+((?:\"(?:[^\"\\]|\\.)*\"|\s)+)\s*$")
_PY_OK = re.compile(r"#\s*(todo-)?ok:\s*(GAI[0-9]{3})\b")
SAMPLE_SUFFIXES = (".go", ".py")


class Want(Struct, frozen=True, dict=True):
    """A ``want`` annotation: a finding of ``code`` expected on a line, with an optional message pattern."""

    path: str
    line: int
    code: str
    pattern: str | None
    todo: bool = False

    def matches(self, code: str, message: str) -> bool:
        return code == self.code and (self.pattern is None or re.search(self.pattern, message) is not None)


class Expectations(Struct, dict=True):
    """The ``want`` and ``ok`` annotations of one sample file."""

    wants: list[Want] = field(default_factory=list)
    oks: list[tuple[str, int, str, bool]] = field(default_factory=list)  # path, line, code, todo


def parse_expectations(path: Path, display: str) -> Expectations:
    out = Expectations()
    text = path.read_text("utf-8", errors="replace")
    python = path.suffix == ".py"
    want_re, ok_re, marker = (_PY_WANT, _PY_OK, "#") if python else (_WANT, _OK, "//")
    for i, line in enumerate(text.splitlines(), start=1):
        if marker not in line:
            continue
        m = want_re.search(line)
        if m:
            todo = bool(m.group(1))
            for s in _STRING.finditer(m.group(2)):
                raw = s.group(1) if s.group(1) is not None else s.group(2)
                if s.group(1) is not None and python:
                    raw = raw.replace('\\"', '"')  # a regular expression as written, quotes escaped
                elif s.group(1) is not None:
                    raw = raw.encode("utf-8").decode("unicode_escape")
                parts = raw.split(None, 1)
                if not parts:
                    continue
                out.wants.append(Want(display, i, parts[0], parts[1] if len(parts) > 1 else None, todo))
        for ok in ok_re.finditer(line):
            out.oks.append((display, i, ok.group(2), bool(ok.group(1))))
    return out


class SampleReport(Struct, dict=True):
    """How a sample package's findings compare with its annotations: missing, noisy and fixed-todo lines."""

    missing: list[str] = field(default_factory=list)
    noisy: list[str] = field(default_factory=list)
    fixed_todos: list[str] = field(default_factory=list)
    notifications: list[str] = field(default_factory=list)
    wants: int = 0
    oks: int = 0

    @property
    def problems(self) -> list[str]:
        return self.missing + self.noisy + self.fixed_todos

    def render(self) -> str:
        return "\n".join(self.problems)


def check_sample(directory: str | Path, *, include_notifications: bool = False) -> SampleReport:
    """Run every rule on one sample package directory and compare with its wants."""
    from golint_ai.discovery import display_path
    from golint_ai.rules import CODES
    from golint_ai.runner import check_paths
    from golint_ai.settings import ConfigResolver

    directory = Path(directory)
    result = check_paths([str(directory)], ConfigResolver(CODES), jobs=1)
    report = SampleReport()
    wants: list[Want] = []
    oks: list[tuple[str, int, str, bool]] = []
    for go in sorted(p for p in directory.iterdir() if p.suffix in SAMPLE_SUFFIXES):
        exp = parse_expectations(go, display_path(str(go)))
        wants.extend(exp.wants)
        oks.extend(exp.oks)
    report.wants = sum(1 for w in wants if not w.todo)
    report.oks = sum(1 for o in oks if not o[3])
    findings = []
    for d in result.unsuppressed:
        from golint_ai.golang.source import SourceFile

        data = result.sources.get(d.span.path)
        line = SourceFile(d.span.path, d.span.path, data or b"").line_of(d.span.start) + 1
        findings.append((d.span.path, line, d.code, d.message))
    unmatched = list(findings)
    for w in wants:
        hit = next((f for f in unmatched if f[0] == w.path and f[1] == w.line and w.matches(f[2], f[3])), None)
        if hit is not None:
            unmatched.remove(hit)
            if w.todo:
                report.fixed_todos.append(f"Fixed todo-want: {w.code} at {w.path}:{w.line} is now reported; make it a want")
        elif not w.todo:
            pat = f" matching /{w.pattern}/" if w.pattern else ""
            report.missing.append(f"Missing {w.code}{pat} at {w.path}:{w.line}")
    todo_ok = {(p, ln, c) for p, ln, c, todo in oks if todo}
    for path, line, code, message in unmatched:
        if (path, line, code) in todo_ok:
            todo_ok.discard((path, line, code))
            continue
        report.noisy.append(f"Noisy {code} at {path}:{line}: {message}")
    for path, line, code in sorted(todo_ok):
        report.fixed_todos.append(f"Fixed todo-ok: {code} at {path}:{line} is silent now; make it an ok")
    report.notifications = [f"{n.path}:{n.line or 0}: {n.message}" for n in result.notifications]
    return report


def sample_directories(root: str | Path) -> list[Path]:
    """Every directory below ``root`` that holds ``.go`` or ``.py`` files."""
    root = Path(root)
    return sorted({p.parent for suffix in SAMPLE_SUFFIXES for p in root.rglob(f"*{suffix}")})
