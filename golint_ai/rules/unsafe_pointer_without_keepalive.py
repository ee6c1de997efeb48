"""Raw pointer that the garbage collector or a finalizer can pull out from under the code.

## What it does
Checks for three ways a raw pointer outlives what keeps its memory alive:

1. a `uintptr` made from `unsafe.Pointer(...)` that is stored (in a variable, field,
   slice or map) and later converted back with `unsafe.Pointer`;
2. a raw pointer field (`unsafe.Pointer`, `uintptr`, `*C.T`) read from an object `t`
   (however `t` was reached: a parameter, a `range` variable, an index expression)
   whose type has a `runtime.SetFinalizer` registration that releases that field
   (made in the package, or through a helper of this package or an imported one that
   passes its parameters on to `SetFinalizer`, generic ones included), when the pointer
   is kept in a local or passed to a call and nothing uses `t` after the pointer's last
   use (no `runtime.KeepAlive(t)`, no later use of `t`);
3. a pointer to Go memory (`unsafe.Pointer(&x)`, `unsafe.Pointer(&s[0])`,
   `unsafe.SliceData(s)`, `unsafe.StringData(str)`) stored into C memory: a field of a
   C struct reached through a pointer (from `C.malloc`, `C.calloc`, a C function or a
   `*C.T` declaration) or an element of a C array.

Not flagged: single-expression arithmetic `unsafe.Pointer(uintptr(p) + off)`; direct
`syscall.Syscall` arguments; a `unsafe.Pointer` to Go memory kept as `unsafe.Pointer` in
Go memory (the GC traces it); a Go pointer passed directly as a call argument; stores
into Go structs; objects pinned earlier in the function with `runtime.Pinner`; the
finalizer itself and methods that release the field (a `Close` that frees it and sets
it to nil); a `defer runtime.KeepAlive(t)` anywhere in the function; `t` handed in the
function to a callee that stores it in package-level state (`newHandle(c, cb)` keeping
`c` in a table), which keeps it reachable; an unexported function or method whose every
caller in the package still uses the object after the call returns. A
`reflect.SliceHeader` literal holding `uintptr(unsafe.Pointer(...))` is GAI502's finding
unless that `uintptr` is converted back.

## Why is this bad?
The garbage collector does not treat a `uintptr` as a reference, so the object it
came from can be collected (or, for stacks, moved) before the `uintptr` is turned back
into a pointer. An object with a finalizer becomes unreachable right after its last
use, not at the end of the function: once `m.ptr` has been loaded, the finalizer may
run and free the C memory while C code is still reading it. And C memory is invisible
to the GC: a Go pointer stored there keeps nothing alive, and cgo's pointer-passing
rules forbid it outright. All three fail rarely, under memory pressure, as corrupted
tensors or crashes deep inside the inference library.

## Example
```go
type Model struct {
	ptr unsafe.Pointer
}

func NewModel(n int) *Model {
	m := &Model{ptr: C.malloc(C.size_t(n))}
	runtime.SetFinalizer(m, func(m *Model) { C.free(m.ptr) })
	return m
}

func (m *Model) Fill(v byte) {
	C.memset(m.ptr, C.int(v), 16)
}
```

## How to fix
Keep the owner alive until the raw pointer is no longer used (case 2), keep pointers as
`unsafe.Pointer` rather than `uintptr` (case 1), and copy Go data into C memory or pin
it with `runtime.Pinner` (case 3):
```go
type Model struct {
	ptr unsafe.Pointer
}

func NewModel(n int) *Model {
	m := &Model{ptr: C.malloc(C.size_t(n))}
	runtime.SetFinalizer(m, func(m *Model) { C.free(m.ptr) })
	return m
}

func (m *Model) Fill(v byte) {
	C.memset(m.ptr, C.int(v), 16)
	runtime.KeepAlive(m)
}
```
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Iterator

from golint_ai.leaks import unsafeptr as U
from golint_ai.golang.walk import text
from golint_ai.registry import Level, Precision, Rule

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.context import FileContext
    from golint_ai.diagnostics import Diagnostic
    from golint_ai.settings import Settings


# A stored `uintptr(unsafe.Pointer(...))`: `x := ...`, `x = ...`, `Field: ...`, `var x = ...`,
# `append(s, ...)`. Found from the literal `uintptr(` (a fast scan), then confirmed by
# what precedes it: after whitespace, `:` or `=` (every `var x [uintptr] =` ends so), or
# the `,` after `append(s`.
_UINTPTR_OF_POINTER = re.compile(rb"uintptr\(\s*[A-Za-z_]\w*\.Pointer\(")
_APPEND_FIRST_ARG = re.compile(rb"\bappend\(\s*[\w.\[\]]+\s*\Z")


def _stores_uintptr(data: bytes) -> bool:
    """Whether ``data`` holds a stored ``uintptr(unsafe.Pointer(...))`` (bytes only)."""
    for m in _UINTPTR_OF_POINTER.finditer(data):
        j = m.start()
        while j > 0 and data[j - 1] in b" \t\n\r\x0b\x0c":
            j -= 1
        last = data[j - 1 : j]
        if last in (b":", b"="):
            return True
        if last == b"," and _APPEND_FIRST_ARG.search(data, max(0, j - 512), j - 1):
            return True
    return False
_CGO_IMPORT = re.compile(rb'import\s*(?:\(\s*)?"C"')


def _imports_register_finalizers(ctx: "FileContext") -> bool:
    """A package this file imports (source on disk) registers finalizers: its helpers
    may register them for this package's types."""
    from golint_ai.golang.world import package_mentions, resolve_import

    for path in sorted(ctx.imports.paths):
        target = resolve_import(path, ctx.package.directory) if path not in ("C", "runtime", "unsafe") else None
        if target is not None and package_mentions(target, (b"SetFinalizer",)):
            return True
    return False


class UnsafePointerWithoutKeepalive(Rule):
    code = "GAI501"
    name = "unsafe-pointer-without-keepalive"
    level = Level.WARNING
    precision = Precision.HIGH
    tags = ("unsafe", "cgo", "gc")
    triggers = (b"unsafe",)

    def is_candidate(self, data: bytes, settings: "Settings") -> bool:
        if b"unsafe" not in data and b'"C"' not in data:
            return False
        if b"SetFinalizer" in data:
            return True
        if b'"C"' in data and _CGO_IMPORT.search(data):
            return True
        return b"uintptr(" in data and _stores_uintptr(data)

    def check(self, ctx: "FileContext") -> Iterator["Diagnostic"]:
        data = ctx.file.data
        if b"uintptr(" in data and _stores_uintptr(data) and "unsafe" in ctx.imports.paths:
            for st in U.uintptr_stores(ctx):
                back_line = st.back.start_point[0] + 1
                where = f"line {back_line}" if st.back_file is ctx.file else f"{os.path.basename(st.back_file.source.display)}:{back_line}"
                msg = (
                    f"uintptr from unsafe.Pointer is stored in {st.target} and converted back to a pointer at {where}; "
                    f"the GC does not treat a uintptr as a reference, so the object may be freed or moved in between — "
                    f"keep it as unsafe.Pointer"
                )
                yield ctx.diagnostic(self.code, msg, U.enclosing_statement(st.stmt))
        if ctx.package.contains(b"SetFinalizer") or _imports_register_finalizers(ctx):
            for r in U.finalizer_field_reads(ctx):
                reg = r.releases.registrations[0]
                owner = r.owner.name
                msg = (
                    f"`{text(r.read)}` is a raw pointer the finalizer of `{r.type_name}` (line {reg.call.start_point[0] + 1}) "
                    f"releases, and `{owner}` is not used after the pointer's last use (line {r.last_use.end_point[0] + 1}); "
                    f"the finalizer may free it mid-use — add runtime.KeepAlive({owner}) after that use"
                )
                diag = ctx.diagnostic(self.code, msg, r.read)
                for fz in r.releases.registrations:
                    diag = ctx.with_related(diag, fz.file, fz.call, f"finalizer of `{r.type_name}` registered here")
                yield diag
        if ctx.imports.cgo:
            for cs in U.go_pointer_stores(ctx):
                what = f"`{cs.root}`" if cs.root else "a Go object"
                msg = (
                    f"Go pointer `{text(cs.value)}` is stored into C memory `{text(cs.target)}`; cgo forbids C memory "
                    f"holding Go pointers and nothing keeps {what} alive for C — copy the data into C memory or pin it "
                    f"with runtime.Pinner"
                )
                yield ctx.diagnostic(self.code, msg, cs.stmt)
