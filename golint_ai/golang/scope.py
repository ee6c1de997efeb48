"""Scopes and bindings for one top-level function (with its nested func literals).

Resolves every identifier reference in the function to the local binding it names,
following Go's block scoping: parameters, named results, receivers, ``var``/``const``,
``:=`` (new names only), ``range`` variables, select-receive and type-switch
bindings, func-literal parameters, and shadowing in nested blocks. Identifiers that do
not resolve are package-level names, imported packages, or builtins.

The walk is iterative: an explicit stack of visit / declare / pop-scope events.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from msgspec import Struct, field

from golint_ai.golang.walk import FUNCTION_TYPES, ancestors, text

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

_SCOPE_STATEMENTS = frozenset(
    {
        "if_statement",
        "for_statement",
        "expression_switch_statement",
        "type_switch_statement",
        "select_statement",
        "expression_case",
        "default_case",
        "type_case",
        "communication_case",
        "block",
    }
)
# Children never holding value references (type expressions, labels).
_TYPE_CHILDREN = frozenset(
    {
        "type_identifier",
        "qualified_type",
        "pointer_type",
        "slice_type",
        "array_type",
        "map_type",
        "channel_type",
        "function_type",
        "struct_type",
        "interface_type",
        "generic_type",
        "type_declaration",
        "label_name",
        "field_identifier",
        "package_identifier",
        "type_parameter_list",
    }
)


# Reference lists up to this long are scanned; longer ones are searched by position.
_SCAN_LIMIT = 32


class Binding(Struct, eq=False, dict=True):
    """A local name: where it is declared, how, with which declared type or value."""

    name: str
    kind: str  # receiver | param | result | var | const | short | range | typeswitch | recv
    ident: "Node"
    decl: "Node"
    function: "Node"
    type_node: "Node | None" = None
    value: "Node | None" = None
    refs: list["Node"] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.ident.start_point[0] + 1

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Binding({self.name!r}, {self.kind}, line {self.line})"


class FunctionScopes:
    """Bindings and resolved references of one function declaration or literal tree."""

    def __init__(self, func: "Node") -> None:
        self.func = func
        self.bindings: list[Binding] = []
        self._ref: dict[int, Binding] = {}
        self._decl: dict[int, Binding] = {}
        # id(binding) -> (len(refs) when built, sorted start bytes, ref indices in that order)
        self._ref_index: dict[int, tuple[int, list[int], list[int]]] = {}
        self._build()

    # -- questions ---------------------------------------------------------
    def resolve(self, ident: "Node") -> Binding | None:
        """The local binding an identifier (reference or declaration) names."""
        return self._ref.get(ident.id) or self._decl.get(ident.id)

    def is_local(self, ident: "Node") -> bool:
        return self.resolve(ident) is not None

    def params(self, func: "Node | None" = None) -> list[Binding]:
        f = func or self.func
        return [b for b in self.bindings if b.function.id == f.id and b.kind in ("param", "receiver")]

    def results(self, func: "Node | None" = None) -> list[Binding]:
        f = func or self.func
        return [b for b in self.bindings if b.function.id == f.id and b.kind == "result"]

    def captured_by(self, literal: "Node") -> dict[Binding, list["Node"]]:
        """Variables of enclosing functions that the func literal reads, with the reads.

        Excludes bindings declared inside the literal (its parameters included) and
        package-level names (which never resolve locally).
        """
        out: dict[Binding, list[Node]] = {}
        lo, hi = literal.start_byte, literal.end_byte
        # Only bindings referenced inside the literal, found through the function's
        # references by position (scanning every binding per literal was quadratic in a
        # function launching many goroutines); kept in the order of ``bindings``.
        starts, owners = self._refs_by_position()
        inside = sorted(set(owners[bisect_left(starts, lo):bisect_left(starts, hi)]))
        for i in inside:
            b = self.bindings[i]
            if lo <= b.ident.start_byte < hi:
                continue  # declared inside the literal
            reads = self.references_in(literal, b)
            if reads:
                out[b] = reads
        return out

    def _refs_by_position(self) -> tuple[list[int], list[int]]:
        """Start bytes of every reference, sorted, and the index in ``bindings`` of
        the binding each names (bindings and references are final after construction)."""
        cached = self.__dict__.get("_by_position")
        if cached is None:
            pairs = sorted((r.start_byte, i) for i, b in enumerate(self.bindings) for r in b.refs)
            cached = self.__dict__["_by_position"] = ([p for p, _ in pairs], [i for _, i in pairs])
        return cached

    def references_in(self, node: "Node", binding: Binding) -> list["Node"]:
        """The references of ``binding`` inside ``node``, in the order of ``binding.refs``.

        A binding with many references is searched through an index of their start
        bytes, so asking about each of many small nodes (every case of a large
        ``switch``) costs the answer, not the whole reference list."""
        lo, hi = node.start_byte, node.end_byte
        refs = binding.refs
        if len(refs) <= _SCAN_LIMIT:
            return [r for r in refs if lo <= r.start_byte < hi]
        index = self._ref_index.get(id(binding))
        if index is None or index[0] != len(refs):
            order = sorted(range(len(refs)), key=lambda i: refs[i].start_byte)
            index = self._ref_index[id(binding)] = (len(refs), [refs[i].start_byte for i in order], order)
        _, starts, order = index
        picked = order[bisect_left(starts, lo):bisect_left(starts, hi)]
        if len(picked) > 1:
            picked = sorted(picked)
        return [refs[i] for i in picked]

    # -- construction ------------------------------------------------------
    def _build(self) -> None:
        scopes: list[dict[str, Binding]] = [{}]
        funcs: list["Node"] = [self.func]
        # events: ("visit", node) | ("declare", specs) | ("pop",) | ("popfunc",)
        stack: list[tuple] = []
        self._enter_function(self.func, scopes, funcs, stack)
        while stack:
            ev = stack.pop()
            kind = ev[0]
            if kind == "visit":
                self._visit(ev[1], scopes, funcs, stack)
            elif kind == "declare":
                for spec in ev[1]:
                    self._declare(scopes, funcs[-1], *spec)
            elif kind == "pop":
                scopes.pop()
            elif kind == "popfunc":
                scopes.pop()
                funcs.pop()

    def _declare(self, scopes, function, ident, bkind, decl, type_node=None, value=None, reuse=False):
        name = text(ident)
        if name == "_" or not name:
            return
        if reuse and name in scopes[-1]:
            b = scopes[-1][name]
            b.refs.append(ident)
            self._ref[ident.id] = b
            return
        b = Binding(name, bkind, ident, decl, function, type_node, value)
        scopes[-1][name] = b
        self.bindings.append(b)
        self._decl[ident.id] = b

    def _lookup(self, scopes, name: str) -> Binding | None:
        for s in reversed(scopes):
            b = s.get(name)
            if b is not None:
                return b
        return None

    def _enter_function(self, func, scopes, funcs, stack) -> None:
        scopes.append({})
        funcs.append(func)
        specs = []
        recv = func.child_by_field_name("receiver") if func.type == "method_declaration" else None
        if recv is not None:
            specs += self._param_specs(recv, "receiver")
        params = func.child_by_field_name("parameters")
        if params is not None:
            specs += self._param_specs(params, "param")
        result = func.child_by_field_name("result")
        if result is not None and result.type == "parameter_list":
            specs += self._param_specs(result, "result")
        stack.append(("popfunc",))
        body = func.child_by_field_name("body")
        if body is not None:
            # The body block shares the function scope: visit its statements directly.
            for child in reversed(body.named_children):
                stack.append(("visit", child))
        stack.append(("declare", specs))

    def _param_specs(self, plist: "Node", bkind: str) -> list[tuple]:
        specs = []
        for p in plist.named_children:
            if p.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                continue
            tnode = p.child_by_field_name("type")
            for c in p.children_by_field_name("name"):
                if c.type == "identifier":
                    specs.append((c, bkind, p, tnode))
        return specs

    def _visit(self, node: "Node", scopes, funcs, stack) -> None:
        t = node.type
        if t == "identifier":
            b = self._lookup(scopes, text(node))
            if b is not None:
                b.refs.append(node)
                self._ref[node.id] = b
            return
        if t in FUNCTION_TYPES:
            self._enter_function(node, scopes, funcs, stack)
            return
        if t in _TYPE_CHILDREN:
            return
        if t in _SCOPE_STATEMENTS:
            scopes.append({})
            stack.append(("pop",))
            if t == "type_switch_statement":
                self._visit_type_switch(node, stack)
                return
        if t == "short_var_declaration":
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            stack.append(("declare", self._lhs_specs(left, "short", node, right, reuse=True)))
            if right is not None:
                stack.append(("visit", right))
            return
        if t in ("var_spec", "const_spec"):
            tnode = node.child_by_field_name("type")
            value = node.child_by_field_name("value")
            names = node.children_by_field_name("name")
            values = value.named_children if value is not None else []
            specs = []
            for i, n in enumerate(names):
                v = values[i] if len(values) == len(names) else None
                specs.append((n, "var" if t == "var_spec" else "const", node, tnode, v))
            stack.append(("declare", specs))
            if value is not None:
                stack.append(("visit", value))
            return
        if t == "range_clause" and any(c.type == ":=" for c in node.children):
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            stack.append(("declare", self._lhs_specs(left, "range", node, None)))
            if right is not None:
                stack.append(("visit", right))
            return
        if t == "receive_statement" and any(c.type == ":=" for c in node.children):
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            stack.append(("declare", self._lhs_specs(left, "recv", node, None)))
            if right is not None:
                stack.append(("visit", right))
            return
        if t == "selector_expression":
            operand = node.child_by_field_name("operand")
            if operand is not None:
                stack.append(("visit", operand))
            return
        if t == "keyed_element":
            self._visit_keyed(node, stack)
            return
        if t == "labeled_statement":
            for c in reversed(node.named_children):
                if c.type != "label_name":
                    stack.append(("visit", c))
            return
        for child in reversed(node.named_children):
            stack.append(("visit", child))

    def _visit_type_switch(self, node: "Node", stack) -> None:
        alias = node.child_by_field_name("alias")
        value = node.child_by_field_name("value")
        init = node.child_by_field_name("initializer")
        cases = [c for c in node.named_children if c.type in ("type_case", "default_case")]
        for c in reversed(cases):
            stack.append(("visit", c))
        if alias is not None:
            specs = [(i, "typeswitch", node, None, value) for i in alias.named_children if i.type == "identifier"]
            stack.append(("declare", specs))
        if value is not None:
            stack.append(("visit", value))
        if init is not None:
            stack.append(("visit", init))

    def _visit_keyed(self, node: "Node", stack) -> None:
        """``{Key: value}``: the key is a field name unless the literal is a map/slice."""
        kids = node.named_children
        lit = node.parent.parent if node.parent is not None else None
        ltype = lit.child_by_field_name("type") if lit is not None and lit.type == "composite_literal" else None
        key_is_expr = ltype is not None and ltype.type in ("map_type", "slice_type", "array_type", "implicit_length_array_type")
        for i, c in enumerate(reversed(kids)):
            is_key = i == len(kids) - 1
            if is_key and not key_is_expr:
                inner = c.named_children[0] if c.type == "literal_element" and c.named_child_count else c
                if inner.type == "identifier":
                    continue
            stack.append(("visit", c))

    def _lhs_specs(self, left: "Node | None", bkind: str, decl: "Node", right: "Node | None", reuse: bool = False):
        if left is None:
            return []
        names = [c for c in left.named_children] if left.type == "expression_list" else [left]
        values = right.named_children if right is not None and right.type == "expression_list" else ([right] if right is not None else [])
        specs = []
        for i, n in enumerate(names):
            if n.type != "identifier":
                continue
            v = values[i] if len(values) == len(names) else None
            specs.append((n, bkind, decl, None, v, reuse))
        return specs


def top_function(node: "Node") -> "Node | None":
    """The outermost function declaration (or top-level literal) holding ``node``."""
    top = None
    for a in ancestors(node):
        if a.type in FUNCTION_TYPES:
            top = a
    return top



class Assignment(Struct, frozen=True, dict=True):
    """An assignment (``=``, ``:=`` or ``var``) seen from one value on its right-hand side."""

    statement: "Node"
    targets: tuple["Node", ...]
    values: tuple["Node", ...]
    position: int  # index of the value in ``values``

    @property
    def target(self) -> "Node | None":
        """The left-hand side receiving the value: the one at the same position in a
        parallel assignment, the first when one call fills several (``x, err := f()``)."""
        if len(self.values) == len(self.targets):
            return self.targets[self.position]
        if len(self.values) == 1 and self.targets:
            return self.targets[0]
        return None


def assignment_of(value: "Node") -> Assignment | None:
    """The plain assignment whose right-hand side lists ``value`` (compound ``+=`` and
    friends are not assignments of the value)."""
    parent = value.parent
    if parent is None or parent.type != "expression_list":
        return None
    stmt = parent.parent
    if stmt is None:
        return None
    if stmt.type in ("short_var_declaration", "assignment_statement"):
        if stmt.child_by_field_name("right") != parent:
            return None
        if stmt.type == "assignment_statement":
            op = stmt.child_by_field_name("operator")
            if op is not None and op.type != "=":
                return None
        left = stmt.child_by_field_name("left")
        targets = tuple(left.named_children) if left is not None else ()
    elif stmt.type == "var_spec":
        if stmt.child_by_field_name("value") != parent:
            return None
        targets = tuple(stmt.children_by_field_name("name"))
    else:
        return None
    values = tuple(parent.named_children)
    position = [v.id for v in values].index(value.id)
    return Assignment(stmt, targets, values, position)


def assigned_values(b: "Binding") -> list[tuple["Node", int | None]]:
    """The expressions assigned to a binding: its initialiser and every later ``=``;
    ``(call, index)`` for one result of a multi-value call."""
    out: list[tuple[Node, int | None]] = []
    decl_sites = [b.ident] + [r for r in b.refs]
    for ident in decl_sites:
        p = ident.parent
        side = ident
        if p is not None and p.type == "expression_list":
            side, p = p, p.parent
        if p is None:
            continue
        if p.type in ("short_var_declaration", "assignment_statement"):
            left = p.child_by_field_name("left")
            right = p.child_by_field_name("right")
            if left is None or right is None or left.id != side.id:
                continue
            op = next((c for c in p.children if not c.is_named), None)
            if p.type == "assignment_statement" and (op is None or text(op) != "="):
                continue
            names = left.named_children if left.type == "expression_list" else [left]
            values = right.named_children if right.type == "expression_list" else [right]
            idx = next((i for i, n in enumerate(names) if n.id == ident.id), None)
            if idx is None:
                continue
            if len(values) == len(names):
                out.append((values[idx], None))
            elif len(values) == 1:
                out.append((values[0], idx))
        elif p.type == "var_spec" and ident.id == b.ident.id:
            value = p.child_by_field_name("value")
            names = p.children_by_field_name("name")
            values = value.named_children if value is not None else []
            idx = next((i for i, n in enumerate(names) if n.id == ident.id), None)
            if idx is None:
                continue
            if len(values) == len(names):
                out.append((values[idx], None))
            elif len(values) == 1:
                out.append((values[0], idx))
    return out
