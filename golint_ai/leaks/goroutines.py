"""Goroutine questions shared by the goroutine-lifetime rules (and GAI201).

- :func:`goroutine_of`: the parts of a ``go`` statement (call, func literal, arguments).
- :func:`is_awaited`: the contract's *Waiting* definition. After the ``go`` statement,
  in the function that launched it, a ``.Wait()`` call on something the goroutine
  refers to, or a receive / ``range`` / select receive on a channel the goroutine
  sends to, closes or is handed. A deferred wait counts wherever it is written, and
  a wait inside a loop that also holds the ``go`` statement counts wherever it is in
  that loop.
- :func:`abandoned_send`: GAI102's shape: a bare send in a goroutine on an unbuffered
  channel made by the launching function, which receives from it only in selects
  whose other case leaves the function or the receiving loop.
- :func:`unguarded_stream_send`: GAI103's shape: a bare send in a loop of a goroutine
  literal with a context in scope, not drained by a same-function consumer, not
  covered by the channel's constant capacity, and not GAI102's finding.
- :func:`contexts_in_scope`: the contexts a func literal can watch.

Everything here is per function, computed only for functions holding ``go``
statements, and iterative.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from msgspec import Struct, field

from golint_ai.golang.deadcode import in_dead_branch
from golint_ai.golang.gotypes import const_int
from golint_ai.golang.imports import qualified_name
from golint_ai.golang.parse import whole_word
from golint_ai.golang.query import captures, compile_query, matches
from golint_ai.golang.scope import assignment_of
from golint_ai.golang.testfail import STOP, callers_fail_on_error, ends_in_test_failure, failure_kind
from golint_ai.golang.walk import FUNCTION_TYPES, ancestors, descendants, enclosing_function, enclosing_function_from, is_within, text, unparen

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.golang.scope import Binding

GO_STATEMENTS = compile_query("(go_statement) @go")
GO_LITERAL_SENDS = compile_query("(go_statement (call_expression function: (func_literal) @lit)) @go")
# The bytes of every `go func`: the keyword (not the end of a longer name), then blanks
# or comments, then `func` (the literal `go` first keeps the scan fast).
GO_FUNC_BYTES = re.compile(whole_word(b"go") + rb"(?:\s|/\*.*?\*/|//[^\n]*\n)+func\b", re.S)
_RECEIVES = compile_query(
    """
    (unary_expression operator: "<-" operand: (_) @chan) @recv
    (range_clause right: (_) @chan) @range
    """
)
_CALLS = compile_query(
    """
    (call_expression function: (selector_expression operand: (_) @operand field: (field_identifier) @method)) @mcall
    (call_expression function: (identifier) @fn arguments: (argument_list . (_) @arg)) @fcall
    (send_statement channel: (_) @chan) @send
    """
)
_CALLS_OF = compile_query("(call_expression function: (identifier) @fn) @call")
_STORES = compile_query(
    """
    (return_statement) @ret
    (assignment_statement) @store
    (short_var_declaration) @store
    """
)
_LOOP_EXITS = frozenset({"return_statement", "goto_statement", "break_statement", "continue_statement", "expression_statement"})

Key = tuple


# -- goroutines -------------------------------------------------------------------
class Goroutine(Struct, frozen=True, dict=True):
    """The parts of a ``go`` statement: its call, func literal and arguments, and the launching function."""

    stmt: "Node"  # the go_statement
    call: "Node"  # its call_expression
    literal: "Node | None"  # the func literal for `go func(){...}()`
    args: tuple["Node", ...]
    function: "Node"  # the function holding the go statement


def go_literals(ctx: "FileContext") -> list[tuple["Node", "Node"]]:
    """Every ``go func() {...}()`` of the file (of the context's window, when it has one)
    as ``(go statement, function literal)``, in document order: one query pass over the
    file, shared by the goroutine rules."""
    found = ctx.file.__dict__.get("_go_literals")
    if found is None and ctx.window is not None:  # the window's only: the rest is not asked for
        return [(m["go"][0], m["lit"][0]) for m in ctx.matches(GO_LITERAL_SENDS, near=GO_FUNC_BYTES)]
    if found is None:
        found = ctx.file.__dict__["_go_literals"] = [
            (m["go"][0], m["lit"][0]) for decl in ctx.file.declarations_near(GO_FUNC_BYTES) for m in matches(GO_LITERAL_SENDS, decl)
        ]
    if ctx.window is not None:  # a re-run of some declarations only (the editor's reuse)
        return [(go, lit) for go, lit in found if any(is_within(go, decl) for decl in ctx.window)]
    return found


def goroutine_of(go_stmt: "Node") -> Goroutine | None:
    call = next((c for c in go_stmt.named_children if c.type == "call_expression"), None)
    func = enclosing_function(go_stmt)
    if call is None or func is None:
        return None
    fn = unparen(call.child_by_field_name("function"))
    args_node = call.child_by_field_name("arguments")
    args = tuple(a for a in args_node.named_children if a.type != "comment") if args_node is not None else ()
    lit = fn if fn is not None and fn.type == "func_literal" else None
    return Goroutine(go_stmt, call, lit, args, func)


def launching_goroutine(literal: "Node") -> Goroutine | None:
    """The goroutine a func literal is launched as (``go func(){...}()``), if any."""
    call = literal.parent
    while call is not None and call.type == "parenthesized_expression":
        call = call.parent
    if call is None or call.type != "call_expression" or call.parent is None or call.parent.type != "go_statement":
        return None
    if unparen(call.child_by_field_name("function")) is not literal and unparen(call.child_by_field_name("function")).id != literal.id:
        return None
    return goroutine_of(call.parent)


def expr_key(ctx: "FileContext", expr: "Node | None") -> Key | None:
    """Identity of a variable-like expression: a local binding, a package-level name,
    or a selector path rooted at one (``s.done``)."""
    e = unparen(expr)
    if e is None:
        return None
    if e.type == "identifier":
        b = ctx.scopes(e).resolve(e)
        return ("b", id(b)) if b is not None else ("g", text(e))
    if e.type == "selector_expression":
        root = e
        parts = []
        while root is not None and root.type == "selector_expression":
            parts.append(text(root.child_by_field_name("field")))
            root = unparen(root.child_by_field_name("operand"))
        base = expr_key(ctx, root) if root is not None and root.type == "identifier" else None
        if base is None:
            return None
        return ("s", base, ".".join(reversed(parts)))
    return None


def _key_roots(key: Key | None) -> Iterator[Key]:
    while key is not None:
        yield key
        key = key[1] if key[0] == "s" else None


class _GoFacts(Struct, dict=True):
    """What one goroutine does with its launcher's values, by key: refers to, sends on, closes, unlocks."""

    refs: set  # keys the goroutine refers to
    channels: set  # keys the goroutine sends to, closes or is handed
    unlocks: set  # keys the goroutine calls Unlock on (a mutex the launcher then Locks)
    closes: set = field(default_factory=set)  # keys the goroutine closes
    sends: set = field(default_factory=set)  # keys the goroutine sends on
    bindings: dict = field(default_factory=dict)  # id -> local Binding the goroutine refers to


def _goroutine_facts(ctx: "FileContext", g: Goroutine) -> _GoFacts:
    cache = ctx.file.__dict__.setdefault("_go_facts", {})
    found = cache.get(g.stmt.id)
    if found is None:
        found = cache[g.stmt.id] = _compute_goroutine_facts(ctx, g)
    return found


def _compute_goroutine_facts(ctx: "FileContext", g: Goroutine) -> _GoFacts:
    refs: set = set()
    channels: set = set()
    unlocks: set = set()
    closes: set = set()
    sends: set = set()
    bindings: dict = {}
    roots = list(g.args)
    if g.literal is not None:
        roots.append(g.literal)
    else:
        fn = unparen(g.call.child_by_field_name("function"))
        if fn is not None and fn.type == "selector_expression":
            roots.append(fn.child_by_field_name("operand"))
    for a in g.args:
        for k in _key_roots(expr_key(ctx, a)):
            channels.add(k)
    for root in roots:
        if root is None:
            continue
        nodes = [root, *descendants(root)]
        for n in nodes:
            if n.type in ("identifier", "selector_expression"):
                k = expr_key(ctx, n)
                if k is not None:
                    refs.add(k)
                if n.type == "identifier":
                    b = ctx.scopes(n).resolve(n)
                    if b is not None:
                        bindings[id(b)] = b
        if g.literal is None or root.id != g.literal.id:
            continue
        caps = captures(_CALLS, root)
        for ch in caps.get("chan", []):
            channels.update(_key_roots(expr_key(ctx, ch)))
            key = expr_key(ctx, ch)
            if key is not None:
                sends.add(key)
        if b"cancel" in root.text or b"Cancel" in root.text:
            for fn in captures(_CALLS_OF, root).get("fn", []):
                cancelled = _cancelled_context(ctx, fn)
                if cancelled is not None:
                    channels.add(cancelled)  # calling cancel() closes ctx.Done()
                    closes.add(cancelled)
        for call in caps.get("fcall", []):
            fn = call.child_by_field_name("function")
            if text(fn) == "close":
                args = call.child_by_field_name("arguments")
                closed = list(_key_roots(expr_key(ctx, args.named_children[0] if args.named_child_count else None)))
                channels.update(closed)
                closes.update(closed)
        for call in caps.get("mcall", []) + caps.get("fcall", []):
            args = call.child_by_field_name("arguments")
            for a in args.named_children if args is not None else []:
                channels.update(_key_roots(expr_key(ctx, a)))
        for call in caps.get("mcall", []):
            fn = call.child_by_field_name("function")
            if text(fn.child_by_field_name("field")) == "Unlock":
                k = expr_key(ctx, fn.child_by_field_name("operand"))
                if k is not None:
                    unlocks.add(k)
    return _GoFacts(refs, channels, unlocks, closes, sends, bindings)


class _FunctionFacts(Struct, dict=True):
    """The receives, waits, locks, returns and field stores of one function (cached per function)."""

    receives: list[tuple["Node", Key, "Node"]]  # (receive node, channel key, operand)
    waits: list[tuple["Node", Key]]  # (call, receiver key)
    locks: list[tuple["Node", Key]]  # (X.Lock() call, X's key)
    returns: list[tuple["Node", set]] = field(default_factory=list)  # (return, keys it mentions)
    field_stores: list[tuple[Key, set]] = field(default_factory=list)  # (holder, keys stored in it)


def _function_facts(ctx: "FileContext", func: "Node") -> _FunctionFacts:
    cache = ctx.file.__dict__.setdefault("_goroutine_facts", {})
    facts = cache.get(func.id)
    if facts is not None:
        return facts
    receives = []
    caps = captures(_RECEIVES, func)
    for node in caps.get("recv", []):
        op = node.child_by_field_name("operand")
        receives.append((node, _done_key(ctx, op) or expr_key(ctx, op), op))
    for node in caps.get("range", []):
        op = node.child_by_field_name("right")
        receives.append((node, expr_key(ctx, op), op))
    waits = []
    locks = []
    wait_methods = ctx.knowledge.wait_methods
    for call in captures(_CALLS, func).get("mcall", []):
        fn = call.child_by_field_name("function")
        method = text(fn.child_by_field_name("field"))
        if method in wait_methods:
            waits.append((call, expr_key(ctx, fn.child_by_field_name("operand"))))
        elif method == "Lock":
            locks.append((call, expr_key(ctx, fn.child_by_field_name("operand"))))
    returns = []
    field_stores = []
    for node in captures(_STORES, func).get("ret", []):
        if enclosing_function(node).id == func.id:
            returns.append((node, _mentioned(ctx, node)))
    for node in captures(_STORES, func).get("store", []):
        if enclosing_function(node).id != func.id:
            continue
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None or left.named_child_count != 1 or right.named_child_count != 1:
            continue
        target, value = unparen(left.named_children[0]), unparen(right.named_children[0])
        if target is None or value is None:
            continue
        if target.type == "selector_expression":
            root = target
            while root is not None and root.type == "selector_expression":
                root = unparen(root.child_by_field_name("operand"))
            key = expr_key(ctx, root)
        elif target.type == "identifier" and value.type in ("composite_literal", "unary_expression"):
            key = expr_key(ctx, target)
        else:
            continue
        if key is not None:
            field_stores.append((key, _mentioned(ctx, value)))
    facts = cache[func.id] = _FunctionFacts(receives, waits, locks, returns, field_stores)
    return facts


def _done_key(ctx: "FileContext", operand: "Node | None") -> Key | None:
    """``("done", key of ctx)`` for a receive from ``ctx.Done()``."""
    op = unparen(operand)
    if op is None or op.type != "call_expression":
        return None
    fn = unparen(op.child_by_field_name("function"))
    args = op.child_by_field_name("arguments")
    if fn is None or fn.type != "selector_expression" or text(fn.child_by_field_name("field")) != "Done" or (args is not None and args.named_child_count):
        return None
    key = expr_key(ctx, fn.child_by_field_name("operand"))
    return ("done", key) if key is not None else None


def _cancelled_context(ctx: "FileContext", fn: "Node | None") -> Key | None:
    """For a call of ``cancel`` from ``c, cancel := context.WithCancel(...)`` (or
    WithTimeout, WithDeadline, ...): the key of ``c.Done()``, which the call closes."""
    fn = unparen(fn)
    if fn is None or fn.type != "identifier":
        return None
    b = ctx.scopes(fn).resolve(fn)
    if b is None or b.decl.type not in ("short_var_declaration", "assignment_statement"):
        return None
    left, right = b.decl.child_by_field_name("left"), b.decl.child_by_field_name("right")
    if left is None or right is None or left.named_child_count != 2 or right.named_child_count != 1:
        return None
    if left.named_children[1].id != b.ident.id and not any(r.id == left.named_children[1].id for r in b.refs):
        return None
    call = unparen(right.named_children[0])
    q = ctx.qualified_callee(call) if call is not None and call.type == "call_expression" else None
    if q is None or f"{q[0]}.{q[1]}" not in ctx.knowledge.context_derive:
        return None
    first = left.named_children[0]
    key = expr_key(ctx, first)
    return ("done", key) if key is not None else None


def _mentioned(ctx: "FileContext", node: "Node") -> set:
    """Keys of the variables an expression or statement mentions."""
    out = set()
    for n in [node, *descendants(node, skip=lambda x: x.type == "func_literal")]:
        if n.type == "identifier":
            k = expr_key(ctx, n)
            if k is not None:
                out.add(k)
    return out


def _after(node: "Node", g: Goroutine) -> bool:
    """Whether ``node`` runs after the go statement in the launching function itself:
    later in the source, deferred, or in a loop that also holds the go statement. A
    receive inside another goroutine of the function waits for nothing."""
    if g.literal is not None and is_within(node, g.literal):
        return False
    for a in ancestors(node):
        if a.id == g.function.id:
            break
        if a.type == "func_literal" and a.parent is not None and a.parent.type == "call_expression" \
                and a.parent.parent is not None and a.parent.parent.type == "go_statement":
            return False
    if node.start_byte >= g.stmt.end_byte:
        return True
    for a in ancestors(node):
        if a.id == g.function.id:
            break
        if a.type == "defer_statement":
            return True
        if a.type == "for_statement" and is_within(g.stmt, a):
            return True
    return False


def is_awaited(ctx: "FileContext", g: Goroutine, _depth: int = 0) -> bool:
    """The contract's *Waiting* definition, widened by v3 (see the module docstring)."""
    facts = _function_facts(ctx, g.function)
    gf = _goroutine_facts(ctx, g)
    for call, key in facts.waits:
        if key is not None and _after(call, g) and any(k in gf.refs for k in _key_roots(key)):
            return True
    for node, key, _ in facts.receives:
        if key is not None and key in gf.channels and _after(node, g):
            return True
    # A mutex the goroutine unlocks and the launcher locks again afterwards is a wait
    # too (`m.Lock(); go func() { ...; m.Unlock() }(); m.Lock()`).
    for call, key in facts.locks:
        if key is not None and key in gf.unlocks and call.start_byte >= g.stmt.end_byte:
            return True
    return (
        _results_returned(ctx, g, gf)
        or _waited_by_enclosing(ctx, g, gf)
        or _pipe_drained(ctx, g, gf)
        or (_depth == 0 and _awaited_through_goroutine(ctx, g, gf))
    )


def waits_for(ctx: "FileContext", g: Goroutine, failing_alternatives: bool = False) -> bool:
    """Whether the launching function waits for the goroutine whatever happens: a later
    ``.Wait()`` on a WaitGroup it signs off on, or a plain receive (not a select case)
    from a channel it only closes. The goroutine then never outlives the function.
    With ``failing_alternatives`` (tests), a select case receiving that signal counts
    when every other case fails the test."""
    facts = _function_facts(ctx, g.function)
    gf = _goroutine_facts(ctx, g)
    for call, key in facts.waits:
        if key is not None and _after(call, g) and any(k in gf.refs for k in _key_roots(key)):
            return True
    for node, key, _ in facts.receives:
        # `<-done` on a channel the goroutine only closes: a completion signal, not data.
        if key is None or key not in gf.closes or key in gf.sends or node.type != "unary_expression":
            continue
        if not _after(node, g):
            continue
        case = _case_of_receive(node)
        if case is None:
            return True
        if failing_alternatives and all(ends_in_test_failure(ctx, other) for other in other_cases(case)):
            return True
    return False


def _results_returned(ctx: "FileContext", g: Goroutine, gf: _GoFacts) -> bool:
    """The goroutine's channel goes back to the caller, who drains it: F returns it
    (also inside a composite literal), or stores it in a value F returns or in a named
    result (``s.results = ch; ...; return s``)."""
    if g.literal is None:
        return False
    facts = _function_facts(ctx, g.function)
    for ret, keys in facts.returns:
        if ret.start_byte >= g.stmt.end_byte and keys & gf.channels:
            return True
    returned = set().union(*(keys for _, keys in facts.returns)) if facts.returns else set()
    results = {("b", id(b)) for b in ctx.scopes(g.function).results(g.function)}
    for holder, keys in facts.field_stores:
        if keys & gf.channels and (holder in returned or holder in results):
            return True
    return False


def _waited_by_enclosing(ctx: "FileContext", g: Goroutine, gf: _GoFacts) -> bool:
    """A ``.Wait()`` in a function enclosing the closure that launches the goroutine,
    after that closure (``run := func() { wg.Add(1); go ... }; run(); wg.Wait()``)."""
    closure = g.function
    for outer in ancestors(closure):
        if outer.type not in FUNCTION_TYPES:
            continue
        for call, key in _function_facts(ctx, outer).waits:
            if key is None or is_within(call, closure) or not any(k in gf.refs for k in _key_roots(key)):
                continue
            if _inside_goroutine(call, outer):
                continue
            if call.start_byte >= closure.end_byte or any(a.type == "defer_statement" for a in _ancestors_within(call, outer)):
                return True
        if outer.type != "func_literal":
            break
        closure = outer
    return False


def _pipe_drained(ctx: "FileContext", g: Goroutine, gf: _GoFacts) -> bool:
    """The goroutine writes to (or reads from) one end of an ``io.Pipe()`` and F uses
    the other end after the ``go`` statement: reading it to EOF, closing it, or handing
    it on. Either way the goroutine's pipe operation returns."""
    for b in gf.bindings.values():
        other = _other_pipe_end(ctx, b)
        if other is None:
            continue
        for ref in other.refs:
            if g.literal is not None and is_within(ref, g.literal):
                continue
            if _discarded(ref):
                continue  # `_ = pr` uses nothing
            if _after(ref, g):
                return True
    return False


def _discarded(ref: "Node") -> bool:
    """``_ = x``: a reference that only silences the compiler."""
    a = assignment_of(ref)
    target = a.target if a is not None else None
    return target is not None and text(target) == "_"


def _other_pipe_end(ctx: "FileContext", b: "Binding") -> "Binding | None":
    """For one result of ``pr, pw := io.Pipe()``, the binding of the other result."""
    decl = b.decl
    if decl.type not in ("short_var_declaration", "var_spec", "assignment_statement"):
        return None
    left = decl.child_by_field_name("left") if decl.type != "var_spec" else None
    right = decl.child_by_field_name("right") if decl.type != "var_spec" else decl.child_by_field_name("value")
    names = list(decl.children_by_field_name("name")) if decl.type == "var_spec" else (list(left.named_children) if left is not None else [])
    if right is None or right.named_child_count != 1 or len(names) != 2:
        return None
    call = unparen(right.named_children[0])
    if call is None or call.type != "call_expression" or not _returns_pipe_ends(ctx, call):
        return None
    idx = next((i for i, n in enumerate(names) if n.id == b.ident.id), None)
    if idx is None:
        return None
    other = names[1 - idx]
    return ctx.scopes(other).resolve(other) if other.type == "identifier" else None


def _returns_pipe_ends(ctx: "FileContext", call: "Node") -> bool:
    """Whether a two-result call returns the two ends of one pipe: ``io.Pipe()``, or a
    function of the package that makes one and returns one end in each result (also
    inside a value: ``return unzip{pipeReader: pr}, pw``)."""
    if ctx.qualified_callee(call) == ("io", "Pipe"):
        return True
    fn = unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "identifier" or ctx.is_local(fn):
        return False
    from golint_ai.golang.index import find_func

    decl = find_func(ctx.package, text(fn))
    if decl is None:
        return False
    body = decl.node.child_by_field_name("body")
    pipe = None
    for n in descendants(body, skip=lambda x: x.type == "func_literal") if body is not None else []:
        if n.type == "short_var_declaration" and b"Pipe" in n.text:
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            value = unparen(right.named_children[0]) if right is not None and right.named_child_count == 1 else None
            if value is not None and value.type == "call_expression" and text(value.child_by_field_name("function")).endswith("Pipe") \
                    and left is not None and left.named_child_count == 2:
                pipe = (text(left.named_children[0]), text(left.named_children[1]))
        elif n.type == "return_statement" and pipe is not None:
            values = n.named_children[0].named_children if n.named_child_count and n.named_children[0].type == "expression_list" else []
            if len(values) != 2:
                return False
            mentions = [{text(x) for x in [v, *descendants(v)] if x.type == "identifier"} for v in values]
            if not ((pipe[0] in mentions[0] and pipe[1] in mentions[1]) or (pipe[1] in mentions[0] and pipe[0] in mentions[1])):
                return False
            return True
    return False


def _awaited_through_goroutine(ctx: "FileContext", g: Goroutine, gf: _GoFacts) -> bool:
    """Another goroutine of F that F awaits waits for this one: it calls ``.Wait()`` on
    a WaitGroup this one signs off on (``go func() { wg.Wait(); close(done) }()`` with
    F receiving from ``done``), or ranges over a channel this one sends on and closes
    (a producer feeding workers F waits for).

    The other goroutines are found through an index of F's goroutines by what they wait
    on and drain (built once per function), not by asking each of them: a function
    launching n goroutines costs n, not n squared."""
    waiters, drainers = _waiter_index(ctx, g.function)
    candidates: dict[int, Goroutine] = {}
    for k in gf.refs:
        for other in waiters.get(k, ()):
            candidates[other.stmt.id] = other
    for k in gf.closes:
        for other in drainers.get(k, ()):
            candidates[other.stmt.id] = other
    awaited = ctx.file.__dict__.setdefault("_awaited_at_depth_1", {})
    for sid, other in sorted(candidates.items(), key=lambda kv: kv[1].stmt.start_byte):
        if sid == g.stmt.id:
            continue
        if sid not in awaited:
            awaited[sid] = is_awaited(ctx, other, _depth=1)
        if awaited[sid]:
            return True
    return False


def _waiter_index(ctx: "FileContext", func: "Node") -> tuple[dict, dict]:
    """For the goroutine literals launched directly by ``func``: key root -> those that
    call a wait method on it, and channel key -> those that drain it (range with no
    early exit)."""
    cache = ctx.file.__dict__.setdefault("_waiter_index", {})
    found = cache.get(func.id)
    if found is not None:
        return found
    waiters: dict = {}
    drainers: dict = {}
    for go in captures(GO_STATEMENTS, func).get("go", []):
        owner = enclosing_function_from(ctx.root, go)
        if owner is None or owner.id != func.id:
            continue
        other = goroutine_of(go)
        if other is None or other.literal is None:
            continue
        for root in _wait_roots(ctx, other):
            waiters.setdefault(root, []).append(other)
        for key in _drained_keys(ctx, other):
            drainers.setdefault(key, []).append(other)
    found = cache[func.id] = (waiters, drainers)
    return found


def _wait_roots(ctx: "FileContext", waiter: Goroutine) -> set:
    """Key roots of what ``waiter`` calls a wait method on (see :func:`_waits_on`)."""
    wait_methods = ctx.knowledge.wait_methods
    roots: set = set()
    for call in captures(_CALLS, waiter.literal).get("mcall", []):
        fn = call.child_by_field_name("function")
        if text(fn.child_by_field_name("field")) in wait_methods:
            key = expr_key(ctx, fn.child_by_field_name("operand"))
            if key is not None:
                roots.update(_key_roots(key))
    return roots


def _drained_keys(ctx: "FileContext", consumer: Goroutine) -> set:
    """Channel keys ``consumer`` ranges over with no early exit (see :func:`_drains`)."""
    keys: set = set()
    for node in captures(_RECEIVES, consumer.literal).get("range", []):
        key = expr_key(ctx, node.child_by_field_name("right"))
        loop = node.parent
        if key is None or loop is None or loop.type != "for_statement":
            continue
        if not _loop_exits_early(ctx, loop, None):
            keys.add(key)
    return keys


def _waits_on(ctx: "FileContext", waiter: Goroutine, gf: _GoFacts) -> bool:
    wait_methods = ctx.knowledge.wait_methods
    for call in captures(_CALLS, waiter.literal).get("mcall", []):
        fn = call.child_by_field_name("function")
        if text(fn.child_by_field_name("field")) in wait_methods:
            key = expr_key(ctx, fn.child_by_field_name("operand"))
            if key is not None and any(k in gf.refs for k in _key_roots(key)):
                return True
    return False


def _drains(ctx: "FileContext", consumer: Goroutine, gf: _GoFacts) -> bool:
    """Whether ``consumer`` ranges, with no early exit, over a channel the other
    goroutine closes."""
    for node in captures(_RECEIVES, consumer.literal).get("range", []):
        key = expr_key(ctx, node.child_by_field_name("right"))
        loop = node.parent
        if key is None or key not in gf.closes or loop is None or loop.type != "for_statement":
            continue
        if not _loop_exits_early(ctx, loop, None):
            return True
    return False


def _inside_goroutine(node: "Node", func: "Node") -> bool:
    """Whether ``node`` sits in a literal launched by ``go`` below ``func``."""
    for a in _ancestors_within(node, func):
        if a.type == "func_literal" and a.parent is not None and a.parent.type == "call_expression" \
                and a.parent.parent is not None and a.parent.parent.type == "go_statement":
            return True
    return False


def _ancestors_within(node: "Node", func: "Node") -> Iterator["Node"]:
    for a in ancestors(node):
        if a.id == func.id:
            return
        yield a


def program_lifetime(ctx: "FileContext", g: Goroutine) -> bool:
    """Whether the goroutine is launched for the life of the program: from ``main`` (or
    ``init``) of package main, or from a function of package main that only ``main``
    calls. When such a function returns the process exits, so a goroutine it leaves
    behind is no leak."""
    if ctx.package.name != "main":
        return False
    top = g.function
    for a in ancestors(g.function):
        if a.type in FUNCTION_TYPES:
            top = a
    if top.type != "function_declaration":
        return False
    name = text(top.child_by_field_name("name"))
    if name in ("main", "init"):
        return True
    cache = ctx.package.__dict__.setdefault("_only_main_calls", {})
    if name not in cache:
        callers = []
        needle = name.encode() + b"("
        for f in ctx.package.files:
            if needle not in f.data:
                continue
            for call in (c for decl in f.declarations_near((name.encode(),)) for c in captures(_CALLS_OF, decl).get("call", [])):
                fn = call.child_by_field_name("function")
                if text(fn) != name:
                    continue
                owner = _top_function(call)
                callers.append(text(owner.child_by_field_name("name")) if owner is not None and owner.type == "function_declaration" else "")
        cache[name] = bool(callers) and all(c == "main" for c in callers)
    return cache[name]


def _top_function(node: "Node") -> "Node | None":
    """The outermost function holding ``node``."""
    top = None
    for a in ancestors(node):
        if a.type in FUNCTION_TYPES:
            top = a
    return top


def joins_field_waitgroup(ctx: "FileContext", g: Goroutine) -> bool:
    """Whether the goroutine signs off on a WaitGroup held in a struct field
    (``s.wg.Done()``) that the package waits on somewhere (``s.wg.Wait()`` in a Flush or
    Close method): its lifetime is bounded by its owner's, not left to run free."""
    if g.literal is None:
        return False
    body = g.literal.child_by_field_name("body")
    if body is None or b".Done()" not in body.text:
        return False
    fields = set()
    for call in descendants(body):
        if call.type != "call_expression":
            continue
        fn = unparen(call.child_by_field_name("function"))
        if fn is None or fn.type != "selector_expression" or text(fn.child_by_field_name("field")) != "Done":
            continue
        holder = unparen(fn.child_by_field_name("operand"))
        if holder is not None and holder.type == "selector_expression":
            fields.add(text(holder.child_by_field_name("field")))
    return any(f".{name}.Wait()".encode() in pf.data for name in fields for pf in ctx.package.files)


# -- selects ------------------------------------------------------------------------
def select_case_of(stmt: "Node") -> "Node | None":
    """The communication case whose communication ``stmt`` (a send or receive) is."""
    p = stmt.parent
    if p is not None and p.type == "communication_case":
        comm = p.child_by_field_name("communication")
        if comm is not None and comm.id == stmt.id:
            return p
    return None


def _case_of_receive(recv: "Node") -> "Node | None":
    """The select case receiving with ``recv`` (``case <-ch:``, ``case v := <-ch:``)."""
    p = recv.parent
    while p is not None and p.type in ("parenthesized_expression", "expression_list"):
        p = p.parent
    if p is not None and p.type == "receive_statement":
        return select_case_of(p)
    if p is not None and p.type == "expression_statement":
        return select_case_of(p)
    return None


def other_cases(case: "Node") -> list["Node"]:
    sel = case.parent
    if sel is None or sel.type != "select_statement":
        return []
    return [c for c in sel.named_children if c.type in ("communication_case", "default_case") and c.id != case.id]


def is_guarded_send(send: "Node") -> bool:
    """A send that is a case of a select with some other case (``ctx.Done()``, ``default``, ...)."""
    case = select_case_of(send)
    return case is not None and bool(other_cases(case))


def makes_in(ctx: "FileContext", g: Goroutine) -> bool:
    """Whether the launching function's bytes say ``make``: a channel it makes with
    ``make(chan T)`` is the only kind the goroutine rules follow (:func:`channel_capacity`),
    so a function without one needs no scopes built (memoised per function)."""
    memo = ctx.file.__dict__.setdefault("_makes_in", {})
    found = memo.get(g.function.id)
    if found is None:
        found = memo[g.function.id] = ctx.file.holds(g.function, b"make")
    return found


def channel_capacity(ctx: "FileContext", binding: "Binding") -> tuple["Node", "Node | None", int | None] | None:
    """``(make call, capacity expression, constant capacity)`` when the binding is
    initialised with ``make(chan T[, n])`` and never reassigned."""
    v = unparen(binding.value)
    if v is None or v.type != "call_expression":
        return None
    fn = unparen(v.child_by_field_name("function"))
    if fn is None or fn.type != "identifier" or text(fn) != "make" or ctx.is_local(fn):
        return None
    args = v.child_by_field_name("arguments")
    arg_nodes = [a for a in args.named_children if a.type != "comment"] if args is not None else []
    if not arg_nodes or arg_nodes[0].type != "channel_type":
        return None
    for r in binding.refs:
        if _is_assigned(r):
            return None
    if len(arg_nodes) == 1:
        return v, None, 0
    return v, arg_nodes[1], const_int(arg_nodes[1])


def is_channel_expr(ctx: "FileContext", expr: "Node | None") -> bool:
    """Whether an identifier names a channel by its declaration (``chan T`` type or
    ``make(chan T...)`` value), local or package-level."""
    e = unparen(expr)
    if e is None or e.type != "identifier":
        return False
    b = ctx.scopes(e).resolve(e)
    if b is not None:
        tnode, value = b.type_node, b.value
    else:
        from golint_ai.golang.index import find_var

        pv = find_var(ctx.package, text(e))
        if pv is None:
            return False
        tnode, value = pv.type_node, pv.value
    if tnode is not None:
        return tnode.type == "channel_type"
    v = unparen(value)
    if v is None or v.type != "call_expression" or text(v.child_by_field_name("function")) != "make":
        return False
    args = v.child_by_field_name("arguments")
    return args is not None and args.named_child_count > 0 and args.named_children[0].type == "channel_type"


def _is_assigned(ref: "Node") -> bool:
    p = ref.parent
    if p is not None and p.type == "expression_list":
        p = p.parent
        side = ref.parent
    else:
        side = ref
    if p is None or p.type not in ("assignment_statement", "short_var_declaration"):
        if p is not None and p.type == "unary_expression" and text(p.child_by_field_name("operator")) == "&":
            return True
        return False
    left = p.child_by_field_name("left")
    return left is not None and left.id == side.id


def _function_exits(body: "Node", ctx: "FileContext", loop: "Node | None", func: "Node") -> bool:
    """Whether ``body`` (a case's statements) holds a statement leaving ``func`` or,
    when ``loop`` is given, the loop: return, goto, a terminal call, or a labelled
    break/continue naming ``loop`` or a loop around it."""
    outer_labels = set()
    if loop is not None:
        for a in [loop, *ancestors(loop)]:
            if a.id == func.id:
                break
            if a.type == "for_statement" and a.parent is not None and a.parent.type == "labeled_statement":
                lab = a.parent.child_by_field_name("label")
                outer_labels.add(text(lab))
    for n in descendants(body, skip=lambda x: x.type == "func_literal"):
        t = n.type
        if t in ("return_statement", "goto_statement"):
            return True
        if t == "expression_statement" and ctx.is_terminal(n) and failure_kind(ctx, n) != STOP:
            return True
        if t == "break_statement" and n.named_child_count:
            if loop is None or text(n.named_children[0]) in outer_labels:
                return True
        if t == "continue_statement" and n.named_child_count and loop is not None:
            lab = text(n.named_children[0])
            if lab in outer_labels and not _labels_loop(loop, lab):
                return True
    return False


def _leaves_after_counting(ctx: "FileContext", other: "Node", receiving: "Node", loop: "Node | None", func: "Node") -> bool:
    """Whether every way ``other`` leaves the receiving loop waits for a count of the
    receives of ``receiving``: ``case <-b: m++; if n == 2 && m == 2 { return }`` with
    ``n++`` in the receiving case. Such a loop keeps receiving until it has them all."""
    if loop is None:
        return False
    counters = _incremented(receiving)
    if not counters:
        return False
    exits = [n for n in descendants(other, skip=lambda x: x.type == "func_literal")
             if n.type in ("return_statement", "goto_statement") or (n.type == "break_statement" and n.named_child_count)]
    if not exits:
        return False
    for n in exits:
        guarded = False
        for a in ancestors(n):
            if a.id == other.id:
                break
            if a.type == "if_statement":
                cond = a.child_by_field_name("condition")
                if cond is not None and counters & {text(i) for i in [cond, *descendants(cond)] if i.type == "identifier"}:
                    guarded = True
                    break
        if not guarded:
            return False
    return True


def _incremented(case: "Node") -> set[str]:
    """Names a case's statements increment (``n++``, ``n += 1``)."""
    out = set()
    for n in descendants(case, skip=lambda x: x.type == "func_literal"):
        if n.type == "inc_statement" and n.named_child_count and n.named_children[0].type == "identifier":
            out.add(text(n.named_children[0]))
        elif n.type == "assignment_statement":
            op = n.child_by_field_name("operator")
            left = n.child_by_field_name("left")
            if op is not None and text(op) == "+=" and left is not None and left.named_child_count == 1 and left.named_children[0].type == "identifier":
                out.add(text(left.named_children[0]))
    return out


def _labels_loop(loop: "Node", label: str) -> bool:
    p = loop.parent
    return p is not None and p.type == "labeled_statement" and text(p.child_by_field_name("label")) == label


def _receiving_loop(node: "Node", func: "Node") -> "Node | None":
    for a in ancestors(node):
        if a.id == func.id or a.type in FUNCTION_TYPES:
            return None
        if a.type == "for_statement":
            return a
    return None


class AbandonedSend(Struct, frozen=True, dict=True):
    """GAI102's shape: a goroutine's send on an unbuffered channel its launcher receives from only in
    a select whose other case abandons the receive."""

    send: "Node"
    channel: "Binding"
    make: "Node"  # the make call
    receive: "Node"  # the select receive
    case: "Node"  # the other case that abandons the receive
    goroutine: Goroutine
    sends_once: bool  # one send per goroutine, goroutine not relaunched in a loop


def _channel_binding(ctx: "FileContext", chan: "Node", g: Goroutine) -> "Binding | None":
    """The launching function's binding a goroutine's send goes to, following a
    literal's parameter to its argument."""
    chan = unparen(chan)
    if chan is None or chan.type != "identifier":
        return None
    b = ctx.scopes(chan).resolve(chan)
    if b is None:
        return None
    if g.literal is not None and b.function.id == g.literal.id:
        if b.kind != "param":
            return None
        params = ctx.scopes(chan).params(g.literal)
        idx = next((i for i, p in enumerate(params) if p is b), None)
        if idx is None or idx >= len(g.args) or len(params) != len(g.args):
            return None
        arg = unparen(g.args[idx])
        if arg is None or arg.type != "identifier":
            return None
        b = ctx.scopes(arg).resolve(arg)
    return b


def goroutine_of_send(send: "Node") -> Goroutine | None:
    lit = enclosing_function(send)
    if lit is None or lit.type != "func_literal":
        return None
    return launching_goroutine(lit)


def abandoned_send(ctx: "FileContext", send: "Node") -> AbandonedSend | None:
    """GAI102's question for one send statement (see the module docstring)."""
    cache = ctx.file.__dict__.setdefault("_abandoned_sends", {})
    if send.id in cache:
        return cache[send.id]
    cache[send.id] = result = _abandoned_send(ctx, send)
    return result


def unbuffered_send(ctx: "FileContext", send: "Node") -> "tuple[Goroutine, Binding, Node] | None":
    """For a bare send of a goroutine literal (not of `main`'s lifetime) on a channel the
    launching function makes unbuffered: the goroutine, the channel's binding in that
    function, and its ``make`` call."""
    if is_guarded_send(send):
        return None
    g = goroutine_of_send(send)
    if g is None or g.literal is None or not makes_in(ctx, g) or program_lifetime(ctx, g):
        return None
    b = _channel_binding(ctx, send.child_by_field_name("channel"), g)
    if b is None or b.function.id != g.function.id:
        return None
    cap = channel_capacity(ctx, b)
    if cap is None or cap[2] != 0:
        return None
    return g, b, cap[0]


def _abandoned_send(ctx: "FileContext", send: "Node") -> AbandonedSend | None:
    found = unbuffered_send(ctx, send)
    if found is None:
        return None
    g, b, make = found
    select_receives = []
    for r in b.refs:
        if is_within(r, g.call):
            continue
        use = _channel_use(r)
        if enclosing_function(r).id != g.function.id:
            other = launching_goroutine(enclosing_function(r))
            if use is not None and use[0] in ("send", "close") and other is not None:
                continue  # another producer
            return None  # handed to another literal: another consumer may exist
        if use is None:
            return None  # passed, stored, returned: someone else may receive
        kind, node = use
        if kind == "close" or kind == "len":
            continue
        if kind in ("recv", "range"):
            case = _case_of_receive(node) if kind == "recv" else None
            if case is None or not other_cases(case):
                return None  # an unconditional receive
            select_receives.append((node, case))
        elif kind == "send":
            continue
    if not select_receives:
        return None
    single = len(select_receives) == 1
    for node, case in select_receives:
        loop = _receiving_loop(case, g.function)
        if _filters_shutdown_error(ctx, send, g):
            continue  # F shuts the server down when it stops receiving; that error is never sent
        for other in other_cases(case):
            if ends_in_test_failure(ctx, other) or (_returns_error(other) and callers_fail_on_error(ctx, g.function)):
                continue  # the goroutine is left behind only in a failed test
            if _wins_only_without(ctx, other, send, g):
                continue  # that case wins only once this send is done or will never happen
            if loop is None and single:
                leaves = True
            else:
                leaves = _function_exits(other, ctx, loop, g.function) and not _leaves_after_counting(ctx, other, case, loop, g.function)
            if leaves:
                sends_once = _sends_once(ctx, send, g, b, make)
                return AbandonedSend(send, b, make, node, other, g, sends_once)
    return None


def _returns_error(case: "Node") -> bool:
    """Whether a case leaves by returning something other than ``nil`` last (an error)."""
    for n in descendants(case, skip=lambda x: x.type == "func_literal"):
        if n.type == "return_statement" and n.named_child_count:
            values = n.named_children[0]
            last = values.named_children[-1] if values.type == "expression_list" and values.named_child_count else values
            if unparen(last) is not None and unparen(last).type != "nil":
                return True
    return False


_CLOSED_ERRORS = ("ErrServerClosed", "ErrClosed")


def _filters_shutdown_error(ctx: "FileContext", send: "Node", g: Goroutine) -> bool:
    """``if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed { errs <- err }``
    while F shuts the server down (``Shutdown``/``Close``) once it stops receiving: the
    serve call then returns the closed error, which is never sent."""
    guarded = False
    for a in _ancestors_within(send, g.literal):
        if a.type == "if_statement":
            cond = a.child_by_field_name("condition")
            if cond is not None and any(e.encode() in cond.text for e in _CLOSED_ERRORS):
                guarded = True
                break
    if not guarded:
        return False
    for call in captures(_CALLS, g.function).get("mcall", []):
        if call.start_byte < g.stmt.end_byte or (g.literal is not None and is_within(call, g.literal)):
            continue
        fn = call.child_by_field_name("function")
        if text(fn.child_by_field_name("field")) in ("Shutdown", "Close"):
            return True
    return False


def _wins_only_without(ctx: "FileContext", case: "Node", send: "Node", g: Goroutine) -> bool:
    """Whether ``case`` receives from a channel the goroutine sends to only where no path
    leads from that send on to ``send``: when the case wins, ``send`` has completed
    already or will never run. Exclusive sends (``if err != nil { errCh <- err } else {
    resCh <- v }``) and sends after ``send`` are of that kind."""
    comm = case.child_by_field_name("communication") if case.type == "communication_case" else None
    recv = _receive_in(comm) if comm is not None else None
    if recv is None or g.literal is None:
        return False
    op = unparen(recv.child_by_field_name("operand"))
    other = ctx.scopes(op).resolve(op) if op is not None and op.type == "identifier" else None
    if other is None:
        return False
    flow = ctx.flow(g.literal)
    here = flow.node_for(send)
    if here is None:
        return False
    sends = []
    for n in descendants(g.literal.child_by_field_name("body") or g.literal):
        if n.type == "send_statement" and n.id != send.id and _channel_binding(ctx, n.child_by_field_name("channel"), g) is other:
            sends.append(n)
    if not sends:
        return False
    for s in sends:
        there = flow.node_for(s)
        if there is None or flow.reaches(there, here):
            return False
    return True


def _receive_in(comm: "Node") -> "Node | None":
    """The ``<-ch`` of a select case's communication (``<-ch``, ``v := <-ch``, ``v, ok = <-ch``)."""
    node = comm
    if node.type == "receive_statement":
        node = node.child_by_field_name("right")
    elif node.type == "expression_statement" and node.named_child_count:
        node = node.named_children[0]
    node = unparen(node)
    if node is not None and node.type == "unary_expression" and text(node.child_by_field_name("operator")) == "<-":
        return node
    return None


def _channel_use(ref: "Node") -> tuple[str, "Node"] | None:
    """How a reference to a channel variable uses it."""
    p = ref.parent
    while p is not None and p.type == "parenthesized_expression":
        p = p.parent
    if p is None:
        return None
    if p.type == "unary_expression" and text(p.child_by_field_name("operator")) == "<-":
        return "recv", p
    if p.type == "range_clause":
        return "range", p
    if p.type == "send_statement" and p.child_by_field_name("channel") is not None and p.child_by_field_name("channel").id == ref.id:
        return "send", p
    if p.type == "argument_list" and p.parent is not None and p.parent.type == "call_expression":
        fn = p.parent.child_by_field_name("function")
        if text(fn) == "close":
            return "close", p.parent
        if text(fn) in ("len", "cap"):
            return "len", p.parent
        return None
    if p.type in ("short_var_declaration", "var_spec") or (p.type == "expression_list" and p.parent is not None and p.parent.type in ("short_var_declaration", "var_spec") and p.parent.child_by_field_name("left") is not None and p.parent.child_by_field_name("left").id == p.id):
        return "decl", p
    if p.type == "var_spec":
        return "decl", p
    return None


def _sends_once(ctx: "FileContext", send: "Node", g: Goroutine, b: "Binding", make: "Node", per_goroutine: bool = False) -> bool:
    """One send on the channel per goroutine, one goroutine per channel: then capacity 1
    lets the goroutine finish whatever happens to the receiver. ``per_goroutine``: only
    the first half (the caller has counted the goroutines). The channel must not reach
    code the analysis does not see (a helper the goroutine hands it to may send too)."""
    lit = g.literal
    for a in ancestors(send):
        if a.id == lit.id:
            break
        if a.type == "for_statement":
            return False
    sends = 0
    for r in b.refs:
        if r.id == b.ident.id:
            continue
        use = _channel_use(r)
        if use is None:
            return False  # passed on or stored: other sends may follow
        if use[0] == "send":
            sends += 1
    if sends != 1:
        return False
    if per_goroutine:
        return True
    for a in ancestors(g.stmt):
        if a.id == g.function.id:
            break
        if a.type == "for_statement" and not is_within(make, a):
            return False
    return True


# -- contexts ---------------------------------------------------------------------------
class ContextInScope(Struct, frozen=True, dict=True):
    """A context a func literal can watch: a parameter, a captured or visible variable, or a request context."""

    name: str  # as a reviewer writes it: `ctx`, `r.Context()`
    decl: "Node"  # where it is declared (the identifier, or the request parameter)
    binding: "Binding | None"


def is_context_binding(ctx: "FileContext", b: "Binding") -> bool:
    """A cancellable ``context.Context``: declared with that type, or initialised from
    a context-deriving call, ``x.Context()``, or the context result of a multi-value
    call like ``context.WithCancel`` / ``errgroup.WithContext``."""
    if b.type_node is not None:
        q = qualified_name(b.type_node, ctx.imports, lambda n: False)
        return q == ("context", "Context")
    v = unparen(b.value)
    if v is None:
        return _multi_value_context(ctx, b)
    if v.type != "call_expression":
        return False
    q = ctx.qualified_callee(v)
    if q is not None:
        full = f"{q[0]}.{q[1]}"
        return full in ctx.knowledge.context_derive or full in ctx.knowledge.context_detach
    fn = unparen(v.child_by_field_name("function"))
    args = v.child_by_field_name("arguments")
    return (
        fn is not None
        and fn.type == "selector_expression"
        and text(fn.child_by_field_name("field")) == "Context"
        and (args is None or args.named_child_count == 0)
    )


def _multi_value_context(ctx: "FileContext", b: "Binding") -> bool:
    decl = b.decl
    if decl.type not in ("short_var_declaration", "assignment_statement", "var_spec"):
        return False
    left = decl.child_by_field_name("left") if decl.type != "var_spec" else None
    right = decl.child_by_field_name("right") if decl.type != "var_spec" else decl.child_by_field_name("value")
    if left is None or right is None or right.named_child_count != 1:
        return False
    call = unparen(right.named_children[0])
    if call is None or call.type != "call_expression":
        return False
    names = [c for c in left.named_children] if left.type == "expression_list" else [left]
    idx = next((i for i, n in enumerate(names) if n.id == b.ident.id), None)
    q = ctx.qualified_callee(call)
    if q is None or idx is None:
        return False
    full = f"{q[0]}.{q[1]}"
    if full in ctx.knowledge.context_derive:
        return idx == 0
    if q[1] == "WithContext" and q[0].endswith("/errgroup"):
        return idx == 1
    return False


def contexts_in_scope(ctx: "FileContext", literal: "Node") -> list[ContextInScope]:
    """Contexts a func literal can watch, best first: its own context parameters, the
    contexts it captures, the contexts visible where it is written, and the request
    context of an enclosing handler of any framework (``r.Context()``,
    ``c.Request.Context()``, ``stream.Context()``)."""
    from golint_ai.leaks.handlers import handler_params

    scopes = ctx.scopes(literal)
    out: list[ContextInScope] = []
    for b in scopes.params(literal):
        if is_context_binding(ctx, b):
            out.append(ContextInScope(b.name, b.ident, b))
    captured = scopes.captured_by(literal)
    for b in sorted(captured, key=lambda x: x.ident.start_byte):
        if is_context_binding(ctx, b):
            out.append(ContextInScope(b.name, b.ident, b))
    seen = {id(c.binding) for c in out}
    visible = []
    for b in scopes.bindings:
        if id(b) in seen or b.ident.start_byte >= literal.start_byte or is_within(b.ident, literal):
            continue
        if not is_within(literal, b.function) or not _visible(b, literal):
            continue
        if is_context_binding(ctx, b):
            visible.append(b)
    # The nearest declaration first: `ctx, cancel := context.WithCancel(parent)` right
    # before the literal is the context it should watch, not `parent`.
    for b in sorted(visible, key=lambda x: -x.ident.start_byte):
        out.append(ContextInScope(b.name, b.ident, b))
    for f in [a for a in ancestors(literal) if a.type in FUNCTION_TYPES]:
        for h in handler_params(ctx, f):
            if h.kind == "request" and id(h.request) not in seen:
                out.append(ContextInScope(h.framework.context_expr(h.request.name), h.request.ident, h.request))
    return out


def _visible(b: "Binding", node: "Node") -> bool:
    """Whether the block declaring ``b`` holds ``node`` (lexical visibility)."""
    if b.kind in ("param", "receiver", "result"):
        return True
    scope = b.decl.parent
    while scope is not None and scope.type not in ("block", "statement_list", "for_statement", "if_statement", "communication_case", "expression_case", "default_case", "type_case") and scope.type not in FUNCTION_TYPES:
        scope = scope.parent
    if scope is not None and scope.type == "statement_list":
        scope = scope.parent
    return scope is not None and is_within(node, scope)


# -- GAI103 ------------------------------------------------------------------------------
class StreamSend(Struct, frozen=True, dict=True):
    """GAI103's shape: an unguarded send in a goroutine's loop (or a callback) with a context in scope."""

    send: "Node"
    goroutine: Goroutine
    context: ContextInScope
    loop: "Node"  # the loop around the send, or the call handed the callback holding it
    callback: "Node | None" = None  # the func literal holding the send, when it is a callback


def unguarded_stream_send(ctx: "FileContext", send: "Node") -> StreamSend | None:
    """GAI103's question for one send statement (see the module docstring)."""
    if is_guarded_send(send):
        return None
    g = goroutine_of_send(send)
    loop: "Node | None" = None
    callback = False
    if g is None:
        found = _callback_producer(ctx, send)
        if found is None:
            return None
        g, loop = found  # runs once per invocation of the callback: a send in a loop
        callback = True
    if g.literal is None or program_lifetime(ctx, g):
        return None
    if waits_for(ctx, g):
        return None  # F waits for the producer: a blocked send would hang F, not leave it behind
    if ctx.file.source.display.endswith("_test.go") and waits_for(ctx, g, failing_alternatives=True):
        return None  # the test waits for the producer: a blocked send hangs the test, which fails
    if not callback:
        for a in ancestors(send):
            if a.id == g.literal.id:
                break
            if a.type == "for_statement":
                loop = a
                break
        if loop is None or not _streams_on(ctx, send, g):
            return None
    if in_dead_branch(ctx, send):
        return None  # `if _, err := sb.WriteString(s); err != nil { ch <- err }` never sends
    holder = enclosing_function(send) if callback else g.literal
    contexts = contexts_in_scope(ctx, holder)
    if not contexts:
        return None
    if abandoned_send(ctx, send) is not None:
        return None
    b = _channel_binding(ctx, send.child_by_field_name("channel"), g)
    if b is not None:
        cap = channel_capacity(ctx, b)
        if cap is not None and not callback and _capacity_covers(ctx, cap, send, g):
            return None
        if cap is not None and cap[1] is not None and cap[2] != 0 and not callback and _loop_watches_context(ctx, send, g):
            return None  # buffered, and the loop stops on the context every iteration
        if _drained_locally(ctx, b, g):
            return None
    return StreamSend(send, g, contexts[0], loop, holder if callback else None)


def _streams_on(ctx: "FileContext", send: "Node", g: Goroutine) -> bool:
    """Whether the goroutine streams on the send's channel: some bare send on that
    channel in its literal can run more than once. A goroutine whose every send on the
    channel runs at most once (``ch <- err; return`` in a loop) is a single sender:
    GAI102's territory, not a stream."""
    channel = text(send.child_by_field_name("channel")).replace(" ", "")
    body = g.literal.child_by_field_name("body") if g.literal is not None else None
    if body is None:
        return False
    flow = ctx.flow(g.literal)
    for n in descendants(body, skip=lambda x: x.type == "func_literal"):
        if n.type != "send_statement" or is_guarded_send(n):
            continue
        if text(n.child_by_field_name("channel")).replace(" ", "") != channel:
            continue
        node = flow.node_for(n)
        if node is not None and flow.can_repeat(node):
            return True
    return False


def _callback_producer(ctx: "FileContext", send: "Node") -> tuple[Goroutine, "Node"] | None:
    """For a send in a func literal handed as an argument (directly or through a local)
    to a call made inside a goroutine's literal, that goroutine and the call: the
    callback runs once per invocation (a token callback of a streaming completion), so
    its send is a send in a loop. Callees known to call their argument at most once
    (``sync.Once.Do``, ``t.Cleanup``, ``errgroup.Group.Go``, sorting) are not loops."""
    lit = enclosing_function(send)
    if lit is None or lit.type != "func_literal":
        return None
    calls = []
    holder = lit.parent
    if holder is not None and holder.type == "argument_list" and holder.parent is not None and holder.parent.type == "call_expression":
        calls.append(holder.parent)
    else:
        a = assignment_of(lit)
        target = unparen(a.target) if a is not None else None
        b = ctx.scopes(target).resolve(target) if target is not None and target.type == "identifier" else None
        for ref in b.refs if b is not None else []:
            p = ref.parent
            if p is not None and p.type == "argument_list" and p.parent is not None and p.parent.type == "call_expression":
                calls.append(p.parent)
    once = ctx.knowledge.call_once
    for call in calls:
        outer = enclosing_function(call)
        if outer is None or outer.type != "func_literal":
            continue
        g = launching_goroutine(outer)
        if g is None:
            continue
        fn = unparen(call.child_by_field_name("function"))
        q = ctx.qualified_callee(call)
        name = f"{q[0]}.{q[1]}" if q is not None else (text(fn.child_by_field_name("field")) if fn is not None and fn.type == "selector_expression" else text(fn))
        if name in once:
            continue
        return g, call
    return None


def _loop_watches_context(ctx: "FileContext", send: "Node", g: Goroutine) -> bool:
    """Whether the loop around the send stops on a context every iteration: a select
    with a ``<-x.Done()`` case that leaves the loop, or ``if x.Err() != nil`` leaving it."""
    loop = next((a for a in ancestors(send) if a.type == "for_statement" or a.id == g.literal.id), None)
    if loop is None or loop.type != "for_statement":
        return False
    body = loop.child_by_field_name("body")
    for n in descendants(body, skip=lambda x: x.type == "func_literal") if body is not None else []:
        if n.type == "communication_case":
            comm = n.child_by_field_name("communication")
            recv = _receive_in(comm) if comm is not None else None
            op = unparen(recv.child_by_field_name("operand")) if recv is not None else None
            if op is not None and _context_call(ctx, op, "Done") and _function_exits(n, ctx, loop, g.literal):
                return True
        elif n.type == "if_statement":
            cond = n.child_by_field_name("condition")
            cons = n.child_by_field_name("consequence")
            if cond is None or cons is None or b".Err()" not in cond.text:
                continue
            if any(_context_call(ctx, c, "Err") for c in [cond, *descendants(cond)] if c.type == "call_expression") \
                    and _function_exits(cons, ctx, loop, g.literal):
                return True
    return _ctx_call_ends_loop(ctx, body, loop, g)


def _ctx_call_ends_loop(ctx: "FileContext", body: "Node | None", loop: "Node", g: Goroutine) -> bool:
    """``resp, err := s.c.Get(ctx, key); if err != nil { return }`` in the loop: a call
    handed a context fails once it is cancelled, and its failure leaves the loop."""
    if body is None:
        return False
    for n in descendants(body, skip=lambda x: x.type == "func_literal"):
        if n.type != "if_statement":
            continue
        cond = unparen(n.child_by_field_name("condition"))
        cons = n.child_by_field_name("consequence")
        if cond is None or cons is None or text(cond).replace(" ", "") not in ("err!=nil",):
            continue
        prev = n.child_by_field_name("initializer") or _previous_statement(n)
        if prev is None or prev.type not in ("short_var_declaration", "assignment_statement"):
            continue
        right = prev.child_by_field_name("right")
        call = unparen(right.named_children[0]) if right is not None and right.named_child_count == 1 else None
        if call is None or call.type != "call_expression":
            continue
        args = call.child_by_field_name("arguments")
        first = unparen(args.named_children[0]) if args is not None and args.named_child_count else None
        b = ctx.scopes(first).resolve(first) if first is not None and first.type == "identifier" else None
        if b is not None and is_context_binding(ctx, b) and _function_exits(cons, ctx, loop, g.literal):
            return True
    return False


def _previous_statement(node: "Node") -> "Node | None":
    prev = node.prev_named_sibling
    while prev is not None and prev.type == "comment":
        prev = prev.prev_named_sibling
    return prev


def _context_call(ctx: "FileContext", call: "Node", method: str) -> bool:
    """``x.Done()`` / ``x.Err()`` on a context: a variable declared or derived as one,
    or a field or call spelled like one (``s.ctx``, ``r.Context()``)."""
    if call.type != "call_expression":
        return False
    fn = unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression" or text(fn.child_by_field_name("field")) != method:
        return False
    operand = unparen(fn.child_by_field_name("operand"))
    if operand is None:
        return False
    if operand.type == "identifier":
        b = ctx.scopes(operand).resolve(operand)
        return b is not None and is_context_binding(ctx, b)
    spelled = text(operand).lower()
    return spelled.endswith(("ctx", "context()", "context"))


def _capacity_covers(ctx: "FileContext", cap, send: "Node", g: Goroutine) -> bool:
    _, cap_expr, cap_const = cap
    if cap_expr is None:
        return False
    if cap_const is not None and cap_const >= 1 and _sends_at_most_once(ctx, send, g, cap_const):
        return True  # `ch <- err; return` inside a loop: one send, and the buffer holds it
    loops = [a for a in ancestors(send) if a.type == "for_statement" and is_within(a, g.literal)]
    if len(loops) != 1:
        return False
    loop = loops[0]
    if any(a.type == "for_statement" for a in ancestors(g.stmt) if is_within(a, g.function) and a.id != g.function.id):
        return False
    bound = _loop_bound(ctx, loop, g)
    if bound is None:
        return False
    bound_text, bound_const = bound
    if cap_const is not None and bound_const is not None:
        return bound_const <= cap_const
    return bound_text == text(cap_expr).replace(" ", "")


def _sends_at_most_once(ctx: "FileContext", send: "Node", g: Goroutine, capacity: int) -> bool:
    """Whether no send on the channel in the goroutine's literal can run twice (none sits
    on a cycle of its control flow) and there are at most ``capacity`` of them."""
    channel = text(send.child_by_field_name("channel")).replace(" ", "")
    body = g.literal.child_by_field_name("body") if g.literal is not None else None
    if body is None:
        return False
    sends = [n for n in descendants(body) if n.type == "send_statement" and text(n.child_by_field_name("channel")).replace(" ", "") == channel]
    if len(sends) > capacity:
        return False
    flow = ctx.flow(g.literal)
    for s in sends:
        node = flow.node_for(s)
        if node is None or flow.can_repeat(node):
            return False
    return True


def _loop_bound(ctx: "FileContext", loop: "Node", g: Goroutine) -> tuple[str, int | None] | None:
    """The iteration count of ``for i := 0; i < N; i++`` (N) or ``for _, x := range X``
    (``len(X)``), as compact text and constant value. Ranging over a channel that the
    launching function fills with one send per element of ``X`` also runs ``len(X)``
    times."""
    for c in loop.named_children:
        if c.type == "for_clause":
            cond = c.child_by_field_name("condition")
            if cond is not None and cond.type == "binary_expression" and text(cond.child_by_field_name("operator")) == "<":
                right = cond.child_by_field_name("right")
                return text(right).replace(" ", ""), const_int(right)
            return None
        if c.type == "range_clause":
            right = c.child_by_field_name("right")
            if right is None:
                return None
            fed = _fed_per_element(ctx, right, g)
            if fed is not None:
                return fed
            return f"len({text(right)})".replace(" ", ""), None
    return None


def _fed_per_element(ctx: "FileContext", chan: "Node", g: Goroutine) -> tuple[str, int | None] | None:
    """``len(X)`` when the channel ``chan`` is a local of the launching function whose
    only sends sit directly in one ``for ... range X`` loop of that function."""
    chan = unparen(chan)
    b = ctx.scopes(chan).resolve(chan) if chan is not None and chan.type == "identifier" else None
    if b is None or b.function.id != g.function.id or not is_channel_expr(ctx, chan):
        return None
    feeders: list[str] = []
    for r in b.refs:
        use = _channel_use(r)
        if use is None or use[0] != "send":
            continue
        if g.literal is not None and is_within(r, g.literal):
            return None
        loops = [a for a in _ancestors_within(use[1], g.function) if a.type in ("for_statement", "func_literal")]
        if len(loops) != 1 or loops[0].type != "for_statement":
            return None
        rng = next((c for c in loops[0].named_children if c.type == "range_clause"), None)
        right = rng.child_by_field_name("right") if rng is not None else None
        if right is None or any(a.type in ("if_statement", "expression_switch_statement", "select_statement") for a in _ancestors_within(use[1], loops[0])):
            return None
        feeders.append(f"len({text(right)})".replace(" ", ""))
    if len(feeders) != 1:
        return None  # one send site, so one item per element
    return feeders[0], None


def _drained_locally(ctx: "FileContext", b: "Binding", g: Goroutine) -> bool:
    """The launching function ranges over the channel (or receives from it in a loop)
    until it is closed, with nothing leaving that loop early."""
    if not is_within(b.ident, g.function) or is_within(b.ident, g.literal):
        return False
    for r in b.refs:
        if is_within(r, g.literal):
            continue
        use = _channel_use(r)
        if use is None:
            continue
        kind, node = use
        if _in_streaming_callback(ctx, node, g.function):
            continue  # the framework stops calling it when the client goes away
        if kind == "range":
            loop = node.parent
            if loop is not None and loop.type == "for_statement" and not is_within(loop, g.literal):
                if not _loop_exits_early(ctx, loop, None):
                    return True
        elif kind == "recv":
            ok_name = _ok_of_receive(node)
            loop = _receiving_loop(node, enclosing_function(node))
            case = _case_of_receive(node)
            # A select case counts as a plain receive when every other case fails the test.
            plain = case is None or all(ends_in_test_failure(ctx, other) for other in other_cases(case))
            if ok_name is not None and loop is not None and plain:
                if not _loop_exits_early(ctx, loop, ok_name):
                    return True
            if loop is not None and _once_per_iteration(node, loop) and not _loop_exits_early(ctx, loop, None):
                return True  # `for range reqs { res = append(res, <-out) }`: one receive per item handed out
    return False


def _in_streaming_callback(ctx: "FileContext", node: "Node", func: "Node") -> bool:
    """Whether ``node`` sits in a func literal handed to a framework's streaming helper
    (gin's ``c.Stream(step)``, fasthttp's ``SetBodyStreamWriter``): the framework stops
    calling it when the client goes away, so a consumer there is no drain."""
    from golint_ai.leaks.handlers import active_frameworks

    helpers = {m for f in active_frameworks(ctx) for m in f.streaming}
    if not helpers:
        return False
    for a in ancestors(node):
        if a.id == func.id:
            return False
        if a.type != "func_literal":
            continue
        args = a.parent
        call = args.parent if args is not None and args.type == "argument_list" else None
        fn = unparen(call.child_by_field_name("function")) if call is not None and call.type == "call_expression" else None
        if fn is not None and fn.type == "selector_expression" and text(fn.child_by_field_name("field")) in helpers:
            return True
    return False


def _once_per_iteration(node: "Node", loop: "Node") -> bool:
    """Whether ``node`` runs exactly once per iteration of ``loop``: in its body, not
    under a condition, a select case, a switch or a nested loop or literal."""
    body = loop.child_by_field_name("body")
    if body is None or not is_within(node, body):
        return False
    for a in _ancestors_within(node, body):
        if a.type in ("if_statement", "expression_switch_statement", "type_switch_statement", "select_statement",
                      "communication_case", "for_statement", "func_literal", "binary_expression"):
            return False
    return True


def _ok_of_receive(recv: "Node") -> str | None:
    """``ok`` in ``v, ok := <-ch``."""
    p = recv.parent
    if p is not None and p.type == "expression_list":
        p = p.parent
    if p is None or p.type not in ("short_var_declaration", "assignment_statement", "receive_statement"):
        return None
    left = p.child_by_field_name("left")
    names = left.named_children if left is not None and left.type == "expression_list" else []
    if len(names) == 2 and names[1].type == "identifier":
        return text(names[1])
    return None


def _loop_exits_early(ctx: "FileContext", loop: "Node", ok_name: str | None) -> bool:
    body = loop.child_by_field_name("body")
    if body is None:
        return False
    # Labels of statements inside the loop: `break inner` leaves only that statement.
    inner = {text(n.child_by_field_name("label")) for n in descendants(body, skip=lambda x: x.type == "func_literal") if n.type == "labeled_statement"}
    stack = [(c, 0) for c in body.named_children]
    while stack:
        n, depth = stack.pop()
        t = n.type
        if t == "func_literal":
            continue
        if t == "if_statement" and ok_name is not None and _tests_not_ok(n, ok_name):
            alt = n.child_by_field_name("alternative")
            if alt is not None:
                stack.append((alt, depth))
            continue
        if t in ("return_statement", "goto_statement"):
            return True
        if t == "expression_statement" and ctx.is_terminal(n) and failure_kind(ctx, n) != STOP:
            return True  # leaving by failing the test strands the producer only in a failed test
        if t == "break_statement":
            if (n.named_child_count and text(n.named_children[0]) not in inner) or (not n.named_child_count and depth == 0):
                return True
        if t in ("for_statement", "expression_switch_statement", "type_switch_statement", "select_statement"):
            stack.extend((c, depth + 1) for c in n.named_children)
            continue
        stack.extend((c, depth) for c in n.named_children)
    return False


def _tests_not_ok(if_stmt: "Node", ok_name: str) -> bool:
    cond = unparen(if_stmt.child_by_field_name("condition"))
    src = text(cond).replace(" ", "")
    return src in (f"!{ok_name}", f"{ok_name}==false", f"false=={ok_name}")
