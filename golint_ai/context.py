"""What a rule receives: one file of one package, with the engine's analyses one call
away and computed lazily (a rule never pays for an analysis it does not ask for)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from golint_ai.diagnostics import Diagnostic, Fix, Related, Span
from golint_ai.golang.imports import qualified_callee
from golint_ai.golang.index import receiver_type_name
from golint_ai.golang.walk import FUNCTION_TYPES, ancestors_from, text, unparen

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.golang.package import GoFile, Needles, Package
    from golint_ai.golang.paths import ControlFlow
    from golint_ai.golang.scope import FunctionScopes
    from golint_ai.knowledge import Knowledge
    from golint_ai.settings import Settings


class FileContext:
    def __init__(self, file: "GoFile", package: "Package", settings: "Settings", window: "list[Node] | None" = None) -> None:
        self.file = file
        self.package = package
        self.settings = settings
        # Top-level declarations a rule looks for candidates in (None: the whole file).
        # The language server re-runs a rule only on the functions an edit touched; a
        # rule that enumerates through :meth:`matches`/:meth:`captures` honours it.
        self.window = window

    # -- candidates ---------------------------------------------------------------
    def matches(self, query, near: "Needles | None" = None) -> list[dict[str, list["Node"]]]:
        """Matches of ``query`` in the file (in the window's declarations only, when
        there is a window), in document order. With ``near`` (literal bytes or bytes
        regexes, one of which every match's text holds), only the top-level declarations holding
        one are searched: a query pass costs about a third of a parse."""
        from golint_ai.golang.query import matches

        decls = self._declarations(near)
        if decls is None:
            return matches(query, self.root)
        return [m for decl in decls for m in matches(query, decl)]

    def captures(self, query, near: "Needles | None" = None) -> dict[str, list["Node"]]:
        """Captures of ``query`` in the file (or the window, or the declarations ``near``
        holds, as for :meth:`matches`), each list in document order."""
        from golint_ai.golang.query import captures

        decls = self._declarations(near)
        if decls is None:
            return captures(query, self.root)
        out: dict[str, list[Node]] = {}
        for decl in decls:
            for name, nodes in captures(query, decl).items():
                out.setdefault(name, []).extend(nodes)
        return out

    def _declarations(self, near) -> "list[Node] | None":
        """Where to search: None for the whole file, else declarations in document order."""
        if near is None:
            return self.window
        decls = self.file.declarations_near(near)
        if self.window is None:
            return decls
        ids = {d.id for d in self.window}
        return [d for d in decls if d.id in ids]

    @property
    def knowledge(self) -> "Knowledge":
        return self.settings.knowledge

    @property
    def root(self) -> "Node":
        return self.file.root

    @property
    def imports(self):
        return self.file.imports

    @property
    def index(self):
        return self.package.index

    def scopes(self, node: "Node") -> "FunctionScopes":
        return self.file.scopes(node)

    def flow(self, func: "Node") -> "ControlFlow":
        return self.file.flow(func, self.is_terminal)

    # -- call questions --------------------------------------------------------
    def qualified_callee(self, call: "Node") -> tuple[str, str] | None:
        """``(import path, name)`` for ``pkg.Name(...)``, respecting local shadowing."""
        # Scopes are built only when the operand names an import (a local may shadow it).
        return qualified_callee(call, self.imports, self.is_local)

    def is_local(self, ident: "Node") -> bool:
        """Whether an identifier names a local binding (and so shadows any import)."""
        return self.file.is_local(ident)

    def c_name(self, call: "Node") -> str | None:
        """``name`` when ``call`` is a cgo call ``C.name(...)``."""
        q = self.qualified_callee(call)
        return q[1] if q is not None and q[0] == "C" else None

    def is_terminal(self, stmt: "Node") -> bool:
        """Whether an expression statement is a call that never returns."""
        call = unparen(stmt.named_children[0]) if stmt.named_child_count else None
        if call is None or call.type != "call_expression":
            return False
        fn = unparen(call.child_by_field_name("function"))
        if fn is None:
            return False
        k = self.knowledge
        if fn.type == "identifier":
            return text(fn) in k.terminal_functions and not self.is_local(fn)
        if fn.type != "selector_expression":
            return False
        q = self.qualified_callee(call)
        if q is not None:
            return f"{q[0]}.{q[1]}" in k.terminal_functions
        return text(fn.child_by_field_name("field")) in k.terminal_methods

    # -- reporting ---------------------------------------------------------------
    def span(self, node: "Node") -> Span:
        return Span(self.file.source.display, node.start_byte, node.end_byte)

    def function_name(self, node: "Node") -> str:
        """Qualified name of the function around ``node``: ``(*T).M``, ``F``, ``F.func2``."""
        chain: list[Node] = [a for a in ancestors_from(self.root, node) if a.type in FUNCTION_TYPES]
        if node.type in FUNCTION_TYPES:
            chain.insert(0, node)
        if not chain:
            return ""
        top = chain[-1]
        name = text(top.child_by_field_name("name")) if top.type != "func_literal" else "func"
        if top.type == "method_declaration":
            name = f"{receiver_type_name(top) or '?'}.{name}"
        lits = len(chain) - 1 if top.type != "func_literal" else len(chain)
        return name + (f".func{lits}" if lits else "")

    def diagnostic(
        self,
        code: str,
        message: str,
        node: "Node",
        related: Iterable[tuple["Node", str]] = (),
        fix: Fix | None = None,
        launch: "Node | None" = None,
    ) -> Diagnostic:
        return Diagnostic(
            code=code,
            message=message,
            span=self.span(node),
            related=tuple(Related(self.span(n), m) for n, m in related),
            fix=fix,
            context=self.function_name(node),
            launch=self.span(launch) if launch is not None else None,
        )

    def with_related(self, diag: Diagnostic, file: "GoFile", node: "Node", message: str) -> Diagnostic:
        """``diag`` with one more related location, in any file of the package."""
        from msgspec.structs import replace

        span = Span(file.source.display, node.start_byte, node.end_byte)
        return replace(diag, related=diag.related + (Related(span, message),))

    def line(self, node: "Node") -> int:
        return node.start_point[0] + 1
