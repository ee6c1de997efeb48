"""GitLab Code Quality (a subset of the Code Climate spec): a JSON array of issues with
``description``, ``check_name``, ``fingerprint`` (golint-ai's own line-number-free
fingerprint, unique in a report, so GitLab follows an issue across commits),
``severity`` and ``location.path`` / ``location.lines.begin``. Suppressed findings are
never written."""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING

from golint_ai.output.located import findings, path_function, printable

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.runner import RunResult

# GitLab's severities: info, minor, major, critical, blocker.
SEVERITY = {"error": "critical", "warning": "major", "note": "minor"}


def to_gitlab(result: "RunResult", root: str | None = None) -> list[dict]:
    from golint_ai.rules import rule_class

    out = []
    for f in findings(result, "utf-32", include_suppressed=False, path_of=path_function(root)):
        d, w = f.diagnostic, f.where
        out.append({
            "type": "issue",
            "check_name": d.code,
            "description": f"{d.code} {rule_class(d.code).name}: {d.message}",
            "categories": ["Bug Risk"],
            "severity": SEVERITY.get(d.level, "major"),
            "fingerprint": f.fingerprint,
            "location": {"path": w.path, "lines": {"begin": w.start.line, "end": w.end.line}},
        })
    return out


def write_gitlab(result: "RunResult", out: IO[str], root: str | None = None) -> None:
    out.write(printable(json.dumps(to_gitlab(result, root), indent=2, ensure_ascii=False)))
    out.write("\n")
