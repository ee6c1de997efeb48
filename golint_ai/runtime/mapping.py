"""Map dump frames to files of the analysed checkout.

A frame's file is printed as the build saw it: an absolute path on the build machine, a
``-trimpath`` module path (``example.com/svc/server/routes.go``, or
``example.com/svc@v1.2.3/server/routes.go`` for a versioned build), a path in the module
cache, a Windows path. It is mapped, in this order: as the very file of the checkout;
by the module path of a ``go.mod`` in the checkout plus the rest as a relative path; by
the longest unique suffix of path components shared with a checkout file (at least the
directory and the file name, or the file name alone when the frame names nothing more
and only one checkout file has it). Standard-library and dependency frames are skipped:
the site of a goroutine is its first frame in the analysed tree (the blocking line the
user owns) and its creation site.
"""

from __future__ import annotations

import os

from msgspec import Struct

from golint_ai.runtime.dump import Frame, Group


class Site(Struct, frozen=True, dict=True):
    """A dump frame mapped to a file of the checkout: its path, line and function."""

    path: str  # absolute path in the checkout
    line: int
    function: str

    def display(self) -> str:
        from golint_ai.discovery import display_path

        return f"{display_path(self.path)}:{self.line}"


class MappedGroup(Struct, dict=True):
    """A dump's goroutine group with its blocking and creation sites in the checkout, and its state."""

    group: Group
    block: Site | None  # first frame in the analysed tree
    created: Site | None  # the `go` statement, when in the analysed tree
    state: str  # the group's state, or one inferred from its frames or source line ("chan send?")
    dump: str  # the evidence it came from

    @property
    def site(self) -> Site | None:
        return self.block or self.created


def package_of(function: str) -> str:
    """``example.com/svc.(*S).f.func1`` → ``example.com/svc``; ``sync.(*Mutex).Lock`` → ``sync``."""
    name = function.split("[", 1)[0]
    slash = name.rfind("/")
    dot = name.find(".", slash + 1)
    return name[:dot] if dot > 0 else name


class Checkout:
    """The ``.go`` files under the analysed paths, and the modules they belong to."""

    def __init__(self, paths: list[str], exclude: tuple[str, ...] = (), *, files: "dict[str, list[tuple[str, bool]]] | None" = None) -> None:
        """The checkout under ``paths``, or exactly the ``files`` given (directory ->
        [(path, reported)], as :func:`golint_ai.discovery.discover` groups them)."""
        from golint_ai.discovery import discover
        from golint_ai.golang.module import find_go_mod

        if files is None:
            found = discover(paths, exclude).directories
        else:
            found = files
        self.files: set[str] = set()
        self.reported: set[str] = set()  # files findings may be reported in (given files, or all)
        self.by_name: dict[str, list[str]] = {}
        self.modules: dict[str, str] = {}  # module path -> module directory
        for directory, listed in found.items():
            mod = find_go_mod(directory)
            if mod is not None and mod.module:
                self.modules.setdefault(mod.module, os.path.dirname(mod.path))
            for f, reported in listed:
                a = os.path.abspath(f)
                self.files.add(a)
                if reported:
                    self.reported.add(a)
                self.by_name.setdefault(os.path.basename(a), []).append(a)
        self._norm = {a.replace("\\", "/"): a for a in self.files}
        self._module_order = sorted(self.modules, key=len, reverse=True)
        self._roots = {m.split("/", 1)[0] for m in self.modules}
        self._cache: dict[str, str | None] = {}

    def is_foreign(self, function: str) -> bool:
        """Standard library (a package path whose first element has no dot, other than
        ``main`` and the checkout's own dot-less module paths)."""
        pkg = package_of(function)
        first = pkg.split("/", 1)[0]
        if "." in first or pkg == "main" or first in self._roots:
            return False
        return True

    def resolve(self, file: str) -> str | None:
        if file in self._cache:
            return self._cache[file]
        found = self._cache[file] = self._resolve(file)
        return found

    def _resolve(self, file: str) -> str | None:
        norm = file.replace("\\", "/")
        direct = self._norm.get(norm)
        if direct is not None:
            return direct
        for mod in self._module_order:
            rest = _after_module(norm, mod)
            if rest is not None:
                cand = os.path.join(self.modules[mod], *rest.split("/"))
                if cand in self.files:
                    return cand
        parts = [p for p in norm.split("/") if p]
        if not parts:
            return None
        candidates = self.by_name.get(parts[-1], [])
        if not candidates:
            return None
        if len(parts) == 1:
            return candidates[0] if len(candidates) == 1 else None
        best: list[str] = []
        best_len = 0
        for c in candidates:
            cparts = c.replace("\\", "/").split("/")
            n = 0
            while n < len(parts) and n < len(cparts) and parts[-1 - n] == cparts[-1 - n]:
                n += 1
            if n > best_len:
                best, best_len = [c], n
            elif n == best_len:
                best.append(c)
        if best_len >= 2 and len(best) == 1:
            return best[0]
        return None

    def site(self, frame: Frame | None) -> Site | None:
        if frame is None or self.is_foreign(frame.function):
            return None
        path = self.resolve(frame.file)
        return Site(path, frame.line, frame.function) if path is not None else None

    def map_group(self, group: Group, dump: str) -> MappedGroup:
        block = None
        above: list[Frame] = []
        for fr in group.frames:
            block = self.site(fr)
            if block is not None:
                break
            above.append(fr)
        created = self.site(group.created_by)
        state = group.state or _inferred_state(above, block)
        return MappedGroup(group, block, created, state, dump)


def _after_module(norm: str, mod: str) -> str | None:
    """The module-relative part of ``norm`` when it names a file of module ``mod``
    (``mod/x.go``, ``mod@v1.2.3/x.go``, ``/root/go/pkg/mod/mod@v1.2.3/x.go``)."""
    start = 0
    while True:
        i = norm.find(mod, start)
        if i < 0:
            return None
        start = i + 1
        if i > 0 and norm[i - 1] != "/":
            continue
        j = i + len(mod)
        if norm.startswith("/", j):
            return norm[j + 1:]
        if norm.startswith("@", j):
            k = norm.find("/", j)
            if k > 0:
                return norm[k + 1:]


_SYNC_STATES = {
    "sync.(*Mutex).Lock": "sync.Mutex.Lock",
    "sync.(*RWMutex).Lock": "sync.RWMutex.Lock",
    "sync.(*RWMutex).RLock": "sync.RWMutex.RLock",
    "sync.(*WaitGroup).Wait": "sync.WaitGroup.Wait",
    "sync.(*Cond).Wait": "sync.Cond.Wait",
}


def _inferred_state(above: list[Frame], block: Site | None) -> str:
    """The grouped profile prints no state: infer one from the library frames above the
    user's frame, else from the user's source line. Inferred states end in ``?``."""
    for fr in reversed(above):
        s = _SYNC_STATES.get(fr.function)
        if s is not None:
            return s + "?"
        if fr.function.startswith("sync.runtime_Semacquire"):
            return "semacquire?"
        if fr.function in ("time.Sleep",):
            return "sleep?"
    if above or block is None:
        return ""
    line = _source_line(block.path, block.line)
    return _state_of_line(line)


def _state_of_line(line: str) -> str:
    import re

    code = line.split("//", 1)[0].strip()
    if re.match(r"^(case\s+)?select\b", code) or code.startswith("select"):
        return "select?"
    if re.match(r"^(case\s+)?[\w.\[\]()*]+\s*<-", code):
        return "chan send?"
    if "<-" in code or re.match(r"^for\b.*\brange\b", code):
        return "chan receive?"
    return ""


_LINES: dict[str, list[str]] = {}


def _source_line(path: str, line: int) -> str:
    lines = _LINES.get(path)
    if lines is None:
        try:
            with open(path, "rb") as fh:
                lines = fh.read().decode("utf-8", errors="replace").splitlines()
        except OSError:
            lines = []
        _LINES[path] = lines
    return lines[line - 1] if 0 < line <= len(lines) else ""


def source_line(path: str, line: int) -> str:
    return _source_line(path, line)
