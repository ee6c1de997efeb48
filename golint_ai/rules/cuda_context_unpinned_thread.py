"""CUDA context bound on a goroutine that is not locked to its OS thread.

## What it does
Checks for cgo calls that bind a CUDA context to the calling OS thread
(`C.cudaSetDevice`, `C.cuCtxSetCurrent`, `C.cuCtxPushCurrent`; the list is
`[cuda] context-binding` in `rules/calls.toml`) in a function where some path reaches
the call without an earlier `runtime.LockOSThread()`.

A call of a function that binds a context without locking first (in this package,
another package of the module or a dependency whose source is on disk) is a binding
call too: the duty to lock moves to its callers, and each unpinned caller is reported.

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
The finding offers that change as a fix (adding the `runtime` import when the file lacks
it). The fix is unsafe (applied only with `--fix --unsafe-fixes`, and offered to
editors): the goroutine stays on its thread until the function returns, which a
function meant to hand the thread back earlier would not want.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

from golint_ai.diagnostics import Applicability, Edit, Fix
from golint_ai.golang.blocks import after_trailing_comment
from golint_ai.golang.imports import add_import_edit, newline_of
from golint_ai.leaks.cuda import binding_calls, thread_function, unpinned
from golint_ai.golang.walk import enclosing_function_from
from golint_ai.registry import FixAvailability, Level, Precision, Rule

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.diagnostics import Diagnostic
    from golint_ai.settings import Settings


def _binding_names(settings: "Settings") -> tuple[bytes, ...]:
    """The context-binding calls' names as bytes (for the byte prefilters)."""
    return _encoded(settings.knowledge.cuda_context_binding)


_CGO = frozenset({"C"})


@lru_cache(maxsize=8)
def _encoded(names: frozenset[str]) -> tuple[bytes, ...]:
    # A name holding another (`cuCtxPushCurrent_v2`) is found wherever that one is.
    return tuple(sorted(n.encode() for n in names if not any(o != n and o in n for o in names)))


class CudaContextUnpinnedThread(Rule):
    code = "GAI302"
    name = "cuda-context-unpinned-thread"
    level = Level.WARNING
    precision = Precision.HIGH
    tags = ("cuda", "cgo", "os-thread")
    fix_availability = FixAvailability.SOMETIMES
    triggers = (b'"C"',)

    def is_candidate(self, data: bytes, settings: "Settings") -> bool:
        return any(name in data for name in _binding_names(settings))

    def is_candidate_in(self, data: bytes, settings: "Settings", directory: str) -> bool:
        from golint_ai.golang.world import imports_reaching, package_mentions

        if self.is_candidate(data, settings):
            return True
        names = _binding_names(settings)
        # A binding call through an import ends in a `C.` call of one of the names: in
        # a package that imports "C" and mentions it.
        return package_mentions(directory, names) or bool(imports_reaching(data, directory, _CGO, names))

    def check(self, ctx: "FileContext") -> Iterator["Diagnostic"]:
        for call, what in binding_calls(ctx, ctx.root):
            if ctx.file.in_broken_code(call) or not unpinned(ctx, call):
                continue
            func = enclosing_function_from(ctx.root, call)
            where = f"`{ctx.function_name(call)}`" if func is not None else "this function"
            if what.startswith("C."):
                binds = f"{what} binds a CUDA context to the current OS thread"
            else:
                binds = f"{what} binds a CUDA context to the current OS thread without locking it (its callers must)"
            msg = (
                f"{binds}, but {where} has not called runtime.LockOSThread() earlier on this path; "
                f"the goroutine may continue on another thread"
            )
            yield ctx.diagnostic(self.code, msg, call, fix=_lock_fix(ctx, call))


def _lock_fix(ctx: "FileContext", call: "Node") -> Fix | None:
    """``runtime.LockOSThread()`` and its deferred unlock as the first statements of the
    function whose goroutine makes the call."""
    func = thread_function(ctx, call)
    body = func.child_by_field_name("body") if func is not None else None
    if body is None or not body.children or body.children[0].type != "{":
        return None
    stmts = [c for c in body.named_children if c.type == "statement_list"]
    first = stmts[0].named_children[0] if stmts and stmts[0].named_child_count else None
    if first is None or first.start_point[0] == body.start_point[0]:
        return None  # a one-line body: nowhere to put a line of its own
    data = ctx.file.data
    path = ctx.file.source.display
    name = ctx.imports.name_of("runtime")
    edits = []
    if name is None:
        if "runtime" in ctx.imports.paths:
            return None  # imported as `_` or `.`
        name = "runtime"
        add = add_import_edit(ctx.root, data, path, "runtime", ctx.file.imports)
        if add is None:
            return None
        edits.append(add)
    raw = ctx.file.source.line_bytes(first.start_point[0])
    indent = raw[: len(raw) - len(raw.lstrip(b" \t"))].decode("utf-8", errors="replace")
    nl = newline_of(data, body.start_byte)
    at = after_trailing_comment(data, body.children[0].end_byte)
    edits.append(Edit(path, at, at, f"{nl}{indent}{name}.LockOSThread(){nl}{indent}defer {name}.UnlockOSThread()"))
    return Fix("Add `runtime.LockOSThread()` and `defer runtime.UnlockOSThread()` at the start of the function", tuple(edits), Applicability.UNSAFE)
