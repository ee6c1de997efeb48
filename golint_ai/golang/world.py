"""The packages beyond the one being analysed: every package an import resolves to
(the module's own, workspace modules, replacements, ``vendor/``, the module cache),
loaded on first use and kept for the life of the process.

A dependency package holds the non-test, non-generated ``.go`` files of its directory
that share the package clause; its files are parsed only when something asks about them.
Nothing found here is ever reported: it only answers what the analysed code calls.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable

from golint_ai.golang import inputs
from golint_ai.golang.module import Resolver, import_path_of
from golint_ai.golang.parse import whole_word

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.golang.package import Package

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_PACKAGES = 2048  # dependency packages kept per process


class World:
    def __init__(self) -> None:
        self.resolver = Resolver()
        self._packages: dict[str, "Package | None"] = {}

    def resolve(self, import_path: str, from_dir: str) -> "Package | None":
        """The package ``import_path`` names for code in ``from_dir``, if its source is on disk."""
        directory = self.resolver.resolve(import_path, from_dir)
        return self.package_at(directory) if directory is not None else None

    def package_at(self, directory: str) -> "Package | None":
        directory = os.path.abspath(directory)
        inputs.use_dir(directory)
        if directory not in self._packages:
            if len(self._packages) >= MAX_PACKAGES:
                self._packages.clear()
            self._packages[directory] = load_package(directory)
        return self._packages[directory]

    def adopt(self, package: "Package") -> None:
        """Use an analysed package for imports of its directory too (its non-test view
        would hold the same declarations)."""
        self._packages.setdefault(os.path.abspath(package.directory), package)

    def clear(self) -> None:
        self._packages.clear()
        self.resolver.cache.clear()

    def forget(self, directory: str) -> None:
        """Drop the package loaded for ``directory`` (its files may have changed)."""
        self._packages.pop(os.path.abspath(directory), None)


WORLD = World()
inputs.per_run(WORLD.clear)


def load_package(directory: str) -> "Package | None":
    """The importable package of a directory: its non-test, non-generated Go files with
    the most common package clause."""
    from golint_ai.golang.package import GoFile, Package, is_generated, package_clause
    from golint_ai.golang.source import SourceFile

    try:
        names = inputs.listing(directory)
    except OSError:
        return None
    files: list[tuple[str, bytes, str]] = []
    for name in names:
        if not name.endswith(".go") or name.endswith("_test.go") or name.startswith((".", "_")):
            continue
        path = os.path.join(directory, name)
        try:
            data = inputs.read_regular(path, MAX_FILE_BYTES)
        except OSError:
            continue
        if data is None:
            continue
        if b"\x00" in data[:8192] or is_generated(data):
            continue
        clause = package_clause(data)
        if clause is None or clause == "documentation":
            continue
        files.append((path, data, clause))
    if not files:
        return None
    clause = Counter(c for _, _, c in files if c != "main").most_common(1)
    chosen = clause[0][0] if clause else files[0][2]
    members = [GoFile(SourceFile(p, p, d), report=False) for p, d, c in files if c == chosen]
    pkg = Package(directory, chosen, members)
    pkg.__dict__["import_path"] = import_path_of(directory)
    return pkg


# `import` at the start of a line: the literal first keeps the scan fast, the look-behind
# stands for `^`.
_IMPORT_OPEN = re.compile(rb"import(?<![^\n]import)\s*\(")  # a block runs to the first line starting with `)`
_IMPORT_LINE = re.compile(rb'import(?<![^\n]import)\s+(?:[\w.]+\s+)?"([^"]+)"')
_IMPORT_SPEC = re.compile(rb'(?m)^\s*(?:[\w.]+\s+)?"([^"]+)"')
_ALIASED = re.compile(rb'(?m)^(?:import)?\s*(\w+)\s+"([^"]+)"')


def import_aliases(directory: str) -> dict[str, str]:
    """``alias -> import path`` for the renamed imports of the files of ``directory``
    (``ort "github.com/yalue/onnxruntime_go"``), bytes only."""
    out: dict[str, str] = {}
    for data in _dir_sources(directory):
        head = data[: data.find(b"\nfunc ")] if b"\nfunc " in data else data
        for m in _ALIASED.finditer(head):
            alias = m.group(1).decode()
            if alias not in ("import", "_", "package"):
                out.setdefault(alias, m.group(2).decode("utf-8", errors="replace"))
    return out


def imports_end(data: bytes) -> int:
    """Where a Go file's imports have ended, at the latest: its first function (a cgo
    preamble may hold C code that reads like a `type` or `const` line, never a `func` one)."""
    end = len(data)
    for word in (b"\nfunc ", b"\nfunc("):
        i = data.find(word, 0, end)
        if i >= 0:
            end = i
    return end


@lru_cache(maxsize=64)
def import_paths(data: bytes) -> tuple[str, ...]:
    """The import paths a Go file declares, read from its bytes (no parse). Memoised
    for the last files asked about (several rules ask about the same file in a row)."""
    end = imports_end(data)
    if data.find(b"import", 0, end) < 0:
        return ()
    out = [m.group(1) for m in _IMPORT_LINE.finditer(data, 0, end)]
    pos = 0
    while (m := _IMPORT_OPEN.search(data, pos, end)) is not None:
        close = data.find(b"\n)", m.end(), end)
        if close < 0:
            pos = m.end()
            continue
        out.extend(s.group(1) for s in _IMPORT_SPEC.finditer(data, m.end(), close + 1))
        pos = close + 2
    return tuple(p.decode("utf-8", errors="replace") for p in out)


# -- byte-level questions about packages (no parse) -----------------------------------------
_IGNORED = re.compile(rb"(?m)^//go:build\s+ignore\s*$")
# directory -> (the bytes of its files a build can include, every non-test file read by name)
_DIRS: dict[str, tuple[tuple[bytes, ...], dict[str, bytes]]] = {}
_IMPORTS: dict[str, frozenset[str]] = {}
_MENTIONS: dict[tuple[str, tuple[bytes, ...]], bool] = {}
_REACH = inputs.Memo()  # facts reaching through imports: kept for the run, hits replay what they used
_REACHING = inputs.Memo()
_DIR_CACHE_BYTES = 64 * 1024 * 1024  # file bytes kept for these questions, at most
_cached_bytes = 0


def _dir_sources(directory: str) -> tuple[bytes, ...]:
    """The bytes of the non-test Go files of ``directory`` that a build can include
    (``//go:build ignore`` files are generators' inputs, not code)."""
    inputs.use_dir(directory)
    if directory not in _DIRS:
        by_name: dict[str, bytes] = {}
        try:
            names = inputs.listing(directory)
        except OSError:
            names = []
        for name in names:
            if not name.endswith(".go") or name.endswith("_test.go"):
                continue
            try:
                by_name[name] = inputs.read(os.path.join(directory, name), MAX_FILE_BYTES)
            except OSError:
                continue
        _keep(directory, by_name)
    return _DIRS[directory][0]


def _keep(directory: str, by_name: dict[str, bytes]) -> None:
    """Keep the non-test files of ``directory`` (by name, in name order), within the
    byte budget (over it, everything kept before is dropped)."""
    global _cached_bytes
    size = sum(len(d) for d in by_name.values())
    if _cached_bytes + size > _DIR_CACHE_BYTES:
        _DIRS.clear()
        _cached_bytes = 0
    _cached_bytes += size
    built = tuple(d for d in by_name.values() if not (b"//go:build ignore" in d[:4096] and _IGNORED.search(d[:4096])))
    _DIRS[directory] = (built, by_name)


def read_earlier(path: str) -> bytes | None:
    """The bytes of the Go file ``path`` when this process read it whole for the
    byte-level questions (the analysis of its own directory then reads no file again;
    the read is recorded for the current directory's analysis)."""
    kept = _DIRS.get(os.path.dirname(path))
    data = kept[1].get(os.path.basename(path)) if kept is not None else None
    if data is not None and len(data) < MAX_FILE_BYTES:  # else it may have been cut at the limit
        inputs.use_file(path)
        return data
    return None


def remember_sources(directory: str, files: "list[tuple[str, bytes]]") -> None:
    """Seed the byte-level questions with a directory's files already in memory
    (``(name, bytes)``; the analysed package, read by the runner), so they are not read
    again."""
    if directory not in _DIRS:
        _keep(directory, {name: data for name, data in sorted(files) if name.endswith(".go") and not name.endswith("_test.go")})


def package_sources(directory: str) -> tuple[bytes, ...]:
    """The bytes of the non-test Go files of ``directory`` a build can include."""
    return _dir_sources(directory)


def directory_imports(directory: str) -> frozenset[str]:
    """The import paths of the non-test files of ``directory`` (bytes only)."""
    return _dir_imports(directory)


def _dir_imports(directory: str) -> frozenset[str]:
    inputs.use_dir(directory)  # a fact of this directory alone: kept across directories
    if directory not in _IMPORTS:
        stored = _stored_facts(directory)
        if stored is not None and stored["imports"] is not None:
            _IMPORTS[directory] = frozenset(stored["imports"])
        else:
            _IMPORTS[directory] = frozenset(p for data in _dir_sources(directory) for p in import_paths(data))
            _store_fact(directory, "imports", sorted(_IMPORTS[directory]))
    return _IMPORTS[directory]


# Facts about a directory's bytes kept across runs (a result cache's store, while a
# directory is traced): answered without reading the directory's files when its files'
# stats are those the facts were computed with.
_STORED: dict[str, "dict | None"] = {}  # directory -> its stored facts (None: none stored)


def _stored_facts(directory: str) -> "dict | None":
    store = inputs.fact_store()
    if store is None or directory in _DIRS:  # bytes in memory answer faster
        return None
    if directory not in _STORED:
        _STORED[directory] = store.load(directory)
    return _STORED[directory]


def _store_fact(directory: str, kind: str, value: Any, needles: "tuple[bytes, ...] | None" = None) -> None:
    store = inputs.fact_store()
    if store is None:
        return
    facts = _STORED.get(directory)
    if facts is None:
        facts = _STORED[directory] = {"imports": None, "mentions": {}}
    if kind == "imports":
        facts["imports"] = value
    else:
        facts["mentions"][_needles_key(needles or ())] = value
    store.save(directory, facts)


def _needles_key(needles: tuple[bytes, ...]) -> str:
    return inputs.digest(b"\0".join(needles))


# A function or method declaration's name and what follows its parameter list on the
# same line (the results), when the parameters fit on that line.
# `func(?<![^\n]func)` is `(?m)^func` with the literal first: the engine scans for it,
# where a leading `^` is tried at every byte (five times slower on a package).
_FUNC_SIGNATURE = re.compile(rb"(?m)func(?<![^\n]func)\s*(?:\([^)\n]*\)\s*)?(\w+)\s*(?:\[[^\]\n]*\])?\s*\(([^\n]*)$")
_FUNC_START = re.compile(rb"func(?<![^\n]func)\s*(?:\([^)\n]*\)\s*)?(\w+)")
# A whole word, then `(` or `[`. The word boundary matters for speed only: unanchored,
# a word not followed by `(` or `[` is tried again from each of its letters.
_CALLED = re.compile(rb"\b(\w+)\s*[(\[]")


def signatures(directory: str) -> list[tuple[str, bytes]]:
    """``(name, rest of the declaration line after the name)`` for every function and
    method the package in ``directory`` declares (bytes only, for cheap filters)."""
    return [s for data in _dir_sources(directory) for s in _file_signatures(data)]


# Byte scans of one file, memoised by its content: the language server asks again about
# a directory after every edit, about its unchanged files too.
@lru_cache(maxsize=256)
def _file_signatures(data: bytes) -> tuple[tuple[str, bytes], ...]:
    return tuple((m.group(1).decode(), m.group(2)) for m in _FUNC_SIGNATURE.finditer(data))


@lru_cache(maxsize=256)
def _file_functions(data: bytes) -> tuple[tuple[str, bool, frozenset[str]], ...]:
    """``(name, whether its body says C., the names it calls)`` of each function or
    method of a file (a body runs to the next declaration line)."""
    starts = list(_FUNC_START.finditer(data))
    out = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(data)
        body = data[m.end():end]
        out.append((m.group(1).decode(), b"C." in body, called_names(body)))
    return tuple(out)


def called_names(data: bytes) -> frozenset[str]:
    """Every name written right before ``(`` or ``[`` in some Go bytes: a superset of
    the functions and methods they call."""
    return frozenset(m.decode() for m in _CALLED.findall(data))


def calls_any(data: bytes, names: Iterable[bytes]) -> bool:
    """Whether one of ``names`` is in :func:`called_names` of ``data``, without listing
    every call: a scan for each name the bytes hold."""
    return any(n in data and _call_of(n).search(data) is not None for n in names)


@lru_cache(maxsize=4096)
def _call_of(name: bytes) -> "re.Pattern[bytes]":
    # The whole word, then `(` or `[`.
    return re.compile(whole_word(name) + rb"\s*[(\[]")


_RECEIVER_METHOD = re.compile(rb"func(?<![^\n]func)\s*\(\s*\w*\s*\*?\s*(\w+)\s*(?:\[[^\]\n]*\])?\s*\)\s*(\w+)")
_METHOD_SETS: dict[str, dict[str, frozenset[str]]] = {}
_MODULE_DIRS: dict[tuple[str, int], tuple[str, ...] | None] = {}


def method_sets(directory: str) -> dict[str, frozenset[str]]:
    """Type name → the names of the methods declared on it, for the package in
    ``directory`` (bytes only)."""
    inputs.use_dir(directory)
    if directory not in _METHOD_SETS:
        sets: dict[str, set[str]] = {}
        for data in _dir_sources(directory):
            for m in _RECEIVER_METHOD.finditer(data):
                sets.setdefault(m.group(1).decode(), set()).add(m.group(2).decode())
        _METHOD_SETS[directory] = {k: frozenset(v) for k, v in sets.items()}
    return _METHOD_SETS[directory]


def module_directories(directory: str, limit: int = 1 << 30) -> tuple[str, ...] | None:
    """The package directories of the module holding ``directory`` (those with Go
    files; ``vendor``, ``testdata``, hidden and ``_`` directories and nested modules
    left out), or just ``directory`` outside a module; None when there are more than
    ``limit`` (the walk stops there)."""
    from golint_ai.golang.module import find_go_mod

    mod = find_go_mod(directory)
    root = mod.directory if mod is not None else os.path.abspath(directory)
    key = (root, limit)
    if key not in _MODULE_DIRS:
        found: list[str] | None = []
        for d, subdirs, files in os.walk(root):
            subdirs[:] = sorted(
                s for s in subdirs
                if s not in ("vendor", "testdata", "node_modules") and not s.startswith((".", "_"))
                and not os.path.isfile(os.path.join(d, s, "go.mod"))
            )
            if any(f.endswith(".go") for f in files):
                found.append(d)
                if len(found) > limit:
                    found = None
                    break
        _MODULE_DIRS[key] = tuple(found) if found is not None else None
    value = _MODULE_DIRS[key]
    inputs.unit("module-directories", directory, f"{limit}:{directory}", list(value) if value is not None else None)
    return value


def package_mentions(directory: str, needles: tuple[bytes, ...]) -> bool:
    """Whether a non-test Go file of ``directory`` mentions one of ``needles``."""
    key = (directory, needles)
    inputs.use_dir(directory)
    if key not in _MENTIONS:
        stored = _stored_facts(directory)
        found = stored["mentions"].get(_needles_key(needles)) if stored is not None else None
        if found is None:
            found = any(n in data for data in _dir_sources(directory) for n in needles)
            _store_fact(directory, "mentions", found, needles)
        _MENTIONS[key] = found
    return _MENTIONS[key]


def reaches(directory: str, imports: frozenset[str], mentions: tuple[bytes, ...] = ()) -> bool:
    """Whether the package in ``directory``, or a package it imports (transitively, as
    far as their source is on disk), imports one of ``imports`` ("C" for cgo) and, when
    ``mentions`` are given, mentions one of them too: can anything it calls reach cgo or
    a native binding (and call one of these names there)? Answered from bytes, memoised."""
    # An import cycle adds nothing.
    key = (directory, imports, mentions)
    return _REACH.compute(key, False, lambda: _reaches(directory, imports, mentions))


def _reaches(directory: str, imports: frozenset[str], mentions: tuple[bytes, ...]) -> bool:
    if not _dir_imports(directory).isdisjoint(imports) and (not mentions or package_mentions(directory, mentions)):
        return True
    return any(reaches(target, imports, mentions) for target in _import_targets(directory))


_TARGETS: dict[str, tuple[str, ...]] = {}  # directory -> where its imports resolve (on disk), by import path


def _import_targets(directory: str) -> tuple[str, ...]:
    """The directories the non-test files of ``directory`` import (those whose source
    is on disk), in the order of their import paths: resolved once per run. (Where an
    import resolves is a fact of ``directory``, recorded with it when first resolved;
    a use records the directory.)"""
    imports = _dir_imports(directory)
    found = _TARGETS.get(directory)
    if found is None:
        found = _TARGETS[directory] = tuple(t for t in (resolve_import(p, directory) for p in sorted(imports)) if t is not None)
    return found


def reaching_names(directory: str, imports: frozenset[str]) -> frozenset[str]:
    """The functions and methods of the package in ``directory`` (by name) that can
    reach a package importing one of ``imports`` ("C" for cgo): those that say ``C.`` in
    a file importing "C", every one of a file importing another of ``imports``, and
    those whose body calls a name of this set or of the same set of a package it
    imports, to a fixed point. Bytes only and by name (a method sharing a name with one
    that reaches counts too): a filter deciding what is worth parsing."""
    # An import cycle adds nothing.
    return _REACHING.compute((directory, imports), frozenset(), lambda: _reaching_names(directory, imports))


def _reaching_names(directory: str, imports: frozenset[str]) -> frozenset[str]:
    if not reaches(directory, imports):
        return frozenset()
    external: set[str] = set()
    for target in _import_targets(directory):
        external |= reaching_names(target, imports)
    found: set[str] = set()
    rest: list[tuple[str, frozenset[str]]] = []
    for data in _dir_sources(directory):
        imported = import_paths(data)
        calls_c = "C" in imported and "C" in imports
        uses_binding = any(p != "C" and p in imports for p in imported)
        for name, says_c, calls in _file_functions(data):
            if uses_binding or (calls_c and says_c):
                found.add(name)  # calls C itself, or lives in a file using a native binding
                continue
            rest.append((name, calls))
    changed = True
    while changed:
        changed = False
        known = found | external
        for name, calls in rest:
            if name not in found and not calls.isdisjoint(known):
                found.add(name)
                changed = True
    return frozenset(found)


_DIR_IMPORTS_REACH = inputs.Memo()


def directory_imports_reach(directory: str, imports: frozenset[str], mentions: tuple[bytes, ...] = ()) -> bool:
    """Whether any import of any file of ``directory`` reaches (:func:`reaches`): when
    not, no file there needs its own imports looked at."""
    key = (directory, imports, mentions)
    return _DIR_IMPORTS_REACH.compute(key, False, lambda: any(reaches(t, imports, mentions) for t in _import_targets(directory)))


def imports_reaching(data: bytes, directory: str, imports: frozenset[str], mentions: tuple[bytes, ...] = ()) -> list[str]:
    """The imports of a file (in ``directory``) through which a package importing one
    of ``imports`` (and mentioning one of ``mentions``) can be reached (:func:`reaches`);
    imports whose source is not on disk are skipped."""
    paths = import_paths(data)
    if not directory_imports_reach(directory, imports, mentions):
        # None of the package's imports reaches: only a test file's own imports may.
        shared = _dir_imports(directory)
        paths = tuple(p for p in paths if p not in shared)
        if not paths:
            return []
    out = []
    for path in paths:
        target = resolve_import(path, directory)
        if target is not None and reaches(target, imports, mentions):
            out.append(path)
    return out


def resolve_import(path: str, directory: str) -> str | None:
    """The directory of an import for the byte-level questions (which packages can
    reach native code, which register finalizers). The standard library is never followed: its packages hand no native resources to their importers (the
    cgo inside ``net`` or ``os/user`` is released where it is used), and outside the
    Go tree its imports do not resolve anyway."""
    if path == "C" or _in_standard_library(directory):
        return None
    return WORLD.resolver.resolve(path, directory)


@lru_cache(maxsize=4096)
def _in_standard_library(directory: str) -> bool:
    from golint_ai.golang.module import find_go_mod

    mod = find_go_mod(directory)
    return mod is not None and mod.module in ("std", "cmd")


def _forget_sources() -> None:
    global _cached_bytes
    _DIRS.clear()
    _MODULE_DIRS.clear()
    _cached_bytes = 0


inputs.per_run(_forget_sources)
# Facts of one directory's files (imports, mentions, method sets) are kept for the run:
# their users record the directory. Facts reaching through imports are inputs.Memo's.
for _memo in (_IMPORTS, _MENTIONS, _METHOD_SETS, _STORED, _TARGETS):
    inputs.per_run(_memo.clear)


_TEST_TARGETS: dict[str, tuple[str, ...]] = {}  # directory -> where its test files' own imports resolve
inputs.per_run(_TEST_TARGETS.clear)


def import_closure(directory: str, test_imports: Iterable[str] = ()) -> None:
    """Resolve where the imports of the package in ``directory`` lead, and those of
    every package they reach, with ``test_imports`` (the import paths of its test files)
    for ``directory`` itself: from then on :func:`importers` knows ``directory`` imports
    each of them."""
    directory = os.path.abspath(directory)
    extra = tuple(t for t in (resolve_import(p, directory) for p in sorted(set(test_imports))) if t is not None)
    _TEST_TARGETS[directory] = extra
    seen = {directory}
    todo = [directory, *extra]
    while todo:
        d = todo.pop()
        for t in _import_targets(d):
            if t not in seen:
                seen.add(t)
                todo.append(t)


def importers(directories: set[str]) -> set[str]:
    """``directories`` and the directories this process knows to import one of them,
    directly or not (what it resolved while walking imports for reach, and in
    :func:`import_closure`)."""
    imported_by: dict[str, set[str]] = {}
    for relation in (_TARGETS, _TEST_TARGETS):
        for d, targets in relation.items():
            for t in targets:
                imported_by.setdefault(t, set()).add(d)
    out = set(directories)
    todo = list(out)
    while todo:
        for d in imported_by.get(todo.pop(), ()):
            if d not in out:
                out.add(d)
                todo.append(d)
    return out


@inputs.on_forget
def _forget_directories(directories: set[str]) -> None:
    global _cached_bytes
    for d in directories:
        kept = _DIRS.pop(d, None)
        if kept is not None:
            _cached_bytes -= sum(len(x) for x in kept[1].values())
        for memo in (_IMPORTS, _METHOD_SETS, _STORED, _TARGETS, _TEST_TARGETS):
            memo.pop(d, None)
        WORLD.forget(d)
    for key in [k for k in _MENTIONS if k[0] in directories]:
        del _MENTIONS[key]
    for facts in (_REACH, _REACHING, _DIR_IMPORTS_REACH):
        facts.forget(directories)
inputs.per_job(_in_standard_library.cache_clear)
