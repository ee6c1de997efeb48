"""What an analysis read from disk, so that a result cache can tell whether it still holds.

Every read of a Go source file, ``go.mod``, cgo header or directory listing made while
analysing goes through this module, which keeps a *print* of what was read (file type,
size, modification time, length read and a content digest) taken at the moment of
reading, and the derived *units* an analysis relied on (which ``go.mod`` governs a
directory, where an import resolves, which directories a module has), each filed under
the directory it is about. While a directory is analysed (:func:`start_trace`), the
files it read and the directories it used are collected into a :class:`Trace`; a
:class:`Chunk` is everything the process knows about one directory, and an analysis
depends on the chunks of the directories in its trace.

Process-wide memos must keep traces complete however warm they are:

- a memo of one directory's own facts (its imports, the names it mentions) records the
  directory on every use, hit or miss (:func:`use_dir`);
- a memo of facts reaching through other directories (which packages can reach cgo) is
  an :class:`Memo`: a hit replays the directories its computation used;
- a memo that does neither is registered with :func:`per_job` and emptied before each
  traced directory, so its inputs are read, and recorded, again.

Memos of what was read from disk are registered with :func:`per_run` and emptied when a
cached run starts (:func:`new_run`), so a long-lived process never answers from an older
disk. Nothing here changes what is read or computed; prints are kept only in a run that
uses a cache, otherwise a read is just a read.
"""

from __future__ import annotations

import itertools
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
    """What one directory's analysis used: the files it read and the directories whose
    inputs it depended on."""

    def __init__(self) -> None:
        self.files: set[str] = set()
        self.dirs: set[str] = set()
        self.replayed: set[frozenset[str]] = set()  # memo hits' sets of directories already added
        self.cacheable = True


_PRINTS: dict[str, Print] = {}  # path -> print of its first read in this process
_READ_IN: dict[str, set[str]] = {}  # directory -> paths read in it
_LISTINGS: dict[str, tuple[str, ...]] = {}  # directory -> its .go names, first listing
_UNITS: dict[str, dict[tuple[str, str], Any]] = {}  # directory -> derived facts about it
_GROWN: dict[str, int] = {}  # directory -> when its chunk (listing, files read, units) last grew
_TICKS = itertools.count(1)
_EXTRA_DIRS: dict[str, set[str]] = {}  # package directory -> directories read on its behalf (cgo headers)
_UNSTABLE: set[str] = set()  # paths and directories that changed while this process ran
_PER_JOB: list[Callable[[], None]] = []
_PER_RUN: list[Callable[[], None]] = []
_trace: Trace | None = None
_COLLECTORS: list[set[str]] = []  # directories used by the memo computations under way
_recording = False  # a cached run: keep prints


def per_job(clear: Callable[[], None]) -> Callable[[], None]:
    """Register a memo's ``clear`` to run before each traced directory."""
    _PER_JOB.append(clear)
    return clear


_FORGET: list[Callable[[set[str]], None]] = []


def on_forget(drop: Callable[[set[str]], None]) -> Callable[[set[str]], None]:
    """Register ``drop(directories)``: a memo forgetting what it derived from the files
    of those directories (see :func:`forget`)."""
    _FORGET.append(drop)
    return drop


def forget(directories: set[str]) -> None:
    """Forget what this process derived from the files of ``directories`` and emptied
    the per-job memos, as before each traced directory: a long-lived process (the
    language server's analysis worker) analysing a directory whose buffers changed
    asks its memos again about it, and about the directories importing it (the caller
    names them), instead of answering from their earlier contents."""
    for drop in _FORGET:
        drop(directories)
    for clear in _PER_JOB:
        clear()


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
    _UNITS.clear()
    _GROWN.clear()
    _EXTRA_DIRS.clear()
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
    _COLLECTORS.clear()


def tracing() -> bool:
    return _trace is not None


_FACT_STORE: Any = None  # facts about directories' bytes kept across runs, by the result cache


def set_fact_store(store: Any) -> None:
    """Where facts about a directory's bytes (its imports, what it mentions) are kept
    across runs: an object with ``load(directory) -> dict | None`` (answering them
    without reading the files, whose prints it remembers as read) and ``save(directory,
    facts)`` (the facts derived from the files read in this process). Used only while a
    directory is traced."""
    global _FACT_STORE
    _FACT_STORE = store


def fact_store() -> Any:
    return _FACT_STORE if _trace is not None else None


def remember_read(path: str, p: Print) -> None:
    """A read answered from a stored print (the file's stat is the one the print was
    taken with): remembered as if the file had been read now."""
    if _recording:
        _remember(path, p)


def read_cleanly(path: str) -> "Print | None":
    """The print of ``path``'s read in this process when it is a whole, settled read
    (not racy, not seen to change since): what may be stored to answer for it later."""
    p = _PRINTS.get(path)
    if p is None or p.digest is None or p.racy or path in _UNSTABLE:
        return None
    return p


def uncacheable() -> None:
    """What the current directory saw cannot be described by prints (an unreadable
    file, editor buffers): its result is not cached."""
    if _trace is not None:
        _trace.cacheable = False


def _used(directory: str) -> None:
    if _trace is not None:
        _trace.dirs.add(directory)
        if _COLLECTORS:  # the innermost computation; it hands its set on when it ends
            _COLLECTORS[-1].add(directory)


def _remember(path: str, p: Print) -> None:
    old = _PRINTS.get(path)
    if old is None:
        _PRINTS[path] = p
        directory = os.path.dirname(path)
        _READ_IN.setdefault(directory, set()).add(path)
        _GROWN[directory] = next(_TICKS)
    elif (old.kind, old.size, old.mtime_ns, old.digest) != (p.kind, p.size, p.mtime_ns, p.digest if old.digest is not None else None):
        _UNSTABLE.add(path)
    if _trace is not None:
        _trace.files.add(path)
        if _COLLECTORS:
            _used(os.path.dirname(path))


def read(path: str, limit: int = -1) -> bytes:
    """The bytes of ``path`` (at most ``limit``), remembering the read's print. Raises
    OSError as ``open`` does."""
    now = time.time_ns()
    with open(path, "rb", buffering=0) as fh:
        st = os.fstat(fh.fileno())
        data = _read_sized(fh, st.st_size, limit)
    if not _recording:
        return data
    _remember(path, Print(stat.S_IFMT(st.st_mode), st.st_size, st.st_mtime_ns, len(data), digest(data), now - st.st_mtime_ns < RACY_NS))
    return data


def _read_sized(fh, size: int, limit: int) -> bytes:
    """Up to ``limit`` bytes (all when negative) of an unbuffered file whose size was
    ``size`` at open: one read of that size (a read asked for ``limit`` bytes would
    allocate them all first), then whatever the file grew by since."""
    want = size + 1 if limit < 0 else min(limit, size + 1)
    data = fh.read(want)
    if len(data) < want:
        return data
    rest = fh.readall() if limit < 0 else fh.read(limit - len(data)) if limit > len(data) else b""
    return data + rest if rest else data


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
    old = _LISTINGS.get(directory)
    if old is None:
        _LISTINGS[directory] = go
        _GROWN[directory] = next(_TICKS)
    elif old != go:
        _UNSTABLE.add(directory)
    _used(directory)
    return names


def use_dir(directory: str) -> None:
    """The current directory's analysis uses what is known about ``directory``'s package
    (its listing, the files read there and on its behalf)."""
    if _trace is not None:
        _used(directory)
        if directory not in _LISTINGS:
            try:
                listing(directory)
            except OSError:
                _LISTINGS[directory] = ()
                _GROWN[directory] = next(_TICKS)


def use_file(path: str) -> None:
    """The current analysis uses what was read from ``path`` earlier in this process."""
    if _trace is not None:
        _trace.files.add(path)
        if _COLLECTORS:
            _used(os.path.dirname(path))


def on_behalf(directory: str, path: str) -> None:
    """``path`` was read on behalf of ``directory``'s package (a cgo header): every
    analysis using that package depends on it too."""
    _EXTRA_DIRS.setdefault(directory, set()).add(os.path.dirname(path))
    use_file(path)


def absent_for(directory: str, path: str) -> None:
    """``path`` was looked for on behalf of ``directory``'s package and not found."""
    where = os.path.dirname(path)
    _EXTRA_DIRS.setdefault(directory, set()).add(where)
    unit("absent", where, path, True)


def unit(kind: str, directory: str, key: str, value: Any) -> None:
    """The current analysis used a derived fact ``kind(key) == value`` about
    ``directory`` (``value`` JSON-serialisable); :mod:`golint_ai.cache` recomputes it
    to check an entry."""
    if _recording:
        facts = _UNITS.get(directory)
        if facts is None:
            facts = _UNITS[directory] = {}
        if (kind, key) not in facts:
            _GROWN[directory] = next(_TICKS)
        facts[(kind, key)] = value
    _used(directory)


class Memo:
    """A memo of facts that reach through other directories (which packages can reach
    cgo), kept for the run: a hit replays, into the current trace, the directories the
    fact's computation used, so it is as if computed again."""

    def __init__(self) -> None:
        self.values: dict = {}
        self.used: dict = {}
        self.busy: set = set()
        per_run(self.clear)

    def clear(self) -> None:
        self.values.clear()
        self.used.clear()
        self.busy.clear()

    def forget(self, directories: set[str]) -> None:
        """Drop the facts about ``directories`` (keys whose first element is one)."""
        for key in [k for k in self.values if isinstance(k, tuple) and k and k[0] in directories]:
            self.values.pop(key, None)
            self.used.pop(key, None)

    def compute(self, key: Any, placeholder: Any, fn: Callable[[], Any]) -> Any:
        """``fn()``, memoised; ``placeholder`` answers calls for ``key`` made while it is
        being computed (an import cycle)."""
        if key in self.values:
            used = self.used.get(key)
            if used is not None or key in self.busy or _trace is None:
                if used and _trace is not None:
                    if used not in _trace.replayed:  # every file of a package asks the same
                        _trace.replayed.add(used)
                        _trace.dirs.update(used)
                    if _COLLECTORS:
                        _COLLECTORS[-1].update(used)
                return self.values[key]
        self.values[key] = placeholder
        self.busy.add(key)
        collected: set[str] | None = set() if _trace is not None else None
        if collected is not None:
            _COLLECTORS.append(collected)
        try:
            value = fn()
        finally:
            self.busy.discard(key)
            if collected is not None:
                for i in range(len(_COLLECTORS) - 1, -1, -1):  # by identity: sets compare by value
                    if _COLLECTORS[i] is collected:
                        del _COLLECTORS[i]
                        break
                if _COLLECTORS:  # what this computation used, the one asking for it used too
                    _COLLECTORS[-1].update(collected)
        self.values[key] = value
        if collected is not None:
            used = frozenset(collected)
            self.used[key] = _USED_SETS.setdefault(used, used)  # facts of one import closure share one set
        return value


_USED_SETS: dict[frozenset, frozenset] = {}  # the distinct sets of directories memos used, each kept once
per_run(_USED_SETS.clear)
on_forget(lambda directories: _USED_SETS.clear())  # sets already handed out stay valid


class Chunk:
    """Everything this process knows it read about one directory: its listing, the
    prints of the files read there, the derived facts about it. A superset of what any
    one analysis used there: checking more than was used can only cost a re-analysis,
    never a stale result."""

    __slots__ = ("directory", "listing", "files", "units")

    def __init__(self, directory: str) -> None:
        self.directory = directory
        self.listing = _LISTINGS.get(directory)
        self.files = {p: _PRINTS[p] for p in _READ_IN.get(directory, ())}
        self.units = dict(_UNITS.get(directory, {}))

    @staticmethod
    def version(directory: str) -> int:
        """Changes whenever the chunk of ``directory`` would (it only grows; 0: empty
        since the run started)."""
        return _GROWN.get(directory, 0)


def expand(trace: Trace) -> list[str] | None:
    """The directories whose chunks a trace depends on; None when something there
    changed while this process ran (or could not be printed)."""
    if not trace.cacheable:
        return None
    dirs = set(trace.dirs)
    for p in trace.files:
        dirs.add(os.path.dirname(p))
    for d in trace.dirs:
        dirs |= _EXTRA_DIRS.get(d, set())
    if _UNSTABLE:
        for d in dirs:
            if d in _UNSTABLE or any(p in _UNSTABLE for p in _READ_IN.get(d, ())):
                return None
    return sorted(dirs)


def print_of(path: str) -> Print | None:
    return _PRINTS.get(path)


def go_names(directory: str) -> tuple[str, ...]:
    return tuple(n for n in sorted(os.listdir(directory)) if n.endswith(".go"))
