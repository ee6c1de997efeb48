"""Test failures: calls that fail the running test, and branches that end in one.

A goroutine left blocked by a branch that fails the test leaks only in a failed test,
which is not worth a report (contract v3). A branch *ends in a test failure* when it
calls a stopping failure (``t.Fatal*``, ``t.FailNow``, ``s.T().Fatal``, any
``require.*`` function, ``s.Require().X``) or when a marking failure (``t.Error*``,
``t.Fail``, ``assert.Fail*``) is the test's last action: only ``return`` follows it,
or nothing follows it up to the end of the function.

Which calls and packages these are comes from ``rules/calls.toml`` ``[testing]``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from golint_ai.golang.imports import qualified_name
from golint_ai.golang.walk import FUNCTION_TYPES, text, unparen

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext

STOP = "stop"
FAIL = "fail"


def failure_kind(ctx: "FileContext", stmt: "Node") -> str | None:
    """``"stop"``, ``"fail"`` or None for one statement: an expression statement calling
    a test failure."""
    if stmt.type != "expression_statement" or not stmt.named_child_count:
        return None
    call = unparen(stmt.named_children[0])
    if call is None or call.type != "call_expression":
        return None
    fn = unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression":
        return None
    k = ctx.knowledge
    q = ctx.qualified_callee(call)
    if q is not None:
        if q[0] in k.test_stop_packages:
            return STOP
        if f"{q[0]}.{q[1]}" in k.test_fail_functions:
            return FAIL
        return None
    method = text(fn.child_by_field_name("field"))
    operand = unparen(fn.child_by_field_name("operand"))
    if operand is None:
        return None
    if _is_require_chain(operand):
        return STOP  # s.Require().NoError(...)
    if method not in k.test_stop_methods and method not in k.test_fail_methods:
        return None
    if not _is_test_value(ctx, operand):
        return None
    return STOP if method in k.test_stop_methods else FAIL


def _is_require_chain(node: "Node") -> bool:
    """``x.Require()``: testify suites' stopping assertions."""
    if node.type != "call_expression":
        return False
    fn = unparen(node.child_by_field_name("function"))
    return fn is not None and fn.type == "selector_expression" and text(fn.child_by_field_name("field")) == "Require"


def _is_test_value(ctx: "FileContext", node: "Node") -> bool:
    """A ``*testing.T``-like value: a variable declared with a test type, ``x.T()``, or
    (in a ``_test.go`` file, where helpers and suites keep tests in fields) anything."""
    if node.type == "call_expression":
        fn = unparen(node.child_by_field_name("function"))
        if fn is not None and fn.type == "selector_expression" and text(fn.child_by_field_name("field")) == "T":
            return True
    if node.type == "identifier":
        b = ctx.scopes(node).resolve(node)
        tnode = b.type_node if b is not None else None
        if tnode is not None:
            if tnode.type == "pointer_type" and tnode.named_child_count:
                tnode = tnode.named_children[-1]
            q = qualified_name(tnode, ctx.imports, lambda n: False) if tnode.type == "qualified_type" else None
            if q is not None:
                return f"{q[0]}.{q[1]}" in ctx.knowledge.test_types
            return False
    return ctx.file.source.display.endswith("_test.go")


def _statements(block: "Node") -> list["Node"]:
    """The statements of a case clause or block, comments left out."""
    out: list[Node] = []
    for c in block.named_children:
        if c.type == "statement_list":
            out.extend(s for s in c.named_children if s.type != "comment")
        elif c.type == "block":
            out.extend(_statements(c))
        elif c.type not in ("comment",) and c.type.endswith("_statement"):
            out.append(c)
    return out


def ends_in_test_failure(ctx: "FileContext", branch: "Node") -> bool:
    """Whether a branch (a select/switch case or a block) ends in a test failure."""
    return _fails(ctx, branch, branch, 0, False)


def _fails(ctx: "FileContext", block: "Node", branch: "Node", depth: int, returned: bool) -> bool:
    stmts = _statements(block)
    if any(failure_kind(ctx, s) == STOP for s in stmts):
        return True
    trailing = list(stmts)
    while trailing and (trailing[-1].type == "return_statement" or _logs(ctx, trailing[-1])):
        returned = returned or trailing[-1].type == "return_statement"
        trailing.pop()
    if not trailing:
        return False
    last = trailing[-1]
    if failure_kind(ctx, last) is not None:
        return returned or _is_last_action(ctx, branch)
    # `if buf.Len() == 0 { t.Errorf(...) } else { t.Errorf(...) }`: every branch fails.
    if last.type == "if_statement" and depth < 8:
        branches = _if_branches(last)
        return all(b is not None and _fails(ctx, b, branch, depth + 1, returned) for b in branches)
    return False


def _if_branches(stmt: "Node") -> list["Node | None"]:
    """The blocks of an if/else-if/else chain; None stands for the fall-through of an
    ``if`` without ``else``, a path that fails nothing."""
    out: list["Node | None"] = []
    cur: "Node | None" = stmt
    while cur is not None and cur.type == "if_statement":
        cons = cur.child_by_field_name("consequence")
        if cons is not None:
            out.append(cons)
        cur = cur.child_by_field_name("alternative")
        if cur is None:
            out.append(None)
    if cur is not None:
        out.append(cur)
    return out


def _logs(ctx: "FileContext", stmt: "Node") -> bool:
    """``t.Log(...)``/``t.Logf(...)`` on a test value: nothing a test does after failing."""
    if stmt.type != "expression_statement" or not stmt.named_child_count:
        return False
    call = unparen(stmt.named_children[0])
    fn = unparen(call.child_by_field_name("function")) if call is not None and call.type == "call_expression" else None
    if fn is None or fn.type != "selector_expression" or text(fn.child_by_field_name("field")) not in ("Log", "Logf"):
        return False
    operand = unparen(fn.child_by_field_name("operand"))
    return operand is not None and _is_test_value(ctx, operand)


def _is_last_action(ctx: "FileContext", node: "Node") -> bool:
    """Whether nothing but the end of the enclosing function (or logging) follows
    ``node``'s statement (a case clause's select or switch, climbing through enclosing
    blocks and ``if`` branches; a loop body repeats, so it is never last)."""
    cur = node
    while cur is not None:
        parent = cur.parent
        if parent is None:
            return False
        if parent.type in FUNCTION_TYPES:
            return True
        if parent.type in ("statement_list", "block"):
            rest = cur.next_named_sibling
            while rest is not None and (rest.type == "comment" or _logs(ctx, rest)):
                rest = rest.next_named_sibling
            if rest is not None and rest.type != "return_statement":
                return False
        elif parent.type == "for_statement":
            return False
        cur = parent
    return False


_SKIPS = frozenset({"Skip", "Skipf", "SkipNow"})


def _stops_test(ctx: "FileContext", block: "Node") -> bool:
    """A branch that fails the test, or skips it (``t.Skipf``): the test does not pass."""
    if ends_in_test_failure(ctx, block):
        return True
    for s in _statements(block):
        if s.type != "expression_statement" or not s.named_child_count:
            continue
        call = unparen(s.named_children[0])
        fn = unparen(call.child_by_field_name("function")) if call is not None and call.type == "call_expression" else None
        if fn is not None and fn.type == "selector_expression" and text(fn.child_by_field_name("field")) in _SKIPS:
            return True
    return False


def callers_fail_on_error(ctx: "FileContext", func: "Node") -> bool:
    """Whether ``func`` is a test helper returning an error that every caller in the
    package turns into a test failure (``if err := helper(); err != nil { t.Fatal(err) }``,
    ``require.NoError(t, helper())``): an error it returns ends a test that failed."""
    from golint_ai.context import FileContext
    from golint_ai.golang.query import captures, compile_query

    if func.type != "function_declaration" or not ctx.file.source.display.endswith("_test.go"):
        return False
    result = func.child_by_field_name("result")
    last = result.named_children[-1] if result is not None and result.type == "parameter_list" and result.named_child_count else result
    if last is not None and last.type == "parameter_declaration":
        last = last.child_by_field_name("type")
    if last is None or text(last) != "error":
        return False
    name = text(func.child_by_field_name("name"))
    cache = ctx.package.__dict__.setdefault("_callers_fail", {})
    if name in cache:
        return cache[name]
    query = compile_query("(call_expression function: (identifier) @fn) @call")
    calls = 0
    ok = True
    for f in ctx.package.files:
        if name.encode() + b"(" not in f.data:
            continue
        fctx = ctx if f is ctx.file else FileContext(f, ctx.package, ctx.settings)
        for call in (c for decl in f.declarations_near((name.encode(),)) for c in captures(query, decl).get("call", [])):
            if text(call.child_by_field_name("function")) != name:
                continue
            calls += 1
            if not _failure_on_error(fctx, call):
                ok = False
                break
        if not ok:
            break
    cache[name] = ok and calls > 0
    return cache[name]


def _failure_on_error(ctx: "FileContext", call: "Node") -> bool:
    """Whether the error result of ``call`` fails (or skips) the test when non-nil."""
    from golint_ai.golang.scope import assignment_of

    parent = call.parent
    if parent is not None and parent.type == "argument_list" and parent.parent is not None:
        outer = parent.parent  # require.NoError(t, helper())
        q = ctx.qualified_callee(outer) if outer.type == "call_expression" else None
        if q is not None and q[0] in ctx.knowledge.test_stop_packages:
            return True
    a = assignment_of(call)
    stmt = a.statement if a is not None else None
    err_name = text(a.targets[-1]) if a is not None and a.targets else None
    if stmt is None or not err_name or err_name == "_":
        return False
    if stmt.parent is not None and stmt.parent.type == "if_statement":
        check = stmt.parent  # if err := helper(); err != nil { ... }
    else:
        check = stmt.next_named_sibling
        while check is not None and check.type == "comment":
            check = check.next_named_sibling
    if check is None or check.type != "if_statement":
        return False
    cond = unparen(check.child_by_field_name("condition"))
    if cond is None or text(cond).replace(" ", "") != f"{err_name}!=nil":
        return False
    cons = check.child_by_field_name("consequence")
    return cons is not None and _stops_test(ctx, cons)
