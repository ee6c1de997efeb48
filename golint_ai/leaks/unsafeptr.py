"""Questions about raw pointers: ``uintptr`` values made from ``unsafe.Pointer`` and
converted back, the static C-ness of a value, Go pointers stored into C memory (with the
``runtime.Pinner`` exemption), and raw-pointer fields of finalizer-owned objects read
without a ``runtime.KeepAlive`` after their last use.

Candidates come from compiled queries over one file; package-wide facts (the
``unsafe.Pointer`` conversions of every file, what each finalizer releases) are computed
once per package and cached on it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from msgspec import Struct

from golint_ai.golang.index import FinalizerReleases, find_type, finalizer_releases, type_name
from golint_ai.golang.query import compile_query, matches
from golint_ai.golang.scope import assignment_of
from golint_ai.golang.walk import FUNCTION_TYPES, ancestors, ancestors_from, enclosing_function_from, text, unparen

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.golang.package import GoFile, Package
    from golint_ai.golang.scope import Binding

_UINTPTR_OF_POINTER = compile_query(
    """
    (call_expression
      function: (identifier) @fn (#eq? @fn "uintptr")
      arguments: (argument_list .
        (call_expression
          function: (selector_expression operand: (identifier) @pkg field: (field_identifier) @p (#eq? @p "Pointer"))) @inner .)) @conv
    """
)
_POINTER_CONVERSIONS = compile_query(
    """
    (call_expression
      function: (selector_expression operand: (identifier) @pkg field: (field_identifier) @p (#eq? @p "Pointer"))
      arguments: (argument_list . (_) @arg .)) @call
    """
)
_ASSIGNMENTS = compile_query(
    """
    (assignment_statement left: (expression_list) @left right: (expression_list) @right) @assign
    """
)
_STRUCT_FIELDS = compile_query(
    """
    (field_declaration name: (field_identifier) @name type: (_) @type)
    """
)
_PIN_CALLS = compile_query(
    """
    (call_expression
      function: (selector_expression field: (field_identifier) @m (#eq? @m "Pin"))
      arguments: (argument_list . (_) @arg .)) @call
    """
)
_KEEPALIVE = compile_query(
    """
    (call_expression
      function: (selector_expression operand: (identifier) @pkg field: (field_identifier) @m (#eq? @m "KeepAlive"))
      arguments: (argument_list . (_) @arg .)) @call
    """
)
_FIELD_RELEASE = compile_query(
    """
    (call_expression function: (_) @fn arguments: (argument_list) @args) @call
    (assignment_statement
      left: (expression_list . (selector_expression operand: (identifier) @obj field: (field_identifier) @field) .)
      right: (expression_list . (nil) .)) @nil_store
    """
)

_C_ALLOCATORS = frozenset({"malloc", "calloc", "realloc", "CString", "CBytes"})
_VALUE_WRAPPERS = frozenset({"parenthesized_expression", "binary_expression"})


def is_unsafe_pointer(ctx: "FileContext", call: "Node") -> bool:
    return ctx.qualified_callee(call) == ("unsafe", "Pointer")


def _is_pointer_conversion_call(ctx: "FileContext", node: "Node") -> bool:
    """``(*T)(x)``: tree-sitter reads it as a call of a parenthesized ``*T``."""
    if node.type != "call_expression":
        return False
    fn = node.child_by_field_name("function")
    if fn is None or fn.type != "parenthesized_expression":
        return False
    inner = unparen(fn)
    return inner is not None and inner.type == "unary_expression" and text(inner.child_by_field_name("operator")) == "*"


def _single_arg(call: "Node") -> "Node | None":
    args = call.child_by_field_name("arguments")
    if args is None or args.named_child_count != 1:
        return None
    return args.named_children[0]


def strip_conversions(ctx: "FileContext", expr: "Node | None") -> "Node | None":
    """Through parentheses, type conversions, ``(*T)(x)`` and ``unsafe.Pointer(x)``."""
    e = unparen(expr)
    for _ in range(12):
        if e is None:
            return None
        if e.type == "type_conversion_expression":
            e = unparen(e.child_by_field_name("operand"))
            continue
        if e.type == "call_expression" and (_is_pointer_conversion_call(ctx, e) or is_unsafe_pointer(ctx, e)):
            e = unparen(_single_arg(e))
            continue
        return e
    return e


# -- case 1: stored uintptr converted back ------------------------------------------
class UintptrStore(Struct, dict=True):
    """A ``uintptr(unsafe.Pointer(...))`` stored in a variable, field or element and later converted back."""

    conv: "Node"  # the uintptr(unsafe.Pointer(...)) call
    stmt: "Node"  # the storing statement (or the keyed element)
    target: str  # what holds it, for messages
    back: "Node"  # the unsafe.Pointer(...) conversion back
    back_file: "GoFile"
    in_header_literal: bool  # a reflect.SliceHeader/StringHeader literal field


def uintptr_stores(ctx: "FileContext") -> Iterator[UintptrStore]:
    """Stores of ``uintptr(unsafe.Pointer(...))`` (also with arithmetic) into a variable,
    field, slice or map element that are later converted back with ``unsafe.Pointer``."""
    for m in ctx.matches(_UINTPTR_OF_POINTER, near=(b"uintptr",)):
        conv = m["conv"][0]
        if ctx.file.in_broken_code(conv) or not is_unsafe_pointer(ctx, m["inner"][0]):
            continue
        fn = m["fn"][0]
        if ctx.is_local(fn):
            continue
        found = _store_of(ctx, conv)
        if found is not None:
            yield found


def _store_of(ctx: "FileContext", conv: "Node") -> UintptrStore | None:
    node = conv
    while node.parent is not None and node.parent.type in _VALUE_WRAPPERS:
        node = node.parent
    parent = node.parent
    if parent is None:
        return None
    if parent.type == "literal_element" and parent.parent is not None and parent.parent.type == "keyed_element":
        keyed = parent.parent
        if keyed.named_children[-1].id != parent.id:
            return None  # the key, not the value
        return _store_of_keyed(ctx, conv, keyed)
    if parent.type == "argument_list" and parent.parent is not None and parent.parent.type == "call_expression":
        return _store_by_append(ctx, conv, parent.parent, node)
    if parent.type != "expression_list":
        return None
    stmt = parent.parent
    if stmt is None:
        return None
    idx = [c.id for c in parent.named_children].index(node.id)
    if stmt.type in ("assignment_statement", "short_var_declaration"):
        if stmt.child_by_field_name("right") != parent:
            return None
        left = stmt.child_by_field_name("left")
        lhs = left.named_children if left is not None else []
    elif stmt.type == "var_spec":
        lhs = stmt.children_by_field_name("name")
    else:
        return None
    if len(lhs) != parent.named_child_count or idx >= len(lhs):
        return None
    target = unparen(lhs[idx])
    if target is None or text(target) == "_":
        return None
    back = _converted_back(ctx, conv, stmt, target)
    if back is None:
        return None
    return UintptrStore(conv, stmt, f"`{text(target)}`", back[0], back[1], False)


def _store_by_append(ctx: "FileContext", conv: "Node", call: "Node", value: "Node") -> UintptrStore | None:
    """``s = append(s, uintptr(unsafe.Pointer(p)))``: a store into the slice ``s``."""
    fn = unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "identifier" or text(fn) != "append" or ctx.is_local(fn):
        return None
    args = call.child_by_field_name("arguments").named_children
    if not args or args[0].id == value.id:
        return None
    operand = text(unparen(args[0]))
    func = _top_function(ctx, conv)
    if func is None:
        return None
    stmt = enclosing_statement(call)
    for back, arg in _conversions_in(ctx, func):
        if back.start_byte <= stmt.end_byte:
            continue
        for a in _atoms(arg):
            if a.type == "index_expression" and text(a.child_by_field_name("operand")) == operand:
                return UintptrStore(conv, stmt, f"slice `{operand}`", back, ctx.file, False)
    return None


def _store_of_keyed(ctx, conv, keyed) -> UintptrStore | None:
    key = keyed.named_children[0]
    fname = text(key.named_children[0] if key.type == "literal_element" and key.named_child_count else key)
    lit = keyed.parent.parent if keyed.parent is not None else None
    header = lit is not None and lit.type == "composite_literal" and _is_reflect_header(ctx, lit.child_by_field_name("type"))
    back = _field_converted_back(ctx, conv, fname, same_function=True)
    if back is None:
        return None
    return UintptrStore(conv, keyed, f"field `{fname}`", back[0], back[1], header)


def _is_reflect_header(ctx: "FileContext", tnode: "Node | None") -> bool:
    if tnode is None or tnode.type != "qualified_type":
        return False
    return ctx.imports.path_of(text(tnode.child_by_field_name("package"))) == "reflect" and text(
        tnode.child_by_field_name("name")
    ) in ("SliceHeader", "StringHeader")


def _atoms(expr: "Node | None") -> list["Node"]:
    """Leaves of an address expression: through parentheses and arithmetic."""
    out = []
    stack = [expr]
    while stack:
        e = unparen(stack.pop())
        if e is None:
            continue
        if e.type == "binary_expression":
            stack.append(e.child_by_field_name("left"))
            stack.append(e.child_by_field_name("right"))
        else:
            out.append(e)
    return out


def _conversions_in(ctx: "FileContext", scope: "Node") -> list[tuple["Node", "Node"]]:
    """``(call, arg)`` of every ``unsafe.Pointer(arg)`` under ``scope`` of this file."""
    out = []
    for m in matches(_POINTER_CONVERSIONS, scope):
        call = m["call"][0]
        if is_unsafe_pointer(ctx, call):
            out.append((call, m["arg"][0]))
    return out


def package_conversions(ctx: "FileContext", needle: bytes) -> list[tuple["Node", "Node", "GoFile", "FileContext"]]:
    """Every ``unsafe.Pointer(arg)`` conversion in the files of the package that mention
    ``needle`` (only those files are parsed); per-file results are cached."""
    from golint_ai.context import FileContext

    pkg = ctx.package
    cache = pkg.__dict__.setdefault("_golint_unsafe_conversions", {})
    out = []
    for f in pkg.files:
        if b"unsafe" not in f.data or needle not in f.data:
            continue
        found = cache.get(id(f))
        if found is None:
            fctx = ctx if f is ctx.file else FileContext(f, pkg, ctx.settings)
            found = cache[id(f)] = [(call, arg, f, fctx) for call, arg in _conversions_in(fctx, f.root)]
        out.extend(found)
    return out


def _converted_back(ctx: "FileContext", conv: "Node", stmt: "Node", target: "Node") -> tuple["Node", "GoFile"] | None:
    if target.type == "identifier":
        b = ctx.scopes(target).resolve(target)
        if b is not None:
            for ref in b.refs:
                if ref.start_byte <= stmt.end_byte:
                    continue
                call = _conversion_holding(ctx, ref)
                if call is not None:
                    return call, ctx.file
            return None
        name = text(target)
        if ctx.imports.path_of(name) is not None:
            return None
        for call, arg, f, fctx in _same_file_first(ctx, package_conversions(ctx, name.encode()), stmt):
            for a in _atoms(arg):
                if a.type == "identifier" and text(a) == name and not fctx.is_local(a):
                    return call, f
        return None
    if target.type == "selector_expression":
        fname = text(target.child_by_field_name("field"))
        return _field_converted_back(ctx, conv, fname, same_function=not _only_uintptr_field(ctx, fname), after=stmt)
    if target.type == "index_expression":
        operand = text(target.child_by_field_name("operand"))
        func = _top_function(ctx, conv)
        if func is None:
            return None
        for call, arg in _conversions_in(ctx, func):
            if call.start_byte <= stmt.end_byte:
                continue
            for a in _atoms(arg):
                if a.type == "index_expression" and text(a.child_by_field_name("operand")) == operand:
                    return call, ctx.file
    return None


def _only_uintptr_field(ctx: "FileContext", fname: str) -> bool:
    """Whether every struct field named ``fname`` in the package is declared ``uintptr``
    (then a conversion of ``x.fname`` anywhere in the package reads what was stored).
    Read from the declarations' text: no file is parsed for this."""
    cache = ctx.package.__dict__.setdefault("_golint_uintptr_fields", {})
    if fname in cache:
        return cache[fname]
    decl = re.compile(rb"(?m)^[ \t]+(?:[\w, \t]*,[ \t]*)?" + re.escape(fname.encode()) + rb"[ \t]+(?![:=])([*\[\w][\w.*\[\]]*)")
    needle = fname.encode()
    types: set[bytes] = set()
    for f in ctx.package.files:
        if needle in f.data:
            types.update(m.group(1) for m in decl.finditer(f.data))
    cache[fname] = types == {b"uintptr"}
    return cache[fname]


def _field_converted_back(ctx, conv, fname: str, same_function: bool, after: "Node | None" = None):
    after_byte = (after or conv).end_byte
    if same_function:
        func = _top_function(ctx, conv)
        if func is None:
            return None
        for call, arg in _conversions_in(ctx, func):
            if call.start_byte <= after_byte:
                continue
            for a in _atoms(arg):
                if a.type == "selector_expression" and text(a.child_by_field_name("field")) == fname:
                    return call, ctx.file
        return None
    for call, arg, f, _ in _same_file_first(ctx, package_conversions(ctx, b"." + fname.encode()), after or conv):
        if f is ctx.file and call.start_byte <= after_byte and _top_function(ctx, call) is not None and _same_top(ctx, call, conv):
            continue
        for a in _atoms(arg):
            if a.type == "selector_expression" and text(a.child_by_field_name("field")) == fname:
                return call, f
    return None


def _same_file_first(ctx: "FileContext", convs: list, after: "Node") -> list:
    """Conversions of this file after ``after``, then the rest of this file, then other files."""
    return sorted(convs, key=lambda c: (c[2] is not ctx.file, c[0].start_byte <= after.end_byte if c[2] is ctx.file else False, c[0].start_byte))


def _same_top(ctx: "FileContext", a: "Node", b: "Node") -> bool:
    ta, tb = _top_function(ctx, a), _top_function(ctx, b)
    return ta is not None and tb is not None and ta.id == tb.id


def _conversion_holding(ctx: "FileContext", ref: "Node") -> "Node | None":
    node = ref
    while node.parent is not None and node.parent.type in _VALUE_WRAPPERS:
        node = node.parent
    parent = node.parent
    if parent is not None and parent.type == "argument_list" and parent.parent is not None:
        call = parent.parent
        if call.type == "call_expression" and is_unsafe_pointer(ctx, call):
            return call
    return None


def enclosing_statement(node: "Node") -> "Node":
    """The statement (or top-level declaration) holding ``node``."""
    n = node
    while n.parent is not None and n.parent.type not in ("statement_list", "block", "source_file"):
        if n.parent.type in FUNCTION_TYPES:
            return n
        n = n.parent
    return n


def _top_function(ctx: "FileContext", node: "Node") -> "Node | None":
    top = None
    for a in ancestors_from(ctx.root, node):
        if a.type in FUNCTION_TYPES:
            top = a
    return top


# -- static C-ness -------------------------------------------------------------------
def is_c_pointer_type(ctx: "FileContext", tnode: "Node | None") -> bool:
    """``*C.T`` (through the file's ``import "C"``)."""
    n = unparen(tnode)
    if n is None or n.type != "pointer_type" or not n.named_child_count:
        return False
    inner = n.named_children[-1]
    return inner.type == "qualified_type" and text(inner.child_by_field_name("package")) == "C" and ctx.imports.cgo


def is_c_memory(ctx: "FileContext", expr: "Node | None") -> bool:
    """Whether ``expr`` statically points into C memory: ``C.malloc``/``C.calloc`` results,
    C functions declared (in the package's preambles) to return a pointer, locals and
    parameters declared ``*C.T``, and conversions and slices of those."""
    e = unparen(expr)
    seen: set[int] = set()
    for _ in range(10):
        if e is None or e.id in seen:
            return False
        seen.add(e.id)
        t = e.type
        if t in ("type_conversion_expression",):
            e = unparen(e.child_by_field_name("operand"))
            continue
        if t == "slice_expression":
            e = unparen(e.child_by_field_name("operand"))
            continue
        if t == "call_expression":
            if _is_pointer_conversion_call(ctx, e) or is_unsafe_pointer(ctx, e):
                e = unparen(_single_arg(e))
                continue
            q = ctx.qualified_callee(e)
            if q == ("unsafe", "Slice"):
                args = e.child_by_field_name("arguments")
                e = unparen(args.named_children[0]) if args is not None and args.named_child_count else None
                continue
            if q is not None and q[0] == "C":
                if q[1] in _C_ALLOCATORS:
                    return True
                rtype = ctx.package.cgo.return_type(q[1])
                return rtype is not None and "*" in rtype
            return False
        if t == "identifier":
            b = ctx.scopes(e).resolve(e)
            if b is None:
                spec = file_var(ctx, text(e))
                if spec is None:
                    return False
                tnode, value = spec
                if is_c_pointer_type(ctx, tnode) and value is None:
                    return True
                e = unparen(value)
                continue
            if b.kind in ("param", "receiver") or (b.value is None and b.kind == "var"):
                return is_c_pointer_type(ctx, b.type_node)
            if b.type_node is not None and is_c_pointer_type(ctx, b.type_node) and b.value is None:
                return True
            e = unparen(b.value)
            continue
        return False
    return False


def file_var(ctx: "FileContext", name: str) -> tuple["Node | None", "Node | None"] | None:
    """``(type, value)`` of a package-level ``var`` declared in this file (no package index)."""
    cache = ctx.file.__dict__.get("_golint_file_vars")
    if cache is None:
        cache = {}
        for decl in ctx.root.named_children:
            if decl.type != "var_declaration":
                continue
            specs = [c for c in decl.named_children if c.type == "var_spec"]
            for lst in (c for c in decl.named_children if c.type == "var_spec_list"):
                specs.extend(x for x in lst.named_children if x.type == "var_spec")
            for spec in specs:
                value = spec.child_by_field_name("value")
                names = spec.children_by_field_name("name")
                values = value.named_children if value is not None else []
                for i, n in enumerate(names):
                    cache[text(n)] = (spec.child_by_field_name("type"), values[i] if len(values) == len(names) else None)
        ctx.file.__dict__["_golint_file_vars"] = cache
    return cache.get(name)


# -- case 3: Go pointers stored into C memory ------------------------------------------
class CStore(Struct, dict=True):
    """A Go pointer stored into C memory (a C struct field, a C array element, or ``*p`` for a C pointer)."""

    stmt: "Node"
    target: "Node"  # the C location written
    value: "Node"  # the Go pointer expression
    root: str | None  # the Go variable pointed into


def go_pointer_stores(ctx: "FileContext") -> Iterator[CStore]:
    """Assignments of a Go pointer (``&x``, ``&s[0]``, ``unsafe.SliceData(s)``,
    ``unsafe.StringData(str)``, possibly converted) into a field of a C-typed value
    reached through a pointer, an element of a C array, or ``*p`` for a C pointer ``p``;
    objects pinned earlier in the function with ``runtime.Pinner`` are left out."""
    # Every Go pointer the store can take spells `&` or one of unsafe's two functions.
    for m in ctx.matches(_ASSIGNMENTS, near=(b"&", b"SliceData", b"StringData")):
        stmt = m["assign"][0]
        op = next((c.type for c in stmt.children if not c.is_named), "=")
        if op != "=" or ctx.file.in_broken_code(stmt):
            continue
        left, right = m["left"][0].named_children, m["right"][0].named_children
        if len(left) != len(right):
            continue
        for lhs, rhs in zip(left, right):
            if not _is_c_location(ctx, lhs):
                continue
            gp = _go_pointer(ctx, rhs)
            if gp is None:
                continue
            if gp[1] is not None and _pinned_before(ctx, stmt, gp[1]):
                continue
            yield CStore(stmt, lhs, rhs, gp[1])
            break


def _is_c_location(ctx: "FileContext", lhs: "Node") -> bool:
    """Whether ``lhs`` is a location in C memory: a field, array element or pointee
    reached (through any chain of fields and elements) from a C pointer."""
    n = unparen(lhs)
    if n is None or n.type not in ("selector_expression", "index_expression", "unary_expression"):
        return False
    for _ in range(12):
        if n is None:
            return False
        if n.type in ("selector_expression", "index_expression"):
            base = unparen(n.child_by_field_name("operand"))
        elif n.type == "unary_expression" and text(n.child_by_field_name("operator")) == "*":
            base = unparen(n.child_by_field_name("operand"))
        else:
            return False
        if base is None:
            return False
        if is_c_memory(ctx, base):
            return True
        n = base
    return False


def _root_ident(expr: "Node | None") -> "Node | None":
    e = unparen(expr)
    for _ in range(16):
        if e is None:
            return None
        if e.type == "identifier":
            return e
        if e.type in ("selector_expression",):
            e = unparen(e.child_by_field_name("operand"))
        elif e.type in ("index_expression", "slice_expression"):
            e = unparen(e.child_by_field_name("operand"))
        elif e.type == "unary_expression" and text(e.child_by_field_name("operator")) == "*":
            e = unparen(e.child_by_field_name("operand"))
        else:
            return None
    return None


def _go_pointer(ctx: "FileContext", rhs: "Node") -> tuple["Node", str | None] | None:
    """``(expression, root variable name)`` when ``rhs`` is a pointer to Go memory."""
    e = strip_conversions(ctx, rhs)
    if e is None:
        return None
    if e.type == "unary_expression" and text(e.child_by_field_name("operator")) == "&":
        operand = unparen(e.child_by_field_name("operand"))
        if operand is None:
            return None
        if operand.type == "composite_literal":
            return e, None
        root = _root_ident(operand)
        if root is None:
            return None
        # &cs.field / &arr[i] of C memory is a C pointer.
        base = operand
        while base is not None and base.type in ("selector_expression", "index_expression"):
            inner = unparen(base.child_by_field_name("operand"))
            if inner is not None and is_c_memory(ctx, inner):
                return None
            base = inner
        if is_c_memory(ctx, root):
            return None
        return e, text(root)
    if e.type == "call_expression":
        q = ctx.qualified_callee(e)
        if q in (("unsafe", "SliceData"), ("unsafe", "StringData")):
            arg = _single_arg(e)
            root = _root_ident(arg)
            if root is not None and is_c_memory(ctx, root):
                return None
            return e, text(root) if root is not None else None
    return None


def _pinned_before(ctx: "FileContext", stmt: "Node", root: str) -> bool:
    func = _top_function(ctx, stmt)
    if func is None:
        return False
    for m in matches(_PIN_CALLS, func):
        call = m["call"][0]
        if call.start_byte >= stmt.start_byte:
            continue
        arg = strip_conversions(ctx, _strip_amp(m["arg"][0]))
        if arg is not None and arg.type == "call_expression" and ctx.qualified_callee(arg) in (("unsafe", "SliceData"), ("unsafe", "StringData")):
            arg = _single_arg(arg)
        r = _root_ident(arg)
        if r is not None and text(r) == root:
            return True
    return False


def _strip_amp(e: "Node") -> "Node | None":
    e = unparen(e)
    if e is not None and e.type == "unary_expression" and text(e.child_by_field_name("operator")) == "&":
        return unparen(e.child_by_field_name("operand"))
    return e


# -- case 2: raw pointer fields of finalizer-owned objects ----------------------------------
class FieldRead(Struct, dict=True):
    """A read of a raw-pointer field of a finalizer-owned object, with no ``runtime.KeepAlive`` of the
    object after the value's last use."""

    read: "Node"  # t.f
    owner: "Binding"
    type_name: str
    field: str
    last_use: "Node"
    releases: FinalizerReleases


def is_raw_pointer_field(ctx: "FileContext", type_name_: str, field: str) -> bool:
    struct = find_type(ctx.package, type_name_)
    tnode = None
    if struct is not None and struct.type == "struct_type":
        for m in matches(_STRUCT_FIELDS, struct):
            if text(m["name"][0]) == field:
                tnode = m["type"][0]
                break
    if tnode is None:
        return False
    if tnode.type == "type_identifier":
        return text(tnode) == "uintptr"
    f = _file_of(ctx.package, tnode)
    if f is None:
        return False
    if tnode.type == "qualified_type":
        return f.imports.path_of(text(tnode.child_by_field_name("package"))) == "unsafe" and text(tnode.child_by_field_name("name")) == "Pointer"
    if tnode.type == "pointer_type" and tnode.named_child_count:
        inner = tnode.named_children[-1]
        return inner.type == "qualified_type" and text(inner.child_by_field_name("package")) == "C" and f.imports.cgo
    return False


def _file_of(pkg: "Package", node: "Node") -> "GoFile | None":
    top = node
    for a in ancestors(node):
        top = a
    for f in pkg.files:
        if "tree" in f.__dict__ and f.root.id == top.id:  # a node's file is parsed already
            return f
    return None


def finalizer_field_reads(ctx: "FileContext") -> Iterator[FieldRead]:
    rel = finalizer_releases(ctx.index)
    if not rel:
        return
    wanted: dict[str, list[FinalizerReleases]] = {}
    for r in rel.values():
        for fld in r.fields:
            if is_raw_pointer_field(ctx, r.type_name, fld):
                wanted.setdefault(fld, []).append(r)
    if not wanted:
        return
    releasing_cache: dict[int, set[str]] = {}
    names = "|".join(sorted(re.escape(f) for f in wanted))
    reads = compile_query(
        f'(selector_expression operand: (identifier) @obj field: (field_identifier) @field (#match? @field "^({names})$")) @sel'
    )
    for m in matches(reads, ctx.root):
        fld = text(m["field"][0])
        if fld not in wanted:
            continue
        sel, obj = m["sel"][0], m["obj"][0]
        if ctx.file.in_broken_code(sel):
            continue
        b = ctx.scopes(obj).resolve(obj)
        if b is None:
            continue
        tname = _binding_type_name(ctx, b)
        r = next((x for x in wanted[fld] if x.type_name == tname), None)
        if r is None:
            continue
        funcs = [a for a in ancestors_from(ctx.root, sel) if a.type in FUNCTION_TYPES]
        if any(fn.id in r.functions for fn in funcs):
            continue  # the finalizer itself, or what it calls
        func = funcs[0] if funcs else None
        top = funcs[-1] if funcs else None
        if func is None or top is None:
            continue
        if top.id not in releasing_cache:
            releasing_cache[top.id] = _fields_released_in(ctx, top)
        if fld in releasing_cache[top.id]:
            continue  # a Close-like method that frees the field
        last = _last_use_of_read(ctx, sel)
        if last is None:
            continue
        if _kept_alive_after(ctx, b, last, top):
            continue
        if _callers_keep_alive(ctx, top, b):
            continue
        yield FieldRead(sel, b, r.type_name, fld, last, r)


def _binding_type_name(ctx: "FileContext", b: "Binding") -> str | None:
    from golint_ai.golang.gotypes import type_of_binding
    from golint_ai.leaks.pools import static_type

    if b.type_node is not None:
        return type_name(b.type_node)
    st = static_type(ctx, b.value) if b.value is not None else type_of_binding(ctx, b)
    if st is None or st.node is None:
        return None
    return type_name(st.node)


def _fields_released_in(ctx: "FileContext", func: "Node") -> set[str]:
    """Fields that ``func`` frees (passes to a release-named call or calls a release-named
    method on) or sets to nil."""
    is_release = ctx.knowledge.resources.is_release_name
    out: set[str] = set()
    for m in matches(_FIELD_RELEASE, func):
        if "nil_store" in m:
            out.add(text(m["field"][0]))
            continue
        fn = unparen(m["fn"][0])
        if fn is None or fn.type != "selector_expression":
            continue
        name = text(fn.child_by_field_name("field"))
        if not is_release(name):
            continue
        operand = unparen(fn.child_by_field_name("operand"))
        if operand is not None and operand.type == "selector_expression":
            out.add(text(operand.child_by_field_name("field")))  # t.f.Free()
        for a in m["args"][0].named_children:
            inner = strip_conversions(ctx, a)
            if inner is not None and inner.type == "selector_expression":
                out.add(text(inner.child_by_field_name("field")))
    return out


def _last_use_of_read(ctx: "FileContext", sel: "Node") -> "Node | None":
    """The call the raw pointer is passed to, or the last reference of the local it is
    kept in; None when it is neither (compared, returned, stored elsewhere)."""
    node = sel
    while node.parent is not None:
        p = node.parent
        if p.type in ("parenthesized_expression", "type_conversion_expression"):
            node = p
            continue
        if p.type == "argument_list" and p.parent is not None and p.parent.type == "call_expression":
            call = p.parent
            if _is_pointer_conversion_call(ctx, call) or is_unsafe_pointer(ctx, call):
                node = call
                continue
            fn = unparen(call.child_by_field_name("function"))
            if fn is not None and fn.type == "identifier" and text(fn) in ("uintptr",) and not ctx.is_local(fn):
                node = call
                continue
            q = ctx.qualified_callee(call)
            if q in (("runtime", "KeepAlive"), ("runtime", "AddCleanup"), ("runtime", "SetFinalizer")):
                return None  # keeps the owner alive, or hands the pointer to its cleanup
            return call
        break
    a = assignment_of(node)
    if a is None or len(a.values) != len(a.targets):
        return None
    target = a.targets[a.position]
    if target.type != "identifier":
        return None
    local = ctx.scopes(target).resolve(target)
    if local is None or local.kind in ("result",):
        return None
    refs = [r for r in local.refs if r.id != target.id]
    if not refs:
        return None
    last = max(refs, key=lambda r: r.end_byte)
    # Returned or stored away: the pointer outlives the function, not this rule's case.
    up = last.parent
    while up is not None and up.type in ("parenthesized_expression", "type_conversion_expression"):
        up = up.parent
    if up is not None and up.type in ("return_statement",) or (up is not None and up.type == "expression_list" and up.parent is not None and up.parent.type == "return_statement"):
        return None
    return _enclosing_call(last) or last


def _in_defer(ctx: "FileContext", node: "Node", top: "Node") -> bool:
    for a in ancestors_from(ctx.root, node):
        if a.type == "defer_statement":
            return True
        if a.id == top.id:
            return False
    return False


def _enclosing_call(ref: "Node") -> "Node | None":
    n = ref.parent
    while n is not None and n.type not in ("expression_statement", "block", "statement_list") and n.type not in FUNCTION_TYPES:
        if n.type == "call_expression":
            outer = n
            return outer
        n = n.parent
    return None


_ANY_CALL = compile_query("(call_expression) @call")


def _callers_keep_alive(ctx: "FileContext", func: "Node", owner: "Binding") -> bool:
    """For an unexported function or method whose parameter (or receiver) is the owner:
    every call in the package passes a variable that the caller still uses after the
    call (or a value it keeps alive otherwise), so the owner cannot become unreachable
    during it."""
    from golint_ai.context import FileContext
    from golint_ai.golang.resolve import resolve_call
    from golint_ai.leaks.summaries import RECEIVER

    if func.type not in ("function_declaration", "method_declaration") or owner.kind not in ("param", "receiver"):
        return False
    name = text(func.child_by_field_name("name"))
    if not name or not (name[0].islower() or name[0] == "_"):
        return False
    index = RECEIVER if owner.kind == "receiver" else _param_position(func, owner)
    if index is None:
        return False
    sites = 0
    needle = (name + "(").encode()
    for f in ctx.package.files:
        if needle not in f.data:
            continue
        fctx = ctx if f is ctx.file else FileContext(f, ctx.package, ctx.settings)
        for m in matches(_ANY_CALL, f.root):
            call = m["call"][0]
            fn = unparen(call.child_by_field_name("function"))
            if fn is None or text(fn.child_by_field_name("field") if fn.type == "selector_expression" else fn) != name:
                continue
            callee = resolve_call(fctx, call)
            # By name and receiver: build-tagged files may declare it more than once.
            if callee is None or callee.decl.name != name or (callee.receiver is not None) != (index == RECEIVER):
                continue
            sites += 1
            if index == RECEIVER:
                arg = unparen(fn.child_by_field_name("operand")) if fn.type == "selector_expression" else None
            else:
                args = call.child_by_field_name("arguments")
                named = [a for a in args.named_children if a.type != "comment"] if args is not None else []
                arg = unparen(named[index]) if index < len(named) else None
            b = fctx.scopes(arg).resolve(arg) if arg is not None and arg.type == "identifier" else None
            caller = enclosing_function_from(f.root, call)
            if b is None or caller is None or not _kept_alive_after(fctx, b, call, caller):
                return False
    return sites > 0


def _param_position(func: "Node", owner: "Binding") -> int | None:
    plist = func.child_by_field_name("parameters")
    i = 0
    for p in plist.named_children if plist is not None else []:
        if p.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        names = p.children_by_field_name("name") or [None]
        for n in names:
            if n is not None and n.id == owner.ident.id:
                return i
            i += 1
    return None


def _escapes_through_call(ctx: "FileContext", ref: "Node") -> bool:
    """``ref`` is an argument of a call whose summary says the argument escapes (it is
    stored into a package-level variable or a long-lived field)."""
    from golint_ai.leaks.summaries import argument_index, call_summary

    parent = ref.parent
    if parent is None or parent.type != "argument_list" or parent.parent is None or parent.parent.type != "call_expression":
        return False
    found = call_summary(ctx, parent.parent)
    if found is None:
        return False
    index = argument_index(parent.parent, found[1], ref)
    return index is not None and found[0].escape_site(index) is not None


def _kept_alive_after(ctx: "FileContext", owner: "Binding", last: "Node", top: "Node") -> bool:
    """A use of the owner after ``last``, or any deferred use of it (``defer t.mu.Unlock()``,
    ``defer runtime.KeepAlive(t)``, a deferred closure over ``t``): a pending deferred call
    holds the owner (or a pointer into it) until the function returns."""
    for ref in owner.refs:
        if ref.start_byte >= last.end_byte:
            return True
        if ref.id != owner.ident.id and _in_defer(ctx, ref, top):
            return True
        if ref.id != owner.ident.id and ref.start_byte < last.end_byte and _escapes_through_call(ctx, ref):
            return True  # stored in package-level state (`newHandle(c, cb)`): reachable from there
    for m in matches(_KEEPALIVE, top):
        call = m["call"][0]
        if ctx.qualified_callee(call) != ("runtime", "KeepAlive"):
            continue
        arg = unparen(m["arg"][0])
        if arg is None or arg.type != "identifier" or ctx.scopes(arg).resolve(arg) is not owner:
            continue
        if any(a.type == "defer_statement" for a in ancestors_from(ctx.root, call)):
            return True
    return False
