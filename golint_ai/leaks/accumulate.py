"""Where tensors with autograd history are accumulated into something that outlives a
loop iteration (or, for attributes of ``self``, the call)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

import libcst as cst
from msgspec import Struct

from golint_ai.leaks.autograd import GradOrigin, GradValues, backward_calls, grad_disabled, innermost_loop
from golint_ai.python.syntax import assigned_names, children, walk_no_functions

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.python.parse import PyFile

_COLLECT = {"append": -1, "extend": -1, "insert": 1, "add": 0, "appendleft": -1}
_LOADER = re.compile(r"load|batch|data|epoch|tqdm|step", re.I)


class HistorySink(Struct, frozen=True, dict=True):
    """A tensor with autograd history accumulated into something that outlives a loop iteration (or
    into an attribute of ``self``), with the remedy to suggest."""

    node: cst.CSTNode  # the accumulating statement or call
    value: cst.BaseExpression  # what is accumulated
    value_text: str
    origin: GradOrigin
    target: str  # `total_loss`, `losses`, `self.history`
    loop: cst.CSTNode | None
    remedy: str  # "item" or "detach"
    simple: bool  # the value is a name or attribute: `.item()` can be appended


def _root(expr: cst.BaseExpression) -> cst.BaseExpression:
    while isinstance(expr, (cst.Attribute, cst.Subscript)):
        expr = expr.value
    return expr


def _target_text(f: "PyFile", expr: cst.BaseExpression) -> str:
    while isinstance(expr, cst.Subscript):
        expr = expr.value
    return " ".join(f.code(expr).split())


def _candidates(f: "PyFile", scope: cst.CSTNode) -> Iterator[tuple[cst.CSTNode, cst.BaseExpression, cst.BaseExpression, str]]:
    """(sink node, accumulator expression, accumulated value, kind)."""
    for n in walk_no_functions(scope):
        if isinstance(n, cst.AugAssign) and isinstance(n.operator, (cst.AddAssign, cst.SubtractAssign)):
            yield n, n.target, n.value, "sum"
        elif isinstance(n, cst.Assign) and len(n.targets) == 1:
            t = n.targets[0].target
            if isinstance(t, cst.Name) and isinstance(n.value, cst.BinaryOperation) and isinstance(n.value.operator, cst.Add):
                left, right = n.value.left, n.value.right
                if isinstance(left, cst.Name) and left.value == t.value:
                    yield n, t, right, "sum"
                elif isinstance(right, cst.Name) and right.value == t.value:
                    yield n, t, left, "sum"
            elif isinstance(t, cst.Subscript):
                yield n, t, n.value, "store"
        elif isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value in _COLLECT and n.args:
            idx = _COLLECT[n.func.attr.value]
            if idx >= len(n.args) or n.args[idx].keyword is not None or n.args[idx].star:
                continue
            value = n.args[idx].value
            if n.func.attr.value == "extend":
                if not isinstance(value, (cst.List, cst.Tuple)):
                    continue
            yield n, n.func.value, value, "store"


def _bound_in(f: "PyFile", loop: cst.CSTNode, name: str, sink: cst.CSTNode) -> bool:
    """Whether ``name`` is (re)bound inside ``loop`` other than by the accumulation itself."""
    for n in walk_no_functions(loop):
        if n is sink:
            continue
        if isinstance(n, cst.Assign):
            if n is sink:
                continue
            for t in n.targets:
                if name in assigned_names(t.target):
                    return True
        elif isinstance(n, cst.AnnAssign) and isinstance(n.target, cst.Name) and n.target.value == name:
            return True
        elif isinstance(n, (cst.For,)) and name in assigned_names(n.target):
            return True
        elif isinstance(n, cst.WithItem) and n.asname is not None and name in assigned_names(n.asname.name):
            return True
    return False


def _names_in(expr: cst.CSTNode) -> set[str]:
    out = set()
    stack = [expr]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.Name):
            out.add(n.value)
        stack.extend(children(n))
    return out


def _backward_feeders(f: "PyFile", scope: cst.CSTNode) -> tuple[set[str], set[str]]:
    """Names whose value reaches a ``.backward()`` (directly or through assignments), and
    names the scope returns or yields."""
    feeders: set[str] = set()
    for call in backward_calls(f, scope):
        feeders |= _names_in(call.func.value) if call.func.attr.value == "backward" else set()
        for a in call.args:
            feeders |= _names_in(a.value)
    assigns = [n for n in walk_no_functions(scope) if isinstance(n, cst.Assign)]
    for _ in range(3):
        for a in assigns:
            if any(set(assigned_names(t.target)) & feeders for t in a.targets):
                feeders |= _names_in(a.value)
    returned: set[str] = set()
    for n in walk_no_functions(scope):
        if isinstance(n, (cst.Return, cst.Yield)) and n.value is not None:
            returned |= _names_in(n.value)
    # x = torch.cat(parts); return x: the parts are returned too
    for _ in range(3):
        for a in assigns:
            if any(set(assigned_names(t.target)) & returned for t in a.targets):
                returned |= _names_in(a.value)
    return feeders, returned


def _training_loop(f: "PyFile", loop: cst.CSTNode) -> bool:
    if backward_calls(f, loop.body):  # type: ignore[attr-defined]
        return True
    it = loop.iter if isinstance(loop, cst.For) else None
    return it is not None and bool(_LOADER.search(" ".join(_names_in(it))))


def history_sinks(f: "PyFile") -> Iterator[HistorySink]:
    scopes: list[cst.CSTNode] = [f.module] + [n for n in f.walk() if isinstance(n, cst.FunctionDef)]
    for scope in scopes:
        in_method = isinstance(scope, cst.FunctionDef) and any(isinstance(a, cst.ClassDef) for a in f.ancestors(scope))
        values: GradValues | None = None
        feeders: tuple[set[str], set[str]] | None = None
        for sink, acc, value, kind in _candidates(f, scope):
            root = _root(acc)
            self_attr = in_method and isinstance(root, cst.Name) and root.value == "self" and acc is not root
            loop = innermost_loop(f, sink, stop=scope)
            if loop is None and not self_attr:
                continue
            if not isinstance(root, cst.Name):
                continue
            if not self_attr and _bound_in(f, loop, root.value, sink):  # type: ignore[arg-type]
                continue
            if grad_disabled(f, sink):
                continue
            if values is None:
                values = GradValues(f, scope)
            origin = values.origin(value, f.byte_span(sink)[0], loop)
            if origin is None:
                continue
            if feeders is None:
                feeders = _backward_feeders(f, scope)
            key = root.value if not self_attr else None
            if key is not None and key in feeders[0]:
                continue  # summed to backpropagate once: intended
            if key is not None and key in feeders[1] and loop is not None and (
                not _training_loop(f, loop) or isinstance(scope, cst.FunctionDef) and scope.name.value == "forward"
            ):
                continue  # returned for the caller to backpropagate (a helper summing a batch's losses, a forward pass)
            simple = isinstance(value, (cst.Name, cst.Attribute))
            remedy = "item" if kind == "sum" else "detach"
            yield HistorySink(sink, value, " ".join(f.code(value).split()), origin, _target_text(f, acc), loop, remedy, simple)
