"""Go modules as the go tool sees them: the nearest ``go.mod`` above a directory, its
module path and the Go version it declares.

The language version decides which syntax is valid Go: tree-sitter-go lags behind the
language, and code using newer syntax (Go 1.26 ``new(expr)``) must still be analysed
when the module says it may use it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

_MODULE = re.compile(rb"^\s*module\s+(\"[^\"]+\"|\S+)", re.M)
_GO = re.compile(rb"^\s*go\s+([0-9]+)\.([0-9]+)", re.M)

# Syntax that Go accepts from a language version on, that tree-sitter-go may not parse.
FEATURES: dict[str, tuple[int, int]] = {
    "new-expr": (1, 26),  # new(expr): a pointer to a copy of the value of expr
}


@dataclass(frozen=True)
class GoMod:
    path: str  # the go.mod file
    module: str | None  # the module path it declares
    go: tuple[int, int] | None  # the `go 1.N` directive

    @property
    def directory(self) -> str:
        return os.path.dirname(self.path)


@lru_cache(maxsize=4096)
def find_go_mod(directory: str) -> GoMod | None:
    """The ``go.mod`` governing ``directory``: in it or in the nearest parent that has one."""
    d = os.path.abspath(directory)
    while True:
        candidate = os.path.join(d, "go.mod")
        if os.path.isfile(candidate):
            return read_go_mod(candidate)
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def read_go_mod(path: str) -> GoMod:
    try:
        with open(path, "rb") as fh:
            data = fh.read(1 << 20)
    except OSError:
        return GoMod(path, None, None)
    m = _MODULE.search(data)
    module = m.group(1).strip(b'"').decode("utf-8", errors="replace") if m else None
    v = _GO.search(data)
    go = (int(v.group(1)), int(v.group(2))) if v else None
    return GoMod(path, module, go)


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
