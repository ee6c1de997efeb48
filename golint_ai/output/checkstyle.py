"""Checkstyle XML (``<checkstyle><file name><error .../>``), the format reviewdog,
Jenkins' warnings plugin and many code-review bots read. Files sorted by path; columns
in code points; severities ``error``, ``warning``, ``info``. Suppressed findings are
never written (Checkstyle has no way to mark them)."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from golint_ai.output.located import findings, path_function
from golint_ai.output.xmlout import element, write_xml

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.runner import RunResult

SEVERITY = {"error": "error", "warning": "warning", "note": "info"}


def write_checkstyle(result: "RunResult", out: IO[str], root: str | None = None) -> None:
    by_file: dict[str, list] = {}
    for f in findings(result, "utf-32", include_suppressed=False, path_of=path_function(root)):
        by_file.setdefault(f.where.path, []).append(f)
    doc = element(None, "checkstyle", version="4.3")
    for path in sorted(by_file):
        node = element(doc, "file", name=path)
        for f in by_file[path]:
            d, w = f.diagnostic, f.where
            element(
                node, "error",
                line=w.start.line, column=w.start.column,
                severity=SEVERITY.get(d.level, "warning"),
                message=f"{d.code} {d.message}", source=f"golint-ai.{d.code}",
            )
    write_xml(doc, out)
