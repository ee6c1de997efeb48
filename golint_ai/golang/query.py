"""Compiled tree-sitter queries.

A query is compiled once per process, on first use. Rules declare their query text at
module level; the engine's shared queries live in ``queries/*.scm``.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

from golint_ai.golang.parse import language

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node, Query


DECLARED: list["LazyQuery"] = []  # every query asked for so far, for the tests to compile


class LazyQuery:
    """A query compiled the first time it is run (rules declare theirs at module level;
    a run that never asks one never pays for compiling it)."""

    __slots__ = ("text", "_query")

    def __init__(self, text: str) -> None:
        self.text = text
        self._query: "Query | None" = None
        DECLARED.append(self)

    @property
    def query(self) -> "Query":
        if self._query is None:
            from tree_sitter import Query

            self._query = Query(language(), self.text)
        return self._query


@lru_cache(maxsize=None)
def compile_query(text: str) -> LazyQuery:
    return LazyQuery(text)


@lru_cache(maxsize=None)
def shared_query(name: str) -> LazyQuery:
    """A query from ``golint_ai/golang/queries/<name>.scm``."""
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "queries", f"{name}.scm"), encoding="utf-8") as fh:
        text = fh.read()
    return compile_query(text)


def captures(query: LazyQuery, node: "Node") -> dict[str, list["Node"]]:
    """Captures of ``query`` under ``node``, each list in document order."""
    from tree_sitter import QueryCursor

    found = QueryCursor(query.query).captures(node)
    for nodes in found.values():
        nodes.sort(key=lambda n: n.start_byte)
    return found


def matches(query: LazyQuery, node: "Node") -> list[dict[str, list["Node"]]]:
    """Matches of ``query`` under ``node`` in document order, as capture dicts."""
    from tree_sitter import QueryCursor

    out = [caps for _, caps in QueryCursor(query.query).matches(node)]
    out.sort(key=lambda caps: min((n[0].start_byte for n in caps.values() if n), default=0))
    return out
