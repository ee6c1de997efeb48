"""Findings with their positions resolved, shared by every output format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from golint_ai.engine.source import ColumnUnit, Position, SourceFile
from golint_ai.output.fingerprint import stable_fingerprint

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.diagnostics import Diagnostic, Edit, Span
    from golint_ai.runner import RunResult


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


def findings(result: "RunResult", unit: ColumnUnit, include_suppressed: bool = True, uri_of=lambda p: p) -> list[Finding]:
    loc = Locator(result.sources, unit)
    out = []
    occurrences: dict[tuple, int] = {}
    for d in result.diagnostics:
        if d.suppressed and not include_suppressed:
            continue
        where = loc.locate(d.span)
        line_text = loc.source(d.span.path).line_text(where.start.line - 1)
        key = (d.code, d.span.path, d.context, "".join(line_text.split()))
        occurrences[key] = occurrences.get(key, 0) + 1
        out.append(
            Finding(
                diagnostic=d,
                where=where,
                related=tuple((loc.locate(r.span), r.message) for r in d.related),
                edits=tuple(loc.locate_edit(e) for e in d.fix.edits) if d.fix else (),
                line_text=line_text,
                fingerprint=stable_fingerprint(d.code, uri_of(d.span.path), d.context, line_text, occurrences[key]),
            )
        )
    return out
