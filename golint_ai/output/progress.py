"""A progress bar on standard error for long runs: drawn only on a terminal, only for
the text format, and only once the run has lasted ``delay`` seconds; erased at the end
so the report is not interleaved with it."""

from __future__ import annotations

import time
from typing import IO, Callable

WIDTH = 30


class ProgressBar:
    def __init__(self, stream: IO[str], *, delay: float = 2.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.delay = delay
        self.clock = clock
        self.started = clock()
        self.drawn = False

    @staticmethod
    def wanted(stream: IO[str] | None, fmt: str) -> bool:
        """A terminal on ``stream`` and a format meant for people."""
        if stream is None or fmt != "text":
            return False
        try:
            return stream.isatty()
        except (AttributeError, OSError, ValueError):
            return False

    def __call__(self, done: int, total: int) -> None:
        if total <= 0 or (not self.drawn and self.clock() - self.started < self.delay):
            return
        filled = WIDTH * done // total
        bar = "#" * filled + "-" * (WIDTH - filled)
        self._write(f"\r[{bar}] {done}/{total} directories")
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self._write("\r\x1b[K")
            self.drawn = False

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed terminal must not fail the run
            pass
