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
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

from golint_ai.leaks.cuda import binding_calls, unpinned
from golint_ai.golang.walk import enclosing_function_from
from golint_ai.registry import Level, Precision, Rule

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.context import FileContext
    from golint_ai.diagnostics import Diagnostic
    from golint_ai.settings import Settings


def _binding_names(settings: "Settings") -> tuple[bytes, ...]:
    """The context-binding calls' names as bytes (for the byte prefilters)."""
    return _encoded(settings.knowledge.cuda_context_binding)


@lru_cache(maxsize=8)
def _encoded(names: frozenset[str]) -> tuple[bytes, ...]:
    return tuple(sorted(n.encode() for n in names))


class CudaContextUnpinnedThread(Rule):
    code = "GAI302"
    name = "cuda-context-unpinned-thread"
    level = Level.WARNING
    precision = Precision.HIGH
    tags = ("cuda", "cgo", "os-thread")
    triggers = (b'"C"',)

    def is_candidate(self, data: bytes, settings: "Settings") -> bool:
        return any(name in data for name in _binding_names(settings))

    def is_candidate_in(self, data: bytes, settings: "Settings", directory: str) -> bool:
        from golint_ai.golang.world import imports_reaching, package_mentions

        if self.is_candidate(data, settings):
            return True
        names = _binding_names(settings)
        return package_mentions(directory, names) or bool(imports_reaching(data, directory, names))

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
            yield ctx.diagnostic(self.code, msg, call)
