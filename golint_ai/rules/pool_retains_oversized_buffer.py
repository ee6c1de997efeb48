"""Grown buffer put back into a `sync.Pool` without a capacity guard.

## What it does
Checks for `p.Put(x)` on a `sync.Pool` when `x` is a buffer that can grow and grew in
the same function: a `*bytes.Buffer` or `*strings.Builder` that was written to
(`Write*`, `ReadFrom`, `Grow`, `fmt.Fprint*`, `io.Copy`), or a slice (or pointer to
a slice) that the function appends to (also through a helper of the package:
`buf = encode(buf)`) or reallocates with `make`. It is flagged when
no capacity guard dominates the `Put`: an `if` testing `cap(x)`, `len(x)`, `x.Cap()`
or `x.Len()` of the same buffer (or of the slice it holds) on every path to the
`Put`. A deferred `Put` runs after the writes.

Not flagged: guarded puts; buffers of a fixed size that the function never grows;
growth bounded by constants (`append(b, '.', '0')`, appending a short literal);
growth of another variable that merely shares the name (a `buf` of another branch).
A guard on a different buffer or nested under an unrelated condition does not count.
It is silent in `_test.go` files: a test binary exits before a retained buffer matters.

## Why is this bad?
A pool keeps whatever capacity its objects grew to (golang/go#23199). One request with
a 200 MB prompt or response makes its buffer 200 MB; once that buffer is back in the
pool it stays allocated for as long as the pool reuses it, and every goroutine that
gets it holds 200 MB to write a few bytes. Inference services with occasional huge
requests slowly turn the pool into a heap of oversized buffers.

## Example
```go
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func encode(w io.Writer, r io.Reader) error {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	if _, err := buf.ReadFrom(r); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	bufPool.Put(buf)
	return err
}
```

## How to fix
Drop buffers that grew beyond what the pool should keep:
```go
const maxPooled = 1 << 16

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func encode(w io.Writer, r io.Reader) error {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	if _, err := buf.ReadFrom(r); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	if buf.Cap() <= maxPooled {
		bufPool.Put(buf)
	}
	return err
}
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from golint_ai.leaks import pools as P
from golint_ai.golang.walk import text
from golint_ai.registry import Level, Precision, Rule

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.diagnostics import Diagnostic
    from golint_ai.settings import Settings

class PoolRetainsOversizedBuffer(Rule):
    code = "GAI402"
    name = "pool-retains-oversized-buffer"
    level = Level.WARNING
    precision = Precision.HIGH
    tags = ("sync-pool", "memory-growth")
    triggers = (b".Put(",)
    in_tests = False  # a test binary exits before retained memory matters
    per_function = True
    shared_facts = staticmethod(P.shared_facts)

    def is_candidate(self, data: bytes, settings: "Settings") -> bool:
        return P.may_hold_put(data)

    def is_candidate_in(self, data: bytes, settings: "Settings", directory: str) -> bool:
        return P.may_hold_put_in(data, directory)

    def check(self, ctx: "FileContext") -> Iterator["Diagnostic"]:
        for site in P.put_sites(ctx):
            std = P.std_type(ctx, site.type, site.type_file)
            if std is None and not P.is_buffer_slice(ctx, site.type):
                continue
            growth = P.growth_of(ctx, site)
            if not growth:
                continue
            if P.guarded(ctx, site):
                continue
            if site.pool.wrapper is not None and site.pool.wrapper.guards:
                continue  # the wrapper's Put drops oversized buffers
            yield self._report(ctx, site, growth[0], std)

    def _report(self, ctx: "FileContext", site: P.PutSite, grow: "Node", std: str | None) -> "Diagnostic":
        pool = site.pool
        how = _growth_name(grow)
        check = f"{site.key}.Cap()" if std is not None else (f"cap({site.key})" if not site.type.text.startswith("*") else f"cap(*{site.key})")
        msg = (
            f"`{site.key}` grows in this function ({how} at line {ctx.line(grow)}) and is put back into pool "
            f"`{pool.name}` without a capacity guard; one huge request pins a huge buffer in the pool — "
            f"drop it when {check} exceeds a limit"
        )
        related = P.get_related(site)
        diag = ctx.diagnostic(self.code, msg, site.call, related=related)
        if site.get is None and pool.gets:
            get_call, get_file = pool.gets[0]
            diag = ctx.with_related(diag, get_file, get_call, f"objects of `{pool.name}` are taken here")
        return ctx.with_related(diag, pool.file, pool.decl, f"pool `{pool.name}` is declared here")


def _growth_name(node: "Node") -> str:
    if node.type == "call_expression":
        fn = node.child_by_field_name("function")
        if fn is not None and fn.type == "selector_expression":
            return text(fn.child_by_field_name("field"))
        return text(fn)
    return "reallocation" if b"make" in node.text else "append"
