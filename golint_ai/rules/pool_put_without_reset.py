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
`x = x[:0]` (or `Put(x[:0])`), a `for i := range x { x[i] = 0 }` loop (for a map,
`for k := range x { delete(x, k) }`), or `*x = T{}`.
Not flagged: a reset on every path before the `Put`; a pool whose every `Get` in the
package resets the object right away, or before anything but a comparison uses it (a
`Get` that checks the object's configuration, resets and hands out a matching one and
drops the others); stateless types; a `Put` inside the pool's own
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
`b = b[:0]` for a slice the function appends to, `for i := range b { b[i] = 0 }` for a
slice of numbers it only writes by index, whose users index it at its length; for a map
field `clear(m)`, or a `delete` loop in a module older than Go 1.21) before the `Put`;
a deferred `Put` becomes `defer func() { buf.Reset(); pool.Put(buf) }()` when nothing
assigns `buf` after the `defer`. The fix is unsafe (applied only with `--fix
--unsafe-fixes`, and offered to editors): code after the `Put` that still reads the
object would now see it empty.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Iterator

from golint_ai.diagnostics import Applicability, Edit, Fix
from golint_ai.leaks import pools as P
from golint_ai.golang.blocks import after_trailing_comment
from golint_ai.golang.gotypes import StaticType
from golint_ai.golang.imports import newline_of
from golint_ai.golang.module import accepts
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
    shared_facts = staticmethod(P.shared_facts)

    def is_candidate(self, data: bytes, settings: "Settings") -> bool:
        return P.may_hold_put(data)

    def is_candidate_in(self, data: bytes, settings: "Settings", directory: str) -> bool:
        return P.may_hold_put_in(data, directory)

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
        has_clear = accepts(os.path.dirname(ctx.file.source.path) or ".", "clear")
        resets = [_field_reset(f"{obj}.{f}", fields[f], has_clear) for f in dirty]
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
        if stmt is None or stmt.type not in ("expression_statement", "defer_statement"):
            return None
        if stmt.parent is None or stmt.parent.type not in ("statement_list", "block"):
            return None
        line0 = stmt.start_point[0]
        raw = ctx.file.source.line_bytes(line0)
        indent = raw[: len(raw) - len(raw.lstrip(b" \t"))].decode("utf-8", errors="replace")
        resets = [line for r in reset.split("; ") for line in _lines(r)]
        title = f"Add `{reset}` before `Put`" if "; " not in reset else "Empty the fields before `Put`"
        path = ctx.file.source.display
        if stmt.type == "expression_statement":
            start = ctx.file.source.offset(line0, 0)
            return Fix(title, (Edit(path, start, start, "".join(f"{indent}{r}\n" for r in resets)),), Applicability.UNSAFE)
        # `defer p.Put(x)`: reset and put back in one deferred closure. The closure reads
        # `x` when the function returns, the plain defer when it ran: the same value only
        # when nothing assigns `x` in between.
        if site.binding is None or site.binding.name != site.key or _assigned_after(site.binding, stmt.end_byte):
            return None
        data = ctx.file.data
        nl = newline_of(data, stmt.start_byte)
        end = after_trailing_comment(data, stmt.end_byte)
        comment = data[stmt.end_byte:end].strip().decode("utf-8", errors="replace")
        body = "".join(f"{indent}\t{r}{nl}" for r in resets)
        put = _text(site.call) + (f" {comment}" if comment else "")  # the comment stays with the Put
        text_ = f"defer func() {{{nl}{body}{indent}\t{put}{nl}{indent}}}()"
        return Fix(title, (Edit(path, stmt.start_byte, end, text_),), Applicability.UNSAFE)


def _lines(reset: str) -> list[str]:
    """A reset as gofmt lays it out: ``for i := range x { x[i] = 0 }`` on three lines."""
    if reset.startswith("for ") and reset.endswith(" }") and " { " in reset:
        head, inner = reset[:-2].split(" { ", 1)
        return [f"{head} {{", f"\t{inner}", "}"]
    return [reset]


def _assigned_after(binding, offset: int) -> bool:
    """Whether the variable is assigned (or its address taken) after byte ``offset``."""
    for ref in binding.refs:
        if ref.start_byte < offset:
            continue
        parent = ref.parent
        if parent is not None and parent.type == "unary_expression" and parent.child_by_field_name("operator") is not None and parent.child_by_field_name("operator").type == "&":
            return True
        if parent is not None and parent.type == "expression_list":
            stmt = parent.parent
            if stmt is not None and stmt.type in ("assignment_statement", "short_var_declaration") and stmt.child_by_field_name("left") == parent:
                return True
        if parent is not None and parent.type == "inc_statement":
            return True
    return False


def _text(node) -> str:
    return node.text.decode("utf-8", errors="replace")


def _field_reset(expr: str, kind: str, has_clear: bool = True) -> str:
    if kind == "slice":
        return f"{expr} = {expr}[:0]"
    if kind == "map":
        return f"clear({expr})" if has_clear else f"for k := range {expr} {{ delete({expr}, k) }}"
    return f"{expr}.Reset()"


_NUMBERS = frozenset({
    "byte", "rune", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
    "uintptr", "float32", "float64", "complex64", "complex128",
})


def _zeroing(ctx: "FileContext", site: P.PutSite) -> str | None:
    """``for i := range x { x[i] = 0 }`` for a slice of numbers the function writes by
    index and never appends to: its users index it at its length, which ``x[:0]``
    would take away."""
    st = site.type
    if st is None or st.node is None or site.address_of:
        return None
    node = st.node
    pointer = node.type == "pointer_type"
    if pointer:
        node = node.named_children[-1] if node.named_child_count else None
    if node is None or node.type != "slice_type":
        return None
    elem = node.child_by_field_name("element")
    if elem is None or _text(elem) not in _NUMBERS:
        return None
    key = site.key
    target = f"(*{key})" if pointer else key
    ranged = f"*{key}" if pointer else key  # gofmt drops the parentheses of a range expression
    return f"for i := range {ranged} {{ {target}[i] = 0 }}"


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
    if P.is_slice_like(ctx, st) and not P.appended_to(ctx, site):
        return _zeroing(ctx, site)
    if site.address_of:
        return f"{key} = {key}[:0]"
    if P.is_slice_like(ctx, StaticType(st.text, st.node)) and st.node is not None and st.node.type != "pointer_type":
        return f"{key} = {key}[:0]"
    if P.is_slice_like(ctx, st):
        return f"*{key} = (*{key})[:0]"
    return None
