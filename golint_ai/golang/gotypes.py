"""Static types of locals where the source says them, and the large-buffer test.

No type checker: a binding's type comes from its declaration (``var w []float32``, a
parameter), its initializer (``make([]float32, n)``, ``[]byte(s)``, ``T{...}``,
``&T{...}``, ``new(T)``, slicing a known buffer, a same-package function's single
result) or a package-level named type's definition. Unknown stays unknown, and the
rules stay silent on it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from msgspec import Struct

from golint_ai.golang.walk import text, unparen

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.golang.package import GoFile, Package
    from golint_ai.golang.scope import Binding

_SLICE_TYPES = ("slice_type", "array_type", "implicit_length_array_type")


class StaticType(Struct, frozen=True, dict=True):
    """A type as written (``text``) with the syntax node, and for slices made with a
    constant length, that length."""

    text: str
    node: "Node | None"
    const_len: int | None = None
    # Where ``node`` was written, when not in the file being analysed (a result type of a
    # function of another package): names in it resolve there.
    file: "GoFile | None" = None
    package: "Package | None" = None
    # Type parameters of the callee this type was written in, bound by explicit type
    # arguments at the call (``New[*Scratch]()``): (name, type node, its file).
    bound: tuple = ()

    def derived(self, text_: str, node: "Node | None", const_len: int | None = None) -> "StaticType":
        """A type written next to this one (its element, its pointee): same home."""
        return StaticType(text_, node, const_len, self.file, self.package, self.bound)

    def binding_of(self, name: str) -> "tuple[Node, GoFile | None] | None":
        """The type argument bound to type parameter ``name``, if the call said it."""
        return next(((n, f) for p, n, f in self.bound if p == name), None)


def type_of_binding(ctx: "FileContext", binding: "Binding") -> StaticType | None:
    if binding.type_node is not None:
        return StaticType(text(binding.type_node), binding.type_node)
    if binding.value is not None:
        return type_of_expr(ctx, binding.value)
    if binding.kind in ("short", "var"):
        return _multi_value_type(ctx, binding)
    if binding.kind == "range":
        return _range_type(ctx, binding)
    return None


def _range_type(ctx: "FileContext", binding: "Binding") -> StaticType | None:
    """``for i, x := range xs``: ``x`` has the element type of ``xs`` (the value type of a
    map, the element type of a channel for the first name)."""
    clause = binding.decl
    left, right = clause.child_by_field_name("left"), clause.child_by_field_name("right")
    if left is None or right is None:
        return None
    names = left.named_children if left.type == "expression_list" else [left]
    position = next((i for i, n in enumerate(names) if n.id == binding.ident.id), None)
    over = type_of_expr(ctx, right)
    if over is None or over.node is None or position is None:
        return None
    over = underlying(ctx, over)
    node = over.node
    if node is None:
        return None
    if node.type == "channel_type" and position == 0:
        elem = node.child_by_field_name("value")
    elif node.type in ("slice_type", "array_type") and position == 1:
        elem = node.child_by_field_name("element")
    elif node.type == "map_type":
        elem = node.child_by_field_name("key" if position == 0 else "value")
    else:
        return None
    return over.derived(text(elem), elem) if elem is not None else None


def _multi_value_type(ctx: "FileContext", binding: "Binding") -> StaticType | None:
    """``pcm, err := synth(text)``: the declared result, at the binding's position, of
    the function or method called (in this package or another one whose source is on disk)."""
    from golint_ai.golang.scope import assignment_of

    decl = binding.decl
    right = decl.child_by_field_name("right") or decl.child_by_field_name("value")
    if right is None or right.named_child_count != 1:
        return None
    a = assignment_of(right.named_children[0])
    if a is None:
        return None
    position = next((i for i, t in enumerate(a.targets) if t.id == binding.ident.id), None)
    call = unparen(a.values[0])
    if position is None or call is None or call.type != "call_expression":
        return None
    return result_type(ctx, call, position)


def result_type(ctx: "FileContext", call: "Node", position: int = 0) -> StaticType | None:
    """The declared type of result ``position`` of the function or method ``call`` calls."""
    from golint_ai.golang.resolve import resolve_call

    callee = resolve_call(ctx, call)
    if callee is None:
        return None
    result = callee.decl.node.child_by_field_name("result")
    if result is None:
        return None
    if result.type != "parameter_list":
        types = [result]
    else:
        types = []
        for p in result.named_children:
            tnode = p.child_by_field_name("type")
            if tnode is None:
                continue
            types.extend([tnode] * max(1, len(p.children_by_field_name("name"))))
    if position >= len(types):
        return None
    node = types[position]
    foreign = callee.package is not ctx.package
    return StaticType(
        text(node), node, None, callee.decl.file if foreign else None, callee.package if foreign else None,
        _explicit_type_arguments(ctx, call, callee.decl.node),
    )


def _explicit_type_arguments(ctx: "FileContext", call: "Node", decl: "Node") -> tuple:
    """``((T, *Scratch node, file), ...)`` for ``F[*Scratch](...)`` calling a generic ``F``."""
    params = decl.child_by_field_name("type_parameters")
    if params is None:
        return ()
    names = [text(n) for p in params.named_children for n in p.children_by_field_name("name")]
    args: list["Node"] = []
    if call.type == "type_conversion_expression":
        t = call.child_by_field_name("type")
        targs = t.child_by_field_name("type_arguments") if t is not None and t.type == "generic_type" else None
        args = list(targs.named_children) if targs is not None else []
    else:
        fn = unparen(call.child_by_field_name("function"))
        if fn is not None and fn.type == "index_expression":
            args = [c for c in fn.named_children[1:]]
    args = [a.named_children[0] if a.type == "type_elem" and a.named_child_count else a for a in args]
    if not args or len(args) > len(names):
        return ()
    return tuple((n, a, ctx.file) for n, a in zip(names, args))


def type_of_expr(ctx: "FileContext", expr: "Node | None", _depth: int = 0) -> StaticType | None:
    """The static type of an expression, when the expression itself says it."""
    e = unparen(expr)
    if e is None or _depth > 8:
        return None
    t = e.type
    if t == "composite_literal":
        tnode = e.child_by_field_name("type")
        if tnode is None:
            return None
        body = e.child_by_field_name("body")
        n = body.named_child_count if body is not None else 0
        return StaticType(text(tnode), tnode, n if tnode.type == "slice_type" else None)
    if t == "unary_expression":
        op = e.child_by_field_name("operator")
        operand = e.child_by_field_name("operand")
        if op is not None and op.type == "&":
            inner = type_of_expr(ctx, operand, _depth + 1)
            if inner is not None:
                return inner.derived("*" + inner.text, inner.node)
        return None
    if t == "index_expression":
        base = type_of_expr(ctx, e.child_by_field_name("operand"), _depth + 1)
        base = underlying(ctx, base) if base is not None else None
        node = base.node if base is not None else None
        if node is not None and node.type in ("slice_type", "array_type"):
            elem = node.child_by_field_name("element")
            return base.derived(text(elem), elem) if elem is not None else None
        if node is not None and node.type == "map_type":
            value = node.child_by_field_name("value")
            return base.derived(text(value), value) if value is not None else None
        return None
    if t == "slice_expression":
        base = type_of_expr(ctx, e.child_by_field_name("operand"), _depth + 1)
        if base is not None and base.node is not None and base.node.type == "array_type":
            elem = base.node.child_by_field_name("element")
            return base.derived(f"[]{text(elem)}", base.node)
        return base.derived(base.text, base.node) if base is not None else None
    if t == "selector_expression":
        return _package_var_type(ctx, e, _depth) or _field_type(ctx, e, _depth)
    if t == "type_conversion_expression":
        tnode = e.child_by_field_name("type")
        operand = e.child_by_field_name("operand")
        if tnode is not None and tnode.type == "generic_type":
            found = result_type(ctx, e)  # `pkg.New[T](x)` reads like a conversion
            if found is not None:
                return found
        length = _converted_length(ctx, [operand]) if operand is not None and tnode is not None and tnode.type in _SLICE_TYPES else None
        return StaticType(text(tnode), tnode, length) if tnode is not None else None
    if t == "identifier":
        b = ctx.scopes(e).resolve(e)
        if b is not None:
            return type_of_binding(ctx, b)
        from golint_ai.golang.index import find_var

        pv = find_var(ctx.package, text(e))
        if pv is not None and pv.type_node is not None:
            return StaticType(text(pv.type_node), pv.type_node, None, pv.file if pv.file is not ctx.file else None)
        if pv is not None and pv.value is not None and pv.file is ctx.file:
            return type_of_expr(ctx, pv.value, _depth + 1)
        if pv is not None and pv.value is not None:
            from golint_ai.context import FileContext

            found = type_of_expr(FileContext(pv.file, ctx.package, ctx.settings), pv.value, _depth + 1)
            if found is not None and found.file is None:
                found = StaticType(found.text, found.node, found.const_len, pv.file, found.package)
            return found
        return None
    if t == "call_expression":
        fn = e.child_by_field_name("function")
        args = e.child_by_field_name("arguments")
        arg_nodes = args.named_children if args is not None else []
        fnu = unparen(fn)
        if fnu is None:
            return None
        if fnu.type == "identifier" and not ctx.is_local(fnu):
            name = text(fnu)
            if name == "make" and arg_nodes:
                length = const_int(arg_nodes[1]) if len(arg_nodes) > 1 else None
                cap = const_int(arg_nodes[2]) if len(arg_nodes) > 2 else None
                size = max(length, cap) if length is not None and cap is not None else (length if len(arg_nodes) == 2 else None)
                return StaticType(text(arg_nodes[0]), arg_nodes[0], size)
            if name == "new" and arg_nodes:
                return StaticType("*" + text(arg_nodes[0]), arg_nodes[0])
            if name == "append" and arg_nodes:
                return type_of_expr(ctx, arg_nodes[0], _depth + 1)
            return result_type(ctx, e)
        if fn is not None and (fn.type in _SLICE_TYPES or fn.type == "parenthesized_expression"):
            inner = unparen(fn)
            if inner is not None and inner.type in _SLICE_TYPES:
                return StaticType(text(inner), inner, _converted_length(ctx, arg_nodes))
        if fnu.type in _SLICE_TYPES:
            return StaticType(text(fnu), fnu, _converted_length(ctx, arg_nodes))
        if fnu.type in ("selector_expression", "index_expression"):
            return result_type(ctx, e)  # pkg.F(...), x.M(...), pkg.F[T](...)
        return None
    return None


def _package_var_type(ctx: "FileContext", e: "Node", depth: int) -> StaticType | None:
    """The type of ``pkg.Var``, a package-level variable of an imported package."""
    operand = unparen(e.child_by_field_name("operand"))
    if operand is None or operand.type != "identifier" or ctx.is_local(operand):
        return None
    path = ctx.imports.path_of(text(operand))
    other = ctx.package.imported(path) if path is not None and path != "C" else None
    if other is None:
        return None
    from golint_ai.golang.index import find_var

    pv = find_var(other, text(e.child_by_field_name("field")))
    if pv is None:
        return None
    if pv.type_node is not None:
        return StaticType(text(pv.type_node), pv.type_node, None, pv.file, other)
    if pv.value is None:
        return None
    from golint_ai.context import FileContext

    found = type_of_expr(FileContext(pv.file, other, ctx.settings), pv.value, depth + 1)
    if found is not None and found.file is None:
        found = StaticType(found.text, found.node, found.const_len, pv.file, other)
    return found


def _field_type(ctx: "FileContext", e: "Node", depth: int) -> StaticType | None:
    """The declared type of field ``x.f`` of a named struct type (not promoted fields),
    written in the file and package declaring the struct."""
    base = type_of_expr(ctx, e.child_by_field_name("operand"), depth + 1)
    if base is None or base.node is None:
        return None
    from golint_ai.golang.index import find_type_decl
    from golint_ai.golang.resolve import named_type

    ref = named_type(base.file or ctx.file, base.package or ctx.package, base.node)
    found = find_type_decl(ref.package, ref.name) if ref is not None else None
    if found is None or found[0].type != "struct_type":
        return None
    tnode, home = found
    name = text(e.child_by_field_name("field"))
    body = next((c for c in tnode.named_children if c.type == "field_declaration_list"), None)
    for fd in body.named_children if body is not None else []:
        if fd.type != "field_declaration" or not any(text(n) == name for n in fd.children_by_field_name("name")):
            continue
        ftype = fd.child_by_field_name("type")
        if ftype is None:
            return None
        foreign = home is not ctx.file
        return StaticType(text(ftype), ftype, None, home if foreign else None, ref.package if ref.package is not ctx.package else None)
    return None


# Functions whose string result is a formatted number or bool: a few dozen bytes at most.
_FORMATTED_NUMBERS = frozenset(
    {"strconv.Itoa", "strconv.FormatInt", "strconv.FormatUint", "strconv.FormatFloat", "strconv.FormatBool", "strconv.FormatComplex"}
)
_FORMATTED_BYTES = 64


def _converted_length(ctx: "FileContext", args: list["Node"]) -> int | None:
    """The byte length of ``[]byte(x)`` when ``x``'s length is known or bounded: a string
    literal, a formatted number (``strconv.Itoa(n)``), or a concatenation of those."""
    if len(args) != 1:
        return None
    total = 0
    stack = [args[0]]
    while stack:
        n = unparen(stack.pop())
        if n is None:
            return None
        if n.type in ("interpreted_string_literal", "raw_string_literal"):
            total += max(len(n.text) - 2, 0)
        elif n.type == "binary_expression" and text(n.child_by_field_name("operator")) == "+":
            stack.extend((n.child_by_field_name("left"), n.child_by_field_name("right")))
        elif n.type == "call_expression":
            q = ctx.qualified_callee(n)
            if q is None or f"{q[0]}.{q[1]}" not in _FORMATTED_NUMBERS:
                return None
            total += _FORMATTED_BYTES
        else:
            return None
        if len(stack) > 64:
            return None
    return total


_CONST_LIMIT = 1 << 64


def const_int(node: "Node | None") -> int | None:
    """The value of a constant integer expression made of integer literals and
    ``+ - * / % << >>`` (``1 << 20``, ``4*1024``), evaluated on the syntax tree with
    every intermediate value bounded; None for anything else or anything huge."""
    n = unparen(node)
    if n is None:
        return None
    # Post-order evaluation with an explicit stack.
    values: dict[int, int] = {}
    stack: list[tuple["Node", bool]] = [(n, False)]
    while stack:
        cur, expanded = stack.pop()
        cur = unparen(cur)
        if cur is None:
            return None
        if cur.type == "int_literal":
            try:
                values[cur.id] = int(text(cur).replace("_", ""), 0)
            except ValueError:
                v = text(cur).replace("_", "")
                if not v.isdigit():  # 0755-style octal
                    return None
                values[cur.id] = int(v, 8) if v.startswith("0") and len(v) > 1 else int(v)
            continue
        if cur.type == "unary_expression":
            operand = cur.child_by_field_name("operand")
            op = cur.child_by_field_name("operator")
            if op is None or op.type not in ("+", "-") or operand is None:
                return None
            if not expanded:
                stack.append((cur, True))
                stack.append((operand, False))
                continue
            inner = values.get(unparen(operand).id)
            if inner is None:
                return None
            values[cur.id] = inner if op.type == "+" else -inner
            continue
        if cur.type != "binary_expression":
            return None
        left, right = cur.child_by_field_name("left"), cur.child_by_field_name("right")
        op = cur.child_by_field_name("operator")
        if left is None or right is None or op is None:
            return None
        if not expanded:
            stack.append((cur, True))
            stack.append((right, False))
            stack.append((left, False))
            continue
        a, b = values.get(unparen(left).id), values.get(unparen(right).id)
        if a is None or b is None:
            return None
        o = op.type
        if o == "+":
            r = a + b
        elif o == "-":
            r = a - b
        elif o == "*":
            r = a * b
        elif o in ("/", "%"):
            if b == 0:
                return None
            r = int(a / b) if o == "/" else a - b * int(a / b)
        elif o == "<<":
            if not 0 <= b <= 64:
                return None
            r = a << b
        elif o == ">>":
            if not 0 <= b <= 64:
                return None
            r = a >> b
        else:
            return None
        if abs(r) > _CONST_LIMIT:
            return None
        values[cur.id] = r
    result = values.get(n.id)
    return result if result is not None and result >= 0 else None


def underlying(ctx: "FileContext", st: StaticType) -> StaticType:
    """Follow package-level named types (``type Weights []float32``), in the package the
    type was written in."""
    from golint_ai.golang.index import find_type_decl

    seen = set()
    cur = st
    while cur.node is not None and cur.node.type == "type_identifier" and cur.text not in seen:
        seen.add(cur.text)
        found = find_type_decl(cur.package or ctx.package, cur.text)
        if found is None:
            break
        tnode, home = found
        foreign = (cur.package or ctx.package) is not ctx.package
        cur = StaticType(text(tnode), tnode, cur.const_len, home if foreign else None, cur.package if foreign else None)
    return cur


def is_tensor_type(ctx: "FileContext", type_text: str) -> bool:
    buffers = ctx.knowledge.buffers
    compact = type_text.replace(" ", "")
    if compact in buffers.tensor_types:
        return True
    bare = compact.lstrip("*")
    if bare.startswith(("[]", "map[", "chan", "func", "[")):
        return False
    name = bare.rsplit(".", 1)[-1]
    name = re.sub(r"\[.*\]$", "", name)  # generic instantiation
    return name == buffers.tensor_suffix or name.endswith(buffers.tensor_suffix)


def is_large_buffer(ctx: "FileContext", st: StaticType | None) -> bool:
    """The contract's large-buffer test: a slice of numeric or bool elements (or of such
    slices), an array of them of at least ``large-buffer-bytes``, or a tensor type; a
    slice made with a constant length below the limit is not large."""
    if st is None:
        return False
    if is_tensor_type(ctx, st.text):
        return True
    u = underlying(ctx, st)
    node = u.node
    if node is None:
        return False
    limit = ctx.settings.large_buffer_bytes or ctx.knowledge.buffers.default_bytes
    if node.type == "slice_type":
        elem = element_size(ctx, node.child_by_field_name("element"))
        if elem is None:
            return False
        if u.const_len is not None:
            return u.const_len * elem >= limit
        return True
    if node.type == "array_type":
        size = array_bytes(ctx, node)
        return size is not None and size >= limit
    return False


def element_size(ctx: "FileContext", elem: "Node | None", _depth: int = 0) -> int | None:
    """Byte size of a buffer element: a numeric/bool type, or a nested numeric slice
    (counted as 1 so any length qualifies), or an array of them. Nesting deeper than
    eight levels is not a buffer anyone writes, and stops the descent."""
    elem = unparen(elem)
    if elem is None or _depth > 8:
        return None
    if elem.type == "type_identifier":
        size = ctx.knowledge.buffers.element_size(text(elem))
        if size is not None:
            return size
        from golint_ai.golang.index import find_type

        tnode = find_type(ctx.package, text(elem))
        if tnode is not None and tnode.type in ("type_identifier", "slice_type", "array_type"):
            return element_size(ctx, tnode, _depth + 1) if tnode.type == "type_identifier" else _nested(ctx, tnode, _depth + 1)
        return None
    return _nested(ctx, elem, _depth + 1)


def _nested(ctx: "FileContext", node: "Node", _depth: int = 0) -> int | None:
    if node.type == "slice_type":
        return 1 if element_size(ctx, node.child_by_field_name("element"), _depth + 1) is not None else None
    if node.type == "array_type":
        return array_bytes(ctx, node, _depth + 1)
    return None


def array_bytes(ctx: "FileContext", node: "Node", _depth: int = 0) -> int | None:
    length = const_int(node.child_by_field_name("length"))
    elem = element_size(ctx, node.child_by_field_name("element"), _depth + 1)
    if length is None or elem is None:
        return None
    return length * elem


# -- a cheap pre-test (added for GAI101) ---------------------------------------------------
_NOT_BUFFER_NODES = frozenset(
    {"pointer_type", "map_type", "channel_type", "function_type", "struct_type", "interface_type", "qualified_type"}
)
_NOT_BUFFER_NAMES = frozenset({"string", "error", "any", "byte", "rune", "bool", "int", "uint", "uintptr"})


def may_be_large_buffer(ctx: "FileContext", st: StaticType | None) -> bool:
    """False when ``st`` certainly is no large buffer, decided without the package index
    (which parses every sibling file): pointers, maps, channels, funcs, structs,
    interfaces and other packages' types (unless tensors), and named types that no file
    of the package defines as a slice, array or another named type. True means: ask
    :func:`is_large_buffer`."""
    if st is None:
        return False
    if is_tensor_type(ctx, st.text):
        return True
    node = st.node
    if node is None or node.type in _NOT_BUFFER_NODES:
        return False
    if node.type in ("slice_type", "array_type"):
        elem = unparen(node.child_by_field_name("element"))
        while elem is not None and elem.type in ("slice_type", "array_type"):
            elem = unparen(elem.child_by_field_name("element"))
        if elem is None or elem.type != "type_identifier":
            return False
        name = text(elem)
        if ctx.knowledge.buffers.element_size(name) is not None:
            return True
        return name not in _NOT_BUFFER_NAMES and name.encode() in _type_like_names(ctx)
    if node.type != "type_identifier":
        return True
    name = st.text
    if name in _NOT_BUFFER_NAMES or ctx.knowledge.buffers.element_size(name) is not None:
        return False
    return name.encode() in _type_like_names(ctx)


_TYPE_DECL = re.compile(rb"type(?<![^\n]type)[ \t]+(?:(\w+)(?:\[[^\]\n]*\])?[ \t]+(=?[ \t]*\S+)|\()")
_GROUPED_TYPE = re.compile(rb"(?m)^[ \t]+(\w+)(?:\[[^\]\n]*\])?[ \t]+(=?[ \t]*\S+)")
_NOT_BUFFER_DEFS = (b"struct", b"interface", b"func", b"map[", b"chan", b"*", b"<-")


def _type_like_names(ctx: "FileContext") -> frozenset[bytes]:
    """Names of the package's type declarations that may define a buffer: a slice,
    array, or another named type (not a struct, interface, func, map, channel or
    pointer). Read from the source bytes, without parsing the sibling files."""
    cached = ctx.package.__dict__.get("_type_like_names")
    if cached is None:
        names: set[bytes] = set()
        for f in ctx.package.files:
            data = f.data
            for m in _TYPE_DECL.finditer(data):
                if m.group(1) is not None:
                    if not m.group(2).lstrip(b"= \t").startswith(_NOT_BUFFER_DEFS):
                        names.add(m.group(1))
                    continue
                end = data.find(b"\n)", m.end())
                block = data[m.end():end if end >= 0 else len(data)]
                for g in _GROUPED_TYPE.finditer(block):
                    if not g.group(2).lstrip(b"= \t").startswith(_NOT_BUFFER_DEFS):
                        names.add(g.group(1))
        cached = ctx.package.__dict__["_type_like_names"] = frozenset(names)
    return cached


def may_be_large_buffer_binding(ctx: "FileContext", binding: "Binding", _depth: int = 0) -> bool:
    """:func:`may_be_large_buffer` for a binding, without touching the package index
    where the source bytes already rule a buffer out (a same-package function whose
    result is no slice, array, tensor or named type; a range or multi-value binding)."""
    if binding.type_node is not None:
        return may_be_large_buffer(ctx, StaticType(text(binding.type_node), binding.type_node))
    v = unparen(binding.value)
    if v is None or _depth > 8:
        return False
    if v.type == "identifier":
        b = ctx.scopes(v).resolve(v)
        if b is not None:
            return may_be_large_buffer_binding(ctx, b, _depth + 1)
        return any(b"var " + v.text in f.data or v.text + b" = " in f.data for f in ctx.package.files)
    if v.type == "call_expression":
        fn = unparen(v.child_by_field_name("function"))
        if fn is not None and fn.type == "identifier" and text(fn) not in ("make", "new", "append"):
            if ctx.is_local(fn):
                return False
            head = b"func " + fn.text + b"("
            for f in ctx.package.files:
                i = f.data.find(head)
                if i < 0:
                    continue
                end = f.data.find(b"{", i)
                sig = f.data[i:end if end > 0 else i + 200]
                close = sig.find(b")")
                result = (sig[close + 1:] if close >= 0 else b"").strip()
                if result.startswith(b"(") and result.endswith(b")"):
                    result = result[1:-1].strip()
                    parts = result.split()
                    result = parts[-1] if len(parts) == 2 else result
                if b"," in result or not result:
                    continue  # several results: no single static type
                if result.startswith(b"[") or b"Tensor" in result:
                    return True
                if re.fullmatch(rb"[A-Za-z_]\w*", result) and result.decode() not in _NOT_BUFFER_NAMES:
                    if result in _type_like_names(ctx):
                        return True
            return False
    return may_be_large_buffer(ctx, type_of_expr(ctx, v))
