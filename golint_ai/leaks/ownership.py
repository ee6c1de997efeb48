"""What a statement does with a value held in a local variable: release it, hand it
over (transfer), store it in a struct field, or merely use it.

Transfer follows Go's ownership conventions: returning the value (also inside a
composite literal), assigning it to a named result, a package-level variable, a
captured variable, a map or slice element or another local, sending it on a channel,
``append``-ing it, or passing it to a Go function of another package, an interface
method or a function value. Passing it to a same-package function counts as whatever
that function does with its parameter. Passing it to a C function is a use unless the
caller says the function releases or steals it.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Callable

from msgspec import Struct

from golint_ai.golang.index import find_func
from golint_ai.golang.walk import text, unparen

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.golang.scope import Binding, FunctionScopes


class Fate(enum.IntEnum):
    """Ordered by strength: a statement's fate for a value is the strongest of its refs."""

    USE = 0
    FIELD_STORE = 1
    TRANSFER = 2
    RELEASE = 3


class Effect(Struct, frozen=True, dict=True):
    """What one statement does with a local's value (its :class:`Fate`), and the node that decides it."""

    fate: Fate
    node: "Node"  # the reference, or the store/call that decides the fate
    field: str | None = None  # for FIELD_STORE


_USE_BUILTINS = frozenset({"len", "cap", "print", "println", "copy", "delete", "close", "min", "max", "clear", "new", "make", "complex", "real", "imag"})
_CONVERSION_BUILTINS = frozenset(
    {
        "uintptr", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
        "float32", "float64", "string", "byte", "rune", "bool", "any",
    }
)
_C_SCALAR_TYPES = frozenset(
    {
        "char", "schar", "uchar", "short", "ushort", "int", "uint", "long", "ulong", "longlong", "ulonglong",
        "float", "double", "size_t", "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t",
        "uint32_t", "uint64_t", "uintptr_t", "complexfloat", "complexdouble",
    }
)


class Releases(Struct, dict=True):
    """How a caller recognises releases: C functions by name, methods by name."""

    c_names: Callable[[str], bool]
    methods: Callable[[str], bool]
    c_steals: Callable[[str, int], bool]
    # The package's own C wrappers that hand an argument to free (engine.cgo).
    c_hands_over: Callable[[str, int], bool] = lambda name, index: False


def passes_destructor(ctx: "FileContext", call: "Node") -> bool:
    """Whether a C call is handed a freeing callback next to its other arguments
    (``C.mlx_closure_new(cb, payload, (*[0]byte)(C.closureDestructor))``,
    ``C.sqlite3_result_text(ctx, s, n, C.free)``): C takes over what it is given."""
    from golint_ai.golang.cgo import DESTRUCTOR_WORDS

    args = call.child_by_field_name("arguments")
    for arg in args.named_children if args is not None else []:
        node = unparen(arg)
        # (*[0]byte)(C.f), (*[0]byte)(unsafe.Pointer(C.f)), C.f as a value
        for _ in range(3):
            if node is not None and node.type in ("call_expression", "type_conversion_expression"):
                inner = node.child_by_field_name("arguments") if node.type == "call_expression" else None
                if inner is not None and inner.named_child_count == 1:
                    node = unparen(inner.named_children[0])
                elif node.type == "type_conversion_expression":
                    node = unparen(node.child_by_field_name("operand"))
                else:
                    break
        if node is None or node.type != "selector_expression":
            continue
        operand = node.child_by_field_name("operand")
        if operand is None or text(operand) != "C" or node.parent is not None and node.parent.type == "call_expression" and node.parent.child_by_field_name("function") == node:
            continue
        name = text(node.child_by_field_name("field")).lower()
        if any(w in name for w in DESTRUCTOR_WORDS):
            return True
    return False


class Ownership:
    """Fate analysis for one binding inside the function that declares it."""

    def __init__(self, ctx: "FileContext", scopes: "FunctionScopes", releases: Releases, depth: int = 0, native: bool = False) -> None:
        self.ctx = ctx
        self.scopes = scopes
        self.releases = releases
        self.depth = depth
        # Only native releases count (a callee's *native_releases*, not its *releases*).
        self.native = native

    def effects_in(self, node: "Node | None", binding: "Binding") -> list[Effect]:
        if node is None:
            return []
        return [self.effect_of_ref(r, binding) for r in self.scopes.references_in(node, binding) if r.id != binding.ident.id]

    def fate_in(self, node: "Node | None", binding: "Binding") -> Effect | None:
        effects = self.effects_in(node, binding)
        return max(effects, key=lambda e: e.fate) if effects else None

    # -- one reference -------------------------------------------------------
    def effect_of_ref(self, ref: "Node", binding: "Binding | None") -> Effect:
        value = self._climb_value(ref)
        parent = value.parent
        if parent is None:
            return Effect(Fate.USE, ref)
        pt = parent.type
        if pt == "unary_expression" and parent.child_by_field_name("operator") is not None and parent.child_by_field_name("operator").type == "&":
            return self._address_effect(ref, parent)
        if pt == "selector_expression":
            grand = parent.parent
            if grand is not None and grand.type == "call_expression" and grand.child_by_field_name("function") == parent:
                method = text(parent.child_by_field_name("field"))
                if self.releases.methods(method):
                    return Effect(Fate.RELEASE, grand)
                if self._receiver_fate(grand) == Fate.RELEASE:
                    return Effect(Fate.RELEASE, grand)  # t.Reshape(..., true) consumes t; t.free() via its summary
            return Effect(Fate.USE, ref)
        if pt == "argument_list":
            call = parent.parent
            if call is not None and call.type == "call_expression":
                index = [c.id for c in parent.named_children].index(value.id)
                return Effect(self._call_fate(call, index), call)
            return Effect(Fate.USE, ref)
        if pt == "expression_list":
            owner = parent.parent
            if owner is None:
                return Effect(Fate.USE, ref)
            if owner.type == "return_statement":
                return Effect(Fate.TRANSFER, owner)
            if owner.type in ("assignment_statement", "short_var_declaration") and owner.child_by_field_name("right") == parent:
                return self._store_fate(owner.child_by_field_name("left"), parent, value, owner)
            if owner.type == "var_spec":
                return Effect(Fate.TRANSFER, owner)  # `var alias = h`: another local holds it
            return Effect(Fate.USE, ref)
        if pt == "return_statement":
            return Effect(Fate.TRANSFER, parent)
        if pt in ("assignment_statement", "short_var_declaration") and parent.child_by_field_name("right") == value:
            return self._store_fate(parent.child_by_field_name("left"), None, value, parent)
        if pt == "var_spec":
            return Effect(Fate.TRANSFER, parent)
        if pt == "send_statement" and parent.child_by_field_name("value") == value:
            return Effect(Fate.TRANSFER, parent)
        if pt in ("literal_element", "keyed_element", "literal_value"):
            return Effect(Fate.TRANSFER, parent)
        return Effect(Fate.USE, ref)

    def _address_effect(self, ref: "Node", address: "Node") -> Effect:
        """What ``&h`` does with ``h``: released when handed to a release function
        (``C.x_vec_delete(&v)``); handed over when the address is returned, stored or
        sent (``return Array{&h}``); otherwise only used (a C call reading or filling it)."""
        carried = self._climb_value(address)
        holder = carried.parent
        if holder is None:
            return Effect(Fate.USE, ref)
        if holder.type == "argument_list":
            call = holder.parent
            if call is not None and call.type == "call_expression":
                index = [c.id for c in holder.named_children].index(carried.id)
                fate = self._call_fate(call, index)
                return Effect(Fate.RELEASE, call) if fate == Fate.RELEASE else Effect(Fate.USE, ref)
            return Effect(Fate.USE, ref)
        effect = self.effect_of_ref(carried, None)
        if effect.fate == Fate.TRANSFER and effect.node.type == "assignment_statement" and _stores_into_element(effect.node, carried):
            return Effect(Fate.USE, ref)  # `argv[i] = &h`: an argument array for a call, not a new owner
        return effect if effect.fate >= Fate.FIELD_STORE else Effect(Fate.USE, ref)

    def _climb_value(self, ref: "Node") -> "Node":
        """From a reference up through expressions that carry the same value:
        parentheses and conversions (``unsafe.Pointer(h)``, ``(*C.char)(h)``, ``C.size_t(h)``)."""
        node = ref
        while True:
            parent = node.parent
            if parent is None:
                return node
            if parent.type in ("parenthesized_expression", "type_conversion_expression"):
                node = parent
                continue
            if parent.type == "argument_list" and parent.named_child_count == 1:
                call = parent.parent
                if call is not None and call.type == "call_expression" and self._is_conversion(call):
                    node = call
                    continue
            if parent.type in ("composite_literal",):
                node = parent
                continue
            if parent.type == "unary_expression" and parent.child_by_field_name("operator") is not None and parent.child_by_field_name("operator").type == "&":
                # &T{...h...} carries the value; &h alone is a pointer to the variable.
                if node.type == "composite_literal":
                    node = parent
                    continue
            return node

    def _is_conversion(self, call: "Node") -> bool:
        fn = unparen(call.child_by_field_name("function"))
        if fn is None:
            return False
        if call.child_by_field_name("function").type == "parenthesized_expression":
            return True  # (*T)(x)
        if fn.type in ("pointer_type", "slice_type", "array_type", "map_type", "qualified_type", "generic_type"):
            return True
        if fn.type == "identifier":
            return text(fn) in _CONVERSION_BUILTINS and not self.scopes.is_local(fn)
        if fn.type == "selector_expression":
            q = self.ctx.qualified_callee(call)
            if q == ("unsafe", "Pointer"):
                return True
            if q is not None and q[0] == "C":
                name = q[1]
                return name in _C_SCALAR_TYPES or name.startswith(("struct_", "enum_", "union_"))
        return False

    def _store_fate(self, left: "Node | None", right_list: "Node | None", value: "Node", stmt: "Node") -> Effect:
        if left is None:
            return Effect(Fate.USE, stmt)
        lhs = left.named_children if left.type == "expression_list" else [left]
        if right_list is not None:
            idx = [c.id for c in right_list.named_children].index(value.id)
        else:
            idx = 0
        if idx >= len(lhs):
            return Effect(Fate.USE, stmt)
        target = unparen(lhs[idx])
        if target is None:
            return Effect(Fate.USE, stmt)
        if target.type == "identifier":
            if text(target) == "_":
                return Effect(Fate.USE, stmt)
            return Effect(Fate.TRANSFER, stmt)  # a named result, another local, a global, a captured var
        if target.type == "selector_expression":
            return Effect(Fate.FIELD_STORE, stmt, text(target.child_by_field_name("field")))
        return Effect(Fate.TRANSFER, stmt)  # map/slice element, *p = h

    def _call_fate(self, call: "Node", index: int) -> Fate:
        fn = unparen(call.child_by_field_name("function"))
        if fn is None:
            return Fate.TRANSFER
        if fn.type == "identifier":
            name = text(fn)
            if self.scopes.is_local(fn):
                return Fate.TRANSFER  # a function value
            if name == "append":
                return Fate.TRANSFER
            if name in _USE_BUILTINS and find_func(self.ctx.package, name) is None:
                return Fate.USE
            return self._summary_fate(call, index)
        if fn.type == "selector_expression":
            q = self.ctx.qualified_callee(call)
            if q is not None and f"{q[0]}.{q[1]}" in self.ctx.knowledge.borrowing_calls:
                return Fate.USE
            if q is not None and q[0] == "C":
                if self.releases.c_names(q[1]):
                    return Fate.RELEASE
                if self.releases.c_steals(q[1], index) or self.releases.c_hands_over(q[1], index):
                    return Fate.TRANSFER
                if passes_destructor(self.ctx, call):
                    return Fate.TRANSFER  # C frees it through the callback it was handed
                return Fate.USE
            return self._summary_fate(call, index)
        return Fate.TRANSFER

    def _receiver_fate(self, call: "Node") -> Fate:
        """What a method does with its receiver, by its summary: release (also when a
        consumes-if flag is ``true``), else use."""
        from golint_ai.leaks.summaries import RECEIVER, call_summary

        found = call_summary(self.ctx, call)
        if found is None or found[1].receiver is None:
            return Fate.USE
        summary = found[0]
        if RECEIVER in (summary.native_releases if self.native else summary.releases):
            return Fate.RELEASE
        if self.native:
            return Fate.USE
        for param, flag in summary.consumes_if:
            if param == RECEIVER:
                arg = _argument(call.child_by_field_name("arguments"), flag)
                if arg is not None and text(arg) == "true":
                    return Fate.RELEASE
        return Fate.USE

    def _summary_fate(self, call: "Node", index: int) -> Fate:
        """What a Go function or method does with the argument, by its summary: it
        releases it, or only borrows it (use), or anything else (transfer). A callee whose
        source is not on disk (an interface method, a function value) takes ownership."""
        from golint_ai.leaks.summaries import call_summary

        found = call_summary(self.ctx, call)
        if found is None:
            return Fate.TRANSFER
        summary, callee = found
        args = call.child_by_field_name("arguments")
        params = _param_count(callee.decl.node)
        if params and index >= params and _is_variadic(callee.decl.node):
            index = params - 1
        if index in (summary.native_releases if self.native else summary.releases):
            return Fate.RELEASE
        for param, flag in summary.consumes_if if not self.native else ():
            if param == index:
                arg = _argument(args, flag)
                return Fate.RELEASE if arg is not None and text(arg) == "true" else (Fate.USE if arg is not None and text(arg) == "false" else Fate.TRANSFER)
        if index in summary.borrows:
            return Fate.USE
        return Fate.TRANSFER


def _stores_into_element(stmt: "Node", value: "Node") -> bool:
    """Whether an assignment stores ``value`` into an element (``a[i] = value``)."""
    left, right = stmt.child_by_field_name("left"), stmt.child_by_field_name("right")
    if left is None or right is None:
        return False
    values = [c.id for c in right.named_children] if right.type == "expression_list" else [right.id]
    targets = left.named_children if left.type == "expression_list" else [left]
    if value.id not in values or len(values) != len(targets):
        return False
    target = unparen(targets[values.index(value.id)])
    return target is not None and target.type == "index_expression"


def _is_variadic(func: "Node") -> bool:
    params = func.child_by_field_name("parameters")
    return params is not None and any(p.type == "variadic_parameter_declaration" for p in params.named_children)


def _param_count(func: "Node") -> int:
    plist = func.child_by_field_name("parameters")
    return sum(max(1, len(p.children_by_field_name("name"))) for p in (plist.named_children if plist is not None else [])
               if p.type in ("parameter_declaration", "variadic_parameter_declaration"))


def _argument(args: "Node | None", index: int) -> "Node | None":
    values = [a for a in args.named_children if a.type != "comment"] if args is not None else []
    return unparen(values[index]) if 0 <= index < len(values) else None
