"""Suppression comments.

``//golint-ai:ignore GAI301[,GAI302] reason`` on the flagged line or the line above
silences those codes (prefixes like ``GAI3`` work); golangci-lint's
``//nolint:golint-ai`` and bare ``//nolint`` silence every code. A ``golint-ai:ignore``
without codes is malformed and reported as a notification.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_IGNORE = re.compile(rb"//\s*golint-ai:ignore\b(.*)$", re.M)
_NOLINT = re.compile(rb"//\s*nolint(?::([\w\-,.]+))?(?:\s*//\s*(.*))?", re.M)
_CODE = re.compile(r"^GAI[0-9]{0,3}$")


@dataclass(frozen=True)
class Directive:
    line: int  # 1-based
    codes: tuple[str, ...] | None  # None: every code
    reason: str

    def covers(self, code: str) -> bool:
        return self.codes is None or any(code.startswith(c) for c in self.codes)


@dataclass
class Suppressions:
    by_line: dict[int, list[Directive]]
    malformed: list[tuple[int, str]]

    def find(self, code: str, line: int) -> Directive | None:
        for ln in (line, line - 1):
            for d in self.by_line.get(ln, ()):
                if d.covers(code):
                    return d
        return None


_PY_IGNORE = re.compile(rb"#\s*golint-ai:\s*ignore\b(\[[^\]\n]*\])?([^\n]*)$", re.M)
_PY_NOQA = re.compile(rb"#\s*noqa\s*:\s*([\w\-, ]+)", re.M | re.I)


def parse_suppressions_for(path: str, data: bytes) -> Suppressions:
    """The suppression comments of a file in its language's comment syntax."""
    return parse_python_suppressions(data) if path.endswith((".py", ".pyi")) else parse_suppressions(data)


def parse_python_suppressions(data: bytes) -> Suppressions:
    """Python comments: ``# golint-ai: ignore[GAI601,GAI602] reason`` and flake8/ruff
    style ``# noqa: GAI601`` (a bare ``# noqa`` is about other linters and silences
    nothing here), on the flagged line or the line above."""
    by_line: dict[int, list[Directive]] = {}
    malformed: list[tuple[int, str]] = []
    if b"golint-ai" not in data and b"noqa" not in data.lower():
        return Suppressions(by_line, malformed)
    for m in _PY_IGNORE.finditer(data):
        line = data.count(b"\n", 0, m.start()) + 1
        inside = m.group(1).decode("utf-8", "replace")[1:-1] if m.group(1) else ""
        parts = [p.strip().upper() for p in inside.split(",") if p.strip()]
        if not parts or not all(_CODE.match(p) for p in parts):
            malformed.append((line, "`# golint-ai: ignore` needs rule codes in brackets, e.g. `# golint-ai: ignore[GAI601] reason`"))
            continue
        reason = m.group(2).decode("utf-8", "replace").strip()
        by_line.setdefault(line, []).append(Directive(line, tuple(parts), reason))
    for m in _PY_NOQA.finditer(data):
        line = data.count(b"\n", 0, m.start()) + 1
        codes = [c.strip().upper() for c in m.group(1).decode("utf-8", "replace").replace(" ", ",").split(",") if c.strip()]
        ours = tuple(c for c in codes if c.startswith("GAI") and _CODE.match(c))
        if ours:
            by_line.setdefault(line, []).append(Directive(line, ours, "noqa"))
    return Suppressions(by_line, malformed)


def parse_suppressions(data: bytes) -> Suppressions:
    by_line: dict[int, list[Directive]] = {}
    malformed: list[tuple[int, str]] = []
    if b"golint-ai:ignore" not in data and b"nolint" not in data:
        return Suppressions(by_line, malformed)
    for m in _IGNORE.finditer(data):
        line = data.count(b"\n", 0, m.start()) + 1
        words = m.group(1).decode("utf-8", "replace").split()
        codes: list[str] = []
        while words:
            parts = [p for p in words[0].split(",") if p]
            if not parts or not all(_CODE.match(p.upper()) for p in parts):
                break
            codes.extend(p.upper() for p in parts)
            words.pop(0)
        reason = " ".join(words)
        if not codes:
            malformed.append((line, "`//golint-ai:ignore` needs one or more rule codes, e.g. `//golint-ai:ignore GAI301 reason`"))
            continue
        by_line.setdefault(line, []).append(Directive(line, tuple(codes), reason))
    for m in _NOLINT.finditer(data):
        line = data.count(b"\n", 0, m.start()) + 1
        linters = m.group(1)
        if linters is not None:
            names = {n.strip().lower() for n in linters.decode("utf-8", "replace").split(",")}
            if not ({"golint-ai", "all"} & names):
                continue
        reason = m.group(2).decode("utf-8", "replace").strip() if m.group(2) else "nolint"
        by_line.setdefault(line, []).append(Directive(line, None, reason))
    return Suppressions(by_line, malformed)
