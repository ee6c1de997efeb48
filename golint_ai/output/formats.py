"""Every report format of ``golint-ai check``, by name, behind one call."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from msgspec import Struct

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.runner import RunResult

FORMATS = ("text", "json", "json-lines", "sarif", "github", "junit", "checkstyle", "gitlab")
# Formats a program reads: written as UTF-8 whatever the console's encoding.
MACHINE_FORMATS = frozenset(FORMATS) - {"text"}


class ReportOptions(Struct, frozen=True, dict=True):
    """Options of one report: exit status, whether suppressed findings show, SARIF category, text styling."""

    exit_code: int
    include_suppressed: bool = False
    sarif_category: str | None = None
    color: bool = False  # text only
    show_source: bool = True  # text only
    root: str | None = None  # repository root paths are relative to (default: above cwd)


def write_report(fmt: str, result: "RunResult", out: IO[str], opts: ReportOptions) -> None:
    if fmt == "text":
        from golint_ai.output.text import write_text

        write_text(result, out, color=opts.color, show_source=opts.show_source, include_suppressed=opts.include_suppressed)
    elif fmt == "json":
        from golint_ai.output.json import write_json

        write_json(result, out, include_suppressed=opts.include_suppressed, root=opts.root)
    elif fmt == "json-lines":
        from golint_ai.output.jsonlines import write_json_lines

        write_json_lines(result, out, include_suppressed=opts.include_suppressed, root=opts.root)
    elif fmt == "sarif":
        from golint_ai.output.sarif import write_sarif

        write_sarif(result, out, exit_code=opts.exit_code, include_suppressed=opts.include_suppressed, category=opts.sarif_category, root=opts.root)
    elif fmt == "github":
        from golint_ai.output.github import write_github

        write_github(result, out, root=opts.root)
    elif fmt == "junit":
        from golint_ai.output.junit import write_junit

        write_junit(result, out, include_suppressed=opts.include_suppressed, root=opts.root)
    elif fmt == "checkstyle":
        from golint_ai.output.checkstyle import write_checkstyle

        write_checkstyle(result, out, root=opts.root)
    elif fmt == "gitlab":
        from golint_ai.output.gitlab import write_gitlab

        write_gitlab(result, out, root=opts.root)
    else:  # pragma: no cover - the command line only offers FORMATS
        raise ValueError(f"unknown format {fmt!r}")
