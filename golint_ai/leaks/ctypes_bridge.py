"""ctypes bindings to native libraries, and what the Go side of the same tree exports.

``lib.fn.restype = ctypes.c_char_p`` makes ctypes copy the returned C string into a
``bytes`` object and drop the pointer: whatever the library allocated for it can never
be freed. When the library is a Go ``-buildmode=c-shared`` build, a function marked
``//export name`` that returns ``*C.char`` hands out memory ``C.CString`` allocated.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

import libcst as cst
from msgspec import Struct

from golint_ai.golang import inputs
from golint_ai.python.syntax import dotted

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.python.parse import PyFile

_CHAR_P = {"ctypes.c_char_p", "ctypes.wintypes.LPCSTR", "ctypes.wintypes.LPSTR"}
_FREE_WORD = re.compile(r"free|release|dispose|delete|destroy|dealloc", re.I)


class CharPResult(Struct, frozen=True, dict=True):
    """A ``restype = c_char_p`` assignment: ctypes copies the returned C string and drops its pointer."""

    assign: cst.Assign  # `lib.GetName.restype = c_char_p`
    value: cst.BaseExpression  # the c_char_p expression
    function: str  # `GetName`
    binding: str  # `lib.GetName` as written
    library: str | None  # `lib`


class GoExport(Struct, frozen=True, dict=True):
    """An ``//export``ed Go function returning ``*C.char`` in the tree's ``.go`` files."""

    path: str  # absolute path of the .go file
    line: int  # 1-based line of the `func`
    start: int  # byte span of the func signature line
    end: int
    name: str
    kept: bool = False  # the function keeps the C string in a table the library frees by id


def _is_char_p(f: "PyFile", expr: cst.BaseExpression) -> bool:
    if f.qualified_names(expr) & _CHAR_P:
        return True
    # `from ctypes import *` leaves no import to resolve through
    return isinstance(expr, cst.Name) and expr.value == "c_char_p" and _star_import(f)


def _star_import(f: "PyFile") -> bool:
    for n in f.walk():
        if isinstance(n, cst.ImportFrom) and isinstance(n.names, cst.ImportStar) and dotted(n.module) == "ctypes":
            return True
    return False


def _function_of(expr: cst.BaseExpression, aliases: dict[str, cst.BaseExpression]) -> tuple[str, str | None] | None:
    """``(function name, library)`` for ``lib.fn``, ``lib["fn"]``, ``getattr(lib, "fn")``,
    or a name bound to one of them."""
    if isinstance(expr, cst.Name) and expr.value in aliases:
        return _function_of(aliases[expr.value], {})
    if isinstance(expr, cst.Attribute):
        return expr.attr.value, dotted(expr.value)
    if isinstance(expr, cst.Subscript) and len(expr.slice) == 1:
        idx = expr.slice[0].slice
        if isinstance(idx, cst.Index) and isinstance(idx.value, cst.SimpleString):
            return idx.value.evaluated_value, dotted(expr.value)  # type: ignore[return-value]
    if isinstance(expr, cst.Call) and dotted(expr.func) == "getattr" and len(expr.args) >= 2:
        name = expr.args[1].value
        if isinstance(name, cst.SimpleString):
            return name.evaluated_value, dotted(expr.args[0].value)  # type: ignore[return-value]
    return None


def char_p_results(f: "PyFile") -> Iterator[CharPResult]:
    aliases: dict[str, cst.BaseExpression] = {}
    found: list[tuple[cst.Assign, cst.BaseExpression, cst.BaseExpression]] = []
    for n in f.walk():
        if not isinstance(n, cst.Assign):
            continue
        for t in n.targets:
            pairs = [(t.target, n.value)]
            # lib.fn.argtypes, lib.fn.restype = [c_char_p], c_char_p
            if isinstance(t.target, cst.Tuple) and isinstance(n.value, cst.Tuple) and len(t.target.elements) == len(n.value.elements):
                pairs = [(a.value, b.value) for a, b in zip(t.target.elements, n.value.elements)]
            for target, value in pairs:
                if isinstance(target, cst.Name) and isinstance(value, (cst.Attribute, cst.Subscript, cst.Call)):
                    aliases[target.value] = value
                if isinstance(target, cst.Attribute) and target.attr.value == "restype" and _is_char_p(f, value):
                    found.append((n, target.value, value))
    for assign, fn, value in found:
        what = _function_of(fn, aliases)
        if what is None:
            continue
        yield CharPResult(assign, value, what[0], f.code(fn), what[1])


def free_functions(f: "PyFile", library: str | None) -> list[str]:
    """Functions of ``library`` the file binds or calls whose name says they free memory
    (``lib.FreeString``, ``lib.free_result``), as written (``lib.FreeString``); with
    ``library`` None, of any library."""
    out: list[str] = []
    for n in f.walk():
        if isinstance(n, cst.Attribute) and _FREE_WORD.search(n.attr.value):
            base = dotted(n.value)
            if base is not None and (library is None or base == library) and f"{base}.{n.attr.value}" not in out:
                out.append(f"{base}.{n.attr.value}")
    return out


_STATIC = re.compile(r"version|errmsg|strerror|error_?string|last_?error|get_?error|error_?name|build_?info", re.I)


def static_by_name(function: str) -> bool:
    """Names of C functions that conventionally return static strings."""
    return bool(_STATIC.search(function))


# -- the Go side ----------------------------------------------------------------------

_EXPORT = re.compile(rb"^//export[ \t]+(\w+)[ \t]*\r?\n((?:[ \t]*//[^\n]*\n)*)(func[ \t]+(\w+)[ \t]*\(([^)]*)\)[ \t]*([^{\n]*))", re.M)
_MAX_GO_FILES = 4000


def go_root(directory: str) -> str:
    """The directory tree whose Go code may build the library: the nearest ancestor with
    ``go.mod`` or ``.git`` (at most six levels up), else ``directory`` itself."""
    d = os.path.abspath(directory)
    for _ in range(7):
        if os.path.exists(os.path.join(d, "go.mod")) or os.path.exists(os.path.join(d, ".git")):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    return os.path.abspath(directory)


_CSTRING_VAR = re.compile(rb"(\w+)\s*:?=\s*C\.CString\(")


def _kept_by_library(data: bytes, body_start: int) -> bool:
    """Whether the exported function stores the ``C.CString`` it returns in a table
    (``pointers[id] = s``): then the library can free it later (``freeMemory(id)``),
    and ctypes dropping its copy of the pointer loses nothing."""
    end = data.find(b"\n}", body_start)
    body = data[body_start:end if end != -1 else len(data)]
    for m in _CSTRING_VAR.finditer(body):
        name = re.escape(m.group(1))
        if re.search(rb"\][ \t]*=[ \t]*" + name + rb"\b", body) or re.search(rb"\bappend\([^)]*\b" + name + rb"\b", body):
            return True
    return False


def exports_for(directory: str) -> dict[str, GoExport]:
    """The exports of the Go tree a Python file in ``directory`` may load
    (:func:`go_exports` of :func:`go_root`), recorded as an input of the analysis."""
    exports = go_exports(go_root(directory))
    inputs.unit("go-exports", directory, directory, exports_digest(directory))
    return exports


def exports_digest(directory: str) -> str:
    exports = go_exports(go_root(directory))
    return inputs.digest(repr(sorted(exports.items())).encode())


@lru_cache(maxsize=64)
def go_exports(root: str) -> dict[str, GoExport]:
    """``//export``ed functions returning ``*C.char`` in the ``.go`` files under ``root``."""
    out: dict[str, GoExport] = {}
    seen = 0
    for base, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")) and d not in ("node_modules", "testdata", "__pycache__"))
        for name in sorted(files):
            if not name.endswith(".go") or name.endswith("_test.go"):
                continue
            seen += 1
            if seen > _MAX_GO_FILES:
                return out
            path = os.path.join(base, name)
            try:
                with open(path, "rb") as fh:
                    data = fh.read()
            except OSError:
                continue
            if b"//export" not in data:
                continue
            for m in _EXPORT.finditer(data):
                if m.group(1) != m.group(4):
                    continue
                result = m.group(6).strip()
                if result.replace(b" ", b"") != b"*C.char":
                    continue
                start = m.start(3)
                line = data.count(b"\n", 0, start) + 1
                kept = _kept_by_library(data, m.end(3))
                out.setdefault(m.group(1).decode(), GoExport(path, line, start, m.end(3), m.group(1).decode(), kept))
    return out


inputs.per_run(go_exports.cache_clear)
inputs.on_forget(lambda directories: go_exports.cache_clear())
