"""The ``golint-ai`` command line.

Exit status: 0 no unsuppressed findings, 1 findings, 2 usage, configuration or
internal error (``--exit-zero`` turns 1 into 0).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from typing import IO, NoReturn, Sequence

from golint_ai import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "json-lines", "sarif", "github", "junit", "checkstyle", "gitlab")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"golint-ai: error: {message}\n")


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be between 0 and 65535, got {port}")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="golint-ai",
        description="Find memory and resource leaks in Go AI-inference services.",
    )
    parser.add_argument("--version", action="version", version=f"golint-ai {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="analyse Go files and directories (default: .)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: current directory)")
    check.add_argument("--format", choices=FORMATS, action="append", metavar="FORMAT", help=f"output format, repeatable: {', '.join(FORMATS)} (default: text)")
    check.add_argument("--output", "-o", action="append", metavar="[FORMAT=]FILE", help="write a format's report to FILE instead of stdout (repeatable: --output sarif=x.sarif --output junit=x.xml)")
    check.add_argument("--select", type=_csv, metavar="CODES", help="comma-separated codes or prefixes to enable (e.g. GAI301,GAI1)")
    check.add_argument("--ignore", type=_csv, default=[], metavar="CODES", help="comma-separated codes or prefixes to disable")
    check.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip paths matching GLOB, gitignore syntax with ** (repeatable)")
    check.add_argument("--no-respect-gitignore", dest="respect_gitignore", action="store_false", help="also search files .gitignore and .git/info/exclude ignore")
    check.add_argument("--force-exclude", action="store_true", help="skip files given explicitly when git ignores them too")
    check.add_argument("--config", metavar="FILE", help="use this configuration file instead of searching for one")
    check.add_argument("--stdin-filename", metavar="PATH", help="check standard input as if it were the file PATH (its language, configuration and package); the path `-` reads standard input too")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--include-suppressed", action="store_true", help="report suppressed findings too (SARIF: with an inSource suppression)")
    check.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, include unsafe fixes")
    check.add_argument("--diff", action="store_true", help="print the fixes as a unified diff instead of applying them")
    check.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: all cores)")
    check.add_argument("--no-cache", action="store_true", help="neither read nor write the result cache (also GOLINT_AI_NO_CACHE=1)")
    check.add_argument("--cache-dir", metavar="DIR", help="where the result cache lives (default: $GOLINT_AI_CACHE_DIR, else .golint-ai_cache in the project root)")
    check.add_argument("--sarif-category", metavar="NAME", help="SARIF automationDetails.id category (for several uploads per commit)")
    check.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in this baseline (a SARIF file from --write-baseline)")
    check.add_argument("--write-baseline", metavar="FILE", help="record the current findings in FILE (SARIF) and exit 0")
    check.add_argument("--no-source", action="store_true", help="text format: do not show source lines")
    check.add_argument("--statistics", action="store_true", help="print how many findings each rule has instead of the findings (text or json)")
    check.add_argument("--evidence", action="append", default=[], metavar="FILE|URL", help="a goroutine dump or profile (debug=2, debug=1, goroutineleak; or a loopback /debug/pprof URL) confirming goroutine findings; unexplained blocked groups are reported as GAI190 (repeatable)")
    check.add_argument("--evidence-timeout", type=float, default=10.0, metavar="SECONDS", help="timeout for fetching an --evidence URL (default: 10)")
    check.add_argument("--evidence-allow-host", action="append", default=[], metavar="HOST", help="let --evidence URLs name this non-loopback host (repeatable)")
    check.add_argument("--report-unused-suppressions", action=argparse.BooleanOptionalAction, default=None, help="warn about suppression comments that silenced nothing and unknown codes in them (default: on; off with --write-baseline)")
    check.add_argument("--show-settings", metavar="FILE", help="print the settings in effect for FILE and the configuration files they come from, then exit")
    check.add_argument("--show-files", action="store_true", help="print the files that would be checked, one per line, then exit")
    color = check.add_mutually_exclusive_group()
    color.add_argument("--color", dest="color", action="store_const", const=True, help="force colour")
    color.add_argument("--no-color", dest="color", action="store_const", const=False, help="never colour")

    rules = sub.add_parser("rules", help="list the rules")
    rules.add_argument("--format", choices=("text", "json"), default="text")

    rule = sub.add_parser("rule", help="explain one rule")
    rule.add_argument("code", metavar="CODE", help="rule code (GAI301) or name (native-resource-leak)")
    rule.add_argument("--format", choices=("text", "markdown", "json"), default="text")

    evidence = sub.add_parser("evidence", help="report the goroutine groups of a dump or profile, mapped to the checkout")
    evidence.add_argument("sources", nargs="+", metavar="FILE|URL", help="goroutine dumps or profiles (debug=2, debug=1, goroutineleak) or loopback /debug/pprof URLs")
    evidence.add_argument("--root", action="append", default=[], metavar="PATH", help="the checkout to map frames to and check (default: current directory; repeatable)")
    evidence.add_argument("--format", choices=("text", "json"), default="text")
    evidence.add_argument("--top", type=int, default=20, metavar="N", help="groups shown (default: 20; 0 for all)")
    evidence.add_argument("--no-check", action="store_true", help="do not run the static rules to name the finding covering each group")
    evidence.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help="timeout for fetching a URL (default: 10)")
    evidence.add_argument("--allow-host", action="append", default=[], metavar="HOST", help="let URLs name this non-loopback host (repeatable)")

    server = sub.add_parser("server", help="run the language server (LSP over stdio) for editors")
    server.add_argument("--stdio", action="store_true", help="talk LSP over stdin/stdout (the default; accepted for clients that pass it)")
    server.add_argument("--tcp", action="store_true", help="listen on TCP instead of stdio (for debugging)")
    server.add_argument("--host", default="127.0.0.1", help="with --tcp: address to bind (default: 127.0.0.1)")
    server.add_argument("--port", type=_port, default=2087, help="with --tcp: port (default: 2087)")
    server.add_argument("--log-level", choices=("debug", "info", "warning", "error"), default="warning", help="stderr log level (default: warning)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    import gc

    # A run allocates millions of short-lived objects that reference counting frees; at
    # the default threshold (700) the collector scans the young ones hundreds of times
    # a second for the few cycles among them (the forked workers inherit the setting).
    # 10,000 keeps the peak memory of the default (100,000 added a third to it).
    gc.set_threshold(10_000)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            code = _check(args)
        elif args.command == "rules":
            code = _rules(args)
        elif args.command == "rule":
            code = _rule(args)
        elif args.command == "server":
            return _server(args)
        elif args.command == "evidence":
            from golint_ai.runtime.report import run_evidence_command

            code = run_evidence_command(args)
        else:
            parser.print_help()
            return EXIT_ERROR
        _flush_stdout()
        return code
    except _UsageError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except _OutputError as exc:
        if not exc.broken_pipe:  # the reader went away (`| head`): nothing to say
            _error(f"cannot write to standard output: {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:  # pragma: no cover
        return 130


def _error(message: str) -> None:
    try:
        print(f"golint-ai: error: {message}", file=sys.stderr)
    except (OSError, ValueError, AttributeError):  # pragma: no cover - stderr gone too
        pass


class _OutputError(Exception):
    """Standard output cannot be written (closed, full, a broken pipe)."""

    def __init__(self, why: str, broken_pipe: bool = False) -> None:
        super().__init__(why)
        self.broken_pipe = broken_pipe


def run() -> NoReturn:
    """The console entry point (and ``python -m golint_ai``): :func:`main`, then the
    process ends at once instead of tearing the interpreter down. A check leaves
    syntax trees and memos behind whose one-by-one freeing at exit is an eighth of a
    one-file check; by then the output is flushed, every file is closed and the
    cache's writes are committed, so there is nothing left to do (mypy exits the same
    way). An exception out of ``main`` still exits the usual way, with its traceback."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # the reader went away: main said so already
            pass
    os._exit(code)


def _flush_stdout() -> None:
    stream = sys.stdout
    if stream is None:
        return
    try:
        stream.flush()
    except (OSError, ValueError) as exc:
        _silence_stdout()
        raise _OutputError(_why(exc), isinstance(exc, BrokenPipeError)) from None


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc) or type(exc).__name__


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's own flush at exit does
    not fail a second time with a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:  # pragma: no cover
        pass
    try:
        sys.stdout = open(os.devnull, "w")
    except OSError:  # pragma: no cover
        pass


class _Stdout(io.TextIOBase):
    """Standard output for a report: a closed stream (``sys.stdout`` is None when file
    descriptor 1 was closed) and failing writes become :class:`_OutputError`."""

    def __init__(self, stream: IO[str] | None) -> None:
        self._stream = stream

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:
        if self._stream is None:
            raise _OutputError("standard output is closed")
        try:
            try:
                return self._stream.write(s)
            except UnicodeEncodeError:  # text the stream's encoding cannot hold: not an I/O failure
                return self._stream.write(s.encode("ascii", "backslashreplace").decode("ascii"))
        except (OSError, ValueError) as exc:
            _silence_stdout()
            raise _OutputError(_why(exc), isinstance(exc, BrokenPipeError)) from None

    def flush(self) -> None:
        if self._stream is None:
            raise _OutputError("standard output is closed")
        try:
            self._stream.flush()
        except (OSError, ValueError) as exc:
            _silence_stdout()
            raise _OutputError(_why(exc), isinstance(exc, BrokenPipeError)) from None

    def isatty(self) -> bool:
        try:
            return self._stream is not None and self._stream.isatty()
        except (OSError, ValueError):
            return False


class _UsageError(Exception):
    pass


def _check(args: argparse.Namespace) -> int:
    from golint_ai.knowledge import KnowledgeError
    from golint_ai.rules import CODES
    from golint_ai.settings import ConfigError, ConfigResolver, validate_selectors

    if args.jobs is not None and args.jobs < 1:
        raise _UsageError("--jobs must be at least 1")
    if args.unsafe_fixes and not (args.fix or args.diff):
        raise _UsageError("--unsafe-fixes goes with --fix or --diff")
    if args.fix and args.diff:
        raise _UsageError("--fix and --diff exclude each other (--diff never writes)")
    if args.baseline and args.write_baseline:
        raise _UsageError("--baseline and --write-baseline exclude each other")
    if args.statistics and any(f not in ("text", "json") for f in args.format or ["text"]):
        raise _UsageError("--statistics goes with --format text or json")
    if args.select is not None and not args.select:
        raise _UsageError("--select needs at least one code or prefix (ALL selects every rule)")
    from golint_ai.output.targets import TargetError, plan_targets

    try:
        targets = plan_targets(args.format, args.output)
    except TargetError as exc:
        raise _UsageError(str(exc)) from None
    baseline: set[str] | None = None
    if args.baseline:
        from golint_ai.baseline import BaselineError, load_baseline

        try:
            baseline = load_baseline(args.baseline)
        except BaselineError as exc:
            raise _UsageError(str(exc)) from None
    paths = args.paths or ["."]
    # Standard input: checked as the file it names, never written back (--fix prints it).
    overrides: dict[str, bytes] | None = None
    stdin_path: str | None = None
    if args.stdin_filename is not None or "-" in args.paths:
        stdin_path, overrides = _read_stdin(args)
        paths = [stdin_path]
    try:
        select = validate_selectors(args.select, CODES, "--select") if args.select is not None else None
        ignore = validate_selectors(args.ignore, CODES, "--ignore")
        from pathlib import Path

        resolver = ConfigResolver(
            codes=CODES,
            explicit=Path(args.config) if args.config else None,
            cli_select=select,
            cli_ignore=ignore,
            cli_exclude=tuple(args.exclude),
        )
        # Read the configuration of the first path now, so errors surface before work.
        first = paths[0] if os.path.isdir(paths[0]) else os.path.dirname(os.path.abspath(paths[0]))
        resolver.for_directory(first)
        if args.show_settings is not None or args.show_files:
            return _show(args, paths, resolver)
    except (ConfigError, KnowledgeError) as exc:
        raise _UsageError(str(exc)) from None
    dumps = _load_evidence(args, resolver.for_directory(first)) if args.evidence else []

    from golint_ai.runner import check_paths

    report_unused = args.report_unused_suppressions
    if report_unused is None:
        report_unused = not args.write_baseline  # a baseline records findings, not comments
    cache = None
    if not args.no_cache and os.environ.get("GOLINT_AI_NO_CACHE", "") in ("", "0"):
        from golint_ai.cache import Cache, default_directory

        cache = Cache(args.cache_dir or default_directory())
    from golint_ai.output.progress import ProgressBar

    to_terminal = next((t.format for t in targets if t.path is None), None)
    bar = ProgressBar(sys.stderr) if ProgressBar.wanted(sys.stderr, to_terminal or "") else None
    try:
        result = check_paths(paths, resolver, jobs=args.jobs, overrides=overrides, respect_gitignore=args.respect_gitignore,
                             force_exclude=args.force_exclude, report_unused_suppressions=report_unused, cache=cache, progress=bar)
    except (ConfigError, KnowledgeError) as exc:
        raise _UsageError(str(exc)) from None
    finally:
        if bar is not None:
            bar.close()

    if args.fix and overrides is not None:
        result = _fix_stdin(args, paths, resolver, result, overrides)
    elif args.fix or args.diff:
        from golint_ai.fixes import fix_in_rounds, unified_diff

        run = fix_in_rounds(result, args.unsafe_fixes, lambda current: check_paths(
            paths, resolver, jobs=args.jobs, overrides={**(overrides or {}), **current}, respect_gitignore=args.respect_gitignore,
            force_exclude=args.force_exclude, report_unused_suppressions=report_unused, cache=cache))
        for reason in run.skipped:
            print(f"golint-ai: {reason}", file=sys.stderr)
        n = run.applied
        if args.diff:
            stdout = _Stdout(sys.stdout)
            for path in run.changed:
                stdout.write(unified_diff(path, run.original[path], run.current[path]))
            stdout.flush()
            print(f"Would fix {n} finding{'s' if n != 1 else ''}.", file=sys.stderr)
            return EXIT_FINDINGS if run.changed and not args.exit_zero else EXIT_CLEAN
        for path in run.changed:
            try:
                with open(path, "wb") as fh:
                    fh.write(run.current[path])
            except OSError as exc:
                raise _UsageError(f"cannot write fixes to {path}: {exc.strerror or exc}") from None
        result = run.result
        if n:
            files = len(run.changed)
            print(f"Fixed {n} finding{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''}.", file=sys.stderr)

    if dumps:
        _join_evidence(result, dumps, paths, resolver)

    if args.write_baseline:
        from golint_ai.output.sarif import write_sarif

        try:
            with open(args.write_baseline, "w", encoding="utf-8", newline="\n") as fh:
                write_sarif(result, fh, exit_code=EXIT_CLEAN)
        except OSError as exc:
            raise _UsageError(f"cannot write {args.write_baseline}: {exc.strerror or exc}") from None
        n = len(result.unsuppressed)
        print(f"Recorded {n} finding{'s' if n != 1 else ''} in {args.write_baseline}.", file=sys.stderr)
        return EXIT_CLEAN
    if baseline is not None:
        from golint_ai.baseline import apply_baseline

        hidden = apply_baseline(result, baseline)
        if hidden:
            print(f"golint-ai: {hidden} finding{'s' if hidden != 1 else ''} in the baseline not shown.", file=sys.stderr)

    unsuppressed = result.unsuppressed
    internal = any(n.kind == "internal" for n in result.notifications)
    # Nothing could be read: every file or directory given was unreadable.
    nothing_read = result.unreadable > 0 and result.files == 0
    if internal or result.missing or nothing_read:
        code = EXIT_ERROR
    elif unsuppressed and not args.exit_zero:
        code = EXIT_FINDINGS
    else:
        code = EXIT_CLEAN

    from golint_ai.output.formats import MACHINE_FORMATS, ReportOptions, write_report
    from golint_ai.output.text import use_color, write_notifications

    to_stdout = next((t.format for t in targets if t.path is None), None)
    if to_stdout in MACHINE_FORMATS:
        _reconfigure(sys.stdout, encoding="utf-8")  # machine formats are UTF-8 whatever the console
    else:
        _reconfigure(sys.stdout, errors="replace")
    files: list[tuple[str, str]] = []
    for target in targets:
        buffer = io.StringIO() if target.path is not None else None
        # With --fix on standard input, standard output carries the fixed source.
        report_stream = sys.stderr if args.fix and overrides is not None else sys.stdout
        out: IO[str] = buffer if buffer is not None else _Stdout(report_stream)
        color = args.color if args.color is not None else (buffer is None and use_color(out))
        opts = ReportOptions(
            exit_code=code,
            include_suppressed=args.include_suppressed,
            sarif_category=args.sarif_category,
            color=bool(color),
            show_source=not args.no_source,
        )
        if args.statistics and target.format in ("text", "json"):
            from golint_ai.output.statistics import write_statistics

            write_statistics(result, out, target.format)
        else:
            write_report(target.format, result, out, opts)
        if buffer is None:
            out.flush()
        else:
            files.append((target.path, buffer.getvalue()))
    if to_stdout != "github":  # on standard output, GitHub annotations already say them
        write_notifications(result, sys.stderr, color=args.color if args.color is not None else use_color(sys.stderr))
    if nothing_read:
        print("golint-ai: error: no file could be read", file=sys.stderr)
    for path, text in files:
        try:
            with open(path, "w", encoding="utf-8", errors="replace", newline="\n") as fh:
                fh.write(text)
        except OSError as exc:
            raise _UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    return code


def _read_stdin(args: argparse.Namespace) -> tuple[str, dict[str, bytes]]:
    """The path standard input stands for and its bytes, as an override of that path."""
    from golint_ai.runner import MAX_FILE_BYTES

    if args.paths not in ([], ["-"]):
        raise _UsageError("standard input (`-` or --stdin-filename) is checked alone: give no other paths")
    name = args.stdin_filename if args.stdin_filename is not None else "stdin.go"
    if not name or name == "-" or os.path.isdir(name):
        raise _UsageError(f"--stdin-filename needs a file name, got {name!r}")
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise _UsageError("standard input is closed")
    try:
        data = stream.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise _UsageError(f"cannot read standard input: {_why(exc)}") from None
    return name, {os.path.abspath(name): data}


def _fix_stdin(args: argparse.Namespace, paths: list[str], resolver, result, overrides: dict[str, bytes]):
    """``--fix`` on standard input: apply the fixes in memory, in the same rounds as on
    disk, and print the fixed source (unchanged when nothing applies) to standard output."""
    from golint_ai.discovery import display_path
    from golint_ai.fixes import fix_in_rounds
    from golint_ai.runner import check_paths

    (path,) = overrides
    run = fix_in_rounds(result, args.unsafe_fixes, lambda current: check_paths(
        paths, resolver, jobs=args.jobs, overrides={**overrides, **current}, respect_gitignore=args.respect_gitignore,
        force_exclude=args.force_exclude))
    for reason in run.skipped:
        print(f"golint-ai: {reason}", file=sys.stderr)
    if run.applied:
        print(f"Fixed {run.applied} finding{'s' if run.applied != 1 else ''}.", file=sys.stderr)
    fixed = run.current.get(display_path(path), overrides[path])
    stream = getattr(sys.stdout, "buffer", None)
    try:
        if stream is not None:
            sys.stdout.flush()
            stream.write(fixed)
            stream.flush()
        else:  # pragma: no cover - a text-only stdout (captured by a test harness)
            _Stdout(sys.stdout).write(fixed.decode("utf-8", "surrogateescape"))
    except (OSError, ValueError) as exc:
        _silence_stdout()
        raise _OutputError(_why(exc), isinstance(exc, BrokenPipeError)) from None
    return run.result


def _show(args: argparse.Namespace, paths: list[str], resolver) -> int:
    """``--show-settings FILE`` and ``--show-files``: print, check nothing."""
    from golint_ai.show import files_to_check, show_settings

    if args.show_settings is not None and args.show_files:
        raise _UsageError("--show-settings and --show-files exclude each other")
    stdout = _Stdout(sys.stdout)
    if args.show_settings is not None:
        show_settings(args.show_settings, resolver, stdout)
        missing: list[str] = []
    else:
        files, missing = files_to_check(paths, resolver)
        for f in files:
            stdout.write(f + "\n")
    stdout.flush()
    for path, message in resolver.warnings:
        print(f"{path}: warning: {message}", file=sys.stderr)
    for path in missing:
        print(f"{path}: error: no such file or directory", file=sys.stderr)
    return EXIT_ERROR if missing else EXIT_CLEAN


def _load_evidence(args: argparse.Namespace, settings) -> list:
    from golint_ai.runtime.dump import EvidenceError
    from golint_ai.runtime.load import load_evidence

    if args.evidence_timeout <= 0:
        raise _UsageError("--evidence-timeout must be positive")
    allow = tuple(args.evidence_allow_host) + settings.evidence_allow_hosts
    dumps = []
    for spec in args.evidence:
        try:
            dumps.append(load_evidence(spec, allow_hosts=allow, timeout=args.evidence_timeout))
        except EvidenceError as exc:
            raise _UsageError(str(exc)) from None
        except Exception as exc:  # never crash on evidence
            raise _UsageError(f"{spec}: cannot read evidence: {type(exc).__name__}: {exc}") from None
    return dumps


def _join_evidence(result, dumps: list, paths: list[str], resolver) -> None:
    from golint_ai.diagnostics import Notification
    from golint_ai.runtime.join import apply_evidence
    from golint_ai.runtime.mapping import Checkout

    first = paths[0] if os.path.isdir(paths[0]) else os.path.dirname(os.path.abspath(paths[0]))
    try:
        checkout = Checkout(paths, tuple(resolver.cli_exclude))
        outcome = apply_evidence(result, dumps, checkout, resolver.for_directory, resolver.for_directory(first))
    except Exception as exc:  # pragma: no cover - a bug here must not lose the static findings
        result.notifications.append(Notification("", f"runtime evidence not joined: internal error: {type(exc).__name__}: {exc}", "error", kind="internal"))
        return
    total = sum(d.goroutines for d in dumps)
    c, r = outcome.confirmed, outcome.reported
    print(
        f"golint-ai: runtime evidence: {total} goroutine{'s' if total != 1 else ''} in {len(outcome.groups)} group{'s' if len(outcome.groups) != 1 else ''}; "
        f"{c} finding{'s' if c != 1 else ''} confirmed, {r} unexplained group{'s' if r != 1 else ''} reported (GAI190).",
        file=sys.stderr,
    )


def _reconfigure(stream: IO[str] | None, **kw: str) -> None:
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(**kw)
        except (ValueError, OSError):  # pragma: no cover - stream already in use
            pass


def _server(args: argparse.Namespace) -> int:
    try:  # pygls is an optional dependency: imported only here
        from golint_ai.server.lsp import main as server_main
    except ImportError as exc:
        raise _UsageError(f"the language server needs the `server` extra: pip install 'golint-ai[server]' ({exc})") from None
    try:
        return server_main(tcp=args.tcp, host=args.host, port=args.port, log_level=args.log_level)
    except OSError as exc:
        where = f"{args.host}:{args.port}" if args.tcp else "standard input/output"
        raise _UsageError(f"cannot serve on {where}: {exc.strerror or exc}") from None


def _say(*parts: object) -> None:
    """``print`` to standard output through :class:`_Stdout`."""
    _Stdout(sys.stdout).write(" ".join(str(p) for p in parts) + "\n")


def _rules(args: argparse.Namespace) -> int:
    from golint_ai.rules import ALL_RULES

    if args.format == "json":
        import json

        _say(json.dumps([_rule_json(r) for r in ALL_RULES], indent=2))
        return EXIT_CLEAN
    rows = [(r.code, r.name, r.level.value, "yes" if r.fix_availability.value != "none" else "", r.summary()) for r in ALL_RULES]
    widths = [max(len(row[i]) for row in rows + [("CODE", "NAME", "LEVEL", "FIX", "")]) for i in range(4)]
    header = ("CODE", "NAME", "LEVEL", "FIX", "SUMMARY")
    _say("  ".join(h.ljust(widths[i]) if i < 4 else h for i, h in enumerate(header)))
    for row in rows:
        _say("  ".join(c.ljust(widths[i]) if i < 4 else c for i, c in enumerate(row)))
    return EXIT_CLEAN


def _rule_json(r) -> dict:
    doc = r.doc()
    return {
        "code": r.code,
        "name": r.name,
        "summary": doc.summary,
        "level": r.level.value,
        "precision": r.precision.value,
        "fix": r.fix_availability.value,
        "since": r.since,
        "status": r.status,
        "tags": [r.family(), *r.tags],
        "help_uri": r.help_uri(),
        "explanation": doc.markdown(),
        "source": r.source_location(),
    }


def _rule(args: argparse.Namespace) -> int:
    from golint_ai.rules import CODES, rule_for

    r = rule_for(args.code)
    if r is None:
        raise _UsageError(f"unknown rule `{args.code}` (known: {', '.join(CODES)})")
    if args.format == "json":
        import json

        _say(json.dumps(_rule_json(r), indent=2))
    elif args.format == "markdown":
        _say(rule_markdown(r))
    else:
        doc = r.doc()
        _say(f"{r.name} ({r.code})")
        _say(f"Level: {r.level.value}    Fix: {r.fix_availability.value}    Since: {r.since}")
        _say()
        _say(doc.summary)
        _say()
        _say(doc.plain())
    return EXIT_CLEAN


def rule_markdown(r) -> str:
    doc = r.doc()
    meta = f"Level: `{r.level.value}` · Precision: `{r.precision.value}` · Fix: `{r.fix_availability.value}` · Since: `{r.since}` · Tags: {', '.join(f'`{t}`' for t in (r.family(), *r.tags))}"
    return f"# {r.name} ({r.code})\n\n{doc.summary}\n\n{meta}\n\n{doc.markdown()}\n"
