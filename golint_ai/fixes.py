"""Applying fixes: merge edits per file, skip overlapping ones, refuse a result that
parses worse than the original, and render unified diffs for ``--diff``."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Callable, Iterable

from msgspec import Struct, field

from golint_ai.diagnostics import Applicability

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.diagnostics import Diagnostic, Edit
    from golint_ai.runner import RunResult

MAX_FIX_ROUNDS = 10


class FixOutcome(Struct, dict=True):
    """Planned fixes: old and new bytes of each changed file, the number applied, and why others were skipped."""

    # path -> (old bytes, new bytes)
    changed: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)
    applied: int = 0  # fixes applied
    skipped: list[str] = field(default_factory=list)  # human-readable reasons


def fixable(diagnostics: Iterable["Diagnostic"], unsafe: bool) -> list["Diagnostic"]:
    out = []
    for d in diagnostics:
        if d.suppressed or d.fix is None:
            continue
        if d.fix.applicability is Applicability.UNSAFE and not unsafe:
            continue
        out.append(d)
    return out


def apply_edits(data: bytes, edits: list["Edit"]) -> bytes:
    """Apply non-overlapping edits (sorted by position) to bytes."""
    out = bytearray()
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        out += data[pos:e.start]
        out += e.text.encode("utf-8")
        pos = e.end
    out += data[pos:]
    return bytes(out)


def plan_fixes(diagnostics: list["Diagnostic"], sources: dict[str, bytes], unsafe: bool) -> FixOutcome:
    from golint_ai.golang.parse import error_nodes, parse

    outcome = FixOutcome()
    per_file: dict[str, list[list["Edit"]]] = {}
    for d in fixable(diagnostics, unsafe):
        paths = {e.path for e in d.fix.edits}  # type: ignore[union-attr]
        if len(paths) != 1:
            outcome.skipped.append(f"{d.code} at {d.span.path}: fix spans several files")
            continue
        per_file.setdefault(paths.pop(), []).append(list(d.fix.edits))  # type: ignore[union-attr]
    for path, groups in sorted(per_file.items()):
        data = sources.get(path)
        if data is None:
            with open(path, "rb") as fh:
                data = fh.read()
        taken: list["Edit"] = []
        count = 0
        for group in groups:
            # An edit another fix makes already (the same import added) is shared.
            group = [e for e in group if e not in taken]
            if any(_overlaps(e, t) for e in group for t in taken):
                outcome.skipped.append(f"{path}: overlapping fix left for the next run")
                continue
            taken.extend(group)
            count += 1
        new = apply_edits(data, taken)
        if path.endswith(".py"):
            worse = _python_compiles(data) and not _python_compiles(new)
        else:
            before = sum(1 for _ in error_nodes(parse(data).root_node))
            after = sum(1 for _ in error_nodes(parse(new).root_node))
            worse = after > before
        if worse:
            outcome.skipped.append(f"{path}: fixes would introduce a syntax error; not applied")
            continue
        if new != data:
            outcome.changed[path] = (data, new)
            outcome.applied += count
    return outcome


class FixRun(Struct, dict=True):
    """Fixes applied in rounds, in memory: overlapping fixes wait for the next round,
    after the files are analysed again with the earlier rounds' changes."""

    result: "RunResult"  # the analysis of the fixed text
    original: dict[str, bytes] = field(default_factory=dict)  # path -> bytes before any fix
    current: dict[str, bytes] = field(default_factory=dict)  # path -> bytes after every round
    applied: int = 0  # fixes applied (findings fixed)
    skipped: list[str] = field(default_factory=list)  # what the last round still could not apply

    @property
    def changed(self) -> list[str]:
        return sorted(p for p, new in self.current.items() if new != self.original[p])


def fix_in_rounds(result: "RunResult", unsafe: bool, reanalyse: Callable[[dict[str, bytes]], "RunResult"]) -> FixRun:
    """Apply the fixes ``result`` offers (safe ones; unsafe ones too with ``unsafe``) the
    way ``--fix`` writes them and ``--diff`` shows them: both count the same fixes.
    ``reanalyse(overrides)`` analyses again with the given file contents (path -> bytes)
    in place of the disk's."""
    run = FixRun(result)
    for _ in range(MAX_FIX_ROUNDS):
        outcome = plan_fixes(run.result.diagnostics, {**run.result.sources, **run.current}, unsafe)
        run.skipped = outcome.skipped
        if not outcome.changed:
            break
        for path, (old, new) in outcome.changed.items():
            run.original.setdefault(path, old)
            run.current[path] = new
        run.applied += outcome.applied
        run.result = reanalyse(dict(run.current))
    return run


def _python_compiles(data: bytes) -> bool:
    try:
        compile(data, "<fix>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def _overlaps(a: "Edit", b: "Edit") -> bool:
    if a.start == a.end == b.start == b.end:
        return True  # two insertions at one point: order would be arbitrary
    return a.start < b.end and b.start < a.end


def unified_diff(path: str, old: bytes, new: bytes) -> str:
    a = old.decode("utf-8", errors="replace").splitlines(keepends=True)
    b = new.decode("utf-8", errors="replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(a, b, fromfile=f"a/{path}", tofile=f"b/{path}"))
