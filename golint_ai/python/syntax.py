"""Small questions about libcst expressions and statements, independent of any rule."""

from __future__ import annotations

from typing import Iterator

import libcst as cst

FUNCTIONS = (cst.FunctionDef, cst.Lambda)

# libcst computes ``node.children`` with a visitor on every access; the file being
# analysed records each node's children once (:meth:`PyFile.tree_index`) and walks read
# them from here.
_CHILDREN: dict = {}


def remember_children(children: dict) -> None:
    global _CHILDREN
    _CHILDREN = children


def children(node: cst.CSTNode):
    kids = _CHILDREN.get(node)
    return kids if kids is not None else node.children
LOOPS = (cst.For, cst.While)


def dotted(expr: cst.BaseExpression | None) -> str | None:
    """``a.b.c`` for a chain of names and attributes; None for anything else."""
    parts: list[str] = []
    while isinstance(expr, cst.Attribute):
        parts.append(expr.attr.value)
        expr = expr.value
    if isinstance(expr, cst.Name):
        parts.append(expr.value)
        return ".".join(reversed(parts))
    return None


def last_name(expr: cst.BaseExpression | None) -> str | None:
    """The last identifier of a name, attribute or subscript chain (``model`` in
    ``self.model``, ``models`` in ``self.models[k]``)."""
    while isinstance(expr, cst.Subscript):
        expr = expr.value
    if isinstance(expr, cst.Attribute):
        return expr.attr.value
    if isinstance(expr, cst.Name):
        return expr.value
    return None


def method_call(node: cst.CSTNode, *names: str) -> cst.Attribute | None:
    """The ``x.name`` callee when ``node`` is a call ``x.name(...)`` with ``name`` in names."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in names:
        return node.func
    return None


def walk_no_functions(root: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Nodes below ``root``, not entering nested functions, lambdas or classes (their
    bodies run some other time)."""
    stack = list(reversed(children(root)))
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            continue
        stack.extend(reversed(children(n)))


def assigned_names(target: cst.BaseExpression) -> Iterator[str]:
    """Plain names bound by an assignment target (tuples and lists unpacked)."""
    if isinstance(target, cst.Name):
        yield target.value
    elif isinstance(target, (cst.Tuple, cst.List)):
        for el in target.elements:
            yield from assigned_names(el.value)
    elif isinstance(target, cst.StarredElement):
        yield from assigned_names(target.value)


def call_args(call: cst.Call) -> list[cst.BaseExpression]:
    return [a.value for a in call.args]
