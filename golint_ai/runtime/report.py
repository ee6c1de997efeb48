"""``golint-ai evidence FILE``: the goroutine groups of a dump, largest and oldest first,
each with its blocking line and creation site in the checkout and the finding (or the
rule) that covers its shape."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import IO

from golint_ai.runtime.dump import Dump
from golint_ai.runtime.mapping import Checkout, source_line

EXIT_CLEAN, EXIT_ERROR = 0, 2

# Rules whose shape a group can have, by the state it is blocked in.
SHAPES = {
    "chan send": ("GAI102", "GAI103"),
}


def run_evidence_command(args: argparse.Namespace) -> int:
    from golint_ai.runtime.dump import EvidenceError
    from golint_ai.runtime.load import load_evidence

    roots = args.root or ["."]
    missing = [r for r in roots if not os.path.exists(r)]
    if missing:
        print(f"golint-ai: error: {missing[0]}: no such file or directory", file=sys.stderr)
        return EXIT_ERROR
    if args.top < 0 or args.timeout <= 0:
        print("golint-ai: error: --top must be at least 0 and --timeout positive", file=sys.stderr)
        return EXIT_ERROR
    dumps: list[Dump] = []
    for spec in args.sources:
        try:
            dumps.append(load_evidence(spec, allow_hosts=tuple(args.allow_host), timeout=args.timeout))
        except EvidenceError as exc:
            print(f"golint-ai: error: {exc}", file=sys.stderr)
            return EXIT_ERROR
        except Exception as exc:  # never crash on evidence
            print(f"golint-ai: error: {spec}: cannot read evidence: {type(exc).__name__}: {exc}", file=sys.stderr)
            return EXIT_ERROR
    checkout = Checkout(roots)
    findings = [] if args.no_check else _static_findings(roots)
    rows = build_rows(dumps, checkout, findings)
    shown = rows if args.top == 0 else rows[: args.top]
    if args.format == "json":
        json.dump({"dumps": [_dump_json(d) for d in dumps], "groups": shown, "groups_total": len(rows)}, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        write_report(dumps, shown, len(rows), sys.stdout)
    for d in dumps:
        if not any(r["dump"] == d.source and (r["path"] or r["created_in_checkout"]) for r in rows):
            print(f"golint-ai: {d.source}: none of its goroutines ran code under {', '.join(roots)} (a dump of a different checkout or build?)", file=sys.stderr)
    return EXIT_CLEAN


def _static_findings(roots: list[str]) -> list:
    from golint_ai.rules import CODES
    from golint_ai.runner import check_paths
    from golint_ai.settings import ConfigError, ConfigResolver

    try:
        resolver = ConfigResolver(codes=CODES, cli_select=("GAI1",))
        return check_paths(roots, resolver).diagnostics
    except (ConfigError, Exception) as exc:  # the report stands without the names
        print(f"golint-ai: static check skipped: {exc}", file=sys.stderr)
        return []


def _dump_json(d: Dump) -> dict:
    return {"source": d.source, "form": d.form, "goroutines": d.goroutines, "groups": len(d.groups), "truncated": d.truncated, "skipped_lines": d.skipped_lines}


def build_rows(dumps: list[Dump], checkout: Checkout, findings: list) -> list[dict]:
    from golint_ai.discovery import display_path
    from golint_ai.runtime.join import is_waiting

    from golint_ai.runtime.join import FindingIndex, _LineIndex

    index = FindingIndex(findings, _LineIndex({}))
    rows = []
    for d in dumps:
        for g in d.groups:
            m = checkout.map_group(g, d.source)
            block, created = m.block, m.created
            rule = None
            hits = [findings[i] for i in index.covering(m)]
            if hits:
                f = hits[0]
                rule = {"code": f.code, "finding": f"{display_path(f.span.path)}:{_line_of(f)}", "message": f.message}
            else:
                base = m.state.rstrip("?")
                shape = next((codes for key, codes in SHAPES.items() if base.startswith(key)), None)
                if shape:
                    rule = {"code": "/".join(shape), "finding": None, "message": "the shape these rules look for; no finding of theirs matches this line"}
            rows.append({
                "dump": d.source,
                "count": g.count,
                "state": m.state,
                "waiting": is_waiting(m.state),
                "max_wait_minutes": g.max_minutes,
                "leaked": g.leaked,
                "function": block.function if block else (g.frames[0].function if g.frames else None),
                "path": display_path(block.path) if block else None,
                "line": block.line if block else None,
                "source": source_line(block.path, block.line).strip() if block else None,
                "top_frame": str(g.frames[0]) if g.frames else None,
                "created_by": g.created_by.function if g.created_by else None,
                "created_at": f"{display_path(created.path)}:{created.line}" if created else (f"{g.created_by.file}:{g.created_by.line}" if g.created_by else None),
                "created_in_checkout": created is not None,
                "rule": rule,
            })
    rows.sort(key=lambda r: (-r["count"], -(r["max_wait_minutes"] or 0), not r["leaked"], r["path"] or "~", r["line"] or 0))
    return rows


def _line_of(d) -> int:
    try:
        with open(d.span.path, "rb") as fh:
            return fh.read(d.span.start).count(b"\n") + 1
    except OSError:
        return 0


def write_report(dumps: list[Dump], rows: list[dict], total: int, out: IO[str]) -> None:
    for d in dumps:
        extra = " (truncated)" if d.truncated else ""
        out.write(f"{d.source}: {d.form}, {d.goroutines} goroutine{'s' if d.goroutines != 1 else ''} in {len(d.groups)} group{'s' if len(d.groups) != 1 else ''}{extra}\n")
    out.write("\n")
    for r in rows:
        age = f", {r['max_wait_minutes']} min" if r["max_wait_minutes"] is not None else ""
        leaked = ", leaked" if r["leaked"] else ""
        state = r["state"] or "state not recorded"
        out.write(f"{r['count']:>7}  [{state}{age}{leaked}]  {r['function'] or '?'}\n")
        if r["path"]:
            out.write(f"         at {r['path']}:{r['line']}: {r['source']}\n")
        else:
            out.write(f"         at {r['top_frame'] or '?'} (not in the checkout)\n")
        if r["created_at"]:
            out.write(f"         created by {r['created_by']} at {r['created_at']}\n")
        rule = r["rule"]
        if rule and rule["finding"]:
            out.write(f"         covered by {rule['code']} at {rule['finding']}\n")
        elif rule:
            out.write(f"         shape of {rule['code']} ({rule['message']})\n")
        elif r["path"] and r["waiting"]:
            out.write("         no rule covers this shape (check --evidence reports it as GAI190 when it looks leaked)\n")
        out.write("\n")
    if total > len(rows):
        out.write(f"{total - len(rows)} more group{'s' if total - len(rows) != 1 else ''} not shown (--top 0 shows all).\n")
