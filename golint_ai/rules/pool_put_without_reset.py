"""Stateful object put back into a `sync.Pool` without a reset.

## What it does
Checks for `p.Put(x)` on a pool (a variable or field of type `sync.Pool` or
`*sync.Pool`, also through a renamed `sync` import, or of a package type embedding
one, whose promoted `Put` is the pool's) when `x` carries state and is not
reset on the path before the `Put`. Stateful types are large-buffer types (slices of
numbers), pointers to them, `*bytes.Buffer`, `*strings.Builder`, tensor types, and any
type with a `Reset`, `Zero`, `Zero_` or `Clear` method in the package. The type of
`x` comes from its declaration, the type assertion at the `Get`, or the pool's `New`
function.

Writes count also through helpers of the package: `fill(buf)` writing its elements,
`buf = encode(buf)` appending to it.

A reset is `x.Reset()`, `x.Zero()`, `x.Zero_()`, `x.Clear()`, `clear(x)`,
`x = x[:0]` (or `Put(x[:0])`), a `for i := range x { x[i] = 0 }` loop, or `*x = T{}`.
Not flagged: a reset on every path before the `Put`; a pool whose every `Get` in the
package resets the object right away; stateless types; a `Put` inside the pool's own
`New` function; a buffer taken from the pool only as scratch capacity
(`b.Bytes()[:b.Cap()]`) and never written through its methods, so it goes back empty.

## Why is this bad?
`sync.Pool` hands the same object to the next caller of `Get`. Without a reset, the
next request sees (and may send back to its client) the previous request's bytes,
tokens or activations, and buffers keep the length they grew to, so stale data leaks
between requests and memory use creeps up.

## Example
```go
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func render(w io.Writer, tokens []string) {
	buf := bufPool.Get().(*bytes.Buffer)
	for _, t := range tokens {
		buf.WriteString(t)
	}
	w.Write(buf.Bytes())
	bufPool.Put(buf)
}
```

## How to fix
Reset the object before putting it back (or right after every `Get`):
```go
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func render(w io.Writer, tokens []string) {
	buf := bufPool.Get().(*bytes.Buffer)
	for _, t := range tokens {
		buf.WriteString(t)
	}
	w.Write(buf.Bytes())
	buf.Reset()
	bufPool.Put(buf)
}
```
The finding offers a fix that inserts the type's reset call (`buf.Reset()`,
`b = b[:0]`) before the `Put`. The fix is unsafe (applied only with `--fix
--unsafe-fixes`, and offered to editors): code after the `Put` that still reads the
object would now see it empty.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from golint_ai.diagnostics import Applicability, Edit, Fix
from golint_ai.leaks import pools as P
from golint_ai.golang.gotypes import StaticType
from golint_ai.registry import FixAvailability, Level, Precision, Rule

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.diagnostics import Diagnostic
    from golint_ai.settings import Settings

class PoolPutWithoutReset(Rule):
    code = "GAI401"
    name = "pool-put-without-reset"
    level = Level.WARNING
    precision = Precision.HIGH
    tags = ("sync-pool", "data-leak")
    fix_availability = FixAvailability.SOMETIMES
    triggers = (b".Put(",)

    def is_candidate(self, data: bytes, settings: "Settings") -> bool:
        return P.may_hold_put(data)

    def check(self, ctx: "FileContext") -> Iterator["Diagnostic"]:
        for site in P.put_sites(ctx):
            if not P.carries_state(ctx, site.type, site.type_file):
                continue
            if P.is_slice_like(ctx, site.type) and P.reset_method_of(ctx, site.type) is None and not P.writes_of(ctx, site):
                continue  # a scratch slice only handed to calls (`r.Read(*bufp)`): nothing accumulates
            if P.scratch_only(ctx, site):
                continue  # `b.Bytes()[:b.Cap()]` as scratch capacity: never written, nothing to reset
            if P.is_reset_before(ctx, site):
                continue
            if P.every_get_resets(ctx, site.pool):
                continue
            yield self._report(ctx, site)

    def _report(self, ctx: "FileContext", site: P.PutSite) -> "Diagnostic":
        pool = site.pool
        get_where = ""
        related: list[tuple[Node, str]] = []
        if site.get is not None:
            get_where = f" (from Get at line {ctx.line(site.get)})"
            related.append((site.get, f"`{site.key}` is taken from `{pool.name}` here"))
        reset = _reset_text(ctx, site)
        msg = (
            f"`{site.key}` ({site.type.text}){get_where} is put back into pool `{pool.name}` without a reset; "
            f"the next Get sees its old contents — call {reset or 'its reset'} before Put"
        )
        diag = ctx.diagnostic(self.code, msg, site.call, related=related, fix=self._fix(ctx, site, reset))
        if site.get is None and pool.gets:
            get_call, get_file = pool.gets[0]
            diag = ctx.with_related(diag, get_file, get_call, f"objects of `{pool.name}` are taken here")
        return ctx.with_related(diag, pool.file, pool.decl, f"pool `{pool.name}` is declared here")

    def _fix(self, ctx: "FileContext", site: P.PutSite, reset: str | None) -> Fix | None:
        if reset is None or site.get is None and site.binding is None:
            return None
        stmt = site.call.parent
        if stmt is None or stmt.type != "expression_statement" or stmt.parent is None or stmt.parent.type not in ("statement_list", "block"):
            return None
        line0 = stmt.start_point[0]
        raw = ctx.file.source.line_bytes(line0)
        indent = raw[: len(raw) - len(raw.lstrip(b" \t"))].decode("utf-8", errors="replace")
        start = ctx.file.source.offset(line0, 0)
        return Fix(
            title=f"Add `{reset}` before `Put`",
            edits=(Edit(ctx.file.source.display, start, start, f"{indent}{reset}\n"),),
            applicability=Applicability.UNSAFE,
        )


def _reset_text(ctx: "FileContext", site: P.PutSite) -> str | None:
    st = site.type
    key = site.key
    if st is None:
        return None
    obj = key if not site.address_of else f"(&{key})"
    if P.std_type(ctx, st, site.type_file) is not None:
        return f"{obj}.Reset()"
    method = P.reset_method_of(ctx, st)
    if method is not None:
        return f"{obj}.{method}()"
    if site.address_of:
        return f"{key} = {key}[:0]"
    if P.is_slice_like(ctx, StaticType(st.text, st.node)) and st.node is not None and st.node.type != "pointer_type":
        return f"{key} = {key}[:0]"
    if P.is_slice_like(ctx, st):
        return f"*{key} = (*{key})[:0]"
    return None
