"""Branches that never run: ``if err != nil`` after a call whose error is always nil.

``strings.Builder.WriteString`` and ``bytes.Buffer.Write`` document that their error
is always nil, yet linters make code check it; whatever the dead branch does (send on
a channel, return early) cannot leak. The never-failing methods come from
``rules/calls.toml`` ``[errors] never-fail``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from golint_ai.golang.gotypes import type_of_binding
from golint_ai.golang.imports import qualified_name
from golint_ai.golang.scope import assignment_of
from golint_ai.golang.walk import FUNCTION_TYPES, ancestors, text, unparen

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext


def in_dead_branch(ctx: "FileContext", node: "Node") -> bool:
    """Whether ``node`` sits in the body of an ``if err != nil`` whose ``err`` comes from a
    never-failing call (in the ``if``'s initializer or the statement right before)."""
    if not ctx.knowledge.never_fail:
        return False
    prev = node
    for a in ancestors(node):
        if a.type in FUNCTION_TYPES:
            return False
        if a.type == "if_statement":
            cons = a.child_by_field_name("consequence")
            if cons is not None and cons.id == prev.id and _tests_never_failing_error(ctx, a):
                return True
        prev = a
    return False


def _tests_never_failing_error(ctx: "FileContext", stmt: "Node") -> bool:
    cond = unparen(stmt.child_by_field_name("condition"))
    if cond is None or cond.type != "binary_expression" or text(cond.child_by_field_name("operator")) != "!=":
        return False
    left, right = unparen(cond.child_by_field_name("left")), unparen(cond.child_by_field_name("right"))
    if left is None or right is None or right.type != "nil" or left.type != "identifier":
        return False
    b = ctx.scopes(left).resolve(left)
    if b is None:
        return False
    sources = [b.decl] if b.decl.type in ("short_var_declaration", "assignment_statement") else []
    for ref in b.refs:
        a = assignment_of(ref) if ref.parent is not None else None
        if a is not None:
            sources.append(a.statement)
    calls = []
    for decl in sources:
        right_ = decl.child_by_field_name("right")
        if right_ is None or right_.named_child_count != 1:
            return False
        calls.append(unparen(right_.named_children[0]))
    return bool(calls) and all(c is not None and c.type == "call_expression" and _never_fails(ctx, c) for c in calls)


def _never_fails(ctx: "FileContext", call: "Node") -> bool:
    fn = unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression":
        return False
    operand = unparen(fn.child_by_field_name("operand"))
    if operand is None or operand.type != "identifier":
        return False
    b = ctx.scopes(operand).resolve(operand)
    st = type_of_binding(ctx, b) if b is not None else None
    node = st.node if st is not None else None
    while node is not None and node.type == "pointer_type" and node.named_child_count:
        node = node.named_children[-1]
    if node is None or node.type != "qualified_type":
        return False
    q = qualified_name(node, ctx.imports, lambda n: False)
    return q is not None and f"{q[0]}.{q[1]}.{text(fn.child_by_field_name('field'))}" in ctx.knowledge.never_fail
