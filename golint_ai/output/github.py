"""GitHub Actions workflow annotations (``::warning file=...,line=...::message``).

``file=`` is relative to the repository root (GitHub resolves it against the workspace,
whatever directory the step ran in)."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from golint_ai.output.located import findings, notification_path, path_function, printable

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.runner import RunResult

_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def write_github(result: "RunResult", out: IO[str], root: str | None = None) -> None:
    from golint_ai.rules import rule_class

    path_of = path_function(root)
    for f in findings(result, "utf-32", include_suppressed=False, path_of=path_of):
        d = f.diagnostic
        w = f.where
        props = [
            f"file={escape_property(printable(w.path))}",
            f"line={w.start.line}",
            f"col={w.start.column}",
            f"endLine={w.end.line}",
            f"endColumn={w.end.column}",
            f"title={escape_property(f'{d.code} {rule_class(d.code).name}')}",
        ]
        message = d.message
        if d.runtime is not None and d.runtime.confirmed:
            message += f" [confirmed at run time: {d.runtime.summary()}]"
        out.write(printable(f"::{_COMMAND.get(d.level, 'warning')} {','.join(props)}::{escape_data(message)}\n"))
    for n in result.notifications:
        props = [f"file={escape_property(printable(notification_path(n.path, path_of)))}"] + ([f"line={n.line}"] if n.line else [])
        out.write(printable(f"::{_COMMAND.get(n.level, 'warning')} {','.join(props)},title=golint-ai::{escape_data(n.message)}\n"))
