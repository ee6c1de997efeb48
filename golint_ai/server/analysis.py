"""Analysis for the language server: one package directory at a time, reusing parses.

This module has no LSP dependency. It runs in the analysis worker process
(:mod:`golint_ai.server.worker`), which keeps a :class:`ParseCache` across requests:

- an edited file is re-parsed *incrementally*: the old tree gets the edit
  (``Tree.edit``, computed from the common prefix and suffix of the old and new bytes)
  and tree-sitter re-parses with the old tree, re-using every unchanged subtree;
- an unchanged file (a sibling read from disk, or an open buffer that did not change)
  keeps its tree and its per-file syntax facts (imports, syntax problems), so only the
  package index, which spans files, is recomputed;
- rules that keep to their functions (``per_function``) re-run only on the functions an
  edit can have changed; the others keep their findings (:mod:`golint_ai.server.reuse`).

The result for a directory is the same as ``runner.analyze_directory`` gives for the
same bytes (the tests check this), except that spans carry absolute paths (messages keep
the CLI's display paths, relative to the working directory).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from msgspec import Struct, field

from golint_ai.runner import DirectoryJob, RunResult, analyze_directory

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Tree

    from golint_ai.golang.package import GoFile

MAX_CACHED_FILES = 2048


class CacheStats(Struct, dict=True):
    """Counters of the parse cache: files parsed fully, incrementally or reused, and per-function reuse."""

    full: int = 0  # files parsed from scratch
    incremental: int = 0  # files re-parsed with an edited old tree
    reused: int = 0  # files whose tree was reused as is
    functions_reused: int = 0  # (rule, function) findings taken from the last analysis
    functions_run: int = 0  # (rule, function) pairs analysed

    def as_dict(self) -> dict[str, int]:
        return {
            "full": self.full,
            "incremental": self.incremental,
            "reused": self.reused,
            "functions_reused": self.functions_reused,
            "functions_run": self.functions_run,
        }


class _Entry(Struct, dict=True):
    """A cached parse of one file: its bytes, its syntax tree, and the facts that depend on the tree only."""

    data: bytes
    tree: "Tree"
    facts: dict = field(default_factory=dict)  # cached_property values that depend on the tree only
    recovered: bool = False  # parsed from patched bytes (engine.parse.parse_go): never edited incrementally


# GoFile cached properties that are pure functions of the syntax tree.
# Per-file facts kept with a cached tree; "declarations" is the file's share of the
# package index, so re-indexing after an edit re-reads only the edited file.
_SYNTAX_FACTS = ("imports", "broken", "_broken_ranges", "declarations", "_top_level", "_near", "_local_names", "_declared_methods")


def byte_edit(old: bytes, new: bytes) -> tuple[int, int, int] | None:
    """(start, old_end, new_end) of the one edit turning ``old`` into ``new``; None if equal."""
    if old == new:
        return None
    n = min(len(old), len(new))
    start = 0
    # Compare in chunks first: most edits touch a small region of a large file.
    step = 4096
    while start + step <= n and old[start:start + step] == new[start:start + step]:
        start += step
    while start < n and old[start] == new[start]:
        start += 1
    # Common suffix, not overlapping the prefix.
    max_suffix = n - start
    suffix = 0
    while suffix + step <= max_suffix and old[len(old) - suffix - step:len(old) - suffix] == new[len(new) - suffix - step:len(new) - suffix]:
        suffix += step
    while suffix < max_suffix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    return start, len(old) - suffix, len(new) - suffix


def _point(data: bytes, offset: int) -> tuple[int, int]:
    """(row, byte column) of a byte offset, as tree-sitter wants points."""
    row = data.count(b"\n", 0, offset)
    line_start = data.rfind(b"\n", 0, offset) + 1
    return row, offset - line_start


class ParseCache:
    """Syntax trees by path, re-parsed incrementally when the bytes change."""

    def __init__(self, max_files: int = MAX_CACHED_FILES) -> None:
        from golint_ai.server.reuse import FunctionResults

        self.max_files = max_files
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self.stats = CacheStats()
        # Findings of per-function rules by function, across analyses (server/reuse.py).
        self.functions = FunctionResults()

    def __len__(self) -> int:
        return len(self._entries)

    def forget(self, path: str) -> None:
        self._entries.pop(path, None)

    def entry(self, path: str, data: bytes) -> _Entry:
        import os

        from golint_ai.golang.module import accepts
        from golint_ai.golang.parse import parse, parse_go

        old = self._entries.get(path)
        if old is not None and old.data == data:
            self._entries.move_to_end(path)
            self.stats.reused += 1
            return old
        new_expr = accepts(os.path.dirname(os.path.abspath(path)), "new-expr")
        if old is not None and not old.recovered:
            start, old_end, new_end = byte_edit(old.data, data)  # type: ignore[misc]
            tree = old.tree
            tree.edit(
                start_byte=start,
                old_end_byte=old_end,
                new_end_byte=new_end,
                start_point=_point(old.data, start),
                old_end_point=_point(old.data, old_end),
                new_end_point=_point(data, new_end),
            )
            new_entry = _Entry(data, parse(data, tree))
            if new_entry.tree.root_node.has_error and new_expr and b"new" in data:
                tree, recovered = parse_go(data, new_expr=True)
                new_entry = _Entry(data, tree, recovered=recovered)
            self.stats.incremental += 1
        else:
            tree, recovered = parse_go(data, new_expr=new_expr)
            new_entry = _Entry(data, tree, recovered=recovered)
            self.stats.full += 1
        self._entries[path] = new_entry
        self._entries.move_to_end(path)
        while len(self._entries) > self.max_files:
            self._entries.popitem(last=False)
        return new_entry

    def go_file(self, path: str, data: bytes, report: bool, display: str | None = None) -> "GoFile":
        """A GoFile whose tree (and syntax facts) come from the cache.

        The tree of a file that is not in the cache with these bytes is computed on
        first use only (siblings a rule never looks at are never parsed).
        """
        from golint_ai.golang.source import SourceFile

        f = _lazy_go_file_class()(SourceFile(path, display or path, data), report=report)
        f._cache = self
        old = self._entries.get(path)
        if old is not None and old.data == data:
            self.entry(path, data)  # counts the reuse, refreshes LRU order
            f.__dict__["tree"] = old.tree
            f.__dict__.update(old.facts)
        return f

    def remember_facts(self, f: "GoFile") -> None:
        entry = self._entries.get(f.source.path)
        if entry is None or "tree" not in f.__dict__ or entry.tree is not f.__dict__["tree"]:
            return
        for name in _SYNTAX_FACTS:
            if name in f.__dict__ and name not in entry.facts:
                entry.facts[name] = f.__dict__[name]


_LAZY: list[type] = []


def _lazy_go_file_class() -> type:
    if not _LAZY:
        from functools import cached_property

        from golint_ai.golang.package import GoFile

        class CachedGoFile(GoFile):
            _cache: ParseCache

            @cached_property
            def tree(self) -> "Tree":  # type: ignore[override]
                return self._cache.entry(self.source.path, self.source.data).tree

        _LAZY.append(CachedGoFile)
    return _LAZY[0]


def changed_on_disk(directories: "set[str]", cache: ParseCache) -> None:
    """Go files of ``directories`` (absolute) changed on disk: forget what this process
    derived from them and from the packages importing them (the dependency packages it
    loaded, their facts and summaries), and the stored per-function findings of those
    importers, whose own files did not change."""
    from golint_ai.golang import inputs, world

    stale = world.importers(directories)
    inputs.forget(stale)
    cache.functions.forget(stale - directories)


def analyze_job(job: DirectoryJob, cache: ParseCache, should_stop=None) -> RunResult:
    """``runner.analyze_directory`` with cached, incrementally updated parses.

    Paths in spans are the absolute paths of ``job.files``. ``should_stop``: see
    ``runner.analyze_directory`` (raises ``AnalysisCancelled``).
    """
    from golint_ai.discovery import display_path
    from golint_ai.golang import inputs, world

    # What this process derived from the directory's files (and the directories
    # importing it) may describe buffers as they were: asked again.
    directory = os.path.abspath(job.directory)
    inputs.forget(world.importers({directory}))
    displays = {display_path(path): path for path, _ in job.files}  # display path -> absolute
    made: list = []

    def make_file(path: str, data: bytes, reported: bool, display: str):
        f = cache.go_file(path, data, reported, display)
        made.append(f)
        return f

    functions = cache.functions
    functions.begin(displays)
    try:
        out = analyze_directory(job, make_file, should_stop, functions.check, release=False)
    finally:
        for f in made:
            cache.remember_facts(f)
        ran, reused = functions.counts
        cache.stats.functions_reused += reused
        cache.stats.functions_run += ran
    # Every package this one's analysis can read: when one changes on disk, this
    # package's stored findings are dropped (see `changed_on_disk`).
    test_imports = [p for f in made if f.source.path.endswith("_test.go") for p in world.import_paths(f.data)]
    world.import_closure(directory, test_imports)
    _to_absolute(out, displays)
    out.sort()
    return out


_DISK_CACHE_LOCK = threading.Lock()


def disk_cache_directory() -> str | None:
    """Where ``golint-ai check`` run from the server's working directory keeps its
    results (``$GOLINT_AI_CACHE_DIR`` or the project's ``.golint-ai_cache``); None when
    ``GOLINT_AI_NO_CACHE`` turns the cache off."""
    if os.environ.get("GOLINT_AI_NO_CACHE", "") not in ("", "0"):
        return None
    from golint_ai.cache import default_directory

    return default_directory()


def from_disk_cache(cache_dir: str, job: DirectoryJob) -> RunResult | None:
    """The result ``golint-ai check`` stored for ``job``'s directory, when every open
    buffer of the job is what is on disk and every input of that result still holds;
    None otherwise. It is the result of the check-shaped job (every file reported):
    the caller publishes the open documents' part. Runs in the server process, which
    analyses nothing itself: the process-wide facts the cache's checks use are
    forgotten first (they may describe files as they were when last asked)."""
    from golint_ai.cache import Cache
    from golint_ai.discovery import display_path
    from golint_ai.golang import inputs

    for path, data in job.overrides:
        try:
            with open(path, "rb") as fh:
                if fh.read(len(data) + 1) != data:
                    return None  # an unsaved buffer: not what check saw
        except OSError:
            return None
    check_job = DirectoryJob(job.directory, tuple((p, True) for p, _ in job.files), job.settings, (), report_unused=True)
    with _DISK_CACHE_LOCK:
        inputs.new_run()
        cache = Cache(cache_dir)
        result = cache.load(check_job)
        cache.flush()
        cache.close()
    if result is None:
        return None
    _to_absolute(result, {display_path(p): p for p, _ in job.files})
    result.sort()
    return result


def _to_absolute(out: RunResult, displays: dict[str, str]) -> None:
    """Spans, edits and notifications name files by absolute path (messages keep the
    display paths the CLI shows)."""
    from msgspec.structs import replace

    from golint_ai.server.reuse import move

    def p(path: str) -> str:
        return displays.get(path, path)

    def unchanged(d) -> bool:  # every position already names its file by absolute path
        return (
            p(d.span.path) == d.span.path
            and all(p(r.span.path) == r.span.path for r in d.related)
            and (d.fix is None or all(p(e.path) == e.path for e in d.fix.edits))
            and (d.launch is None or p(d.launch.path) == d.launch.path)
        )

    fixed = []
    for d in out.diagnostics:
        if unchanged(d):  # findings restored by the language server's reuse already are
            fixed.append(d)
            continue
        fixed.append(move(d, lambda path, start, end: (p(path), start, end)))
    out.diagnostics = fixed
    out.notifications = [replace(n, path=p(n.path)) for n in out.notifications]
    out.sources = {p(k): v for k, v in out.sources.items()}
