"""Slice or string built by hand through `reflect.SliceHeader` / `reflect.StringHeader`.

## What it does
Checks for slices and strings assembled from raw headers: a composite literal of
`reflect.SliceHeader` or `reflect.StringHeader` that sets fields, and assignments to
`Data`, `Len` or `Cap` through a header (usually a `*reflect.SliceHeader` obtained with
`(*reflect.SliceHeader)(unsafe.Pointer(&s))`). One finding per assignment statement
(`h.Data, h.Len, h.Cap = ...` is one). Reading header fields is not flagged, and
neither is a literal that builds nothing (`unsafe.Sizeof(reflect.SliceHeader{})`).

## Why is this bad?
`Data` is a `uintptr`: nothing in a header keeps the memory it points at alive, so the
garbage collector may free the backing array of a tensor or model blob while the
hand-built slice still reads it. The layout of the headers is not guaranteed either,
and both types are deprecated since Go 1.20 for exactly these reasons.

## Example
```go
func floats(p unsafe.Pointer, n int) []float32 {
	var out []float32
	h := (*reflect.SliceHeader)(unsafe.Pointer(&out))
	h.Data = uintptr(p)
	h.Len = n
	h.Cap = n
	return out
}
```

## How to fix
Use `unsafe.Slice` (and `unsafe.String` for strings), which keep the pointer typed and
visible to the garbage collector:
```go
func floats(p unsafe.Pointer, n int) []float32 {
	return unsafe.Slice((*float32)(p), n)
}

func name(p *byte, n int) string {
	return unsafe.String(p, n)
}
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from golint_ai.golang.query import compile_query, matches
from golint_ai.leaks.unsafeptr import file_var
from golint_ai.golang.walk import text, unparen
from golint_ai.registry import Level, Precision, Rule

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.diagnostics import Diagnostic

_HEADERS = compile_query(
    """
    (composite_literal
      type: (qualified_type
        package: (package_identifier) @pkg
        name: (type_identifier) @name (#match? @name "^(SliceHeader|StringHeader)$"))
      body: (literal_value) @body) @lit
    (assignment_statement
      left: (expression_list
        (selector_expression field: (field_identifier) @field (#match? @field "^(Data|Len|Cap)$")))) @assign
    (inc_statement (selector_expression field: (field_identifier) @field (#match? @field "^(Data|Len|Cap)$"))) @assign
    (dec_statement (selector_expression field: (field_identifier) @field (#match? @field "^(Data|Len|Cap)$"))) @assign
    """
)
_HEADER_NAMES = ("SliceHeader", "StringHeader")


class ReflectHeaderSlice(Rule):
    code = "GAI502"
    name = "reflect-header-slice"
    level = Level.WARNING
    precision = Precision.HIGH
    tags = ("unsafe", "reflect", "deprecated")
    triggers = (b"SliceHeader", b"StringHeader")

    def check(self, ctx: "FileContext") -> Iterator["Diagnostic"]:
        if "reflect" not in ctx.imports.paths:
            return
        done: set[int] = set()
        for m in matches(_HEADERS, ctx.root):
            if "lit" in m:
                lit = m["lit"][0]
                if lit.id in done or ctx.file.in_broken_code(lit) or m["body"][0].named_child_count == 0:
                    continue
                if ctx.imports.path_of(text(m["pkg"][0])) != "reflect" or _only_measured(ctx, lit):
                    continue
                done.add(lit.id)
                name = text(m["name"][0])
                yield ctx.diagnostic(self.code, _literal_message(name), lit)
                continue
            stmt = m["assign"][0]
            if stmt.id in done or ctx.file.in_broken_code(stmt):
                continue
            header = self._written_header(ctx, stmt)
            if header is None:
                continue
            done.add(stmt.id)
            target, name = header
            yield ctx.diagnostic(self.code, _assign_message(target, name), stmt)

    def _written_header(self, ctx: "FileContext", stmt: "Node") -> tuple[str, str] | None:
        """``(h.Field, SliceHeader|StringHeader)`` for the first header field written."""
        if stmt.type == "assignment_statement":
            left = stmt.child_by_field_name("left")
            targets = left.named_children if left is not None else []
        else:
            targets = stmt.named_children[:1]
        for t in targets:
            t = unparen(t)
            if t is None or t.type != "selector_expression":
                continue
            if text(t.child_by_field_name("field")) not in ("Data", "Len", "Cap"):
                continue
            name = header_type(ctx, t.child_by_field_name("operand"))
            if name is not None:
                return text(t), name
        return None


def _only_measured(ctx: "FileContext", lit: "Node") -> bool:
    """``unsafe.Sizeof(reflect.SliceHeader{...})`` and friends build nothing."""
    parent = lit.parent
    if parent is None or parent.type != "argument_list" or parent.parent is None:
        return False
    q = ctx.qualified_callee(parent.parent)
    return q is not None and q[0] == "unsafe" and q[1] in ("Sizeof", "Alignof", "Offsetof")


def header_type(ctx: "FileContext", expr: "Node | None") -> str | None:
    """``SliceHeader``/``StringHeader`` when ``expr`` is a reflect header or a pointer to one."""
    e = unparen(expr)
    for _ in range(6):
        if e is None:
            return None
        if e.type == "unary_expression" and text(e.child_by_field_name("operator")) in ("*", "&"):
            e = unparen(e.child_by_field_name("operand"))
            continue
        if e.type == "identifier":
            b = ctx.scopes(e).resolve(e)
            if b is None:
                spec = file_var(ctx, text(e))
                if spec is None:
                    return None
                tn, val = spec
            else:
                tn, val = b.type_node, b.value
            if tn is not None:
                return _type_is_header(ctx, tn)
            e = unparen(val)
            continue
        if e.type == "composite_literal":
            return _type_is_header(ctx, e.child_by_field_name("type"))
        if e.type == "call_expression":
            fn = e.child_by_field_name("function")
            inner = unparen(fn)
            if fn is not None and fn.type == "parenthesized_expression" and inner is not None and inner.type == "unary_expression":
                return _type_is_header(ctx, unparen(inner.child_by_field_name("operand")))
            if inner is not None and inner.type == "identifier" and text(inner) == "new" and not ctx.is_local(inner):
                args = e.child_by_field_name("arguments")
                return _type_is_header(ctx, args.named_children[0]) if args is not None and args.named_child_count else None
            return None
        if e.type == "type_conversion_expression":
            return _type_is_header(ctx, e.child_by_field_name("type"))
        return None
    return None


def _type_is_header(ctx: "FileContext", tnode: "Node | None") -> str | None:
    n = unparen(tnode)
    while n is not None and n.type in ("pointer_type", "parenthesized_type"):
        n = n.named_children[-1] if n.named_child_count else None
    if n is None:
        return None
    if n.type == "qualified_type":
        pkg, name = n.child_by_field_name("package"), n.child_by_field_name("name")
    elif n.type == "selector_expression":
        pkg, name = n.child_by_field_name("operand"), n.child_by_field_name("field")
        if pkg is not None and pkg.type == "identifier" and ctx.is_local(pkg):
            return None
    else:
        return None
    if text(name) in _HEADER_NAMES and ctx.imports.path_of(text(pkg)) == "reflect":
        return text(name)
    return None


def _replacement(name: str) -> str:
    return "unsafe.String(ptr, len)" if name == "StringHeader" else "unsafe.Slice(ptr, len)"


def _literal_message(name: str) -> str:
    kind = "string" if name == "StringHeader" else "slice"
    return (
        f"`reflect.{name}` literal builds a {kind} by hand; its uintptr `Data` keeps nothing alive and the type is "
        f"deprecated — use {_replacement(name)}"
    )


def _assign_message(target: str, name: str) -> str:
    kind = "string" if name == "StringHeader" else "slice"
    return (
        f"assignment to `{target}` builds a {kind} by hand through reflect.{name}; nothing keeps the data alive and "
        f"the type is deprecated — use {_replacement(name)}"
    )
