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

def _children_holding(parent: "Node", lo: int, hi: int) -> list["Node"]:
    """The children of ``parent`` whose range holds ``[lo, hi)``, found with a tree
    cursor that jumps to the first child ending at or after ``lo``: constant work per
    level however many children ``parent`` has (a zero-width node on a boundary can lie
    in two neighbours, hence a list)."""
    cur = parent.walk()
    if lo > 0:
        if cur.goto_first_child_for_byte(lo - 1) is None:
            return []
    elif not cur.goto_first_child():
        return []
    out = []
    while True:
        n = cur.node
        if n.start_byte > lo:
            break
        if hi <= n.end_byte:
            out.append(n)
        if not cur.goto_next_sibling():
            break
    return out


def _path_from(root: "Node", node: "Node", stop: Callable[["Node"], bool] | None = None) -> list["Node"] | None:
    """The nodes from ``root`` (included) down to ``node``'s parent, root first; with
    ``stop``, the path ends at the first node ``stop`` accepts. None when ``node`` is not
    under ``root``. Linear in the depth (a depth-first search over the children whose
    range holds ``node``, almost always one per level)."""
    lo, hi, target = node.start_byte, node.end_byte, node.id
    path: list["Node"] = []
    stack: list[tuple[int, "Node"]] = [(0, root)]
    while stack:
        depth, n = stack.pop()
        del path[depth:]
        if n.id == target:
            return path
        path.append(n)
        if stop is not None and depth > 0 and stop(n):
            return path
        for child in reversed(_children_holding(n, lo, hi)):
            stack.append((depth + 1, child))
    return None


def ancestors_from(root: "Node", node: "Node") -> list["Node"]:
    """The ancestors of ``node`` under ``root``, parent first (the order of
    :func:`ancestors`), found by descending from ``root``: tree-sitter's ``node.parent``
    and ``child_with_descendant`` both re-walk the tree on every call, so climbing a
    deep tree with them is quadratic while this is linear in the depth."""
    if node.id == root.id:
        return []
    path = _path_from(root, node)
    if path is None:
        return list(ancestors(node))  # not under ``root``: climb the slow way
    path.reverse()
    return path


def outermost_function_from(root: "Node", node: "Node") -> "Node | None":
    """The outermost function declaration or literal above ``node`` (not ``node``
    itself), found from ``root`` down and stopping there: cost the depth of that
    function, not of ``node``."""
    if node.id == root.id:
        return None
    path = _path_from(root, node, stop=lambda n: n.type in FUNCTION_TYPES)
    if path is None:
        path = list(reversed(list(ancestors(node))))
    return next((a for a in path if a.type in FUNCTION_TYPES), None)


def top_level_of(root: "Node", node: "Node") -> "Node | None":
    """The child of ``root`` holding ``node``, ``node`` itself when it is one (as
    ``child_with_descendant``); None for ``root`` itself."""
    if node.id == root.id:
        return None
    path = _path_from(root, node, stop=lambda n: True)
    if path is None:
        return root.child_with_descendant(node)
    return path[1] if len(path) > 1 else node


def enclosing_function_from(root: "Node", node: "Node") -> "Node | None":
    """:func:`enclosing_function` in linear time (see :func:`ancestors_from`)."""
    for a in ancestors_from(root, node):
        if a.type in FUNCTION_TYPES:
            return a
    return None
