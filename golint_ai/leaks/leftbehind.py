"""Goroutines left behind on a channel: the path-counting cases of v3 (GAI102 b–d,
GAI104 a).

For a goroutine launched in a function F that sends on (or ranges over) a channel made
in F with ``make(chan T)`` and never handed anywhere else (not returned, stored or
passed on: every other use in F is a plain receive, a ``range``, a send, ``close``,
``len``):

- *early return* (GAI102 b): a path of F from the ``go`` to an exit passes no receive
  of the channel (``if err != nil { return err }`` before ``<-ch``);
- *N senders, fewer receives* (GAI102 c): the ``go`` sits in a loop of F and F receives
  once, outside any loop (the first result wins; the others block forever);
- *double send* (GAI102 d): the goroutine can send twice on one path (no send on a
  cycle) while F receives once, outside any loop; the second send is stranded;
- *no close for a range* (GAI104 a): the goroutine ranges over the channel and a path
  of F from the ``go`` to an exit passes no ``close`` (a ``defer close`` covers every
  path).

Paths come from :class:`golint_ai.golang.paths.ControlFlow`: terminal calls (``panic``,
``log.Fatal``, ``t.Fatal``) end paths; a branch ending in a test failure is not an
exit that leaks. Receives inside a ``select`` with another case are GAI102 (a)'s
question and are left to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from golint_ai.golang.walk import ancestors, descendants, enclosing_function, is_within, text, unparen
from golint_ai.leaks.goroutines import (
    Goroutine,
    _case_of_receive,
    _channel_binding,
    _channel_use,
    _receiving_loop,
    _sends_once,
    channel_capacity,
    is_guarded_send,
    other_cases,
    program_lifetime,
    unbuffered_send,
    waits_for,
)

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.golang.scope import Binding


@dataclass(frozen=True)
class LeftBehind:
    case: str  # early-return | senders | double-send | no-close
    node: "Node"  # the primary location: the stranded send, or the `go` statement
    channel: "Binding"
    make: "Node"
    goroutine: Goroutine
    exit: "Node | None" = None  # the exit that leaves the goroutine behind
    receive: "Node | None" = None  # the receive F does make
    other: "Node | None" = None  # the first send (double send), or the loop (senders)
    sends_once: bool = False
    range_of: "Node | None" = None  # the loop's range operand, for `make(chan T, len(x))`


@dataclass(frozen=True)
class _Uses:
    receives: list  # plain receives and ranges in F (outside goroutines)
    closes: list


def _f_uses(ctx: "FileContext", b: "Binding", g: Goroutine) -> _Uses | None:
    """How F uses the channel outside the goroutine; None when it escapes, is received
    by another goroutine, or is received in a select with another case."""
    receives, closes = [], []
    for r in b.refs:
        if r.id == b.ident.id or is_within(r, g.call):
            continue
        use = _channel_use(r)
        owner = enclosing_function(r)
        if owner is not None and owner.id != g.function.id:
            if use is not None and use[0] in ("send", "close", "len") and _in_goroutine(owner):
                continue  # another producer
            return None  # another literal uses it: another consumer may exist
        if use is None:
            return None  # returned, stored, passed on: someone else may receive
        kind, node = use
        if kind in ("recv", "range"):
            if any(a.type == "defer_statement" for a in ancestors(node) if is_within(a, g.function)):
                return None  # a deferred receive runs on every exit
            case = _case_of_receive(node) if kind == "recv" else None
            if case is not None and other_cases(case):
                return None  # GAI102 (a)'s question
            receives.append((kind, node))
        elif kind == "close":
            closes.append(node)
    return _Uses(receives, closes)


def _in_goroutine(lit: "Node") -> bool:
    from golint_ai.leaks.goroutines import launching_goroutine

    return lit.type == "func_literal" and launching_goroutine(lit) is not None


def _test_failure_exit(ctx: "FileContext", exit_node: "Node") -> bool:
    """An exit inside a branch that fails the test: the goroutine is left behind only in a
    failed test."""
    from golint_ai.golang.testfail import ends_in_test_failure

    for a in ancestors(exit_node):
        if a.type == "block":
            return ends_in_test_failure(ctx, a)
        if a.type in ("function_declaration", "method_declaration", "func_literal"):
            return False
    return False


def sender_left_behind(ctx: "FileContext", send: "Node") -> LeftBehind | None:
    """GAI102 (b)–(d) for one send statement of a goroutine literal."""
    found = unbuffered_send(ctx, send)
    if found is None:
        return None
    g, b, make = found
    uses = _f_uses(ctx, b, g)
    if uses is None or not uses.receives or any(k == "range" for k, _ in uses.receives):
        return None
    flow = ctx.flow(g.function)
    gflow = ctx.flow(g.literal)
    send_node = gflow.node_for(send)
    if send_node is None or gflow.can_repeat(send_node):
        return None  # a stream: GAI103's question
    sends = [s for s in _sends_on(g, send) if gflow.node_for(s) is not None]
    if any(gflow.can_repeat(gflow.node_for(s)) for s in sends):
        return None
    once = len(uses.receives) == 1 and not _receiving_loop(uses.receives[0][1], g.function)
    receive = uses.receives[0][1]

    # (c) N senders: the `go` in a loop of F, one receive.
    loop = _receiving_loop(g.stmt, g.function)
    if loop is not None and once:
        if send.id != sends[0].id:
            return None
        rng = _range_operand(loop)
        sized = rng is not None and _one_goroutine_per_element(ctx, b, g, make, loop, rng)
        return LeftBehind("senders", send, b, make, g, receive=receive, other=loop,
                          sends_once=len(sends) == 1 and sized and _sends_once(ctx, send, g, b, make, per_goroutine=True),
                          range_of=rng)

    # (d) a second send on the path of the first, one receive.
    if once:
        for first in sends:
            if first.id == send.id:
                continue
            if gflow.reaches(gflow.node_for(first), send_node):
                return LeftBehind("double-send", send, b, make, g, receive=receive, other=first)

    # (b) an exit of F reachable from the `go` without a receive. Receives in a loop
    # count per iteration (`for range n { <-done }`): that is (c)'s counting, not (b).
    if send.id != sends[0].id or loop is not None or any(_receiving_loop(r, g.function) for _, r in uses.receives):
        return None
    start = flow.node_for(g.stmt)
    if start is None:
        return None
    recv_ids = {n.id for n in (flow.node_for(r) for _, r in uses.receives) if n is not None}
    if not recv_ids:
        return None
    exits = [e for e in flow.leaking_exits(start, stops=lambda n: n.id in recv_ids)]
    exits = [e for e in exits if e.ast is not None and not _test_failure_exit(ctx, e.ast)]
    exits = [e for e in exits if not _returns_error_to_failing_callers(ctx, e.ast, g.function)]
    if not exits:
        return None
    e = exits[0]
    exit_ast = e.ast if e.id != flow.end else _closing_brace(g.function)
    return LeftBehind("early-return", send, b, make, g, exit=exit_ast, receive=receive,
                      sends_once=len(sends) == 1 and _sends_once(ctx, send, g, b, make))


def _closing_brace(func: "Node") -> "Node":
    body = func.child_by_field_name("body")
    return body.children[-1] if body is not None and body.children else func


def _returns_error_to_failing_callers(ctx: "FileContext", ret: "Node | None", func: "Node") -> bool:
    from golint_ai.golang.testfail import callers_fail_on_error

    if ret is None or ret.type != "return_statement" or not ret.named_child_count:
        return False
    values = text(ret.named_children[0])
    return values not in ("nil",) and "err" in values and callers_fail_on_error(ctx, func)


def _sends_on(g: Goroutine, send: "Node") -> list["Node"]:
    """The bare sends of the goroutine's own body on the same channel expression."""
    channel = text(send.child_by_field_name("channel")).replace(" ", "")
    body = g.literal.child_by_field_name("body")
    out = []
    for n in descendants(body, skip=lambda x: x.type == "func_literal"):
        if n.type == "send_statement" and not is_guarded_send(n) and text(n.child_by_field_name("channel")).replace(" ", "") == channel:
            out.append(n)
    return sorted(out, key=lambda n: n.start_byte)


def _one_goroutine_per_element(ctx: "FileContext", b: "Binding", g: Goroutine, make: "Node", loop: "Node", operand: "Node") -> bool:
    """Whether ``make(chan T, len(operand))`` has a slot for every goroutine sending on
    the channel: the ``go`` runs at most once per element of the range loop (no other
    loop around it that the ``make`` is outside of), the loop ranges over a slice, array,
    map or string (``len`` of an int, a channel or a function means something else), and
    the operand is a plain name nothing assigns between the ``make`` and the loop."""
    from golint_ai.golang.gotypes import type_of_binding, underlying

    for a in ancestors(g.stmt):
        if a.id == g.function.id:
            break
        if a.type == "for_statement" and a.id != loop.id and not is_within(make, a):
            return False  # another loop relaunches the senders
    if is_within(make, loop):
        return False
    operand = unparen(operand)
    if operand is None or operand.type != "identifier":
        return False
    ob = ctx.scopes(g.function).resolve(operand)
    if ob is None:
        return False
    st = type_of_binding(ctx, ob)
    if st is None:
        return False
    st = underlying(ctx, st)
    if st.node is None or st.node.type not in ("slice_type", "array_type", "map_type") and st.text != "string":
        return False
    for r in ob.refs:
        if make.end_byte <= r.start_byte < loop.start_byte and _assigned(r):
            return False
    return True


def _assigned(ref: "Node") -> bool:
    parent = ref.parent
    if parent is not None and parent.type == "unary_expression" and text(parent).startswith("&"):
        return True
    if parent is not None and parent.type == "expression_list":
        stmt = parent.parent
        return stmt is not None and stmt.type in ("assignment_statement", "short_var_declaration") and stmt.child_by_field_name("left") == parent
    return False


def _range_operand(loop: "Node") -> "Node | None":
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    return clause.child_by_field_name("right") if clause is not None else None


# -- GAI104 (a) ----------------------------------------------------------------------------
def receiver_left_behind(ctx: "FileContext", rng: "Node") -> LeftBehind | None:
    """GAI104 (a) for one ``range`` clause over a channel inside a goroutine literal."""
    lit = enclosing_function(rng)
    g = None
    if lit is not None and lit.type == "func_literal":
        from golint_ai.leaks.goroutines import launching_goroutine

        g = launching_goroutine(lit)
    if g is None or g.literal is None or program_lifetime(ctx, g):
        return None
    operand = unparen(rng.child_by_field_name("right"))
    b = _channel_binding(ctx, operand, g) if operand is not None else None
    if b is None or b.function.id != g.function.id:
        return None
    cap = channel_capacity(ctx, b)
    if cap is None:
        return None  # not made in F
    body = g.literal.child_by_field_name("body")
    if body is not None and b".Done()" in body.text:
        return None  # the worker also watches a context
    if waits_for(ctx, g):
        return None  # F waits for the worker: without a close it would hang, not leak
    refs = [r for r in b.refs if r.id != b.ident.id and not is_within(r, g.call)]
    closes = []
    for r in refs:
        owner = enclosing_function(r)
        use = _channel_use(r)
        if use is None:
            return None  # escapes: someone else may close it
        if owner is not None and owner.id != g.function.id and use[0] != "send":
            return None
        if use[0] == "close":
            if any(a.type == "defer_statement" for a in ancestors(use[1]) if is_within(a, g.function)):
                return None  # `defer close(ch)` covers every path
            closes.append(use[1])
        if use[0] in ("recv", "range") and owner is not None and owner.id == g.function.id:
            return None  # F consumes it too: a different shape
    flow = ctx.flow(g.function)
    start = flow.node_for(g.stmt)
    if start is None:
        return None
    close_ids = {n.id for n in (flow.node_for(c) for c in closes) if n is not None}
    exits = flow.leaking_exits(start, stops=lambda n: n.id in close_ids)
    exits = [e for e in exits if e.ast is not None and not _test_failure_exit(ctx, e.ast)]
    if not exits:
        return None
    e = exits[0]
    exit_ast = e.ast if e.id != flow.end else _closing_brace(g.function)
    return LeftBehind("no-close", g.stmt, b, cap[0], g, exit=exit_ast, receive=rng, other=closes[0] if closes else None)
