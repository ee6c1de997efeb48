"""``sync.Pool`` recognition and the questions the pool rules ask about one ``Put``.

A pool is a variable or struct field of type ``sync.Pool`` / ``*sync.Pool`` (also through
a renamed ``sync`` import): a package-level ``var``, a local, or a field of a struct of
the package. For each pool the package is searched once for its ``Get`` and ``Put``
sites; the pooled type comes from the ``New`` function and from the type assertions at
``Get`` sites.

For one ``Put(x)`` the module answers: what is x (its key expression and static type),
is x reset on every path before the ``Put`` (``x.Reset()``, ``x.Zero()``, ``x.Zero_()``,
``x.Clear()``, ``clear(x)``, ``x = x[:0]``, ``Put(x[:0])``, a zeroing ``range`` loop,
``*x = T{}``), does every ``Get`` of the pool in the package reset the object right away,
was x grown in the function, and does a capacity guard on x dominate the ``Put``.

Everything is found with compiled queries over the package's files (once per package)
or over the one function holding a ``Put``; nothing walks a whole file in Python.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from msgspec import Struct, field

from golint_ai.golang.gotypes import StaticType, is_tensor_type, type_of_expr
from golint_ai.golang.index import find_func, find_type, has_method, type_name
from golint_ai.golang.query import captures, compile_query, matches
from golint_ai.golang.scope import assignment_of
from golint_ai.golang.walk import FUNCTION_TYPES, ancestors, ancestors_from, enclosing_function_from, is_within, text, unparen

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.golang.package import GoFile, Package
    from golint_ai.golang.paths import FlowNode
    from golint_ai.golang.scope import Binding

_POOL_CALLS = compile_query(
    """
    (call_expression
      function: (selector_expression
        operand: (_) @pool
        field: (field_identifier) @method (#match? @method "^(Get|Put)$"))
      arguments: (argument_list) @args) @call
    """
)

# Statements that may reset, grow or guard a value: filtered in Python by key.
_EFFECTS = compile_query(
    """
    (call_expression
      function: (selector_expression operand: (_) @recv field: (field_identifier) @method)
      arguments: (argument_list) @margs) @mcall
    (call_expression
      function: [(identifier) (selector_expression)] @fn
      arguments: (argument_list . (_) @arg0)) @fcall
    (assignment_statement left: (expression_list . (_) @lhs .) right: (expression_list . (_) @rhs .)) @assign
    (assignment_statement left: (expression_list (_) (_)) right: (expression_list (_) (_))) @multi
    (for_statement (range_clause right: (_) @range) body: (block) @body) @loop
    (short_var_declaration right: (expression_list . (slice_expression) @view .)) @viewdecl
    (slice_expression) @anyslice
    (assignment_statement left: (expression_list . (index_expression) @elem .)) @elemstore
    (assignment_statement left: (expression_list . (selector_expression operand: (index_expression) @elem) .)) @elemstore
    """
)

_ZERO_VALUES = frozenset({"0", "false", '""', "nil", "0.0", "``"})
_WRITER_FUNCS = frozenset(
    {"fmt.Fprint", "fmt.Fprintf", "fmt.Fprintln", "io.Copy", "io.CopyN", "io.CopyBuffer", "io.WriteString", "binary.Write"}
)
_RESET_NAME = re.compile(r"(?i)^(reset|clear|zero)")
_BUILTINS = frozenset({"make", "new", "append", "len", "cap", "copy", "min", "max", "complex", "real", "imag"})


class Pool(Struct, eq=False, dict=True):
    """One pool: a package variable (``kind == "var"``), a struct field (``"field"``) or a
    local (``"local"``, keyed by its binding)."""

    kind: str
    name: str
    decl: "Node"
    file: "GoFile"
    value: "Node | None" = None  # the composite literal (``sync.Pool{...}``), if any
    binding: "Binding | None" = None
    new_func: "Node | None" = None
    pooled: list[tuple[StaticType, "GoFile"]] = field(default_factory=list)
    gets: list[tuple["Node", "GoFile"]] = field(default_factory=list)
    puts: list[tuple["Node", "GoFile"]] = field(default_factory=list)
    _every_get_resets: bool | None = None
    wrapper: "PoolWrapper | None" = None  # kind "wrapper": a value of a pool wrapper type
    element: "tuple[StaticType, GoFile] | None" = None  # what a wrapper pools, when known

    @property
    def key(self) -> tuple:
        return (self.kind, self.binding.ident.id if self.binding is not None else self.name)


class PutSite(Struct, dict=True):
    """One ``pool.Put(arg)`` with what the rules need to know about ``arg``."""

    call: "Node"
    pool: Pool
    arg: "Node"  # the argument as written
    key: str  # the expression whose state matters: ``buf``, ``s.buf``
    key_node: "Node"
    binding: "Binding | None"
    type: StaticType | None
    type_file: "GoFile | None"
    sliced_to_zero: bool  # Put(x[:0])
    address_of: bool  # Put(&x)
    get: "Node | None"  # the Get this value came from, in the same function


# -- recognising pools -------------------------------------------------------------
def is_pool_type(type_node: "Node | None", file: "GoFile") -> bool:
    """``sync.Pool`` or ``*sync.Pool`` through the file's name for ``sync``."""
    n = type_node
    while n is not None and n.type in ("pointer_type", "parenthesized_type"):
        n = n.named_children[-1] if n.named_child_count else None
    if n is None or n.type != "qualified_type":
        return False
    pkg = n.child_by_field_name("package")
    name = n.child_by_field_name("name")
    return text(name) == "Pool" and file.imports.path_of(text(pkg)) == "sync"


def _names_type(type_node: "Node | None", names: set[str]) -> bool:
    """``T`` or ``*T`` for one of the package's pool types."""
    n = type_node
    while n is not None and n.type in ("pointer_type", "parenthesized_type"):
        n = n.named_children[-1] if n.named_child_count else None
    return n is not None and n.type == "type_identifier" and text(n) in names


def _pool_literal(value: "Node | None", file: "GoFile", pool_types: set[str] = frozenset()) -> "Node | None":
    """The ``sync.Pool{...}`` composite literal of ``sync.Pool{}``/``&sync.Pool{}`` (or of a
    package type embedding a ``sync.Pool``), or the ``new(sync.Pool)`` call."""
    v = unparen(value)
    if v is not None and v.type == "unary_expression":
        op = v.child_by_field_name("operator")
        if op is not None and op.type == "&":
            v = unparen(v.child_by_field_name("operand"))
    if v is None:
        return None
    if v.type == "composite_literal":
        tnode = v.child_by_field_name("type")
        if is_pool_type(tnode, file) or _names_type(tnode, pool_types):
            return v
    if v.type == "call_expression" and text(v.child_by_field_name("function")) == "new":
        args = v.child_by_field_name("arguments")
        if args is not None and args.named_child_count == 1 and (is_pool_type(args.named_children[0], file) or _names_type(args.named_children[0], pool_types)):
            return v
    return None


def _new_func(lit: "Node | None") -> "Node | None":
    """The ``New`` function of a pool literal, also of the ``sync.Pool`` literal nested
    in a wrapper's (``&bytePool{Pool: sync.Pool{New: ...}}``)."""
    if lit is None or lit.type != "composite_literal":
        return None
    body = lit.child_by_field_name("body")
    for el in body.named_children if body is not None else []:
        if el.type != "keyed_element" or el.named_child_count < 2:
            continue
        k, v = el.named_children[0], el.named_children[-1]
        inner = unparen(v.named_children[0] if v.type == "literal_element" and v.named_child_count else v)
        if text(k) == "New":
            return inner
        if text(k) == "Pool" and inner is not None:
            if inner.type == "unary_expression" and inner.named_child_count:
                inner = unparen(inner.child_by_field_name("operand"))
            found = _new_func(inner)
            if found is not None:
                return found
    return None


# -- pool wrappers -------------------------------------------------------------------
class PoolWrapper(Struct, eq=False, dict=True):
    """A named type holding a ``sync.Pool`` field whose ``Put`` method hands its argument
    to that pool (``type Pool[T any] struct{ p sync.Pool }``): calls of its ``Put`` and
    ``Get`` are pool calls. What its own ``Put`` does first (a reset, a capacity guard)
    is done for every caller."""

    name: str
    package: "Package"
    file: "GoFile"
    decl: "Node"  # the type_spec
    type_params: tuple[str, ...]
    element: StaticType | None  # Put's parameter type, as written in ``file``
    resets: bool
    guards: bool
    get_resizes: bool = False  # its Get hands out `b[:n]` or a fresh `make`: sized per call


_RESIZES = compile_query("(slice_expression end: (identifier) @end) @slice")


def _get_resizes(get) -> bool:
    """A wrapper ``Get`` that cuts what it hands out to a length its caller asks for
    (``*b = (*b)[:length]``): the caller writes what it asked for."""
    if get is None:
        return False
    params = set()
    plist = get.node.child_by_field_name("parameters")
    for p in plist.named_children if plist is not None else []:
        params.update(text(n) for n in p.children_by_field_name("name"))
    body = get.node.child_by_field_name("body")
    if body is None or not params:
        return False
    for m in matches(_RESIZES, body):
        if text(m["end"][0]) in params:
            return True
    return False


def pool_wrapper(ref, settings) -> PoolWrapper | None:
    """The pool wrapper a named type (a :class:`~golint_ai.golang.resolve.TypeRef`) is,
    if it is one (found once per package)."""
    from golint_ai.golang.index import find_method, find_type_decl

    cache = ref.package.__dict__.setdefault("_pool_wrappers", {})
    key = (ref.name, id(settings.knowledge))
    if key in cache:
        return cache[key]
    cache[key] = None
    found = find_type_decl(ref.package, ref.name)
    if found is None or found[0].type != "struct_type":
        return None
    tnode, home = found
    if "sync" not in home.imports.paths:
        return None
    inner = _pool_field_names(tnode, home)
    put = find_method(ref.package, ref.name, "Put") if inner else None
    if put is None:
        return None
    site = _inner_put(put, inner, ref.package, settings)
    if site is None:
        return None
    fctx, inner_site = site
    spec = tnode.parent
    params = spec.child_by_field_name("type_parameters") if spec is not None else None
    names = tuple(text(n) for p in (params.named_children if params is not None else []) for n in p.children_by_field_name("name"))
    plist = put.node.child_by_field_name("parameters")
    first = next((p for p in plist.named_children if p.type == "parameter_declaration"), None) if plist is not None else None
    ptype = first.child_by_field_name("type") if first is not None else None
    element = StaticType(text(ptype), ptype) if ptype is not None else None
    cache[key] = PoolWrapper(
        ref.name, ref.package, home, spec, names, element,
        resets=inner_site is not None and is_reset_before(fctx, inner_site),
        guards=inner_site is not None and guarded(fctx, inner_site),
        get_resizes=_get_resizes(find_method(ref.package, ref.name, "Get")),
    )
    return cache[key]


def _pool_field_names(struct: "Node", file: "GoFile") -> set[str]:
    """The fields of a struct type that are pools (an embedded pool by its type name)."""
    out = set()
    body = next((c for c in struct.named_children if c.type == "field_declaration_list"), None)
    for fd in body.named_children if body is not None else []:
        if fd.type != "field_declaration" or not is_pool_type(fd.child_by_field_name("type"), file):
            continue
        names = fd.children_by_field_name("name")
        out.update(text(n) for n in names) if names else out.add("Pool")
    return out


def _inner_put(put, inner: set[str], package: "Package", settings):
    """The ``recv.field.Put(param)`` in a wrapper's ``Put`` as a put site of the inner
    pool (None for the site when the argument is not the parameter as such)."""
    from golint_ai.context import FileContext

    body = put.node.child_by_field_name("body")
    recv = next((p for p in (put.node.child_by_field_name("receiver").named_children) if p.type == "parameter_declaration"), None)
    rname = text(recv.children_by_field_name("name")[0]) if recv is not None and recv.children_by_field_name("name") else None
    if body is None or rname is None:
        return None
    fctx = FileContext(put.file, package, settings)
    for m in matches(_POOL_CALLS, body):
        if text(m["method"][0]) != "Put" or _strip(m["pool"][0]) not in {f"{rname}.{f}" for f in inner}:
            continue
        pool = Pool("field", f"{put.receiver_type or '?'}.{text(m['pool'][0].child_by_field_name('field'))}", m["pool"][0], put.file)
        return fctx, put_site(fctx, m["call"][0], pool)
    return None


def _wrapper_pool(ctx: "FileContext", op: "Node", settings, binding: "Binding | None") -> Pool | None:
    """A pool for an operand whose static type is a pool wrapper, with the element type
    its type argument (or the wrapper's ``Put`` parameter) gives."""
    from golint_ai.golang.resolve import type_ref_of

    st = type_of_expr(ctx, op)
    ref = type_ref_of(ctx, st)
    if ref is None:
        return None
    wrapper = pool_wrapper(ref, settings)
    if wrapper is None:
        return None
    decl, home = _declaration_of(ctx, op, binding)
    pool = Pool("wrapper", text(op), decl, home, wrapper=wrapper)
    pool.element = _wrapper_element(st, wrapper, ctx.file)
    return pool


def _declaration_of(ctx: "FileContext", op: "Node", binding: "Binding | None") -> "tuple[Node, GoFile]":
    """Where the value an operand names is declared: its local's identifier (``binding``,
    the operand's, resolved by the caller), else a package variable's (the operand itself
    for a field, or when it is not found)."""
    from golint_ai.golang.index import find_var

    if op.type == "identifier":
        if binding is not None:
            return binding.ident, ctx.file
        var = find_var(ctx.package, text(op))
        if var is not None:
            return var.ident, var.file
    return op, ctx.file


def _wrapper_element(st: StaticType, wrapper: PoolWrapper, here: "GoFile") -> "tuple[StaticType, GoFile] | None":
    elem = wrapper.element
    if elem is None:
        return None
    if not wrapper.type_params:
        return elem, wrapper.file
    n = st.node
    while n is not None and n.type in ("pointer_type", "parenthesized_type"):
        n = n.named_children[-1] if n.named_child_count else None
    targs = n.child_by_field_name("type_arguments") if n is not None and n.type == "generic_type" else None
    args = [a for a in targs.named_children] if targs is not None else []
    args = [a.named_children[0] if a.type == "type_elem" and a.named_child_count else a for a in args]
    if len(args) != len(wrapper.type_params):
        return None
    bound = dict(zip(wrapper.type_params, args))
    written = text(elem.node) if elem.node is not None else elem.text
    stars = len(written) - len(written.lstrip("*"))
    arg = bound.get(written.lstrip("*"))
    if arg is None:
        return (elem, wrapper.file) if written.lstrip("*") not in wrapper.type_params else None
    home = st.file or here
    through = st.binding_of(text(arg))  # `*Pool[T]` of `New[T]`, called as `New[*Scratch]`
    if through is not None:
        arg, home = through[0], through[1] or here
    if arg.type == "type_identifier" and st.file is not None and st.binding_of(text(arg)) is None and text(arg) in _type_params_of(st):
        return None  # still a type parameter of the constructor: unknown
    node: "Node" = arg
    for _ in range(stars):
        node = _PtrNode(node)  # type: ignore[assignment]
    return StaticType("*" * stars + text(arg), node), home


def _type_params_of(st: StaticType) -> set[str]:
    """The type parameter names in scope where ``st`` was written (a generic function's)."""
    n = st.node
    while n is not None and n.type not in ("function_declaration", "method_declaration"):
        n = n.parent
    params = n.child_by_field_name("type_parameters") if n is not None else None
    return {text(x) for p in (params.named_children if params is not None else []) for x in p.children_by_field_name("name")}


_EMBEDDED_POOLS = compile_query(
    """
    (type_spec name: (type_identifier) @name
      type: (struct_type (field_declaration_list (field_declaration . type: (_) @type . ))))
    """
)


_POOL_FIELDS = compile_query(
    """
    (field_declaration name: (field_identifier) @name type: (_) @type) @field
    """
)


class PackagePools:
    """The pools of one package and their ``Get``/``Put`` sites, found once. Only files
    that mention ``.Pool`` are parsed to find declarations."""

    def __init__(self, package: "Package") -> None:
        self.package = package
        self.vars: dict[str, Pool] = {}
        self.fields: dict[str, Pool] = {}
        self.locals: dict[int, Pool] = {}
        self.wrapped: dict[tuple, Pool | None] = {}
        self._collected: set[int] = set()
        ambiguous: set[str] = set()
        # Struct types embedding a sync.Pool: their values are pools (the promoted
        # Get and Put are sync.Pool's).
        self.types: set[str] = set()
        for f in package.files:
            if b".Pool" not in f.data or "sync" not in f.imports.paths:
                continue
            for m in (m for decl in f.declarations_near((b"Pool",)) if f.holds(decl, b"struct") for m in matches(_EMBEDDED_POOLS, decl)):
                if is_pool_type(m["type"][0], f):
                    self.types.add(text(m["name"][0]))
        for f in package.files:
            if b".Pool" not in f.data or "sync" not in f.imports.paths:
                continue
            for decl in f.root.named_children:
                if decl.type != "var_declaration":
                    continue
                for spec in _var_specs(decl):
                    tnode = spec.child_by_field_name("type")
                    value = spec.child_by_field_name("value")
                    names = spec.children_by_field_name("name")
                    values = value.named_children if value is not None else []
                    for i, n in enumerate(names):
                        v = values[i] if len(values) == len(names) else None
                        lit = _pool_literal(v, f, self.types)
                        if is_pool_type(tnode, f) or _names_type(tnode, self.types) or lit is not None:
                            self.vars[text(n)] = Pool("var", text(n), n, f, value=lit, new_func=_new_func(lit))
            for m in (m for decl in f.declarations_near((b"struct",)) for m in matches(_POOL_FIELDS, decl)):
                fname = text(m["name"][0])
                tnode = m["type"][0]
                if not is_pool_type(tnode, f):
                    ambiguous.add(fname)
                    continue
                if fname not in self.fields:
                    self.fields[fname] = Pool("field", f"{_struct_name(m['field'][0]) or '?'}.{fname}", m["field"][0], f)
        # A field name that some struct declares with another type is ambiguous: drop it.
        for fname in ambiguous:
            self.fields.pop(fname, None)

    def pool_of(self, ctx: "FileContext", operand: "Node") -> Pool | None:
        """The pool an operand of ``.Get``/``.Put`` denotes, if it is one."""
        op = _operand(operand)
        if op is None:
            return None
        if op.type == "identifier":
            b = ctx.scopes(op).resolve(op) if ctx.file.may_bind_locally(op) else None
            if b is None:
                return self.vars.get(text(op)) or self._wrapped(ctx, op)
            pool = self.locals.get(b.ident.id)
            if pool is not None:
                return pool
            lit = _pool_literal(b.value, ctx.file, self.types)
            if is_pool_type(b.type_node, ctx.file) or _names_type(b.type_node, self.types) or lit is not None:
                pool = Pool("local", b.name, b.ident, ctx.file, value=lit, binding=b, new_func=_new_func(lit))
                self.locals[b.ident.id] = pool
                return pool
            return self._wrapped(ctx, op)
        if op.type == "selector_expression":
            found = self.fields.get(text(op.child_by_field_name("field")))
            if found is not None:
                return found
        return self._wrapped(ctx, op)

    def _wrapped(self, ctx: "FileContext", op: "Node") -> Pool | None:
        """A value of a pool wrapper type (of this package or another)."""
        if op.type not in ("identifier", "selector_expression"):
            return None
        b = ctx.scopes(op).resolve(op) if op.type == "identifier" else None
        key = ("wrapper", b.ident.id if b is not None else text(op))
        if key not in self.wrapped:
            self.wrapped[key] = _wrapper_pool(ctx, op, ctx.settings, b)
        return self.wrapped[key]

    def collect_sites(self, settings) -> None:
        """Every ``Get``/``Put`` of every known pool across the package (once per pool;
        wrapper values are found as they are met)."""
        todo = [p for p in self._all() if id(p) not in self._collected]
        if not todo:
            return
        self._collected.update(id(p) for p in todo)
        from golint_ai.context import FileContext

        wanted = {id(p) for p in todo}
        # A pool's name ends with what its operands end with: the variable, the local,
        # the field (`Struct.field`), the wrapper value's spelling (`s.bufs`).
        names = {p.name.rsplit(".", 1)[-1].strip() for p in todo}
        needles = [n.encode() for n in names]
        for f in self.package.files:
            if b".Get(" not in f.data and b".Put(" not in f.data:
                continue
            if not any(n in f.data for n in needles):
                continue
            fctx = FileContext(f, self.package, settings)
            for m in (m for decl in f.declarations_near((b"Get", b"Put")) for m in matches(_POOL_CALLS, decl)):
                if _last_name(m["pool"][0]) not in names:
                    continue  # no pool of these (resolving it would look up its type)
                call = m["call"][0]
                pool = self.pool_of(fctx, m["pool"][0])
                if pool is None or id(pool) not in wanted:
                    continue
                if text(m["method"][0]) == "Get":
                    pool.gets.append((call, f))
                    asserted = _asserted_type(call)
                    if asserted is not None:
                        pool.pooled.append((StaticType(text(asserted), asserted), f))
                else:
                    pool.puts.append((call, f))
        for pool in todo:
            if pool.new_func is not None:
                pool.pooled.extend(_new_func_types(pool, self.package, settings))
            if pool.element is not None:
                pool.pooled.insert(0, pool.element)

    def _all(self) -> Iterator[Pool]:
        yield from self.vars.values()
        yield from self.fields.values()
        yield from self.locals.values()
        yield from (p for p in self.wrapped.values() if p is not None)


def _operand(operand: "Node") -> "Node | None":
    """An operand of ``.Get``/``.Put`` without parentheses and one ``&`` or ``*``."""
    op = unparen(operand)
    if op is not None and op.type == "unary_expression" and text(op.child_by_field_name("operator")) in ("&", "*"):
        op = unparen(op.child_by_field_name("operand"))
    return op


def _last_name(operand: "Node") -> str | None:
    """The name an operand of ``.Get``/``.Put`` ends with, as :meth:`PackagePools.pool_of`
    reads it (``bufPool``, ``&s.pool`` → ``pool``); None for any other shape."""
    op = _operand(operand)
    if op is None:
        return None
    if op.type == "identifier":
        return text(op)
    if op.type == "selector_expression":
        return text(op.child_by_field_name("field"))
    return None


def package_pools(ctx: "FileContext") -> PackagePools:
    pkg = ctx.package
    pools = pkg.__dict__.get("_golint_pools")
    if pools is None:
        pools = pkg.__dict__["_golint_pools"] = PackagePools(pkg)
    return pools


def _var_specs(decl: "Node") -> list["Node"]:
    out = []
    for c in decl.named_children:
        if c.type == "var_spec":
            out.append(c)
        elif c.type == "var_spec_list":
            out.extend(x for x in c.named_children if x.type == "var_spec")
    return out


def _struct_name(field_decl: "Node") -> str | None:
    for a in ancestors(field_decl):
        if a.type == "type_spec":
            return text(a.child_by_field_name("name"))
        if a.type in FUNCTION_TYPES:
            return None
    return None


def _asserted_type(get_call: "Node") -> "Node | None":
    parent = get_call.parent
    while parent is not None and parent.type == "parenthesized_expression":
        parent = parent.parent
    if parent is not None and parent.type == "type_assertion_expression":
        return parent.child_by_field_name("type")
    return None


def _new_func_types(pool: Pool, package: "Package", settings) -> list[tuple[StaticType, "GoFile"]]:
    """Static types of what the pool's ``New`` returns."""
    from golint_ai.context import FileContext

    fn = pool.new_func
    f = pool.file
    if fn is None:
        return []
    if fn.type == "identifier":
        decl = find_func(package, text(fn))
        if decl is None:
            return []
        fn, f = decl.node, decl.file
    if fn.type not in FUNCTION_TYPES:
        return []
    fctx = FileContext(f, package, settings)
    out = []
    for ret in captures(_RETURNS, fn).get("ret", []):
        owner = enclosing_function_from(f.root, ret)
        if owner is None or owner.id != fn.id:
            continue
        values = [c for c in ret.named_children]
        if values and values[0].type == "expression_list":
            values = values[0].named_children
        if len(values) != 1:
            continue
        st = static_type(fctx, values[0])
        if st is not None:
            out.append((st, f))
    return out


_RETURNS = compile_query("(return_statement) @ret")


# -- static types ------------------------------------------------------------------
def static_type(ctx: "FileContext", expr: "Node | None", _depth: int = 0) -> StaticType | None:
    """``gotypes.type_of_expr`` plus type assertions, ``bytes.NewBuffer*`` and results of
    same-package functions (found without building the package index)."""
    e = unparen(expr)
    if e is None or _depth > 8:
        return None
    if e.type == "type_assertion_expression":
        t = e.child_by_field_name("type")
        return StaticType(text(t), t) if t is not None else None
    if e.type == "call_expression":
        q = ctx.qualified_callee(e)
        if q in (("bytes", "NewBuffer"), ("bytes", "NewBufferString")):
            return StaticType("*bytes.Buffer", None)
        fn = unparen(e.child_by_field_name("function"))
        if fn is not None and fn.type == "identifier" and text(fn) not in _BUILTINS and not ctx.is_local(fn):
            decl = find_func(ctx.package, text(fn))
            result = decl.node.child_by_field_name("result") if decl is not None else None
            if result is not None and result.type == "parameter_list":
                result = result.named_children[0].child_by_field_name("type") if result.named_child_count == 1 else None
            return StaticType(text(result), result) if result is not None else None
    if e.type == "identifier":
        b = ctx.scopes(e).resolve(e)
        if b is not None and b.type_node is None and b.value is not None:
            return static_type(ctx, b.value, _depth + 1) if unparen(b.value) is not e else None
        if b is not None and b.type_node is None and b.value is None and b.decl.type == "short_var_declaration":
            # `v, ok := x.(T)`: the first name has the asserted type.
            left, right = b.decl.child_by_field_name("left"), b.decl.child_by_field_name("right")
            if left is not None and right is not None and right.named_child_count == 1 and left.named_child_count == 2:
                if left.named_children[0].id == b.ident.id and unparen(right.named_children[0]).type == "type_assertion_expression":
                    return static_type(ctx, right.named_children[0], _depth + 1)
    return type_of_expr(ctx, e)


def std_type(ctx: "FileContext", st: StaticType | None, file: "GoFile | None" = None) -> str | None:
    """``bytes.Buffer`` / ``strings.Builder`` (pointer or not) by import path, else None."""
    if st is None:
        return None
    if st.node is None:
        return st.text.lstrip("*") if st.text.lstrip("*") in ("bytes.Buffer", "strings.Builder") else None
    n = st.node
    while n is not None and n.type in ("pointer_type", "parenthesized_type"):
        n = n.named_children[-1] if n.named_child_count else None
    if n is None or n.type != "qualified_type":
        return None
    imports = (file or ctx.file).imports
    path = imports.path_of(text(n.child_by_field_name("package")))
    name = text(n.child_by_field_name("name"))
    if (path, name) in (("bytes", "Buffer"), ("strings", "Builder")):
        return f"{path}.{name}"
    return None


def _pointee(st: StaticType) -> StaticType | None:
    n = st.node
    if n is not None and n.type == "pointer_type" and n.named_child_count:
        inner = n.named_children[-1]
        return StaticType(text(inner), inner)
    return None


def is_buffer_slice(ctx: "FileContext", st: StaticType | None) -> bool:
    """A slice of numbers (a large-buffer type, whatever its length) or a pointer to one."""
    if st is None or st.node is None:
        return False
    inner = _pointee(StaticType(st.text, st.node))
    for cand in (st.node, inner.node if inner is not None else None):
        if cand is None:
            continue
        base = find_type(ctx.package, text(cand)) if cand.type == "type_identifier" else cand
        if base is not None and base.type == "slice_type" and _numeric_element(ctx, base.child_by_field_name("element"), 0):
            return True
    return False


def is_slice_like(ctx: "FileContext", st: StaticType | None) -> bool:
    """A slice type or a pointer to one (after package-level named types)."""
    if st is None or st.node is None:
        return False
    for cand in (st, _pointee(st)):
        if cand is None or cand.node is None:
            continue
        base = find_type(ctx.package, cand.text) if cand.node.type == "type_identifier" else cand.node
        if base is not None and base.type == "slice_type":
            return True
    return False


def reset_method_of(ctx: "FileContext", st: StaticType | None) -> str | None:
    """The reset method the package declares on the (pointer-stripped) named type."""
    if st is None:
        return None
    name = type_name(st.node) if st.node is not None else None
    if name is None or "." in name:
        return None
    wanted = tuple(m for m in ("Reset", "Zero", "Zero_", "Clear") if m in ctx.knowledge.reset_methods)
    for m in wanted:
        if has_method(ctx.package, name, (m,)):
            return m
    return None


def carries_state(ctx: "FileContext", st: StaticType | None, file: "GoFile | None" = None) -> bool:
    """The contract's stateful types: a large-buffer type (any slice of numbers, whatever
    its length: the type, not the allocation, is what the pool hands out), a pointer to
    one, ``*bytes.Buffer``, ``*strings.Builder``, a tensor type, or a type with a
    ``Reset``/``Zero``/``Zero_``/``Clear`` method in the package."""
    if st is None:
        return False
    if std_type(ctx, st, file) is not None:
        return True
    if is_tensor_type(ctx, st.text):
        return True
    plain = StaticType(st.text, st.node)
    for cand in (plain, _pointee(plain)):
        if cand is not None and cand.node is not None and _numeric_buffer(ctx, cand.node):
            return True
    return reset_method_of(ctx, st) is not None


def buffer_fields(ctx: "FileContext", st: StaticType | None) -> dict[str, str]:
    """The fields of a (pointer to a) struct type that hold data across uses: slices,
    maps, ``bytes.Buffer`` / ``strings.Builder`` (by name → ``"slice"``, ``"map"`` or
    ``"buffer"``). Empty for any other type."""
    from golint_ai.golang.index import find_type_decl
    from golint_ai.golang.resolve import type_ref_of

    ref = type_ref_of(ctx, st)
    found = find_type_decl(ref.package, ref.name) if ref is not None else None
    if found is None or found[0].type != "struct_type":
        return {}
    tnode, home = found
    out: dict[str, str] = {}
    body = next((c for c in tnode.named_children if c.type == "field_declaration_list"), None)
    for fd in body.named_children if body is not None else []:
        if fd.type != "field_declaration":
            continue
        names = fd.children_by_field_name("name")
        ftype = fd.child_by_field_name("type")
        if not names or ftype is None:
            continue
        kind = None
        if ftype.type == "slice_type":
            kind = "slice"
        elif ftype.type == "map_type":
            kind = "map"
        elif std_type(ctx, StaticType(text(ftype), ftype), home) is not None:
            kind = "buffer"
        for n in names if kind is not None else []:
            out[text(n)] = kind
    return out


def fields_written(ctx: "FileContext", site: PutSite, fields: dict[str, str]) -> list[str]:
    """The buffer fields of the ``Put`` value that the function holding the ``Put``
    fills: appends to, writes elements of, writes into (a buffer's ``Write``). Assigning
    a field a whole new value replaces what it held rather than adding to it: not a fill."""
    chain = _function_chain(ctx, site.call)
    if not chain:
        return []
    scope = chain[0] if site.binding is None or site.binding.function.id == chain[0].id else chain[-1]
    bindings = {id(site.binding)} if site.binding is not None else None
    roots = aliases(ctx, scope, site.key, bindings)
    out = []
    for name in sorted(fields):
        keys = {f"{r}.{name}" for r in roots} | {f"(*{r}).{name}" for r in roots}
        eff = effects_in(ctx, scope, keys, bindings)
        if eff.growth or eff.element_writes:
            out.append(name)
    return out


def _empties(value: "Node") -> bool:
    """``x[:0]``, an empty composite literal, ``make(T, 0)``: an emptied value."""
    if value.type == "slice_expression":
        end = value.child_by_field_name("end")
        return end is not None and text(end) == "0"
    if value.type == "composite_literal":
        return _is_empty_literal(value)
    return False


def field_site(site: PutSite, name: str) -> PutSite:
    """The ``Put`` seen for one field of the value (``s.Logits``): resets of the field
    before the ``Put`` count as its reset."""
    from msgspec.structs import replace

    return replace(site, key=f"{site.key}.{name}", sliced_to_zero=False, address_of=False)


def _numeric_buffer(ctx: "FileContext", node: "Node", depth: int = 0) -> bool:
    """A slice (or large array) of numbers, following package-level named types found
    with :func:`find_type` (the package index is not built for this)."""
    if depth > 4 or node is None:
        return False
    if node.type == "type_identifier":
        tnode = find_type(ctx.package, text(node))
        return tnode is not None and tnode.type != "type_identifier" and _numeric_buffer(ctx, tnode, depth + 1)
    if node.type == "slice_type":
        return _numeric_element(ctx, node.child_by_field_name("element"), depth)
    if node.type == "array_type":
        from golint_ai.golang.gotypes import const_int

        length = const_int(node.child_by_field_name("length"))
        size = ctx.knowledge.buffers.element_size(text(node.child_by_field_name("element")))
        limit = ctx.settings.large_buffer_bytes or ctx.knowledge.buffers.default_bytes
        return length is not None and size is not None and length * size >= limit
    return False


def _numeric_element(ctx: "FileContext", elem: "Node | None", depth: int) -> bool:
    elem = unparen(elem)
    if elem is None:
        return False
    if elem.type == "type_identifier":
        if ctx.knowledge.buffers.element_size(text(elem)) is not None:
            return True
        tnode = find_type(ctx.package, text(elem))
        if tnode is None or depth > 4:
            return False
        if tnode.type == "type_identifier":
            return _numeric_element(ctx, tnode, depth + 1)
        return tnode.type in ("slice_type", "array_type") and _numeric_element(ctx, tnode.child_by_field_name("element"), depth + 1)
    if elem.type in ("slice_type", "array_type"):
        return _numeric_element(ctx, elem.child_by_field_name("element"), depth + 1)
    return False


# -- one Put -----------------------------------------------------------------------
def put_site(ctx: "FileContext", call: "Node", pool: Pool) -> PutSite | None:
    args = call.child_by_field_name("arguments")
    if args is None or args.named_child_count != 1:
        return None
    arg = unparen(args.named_children[0])
    node = arg
    sliced = address = False
    if node.type == "slice_expression":
        end = node.child_by_field_name("end")
        start = node.child_by_field_name("start")
        if end is not None and text(end) == "0" and (start is None or text(start) == "0"):
            sliced = True
        node = unparen(node.child_by_field_name("operand"))
    elif node.type == "unary_expression" and text(node.child_by_field_name("operator")) == "&":
        address = True
        node = unparen(node.child_by_field_name("operand"))
    if node is None or node.type not in ("identifier", "selector_expression"):
        return None
    binding = ctx.scopes(node).resolve(node) if node.type == "identifier" else None
    st = static_type(ctx, node)
    tfile: "GoFile | None" = ctx.file
    if pool.wrapper is not None and (st is None or st.text.lstrip("*") in pool.wrapper.type_params or st.file is not None):
        # What a wrapper's Get returns is written in the wrapper's terms (`T`): the
        # pooled element is what its type argument says.
        st, tfile = pool.element if pool.element is not None else (None, None)
    get = _get_of(ctx, binding, pool)
    if st is None and pool.pooled and (get is not None or node.type == "selector_expression"):
        st, tfile = pool.pooled[0]  # what the pool hands out is what goes back in
    if st is None and node.type == "selector_expression":
        st = _field_type(ctx, node)
    if address and st is not None:
        st = StaticType("*" + st.text, None if st.node is None else _PtrNode(st.node))  # type: ignore[arg-type]
    return PutSite(call, pool, arg, text(node), node, binding, st, tfile, sliced, address, get)


class _PtrNode:
    """A stand-in ``pointer_type`` node over a real type node (for ``Put(&x)``)."""

    type = "pointer_type"

    def __init__(self, inner: "Node") -> None:
        self._inner = inner
        self.named_children = [inner]
        self.named_child_count = 1
        self.text = b"*" + inner.text

    def child_by_field_name(self, name: str):  # pragma: no cover - not needed by callers
        return None


def _field_type(ctx: "FileContext", sel: "Node") -> StaticType | None:
    """The declared type of a struct field, when every struct of the package that has a
    field of that name gives it the same type (only files mentioning the name are parsed)."""
    fname = text(sel.child_by_field_name("field"))
    found: dict[str, "Node"] = {}
    for f in ctx.package.files:
        if fname.encode() not in f.data:
            continue
        for m in (m for decl in f.declarations_near((b"struct",)) for m in matches(_POOL_FIELDS, decl)):
            if text(m["name"][0]) == fname:
                found.setdefault(text(m["type"][0]), m["type"][0])
    if len(found) != 1:
        return None
    tnode = next(iter(found.values()))
    return StaticType(text(tnode), tnode)


def _get_of(ctx: "FileContext", binding: "Binding | None", pool: Pool) -> "Node | None":
    """The ``pool.Get()`` call a local was initialised from or assigned (same function)."""
    if binding is None:
        return None
    cands = [binding.value] if binding.value is not None else []
    for ref in binding.refs:
        stmt = ref.parent.parent if ref.parent is not None and ref.parent.type == "expression_list" else None
        if stmt is not None and stmt.type == "assignment_statement" and stmt.child_by_field_name("left") == ref.parent:
            right = stmt.child_by_field_name("right")
            idx = [c.id for c in ref.parent.named_children].index(ref.id)
            if right is not None and idx < right.named_child_count:
                cands.append(right.named_children[idx])
    for v in cands:
        v = unparen(v)
        while v is not None and v.type == "type_assertion_expression":
            v = unparen(v.child_by_field_name("operand"))
        if v is not None and v.type == "call_expression":
            fn = v.child_by_field_name("function")
            if fn is not None and fn.type == "selector_expression" and text(fn.child_by_field_name("field")) == "Get":
                return v
    return None


# -- effects of statements on a key ----------------------------------------------
def _deref_forms(key: str) -> set[str]:
    return {key, f"*{key}", f"(*{key})"}


def _strip(node: "Node | None") -> str:
    n = unparen(node)
    return text(n).replace(" ", "") if n is not None else ""


class Effects(Struct, dict=True):
    """The resets, growth and element writes of some keys (``buf``, ``*bp``) in one scope (:func:`effects_in`)."""

    resets: list["Node"] = field(default_factory=list)  # statements or loops that reset
    growth: list["Node"] = field(default_factory=list)  # calls/assignments that grow
    view_resets: list["Node"] = field(default_factory=list)  # `b := (*bp)[:0]`: an emptied view
    element_writes: list["Node"] = field(default_factory=list)  # `x[i] = v`, `copy(x, src)`
    bounded_growth: list["Node"] = field(default_factory=list)  # `append(x, '.', '0')`: a few constant bytes


class _EffectIndex:
    """The ``_EFFECTS`` matches of one scope, found once, by the spelling of the
    expression each compares with a key (``_strip`` of a receiver, a first argument, an
    assignment target, a sliced operand, a ranged value). :func:`effects_in` visits only
    the matches whose expressions are spelled like one of its keys, so asking about each
    of n values in one function costs what the function holds about that value, not the
    whole function every time (n ``Put`` sites in one function were quadratic).

    ``appended`` and ``bounded_appended`` hold what every ``append`` of the scope
    appends to (independent of the keys asked about)."""

    def __init__(self, ctx: "FileContext", scope: "Node") -> None:
        self.matches = matches(_EFFECTS, scope)
        self.by_form: dict[str, list[int]] = {}
        self.appended: set[str] = set()
        self.bounded_appended: set[str] = set()
        for i, m in enumerate(self.matches):
            for node in self._compared(m):
                if node is not None:
                    self.by_form.setdefault(_strip(node), []).append(i)
            if "fcall" in m:
                fn = m["fn"][0]
                if fn.type == "identifier" and text(fn) == "append" and not ctx.is_local(fn):
                    arg0 = _strip(m["arg0"][0])
                    (self.bounded_appended if _bounded_append(m["fcall"][0]) else self.appended).add(arg0)

    @staticmethod
    def _compared(m: dict) -> list["Node | None"]:
        if "mcall" in m:
            return [m["recv"][0]]
        if "fcall" in m:
            return [m["arg0"][0]]
        if "multi" in m:
            left = m["multi"][0].child_by_field_name("left")
            return list(left.named_children) if left is not None else []
        if "assign" in m:
            rhs = unparen(m["rhs"][0])
            operand = rhs.child_by_field_name("operand") if rhs is not None and rhs.type == "slice_expression" else None
            return [m["lhs"][0], operand]
        if "anyslice" in m:
            return [m["anyslice"][0].child_by_field_name("operand")]
        if "elemstore" in m:
            return [m["elem"][0].child_by_field_name("operand")]
        if "viewdecl" in m:
            return [m["view"][0].child_by_field_name("operand")]
        if "loop" in m:
            return [m["range"][0]]
        return []

    def relevant(self, forms: set[str]) -> list[dict]:
        """The matches that can hit one of ``forms``, in document order."""
        found: set[int] = set()
        for f in forms:
            found.update(self.by_form.get(f, ()))
        return [self.matches[i] for i in sorted(found)]


def _effect_index(ctx: "FileContext", scope: "Node") -> _EffectIndex:
    memo = ctx.file.__dict__.setdefault("_pool_effect_index", {})
    index = memo.get(scope.id)
    if index is None:
        index = memo[scope.id] = _EffectIndex(ctx, scope)
    return index


def effects_in(ctx: "FileContext", scope: "Node", keys: set[str], allowed: "set[int] | None" = None) -> Effects:
    """Resets and growth of any of ``keys`` (expressions such as ``buf``, ``*bp``) in ``scope``.

    ``allowed``: the ids of the bindings the keys name; an expression spelled like a key
    whose variable is another binding (a ``buf`` of another branch) is left out."""
    keys = {k.replace(" ", "") for k in keys}
    forms = set()
    for k in keys:
        forms |= _deref_forms(k)
    foreign = _foreign_names(ctx, scope, keys, allowed)

    def hit(node: "Node | None") -> bool:
        return _strip(node) in forms and not (foreign and _root_identifier(node) in foreign)

    out = Effects()
    reset_methods = ctx.knowledge.reset_methods
    growth_methods = ctx.knowledge.growth_methods
    index = _effect_index(ctx, scope)
    appended, bounded_appended = index.appended, index.bounded_appended
    derefs: list[tuple["Node", str]] = []
    for m in index.relevant(forms):
        if "mcall" in m:
            if not hit(m["recv"][0]):
                continue
            name = text(m["method"][0])
            call = m["mcall"][0]
            if name in reset_methods or _RESET_NAME.match(name) or (name == "Truncate" and _strip(m["margs"][0]) == "(0)"):
                out.resets.append(call)
            elif name in growth_methods or (name.startswith("Write") and name != "WriteTo"):
                out.growth.append(call)
        elif "fcall" in m:
            call = m["fcall"][0]
            fn = m["fn"][0]
            arg0_node = m["arg0"][0]
            if fn.type == "identifier":
                name = text(fn)
                local = ctx.is_local(fn)
                if name == "clear" and not local and hit(arg0_node):
                    out.resets.append(call)
                elif name == "append" and not local:
                    if hit(arg0_node):
                        (out.bounded_growth if _bounded_append(call) else out.growth).append(call)
                elif _RESET_NAME.match(name) and hit(arg0_node) and find_func(ctx.package, name) is not None:
                    out.resets.append(call)
                elif name == "copy" and not local and hit(arg0_node):
                    out.element_writes.append(call)
                elif not local and name not in _BUILTINS and hit(arg0_node):
                    grows, writes = _helper_effects(ctx, call)
                    if grows:
                        out.growth.append(call)  # `buf = encode(buf)`: append by another name
                        appended.add(_strip(arg0_node))
                    elif writes:
                        out.element_writes.append(call)  # `fill(buf)` writes its elements
            else:
                q = ctx.qualified_callee(call)
                if q is not None and f"{q[0].rsplit('/', 1)[-1]}.{q[1]}" in _WRITER_FUNCS and hit(arg0_node):
                    out.growth.append(call)
                elif q is not None and hit(arg0_node):
                    grows, writes = _helper_effects(ctx, call)  # a helper of another package
                    if grows:
                        out.growth.append(call)
                        appended.add(_strip(arg0_node))
                    elif writes:
                        out.element_writes.append(call)
        elif "multi" in m:
            # `x.a, x.msg = "", nil`: each position that empties a key resets it.
            stmt = m["multi"][0]
            left, right = stmt.child_by_field_name("left"), stmt.child_by_field_name("right")
            if left.named_child_count == right.named_child_count:
                for target, value in zip(left.named_children, right.named_children):
                    value = unparen(value)
                    if hit(target) and value is not None and (text(value) == "nil" or _empties(value)):
                        out.resets.append(stmt)
        elif "assign" in m:
            stmt = m["assign"][0]
            lhs, rhs = _strip(m["lhs"][0]), unparen(m["rhs"][0])
            if rhs is not None and rhs.type == "slice_expression" and not hit(m["lhs"][0]):
                end = rhs.child_by_field_name("end")
                if end is not None and text(end) == "0" and hit(rhs.child_by_field_name("operand")):
                    out.view_resets.append(stmt)
                continue
            if not hit(m["lhs"][0]) or rhs is None:
                continue
            op = next((c.type for c in stmt.children if not c.is_named and c.type.endswith("=")), "=")
            if op != "=":
                continue
            if rhs.type == "slice_expression":
                end = rhs.child_by_field_name("end")
                if end is not None and text(end) == "0" and rhs.child_by_field_name("capacity") is None:
                    out.resets.append(stmt)
                    continue
            if rhs.type == "composite_literal" and lhs.startswith(("*", "(*")):
                out.resets.append(stmt)
                continue
            if rhs.type == "nil":
                out.resets.append(stmt)  # `s.Logits = nil`: nothing left to see
                continue
            if rhs.type == "call_expression" and text(rhs.child_by_field_name("function")) == "make":
                out.growth.append(stmt)
                continue
            if rhs.type == "identifier" and lhs.startswith(("*", "(*")):
                derefs.append((stmt, text(rhs)))
        elif "anyslice" in m:
            sl = m["anyslice"][0]
            end = sl.child_by_field_name("end")
            if end is not None and text(end) == "0" and hit(sl.child_by_field_name("operand")):
                out.view_resets.append(sl)
        elif "elemstore" in m:
            if hit(m["elem"][0].child_by_field_name("operand")):
                out.element_writes.append(m["elemstore"][0])
        elif "viewdecl" in m:
            view = m["view"][0]
            end = view.child_by_field_name("end")
            if end is not None and text(end) == "0" and hit(view.child_by_field_name("operand")):
                out.view_resets.append(m["viewdecl"][0])
        elif "loop" in m:
            if hit(m["range"][0]) and _zeroing_body(m["body"][0], forms):
                out.resets.append(m["loop"][0])
    # `*bp = b` after `b = append(b, ...)`: the pooled slice grew through an alias.
    for stmt, name in derefs:
        if name in appended:
            out.growth.append(stmt)
        elif name in bounded_appended:
            out.bounded_growth.append(stmt)
    return out


_IDENTIFIERS = compile_query("(identifier) @id")
_PARAM_EFFECTS = compile_query(
    """
    (call_expression function: (identifier) @fn (#eq? @fn "append") arguments: (argument_list . (identifier) @arg)) @append
    (call_expression function: (identifier) @fn (#eq? @fn "copy") arguments: (argument_list . (identifier) @arg)) @copy
    (assignment_statement left: (expression_list (index_expression operand: (identifier) @arg))) @store
    """
)


def _helper_effects(ctx: "FileContext", call: "Node") -> tuple[bool, bool]:
    """What the function ``call`` calls (in this package or another one on disk) does
    to its first parameter (a slice): appends to it (``func encode(dst []byte) []byte {
    return append(dst, ...) }``: growth, since what it appends comes from its callers),
    or writes its elements (``dst[0] = 1``, ``copy(dst, src)``). Found once per function."""
    from golint_ai.golang.resolve import resolve_call

    callee = resolve_call(ctx, call)
    if callee is None or callee.receiver is not None:
        return (False, False)
    decl = callee.decl
    cache = callee.package.__dict__.setdefault("_helper_effects", {})
    if decl.node.id in cache:
        return cache[decl.node.id]
    cache[decl.node.id] = (False, False)
    params = decl.node.child_by_field_name("parameters")
    first = next((p for p in params.named_children if p.type == "parameter_declaration"), None) if params is not None else None
    names = first.children_by_field_name("name") if first is not None else []
    tnode = first.child_by_field_name("type") if first is not None else None
    if not names or tnode is None or tnode.type != "slice_type":
        return cache[decl.node.id]
    param = text(names[0])
    grows = writes = False
    for m in matches(_PARAM_EFFECTS, decl.node.child_by_field_name("body") or decl.node):
        if text(m["arg"][0]) != param:
            continue
        if "append" in m:
            grows = True  # what a helper appends comes from its callers: not bounded here
        elif "copy" in m or "store" in m:
            writes = True
    cache[decl.node.id] = (grows, writes or grows)
    return cache[decl.node.id]


_BOUNDED_APPEND_BYTES = 64


def _bounded_append(call: "Node") -> bool:
    """``append(x, 'a', 'b')``, ``append(x, "lit"...)``: a handful of constant bytes, which
    cannot make a buffer huge."""
    args = call.child_by_field_name("arguments")
    rest = [a for a in args.named_children if a.type != "comment"][1:] if args is not None else []
    if not rest:
        return True
    total = 0
    for a in rest:
        a = unparen(a)
        if a is None:
            return False
        if a.type in ("rune_literal", "int_literal"):
            total += 4
        elif a.type == "variadic_argument" and a.named_child_count and a.named_children[0].type in ("interpreted_string_literal", "raw_string_literal"):
            total += len(a.named_children[0].text) - 2
        else:
            return False
    return total <= _BOUNDED_APPEND_BYTES


def _root_identifier(node: "Node | None") -> int | None:
    """The id of the variable at the root of an expression (``b`` in ``*b``, ``b.x[:0]``)."""
    n = unparen(node)
    while n is not None:
        t = n.type
        if t == "identifier":
            return n.id
        if t == "unary_expression":
            n = unparen(n.child_by_field_name("operand"))
        elif t in ("selector_expression", "index_expression", "slice_expression"):
            n = unparen(n.child_by_field_name("operand"))
        else:
            return None
    return None


def _foreign_names(ctx: "FileContext", scope: "Node", keys: set[str], allowed: "set[int] | None") -> set[int]:
    """Ids of identifiers spelled like a key's variable that name another binding."""
    if not allowed:
        return set()
    names = {re.split(r"[.\[(]", k.lstrip("*(").rstrip(")"), maxsplit=1)[0] for k in keys}
    memo = ctx.file.__dict__.setdefault("_pool_identifiers", {})
    by_name = memo.get(scope.id)
    if by_name is None:
        by_name = memo[scope.id] = {}
        for ident in captures(_IDENTIFIERS, scope).get("id", []):
            by_name.setdefault(text(ident), []).append(ident)
    out = set()
    for ident in (i for n in names for i in by_name.get(n, ())):
        b = ctx.scopes(ident).resolve(ident)
        if b is not None and id(b) not in allowed:
            out.add(ident.id)
    return out


def _zeroing_body(body: "Node", forms: set[str]) -> bool:
    stmts = [c for c in body.named_children if c.type != "comment"]
    if len(stmts) == 1 and stmts[0].type == "statement_list":
        stmts = [c for c in stmts[0].named_children if c.type != "comment"]
    if len(stmts) == 1 and stmts[0].type == "expression_statement":
        # `for k := range m { delete(m, k) }`: clear(m) before Go 1.21.
        call = stmts[0].named_children[0] if stmts[0].named_child_count else None
        if call is None or call.type != "call_expression" or text(call.child_by_field_name("function")) != "delete":
            return False
        args = [a for a in call.child_by_field_name("arguments").named_children if a.type != "comment"]
        return len(args) == 2 and _strip(args[0]) in forms
    if len(stmts) != 1 or stmts[0].type != "assignment_statement":
        return False
    s = stmts[0]
    left, right = s.child_by_field_name("left"), s.child_by_field_name("right")
    if left is None or right is None or left.named_child_count != 1 or right.named_child_count != 1:
        return False
    target = unparen(left.named_children[0])
    if target is None or target.type != "index_expression":
        return False
    if _strip(target.child_by_field_name("operand")) not in forms:
        return False
    value = unparen(right.named_children[0])
    # A zero value, or a fresh element value (`x[i] = T{Buffers: x[i].Buffers[:1]}`).
    return value is not None and (text(value) in _ZERO_VALUES or value.type == "composite_literal")


def _is_empty_literal(lit: "Node") -> bool:
    body = lit.child_by_field_name("body")
    return body is None or body.named_child_count == 0


def aliases(ctx: "FileContext", scope: "Node", key: str, bindings: "set[int] | None" = None) -> set[str]:
    """``key`` plus locals that hold its slice: ``b := *bp``, ``b := (*bp)[:0]``, ``*bp = b``.
    With ``bindings`` (the ids of the key's variable), only aliases of that variable count,
    and their bindings are added to it."""
    out = {key}
    forms = _deref_forms(key)
    for left, right, rt in _alias_candidates(ctx, scope, forms):
        if left.type == "identifier" and _strip(rt) in forms and _names_bound(ctx, rt, bindings):
            out.add(text(left))
            _add_binding(ctx, left, bindings)
        elif _strip(left) in forms and key not in (text(left),) and right.type == "identifier" and _names_bound(ctx, left, bindings):
            out.add(text(right))
            _add_binding(ctx, right, bindings)
    return out


def _alias_candidates(ctx: "FileContext", scope: "Node", forms: set[str]) -> list[tuple["Node", "Node", "Node | None"]]:
    """The ``_ALIAS`` assignments of ``scope`` (left, right, right's sliced operand or
    right) whose left or right side is spelled like one of ``forms``, in document order;
    the scope's assignments are found once and indexed by those spellings."""
    memo = ctx.file.__dict__.setdefault("_pool_alias_index", {})
    index = memo.get(scope.id)
    if index is None:
        index = memo[scope.id] = ([], {})
        rows, by_form = index
        for m in matches(_ALIAS, scope):
            left, right = unparen(m["left"][0]), unparen(m["right"][0])
            if left is None or right is None:
                continue
            rt = right
            # The same object: a slice of it, or it asserted to its type (`m := v.(*T)`).
            while rt is not None and rt.type in ("slice_expression", "type_assertion_expression"):
                rt = unparen(rt.child_by_field_name("operand"))
            if rt is None:
                continue
            i = len(rows)
            rows.append((left, right, rt))
            for form in {_strip(rt), _strip(left)}:
                by_form.setdefault(form, []).append(i)
    rows, by_form = index
    found: set[int] = set()
    for f in forms:
        found.update(by_form.get(f, ()))
    return [rows[i] for i in sorted(found)]


def _names_bound(ctx: "FileContext", node: "Node", bindings: "set[int] | None") -> bool:
    if not bindings:
        return True
    root = unparen(node)
    while root is not None and root.type != "identifier":
        root = unparen(root.child_by_field_name("operand")) if root.type in ("unary_expression", "selector_expression", "index_expression", "slice_expression") else None
    b = ctx.scopes(root).resolve(root) if root is not None else None
    return b is None or id(b) in bindings


def _add_binding(ctx: "FileContext", ident: "Node", bindings: "set[int] | None") -> None:
    if bindings is None:
        return
    b = ctx.scopes(ident).resolve(ident)
    if b is not None:
        bindings.add(id(b))


_ALIAS = compile_query(
    """
    (short_var_declaration left: (expression_list . (_) @left .) right: (expression_list . (_) @right .))
    (assignment_statement left: (expression_list . (_) @left .) right: (expression_list . (_) @right .))
    """
)


# -- the questions ------------------------------------------------------------------
def _function_chain(ctx: "FileContext", node: "Node") -> list["Node"]:
    return [a for a in ancestors_from(ctx.root, node) if a.type in FUNCTION_TYPES]


def is_reset_before(ctx: "FileContext", site: PutSite) -> bool:
    """Whether ``site``'s value is reset on every path to the ``Put`` (or, for a deferred
    ``Put``, before the function exits), or right away in the ``Put`` (``x[:0]``)."""
    if site.sliced_to_zero:
        return True
    chain = _function_chain(ctx, site.call)
    if not chain:
        return True
    func = chain[0]
    keys = {site.key} if not site.address_of else {site.key}
    eff = effects_in(ctx, func, keys)
    reset_ids = {r.id for r in eff.resets}
    flow = ctx.flow(func)
    reset_nodes = [n for n in (flow.node_for(r) for r in eff.resets) if n is not None]
    resets = {n.id for n in reset_nodes if not _is_defer(n)}
    # Deferred resets run at exit in LIFO order: before a deferred Put registered
    # earlier, after any plain Put.
    deferred_resets = {n.id for n in reset_nodes if n.ast is not None and n.ast.type == "defer_statement"}
    put_node = flow.node_for(site.call)
    if put_node is None:
        return True
    deferred = put_node.ast is not None and put_node.ast.type == "defer_statement"
    if resets and not flow.reaches_avoiding(put_node, lambda n: n.id in resets):
        return True
    if deferred and (resets or deferred_resets):
        if not flow.leaking_exits(put_node, stops=lambda n: n.id in resets or n.id in deferred_resets):
            return True
    # A captured value reset by the enclosing function before the literal runs.
    if len(chain) > 1 and (site.binding is None or site.binding.function.id != func.id):
        outer = effects_in(ctx, chain[-1], keys)
        if any(r.id not in reset_ids for r in outer.resets):
            return True
    return False


def _is_defer(n: "FlowNode") -> bool:
    return n.ast is not None and n.ast.type in ("defer_statement", "go_statement")


def every_get_resets(ctx: "FileContext", pool: Pool, field_: str | None = None) -> bool:
    """Whether every ``Get`` of ``pool`` in the package stores the object in a variable
    that the same function resets right after the ``Get``: a reset in the same block
    (not under a condition, not deferred), an emptied view ``x[:0]`` taken before use,
    or a reset before every use that hands anything of the object on (comparing it or
    its fields, asserting its type, does not: :func:`_only_inspects`).
    ``field_``: the same question for one field of the object (``x.Logits``)."""
    if field_ is None and pool._every_get_resets is not None:
        return pool._every_get_resets
    if pool.wrapper is not None and pool.wrapper.get_resizes:
        return True
    from golint_ai.context import FileContext

    result = bool(pool.gets)
    for call, f in pool.gets:
        fctx = ctx if f is ctx.file else FileContext(f, ctx.package, ctx.settings)
        if not _get_resets(fctx, call, field_):
            result = False
            break
    if field_ is None:
        pool._every_get_resets = result
    return result


def _get_resets(ctx: "FileContext", call: "Node", field_: str | None = None) -> bool:
    """Whether the function holding the ``Get`` ``call`` resets what it takes (or its
    field ``field_``) right after it (:func:`every_get_resets`)."""
    target = _get_target(call)
    func = next(iter(_function_chain(ctx, call)), None)
    if target is None or func is None:
        return False
    keys = aliases(ctx, func, target)
    if field_ is not None:
        keys = {f"{k}.{field_}" for k in keys} | {f"(*{k}).{field_}" for k in keys}
    eff = effects_in(ctx, func, keys)
    block = _statement_of(call)
    # A deferred reset runs at function exit, after the object was used (and maybe
    # after a deferred Put registered later): it does not reset before use.
    unconditional = [
        r for r in eff.resets
        if r.start_byte >= call.end_byte and _statement_of(r).parent == block.parent and _statement_of(r).type != "defer_statement"
    ]
    if unconditional or any(r.start_byte >= call.end_byte for r in eff.view_resets):
        return True
    return any(_reset_before_every_use(ctx, func, call, keys, r) for r in eff.resets)


_FIELD_NAMES = compile_query("(selector_expression field: (field_identifier) @field)")
_SIGNATURE_TOKENS = re.compile(rb"\S+")


def shared_facts(ctx: "FileContext", func: "Node") -> tuple:
    """What the pool rules' analysis of other functions reads of the top-level function
    ``func`` apart from what it calls (``Rule.shared_facts``): its signature, each
    ``Get`` and ``Put`` of a pool that is not its own local (the pool, the type asserted
    on what it takes, whether it resets what it takes, and each field it resets), and
    what it returns when it is a pool's ``New`` function named in a declaration."""
    pools = package_pools(ctx)
    body = func.child_by_field_name("body")
    head = ctx.file.data[func.start_byte:body.start_byte if body is not None else func.end_byte]
    out: list = [tuple(_SIGNATURE_TOKENS.findall(head))]
    fields: "list[str] | None" = None
    for m in matches(_POOL_CALLS, func):
        call = m["call"][0]
        pool = pools.pool_of(ctx, m["pool"][0])
        if pool is None or pool.kind == "local":
            continue
        if text(m["method"][0]) == "Put":
            out.append(("Put", pool.kind, pool.name))
            continue
        if fields is None:
            fields = sorted({text(c) for c in captures(_FIELD_NAMES, func).get("field", [])})
        asserted = _asserted_type(call)
        out.append((
            "Get", pool.kind, pool.name, text(asserted) if asserted is not None else None,
            _get_resets(ctx, call), tuple(f for f in fields if _get_resets(ctx, call, f)),
        ))
    name = func.child_by_field_name("name")
    if func.type == "function_declaration" and name is not None:
        for pool in pools.vars.values():
            if pool.new_func is not None and pool.new_func.type == "identifier" and text(pool.new_func) == text(name):
                out.append(("New", pool.name, tuple(st.text for st, _ in _new_func_types(pool, ctx.package, ctx.settings))))
    return tuple(out)


def _reset_before_every_use(ctx: "FileContext", func: "Node", get: "Node", keys: set[str], reset: "Node") -> bool:
    """``buf := pool.Get(); defer pool.Put(buf); for ... { buf.Reset(); use(buf) }``: a
    reset (not deferred) that comes before every use of the object after the ``Get``,
    every later use lying in the block that holds the reset. Uses inside ``defer``
    statements (the ``Put`` itself) run at exit and do not count."""
    stmt = _statement_of(reset)
    if reset.start_byte < get.end_byte or stmt.type in ("defer_statement", "go_statement") or stmt.parent is None:
        return False
    roots = {k.lstrip("(*").split(".")[0].rstrip(")") for k in keys}
    for m in matches(_IDENTIFIERS, func):
        ident = m["id"][0]
        if ident.start_byte <= get.end_byte or text(ident) not in roots:
            continue
        if any(a.type == "defer_statement" for a in ancestors(ident)):
            continue
        if is_within(ident, stmt):
            continue  # the reset itself
        if _only_inspects(ident, roots):
            continue
        if ident.start_byte < stmt.start_byte or not is_within(ident, stmt.parent):
            return False
    return True


_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})


def _only_inspects(ident: "Node", roots: set[str]) -> bool:
    """Whether this mention of a taken object hands nothing of it on: it is compared,
    read through fields or ``len``/``cap`` only (``v != nil``, ``m.rate == rate``: a
    condition deciding whether to reuse it), asserted to its type into one of its own
    names (``m := v.(*Meter)``), or is such a name being assigned."""
    parent = ident.parent
    if parent is not None and parent.type == "type_assertion_expression":
        a = assignment_of(parent)
        if a is not None and a.target is not None and text(a.target) in roots:
            return True
    if parent is not None and parent.type == "expression_list" and parent.parent is not None:
        if parent.parent.type in ("short_var_declaration", "assignment_statement") and parent.parent.child_by_field_name("left") == parent:
            return True  # the name being given the object (`m := v.(*Meter)`), not a use of it
    n = ident
    while n.parent is not None:
        p = n.parent
        if p.type == "call_expression":
            return False  # a method of it called, or it called
        if p.type == "argument_list":
            fn = p.parent.child_by_field_name("function") if p.parent is not None else None
            if fn is None or fn.type != "identifier" or text(fn) not in ("len", "cap"):
                return False  # handed to a function
            n = p.parent  # the len/cap call
            continue
        if p.type == "binary_expression":
            op = p.child_by_field_name("operator")
            if op is not None and op.type in _COMPARISONS:
                return True
        if p.type in FUNCTION_TYPES or p.type.endswith(("_statement", "_declaration")) or p.type in ("block", "statement_list", "expression_list"):
            return False
        n = p
    return False


def _statement_of(node: "Node") -> "Node":
    """The statement holding ``node`` (climbing a few levels from an expression)."""
    n = node
    while n.parent is not None and n.parent.type not in ("statement_list", "block", "source_file") and n.parent.type not in FUNCTION_TYPES:
        n = n.parent
    return n


def _get_target(call: "Node") -> str | None:
    node = call
    while node.parent is not None and node.parent.type in ("parenthesized_expression", "type_assertion_expression"):
        node = node.parent
    a = assignment_of(node)
    target = a.target if a is not None else None
    return text(target).replace(" ", "") if target is not None else None


def in_new_func(ctx: "FileContext", call: "Node", pool: Pool) -> bool:
    """Whether ``call`` is inside the pool's ``New`` function: the literal of
    ``sync.Pool{New: ...}`` or a func literal assigned to ``p.New``."""
    fn = pool.new_func
    in_pool_file = pool.file.source.path == ctx.file.source.path  # offsets compare within one file only
    if fn is not None and fn.type == "func_literal" and in_pool_file and fn.start_byte <= call.start_byte < fn.end_byte:
        return True
    for a in ancestors_from(ctx.root, call):
        if a.type != "func_literal":
            continue
        up = a.parent
        if up is not None and up.type == "literal_element":
            up = up.parent
        if up is not None and up.type == "keyed_element" and text(up.named_children[0]) == "New":
            return True
        if up is not None and up.type == "expression_list" and up.parent is not None and up.parent.type == "assignment_statement":
            left = up.parent.child_by_field_name("left")
            if left is not None and left.named_child_count == 1 and text(left).endswith(".New"):
                return True
    return False


def writes_of(ctx: "FileContext", site: PutSite) -> list["Node"]:
    """Appends, reallocations and element writes (``x[i] = v``, ``copy(x, ...)``) of the
    ``Put`` value or an alias of its slice, in the function holding the ``Put``: a slice
    used only as a scratch buffer for calls (``r.Read(*bufp)``) holds no state to reset."""
    chain = _function_chain(ctx, site.call)
    if not chain:
        return []
    scope = chain[0] if site.binding is None or site.binding.function.id == chain[0].id else chain[-1]
    eff = _site_effects(ctx, scope, site)
    return eff.growth + eff.bounded_growth + eff.element_writes


def _site_effects(ctx: "FileContext", scope: "Node", site: PutSite) -> Effects:
    """Effects on the ``Put`` value's variable and the locals aliasing its slice, leaving
    out same-named variables of other scopes."""
    bindings = {id(site.binding)} if site.binding is not None else None
    keys = aliases(ctx, scope, site.key, bindings)
    return effects_in(ctx, scope, keys, bindings)


_READ_METHODS = frozenset({"Bytes", "Cap", "Len", "String", "Available", "AvailableBuffer"})


def scratch_only(ctx: "FileContext", site: PutSite) -> bool:
    """Whether the ``Put`` value (a buffer taken from the pool in this function) serves
    only as scratch capacity: its memory is taken whole (``b.Bytes()[:b.Cap()]``) and
    the buffer is otherwise only read through read-only methods, never written, passed
    on or stored, so it goes back as it came (its length still zero)."""
    b = site.binding
    if b is None or site.get is None:
        return False
    scratch = False
    for ref in b.refs:
        p = ref.parent
        sl = p.parent.parent if p is not None and p.parent is not None and p.parent.type == "call_expression" else None
        if sl is not None and sl.type == "slice_expression" and text(p.child_by_field_name("field")) == "Bytes":
            end = sl.child_by_field_name("end")
            if end is not None and (b"Cap()" in end.text or text(end).startswith("cap(")):
                scratch = True
    if not scratch:
        return False
    for ref in b.refs:
        if ref.id == b.ident.id or (site.call.start_byte <= ref.start_byte < site.call.end_byte):
            continue
        p = ref.parent
        if p is not None and p.type == "expression_list" and p.parent is not None and p.parent.type in ("assignment_statement", "short_var_declaration") \
                and p.parent.child_by_field_name("left") is not None and p.parent.child_by_field_name("left").id == p.id:
            continue  # assigned from the Get
        if p is None or p.type != "selector_expression" or text(p.child_by_field_name("field")) not in _READ_METHODS:
            return False
        call = p.parent
        if call is None or call.type != "call_expression":
            return False
    return True


def appended_to(ctx: "FileContext", site: PutSite) -> bool:
    """Whether the function holding the ``Put`` appends to the value (or reallocates
    it): its users build it up from empty, so emptying it (``x = x[:0]``) is its reset;
    a slice only written by index is used at its length and is reset by zeroing."""
    chain = _function_chain(ctx, site.call)
    if not chain:
        return False
    scope = chain[0] if site.binding is None or site.binding.function.id == chain[0].id else chain[-1]
    eff = _site_effects(ctx, scope, site)
    return bool(eff.growth or eff.bounded_growth)


def growth_of(ctx: "FileContext", site: PutSite) -> list["Node"]:
    """Calls and assignments that grow the ``Put`` value (or an alias of its slice) in the
    function holding the ``Put`` (the whole top-level function, for captured values)."""
    chain = _function_chain(ctx, site.call)
    if not chain:
        return []
    scope = chain[0] if site.binding is None or site.binding.function.id == chain[0].id else chain[-1]
    return _site_effects(ctx, scope, site).growth


def guarded(ctx: "FileContext", site: PutSite) -> bool:
    """Whether a condition on ``cap``/``len`` (or ``.Cap()``/``.Len()``) of the ``Put``
    value, or of an alias of its slice, dominates the ``Put``."""
    chain = _function_chain(ctx, site.call)
    if not chain:
        return True
    keys = aliases(ctx, chain[-1], site.key)
    forms = set()
    for k in keys:
        forms |= _deref_forms(k.replace(" ", ""))
    node = site.call
    for func in chain:
        flow = ctx.flow(func)
        target = flow.node_for(node)
        if target is not None:
            for cond in _capacity_tests(ctx, func, forms):
                cn = flow.node_for(cond)
                if cn is None or cn.id == target.id:
                    continue
                if flow.dominates(cn, target):
                    return True
        node = func
    return False


_GUARDS = compile_query("(if_statement condition: (_) @cond)")
_CAP_CALLS = compile_query(
    """
    (call_expression function: (identifier) @fn (#match? @fn "^(cap|len)$") arguments: (argument_list . (_) @arg .)) @c
    (call_expression function: (selector_expression operand: (_) @arg field: (field_identifier) @m (#match? @m "^(Cap|Len|Available|Size)$"))) @c
    """
)


def _capacity_tests(ctx: "FileContext", func: "Node", forms: set[str]) -> list["Node"]:
    """The ``if`` conditions of ``func`` testing ``cap``/``len`` (``.Cap()``/``.Len()``)
    of one of ``forms``, in document order. The function's conditions are read once and
    indexed by the spelling of what they measure (one query per ``Put`` site over the
    whole function was quadratic in functions with many sites)."""
    memo = ctx.file.__dict__.setdefault("_pool_capacity_tests", {})
    index = memo.get(func.id)
    if index is None:
        index = memo[func.id] = ([], {})
        conds, by_form = index
        for cond in captures(_GUARDS, func).get("cond", []):
            measured = {_strip(m["arg"][0]) for m in matches(_CAP_CALLS, cond)}
            if measured:
                for form in measured:
                    by_form.setdefault(form, []).append(len(conds))
                conds.append(cond)
    conds, by_form = index
    found: set[int] = set()
    for f in forms:
        found.update(by_form.get(f, ()))
    return [conds[i] for i in sorted(found)]


PUT_QUERY = compile_query(
    """
    (call_expression
      function: (selector_expression operand: (_) @pool field: (field_identifier) @m (#eq? @m "Put"))
      arguments: (argument_list . (_) .)) @call
    """
)


def may_hold_put(data: bytes) -> bool:
    """Byte prefilter shared by the pool rules: a ``.Put(`` call near a pool."""
    return b".Put(" in data and (b"sync" in data or b"ool" in data)


def may_hold_put_in(data: bytes, directory: str) -> bool:
    """:func:`may_hold_put`, or a ``.Put(`` in a package another file of which declares a
    pool (pools are found in the files mentioning ``.Pool``: see :class:`PackagePools`):
    ``scratch.Put(b)`` of a pool declared next door spells neither ``sync`` nor ``ool``."""
    if may_hold_put(data):
        return True
    from golint_ai.golang.world import package_mentions

    return b".Put(" in data and package_mentions(directory, (b".Pool",))


def get_related(site: PutSite) -> "list[tuple[Node, str]]":
    """The related location every pool finding shows: where the value was taken."""
    if site.get is None:
        return []
    return [(site.get, f"`{site.key}` is taken from `{site.pool.name}` here")]


def _inside_wrapper_put(ctx: "FileContext", call: "Node") -> bool:
    """A ``Put`` inside a pool wrapper's own ``Put`` method: it passes on what its
    callers give it, and their calls are the put sites."""
    from golint_ai.golang.resolve import TypeRef

    func = enclosing_function_from(ctx.root, call)
    if func is None or func.type != "method_declaration" or text(func.child_by_field_name("name")) != "Put":
        return False
    recv = func.child_by_field_name("receiver")
    p = next((c for c in recv.named_children if c.type == "parameter_declaration"), None) if recv is not None else None
    name = type_name(p.child_by_field_name("type")) if p is not None else None
    return name is not None and pool_wrapper(TypeRef(ctx.package, name), ctx.settings) is not None


def put_sites(ctx: "FileContext") -> "Iterator[PutSite]":
    """Every ``p.Put(x)`` of a recognised pool in the file, outside the pool's own
    ``New`` function and outside broken code, with the put value's type known."""
    pools = package_pools(ctx)
    for m in ctx.matches(PUT_QUERY, near=(b"Put",)):
        call = m["call"][0]
        if ctx.file.in_broken_code(call):
            continue
        pool = pools.pool_of(ctx, m["pool"][0])
        if pool is None or in_new_func(ctx, call, pool) or _inside_wrapper_put(ctx, call):
            continue
        pools.collect_sites(ctx.settings)
        site = put_site(ctx, call, pool)
        if site is not None and site.type is not None:
            yield site
