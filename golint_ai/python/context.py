"""What a Python rule receives: one parsed file, with positions, names and the
reporting helpers (the Python counterpart of :class:`golint_ai.context.FileContext`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import libcst as cst

from golint_ai.diagnostics import Diagnostic, Fix, Related, Span

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.python.parse import PyFile
    from golint_ai.settings import Settings


class PyFileContext:
    def __init__(self, file: "PyFile", directory: str, settings: "Settings") -> None:
        self.file = file
        self.directory = directory
        self.settings = settings

    @property
    def module(self) -> cst.Module:
        return self.file.module

    def line(self, node: cst.CSTNode) -> int:
        return self.file.line(node)

    def code(self, node: cst.CSTNode) -> str:
        return self.file.code(node)

    def span(self, node: cst.CSTNode) -> Span:
        start, end = self.file.byte_span(node)
        return Span(self.file.source.display, start, end)

    def function_name(self, node: cst.CSTNode) -> str:
        """``Class.method``, ``function`` or ``function.inner`` around ``node``; empty at
        module level."""
        parts = [
            a.name.value for a in [node, *self.file.ancestors(node)]
            if isinstance(a, (cst.FunctionDef, cst.ClassDef))
        ]
        return ".".join(reversed(parts))

    def diagnostic(
        self,
        code: str,
        message: str,
        node: cst.CSTNode,
        related: Iterable[tuple[cst.CSTNode, str]] = (),
        fix: Fix | None = None,
        extra_related: Iterable[Related] = (),
    ) -> Diagnostic:
        return Diagnostic(
            code=code,
            message=message,
            span=self.span(node),
            related=tuple(Related(self.span(n), m) for n, m in related) + tuple(extra_related),
            fix=fix,
            context=self.function_name(node),
        )
