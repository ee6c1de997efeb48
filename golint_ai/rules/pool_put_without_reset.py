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

A value of a pool wrapper type is a pool too: a named type (also generic,
`type Pool[T any] struct{ p sync.Pool }`, in any package of the module or a dependency
on disk) whose `Put` method hands its argument to the inner pool; the pooled type is
the type argument (`Pool[*Scratch]`) or the `Put` parameter's type, and a wrapper whose
`Put` resets its argument resets it for every caller.

A struct type whose fields are slices, maps or buffers carries state when the function
putting it back fills one of those fields (appends to it, writes its elements, writes
into it, assigns it anything but an emptied value): each field filled must be emptied
(`s.Logits = s.Logits[:0]`, `clear(s.Index)`, `s.Buf.Reset()`) or the whole value reset
(`*s = Scratch{}`, a reset method) before the `Put`, or right after every `Get`.

Writes count also through helpers, in this package or another one on disk:
`fill(buf)` writing its elements, `buf = encode(buf)` appending to it.

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
    per_function = True

    def is_candidate(self, data: bytes, settings: "Settings") -> bool:
        return P.may_hold_put(data)

    def check(self, ctx: "FileContext") -> Iterator["Diagnostic"]:
        for site in P.put_sites(ctx):
            if not P.carries_state(ctx, site.type, site.type_file):
                diag = self._check_fields(ctx, site)
                if diag is not None:
                    yield diag
                continue
            if P.is_slice_like(ctx, site.type) and P.reset_method_of(ctx, site.type) is None and not P.writes_of(ctx, site):
                continue  # a scratch slice only handed to calls (`r.Read(*bufp)`): nothing accumulates
            if P.scratch_only(ctx, site):
                continue  # `b.Bytes()[:b.Cap()]` as scratch capacity: never written, nothing to reset
            if P.is_reset_before(ctx, site):
                continue
            if site.pool.wrapper is not None and site.pool.wrapper.resets:
                continue  # the wrapper's Put resets what it is given
            if P.every_get_resets(ctx, site.pool):
                continue
            yield self._report(ctx, site)

    def _check_fields(self, ctx: "FileContext", site: P.PutSite) -> "Diagnostic | None":
        """A struct whose slice, map or buffer fields the function fills: each filled
        field must be emptied (or the whole value reset) before the ``Put``."""
        st = site.type
        if st is None:
            return None
        home = StaticType(st.text, st.node, st.const_len, st.file or (site.type_file if site.type_file is not ctx.file else None), st.package)
        fields = P.buffer_fields(ctx, home)
        written = P.fields_written(ctx, site, fields) if fields else []
        if not written:
            return None
        if P.is_reset_before(ctx, site) or P.every_get_resets(ctx, site.pool):
            return None
        if site.pool.wrapper is not None and site.pool.wrapper.resets:
            return None
        dirty = [
            f for f in written
            if not P.is_reset_before(ctx, P.field_site(site, f)) and not P.every_get_resets(ctx, site.pool, f)
        ]
        if not dirty:
            return None
        obj = site.key if not site.address_of else f"(&{site.key})"
        resets = [_field_reset(f"{obj}.{f}", fields[f]) for f in dirty]
        listed = ", ".join(f"`{f}`" for f in dirty)
        msg = (
            f"`{site.key}` ({st.text}) is put back into pool `{site.pool.name}` with its field{'s' if len(dirty) > 1 else ''} "
            f"{listed} still holding this use's data; the next Get sees {'them' if len(dirty) > 1 else 'it'} — "
            f"empty {'them' if len(dirty) > 1 else 'it'} before Put ({'; '.join(resets)})"
        )
        related = P.get_related(site)
        diag = ctx.diagnostic(self.code, msg, site.call, related=related, fix=self._fix(ctx, site, "; ".join(resets)))
        return ctx.with_related(diag, site.pool.file, site.pool.decl, f"pool `{site.pool.name}` is declared here")

    def _report(self, ctx: "FileContext", site: P.PutSite) -> "Diagnostic":
        pool = site.pool
        get_where = f" (from Get at line {ctx.line(site.get)})" if site.get is not None else ""
        related = P.get_related(site)
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
            title=f"Add `{reset}` before `Put`" if "; " not in reset else "Empty the fields before `Put`",
            edits=(Edit(ctx.file.source.display, start, start, "".join(f"{indent}{r}\n" for r in reset.split("; "))),),
            applicability=Applicability.UNSAFE,
        )


def _field_reset(expr: str, kind: str) -> str:
    if kind == "slice":
        return f"{expr} = {expr}[:0]"
    if kind == "map":
        return f"clear({expr})"
    return f"{expr}.Reset()"


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
