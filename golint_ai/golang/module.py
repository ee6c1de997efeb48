"""Go modules as the go tool sees them: which module a directory belongs to, its path,
Go version, requirements and replacements, workspaces (``go.work``), and where the
source of an imported package lies on disk.

An import resolves, in this order, to: a package of the importing module; a package of
another module of the same workspace; a module replaced by a local directory; the
module's ``vendor/`` tree; the module cache (``$GOMODCACHE``, else ``$GOPATH/pkg/mod``,
else ``~/go/pkg/mod``) at the version ``go.mod`` requires; a GOPATH-style
``.../src/<import path>`` layout when the importer has no ``go.mod``. Nothing is ever
downloaded: a package whose source is not on disk stays unresolved, and the analyses
fall back to their conservative defaults.

The language version decides which syntax is valid Go: tree-sitter-go lags behind the
language, and code using newer syntax (Go 1.26 ``new(expr)``) must still be analysed
when the module says it may use it.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from msgspec import Struct, field

from golint_ai.golang import inputs

_MODULE = re.compile(rb"^\s*module\s+(\"[^\"]+\"|\S+)", re.M)
_GO = re.compile(rb"^\s*go\s+([0-9]+)\.([0-9]+)", re.M)
_BLOCK = re.compile(rb"^\s*(require|replace|use)\s*\(\s*$(.*?)^\s*\)", re.M | re.S)
_LINE = re.compile(rb"^\s*(require|replace|use)\s+(?!\()(.+?)\s*$", re.M)
_COMMENT = re.compile(rb"//[^\n]*")

# Syntax that Go accepts from a language version on, that tree-sitter-go may not parse.
FEATURES: dict[str, tuple[int, int]] = {
    "new-expr": (1, 26),  # new(expr): a pointer to a copy of the value of expr
    "clear": (1, 21),  # the clear builtin (fixes write it only where the module allows)
}


class Replace(Struct, frozen=True, dict=True):
    """``replace old [v] => new [v]``: a local directory (absolute) or another module."""

    new: str
    version: str | None
    local: bool


class GoMod(Struct, frozen=True, dict=True):
    """What a ``go.mod`` file declares: the module path, the ``go`` version, requirements and replacements."""

    path: str  # the go.mod file
    module: str | None  # the module path it declares
    go: tuple[int, int] | None  # the `go 1.N` directive
    requires: tuple[tuple[str, str], ...] = ()  # (module path, version)
    replaces: tuple[tuple[str, Replace], ...] = ()  # (module path, replacement)

    @property
    def directory(self) -> str:
        return os.path.dirname(self.path)

    def required_version(self, module: str) -> str | None:
        return dict(self.requires).get(module)

    def replacement(self, module: str) -> Replace | None:
        return dict(self.replaces).get(module)


def find_go_mod(directory: str) -> GoMod | None:
    """The ``go.mod`` governing ``directory``: in it or in the nearest parent that has one."""
    mod = _find_go_mod(directory)
    if inputs.tracing():
        inputs.unit("go-mod", directory, directory, mod.path if mod is not None else None)
        if mod is not None:
            inputs.use_file(mod.path)
    return mod


_GO_MOD_AT: dict[str, str | None] = {}  # directory -> the go.mod governing it
_GO_MODS: dict[str, GoMod] = {}  # go.mod -> what it says (read once, not once per directory)


@lru_cache(maxsize=4096)
def _find_go_mod(directory: str) -> GoMod | None:
    d = os.path.abspath(directory)
    passed: list[str] = []
    while True:
        if d in _GO_MOD_AT:
            found = _GO_MOD_AT[d]
            break
        passed.append(d)
        candidate = os.path.join(d, "go.mod")
        if os.path.isfile(candidate):
            found = candidate
            break
        parent = os.path.dirname(d)
        if parent == d:
            found = None
            break
        d = parent
    for p in passed:
        _GO_MOD_AT[p] = found
    if found is None:
        return None
    if found not in _GO_MODS:
        _GO_MODS[found] = read_go_mod(found)
    return _GO_MODS[found]


def _directives(data: bytes) -> list[tuple[str, str]]:
    """``(verb, rest of the line)`` for every require/replace/use, in blocks or not."""
    data = _COMMENT.sub(b"", data)
    out = []
    for m in _BLOCK.finditer(data):
        verb = m.group(1).decode()
        for line in m.group(2).splitlines():
            line = line.strip()
            if line:
                out.append((verb, line.decode("utf-8", errors="replace")))
    for m in _LINE.finditer(data):
        out.append((m.group(1).decode(), m.group(2).decode("utf-8", errors="replace").strip()))
    return out


def read_go_mod(path: str) -> GoMod:
    try:
        data = inputs.read(path, 1 << 20)
    except OSError:
        return GoMod(path, None, None)
    m = _MODULE.search(data)
    module = m.group(1).strip(b'"').decode("utf-8", errors="replace") if m else None
    v = _GO.search(data)
    go = (int(v.group(1)), int(v.group(2))) if v else None
    requires: list[tuple[str, str]] = []
    replaces: list[tuple[str, Replace]] = []
    base = os.path.dirname(path)
    for verb, rest in _directives(data):
        words = rest.replace('"', " ").split()
        if verb == "require" and len(words) >= 2:
            requires.append((words[0], words[1]))
        elif verb == "replace" and "=>" in words:
            i = words.index("=>")
            old, new = words[:i], words[i + 1:]
            if not old or not new:
                continue
            target = new[0]
            if target.startswith((".", "/")) or (len(new) == 1 and os.path.isabs(target)):
                replaces.append((old[0], Replace(os.path.normpath(os.path.join(base, target)), None, True)))
            else:
                replaces.append((old[0], Replace(target, new[1] if len(new) > 1 else None, False)))
    return GoMod(path, module, go, tuple(requires), tuple(replaces))


class GoWork(Struct, frozen=True, dict=True):
    """A ``go.work`` file and the module directories its ``use`` directives name."""

    path: str
    uses: tuple[str, ...]  # absolute module directories


@lru_cache(maxsize=1024)
def find_go_work(directory: str) -> GoWork | None:
    """The ``go.work`` above ``directory`` (``GOWORK=off`` disables workspaces)."""
    if os.environ.get("GOWORK") == "off":
        return None
    d = os.path.abspath(directory)
    while True:
        candidate = os.path.join(d, "go.work")
        if os.path.isfile(candidate):
            try:
                with open(candidate, "rb") as fh:
                    data = fh.read(1 << 20)
            except OSError:
                return None
            uses = tuple(
                os.path.normpath(os.path.join(d, rest.strip('"')))
                for verb, rest in _directives(data) if verb == "use"
            )
            return GoWork(candidate, uses)
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def accepts(directory: str | None, feature: str) -> bool:
    """Whether Go code in ``directory`` may use ``feature``: the module's ``go`` directive
    is at least the version that introduced it. Code outside any module, or a module
    without a ``go`` line, is read as the newest Go."""
    if directory is None:
        return True
    mod = find_go_mod(directory)
    if mod is None or mod.go is None:
        return True
    return mod.go >= FEATURES[feature]


# -- where packages are -------------------------------------------------------------------
def module_cache() -> str:
    """``$GOMODCACHE``, else ``$GOPATH/pkg/mod`` (first GOPATH entry), else ``~/go/pkg/mod``."""
    env = os.environ.get("GOMODCACHE")
    if env:
        return env
    gopath = os.environ.get("GOPATH")
    if gopath:
        return os.path.join(gopath.split(os.pathsep)[0], "pkg", "mod")
    return os.path.join(os.path.expanduser("~"), "go", "pkg", "mod")


def escape_module_path(path: str) -> str:
    """The module cache's case encoding: ``github.com/Azure/x`` → ``github.com/!azure/x``."""
    return "".join("!" + c.lower() if c.isupper() else c for c in path)


def _within(import_path: str, module: str) -> str | None:
    """The path of ``import_path`` inside ``module`` ("" for the module root), or None."""
    if import_path == module:
        return ""
    if import_path.startswith(module + "/"):
        return import_path[len(module) + 1:]
    return None


def _gopath_src(directory: str) -> str | None:
    """The ``src`` directory of a GOPATH-style tree holding ``directory``."""
    parts = os.path.abspath(directory).split(os.sep)
    for i in range(len(parts) - 1, 0, -1):
        if parts[i] == "src":
            return os.sep.join(parts[: i + 1]) or os.sep
    return None


def import_path_of(directory: str) -> str | None:
    """The import path of the package in ``directory``: module path plus the directory's
    place in the module, or its place below a GOPATH ``src``."""
    directory = os.path.abspath(directory)
    mod = find_go_mod(directory)
    if mod is not None and mod.module:
        rel = os.path.relpath(directory, mod.directory)
        return mod.module if rel == "." else mod.module + "/" + rel.replace(os.sep, "/")
    src = _gopath_src(directory)
    if src is not None:
        rel = os.path.relpath(directory, src)
        return None if rel == "." else rel.replace(os.sep, "/")
    return None


class Resolver(Struct, dict=True):
    """Import path → directory, memoised per importing module."""

    cache: dict[tuple[str | None, str], str | None] = field(default_factory=dict)

    def resolve(self, import_path: str, from_dir: str) -> str | None:
        mod = find_go_mod(from_dir)
        key = (mod.path if mod is not None else _gopath_src(from_dir), import_path)
        if key not in self.cache:
            self.cache[key] = _resolve(import_path, from_dir, mod)
        if inputs.tracing():
            inputs.unit("resolve", from_dir, f"{import_path}\0{from_dir}", self.cache[key])
        return self.cache[key]


def _is_dir(path: str) -> bool:
    try:
        return os.path.isdir(path)
    except OSError:
        return False


def _resolve(import_path: str, from_dir: str, mod: GoMod | None) -> str | None:
    if import_path == "C" or not import_path:
        return None
    if mod is not None:
        # The importing module itself.
        if mod.module:
            rel = _within(import_path, mod.module)
            if rel is not None:
                d = os.path.join(mod.directory, rel)
                return d if _is_dir(d) else None
        # Other modules of the workspace.
        work = find_go_work(mod.directory)
        for use in work.uses if work is not None else ():
            other = find_go_mod(use)
            if other is not None and other.module and other.directory == use:
                rel = _within(import_path, other.module)
                if rel is not None:
                    d = os.path.join(use, rel)
                    return d if _is_dir(d) else None
        # Requirements: replaced by a local directory, vendored, or in the module cache.
        owner = _owning_module(import_path, mod)
        if owner is not None:
            module, version = owner
            rel = _within(import_path, module) or ""
            rep = mod.replacement(module)
            if rep is not None and rep.local:
                d = os.path.join(rep.new, rel)
                return d if _is_dir(d) else None
            vendored = os.path.join(mod.directory, "vendor", import_path)
            if _is_dir(vendored):
                return vendored
            if rep is not None and not rep.local:
                module, version = rep.new, rep.version or version
            d = os.path.join(module_cache(), f"{escape_module_path(module)}@{version}", rel)
            return d if _is_dir(d) else None
        vendored = os.path.join(mod.directory, "vendor", import_path)
        return vendored if _is_dir(vendored) else None
    src = _gopath_src(from_dir)
    if src is not None:
        d = os.path.join(src, import_path)
        return d if _is_dir(d) else None
    return None


def _owning_module(import_path: str, mod: GoMod) -> tuple[str, str] | None:
    """The required (or replaced) module that provides ``import_path``: the longest
    module path that prefixes it (at a ``/``). Its prefixes are looked up, longest first,
    in the requirements and replacements (a requirement first when a module is both)."""
    held = _OWNERS.get(mod.path)
    if held is None or held[0] is not mod:
        versions = dict(mod.requires)
        owners: dict[str, tuple[str, str]] = {}
        for module, version in list(mod.requires) + [(m, r.version or "") for m, r in mod.replaces]:
            owners.setdefault(module, (module, version if version else versions.get(module, "")))
        held = _OWNERS[mod.path] = (mod, owners)
    owners = held[1]
    prefix = import_path
    while True:
        found = owners.get(prefix)
        if found is not None:
            return found
        cut = prefix.rfind("/")
        if cut < 0:
            return None
        prefix = prefix[:cut]


_OWNERS: dict[str, tuple[GoMod, dict[str, tuple[str, str]]]] = {}  # go.mod -> its modules by path


inputs.per_run(_find_go_mod.cache_clear)
inputs.per_run(_GO_MOD_AT.clear)
inputs.per_run(_GO_MODS.clear)
inputs.per_run(_OWNERS.clear)
inputs.per_run(find_go_work.cache_clear)
