"""Request taint: the values that carry a handler's request, in every framework.

Handlers come from :mod:`golint_ai.leaks.handlers` (``rules/frameworks.toml``). Inside
one handler:

- tainted: the handler parameter, and what one step of the framework's table gives from
  a tainted value (``r.Context()``, ``r.Body``, ``c.Request``, ``c.Request().Context()``,
  ``c.Params("id")``, ``stream.Context()``), the context result (never the cancel
  function) of ``context.WithValue/WithCancel/WithTimeout/...`` or of a module function
  whose summary *derives a context* from a tainted context, composite literals and
  ``&T{...}`` holding a tainted value, ``append`` of one; plain assignment propagates;
- ``context.WithoutCancel(tainted)`` and a framework's detached copy (gin's and hertz's
  ``c.Copy()``) yield a *detached* taint: it no longer dies with the request, but it
  still pins the request's values;
- not tainted: anything else computed from the request (``r.URL.Path``, a header,
  ``io.ReadAll(r.Body)``, ``string(c.Body())``, ``append([]byte(nil), b...)``,
  ``r.Context().Value(k)``), ``context.Background()``.

:class:`HandlerTaint` answers which bindings are tainted and why, and lists the
*escapes*: stores into package-level variables (also map/slice elements, ``append``,
``Store/LoadOrStore/Swap`` on a package-level ``sync.Map``), stores into the
receiver's fields, reads in fire-and-forget goroutines (captured or passed as
arguments), channel sends the handler does not wait for afterwards, and calls handing a
tainted value to a function whose *escapes* summary says it keeps it (reported at the
call, with the callee's store as the related location).
"""

from __future__ import annotations

import re

from typing import TYPE_CHECKING

from msgspec import Struct, field

from golint_ai.golang.imports import call_arguments, qualified_name
from golint_ai.golang.index import find_type, find_var, struct_fields, type_name
from golint_ai.golang.query import captures, compile_query
from golint_ai.golang.scope import assigned_values
from golint_ai.golang.walk import ancestors, enclosing_function, is_within, text, unparen
from golint_ai.leaks.goroutines import (
    Goroutine,
    goroutine_of,
    is_awaited,
    is_channel_expr,
    joins_field_waitgroup,
    select_case_of,
)
from golint_ai.leaks.handlers import Handler, handler_shaped, made_per_request, request_params
from golint_ai.leaks.handlers import handlers as _handlers

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.golang.scope import Binding
    from golint_ai.leaks.summaries import EscapeSite

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
    (call_expression arguments: (argument_list (_))) @call
    """
)
_MAX_DEPTH = 12
# Byte shapes a handler body needs for any escape: `go `, a send, `=` (not `:=`), Store.
_SINK_BYTES = (b"go ", b"<-", b" = ", b"]=", b".Store(", b".LoadOrStore(", b".Swap(")


def handlers(ctx: "FileContext") -> list[Handler]:
    """Every handler of the file that could let its request escape, outermost first
    (outbound requests are ruled out per finding, by :func:`is_outbound`)."""
    return _handlers(ctx, _SINK_BYTES)


def _watch_only(ref: "Node") -> bool:
    """A read that only watches for the request's end: ``ctx.Done()``, ``ctx.Err()``,
    ``r.Context().Done()``, ``c.Request.Context().Err()``, ``stream.Context().Done()``.
    A goroutine doing only that ends with the request."""
    n = ref
    for _ in range(4):
        p = n.parent
        if p is None or p.type != "selector_expression" or p.child_by_field_name("operand") is None or p.child_by_field_name("operand").id != n.id:
            return False
        name = text(p.child_by_field_name("field"))
        call = p.parent if p.parent is not None and p.parent.type == "call_expression" else None
        if name in ("Done", "Err"):
            return call is not None
        if name not in ("Context", "Request", "UserContext"):
            return False
        n = call if call is not None else p
    return False


class Taint(Struct, frozen=True, dict=True):
    """How a value carries a handler's request: its kind, the source it comes from, whether it is detached."""

    kind: str  # request | context | body | value
    source: str  # the tainted source as written: `r`, `r.Context()`, `r.Body`
    detached: bool = False
    framework: str | None = None  # whose steps apply to it next (a request-kind value)
    reused: bool = False  # request memory the framework reuses after the handler returns


class Escape(Struct, frozen=True, dict=True):
    """A tainted value escaping its handler: into a global or receiver field, a goroutine, or a channel."""

    case: int  # 1 global, 2 receiver field, 3 goroutine, 4 channel send
    node: "Node"  # primary location
    what: str  # the escaping expression as written
    taint: Taint
    target: str  # the global, field, channel, or goroutine line
    goroutine: "Goroutine | None" = None
    via: "EscapeSite | None" = None  # the store in a callee, for an escape through a call
    callee: str = ""  # the call handing the value over, as written


class HandlerTaint(Struct, dict=True):
    """The request taint of one handler: which bindings are tainted and why, and where tainted values escape."""

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
            return self._step(inner, text(e.child_by_field_name("field")), False) if inner is not None else None
        if t == "unary_expression":
            op = e.child_by_field_name("operator")
            if op is not None and text(op) == "&":
                operand = unparen(e.child_by_field_name("operand"))
                if operand is not None and operand.type in ("composite_literal", "selector_expression"):
                    return self.taint_of(operand, depth + 1)  # `&T{r}`, `&ctx.Request`
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

    def _step(self, inner: Taint, name: str, call: bool) -> Taint | None:
        """One selector step from a tainted value, by the framework table."""
        if inner.framework is None:
            return None
        k = self.ctx.knowledge
        fw = k.framework(inner.framework)
        if fw is None:
            return None
        source = f"{inner.source}.{name}{'()' if call else ''}"
        if fw.detaches(name, call):
            return Taint(inner.kind, source, True, inner.framework, inner.reused)
        v = fw.value(name, call)
        if v is None:
            return None
        if v.as_ is not None:
            target = k.framework(v.as_)
            same = v.as_ == inner.framework
            reused = target is not None and target.reuses_memory
            return Taint("request", inner.source if same else source, inner.detached, v.as_, reused)
        return Taint(v.kind, source, inner.detached, None, fw.reuses_memory and v.kind == "value")

    def contextual(self, t: Taint | None) -> bool:
        """Whether a tainted value is usable as a context.Context (a context, or a
        framework's handler value that is one: gin's ``c``)."""
        if t is None:
            return False
        if t.kind == "context":
            return True
        fw = self.ctx.knowledge.framework(t.framework) if t.kind == "request" and t.framework else None
        return fw is not None and fw.is_context

    def _call(self, call: "Node", depth: int) -> Taint | None:
        ctx = self.ctx
        fn = unparen(call.child_by_field_name("function"))
        args = call_arguments(call)
        if fn is None:
            return None
        if fn.type == "identifier" and text(fn) == "append" and not ctx.is_local(fn):
            found = []
            for a in args[1:]:
                spread = a.type == "variadic_argument"
                tt = self.taint_of(a.named_children[0] if spread and a.named_child_count else a, depth + 1)
                if tt is not None and not (spread and tt.kind in ("value", "body")):
                    found.append(tt)  # `append(dst, b...)` copies request bytes out
            if found:
                return Taint("value", found[0].source, all(f.detached for f in found), None, found[0].reused)
            return None
        q = ctx.qualified_callee(call) if fn.type == "selector_expression" else None
        if q is not None:
            full = f"{q[0]}.{q[1]}"
            if not args:
                return None
            if full in ctx.knowledge.context_derive or full in ctx.knowledge.context_detach:
                inner = self.taint_of(args[0], depth + 1)
                if not self.contextual(inner):
                    return None
                return Taint("context", inner.source, inner.detached or full in ctx.knowledge.context_detach)
        elif fn.type == "selector_expression":
            inner = self.taint_of(fn.child_by_field_name("operand"), depth + 1)
            if inner is not None:
                return self._step(inner, text(fn.child_by_field_name("field")), True)
        return self._derived_through_summary(call, args, depth)

    def _derived_through_summary(self, call: "Node", args: list["Node"], depth: int) -> Taint | None:
        """The context a module function derives from a tainted context argument."""
        tainted = [(a, self.taint_of(a, depth + 1)) for a in args]
        tainted = [(a, t) for a, t in tainted if self.contextual(t)]
        if not tainted:
            return None
        from golint_ai.leaks.summaries import argument_index, call_summary

        found = call_summary(self.ctx, call)
        derived = found[0].derives_context if found is not None else None
        if derived is None:
            return None
        index, detached = derived
        for a, t in tainted:
            if argument_index(call, found[1], a) == index:
                return Taint("context", t.source, t.detached or detached)
        return None

    def _propagate(self) -> None:
        h = self.handler
        req = h.request
        fw = h.framework
        seed = Taint("request", req.name, False, fw.id, fw.reuses_memory) if h.kind == "request" else Taint("context", req.name)
        self.tainted[id(req)] = (req, seed)
        scopes = self.ctx.scopes(h.func)
        candidates = [b for b in scopes.bindings if is_within(b.ident, h.func) and b is not req]
        sources = {id(b): assigned_values(b) for b in candidates}
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
        found = self.taint_of(call)  # `ctx, cancel := context.WithTimeout(r.Context(), d)`
        return found if found is not None and found.kind == "context" else None

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
        reported = [e.node for e in out]
        for call in caps.get("call", []):
            if not self._in_handler(call) or any(is_within(call, r) for r in reported):
                continue
            esc = self._call_escape(call, waits, in_test)
            if esc is not None:
                out.append(esc)
        out.sort(key=lambda e: e.node.start_byte)
        return out

    def _call_escape(self, call: "Node", waits: list["Node"], in_test: bool) -> Escape | None:
        """A tainted argument handed to a module function whose *escapes* summary keeps
        it: in a package-level variable, a field of the callee's receiver when that
        receiver is the handler's long-lived receiver or a package-level value, a channel
        (unless the handler waits afterwards), or a goroutine nothing waits for."""
        parent = call.parent
        if parent is not None and parent.type in ("go_statement", "defer_statement"):
            return None  # the goroutine itself is case 3; a deferred call runs before the end
        args = call_arguments(call)
        tainted = [(a, t) for a, t in ((a, self.taint_of(a)) for a in args) if t is not None]
        if not tainted:
            return None
        fn = unparen(call.child_by_field_name("function"))
        q = self.ctx.qualified_callee(call)
        if q is not None and f"{q[0]}.{q[1]}" in self.ctx.knowledge.context_derive | self.ctx.knowledge.context_detach:
            return None
        from golint_ai.leaks.summaries import argument_index, call_summary

        found = call_summary(self.ctx, call)
        if found is None:
            return None
        summary, callee = found
        for a, tt in tainted:
            i = argument_index(call, callee, a)
            site = summary.escape_site(i) if i is not None else None
            if site is None:
                continue
            inner = _handler_parameter(self.ctx, callee, i)
            if inner is not None and (site.kind != "field" or handler_shaped(inner)):
                continue  # a handler parameter of the callee: reported inside the callee
            if site.kind in ("send", "go") and (tt.detached or enclosing_function(call).id != self.handler.func.id):
                continue  # detached, or inside a goroutine of the handler: not the handler's own hand-over
            if site.kind == "go" and self.contextual(tt):
                continue  # a context handed to work that watches it: cancellation plumbing
            if site.kind in ("global", "field") and _undone_by_result(self.ctx, call):
                continue  # `remove := h.register(conn); defer remove()`
            if site.kind == "send" and (in_test or any(w.start_byte >= call.end_byte or _same_loop(w, call, self.handler.func) for w in waits)):
                continue
            case = {"global": 1, "field": 2, "go": 3, "send": 4}[site.kind]
            if site.kind == "field":
                operand = unparen(fn.child_by_field_name("operand")) if fn is not None and fn.type == "selector_expression" else None
                case = self._long_lived(operand)
                if case is None:
                    continue
            return Escape(case, call, text(a), tt, site.target, None, site, text(fn) if fn is not None else "the call")
        return None

    def _long_lived(self, operand: "Node | None") -> int | None:
        """1 when a method's receiver expression is a package-level value, 2 when it is
        (a field of) the handler's long-lived receiver; None otherwise."""
        root = operand
        while root is not None and root.type in ("selector_expression", "index_expression", "parenthesized_expression"):
            root = unparen(root.child_by_field_name("operand")) if root.type != "parenthesized_expression" else unparen(root)
        if root is None or root.type != "identifier":
            return None
        b = self.ctx.scopes(root).resolve(root)
        if b is None:
            if find_var(self.ctx.package, text(root)) is not None:
                return 1
            # `jobs.Default.Push(ctx)`: a package-level value of an imported package
            return 1 if operand.type == "selector_expression" and self.ctx.imports.path_of(text(root)) is not None else None
        return 2 if any(b is r for r in self._receivers()) else None

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
        if not handler_shaped(self.handler):
            return []
        out = []
        for f in [self.handler.func, *ancestors(self.handler.func)]:
            if f.type == "method_declaration":
                out.extend(
                    b for b in self.ctx.scopes(f).params(f)
                    if b.kind == "receiver" and not made_per_request(self.ctx, type_name(b.type_node) or "")
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
            if text(n) != "_" and (not check_index or find_var(ctx.package, text(n)) is not None):
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
            pv = find_var(ctx.package, text(operand))
            if pv is not None and _is_sync_map(ctx, pv.type_node, pv.value):
                case = 1
        elif operand.type == "selector_expression":
            root = unparen(operand.child_by_field_name("operand"))
            if root is not None and root.type == "identifier":
                b = ctx.scopes(root).resolve(root)
                if b is not None and b.kind == "receiver" and any(b is r for r in self._receivers()):
                    tnode = find_type(ctx.package, type_name(b.type_node) or "")
                    fields = struct_fields(tnode) if tnode is not None and tnode.type == "struct_type" else {}
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
        if g.literal is not None and (_consumed_producer(ctx, g, self.handler.func) or joins_field_waitgroup(ctx, g)):
            return None  # the handler consumes what it produces; or an owner's WaitGroup tracks it
        if self._waits_for_done(go):
            return None  # the handler itself returns only once the context is done
        if g.literal is not None:
            scopes = ctx.scopes(g.literal)
            reads = []
            for b, refs in scopes.captured_by(g.literal).items():
                tt = self.taint_of_binding(b)
                uses = [r for r in refs if not _watch_only(r) and not self._detaches(r)]
                if tt is not None and self.contextual(tt) and all(_logged(r) for r in uses):
                    continue  # a context only logged with: its values stay readable when cancelled
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
        hits = [(a, tt) for a, tt in hits if not (self.contextual(tt) and _only_logged_by_callee(ctx, g.call, a))]
        if not hits or is_awaited(ctx, g):
            return None
        a, tt = hits[0]
        return Escape(3, g.call, text(a), tt, f"line {go.start_point[0] + 1}", g)

    def _waits_for_done(self, go: "Node") -> bool:
        """Whether the handler blocks on ``<-ctx.Done()`` of a request context after the
        ``go``, at the top level of its body: it returns only once the request is over,
        and goroutines using that context are its cancellation plumbing."""
        body = self.handler.func.child_by_field_name("body")
        if body is not None and body.named_child_count == 1 and body.named_children[0].type == "statement_list":
            body = body.named_children[0]
        for stmt in body.named_children if body is not None else []:
            if stmt.start_byte < go.end_byte:
                continue
            e = stmt.named_children[0] if stmt.type == "expression_statement" and stmt.named_child_count else None
            if e is None or e.type != "unary_expression" or text(e.child_by_field_name("operator")) != "<-":
                continue
            call = unparen(e.child_by_field_name("operand"))
            fn = unparen(call.child_by_field_name("function")) if call is not None and call.type == "call_expression" else None
            if fn is not None and fn.type == "selector_expression" and text(fn.child_by_field_name("field")) == "Done" \
                    and self.contextual(self.taint_of(fn.child_by_field_name("operand"))):
                return True
        return False

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


_LOGGING = re.compile(r"^(Debug|Info|Warn|Warning|Error|Fatal|Panic|Print|Log|Trace|Notice)(f|ln|w|Context|Ctx)?$")


def _logged(ref: "Node") -> bool:
    """A reference that is an argument of a logging call (``logger.Errorf(ctx, ...)``,
    ``slog.InfoContext(ctx, ...)``) or reads a value (``ctx.Value(k)``)."""
    p = ref.parent
    if p is not None and p.type == "selector_expression" and text(p.child_by_field_name("field")) == "Value":
        return True
    call = p.parent if p is not None and p.type == "argument_list" else None
    fn = unparen(call.child_by_field_name("function")) if call is not None and call.type == "call_expression" else None
    name = text(fn.child_by_field_name("field")) if fn is not None and fn.type == "selector_expression" else (text(fn) if fn is not None else "")
    return bool(_LOGGING.match(name))


def _only_logged_by_callee(ctx: "FileContext", call: "Node", arg: "Node") -> bool:
    """Whether the function a ``go`` statement runs only logs with (or reads values from)
    the parameter ``arg`` binds to, in its own body."""
    from golint_ai.context import FileContext
    from golint_ai.leaks.summaries import argument_index, call_summary

    found = call_summary(ctx, call)
    if found is None:
        return False
    callee = found[1]
    index = argument_index(call, callee, arg)
    func = callee.decl.node
    fctx = ctx if callee.decl.file is ctx.file else FileContext(callee.decl.file, callee.package, ctx.settings)
    params = [b for b in fctx.scopes(func).params(func) if b.kind == "param"]
    if index is None or index < 0 or index >= len(params):
        return False
    refs = [r for r in params[index].refs if r.id != params[index].ident.id]
    return bool(refs) and all(_logged(r) for r in refs)


def _consumed_producer(ctx: "FileContext", g: Goroutine, func: "Node") -> bool:
    """Whether the goroutine is a producer the handler consumes: it closes a channel the
    handler ranges over, receives from or hands to a consumer after the ``go``. Such a
    goroutine ends with the stream it feeds; its use of the request context is how it
    learns that the client left."""
    body = g.literal.child_by_field_name("body") if g.literal is not None else None
    if body is None:
        return False
    scopes = ctx.scopes(g.literal)
    for call in captures(_CLOSES, body).get("call", []):
        args = call_arguments(call)
        arg = unparen(args[0]) if len(args) == 1 else None
        if arg is None or arg.type != "identifier" or ctx.is_local(call.child_by_field_name("function")):
            continue
        b = scopes.resolve(arg)
        if b is None or is_within(b.ident, g.literal):
            continue
        for ref in b.refs:
            if ref.start_byte < g.stmt.end_byte or is_within(ref, g.literal) or enclosing_function(ref).id != func.id:
                continue
            p = ref.parent
            if p is not None and (p.type in ("argument_list", "range_clause") or (p.type == "unary_expression" and text(p.child_by_field_name("operator")) == "<-")):
                return True
    return False


_CLOSES = compile_query('(call_expression function: (identifier) @fn (#eq? @fn "close")) @call')


def _undone_by_result(ctx: "FileContext", call: "Node") -> bool:
    """Whether the call's result is a function the handler defers or calls: the store
    the callee made is undone before the request ends (``remove := h.track(c); defer
    remove()``)."""
    p = call.parent
    while p is not None and p.type in ("parenthesized_expression", "expression_list"):
        p = p.parent
    if p is None or p.type not in ("short_var_declaration", "assignment_statement"):
        return False
    left = p.child_by_field_name("left")
    names = left.named_children if left is not None and left.type == "expression_list" else [left]
    for n in names:
        b = ctx.scopes(n).resolve(n) if n is not None and n.type == "identifier" else None
        for ref in b.refs if b is not None else []:
            parent = ref.parent
            if parent is not None and parent.type == "call_expression" and parent.child_by_field_name("function").id == ref.id:
                return True
    return False


def _handler_parameter(ctx: "FileContext", callee, index: int) -> Handler | None:
    """The handler parameter that parameter ``index`` of a resolved callee is, if any."""
    from golint_ai.context import FileContext
    from golint_ai.leaks.handlers import handler_params

    func = callee.decl.node
    fctx = ctx if callee.decl.file is ctx.file else FileContext(callee.decl.file, callee.package, ctx.settings)
    params = [b for b in fctx.scopes(func).params(func) if b.kind == "param"]
    if index < 0 or index >= len(params):
        return None
    return next((h for h in handler_params(fctx, func) if h.request is params[index]), None)


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
