"""The result cache of ``check``: one entry per analysed directory (its Go package and
Python files), like ruff's cache.

An entry is found by a key naming everything the result is a function of besides file
contents: the tool (its version and the digest of its own code, the data tables and the
parser), the directory's effective settings, the working directory (paths are shown
relative to it), the directory and its files with which of them are reported. It holds
the directory's findings, notifications and counts, and the *inputs* the analysis read
(:mod:`golint_ai.golang.inputs`): a print of every file it read (its own files, the
packages whose summaries and declarations it used, ``go.mod`` files, cgo headers), the
listings of those packages' directories, and the derived facts it relied on (where an
import resolves, which ``go.mod`` governs a directory, which directories a module has).
An entry is used only when every input still holds: a file whose size and modification
time are unchanged is taken as unchanged (unless it was modified within two seconds of
being read: then, and whenever the stat differs, its content digest decides). So an
edit re-analyses the edited directory and every directory whose analysis read it, and
nothing else.

The inputs are stored in chunks, one per directory they concern, each named by the
digest of its content: the packages a directory's analysis reads are read by its
neighbours' analyses too, so an entry lists the names of its chunks, most of them
shared, and a run checks each chunk once. A chunk holds everything the writing process
read about its directory, which may be more than one analysis used: checking more can
only cost a re-analysis, never a stale result.

A third table keeps facts about each directory's bytes across runs (its imports, which
needles it mentions: :class:`DirectoryFacts`), named by its files' names and stats, so a
re-analysis after an edit does not read every package below the edited one again.

Entries, chunks and facts are JSON, kept as rows of one SQLite database (``v3/cache.db``, a
write-ahead log and no flushes to disk: a cache needs no durability). One file written
by appends costs a cold run a fraction of what creating a file per entry does, and
SQLite's locking makes concurrent runs safe: the rows of a batch of directories are
written in one transaction, a reader sees whole rows. An entry or chunk that cannot be
parsed or checked (a chunk whose content does not match its name) is ignored and
rewritten; a database that is not one (truncated, overwritten) is replaced.

Each row carries the day it was last written or read (a row read on a later day is
marked again with the process's next write, once that day); a process's first write
drops the rows no run has used for ``KEEP_DAYS`` days (entries of files since edited,
of settings and tool versions no longer run, chunks and facts of files as they were),
like ruff's cache. The database of an older format is removed when this one is created.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable

import msgspec

from golint_ai.diagnostics import Applicability, Diagnostic, Edit, Fix, Notification, Related, Span
from golint_ai.golang import inputs

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.runner import DirectoryJob, RunResult

FORMAT = 3
KEEP_DAYS = 30  # a row no run has used for this long is dropped
DIR_NAME = ".golint-ai_cache"
ENV = "GOLINT_AI_CACHE_DIR"
ROOT_MARKERS = (".golint-ai.toml", "pyproject.toml", "go.mod", ".git")


def _today() -> int:
    """The day number (UTC) stored with the rows a process writes or reads."""
    import time

    return int(time.time() // 86400)


def default_directory(cwd: str | None = None) -> str:
    """``$GOLINT_AI_CACHE_DIR``, else ``.golint-ai_cache`` in the project root: the
    nearest directory from ``cwd`` up holding a configuration file, ``go.mod`` or
    ``.git`` (else ``cwd`` itself)."""
    env = os.environ.get(ENV)
    if env:
        return os.path.abspath(env)
    start = os.path.abspath(cwd or os.getcwd())
    d = start
    while True:
        if any(os.path.exists(os.path.join(d, m)) for m in ROOT_MARKERS):
            return os.path.join(d, DIR_NAME)
        parent = os.path.dirname(d)
        if parent == d:
            return os.path.join(start, DIR_NAME)
        d = parent


@lru_cache(maxsize=1)
def tool_key() -> str:
    """The version, the tool's own code (names, sizes and modification times of its
    modules and queries), the data tables' contents, and the installed parser and
    libcst, and msgspec, whose records the entries hold (where their modules are, their
    sizes and modification times)."""
    from importlib.util import find_spec

    import golint_ai
    from golint_ai.knowledge import data_dir

    parts: list[str] = [golint_ai.__version__, sys.version]
    for dist in ("tree_sitter", "tree_sitter_go", "libcst", "msgspec"):
        spec = find_spec(dist)
        origin = spec.origin if spec is not None else None
        if origin and os.path.exists(origin):
            st = os.stat(origin)
            parts.append(f"{dist}:{origin}:{st.st_size}:{st.st_mtime_ns}")
        else:
            parts.append(f"{dist}:none")
    root = os.path.dirname(os.path.abspath(golint_ai.__file__))
    for base, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".scm", ".toml")):
                st = os.stat(os.path.join(base, name))
                parts.append(f"{os.path.relpath(os.path.join(base, name), root)}:{st.st_size}:{st.st_mtime_ns}")
    tables = data_dir()
    for path in sorted(tables.glob("*.toml")):
        parts.append(f"{path.name}:{inputs.digest(path.read_bytes())}")
    return inputs.digest("\n".join(parts).encode())


# SQLite result codes of a database that is fine but cannot be written now: busy,
# locked, permission denied, read-only, full, cannot open.
_TRANSIENT = frozenset({5, 6, 3, 8, 13, 14})
_TRANSIENT_WORDS = ("locked", "busy", "readonly", "read-only", "permission", "full", "unable to open")


def _transient(exc: Exception) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11 and later
    if code is not None:
        return code & 0xFF in _TRANSIENT  # the primary code of an extended one
    return any(w in str(exc).lower() for w in _TRANSIENT_WORDS)


def _sqlite() -> Any:
    """The ``sqlite3`` module, or None on a Python built without it (then there is no
    cache: every look-up misses, nothing is written)."""
    try:
        import sqlite3
    except ImportError:  # pragma: no cover - CPython builds ship it
        return None
    return sqlite3


_TABLES = ("entries", "chunks", "facts")


def _remove_older_formats(root: str) -> None:
    """Remove the databases of older formats under the cache directory ``root``
    (``v2/cache.db``, ...): nothing reads them again. Only those files go, and their
    directory when that leaves it empty (``--cache-dir`` may name a directory that
    holds other things)."""
    import re

    try:
        names = os.listdir(root)
    except OSError:
        return
    for name in names:
        m = re.fullmatch(r"v(\d+)", name)
        if m is None or int(m.group(1)) >= FORMAT:
            continue
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(os.path.join(root, name, "cache.db" + suffix))
            except OSError:
                pass
        try:
            os.rmdir(os.path.join(root, name))
        except OSError:
            pass


class _Database:
    """The entries, chunks and facts tables of one SQLite file, opened on first use in each
    process. Never raises: a read that fails is a miss, a write that fails is skipped,
    and a file that is not a database is replaced."""

    def __init__(self, path: str, ensure_root: "Callable[[], None]") -> None:
        self.path = path
        self._ensure_root = ensure_root
        self._conn: Any = None
        self._pid = 0
        self._today = _today()
        self._touched: list[tuple[str, str]] = []  # (table, name) of rows read that carry an older day
        self._pruned = False  # old rows are dropped by a process's first write only

    def close(self) -> None:
        if self._conn is not None and self._pid == os.getpid():
            try:
                self._conn.close()
            except Exception:  # pragma: no cover - closing a broken connection
                pass
        self._conn = None

    def _connect(self, create: bool) -> Any:
        if self._conn is not None and self._pid == os.getpid():
            return self._conn
        self._conn = None  # a connection inherited across a fork is never used
        sqlite3 = _sqlite()
        if sqlite3 is None or (not create and not os.path.exists(self.path)):
            return None
        if create:
            self._ensure_root()
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            _remove_older_formats(os.path.dirname(os.path.dirname(self.path)))
        conn = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("pragma journal_mode=wal")
            conn.execute("pragma synchronous=off")
            # The day before the data: a scan for old rows reads no blob.
            for table in _TABLES:
                conn.execute(f"create table if not exists {table} (name text primary key, used integer not null, data blob not null)")
        except BaseException:
            conn.close()
            raise
        self._conn, self._pid = conn, os.getpid()
        return conn

    def get(self, table: str, name: str) -> bytes | None:
        sqlite3 = _sqlite()
        if sqlite3 is None:
            return None
        try:
            conn = self._connect(create=False)
            if conn is None:
                return None
            row = conn.execute(f"select used, data from {table} where name = ?", (name,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None or not isinstance(row[1], (bytes, memoryview)):
            return None
        if row[0] != self._today:
            self._touched.append((table, name))
        return bytes(row[1])

    def empty(self, table: str) -> bool:
        """Whether ``table`` has no rows now (or there is no database); False when the
        database cannot be read (then look-ups are tried and miss)."""
        sqlite3 = _sqlite()
        if sqlite3 is None:
            return True
        try:
            conn = self._connect(create=False)
            return conn is None or conn.execute(f"select 1 from {table} limit 1").fetchone() is None
        except sqlite3.Error:
            return False

    def write(self, rows: "list[tuple[str, str, bytes, bool]]") -> None:
        """Write rows ``(table, name, data, replace)`` in one transaction: all or nothing
        (what is not written is computed again next time). ``replace`` False keeps a row
        already there (a chunk: the same name is the same content), marking it used
        today. The rows read since the last write are marked used today too, and (with
        this process's first write) the rows unused for ``KEEP_DAYS`` are dropped."""
        sqlite3 = _sqlite()
        touched, self._touched = self._touched, []
        if sqlite3 is None or not (rows or touched):
            return
        today = self._today
        for attempt in (1, 2):
            try:
                conn = self._connect(create=True)
                conn.execute("begin")
                try:
                    for table, name, data, replace in rows:
                        if replace:
                            conn.execute(f"insert or replace into {table} (name, used, data) values (?, ?, ?)", (name, today, data))
                        elif conn.execute(f"insert or ignore into {table} (name, used, data) values (?, ?, ?)", (name, today, data)).rowcount == 0:
                            conn.execute(f"update {table} set used = ? where name = ?", (today, name))  # already there
                    for table, name in touched:
                        conn.execute(f"update {table} set used = ? where name = ?", (today, name))
                    if not self._pruned:
                        for table in _TABLES:
                            conn.execute(f"delete from {table} where used < ?", (today - KEEP_DAYS,))
                    conn.execute("commit")
                except BaseException:
                    conn.execute("rollback")
                    raise
                self._pruned = True
                return
            except sqlite3.DatabaseError as exc:
                if attempt == 2 or _transient(exc):
                    return  # locked past the timeout, read-only, full: no cache this time
                self._replace()  # not a database, or a damaged one: start a new one
            except (sqlite3.Error, OSError):
                return

    def flush(self) -> None:
        """Mark the rows read since the last write as used today (once a day, at most:
        a row read on the day it was marked is not touched again)."""
        if self._touched:
            self.write([])

    def _replace(self) -> None:
        self.close()
        for suffix in ("", "-wal", "-shm"):
            try:
                os.unlink(self.path + suffix)
            except OSError:
                pass


class Cache:
    """Entries under ``directory``; checks of inputs are memoised for one run."""

    def __init__(self, directory: str) -> None:
        self.directory = os.path.abspath(directory)
        self.tool = tool_key()
        self.cwd = os.getcwd()
        self._files: dict[str, bool] = {}
        self._listings: dict[str, tuple[str, ...] | None] = {}
        self._units: dict[tuple[str, str], Any] = {}
        self._chunks: dict[str, bool] = {}
        self._written: dict[str, tuple] = {}  # directory -> (chunk version, name, content until stored)
        self._queue: list[tuple[str, str, bytes, bool]] = []  # rows written at the end of analyze()
        self._db = _Database(os.path.join(self.directory, f"v{FORMAT}", "cache.db"), self._ensure_root)
        self._facts = DirectoryFacts(self._db, self.tool)
        self.hits = 0
        self.misses = 0

    def __getstate__(self) -> dict:  # sent to worker processes without the run's memos
        return {"directory": self.directory, "tool": self.tool, "cwd": self.cwd}

    def __setstate__(self, state: dict) -> None:
        self.directory, self.tool, self.cwd = state["directory"], state["tool"], state["cwd"]
        self._files, self._listings, self._units, self._chunks, self._written = {}, {}, {}, {}, {}
        self._queue = []
        self._db = _Database(os.path.join(self.directory, f"v{FORMAT}", "cache.db"), self._ensure_root)
        self._facts = DirectoryFacts(self._db, self.tool)
        self.hits = self.misses = 0

    # -- keys and places ----------------------------------------------------------------
    def key(self, job: "DirectoryJob") -> str | None:
        if job.overrides:
            return None  # editor buffers: not what is on disk
        ident = [FORMAT, self.tool, self.cwd, repr(job.settings), job.report_unused, os.path.abspath(job.directory),
                 [[os.path.abspath(p), r] for p, r in job.files]]
        return inputs.digest(json.dumps(ident).encode())

    def empty(self) -> bool:
        """Whether the cache holds no entry at all (a first run)."""
        return self._db.empty("entries")

    def close(self) -> None:
        """Close this process's database connection (before forking workers: a
        connection must not cross a fork; each process opens its own on first use)."""
        self._db.close()

    def flush(self) -> None:
        """Mark what this process read as used today (see :meth:`_Database.write`)."""
        self._db.flush()

    # -- reading ---------------------------------------------------------------------
    def load(self, job: "DirectoryJob") -> "RunResult | None":
        """The cached result of ``job`` when every input it read still holds."""
        key = self.key(job)
        if key is None:
            return None
        try:
            data = self._db.get("entries", key)
            result = self._valid(json.loads(data), key) if data is not None else None
        except Exception:  # missing, unreadable, corrupt or foreign: analyse again
            result = None
        if result is None:
            self.misses += 1
        else:
            self.hits += 1
        return result

    def _valid(self, entry: Any, key: str) -> "RunResult | None":
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
            return None
        for text in entry["inline"]:  # the directory's own chunk, kept in its entry
            data = text.encode("utf-8")
            name = inputs.digest(data)
            if name not in self._chunks:
                self._chunks[name] = self._check_chunk(data)
        for chunk in entry["inputs"]:
            if not self._chunk_holds(chunk):
                return None
        result = _decode_result(entry["result"])
        for display, path, raw in entry["sources"]:
            p = inputs.Print.from_list(raw)
            if p.digest is None:
                return None
            with open(path, "rb") as fh:
                data = fh.read(p.length + 1)
            if len(data) != p.length or inputs.digest(data) != p.digest:
                return None  # changed since it was checked
            result.sources[display] = data
        return result

    def _chunk_holds(self, name: str) -> bool:
        """Whether the inputs recorded under ``name`` (one directory's listing, prints
        and derived facts; shared by every entry that used them) still hold."""
        if name not in self._chunks:
            data = self._db.get("chunks", name)
            self._chunks[name] = data is not None and inputs.digest(data) == name and self._check_chunk(data)
        return self._chunks[name]

    def _check_chunk(self, data: bytes) -> bool:
        try:
            chunk = json.loads(data)
            return bool(
                (chunk["listing"] is None or self._listing_holds(chunk["dir"], tuple(chunk["listing"])))
                and all(self._file_holds(path, inputs.Print.from_list(v)) for path, v in chunk["files"])
                and all(self._unit_holds(kind, k, value) for kind, k, value in chunk["units"])
            )
        except Exception:  # corrupt: the entry is not believed
            return False

    def _file_holds(self, path: str, p: inputs.Print) -> bool:
        if path not in self._files:
            self._files[path] = _file_holds(path, p)
        return self._files[path]

    def _listing_holds(self, directory: str, names: tuple[str, ...]) -> bool:
        if directory not in self._listings:
            try:
                self._listings[directory] = inputs.go_names(directory)
            except OSError:
                self._listings[directory] = ()
        return self._listings[directory] == names

    def _unit_holds(self, kind: str, key: str, value: Any) -> bool:
        if (kind, key) not in self._units:
            self._units[(kind, key)] = _normal(_recompute(kind, key))
        return self._units[(kind, key)] == value

    # -- writing ---------------------------------------------------------------------
    def store(self, job: "DirectoryJob", result: "RunResult", trace: inputs.Trace) -> None:
        """Write ``job``'s entry (never raises: a cache that cannot be written is no cache)."""
        key = self.key(job)
        if key is None:
            return
        dirs = inputs.expand(trace)
        if dirs is None:
            return
        by_display = {}
        cwd = os.getcwd()  # once: every display below is relative to it
        for path, _ in job.files:
            by_display.setdefault(_display(path, cwd), path)
        sources = []
        for display in sorted(result.sources):
            path = by_display.get(display)
            p = inputs.print_of(path) if path is not None else None
            if p is None or path not in trace.files:
                return
            sources.append([display, path, p.as_list()])
        own = os.path.abspath(job.directory)
        try:
            chunks = [self._chunk(d, on_disk=d != own)[0] for d in dirs]
            content = self._chunk(own, on_disk=False)[1] if own in dirs else None
            inline = [content.decode("utf-8")] if content is not None else []  # else already stored
            entry = {"format": FORMAT, "key": key, "inputs": chunks, "inline": inline, "sources": sources, "result": _encode_result(result)}
            self._queue.append(("entries", key, msgspec.json.encode(entry), True))
        except (OSError, TypeError, ValueError, msgspec.EncodeError):
            pass

    def _chunk(self, directory: str, on_disk: bool) -> tuple[str, bytes | None]:
        """The name and content of what is known about ``directory`` now; ``on_disk``:
        stored under the name (once: the same name is the same content). A directory's
        own chunk is kept in its entry instead, and stored only when another entry
        needs it. The content is None once stored (it is not kept in memory then)."""
        version = inputs.Chunk.version(directory)
        known = self._written.get(directory)
        if known is None or known[0] != version:
            data = _chunk_json(inputs.Chunk(directory))
            known = (version, inputs.digest(data), data)
        if on_disk and known[2] is not None:
            self._queue.append(("chunks", known[1], known[2], False))  # the same name is the same content
            known = (version, known[1], None)
        self._written[directory] = known
        return known[1], known[2]

    def _ensure_root(self) -> None:
        ignore = os.path.join(self.directory, ".gitignore")
        if os.path.exists(ignore):
            return
        os.makedirs(self.directory, exist_ok=True)
        for name, text in ((".gitignore", "# Automatically created by golint-ai.\n*\n"),
                           ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# golint-ai's result cache.\n")):
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
            with os.fdopen(fd, "w") as fh:
                fh.write(text)
            os.replace(tmp, os.path.join(self.directory, name))

    def analyze(self, jobs: "list[DirectoryJob]") -> "list[RunResult]":
        """Analyse ``jobs`` (misses) and store their entries, with the facts learnt, in
        one transaction (not a round trip to the database per entry, chunk and facts
        row: about 3,700 of them in a cold run on weaviate)."""
        from golint_ai.runner import analyze_directory

        results = []
        self._facts.look_again()
        try:
            for job in jobs:
                trace = inputs.start_trace()
                inputs.set_fact_store(self._facts)
                try:
                    result = analyze_directory(job)
                finally:
                    inputs.set_fact_store(None)
                    inputs.stop_trace()
                if not any(n.kind == "internal" for n in result.notifications):
                    self.store(job, result, trace)
                results.append(result)
        finally:
            rows, self._queue = self._queue, []
            self._db.write(rows + self._facts.rows())
        return results


class DirectoryFacts:
    """Facts about the bytes of one directory's non-test Go files (their imports, and
    which needles they mention), kept across runs in the ``facts`` table under a name
    made of the tool, the directory and each file's name and stat: a warm run finds
    them by listing and stat'ing the directory, without reading its files. The prints
    of the reads they were computed from are stored with them and remembered as read
    (so the entries of the analyses using them depend on those files as if read). A
    racy read (a file written within two seconds of being read) is never stored."""

    def __init__(self, db: _Database, tool: str) -> None:
        self._db = db
        self._tool = tool
        self._pending: dict[str, dict] = {}  # directory -> its facts, written with the next rows()
        self._none_stored: bool | None = None  # the table was empty when this batch first looked

    def look_again(self) -> None:
        """Ask the table again whether it is empty: in a cold run, the other workers
        store facts as their batches end, and a directory one of them described need
        not be read here."""
        if self._none_stored:
            self._none_stored = None

    def _name(self, directory: str, stats: list) -> str:
        return inputs.digest(json.dumps([FORMAT, self._tool, directory, stats]).encode())

    def load(self, directory: str) -> "dict | None":
        if self._none_stored is None:
            self._none_stored = self._db.empty("facts")
        if self._none_stored:
            return None  # a cold cache: no listing and stat of every directory asked about
        try:
            names = _package_sources(inputs.listing(directory))
            stats = []
            for n in names:
                st = os.stat(os.path.join(directory, n))
                stats.append([n, stat.S_IFMT(st.st_mode), st.st_size, st.st_mtime_ns])
        except OSError:
            return None
        name = self._name(directory, stats)
        data = self._db.get("facts", name)
        if data is None:
            return None
        try:
            facts = json.loads(data)
            prints = [(os.path.join(directory, n), inputs.Print.from_list(raw)) for n, raw in facts["prints"]]
            if [n for n, _ in facts["prints"]] != names or any(p.racy or p.digest is None for _, p in prints):
                return None
            record = {"imports": facts.get("imports"), "mentions": dict(facts.get("mentions", {}))}
        except (ValueError, KeyError, TypeError, IndexError):
            return None  # not ours, or damaged: computed again (and stored)
        for path, p in prints:
            inputs.remember_read(path, p)
        return record

    def save(self, directory: str, facts: dict) -> None:
        """Store ``facts`` (``imports``, ``mentions``; computed from the files of
        ``directory`` read in this process) with the next :meth:`rows`."""
        self._pending[directory] = facts

    def rows(self) -> "list[tuple[str, str, bytes, bool]]":
        """The rows to write for the facts saved since the last call, with the prints of
        the reads they came from (nothing for a directory one of whose files was not
        read cleanly), added to what another process stored under the same name (facts
        it computed that this one did not need)."""
        if not self._pending:
            return []
        pending, self._pending = self._pending, {}
        rows = []
        for directory in sorted(pending):
            try:
                names = _package_sources(inputs.go_names(directory))
            except OSError:
                continue
            prints = [[n, p.as_list()] for n in names if (p := inputs.read_cleanly(os.path.join(directory, n))) is not None]
            if len(prints) != len(names):
                continue
            name = self._name(directory, [[n, raw[0], raw[1], raw[2]] for n, raw in prints])
            facts = {"prints": prints, "imports": pending[directory]["imports"], "mentions": dict(pending[directory]["mentions"])}
            try:
                held = json.loads(self._db.get("facts", name) or b"null")
                if isinstance(held, dict) and held.get("prints") == prints:
                    if facts["imports"] is None:
                        facts["imports"] = held.get("imports")
                    facts["mentions"] = {**dict(held.get("mentions") or {}), **facts["mentions"]}
            except (ValueError, TypeError, AttributeError):
                pass  # damaged: replaced
            rows.append(("facts", name, msgspec.json.encode(facts), True))
        return rows


def _package_sources(names) -> list[str]:
    """The names of a package's non-test Go files, as world's byte facts read them."""
    return [n for n in names if n.endswith(".go") and not n.endswith("_test.go")]


def _chunk_json(chunk: inputs.Chunk) -> bytes:
    data = {
        "dir": chunk.directory,
        "listing": list(chunk.listing) if chunk.listing is not None else None,
        "files": sorted([p, pr.as_list()] for p, pr in chunk.files.items()),
        "units": sorted(([kind, k, _normal(v)] for (kind, k), v in chunk.units.items()), key=lambda u: (u[0], u[1])),
    }
    return msgspec.json.encode(data, order="sorted")


def _display(path: str, cwd: str) -> str:
    from golint_ai.discovery import display_path

    return display_path(path, cwd)


def _file_holds(path: str, p: inputs.Print) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    if stat.S_IFMT(st.st_mode) != p.kind:
        return False
    same_stat = st.st_size == p.size and st.st_mtime_ns == p.mtime_ns
    if p.digest is None:
        return same_stat
    if same_stat and not p.racy:
        return True
    try:
        with open(path, "rb") as fh:
            data = fh.read(p.length + 1)
    except OSError:
        return False
    return len(data) == p.length and inputs.digest(data) == p.digest


def _recompute(kind: str, key: str) -> Any:
    if kind == "go-mod":
        from golint_ai.golang.module import find_go_mod

        mod = find_go_mod(key)
        return mod.path if mod is not None else None
    if kind == "resolve":
        from golint_ai.golang.world import WORLD

        import_path, _, from_dir = key.partition("\0")
        return WORLD.resolver.resolve(import_path, from_dir)
    if kind == "module-directories":
        from golint_ai.golang.world import module_directories

        limit, _, directory = key.partition(":")
        found = module_directories(directory, int(limit))
        return list(found) if found is not None else None
    if kind == "go-exports":
        from golint_ai.leaks.ctypes_bridge import exports_digest

        return exports_digest(key)
    if kind == "absent":
        return not os.path.isfile(key)
    raise ValueError(f"unknown input kind {kind!r}")


def _normal(value: Any) -> Any:
    """A unit's value as JSON gives it back (units are strings, booleans, None or
    sequences of strings)."""
    return list(value) if isinstance(value, tuple) else value


# -- results as JSON ----------------------------------------------------------------------
def _span(s: Span | None) -> list | None:
    return None if s is None else [s.path, s.start, s.end]


def _unspan(v: list | None) -> Span | None:
    return None if v is None else Span(v[0], int(v[1]), int(v[2]))


def _encode_diagnostic(d: Diagnostic) -> dict:
    if d.runtime is not None:
        raise ValueError("runtime evidence is joined after the cache")
    return {
        "code": d.code, "message": d.message, "span": _span(d.span),
        "related": [[_span(r.span), r.message] for r in d.related],
        "fix": None if d.fix is None else [d.fix.title, [[e.path, e.start, e.end, e.text] for e in d.fix.edits], d.fix.applicability.value],
        "context": d.context, "level": d.level, "suppressed": d.suppressed,
        "suppression_reason": d.suppression_reason, "suppression_kind": d.suppression_kind,
        "launch": _span(d.launch),
    }


def _decode_diagnostic(v: dict) -> Diagnostic:
    fix = v["fix"]
    return Diagnostic(
        code=v["code"], message=v["message"], span=_unspan(v["span"]),
        related=tuple(Related(_unspan(s), m) for s, m in v["related"]),
        fix=None if fix is None else Fix(fix[0], tuple(Edit(e[0], int(e[1]), int(e[2]), e[3]) for e in fix[1]), Applicability(fix[2])),
        context=v["context"], level=v["level"], suppressed=v["suppressed"],
        suppression_reason=v["suppression_reason"], suppression_kind=v["suppression_kind"],
        launch=_unspan(v["launch"]),
    )


_COUNTS = ("parsed", "generated", "skipped", "unreadable", "unselected")
_NOTIFICATION_FIELDS = ("path", "message", "level", "line", "column", "column_utf16", "kind")


def _encode_result(r: "RunResult") -> dict:
    return {
        "diagnostics": [_encode_diagnostic(d) for d in r.diagnostics],
        "notifications": [[getattr(n, f) for f in _NOTIFICATION_FIELDS] for n in r.notifications],
        "counts": [getattr(r, c) for c in _COUNTS],
    }


def _decode_result(v: dict) -> "RunResult":
    from golint_ai.runner import RunResult

    out = RunResult()
    out.diagnostics = [_decode_diagnostic(d) for d in v["diagnostics"]]
    out.notifications = [Notification(**dict(zip(_NOTIFICATION_FIELDS, n))) for n in v["notifications"]]
    for name, n in zip(_COUNTS, v["counts"]):
        setattr(out, name, int(n))
    return out
