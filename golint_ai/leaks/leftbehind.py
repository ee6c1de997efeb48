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
  path);
- *receive with no sender* (GAI104 b): the goroutine waits once on the channel (or on a
  select of such channels) and a path of F from the ``go`` to an exit neither sends on
  nor closes it.

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
    _receive_in,
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
    case: str  # early-return | senders | double-send | no-close | no-sender
    node: "Node"  # the primary location: the stranded send, or the `go` statement
    channel: "Binding"
    make: "Node"
    goroutine: Goroutine
    exit: "Node | None" = None  # the exit that leaves the goroutine behind
    receive: "Node | None" = None  # the receive F does make
    other: "Node | None" = None  # the first send (double send), or the loop (senders)
    sends_once: bool = False
    range_of: "Node | None" = None  # the loop's range operand, for `make(chan T, len(x))`
    names: tuple[str, ...] = ()  # every channel a select waits on (no-sender)


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
        return LeftBehind("senders", send, b, make, g, receive=receive, other=loop,
                          sends_once=len(sends) == 1, range_of=_range_operand(loop))

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
    close_nodes = [n for n in (flow.node_for(c) for c in closes) if n is not None]
    if any(not flow.reaches(start, n) for n in close_nodes):
        return None  # closed before the `go`: the workers drain what is buffered and end
    close_ids = {n.id for n in close_nodes}
    exits = flow.leaking_exits(start, stops=lambda n: n.id in close_ids)
    exits = [e for e in exits if e.ast is not None and not _test_failure_exit(ctx, e.ast)]
    if not exits:
        return None
    e = exits[0]
    exit_ast = e.ast if e.id != flow.end else _closing_brace(g.function)
    return LeftBehind("no-close", g.stmt, b, cap[0], g, exit=exit_ast, receive=rng, other=closes[0] if closes else None)


# -- GAI104 (b) ----------------------------------------------------------------------------
_STRAIGHT = frozenset({
    "block", "statement_list", "expression_statement", "short_var_declaration", "assignment_statement",
    "expression_list", "parenthesized_expression", "var_declaration", "var_spec", "receive_statement",
    "communication_case", "select_statement", "labeled_statement", "argument_list", "call_expression",
    "return_statement",
})


def receive_without_sender(ctx: "FileContext", recv: "Node") -> LeftBehind | None:
    """GAI104 (b) for one ``<-ch`` a goroutine literal waits on once: some path of F from
    the ``go`` to an exit neither sends on nor closes any channel the wait can end on.

    The wait is the goroutine's own (not in a nested literal), unconditional and not in a
    loop (a one-shot waiter such as ``<-ready; work()``); in a select, every case receives
    on such a channel (a ``ctx.Done()``, timer or ``default`` case can end it otherwise).
    Each channel is made in F, used in F only by sends and closes after the ``go`` (no
    other goroutine touches it, it is not returned, stored or passed on) and received by
    the goroutine only there."""
    lit = enclosing_function(recv)
    if lit is None or lit.type != "func_literal":
        return None
    from golint_ai.leaks.goroutines import launching_goroutine

    g = launching_goroutine(lit)
    if g is None or program_lifetime(ctx, g):
        return None
    for a in ancestors(recv):
        if a.id == lit.id:
            break
        if a.type not in _STRAIGHT and a.type != "unary_expression":
            return None  # conditional, in a loop, an argument: not a plain one-shot wait
    case = _case_of_receive(recv)
    receives = [recv]
    if case is not None:
        receives = []
        for c in [case, *other_cases(case)]:
            comm = c.child_by_field_name("communication") if c.type == "communication_case" else None
            r = _receive_in(comm) if comm is not None else None
            if r is None:
                return None  # a default or a send case: the select does not only wait
            receives.append(r)
        if min(receives, key=lambda r: r.start_byte).id != recv.id:
            return None  # each select once, at its first case
    bindings, releases = [], []
    for r in receives:
        operand = unparen(r.child_by_field_name("operand"))
        b = _channel_binding(ctx, operand, g) if operand is not None else None
        if b is None or b.function.id != g.function.id or channel_capacity(ctx, b) is None:
            return None  # a context, a timer, a field, a parameter: not F's to end
        found = _releasing_uses(ctx, b, g, r)
        if found is None:
            return None
        bindings.append(b)
        releases.extend(found)
    if waits_for(ctx, g):
        return None  # F waits for the goroutine: without a send it hangs, it does not leak
    flow = ctx.flow(g.function)
    start = flow.node_for(g.stmt)
    if start is None:
        return None
    ids = set()
    for rel in releases:
        loop = _receiving_loop(rel, g.function)
        if loop is not None and not is_within(g.stmt, loop):
            return None  # signalled from a loop (`if i == 0 { close(ready) }`): paths cannot count iterations
        node = flow.node_for(rel)
        if node is None or not flow.reaches(start, node):
            return None  # a send before the `go` (a buffered value) or outside the flow
        ids.add(node.id)
    prunes = correlated_prunes(g.stmt, g.function)
    exits = flow.leaking_exits(start, stops=lambda n: n.id in ids, prunes=prunes)
    exits = [e for e in exits if e.ast is not None and not _test_failure_exit(ctx, e.ast)]
    if not exits:
        return None
    e = exits[0]
    exit_ast = e.ast if e.id != flow.end else _closing_brace(g.function)
    make = channel_capacity(ctx, bindings[0])[0]
    return LeftBehind("no-sender", g.stmt, bindings[0], make, g, exit=exit_ast, receive=recv,
                      other=min(releases, key=lambda n: n.start_byte) if releases else None,
                      names=tuple(dict.fromkeys(b.name for b in bindings)))


def _releasing_uses(ctx: "FileContext", b: "Binding", g: Goroutine, recv: "Node") -> list["Node"] | None:
    """F's sends on and closes of the channel; None when the channel can be ended by
    anyone else (it escapes, another literal uses it, F receives from it too, a deferred
    send or close covers every exit) or the goroutine uses it again."""
    out = []
    for r in b.refs:
        if r.id == b.ident.id:
            continue
        if is_within(r, g.call) and not is_within(r, g.literal):
            continue  # handed to the literal's parameter
        use = _channel_use(r)
        if use is None:
            return None  # returned, stored, passed on
        kind, node = use
        if is_within(r, g.call):
            if kind == "recv" and node.id == recv.id or kind == "len":
                continue
            return None  # the goroutine receives twice, sends, closes: another shape
        owner = enclosing_function(r)
        if owner is None or owner.id != g.function.id:
            return None  # another literal may end the wait
        if kind in ("recv", "range"):
            return None  # F consumes it too
        if kind in ("send", "close"):
            if any(a.type == "defer_statement" for a in ancestors(node) if is_within(a, g.function)):
                return None  # runs on every exit
            out.append(node)
    return out


def correlated_prunes(go_stmt: "Node", func: "Node"):
    """Guards that cannot be taken on a path through ``go_stmt``: the other outcome of an
    ``if`` condition the ``go`` sits under, when the condition is a plain name or a
    negated one (``if wait { go ... }`` ... ``if wait { close(ready) }``) that F never
    reassigns (checked by text: the name is not assigned in F)."""
    from golint_ai.golang.paths import Guard

    held: dict[str, bool] = {}
    child = go_stmt
    for a in ancestors(go_stmt):
        if a.id == func.id:
            break
        if a.type == "if_statement":
            cond = unparen(a.child_by_field_name("condition"))
            cons = a.child_by_field_name("consequence")
            alt = a.child_by_field_name("alternative")
            value = True if cons is not None and cons.id == child.id else False if alt is not None and alt.id == child.id else None
            if cond is not None and value is not None:
                name, v = _plain_condition(cond)
                if name is not None and not _assigned_in(func, name):
                    held[name] = value if v else not value
        child = a

    def prunes(guard: "Guard") -> bool:
        cond = unparen(guard.condition)
        if cond is None or cond.type == "expression_case":
            return False
        name, v = _plain_condition(cond)
        if name is None or name not in held:
            return False
        return (guard.value if v else not guard.value) != held[name]

    return prunes


def _plain_condition(cond: "Node") -> tuple[str | None, bool]:
    if cond.type in ("identifier", "selector_expression") and "(" not in text(cond):
        return text(cond), True
    if cond.type == "unary_expression" and text(cond.child_by_field_name("operator")) == "!":
        inner = unparen(cond.child_by_field_name("operand"))
        if inner is not None and inner.type in ("identifier", "selector_expression") and "(" not in text(inner):
            return text(inner), False
    return None, True


def _assigned_in(func: "Node", name: str) -> bool:
    body = func.child_by_field_name("body")
    if body is None:
        return False
    data = body.text
    import re

    return re.search(rb"(?<![\w.])" + re.escape(name.encode()) + rb"\s*(?:,[^=\n]*)?(?:=|\+\+|--)(?!=)", data) is not None
