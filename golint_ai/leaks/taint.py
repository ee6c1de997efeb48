"""Request taint: HTTP handlers and the values that carry their request.

A *handler* is a function, method or func literal with a parameter of type
``*http.Request`` (``net/http`` resolved through the file's imports, so ``import h
"net/http"`` and a dot import both work). Inside one handler, intra-procedurally:

- tainted: the request parameter, ``r.Context()``, ``r.Body``, ``r.WithContext(...)``,
  ``r.Clone(...)``, the context result (never the cancel function) of
  ``context.WithValue/WithCancel/WithTimeout/...`` applied to a tainted context,
  composite literals and ``&T{...}`` holding a tainted value, ``append`` of one;
  plain assignment propagates;
- ``context.WithoutCancel(tainted)`` yields a *detached* taint: it no longer dies with
  the request, but it still pins the request's values;
- not tainted: anything else computed from the request (``r.URL.Path``, a header,
  ``io.ReadAll(r.Body)``, ``r.Context().Value(k)``), ``context.Background()``.

:class:`HandlerTaint` answers which bindings are tainted and why, and lists the
*escapes*: stores into package-level variables (also map/slice elements, ``append``,
``Store/LoadOrStore/Swap`` on a package-level ``sync.Map``), stores into the
receiver's fields, reads in fire-and-forget goroutines (captured or passed as
arguments), and channel sends the handler does not wait for afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from golint_ai.leaks.goroutines import Goroutine, goroutine_of, is_awaited, is_channel_expr, select_case_of
from golint_ai.golang.imports import qualified_name
from golint_ai.golang.index import type_name
from golint_ai.golang.query import captures, compile_query, matches
from golint_ai.golang.scope import assignment_of
from golint_ai.golang.walk import FUNCTION_TYPES, ancestors, enclosing_function, is_within, text, unparen

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.golang.scope import Binding

REQUEST_PARAMS = compile_query(
    """
    (parameter_declaration type: (pointer_type (qualified_type name: (type_identifier) @name (#eq? @name "Request")))) @param
    (parameter_declaration type: (pointer_type (type_identifier) @name (#eq? @name "Request"))) @param
    """
)
_SINKS = compile_query(
    """
    (assignment_statement) @assign
    (send_statement) @send
    (go_statement) @go
    (call_expression
      function: (selector_expression field: (field_identifier) @method (#match? @method "^(Store|LoadOrStore|Swap)$"))) @mapcall
    (unary_expression operator: "<-") @recv
    (call_expression function: (selector_expression field: (field_identifier) @wait (#eq? @wait "Wait"))) @waitcall
    (range_clause) @range
    """
)
_MAX_DEPTH = 12
# Byte shapes a handler body needs for any escape: `go `, a send, `=` (not `:=`), Store.
_SINK_BYTES = (b"go ", b"<-", b" = ", b"]=", b".Store(", b".LoadOrStore(", b".Swap(")


def is_request_type(ctx: "FileContext", type_node: "Node | None") -> bool:
    """``*http.Request`` with ``net/http`` resolved through the imports."""
    if type_node is None or type_node.type != "pointer_type" or not type_node.named_child_count:
        return False
    inner = type_node.named_children[-1]
    if inner.type == "qualified_type":
        return qualified_name(inner, ctx.imports, lambda n: False) == ("net/http", "Request")
    if inner.type == "type_identifier" and text(inner) == "Request":
        return "net/http" in ctx.imports.dot and "Request" not in ctx.index.types
    return False


def request_params(ctx: "FileContext", func: "Node") -> list["Binding"]:
    """The ``*http.Request`` parameters of a function, method or func literal."""
    params = func.child_by_field_name("parameters")
    if params is None or b"Request" not in params.text:
        return []
    return [b for b in ctx.scopes(func).params(func) if b.kind == "param" and is_request_type(ctx, b.type_node)]


@dataclass(frozen=True)
class Handler:
    func: "Node"
    request: "Binding"


def handlers(ctx: "FileContext") -> list[Handler]:
    """Every handler of the file, outermost first."""
    if "net/http" not in ctx.imports.paths:
        return []
    out: list[Handler] = []
    seen = set()
    for param in captures(REQUEST_PARAMS, ctx.root).get("param", []):
        plist = param.parent
        func = plist.parent if plist is not None else None
        if func is None or func.type not in FUNCTION_TYPES or func.id in seen:
            continue
        if func.child_by_field_name("parameters") is None or func.child_by_field_name("parameters").id != plist.id:
            continue
        if ctx.file.in_broken_code(func):
            continue
        seen.add(func.id)
        if not is_request_type(ctx, param.child_by_field_name("type")):
            continue
        body = func.child_by_field_name("body")
        if body is None or not any(t in body.text for t in _SINK_BYTES):
            continue  # nothing that could store, send or launch
        if _returns_response(ctx, func):
            continue  # client side (RoundTrip, Do): the caller owns the request
        for b in request_params(ctx, func):
            if _is_outbound(ctx, func, b):
                continue  # a request this program sends, not one it serves
            out.append(Handler(func, b))
    out.sort(key=lambda h: h.func.start_byte)
    return out


def _returns_response(ctx: "FileContext", func: "Node") -> bool:
    """Whether the function returns an ``*http.Response``: a RoundTripper or client,
    not a handler."""
    result = func.child_by_field_name("result")
    if result is None or b"Response" not in result.text:
        return False
    types = [result] if result.type != "parameter_list" else [p.child_by_field_name("type") for p in result.named_children]
    for t in types:
        if t is None or t.type != "pointer_type" or not t.named_child_count:
            continue
        inner = t.named_children[-1]
        if inner.type == "qualified_type" and qualified_name(inner, ctx.imports, lambda n: False) == ("net/http", "Response"):
            return True
        if inner.type == "type_identifier" and text(inner) == "Response" and (ctx.package.name == "http" or "net/http" in ctx.imports.dot):
            return True
    return False


_CLIENT_SENDS = frozenset({"Do", "RoundTrip"})
_REQUEST_BUILDERS = frozenset({("net/http", "NewRequest"), ("net/http", "NewRequestWithContext")})
_CALLS_BY_NAME = compile_query("(call_expression function: [(identifier) (selector_expression)] @fn) @call")


def _is_outbound(ctx: "FileContext", func: "Node", request: "Binding") -> bool:
    """Whether the ``*http.Request`` parameter is an outbound request: the function hands
    it to ``Client.Do`` / ``RoundTrip``, or a caller in the package passes it a request
    built with ``http.NewRequest*``."""
    for ref in request.refs:
        args = ref.parent
        call = args.parent if args is not None and args.type == "argument_list" else None
        fn = unparen(call.child_by_field_name("function")) if call is not None and call.type == "call_expression" else None
        if fn is not None and fn.type == "selector_expression" and text(fn.child_by_field_name("field")) in _CLIENT_SENDS:
            return True
    if func.type == "func_literal":
        return False
    name = text(func.child_by_field_name("name"))
    params = [b for b in ctx.scopes(func).params(func) if b.kind == "param"]
    index = next((i for i, b in enumerate(params) if b is request), None)
    if not name or index is None:
        return False
    return any(
        _builds_request(ctx, f, call, index)
        for f, call in _calls_named(ctx, name, method=func.type == "method_declaration")
    )


def _calls_named(ctx: "FileContext", name: str, method: bool):
    """``(file, call)`` for every call of ``name`` in the package (``name(...)``, or
    ``x.name(...)`` for methods)."""
    needle = name.encode() + b"("
    for f in ctx.package.files:
        if needle not in f.data:
            continue
        for call in captures(_CALLS_BY_NAME, f.root).get("call", []):
            fn = unparen(call.child_by_field_name("function"))
            if fn is None:
                continue
            if (fn.type == "identifier" and not method and text(fn) == name) or (
                fn.type == "selector_expression" and method and text(fn.child_by_field_name("field")) == name
            ):
                yield f, call


def _builds_request(ctx: "FileContext", file, call: "Node", index: int) -> bool:
    """Whether argument ``index`` of ``call`` (in ``file``) is a request built with
    ``http.NewRequest*``, directly or through a local assigned from one."""
    from golint_ai.context import FileContext

    fctx = ctx if file is ctx.file else FileContext(file, ctx.package, ctx.settings)
    args = call.child_by_field_name("arguments")
    arg_nodes = [a for a in args.named_children if a.type != "comment"] if args is not None else []
    if index >= len(arg_nodes):
        return False
    arg = unparen(arg_nodes[index])
    if arg is not None and arg.type == "identifier":
        b = fctx.scopes(arg).resolve(arg)
        values = [v for v, _ in _assigned_values(b)] if b is not None else []
    else:
        values = [arg]
    for v in values:
        v = unparen(v)
        if v is not None and v.type == "call_expression" and fctx.qualified_callee(v) in _REQUEST_BUILDERS:
            return True
    return False


def _handler_shaped(func: "Node") -> bool:
    """``ServeHTTP``, or a function whose parameters include an ``http.ResponseWriter``."""
    name = func.child_by_field_name("name")
    if name is not None and text(name) == "ServeHTTP":
        return True
    params = func.child_by_field_name("parameters")
    for p in params.named_children if params is not None else []:
        tnode = p.child_by_field_name("type")
        if tnode is not None and text(tnode).split(".")[-1] == "ResponseWriter":
            return True
    return False


def _watch_only(ref: "Node") -> bool:
    """A read that only watches for the request's end: ``ctx.Done()``, ``ctx.Err()``,
    ``r.Context().Done()``. A goroutine doing only that ends with the request."""
    n = ref
    p = n.parent
    if p is not None and p.type == "selector_expression" and text(p.child_by_field_name("field")) == "Context":
        call = p.parent
        if call is None or call.type != "call_expression":
            return False
        n, p = call, call.parent
    if p is None or p.type != "selector_expression" or text(p.child_by_field_name("field")) not in ("Done", "Err"):
        return False
    return p.parent is not None and p.parent.type == "call_expression"


@dataclass(frozen=True)
class Taint:
    kind: str  # request | context | body | value
    source: str  # the tainted source as written: `r`, `r.Context()`, `r.Body`
    detached: bool = False


@dataclass(frozen=True)
class Escape:
    case: int  # 1 global, 2 receiver field, 3 goroutine, 4 channel send
    node: "Node"  # primary location
    what: str  # the escaping expression as written
    taint: Taint
    target: str  # the global, field, channel, or goroutine line
    goroutine: "Goroutine | None" = None


@dataclass
class HandlerTaint:
    ctx: "FileContext"
    handler: Handler
    tainted: dict[int, tuple["Binding", Taint]] = field(default_factory=dict)

    _propagated: bool = False

    def _ensure(self) -> None:
        if not self._propagated:
            self._propagated = True
            self._propagate()

    # -- taint ------------------------------------------------------------------------
    def taint_of_binding(self, b: "Binding | None") -> Taint | None:
        if b is None:
            return None
        self._ensure()
        hit = self.tainted.get(id(b))
        return hit[1] if hit is not None else None

    def taint_of(self, expr: "Node | None", depth: int = 0) -> Taint | None:
        e = unparen(expr)
        if e is None or depth > _MAX_DEPTH:
            return None
        t = e.type
        ctx = self.ctx
        if t == "identifier":
            return self.taint_of_binding(ctx.scopes(e).resolve(e))
        if t == "selector_expression":
            inner = self.taint_of(e.child_by_field_name("operand"), depth + 1)
            if inner is not None and inner.kind == "request" and text(e.child_by_field_name("field")) == "Body":
                return Taint("body", f"{inner.source}.Body", inner.detached)
            return None
        if t == "unary_expression":
            op = e.child_by_field_name("operator")
            if op is not None and text(op) == "&":
                operand = unparen(e.child_by_field_name("operand"))
                if operand is not None and operand.type == "composite_literal":
                    return self.taint_of(operand, depth + 1)
            return None
        if t == "composite_literal":
            return self._composite(e, depth)
        if t == "call_expression":
            return self._call(e, depth)
        return None

    def _composite(self, lit: "Node", depth: int) -> Taint | None:
        body = lit.child_by_field_name("body")
        found: list[Taint] = []
        stack = [body] if body is not None else []
        while stack:
            n = stack.pop()
            for el in n.named_children:
                if el.type == "keyed_element":
                    kids = [c for c in el.named_children if c.type != "comment"]
                    el = kids[-1] if kids else None
                if el is None:
                    continue
                if el.type == "literal_element":
                    el = el.named_children[0] if el.named_child_count else None
                if el is None:
                    continue
                if el.type == "literal_value":
                    stack.append(el)
                    continue
                tt = self.taint_of(el, depth + 1)
                if tt is not None:
                    found.append(tt)
        if not found:
            return None
        first = next((f for f in found if not f.detached), found[0])
        return Taint("value", first.source, all(f.detached for f in found))

    def _call(self, call: "Node", depth: int) -> Taint | None:
        ctx = self.ctx
        fn = unparen(call.child_by_field_name("function"))
        args_node = call.child_by_field_name("arguments")
        args = [a for a in args_node.named_children if a.type != "comment"] if args_node is not None else []
        if fn is None:
            return None
        if fn.type == "identifier" and text(fn) == "append" and not ctx.is_local(fn):
            found = [x for x in (self.taint_of(a, depth + 1) for a in args[1:]) if x is not None]
            if found:
                return Taint("value", found[0].source, all(f.detached for f in found))
            return None
        if fn.type != "selector_expression":
            return None
        q = ctx.qualified_callee(call)
        if q is not None:
            full = f"{q[0]}.{q[1]}"
            if not args:
                return None
            if full in ctx.knowledge.context_derive:
                inner = self.taint_of(args[0], depth + 1)
                return Taint("context", inner.source, inner.detached) if inner is not None and inner.kind == "context" else None
            if full in ctx.knowledge.context_detach:
                inner = self.taint_of(args[0], depth + 1)
                return Taint("context", inner.source, True) if inner is not None and inner.kind == "context" else None
            return None
        method = text(fn.child_by_field_name("field"))
        if method not in ("Context", "WithContext", "Clone"):
            return None
        inner = self.taint_of(fn.child_by_field_name("operand"), depth + 1)
        if inner is None or inner.kind != "request":
            return None
        if method == "Context":
            return Taint("context", f"{inner.source}.Context()", inner.detached) if not args else None
        return Taint("request", inner.source, inner.detached)

    def _propagate(self) -> None:
        h = self.handler
        req = h.request
        self.tainted[id(req)] = (req, Taint("request", req.name))
        scopes = self.ctx.scopes(h.func)
        candidates = [b for b in scopes.bindings if is_within(b.ident, h.func) and b is not req]
        sources = {id(b): _assigned_values(b) for b in candidates}
        for _ in range(8):
            changed = False
            for b in candidates:
                if id(b) in self.tainted:
                    continue
                for expr, idx in sources[id(b)]:
                    tt = self._value_taint(expr, idx)
                    if tt is not None:
                        self.tainted[id(b)] = (b, tt)
                        changed = True
                        break
            if not changed:
                break

    def _value_taint(self, expr: "Node", idx: int | None) -> Taint | None:
        """Taint of result ``idx`` of ``expr`` (None: the whole single value)."""
        if idx is None:
            return self.taint_of(expr)
        call = unparen(expr)
        if call is None or call.type != "call_expression" or idx != 0:
            return None
        q = self.ctx.qualified_callee(call)
        if q is None or f"{q[0]}.{q[1]}" not in self.ctx.knowledge.context_derive:
            return None
        return self.taint_of(call)

    # -- escapes ------------------------------------------------------------------------
    def escapes(self) -> list[Escape]:
        h = self.handler
        caps = captures(_SINKS, h.func)
        out: list[Escape] = []
        for assign in caps.get("assign", []):
            if not self._in_handler(assign):
                continue
            out.extend(self._store_escapes(assign))
        for call in caps.get("mapcall", []):
            if not self._in_handler(call):
                continue
            esc = self._sync_map_escape(call)
            if esc is not None:
                out.append(esc)
        reported = [e.node for e in out]
        for go in caps.get("go", []):
            if not self._in_handler(go):
                continue
            esc = self._goroutine_escape(go)
            if esc is not None and not any(is_within(esc.node, r) for r in reported):
                out.append(esc)
        waits = caps.get("recv", []) + caps.get("waitcall", [])
        waits += [r for r in caps.get("range", []) if is_channel_expr(self.ctx, r.child_by_field_name("right"))]
        in_test = self.ctx.file.source.display.endswith("_test.go")
        for send in caps.get("send", []):
            if in_test:
                break  # a test server's handler hands the request to the test on purpose
            if enclosing_function(send).id != h.func.id:
                continue
            esc = self._send_escape(send, waits)
            if esc is not None:
                out.append(esc)
        out.sort(key=lambda e: e.node.start_byte)
        return out

    def _in_handler(self, node: "Node") -> bool:
        """``node`` belongs to this handler, not to a nested handler."""
        for a in ancestors(node):
            if a.id == self.handler.func.id:
                return True
            if a.type == "func_literal" and request_params(self.ctx, a):
                return False
        return False

    def _receivers(self) -> list["Binding"]:
        """The receiver of the handler method, or of the method enclosing a handler literal,
        when the handler is shaped like one (``ServeHTTP``, or taking an
        ``http.ResponseWriter`` too): a per-request helper such as ``(*Form).Bind(r)`` is
        built for one request, and its receiver does not outlive it."""
        if not _handler_shaped(self.handler.func):
            return []
        out = []
        for f in [self.handler.func, *ancestors(self.handler.func)]:
            if f.type == "method_declaration":
                out.extend(
                    b for b in self.ctx.scopes(f).params(f)
                    if b.kind == "receiver" and not _made_per_request(self.ctx, type_name(b.type_node) or "")
                )
        return out

    def _store_escapes(self, assign: "Node") -> list[Escape]:
        left = assign.child_by_field_name("left")
        right = assign.child_by_field_name("right")
        if left is None or right is None:
            return []
        lhs = left.named_children if left.type == "expression_list" else [left]
        rhs = right.named_children if right.type == "expression_list" else [right]
        pairs: list[tuple[Node, Taint | None]] = []
        op = next((c for c in assign.children if not c.is_named), None)
        if op is None or text(op) != "=":
            return []
        targets = [self._store_target(lv, check_index=False) is not None for lv in lhs]
        if not any(targets):
            return []
        if len(lhs) == len(rhs):
            pairs = [(lv, self.taint_of(rv) if t else None) for lv, rv, t in zip(lhs, rhs, targets)]
        elif len(rhs) == 1:
            pairs = [(lv, self._value_taint(rhs[0], i) if t else None) for i, (lv, t) in enumerate(zip(lhs, targets))]
        out = []
        for lv, tt in pairs:
            if tt is None:
                continue
            where = self._store_target(lv)
            if where is not None:
                out.append(Escape(where[0], assign, text(rhs[0]) if len(rhs) == 1 else text(lv), tt, where[1]))
                break
        return out

    def _store_target(self, lv: "Node", check_index: bool = True) -> tuple[int, str] | None:
        """(1, name) for a package-level variable or an element of one; (2, path) for a
        field of the receiver (or a map/slice element held in one)."""
        ctx = self.ctx
        chain = []
        n = unparen(lv)
        while n is not None and n.type in ("selector_expression", "index_expression"):
            chain.append(n.type)
            n = unparen(n.child_by_field_name("operand"))
        if n is None or n.type != "identifier":
            return None
        b = ctx.scopes(n).resolve(n)
        if b is None:
            if text(n) != "_" and (not check_index or text(n) in ctx.index.vars):
                return 1, text(lv)
            return None
        if not chain or b.kind != "receiver" or not any(b is r for r in self._receivers()):
            return None
        pointer = b.type_node is not None and b.type_node.type == "pointer_type"
        if not pointer and "index_expression" not in chain:
            return None  # a field of a value receiver's copy
        return 2, text(lv)

    def _sync_map_escape(self, call: "Node") -> Escape | None:
        ctx = self.ctx
        fn = call.child_by_field_name("function")
        operand = unparen(fn.child_by_field_name("operand"))
        args_node = call.child_by_field_name("arguments")
        args = [a for a in args_node.named_children if a.type != "comment"] if args_node is not None else []
        tt = next((x for x in (self.taint_of(a) for a in args) if x is not None), None)
        if tt is None or operand is None:
            return None
        case = None
        if operand.type == "identifier" and not ctx.is_local(operand):
            pv = ctx.index.vars.get(text(operand))
            if pv is not None and _is_sync_map(ctx, pv.type_node, pv.value):
                case = 1
        elif operand.type == "selector_expression":
            root = unparen(operand.child_by_field_name("operand"))
            if root is not None and root.type == "identifier":
                b = ctx.scopes(root).resolve(root)
                if b is not None and b.kind == "receiver" and any(b is r for r in self._receivers()):
                    fields = ctx.index.structs.get(type_name(b.type_node) or "", {})
                    if _is_sync_map(ctx, fields.get(text(operand.child_by_field_name("field"))), None):
                        case = 2
        if case is None:
            return None
        return Escape(case, call, text(next(a for a in args if self.taint_of(a) is not None)), tt, text(operand))

    def _detaches(self, ref: "Node") -> bool:
        """A read that only detaches the context: ``context.WithoutCancel(ctx)``."""
        args = ref.parent
        call = args.parent if args is not None and args.type == "argument_list" else None
        if call is None or call.type != "call_expression" or args.named_child_count != 1:
            return False
        q = self.ctx.qualified_callee(call)
        return q is not None and f"{q[0]}.{q[1]}" in self.ctx.knowledge.context_detach

    def _goroutine_escape(self, go: "Node") -> Escape | None:
        ctx = self.ctx
        g = goroutine_of(go)
        if g is None:
            return None
        if g.literal is not None:
            scopes = ctx.scopes(g.literal)
            reads = []
            for b, refs in scopes.captured_by(g.literal).items():
                tt = self.taint_of_binding(b)
                uses = [r for r in refs if not _watch_only(r) and not self._detaches(r)]
                if tt is not None and not tt.detached and uses:
                    reads.append((uses[0], b.name, tt))
            params = scopes.params(g.literal)
            if len(params) == len(g.args):
                for p, arg in zip(params, g.args):
                    tt = self.taint_of(arg)
                    if tt is not None and not tt.detached:
                        refs = [r for r in scopes.references_in(g.literal.child_by_field_name("body"), p) if not _watch_only(r) and not self._detaches(r)]
                        if refs:
                            reads.append((refs[0], p.name, tt))
            if not reads or is_awaited(ctx, g):
                return None
            node, name, tt = min(reads, key=lambda x: x[0].start_byte)
            return Escape(3, node, name, tt, f"line {go.start_point[0] + 1}", g)
        tainted_args = [(a, self.taint_of(a)) for a in g.args]
        fn = unparen(g.call.child_by_field_name("function"))
        if fn is not None and fn.type == "selector_expression":
            tainted_args.append((fn.child_by_field_name("operand"), self.taint_of(fn.child_by_field_name("operand"))))
        hits = [(a, tt) for a, tt in tainted_args if tt is not None and not tt.detached]
        if not hits or is_awaited(ctx, g):
            return None
        a, tt = hits[0]
        return Escape(3, g.call, text(a), tt, f"line {go.start_point[0] + 1}", g)

    def _send_escape(self, send: "Node", waits: list["Node"]) -> Escape | None:
        tt = self.taint_of(send.child_by_field_name("value"))
        if tt is None or tt.detached:
            return None
        case = select_case_of(send)
        end = (case.parent if case is not None else send).end_byte
        for w in waits:
            if w.start_byte >= end or _same_loop(w, send, self.handler.func):
                if case is not None and is_within(w, case.parent) and w.start_byte < end:
                    continue
                return None
        return Escape(4, send, text(send.child_by_field_name("value")), tt, text(send.child_by_field_name("channel")))


_CONSTRUCTIONS = compile_query(
    """
    (composite_literal type: (type_identifier) @type) @make
    (call_expression function: (identifier) @fn (#eq? @fn "new") arguments: (argument_list (type_identifier) @type)) @make
    """
)


def _made_per_request(ctx: "FileContext", type_name_: str) -> bool:
    """Whether the package's type is a per-request helper: a handler makes a fresh value
    of it and hands it the request through a method (``c := &capture{};
    c.renew(w, r)``). Such a value lives as long as the request, so storing the request
    in its fields is no escape."""
    if not type_name_:
        return False
    cache = ctx.package.__dict__.setdefault("_per_request_types", {})
    if type_name_ in cache:
        return cache[type_name_]
    from golint_ai.context import FileContext as _FileContext

    found = False
    needle = type_name_.encode()
    for f in ctx.package.files:
        if found:
            break
        if needle not in f.data or b"Request" not in f.data:
            continue
        fctx = ctx if f is ctx.file else _FileContext(f, ctx.package, ctx.settings)
        for m in matches(_CONSTRUCTIONS, f.root):
            if text(m["type"][0]) != type_name_:
                continue
            handler = next((a for a in ancestors(m["make"][0]) if a.type in FUNCTION_TYPES), None)
            requests = request_params(fctx, handler) if handler is not None else []
            if requests and _handed_request(fctx, m["make"][0], requests):
                found = True
                break
    cache[type_name_] = found
    return found


def _handed_request(ctx: "FileContext", made: "Node", requests: list["Binding"]) -> bool:
    """Whether a freshly made value gets one of the request parameters through a method
    call on it: directly (``(&T{}).m(r)``) or through the local holding it."""
    value = made
    while value.parent is not None and value.parent.type in ("parenthesized_expression", "unary_expression"):
        value = value.parent
    operands = [value]
    a = assignment_of(value)
    target = unparen(a.target) if a is not None else None
    b = ctx.scopes(target).resolve(target) if target is not None and target.type == "identifier" else None
    if b is not None:
        operands.extend(r for r in b.refs if r.id != b.ident.id)
    for op in operands:
        sel = op.parent
        if sel is None or sel.type != "selector_expression" or sel.child_by_field_name("operand") is None:
            continue
        call = sel.parent
        if call is None or call.type != "call_expression":
            continue
        args = call.child_by_field_name("arguments")
        for arg in args.named_children if args is not None else []:
            arg = unparen(arg)
            if arg is not None and arg.type == "identifier" and any(ctx.scopes(arg).resolve(arg) is r for r in requests):
                return True
    return False


def _same_loop(a: "Node", b: "Node", func: "Node") -> bool:
    for anc in ancestors(b):
        if anc.id == func.id:
            return False
        if anc.type == "for_statement" and is_within(a, anc):
            return True
    return False


def _is_sync_map(ctx: "FileContext", type_node: "Node | None", value: "Node | None") -> bool:
    t = type_node
    if t is not None and t.type == "pointer_type" and t.named_child_count:
        t = t.named_children[-1]
    if t is not None and t.type == "qualified_type":
        return qualified_name(t, ctx.imports, lambda n: False) == ("sync", "Map")
    v = unparen(value)
    if v is not None and v.type == "unary_expression":
        v = unparen(v.child_by_field_name("operand"))
    if v is not None and v.type == "composite_literal":
        return _is_sync_map(ctx, v.child_by_field_name("type"), None)
    return False


def _assigned_values(b: "Binding") -> list[tuple["Node", int | None]]:
    """The expressions assigned to a binding: its initialiser and every later ``=``;
    ``(call, index)`` for one result of a multi-value call."""
    out: list[tuple[Node, int | None]] = []
    decl_sites = [b.ident] + [r for r in b.refs]
    for ident in decl_sites:
        p = ident.parent
        side = ident
        if p is not None and p.type == "expression_list":
            side, p = p, p.parent
        if p is None:
            continue
        if p.type in ("short_var_declaration", "assignment_statement"):
            left = p.child_by_field_name("left")
            right = p.child_by_field_name("right")
            if left is None or right is None or left.id != side.id:
                continue
            op = next((c for c in p.children if not c.is_named), None)
            if p.type == "assignment_statement" and (op is None or text(op) != "="):
                continue
            names = left.named_children if left.type == "expression_list" else [left]
            values = right.named_children if right.type == "expression_list" else [right]
            idx = next((i for i, n in enumerate(names) if n.id == ident.id), None)
            if idx is None:
                continue
            if len(values) == len(names):
                out.append((values[idx], None))
            elif len(values) == 1:
                out.append((values[0], idx))
        elif p.type == "var_spec" and ident.id == b.ident.id:
            value = p.child_by_field_name("value")
            names = p.children_by_field_name("name")
            values = value.named_children if value is not None else []
            idx = next((i for i, n in enumerate(names) if n.id == ident.id), None)
            if idx is None:
                continue
            if len(values) == len(names):
                out.append((values[idx], None))
            elif len(values) == 1:
                out.append((values[0], idx))
    return out
