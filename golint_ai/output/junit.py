"""JUnit XML, as ruff and golangci-lint write it for CI test-report views (GitLab, Jenkins,
Azure): one ``<testsuite>`` per file, one failed ``<testcase>`` per finding. A run without
findings is one passing test case, so the report is never empty. With
``--include-suppressed``, suppressed findings are skipped test cases."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from golint_ai.output.located import findings, path_function
from golint_ai.output.xmlout import element, write_xml

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.runner import RunResult


def write_junit(result: "RunResult", out: IO[str], include_suppressed: bool = False, root: str | None = None) -> None:
    from golint_ai.rules import rule_class

    by_file: dict[str, list] = {}
    for f in findings(result, "utf-32", include_suppressed=include_suppressed, path_of=path_function(root)):
        by_file.setdefault(f.where.path, []).append(f)
    total = sum(len(v) for v in by_file.values())
    failures = sum(1 for v in by_file.values() for f in v if not f.diagnostic.suppressed)
    suites = element(None, "testsuites", name="golint-ai", tests=max(total, 1), failures=failures, errors=0)
    if not by_file:
        suite = element(suites, "testsuite", name="golint-ai", tests=1, failures=0, errors=0, skipped=0)
        element(suite, "testcase", name="no findings", classname="golint-ai")
    for path in sorted(by_file):
        items = by_file[path]
        skipped = sum(1 for f in items if f.diagnostic.suppressed)
        suite = element(suites, "testsuite", name=path, tests=len(items), failures=len(items) - skipped, errors=0, skipped=skipped)
        for f in items:
            d, w = f.diagnostic, f.where
            case = element(
                suite, "testcase",
                name=f"{d.code} {rule_class(d.code).name} at {w.start.line}:{w.start.column}",
                classname=path, file=path, line=w.start.line,
            )
            if d.suppressed:
                element(case, "skipped", message=f"suppressed: {d.suppression_reason or 'in source'}")
                continue
            body = [f"{path}:{w.start.line}:{w.start.column}: {d.code} {d.message}", f.line_text.strip()]
            body += [f"{loc.path}:{loc.start.line}:{loc.start.column}: {msg}" for loc, msg in f.related]
            if d.fix is not None:
                body.append(f"help: {d.fix.title} ({d.fix.applicability.value} fix)")
            element(case, "failure", "\n".join(body), message=d.message, type=d.code)
    write_xml(suites, out)
