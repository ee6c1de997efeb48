"""What rules produce: diagnostics with locations, related locations and fixes, and
tool notifications for input that could not be analysed."""

from __future__ import annotations

import enum

from msgspec import Struct


class Applicability(str, enum.Enum):
    """Whether a fix may be applied without a human looking at it."""

    SAFE = "safe"  # never changes behaviour; applied by --fix
    UNSAFE = "unsafe"  # may change behaviour; applied only with --fix --unsafe-fixes


class Span(Struct, frozen=True, dict=True):
    """A byte range in one file (0-based, end exclusive)."""

    path: str
    start: int
    end: int


class Related(Struct, frozen=True, dict=True):
    """A related location of a finding and the message describing it."""

    span: Span
    message: str


class Edit(Struct, frozen=True, dict=True):
    """Replace bytes [start, end) of ``path`` with ``text``."""

    path: str
    start: int
    end: int
    text: str


class Fix(Struct, frozen=True, dict=True):
    """A suggested fix: a title, the edits that make it, and whether it may be applied without review."""

    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability


class RuntimeEvidence(Struct, frozen=True, dict=True):
    """What goroutine dumps say about a finding's goroutine: how many were seen blocked
    at its line or launched by its `go` statement, in which states, for how long."""

    goroutines: int
    states: tuple[str, ...]  # wait reasons ("chan send"); "inferred" ones end in "?"
    max_minutes: int | None = None  # longest wait printed in the dumps; None when not printed
    leaked: bool = False  # marked `(leaked)` by the goroutineleak profile
    sources: tuple[str, ...] = ()  # the evidence files or URLs
    confirmed: bool = True  # False for a GAI190 result: the runtime group is the finding

    def summary(self) -> str:
        n = self.goroutines
        parts = [s for s in self.states if s] or ["state unknown"]
        if self.max_minutes is not None:
            parts.append(f"up to {self.max_minutes} min")
        if self.leaked:
            parts.append("marked leaked")
        return f"{n} goroutine{'s' if n != 1 else ''} blocked here ({', '.join(parts)})"

    def as_dict(self) -> dict:
        return {
            "confirmed": self.confirmed,
            "goroutines": self.goroutines,
            "states": list(self.states),
            "max_wait_minutes": self.max_minutes,
            "leaked": self.leaked,
            "evidence": list(self.sources),
        }


class Diagnostic(Struct, frozen=True, dict=True):
    """One finding: rule code, message and span, with related locations, a fix, its suppression
    state and the runtime evidence joined with it."""

    code: str
    message: str
    span: Span
    related: tuple[Related, ...] = ()
    fix: Fix | None = None
    # Qualified name of the enclosing function: part of the stable fingerprint.
    context: str = ""
    level: str = "warning"  # effective SARIF level after configuration
    suppressed: bool = False
    suppression_reason: str = ""
    suppression_kind: str = "inSource"  # inSource (a comment) | external (a baseline)
    # The `go` statement of the goroutine the finding is about (goroutine rules): runtime
    # evidence matches it against the `created by` site of goroutine dumps.
    launch: Span | None = None
    runtime: RuntimeEvidence | None = None  # set when runtime evidence was joined

    def sort_key(self) -> tuple:
        return (self.span.path, self.span.start, self.code, self.message)


class Notification(Struct, frozen=True, dict=True):
    """A problem with the input or the tool, not a finding (SARIF toolExecutionNotifications)."""

    path: str
    message: str
    level: str = "warning"  # note | warning | error
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based, code points
    column_utf16: int | None = None  # 1-based, UTF-16 code units (SARIF, LSP)
    kind: str = "input"  # input | syntax | config | internal | suppression

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.message)
