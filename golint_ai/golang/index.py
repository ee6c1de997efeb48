"""The package index: what every file of a package declares, across files.

Package-level variables, struct fields and their types, functions and methods,
``runtime.SetFinalizer`` registrations, and which struct fields are handed to a release
anywhere in the package. Each part is computed on first use.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Callable

from msgspec import Struct

from golint_ai.golang.imports import qualified_callee, qualified_name
from golint_ai.golang.parse import whole_word
from golint_ai.golang.query import compile_query, matches
from golint_ai.golang.walk import text, top_level_of, unparen

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.golang.package import GoFile, Package


class PackageVar(Struct, frozen=True, dict=True):
    """A package-level variable: its name, identifier, type and value nodes, and the file declaring it."""

    name: str
    ident: "Node"
    type_node: "Node | None"
    value: "Node | None"
    file: "GoFile"


class FuncDecl(Struct, frozen=True, dict=True):
    """A top-level function or method declaration of a package, with its file and receiver type name."""

    name: str
    node: "Node"
    file: "GoFile"
    receiver_type: str | None = None


class Finalizer(Struct, frozen=True, dict=True):
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
    def _decls(self) -> tuple[dict, dict, dict, dict, dict, dict]:
        """The package's declarations, merged from each file's own (cached per file,
        so re-indexing after an edit only re-reads the edited file)."""
        vars_: dict[str, PackageVar] = {}
        structs: dict[str, dict[str, Node]] = {}
        funcs: dict[str, FuncDecl] = {}
        methods: dict[tuple[str, str], FuncDecl] = {}
        types: dict[str, Node] = {}
        type_files: dict[str, GoFile] = {}
        # A name declared in several files (build-constraint variants) keeps its first
        # declaration in file order, as the per-name look-ups below find it.
        for f in self.package.files:
            d = f.declarations
            for name, node in d.funcs:
                funcs.setdefault(name, FuncDecl(name, node, f))
            for recv, name, node in d.methods:
                methods.setdefault((recv, name), FuncDecl(name, node, f, recv))
            for name, ident, tnode, value in d.vars:
                vars_.setdefault(name, PackageVar(name, ident, tnode, value, f))
            for name, tnode in d.types:
                if name in types:
                    continue
                types[name] = tnode
                type_files[name] = f
                if tnode.type == "struct_type":
                    structs[name] = struct_fields(tnode)
        return vars_, structs, funcs, methods, types, type_files

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
        return _scan_finalizers(self.package, self._type_of_object)

    @cached_property
    def finalizer_types(self) -> frozenset[str]:
        return frozenset(fz.type_name for fz in self.finalizers if fz.type_name)

    def _type_of_object(self, f: "GoFile", obj: "Node") -> str | None:
        """The struct type name of the object a finalizer is set on: from its local
        declaration, else from a package-level variable's declared type."""
        local = _local_object_type(f, obj)
        if local is not None:
            return local
        o = unparen(obj)
        if o is not None and o.type == "identifier" and f.scopes(o).resolve(o) is None:
            pv = self.vars.get(text(o))
            return type_name(pv.type_node) if pv else None
        return None

    # -- releases --------------------------------------------------------------
    def only_package_level_values(self, type_name_: str) -> bool:
        """Whether every value of the struct type the package makes (``T{...}``,
        ``&T{...}``, ``new(T)``) initialises a package-level variable: the type's values
        are process-lifetime singletons (a cache built once), never one per call."""
        cache = self.__dict__.setdefault("_singletons", {})
        if type_name_ in cache:
            return cache[type_name_]
        from golint_ai.golang.query import captures, compile_query

        query = compile_query(
            """
            (composite_literal type: (type_identifier) @type)
            (call_expression function: (identifier) @new arguments: (argument_list (type_identifier) @type))
            """
        )
        made = 0
        needle = type_name_.encode()
        result = True
        for f in self.package.files:
            if needle not in f.data:
                continue
            for t in (t for decl in f.declarations_near((needle,)) for t in captures(query, decl).get("type", [])):
                if text(t) != type_name_:
                    continue
                made += 1
                top = top_level_of(f.root, t)
                if top is None or top.type != "var_declaration":
                    result = False
                    break
            if not result:
                break
        cache[type_name_] = result and made > 0
        return cache[type_name_]

    def fields_released(self, is_release: Callable[[str], bool]) -> frozenset[str]:
        """Names of struct fields that are, somewhere in the package, passed to a call
        whose name ``is_release``, passed to any non-C call, or the receiver of a method
        whose name ``is_release`` (``s.model.Destroy()``)."""
        # A bound method is a new object at each access: key it by its instance and function.
        key = (id(getattr(is_release, "__self__", None)), id(getattr(is_release, "__func__", is_release)))
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


class FileDeclarations(Struct, frozen=True, dict=True):
    """One file's package-level declarations, as syntax nodes."""

    funcs: tuple[tuple[str, "Node"], ...]
    methods: tuple[tuple[str, str, "Node"], ...]  # receiver type, name, node
    vars: tuple[tuple[str, "Node", "Node | None", "Node | None"], ...]  # name, ident, type, value
    types: tuple[tuple[str, "Node"], ...]


def file_declarations(root: "Node") -> FileDeclarations:
    funcs, methods, vars_, types = [], [], [], []
    for decl in root.named_children:
        t = decl.type
        if t == "function_declaration":
            name = decl.child_by_field_name("name")
            if name is not None:
                funcs.append((text(name), decl))
        elif t == "method_declaration":
            name = decl.child_by_field_name("name")
            recv = receiver_type_name(decl)
            if name is not None and recv is not None:
                methods.append((recv, text(name), decl))
        elif t == "var_declaration":
            for spec in _specs(decl, "var_spec"):
                tnode = spec.child_by_field_name("type")
                value = spec.child_by_field_name("value")
                names = spec.children_by_field_name("name")
                values = value.named_children if value is not None else []
                for i, n in enumerate(names):
                    vars_.append((text(n), n, tnode, values[i] if len(values) == len(names) else None))
        elif t == "type_declaration":
            for spec in _specs(decl, "type_spec"):
                name = spec.child_by_field_name("name")
                tnode = spec.child_by_field_name("type")
                if name is not None and tnode is not None:
                    types.append((text(name), tnode))
    return FileDeclarations(tuple(funcs), tuple(methods), tuple(vars_), tuple(types))


def _specs(decl: "Node", kind: str) -> list["Node"]:
    out = []
    for c in decl.named_children:
        if c.type == kind:
            out.append(c)
        elif c.type.endswith("_spec_list"):
            out.extend(s for s in c.named_children if s.type == kind)
    return out


def struct_fields(struct: "Node") -> dict[str, "Node"]:
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



# -- what each finalizer releases (added for GAI501) ------------------------------------
class FinalizerReleases(Struct, frozen=True, dict=True):
    """For one struct type with a finalizer: the fields the finalizer (and the methods and
    same-package functions it hands the object to) passes to calls or calls methods on,
    the function nodes involved, and the registrations."""

    type_name: str
    fields: frozenset[str]
    functions: frozenset[int]  # ids of the finalizer function nodes and their callees
    registrations: tuple[Finalizer, ...]


_FIN_BODY = compile_query(
    """
    (selector_expression operand: (identifier) @obj field: (field_identifier) @field) @sel
    (call_expression function: (selector_expression operand: (identifier) @recv field: (field_identifier) @method)) @mcall
    (call_expression function: (identifier) @fn arguments: (argument_list) @args) @fcall
    """
)


def finalizer_releases(index: PackageIndex) -> dict[str, FinalizerReleases]:
    """Per struct type name with a ``runtime.SetFinalizer`` registration, what the
    finalizer releases. Computed once per package (cached on the index)."""
    cached = index.__dict__.get("_finalizer_releases")
    if cached is not None:
        return cached
    out: dict[str, FinalizerReleases] = {}
    by_type: dict[str, list[Finalizer]] = {}
    for fz in _registrations(index):
        if fz.type_name:
            by_type.setdefault(fz.type_name, []).append(fz)
    for tname, regs in by_type.items():
        fields: set[str] = set()
        funcs: set[int] = set()
        work: list[tuple["Node", str]] = []
        for fz in regs:
            start = _finalizer_function(index, fz, tname)
            if start is not None:
                work.append(start)
        seen: set[tuple[int, str]] = set()
        while work and len(seen) < 32:
            fn, obj = work.pop()
            if (fn.id, obj) in seen:
                continue
            seen.add((fn.id, obj))
            funcs.add(fn.id)
            body = fn.child_by_field_name("body")
            if body is None:
                continue
            for m in matches(_FIN_BODY, body):
                if "sel" in m:
                    if text(m["obj"][0]) != obj:
                        continue
                    sel = m["sel"][0]
                    parent = sel.parent
                    if parent is not None and parent.type == "selector_expression" and parent.parent is not None and parent.parent.type == "call_expression":
                        fields.add(text(m["field"][0]))  # obj.f.Close()
                        continue
                    n = parent
                    while n is not None and n.id != body.id:
                        if n.type == "argument_list":
                            fields.add(text(m["field"][0]))
                            break
                        n = n.parent
                elif "mcall" in m:
                    if text(m["recv"][0]) != obj:
                        continue
                    decl = find_method(index.package, tname, text(m["method"][0]))
                    if decl is not None:
                        recv = _receiver_name(decl.node)
                        if recv:
                            work.append((decl.node, recv))
                elif "fcall" in m:
                    decl = find_func(index.package, text(m["fn"][0]))
                    if decl is None:
                        continue
                    args = m["args"][0].named_children
                    params = _param_names(decl.node)
                    for i, a in enumerate(args):
                        if text(a) == obj and i < len(params) and params[i]:
                            work.append((decl.node, params[i]))
        out[tname] = FinalizerReleases(tname, frozenset(fields), frozenset(funcs), tuple(regs))
    index.__dict__["_finalizer_releases"] = out
    return out


def _registrations(index: PackageIndex) -> list[Finalizer]:
    """``runtime.SetFinalizer`` registrations, like ``PackageIndex.finalizers`` but typed
    from local declarations only, so that only files mentioning SetFinalizer are parsed."""
    if "finalizers" in index.__dict__:
        return index.finalizers
    return _scan_finalizers(index.package, _local_object_type)


def _scan_finalizers(package: "Package", type_of: "Callable[[GoFile, Node], str | None]") -> list[Finalizer]:
    """The ``runtime.SetFinalizer(obj, fin)`` calls of the files that mention it, and the
    calls of helpers that pass their parameters on to it (``RegisterFinalizer(t, fin)``
    with ``func RegisterFinalizer[T any](x *T, f func(*T)) { runtime.SetFinalizer(x, f) }``,
    in this package or a package it imports whose source is on disk)."""
    out = []
    for f in package.files:
        if b"SetFinalizer" not in f.data:
            continue
        for call, obj, fin in _set_finalizer_calls(f):
            out.append(Finalizer(call, obj, fin, type_of(f, obj), f))
    from golint_ai.golang.world import import_paths, package_mentions, resolve_import

    helpers = finalizer_helpers(package)
    for f in package.files:
        local = {n for n in helpers if n.encode() in f.data}
        imported: dict[tuple[str, str], tuple[int, int]] = {}
        for path in import_paths(f.data):  # bytes first: most imports register nothing
            target = resolve_import(path, package.directory) if path not in ("C", "runtime", "unsafe") else None
            if target is None or not package_mentions(target, (b"SetFinalizer",)):
                continue
            other = package.imported(path)
            if other is None or other is package:
                continue
            for name, where in finalizer_helpers(other).items():
                if name.encode() in f.data:
                    imported[(path, name)] = where
        if not local and not imported:
            continue
        names = tuple(sorted({n.encode() for n in local} | {n.encode() for _, n in imported}))
        for m in (m for decl in f.declarations_near(names) for m in matches(_HELPER_CALLS, decl)):
            call = m["call"][0]
            fn = unparen(m["fn"][0])
            where = None
            if fn.type == "identifier" and text(fn) in local and not f.is_local(fn):
                where = helpers[text(fn)]
            elif fn.type == "selector_expression":
                q = qualified_name(fn, f.imports, f.is_local)
                where = imported.get(q) if q is not None else None
            args = [a for a in m["args"][0].named_children if a.type != "comment"]
            if where is None or max(where) >= len(args):
                continue
            obj, fin = args[where[0]], args[where[1]]
            out.append(Finalizer(call, obj, fin, type_of(f, obj), f))
    return out


_HELPER_CALLS = compile_query(
    """
    (call_expression function: [(identifier) (selector_expression)] @fn arguments: (argument_list) @args) @call
    (call_expression function: (index_expression operand: [(identifier) (selector_expression)] @fn) arguments: (argument_list) @args) @call
    """
)


def _set_finalizer_calls(f: "GoFile") -> list[tuple["Node", "Node", "Node"]]:
    out = []
    for m in (m for decl in f.declarations_near((b"SetFinalizer",)) for m in matches(_SET_FINALIZER, decl)):
        call = m["call"][0]
        if qualified_callee(call, f.imports, f.is_local) == ("runtime", "SetFinalizer"):
            out.append((call, m["obj"][0], m["fin"][0]))
    return out


def finalizer_helpers(package: "Package") -> dict[str, tuple[int, int]]:
    """Functions of the package that register their parameter ``i`` as an object with
    their parameter ``j`` as its finalizer: name → (i, j). Found once per package, in
    the files that mention SetFinalizer."""
    cached = package.__dict__.get("_finalizer_helpers")
    if cached is not None:
        return cached
    out: dict[str, tuple[int, int]] = {}
    for f in package.files:
        if b"SetFinalizer" not in f.data:
            continue
        for call, obj, fin in _set_finalizer_calls(f):
            func = call.parent
            while func is not None and func.type not in ("function_declaration", "func_literal", "method_declaration"):
                func = func.parent
            if func is None or func.type != "function_declaration":
                continue
            params = _param_names(func)
            o, g = text(unparen(obj) or obj), text(unparen(fin) or fin)
            if o in params and g in params and o and g:
                out[text(func.child_by_field_name("name"))] = (params.index(o), params.index(g))
    package.__dict__["_finalizer_helpers"] = out
    return out


def _local_object_type(f: "GoFile", obj: "Node") -> str | None:
    obj = unparen(obj)
    if obj is not None and obj.type == "unary_expression" and obj.child_by_field_name("operand") is not None:
        obj = unparen(obj.child_by_field_name("operand"))
    if obj is not None and obj.type == "composite_literal":
        return type_name(obj.child_by_field_name("type"))
    if obj is None or obj.type != "identifier":
        return None
    b = f.scopes(obj).resolve(obj)
    if b is None:
        return None
    if b.type_node is not None:
        return type_name(b.type_node)
    v = unparen(b.value)
    if v is not None and v.type == "unary_expression":
        v = unparen(v.child_by_field_name("operand"))
    if v is not None and v.type == "composite_literal":
        return type_name(v.child_by_field_name("type"))
    if v is not None and v.type == "call_expression" and text(v.child_by_field_name("function")) == "new":
        args = v.child_by_field_name("arguments")
        if args is not None and args.named_child_count:
            return type_name(args.named_children[0])
    return None


def _finalizer_function(index: PackageIndex, fz: Finalizer, tname: str) -> "tuple[Node, str] | None":
    fin = unparen(fz.fin)
    if fin is None:
        return None
    if fin.type == "func_literal":
        names = _param_names(fin)
        return (fin, names[0]) if names and names[0] else None
    if fin.type == "identifier":
        decl = find_func(index.package, text(fin))
        if decl is None:
            return None
        names = _param_names(decl.node)
        return (decl.node, names[0]) if names and names[0] else None
    if fin.type == "selector_expression":  # method expression (*T).Close or T.Close
        decl = find_method(index.package, tname, text(fin.child_by_field_name("field")))
        if decl is None:
            return None
        recv = _receiver_name(decl.node)
        return (decl.node, recv) if recv else None
    return None


def _param_names(fn: "Node") -> list[str]:
    params = fn.child_by_field_name("parameters")
    out: list[str] = []
    for p in params.named_children if params is not None else []:
        if p.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        names = p.children_by_field_name("name")
        if not names:
            out.append("")
        out.extend(text(n) for n in names)
    return out


def _receiver_name(method: "Node") -> str | None:
    recv = method.child_by_field_name("receiver")
    for p in recv.named_children if recv is not None else []:
        if p.type == "parameter_declaration":
            names = p.children_by_field_name("name")
            return text(names[0]) if names else None
    return None


# -- cheap declaration look-ups ------------------------------------------------------------
# Before the full index is built, find one declaration by parsing only the files whose
# bytes declare it; once built, ask the index.
_LOOKUPS_BEFORE_INDEX = 64  # past this many look-ups in a package, index it whole


def _decls_ready(index: PackageIndex) -> bool:
    if "_decls" in index.__dict__:
        return True
    if index.__dict__.get("_lookup_count", 0) > _LOOKUPS_BEFORE_INDEX:
        index._decls  # many callers ask about this package: one parse beats many scans
        return True
    return False


def _lookup(package: "Package", key: tuple, declares: "Callable[[GoFile], bool]", word: bytes, pick: Callable):
    """The first ``pick(f)`` over the files whose bytes hold ``word`` and may declare
    ``key`` (``declares(f)``, a byte test), memoised per package."""
    cache = package.index.__dict__.setdefault("_lookups", {})
    if key not in cache:
        package.index.__dict__["_lookup_count"] = package.index.__dict__.get("_lookup_count", 0) + 1
        found = None
        for f in package.files:
            if word in f.data and declares(f):
                found = pick(f)
                if found is not None:
                    break
        cache[key] = found
    return cache[key]


# Byte patterns of declarations, for :func:`_lookup` (each starts with a literal, which
# keeps the scan fast: :func:`whole_word` stands for the ``\b`` before it).
_FUNC = whole_word(b"func")
_METHOD_HEADS = re.compile(_FUNC + rb"\s*\(\s*(?:\w+\s+)?\*?\s*(\w+)\s*(?:\[[^\]]*\])?\s*\)\s*(\w+)\s*\(")


def _declared_methods(f: "GoFile") -> frozenset[tuple[bytes, bytes]]:
    """``(receiver type, method)`` of every method declaration in the file's bytes."""
    found = f.__dict__.get("_declared_methods")
    if found is None:
        found = f.__dict__["_declared_methods"] = frozenset(_METHOD_HEADS.findall(f.data))
    return found


@lru_cache(maxsize=4096)
def _func_needle(name: str) -> "re.Pattern[bytes]":
    return re.compile(_FUNC + rb"\s+" + re.escape(name.encode()) + rb"\s*[\[(]")


# What follows a variable's name in `var x T`, `x T` or `a, x = ...` in a `var (...)` block:
# never a selector, `:=`, a comparison or an increment (statements such as
# `fmt.Println(...)` or `x := f()` start indented lines too).
_NOT_A_VAR_SPEC = rb"\b(?!\s*(?:\.|:=|==|!=|\+\+|--|[-+*/%&|^]=|<-))"
_NAMES_BEFORE = re.compile(rb"\s*(?:\w+\s*,\s*)*")  # indentation, then `a, b, ` before the name


@lru_cache(maxsize=4096)
def _var_needles(name: str) -> "tuple[re.Pattern[bytes], re.Pattern[bytes]]":
    keyword = re.compile(whole_word(b"var") + rb"\s+(?:\w+\s*,\s*)*" + re.escape(name.encode()) + _NOT_A_VAR_SPEC)
    word = re.compile(whole_word(name.encode()) + _NOT_A_VAR_SPEC)
    return keyword, word


def _may_declare_var(data: bytes, name: str) -> bool:
    """Whether the bytes may declare the package-level variable ``name``: ``var name``
    (or ``var a, name``), or the name first on its line (after other names and commas)
    as in a ``var (...)`` block. Literal-first scans; a parse decides."""
    keyword, word = _var_needles(name)
    if keyword.search(data) is not None:
        return True
    for m in word.finditer(data):
        line = data.rfind(b"\n", 0, m.start()) + 1
        if _NAMES_BEFORE.fullmatch(data, line, m.start()) is not None:
            return True
    return False


@lru_cache(maxsize=4096)
def _type_needles(name: str) -> "tuple[re.Pattern[bytes], re.Pattern[bytes]]":
    # `type T ...`, or `T ...` indented in a `type (...)` block (not `x = `, `x, y`, `x.f`).
    rest = re.escape(name.encode()) + rb"(?:\s*\[[^\]\n]*\])?[ \t]+[^\s=:,.(]"
    return re.compile(whole_word(b"type") + rb"\s+" + rest), re.compile(rest)


def _may_declare_type(data: bytes, name: str) -> bool:
    """Whether the bytes may declare the type ``name``: ``type name ...``, or ``name ...``
    after only the indentation of its line (literal-first scans; a parse decides)."""
    keyword, spec = _type_needles(name)
    if keyword.search(data) is not None:
        return True
    for m in spec.finditer(data):
        line = data.rfind(b"\n", 0, m.start()) + 1
        indent = data[line : m.start()]
        if indent and not indent.strip(b" \t"):
            return True
    return False


def find_func(package: "Package", name: str) -> FuncDecl | None:
    """The package-level function ``name``."""
    if _decls_ready(package.index):
        return package.index.funcs.get(name)
    return _lookup(
        package, ("func", name), lambda f: _func_needle(name).search(f.data) is not None, name.encode(),
        lambda f: next((FuncDecl(n, node, f) for n, node in f.declarations.funcs if n == name), None),
    )


def find_method(package: "Package", type_name_: str, name: str) -> FuncDecl | None:
    """The method ``name`` of type ``type_name_`` (pointer or value receiver)."""
    if _decls_ready(package.index):
        return package.index.methods.get((type_name_, name))
    head = (type_name_.encode(), name.encode())
    return _lookup(
        package, ("method", type_name_, name), lambda f: head in _declared_methods(f), name.encode(),
        lambda f: next((FuncDecl(n, node, f, r) for r, n, node in f.declarations.methods if r == type_name_ and n == name), None),
    )


def has_method(package: "Package", type_name_: str, names: "tuple[str, ...] | frozenset[str]") -> str | None:
    """The first of ``names`` that ``type_name_`` declares as a method, if any."""
    for n in sorted(names):
        if find_method(package, type_name_, n) is not None:
            return n
    return None


def find_type(package: "Package", name: str) -> "Node | None":
    """The type expression of the package-level type ``name`` (``type name T``)."""
    found = find_type_decl(package, name)
    return found[0] if found is not None else None


def find_var(package: "Package", name: str) -> PackageVar | None:
    """The package-level variable ``name``."""
    if _decls_ready(package.index):
        return package.index.vars.get(name)
    return _lookup(
        package, ("var", name), lambda f: _may_declare_var(f.data, name), name.encode(),
        lambda f: next((PackageVar(n, ident, tnode, value, f) for n, ident, tnode, value in f.declarations.vars if n == name), None),
    )


def find_type_decl(package: "Package", name: str) -> "tuple[Node, GoFile] | None":
    """The type expression of the package-level type ``name`` and the file declaring it."""
    if _decls_ready(package.index):
        index = package.index
        tnode = index._decls[4].get(name)
        return (tnode, index._decls[5][name]) if tnode is not None else None
    return _lookup(
        package, ("type", name), lambda f: _may_declare_type(f.data, name), name.encode(),
        lambda f: next(((tnode, f) for n, tnode in f.declarations.types if n == name), None),
    )
