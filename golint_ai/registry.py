"""The rule base class and its metadata. Every output (``rules``, ``rule CODE``, SARIF
descriptors, docs pages, editor diagnostics) reads from here."""

from __future__ import annotations

import enum
import inspect
import re
import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, ClassVar, Iterator

from golint_ai import DOCS_URI
from golint_ai.docs import RuleDoc, parse_doc

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.diagnostics import Diagnostic
    from golint_ai.settings import Settings


class Level(str, enum.Enum):
    """SARIF result level."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def problem_severity(self) -> str:
        return {"error": "error", "warning": "warning", "note": "recommendation"}[self.value]


class Precision(str, enum.Enum):
    VERY_HIGH = "very-high"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class FixAvailability(str, enum.Enum):
    NONE = "none"
    SOMETIMES = "sometimes"
    ALWAYS = "always"


FAMILIES = {
    "1": "goroutine-lifetime",
    "2": "request-lifetime",
    "3": "native-resource",
    "4": "pool",
    "5": "unsafe-memory",
    "6": "python-side",
}

_CODE = re.compile(r"^GAI[1-9][0-9]{2}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$")


class Rule:
    """One check. Subclasses set the metadata and implement :meth:`check`.

    The module docstring is the documentation: summary line, then the sections
    *What it does / Why is this bad? / Example / How to fix*.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    level: ClassVar[Level] = Level.WARNING
    precision: ClassVar[Precision] = Precision.HIGH
    tags: ClassVar[tuple[str, ...]] = ()
    fix_availability: ClassVar[FixAvailability] = FixAvailability.NONE
    since: ClassVar[str] = "0.1.0"
    status: ClassVar[str] = "stable"
    default_enabled: ClassVar[bool] = True
    # Byte strings of which a file must contain at least one to be worth parsing.
    triggers: ClassVar[tuple[bytes, ...]] = ()
    # Whether the rule reports in `_test.go` files. Rules about memory a long-running
    # process retains say False: a test binary exits before the retention matters.
    in_tests: ClassVar[bool] = True
    # Whether the rule reports only from runtime evidence (`check --evidence`), never from
    # source alone: it has no Go samples, its tests run real programs.
    evidence_only: ClassVar[bool] = False
    # The language of the files the rule reads: "go" (tree-sitter, a FileContext) or
    # "python" (libcst, a PyFileContext).
    language: ClassVar[str] = "go"
    # Whether the rule's findings in a top-level function follow from that function, the
    # package outside function bodies and the functions tied to it by package-level
    # names (callees, callers, users of the same variables, fields and types), and the
    # rule looks for candidates only through ``ctx.matches``/``ctx.captures``: then the
    # language server keeps its findings per function and re-runs it only on the
    # functions an edit touched (golint_ai/server/reuse.py).
    per_function: ClassVar[bool] = False
    # For a ``per_function`` rule: ``shared_facts(ctx, func)`` -> a value to compare (==)
    # holding everything the rule's analysis of *other* functions reads of the top-level
    # function ``func`` apart from what those functions call (the pools it takes from and
    # whether it resets what it takes, say). When an edit leaves it equal, the language
    # server keeps the findings of the functions that merely share names with ``func``.
    # None: unknown, so they are analysed again.
    shared_facts: ClassVar["Callable[[FileContext, Node], object] | None"] = None

    def is_candidate(self, data: bytes, settings: "Settings") -> bool:
        """Cheap byte prefilter: can this file hold a finding of this rule at all?"""
        return any(t in data for t in self.triggers)

    def is_candidate_in(self, data: bytes, settings: "Settings", directory: str) -> bool:
        """:meth:`is_candidate` knowing the file's directory, for rules that also look at
        what the file imports (a package wrapping cgo, say). Still bytes only."""
        return self.is_candidate(data, settings)

    def check(self, ctx: "FileContext") -> Iterator["Diagnostic"]:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- metadata helpers ----------------------------------------------------
    @classmethod
    def doc(cls) -> RuleDoc:
        return _doc_of(cls)

    @classmethod
    def summary(cls) -> str:
        return cls.doc().summary

    @classmethod
    def family(cls) -> str:
        return FAMILIES[cls.code[3]]

    @classmethod
    def help_uri(cls) -> str:
        return DOCS_URI.format(code=cls.code)

    @classmethod
    def pascal_name(cls) -> str:
        return "".join(p.capitalize() for p in cls.name.split("-"))

    @classmethod
    def source_location(cls) -> str:
        module = sys.modules[cls.__module__]
        path = inspect.getsourcefile(module) or module.__name__
        try:
            line = inspect.getsourcelines(cls)[1]
        except (OSError, TypeError):  # pragma: no cover
            line = 0
        rel = path.replace("\\", "/")
        idx = rel.rfind("golint_ai/")
        return f"{rel[idx:] if idx >= 0 else rel}:{line}"

    @classmethod
    def validate(cls) -> None:
        """Raise ValueError when the metadata is malformed (the registry test calls this)."""
        where = f"{cls.__module__}.{cls.__name__}"
        if not _CODE.match(getattr(cls, "code", "")):
            raise ValueError(f"{where}: bad code {getattr(cls, 'code', None)!r}")
        if cls.code[3] not in FAMILIES:
            raise ValueError(f"{where}: unknown family digit in {cls.code}")
        if not _NAME.match(getattr(cls, "name", "")):
            raise ValueError(f"{where}: name must be kebab-case, got {getattr(cls, 'name', None)!r}")
        if cls.__name__ != cls.pascal_name():
            raise ValueError(f"{where}: class must be named {cls.pascal_name()}")
        module_tail = cls.__module__.rsplit(".", 1)[-1]
        if module_tail != cls.name.replace("-", "_"):
            raise ValueError(f"{where}: module must be named {cls.name.replace('-', '_')}.py")
        if cls.language not in ("go", "python"):
            raise ValueError(f"{where}: unknown language {cls.language!r}")
        if not cls.triggers and cls.is_candidate is Rule.is_candidate:
            raise ValueError(f"{where}: a rule needs byte triggers or its own is_candidate")
        doc = cls.doc()
        if len(doc.summary) > 120:
            raise ValueError(f"{where}: summary longer than 120 characters")
        if cls.fix_availability is not FixAvailability.NONE and "safe" not in doc.section("How to fix"):
            raise ValueError(f"{where}: a rule with fixes must say in *How to fix* whether they are safe")


@lru_cache(maxsize=None)
def _doc_of(cls: type[Rule]) -> RuleDoc:
    module = sys.modules[cls.__module__]
    return parse_doc(module.__doc__, cls.__module__)
