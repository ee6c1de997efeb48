"""The analysis worker: a child process that keeps the parse cache and can be killed.

The language server never analyses on its event loop, and not in its own process
either: a thread of the server sends a :class:`~golint_ai.runner.DirectoryJob` to this
worker over a pipe and waits at most ``timeout`` seconds. When a file makes the analysis
run away (pathological input, a rule bug), the worker is killed and a fresh one started,
so the server keeps answering; the server then skips that exact content until it
changes. The worker keeps its :class:`~golint_ai.server.analysis.ParseCache` between
jobs, which is what makes incremental re-parsing possible.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any

from msgspec import Struct, field

from golint_ai.runner import DirectoryJob, RunResult

log = logging.getLogger("golint_ai.server")

# Test hook: a file whose bytes contain this marker makes the worker hang (used by the
# tests of the timeout; never set in normal use).
HANG_MARKER_ENV = "GOLINT_AI_TEST_HANG_MARKER"


class AnalysisTimeout(Exception):
    pass


class WorkerCrashed(Exception):
    pass


class AnalysisCancelled(Exception):
    """The job was cancelled (a newer version of its directory's documents is waiting)."""


_CANCELLED = "cancelled"


class Reply(Struct, dict=True):
    """The worker's answer to one job: the run's result, the cache statistics, and the seconds it took."""

    result: RunResult
    stats: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _worker_main(conn: Any, cancel: Any = None) -> None:  # pragma: no cover - runs in the child process
    import signal

    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The server's stdout is the LSP channel: nothing the worker prints may reach it.
    try:
        os.dup2(2, 1)
    except OSError:  # pragma: no cover
        pass
    sys.stdout = sys.stderr
    from golint_ai.server.analysis import ParseCache, analyze_job, changed_on_disk

    cache = ParseCache()
    marker = os.environ.get(HANG_MARKER_ENV, "").encode()
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        kind = msg[0]
        if kind == "exit":
            return
        if kind == "analyze":
            job, forget, changed = msg[1], msg[2], msg[3]
            for path in forget:
                cache.forget(path)
            if changed:
                changed_on_disk(set(changed), cache)
            from golint_ai.runner import AnalysisCancelled as Stop

            should_stop = cancel.is_set if cancel is not None else None
            t0 = time.perf_counter()
            try:
                if marker and any(marker in data for _, data in job.overrides):
                    # A long analysis that looks at its cancel flag, as the real one does.
                    if cancel is not None and cancel.wait(3600):
                        raise Stop()
                    time.sleep(3600)
                result = analyze_job(job, cache, should_stop)
                reply: Any = Reply(result, cache.stats.as_dict(), time.perf_counter() - t0)
            except Stop:
                reply = _CANCELLED
            except BaseException as exc:  # never die on one job
                reply = exc if isinstance(exc, Exception) else RuntimeError(repr(exc))
            try:
                conn.send(reply)
            except Exception as exc:  # unpicklable exception etc.
                conn.send(RuntimeError(f"{type(exc).__name__}: {exc}"))


class Worker:
    """Handle on the worker process; :meth:`analyze` is called from a thread, one at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: Any = None
        self._conn: Any = None
        self._cancel: Any = None
        self._forget: set[str] = set()
        self._changed: set[str] = set()
        self.restarts = 0
        self.busy_with: str | None = None  # directory of the job running now
        self.last_directory: str | None = None  # whose parses the cache holds

    def _start(self) -> None:
        import multiprocessing

        # spawn, not fork: the server process has threads (event loop, thread pool).
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        cancel = ctx.Event()
        proc = ctx.Process(target=_worker_main, args=(child, cancel), name="golint-ai-analysis", daemon=True)
        proc.start()
        child.close()
        self._proc, self._conn, self._cancel = proc, parent, cancel
        self.last_directory = None

    def cancel(self, directory: str) -> bool:
        """Ask the job running for ``directory`` to stop (at its next file or rule)."""
        cancel = self._cancel
        if self.busy_with == directory and cancel is not None:
            cancel.set()
            return True
        return False

    def _kill(self) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if conn is not None:
            try:
                conn.close()
            except OSError:  # pragma: no cover
                pass
        if proc is not None and proc.is_alive():
            proc.kill()
            proc.join(5)

    def start(self) -> None:
        with self._lock:
            if self._proc is None:
                self._start()

    def forget(self, path: str) -> None:
        """Drop the cached tree of ``path`` with the next job (the buffer was closed)."""
        self._forget.add(path)

    def changed_on_disk(self, directories: "set[str]") -> None:
        """Go files of ``directories`` changed on disk: with the next job, forget what
        was derived from them and from their importers (``analysis.changed_on_disk``)."""
        self._changed.update(directories)

    def analyze(self, job: DirectoryJob, timeout: float) -> Reply:
        with self._lock:
            if self._proc is None or not self._proc.is_alive():
                if self._proc is not None:
                    self.restarts += 1
                self._kill()
                self._start()
            forget, self._forget = tuple(self._forget), set()
            changed, self._changed = tuple(sorted(self._changed)), set()
            self._cancel.clear()
            self.busy_with = self.last_directory = job.directory
            try:
                self._conn.send(("analyze", job, forget, changed))
                if not self._conn.poll(timeout):
                    log.warning("analysis of %s took longer than %.1fs; restarting the worker", job.directory, timeout)
                    self._kill()
                    self.restarts += 1
                    self._start()
                    raise AnalysisTimeout(f"analysis took longer than {timeout:g}s")
                reply = self._conn.recv()
            except (EOFError, OSError, BrokenPipeError) as exc:
                self._kill()
                self.restarts += 1
                self._start()
                raise WorkerCrashed(f"analysis worker died: {exc or type(exc).__name__}") from None
            finally:
                self.busy_with = None
        if reply == _CANCELLED:
            raise AnalysisCancelled(f"analysis of {job.directory} cancelled")
        if isinstance(reply, Exception):
            raise reply
        return reply

    @property
    def busy(self) -> bool:
        return self._lock.locked()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.send(("exit",))
                except (OSError, BrokenPipeError):
                    pass
            if self._proc is not None:
                self._proc.join(2)
            self._kill()


class WorkerPool:
    """Several workers, so one slow directory does not hold up the others.

    A job goes to an idle worker, preferably the one that analysed its directory last
    (its parse cache holds that directory's trees: re-parsing stays incremental); when
    every worker is busy it waits for one. :meth:`cancel` stops the job running for a
    directory when a newer version of its documents is scheduled.
    """

    def __init__(self, size: int = 2) -> None:
        self.workers = [Worker() for _ in range(max(1, size))]
        self._cond = threading.Condition()
        self._idle = set(range(len(self.workers)))

    @property
    def restarts(self) -> int:
        return sum(w.restarts for w in self.workers)

    def start(self) -> None:
        for w in self.workers:
            w.start()

    def forget(self, path: str) -> None:
        for w in self.workers:
            w.forget(path)

    def changed_on_disk(self, directories: "set[str]") -> None:
        for w in self.workers:
            w.changed_on_disk(directories)

    def cancel(self, directory: str) -> bool:
        return any([w.cancel(directory) for w in self.workers])

    def _take(self, directory: str) -> int:
        with self._cond:
            while not self._idle:
                self._cond.wait()
            same = [i for i in self._idle if self.workers[i].last_directory == directory]
            fresh = [i for i in self._idle if self.workers[i].last_directory is None]
            i = (same or fresh or sorted(self._idle))[0]
            self._idle.discard(i)
            return i

    def _give_back(self, i: int) -> None:
        with self._cond:
            self._idle.add(i)
            self._cond.notify()

    def analyze(self, job: DirectoryJob, timeout: float) -> Reply:
        i = self._take(job.directory)
        try:
            return self.workers[i].analyze(job, timeout)
        finally:
            self._give_back(i)

    def close(self) -> None:
        for w in self.workers:
            w.close()
