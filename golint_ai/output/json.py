"""The JSON format: an object holding the findings, sorted by path, line, column and
code, and the notifications (problems with the input or the tool)::

    {"findings": [...], "notifications": [...]}

Each finding::

    {"code": "GAI301", "name": "native-resource-leak", "level": "warning",
     "message": "...", "path": "svc/model.go",
     "line": 12, "column": 5, "end_line": 12, "end_column": 40,
     "related": [{"path": "...", "line": 18, "column": 3, "end_line": 18, "end_column": 20, "message": "..."}],
     "fix": {"title": "...", "applicability": "unsafe",
             "edits": [{"path": "...", "line": 13, "column": 4, "end_line": 13, "end_column": 4, "text": "..."}]} | null,
     "suppressed": false, "fingerprint": "<32 hex digits, stable across unrelated edits>"}

With ``--evidence``, findings the goroutine dumps speak to also carry ``runtime``::

    "runtime": {"confirmed": true, "goroutines": 3, "states": ["chan send"],
                "max_wait_minutes": 212, "leaked": false, "evidence": ["goroutines.txt"]}

(``confirmed`` is false on GAI190 results, whose evidence is the finding itself; states
inferred from a grouped profile end in ``?``; ``max_wait_minutes`` is null when the dump
printed no wait time.)

Paths are relative to the repository root (the nearest directory above the working
directory holding ``.git``, as in SARIF), ``/``-separated; a file outside it has its
absolute path. Lines and columns are 1-based; columns count Unicode code points; ends
are exclusive. ``suppressed`` findings appear only with ``--include-suppressed``.

Each notification (a syntax error, an unreadable or binary file, an unused suppression,
an internal error)::

    {"path": "svc/model.go", "line": 3, "column": 1, "level": "error",
     "kind": "syntax", "message": "..."}

(``line``/``column`` null when it is about a whole file; ``path`` empty for one about
the whole run.)
"""

from __future__ import annotations

import json as _json
from typing import IO, TYPE_CHECKING

from golint_ai.output.located import Located, findings, path_function, printable

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.runner import RunResult


def _pos(loc: Located) -> dict:
    return {"path": printable(loc.path), "line": loc.start.line, "column": loc.start.column, "end_line": loc.end.line, "end_column": loc.end.column}


def to_json_list(result: "RunResult", include_suppressed: bool = False, root: str | None = None) -> list[dict]:
    from golint_ai.rules import rule_class

    out = []
    for f in findings(result, "utf-32", include_suppressed=include_suppressed, path_of=path_function(root)):
        d = f.diagnostic
        item = {
            "code": d.code,
            "name": rule_class(d.code).name,
            "level": d.level,
            "message": d.message,
            **_pos(f.where),
            "related": [{**_pos(loc), "message": msg} for loc, msg in f.related],
            "fix": None,
            "suppressed": d.suppressed,
            "fingerprint": f.fingerprint,
        }
        if d.runtime is not None:
            item["runtime"] = d.runtime.as_dict()
        if d.fix is not None:
            item["fix"] = {
                "title": d.fix.title,
                "applicability": d.fix.applicability.value,
                "edits": [{**_pos(e.where), "text": e.text} for e in f.edits],
            }
        out.append(item)
    return out


def notification_list(result: "RunResult", root: str | None = None) -> list[dict]:
    """The run's notifications as JSON objects (shared with JSON Lines)."""
    from golint_ai.output.located import notification_path

    path_of = path_function(root)
    return [
        {
            "path": notification_path(n.path, path_of),
            "line": n.line,
            "column": n.column if n.line else None,
            "level": n.level,
            "kind": n.kind,
            "message": n.message,
        }
        for n in result.notifications
    ]


def write_json(result: "RunResult", out: IO[str], include_suppressed: bool = False, root: str | None = None) -> None:
    report = {"findings": to_json_list(result, include_suppressed, root), "notifications": notification_list(result, root)}
    out.write(printable(_json.dumps(report, indent=2, ensure_ascii=False)))
    out.write("\n")
