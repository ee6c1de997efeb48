"""Join runtime evidence with static findings.

A finding of a goroutine rule (GAI1xx) is confirmed by the dump groups whose blocking
line (first frame in the analysed tree) lies on the finding's span, or whose creation
site is the finding's `go` statement (then only groups in a waiting state). Groups no
finding explains and that look leaked become GAI190 results at their blocking line. Counts
from several dumps of one process are not added up: per finding and per line, the largest
count any one dump shows is kept.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Callable

from msgspec import Struct, field
from msgspec.structs import replace

from golint_ai.diagnostics import Diagnostic, Notification, Related, RuntimeEvidence, Span
from golint_ai.runtime.dump import Dump
from golint_ai.runtime.mapping import Checkout, MappedGroup, Site

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.runner import RunResult
    from golint_ai.settings import Settings

CODE = "GAI190"
MAX_CREATION_SITES = 5


def is_waiting(state: str) -> bool:
    """A state a goroutine can sit in forever: channel operations, select, sync waits."""
    s = state.rstrip("?")
    return s.startswith(("chan send", "chan receive", "select", "sync.", "semacquire")) or s in ("sync.Cond.Wait",)


class _Tally(Struct, dict=True):
    """Evidence for one finding or one line, per dump then merged."""

    per_dump: dict[str, int] = field(default_factory=dict)
    states: set[str] = field(default_factory=set)
    minutes: int | None = None
    leaked: bool = False
    created: dict[Site, str] = field(default_factory=dict)  # creation site -> creator function
    functions: set[str] = field(default_factory=set)

    def add(self, m: MappedGroup) -> None:
        g = m.group
        self.per_dump[m.dump] = self.per_dump.get(m.dump, 0) + g.count
        if m.state:
            self.states.add(m.state)
        if g.max_minutes is not None and (self.minutes is None or g.max_minutes > self.minutes):
            self.minutes = g.max_minutes
        self.leaked = self.leaked or g.leaked
        if m.created is not None and m.created != m.block:
            self.created.setdefault(m.created, g.created_by.function if g.created_by else "")
        if m.block is not None:
            self.functions.add(m.block.function)

    @property
    def count(self) -> int:
        return max(self.per_dump.values(), default=0)

    def evidence(self, confirmed: bool) -> RuntimeEvidence:
        exact = {s for s in self.states if not s.endswith("?")}
        states = sorted(exact | {s for s in self.states if s.endswith("?") and s[:-1] not in exact})
        return RuntimeEvidence(self.count, tuple(states), self.minutes, self.leaked, tuple(sorted(self.per_dump)), confirmed)


class JoinOutcome(Struct, dict=True):
    """What joining dumps with findings did: findings confirmed, GAI190 results added, the mapped groups."""

    confirmed: int = 0  # findings confirmed
    reported: int = 0  # GAI190 results added
    groups: list[MappedGroup] = field(default_factory=list)


def map_dumps(dumps: list[Dump], checkout: Checkout) -> list[MappedGroup]:
    return [checkout.map_group(g, d.source) for d in dumps for g in d.groups]


def apply_evidence(
    result: "RunResult",
    dumps: list[Dump],
    checkout: Checkout,
    settings_for: Callable[[str], "Settings"],
    thresholds: "Settings",
    *,
    display: Callable[[str], str] | None = None,
) -> JoinOutcome:
    """Mark the findings of ``result`` the dumps confirm and add GAI190 results and
    notifications to it. ``display`` turns an absolute path into a span path (the CLI's
    display paths; the language server keeps absolute paths)."""
    from golint_ai.discovery import display_path

    display = display or display_path
    outcome = JoinOutcome()
    mapped = map_dumps(dumps, checkout)
    outcome.groups = mapped
    for d in dumps:
        ms = [m for m in mapped if m.dump == d.source]
        if not any(m.site is not None for m in ms):
            n = d.goroutines
            result.notifications.append(Notification(
                d.source,
                f"none of the {n} goroutine{'s' if n != 1 else ''} in this dump ran code under the analysed paths "
                "(a dump of a different checkout or build?); it confirms nothing",
                "warning",
                kind="evidence",
            ))
    lines = _LineIndex(result.sources)
    index = FindingIndex(result.diagnostics, lines)
    per_finding: dict[int, _Tally] = {}
    explained: set[int] = set()
    for m in mapped:
        for i in index.covering(m):
            per_finding.setdefault(i, _Tally()).add(m)
            explained.add(id(m))
    new_diags = []
    for i, diag in enumerate(result.diagnostics):
        tally = per_finding.get(i)
        if tally is not None:
            outcome.confirmed += 1
            diag = replace(diag, runtime=tally.evidence(True))
        new_diags.append(diag)
    result.diagnostics = new_diags

    tallies: dict[Site, _Tally] = {}
    for m in mapped:
        if id(m) in explained or m.site is None or m.group.is_main:
            continue
        key = Site(m.site.path, m.site.line, "")
        tallies.setdefault(key, _Tally()).add(m)
    for site, tally in sorted(tallies.items(), key=lambda kv: (kv[0].path, kv[0].line)):
        if not _looks_leaked(tally, thresholds):
            continue
        if site.path not in checkout.reported:
            continue
        settings = settings_for(os.path.dirname(site.path))
        if not settings.enabled_in(CODE, site.path):
            continue
        if settings.exclude:
            from golint_ai.discovery import is_excluded

            if is_excluded(site.path, settings.exclude):
                continue
        diag, directive = _blocked_diagnostic(site, tally, lines, display, settings)
        if diag is None:
            continue
        outcome.reported += 1
        if directive is not None:
            # The directive silenced this one: it is not unused after all.
            result.notifications = [
                n for n in result.notifications
                if not (n.kind == "unused-suppression" and n.path == diag.span.path and n.line == directive)
            ]
        result.diagnostics.append(diag)
        result.sources.setdefault(diag.span.path, lines.data(site.path))
    result.sort()
    return outcome


class FindingIndex:
    """The goroutine findings (GAI1xx) by the lines of their spans and `go` statements."""

    def __init__(self, diagnostics: list[Diagnostic], lines: "_LineIndex") -> None:
        self.diagnostics = diagnostics
        self.by_line: dict[tuple[str, int], list[int]] = {}
        self.by_launch: dict[tuple[str, int], list[int]] = {}
        for i, d in enumerate(diagnostics):
            if not d.code.startswith("GAI1") or d.code == CODE:
                continue
            self._add(self.by_line, d.span, i, lines)
            if d.launch is not None:
                self._add(self.by_launch, d.launch, i, lines)

    @staticmethod
    def _add(table: dict, span: Span, i: int, lines: "_LineIndex") -> None:
        path = os.path.abspath(span.path)
        first, last = lines.lines_of(span)
        for line in range(first, last + 1):
            table.setdefault((path, line), []).append(i)

    def covering(self, m: MappedGroup) -> list[int]:
        """Indexes of the findings explaining group ``m``: its blocking line is on their
        span, or (when it waits) its creation site is their `go` statement."""
        found: list[int] = []
        if m.block is not None:
            found.extend(self.by_line.get((m.block.path, m.block.line), ()))
        if m.created is not None and (is_waiting(m.state) or m.group.leaked):
            for i in self.by_launch.get((m.created.path, m.created.line), ()):
                if i not in found:
                    found.append(i)
        return found


def _looks_leaked(t: _Tally, s: "Settings") -> bool:
    if t.leaked:
        return True
    if t.count >= s.evidence_min_count:
        return True
    waiting = any(is_waiting(st) for st in t.states)
    return waiting and (t.minutes or 0) >= s.evidence_min_minutes


class _LineIndex:
    """Line numbers of byte spans, reading each file once."""

    def __init__(self, sources: dict[str, bytes]) -> None:
        self.sources = sources
        self._starts: dict[str, list[int]] = {}
        self._data: dict[str, bytes] = {}

    def data(self, path: str) -> bytes:
        d = self.sources.get(path)
        if d is None:
            d = self._data.get(path)
            if d is None:
                try:
                    with open(path, "rb") as fh:
                        d = fh.read()
                except OSError:
                    d = b""
                self._data[path] = d
        return d

    def starts(self, path: str) -> list[int]:
        s = self._starts.get(path)
        if s is None:
            data = self.data(path)
            s = [0]
            i = data.find(b"\n")
            while i >= 0:
                s.append(i + 1)
                i = data.find(b"\n", i + 1)
            self._starts[path] = s
        return s

    def lines_of(self, span: Span) -> tuple[int, int]:
        import bisect

        s = self.starts(span.path)
        first = bisect.bisect_right(s, span.start)
        last = bisect.bisect_right(s, max(span.start, span.end - 1))
        return first, last

    def line_span(self, path: str, display: str, line: int) -> Span | None:
        s = self.starts(path)
        if not 0 < line <= len(s):
            return None
        data = self.data(path)
        start = s[line - 1]
        end = s[line] - 1 if line < len(s) else len(data)
        text = data[start:end]
        stripped = text.rstrip()
        lead = len(text) - len(text.lstrip())
        if not stripped.strip():
            return Span(display, start, start)
        return Span(display, start + lead, start + len(stripped))


_ADVICE = {
    "chan send": "nobody receives any more: give the channel room for every send, or make the send a select on a context or done channel",
    "chan receive": "nothing sends or closes the channel any more: close it when the producer is done, or select on a context or done channel",
    "select": "no case can proceed: add a case on a context or done channel the owner cancels",
}


def _advice(states: tuple[str, ...]) -> str:
    for s in states:
        base = s.rstrip("?")
        for key, text in _ADVICE.items():
            if base.startswith(key):
                return text
        if base.startswith(("sync.", "semacquire")):
            return "the lock or wait is never released: unlock and call Done on every path (defer)"
    return "find what it waits for and give it a way out"


def _blocked_diagnostic(site: Site, tally: _Tally, lines: _LineIndex, display: Callable[[str], str], settings: "Settings") -> tuple[Diagnostic | None, int | None]:
    """The GAI190 finding for a site and the line of the directive suppressing it."""
    from golint_ai.rules import rule_class
    from golint_ai.suppression import parse_suppressions

    shown = display(site.path)
    span = lines.line_span(site.path, shown, site.line)
    if span is None:
        return None, None  # the line is not in this checkout's version of the file
    ev = tally.evidence(False)
    function = sorted(tally.functions)[0] if tally.functions else ""
    short = function.rsplit("/", 1)[-1]
    related = []
    for created, creator in sorted(tally.created.items(), key=lambda kv: (kv[0].path, kv[0].line))[:MAX_CREATION_SITES]:
        cspan = lines.line_span(created.path, display(created.path), created.line)
        if cspan is not None:
            who = creator.rsplit("/", 1)[-1]
            related.append(Related(cspan, f"the `go` statement that created them (in `{who}`)" if who else "the `go` statement that created them"))
    where = f" in `{short}`" if short else ""
    if not tally.functions and tally.created:
        where = " (none of their frames is in the analysed files; this is where they were created)"
    message = (
        f"{ev.summary()} at run time{where}; no static finding explains them: {_advice(ev.states)}"
    )
    level = settings.level_for(CODE, rule_class(CODE).level.value)
    diag = Diagnostic(CODE, message, span, tuple(related), context=short, level=level, runtime=ev)
    data = lines.data(site.path)
    directive = parse_suppressions(data).find(CODE, site.line)
    if directive is not None:
        diag = replace(diag, suppressed=True, suppression_reason=directive.reason)
        return diag, directive.line
    return diag, None
