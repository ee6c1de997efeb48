"""Names across packages: which declaration a call, a type or a method names.

- :func:`named_type`: the package and name of a named type as written in some file
  (``T``, ``*T``, ``pkg.T``, ``T[int]``), resolved through that file's imports.
- :func:`find_method_in`: a method of a named type, also promoted from embedded fields
  (of this package or another).
- :func:`resolve_call`: the function or method declaration a call expression calls,
  in the same package or in any package whose source is on disk.

Static types come from :mod:`golint_ai.golang.gotypes`; packages beyond the analysed one
from :mod:`golint_ai.golang.world`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

from golint_ai.golang.imports import callee_node, qualified_name
from golint_ai.golang.index import FuncDecl, find_func, find_method, find_type_decl
from golint_ai.golang.walk import text, unparen

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.golang.package import GoFile, Package


class TypeRef(Struct, frozen=True, dict=True):
    """A named type: the package declaring it and its name (no type arguments)."""

    package: "Package"
    name: str
    pointer: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.package.directory, self.name)


class Callee(Struct, frozen=True, dict=True):
    """A resolved call: the declaration and the package holding it."""

    package: "Package"
    decl: FuncDecl
    receiver: TypeRef | None = None  # for methods: the type the method is declared on

    @property
    def key(self) -> tuple[str, int]:
        return (self.package.directory, self.decl.node.id)


def named_type(file: "GoFile", package: "Package", type_node: "Node | None") -> TypeRef | None:
    """The named type a type expression of ``file`` (in ``package``) denotes."""
    n = type_node
    pointer = False
    while n is not None and n.type in ("pointer_type", "parenthesized_type"):
        pointer = pointer or n.type == "pointer_type"
        n = n.named_children[-1] if n.named_child_count else None
    if n is not None and n.type == "generic_type":
        n = n.child_by_field_name("type")
    if n is None:
        return None
    if n.type == "type_identifier":
        return TypeRef(package, text(n), pointer)
    if n.type == "qualified_type":
        q = qualified_name(n, file.imports, lambda _: False)
        if q is None or q[0] == "C":
            return None
        other = package.imported(q[0])
        return TypeRef(other, q[1], pointer) if other is not None else None
    return None


def find_method_in(ref: TypeRef, name: str, _depth: int = 0) -> Callee | None:
    """Method ``name`` of a named type, declared on it or promoted from an embedded field."""
    decl = find_method(ref.package, ref.name, name)
    if decl is not None:
        return Callee(ref.package, decl, TypeRef(ref.package, ref.name))
    if _depth >= 3:
        return None
    found = find_type_decl(ref.package, ref.name)
    if found is None or found[0].type != "struct_type":
        return None
    tnode, home = found
    body = next((c for c in tnode.named_children if c.type == "field_declaration_list"), None)
    for fd in body.named_children if body is not None else []:
        if fd.type != "field_declaration" or fd.children_by_field_name("name"):
            continue
        inner = named_type(home, ref.package, fd.child_by_field_name("type"))
        if inner is None:
            continue
        found = find_method_in(inner, name, _depth + 1)
        if found is not None:
            return found
    return None


def resolve_call(ctx: "FileContext", call: "Node") -> Callee | None:
    """The declaration ``call`` calls: a function of this package, a function of an
    imported package, or a method of the static type of its receiver. None for builtins,
    function values, interface methods and code whose source is not on disk."""
    cache = ctx.file.__dict__.setdefault("_resolved_calls", {})
    if call.id in cache:
        return cache[call.id]
    cache[call.id] = found = _resolve_call(ctx, call)
    return found


def _resolve_call(ctx: "FileContext", call: "Node") -> Callee | None:
    fn = callee_node(call)
    fn = unparen(fn)
    if fn is None:
        return None
    if fn.type in ("identifier", "type_identifier"):  # F(x), or F[T](x) read as a conversion
        if fn.type == "identifier" and ctx.is_local(fn):
            return None
        decl = find_func(ctx.package, text(fn))
        if decl is not None:
            return Callee(ctx.package, decl)
        for path in ctx.imports.dot:  # import . "pkg": its names are this file's
            other = ctx.package.imported(path)
            decl = find_func(other, text(fn)) if other is not None else None
            if decl is not None:
                return Callee(other, decl)
        return None
    if fn.type == "qualified_type":  # pkg.F[T](x) read as a conversion
        q = qualified_name(fn, ctx.imports, lambda _: False)
        other = ctx.package.imported(q[0]) if q is not None and q[0] != "C" else None
        decl = find_func(other, q[1]) if other is not None else None
        return Callee(other, decl) if decl is not None else None
    if fn.type != "selector_expression":
        return None
    q = ctx.qualified_callee(call)
    if q is not None:
        if q[0] == "C":
            return None
        other = ctx.package.imported(q[0])
        decl = find_func(other, q[1]) if other is not None else None
        return Callee(other, decl) if decl is not None else None
    from golint_ai.golang.gotypes import type_of_expr

    operand = fn.child_by_field_name("operand")
    st = type_of_expr(ctx, operand)
    ref = type_ref_of(ctx, st)
    if ref is None:
        return None
    return find_method_in(ref, text(fn.child_by_field_name("field")))


def type_ref_of(ctx: "FileContext", st) -> TypeRef | None:
    """The named type behind a static type (from :mod:`gotypes`), wherever it was written."""
    if st is None or st.node is None:
        return None
    file = st.file or ctx.file
    package = st.package or ctx.package
    return named_type(file, package, st.node)
