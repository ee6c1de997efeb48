"""CUDA contexts and OS threads: which calls bind a context to the calling thread, and
whether the goroutine making them is pinned (``runtime.LockOSThread()``) on every path.

A binding call is a cgo call in ``rules/calls.toml`` ``[cuda] context-binding``, or a
call of a function whose summary *binds-cuda-thread* (it binds without locking first):
such a function moves the duty to lock to its callers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from golint_ai.golang.query import compile_query, matches
from golint_ai.golang.walk import FUNCTION_TYPES, ancestors_from, enclosing_function_from, text

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext

_SELECTOR_CALLS = compile_query(
    """
    (call_expression
      function: (selector_expression operand: (identifier) @pkg field: (field_identifier) @name)) @call
    """
)
_ALL_CALLS = compile_query("(call_expression) @call")


def binding_calls(ctx: "FileContext", scope: "Node", through_summaries: bool = True) -> Iterator[tuple["Node", str]]:
    """``(call, what it binds with)`` for every call in ``scope`` binding a CUDA context:
    ``C.cudaSetDevice(...)`` (``"C.cudaSetDevice"``) or a call of a function that binds
    without locking (its name)."""
    binding = ctx.knowledge.cuda_context_binding
    data = scope.text
    if any(name.encode() in data for name in binding):
        for m in matches(_SELECTOR_CALLS, scope):
            if text(m["pkg"][0]) == "C" and text(m["name"][0]) in binding and ctx.c_name(m["call"][0]) is not None:
                yield m["call"][0], f"C.{text(m['name'][0])}"
    if not through_summaries:
        return
    from golint_ai.leaks.summaries import call_summary

    for m in matches(_ALL_CALLS, scope):
        call = m["call"][0]
        fn = call.child_by_field_name("function")
        if fn is None or text(fn).startswith("C."):
            continue
        summarised = call_summary(ctx, call)
        if summarised is not None and summarised[0].binds_cuda_thread:
            yield call, text(fn)


def unpinned(ctx: "FileContext", call: "Node") -> bool:
    """Whether some path of the function running ``call`` reaches it without an earlier
    ``runtime.LockOSThread()``; code that ``main`` or ``init`` runs on the thread a
    package ``init`` locked is pinned."""
    node, func = _effective_function(ctx, call)
    if func is None:
        return False
    if func.type == "function_declaration":
        fname = text(func.child_by_field_name("name"))
        if (fname == "init" or (fname == "main" and ctx.package.name == "main")) and _init_locks(ctx):
            return False
    flow = ctx.flow(func)
    target = flow.node_for(node)
    if target is None:
        return False
    locks = set()
    for m in matches(_SELECTOR_CALLS, func):
        c = m["call"][0]
        if text(m["name"][0]) != "LockOSThread" or ctx.qualified_callee(c) != ("runtime", "LockOSThread"):
            continue
        owner = enclosing_function_from(ctx.root, c)
        if (owner is None or owner.id != func.id) and not _runs_inline(ctx, c, func):
            continue
        fn = flow.node_for(c)
        if fn is not None and (fn.ast is None or fn.ast.type not in ("defer_statement", "go_statement")):
            locks.add(fn.id)
    return flow.reaches_avoiding(target, lambda n: n.id in locks)


def binds_unpinned(ctx: "FileContext", func: "Node") -> bool:
    """The *binds-cuda-thread* summary of ``func``: one of its binding calls (its own,
    not in a goroutine it starts) can run without the thread locked."""
    for call, _ in binding_calls(ctx, func):
        owner = _effective_function(ctx, call)[1]
        if owner is not None and owner.id == func.id and unpinned(ctx, call):
            return True
    return False


def _effective_function(ctx: "FileContext", call: "Node") -> tuple["Node", "Node | None"]:
    """The function whose thread runs ``call``: func literals that are called on the spot
    (``func() { ... }()``, also deferred) run on their caller's goroutine."""
    node = call
    func = enclosing_function_from(ctx.root, node)
    while func is not None and func.type == "func_literal":
        parent = func.parent
        while parent is not None and parent.type == "parenthesized_expression":
            parent = parent.parent
        if parent is None or parent.type != "call_expression" or parent.parent is None or parent.parent.type == "go_statement":
            break
        node = parent
        func = enclosing_function_from(ctx.root, node)
    return node, func


def thread_function(ctx: "FileContext", call: "Node") -> "Node | None":
    """The function whose goroutine makes ``call`` (through func literals called on the
    spot): where a ``runtime.LockOSThread()`` pins the thread ``call`` runs on."""
    return _effective_function(ctx, call)[1]


def _runs_inline(ctx: "FileContext", call: "Node", func: "Node") -> bool:
    node, f = _effective_function(ctx, call)
    return f is not None and f.id == func.id


def _init_locks(ctx: "FileContext") -> bool:
    pkg = ctx.package
    cached = pkg.__dict__.get("_golint_init_locks")
    if cached is None:
        cached = False
        for f in pkg.files:
            if b"LockOSThread" not in f.data:
                continue
            for decl in f.root.named_children:
                if decl.type != "function_declaration" or text(decl.child_by_field_name("name")) != "init":
                    continue
                for m in matches(_SELECTOR_CALLS, decl):
                    c = m["call"][0]
                    if text(m["name"][0]) != "LockOSThread":
                        continue
                    path = f.imports.path_of(text(m["pkg"][0]))
                    if path == "runtime" and not any(a.type in FUNCTION_TYPES and a.id != decl.id for a in ancestors_from(f.root, c)):
                        cached = True
        pkg.__dict__["_golint_init_locks"] = cached
    return cached
