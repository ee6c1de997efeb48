"""Iterative tree helpers. Nothing in the engine recurses on the Python stack.

``trampoline`` runs generator-based "recursive" code with an explicit stack: a
generator ``yield``s a sub-generator to call it and receives its return value, so a
10,000-deep tree never raises RecursionError.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Generator, Iterator, TypeVar

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

T = TypeVar("T")

FUNCTION_TYPES = frozenset({"function_declaration", "method_declaration", "func_literal"})


def trampoline(gen: Generator) -> object:
    """Run a generator that yields sub-generators as calls; return the outer result."""
    stack = [gen]
    value: object = None
    while stack:
        try:
            sub = stack[-1].send(value)
        except StopIteration as stop:
            stack.pop()
            value = stop.value
        else:
            stack.append(sub)
            value = None
    return value


def descendants(node: "Node", *, skip: Callable[["Node"], bool] | None = None) -> Iterator["Node"]:
    """Pre-order named descendants of ``node`` (not ``node`` itself), iteratively.

    ``skip(n)`` true yields ``n`` but does not enter it.
    """
    stack = list(reversed(node.named_children))
    while stack:
        n = stack.pop()
        yield n
        if skip is None or not skip(n):
            stack.extend(reversed(n.named_children))


def ancestors(node: "Node") -> Iterator["Node"]:
    n = node.parent
    while n is not None:
        yield n
        n = n.parent


def enclosing_function(node: "Node") -> "Node | None":
    """The innermost function declaration, method or func literal holding ``node``."""
    for a in ancestors(node):
        if a.type in FUNCTION_TYPES:
            return a
    return None


def unparen(node: "Node | None") -> "Node | None":
    while node is not None and node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
    return node


def is_within(node: "Node", container: "Node") -> bool:
    return container.start_byte <= node.start_byte and node.end_byte <= container.end_byte


def text(node: "Node | None") -> str:
    if node is None:
        return ""
    return node.text.decode("utf-8", errors="replace")

def ancestors_from(root: "Node", node: "Node") -> list["Node"]:
    """The ancestors of ``node`` under ``root``, parent first (the order of
    :func:`ancestors`), found by descending from ``root``: tree-sitter's ``node.parent``
    re-descends from the root on every call, so climbing a deep tree with it is
    quadratic while this is linear in the depth."""
    path: list["Node"] = []
    n: "Node | None" = root
    while n is not None and n.id != node.id:
        path.append(n)
        n = n.child_with_descendant(node)
    if n is None:
        return list(ancestors(node))  # not under ``root``: climb the slow way
    path.reverse()
    return path


def enclosing_function_from(root: "Node", node: "Node") -> "Node | None":
    """:func:`enclosing_function` in linear time (see :func:`ancestors_from`)."""
    for a in ancestors_from(root, node):
        if a.type in FUNCTION_TYPES:
            return a
    return None
