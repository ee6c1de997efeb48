"""Suppression comments.

Go, with golangci-lint's semantics:

- ``//golint-ai:ignore GAI301[,GAI302] reason`` silences those codes (prefixes like
  ``GAI3`` work); golangci-lint's ``//nolint:golint-ai`` (also ``//nolint:all`` and a bare
  ``//nolint``) silences every code. A reason may follow a second ``//``.
- On the flagged line or the line above it, a directive covers those lines. Alone on its
  line directly above a declaration or statement starting in the same column, it covers
  that whole node (a function, a type, a ``var``/``const`` block, an ``if`` statement...);
  above the ``package`` clause, the whole file.
- ``//golint-ai:file-ignore GAI301 reason`` anywhere in a file silences those codes in the
  whole file.

Python: ``# golint-ai: ignore[GAI601,GAI602] reason`` and flake8/ruff-style
``# noqa: GAI601`` on the flagged line or the line above;
``# golint-ai: file-ignore[GAI601] reason`` anywhere for the whole file.

A directive without codes where codes are needed is malformed (a notification). After a
file's rules ran, :meth:`Suppressions.unused` names the directives that silenced nothing
and the codes no rule has.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, AbstractSet, Iterable

from msgspec import Struct, field

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.diagnostics import Notification

_IGNORE = re.compile(rb"//\s*golint-ai:ignore\b(.*)$", re.M)
_FILE_IGNORE = re.compile(rb"//\s*golint-ai:file-ignore\b(.*)$", re.M)
_NOLINT = re.compile(rb"//\s*nolint(?![\w-])(?::([\w\-,.]+))?(?:\s*//\s*(.*))?", re.M)
_CODE = re.compile(r"^GAI[0-9]{0,3}$")

# The comment right before a node (its next named sibling), for directives standing
# above a declaration or statement. Only comments that look like directives match.
_TARGETS = r"""
(_ (comment) @directive . (_) @node
  (#match? @directive "^//[ \t]*(nolint|golint-ai:ignore)"))
"""

# Forms: "ignore" (codes), "file-ignore" (codes, whole file), "nolint" (`//nolint:golint-ai`:
# every code), "nolint-any" (bare `//nolint` or `//nolint:all`: every linter, so never
# reported unused by golint-ai), "noqa" (Python `# noqa: GAI601`).
WHOLE_FILE = None


class Directive(Struct, frozen=True, dict=True):
    """One suppression comment: the codes it silences, the lines it covers, its form and reason."""

    line: int  # 1-based line of the comment
    codes: tuple[str, ...] | None  # None: every code
    reason: str
    form: str = "ignore"
    last: int | None = -1  # last line covered; -1: the line below the comment; None: the whole file
    column: int = 0  # 0-based byte column of the comment
    own_line: bool = False  # nothing but blanks before the comment on its line
    text: str = ""  # the directive as written (for messages)

    @property
    def last_line(self) -> int | None:
        return self.line + 1 if self.last == -1 else self.last

    def covers(self, code: str) -> bool:
        return self.codes is None or any(code.startswith(c) for c in self.codes)

    def covers_line(self, line: int) -> bool:
        last = self.last_line
        return last is None or self.line <= line <= last

    def extent(self) -> float:
        last = self.last_line
        return float("inf") if last is None else last - self.line


class Suppressions(Struct, dict=True):
    """A file's suppression directives, the malformed ones, and which codes of each silenced something."""

    directives: list[Directive] = field(default_factory=list)
    malformed: list[tuple[int, str]] = field(default_factory=list)
    # index into `directives` -> the codes of it that silenced something ("" for a
    # directive without codes)
    used: dict[int, set[str]] = field(default_factory=dict)

    def find(self, code: str, line: int) -> Directive | None:
        """The directive silencing ``code`` at ``line``, recorded as used: one on the line
        itself, else on the line above, else the innermost node range, else a file-wide
        one."""
        # the look-up index is kept beside the fields (not one: it takes no part in equality)
        index = self.__dict__.get("_index")
        if index is None or index.size != len(self.directives):
            index = self.__dict__["_index"] = _Index(self.directives)
        best = index.find(self.directives, code, line)
        if best < 0:
            return None
        d = self.directives[best]
        self.used.setdefault(best, set()).update([""] if d.codes is None else [c for c in d.codes if code.startswith(c)])
        return d

    def unused(self, ran: AbstractSet[str], static: AbstractSet[str], known: Iterable[str]) -> list[tuple[int, str]]:
        """``(line, message)`` for each directive, or code of one, that silenced nothing,
        and for codes no rule has.

        ``ran``: the codes whose rules ran on the file; ``static``: the codes a rule could
        report in this file from its source (the file's language, no runtime-only rule).
        A code is judged only when every static rule it names ran (a directive for a rule
        that was not selected is not unused); a bare ``//nolint`` is about every linter
        and never judged.
        """
        known = tuple(known)
        out: list[tuple[int, str]] = []
        for i, d in enumerate(self.directives):
            if d.form == "nolint-any":
                continue
            used = self.used.get(i, set())
            if d.codes is None:
                if not used and static and static <= ran:
                    out.append((d.line, f"unused suppression: `{d.text}` silenced nothing; remove it"))
                continue
            unknown = [c for c in d.codes if not any(k.startswith(c) for k in known)]
            if unknown:
                out.append((d.line, f"unknown rule code{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} in suppression (known codes start with GAI; see `golint-ai rules`)"))
            idle = []
            for c in d.codes:
                if c in unknown or c in used:
                    continue
                judged = {k for k in known if k.startswith(c)} & static
                if judged and judged <= ran:
                    idle.append(c)
            if idle and len(idle) + len(unknown) == len(d.codes):
                out.append((d.line, f"unused suppression: `{d.text}` silenced nothing; remove it"))
            elif idle:
                out.append((d.line, f"unused code{'s' if len(idle) > 1 else ''} {', '.join(idle)} in suppression: no such finding here; remove {'them' if len(idle) > 1 else 'it'}"))
        return out


class _Index:
    """Lookup of the directives covering a line without scanning them all: the line ones
    by line, the node ranges (nested or disjoint, as the nodes are) by start line with
    each one's enclosing range, the file-wide ones last."""

    def __init__(self, directives: list[Directive]) -> None:
        self.size = len(directives)
        self.at: dict[int, list[int]] = {}
        self.whole: list[int] = []
        ranges: list[int] = []
        for i, d in enumerate(directives):
            if d.last is None:
                self.whole.append(i)
            elif d.last == -1:
                self.at.setdefault(d.line, []).append(i)
                self.at.setdefault(d.line + 1, []).append(i)
            else:
                ranges.append(i)
        ranges.sort(key=lambda i: (directives[i].line, -(directives[i].last or 0)))
        self.ranges = ranges
        self.starts = [directives[i].line for i in ranges]
        self.parent: dict[int, int] = {}
        self.nested = True
        stack: list[int] = []
        for i in ranges:
            d = directives[i]
            while stack and (directives[stack[-1]].last or 0) < d.line:
                stack.pop()
            if stack:
                if (d.last or 0) > (directives[stack[-1]].last or 0):
                    self.nested = False  # overlapping ranges: scan them all instead
                self.parent[i] = stack[-1]
            stack.append(i)

    def find(self, directives: list[Directive], code: str, line: int) -> int:
        from bisect import bisect_right

        here = self.at.get(line, ())
        for i in sorted(here, key=lambda i: directives[i].line != line):
            if directives[i].covers(code):
                return i
        if self.ranges:
            if self.nested:
                k = bisect_right(self.starts, line) - 1
                i = self.ranges[k] if k >= 0 else -1
                while i >= 0:
                    d = directives[i]
                    if d.covers_line(line) and d.covers(code):
                        return i
                    i = self.parent.get(i, -1)
            else:
                covering = [i for i in self.ranges if directives[i].covers_line(line) and directives[i].covers(code)]
                if covering:
                    return min(covering, key=lambda i: directives[i].extent())
        for i in self.whole:
            if directives[i].covers(code):
                return i
        return -1


def static_codes(language: str, test_file: bool) -> frozenset[str]:
    """The codes a rule can report in a file of ``language`` from its source: not the
    runtime-evidence rule, in a test file not the rules that skip tests."""
    from golint_ai.rules import ALL_RULES

    return frozenset(r.code for r in ALL_RULES if r.language == language and not r.evidence_only and (r.in_tests or not test_file))


def suppression_notifications(sup: Suppressions, display: str, language: str, test_file: bool, ran: AbstractSet[str], report_unused: bool) -> list["Notification"]:
    """Malformed directives, and with ``report_unused`` the directives (or codes of them)
    that silenced nothing although their rules ran and the codes no rule has."""
    from golint_ai.diagnostics import Notification
    from golint_ai.rules import CODES

    out = [Notification(display, msg, "warning", line=line, kind="suppression") for line, msg in sup.malformed]
    if report_unused and sup.directives:
        for line, msg in sup.unused(ran, static_codes(language, test_file), CODES):
            kind = "unused-suppression" if msg.startswith("unused") else "suppression"
            out.append(Notification(display, msg, "warning", line=line, kind=kind))
    return out


def has_directives(path: str, data: bytes) -> bool:
    """A byte prefilter: whether the file may hold a suppression comment."""
    if path.endswith((".py", ".pyi")):
        return b"golint-ai" in data or b"noqa" in data.lower()
    return b"golint-ai:" in data or b"nolint" in data


def parse_suppressions_for(path: str, data: bytes) -> Suppressions:
    """The suppression comments of a file in its language's comment syntax."""
    return parse_python_suppressions(data) if path.endswith((".py", ".pyi")) else parse_suppressions(data)


_PY_IGNORE = re.compile(rb"#\s*golint-ai:\s*(ignore|file-ignore)\b(\[[^\]\n]*\])?([^\n]*)$", re.M)
_PY_NOQA = re.compile(rb"#\s*noqa\s*:\s*([\w\-, ]+)", re.M | re.I)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _text(m: re.Match) -> str:
    return m.group(0).decode("utf-8", "replace").strip()


def parse_python_suppressions(data: bytes) -> Suppressions:
    """Python comments: ``# golint-ai: ignore[GAI601,GAI602] reason`` and flake8/ruff
    style ``# noqa: GAI601`` (a bare ``# noqa`` is about other linters and silences
    nothing here), on the flagged line or the line above;
    ``# golint-ai: file-ignore[GAI601] reason`` for the whole file."""
    sup = Suppressions()
    if not has_directives(".py", data):
        return sup
    for m in _PY_IGNORE.finditer(data):
        line = _line_of(data, m.start())
        form = m.group(1).decode()
        inside = m.group(2).decode("utf-8", "replace")[1:-1] if m.group(2) else ""
        parts = [p.strip().upper() for p in inside.split(",") if p.strip()]
        if not parts or not all(_CODE.match(p) for p in parts):
            sup.malformed.append((line, f"`# golint-ai: {form}` needs rule codes in brackets, e.g. `# golint-ai: {form}[GAI601] reason`"))
            continue
        reason = m.group(3).decode("utf-8", "replace").strip()
        last = WHOLE_FILE if form == "file-ignore" else -1
        sup.directives.append(Directive(line, tuple(parts), reason, form, last, text=_text(m)))
    for m in _PY_NOQA.finditer(data):
        line = _line_of(data, m.start())
        codes = [c.strip().upper() for c in m.group(1).decode("utf-8", "replace").replace(" ", ",").split(",") if c.strip()]
        ours = tuple(c for c in codes if c.startswith("GAI") and _CODE.match(c))
        if ours:
            sup.directives.append(Directive(line, ours, "noqa", "noqa", text=f"# noqa: {', '.join(ours)}"))
    sup.directives.sort(key=lambda d: d.line)
    return sup


def _codes(words: list[str]) -> tuple[list[str], str]:
    """The leading rule codes of a directive's words (comma- or space-separated) and the
    reason after them."""
    codes: list[str] = []
    while words:
        parts = [p for p in words[0].split(",") if p]
        if not parts or not all(_CODE.match(p.upper()) for p in parts):
            break
        codes.extend(p.upper() for p in parts)
        words.pop(0)
    reason = " ".join(words)
    if reason.startswith("//"):
        reason = reason[2:].strip()
    return codes, reason


def parse_suppressions(data: bytes, root: "Node | None" = None, *, expand: bool = True) -> Suppressions:
    """The suppression comments of a Go file. ``root``: the file's syntax tree, used to
    find the node a directive stands above (parsed here when not given and needed);
    ``expand=False`` leaves directives at the lines they stand on."""
    sup = Suppressions()
    if not has_directives(".go", data):
        return sup
    for regex, form in ((_IGNORE, "ignore"), (_FILE_IGNORE, "file-ignore")):
        for m in regex.finditer(data):
            line = _line_of(data, m.start())
            codes, reason = _codes(m.group(1).decode("utf-8", "replace").split())
            if not codes:
                sup.malformed.append((line, f"`//golint-ai:{form}` needs one or more rule codes, e.g. `//golint-ai:{form} GAI301 reason`"))
                continue
            last = WHOLE_FILE if form == "file-ignore" else -1
            sup.directives.append(_at(data, m.start(), Directive(line, tuple(codes), reason, form, last, text=f"//golint-ai:{form} {','.join(codes)}")))
    for m in _NOLINT.finditer(data):
        line = _line_of(data, m.start())
        linters = m.group(1)
        form = "nolint-any"
        if linters is not None:
            names = {n.strip().lower() for n in linters.decode("utf-8", "replace").split(",")}
            if not ({"golint-ai", "all"} & names):
                continue
            if "all" not in names:
                form = "nolint"
        reason = m.group(2).decode("utf-8", "replace").strip() if m.group(2) else "nolint"
        text = "//nolint" + (f":{linters.decode('utf-8', 'replace')}" if linters is not None else "")
        sup.directives.append(_at(data, m.start(), Directive(line, None, reason, form, text=text)))
    sup.directives.sort(key=lambda d: d.line)
    if expand and any(d.own_line and d.last == -1 for d in sup.directives):
        _expand_to_nodes(sup, data, root)
    return sup


def _at(data: bytes, offset: int, d: Directive) -> Directive:
    """``d`` with the column of the comment at ``offset`` and whether it stands alone on
    its line."""
    from msgspec.structs import replace

    start = data.rfind(b"\n", 0, offset) + 1
    return replace(d, column=offset - start, own_line=not data[start:offset].strip())


def _expand_to_nodes(sup: Suppressions, data: bytes, root: "Node | None") -> None:
    """golangci-lint's range expansion: a directive alone on its line, directly above a
    node that starts in the same column, covers the node's lines; above the package
    clause, the whole file."""
    from msgspec.structs import replace

    from golint_ai.golang.query import compile_query, matches

    if root is None:
        from golint_ai.golang.parse import parse

        root = parse(data).root_node
    below: dict[int, "Node"] = {}  # 0-based comment row -> the node after it
    for m in matches(compile_query(_TARGETS), root):
        comment, node = m["directive"][0], m["node"][0]
        if node.type == "statement_list":  # tree-sitter's wrapper around a block's statements
            node = next((c for c in node.named_children if c.type != "comment"), None)
            if node is None:
                continue
        below[comment.start_point[0]] = node
    for i, d in enumerate(sup.directives):
        node = below.get(d.line - 1)
        if node is None or not d.own_line or d.last != -1 or node.type == "comment":
            continue
        if node.start_point[0] != d.line or node.start_point[1] != d.column:
            continue  # not directly below, or not in the same column
        if node.type == "package_clause":
            sup.directives[i] = replace(d, last=WHOLE_FILE)
        else:
            sup.directives[i] = replace(d, last=max(d.line + 1, node.end_point[0] + 1 - (node.end_point[1] == 0)))
