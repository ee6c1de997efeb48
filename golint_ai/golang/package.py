"""Go files and packages: lazy parsing, imports, scopes and control flow per file.

A :class:`Package` is the unit of work: all non-generated ``.go`` files of one
directory with the same package clause. Files are parsed on first use, so a rule that
only needs the file it checks never pays for its siblings.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Callable, Iterator, TypeAlias

from golint_ai.golang.imports import FileImports, file_imports
from golint_ai.golang.parse import code_start, error_nodes, parse_go
from golint_ai.golang.source import SourceFile
from golint_ai.golang.walk import FUNCTION_TYPES, text

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node, Tree

    from golint_ai.golang.cgo import CgoFacts
    from golint_ai.golang.index import FileDeclarations, PackageIndex
    from golint_ai.golang.paths import ControlFlow
    from golint_ai.golang.scope import FunctionScopes

_PACKAGE_CLAUSE = re.compile(rb"package[ \t]+([^\s;/(){}]+)")
_GENERATED = re.compile(rb"^// Code generated .* DO NOT EDIT\.\s*$", re.M)

_FUNCTION_DECLARATIONS = ("function_declaration", "method_declaration")


def package_clause(data: bytes) -> str | None:
    """The package name, scanning past the comments and blank space that may precede
    the clause; None when anything else comes first."""
    i = code_start(data, 3 if data.startswith(b"\xef\xbb\xbf") else 0)
    if data.startswith(b"/*", i):
        return None  # a comment that never ends
    m = _PACKAGE_CLAUSE.match(data, i)
    return m.group(1).decode("utf-8", errors="replace") if m else None


_CLAUSE = re.compile(rb"package(?<![^\n]package)[ \t]")  # `(?m)^package`, the literal first


def is_generated(data: bytes) -> bool:
    """``// Code generated ... DO NOT EDIT.`` before the package clause (only the bytes
    before it are looked at)."""
    clause = _CLAUSE.search(data)
    head = data if clause is None else data[: clause.start()]
    return b"DO NOT EDIT" in head and _GENERATED.search(head) is not None


# What a query's matches must spell (:meth:`GoFile.declarations_near`): literal bytes or
# compiled bytes regexes, one of which every match's text holds.
Needles: TypeAlias = "tuple[bytes | re.Pattern[bytes], ...] | re.Pattern[bytes]"


@lru_cache(maxsize=1024)
def _spelled_unselected(name: bytes) -> "re.Pattern[bytes]":
    """``name`` as a whole word that is not the operand of a selector (``name.Get``; a
    variadic ``name ...T`` does not count as one), nor a selected field (``x.name``)."""
    return re.compile(rb"(?<![\w.])" + re.escape(name) + rb"(?!\w)(?!\s*\.(?!\.))")


def _offsets(data: bytes, needle: "bytes | re.Pattern[bytes]") -> Iterator[int]:
    if not isinstance(needle, bytes):
        yield from (m.start() for m in needle.finditer(data))
        return
    i = data.find(needle)
    while i >= 0:
        yield i
        i = data.find(needle, i + 1)


_FUNCTION_LINE = re.compile(rb"func(?<![^\n]func)\b")  # `(?m)^func`, the literal first: `^` is tried at every byte


def _stretches_around(data: bytes, pattern: "re.Pattern[bytes]") -> list[tuple[int, int]]:
    """The stretches of a file holding every match of ``pattern``: each runs from the
    line starting with ``func`` before a match (or from the start of the file) to the
    next such line (or the end), touching stretches merged. In a formatted file those
    lines begin its top-level function declarations, so every stretch is a run of whole
    top-level declarations; empty when nothing matches."""
    bounds = [0] + [m.start() for m in _FUNCTION_LINE.finditer(data) if m.start()]
    chosen = sorted({bisect_right(bounds, m.start()) - 1 for m in pattern.finditer(data)})
    out: list[tuple[int, int]] = []
    for i in chosen:
        lo, hi = bounds[i], bounds[i + 1] if i + 1 < len(bounds) else len(data)
        if out and out[-1][1] == lo:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


class GoFile:
    """One source file with lazily computed syntax and semantics."""

    def __init__(self, source: SourceFile, *, report: bool = True) -> None:
        self.source = source
        # Whether findings in this file are reported (files named on the command line),
        # or it is only read for the package index (siblings of those files).
        self.report = report
        self._scopes: dict[int, "FunctionScopes"] = {}
        self._flows: dict[int, "ControlFlow"] = {}
        self._near: dict[object, list["Node"]] = {}
        self._local_names: dict[int, frozenset[str]] = {}
        self._holding: dict[object, "FileDeclarations"] = {}

    def __repr__(self) -> str:  # pragma: no cover
        return f"GoFile({self.source.display!r})"

    @property
    def data(self) -> bytes:
        return self.source.data

    @cached_property
    def tree(self) -> "Tree":
        return parse_go(self.source.data, new_expr=self.accepts("new-expr"))[0]

    def accepts(self, feature: str) -> bool:
        """Whether the module holding this file accepts a Go language feature."""
        from golint_ai.golang.module import accepts

        return accepts(os.path.dirname(os.path.abspath(self.source.path)) if self.source.path else None, feature)

    @property
    def root(self) -> "Node":
        return self.tree.root_node

    @cached_property
    def imports(self) -> FileImports:
        return file_imports(self.root)

    @cached_property
    def _top_level(self) -> tuple[list[int], list["Node"]]:
        nodes = self.root.children
        return [n.start_byte for n in nodes], nodes

    def top_level_at(self, offset: int) -> "Node | None":
        """The child of the file (declaration, comment, syntax error) holding byte ``offset``."""
        starts, nodes = self._top_level
        i = bisect_right(starts, offset) - 1
        return nodes[i] if i >= 0 and offset < nodes[i].end_byte else None

    def declarations_near(self, needles: Needles) -> list["Node"]:
        """The children of the file whose bytes hold one of ``needles`` (literal bytes
        or compiled regexes), in document order: the only places a query for what the
        needles spell can match, so it runs there instead of over the whole file."""
        found = self._near.get(needles)
        if found is None:
            data = self.data
            offsets = [i for n in (needles if isinstance(needles, tuple) else (needles,)) for i in _offsets(data, n)]
            decls: dict[int, Node] = {}
            for i in sorted(offsets):
                decl = self.top_level_at(i)
                if decl is not None:
                    decls.setdefault(decl.start_byte, decl)
            found = self._near[needles] = [decls[k] for k in sorted(decls)]
        return found

    def holds(self, node: "Node", needle: bytes) -> bool:
        """Whether the bytes of ``node`` hold ``needle`` (without copying them)."""
        return self.data.find(needle, node.start_byte, node.end_byte) >= 0

    def may_shadow(self, ident: "Node") -> bool:
        """Whether the top-level declaration holding ``ident`` declares its name below
        the package level (parameters, ``:=``, ``var``, ``const``, range and select
        variables, type-switch aliases): if not, no local can shadow an import of that
        name there, and no scope needs building. One query pass per declaration asked
        about, not per file."""
        decl = self.top_level_at(ident.start_byte)
        if decl is None:
            return False
        names = self._local_names.get(decl.id)
        if names is None:
            from golint_ai.golang.query import captures, shared_query

            names = self._local_names[decl.id] = frozenset(text(n) for n in captures(shared_query("local_names"), decl).get("name", []))
        return text(ident) in names

    def is_local(self, ident: "Node") -> bool:
        """Whether an identifier names a local binding (and so shadows any import)."""
        return self.may_shadow(ident) and self.scopes(ident).is_local(ident)

    @cached_property
    def declarations(self) -> "FileDeclarations":
        """This file's package-level declarations (the package index merges them)."""
        from golint_ai.golang.index import file_declarations

        return file_declarations(self.root)

    def declarations_holding(self, pattern: "re.Pattern[bytes]") -> "FileDeclarations":
        """Declarations of the file holding at least every top-level declaration whose
        bytes match ``pattern``: the file's own when it is parsed already, or reported
        (it will be); else, for a file read only for its package, those of a parse of
        just the stretches around the matches (:func:`_stretches_around`). Memoised per
        pattern. A stretch of code commented out with ``/* */`` may add declarations
        the file does not have: what is found there is a reason to ask
        :attr:`declarations`, not an answer."""
        if "tree" in self.__dict__ or self.report:
            return self.declarations
        found = self._holding.get(pattern)
        if found is None:
            found = self._holding[pattern] = self._partial_declarations(pattern)
        return found

    def _partial_declarations(self, pattern: "re.Pattern[bytes]") -> "FileDeclarations":
        from golint_ai.golang.index import FileDeclarations, file_declarations
        from golint_ai.golang.parse import parse_stretches

        data = self.data
        stretches = _stretches_around(data, pattern)
        if not stretches:
            return FileDeclarations((), (), (), ())
        root = parse_stretches(data, stretches).root_node
        # Each stretch must parse cleanly and start with the function declaration its
        # first line begins (else a `func` line began inside a literal, a comment or a
        # body): otherwise the whole file is parsed.
        starts = {n.start_byte for n in root.children if n.type in _FUNCTION_DECLARATIONS}
        if root.has_error or any(lo and lo not in starts for lo, _ in stretches):
            return self.declarations
        return file_declarations(root)

    @cached_property
    def broken(self) -> list[tuple["Node", "Node"]]:
        """(syntax problem, enclosing top-level declaration or None) pairs."""
        from golint_ai.golang.walk import top_level_of

        root = self.root
        return [(err, top_level_of(root, err)) for err in error_nodes(root)]

    @cached_property
    def _broken_ranges(self) -> list[tuple[int, int]]:
        """Byte ranges not analysed: the outermost function holding each syntax problem,
        else its top-level declaration, else the problem itself."""
        from golint_ai.golang.walk import outermost_function_from

        ranges = []
        for err, decl in self.broken:
            top = outermost_function_from(self.root, err)  # stops at the first function from the root
            if top is None and err.type in FUNCTION_TYPES:
                top = err
            target = top if top is not None else decl
            if target is not None:
                ranges.append((target.start_byte, target.end_byte))
            else:
                ranges.append((err.start_byte, err.end_byte))
        return ranges

    def in_broken_code(self, node: "Node") -> bool:
        """Whether ``node`` lies in a function (or top-level declaration) holding a syntax error."""
        b = node.start_byte
        return any(lo <= b < hi for lo, hi in self._broken_ranges)

    def may_bind_locally(self, ident: "Node") -> bool:
        """Whether the identifier ``ident`` can name a local of the top-level function
        holding it: False when every occurrence of the name in that declaration is the
        operand of a selector (``bufPool.Get()``), a spelling no binding has. Bytes only:
        a check that spares building the function's scopes."""
        decl = self.top_level_at(ident.start_byte)
        if decl is None or decl.type not in _FUNCTION_DECLARATIONS:
            return True
        return _spelled_unselected(ident.text).search(self.data, decl.start_byte, decl.end_byte) is not None

    def scopes(self, node: "Node") -> "FunctionScopes":
        """Scopes of the top-level function holding ``node`` (or of ``node`` itself)."""
        from golint_ai.golang.scope import FunctionScopes
        from golint_ai.golang.walk import outermost_function_from

        # The outermost function above ``node`` (else ``node`` itself). Most nodes lie in
        # a function or method declaration: the top-level declaration holding their bytes
        # (a bisection). Others are found from the root down, stopping there: climbing
        # with ``.parent`` is quadratic in the depth.
        decl = self.top_level_at(node.start_byte) if node.end_byte > node.start_byte else None
        if decl is not None and decl.type in _FUNCTION_DECLARATIONS and node.end_byte <= decl.end_byte:
            top = decl
        else:
            top = outermost_function_from(self.root, node) or node
        cached = self._scopes.get(top.id)
        if cached is None:
            cached = self._scopes[top.id] = FunctionScopes(top)
        return cached

    def flow(self, func: "Node", is_terminal: Callable[["Node"], bool]) -> "ControlFlow":
        from golint_ai.golang.paths import ControlFlow

        cached = self._flows.get(func.id)
        if cached is None:
            cached = self._flows[func.id] = ControlFlow(func, is_terminal)
        return cached


class Package:
    """The files of one Go package (one directory, one package clause)."""

    def __init__(self, directory: str, name: str, files: list[GoFile]) -> None:
        self.directory = directory
        self.name = name
        self.files = files

    def __repr__(self) -> str:  # pragma: no cover
        return f"Package({self.directory!r}, {self.name!r}, {len(self.files)} files)"

    _KEPT = frozenset({"directory", "name", "files", "import_path"})

    def release(self) -> None:
        """Drop what was derived from the files (index, pool tables, summaries: all
        computed again if asked for). Those caches refer back to the package, so until
        they are dropped its files and their trees wait for a full garbage collection,
        which a worker runs seldom: the trees of every package it analysed piled up."""
        for key in [k for k in self.__dict__ if k not in self._KEPT]:
            del self.__dict__[key]

    @cached_property
    def index(self) -> "PackageIndex":
        from golint_ai.golang.index import PackageIndex

        return PackageIndex(self)

    @cached_property
    def cgo(self) -> "CgoFacts":
        """What the package's C preambles and local headers declare."""
        from golint_ai.golang.cgo import CgoFacts

        return CgoFacts(self)

    def contains(self, pattern: bytes) -> bool:
        return any(pattern in f.data for f in self.files)

    @cached_property
    def import_path(self) -> str | None:
        """The package's import path: its module's path and its place in the module."""
        from golint_ai.golang.module import import_path_of

        return import_path_of(self.directory)

    def imported(self, import_path: str) -> "Package | None":
        """The package an import of this package's files names, when its source is on
        disk (the module, its workspace, replacements, vendor/, the module cache)."""
        from golint_ai.golang.world import WORLD

        if import_path == self.import_path:
            return self
        return WORLD.resolve(import_path, self.directory)
