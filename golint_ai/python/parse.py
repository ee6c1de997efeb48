"""Parsing with libcst, and the metadata every Python rule shares.

A :class:`PyFile` parses on first use; a syntax error is kept (``syntax_error``) rather
than raised, so the runner turns it into a notification. Metadata is resolved once per
file: byte spans (for findings and fixes), positions (lines for messages), parents,
scopes and qualified names (``T.no_grad`` is ``torch.no_grad`` after ``import torch as T``).
Scopes and qualified names are resolved on the first question that needs them.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Iterator

import libcst as cst
import libcst.metadata as meta
from msgspec import Struct

from golint_ai.golang.source import SourceFile

if TYPE_CHECKING:  # pragma: no cover
    pass


class PySyntaxError(Struct, frozen=True, dict=True):
    """Where and why a Python file does not parse, kept for the runner's notification."""

    line: int  # 1-based
    column: int  # 1-based, code points
    message: str


class PyFile:
    """One Python file: bytes, lazily its libcst module and metadata."""

    def __init__(self, source: SourceFile, report: bool = True) -> None:
        self.source = source
        self.report = report
        self.syntax_error: PySyntaxError | None = None

    @property
    def data(self) -> bytes:
        return self.source.data

    @cached_property
    def wrapper(self) -> "meta.MetadataWrapper | None":
        try:
            module = cst.parse_module(self.data)
        except cst.ParserSyntaxError as exc:
            self.syntax_error = self._locate(exc)
            return None
        except (UnicodeDecodeError, LookupError, SyntaxError) as exc:
            self.syntax_error = PySyntaxError(1, 1, f"cannot decode: {exc}")
            return None
        return meta.MetadataWrapper(module, unsafe_skip_copy=True)

    def _locate(self, exc: "cst.ParserSyntaxError") -> PySyntaxError:
        """Where the syntax error is, as CPython reports it (libcst's parser often points
        past it); libcst's position when CPython accepts the file (syntax newer than
        libcst knows)."""
        try:
            compile(self.data, self.source.display, "exec", dont_inherit=True)
        except SyntaxError as err:
            return PySyntaxError(err.lineno or 1, err.offset or 1, err.msg or "invalid syntax")
        except (ValueError, MemoryError, RecursionError):
            pass
        first = exc.message.splitlines()[0] if exc.message else "invalid syntax"
        return PySyntaxError(exc.raw_line, exc.raw_column + 1, f"not supported by the parser: {first}")

    @property
    def module(self) -> cst.Module:
        assert self.wrapper is not None
        return self.wrapper.module

    @cached_property
    def _spans(self):
        return self.wrapper.resolve(meta.ByteSpanPositionProvider)  # type: ignore[union-attr]

    @cached_property
    def _parents(self) -> dict:
        # One plain walk: cheaper than libcst's ParentNodeProvider visitor. It also
        # records every node's children, which libcst recomputes on each access.
        from golint_ai.python.syntax import remember_children

        parents: dict = {}
        kids: dict = {}
        stack = [self.module]
        while stack:
            n = stack.pop()
            cs = kids[n] = tuple(n.children)
            for c in cs:
                parents[c] = n
                stack.append(c)
        self._kids = kids
        remember_children(kids)
        return parents

    def children(self, node: cst.CSTNode):
        self._parents
        return self._kids.get(node) or node.children

    @cached_property
    def _scopes(self):
        return self.wrapper.resolve(meta.ScopeProvider)  # type: ignore[union-attr]

    @cached_property
    def _qualified(self):
        return self.wrapper.resolve(meta.QualifiedNameProvider)  # type: ignore[union-attr]

    # -- positions ---------------------------------------------------------------
    def byte_span(self, node: cst.CSTNode) -> tuple[int, int]:
        s = self._spans[node]
        return s.start, s.start + s.length

    def line(self, node: cst.CSTNode) -> int:
        """1-based line where ``node`` starts."""
        return self.source.line_of(self._spans[node].start) + 1

    def code(self, node: cst.CSTNode) -> str:
        """The source text of ``node`` (as written, comments and all)."""
        start, end = self.byte_span(node)
        return self.data[start:end].decode("utf-8", "replace")

    # -- tree ------------------------------------------------------------------
    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self._parents.get(node)

    def ancestors(self, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
        p = self._parents.get(node)
        while p is not None:
            yield p
            p = self._parents.get(p)

    def scope(self, node: cst.CSTNode) -> "meta.Scope | None":
        return self._scopes.get(node)

    def qualified_names(self, node: cst.CSTNode) -> frozenset[str]:
        """Qualified names of a name or attribute expression, import aliases resolved:
        ``{"torch.no_grad"}`` for ``T.no_grad`` after ``import torch as T``."""
        v = self._qualified.get(node)
        if v is None:
            return frozenset()
        if callable(v) and not isinstance(v, (set, frozenset)):
            v = v()
        return frozenset(q.name for q in v)

    def walk(self, root: cst.CSTNode | None = None) -> Iterator[cst.CSTNode]:
        """Every node below ``root`` (the module by default), parents before children."""
        self._parents  # records the children
        kids = self._kids
        stack = [root if root is not None else self.module]
        while stack:
            n = stack.pop()
            yield n
            stack.extend(reversed(kids.get(n) or n.children))
