"""cgo facts read from the package itself: the C preambles and the headers they
``#include "..."`` from the tree.

The preamble (the comment right before ``import "C"``) usually declares or defines the
C functions a file calls, and local headers declare the rest; their return types tell
whether a call returns a handle, a status or a struct by value, and the bodies of
functions defined in a preamble tell whether a wrapper hands its argument to ``free``.
"""

from __future__ import annotations

import os
import re
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Iterable

from golint_ai.golang import inputs

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.golang.package import Package

_SCALARS = frozenset(
    {
        "void", "int", "unsigned", "long", "short", "char", "signed", "bool", "_Bool", "float", "double",
        "size_t", "ssize_t", "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t",
        "uint64_t", "uintptr_t", "intptr_t", "const", "static", "inline", "extern",
    }
)
_STATUS_SUFFIXES = ("Status", "status", "Status_t", "status_t", "Error_t", "error_t", "Result", "result_t", "Error", "Code")
_QUALIFIERS = ("const", "static", "inline", "extern", "struct", "enum", "unsigned", "signed", "volatile")
_MAX_HEADER_BYTES = 4 * 1024 * 1024
_MAX_HEADERS = 32  # headers read per package, at most
# Words naming a C function that frees what it is given, when passed as a function
# pointer next to a handle (a destructor callback).
DESTRUCTOR_WORDS = ("free", "delete", "destroy", "release", "dispose", "destructor", "dtor", "deleter", "cleanup", "finalize", "unref")


def preambles(data: bytes) -> list[str]:
    """The cgo preambles of one file (comments directly before ``import "C"``)."""
    out = []
    for m in re.finditer(rb'(?:/\*(.*?)\*/|((?://[^\n]*\n)+))\s*import\s+"C"', data, re.S):
        body = m.group(1) if m.group(1) is not None else re.sub(rb"^\s*//", b"", m.group(2), flags=re.M)
        out.append(body.decode("utf-8", errors="replace"))
    return out


@lru_cache(maxsize=256)
def _declared_types(c_text: str) -> dict[str, str]:
    decls: dict[str, str] = {}
    pattern = re.compile(r"(?:^|[;{}\n])\s*((?:[A-Za-z_]\w*[\s\*]+)+?)\**\s*([A-Za-z_]\w*)\s*\(", re.M)
    for m in pattern.finditer(c_text):
        rtype = " ".join(m.group(1).split())
        name = m.group(2)
        full = m.group(0)
        stars = full[: full.rfind(name)].count("*")
        if rtype.split()[0] in ("return", "if", "while", "for", "switch", "else", "sizeof", "typedef", "define"):
            continue
        decls.setdefault(name, rtype.replace("*", "").strip() + "*" * stars)
    return decls


_STRUCT_TYPEDEF = re.compile(r"typedef\s+(?:struct|union)\s*\w*\s*\{", re.S)
_STRUCT_TYPEDEF_NAME = re.compile(r"\}\s*(\w+)\s*;")
_POINTER_TYPEDEF = re.compile(r"typedef\s+[\w\s:<>]+\*\s*(\w+)\s*;")
_DEFINITION = re.compile(r"(?:^|[;}\n])\s*(?:static\s+|inline\s+|extern\s+)*[\w\s\*]+?\b(\w+)\s*\(([^;{}()]*)\)\s*\{", re.M)


@lru_cache(maxsize=256)
def _struct_typedefs(c_text: str) -> frozenset[str]:
    """Names of ``typedef struct [X] { ... } Name;`` (values, not pointers)."""
    out = set()
    for m in _STRUCT_TYPEDEF.finditer(c_text):
        end = _matching_brace(c_text, m.end() - 1)
        if end is None:
            continue
        tail = _STRUCT_TYPEDEF_NAME.match(c_text, end)
        if tail is not None:
            out.add(tail.group(1))
    return frozenset(out)


@lru_cache(maxsize=256)
def _pointer_typedefs(c_text: str) -> frozenset[str]:
    return frozenset(m.group(1) for m in _POINTER_TYPEDEF.finditer(c_text))


_BRACE = re.compile(r"[{}]")


def _matching_brace(s: str, open_at: int, limit: int = 1 << 20) -> int | None:
    """The offset just past the ``}`` closing the ``{`` at ``open_at`` (visiting the
    braces only), None when it does not close within ``limit`` characters."""
    depth = 0
    for m in _BRACE.finditer(s, open_at, min(len(s), open_at + limit)):
        if m.group() == "{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.end()
    return None


@lru_cache(maxsize=256)
def _handing_params(c_text: str) -> dict[str, frozenset[int]]:
    """For C functions *defined* in ``c_text``: the indexes of parameters the body hands
    to ``free`` (``free(s)``) or to a call that also gets a freeing callback
    (``sqlite3_result_text(ctx, s, n, &free)``): the caller's memory belongs to C then."""
    out: dict[str, frozenset[int]] = {}
    for m in _DEFINITION.finditer(c_text):
        name, params = m.group(1), m.group(2)
        if name in ("if", "while", "for", "switch", "return", "sizeof"):
            continue
        end = _matching_brace(c_text, m.end() - 1)
        if end is None:
            continue
        body = c_text[m.end():end]
        names = []
        for p in params.split(","):
            words = re.findall(r"\w+", p)
            names.append(words[-1] if words and words[-1] != "void" else "")
        handed = set()
        for i, pname in enumerate(names):
            if not pname:
                continue
            if re.search(r"\bfree\s*\(\s*(?:\(\s*[\w\s\*]+\)\s*)?" + re.escape(pname) + r"\s*\)", body):
                handed.add(i)
                continue
            for call in re.finditer(r"\w+\s*\(([^;]*)\)\s*;", body):
                args = [a.strip() for a in call.group(1).split(",")]
                bare = [re.sub(r"^\(\s*[\w\s\*]+\)\s*", "", a) for a in args]
                if pname in bare and any(_names_destructor(a.lstrip("&")) for a in bare if a != pname):
                    handed.add(i)
                    break
        if handed:
            out[name] = frozenset(handed)
    return out


_PROTOTYPE = re.compile(r"\b(\w+)\s*\(([^;{}()]*)\)\s*;")
_OWN_PARAM = re.compile(r"[(,]\s*own(?:\s|$)")


@lru_cache(maxsize=256)
def _owned_params(c_text: str) -> dict[str, frozenset[int]]:
    """For C functions *declared* with parameters marked ``own`` (the wasm-c-api
    convention, ``wasm_exporttype_new(own wasm_name_t*, own wasm_externtype_t*)``): the
    indexes of those parameters, whose ownership the call takes."""
    out: dict[str, frozenset[int]] = {}
    if _OWN_PARAM.search(c_text) is None:
        return out  # no parameter starts with the word `own`
    for m in _PROTOTYPE.finditer(c_text):
        params = m.group(2).split(",")
        owned = {i for i, p in enumerate(params) if p.split()[:1] == ["own"]}
        if owned:
            out[m.group(1)] = frozenset(owned)
    return out


def _names_destructor(word: str) -> bool:
    w = word.lower()
    return bool(re.fullmatch(r"[\w.]+", w)) and any(d in w for d in DESTRUCTOR_WORDS) and w not in ("sqlite_transient", "sqlite_static")


def returns_handle(rtype: str, struct_types: Iterable[str] = ()) -> bool:
    """Whether a C return type can carry a handle: pointers and non-scalar typedefs,
    but not a struct returned by value (``struct X``, or a typedef'd struct)."""
    if "*" in rtype:
        return True
    parts = rtype.split()
    words = [w for w in parts if w not in _QUALIFIERS]
    if not words:
        return False  # e.g. plain `unsigned`
    base = words[-1]
    if base in _SCALARS or base.endswith(_STATUS_SUFFIXES) or parts[0] == "enum":
        return False
    if "struct" in parts or base in struct_types:
        return False
    return True


class CgoFacts:
    """What the package's C side declares: return types, struct typedefs, and which
    wrapper parameters are handed to ``free``."""

    def __init__(self, package: "Package") -> None:
        self.package = package

    @cached_property
    def preambles(self) -> list[str]:
        return [p for f in self.package.files if b'"C"' in f.data for p in preambles(f.data)]

    @cached_property
    def headers(self) -> list[str]:
        """Headers the preambles include that are present in the tree: ``#include "x.h"``
        next to the including file, and ``"x.h"`` or ``<x.h>`` in a directory a ``#cgo
        CFLAGS: -I${SRCDIR}/...`` line names; followed through the headers they include
        in turn (system headers are not in the tree and are skipped). Read once."""
        base = self.package.directory
        dirs = []
        for p in self.preambles:
            for flags in re.findall(r"(?m)^\s*#cgo\b[^:\n]*\b(?:CFLAGS|CPPFLAGS|CXXFLAGS)\s*:(.*)$", p):
                for d in re.findall(r"-I\s*(\S+)", flags):
                    d = d.replace("${SRCDIR}", base).strip("'\"")
                    dirs.append(d if os.path.isabs(d) else os.path.join(base, d))
        out: list[str] = []
        seen: set[str] = set()
        work = [(base, p, 0) for p in self.preambles]
        while work and len(seen) < _MAX_HEADERS:
            here, text_, depth = work.pop(0)
            for quote, name in re.findall(r'#\s*include\s+(["<])([^">]+)[">]', text_):
                candidates = ([here] if quote == '"' else []) + dirs
                for d in candidates:
                    path = os.path.normpath(os.path.join(d, name))
                    if path in seen:
                        continue
                    if not os.path.isfile(path):
                        inputs.absent_for(base, path)
                        continue
                    seen.add(path)
                    try:
                        raw = inputs.read_regular(path, _MAX_HEADER_BYTES)
                    except OSError:
                        inputs.uncacheable()
                        break
                    inputs.on_behalf(base, path)
                    if raw is None:
                        break
                    body = raw.decode("utf-8", errors="replace")
                    out.append(body)
                    if depth < 4:
                        work.append((os.path.dirname(path), body, depth + 1))
                    break
        return out

    @property
    def _texts(self) -> list[str]:
        return self.preambles + self.headers

    def return_type(self, name: str) -> str | None:
        """The declared return type of C function ``name``: ``int``, ``sqlite3*``."""
        for t in self._texts:
            rtype = _declared_types(t).get(name)
            if rtype is not None:
                return rtype
        return None

    @cached_property
    def struct_types(self) -> frozenset[str]:
        out: set[str] = set()
        pointers: set[str] = set()
        for t in self._texts:
            out |= _struct_typedefs(t)
            pointers |= _pointer_typedefs(t)
        return frozenset(out - pointers)

    def returns_handle(self, name: str) -> bool | None:
        """Whether C function ``name`` returns a handle; None when nothing declares it."""
        rtype = self.return_type(name)
        if rtype is None:
            return None
        return returns_handle(rtype, self.struct_types)

    def hands_over(self, name: str, index: int) -> bool:
        """Whether C function ``name`` takes argument ``index`` over: the package's own C
        function hands it to ``free``, or a declaration marks the parameter ``own``."""
        for t in self.preambles:
            found = _handing_params(t).get(name)
            if found is not None and index in found:
                return True
        for t in self._texts:
            found = _owned_params(t).get(name)
            if found is not None and index in found:
                return True
        return False

    def mentions(self, name: str) -> bool:
        """Whether ``name`` is called or declared anywhere in the package or its headers."""
        pattern = re.compile(r"\b" + re.escape(name) + r"\s*\(")
        needle = name.encode()
        if any(needle in f.data and re.search(pattern.pattern.encode(), f.data) for f in self.package.files):
            return True
        return any(pattern.search(t) for t in self.headers)
