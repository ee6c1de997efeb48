"""Native handle not released on every path from its acquisition to a function exit.

## What it does
Checks for handles obtained from a native acquisition that are not released on every
path from the acquisition to a function exit. Acquisitions come from the resource
table (`rules/resources.toml`, extended by `resources.extra` in the configuration):
cgo calls named with a create verb (`tflite_model_create_from_buffer`,
`TfLiteInterpreterCreate`, `*_new`, `*_alloc`, `*_open`, `*_init`) paired with the same
name and a release verb (`delete`, `destroy`, `free`, `release`, `close`, `dispose`,
`unref`); `C.malloc`/`calloc`/`realloc`/`CString`/`CBytes` with `C.free`; CUDA
allocations, streams, events and cuBLAS/cuDNN handles filled through `&out`
parameters; Python C-API new references; and the onnxruntime_go and go-tflite
bindings' constructors with their `Destroy()`/`Delete()` methods.

Resources are also Go types. A *resource type* is a named type with a release method
(`Close`, `Free`, `Delete`, `Destroy`, `Release`, `Drop`, `MustDrop`, `Dispose`,
`Finalize`, `Unref`) that releases a native handle held in one of its fields, directly
or through other functions (`t.Drop()` → `lib.FreeTensor(t.h)` → `C.free_tensor`); an
interface with a release method is one when every type of the module implementing it
is. A *constructor* is a function or method, in this package, another package of the
module or a dependency whose source is on disk (`vendor/`, the module cache), that
returns a fresh acquisition or a resource-type value built from one; calling it is an
acquisition, released by the type's release method (`p := index.NewParams(...)` …
call `p.Delete()`). Returning a cached, pooled or package-level value is not fresh, and
a constructor that registers a finalizer or `runtime.AddCleanup` for what it returns
hands out a value the garbage collector releases: not flagged. A constructor's result
passed straight into a Go call that only borrows it (`img.Resize(toHWC(t))`) and never
kept is flagged like a C temporary.

A path does not leak when the handle is released (directly or by a `defer`, also of a
closure), when it takes the failure branch that tests the handle or the acquisition's
error or status right after the acquisition (`if model == nil { return }`,
`if err != nil { return err }`, `if rc != C.cudaSuccess { return }`, or through a
package predicate such as `if st := C.x_create(&h); !ok(st)` with `func ok(s C.status)
bool { return s == C.OK }`), when it ends in
a terminal call (`panic`, `os.Exit`, `log.Fatal`), or when ownership moves elsewhere:
the handle is returned (also inside a struct), assigned to a named result, stored in
a field, global, map, slice or channel, passed to a stealing C function such as
`PyTuple_SetItem`, or passed to a Go function whose summary releases, keeps or
hands it on (a function whose source is not on disk takes ownership). Passing it to a
Go function that only reads it (its summary *borrows* it), or to ordinary C functions,
is use; passing it
to a preamble wrapper that hands it to `free` (`sqlite3_result_text(ctx, s, n, &free)`)
or to a C call that also gets a freeing callback (`(*[0]byte)(C.destructor)`) hands it
to C. A release may take the handle's address: `C.x_vec_delete(&v)` releases a `v`
filled by `C.x_vec_new(&v, ...)`, and the message and fix use that form. One failure
test after an `if`/`else` whose branches each acquire (`if c { h, err = NewA() } else
{ h, err = NewB() }`) is the failure branch of both.

Not acquisitions, whatever their names say: calls whose declared result (in the cgo
preamble or a header present in the tree: `#include "x.h"` next to the file, or in a
directory a `#cgo CFLAGS: -I${SRCDIR}/...` line names) is a status or a struct by
value, calls whose result is compared with a constant right away (`if rv :=
C.x_create(...); rv != C.X_OK`), results the code only reads fields of (`r.pts`), and
a status call filling `&v` when no release of `v` exists anywhere in the package.

Not leaks either: a handle passed to a C function whose declaration marks the
parameter `own` (the wasm-c-api convention) or to one that builds another handle from
a named-convention handle (`x_as_middleware(x_new())` may own it); a `defer` release
registered before the handle is filled (`defer C.v_delete(&v)` then `C.v_new(&v, n)`);
an object made once in `main` of a command, outside any loop (the process exit releases
it); a Go constructor's handle the package records in a package-level table it empties
again elsewhere (`handles[p] = v` with a `deleteHandles` that frees them).

It also flags a handle stored into a struct field when nothing in the package ever
releases that field and no finalizer is registered for the struct type, unless every
value of that type is a package-level variable (a cache built once for the process).

## Why is this bad?
The Go garbage collector does not see memory owned by C libraries, CUDA or the Python
interpreter. A model, interpreter, tensor or device buffer that is never released
stays allocated for the life of the process; in a server every request that takes
the leaking path adds another copy, until the process runs out of host or GPU memory.

## Example
```go
func load(buf []byte) error {
	model := C.tflite_model_create_from_buffer(unsafe.Pointer(&buf[0]), C.size_t(len(buf)))
	if model == nil {
		return errNoModel
	}
	if C.tflite_model_validate(model) != 0 {
		return errBadModel // model leaks here
	}
	C.tflite_model_delete(model)
	return nil
}
```

## How to fix
Release the handle on every path, usually with `defer` right after the failure check:
```go
func load(buf []byte) error {
	model := C.tflite_model_create_from_buffer(unsafe.Pointer(&buf[0]), C.size_t(len(buf)))
	if model == nil {
		return errNoModel
	}
	defer C.tflite_model_delete(model)
	if C.tflite_model_validate(model) != 0 {
		return errBadModel
	}
	return nil
}
```
When the function neither releases nor hands over the handle anywhere, the finding offers a fix that inserts
that `defer`. The fix is unsafe (never applied by `--fix` alone, only with
`--unsafe-fixes`, and offered to editors): if the handle is meant to outlive the
function through a route the analysis cannot see, deferring the release frees it too
early. In a loop a `defer` would wait for the function to return, so the fix inserts the
release at the end of the block that made the handle instead, and only when no
`continue`, `break`, `return` or `goto` after the acquisition can skip that end.

## Options
- `resources.extra`: extra acquire/release pairs, e.g.
  `extra = [{acquire = "mylib_open", release = "mylib_close"}]`; Go bindings take
  `package` and `release-method` instead of `release`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

from msgspec import Struct

from golint_ai.diagnostics import Applicability, Edit, Fix
from golint_ai.golang.blocks import after_trailing_comment, closing_brace_line_start, enclosing_loop, jumps_out_after
from golint_ai.golang import inputs
from golint_ai.golang.imports import add_import_edit, call_arguments, callee_node, newline_of
from golint_ai.leaks.ownership import Fate, Ownership, Releases, passes_destructor
from golint_ai.leaks.resources import address_of as _address_of
from golint_ai.golang.parse import whole_word
from golint_ai.golang.paths import Guard, condition_parts
from golint_ai.golang.query import compile_query
from golint_ai.golang.scope import assignment_of
from golint_ai.golang.walk import FUNCTION_TYPES, descendants, enclosing_function, is_within, text, unparen
from golint_ai.knowledge import per_knowledge
from golint_ai.registry import FixAvailability, Level, Precision, Rule

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.diagnostics import Diagnostic
    from golint_ai.golang.scope import Binding
    from golint_ai.knowledge import Knowledge
    from golint_ai.settings import Settings

# Every call, also ``pkg.F[T](x)`` (parsed as a conversion to a generic type).
_CALLS = compile_query(
    """
    (call_expression function: [(identifier) (selector_expression) (index_expression) (parenthesized_expression)]) @call
    (type_conversion_expression type: (generic_type)) @call
    """
)
_ERROR_LIKE = re.compile(r"(?i)err|msg|message|status")


def _may_acquire(ctx: "FileContext", call: "Node") -> bool:
    """A cheap test before asking for a summary: the callee's package (this one, or the
    imported one a ``pkg.F`` call names) declares a function of that name that can
    reach cgo or a Go binding and returns something that may hold it (bytes only)."""
    from golint_ai.golang.world import resolve_import
    from golint_ai.leaks.resources import native_constructors

    name = _callee_name(call)
    if name is None:
        return False
    fn = unparen(callee_node(call))
    if fn.type == "selector_expression":
        q = ctx.qualified_callee(call)
        if q is not None:
            target = resolve_import(q[0], ctx.package.directory)
            return target is not None and name in native_constructors(target, ctx.settings)
        return name in _native_constructor_names(ctx)  # x.M(): a method of some type in scope
    if name in native_constructors(ctx.package.directory, ctx.settings):
        return True
    for path in ctx.imports.dot:  # import . "pkg"
        target = resolve_import(path, ctx.package.directory)
        if target is not None and name in native_constructors(target, ctx.settings):
            return True
    return False


def _native_scope(ctx: "FileContext") -> list[str]:
    """This package's directory and the directories of its file's imports."""
    from golint_ai.golang.world import resolve_import

    dirs = [ctx.package.directory]
    for path in sorted(ctx.imports.paths):
        target = resolve_import(path, ctx.package.directory) if path != "C" else None
        if target is not None:
            dirs.append(target)
    return dirs


def _native_constructor_names(ctx: "FileContext") -> frozenset[str]:
    """Names that may be constructors, over :func:`_native_scope`."""
    from golint_ai.leaks.resources import native_constructors

    cache = ctx.file.__dict__.setdefault("_native_constructor_names", {})
    key = id(ctx.settings.knowledge)
    if key not in cache:
        cache[key] = frozenset().union(*(native_constructors(d, ctx.settings) for d in _native_scope(ctx)))
    return cache[key]


def _callee_package(call: "Node") -> str | None:
    """``pkg`` of a ``pkg.F(...)`` call as written (not checked against imports)."""
    fn = unparen(callee_node(call))
    if fn is not None and fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        return text(operand) if operand is not None and operand.type == "identifier" else None
    if fn is not None and fn.type == "qualified_type":
        return text(fn.child_by_field_name("package"))
    return None


@lru_cache(maxsize=64)
def _package_selector(package: str) -> "re.Pattern[bytes]":
    """``package.`` as a selector's operand, blanks allowed before the dot."""
    return re.compile(whole_word(package.encode()) + rb"\s*\.")


def _callee_name(call: "Node") -> str | None:
    fn = unparen(callee_node(call))
    if fn is None:
        return None
    if fn.type == "identifier":
        return text(fn)
    if fn.type == "selector_expression":
        return text(fn.child_by_field_name("field"))
    if fn.type == "qualified_type":
        return text(fn.child_by_field_name("name"))
    if fn.type == "type_identifier":
        return text(fn)
    return None


_DIRECTORY_CONSTRUCTORS: dict[tuple[str, int], bool] = {}
_IMPORT_CONSTRUCTORS: dict[tuple[str, str, int], bool] = {}


def _import_constructors(directory: str, path: str, settings: "Settings") -> bool:
    """Whether the import ``path`` (of a file of ``directory``) declares a possible constructor."""
    from golint_ai.golang.world import resolve_import
    from golint_ai.leaks.resources import native_constructors

    key = (directory, path, id(settings.knowledge))
    if key not in _IMPORT_CONSTRUCTORS:
        target = resolve_import(path, directory) if path != "C" else None
        _IMPORT_CONSTRUCTORS[key] = target is not None and bool(native_constructors(target, settings))
    return _IMPORT_CONSTRUCTORS[key]


def _directory_imports_constructors(directory: str, settings: "Settings") -> bool:
    """Whether some import of some file of ``directory`` declares a possible constructor."""
    from golint_ai.golang.world import directory_imports, directory_imports_reach
    from golint_ai.leaks.resources import native_imports

    key = (directory, id(settings.knowledge))
    if key not in _DIRECTORY_CONSTRUCTORS:
        # An import that reaches nothing native declares no constructor: most packages
        # are answered by one memoised question, without resolving each import.
        _DIRECTORY_CONSTRUCTORS[key] = directory_imports_reach(directory, native_imports(settings)) and any(
            _import_constructors(directory, p, settings) for p in sorted(directory_imports(directory))
        )
    return _DIRECTORY_CONSTRUCTORS[key]


@per_knowledge
def _go_package_needles(k: "Knowledge") -> tuple[bytes, ...]:
    """The tables' Go binding packages as bytes."""
    return tuple(sorted(p.encode() for p in k.resources.go_packages))


# A cgo import: `import "C"`, or "C" alone on a line of an import block.
_IMPORTS_C = re.compile(rb'(?m)^[ \t]*(?:import[ \t]+)?"C"[ \t]*(?://.*)?\r?$')
_CANDIDATE_NAMES: dict[tuple, tuple[bytes, ...]] = {}
inputs.per_job(_DIRECTORY_CONSTRUCTORS.clear)
inputs.per_job(_IMPORT_CONSTRUCTORS.clear)
inputs.per_job(_CANDIDATE_NAMES.clear)

_STATUS_NAMES = frozenset({"rc", "ret", "res", "status", "st", "code", "err", "errno", "result", "ok", "r", "e", "cerr", "stat"})


class _Acquisition(Struct, dict=True):
    """One acquisition GAI301 follows: the call, the handle it fills or returns, and how to release it."""

    call: "Node"
    callee: str  # as written for messages: C.name or pkg.Name
    handle: "Node"  # identifier or selector receiving the handle
    releases: frozenset[str]  # C function names that release
    release_method: str | None  # Go binding method that releases
    release_text: str  # what to call, with the handle filled in
    status: "Node | None" = None  # identifier holding the error/status of the call
    go_binding: bool = False


class NativeResourceLeak(Rule):
    code = "GAI301"
    name = "native-resource-leak"
    level = Level.WARNING
    precision = Precision.HIGH
    tags = ("native-memory", "cgo", "cuda")
    fix_availability = FixAvailability.SOMETIMES
    triggers = (b'"C"',)
    per_function = True

    def is_candidate(self, data: bytes, settings: "Settings") -> bool:
        if b'"C"' in data and _IMPORTS_C.search(data):
            return True
        return any(p in data for p in _go_package_needles(settings.knowledge))

    def is_candidate_in(self, data: bytes, settings: "Settings", directory: str) -> bool:
        """Also files calling a Go wrapper that may hand out a native resource, declared
        in their own package or an import of theirs (bytes only)."""
        if self.is_candidate(data, settings):
            return True
        from golint_ai.golang.world import calls_any, directory_imports, import_paths, resolve_import
        from golint_ai.leaks.resources import native_constructors

        own = native_constructors(directory, settings)
        paths = tuple(import_paths(data))
        if not own and not _directory_imports_constructors(directory, settings):
            # Imports of the package's other files hand out nothing; a test file's own do?
            shared = directory_imports(directory)
            if not any(_import_constructors(directory, p, settings) for p in paths if p not in shared):
                return False  # nothing this package or its files import can hand out a resource
        key = (directory, paths, id(settings.knowledge))
        names = _CANDIDATE_NAMES.get(key)
        if names is None:
            found = set(native_constructors(directory, settings))
            for path in paths:
                target = resolve_import(path, directory) if path != "C" else None
                if target is not None:
                    found |= native_constructors(target, settings)
            names = _CANDIDATE_NAMES[key] = tuple(n.encode() for n in sorted(found))
        return calls_any(data, names)

    def check(self, ctx: "FileContext") -> Iterator["Diagnostic"]:
        go_packages = ctx.knowledge.resources.go_packages
        # Names under which this file calls C or a Go binding of the tables directly.
        direct = {name for name, path in ctx.imports.by_name.items() if path in go_packages}
        if ctx.imports.cgo:
            direct.add("C")
        names = _native_constructor_names(ctx)
        # Every call worth a look spells a constructor's name or `pkg.` of a direct package.
        near = tuple(n.encode() for n in sorted(names)) + tuple(_package_selector(p) for p in sorted(direct))
        for m in ctx.matches(_CALLS, near=near):
            call = m["call"][0]
            if _callee_name(call) not in names and _callee_package(call) not in direct:
                continue  # neither a C or binding call nor a Go wrapper that can acquire
            if ctx.file.in_broken_code(call):
                continue
            acq = self._acquisition(ctx, call)
            if acq is None:
                diag = self._temporary(ctx, call)
                if diag is not None:
                    yield diag
                continue
            diag = self._check_acquisition(ctx, acq)
            if diag is not None:
                yield diag

    def _temporary(self, ctx: "FileContext", call: "Node") -> "Diagnostic | None":
        """An acquisition whose result goes straight into an ordinary C call
        (``C.use(C.CString(s))``): nothing can ever release it."""
        name = ctx.c_name(call)
        if name is None:
            return self._go_temporary(ctx, call)
        resources = ctx.knowledge.resources
        info = resources.classify_c(name)
        if info is None or info.out_param is not None:
            return None
        if info.by_naming and not ctx.package.cgo.returns_handle(name):
            return None  # only when the preamble or a header says it returns a handle
        value = _outer_value(call)
        args = value.parent
        consumer = args.parent if args is not None and args.type == "argument_list" else None
        if consumer is None or consumer.type != "call_expression":
            return None
        target = ctx.c_name(consumer)
        position = [a.id for a in args.named_children].index(value.id)
        if target is None or target in info.releases or resources.steals(target, position):
            return None  # a Go function may take ownership; a release or a steal is fine
        if ctx.package.cgo.hands_over(target, position) or passes_destructor(ctx, consumer):
            return None  # the C side frees it: a wrapper calling free, or a destructor callback
        if info.by_naming and ctx.package.cgo.returns_handle(target) is True:
            return None  # `x_as_y(x_new())`: an object built from another may well own it
        template = info.release_call or f"C.{self._suggest_release(ctx, info)}({{handle}})"
        release = _with_unsafe_name(ctx, template.replace("{handle}", "v"))
        msg = (
            f"the result of C.{name} (line {ctx.line(call)}) goes straight into C.{target} and is never released; "
            f"keep it in a variable `v` and call {release} after the call"
        )
        return ctx.diagnostic(self.code, msg, call, related=[(consumer, f"C.{name}'s result is only passed here")])

    def _go_temporary(self, ctx: "FileContext", call: "Node") -> "Diagnostic | None":
        """A constructor's result passed straight into a Go call that only borrows it
        (``img.Resize(toHWC(t))``): nothing keeps it, so nothing releases it."""
        from golint_ai.leaks.summaries import argument_index, call_summary

        value = _outer_value(call)
        args = value.parent
        consumer = args.parent if args is not None and args.type == "argument_list" else None
        if consumer is None or consumer.type != "call_expression" or ctx.c_name(consumer) is not None:
            return None
        if not _may_acquire(ctx, call):
            return None
        found = call_summary(ctx, call)
        acquired = found[0].acquired(0) if found is not None else None
        if acquired is None or acquired.gc_backed or _result_count(found[1]) != 1:
            return None
        used = call_summary(ctx, consumer)
        if used is None:
            return None  # an unknown callee may keep it (v2's default)
        index = argument_index(consumer, used[1], value)
        if index is None or index not in used[0].borrows:
            return None
        release = _with_unsafe_name(ctx, acquired.release.text("v"))
        made, into = text(callee_node(call)), text(callee_node(consumer))
        msg = (
            f"the result of {made} (line {ctx.line(call)}) goes straight into {into}, which only borrows it, "
            f"and is never released; keep it in a variable `v` and call {release} after the call"
        )
        return ctx.diagnostic(self.code, msg, call, related=[(consumer, f"{made}'s result is only passed here")])

    # -- what was acquired, and into what ------------------------------------------
    def _constructor(self, ctx: "FileContext", call: "Node") -> _Acquisition | None:
        """A call of a Go function or method whose summary acquires: it returns a fresh
        native resource (a raw handle or a value of a resource type) that the caller owns."""
        from golint_ai.leaks.summaries import call_summary

        if not _may_acquire(ctx, call):
            return None
        handle, status = self._result_target(call)
        if handle is None:
            return None  # a result not kept (a temporary is judged elsewhere)
        found = call_summary(ctx, call)
        acquired = found[0].acquired(0) if found is not None else None
        if acquired is None or acquired.gc_backed:
            return None
        release = acquired.release
        return _Acquisition(
            call=call,
            callee=text(callee_node(call)),
            handle=handle,
            releases=release.c_names,
            release_method=release.method,
            release_text=_with_unsafe_name(ctx, release.text(text(handle))),
            status=status,
            go_binding=release.method is not None,
        )

    def _acquisition(self, ctx: "FileContext", call: "Node") -> _Acquisition | None:
        q = ctx.qualified_callee(call)
        if q is None:
            return self._constructor(ctx, call)
        path, name = q
        resources = ctx.knowledge.resources
        arg_nodes = call_arguments(call)
        if path == "C":
            info = resources.classify_c(name)
            if info is None:
                return None
            result_target, status_target = self._result_target(call)
            handle = None
            status = None
            if info.out_param is not None:
                if info.out_param < len(arg_nodes):
                    handle = _address_of(arg_nodes[info.out_param])
                status = result_target
            elif info.by_naming:
                out_arg = next((a for a in (_address_of(a) for a in arg_nodes) if a is not None), None)
                if out_arg is not None and _ERROR_LIKE.search(text(out_arg)):
                    out_arg = None  # `&cErr`, `&errmsg`: an error report, not a handle
                declared = ctx.package.cgo.returns_handle(name)
                result_is_handle = declared is None or declared
                if out_arg is not None and (not result_is_handle or result_target is None or _looks_like_status(ctx, call, result_target)):
                    if not any(ctx.package.cgo.mentions(r) for r in info.releases):
                        return None  # a status call filling `&v`, and no release of it exists anywhere
                    handle, status = out_arg, result_target
                elif result_is_handle:
                    if result_target is not None and _compared_with_constant(ctx, call, result_target):
                        return None  # `if rv := C.x_create(...); rv != C.X_OK`: a status code
                    handle, status = result_target, status_target
            else:
                handle, status = result_target, status_target
            if handle is None:
                return None
            if status is None and handle is not result_target:
                status = _wrapped_status(call)  # err := check(C.cuMemAlloc(&p, n))
            suggested = self._suggest_release(ctx, info)
            template = info.release_call or f"C.{suggested}({{handle}})"
            handle_text = text(handle)
            if info.by_naming and handle is not result_target and _released_by_address(ctx, handle, suggested):
                handle_text = "&" + handle_text  # `C.x_vec_new(&v, n)` ... `C.x_vec_delete(&v)`
            return _Acquisition(
                call=call,
                callee=f"C.{name}",
                handle=handle,
                releases=info.releases,
                release_method=None,
                release_text=_with_unsafe_name(ctx, template.replace("{handle}", handle_text)),
                status=status,
            )
        fam = resources.go_family(path, name) if path != "C" else None
        if fam is None:
            return self._constructor(ctx, call)
        handle, status = self._result_target(call)
        if handle is None:
            return None
        return _Acquisition(
            call=call,
            callee=text(callee_node(call)),
            handle=handle,
            releases=frozenset(),
            release_method=fam.release_method,
            release_text=f"{text(handle)}.{fam.release_method}()",
            status=status,
            go_binding=True,
        )

    def _result_target(self, call: "Node") -> tuple["Node | None", "Node | None"]:
        """The left-hand side receiving the call's first result, and its second (error)
        when the call is the only value; in a parallel assignment (``a, b := f(), g()``)
        the target at the call's position."""
        a = assignment_of(_outer_value(call))
        if a is None:
            return None, None
        first = unparen(a.target)
        if first is None or text(first) == "_":
            return None, None
        second = None
        if len(a.values) == 1 and len(a.targets) > 1 and a.targets[1].type == "identifier" and text(a.targets[1]) != "_":
            second = a.targets[1]
        return first, second

    def _suggest_release(self, ctx: "FileContext", info) -> str:
        if not info.by_naming:
            return info.suggested
        # A candidate the package declares or calls (as a whole name: TF_Delete is not
        # mentioned by TF_DeleteGraph).
        for candidate in sorted(info.releases, key=lambda r: (r != info.suggested, len(r), r)):
            pattern = re.compile(rb"\b" + re.escape(candidate.encode()) + rb"\s*\(")
            if any(candidate.encode() in f.data and pattern.search(f.data) for f in ctx.package.files):
                return candidate
        return info.suggested

    # -- does it leak? ----------------------------------------------------------------
    def _check_acquisition(self, ctx: "FileContext", acq: _Acquisition) -> "Diagnostic | None":
        func = enclosing_function(acq.call)
        if func is None:
            return None
        scopes = ctx.scopes(func)
        resources = ctx.knowledge.resources
        releases = Releases(
            # The paired release, or any C function whose name reads as a release.
            c_names=(lambda n: n in acq.releases or resources.is_release_name(n)) if not acq.go_binding else resources.is_release_name,
            methods=(lambda n: n == acq.release_method) if acq.go_binding else (lambda n: False),
            c_steals=resources.steals,
            c_hands_over=ctx.package.cgo.hands_over,
        )
        own = Ownership(ctx, scopes, releases)
        handle = unparen(acq.handle)
        line = ctx.line(acq.call)
        if handle.type == "selector_expression":
            field = text(handle.child_by_field_name("field"))
            return self._field_store(ctx, acq, field, handle, line)
        if handle.type != "identifier":
            return None  # map/slice element, *p: ownership is elsewhere
        binding = scopes.resolve(handle)
        if binding is None or binding.function.id != func.id or binding.kind in ("result", "param", "receiver"):
            return None  # global, captured, named result or parameter: transferred
        if not acq.go_binding and _only_fields_read(binding):
            return None  # `r := C.X_Create(...)`, then only `r.pts`, `r.size`: a struct by value, no handle
        # A store into a field that nothing releases is a leak whatever the paths do.
        for eff in own.effects_in(func.child_by_field_name("body"), binding):
            if eff.fate == Fate.FIELD_STORE and eff.field is not None:
                diag = self._field_store(ctx, acq, eff.field, eff.node, line)
                if diag is not None:
                    return diag
        if _released_by_earlier_defer(own, func, binding, acq.call):
            return None  # `defer C.x_delete(&v)` registered before `v` is filled
        if _process_lifetime(ctx, func, acq.call):
            return None  # made once in main: it lives until the process exits
        flow = ctx.flow(func)
        start = flow.node_for(acq.call)
        if start is None:
            return None
        status = scopes.resolve(acq.status) if acq.status is not None else None
        failure_conds = _failure_conditions(acq.call, flow)
        statuses = _derived_statuses(ctx, acq.call, status, failure_conds)

        def stops(node) -> bool:
            if node.ast is None:
                return False
            eff = own.fate_in(node.ast, binding)
            return eff is not None and eff.fate >= Fate.FIELD_STORE

        def prunes(guard: Guard) -> bool:
            return _is_failure_edge(ctx, guard, binding, statuses, acq, failure_conds)

        # Only statements holding a reference to the handle can stop its paths.
        holding = flow.nodes_holding([r for r in binding.refs if r.id != binding.ident.id])
        exits = flow.leaking_exits(start, stops=stops, prunes=prunes, candidates=holding)
        if not exits:
            return None
        leak = exits[0]
        exit_line = flow.exit_line(leak)
        where = f"returning at line {exit_line}" if leak.id != flow.end else f"reaching the end of the function at line {exit_line}"
        msg = (
            f"`{binding.name}` from {acq.callee} (line {line}) is not released on the path {where}; "
            f"call {acq.release_text}"
        )
        exit_node = leak.ast if leak.id != flow.end else _closing_brace(leak.ast)
        related = [(exit_node, f"`{binding.name}` leaks on this path")] if exit_node is not None else []
        fix = self._fix(ctx, acq, binding, own, func, statuses)
        return ctx.diagnostic(self.code, msg, acq.call, related=related, fix=fix)

    def _field_store(self, ctx: "FileContext", acq: _Acquisition, field: str, store: "Node", line: int) -> "Diagnostic | None":
        index = ctx.index
        owners = index.structs_with_field(field)
        known = _holder_type(ctx, store, field)
        if known is not None and known in owners:
            owners = [known]  # `k.kernel = ...` with `k *gpuKernel`: that struct, not every struct with the field
        if not owners:
            return None  # not a struct of this package: cannot tell
        if any(t in index.finalizer_types for t in owners):
            return None
        if all(index.only_package_level_values(t) for t in owners):
            return None  # every value is a package-level singleton: the handle lives as long as the process
        is_release = ctx.knowledge.resources.is_release_name
        if field in index.fields_released(is_release):
            return None
        owner = owners[0]
        msg = (
            f"`{text(acq.handle)}` from {acq.callee} (line {line}) is stored in field `{field}` of `{owner}` "
            f"(line {ctx.line(store)}), but nothing in the package releases `{field}` and `{owner}` has no finalizer; "
            f"release it in a Close method"
        )
        return ctx.diagnostic(self.code, msg, acq.call, related=[(store, f"stored in `{owner}.{field}` here")])

    def _fix(self, ctx: "FileContext", acq: _Acquisition, binding: "Binding", own: Ownership, func: "Node", statuses) -> Fix | None:
        """``defer <release>`` after the failure check, when the function neither releases
        nor hands over the handle anywhere."""
        body = func.child_by_field_name("body")
        if any(e.fate != Fate.USE for e in own.effects_in(body, binding)):
            return None  # released or handed over somewhere: a defer would free it twice or too early
        if "C." in acq.release_text and not ctx.imports.cgo:
            return None  # a C release, in a file that cannot call C
        stmt = acq.call
        while stmt.parent is not None and stmt.parent.type != "statement_list":
            stmt = stmt.parent
        if stmt.parent is None or stmt.type == "if_statement":
            return None
        anchor = stmt
        nxt = next_statement(stmt)
        if nxt is not None and nxt.type == "if_statement":
            cond = nxt.child_by_field_name("condition")
            if cond is not None and _is_failure_edge(ctx, Guard(cond, True), binding, statuses, acq, {cond.id}):
                anchor = nxt
        line0 = stmt.start_point[0]
        raw = ctx.file.source.line_bytes(line0)
        indent = raw[: len(raw) - len(raw.lstrip(b" \t"))].decode("utf-8", errors="replace")
        path = ctx.file.source.display
        nl = newline_of(ctx.file.data, stmt.start_byte)
        if enclosing_loop(stmt) is not None:
            # A `defer` in a loop runs only when the function returns: release at the end
            # of the block instead, when every path through the block reaches its end.
            block = stmt.parent.parent if stmt.parent.parent is not None else stmt.parent
            if block.type != "block" or not is_within(binding.ident, block):
                return None  # declared outside the block: a later use would see it released
            if jumps_out_after(block, stmt.start_byte, ignore=anchor if anchor is not stmt else None) is not None:
                return None  # a continue, break, return or goto would skip the release
            at = closing_brace_line_start(ctx.file.data, block)
            if at is None:
                return None
            edits = [Edit(path, at, at, f"{indent}{acq.release_text}{nl}")]
            title = f"Add `{acq.release_text}` at the end of the loop body"
        else:
            at = after_trailing_comment(ctx.file.data, anchor.end_byte)
            edits = [Edit(path, at, at, f"{nl}{indent}defer {acq.release_text}")]
            title = f"Add `defer {acq.release_text}`"
        if "unsafe." in acq.release_text:
            add = add_import_edit(ctx.root, ctx.file.data, path, "unsafe", ctx.file.imports)
            if add is not None:
                edits.insert(0, add)
        return Fix(
            title=title,
            edits=tuple(edits),
            applicability=Applicability.UNSAFE,
        )


# -- helpers -------------------------------------------------------------------------
def _released_by_earlier_defer(own: Ownership, func: "Node", binding: "Binding", call: "Node") -> bool:
    """A ``defer`` releasing the handle registered before the acquisition, in a block
    that encloses it (``var v T; defer C.v_delete(&v); if n > 0 { C.v_new(&v, n) }``):
    the deferred release runs after it on every path."""
    for ref in binding.refs:
        if ref.start_byte >= call.start_byte:
            continue
        stmt = ref.parent
        while stmt is not None and stmt.type != "defer_statement" and stmt.type not in FUNCTION_TYPES:
            stmt = stmt.parent
        if stmt is None or stmt.type != "defer_statement" or stmt.parent is None or not is_within(call, stmt.parent):
            continue
        effect = own.fate_in(stmt, binding)
        if effect is not None and effect.fate == Fate.RELEASE:
            return True
    return False


def _process_lifetime(ctx: "FileContext", func: "Node", call: "Node") -> bool:
    """An acquisition made once in ``main`` of a command (not in a loop): the process
    exit releases it."""
    if ctx.package.name != "main" or func.type != "function_declaration" or text(func.child_by_field_name("name")) != "main":
        return False
    n = call.parent
    while n is not None and n.id != func.id:
        if n.type in ("for_statement", "func_literal"):
            return False
        n = n.parent
    return True


def _result_count(callee) -> int:
    result = callee.decl.node.child_by_field_name("result")
    if result is None:
        return 0
    if result.type != "parameter_list":
        return 1
    return sum(max(1, len(p.children_by_field_name("name"))) for p in result.named_children if p.type == "parameter_declaration")


def _outer_value(node: "Node") -> "Node":
    """Climb from an expression through parentheses and conversions wrapping it:
    ``(*C.float)(C.malloc(n))`` carries the malloc'd pointer."""
    while node.parent is not None:
        parent = node.parent
        if parent.type in ("parenthesized_expression", "type_conversion_expression"):
            node = parent
            continue
        if parent.type == "argument_list" and parent.named_child_count == 1 and parent.parent is not None:
            call = parent.parent
            fn = call.child_by_field_name("function")
            if fn is not None and (fn.type == "parenthesized_expression" or text(fn) == "unsafe.Pointer"):
                node = call
                continue
        return node
    return node


def _with_unsafe_name(ctx: "FileContext", release: str) -> str:
    """Spell ``unsafe.`` the way the file imports it (``import u "unsafe"``)."""
    name = ctx.imports.name_of("unsafe")
    return release.replace("unsafe.", f"{name}.") if name and name != "unsafe" else release


def next_statement(node: "Node") -> "Node | None":
    """The statement after ``node`` in its block, skipping comments."""
    nxt = node.next_named_sibling
    while nxt is not None and nxt.type == "comment":
        nxt = nxt.next_named_sibling
    return nxt


def _holder_type(ctx: "FileContext", store: "Node", field: str) -> str | None:
    """The package type whose ``field`` a store writes, from the declared type of the
    variable it goes through (``k.kernel = ...`` with ``k *gpuKernel``)."""
    from golint_ai.golang.index import type_name

    target = store
    if store.type in ("assignment_statement", "short_var_declaration"):
        left = store.child_by_field_name("left")
        target = next((t for t in (left.named_children if left is not None else []) if t.type == "selector_expression"
                       and text(t.child_by_field_name("field")) == field), None)
    if target is None or target.type != "selector_expression":
        return None
    from golint_ai.golang.gotypes import type_of_binding

    operand = unparen(target.child_by_field_name("operand"))
    b = ctx.scopes(operand).resolve(operand) if operand is not None and operand.type == "identifier" else None
    st = type_of_binding(ctx, b) if b is not None else None
    if st is None:
        return None
    return st.text.lstrip("*").split("[", 1)[0] if st.node is None else type_name(st.node)


def _released_by_address(ctx: "FileContext", handle: "Node", release: str) -> bool:
    """Whether an out-parameter handle is released through its address: the package
    writes ``C.<release>(&...)`` somewhere, or the variable holds a C value (``var v
    C.wasm_byte_vec_t``), not a pointer."""
    if re.search(rb"\b" + re.escape(release.encode()) + rb"\s*\(\s*&", b"".join(f.data for f in ctx.package.files if release.encode() in f.data)):
        return True
    h = unparen(handle)
    b = ctx.scopes(h).resolve(h) if h is not None and h.type == "identifier" else None
    t = b.type_node if b is not None else None
    return t is not None and t.type == "qualified_type" and text(t.child_by_field_name("package")) == "C"


def _compared_with_constant(ctx: "FileContext", call: "Node", target: "Node") -> bool:
    """Whether the variable receiving a call's result is compared right away with a
    constant other than nil (``rv != C.SQLITE_OK``, ``rc == 0``): a status code."""
    stmt = call
    while stmt.parent is not None and stmt.parent.type != "statement_list" and stmt.type != "if_statement":
        stmt = stmt.parent
    nxt = stmt if stmt.type == "if_statement" else next_statement(stmt)
    if nxt is None or nxt.type != "if_statement":
        return False
    cond = nxt.child_by_field_name("condition")
    name = text(target)
    for part in (condition_parts(cond, "||") + condition_parts(cond, "&&")) if cond is not None else []:
        if part.type != "binary_expression" or part.child_by_field_name("operator").type not in ("==", "!=", "<", ">", "<=", ">="):
            continue
        left, right = unparen(part.child_by_field_name("left")), unparen(part.child_by_field_name("right"))
        for a, b in ((left, right), (right, left)):
            if a is not None and b is not None and text(a) == name and _is_constant(b):
                return True
    return False


def _is_constant(node: "Node") -> bool:
    """An integer literal or a C constant (``C.SQLITE_OK``, ``C.int(0)``); never nil."""
    if node.type == "int_literal":
        return True
    t = text(node)
    return bool(re.fullmatch(r"C\.[A-Z][A-Z0-9_]*|C\.\w+\(\s*-?\d+\s*\)|-\d+", t))


def _looks_like_status(ctx: "FileContext", call: "Node", target: "Node") -> bool:
    """Whether the variable receiving a call's result is used as a status code."""
    if text(target) in _STATUS_NAMES:
        return True
    stmt = call
    while stmt.parent is not None and stmt.parent.type != "statement_list" and stmt.type != "if_statement":
        stmt = stmt.parent
    nxt = stmt if stmt.type == "if_statement" else next_statement(stmt)
    if nxt is None or nxt.type != "if_statement":
        return False
    cond = nxt.child_by_field_name("condition")
    name = text(target)
    for part in condition_parts(cond, "||") + condition_parts(cond, "&&") if cond is not None else []:
        if part.type == "binary_expression":
            left, right = part.child_by_field_name("left"), part.child_by_field_name("right")
            if text(left) == name and text(right) not in ("nil",) or text(right) == name and text(left) not in ("nil",):
                return True
    return False


def _wrapped_status(call: "Node") -> "Node | None":
    """The variable receiving a status that wraps the call: ``err := check(C.f(&p))``."""
    node = _outer_value(call)
    args = node.parent
    if args is None or args.type != "argument_list" or args.parent is None or args.parent.type != "call_expression":
        return None
    a = assignment_of(_outer_value(args.parent))
    target = unparen(a.target) if a is not None else None
    return target if target is not None and target.type == "identifier" and text(target) != "_" else None


def _derived_statuses(ctx: "FileContext", call: "Node", status, failure_conds: set[int]) -> set:
    """The acquisition's status and the statuses derived from it right away
    (``x := C.f(&p); err := toError(x); if err != nil {...}``); each derivation's next
    ``if`` also counts as testing the acquisition right away."""
    statuses = {status} if status is not None else set()
    stmt = call
    while stmt.parent is not None and stmt.parent.type != "statement_list":
        stmt = stmt.parent
    # `cSess := C.TF_NewSession(g, opts, st.c); if err := st.Err(); err != nil {...}`: an
    # error read right away from an argument the call was handed (a status out-argument).
    nxt = next_statement(stmt) if stmt.parent is not None else None
    if nxt is not None and nxt.type == "if_statement":
        init = nxt.child_by_field_name("initializer")
        handed = _argument_roots(ctx, call)
        if init is not None and init.type in ("short_var_declaration", "assignment_statement") and handed:
            right, left = init.child_by_field_name("right"), init.child_by_field_name("left")
            scopes = ctx.scopes(init)
            if right is not None and any(scopes.resolve(r) in handed for r in _identifiers(right)):
                first = unparen(left.named_children[0]) if left is not None and left.named_child_count else None
                derived = scopes.resolve(first) if first is not None and first.type == "identifier" else None
                if derived is not None:
                    statuses.add(derived)
    for _ in range(2):
        if not statuses or stmt.parent is None:
            break
        nxt = next_statement(stmt)
        if nxt is None or nxt.type not in ("short_var_declaration", "assignment_statement"):
            break
        right = nxt.child_by_field_name("right")
        left = nxt.child_by_field_name("left")
        scopes = ctx.scopes(nxt)
        reads = right is not None and any(
            scopes.resolve(r) in statuses for r in _identifiers(right)
        )
        first = unparen(left.named_children[0]) if left is not None and left.named_child_count else None
        if not reads or first is None or first.type != "identifier":
            break
        derived = scopes.resolve(first)
        if derived is None:
            break
        statuses.add(derived)
        after = next_statement(nxt)
        if after is not None and after.type == "if_statement":
            cond = after.child_by_field_name("condition")
            if cond is not None:
                failure_conds.add(cond.id)
        stmt = nxt
    return statuses


def _argument_roots(ctx: "FileContext", call: "Node") -> set:
    """Local bindings at the root of the call's arguments (``st`` in ``st.c``, ``&st``)."""
    roots = set()
    scopes = ctx.scopes(call)
    for arg in call_arguments(call):
        node = unparen(arg)
        while node is not None and node.type in ("selector_expression", "unary_expression", "call_expression", "type_conversion_expression"):
            if node.type == "selector_expression":
                node = unparen(node.child_by_field_name("operand"))
            elif node.type == "unary_expression":
                node = unparen(node.child_by_field_name("operand"))
            else:
                inner = call_arguments(node) if node.type == "call_expression" else [node.child_by_field_name("operand")]
                node = unparen(inner[0]) if len(inner) == 1 else None
        if node is not None and node.type == "identifier":
            b = scopes.resolve(node)
            if b is not None:
                roots.add(b)
    return roots


def _identifiers(node: "Node") -> list["Node"]:
    return [n for n in descendants(node) if n.type == "identifier"] + ([node] if node.type == "identifier" else [])


def _failure_conditions(call: "Node", flow) -> set[int]:
    """Conditions that test the acquisition "right away": the condition holding the call,
    the condition of the ``if`` whose initializer holds it, or of the ``if`` right after.
    An acquisition that ends a branch of an ``if``/``else`` (``if c { h, err = NewA() }
    else { h, err = NewB() }``) is tested right away by the ``if`` after that statement."""
    out: set[int] = set()
    node = call
    in_body = False
    while node.parent is not None:
        parent = node.parent
        if parent.type == "if_statement" and not in_body:
            cond = parent.child_by_field_name("condition")
            if cond is not None:
                out.add(cond.id)
            return out
        if parent.type == "statement_list":
            nxt = next_statement(node)
            if nxt is not None:
                if nxt.type == "if_statement":
                    cond = nxt.child_by_field_name("condition")
                    if cond is not None:
                        out.add(cond.id)
                return out
            branch = _enclosing_branch(parent)
            if branch is None:
                return out
            node, in_body = branch, True  # the last statement of a branch: look after the whole if
            continue
        if parent.type in ("func_literal", "function_declaration", "method_declaration"):
            return out
        node = parent
    return out


def _enclosing_branch(statements: "Node") -> "Node | None":
    """The outermost ``if`` statement whose consequence or else-branch is the block
    holding ``statements``; None for any other block."""
    block = statements.parent if statements.type == "statement_list" else statements
    if block is None or block.type != "block":
        return None
    top = block.parent
    if top is None or top.type != "if_statement" or block.id == (top.child_by_field_name("condition") or block).id:
        return None
    while top.parent is not None and top.parent.type == "if_statement" and top.parent.child_by_field_name("alternative") is not None \
            and top.parent.child_by_field_name("alternative").id == top.id:
        top = top.parent
    return top


def _only_fields_read(binding: "Binding") -> bool:
    """Whether every use of the variable reads a field of it (``r.pts``, ``r.size.w``):
    an opaque handle is never dereferenced in Go, a struct returned by value is."""
    uses = [r for r in binding.refs if r.id != binding.ident.id]
    if not uses:
        return False
    for r in uses:
        p = r.parent
        if p is None or p.type != "selector_expression" or p.child_by_field_name("operand") is None or p.child_by_field_name("operand").id != r.id:
            return False
    return True


def _is_failure_edge(ctx, guard: Guard, binding, statuses, acq: _Acquisition, failure_conds: set[int]) -> bool:
    cond = guard.condition
    if cond is None or cond.type in ("expression_case", "type_case", "default_case", "communication_case", "expression_switch_statement", "type_switch_statement"):
        return False
    right_away = cond.id in failure_conds
    parts = condition_parts(cond, "||" if guard.value else "&&")
    for part in parts:
        predicate = _status_predicate(ctx, part)
        if predicate is not None:
            # `!ovOK(st)` with `func ovOK(s C.status) bool { return s == C.OK }`: a test of st.
            arg, const, op, negated = predicate
            left, right = arg, const
            equal_holds = ((op == "==") == (guard.value != negated)) if op in ("==", "!=") else None
        elif part.type == "binary_expression":
            op = part.child_by_field_name("operator").type
            left, right = unparen(part.child_by_field_name("left")), unparen(part.child_by_field_name("right"))
            # On this edge the comparison evaluated to guard.value.
            equal_holds = (op == "==") == guard.value if op in ("==", "!=") else None
        else:
            continue
        if left is None or right is None:
            continue
        for a, b in ((left, right), (right, left)):
            # The handle is nil: nothing to release.
            if equal_holds is True and b.type == "nil" and a.type == "identifier" and ctx.scopes(a).resolve(a) is binding:
                return True
            if not right_away:
                continue
            # The acquisition's error or status says it failed.
            is_status = (
                a.type == "identifier" and ctx.scopes(a).resolve(a) in statuses
            ) or (a.type == "call_expression" and is_within(acq.call, a))  # C.f(&p) != 0, check(C.f(&p)) != nil
            if not is_status:
                continue
            if b.type == "nil":
                if equal_holds is False:  # err != nil
                    return True
            elif equal_holds is False and _is_success_value(b):  # rc != C.cudaSuccess / rc != 0
                return True
            elif equal_holds is True and not _is_success_value(b):  # rc == C.CUDA_ERROR_x
                return True
            elif op in ("<", "<=") and guard.value and a is left:  # rc < 0
                return True
    return False


def _status_predicate(ctx: "FileContext", part: "Node") -> "tuple[Node, Node, str, bool] | None":
    """``f(x)`` or ``!f(x)`` where ``f`` is a function of the package that only compares
    its parameter with a constant (``func ovOK(s C.status) bool { return s == C.OK }``):
    ``(x, the constant, the operator, negated)``."""
    negated = False
    node = unparen(part)
    if node is not None and node.type == "unary_expression" and text(node.child_by_field_name("operator")) == "!":
        negated, node = True, unparen(node.child_by_field_name("operand"))
    if node is None or node.type != "call_expression":
        return None
    fn = unparen(node.child_by_field_name("function"))
    args = call_arguments(node)
    if fn is None or fn.type != "identifier" or len(args) != 1 or ctx.is_local(fn):
        return None
    from golint_ai.golang.index import find_func

    decl = find_func(ctx.package, text(fn))
    body = decl.node.child_by_field_name("body") if decl is not None else None
    params = decl.node.child_by_field_name("parameters") if decl is not None else None
    names = [text(n) for p in (params.named_children if params is not None else []) for n in p.children_by_field_name("name")]
    stmts = [c for c in body.named_children if c.type != "comment"] if body is not None else []
    if len(stmts) == 1 and stmts[0].type == "statement_list":
        stmts = [c for c in stmts[0].named_children if c.type != "comment"]
    if len(names) != 1 or len(stmts) != 1 or stmts[0].type != "return_statement" or not stmts[0].named_child_count:
        return None
    ret = stmts[0].named_children[0]
    ret = unparen(ret.named_children[0]) if ret.type == "expression_list" and ret.named_child_count == 1 else unparen(ret)
    if ret is None or ret.type != "binary_expression":
        return None
    op = ret.child_by_field_name("operator").type
    left, right = unparen(ret.child_by_field_name("left")), unparen(ret.child_by_field_name("right"))
    if op not in ("==", "!=") or left is None or right is None:
        return None
    if left.type == "identifier" and text(left) == names[0] and (_is_constant(right) or _is_success_value(right)):
        return unparen(args[0]), right, op, negated
    if right.type == "identifier" and text(right) == names[0] and (_is_constant(left) or _is_success_value(left)):
        return unparen(args[0]), left, op, negated
    return None


def _is_success_value(node: "Node") -> bool:
    t = text(node)
    tail = t.rsplit(".", 1)[-1]
    return t in ("0", "C.int(0)") or tail.lower().endswith(("success", "_ok", "ok")) or tail in ("CUDA_SUCCESS", "CUBLAS_STATUS_SUCCESS", "CUDNN_STATUS_SUCCESS", "kTfLiteOk", "TF_OK")


def _closing_brace(block: "Node | None") -> "Node | None":
    if block is None:
        return None
    last = block.children[-1] if block.child_count else None
    return last if last is not None and last.type == "}" else block
