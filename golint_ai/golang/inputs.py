"""What an analysis read from disk, so that a result cache can tell whether it still holds.

Every read of a Go source file, ``go.mod``, cgo header or directory listing made while
analysing goes through this module, which keeps a *print* of what was read (file type,
size, modification time, length read and a content digest) taken at the moment of
reading. While a directory is analysed under :func:`tracing`, the paths, directories and
derived *units* (which ``go.mod`` governs a directory, where an import resolves, which
directories a module has) it used are collected into a :class:`Trace`; a memo that hands
a directory's data to later directories records its directory on every use (hit or
miss), so a trace is complete however warm the process-wide memos are.

Memos that derive facts about a directory from other directories' data (which packages
reach cgo, method sets, constructors) are registered with :func:`per_job` and emptied at
the start of each traced directory, so their inputs are read, and recorded, again.
Memos holding what was read from disk are registered with :func:`per_run` and emptied
when a cached run starts, so a long-lived process never answers from an older disk.
Nothing here changes what is read or computed. Prints are kept only in a run that
uses a cache (:func:`new_run`); otherwise a read is just a read.
"""

from __future__ import annotations

import os
import stat
import time
from typing import Any, Callable

# A modification time this close to the moment of reading may be followed by another
# write within the same timestamp tick: such a print is "racy" and is checked by content.
RACY_NS = 2_000_000_000


def digest(data: bytes) -> str:
    import hashlib

    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Print:
    """What a read saw: ``(type, size, mtime_ns)`` from ``fstat`` of the open file, how
    many bytes were read and their digest (None when only the stat was taken)."""

    __slots__ = ("kind", "size", "mtime_ns", "length", "digest", "racy")

    def __init__(self, kind: int, size: int, mtime_ns: int, length: int | None = None, digest: str | None = None, racy: bool = False) -> None:
        self.kind, self.size, self.mtime_ns = kind, size, mtime_ns
        self.length, self.digest, self.racy = length, digest, racy

    def as_list(self) -> list:
        return [self.kind, self.size, self.mtime_ns, self.length, self.digest, self.racy]

    @classmethod
    def from_list(cls, v: list) -> "Print":
        return cls(int(v[0]), int(v[1]), int(v[2]), v[3], v[4], bool(v[5]))


class Trace:
    """What one directory's analysis used."""

    def __init__(self) -> None:
        self.files: set[str] = set()
        self.dirs: set[str] = set()
        self.units: dict[tuple[str, str], Any] = {}
        self.cacheable = True


_PRINTS: dict[str, Print] = {}  # path -> print of its first read in this process
_READ_IN: dict[str, set[str]] = {}  # directory -> paths read in it
_LISTINGS: dict[str, tuple[str, ...]] = {}  # directory -> its .go names, first listing
_EXTRAS: dict[str, set[str]] = {}  # directory -> files read on its package's behalf (cgo headers)
_ABSENT: dict[str, set[str]] = {}  # directory -> paths looked for on its behalf and not found
_UNSTABLE: set[str] = set()  # paths and directories that changed while this process ran
_PER_JOB: list[Callable[[], None]] = []
_PER_RUN: list[Callable[[], None]] = []
_trace: Trace | None = None
_recording = False  # a cached run: keep prints


def per_job(clear: Callable[[], None]) -> Callable[[], None]:
    """Register a memo's ``clear`` to run before each traced directory."""
    _PER_JOB.append(clear)
    return clear


def per_run(clear: Callable[[], None]) -> Callable[[], None]:
    """Register a memo's ``clear`` to run when a cached run starts."""
    _PER_RUN.append(clear)
    return clear


def new_run() -> None:
    """Forget everything read before: memos and prints (a cached run starts); from now
    on, reads are printed."""
    global _recording
    _recording = True
    for clear in _PER_RUN + _PER_JOB:
        clear()
    _PRINTS.clear()
    _READ_IN.clear()
    _LISTINGS.clear()
    _EXTRAS.clear()
    _ABSENT.clear()
    _UNSTABLE.clear()


def start_trace() -> Trace:
    global _trace, _recording
    _recording = True
    for clear in _PER_JOB:
        clear()
    _trace = Trace()
    return _trace


def stop_trace() -> None:
    global _trace
    _trace = None


def tracing() -> bool:
    return _trace is not None


def uncacheable() -> None:
    """What the current directory saw cannot be described by prints (an unreadable
    file, editor buffers): its result is not cached."""
    if _trace is not None:
        _trace.cacheable = False


def _remember(path: str, p: Print) -> None:
    old = _PRINTS.get(path)
    if old is None:
        _PRINTS[path] = p
        _READ_IN.setdefault(os.path.dirname(path), set()).add(path)
    elif (old.kind, old.size, old.mtime_ns, old.digest) != (p.kind, p.size, p.mtime_ns, p.digest if old.digest is not None else None):
        _UNSTABLE.add(path)
    if _trace is not None:
        _trace.files.add(path)


def read(path: str, limit: int = -1) -> bytes:
    """The bytes of ``path`` (at most ``limit``), remembering the read's print. Raises
    OSError as ``open`` does."""
    if not _recording:
        with open(path, "rb") as fh:
            return fh.read(limit)
    now = time.time_ns()
    with open(path, "rb") as fh:
        st = os.fstat(fh.fileno())
        data = fh.read(limit)
    _remember(path, Print(stat.S_IFMT(st.st_mode), st.st_size, st.st_mtime_ns, len(data), digest(data), now - st.st_mtime_ns < RACY_NS))
    return data


def stat_only(path: str, st: os.stat_result) -> None:
    """Remember a decision taken from a file's stat alone (not a regular file, too large)."""
    if not _recording:
        return
    _remember(path, Print(stat.S_IFMT(st.st_mode), st.st_size, st.st_mtime_ns, None, None, time.time_ns() - st.st_mtime_ns < RACY_NS))


def read_regular(path: str, limit: int) -> bytes | None:
    """The bytes of a regular file of at most ``limit`` bytes, else None; OSError as
    ``open`` raises it. The decision is remembered either way."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
        stat_only(path, st)
        return None
    data = read(path, limit + 1)
    return data if len(data) <= limit else None


def listing(directory: str) -> list[str]:
    """``sorted(os.listdir(directory))``, remembering its ``.go`` names."""
    names = sorted(os.listdir(directory))
    go = tuple(n for n in names if n.endswith(".go"))
    old = _LISTINGS.setdefault(directory, go)
    if old != go:
        _UNSTABLE.add(directory)
    if _trace is not None:
        _trace.dirs.add(directory)
    return names


def use_dir(directory: str) -> None:
    """The current directory's analysis uses what is known about ``directory``'s package
    (its listing, the files read there and on its behalf)."""
    if _trace is not None:
        _trace.dirs.add(directory)
        if directory not in _LISTINGS:
            try:
                listing(directory)
            except OSError:
                _LISTINGS[directory] = ()


def use_file(path: str) -> None:
    """The current analysis uses what was read from ``path`` earlier in this process."""
    if _trace is not None:
        _trace.files.add(path)


def on_behalf(directory: str, path: str) -> None:
    """``path`` was read on behalf of ``directory``'s package (a cgo header): every
    analysis using that package depends on it too."""
    _EXTRAS.setdefault(directory, set()).add(path)
    use_file(path)


def absent_for(directory: str, path: str) -> None:
    """``path`` was looked for on behalf of ``directory``'s package and not found."""
    _ABSENT.setdefault(directory, set()).add(path)
    if _trace is not None:
        _trace.units[("absent", path)] = True


def unit(kind: str, key: str, value: Any) -> None:
    """The current analysis used a derived fact ``kind(key) == value`` (``value``
    JSON-serialisable); :mod:`golint_ai.cache` recomputes it to check an entry."""
    if _trace is not None:
        _trace.units[(kind, key)] = value


class Inputs:
    """A trace expanded into what can be checked later."""

    def __init__(self, files: dict[str, Print], listings: dict[str, tuple[str, ...]], units: dict[tuple[str, str], Any]) -> None:
        self.files, self.listings, self.units = files, listings, units


def expand(trace: Trace) -> Inputs | None:
    """The prints, listings and units a trace stands for; None when something it used
    changed while this process ran (or could not be printed)."""
    if not trace.cacheable:
        return None
    files = set(trace.files)
    listings: dict[str, tuple[str, ...]] = {}
    units = dict(trace.units)
    for d in trace.dirs:
        if d in _UNSTABLE:
            return None
        listings[d] = _LISTINGS.get(d, ())
        files |= _READ_IN.get(d, set())
        files |= _EXTRAS.get(d, set())
        for p in _ABSENT.get(d, ()):
            units[("absent", p)] = True
    prints: dict[str, Print] = {}
    for p in files:
        if p in _UNSTABLE or p not in _PRINTS:
            return None
        prints[p] = _PRINTS[p]
    return Inputs(prints, listings, units)


def go_names(directory: str) -> tuple[str, ...]:
    return tuple(n for n in sorted(os.listdir(directory)) if n.endswith(".go"))
