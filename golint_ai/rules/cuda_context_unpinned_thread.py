"""CUDA context bound on a goroutine that is not locked to its OS thread.

## What it does
Checks for cgo calls that bind a CUDA context to the calling OS thread
(`C.cudaSetDevice`, `C.cuCtxSetCurrent`, `C.cuCtxPushCurrent`; the list is
`[cuda] context-binding` in `rules/calls.toml`) in a function where some path reaches
the call without an earlier `runtime.LockOSThread()`.

Not flagged: `runtime.LockOSThread()` earlier on every path in the same function (with
or without a deferred unlock); calls in `main` or `init` of a package whose `init`
locks the main thread. A `go func() { ... }()` written inside `main` runs on a goroutine
of its own and is not exempt.

## Why is this bad?
A CUDA context is current per OS thread, but the Go scheduler moves goroutines between
threads at any call. After `cudaSetDevice(1)` an unpinned goroutine may make its next
cgo call on a thread whose current device is 0: kernels run on the wrong GPU, memory
is allocated in the wrong context and never freed where expected, and multi-GPU
inference servers slowly fill one device while the others sit idle.

## Example
```go
func runOnDevice(dev int) {
	C.cudaSetDevice(C.int(dev))
	C.run_inference()
}
```

## How to fix
Pin the goroutine to its thread before binding the context, for as long as the context
is used:
```go
func runOnDevice(dev int) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	C.cudaSetDevice(C.int(dev))
	C.run_inference()
}
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from golint_ai.golang.query import compile_query, matches
from golint_ai.golang.walk import FUNCTION_TYPES, ancestors_from, enclosing_function_from, text
from golint_ai.registry import Level, Precision, Rule

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.diagnostics import Diagnostic
    from golint_ai.settings import Settings

_SELECTOR_CALLS = compile_query(
    """
    (call_expression
      function: (selector_expression operand: (identifier) @pkg field: (field_identifier) @name)) @call
    """
)


class CudaContextUnpinnedThread(Rule):
    code = "GAI302"
    name = "cuda-context-unpinned-thread"
    level = Level.WARNING
    precision = Precision.HIGH
    tags = ("cuda", "cgo", "os-thread")
    triggers = (b'"C"',)

    def is_candidate(self, data: bytes, settings: "Settings") -> bool:
        if b'"C"' not in data:
            return False
        return any(name.encode() in data for name in settings.knowledge.cuda_context_binding)

    def check(self, ctx: "FileContext") -> Iterator["Diagnostic"]:
        if not ctx.imports.cgo:
            return
        binding = ctx.knowledge.cuda_context_binding
        for m in matches(_SELECTOR_CALLS, ctx.root):
            if text(m["pkg"][0]) != "C" or text(m["name"][0]) not in binding:
                continue
            call = m["call"][0]
            if ctx.file.in_broken_code(call) or ctx.c_name(call) is None:
                continue
            if self._unpinned(ctx, call):
                name = ctx.c_name(call)
                func = enclosing_function_from(ctx.root, call)
                where = f"`{ctx.function_name(call)}`" if func is not None else "this function"
                msg = (
                    f"C.{name} binds a CUDA context to the current OS thread, but {where} has not called "
                    f"runtime.LockOSThread() earlier on this path; the goroutine may continue on another thread"
                )
                yield ctx.diagnostic(self.code, msg, call)

    def _unpinned(self, ctx: "FileContext", call: "Node") -> bool:
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
