"""What rules produce: diagnostics with locations, related locations and fixes, and
tool notifications for input that could not be analysed."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Applicability(str, enum.Enum):
    """Whether a fix may be applied without a human looking at it."""

    SAFE = "safe"  # never changes behaviour; applied by --fix
    UNSAFE = "unsafe"  # may change behaviour; applied only with --fix --unsafe-fixes


@dataclass(frozen=True)
class Span:
    """A byte range in one file (0-based, end exclusive)."""

    path: str
    start: int
    end: int


@dataclass(frozen=True)
class Related:
    span: Span
    message: str


@dataclass(frozen=True)
class Edit:
    """Replace bytes [start, end) of ``path`` with ``text``."""

    path: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability


@dataclass(frozen=True)
class Diagnostic:
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

    def sort_key(self) -> tuple:
        return (self.span.path, self.span.start, self.code, self.message)


@dataclass(frozen=True)
class Notification:
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
