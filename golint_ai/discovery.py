"""Finding the Go files to analyse, in a deterministic order.

Directories named ``vendor`` or ``testdata``, hidden ones and those starting with ``_``
are skipped (as the go tool does); symlinked directories are not followed, so there are
no loops. What git ignores (``.gitignore`` files, ``.git/info/exclude``) is skipped in
directories unless ``respect_gitignore`` is off. Files given explicitly are always taken
unless an exclude pattern matches (or, with ``force_exclude``, git ignores them).
"""

from __future__ import annotations

import errno
import os
import stat
from functools import lru_cache
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from msgspec import Struct, field

if TYPE_CHECKING:  # pragma: no cover
    from pathspec import GitIgnoreSpec

SKIP_DIRS = frozenset({"vendor", "testdata", "node_modules", "__pycache__", "site-packages"})
# Go files, and Python files (whether they are analysed is decided per directory by the
# `python` setting and a byte prefilter).
SOURCE_SUFFIXES = (".go", ".py")


class DiscoveryError(ValueError):
    pass


class Discovered(Struct, dict=True):
    """The files found under the given paths, grouped by directory, and the paths that could not be read."""

    # directory -> [(path, reported)], directories sorted, files sorted
    directories: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    # path given -> why it cannot be looked at when that is not "no such file" (a name too
    # long, a directory without search permission)
    problems: dict[str, str] = field(default_factory=dict)
    # directories under the paths given that could not be listed -> why
    unreadable: dict[str, str] = field(default_factory=dict)

    @property
    def file_count(self) -> int:
        return sum(len(v) for v in self.directories.values())


def display_path(path: str, cwd: str | None = None) -> str:
    """How a path is shown: relative to the working directory when below it, with ``/``."""
    cwd = cwd or os.getcwd()
    absolute = os.path.abspath(path)
    below = cwd.rstrip(os.sep) + os.sep
    rest = absolute[len(below):]
    if os.sep == "/":  # what relpath gives, without its cost
        if absolute.startswith(below):
            if rest and not rest.startswith(("..", "/")):
                return rest
        elif absolute != below[:-1] and "//" not in absolute and "//" not in below and "/." not in below:
            return absolute  # not below: relpath would climb out with ".."
    try:
        rel = os.path.relpath(absolute, cwd)
    except ValueError:  # pragma: no cover - other drive on Windows
        rel = absolute
    if rel.startswith(".."):
        rel = absolute
    return rel.replace(os.sep, "/")


def is_excluded(path: str, patterns: tuple[str, ...]) -> bool:
    """Whether a glob matches the path (as displayed), one of its directories, its name,
    or any trailing part of it: ``gen/*`` excludes ``svc/gen/x.go`` and ``/abs/gen/y.go``.
    Globs have gitignore syntax (pathspec): ``*`` stays within a name, ``**`` spans
    directories (``svc/**/mock_*.go``), a later ``!glob`` takes a path back."""
    if not patterns:
        return False
    spec = _exclude_spec(patterns)
    if spec is None:
        return False
    parts = [x for x in PurePosixPath(display_path(path)).parts if x != "/"]
    for i in range(len(parts)):
        for j in range(i + 1, len(parts) + 1):
            if spec.match_file("/".join(parts[i:j])):
                return True
    return False


@lru_cache(maxsize=64)
def _exclude_spec(patterns: tuple[str, ...]) -> "GitIgnoreSpec | None":
    from golint_ai.gitignore import compile_lines

    return compile_lines([p.rstrip("/").removeprefix("./") for p in patterns])


def _source_name(name: str) -> bool:
    """A Go file the go tool would read, or a Python file (``__init__.py`` included)."""
    if name.endswith(".go"):
        return not name.startswith((".", "_"))
    return name.endswith(".py") and not name.startswith(".")


def _regular(path: str) -> bool:
    """A regular file, or a symlink to one (never a pipe, socket or device)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return os.path.islink(path)  # a dangling link: reported as unreadable later


def _regular_entry(entry: os.DirEntry) -> bool:
    """:func:`_regular` from a directory entry: its type comes with the listing, so only
    symbolic links cost a ``stat``."""
    if entry.is_symlink():
        return _regular(entry.path)
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False


def _walk(top: str, onerror):
    """``os.walk(top, onerror=onerror)`` yielding directory entries (subdirectories a
    caller may prune in place, like ``os.walk``'s names), so files need no ``stat``."""
    stack = [top]
    while stack:
        root = stack.pop()
        try:
            with os.scandir(root) as it:
                entries = list(it)
        except OSError as exc:
            onerror(exc)
            continue
        subdirs, files = [], []
        for e in entries:
            try:
                is_dir = e.is_dir()
            except OSError:
                is_dir = False
            (subdirs if is_dir else files).append(e)
        yield root, subdirs, files
        stack.extend(os.path.join(root, e.name) for e in reversed(subdirs))


def discover(
    paths: list[str],
    exclude: tuple[str, ...] = (),
    *,
    respect_gitignore: bool = True,
    force_exclude: bool = False,
    virtual: frozenset[str] = frozenset(),
) -> Discovered:
    """Group the ``.go`` and ``.py`` files under ``paths`` by directory.

    ``virtual``: absolute paths of files whose text comes from elsewhere (standard
    input): taken as given files whether or not they exist on disk."""
    from golint_ai.gitignore import GitIgnore

    out = Discovered()
    explicit_files: dict[str, set[str]] = {}
    dirs: dict[str, set[str]] = {}
    for raw in paths:
        if os.path.abspath(raw) in virtual:
            if not is_excluded(raw, exclude):
                explicit_files.setdefault(os.path.dirname(os.path.abspath(raw)), set()).add(os.path.abspath(raw))
            continue
        try:
            os.stat(raw)
        except (OSError, ValueError) as exc:
            out.missing.append(raw)
            if isinstance(exc, OSError) and exc.errno not in (errno.ENOENT, None):
                out.problems[raw] = exc.strerror or str(exc)
            elif isinstance(exc, ValueError):
                out.problems[raw] = "invalid path"
            continue
        if not os.path.isdir(raw):
            if is_excluded(raw, exclude):
                continue
            if force_exclude and respect_gitignore and GitIgnore.for_directory(os.path.dirname(os.path.abspath(raw))).ignored(raw, False):
                continue
            d = os.path.dirname(os.path.abspath(raw))
            explicit_files.setdefault(d, set()).add(os.path.abspath(raw))
            continue
        def unreadable(exc: OSError) -> None:
            where = exc.filename if isinstance(exc.filename, str) else raw
            out.unreadable[os.path.abspath(where)] = exc.strerror or str(exc)

        git = GitIgnore.for_directory(raw) if respect_gitignore else None
        for root, subdirs, files in _walk(raw, unreadable):
            aroot = os.path.abspath(root)  # once per directory: each abspath of a relative path asks for the cwd
            subdirs[:] = sorted((
                e for e in subdirs
                if e.name not in SKIP_DIRS and not e.name.startswith((".", "_"))
                and not e.is_symlink()
                and not is_excluded(os.path.join(root, e.name), exclude)
                and not (git is not None and git.ignored(os.path.join(aroot, e.name), True))
            ), key=lambda e: e.name)
            gofiles = {
                os.path.join(aroot, e.name)
                for e in files
                if _source_name(e.name) and _regular_entry(e) and not is_excluded(os.path.join(root, e.name), exclude)
                and not (git is not None and git.ignored(os.path.join(aroot, e.name), False))
            }
            if gofiles:
                dirs.setdefault(aroot, set()).update(gofiles)
    for d, files in explicit_files.items():
        if d in dirs:
            continue  # the whole directory is analysed anyway
        siblings = set()
        if not any(f.endswith(".go") for f in files):
            out.directories[d] = sorted((f, True) for f in files)
            continue  # Python files are analysed one by one: no package to read
        try:
            for f in os.listdir(d):
                full = os.path.join(d, f)
                if f.endswith(".go") and not f.startswith((".", "_")) and os.path.isfile(full) and not is_excluded(full, exclude):
                    siblings.add(full)
        except OSError:
            pass
        siblings |= files
        out.directories[d] = sorted((f, f in files) for f in siblings)
    for d, files in dirs.items():
        out.directories[d] = sorted((f, True) for f in files)
    out.directories = dict(sorted(out.directories.items()))
    out.unreadable = dict(sorted(out.unreadable.items()))
    return out
