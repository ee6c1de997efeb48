"""Acquisitions from the resource tables (``rules/resources.toml``): which calls hand
back a fresh native handle, where, and how it is released.

- :func:`table_acquisition`: a call whose *result* is a fresh handle (``C.malloc``,
  ``C.x_create`` by the naming convention when its declared result can be a handle, a Go
  binding's constructor such as ``ort.NewTensor``);
- :func:`out_parameter`: a call filling a handle through ``&h`` (``C.cudaMalloc(&p, n)``,
  ``C.x_vec_new(&v, ...)``), with the argument it fills.

Function summaries (:mod:`golint_ai.leaks.summaries`) build on these to find Go-level
constructors and resource types.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from golint_ai.golang import inputs
from golint_ai.golang.imports import call_arguments, callee_node
from golint_ai.golang.walk import text, unparen
from golint_ai.knowledge import per_knowledge

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.leaks.summaries import Release
    from golint_ai.knowledge import Knowledge
    from golint_ai.settings import Settings


def native_imports(settings: "Settings") -> frozenset[str]:
    """The imports that mark a package as holding native resources: "C" (cgo), or a Go
    binding of the tables."""
    return _native_imports(settings.knowledge)


@per_knowledge
def _native_imports(k: "Knowledge") -> frozenset[str]:
    return frozenset({"C", *k.resources.go_packages})


def reaches_native(directory: str, settings: "Settings") -> bool:
    """Whether the package in ``directory`` or anything it imports imports "C" or a Go
    binding (read from import declarations): only then can its functions acquire or
    release native resources."""
    from golint_ai.golang.world import reaches

    return reaches(directory, native_imports(settings))


_RAW = (b"C.", b"unsafe.Pointer", b"uintptr")
_TYPE_LINE = re.compile(rb"(?m)^(?:type[ \t]+|\t)(\w+)(?:\[[^\]\n]*\])?[ \t]+(struct|interface)?[^\n]*$")
_BODY_END = re.compile(rb"(?m)^\t?\}")
_WORD = re.compile(rb"[A-Za-z_]\w*")
_RESULT_WORDS_SKIP = frozenset(
    b"error bool string int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 float32 float64 "
    b"complex64 complex128 byte rune any func map chan struct interface".split()
)
_RELEASE_CALLS = tuple(f"{m}(".encode() for m in ("Close", "Free", "Delete", "Destroy", "Release", "Drop", "MustDrop", "Dispose", "Finalize", "Unref")) + (b"Closer",)
_CONSTRUCTORS: dict[tuple[str, tuple[str, ...]], frozenset[str]] = {}
_NATIVE_TYPES: dict[tuple[str, tuple[str, ...]], tuple[frozenset[str], frozenset[str]]] = {}


def _native_types(directory: str, bindings: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """By bytes: the package's types that can hold something native (a C type, an
    ``unsafe.Pointer`` or ``uintptr``, any type declared in a file using a Go binding,
    or a struct with a field of such a type), and its interfaces with a release method."""
    from golint_ai.golang.world import package_sources

    key = (directory, bindings)
    inputs.use_dir(directory)  # a fact of this directory alone: kept across directories
    if key in _NATIVE_TYPES:
        return _NATIVE_TYPES[key]
    bodies: dict[str, bytes] = {}
    native: set[str] = set()
    releasing: set[str] = set()
    marks = tuple(f'"{b}"'.encode() for b in bindings)
    for data in package_sources(directory):
        binding_file = any(m in data for m in marks)
        for name, kind, body in _file_types(data):
            bodies[name] = body
            if kind == b"interface":
                if any(r in body for r in _RELEASE_CALLS):
                    releasing.add(name)
                continue
            if binding_file or any(r in body for r in _RAW):
                native.add(name)
    for _ in range(3):  # structs holding native types
        grown = {n for n, body in bodies.items() if n not in native and n not in releasing
                 and any(w.decode() in native for w in _WORD.findall(body))}
        if not grown:
            break
        native |= grown
    _NATIVE_TYPES[key] = (frozenset(native), frozenset(releasing))
    return _NATIVE_TYPES[key]


@lru_cache(maxsize=256)
def _file_types(data: bytes) -> tuple[tuple[str, "bytes | None", bytes], ...]:
    """``(name, struct|interface|None, body or declaration line)`` of each type a file
    declares, by bytes; memoised by content (asked again after every edit in the
    language server, for the unchanged files too)."""
    out = []
    for m in _TYPE_LINE.finditer(data):
        name, kind = m.group(1).decode(), m.group(2)
        if m.group(0).startswith(b"\t") and kind is None:
            continue  # an indented line that is no type in a `type (...)` block
        line = m.group(0)
        if kind is not None and line.rstrip().endswith(b"{"):
            end = _BODY_END.search(data, m.end())
            body = data[m.end(): end.start() if end is not None else len(data)]
        else:
            body = line
        out.append((name, kind, body))
    return tuple(out)


def constructor_names(directory: str, bindings: tuple[str, ...] = ()) -> frozenset[str]:
    """Names of the functions and methods of the package in ``directory`` that could
    return a native resource, read from their declaration lines: results that write a
    raw handle type, a type of the package that can hold something native, an
    interface with a release method (when the package has such types), or a type of
    another package; never results that are predeclared types only. A cheap filter
    before any summary is asked for (bytes only)."""
    from golint_ai.golang.world import signatures

    key = (directory, bindings)
    if key not in _CONSTRUCTORS:
        native, releasing = _native_types(directory, bindings)
        others = _imported_native_types(directory, bindings)
        names = set()
        for name, rest in signatures(directory):
            depth, i = 1, 0
            while i < len(rest) and depth:  # skip the parameter list
                depth += {40: 1, 41: -1}.get(rest[i], 0)
                i += 1
            if depth:
                names.add(name)  # parameters continue on the next lines: keep it
                continue
            results = rest[i:].strip().rstrip(b"{").strip()
            if results and _may_name_native(results, native, releasing, others):
                names.add(name)
        _CONSTRUCTORS[key] = frozenset(names)
    return _CONSTRUCTORS[key]


def _imported_native_types(directory: str, bindings: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """For the packages ``directory`` imports (by their usual name, the last path
    element without a ``/vN`` suffix): the type names there that can hold something
    native, or an interface with a release method of a package that has such types."""
    from golint_ai.golang.world import directory_imports, import_aliases, resolve_import

    names = {_package_name(p): p for p in sorted(directory_imports(directory))}
    names.update(import_aliases(directory))
    out: dict[str, frozenset[str]] = {}
    for name, path in sorted(names.items()):
        if path in bindings:
            out[name] = frozenset({"*"})  # any type of a Go binding
            continue
        target = resolve_import(path, directory)
        if target is None:
            continue
        native, releasing = _native_types(target, bindings)
        out[name] = native | (releasing if native else frozenset())
    return out


def _package_name(path: str) -> str:
    parts = path.split("/")
    if len(parts) > 1 and re.fullmatch(r"v\d+", parts[-1]):
        return parts[-2]
    return parts[-1].replace("-", "_").removeprefix("go_").removesuffix("_go")


def _may_name_native(results: bytes, native: frozenset[str], releasing: frozenset[str], others: dict[str, frozenset[str]]) -> bool:
    if any(r in results for r in _RAW):
        return True
    for m in _WORD.finditer(results):
        word = m.group(0)
        if word in _RESULT_WORDS_SKIP:
            continue
        if results[m.end():m.end() + 1] == b".":
            # `pkg.T`: a native type of an imported package; unknown packages (not on
            # disk, the standard library) hand out nothing this analysis can release.
            qualified = _WORD.match(results, m.end() + 1)
            types = others.get(word.decode(), frozenset())
            if qualified is not None and ("*" in types or qualified.group(0).decode() in types):
                return True
            continue
        if results[m.start() - 1:m.start()] == b".":
            continue  # the name after `pkg.`: decided above
        w = word.decode()
        if w in native or (w in releasing and native):
            return True
    return False


def native_constructors(directory: str, settings: "Settings") -> frozenset[str]:
    """Names of the functions and methods of the package in ``directory`` that may
    return a native resource: they can reach cgo or a Go binding (through any chain of
    calls, by name) and their results are not all predeclared types. Bytes only."""
    from golint_ai.golang.world import reaching_names

    reaching = reaching_names(directory, native_imports(settings))
    if not reaching:
        return frozenset()
    return reaching & constructor_names(directory, _binding_packages(settings.knowledge))


@per_knowledge
def _binding_packages(k: "Knowledge") -> tuple[str, ...]:
    return tuple(sorted(k.resources.go_packages))


def c_release(ctx: "FileContext", info) -> "Release":
    from golint_ai.leaks.summaries import Release

    suggested = suggest_release(ctx, info)
    return Release(c_names=frozenset(info.releases), c_call=info.release_call or f"C.{suggested}({{handle}})")


def suggest_release(ctx: "FileContext", info) -> str:
    """The release to name for a C acquisition: the table's, or for the naming
    convention a candidate the package calls or declares as a whole name."""
    import re

    if not info.by_naming:
        return info.suggested
    for candidate in sorted(info.releases, key=lambda r: (r != info.suggested, len(r), r)):
        pattern = re.compile(rb"\b" + re.escape(candidate.encode()) + rb"\s*\(")
        if any(candidate.encode() in f.data and pattern.search(f.data) for f in ctx.package.files):
            return candidate
    return info.suggested


def table_acquisition(ctx: "FileContext", call: "Node") -> "tuple[Release, str | None] | None":
    """How to release the handle ``call`` returns, when the resource tables say it
    returns a fresh one."""
    from golint_ai.leaks.summaries import Release

    q = ctx.qualified_callee(call)
    if q is None:
        return None
    path, name = q
    res = ctx.knowledge.resources
    if path == "C":
        info = res.classify_c(name)
        if info is None or info.out_param is not None:
            return None
        if info.by_naming:
            declared = ctx.package.cgo.returns_handle(name)
            if declared is False:
                return None
        return c_release(ctx, info), None
    fam = res.go_family(path, name)
    if fam is not None:
        return Release(method=fam.release_method), text(callee_node(call))
    return None


def out_parameter(ctx: "FileContext", call: "Node") -> "tuple[Node, Release] | None":
    """``(x, release)`` when ``call`` fills a handle through ``&x``: a table family with an
    out-parameter, or a naming-convention call returning no handle (a status or void)."""
    q = ctx.qualified_callee(call)
    if q is None or q[0] != "C":
        return None
    info = ctx.knowledge.resources.classify_c(q[1])
    if info is None:
        return None
    args = call_arguments(call)
    if info.out_param is not None:
        target = address_of(args[info.out_param]) if info.out_param < len(args) else None
        return (target, c_release(ctx, info)) if target is not None else None
    if not info.by_naming or ctx.package.cgo.returns_handle(q[1]) is True:
        return None
    for a in args:
        target = address_of(a)
        if target is not None and not any(w in text(target).lower() for w in ("err", "msg", "status")):
            if not any(ctx.package.cgo.mentions(r) for r in info.releases):
                return None
            return target, c_release(ctx, info)
    return None


def address_of(arg: "Node") -> "Node | None":
    """``x`` (or ``s.f``) for an argument ``&x`` / ``&s.f``, possibly wrapped in a conversion
    like ``(**C.T)(unsafe.Pointer(&x))``."""
    node = unparen(arg)
    for _ in range(4):
        if node is None:
            return None
        if node.type == "unary_expression":
            op = node.child_by_field_name("operator")
            operand = unparen(node.child_by_field_name("operand"))
            if op is not None and op.type == "&" and operand is not None and operand.type in ("identifier", "selector_expression"):
                return operand
            return None
        if node.type == "type_conversion_expression":
            node = unparen(node.child_by_field_name("operand"))
            continue
        if node.type == "call_expression":
            a = node.child_by_field_name("arguments")
            if a is None or a.named_child_count != 1:
                return None
            node = unparen(a.named_children[0])
            continue
        return None
    return None


inputs.per_job(_CONSTRUCTORS.clear)  # reaches into imported packages
inputs.per_run(_NATIVE_TYPES.clear)


@inputs.on_forget
def _forget_directories(directories: set[str]) -> None:
    for key in [k for k in _NATIVE_TYPES if k[0] in directories]:
        del _NATIVE_TYPES[key]
