"""The package index: what every file of a package declares, across files.

Package-level variables, struct fields and their types, functions and methods,
``runtime.SetFinalizer`` registrations, and which struct fields are handed to a release
anywhere in the package. Each part is computed on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Callable

from golint_ai.engine.imports import qualified_callee
from golint_ai.engine.query import compile_query, matches
from golint_ai.engine.walk import text, unparen

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.engine.package import GoFile, Package


@dataclass(frozen=True)
class PackageVar:
    name: str
    ident: "Node"
    type_node: "Node | None"
    value: "Node | None"
    file: "GoFile"


@dataclass(frozen=True)
class FuncDecl:
    name: str
    node: "Node"
    file: "GoFile"
    receiver_type: str | None = None


@dataclass(frozen=True)
class Finalizer:
    """A ``runtime.SetFinalizer(obj, fin)`` registration."""

    call: "Node"
    obj: "Node"
    fin: "Node"
    type_name: str | None
    file: "GoFile"


_SET_FINALIZER = compile_query(
    """
    (call_expression
      function: (selector_expression field: (field_identifier) @name (#eq? @name "SetFinalizer"))
      arguments: (argument_list . (_) @obj . (_) @fin)) @call
    """
)

_FIELD_ARGS = compile_query(
    """
    (call_expression
      function: (_) @callee
      arguments: (argument_list
        [(selector_expression field: (field_identifier) @field)
         (call_expression arguments: (argument_list (selector_expression field: (field_identifier) @field)))])) @call
    (call_expression
      function: (selector_expression
        operand: (selector_expression field: (field_identifier) @field)
        field: (field_identifier) @method)) @mcall
    """
)


def type_name(type_node: "Node | None") -> str | None:
    """``T`` for ``T``, ``*T``, ``pkg.T`` (as ``pkg.T``), ``T[int]``; None otherwise."""
    n = type_node
    while n is not None and n.type in ("pointer_type", "parenthesized_type"):
        n = n.named_children[-1] if n.named_child_count else None
    if n is None:
        return None
    if n.type == "generic_type":
        n = n.child_by_field_name("type")
    if n is not None and n.type in ("type_identifier", "qualified_type"):
        return text(n)
    return None


def receiver_type_name(method: "Node") -> str | None:
    recv = method.child_by_field_name("receiver")
    if recv is None:
        return None
    for p in recv.named_children:
        if p.type == "parameter_declaration":
            return type_name(p.child_by_field_name("type"))
    return None


class PackageIndex:
    def __init__(self, package: "Package") -> None:
        self.package = package

    # -- declarations --------------------------------------------------------
    @cached_property
    def _decls(self) -> tuple[dict, dict, dict, dict, dict]:
        vars_: dict[str, PackageVar] = {}
        structs: dict[str, dict[str, Node]] = {}
        funcs: dict[str, FuncDecl] = {}
        methods: dict[tuple[str, str], FuncDecl] = {}
        types: dict[str, Node] = {}
        for f in self.package.files:
            for decl in f.root.named_children:
                t = decl.type
                if t == "function_declaration":
                    name = decl.child_by_field_name("name")
                    if name is not None:
                        funcs[text(name)] = FuncDecl(text(name), decl, f)
                elif t == "method_declaration":
                    name = decl.child_by_field_name("name")
                    recv = receiver_type_name(decl)
                    if name is not None and recv is not None:
                        methods[(recv, text(name))] = FuncDecl(text(name), decl, f, recv)
                elif t == "var_declaration":
                    for spec in _specs(decl, "var_spec"):
                        tnode = spec.child_by_field_name("type")
                        value = spec.child_by_field_name("value")
                        names = spec.children_by_field_name("name")
                        values = value.named_children if value is not None else []
                        for i, n in enumerate(names):
                            v = values[i] if len(values) == len(names) else None
                            vars_[text(n)] = PackageVar(text(n), n, tnode, v, f)
                elif t == "type_declaration":
                    for spec in _specs(decl, "type_spec"):
                        name = spec.child_by_field_name("name")
                        tnode = spec.child_by_field_name("type")
                        if name is None or tnode is None:
                            continue
                        types[text(name)] = tnode
                        if tnode.type == "struct_type":
                            structs[text(name)] = _struct_fields(tnode)
        return vars_, structs, funcs, methods, types

    @property
    def vars(self) -> dict[str, PackageVar]:
        return self._decls[0]

    @property
    def structs(self) -> dict[str, dict[str, "Node"]]:
        return self._decls[1]

    @property
    def funcs(self) -> dict[str, FuncDecl]:
        return self._decls[2]

    @property
    def methods(self) -> dict[tuple[str, str], FuncDecl]:
        return self._decls[3]

    @property
    def types(self) -> dict[str, "Node"]:
        return self._decls[4]

    def methods_of(self, type_name_: str) -> dict[str, FuncDecl]:
        return {name: d for (t, name), d in self.methods.items() if t == type_name_}

    def structs_with_field(self, field: str) -> list[str]:
        return sorted(name for name, fields in self.structs.items() if field in fields)

    # -- finalizers ----------------------------------------------------------
    @cached_property
    def finalizers(self) -> list[Finalizer]:
        out = []
        for f in self.package.files:
            if b"SetFinalizer" not in f.data:
                continue
            for m in matches(_SET_FINALIZER, f.root):
                call, obj, fin = m["call"][0], m["obj"][0], m["fin"][0]
                scopes = f.scopes(call)
                q = qualified_callee(call, f.imports, scopes.is_local)
                if q != ("runtime", "SetFinalizer"):
                    continue
                out.append(Finalizer(call, obj, fin, self._type_of_object(f, obj), f))
        return out

    @cached_property
    def finalizer_types(self) -> frozenset[str]:
        return frozenset(fz.type_name for fz in self.finalizers if fz.type_name)

    def _type_of_object(self, f: "GoFile", obj: "Node") -> str | None:
        """The struct type name of the object a finalizer is set on."""
        obj = unparen(obj)
        if obj is None:
            return None
        if obj.type == "unary_expression" and obj.child_by_field_name("operand") is not None:
            obj = unparen(obj.child_by_field_name("operand"))
        if obj is not None and obj.type == "composite_literal":
            return type_name(obj.child_by_field_name("type"))
        if obj is None or obj.type != "identifier":
            return None
        b = f.scopes(obj).resolve(obj)
        if b is None:
            pv = self.vars.get(text(obj))
            return type_name(pv.type_node) if pv else None
        if b.type_node is not None:
            return type_name(b.type_node)
        v = unparen(b.value)
        if v is not None and v.type == "unary_expression":
            v = unparen(v.child_by_field_name("operand"))
        if v is not None and v.type == "composite_literal":
            return type_name(v.child_by_field_name("type"))
        if v is not None and v.type == "call_expression":
            fn = v.child_by_field_name("function")
            if fn is not None and text(fn) == "new":
                args = v.child_by_field_name("arguments")
                if args is not None and args.named_child_count:
                    return type_name(args.named_children[0])
        return None

    # -- releases --------------------------------------------------------------
    def fields_released(self, is_release: Callable[[str], bool]) -> frozenset[str]:
        """Names of struct fields that are, somewhere in the package, passed to a call
        whose name ``is_release``, passed to any non-C call, or the receiver of a method
        whose name ``is_release`` (``s.model.Destroy()``)."""
        key = id(is_release)
        cache = self.__dict__.setdefault("_released_cache", {})
        if key in cache:
            return cache[key][1]
        out: set[str] = set()
        for f in self.package.files:
            for m in matches(_FIELD_ARGS, f.root):
                field = text(m["field"][0])
                if "mcall" in m:
                    if is_release(text(m["method"][0])):
                        out.add(field)
                    continue
                callee = unparen(m["callee"][0])
                if callee is None:
                    continue
                if callee.type == "selector_expression":
                    operand = callee.child_by_field_name("operand")
                    name = text(callee.child_by_field_name("field"))
                    if operand is not None and text(operand) == "C" and f.imports.cgo:
                        if is_release(name):
                            out.add(field)
                        continue
                    out.add(field)
                elif callee.type == "identifier":
                    out.add(field)
        cache[key] = (is_release, frozenset(out))
        return cache[key][1]


def _specs(decl: "Node", kind: str) -> list["Node"]:
    out = []
    for c in decl.named_children:
        if c.type == kind:
            out.append(c)
        elif c.type.endswith("_spec_list"):
            out.extend(s for s in c.named_children if s.type == kind)
    return out


def _struct_fields(struct: "Node") -> dict[str, "Node"]:
    fields: dict[str, Node] = {}
    body = next((c for c in struct.named_children if c.type == "field_declaration_list"), None)
    if body is None:
        return fields
    for fd in body.named_children:
        if fd.type != "field_declaration":
            continue
        tnode = fd.child_by_field_name("type")
        names = fd.children_by_field_name("name")
        if names:
            for n in names:
                fields[text(n)] = tnode
        elif tnode is not None:  # embedded field: named after its type
            tn = type_name(tnode)
            if tn:
                fields[tn.split(".")[-1]] = tnode
    return fields

