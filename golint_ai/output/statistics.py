"""``--statistics``: how many findings each rule has, instead of the findings (like
ruff's). Text: one line per code, most frequent first; JSON: a list of
``{code, name, count, fixable}``. Suppressed findings are not counted."""

from __future__ import annotations

import json
from collections import Counter
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.runner import RunResult


def statistics(result: "RunResult") -> list[dict]:
    from golint_ai.rules import rule_class

    counts = Counter(d.code for d in result.unsuppressed)
    fixable = Counter(d.code for d in result.unsuppressed if d.fix is not None)
    rows = []
    for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rows.append({"code": code, "name": rule_class(code).name, "count": n, "fixable": fixable[code]})
    return rows


def write_statistics(result: "RunResult", out: IO[str], fmt: str) -> None:
    rows = statistics(result)
    if fmt == "json":
        out.write(json.dumps(rows, indent=2) + "\n")
        return
    if not rows:
        return
    width = max(len(str(r["count"])) for r in rows)
    name_width = max(len(r["name"]) for r in rows)
    for r in rows:
        fix = f"  [{r['fixable']} with a fix]" if r["fixable"] else ""
        out.write(f"{r['count']:>{width}}\t{r['code']}\t{r['name']:<{name_width}}{fix}".rstrip() + "\n")
