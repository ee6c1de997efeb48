"""The terminal format: ``path:line:col: CODE message``, the source line and a caret
under the span. Colour only on a terminal (``NO_COLOR``/``FORCE_COLOR`` respected)."""

from __future__ import annotations

import os
from typing import IO, TYPE_CHECKING

from golint_ai.output.located import findings, printable

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.runner import RunResult


def use_color(stream: IO[str]) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def write_text(result: "RunResult", out: IO[str], *, color: bool, show_source: bool = True, include_suppressed: bool = False) -> None:
    bold, red, cyan, dim, reset = ("\x1b[1m", "\x1b[31m", "\x1b[36m", "\x1b[2m", "\x1b[0m") if color else ("",) * 5
    items = findings(result, "utf-32", include_suppressed=include_suppressed)
    for f in items:
        d = f.diagnostic
        where = f.where
        suffix = " (suppressed)" if d.suppressed else ""
        if d.runtime is not None and d.runtime.confirmed and not show_source:
            suffix += f" [confirmed at run time: {d.runtime.summary()}]"
        out.write(f"{bold}{where.path}:{where.start.line}:{where.start.column}:{reset} {red}{bold}{d.code}{reset} {d.message}{suffix}\n")
        if show_source:
            window = f.line
            raw = ("…" if window.clipped_left else "") + window.text + ("…" if window.clipped_right else "")
            shift = 1 if window.clipped_left else 0
            line = raw.expandtabs(4) if "\t" in raw else raw
            start = len(raw[: window.start + shift].expandtabs(4))
            if where.end.line == where.start.line:
                width = max(1, len(raw[: window.end + shift].expandtabs(4)) - start)
            else:
                width = max(1, len(line) - start)
            gutter = str(where.start.line)
            out.write(f"{dim}{gutter} |{reset} {line}\n")
            out.write(f"{' ' * len(gutter)} {dim}|{reset} {' ' * start}{red}{'^' * width}{reset}\n")
            for rel, msg in f.related:
                out.write(f"{' ' * len(gutter)} {cyan}= {rel.path}:{rel.start.line}:{rel.start.column}: {msg}{reset}\n")
            if d.runtime is not None and d.runtime.confirmed:
                out.write(f"{' ' * len(gutter)} {cyan}= confirmed at run time: {d.runtime.summary()}{reset}\n")
            if d.fix is not None:
                note = "" if d.fix.applicability.value == "safe" else " (unsafe fix: --fix --unsafe-fixes)"
                out.write(f"{' ' * len(gutter)} {cyan}= help: {d.fix.title}{note}{reset}\n")
            out.write("\n")
    shown = [f for f in items if not f.diagnostic.suppressed]
    suppressed = sum(1 for d in result.diagnostics if d.suppressed)
    if shown:
        n = len(shown)
        extra = f" ({suppressed} suppressed)" if suppressed else ""
        out.write(f"Found {n} finding{'s' if n != 1 else ''} in {len({f.where.path for f in shown})} file{'s' if len({f.where.path for f in shown}) != 1 else ''}{extra}.\n")
        confirmed = sum(1 for f in shown if f.diagnostic.runtime is not None and f.diagnostic.runtime.confirmed)
        if confirmed:
            out.write(f"{confirmed} confirmed at run time.\n")
        safe = sum(1 for f in shown if f.diagnostic.fix is not None and f.diagnostic.fix.applicability.value == "safe")
        unsafe = sum(1 for f in shown if f.diagnostic.fix is not None and f.diagnostic.fix.applicability.value != "safe")
        if safe or unsafe:
            parts = [f"{safe} fixable with `--fix`"] if safe else []
            if unsafe:
                parts.append(f"{unsafe} more with `--unsafe-fixes`" if safe else f"{unsafe} fixable with `--fix --unsafe-fixes`")
            out.write(f"{', '.join(parts)} (`--diff` shows the changes).\n")
    elif result.files == 0 and (result.skipped or result.unreadable):
        parts = ([f"{result.skipped} skipped"] if result.skipped else []) + ([f"{result.unreadable} unreadable"] if result.unreadable else [])
        out.write(f"No file checked ({', '.join(parts)}).\n")
    elif not any(n.level == "error" for n in result.notifications):
        extra = f" ({suppressed} suppressed)" if suppressed else ""
        skipped = f", {result.skipped} skipped" if result.skipped else ""
        out.write(f"All checks passed{extra}: {result.files} file{'s' if result.files != 1 else ''} checked{skipped}.\n")


def write_notifications(result: "RunResult", err: IO[str], *, color: bool) -> None:
    yellow, reset = ("\x1b[33m", "\x1b[0m") if color else ("", "")
    for n in result.notifications:
        where = n.path + (f":{n.line}" if n.line else "") + (f":{n.column}" if n.line and n.column else "")
        err.write(printable(f"{yellow}{where}: {n.level}:{reset} {n.message}\n"))
