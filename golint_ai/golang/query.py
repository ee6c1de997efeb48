"""Compiled tree-sitter queries.

A query is compiled once per process, on first use. Rules declare their query text at
module level; the engine's shared queries live in ``queries/*.scm``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from golint_ai.golang.parse import language

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node, Query


@lru_cache(maxsize=None)
def compile_query(text: str) -> "Query":
    from tree_sitter import Query

    return Query(language(), text)


@lru_cache(maxsize=None)
def shared_query(name: str) -> "Query":
    """A query from ``golint_ai/golang/queries/<name>.scm``."""
    text = resources.files("golint_ai.golang").joinpath("queries", f"{name}.scm").read_text("utf-8")
    return compile_query(text)


def captures(query: "Query", node: "Node") -> dict[str, list["Node"]]:
    """Captures of ``query`` under ``node``, each list in document order."""
    from tree_sitter import QueryCursor

    found = QueryCursor(query).captures(node)
    for nodes in found.values():
        nodes.sort(key=lambda n: n.start_byte)
    return found


def matches(query: "Query", node: "Node") -> list[dict[str, list["Node"]]]:
    """Matches of ``query`` under ``node`` in document order, as capture dicts."""
    from tree_sitter import QueryCursor

    out = [caps for _, caps in QueryCursor(query).matches(node)]
    out.sort(key=lambda caps: min((n[0].start_byte for n in caps.values() if n), default=0))
    return out
