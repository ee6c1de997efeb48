"""Function summaries: what a function does with its parameters and results, as facts
its callers can use without reading its body.

For a function or method (in the analysed package or any package whose source is on
disk) and for each parameter ``p`` (the receiver is :data:`RECEIVER`):

- *acquires*: a result holds a freshly acquired resource it does not release (a table
  acquisition, or the result of another function that acquires), directly or inside a
  struct it builds; the caller then acquires. Returning a package-level variable, a
  field or anything else already owned is not fresh.
- *releases(p)*: ``p``, or a native handle held in a field of ``p``, is released on
  every path (a table release, a release method, a callee that releases it). A path
  that tests ``p`` (or its field) against nil first releases nothing and is skipped.
- *borrows(p)*: ``p`` is only read: never stored, returned, sent, captured by a
  goroutine, released or handed to a callee that does any of these.
- *consumes-if(p, flag)*: ``p`` is released exactly where the boolean parameter ``flag``
  is true (``if del { defer t.MustDrop() }``).
- *escapes(p)*: ``p`` (or a value holding it) is stored into a package-level variable or
  a field of the receiver, sent on a channel, or read in a goroutine nothing waits for;
  the summary keeps where (:class:`EscapeSite`), through calls down to the final store.
- *derives-context(p)*: the result is a context derived from ``p`` (detached when through
  ``context.WithoutCancel``).
- *binds-cuda-thread*: the function binds a CUDA context to the calling OS thread
  without ``runtime.LockOSThread()`` before it.
- *registers-finalizer(p)*: the function registers a finalizer or cleanup for ``p``.

Each kind of fact is computed on demand, memoised per package, bottom-up through the
calls it needs; a call cycle starts from the conservative default (a callee that
releases, borrows, acquires and escapes nothing) and is iterated to a fixed point. A summary is a pure function of the package's files and the summaries of what it
calls, so a result cache can keep them per package.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from msgspec import Struct, field

from golint_ai.golang.imports import call_arguments
from golint_ai.golang.paths import Guard, condition_parts
from golint_ai.golang.query import captures, compile_query
from golint_ai.golang.index import find_var
from golint_ai.golang.resolve import Callee, TypeRef, find_method_in, named_type, resolve_call
from golint_ai.golang.walk import FUNCTION_TYPES, ancestors, descendants, is_within, text, unparen

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.golang.package import GoFile, Package
    from golint_ai.golang.scope import Binding
    from golint_ai.settings import Settings

RECEIVER = -1
# Method names that release a value of a resource type (v3, configurable in spirit).
RELEASE_METHODS = ("Close", "Free", "Delete", "Destroy", "Release", "Drop", "MustDrop", "Dispose", "Finalize", "Unref")
_MAX_ITERATIONS = 4


class Release(Struct, frozen=True, dict=True):
    """How a resource is released: a method on the value, or C functions taking it."""

    method: str | None = None
    c_names: frozenset[str] = frozenset()
    c_call: str | None = None  # the C release to suggest, with {handle}

    def text(self, handle: str) -> str:
        if self.method is not None:
            return f"{handle}.{self.method}()"
        if self.c_call is not None:
            return self.c_call.replace("{handle}", handle)
        return f"C.{sorted(self.c_names)[0]}({handle})" if self.c_names else f"release({handle})"


class Acquired(Struct, frozen=True, dict=True):
    """The *acquires* fact for one result: its index, how to release it, and whether the GC releases it."""

    result: int
    release: Release
    type_name: str | None = None  # the resource type, as written in the callee
    gc_backed: bool = False  # a finalizer or cleanup releases it when it becomes unreachable


class Summary:
    """The summary of one function. Each kind of fact is computed the first time a rule
    asks for it (a rule asking whether a call acquires never pays for its escapes)."""

    __slots__ = ("callee", "settings")

    def __init__(self, callee: Callee, settings: "Settings") -> None:
        self.callee = callee
        self.settings = settings

    def _fact(self, kind: str):
        return _fact(self.callee, self.settings, kind)

    @property
    def acquires(self) -> tuple[Acquired, ...]:
        return self._fact("acquires")

    @property
    def releases(self) -> frozenset[int]:
        return self._fact("ownership")[0]

    @property
    def borrows(self) -> frozenset[int]:
        return self._fact("ownership")[1]

    @property
    def consumes_if(self) -> tuple[tuple[int, int], ...]:
        """(param, bool flag param) pairs."""
        return self._fact("ownership")[2]

    @property
    def native_releases(self) -> frozenset[int]:
        """The parameters released on every path down to a native release (a C or Go
        binding release from the tables, possibly through other functions): what makes a
        release method's type a resource type. Not a name: ``f.file.Close()`` of a plain
        Go value does not count."""
        return self._fact("native_releases")

    @property
    def escapes(self) -> frozenset[int]:
        """The parameters that escape (see :meth:`escape_site`)."""
        return frozenset(i for i in range(_param_count(self.callee.decl.node)) if self.escape_site(i) is not None)

    def escape_site(self, param: int) -> "EscapeSite | None":
        """Where ``param`` escapes (the first site found), if it does. Computed per
        parameter: a caller asks about the arguments it passes a tracked value in."""
        return self._fact(("escape", param))

    @property
    def derives_context(self) -> tuple[int, bool] | None:
        """(param, detached)."""
        return self._fact("derives_context")

    @property
    def binds_cuda_thread(self) -> bool:
        return self._fact("binds_cuda_thread")

    @property
    def registers_finalizer(self) -> frozenset[int]:
        return self._fact("registers_finalizer")

    def acquired(self, result: int = 0) -> Acquired | None:
        return next((a for a in self.acquires if a.result == result), None)

    def __repr__(self) -> str:
        kinds = ("acquires", "releases", "borrows", "consumes_if", "escapes", "derives_context", "binds_cuda_thread", "registers_finalizer")
        return f"Summary({self.callee.decl.name}: " + ", ".join(f"{k}={getattr(self, k)!r}" for k in kinds) + ")"


# The conservative default of each kind of fact: what an unknown callee, or a function
# of a call cycle not yet iterated, is assumed to do (acquire, release, borrow, escape,
# derive, bind and register nothing).
_DEFAULTS = {
    "acquires": (),
    "ownership": (frozenset(), frozenset(), ()),
    "native_releases": frozenset(),
    "escape": None,  # per parameter: ("escape", index)
    "derives_context": None,
    "binds_cuda_thread": False,
    "registers_finalizer": frozenset(),
}


def _default(kind):
    """The conservative default of a kind of fact (``("escape", i)`` is a per-parameter ``escape``)."""
    return _DEFAULTS[kind[0] if isinstance(kind, tuple) else kind]


# -- the table of facts -----------------------------------------------------------------------
class _Table(Struct, dict=True):
    """The summary facts memoised for one package and knowledge, with the keys in progress (call cycles)."""

    done: dict = field(default_factory=dict)  # (decl, kind) -> fact
    active: list = field(default_factory=list)  # keys being computed (a stack)
    provisional: set = field(default_factory=set)  # keys read while still being computed


def _table(package: "Package", settings: "Settings") -> _Table:
    tables = package.__dict__.setdefault("_summary_tables", {})
    key = id(settings.knowledge)
    if key not in tables:
        tables[key] = _Table()
    return tables[key]


def summary_of(callee: Callee, settings: "Settings") -> Summary:
    """The summary of a resolved callee; its facts are computed on demand, once per
    package and settings."""
    return Summary(callee, settings)


def _fact(callee: Callee, settings: "Settings", kind: str):
    table = _table(callee.package, settings)
    key = (callee.decl.node.id, kind)
    if key in table.done:
        return table.done[key]
    if key in table.active:
        table.provisional.add(key)  # a call cycle: start from the conservative default
        return _default(kind)
    table.active.append(key)
    try:
        result = _compute(callee, settings, kind)
        # Iterate a cycle through this function to a fixed point.
        for _ in range(_MAX_ITERATIONS):
            if key not in table.provisional:
                break
            table.provisional.discard(key)
            table.done[key] = result
            again = _compute(callee, settings, kind)
            if again == result:
                break
            result = again
    finally:
        table.active.pop()
    table.done[key] = result
    return result


def call_summary(ctx: "FileContext", call: "Node") -> tuple[Summary, Callee] | None:
    """The summary of what ``call`` calls, when its declaration can be found."""
    callee = resolve_call(ctx, call)
    if callee is None:
        return None
    return summary_of(callee, ctx.settings), callee


def argument_index(call: "Node", callee: Callee, arg: "Node") -> int | None:
    """The parameter index ``arg`` binds to in ``call`` (RECEIVER for the operand of a
    method call); variadic arguments bind to the last parameter."""
    fn = unparen(call.child_by_field_name("function"))
    if callee.receiver is not None and fn is not None and fn.type == "selector_expression":
        operand = unparen(fn.child_by_field_name("operand"))
        if operand is not None and operand.id == unparen(arg).id:
            return RECEIVER
    args = call_arguments(call)
    ids = [a.id for a in args]
    if arg.id not in ids:
        return None
    index = ids.index(arg.id)
    params = _param_count(callee.decl.node)
    if params and index >= params and _is_variadic(callee.decl.node):
        return params - 1
    return index


# -- computing one summary ------------------------------------------------------------------
def _compute(callee: Callee, settings: "Settings", kind: str):
    from golint_ai.context import FileContext

    decl = callee.decl
    func = decl.node
    if decl.file.in_broken_code(func) or func.child_by_field_name("body") is None:
        return _default(kind)
    fctx = FileContext(decl.file, callee.package, settings)
    if kind == "acquires":
        return _acquires(fctx, func)
    if kind == "binds_cuda_thread":
        return _binds_cuda(fctx, func)
    params = _params(fctx.scopes(func), func)
    if kind == "ownership":
        releases, borrows, consumes = _ownership_facts(fctx, func, params)
        return frozenset(releases), frozenset(borrows), tuple(consumes)
    if kind == "native_releases":
        from golint_ai.leaks.resources import reaches_native

        if not reaches_native(callee.package.directory, settings):
            return frozenset()
        return frozenset(_ownership_facts(fctx, func, params, native=True)[0])
    if isinstance(kind, tuple) and kind[0] == "escape":
        return _escape(fctx, func, params, kind[1])
    if kind == "derives_context":
        return _derives_context(fctx, func, params)
    if kind == "registers_finalizer":
        return frozenset(_finalized(fctx, func, params))
    raise ValueError(f"unknown kind of summary fact {kind!r}")


def _params(scopes, func: "Node") -> dict[int, "Binding"]:
    """Parameter index → binding (RECEIVER for the receiver); unnamed ones are absent."""
    out: dict[int, Binding] = {}
    for b in scopes.params(func):
        if b.kind == "receiver":
            out[RECEIVER] = b
    plist = func.child_by_field_name("parameters")
    index = 0
    for p in plist.named_children if plist is not None else []:
        if p.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        names = p.children_by_field_name("name")
        if not names:
            index += 1
            continue
        for n in names:
            b = scopes.resolve(n)
            if b is not None:
                out[index] = b
            index += 1
    return out


def _param_count(func: "Node") -> int:
    plist = func.child_by_field_name("parameters")
    count = 0
    for p in plist.named_children if plist is not None else []:
        if p.type in ("parameter_declaration", "variadic_parameter_declaration"):
            count += max(1, len(p.children_by_field_name("name")))
    return count


def _is_variadic(func: "Node") -> bool:
    plist = func.child_by_field_name("parameters")
    return plist is not None and any(p.type == "variadic_parameter_declaration" for p in plist.named_children)


def generic_releases(ctx: "FileContext"):
    """Releases as summaries see them: any C function whose name reads as a release,
    any method named like a resource type's release."""
    from golint_ai.leaks.ownership import Releases

    res = ctx.knowledge.resources
    return Releases(
        c_names=res.is_release_name,
        methods=lambda name: name in RELEASE_METHODS or res.is_release_name(name),
        c_steals=res.steals,
        c_hands_over=ctx.package.cgo.hands_over,
    )


def native_releases(ctx: "FileContext"):
    """Releases that free something native: a C function whose name reads as a release,
    a Go binding's release method from the tables; other calls by their summaries."""
    from golint_ai.leaks.ownership import Releases

    res = ctx.knowledge.resources
    binding_methods = frozenset(g.release_method for g in res.go)
    return Releases(
        c_names=res.is_release_name,
        methods=lambda name: name in binding_methods,
        c_steals=res.steals,
        c_hands_over=ctx.package.cgo.hands_over,
    )


def _ownership_facts(ctx: "FileContext", func: "Node", params: dict[int, "Binding"], native: bool = False):
    """releases, borrows and consumes-if of the parameters (``native``: releases down
    to a native release only)."""
    from golint_ai.leaks.ownership import Fate, Ownership

    body = func.child_by_field_name("body")
    own = Ownership(ctx, ctx.scopes(func), native_releases(ctx) if native else generic_releases(ctx), native=native)
    flow = ctx.flow(func)
    bools = {i: b for i, b in params.items() if b.type_node is not None and text(b.type_node) == "bool"}
    releases, borrows, consumes = set(), set(), []
    for index, b in params.items():
        effects = _field_aware_effects(own, body, b)
        if not effects:
            borrows.add(index)
            continue
        if any(e.fate == Fate.RELEASE for e in effects):
            release_ids = {e.node.id for e in effects if e.fate == Fate.RELEASE}
            release_nodes = {n.id for n in (flow.node_for(x) for x in _nodes(effects, Fate.RELEASE)) if n is not None}

            def prunes(guard: Guard, b=b) -> bool:
                return _nil_test(ctx, guard, b)

            leaking = flow.leaking_exits(flow.nodes[flow.entry], stops=lambda n: n.id in release_nodes, prunes=prunes)
            if not leaking:
                releases.add(index)
                continue
            flags = {_flag_of(ctx, e.node, bools) for e in effects if e.fate == Fate.RELEASE and e.node.id in release_ids}
            if len(flags) == 1 and None not in flags:
                consumes.append((index, flags.pop()))
            continue
        if all(e.fate == Fate.USE for e in effects) and not _captured_by_goroutine(ctx, func, b):
            borrows.add(index)
    return releases, borrows, consumes


def _nodes(effects, fate) -> list["Node"]:
    return [e.node for e in effects if e.fate == fate]


def _field_aware_effects(own, body: "Node | None", b: "Binding"):
    """Effects on ``b`` and on the handles held in its fields (``C.free(p.h)``,
    ``p.h.Destroy()`` release ``p``)."""
    from golint_ai.leaks.ownership import Effect, Fate

    out = []
    for ref in own.scopes.references_in(body, b) if body is not None else []:
        if ref.id == b.ident.id:
            continue
        sel = ref.parent
        if sel is not None and sel.type == "selector_expression" and sel.child_by_field_name("operand") is not None \
                and sel.child_by_field_name("operand").id == ref.id:
            # p.f: what happens to the field value (unless it is a method call on p).
            grand = sel.parent
            if grand is not None and grand.type == "call_expression" and grand.child_by_field_name("function") is not None \
                    and grand.child_by_field_name("function").id == sel.id:
                out.append(own.effect_of_ref(ref, b))
                continue
            # Releasing the field releases p; anything else done with a field's value
            # (read, returned, written: p.h = nil) leaves p itself where it was.
            effect = own.effect_of_ref(sel, b)
            out.append(effect if effect.fate == Fate.RELEASE else Effect(Fate.USE, ref))
            continue
        out.append(own.effect_of_ref(ref, b))
    return out


def _is_assignment_target(node: "Node") -> bool:
    p = node.parent
    if p is not None and p.type == "expression_list":
        p = p.parent
    return p is not None and p.type in ("assignment_statement",) and p.child_by_field_name("left") is not None \
        and is_within(node, p.child_by_field_name("left"))


def _nil_test(ctx: "FileContext", guard: Guard, b: "Binding") -> bool:
    """The edge on which ``b`` (or a field of it) is nil: nothing to release there."""
    cond = guard.condition
    if cond is None or cond.type in ("expression_case", "type_case", "default_case", "communication_case", "expression_switch_statement", "type_switch_statement"):
        return False
    for part in condition_parts(cond, "||" if guard.value else "&&"):
        if part.type != "binary_expression":
            continue
        op = part.child_by_field_name("operator").type
        if op not in ("==", "!="):
            continue
        equal_holds = (op == "==") == guard.value
        left, right = unparen(part.child_by_field_name("left")), unparen(part.child_by_field_name("right"))
        for a, other in ((left, right), (right, left)):
            if not equal_holds or other is None or other.type != "nil" or a is None:
                continue
            root = a
            while root is not None and root.type == "selector_expression":
                root = unparen(root.child_by_field_name("operand"))
            if root is not None and root.type == "identifier" and ctx.scopes(root).resolve(root) is b:
                return True
    return False


def _flag_of(ctx: "FileContext", node: "Node", bools: dict[int, "Binding"]) -> int | None:
    """The bool parameter whose truth guards ``node`` (``if del { ... }``), if any."""
    for a in ancestors(node):
        if a.type in FUNCTION_TYPES:
            return None
        if a.type == "if_statement":
            cons = a.child_by_field_name("consequence")
            cond = unparen(a.child_by_field_name("condition"))
            if cons is None or not is_within(node, cons) or cond is None:
                continue
            target = cond
            if cond.type == "binary_expression" and text(cond.child_by_field_name("operator")) == "==" and text(cond.child_by_field_name("right")) == "true":
                target = unparen(cond.child_by_field_name("left"))
            if target is not None and target.type == "identifier":
                b = ctx.scopes(target).resolve(target)
                for i, p in bools.items():
                    if p is b:
                        return i
    return None


def _captured_by_goroutine(ctx: "FileContext", func: "Node", b: "Binding") -> bool:
    for ref in b.refs:
        for a in ancestors(ref):
            if a.id == func.id:
                break
            if a.type == "func_literal" and a.parent is not None and a.parent.type == "call_expression" \
                    and a.parent.parent is not None and a.parent.parent.type == "go_statement":
                return True
    return False


# -- acquires ---------------------------------------------------------------------------------
_RETURNS = compile_query("(return_statement) @ret")


def _acquires(ctx: "FileContext", func: "Node") -> tuple[Acquired, ...]:
    possible = _handle_results(ctx, func)
    if not possible:
        return ()
    out: dict[int, Acquired] = {}
    for ret in captures(_RETURNS, func).get("ret", []):
        if _owner(ret) is None or _owner(ret).id != func.id:
            continue
        values = ret.named_children[0].named_children if ret.named_child_count and ret.named_children[0].type == "expression_list" else list(ret.named_children)
        for i, v in enumerate(values):
            if i in out or i not in possible:
                continue
            found = _fresh(ctx, func, unparen(v), 0)
            if found is not None:
                release, type_name = found
                out[i] = Acquired(i, release, type_name, _gc_backed(ctx, func, unparen(v)))
    if out:
        declared = _result_types(func)
        for i in list(out):
            if i < len(declared) and not _interface_result(ctx, declared[i]):
                del out[i]  # an interface some pure-Go type implements too: not a resource type
    return tuple(out[i] for i in sorted(out))


_RAW_HANDLE = ("C.", "unsafe.Pointer", "uintptr")


def _handle_results(ctx: "FileContext", func: "Node") -> set[int]:
    """The results whose declared type can hold a native resource: a C type, an
    ``unsafe.Pointer`` or ``uintptr``, or a named type that is a resource type or is
    declared as one of those. Results of any other type (basic types, slices, maps,
    errors, interfaces, type parameters) are never acquisitions: checked before reading
    the body."""
    result = func.child_by_field_name("result")
    if result is None:
        return set()
    types = []
    if result.type == "parameter_list":
        for p in result.named_children:
            if p.type == "parameter_declaration":
                types.extend([p.child_by_field_name("type")] * max(1, len(p.children_by_field_name("name"))))
    else:
        types.append(result)
    return {i for i, t in enumerate(types) if t is not None and _may_hold_handle(ctx, t)}


_PREDECLARED = frozenset(
    "bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string "
    "uint uint8 uint16 uint32 uint64 any comparable".split()
)


def _may_hold_handle(ctx: "FileContext", tnode: "Node") -> bool:
    written = text(tnode)
    if any(h in written for h in _RAW_HANDLE):
        return True
    if written.lstrip("*") in _PREDECLARED or tnode.type in ("slice_type", "array_type", "map_type", "channel_type", "function_type", "interface_type"):
        return False
    ref = named_type(ctx.file, ctx.package, tnode)
    if ref is None:
        return False
    from golint_ai.golang.index import find_type_decl

    declared = find_type_decl(ref.package, ref.name)
    if declared is not None and declared[0].type == "interface_type":
        # Whether every implementation is a resource is asked only once a fresh one is
        # returned (_interface_result): scanning the module for implementations is costly.
        # Here: a release method, and some implementation in its package that can hold
        # something native.
        methods = _interface_methods(declared[0])
        if not any(m in methods for m in RELEASE_METHODS):
            return False
        from golint_ai.golang.world import method_sets

        for type_name, declared_methods in sorted(method_sets(ref.package.directory).items()):
            impl = TypeRef(ref.package, type_name)
            found = find_type_decl(ref.package, type_name) if methods <= declared_methods else None
            if found is not None and _may_own_native(impl, found, ctx.settings, 0):
                return True
        return False
    if resource_release(ref, ctx.settings) is not None:
        return True
    if declared is None or declared[0].type == "struct_type":
        return False
    return any(h in text(declared[0]) for h in _RAW_HANDLE)  # type Handle *C.handle


def _result_types(func: "Node") -> list["Node | None"]:
    result = func.child_by_field_name("result")
    if result is None:
        return []
    if result.type != "parameter_list":
        return [result]
    out: list["Node | None"] = []
    for p in result.named_children:
        if p.type == "parameter_declaration":
            out.extend([p.child_by_field_name("type")] * max(1, len(p.children_by_field_name("name"))))
    return out


def _interface_result(ctx: "FileContext", tnode: "Node | None") -> bool:
    """For a result declared as an interface type: whether it is a resource type (every
    implementation in the module is one). True for any other declared type."""
    from golint_ai.golang.index import find_type_decl

    ref = named_type(ctx.file, ctx.package, tnode) if tnode is not None else None
    declared = find_type_decl(ref.package, ref.name) if ref is not None else None
    if declared is None or declared[0].type != "interface_type":
        return True
    return resource_release(ref, ctx.settings) is not None


def _owner(node: "Node") -> "Node | None":
    return next((a for a in ancestors(node) if a.type in FUNCTION_TYPES), None)


def _fresh(ctx: "FileContext", func: "Node", v: "Node | None", depth: int) -> tuple[Release, str | None] | None:
    """How to release what ``v`` holds when it is a fresh acquisition: a table or Go
    binding call, a constructor call, a local assigned one (not released), or a value of
    a resource type built from one."""
    if v is None or depth > 4:
        return None
    if v.type == "unary_expression" and text(v.child_by_field_name("operator")) == "&":
        return _fresh(ctx, func, unparen(v.child_by_field_name("operand")), depth + 1)
    if v.type == "call_expression":
        return _acquisition_call(ctx, v)
    if v.type == "composite_literal":
        return _fresh_struct(ctx, func, v, None, depth)
    if v.type == "identifier":
        b = ctx.scopes(v).resolve(v)
        if b is None or b.kind in ("param", "receiver") or b.function.id != func.id:
            return None  # a package-level variable, a parameter, a captured value: not fresh
        for value in _assigned(b):
            value = unparen(value)
            if value is None:
                continue
            if value.type == "unary_expression" and text(value.child_by_field_name("operator")) == "&":
                value = unparen(value.child_by_field_name("operand"))
            if value is not None and value.type == "composite_literal":
                found = _fresh_struct(ctx, func, value, b, depth)
            else:
                found = _fresh(ctx, func, value, depth + 1)
            if found is not None and not _released_locally(ctx, func, b, found[0]) and not _kept_by_package(ctx, func, b) \
                    and not _cached_in_receiver(ctx, func, b):
                return found
        filled = _filled_through_address(ctx, func, b)
        if filled is not None and not _released_locally(ctx, func, b, filled[0]):
            return filled
        return _filled_struct(ctx, func, b)
    return None


def _acquisition_call(ctx: "FileContext", call: "Node") -> tuple[Release, str | None] | None:
    from golint_ai.leaks.resources import table_acquisition

    found = table_acquisition(ctx, call)
    if found is not None:
        return found
    summarised = call_summary(ctx, call)
    if summarised is None:
        return None
    acquired = summarised[0].acquired(0)
    if acquired is None or acquired.gc_backed:
        return None
    return acquired.release, acquired.type_name


def _filled_through_address(ctx: "FileContext", func: "Node", b: "Binding") -> tuple[Release, str | None] | None:
    """``var s C.cudaStream_t; C.cudaStreamCreate(&s)``: a handle filled through ``&b``."""
    from golint_ai.leaks.resources import out_parameter

    for ref in b.refs:
        call = ref.parent
        while call is not None and call.type != "call_expression" and call.type not in FUNCTION_TYPES:
            call = call.parent
        if call is None or call.type != "call_expression":
            continue
        found = out_parameter(ctx, call)
        if found is not None and ctx.scopes(found[0]).resolve(found[0]) is b:
            return found[1], None
    return None


def _assigned(b: "Binding") -> list["Node"]:
    from golint_ai.golang.scope import assigned_values

    return [v for v, idx in assigned_values(b) if idx in (None, 0)]


def _kept_by_package(ctx: "FileContext", func: "Node", b: "Binding") -> bool:
    """Whether the function records ``b`` in package-level state that the package
    releases again: it is the package's to release (with its owner), not the caller's."""
    table = _registered(ctx, func, b)
    return table is not None and _releases_entries(ctx, table, func)


def _cached_in_receiver(ctx: "FileContext", func: "Node", b: "Binding") -> bool:
    """Whether the method stores ``b`` in its receiver (``s.styles[name] = st``): the
    receiver owns it and later calls return the same value, so it is not the caller's."""
    receiver = next((p for p in ctx.scopes(func).params(func) if p.kind == "receiver"), None)
    if receiver is None:
        return False
    for ref in b.refs:
        p = ref.parent
        if p is not None and p.type == "expression_list":
            p = p.parent
        if p is None or p.type != "assignment_statement":
            continue
        for target, value in _pairs(p):
            if unparen(value) is None or unparen(value).id != ref.id:
                continue
            root = unparen(target)
            chain = 0
            while root is not None and root.type in ("selector_expression", "index_expression"):
                root = unparen(root.child_by_field_name("operand"))
                chain += 1
            if chain and root is not None and root.type == "identifier" and ctx.scopes(root).resolve(root) is receiver:
                return True
    return False


def _registered(ctx: "FileContext", func: "Node", b: "Binding", depth: int = 0) -> str | None:
    """The package-level variable the function records ``b`` in, if any: assigned into
    it (``handles[p] = v``, ``last = p``), handed to a method of it
    (``registry.Store(p, v)``), or put in a local map or slice that then is
    (``next[p] = v; handleVals.Store(next)``)."""
    for ref in b.refs:
        node = ref.parent
        while node is not None and node.type not in ("assignment_statement", "call_expression") and node.type not in FUNCTION_TYPES:
            node = node.parent
        if node is None or node.type in FUNCTION_TYPES or not is_within(node, func):
            continue
        if node.type == "call_expression":
            fn = unparen(node.child_by_field_name("function"))
            args = node.child_by_field_name("arguments")
            if fn is not None and fn.type == "selector_expression" and args is not None and is_within(ref, args):
                root = _package_var_root(ctx, fn.child_by_field_name("operand"))
                if root is not None:
                    return root
            continue
        left = node.child_by_field_name("left")
        for target in left.named_children if left is not None else []:
            root_name = _package_var_root(ctx, target)
            if root_name is not None:
                return root_name
            root = unparen(target)
            while root is not None and root.type in ("selector_expression", "index_expression"):
                root = unparen(root.child_by_field_name("operand"))
            holder = ctx.scopes(root).resolve(root) if root is not None and root.type == "identifier" else None
            if holder is not None and holder is not b and depth < 2 and unparen(target).type == "index_expression":
                found = _registered(ctx, func, holder, depth + 1)
                if found is not None:
                    return found
    return None


_C_CALL = re.compile(rb"\bC\.(\w+)\s*\(")
_FUNC_NAME = re.compile(rb"^func\s*(?:\([^)]*\)\s*)?(\w+)")


def _releases_entries(ctx: "FileContext", table: str, registering: "Node") -> bool:
    """Whether another function of the package that is exported or called somewhere
    mentions ``table`` and calls a C release (``deleteHandles`` freeing the entries of
    ``handleVals``, called from ``Close``). A table nothing ever empties keeps what it
    is given for good."""
    cache = ctx.package.__dict__.setdefault("_table_releases", {})
    if table in cache:
        return cache[table]
    cache[table] = False
    word = re.compile(rb"\b" + re.escape(table.encode()) + rb"\b")
    is_release = ctx.knowledge.resources.is_release_name
    for f in ctx.package.files:
        if table.encode() not in f.data:
            continue
        for decl in f.root.named_children:
            if decl.type not in ("function_declaration", "method_declaration") or decl.id == registering.id:
                continue
            body = decl.text
            if not word.search(body) or not any(is_release(m.decode()) for m in _C_CALL.findall(body)):
                continue
            name = text(decl.child_by_field_name("name"))
            if name[:1].isupper() or _called_in_package(ctx, name):
                cache[table] = True
                return True
    return False


def _called_in_package(ctx: "FileContext", name: str) -> bool:
    call = re.compile(rb"(?<!func )\b" + re.escape(name.encode()) + rb"\s*\(")
    decl = re.compile(rb"func\s*(?:\([^)]*\)\s*)?" + re.escape(name.encode()) + rb"\s*\(")
    for f in ctx.package.files:
        if name.encode() not in f.data:
            continue
        if len(call.findall(f.data)) > len(decl.findall(f.data)):
            return True
    return False


def _package_var_root(ctx: "FileContext", expr: "Node | None") -> str | None:
    """The package-level variable an expression is rooted at (``handles[p]``), if any."""
    root = unparen(expr)
    while root is not None and root.type in ("selector_expression", "index_expression"):
        root = unparen(root.child_by_field_name("operand"))
    if root is None or root.type != "identifier" or text(root) in ctx.imports.by_name:
        return None  # an import's name is never also a package-level variable's
    if ctx.scopes(root).resolve(root) is None and find_var(ctx.package, text(root)) is not None:
        return text(root)
    return None


def _released_locally(ctx: "FileContext", func: "Node", b: "Binding", release: Release) -> bool:
    """Whether the function itself releases ``b`` somewhere (then what it returns is
    not a fresh handle for the caller)."""
    from golint_ai.leaks.ownership import Fate, Ownership

    own = Ownership(ctx, ctx.scopes(func), generic_releases(ctx))
    return any(e.fate == Fate.RELEASE for e in own.effects_in(func.child_by_field_name("body"), b))


def _fresh_struct(ctx: "FileContext", func: "Node", lit: "Node", holder: "Binding | None", depth: int) -> tuple[Release, str | None] | None:
    """A struct literal of a resource type with a field holding a fresh acquisition."""
    ref = named_type(ctx.file, ctx.package, lit.child_by_field_name("type"))
    if ref is None:
        return None
    release = resource_release(ref, ctx.settings)
    if release is None:
        return None
    body = lit.child_by_field_name("body")
    for el in body.named_children if body is not None else []:
        value = el.named_children[-1] if el.type == "keyed_element" and el.named_child_count else el
        if value is not None and value.type == "literal_element" and value.named_child_count:
            value = value.named_children[0]
        if _fresh(ctx, func, unparen(value), depth + 1) is not None:
            return Release(method=release), ref.name
    return None


def _filled_struct(ctx: "FileContext", func: "Node", b: "Binding") -> tuple[Release, str | None] | None:
    """``p := &Params{}; p.h = C.params_create()``: a local of a resource type one of
    whose fields is assigned a fresh acquisition."""
    from golint_ai.golang.gotypes import type_of_binding
    from golint_ai.golang.resolve import type_ref_of

    stores = []
    for r in b.refs:
        sel = r.parent
        if sel is None or sel.type != "selector_expression" or not _is_assignment_target(sel):
            continue
        stmt = sel.parent.parent if sel.parent.type == "expression_list" else sel.parent
        right = stmt.child_by_field_name("right")
        if right is not None and right.named_child_count == 1:
            stores.append(unparen(right.named_children[0]))
    if not stores:
        return None  # no field of it is assigned: nothing to ask about its type
    ref = type_ref_of(ctx, type_of_binding(ctx, b))
    release = resource_release(ref, ctx.settings) if ref is not None else None
    if release is None:
        return None
    if any(_fresh(ctx, func, value, 3) is not None for value in stores):
        return Release(method=release), ref.name
    return None


def _gc_backed(ctx: "FileContext", func: "Node", value: "Node | None") -> bool:
    """Whether the function registers a finalizer or cleanup for what it returns."""
    v = value
    if v is not None and v.type == "unary_expression":
        v = unparen(v.child_by_field_name("operand"))
    b = ctx.scopes(v).resolve(v) if v is not None and v.type == "identifier" else None
    for call in captures(_CALLS, func).get("call", []):
        q = ctx.qualified_callee(call)
        args = call_arguments(call)
        if not args:
            continue
        first = unparen(args[0])
        if first is not None and first.type == "unary_expression":
            first = unparen(first.child_by_field_name("operand"))
        names_value = b is not None and first is not None and first.type == "identifier" and ctx.scopes(first).resolve(first) is b
        if q in (("runtime", "SetFinalizer"), ("runtime", "AddCleanup")) and names_value:
            return True
        if names_value:
            summarised = call_summary(ctx, call)
            if summarised is not None and 0 in summarised[0].registers_finalizer:
                return True
    return False


_CALLS = compile_query("(call_expression) @call")


# -- resource types ---------------------------------------------------------------------------
def resource_release(ref: TypeRef, settings: "Settings") -> str | None:
    """The release method of a resource type: a method named like a release that
    releases a native handle held in one of the receiver's fields (its summary's
    *native_releases* holds the receiver)."""
    cache = ref.package.__dict__.setdefault("_resource_types", {})
    key = (ref.name, id(settings.knowledge))
    if key in cache:
        return cache[key]
    cache[key] = None  # recursion guard (a type whose release releases itself)
    from golint_ai.golang.index import find_type_decl

    declared = find_type_decl(ref.package, ref.name)
    if declared is not None and declared[0].type == "interface_type":
        cache[key] = _interface_release(ref, declared[0], settings)
        return cache[key]
    if declared is None or not _may_own_native(ref, declared, settings, 0):
        return None  # no field that can hold a native handle: nothing to release
    for name in RELEASE_METHODS:
        method = find_method_in(TypeRef(ref.package, ref.name), name)
        if method is None:
            continue
        if RECEIVER in summary_of(method, settings).native_releases:
            cache[key] = name
            break
    return cache[key]


def _may_own_native(ref: TypeRef, declared: "tuple[Node, GoFile]", settings: "Settings", depth: int) -> bool:
    """Whether a type can hold a native handle, by its declaration: a C type, an
    ``unsafe.Pointer`` or ``uintptr``, a Go binding's type, or (a few levels down) a
    named type of a field that can. A cheap structural gate before any summary."""
    tnode, home = declared
    written = text(tnode)
    if any(h in written for h in _RAW_HANDLE):
        return True
    if tnode.type != "struct_type" or depth >= 3:
        return False
    from golint_ai.golang.index import find_type_decl
    from golint_ai.leaks.resources import reaches_native

    bindings = settings.knowledge.resources.go_packages
    body = next((c for c in tnode.named_children if c.type == "field_declaration_list"), None)
    for fd in body.named_children if body is not None else []:
        ftype = fd.child_by_field_name("type") if fd.type == "field_declaration" else None
        if ftype is None:
            continue
        qualifier = re.match(r"[\[\]*]*(\w+)\.", text(ftype))
        if qualifier is not None and home.imports.path_of(qualifier.group(1)) in bindings:
            return True  # a Go binding's type (`*ort.Session`), on disk or not
        inner = named_type(home, ref.package, ftype)
        if inner is None or not reaches_native(inner.package.directory, settings):
            continue  # a type of a package that never touches C holds nothing native
        found = find_type_decl(inner.package, inner.name)
        if found is not None and (inner.package, inner.name) != (ref.package, ref.name) and _may_own_native(inner, found, settings, depth + 1):
            return True
    return False


_MAX_IMPLEMENTATION_SCAN = 256  # package directories searched for an interface's implementations


def _interface_release(ref: TypeRef, iface: "Node", settings: "Settings") -> str | None:
    """An interface with a release method is a resource type when every type of its
    module implementing it (by method names) is one, with that release method."""
    from golint_ai.golang.world import WORLD, method_sets, module_directories

    methods = _interface_methods(iface)
    release = next((m for m in RELEASE_METHODS if m in methods), None)
    if release is None:
        return None
    implementations = 0
    dirs = module_directories(ref.package.directory, limit=_MAX_IMPLEMENTATION_SCAN)
    if dirs is None:
        return None  # too many packages to be sure of every implementation: not a resource type
    for d in dirs:
        for type_name, declared in sorted(method_sets(d).items()):
            if not methods <= declared:
                continue
            pkg = WORLD.package_at(d)
            if pkg is None:
                return None
            if resource_release(TypeRef(pkg, type_name), settings) != release:
                return None  # a mock, a pure-Go implementation: not every value is native
            implementations += 1
    return release if implementations else None


def _interface_methods(iface: "Node") -> frozenset[str]:
    """Method names of an interface type, with ``io.Closer``-style embedded
    interfaces counted by the method they stand for."""
    names = set()
    for el in iface.named_children:
        if el.type == "method_elem":
            name = el.child_by_field_name("name")
            if name is not None:
                names.add(text(name))
        elif el.type == "type_elem":
            written = text(el)
            if written.endswith("Closer"):
                names.add("Close")
    return frozenset(names)


# -- escapes, contexts, CUDA, finalizers -------------------------------------------------------
_ESCAPE_SITES = compile_query(
    """
    (assignment_statement) @assign
    (short_var_declaration) @assign
    (send_statement) @send
    (go_statement) @go
    (unary_expression operator: "<-") @wait
    (call_expression function: (selector_expression field: (field_identifier) @method (#eq? @method "Wait"))) @wait
    """
)


class EscapeSite(Struct, frozen=True, dict=True):
    """Where a parameter escapes: the store, send or goroutine in the callee (or, through
    further calls, in the function that finally keeps it)."""

    param: int
    kind: str  # global | field | send | go
    file: str  # display path of the file holding the site
    start: int
    end: int
    line: int
    target: str  # the variable, field, channel or goroutine as written


def _escape_sites(ctx: "FileContext", func: "Node") -> tuple[dict[str, list["Node"]], list["Node"]]:
    """The assignments, sends, ``go`` statements, waits and calls of a function: what
    :func:`_escape` looks through for each parameter (one query pass per function)."""
    held = ctx.file.__dict__.setdefault("_escape_sites", {})
    found = held.get(func.id)
    if found is None:
        found = held[func.id] = (captures(_ESCAPE_SITES, func), captures(_CALLS, func).get("call", []))
    return found


def _escape(ctx: "FileContext", func: "Node", params: dict[int, "Binding"], index: int) -> "EscapeSite | None":
    """Where parameter ``index`` escapes, if it does (the receiver never does here: a
    store into it is a field store of the caller's value)."""
    b = params.get(index)
    if b is None or index == RECEIVER:
        return None
    receiver = params.get(RECEIVER)
    caps, calls = _escape_sites(ctx, func)
    waits = caps.get("wait", [])
    display = ctx.file.source.display

    def site(index: int, kind: str, node: "Node", target: str) -> EscapeSite:
        return EscapeSite(index, kind, display, node.start_byte, node.end_byte, node.start_point[0] + 1, target)

    holders = _holders(ctx, caps.get("assign", []), b)
    found = None
    for a in caps.get("assign", []):
        kind = _escaping_store(ctx, a, holders, receiver)
        if kind is not None:
            found = site(index, kind[0], a, kind[1])
            break
    if found is None:
        # a send the function waits on afterwards (a reply, a Wait) hands over work, not the value
        send = next((x for x in caps.get("send", []) if _carries(ctx, x.child_by_field_name("value"), holders)
                     and not _waited_after(x, waits)), None)
        if send is not None:
            found = site(index, "send", send, text(send.child_by_field_name("channel")))
    if found is None:
        go = next((x for x in caps.get("go", []) if _go_carries(ctx, x, holders) and not _awaited(ctx, x)), None)
        if go is not None:
            found = site(index, "go", go, f"line {go.start_point[0] + 1}")
    if found is None:
        for call in calls:
            fn = unparen(call.child_by_field_name("function"))
            args = call_arguments(call)
            if fn is not None and fn.type == "selector_expression" and _package_var_root(ctx, fn.child_by_field_name("operand")) \
                    and any(_carries(ctx, a, holders) for a in args) and _stores_in_receiver(ctx, call, fn):
                # handed to a method of a package-level value that keeps it: `registry.Store(v)`
                found = site(index, "global", call, text(fn.child_by_field_name("operand")))
                break
            inner = _summary_escapes(ctx, call, args, holders, receiver)
            if inner is not None and inner.kind == "send" and _waited_after(call, waits):
                inner = None  # the callee queued the work; this function waits for its reply
            if inner is not None:
                found = EscapeSite(index, *[getattr(inner, f) for f in ("kind", "file", "start", "end", "line", "target")])
                break
    return found


def _waited_after(node: "Node", waits: list["Node"]) -> bool:
    """Whether a receive or ``.Wait()`` of the same function follows ``node``."""
    return any(w.start_byte >= node.end_byte and _owner(w) is not None and _owner(w).id == _owner(node).id for w in waits)


def _awaited(ctx: "FileContext", go: "Node") -> bool:
    from golint_ai.leaks.goroutines import goroutine_of, is_awaited

    g = goroutine_of(go)
    return g is not None and is_awaited(ctx, g)


def _holders(ctx: "FileContext", assigns: list["Node"], b: "Binding") -> set[int]:
    """``b`` and the locals that come to hold it: assigned or declared from an
    expression carrying it (``val := entry{db: db}``, ``ctx2 := context.WithValue(ctx,
    k, v)``; not ``n := f(db)``, a result computed from it), or maps and slices it is
    stored into (``next[p] = val``), to a fixed point."""
    holders = {id(b)}
    changed = True
    while changed:
        changed = False
        for site in assigns:
            for target, value in _pairs(site):
                if not _carries(ctx, value, holders):
                    continue
                root = unparen(target)
                while root is not None and root.type in ("selector_expression", "index_expression"):
                    root = unparen(root.child_by_field_name("operand"))
                rb = ctx.scopes(root).resolve(root) if root is not None and root.type == "identifier" else None
                if rb is not None and id(rb) not in holders and rb.kind not in ("param", "receiver"):
                    holders.add(id(rb))
                    changed = True
    return holders


def _pairs(site: "Node") -> list[tuple["Node", "Node"]]:
    """(target, value) pairs of an assignment or ``:=``; for ``a, b := f()`` every
    target pairs with the one call."""
    left, right = site.child_by_field_name("left"), site.child_by_field_name("right")
    if left is None or right is None:
        return []
    lhs = left.named_children if left.type == "expression_list" else [left]
    rhs = right.named_children if right.type == "expression_list" else [right]
    if len(lhs) == len(rhs):
        return list(zip(lhs, rhs))
    if len(rhs) == 1:
        return [(t, rhs[0]) for t in lhs]
    return []


def _carries(ctx: "FileContext", node: "Node | None", holders: set[int], depth: int = 0) -> bool:
    """Whether the value of ``node`` is (or holds) a holder: the holder itself, ``&x``,
    a composite literal or ``append`` with it as an element, a closure capturing it, a
    context derived from it. A value computed from it (``f(x)``, ``x.Value(k)``,
    ``len(x)``) is not the holder."""
    n = unparen(node)
    if n is None or depth > 8:
        return False
    t = n.type
    if t == "identifier":
        b = ctx.scopes(n).resolve(n)
        return b is not None and id(b) in holders
    if t == "unary_expression":
        op = n.child_by_field_name("operator")
        return op is not None and text(op) == "&" and _carries(ctx, n.child_by_field_name("operand"), holders, depth + 1)
    if t == "composite_literal":
        body = n.child_by_field_name("body")
        stack = [body] if body is not None else []
        while stack:
            lit = stack.pop()
            for el in lit.named_children:
                if el.type == "keyed_element":
                    kids = [c for c in el.named_children if c.type != "comment"]
                    el = kids[-1] if kids else None
                if el is not None and el.type == "literal_element" and el.named_child_count:
                    el = el.named_children[0]
                if el is None:
                    continue
                if el.type == "literal_value":
                    stack.append(el)
                elif _carries(ctx, el, holders, depth + 1):
                    return True
        return False
    if t == "func_literal":
        return _mentions(ctx, n, holders)
    if t == "call_expression":
        fn = unparen(n.child_by_field_name("function"))
        args = call_arguments(n)
        if fn is not None and fn.type == "identifier" and text(fn) == "append" and not ctx.is_local(fn):
            return any(_carries(ctx, a, holders, depth + 1) for a in args)
        q = ctx.qualified_callee(n) if fn is not None and fn.type == "selector_expression" else None
        k = ctx.knowledge
        if q is not None and f"{q[0]}.{q[1]}" in k.context_derive | k.context_detach:
            return bool(args) and _carries(ctx, args[0], holders, depth + 1)
        if not any(_carries(ctx, a, holders, depth + 1) for a in args):
            return False
        summarised = call_summary(ctx, n)
        derived = summarised[0].derives_context if summarised is not None else None
        if derived is None:
            return False
        return any(argument_index(n, summarised[1], a) == derived[0] and _carries(ctx, a, holders, depth + 1) for a in args)
    return False


def _go_carries(ctx: "FileContext", go: "Node", holders: set[int]) -> bool:
    """Whether a ``go`` statement hands a holder to the goroutine: as an argument, as the
    receiver of the method it runs, or captured by the literal."""
    call = next((c for c in go.named_children if c.type == "call_expression"), None)
    if call is None:
        return False
    fn = unparen(call.child_by_field_name("function"))
    if fn is not None and fn.type == "func_literal" and _mentions(ctx, fn.child_by_field_name("body"), holders):
        return True
    if fn is not None and fn.type == "selector_expression" and _carries(ctx, fn.child_by_field_name("operand"), holders):
        return True
    return any(_carries(ctx, a, holders) for a in call_arguments(call))


# Methods of values whose source is not on disk (a `sync.Map`, a cache library) that
# keep what they are given.
_STORING_METHODS = frozenset({"Store", "LoadOrStore", "Swap", "Set", "SetDefault", "Put", "Add", "Push", "PushBack", "PushFront", "Append", "Register", "Insert"})


def _stores_in_receiver(ctx: "FileContext", call: "Node", fn: "Node") -> bool:
    """Whether a method call on a package-level value keeps its argument: by the
    method's summary when its source is known, by its name otherwise."""
    summarised = call_summary(ctx, call)
    if summarised is None:
        return text(fn.child_by_field_name("field")) in _STORING_METHODS
    summary, callee = summarised
    return any(summary.escape_site(i) is not None for i in range(len(call_arguments(call)) + 1))


def _escaping_store(ctx: "FileContext", site: "Node", holders: set[int], receiver: "Binding | None") -> tuple[str, str] | None:
    """(``global`` or ``field``, the target) for an assignment of a holder into a
    package-level variable or a receiver field, as a value or as a map key."""
    if site.type != "assignment_statement":
        return None
    for target, value in _pairs(site):
        root = unparen(target)
        chain = 0
        keyed = False  # the holder is a map key: `seen[p] = true`
        while root is not None and root.type in ("selector_expression", "index_expression"):
            if root.type == "index_expression" and _carries(ctx, root.child_by_field_name("index"), holders):
                keyed = True
            root = unparen(root.child_by_field_name("operand"))
            chain += 1
        if not keyed and not _carries(ctx, value, holders):
            continue
        if root is None or root.type != "identifier":
            continue
        rb = ctx.scopes(root).resolve(root)
        if rb is None and text(root) != "_" and find_var(ctx.package, text(root)) is not None:
            return "global", text(target)
        if rb is not None and rb is receiver and chain:
            return "field", text(target)
    return None


def _summary_escapes(ctx: "FileContext", call: "Node", args: list["Node"], holders: set[int], receiver: "Binding | None") -> EscapeSite | None:
    """The escape site of a holder passed to a callee whose summary says that parameter
    escapes. A store into the callee's receiver escapes here only when that receiver is
    this function's receiver (a field store again) or a package-level variable; a local
    value's field dies with it."""
    for arg in args:
        a = unparen(arg)
        built = a
        if built is not None and built.type == "unary_expression":
            built = unparen(built.child_by_field_name("operand"))
        if built is None or built.type not in ("identifier", "composite_literal") or not _carries(ctx, a, holders):
            continue  # the holder itself, or a value built around it (`record(Job{Ctx: ctx})`)
        summarised = call_summary(ctx, call)
        if summarised is None:
            return None
        i = argument_index(call, summarised[1], a)
        inner = summarised[0].escape_site(i) if i is not None else None
        if inner is None:
            continue
        if inner.kind != "field":
            return inner
        fn = unparen(call.child_by_field_name("function"))
        operand = unparen(fn.child_by_field_name("operand")) if fn is not None and fn.type == "selector_expression" else None
        if operand is None:
            continue
        if _package_var_root(ctx, operand):
            return EscapeSite(inner.param, "global", inner.file, inner.start, inner.end, inner.line, inner.target)
        root = operand
        while root is not None and root.type in ("selector_expression", "index_expression"):
            root = unparen(root.child_by_field_name("operand"))
        rb = ctx.scopes(root).resolve(root) if root is not None and root.type == "identifier" else None
        if rb is not None and receiver is not None and rb is receiver:
            return inner
    return None


def _mentions(ctx: "FileContext", node: "Node | None", holders: set[int]) -> bool:
    if node is None:
        return False
    for n in [node, *descendants(node)]:
        if n.type == "identifier":
            b = ctx.scopes(n).resolve(n)
            if b is not None and id(b) in holders:
                return True
    return False


def _derives_context(ctx: "FileContext", func: "Node", params: dict[int, "Binding"]) -> tuple[int, bool] | None:
    if not _is_context_type(_first_result_type(func)):
        return None
    params = {i: b for i, b in params.items() if b.type_node is not None and _is_context_type(b.type_node)}
    if not params:
        return None
    for ret in captures(_RETURNS, func).get("ret", []):
        if _owner(ret) is None or _owner(ret).id != func.id or not ret.named_child_count:
            continue
        values = ret.named_children[0].named_children if ret.named_children[0].type == "expression_list" else list(ret.named_children)
        if not values:
            continue
        found = _context_origin(ctx, func, unparen(values[0]), params, 0)
        if found is not None:
            return found
    return None


def _first_result_type(func: "Node") -> "Node | None":
    result = func.child_by_field_name("result")
    if result is None or result.type != "parameter_list":
        return result
    first = next((p for p in result.named_children if p.type == "parameter_declaration"), None)
    return first.child_by_field_name("type") if first is not None else None


def _is_context_type(node: "Node | None") -> bool:
    """``context.Context`` (under any import name) or a type named like one."""
    if node is None:
        return False
    name = text(node).lstrip("*")
    return name == "Context" or name.endswith(".Context")


def _context_origin(ctx: "FileContext", func: "Node", v: "Node | None", params: dict[int, "Binding"], depth: int) -> tuple[int, bool] | None:
    if v is None or depth > 6:
        return None
    k = ctx.knowledge
    if v.type == "identifier":
        b = ctx.scopes(v).resolve(v)
        for i, p in params.items():
            if p is b:
                return (i, False)
        if b is not None and b.function.id == func.id:
            for value in _assigned(b):
                found = _context_origin(ctx, func, unparen(value), params, depth + 1)
                if found is not None:
                    return found
        return None
    if v.type != "call_expression":
        return None
    q = ctx.qualified_callee(v)
    args = call_arguments(v)
    if q is not None and args and f"{q[0]}.{q[1]}" in k.context_derive | k.context_detach:
        inner = _context_origin(ctx, func, unparen(args[0]), params, depth + 1)
        if inner is not None:
            return (inner[0], inner[1] or f"{q[0]}.{q[1]}" in k.context_detach)
        return None
    summarised = call_summary(ctx, v)
    if summarised is None or summarised[0].derives_context is None:
        return None
    index, detached = summarised[0].derives_context
    for a in args:
        if argument_index(v, summarised[1], a) == index:
            inner = _context_origin(ctx, func, unparen(a), params, depth + 1)
            if inner is not None:
                return (inner[0], inner[1] or detached)
    return None


def _binds_cuda(ctx: "FileContext", func: "Node") -> bool:
    from golint_ai.leaks.cuda import binds_unpinned

    return binds_unpinned(ctx, func)


def _finalized(ctx: "FileContext", func: "Node", params: dict[int, "Binding"]) -> set[int]:
    out: set[int] = set()
    for call in captures(_CALLS, func).get("call", []):
        args = call_arguments(call)
        if not args or (call.parent is not None and call.parent.type == "go_statement"):
            # ``go Track(m)`` registers nothing before the function returns.
            continue
        first = unparen(args[0])
        if first is not None and first.type == "unary_expression":
            first = unparen(first.child_by_field_name("operand"))
        if first is None or first.type != "identifier":
            continue
        b = ctx.scopes(first).resolve(first)
        index = next((i for i, p in params.items() if p is b), None)
        if index is None:
            continue
        q = ctx.qualified_callee(call)
        if q in (("runtime", "SetFinalizer"), ("runtime", "AddCleanup")):
            out.add(index)
            continue
        summarised = call_summary(ctx, call)
        if summarised is not None and argument_index(call, summarised[1], args[0]) in summarised[0].registers_finalizer:
            out.add(index)
    return out
