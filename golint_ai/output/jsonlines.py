"""JSON Lines: one JSON object per line, for streaming consumers and log pipelines.

A finding is ``{"type": "finding", ...}`` with the keys of the ``json`` format; then each
problem with the input or the tool (syntax errors, unreadable or binary files, internal
errors) is ``{"type": "notification", "path", "line", "column", "level", "kind",
"message"}`` (``line``/``column`` null when the problem is about a whole file; ``path``
empty for one about the whole run). Paths are relative to the repository root."""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING

from golint_ai.output.json import notification_list, to_json_list
from golint_ai.output.located import printable

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.runner import RunResult


def write_json_lines(result: "RunResult", out: IO[str], include_suppressed: bool = False, root: str | None = None) -> None:
    for item in to_json_list(result, include_suppressed, root):
        out.write(printable(json.dumps({"type": "finding", **item}, ensure_ascii=False)) + "\n")
    for note in notification_list(result, root):
        out.write(printable(json.dumps({"type": "notification", **note}, ensure_ascii=False)) + "\n")
