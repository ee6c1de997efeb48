"""Goroutines left behind on a channel: the path-counting cases of v3 (GAI102 b–d,
GAI104 a).

For a goroutine launched in a function F that sends on (or ranges over) a channel made
in F with ``make(chan T)`` and never handed anywhere else (not returned, stored or
passed on: every other use in F is a plain receive, a ``range``, a send, ``close``,
``len``):

- *early return* (GAI102 b): a path of F from the ``go`` to an exit passes no receive
  of the channel (``if err != nil { return err }`` before ``<-ch``), leaving out the
  paths on which the goroutine does not send either (the same captured condition);
- *N senders, fewer receives* (GAI102 c): the ``go`` sits in a loop of F that launches
  it again and F receives once, outside any loop (the first result wins; the others
  block forever), or a counted loop launches more always-sending goroutines than F's
  counted receives;
- *double send* (GAI102 d): the goroutine can send twice on one path (no send on a
  cycle), or defers an unconditional send, while F receives once, outside any loop;
  the second (or deferred) send is stranded;
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

from typing import TYPE_CHECKING

from msgspec import Struct

from golint_ai.golang.walk import ancestors, descendants, enclosing_function, is_within, text, unparen
from golint_ai.leaks.goroutines import (
    Goroutine,
    _case_of_receive,
    _channel_binding,
    _channel_use,
    _is_assigned,
    _receive_in,
    _receiving_loop,
    _sends_once,
    channel_capacity,
    is_guarded_send,
    makes_in,
    other_cases,
    program_lifetime,
    unbuffered_send,
    waits_for,
)

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.golang.scope import Binding


class LeftBehind(Struct, frozen=True, dict=True):
    """A goroutine left behind on a channel made by its launcher, in one of the module's cases (``case``)."""

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
    bound: "str | None" = None  # how many senders the loop launches (`len(xs)`, `n`)
    count: int = 1  # how many times F receives (senders)
    names: tuple[str, ...] = ()  # every channel a select waits on (no-sender)


class _Uses(Struct, frozen=True, dict=True):
    """How the launching function uses the channel outside the goroutine: its receives and ranges, its closes."""

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
        return _deferred_second_send(ctx, send)
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

    # (c) N senders: the `go` in a loop of F (and launched again by it: a loop that
    # breaks or returns right after its `go` launches once), one receive.
    loop = _receiving_loop(g.stmt, g.function)
    go_node = flow.node_for(g.stmt)
    if loop is not None and go_node is not None and not flow.can_repeat(go_node):
        loop = None
    if loop is not None and once:
        if send.id != sends[0].id:
            return None
        outer = _receiving_loop(loop, g.function) is not None
        return LeftBehind("senders", send, b, make, g, receive=receive, other=loop,
                          sends_once=_one_send_per_path(gflow, sends) and _handed_nowhere(b),
                          range_of=None if outer or not _one_goroutine_per_element(ctx, b, g, make, loop) else _ranged_collection(ctx, loop),
                          bound=None if outer else _loop_bound_text(ctx, loop))
    if loop is not None and send.id == sends[0].id and _receiving_loop(loop, g.function) is None:
        # A constant number of launches, each sending, and fewer receives.
        launched = _counted_loop(ctx, loop, launches=g.stmt)
        received = _receive_count(ctx, uses, g, loop)
        if launched is not None and received is not None and received < launched and _always_sends(gflow, send_node):
            return LeftBehind("senders", send, b, make, g, receive=receive, other=loop,
                              sends_once=False, bound=str(launched), count=received)

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
    # F skips the receive only where the goroutine skips the send, on the same condition
    # (`if need { ch <- v }` ... `if need { <-ch }`): those paths leave nobody behind.
    exits = flow.leaking_exits(start, stops=lambda n: n.id in recv_ids)
    needs = _send_conditions(ctx, send, g) if exits else {}
    if needs:
        def prunes(guard) -> bool:
            key = _condition_key(guard.condition)
            return key is not None and key[0] in needs and (guard.value == key[1]) != needs[key[0]]

        exits = flow.leaking_exits(start, stops=lambda n: n.id in recv_ids, prunes=prunes)
    exits = [e for e in exits if e.ast is not None and not _test_failure_exit(ctx, e.ast)]
    exits = [e for e in exits if not _returns_error_to_failing_callers(ctx, e.ast, g.function)]
    if not exits:
        return None
    e = exits[0]
    exit_ast = e.ast if e.id != flow.end else _closing_brace(g.function)
    return LeftBehind("early-return", send, b, make, g, exit=exit_ast, receive=receive,
                      sends_once=len(sends) == 1 and _sends_once(ctx, send, g, b, make))


def _deferred_second_send(ctx: "FileContext", send: "Node") -> LeftBehind | None:
    """GAI102 (d) for a send in a closure the goroutine defers (``defer func() { errc <-
    nil }()``): it runs when the goroutine ends, after any send of the goroutine's own
    body on the same channel, so with one receive in F it is the stranded one. Only an
    unconditional deferred send counts (one under ``if r := recover(); r != nil`` runs
    when the body's send never did)."""
    from golint_ai.leaks.goroutines import launching_goroutine

    lit = enclosing_function(send)
    call = lit.parent if lit is not None and lit.type == "func_literal" else None
    stmt = call.parent if call is not None and call.type == "call_expression" else None
    if stmt is None or stmt.type != "defer_statement" or is_guarded_send(send):
        return None
    if any(a.type in _CONDITIONAL for a in ancestors(send) if is_within(a, lit) and a.id != lit.id):
        return None
    outer = enclosing_function(stmt)
    g = launching_goroutine(outer) if outer is not None and outer.type == "func_literal" else None
    if g is None or g.literal is None or not makes_in(ctx, g) or program_lifetime(ctx, g):
        return None
    b = _channel_binding(ctx, send.child_by_field_name("channel"), g)
    if b is None or b.function.id != g.function.id:
        return None
    cap = channel_capacity(ctx, b)
    if cap is None or cap[2] != 0:
        return None
    uses = _f_uses(ctx, b, g)
    if uses is None or len(uses.receives) != 1 or uses.receives[0][0] != "recv" or _receiving_loop(uses.receives[0][1], g.function):
        return None
    if _receiving_loop(g.stmt, g.function) is not None:
        return None  # several goroutines: case (c)'s counting
    gflow = ctx.flow(g.literal)
    registered = gflow.node_for(stmt)
    if registered is None or gflow.can_repeat(registered):
        return None
    for first in _sends_on(g, send):
        node = gflow.node_for(first)
        if node is None or gflow.can_repeat(node):
            return None
        if gflow.reaches(registered, node) or gflow.reaches(node, registered):
            return LeftBehind("double-send", send, b, cap[0], g, receive=uses.receives[0][1], other=first)
    return None


_CONDITIONAL = frozenset({"if_statement", "expression_switch_statement", "type_switch_statement", "select_statement", "for_statement", "func_literal"})


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


_PLAIN_CONDITION = frozenset({"identifier", "selector_expression", "field_identifier", "binary_expression",
                              "unary_expression", "parenthesized_expression", "true", "false", "nil",
                              "int_literal", "interpreted_string_literal", "raw_string_literal"})


def _condition_key(cond: "Node | None") -> tuple[str, bool] | None:
    """A condition as compact text with its polarity: ``!need`` is ``("need", False)``."""
    cond = unparen(cond)
    if cond is None:
        return None
    value = True
    while cond is not None and cond.type == "unary_expression" and text(cond.child_by_field_name("operator")) == "!":
        value = not value
        cond = unparen(cond.child_by_field_name("operand"))
    return (text(cond).replace(" ", ""), value) if cond is not None else None


def _send_conditions(ctx: "FileContext", send: "Node", g: Goroutine) -> dict:
    """The conditions the goroutine tests on every path to its send, as ``{text: value}``
    for the value each must have (keys of :func:`_condition_key`, normalised to True):
    ``if need { ch <- v }``, or ``if !need { return }`` before it. Only conditions of
    plain variables F captured and nobody assigns, so F testing the same text sees the
    same value."""
    from golint_ai.golang.paths import COND
    gflow = ctx.flow(g.literal)
    target = gflow.node_for(send)
    if target is None:
        return {}
    out: dict = {}
    for node in gflow.nodes:
        if node.kind != COND or node.ast is None or node.ast.parent is None or node.ast.parent.type != "if_statement":
            continue
        if not gflow.dominates(node, target) or gflow.can_repeat(node):
            continue
        leads = {guard.value: succ == target.id or gflow.reaches(gflow.nodes[succ], target)
                 for succ, guard in node.succ if guard is not None}
        if set(leads) != {True, False} or leads[True] == leads[False]:
            continue
        key = _condition_key(node.ast)
        if key is not None and _stable_condition(ctx, node.ast, g):
            out[key[0]] = leads[True] == key[1]
    return out


def _stable_condition(ctx: "FileContext", cond: "Node", g: Goroutine) -> bool:
    return stable_condition(ctx, cond, g.function, outside=g.literal)


def stable_condition(ctx: "FileContext", cond: "Node", within: "Node", outside: "Node | None" = None) -> bool:
    """Whether ``cond`` is made of plain variables declared in ``within`` (not in
    ``outside``) that nothing assigns after their declaration: testing its text twice
    sees the same value."""
    for n in [cond, *descendants(cond)]:
        if n.type not in _PLAIN_CONDITION:
            return False
        if n.type != "identifier":
            continue
        b = ctx.scopes(n).resolve(n)
        if b is None or (outside is not None and is_within(b.ident, outside)) or not is_within(b.ident, within):
            return False
        if any(_changed(r) for r in b.refs if r.id != b.ident.id):
            return False
    return True


def _handed_nowhere(b: "Binding") -> bool:
    """Every use of the channel is a send, receive, range, close or len the analysis
    sees: no helper it is handed to may send on it too."""
    return all(_channel_use(r) is not None for r in b.refs if r.id != b.ident.id)


def _changed(ref: "Node") -> bool:
    """Whether a reference writes its variable: assigned, address taken, ``++``/``--``."""
    return _is_assigned(ref) or (ref.parent is not None and ref.parent.type in ("inc_statement", "dec_statement"))


def _one_goroutine_per_element(ctx: "FileContext", b: "Binding", g: Goroutine, make: "Node", loop: "Node") -> bool:
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
    operand = unparen(_range_operand(loop))
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
        if make.end_byte <= r.start_byte < loop.start_byte and _is_assigned(r):
            return False
    return True


def _counted_loop(ctx: "FileContext", loop: "Node", launches: "Node | None" = None) -> int | None:
    """The iteration count of ``for i := 0; i < N; i++`` with a constant N and ``i``
    left alone by the body. With ``launches``, the loop must also run that statement on
    every iteration: a statement of the body itself, in a body that never leaves early
    (no break, continue, return or goto)."""
    from golint_ai.golang.gotypes import const_int
    clause = next((c for c in loop.named_children if c.type == "for_clause"), None)
    body = loop.child_by_field_name("body")
    if clause is None or body is None:
        return None
    init, cond, update = (clause.child_by_field_name(f) for f in ("initializer", "condition", "update"))
    if init is None or cond is None or update is None or init.type != "short_var_declaration":
        return None
    left, right = init.child_by_field_name("left"), init.child_by_field_name("right")
    if left is None or right is None or left.named_child_count != 1 or right.named_child_count != 1 or const_int(right.named_children[0]) != 0:
        return None
    var = left.named_children[0]
    if cond.type != "binary_expression" or text(cond.child_by_field_name("operator")) != "<" or text(cond.child_by_field_name("left")) != text(var):
        return None
    if update.type != "inc_statement" or text(update).replace(" ", "") != f"{text(var)}++":
        return None
    bound = const_int(cond.child_by_field_name("right"))
    b = ctx.scopes(var).resolve(var)
    if bound is None or b is None:
        return None
    for r in b.refs:
        if is_within(r, body) and _changed(r):
            return None
    if launches is not None:
        if launches.parent is None or launches.parent.id != body.id and not (launches.parent.type == "statement_list" and launches.parent.parent is not None and launches.parent.parent.id == body.id):
            return None
        for n in descendants(body, skip=lambda x: x.type == "func_literal"):
            if n.type in ("break_statement", "continue_statement", "return_statement", "goto_statement"):
                return None
    return bound


def _receive_count(ctx: "FileContext", uses: "_Uses", g: Goroutine, go_loop: "Node") -> int | None:
    """At most how many times F receives: one per receive outside loops, N per receive
    in a counted loop of N iterations; None when some receive is not so bounded."""
    total = 0
    for kind, node in uses.receives:
        if kind != "recv" or is_within(node, go_loop):
            return None
        loop = _receiving_loop(node, g.function)
        if loop is None:
            total += 1
            continue
        if _receiving_loop(loop, g.function) is not None:
            return None
        n = _counted_loop(ctx, loop)
        if n is None:
            return None
        total += n
    return total


def _always_sends(gflow, send_node) -> bool:
    """Whether every path of the goroutine that ends normally passes its send."""
    return not gflow.leaking_exits(gflow.nodes[gflow.entry], stops=lambda n: n.id == send_node.id)


def _one_send_per_path(gflow, sends: list["Node"]) -> bool:
    """No path of the goroutine passes two of its sends (none repeats, none leads to
    another): exclusive sends count as one."""
    nodes = [gflow.node_for(s) for s in sends]
    if any(n is None or gflow.can_repeat(n) for n in nodes):
        return False
    return not any(gflow.reaches(a, c) for a in nodes for c in nodes if a.id != c.id)


def _loop_bound_text(ctx: "FileContext", loop: "Node") -> str | None:
    """How many times a loop runs, as a reviewer writes it: ``len(xs)`` for a range
    over a collection ``xs``, ``n`` for ``for i := 0; i < n; i++`` or ``range n``."""
    rng = _range_operand(loop)
    if rng is not None:
        if _ranged_collection(ctx, loop) is not None:
            return f"len({text(rng)})"
        return text(rng) if _is_integer(ctx, rng) else None
    clause = next((c for c in loop.named_children if c.type == "for_clause"), None)
    cond = clause.child_by_field_name("condition") if clause is not None else None
    if cond is not None and cond.type == "binary_expression" and text(cond.child_by_field_name("operator")) == "<":
        return text(cond.child_by_field_name("right"))
    return None


_LEN_TYPES = ("slice_type", "array_type", "implicit_length_array_type", "map_type")


def _ranged_collection(ctx: "FileContext", loop: "Node") -> "Node | None":
    """The operand of ``for ... range xs`` when its static type is known to be a slice,
    an array or a map: then the loop runs ``len(xs)`` times (a range over an integer
    or a function does not)."""
    from golint_ai.golang.gotypes import type_of_expr, underlying

    rng = _range_operand(loop)
    st = type_of_expr(ctx, rng) if rng is not None else None
    st = underlying(ctx, st) if st is not None else None
    if st is None or st.node is None:
        return None
    if st.node.type in _LEN_TYPES or st.text == "string":
        return rng
    return None


def _is_integer(ctx: "FileContext", expr: "Node") -> bool:
    from golint_ai.golang.gotypes import const_int, type_of_expr

    if const_int(expr) is not None:
        return True
    st = type_of_expr(ctx, expr)
    return st is not None and st.text in ("int", "int64", "int32", "uint", "uint64", "uint32")


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
    if g is None or g.literal is None or not makes_in(ctx, g) or program_lifetime(ctx, g):
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
    if g is None or not makes_in(ctx, g) or program_lifetime(ctx, g):
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
        if rel.start_byte < g.stmt.start_byte:
            return None  # signalled before the `go` (a semaphore token, a buffered value)
        if rel.type == "send_statement" and is_guarded_send(rel):
            return None  # one case of a select: which case fires is not a path question
        loop = _receiving_loop(rel, g.function)
        if loop is not None and not is_within(g.stmt, loop):
            return None  # signalled from a loop (`if i == 0 { close(ready) }`): paths cannot count iterations
        node = flow.node_for(rel)
        if node is None or not flow.reaches(start, node):
            return None  # a send before the `go` (a buffered value) or outside the flow
        ids.add(node.id)
    prunes = correlated_prunes(ctx, g.stmt, g.function)
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


def correlated_prunes(ctx: "FileContext", node: "Node", func: "Node"):
    """Guards that cannot be taken on a path through ``node``: the other outcome of an
    ``if`` condition ``node`` sits under (``if wait { go ... }`` ... ``if wait {
    close(ready) }``), for conditions of plain variables nothing reassigns."""
    held: dict[str, bool] = {}
    child = node
    for a in ancestors(node):
        if a.id == func.id:
            break
        if a.type == "if_statement":
            cond = unparen(a.child_by_field_name("condition"))
            cons = a.child_by_field_name("consequence")
            alt = a.child_by_field_name("alternative")
            value = True if cons is not None and cons.id == child.id else False if alt is not None and alt.id == child.id else None
            key = _condition_key(cond)
            if key is not None and value is not None and stable_condition(ctx, cond, func):
                held[key[0]] = value == key[1]
        child = a

    def prunes(guard) -> bool:
        cond = unparen(guard.condition)
        if not held or cond is None or cond.type == "expression_case":
            return False
        key = _condition_key(cond)
        if key is None or key[0] not in held:
            return False
        return (guard.value == key[1]) != held[key[0]]

    return prunes
