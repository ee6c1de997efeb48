"""``per-file-ignores``: rule codes switched off for the files a glob matches.

Globs have gitignore (gitwildmatch) semantics through the ``pathspec`` library: a glob
without a ``/`` matches a name at any depth (``*_test.go``), one with a ``/`` is anchored
at the directory of the configuration file that declares it (``internal/gen/**``), and
``**`` spans directories. A glob starting with ``!`` matches the files the rest does not
match (as in ruff).
"""

from __future__ import annotations

import os
from functools import lru_cache

# (directory of the declaring configuration file, glob, codes or prefixes)
Entry = tuple[str, str, tuple[str, ...]]


class PatternError(ValueError):
    pass


@lru_cache(maxsize=512)
def _spec(pattern: str):
    import pathspec

    try:
        return pathspec.GitIgnoreSpec.from_lines([pattern])
    except Exception as exc:  # pathspec raises its own error types for invalid globs
        raise PatternError(f"invalid glob `{pattern}`: {exc}") from None


def check_pattern(pattern: str) -> None:
    """Raise :class:`PatternError` for a glob that cannot match anything as written."""
    body = pattern[1:] if pattern.startswith("!") else pattern
    if not body.strip():
        raise PatternError("empty glob")
    if body.startswith("#"):
        raise PatternError(f"glob `{pattern}` is a comment in gitignore syntax (write `\\#` for a literal #)")
    _spec(body)


def _relative(path: str, base: str) -> str:
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, base)
    except ValueError:  # pragma: no cover - another drive on Windows
        rel = ".."
    if rel == ".." or rel.startswith(".." + os.sep):
        # Outside the configuration's directory: only globs without a directory part match.
        rel = os.path.basename(absolute)
    return rel.replace(os.sep, "/")


@lru_cache(maxsize=4096)
def ignored_codes(path: str, entries: tuple[Entry, ...]) -> tuple[str, ...]:
    """The codes and prefixes ``entries`` switch off for ``path``."""
    out: list[str] = []
    for base, pattern, codes in entries:
        negated = pattern.startswith("!")
        hit = _spec(pattern[1:] if negated else pattern).match_file(_relative(path, base))
        if hit != negated:
            out.extend(codes)
    return tuple(out)
