"""Findings with their positions resolved, shared by every output format."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable
from urllib.parse import quote

from golint_ai.golang.source import ColumnUnit, Position, SourceFile
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


def artifact_uri(path: str, root: str) -> str:
    """A repository-relative, ``/``-separated, percent-encoded URI (``file://`` outside it)."""
    absolute = os.path.realpath(os.path.abspath(path))
    rel = os.path.relpath(absolute, os.path.realpath(root))
    if rel.startswith(".."):
        return "file://" + quote(absolute.replace(os.sep, "/"), safe="/")
    return quote(rel.replace(os.sep, "/"), safe="/")


def uri_function(root: str | None = None) -> Callable[[str], str]:
    """A cached path → repository-relative URI function."""
    root = root or repository_root()
    cache: dict[str, str] = {}

    def uri(path: str) -> str:
        if path not in cache:
            cache[path] = artifact_uri(path, root)
        return cache[path]

    return uri


@dataclass(frozen=True)
class Located:
    path: str
    start: Position
    end: Position


@dataclass(frozen=True)
class LocatedEdit:
    where: Located
    text: str


@dataclass(frozen=True)
class Finding:
    diagnostic: "Diagnostic"
    where: Located
    related: tuple[tuple[Located, str], ...]
    edits: tuple[LocatedEdit, ...]
    line_text: str
    fingerprint: str

    @property
    def code(self) -> str:
        return self.diagnostic.code


class Locator:
    """Turns byte spans into positions in one column unit, reading each file once."""

    def __init__(self, sources: dict[str, bytes], unit: ColumnUnit) -> None:
        self.unit = unit
        self._raw = sources
        self._files: dict[str, SourceFile] = {}

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
            sf = self._files[path] = SourceFile(path, path, data)
        return sf

    def locate(self, span: "Span") -> Located:
        start, end = self.source(span.path).span(span.start, span.end, self.unit)
        return Located(span.path, start, end)

    def locate_edit(self, edit: "Edit") -> LocatedEdit:
        start, end = self.source(edit.path).span(edit.start, edit.end, self.unit)
        return LocatedEdit(Located(edit.path, start, end), edit.text)


def findings(result: "RunResult", unit: ColumnUnit, include_suppressed: bool = True, uri_of: Callable[[str], str] | None = None) -> list[Finding]:
    """Positions and fingerprints of a run's findings. Fingerprints are computed from
    repository-relative URIs, so they do not depend on the working directory."""
    uri_of = uri_of or uri_function()
    loc = Locator(result.sources, unit)
    out = []
    occurrences: dict[tuple, int] = {}
    # Occurrences are counted over every finding, suppressed or not, so a fingerprint
    # does not change when a sibling finding is suppressed.
    for d in result.diagnostics:
        where = loc.locate(d.span)
        source = loc.source(d.span.path)
        line_text = source.line_text(where.start.line - 1)
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
                line_text=line_text,
                fingerprint=stable_fingerprint(d.code, uri_of(d.span.path), d.context, line_text, occurrences[key], span_text),
            )
        )
    return out
