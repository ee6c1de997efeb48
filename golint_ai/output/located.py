"""Findings with their positions resolved, shared by every output format."""

from __future__ import annotations

import ntpath
import os
from types import ModuleType
from typing import TYPE_CHECKING, Callable
from urllib.parse import quote

from msgspec import Struct

from golint_ai.golang.source import ColumnUnit, LspSourceFile, Position, SourceFile
from golint_ai.output.fingerprint import stable_fingerprint

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.diagnostics import Diagnostic, Edit, Span
    from golint_ai.runner import RunResult


def repository_root(start: str | None = None) -> str:
    """The nearest directory above ``start`` (default: cwd) holding ``.git``; else ``start``."""
    start = os.path.abspath(start or os.getcwd())
    d = start
    while True:
        if os.path.exists(os.path.join(d, ".git")):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return start
        d = parent


def relative_path(absolute: str, root: str, flavour: "ModuleType" = os.path) -> str | None:
    """``absolute`` relative to ``root``, ``/``-separated; None when it is not below the
    root (outside it, or on another drive or share). ``flavour`` is the path module of the
    platform the paths come from (``posixpath`` or ``ntpath``)."""
    try:
        rel = flavour.relpath(absolute, root)
    except ValueError:  # another drive than the root's (Windows)
        return None
    rel = rel.replace(flavour.sep, "/")
    if rel == ".." or rel.startswith("../"):
        return None
    return rel


def file_uri(absolute: str, flavour: "ModuleType" = os.path) -> str:
    """An absolute ``file:`` URI (RFC 8089): ``file:///srv/x.go``, ``file:///C:/src/x.go``,
    ``file://server/share/x.go``. Quoted from the name's bytes (a POSIX name that is not
    valid UTF-8, its bytes kept as surrogates by Python, becomes those very bytes)."""
    if flavour is ntpath:
        drive, rest = ntpath.splitdrive(absolute)
        rest = _quote_text(rest.replace("\\", "/"))
        if len(drive) == 2 and drive[1] == ":":  # C:
            return f"file:///{drive[0]}:{rest if rest.startswith('/') else '/' + rest}"
        if drive.startswith(("\\\\", "//")):  # \\server\share (UNC)
            return "file://" + _quote_text(drive.replace("\\", "/")[2:]) + rest
        return "file://" + (rest if rest.startswith("/") else "/" + rest)
    return "file://" + quote(os.fsencode(absolute) if flavour is os.path else absolute.encode("utf-8", "surrogateescape"), safe="/")


def _quote_text(text: str) -> str:
    # A Windows name is UTF-16: a lone surrogate is kept as is (WTF-8), never an error.
    return quote(text.encode("utf-8", "surrogatepass"), safe="/")


def relative_uri(absolute: str, root: str, flavour: "ModuleType" = os.path) -> str:
    """A repository-relative, ``/``-separated, percent-encoded URI reference, or a
    ``file:`` URI for a file outside the repository (or on another drive)."""
    rel = relative_path(absolute, root, flavour)
    if rel is None:
        return file_uri(absolute, flavour)
    if flavour is ntpath:
        return _quote_text(rel)
    return quote(os.fsencode(rel) if flavour is os.path else rel.encode("utf-8", "surrogateescape"), safe="/")


def is_absolute_uri(uri: str) -> bool:
    """Whether a URI has a scheme (SARIF: such a URI never goes with a ``uriBaseId``)."""
    return uri.startswith(("file:", "http://", "https://"))


def _resolved(path: str) -> str:
    return os.path.realpath(os.path.abspath(path))


def artifact_uri(path: str, root: str) -> str:
    """A repository-relative, ``/``-separated, percent-encoded URI (``file:`` outside it)."""
    return relative_uri(_resolved(path), os.path.realpath(root))


def report_path(path: str, root: str) -> str:
    """How machine formats name a file: relative to the repository root with ``/``,
    else absolute (``/``-separated on Windows too); not percent-encoded."""
    absolute = _resolved(path)
    rel = relative_path(absolute, os.path.realpath(root))
    return rel if rel is not None else absolute.replace(os.sep, "/")


def printable(text: str) -> str:
    """Text for UTF-8 output: surrogates (the bytes of a file name that is not UTF-8, as
    Python keeps them) become U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    return text


def uri_function(root: str | None = None) -> Callable[[str], str]:
    """A cached path → repository-relative URI function."""
    root = root or repository_root()
    cache: dict[str, str] = {}

    def uri(path: str) -> str:
        if path not in cache:
            cache[path] = artifact_uri(path, root)
        return cache[path]

    return uri


def path_function(root: str | None = None) -> Callable[[str], str]:
    """A cached path → repository-relative path function (see :func:`report_path`)."""
    root = root or repository_root()
    cache: dict[str, str] = {}

    def path_of(path: str) -> str:
        if path not in cache:
            cache[path] = report_path(path, root)
        return cache[path]

    return path_of


def notification_path(path: str, path_of: Callable[[str], str]) -> str:
    """A notification's file as machine formats name it (URLs of evidence and the empty
    path of a run-wide problem stay as they are)."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return path_of(path)


class Located(Struct, frozen=True, dict=True):
    """A span resolved to a file path and start and end positions in the output's column unit."""

    path: str
    start: Position
    end: Position


class LocatedEdit(Struct, frozen=True, dict=True):
    """A fix's edit with its range resolved to positions."""

    where: Located
    text: str


# A line longer than this (in bytes) is kept only as a window around the finding's span:
# what a finding stores of its line, and what its fingerprint reads, stay bounded.
MAX_LINE_BYTES = 512
WINDOW_BEFORE = 160
WINDOW_AFTER = 240


class LineWindow(Struct, frozen=True, dict=True):
    """The flagged line, or on a long line the part of it around the span."""

    text: str
    start: int  # where the span starts in ``text``, in code points
    end: int  # where it ends (on this line) in ``text``, in code points
    clipped_left: bool = False
    clipped_right: bool = False


def line_window(source: SourceFile, start_byte: int, end_byte: int) -> LineWindow:
    """The line holding ``start_byte``; longer than :data:`MAX_LINE_BYTES`, a window of
    it from :data:`WINDOW_BEFORE` bytes before the span to :data:`WINDOW_AFTER` after
    its start (cut at character boundaries). Costs the window, not the line."""
    data = source.data
    lo, hi = source.line_range(source.line_of(start_byte))
    start_byte = min(max(start_byte, lo), hi)
    end_byte = min(max(end_byte, start_byte), hi)
    if hi - lo <= MAX_LINE_BYTES:
        a, b = lo, hi
    else:
        a = max(lo, start_byte - WINDOW_BEFORE)
        b = min(hi, start_byte + WINDOW_AFTER)
        while a > lo and 0x80 <= data[a] < 0xC0:  # not inside a UTF-8 sequence
            a -= 1
        while b < hi and 0x80 <= data[b] < 0xC0:
            b += 1
    text = data[a:b].decode("utf-8", errors="replace")
    col = len(data[a:start_byte].decode("utf-8", errors="replace"))
    end_col = len(data[a:min(end_byte, b)].decode("utf-8", errors="replace"))
    return LineWindow(text, col, max(end_col, col), a > lo, b < hi)


class Finding(Struct, frozen=True, dict=True):
    """A diagnostic with its positions resolved, its source line and its stable fingerprint, for the formats."""

    diagnostic: "Diagnostic"
    where: Located
    related: tuple[tuple[Located, str], ...]
    edits: tuple[LocatedEdit, ...]
    line: LineWindow
    fingerprint: str

    @property
    def line_text(self) -> str:
        """The flagged line (on a long line, the window around the span)."""
        return self.line.text

    @property
    def code(self) -> str:
        return self.diagnostic.code


class Locator:
    """Turns byte spans into positions in one column unit, reading each file once."""

    def __init__(self, sources: dict[str, bytes], unit: ColumnUnit, *, lsp_lines: bool = False, path_of: Callable[[str], str] | None = None) -> None:
        """``lsp_lines``: a lone CR ends a line too (positions for an editor).
        ``path_of``: how positions name their file (default: the path as given)."""
        self.unit = unit
        self._path_of = path_of or (lambda p: p)
        self._raw = sources
        self._files: dict[str, SourceFile] = {}
        self._kind = LspSourceFile if lsp_lines else SourceFile

    def source(self, path: str) -> SourceFile:
        sf = self._files.get(path)
        if sf is None:
            data = self._raw.get(path)
            if data is None:
                try:
                    with open(path, "rb") as fh:
                        data = fh.read()
                except OSError:
                    data = b""
            sf = self._files[path] = self._kind(path, path, data)
        return sf

    def locate(self, span: "Span") -> Located:
        start, end = self.source(span.path).span(span.start, span.end, self.unit)
        return Located(self._path_of(span.path), start, end)

    def locate_edit(self, edit: "Edit") -> LocatedEdit:
        start, end = self.source(edit.path).span(edit.start, edit.end, self.unit)
        return LocatedEdit(Located(self._path_of(edit.path), start, end), edit.text)


def findings(
    result: "RunResult",
    unit: ColumnUnit,
    include_suppressed: bool = True,
    uri_of: Callable[[str], str] | None = None,
    path_of: Callable[[str], str] | None = None,
) -> list[Finding]:
    """Positions and fingerprints of a run's findings. Fingerprints are computed from
    repository-relative URIs, so they do not depend on the working directory.
    ``path_of`` renames the paths of the positions (:func:`path_function`: relative to
    the repository root); without it they are the display paths (relative to cwd)."""
    uri_of = uri_of or uri_function()
    loc = Locator(result.sources, unit, path_of=path_of)
    out = []
    occurrences: dict[tuple, int] = {}
    # Occurrences are counted over every finding, suppressed or not, so a fingerprint
    # does not change when a sibling finding is suppressed.
    for d in result.diagnostics:
        where = loc.locate(d.span)
        source = loc.source(d.span.path)
        window = line_window(source, d.span.start, d.span.end)
        line_text = window.text
        span_text = source.data[d.span.start:min(d.span.end, d.span.start + 1024)].decode("utf-8", errors="replace")
        key = (d.code, d.span.path, d.context, "".join(line_text.split()), "".join(span_text.split())[:256])
        occurrences[key] = occurrences.get(key, 0) + 1
        if d.suppressed and not include_suppressed:
            continue
        out.append(
            Finding(
                diagnostic=d,
                where=where,
                related=tuple((loc.locate(r.span), r.message) for r in d.related),
                edits=tuple(loc.locate_edit(e) for e in d.fix.edits) if d.fix else (),
                line=window,
                fingerprint=stable_fingerprint(d.code, uri_of(d.span.path), d.context, line_text, occurrences[key], span_text),
            )
        )
    return out
