"""ctypes function returning a library-allocated C string through `restype = c_char_p`.

## What it does
Checks `lib.fn.restype = ctypes.c_char_p` (also `lib["fn"]`, `getattr(lib, "fn")`, a
name bound to one of them, `from ctypes import *`, and the `wintypes` aliases) when the
returned buffer is the caller's to free: either the Go code of the same tree (the
nearest directory up with `go.mod` or `.git`) exports the function with `//export fn`
returning `*C.char` — memory from `C.CString` — in which case the message names the Go
function and its file; or the file binds a free function of the same library
(`lib.FreeString`, `lib.free_result`), which says the library hands out memory its
callers release.

Not flagged: `restype = c_void_p` (the pointer is kept and can be freed); Go exports
that keep the `C.CString` they return in a table (`pointers[id] = s`), so the library
frees it later by id; `c_char_p`
results of libraries that neither export from Go in the tree nor come with a free
function, and functions named like static strings (`version`, `errmsg`, `strerror`,
`last_error`) of a library not built from Go in the tree.

## Why is this bad?
For a `c_char_p` result ctypes copies the bytes into a Python `bytes` object and throws
the pointer away. The buffer the library allocated for the result — in a Go
`c-shared` library, the `C.CString` an exported function returns — can never be passed
to `free`, so every call leaks its size. In an inference service calling the bridge per
request (a tokenizer, a JSON result), the process grows until it is killed.

## Example
```python
lib = ctypes.CDLL("./libtokenizer.so")
lib.Tokenize.argtypes = [ctypes.c_char_p]
lib.Tokenize.restype = ctypes.c_char_p

def tokenize(text: str) -> str:
    return lib.Tokenize(text.encode()).decode()
```
with, in Go:
```go
//export Tokenize
func Tokenize(s *C.char) *C.char {
	return C.CString(tokenize(C.GoString(s)))
}
```

## How to fix
Keep the pointer, copy the bytes, then free it with the library's free function (export
one from Go that calls `C.free`):
```python
lib.Tokenize.restype = ctypes.c_void_p
lib.FreeString.argtypes = [ctypes.c_void_p]

def tokenize(text: str) -> str:
    ptr = lib.Tokenize(text.encode())
    try:
        return ctypes.string_at(ptr).decode()
    finally:
        lib.FreeString(ptr)
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from golint_ai.registry import Level, Precision, Rule

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.diagnostics import Diagnostic
    from golint_ai.python.context import PyFileContext


class CtypesCstringRestypeLeak(Rule):
    code = "GAI604"
    name = "ctypes-cstring-restype-leak"
    language = "python"
    level = Level.WARNING
    precision = Precision.HIGH
    tags = ("ctypes", "cgo", "native-memory")
    triggers = (b"restype",)

    def check(self, ctx: "PyFileContext") -> Iterator["Diagnostic"]:
        from golint_ai.diagnostics import Related, Span
        from golint_ai.discovery import display_path
        from golint_ai.leaks import ctypes_bridge as B

        f = ctx.file
        exports = None
        for r in B.char_p_results(f):
            if exports is None:
                exports = B.exports_for(ctx.directory)
            go = exports.get(r.function)
            if go is not None and go.kept:
                continue  # the Go side keeps the pointer and frees it by id
            frees = B.free_functions(f, r.library)
            if go is None and (not frees or B.static_by_name(r.function)):
                continue
            if go is not None and not frees:
                frees = B.free_functions(f, None)
            free = frees[0] if frees else None
            lib = r.library or "lib"
            if go is not None:
                where = display_path(go.path)
                owner = f"the Go function `{go.name}` ({where}:{go.line}, `//export`ed, returns `*C.char` from `C.CString`)"
            else:
                owner = f"`{r.function}`, whose library frees its results with `{free}`,"
            msg = (
                f"`{r.binding}.restype = c_char_p` (line {f.line(r.assign)}): ctypes copies the result into `bytes` and drops "
                f"the pointer, so the buffer {owner} allocates is never freed — set `restype = ctypes.c_void_p`, read it with "
                f"`ctypes.string_at(ptr)`, then free it with `{free or lib + '.Free...'}(ptr)`"
            )
            extra = ()
            if go is not None:
                extra = (Related(Span(display_path(go.path), go.start, go.end), f"`{go.name}` is exported here and returns `*C.char`"),)
            yield ctx.diagnostic(self.code, msg, r.value, extra_related=extra)
