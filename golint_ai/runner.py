"""discover → read → group into packages → prefilter → parse → rules → suppress → sort.

The unit of work is a directory (its packages), dispatched over all cores. Results are
a pure function of the package's files and the settings, so they can be cached by
content hash.
"""

from __future__ import annotations

import gc
import itertools
import os
import stat
import traceback
from typing import TYPE_CHECKING, Callable, Iterable

from msgspec import Struct, field
from msgspec.structs import replace

from golint_ai.diagnostics import Diagnostic, Notification
from golint_ai.discovery import Discovered, discover, display_path, is_excluded
from golint_ai.golang import inputs
from golint_ai.settings import ConfigResolver, Settings

if TYPE_CHECKING:  # pragma: no cover
    from concurrent.futures import ProcessPoolExecutor

    from golint_ai.cache import Cache
    from golint_ai.context import FileContext
    from golint_ai.golang.package import GoFile, Package
    from golint_ai.registry import Rule

MAX_FILE_BYTES = 8 * 1024 * 1024


class AnalysisCancelled(BaseException):
    """Raised between files and rules when the caller's ``should_stop`` says so (a newer
    version of the document is waiting). A BaseException: the per-rule ``except
    Exception`` that keeps one rule's bug from taking the run down must not swallow it."""


class RunResult(Struct, dict=True):
    """What a run found: diagnostics, notifications, file counts, and the bytes of files with findings."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    files: int = 0  # files checked: discovered and reported, less those skipped or unreadable
    parsed: int = 0  # files parsed
    generated: int = 0  # reported files skipped as generated
    skipped: int = 0  # reported files not analysed: too large, not regular files
    unreadable: int = 0  # reported files and directories that could not be read
    missing: int = 0  # paths given that do not exist (or cannot be looked at)
    unselected: int = 0  # reported Python files the `python` setting leaves out (no torch/ctypes import)
    # display path -> file bytes, for files with findings (text output, fingerprints)
    sources: dict[str, bytes] = field(default_factory=dict)

    @property
    def unsuppressed(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.suppressed]

    def sort(self) -> None:
        self.diagnostics.sort(key=Diagnostic.sort_key)
        self.notifications.sort(key=Notification.sort_key)


class DirectoryJob(Struct, frozen=True, dict=True):
    """The unit of work: one directory's files (reported or not), its settings, and unsaved editor buffers."""

    directory: str
    files: tuple[tuple[str, bool], ...]  # (path, reported)
    settings: Settings
    overrides: tuple[tuple[str, bytes], ...] = ()  # unsaved editor buffers: path -> bytes
    report_unused: bool = False  # notify suppressions that silenced nothing and unknown codes


def enabled_rules(settings: Settings) -> list["Rule"]:
    from golint_ai.rules import CODES, rule_class

    return [rule_class(c)() for c in CODES if settings.enabled(c)]


def check_paths(
    paths: list[str],
    resolver: ConfigResolver,
    *,
    jobs: int | None = None,
    overrides: dict[str, bytes] | None = None,
    respect_gitignore: bool = True,
    force_exclude: bool = False,
    report_unused_suppressions: bool = False,
    cache: "Cache | None" = None,
    progress: "Callable[[int, int], None] | None" = None,
) -> RunResult:
    """Analyse the Go files under ``paths``. ``overrides`` (absolute path -> bytes) replace
    what is on disk; such a file is analysed even if it does not exist (standard input).
    With a ``cache``, directories whose inputs are unchanged are taken from it and the
    others are stored in it. ``progress(done, total)`` is called as directories finish."""
    result = RunResult()
    pool = _early_pool(paths, resolver, jobs, cache, overrides)
    try:
        _check(result, paths, resolver, jobs, overrides, respect_gitignore, force_exclude, report_unused_suppressions, cache, progress, pool)
    finally:
        if pool is not None:
            pool.shutdown()
    return result


def _check(result: RunResult, paths, resolver, jobs, overrides, respect_gitignore, force_exclude, report_unused_suppressions, cache, progress, pool) -> None:
    found, work = plan_jobs(paths, resolver, overrides, report_unused_suppressions, respect_gitignore=respect_gitignore, force_exclude=force_exclude)
    result.files = sum(1 for job in work for _, r in job.files if r)
    for path, message in resolver.warnings:
        result.notifications.append(Notification(display_path(path), message, "warning", kind="config"))
    result.missing = len(found.missing)
    for missing in found.missing:
        why = found.problems.get(missing, "no such file or directory")
        result.notifications.append(Notification(display_path(missing), why, "error", kind="input"))
    for directory, why in found.unreadable.items():
        result.unreadable += 1
        result.notifications.append(Notification(display_path(directory), f"cannot read directory: {why}", "warning", kind="input"))
    cached: list[RunResult] = []
    if cache is not None:
        inputs.new_run()
        missed = []
        for job in work:
            hit = cache.load(job)
            if hit is None:
                missed.append(job)
            else:
                cached.append(hit)
        cache.flush()
        work = missed
    total = len(cached) + len(work)
    for done, part in enumerate(itertools.chain(cached, _run_jobs(work, jobs, cache, pool)), 1):
        if progress is not None:
            progress(done, total)
        result.diagnostics.extend(part.diagnostics)
        result.notifications.extend(part.notifications)
        result.parsed += part.parsed
        result.generated += part.generated
        result.skipped += part.skipped
        result.unreadable += part.unreadable
        result.unselected += part.unselected
        result.sources.update(part.sources)
    unreadable_files = result.unreadable - len(found.unreadable)
    result.files -= result.generated + result.skipped + unreadable_files + result.unselected
    result.sort()


def plan_jobs(
    paths: list[str],
    resolver: ConfigResolver,
    overrides: dict[str, bytes] | None = None,
    report_unused: bool = False,
    *,
    respect_gitignore: bool = True,
    force_exclude: bool = False,
) -> tuple[Discovered, list[DirectoryJob]]:
    """The files under ``paths`` and the directory jobs analysing them, each with the
    settings of its directory (its excludes and ``python`` mode applied)."""
    # Config excludes come from the nearest config of each path; CLI excludes apply to all.
    exclude = tuple(resolver.cli_exclude)
    found = discover(paths, exclude, respect_gitignore=respect_gitignore, force_exclude=force_exclude, virtual=frozenset(overrides or ()))
    work: list[DirectoryJob] = []
    for directory, files in found.directories.items():
        settings = resolver.for_directory(directory)
        if settings.exclude:
            files = [(f, r) for f, r in files if not is_excluded(f, settings.exclude)]
        if settings.python == "off":
            files = [(f, r) for f, r in files if not f.endswith(".py")]
        if not files:
            continue
        # Editor buffers name files as found; fixes applied in memory as displayed.
        ov = tuple((f, data) for f, _ in files if overrides and (data := overrides.get(f, overrides.get(display_path(f)))) is not None)
        work.append(DirectoryJob(directory, tuple(files), settings, ov, report_unused))
    return found, work


def _run_jobs(work: list[DirectoryJob], jobs: int | None, cache: "Cache | None" = None, pool=None) -> Iterable[RunResult]:
    """The results of ``work``, in the worker processes of ``pool`` (or of a pool
    started here) when there are several jobs and cores."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(work) <= 1:
        for job in work:
            yield cache.analyze([job])[0] if cache is not None else analyze_directory(job)
        return
    # Largest directories first keeps the cores busy to the end.
    ordered = sorted(work, key=lambda job: -len(job.files))
    own = pool is None
    if own:
        pool = _start_pool(min(jobs, len(work)), cache)
    try:
        for results in pool.map(_analyze_batch, _batches(ordered), chunksize=1):
            yield from results
    finally:
        if own:
            pool.shutdown()


def _start_pool(workers: int, cache: "Cache | None", settings: Settings | None = None) -> "ProcessPoolExecutor":
    """A process pool of ``workers`` (forked where the platform can). Each worker keeps
    one cache (what it wrote is remembered across its directories) and opens its own
    database connection: the parent's must not cross the fork. With ``settings``, the
    workers start now and import the rules those settings enable while the parent goes
    on (see :func:`_early_pool`)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    if cache is not None:
        cache.close()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_start_worker, initargs=(cache, settings))
    if settings is not None:
        pool.submit(int)  # the first task starts the workers
    return pool


def _early_pool(paths: list[str], resolver: ConfigResolver, jobs: int | None, cache: "Cache | None", overrides) -> "ProcessPoolExecutor | None":
    """Worker processes started before the files are found, when the run will most
    likely need them: several cores, a directory to search and no cached results to
    check first (no cache, or an empty one). The workers import their rules while the
    parent walks the tree; a one-file check or a warm run starts none."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or overrides or not any(os.path.isdir(p) for p in paths):
        return None
    if cache is not None and not cache.empty():
        return None
    first = next(p for p in paths if os.path.isdir(p))
    return _start_pool(jobs, cache, resolver.for_directory(first))


# Small directories travel to the workers in batches of about this many files: each
# round trip through the pool costs the parent about half a millisecond of CPU, which
# it takes from the workers on a machine whose cores they fill (a third of the parent's
# CPU on a large repository went to 735 single-directory round trips).
BATCH_FILES = 16


def _batches(ordered: list[DirectoryJob]) -> list[list[DirectoryJob]]:
    """``ordered`` cut into consecutive batches of at least ``BATCH_FILES`` files (a
    larger directory is a batch of its own; the last batch may be smaller)."""
    out: list[list[DirectoryJob]] = []
    batch: list[DirectoryJob] = []
    size = 0
    for job in ordered:
        batch.append(job)
        size += len(job.files)
        if size >= BATCH_FILES:
            out.append(batch)
            batch, size = [], 0
    if batch:
        out.append(batch)
    return out


_WORKER_CACHE: "Cache | None" = None


def _start_worker(cache: "Cache | None", settings: Settings | None) -> None:
    """A worker's initializer: its cache, its warm-up (early workers), its collector."""
    global _WORKER_CACHE
    _WORKER_CACHE = cache
    if settings is not None:
        try:
            _warm_up(settings)
        except Exception:  # pragma: no cover - only a head start: the first job imports what it needs
            pass
    # What the worker holds from here on (modules, tables, compiled queries) lives as long
    # as it does: kept out of the collections below, which then only walk what the
    # analyses made.
    gc.collect()
    gc.freeze()


def _warm_up(settings: Settings) -> None:
    """What a worker's first directory would otherwise wait for: the rules the settings
    enable, the modules their analyses import on first use, and the queries those
    modules declare, compiled."""
    from importlib import import_module

    from golint_ai.golang.query import DECLARED

    for module in ("golint_ai.context", "golint_ai.golang.world", "golint_ai.leaks.summaries", "golint_ai.suppression"):
        import_module(module)
    enabled_rules(settings)
    for query in list(DECLARED):
        query.query


def _analyze_batch(batch: list[DirectoryJob]) -> list[RunResult]:
    """Analyse a batch in a worker, through its cache when the run has one."""
    global _FILES_SINCE_COLLECTION
    try:
        if _WORKER_CACHE is not None:
            return _WORKER_CACHE.analyze(batch)
        return [analyze_directory(job) for job in batch]
    finally:
        _FILES_SINCE_COLLECTION += sum(len(job.files) for job in batch)
        if _FILES_SINCE_COLLECTION >= COLLECT_EVERY_FILES:
            gc.collect()
            _FILES_SINCE_COLLECTION = 0


# A worker collects its cyclic garbage (scopes, flow graphs and the trees their nodes keep
# alive) after about this many files. Python's own full collections wait until the
# objects surviving since the last one are a quarter of all long-lived ones, so a
# worker held the trees of hundreds of analysed files: on weaviate the two workers and
# the parent together peaked at 197 MiB, with this 150 MiB, at no measurable cost in
# time (the collections walk only what the analyses made: see _start_worker).
COLLECT_EVERY_FILES = 500
_FILES_SINCE_COLLECTION = 0


def analyze_directory(
    job: DirectoryJob,
    make_file: "Callable[[str, bytes, bool, str], GoFile] | None" = None,
    should_stop: "Callable[[], bool] | None" = None,
    reuse: "Callable[[Rule, FileContext], Iterable[Diagnostic]] | None" = None,
    release: bool = True,
) -> RunResult:
    """Read, group, prefilter and analyse one directory. Never raises, except
    :class:`AnalysisCancelled` when ``should_stop()`` turns true (checked between files
    and between rules).

    ``make_file(path, data, reported, display)`` builds each file's :class:`GoFile`
    (the language server passes one that reuses cached, incrementally updated parses).
    ``reuse(rule, ctx)`` runs a ``per_function`` rule in place of ``rule.check(ctx)``
    (the language server's per-function results, :mod:`golint_ai.server.reuse`).
    ``release``: drop each package's derived caches once analysed (:meth:`Package.release`);
    the language server keeps them, for its memos of earlier edits still point at them.
    """
    from golint_ai.golang.package import Package

    from golint_ai.golang.world import remember_sources

    out = RunResult()
    rules = enabled_rules(job.settings)
    py_files = [(p, r) for p, r in job.files if p.endswith(".py")]
    if py_files:
        from golint_ai.pyrunner import analyze_python_files

        analyze_python_files(job, py_files, [r for r in rules if r.language == "python"], out)
        if len(py_files) == len(job.files):
            return out
    rules = [r for r in rules if r.language == "go"]
    packages = read_packages(job, out, make_file)
    remember_sources(job.directory, [(os.path.basename(f.source.path), f.data) for files in packages.values() for f in files])
    for name in sorted(packages):
        pkg = Package(job.directory, name, packages[name])
        try:
            _analyze_package(pkg, rules, job.settings, out, should_stop, job.report_unused, reuse)
        finally:
            if release:
                pkg.release()
    return out


def read_packages(job: DirectoryJob, out: RunResult, make_file=None) -> dict[str, list["GoFile"]]:
    """The directory's analysable files grouped by package clause; input problems of the
    reported files become notifications in ``out``."""
    from golint_ai.golang.package import GoFile, is_generated, package_clause
    from golint_ai.golang.source import SourceFile
    from golint_ai.golang.world import read_earlier

    if make_file is None:
        def make_file(path: str, data: bytes, reported: bool, display: str) -> GoFile:
            return GoFile(SourceFile(path, display, data), report=reported)

    overrides = dict(job.overrides)
    packages: dict[str, list[GoFile]] = {}
    cwd = os.getcwd()  # once: every display below is relative to it
    for path, reported in job.files:
        if path.endswith(".py"):
            continue  # analysed by golint_ai.pyrunner
        display = display_path(path, cwd)

        def note(message: str, level: str = "warning", **kw) -> None:
            if reported:
                out.notifications.append(Notification(display, message, level, **kw))

        def skip(message: str) -> None:
            out.skipped += reported
            note(message)

        data = overrides.get(path)
        if data is None:
            try:
                st = os.stat(path)
                if not stat.S_ISREG(st.st_mode):
                    inputs.stat_only(path, st)
                    skip("not a regular file; not analysed")
                    continue
                if st.st_size > MAX_FILE_BYTES:
                    inputs.stat_only(path, st)
                    skip(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; not analysed")
                    continue
                data = read_earlier(path)
                if data is None or len(data) != st.st_size:
                    data = inputs.read(path, MAX_FILE_BYTES + 1)
                if len(data) > MAX_FILE_BYTES:
                    skip(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; not analysed")
                    continue
            except OSError as exc:
                inputs.uncacheable()
                out.unreadable += reported
                note(f"cannot read file: {exc.strerror or exc}", kind="input")
                continue
        elif len(data) > MAX_FILE_BYTES:
            skip(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; not analysed")
            continue
        problem = _input_problem(data)
        if problem is not None:
            note(problem, "note" if _blank(data) else "warning")
            continue
        if is_generated(data):
            out.generated += reported
            continue
        name = package_clause(data)
        if name is None:
            note("no package clause; not a Go source file", kind="syntax")
            continue
        if reported and not data.isascii():
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                line = data.count(b"\n", 0, exc.start) + 1
                note("file is not valid UTF-8; analysed with invalid bytes replaced", line=line)
        packages.setdefault(name, []).append(make_file(path, data, reported, display))
    return packages


def read_input(path: str, data: bytes | None, note: Callable[..., None]) -> bytes | None:
    """A file's bytes (``data`` when an editor buffer overrides the disk), or None after
    noting why it cannot be analysed."""
    if data is None:
        try:
            st = os.stat(path)
            if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
                inputs.stat_only(path, st)
                note("not a regular file; not analysed" if not stat.S_ISREG(st.st_mode) else f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; not analysed")
                return None
            data = inputs.read(path)
        except OSError as exc:
            inputs.uncacheable()
            note(f"cannot read file: {exc.strerror or exc}", "error")
            return None
    elif len(data) > MAX_FILE_BYTES:
        note(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; not analysed")
        return None
    return data


def record(out: RunResult, found: list[Diagnostic], active: list["Rule"], settings: Settings, source, sup) -> None:
    """Deduplicate, level, suppress and keep one file's findings."""
    seen: set[tuple] = set()
    for d in found:
        key = (d.code, d.span.start, d.message)
        if key in seen:
            continue
        seen.add(key)
        rule_level = next(r.level.value for r in active if r.code == d.code)
        level = settings.level_for(d.code, rule_level)
        line = source.line_of(d.span.start) + 1
        directive = sup.find(d.code, line)
        if directive is not None:
            d = replace(d, level=level, suppressed=True, suppression_reason=directive.reason)
        elif level != d.level:
            d = replace(d, level=level)
        out.diagnostics.append(d)
    if found:
        out.sources[source.display] = source.data


def _blank(data: bytes) -> bool:
    """Empty or whitespace only (without copying the bytes as ``strip`` would)."""
    return not data or data.isspace()


def _input_problem(data: bytes) -> str | None:
    if _blank(data):
        return "empty file; nothing to analyse"
    if b"\x00" in data[:8192]:
        return "binary file (contains NUL bytes); not analysed"
    return None


def _stop_if(should_stop: "Callable[[], bool] | None") -> None:
    if should_stop is not None and should_stop():
        raise AnalysisCancelled()


def _analyze_package(
    pkg: "Package", rules: list["Rule"], settings: Settings, out: RunResult, should_stop: "Callable[[], bool] | None" = None,
    report_unused: bool = False, reuse=None,
) -> None:
    from golint_ai.context import FileContext
    from golint_ai.golang.parse import looks_malformed
    from golint_ai.suppression import has_directives, parse_suppressions, suppression_notifications

    for f in pkg.files:
        if not f.report:
            continue
        _stop_if(should_stop)
        display = f.source.display
        test_file = display.endswith("_test.go")
        # ``rules`` are the enabled ones: per-file-ignores may still turn some off here.
        applicable = [r for r in rules if (r.in_tests or not test_file)]
        if settings.per_file_ignores:
            applicable = [r for r in applicable if settings.enabled_in(r.code, f.source.path)]
        active = [r for r in applicable if r.is_candidate_in(f.data, settings, pkg.directory)]
        if not active:
            # No rule can find anything here, so the file is not parsed, unless a cheap
            # structural check says it may not be valid Go: then its syntax errors are
            # reported like any other file's.
            malformed = looks_malformed(f.data)
            if malformed:
                try:
                    _syntax_notifications(f, out)
                    out.parsed += 1
                except Exception as exc:  # pragma: no cover - never crash on input
                    out.notifications.append(Notification(display, f"internal error: {type(exc).__name__}: {exc}", "error", kind="internal"))
            elif has_directives(display, f.data):
                # Nothing ran that a directive could silence: no need for node ranges.
                sup = parse_suppressions(f.data, expand=False)
                ran = {r.code for r in applicable}
                out.notifications.extend(suppression_notifications(sup, display, "go", test_file, ran, report_unused))
            continue
        try:
            f.tree  # parse
            out.parsed += 1
            ctx = FileContext(f, pkg, settings)
            found: list[Diagnostic] = []
            ran = {r.code for r in applicable}
            for rule in active:
                _stop_if(should_stop)
                try:
                    found.extend(reuse(rule, ctx) if reuse is not None and rule.per_function else rule.check(ctx))
                except RecursionError:
                    ran.discard(rule.code)
                    out.notifications.append(Notification(display, f"{rule.code}: file too deeply nested to analyse", "warning", kind="internal"))
                except Exception as exc:  # a rule bug must not take the run down
                    ran.discard(rule.code)
                    out.notifications.append(Notification(display, f"{rule.code}: internal error: {type(exc).__name__}: {exc}", "error", kind="internal"))
                    if os.environ.get("GOLINT_AI_DEBUG"):
                        traceback.print_exc()
            _syntax_notifications(f, out)
            sup = parse_suppressions(f.data, f.root)
            record(out, found, active, settings, f.source, sup)
            # Code that did not parse was not analysed: its directives are not judged.
            out.notifications.extend(suppression_notifications(sup, display, "go", test_file, ran, report_unused and not f.broken))
        except Exception as exc:  # pragma: no cover - last resort: never crash on input
            out.notifications.append(Notification(display, f"internal error: {type(exc).__name__}: {exc}", "error", kind="internal"))
            if os.environ.get("GOLINT_AI_DEBUG"):
                traceback.print_exc()


def _syntax_notifications(f: "GoFile", out: RunResult) -> None:
    from golint_ai.golang.walk import text

    seen: set[int] = set()
    for err, decl in f.broken:
        key = decl.id if decl is not None else err.id
        if key in seen:
            continue
        seen.add(key)
        line = err.start_point[0] + 1
        col = f.source.column(err.start_point[0], err.start_point[1], "utf-32") + 1
        col16 = f.source.column(err.start_point[0], err.start_point[1], "utf-16") + 1
        why = _newer_syntax(f, err)
        if decl is not None and decl.type in ("function_declaration", "method_declaration"):
            name = text(decl.child_by_field_name("name"))
            msg = f"syntax error in `{name}` (line {line}){why}; the function was not analysed"
        else:
            msg = f"syntax error at line {line}{why}; the code around it was not analysed"
        out.notifications.append(Notification(f.source.display, msg, "warning", line=line, column=col, column_utf16=col16, kind="syntax"))


def _newer_syntax(f: "GoFile", err) -> str:
    """Why valid newer Go was rejected: the module's Go version is older than the syntax
    (``new(expr)`` with ``go 1.25`` in go.mod). Empty when that is not the reason."""
    import os
    import re

    from golint_ai.golang.module import FEATURES, find_go_mod

    if f.accepts("new-expr"):
        return ""
    data = f.data
    lo = max(0, err.start_byte - 64)
    if not re.search(rb"(?<![\w.])new\s*\(", data[lo:err.end_byte + 1]):
        return ""
    mod = find_go_mod(os.path.dirname(os.path.abspath(f.source.path)))
    need = ".".join(map(str, FEATURES["new-expr"]))
    have = ".".join(map(str, mod.go)) if mod is not None and mod.go is not None else "?"
    return f": `new(expr)` needs Go {need}, and go.mod says go {have}"
