"""Python files in a directory job: read → prefilter → parse (libcst) → rules →
suppress. Each file is analysed on its own (no package index); libcst is imported only
when a file passes the prefilter."""

from __future__ import annotations

import os
import traceback
from typing import TYPE_CHECKING

from golint_ai.diagnostics import Diagnostic, Notification
from golint_ai.discovery import display_path
from golint_ai.golang import inputs

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.registry import Rule
    from golint_ai.runner import DirectoryJob, RunResult


def analyze_python_files(job: "DirectoryJob", files: list[tuple[str, bool]], rules: list["Rule"], out: "RunResult") -> None:
    from golint_ai.golang.source import SourceFile
    from golint_ai.python.prefilter import worth_parsing
    from golint_ai.runner import _input_problem, read_input

    if job.settings.python == "off":
        return
    overrides = dict(job.overrides)
    for path, reported in files:
        if not reported:
            continue
        display = display_path(path)

        def note(message: str, level: str = "warning", **kw) -> None:
            out.notifications.append(Notification(display, message, level, **kw))

        raw = overrides.get(path)
        if raw is None and job.settings.python == "auto":
            # Peek before reading everything: most .py files import neither torch nor ctypes.
            try:
                raw = inputs.read(path)
            except OSError:
                raw = None
        data = read_input(path, raw, note)
        if data is None:
            continue
        if job.settings.python == "auto" and not worth_parsing(data):
            out.unselected += 1
            continue
        problem = _input_problem(data)
        if problem is not None:
            note(problem, "note" if not data.strip() else "warning")
            continue
        try:
            _analyze_file(SourceFile(path, display, data), job, rules, out)
        except RecursionError:
            note("file too deeply nested to analyse", kind="internal")
        except Exception as exc:  # pragma: no cover - last resort: never crash on input
            note(f"internal error: {type(exc).__name__}: {exc}", "error", kind="internal")
            if os.environ.get("GOLINT_AI_DEBUG"):
                traceback.print_exc()


def _analyze_file(source, job: "DirectoryJob", rules: list["Rule"], out: "RunResult") -> None:
    from golint_ai.python.context import PyFileContext
    from golint_ai.python.parse import PyFile
    from golint_ai.runner import record
    from golint_ai.suppression import parse_python_suppressions, suppression_notifications

    f = PyFile(source)
    out.parsed += 1
    if f.wrapper is None:
        err = f.syntax_error
        assert err is not None
        line = err.line
        col = err.column
        col16 = None
        if 0 < line <= len(source.line_starts):
            line_text = source.line_bytes(line - 1).decode("utf-8", "replace")
            col16 = len(line_text[: col - 1].encode("utf-16-le")) // 2 + 1
        out.notifications.append(Notification(
            source.display, f"syntax error at line {line}: {err.message}; the file was not analysed", "warning",
            line=line, column=col, column_utf16=col16, kind="syntax",
        ))
        return
    applicable = [r for r in rules if job.settings.enabled_in(r.code, source.path)]
    active = [r for r in applicable if r.is_candidate(source.data, job.settings)]
    sup = parse_python_suppressions(source.data)
    ran = {r.code for r in applicable}
    if active:
        ctx = PyFileContext(f, job.directory, job.settings)
        found: list[Diagnostic] = []
        try:
            _run_rules(ctx, active, source, found, out, ran)
        finally:
            from golint_ai.python.syntax import remember_children

            remember_children({})  # do not keep this file's tree alive
        record(out, found, active, job.settings, source, sup)
    out.notifications.extend(suppression_notifications(sup, source.display, "python", False, ran, job.report_unused))


def _run_rules(ctx, active: list["Rule"], source, found: list[Diagnostic], out: "RunResult", ran: set[str]) -> None:
    for rule in active:
        try:
            found.extend(rule.check(ctx))
        except RecursionError:
            ran.discard(rule.code)
            out.notifications.append(Notification(source.display, f"{rule.code}: file too deeply nested to analyse", "warning", kind="internal"))
        except Exception as exc:  # a rule bug must not take the run down
            ran.discard(rule.code)
            out.notifications.append(Notification(source.display, f"{rule.code}: internal error: {type(exc).__name__}: {exc}", "error", kind="internal"))
            if os.environ.get("GOLINT_AI_DEBUG"):
                traceback.print_exc()
