"""The tree-sitter Go language, one parser per process, and syntax-problem reporting."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Language, Node, Parser, Tree


@lru_cache(maxsize=1)
def language() -> "Language":
    import tree_sitter_go
    from tree_sitter import Language

    return Language(tree_sitter_go.language())


@lru_cache(maxsize=1)
def _parser() -> "Parser":
    from tree_sitter import Parser

    return Parser(language())


def parse(data: bytes, old_tree: "Tree | None" = None) -> "Tree":
    """Parse Go source bytes; with ``old_tree`` (already edited) parse incrementally."""
    if old_tree is not None:
        return _parser().parse(data, old_tree)
    return _parser().parse(data)


def error_nodes(root: "Node", limit: int = 50) -> Iterator["Node"]:
    """The outermost ERROR or MISSING nodes below ``root``, iteratively."""
    if not root.has_error:
        return
    stack = [root]
    found = 0
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            yield node
            found += 1
            if found >= limit:
                return
            continue
        if node.has_error:
            stack.extend(reversed(node.children))
