"""Types whose goroutine runs until another method tells it to stop (GAI104 c).

A *lifecycle type* T of a package has

- a *start*: a method of T (``Start``, ``Run``, ``Open``, ...) that launches a goroutine
  — ``go s.loop()`` or ``go func() {...}()`` — whose only ways to end are signals on
  fields of T: it ranges over ``s.jobs``, waits on ``<-s.quit``, or loops over a select
  whose every exit is a case receiving ``<-s.quit`` or ``<-s.ctx.Done()``;
- a *stop*: another method of T that sends that signal (``close(s.quit)``,
  ``s.quit <- struct{}{}``, ``s.cancel()``), or calls a stop on its receiver;
- optionally *constructors*: package functions returning a T (or *T) with the goroutine
  already running (they call the start, or launch it themselves).

The value is then a resource in the ownership sense (:mod:`golint_ai.leaks.ownership`):
the start (or the constructor) acquires it, a stop releases it, returning, storing or
handing it on transfers it. A value started in a function F and neither stopped nor
transferred on some path leaks the goroutine and everything it references.

Only types declared in F's own package are known; the facts are computed once per
package from its declarations.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from msgspec import Struct

from golint_ai.golang import inputs
from golint_ai.golang.parse import code_only, whole_word
from golint_ai.golang.walk import ancestors, descendants, enclosing_function, is_within, text, unparen

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.golang.index import FileDeclarations
    from golint_ai.golang.package import GoFile, Package
    from golint_ai.golang.scope import Binding

_FUNCTIONS = ("function_declaration", "method_declaration", "func_literal")


class Lifecycle(Struct, frozen=True, dict=True):
    """A lifecycle type of the package: its start, stop and constructor names, and the goroutine a start launches."""

    type_name: str
    starts: frozenset[str]
    stops: frozenset[str]
    constructors: frozenset[str]
    go: "Node"  # the `go` statement of the (first) start
    go_file: "GoFile"
    signals: tuple[tuple[str, str], ...]  # what ends it: ("chan", field) closed or sent on, ("ctx", field) cancelled


def lifecycles(package: "Package") -> dict[str, Lifecycle]:
    """The package's lifecycle types by name (computed once per package)."""
    cache = package.__dict__.get("_lifecycles")
    if cache is None:
        cache = _compute(package) if any(b"go " in f.data for f in package.files) else {}
        package.__dict__["_lifecycles"] = cache
    return cache


_Launch = tuple[str, "Node", "GoFile", frozenset]  # the start's name, its `go`, where, the signals that end it
_GO_SPACE = re.compile(rb"go ")  # spelled by every body _launched_until_signalled looks into


def _compute(package: "Package") -> dict[str, Lifecycle]:
    from golint_ai.golang.index import _receiver_name

    # Launches are found in the files holding a `go` statement only; the other methods
    # of a launching type are looked up by name (parsing only the files declaring them).
    # Most packages launch no goroutine that only a signal ends. That is asked first of
    # the declarations holding a `go ` (a file read only for its package has just those
    # parsed); when some launch one, of the whole files again, so that the lifecycles'
    # nodes are their files' own.
    launching = [f for f in package.files if _launches(f.data)]
    launches, made = _launched_until_signalled(package, [(f, f.declarations_holding(_GO_SPACE)) for f in launching])
    if not (launches or made):
        return {}
    launches, made = _launched_until_signalled(package, [(f, f.declarations) for f in launching])
    out: dict[str, Lifecycle] = {}
    for tname in sorted(set(launches) | set(made)):
        found, built = launches.get(tname, []), made.get(tname, [])
        methods = _methods_of(package, tname)
        signals = frozenset().union(*(s for _, _, _, s in found + built))
        starts = {m for m, _, _, _ in found}
        loops = {_go_method(go) for _, go, _, _ in found + built} - {None}
        loops |= _internal(methods, loops | _launched(package), [go for _, go, _, _ in found + built])
        stops = {m for m, d in methods.items() if m not in starts and m not in loops and _signals(d.node, signals)}
        changed = True
        while changed:  # `Close` calling `s.Stop()` stops too; `Run` calling `s.start()` starts
            changed = False
            for m, d in methods.items():
                if m in starts or m in stops or m in loops:
                    continue
                called = _receiver_calls(d.node)
                if called & stops:
                    stops.add(m)
                    changed = True
                elif _top_calls(d.node, _receiver_name(d.node)) & starts and not _signals(d.node, signals):
                    starts.add(m)
                    changed = True
        starts = {m for m in starts if not _signals(methods[m].node, signals) and not (_receiver_calls(methods[m].node) & stops)}
        constructors = {n for n, _, _, _ in built} | _calling_constructors(package, tname, starts)
        if not (starts or constructors) or not stops:
            continue  # nothing ends it (or the start ends it itself): not a start/stop pair
        first = next(((go, f) for m, go, f, _ in found if m in starts), None) or next(((go, f) for _, go, f, _ in built), None)
        if first is None:
            continue
        desc = tuple(sorted(signals))
        out[tname] = Lifecycle(tname, frozenset(starts), frozenset(stops), frozenset(constructors), first[0], first[1], desc)
    return out


def _launched_until_signalled(
    package: "Package", declared: "list[tuple[GoFile, FileDeclarations]]"
) -> tuple[dict[str, list[_Launch]], dict[str, list[_Launch]]]:
    """By type name: the methods of the type launching a goroutine that ends only on a
    signal of the type's fields, and the functions returning a value of the type that
    launch such a goroutine on it, among the ``declared`` functions of each file."""
    from golint_ai.golang.index import FuncDecl, _receiver_name

    methods_with_go = sorted((((r, n), FuncDecl(n, node, f, r)) for f, d in declared for r, n, node in d.methods), key=lambda x: x[0])
    funcs_with_go = sorted(((n, FuncDecl(n, node, f)) for f, d in declared for n, node in d.funcs), key=lambda x: x[0])
    launches: dict[str, list[_Launch]] = {}
    for (tname, mname), decl in methods_with_go:
        body = decl.node.child_by_field_name("body")
        if body is None or b"go " not in body.text:
            continue
        rname = _receiver_name(decl.node)
        if not rname or rname == "_":
            continue
        for go in _own_gos(body):
            signals = _ends_on(package, tname, rname, go)
            if signals:
                launches.setdefault(tname, []).append((mname, go, decl.file, signals))
    made: dict[str, list[_Launch]] = {}
    for name, decl in funcs_with_go:
        tname = _result_type_name(decl.node)
        body = decl.node.child_by_field_name("body")
        if tname is None or body is None or b"go " not in body.text:
            continue
        value = _returned_name(body)
        if not value:
            continue
        for go in _own_gos(body):
            signals = _ends_on(package, tname, value, go)
            if signals:
                made.setdefault(tname, []).append((name, go, decl.file, signals))
    return launches, made


_GO_METHOD = re.compile(rb"\bgo\s+\w+\.(\w+)\s*\(")


def _launched(package: "Package") -> set[str]:
    """Names of the methods some ``go x.m()`` of the package launches."""
    return {m.group(1).decode() for f in package.files if b"go " in f.data for m in _GO_METHOD.finditer(f.data)}


def _internal(methods: dict, loops: set[str], gos: list["Node"]) -> set[str]:
    """Methods the goroutines themselves call on the value, directly or through each
    other (``readLoop`` calling ``readOnePacket``): the goroutine ending itself is not a
    stop a caller can make."""
    names = set(loops) & set(methods)
    for go in gos:
        call = next((c for c in go.named_children if c.type == "call_expression"), None)
        fn = unparen(call.child_by_field_name("function")) if call is not None else None
        if fn is not None and fn.type == "func_literal":
            names |= {m.group(1).decode() for m in re.finditer(rb"\.(\w+)\s*\(", fn.text)} & set(methods)
    todo = list(names)
    while todo:
        m = todo.pop()
        decl = methods.get(m)
        if decl is None:
            continue
        for c in _receiver_calls(decl.node):
            if c in methods and c not in names:
                names.add(c)
                todo.append(c)
    return names


def _methods_of(package: "Package", tname: str) -> dict:
    """The methods of ``tname`` by name, parsing only the files whose bytes declare one."""
    from golint_ai.golang.index import find_method

    head = re.compile(rb"func(?<![^\n]func)\s*\(\s*(?:\w+\s+)?\*?\s*" + re.escape(tname.encode()) + rb"\s*(?:\[[^\]]*\])?\s*\)\s*(\w+)\s*[\[(]")
    names = sorted({m.group(1).decode() for f in package.files for m in head.finditer(f.data)})
    out = {}
    for n in names:
        decl = find_method(package, tname, n)
        if decl is not None:
            out[n] = decl
    return out


_GO_KEYWORD = re.compile(whole_word(b"go") + rb"[\s(]")


@lru_cache(maxsize=512)
def _launches(data: bytes) -> bool:
    """Whether a file's bytes may hold a ``go`` statement outside comments and literals
    (read before parsing it: most files saying "go " say it in a comment). Only the
    lines of the ``go`` words are looked at: one in a line comment (``//`` before it on
    its line, no quote before that) is not a statement; one that begins its line is
    taken for one; any other sends the whole file through :func:`code_only`. Memoised
    by content: the language server asks again about every unchanged sibling per edit."""
    unsure = False
    for m in _GO_KEYWORD.finditer(data):
        start = data.rfind(b"\n", 0, m.start()) + 1
        before = data[start : m.start()]
        if not before.strip(b" \t"):
            return True
        slashes = before.find(b"//")
        if slashes < 0 or any(q in before[:slashes] for q in _QUOTES):
            unsure = True
    return unsure and _GO_KEYWORD.search(code_only(data)) is not None


_QUOTES = (b'"', b"`", b"'")


def _own_gos(body: "Node") -> list["Node"]:
    """The unconditional ``go`` statements of a function's body: statements of the body
    itself, not under an ``if``, a loop or a literal (a launch under a condition is not
    what every call does)."""
    return [s for s in _statements(body) if s.type == "go_statement"]


def _result_type_name(func: "Node") -> str | None:
    """``T`` for a function whose first result is ``T`` or ``*T``."""
    from golint_ai.golang.index import type_name

    result = func.child_by_field_name("result")
    if result is None:
        return None
    first = result
    if result.type == "parameter_list":
        if not result.named_child_count:
            return None
        first = result.named_children[0].child_by_field_name("type")
    return type_name(first) if first is not None else None


def _go_method(go: "Node") -> str | None:
    call = next((c for c in go.named_children if c.type == "call_expression"), None)
    fn = unparen(call.child_by_field_name("function")) if call is not None else None
    if fn is not None and fn.type == "selector_expression":
        return text(fn.child_by_field_name("field"))
    return None


def _ends_on(package: "Package", tname: str, rname: str, go: "Node") -> frozenset:
    """The field signals that are the goroutine's only ways to end: ``("chan", f)`` for
    a close of or send on field ``f``, ``("ctx", f)`` for a cancel of the context in
    field ``f``. Empty when it can end otherwise (or never)."""
    from golint_ai.golang.index import _receiver_name, find_method

    call = next((c for c in go.named_children if c.type == "call_expression"), None)
    fn = unparen(call.child_by_field_name("function")) if call is not None else None
    if fn is None:
        return frozenset()
    if fn.type == "func_literal":
        return _body_ends_on(fn.child_by_field_name("body"), rname)
    if fn.type == "selector_expression" and text(fn.child_by_field_name("operand")) == rname:
        decl = find_method(package, tname, text(fn.child_by_field_name("field")))
        if decl is None:
            return frozenset()
        base = _receiver_name(decl.node)
        return _body_ends_on(decl.node.child_by_field_name("body"), base) if base else frozenset()
    return frozenset()


def _body_ends_on(body: "Node | None", base: str) -> frozenset:
    if body is None:
        return frozenset()
    for stmt in _statements(body):
        if stmt.type == "defer_statement":
            continue
        if stmt.type == "for_statement":
            return _loop_ends_on(stmt, base)
        if stmt.type == "expression_statement":
            sig = _field_receive(stmt.named_children[0] if stmt.named_child_count else None, base)
            if sig is not None:
                return frozenset({sig})
        if stmt.type == "select_statement":
            return _select_ends_on(stmt, base)
        if _exits(stmt):
            return frozenset()  # it may return before it waits
    return frozenset()


def _statements(block: "Node") -> list["Node"]:
    out = []
    for c in block.named_children:
        if c.type == "statement_list":
            out.extend(x for x in c.named_children if x.type != "comment")
        elif c.type != "comment":
            out.append(c)
    return out


def _loop_ends_on(loop: "Node", base: str) -> frozenset:
    clause = next((c for c in loop.named_children if c.type in ("range_clause", "for_clause")), None)
    body = loop.child_by_field_name("body")
    if clause is not None and clause.type == "range_clause":
        right = unparen(clause.child_by_field_name("right"))
        field = _base_field(right, base)
        return frozenset({("range", field)}) if field is not None else frozenset()
    if clause is not None or body is None or any(c.type not in ("block", "comment") for c in loop.named_children if c.id != body.id):
        return frozenset()  # a bounded loop, or a condition that can end it
    signals = set()
    exits = [n for n in descendants(body, skip=lambda x: x.type == "func_literal") if _leaves(n, loop)]
    if not exits:
        return frozenset()
    for n in exits:
        case = next((a for a in ancestors(n) if a.type in ("communication_case", "default_case") or a.id == loop.id), None)
        if case is None or case.type != "communication_case":
            return frozenset()  # an exit outside a select case: it can end by itself
        comm = case.child_by_field_name("communication")
        sig = _field_receive(_received(comm), base)
        if sig is None:
            return frozenset()
        signals.add(sig)
    return frozenset(signals)


def _select_ends_on(sel: "Node", base: str) -> frozenset:
    signals = set()
    for case in sel.named_children:
        if case.type == "default_case":
            return frozenset()
        if case.type != "communication_case":
            continue
        sig = _field_receive(_received(case.child_by_field_name("communication")), base)
        if sig is None:
            return frozenset()
        signals.add(sig)
    return frozenset(signals)


def _received(comm: "Node | None") -> "Node | None":
    if comm is None:
        return None
    if comm.type == "receive_statement":
        return comm.child_by_field_name("right")
    if comm.type == "expression_statement" and comm.named_child_count:
        return comm.named_children[0]
    return None


def _field_receive(expr: "Node | None", base: str) -> tuple[str, str] | None:
    """``<-s.quit`` → ("chan", "quit"); ``<-s.ctx.Done()`` → ("ctx", "ctx")."""
    e = unparen(expr)
    if e is None or e.type != "unary_expression" or text(e.child_by_field_name("operator")) != "<-":
        return None
    operand = unparen(e.child_by_field_name("operand"))
    if operand is None:
        return None
    if operand.type == "call_expression":
        fn = unparen(operand.child_by_field_name("function"))
        if fn is not None and fn.type == "selector_expression" and text(fn.child_by_field_name("field")) == "Done":
            field = _base_field(unparen(fn.child_by_field_name("operand")), base)
            return ("ctx", field) if field is not None else None
        return None
    field = _base_field(operand, base)
    return ("chan", field) if field is not None else None


def _base_field(expr: "Node | None", base: str) -> str | None:
    if expr is None or expr.type != "selector_expression":
        return None
    operand = unparen(expr.child_by_field_name("operand"))
    if operand is None or operand.type != "identifier" or text(operand) != base:
        return None
    return text(expr.child_by_field_name("field"))


def _leaves(node: "Node", loop: "Node") -> bool:
    """A statement that leaves ``loop``: a return, a goto, or a break of it (a labeled
    break naming it, or an unlabeled break outside any inner loop, switch or select)."""
    if node.type in ("return_statement", "goto_statement"):
        return True
    if node.type != "break_statement":
        return False
    label = next((c for c in node.named_children if c.type == "label_name"), None)
    if label is not None:
        parent = loop.parent
        return parent is not None and parent.type == "labeled_statement" and text(parent.named_children[0]) == text(label)
    for a in ancestors(node):
        if a.id == loop.id:
            return True
        if a.type in ("for_statement", "expression_switch_statement", "type_switch_statement", "select_statement"):
            return False
    return False


def _exits(stmt: "Node") -> bool:
    return stmt.type == "return_statement" or any(
        n.type == "return_statement" for n in descendants(stmt, skip=lambda x: x.type == "func_literal")
    )


def _signals(method: "Node", signals: frozenset) -> bool:
    """Whether a method body sends one of the signals to its receiver's fields."""
    from golint_ai.golang.index import _receiver_name

    body = method.child_by_field_name("body")
    r = _receiver_name(method) if method.type == "method_declaration" else None
    if body is None or not r:
        return False
    data = body.text
    rb = re.escape(r.encode())
    for kind, field in signals:
        f = re.escape(field.encode())
        if kind in ("chan", "range"):
            if re.search(rb"\bclose\(\s*" + rb + rb"\." + f + rb"\s*\)", data):
                return True
            if kind == "chan" and re.search(rb"\b" + rb + rb"\." + f + rb"\s*<-", data):
                return True  # a send ends a wait, not a range
        elif re.search(rb"\b" + rb + rb"\.\w*[Cc]ancel\w*\s*\(\s*\)", data):
            return True
    return False


def _receiver_calls(method: "Node") -> set[str]:
    """Names of the methods a method calls on its own receiver (``s.Stop()``)."""
    from golint_ai.golang.index import _receiver_name

    body = method.child_by_field_name("body")
    r = _receiver_name(method) if method.type == "method_declaration" else None
    if body is None or not r:
        return set()
    return {m.group(1).decode() for m in re.finditer(rb"\b" + re.escape(r.encode()) + rb"\.(\w+)\s*\(", body.text)}


def _top_calls(func: "Node", holder: str | None) -> set[str]:
    """Methods called on ``holder`` by statements of the function's body itself (not
    under a condition): ``s.start()``, ``err := s.start()``, ``if err := s.start(); ...``."""
    body = func.child_by_field_name("body")
    if body is None or not holder:
        return set()
    out = set()
    for stmt in _statements(body):
        head = stmt
        if stmt.type == "if_statement":
            head = stmt.child_by_field_name("initializer") or stmt.child_by_field_name("condition")
        if head is None or stmt.type in ("for_statement", "expression_switch_statement", "type_switch_statement", "select_statement", "go_statement", "defer_statement"):
            continue
        for m in re.finditer(rb"\b" + re.escape(holder.encode()) + rb"\.(\w+)\s*\(", head.text):
            out.add(m.group(1).decode())
    return out


def _calling_constructors(package: "Package", tname: str, starts: set[str]) -> set[str]:
    """Package functions returning a ``T``/``*T`` after calling a start on it."""
    out = set()
    if not starts:
        return out
    needles = [f".{m}(".encode() for m in starts]
    for f in package.files:
        if not any(n in f.data for n in needles):
            continue
        for name, node in f.declarations.funcs:
            _constructor_calling(node, name, tname, starts, out)
    return out


def _constructor_calling(func: "Node", name: str, tname: str, starts: set[str], out: set[str]) -> None:
    """Adds ``name`` to ``out`` when ``func`` returns a ``T`` it called a start on."""
    body = func.child_by_field_name("body")
    if body is None or _result_type_name(func) != tname:
        return
    value = _returned_name(body)
    if value and _top_calls(func, value) & starts:
        out.add(name)


def _returned_name(body: "Node") -> str | None:
    for n in descendants(body, skip=lambda x: x.type == "func_literal"):
        if n.type == "return_statement" and n.named_child_count:
            values = n.named_children[0]
            first = values.named_children[0] if values.type == "expression_list" and values.named_child_count else values
            first = unparen(first)
            if first is not None and first.type == "identifier":
                return text(first)
            if first is not None and first.type == "unary_expression" and text(first.child_by_field_name("operator")) == "&":
                inner = unparen(first.child_by_field_name("operand"))
                if inner is not None and inner.type == "identifier":
                    return text(inner)
    return None


# A function or method declaration's line: `func` at the start of a line (`(?m)^func`
# with the literal first: the engine scans for it, where `^` is tried at every byte), a
# receiver (its type may nest one level of parentheses), the name, type parameters
# (brackets may nest), the parameters' `(`.
_HEAD = re.compile(
    rb"func(?<![^\n]func)[ \t]*(?:(\()(?:[^()\n]|\((?:[^()\n]|\([^()\n]*\))*\))*\)[ \t]*)?([\w\x80-\xff]+)[ \t]*(?:\[[^\n]*?\])?[ \t]*\("
)
_GO_STMT = re.compile(rb"go[ \t]+(?:func\b|[\w.]+\()")  # after the indentation of its line


# The byte scans of one file below are memoised by its content: the language server asks
# again after every edit, about every unchanged sibling too.
@lru_cache(maxsize=256)
def _go_statement_lines(data: bytes) -> tuple[int, ...]:
    """The starts of the lines holding an indented ``go func`` or ``go f(`` statement
    (the literal ``go`` is searched first; the indentation is checked after)."""
    out = []
    for m in _GO_STMT.finditer(data):
        line = data.rfind(b"\n", 0, m.start()) + 1
        indent = data[line : m.start()]
        if indent and not indent.strip(b" \t"):
            out.append(line)
    return tuple(out)


@lru_cache(maxsize=256)
def _heads(data: bytes) -> tuple[tuple[int, bool, bytes], ...]:
    """``(start, is a method, name)`` of each function or method declaration line."""
    return tuple((h.start(), h.group(1) is not None, h.group(2)) for h in _HEAD.finditer(data))


_FIELD_AFTER = re.compile(rb"[ \t]*\w+\.(\w+)\b(?![.(])")  # `<-s.quit`, `range s.jobs`, `close(s.quit`
_FIELD_BEFORE = re.compile(rb"\.(\w+)[ \t]*$")  # `s.quit <-`


@lru_cache(maxsize=256)
def _field_uses(data: bytes) -> tuple[frozenset[bytes], frozenset[bytes]]:
    """By bytes: fields closed or sent on (``close(s.quit)``, ``s.quit <-``) and fields
    waited on (``<-s.quit``, ``range s.jobs``), visiting only the operators' positions."""
    signalled, waited = set(), set()
    i = data.find(b"<-")
    while i >= 0:
        m = _FIELD_AFTER.match(data, i + 2)
        if m:
            waited.add(m.group(1))
        m = _FIELD_BEFORE.search(data, max(0, i - 64), i)
        if m:
            signalled.add(m.group(1))
        i = data.find(b"<-", i + 2)
    for word, into in ((b"range ", waited), (b"close(", signalled)):
        i = data.find(word)
        while i >= 0:
            m = _FIELD_AFTER.match(data, i + len(word))
            if m:
                into.add(m.group(1))
            i = data.find(word, i + len(word))
    return frozenset(signalled), frozenset(waited)


_STARTERS: dict[str, tuple[bytes, ...]] = {}
inputs.per_run(_STARTERS.clear)


@inputs.on_forget
def _forget_starters(directories: set[str]) -> None:
    for d in directories:
        _STARTERS.pop(d, None)


def starter_needles(directory: str) -> tuple[bytes, ...]:
    """By bytes, cached per directory: calls that may start a lifecycle value of the
    package (``.Start(`` for a method whose body has a ``go`` statement, ``NewT(`` for a
    function whose body launches or calls such a method). Empty unless the package both
    signals a field (``close(s.quit)``, ``s.quit <-``, ``s.cancel()``) and waits on one
    (``<-s.quit``, ``range s.jobs``, ``s.ctx.Done()``). A file mentioning none cannot
    hold a GAI104 (c) finding."""
    inputs.use_dir(directory)  # a fact of this directory alone: recorded on every use
    if directory in _STARTERS:
        return _STARTERS[directory]
    from bisect import bisect_right

    from golint_ai.golang.world import package_sources

    sources = [d for d in package_sources(directory) if b"go " in d or b"go\t" in d]
    launches = {id(d): _go_statement_lines(d) for d in sources}
    if not any(launches.values()):
        _STARTERS[directory] = ()  # no `go` statement: nothing to start
        return ()
    closed, waited, cancels, dones = set(), set(), False, False
    for data in package_sources(directory):
        if b"<-" not in data and b"range" not in data:
            continue
        signalled, wait = _field_uses(data)
        closed |= signalled
        waited |= wait
        cancels = cancels or b"ancel()" in data
        dones = dones or b".Done()" in data
    needles: set[bytes] = set()
    if sources and (closed & waited or (cancels and dones)):
        funcs = []
        for data in sources:
            heads = _heads(data)
            starts = [start for start, _, _ in heads]
            for line in launches[id(data)]:
                i = bisect_right(starts, line) - 1
                if i < 0:
                    continue
                _, method, name = heads[i]
                needles.add(b"." + name + b"(" if method else name + b"(")
            funcs.extend((name, data, start, starts[k + 1] if k + 1 < len(starts) else len(data))
                         for k, (start, method, name) in enumerate(heads) if not method)
        calls = [n for n in needles if n.startswith(b".")]
        for name, data, lo, hi in funcs:  # constructors that call a start
            if any(data.find(c, lo, hi) >= 0 for c in calls):
                needles.add(name + b"(")
    _STARTERS[directory] = tuple(sorted(needles))
    return _STARTERS[directory]


# -- the function that starts one ----------------------------------------------------------
class Unstopped(Struct, frozen=True, dict=True):
    """GAI104 (c)'s shape: a lifecycle value started in a local and, on some path to ``exit``, neither
    stopped nor handed on."""

    call: "Node"  # `s.Start()`, or the constructor call
    binding: "Binding"
    lifecycle: Lifecycle
    exit: "Node"
    started_by: str  # the start method or constructor name


def started_not_stopped(ctx: "FileContext", call: "Node") -> Unstopped | None:
    """GAI104 (c) for one call: it starts a lifecycle value held in a local of F, and
    some path of F from the call to an exit neither stops nor hands the value on."""
    from golint_ai.golang.gotypes import type_of_binding
    from golint_ai.golang.index import type_name
    from golint_ai.leaks.leftbehind import _closing_brace, _test_failure_exit, correlated_prunes
    from golint_ai.leaks.ownership import Fate, Ownership, Releases

    types = lifecycles(ctx.package)
    if not types:
        return None
    func = enclosing_function(call)
    if func is None or _program_lifetime(ctx, func):
        return None
    fn = unparen(call.child_by_field_name("function"))
    if fn is None:
        return None
    lc: Lifecycle | None = None
    if fn.type == "selector_expression":
        holder = unparen(fn.child_by_field_name("operand"))
        method = text(fn.child_by_field_name("field"))
        if holder is None or holder.type != "identifier":
            return None
        b = ctx.scopes(holder).resolve(holder)
        if b is None:
            return None
        st = type_of_binding(ctx, b)
        if st is None or st.package not in (None, ctx.package) or st.node is None:
            return None
        lc = types.get(type_name(st.node) or "")
        if lc is None or method not in lc.starts:
            return None
        started_by = method
    elif fn.type == "identifier":
        name = text(fn)
        lc = next((t for t in types.values() if name in t.constructors), None)
        if lc is None or ctx.scopes(fn).is_local(fn):
            return None
        b = _bound_result(ctx, call)
        if b is None:
            return None
        started_by = name
    else:
        return None
    if b.function.id != func.id or b.kind in ("param", "receiver", "result"):
        return None  # a parameter, a global, a captured variable: owned elsewhere
    own = Ownership(ctx, ctx.scopes(call), Releases(c_names=lambda n: False, methods=lambda n: n in lc.stops, c_steals=lambda n, i: False))
    for r in b.refs:
        if r.id == b.ident.id:
            continue
        inner = enclosing_function(r)
        if inner is not None and inner.id != func.id:
            return None  # captured by a closure (`t.Cleanup(func() { s.Stop() })`): stopped there
        p = r.parent
        if p is not None and p.type == "selector_expression" and text(p.child_by_field_name("field")) in lc.stops:
            gp = p.parent
            if gp is None or gp.type != "call_expression":
                return None  # `t.Cleanup(s.Stop)`: the stop is registered
            if any(a.type == "defer_statement" for a in ancestors(gp) if is_within(a, func)):
                return None  # `defer s.Stop()` runs on every exit
    flow = ctx.flow(func)
    start = flow.node_for(call)
    if start is None:
        return None

    def stops(node) -> bool:
        if node.ast is None or node.id in (start.id, flow.end):
            return False  # the closing brace's syntax is the whole body
        eff = own.fate_in(node.ast, b)
        return eff is not None and eff.fate >= Fate.FIELD_STORE

    failed = _failure_prunes(ctx, call)
    correlated = correlated_prunes(ctx, call, func)
    exits = flow.leaking_exits(start, stops=stops, prunes=lambda g: failed(g) or correlated(g))
    exits = [e for e in exits if e.ast is not None and not _test_failure_exit(ctx, e.ast)]
    if not exits:
        return None
    own_fate = own.fate_in(start.ast, b)
    if own_fate is not None and own_fate.fate >= Fate.FIELD_STORE and own_fate.node.id != call.id:
        return None  # `return NewT()`-like statements hand it on at once
    e = exits[0]
    return Unstopped(call, b, lc, e.ast if e.id != flow.end else _closing_brace(func), started_by)


def _bound_result(ctx: "FileContext", call: "Node") -> "Binding | None":
    """The local a constructor's first result is declared into (``s := NewT()``,
    ``s, err := NewT()``)."""
    p = call.parent
    if p is not None and p.type == "expression_list":
        if p.named_child_count != 1:
            return None
        p = p.parent
    if p is None or p.type != "short_var_declaration":
        return None
    left = p.child_by_field_name("left")
    names = left.named_children if left is not None and left.type == "expression_list" else [left] if left is not None else []
    if not names or names[0].type != "identifier" or text(names[0]) == "_":
        return None
    return ctx.scopes(names[0]).resolve(names[0])


def _failure_prunes(ctx: "FileContext", call: "Node"):
    """``s, err := NewT(); if err != nil { return err }`` and ``if err := s.Start(); err
    != nil { return err }``: on that edge nothing was started."""
    p = call.parent
    while p is not None and p.type in ("expression_list",):
        p = p.parent
    errs = set()
    if p is not None and p.type in ("short_var_declaration", "assignment_statement"):
        left = p.child_by_field_name("left")
        names = left.named_children if left is not None and left.type == "expression_list" else [left] if left is not None else []
        constructor = unparen(call.child_by_field_name("function")).type == "identifier"
        for n in names[1:] if constructor else names:
            if n.type == "identifier" and text(n) != "_":
                errs.add(text(n))

    def prunes(guard) -> bool:
        cond = unparen(guard.condition)
        if not errs or cond is None or cond.type != "binary_expression" or not guard.value:
            return False
        return text(cond).replace(" ", "") in {f"{e}!=nil" for e in errs}

    return prunes


def _program_lifetime(ctx: "FileContext", func: "Node") -> bool:
    if ctx.package.name != "main":
        return False
    top = func
    for a in ancestors(func):
        if a.type in _FUNCTIONS:
            top = a
    return top.type == "function_declaration" and text(top.child_by_field_name("name")) in ("main", "init")
