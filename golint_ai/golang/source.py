"""Source files and positions.

tree-sitter reports UTF-8 byte offsets. SARIF wants UTF-16 code units, LSP negotiates
UTF-16/UTF-8/UTF-32, the terminal wants characters. Every conversion happens here.
"""

from __future__ import annotations

import bisect
from typing import Literal

from msgspec import Struct, field

ColumnUnit = Literal["utf-8", "utf-16", "utf-32"]


class Position(Struct, frozen=True, dict=True):
    """A 1-based line and column in a given unit."""

    line: int
    column: int


class SourceFile(Struct, dict=True):
    """One file's bytes plus lazily computed line starts.

    ``path`` is the path used to open the file; ``display`` is how it is shown and
    put into SARIF (relative to the project root, ``/``-separated).
    """

    path: str
    display: str
    data: bytes
    _line_starts: list[int] | None = None
    _ascii_lines: dict[int, bool] = field(default_factory=dict)

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            find = self.data.find
            pos = find(b"\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find(b"\n", pos + 1)
            self._line_starts = starts
        return self._line_starts

    def line_of(self, byte_offset: int) -> int:
        """0-based line index of a byte offset."""
        return bisect.bisect_right(self.line_starts, byte_offset) - 1

    def line_bytes(self, line0: int) -> bytes:
        """The bytes of a 0-based line, without its line terminator."""
        starts = self.line_starts
        if line0 < 0 or line0 >= len(starts):
            return b""
        end = starts[line0 + 1] if line0 + 1 < len(starts) else len(self.data)
        raw = self.data[starts[line0]:end]
        return raw.rstrip(b"\r\n")

    def line_text(self, line0: int) -> str:
        return self.line_bytes(line0).decode("utf-8", errors="replace")

    def line_range(self, line0: int) -> tuple[int, int]:
        """Byte offsets of a 0-based line's start and end (its terminator left out)."""
        starts = self.line_starts
        if line0 < 0 or line0 >= len(starts):
            return len(self.data), len(self.data)
        start = starts[line0]
        end = starts[line0 + 1] - 1 if line0 + 1 < len(starts) else len(self.data)
        while end > start and self.data[end - 1] in (0x0A, 0x0D):
            end -= 1
        return start, end

    def _ascii_line(self, line0: int) -> bool:
        known = self._ascii_lines.get(line0)
        if known is None:
            start, end = self.line_range(line0)
            known = self._ascii_lines[line0] = self.data[start:end].isascii()
        return known

    def column(self, line0: int, byte_col: int, unit: ColumnUnit = "utf-16") -> int:
        """Convert a 0-based byte column on a line to a 0-based column in ``unit``.

        Whether a line is ASCII is remembered, so many columns on one long line cost
        the line once, not once per column."""
        if unit == "utf-8" or byte_col <= 0:
            return max(byte_col, 0)
        start, end = self.line_range(line0)
        if self._ascii_line(line0):
            return min(byte_col, end - start)
        prefix = self.data[start:min(start + byte_col, end)]
        text = prefix.decode("utf-8", errors="replace")
        if unit == "utf-32":
            return len(text)
        return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)

    def byte_column(self, line0: int, col: int, unit: ColumnUnit = "utf-16") -> int:
        """Inverse of :meth:`column`: a column in ``unit`` back to a byte column."""
        start, end = self.line_range(line0)
        if unit == "utf-8" or self._ascii_line(line0):
            return min(max(col, 0), end - start)
        line = self.data[start:end]
        text = line.decode("utf-8", errors="replace")
        units = 0
        for i, ch in enumerate(text):
            if units >= col:
                return len(text[:i].encode("utf-8"))
            units += 1 if unit == "utf-32" or ord(ch) <= 0xFFFF else 2
        return len(line)

    def offset(self, line0: int, byte_col: int) -> int:
        starts = self.line_starts
        line0 = min(max(line0, 0), len(starts) - 1)
        return starts[line0] + byte_col

    def span(self, start_byte: int, end_byte: int, unit: ColumnUnit = "utf-16") -> tuple[Position, Position]:
        """1-based (start, end) positions of a byte range; the end column is exclusive.

        A range ending right after a newline is clamped to the end of the previous line,
        so a region never pulls in an extra line.
        """
        sl = self.line_of(start_byte)
        if end_byte > start_byte and self.data[end_byte - 1:end_byte] == b"\n":
            end_byte -= 1
        el = self.line_of(max(end_byte, start_byte))
        sc = self.column(sl, start_byte - self.line_starts[sl], unit)
        ec = self.column(el, end_byte - self.line_starts[el], unit)
        return Position(sl + 1, sc + 1), Position(el + 1, ec + 1)


class LspSourceFile(SourceFile):
    """A :class:`SourceFile` whose lines end where LSP says (``\n``, ``\r\n`` and a lone
    ``\r``): positions for an editor, which counts a lone CR as a line break where Go
    and tree-sitter do not."""

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            import re

            self._line_starts = [0] + [m.end() for m in re.finditer(rb"\r\n|\r|\n", self.data)]
        return self._line_starts
