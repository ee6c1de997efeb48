"""The result cache: the same results with and without it, before and after edits to a
package and to a package whose summaries another one uses; corrupt, foreign and
differently configured caches are never believed."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from golint_ai import cli
from golint_ai.cache import DIR_NAME, FORMAT, Cache
from golint_ai.golang import inputs
from golint_ai.rules import CODES
from golint_ai.runner import RunResult, check_paths
from golint_ai.settings import ConfigResolver

SAMPLES = Path(__file__).parent / "go_samples"


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch):
    monkeypatch.delenv("GOLINT_AI_NO_CACHE", raising=False)
    monkeypatch.delenv("GOLINT_AI_CACHE_DIR", raising=False)


def run(paths, cache_dir=None, select=None, jobs=1) -> tuple[RunResult, Cache | None]:
    inputs.new_run()  # what earlier tests read in this process is not reused
    resolver = ConfigResolver(tuple(CODES), cli_select=select)
    cache = Cache(str(cache_dir)) if cache_dir is not None else None
    result = check_paths([str(p) for p in paths], resolver, jobs=jobs, cache=cache)
    if cache is not None:
        cache.close()  # as the end of a process would
    return result, cache


def assert_same(a: RunResult, b: RunResult) -> None:
    assert a.diagnostics == b.diagnostics
    assert a.notifications == b.notifications
    assert a.sources == b.sources
    for count in ("files", "parsed", "generated", "skipped", "unreadable", "missing", "unselected"):
        assert getattr(a, count) == getattr(b, count), count


def codes_at(result: RunResult, path_end: str) -> list[tuple[str, int]]:
    out = []
    for d in result.diagnostics:
        if d.span.path.endswith(path_end):
            data = result.sources[d.span.path]
            out.append((d.code, data.count(b"\n", 0, d.span.start) + 1))
    return out


def rows(cache_dir: Path, table: str) -> list[tuple[str, bytes]]:
    """The (name, data) rows of the cache database's ``entries`` or ``chunks``."""
    path = cache_dir / f"v{FORMAT}" / "cache.db"
    if not path.exists():
        return []
    with closing(sqlite3.connect(path)) as db:
        return sorted((name, bytes(data)) for name, data in db.execute(f"select name, data from {table}"))


def rewrite(cache_dir: Path, table: str, name: str, data: bytes) -> None:
    with closing(sqlite3.connect(cache_dir / f"v{FORMAT}" / "cache.db")) as db, db:
        db.execute(f"update {table} set data = ? where name = ?", (data, name))


def entries(cache_dir: Path) -> list[str]:
    return [name for name, _ in rows(cache_dir, "entries")]


def test_samples_identical_with_and_without_cache(tmp_path):
    plain, _ = run([SAMPLES])
    cold, cache = run([SAMPLES], tmp_path / "c")
    assert cache.misses > 0 and cache.hits == 0
    warm, cache = run([SAMPLES], tmp_path / "c")
    assert plain.diagnostics, "the samples have findings"
    assert_same(plain, cold)
    assert_same(plain, warm)
    assert cache.misses == 0 and cache.hits == len(entries(tmp_path / "c"))


def test_worker_processes_write_the_same_entries(tmp_path):
    plain, _ = run([SAMPLES / "modules"])
    cold, _ = run([SAMPLES / "modules"], tmp_path / "c", jobs=2)
    warm, cache = run([SAMPLES / "modules"], tmp_path / "c", jobs=2)
    assert_same(plain, cold)
    assert_same(plain, warm)
    assert cache.misses == 0


def test_workers_start_before_the_walk_only_for_a_cold_directory_run(tmp_path):
    """Worker processes are started before the files are found (they import their rules
    meanwhile) for a directory with no cache or an empty one; a file, one core, or a
    cache with entries to check first starts none early."""
    from golint_ai.runner import _early_pool

    resolver = ConfigResolver(codes=tuple(CODES))
    directory = [str(SAMPLES / "modules")]
    one_file = [str(next((SAMPLES / "GAI201" / "globals").glob("*.go")))]
    cache = Cache(str(tmp_path / "c"))
    for paths, jobs, c, started in ((directory, 2, None, True), (directory, 2, cache, True), (one_file, 2, None, False),
                                    (directory, 1, None, False)):
        pool = _early_pool(paths, resolver, jobs, c, None)
        assert (pool is not None) == started, (paths, jobs, c)
        if pool is not None:
            pool.shutdown()
    run([SAMPLES / "modules"], tmp_path / "c", jobs=2)
    assert _early_pool(directory, resolver, 2, Cache(str(tmp_path / "c")), None) is None


@pytest.fixture
def modules(tmp_path, monkeypatch):
    root = tmp_path / "modules"
    shutil.copytree(SAMPLES / "modules", root)
    monkeypatch.setenv("GOMODCACHE", str(root / "modcache"))
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_edit_in_one_package_reanalyses_it(modules, tmp_path):
    cache_dir = tmp_path / "c"
    first, cache = run([modules], cache_dir)
    index = modules / "svc" / "index" / "index.go"
    assert ("GAI301", 13) in codes_at(first, "svc/index/index.go")
    # Close the index on every path: the finding goes away.
    leaky = "\t\treturn 0, err\n\t}\n\tif len(q) == 0 {"
    closed = "\t\treturn 0, err\n\t}\n\tdefer ix.Close()\n\tif len(q) == 0 {"
    edit(index, leaky, closed)
    fixed, cache = run([modules], cache_dir)
    assert ("GAI301", 13) not in codes_at(fixed, "svc/index/index.go")
    assert cache.misses == 1  # only svc/index
    assert_same(fixed, run([modules])[0])
    # And back: it comes again.
    edit(index, closed, leaky)
    again, cache = run([modules], cache_dir)
    assert ("GAI301", 13) in codes_at(again, "svc/index/index.go")
    assert cache.misses == 1
    assert_same(again, first)


def test_callee_summary_change_reaches_the_dependent(modules, tmp_path):
    cache_dir = tmp_path / "c"
    first, _ = run([modules], cache_dir)
    assert ("GAI301", 13) in codes_at(first, "svc/index/index.go")
    # vec.Open stops acquiring a native index: svc's caller no longer leaks it.
    edit(modules / "vec" / "vec.go", "return &Index{ix: C.index_open(cs), path: path}, nil", "return &Index{path: path}, nil")
    after, cache = run([modules], cache_dir)
    assert ("GAI301", 13) not in codes_at(after, "svc/index/index.go")
    assert_same(after, run([modules])[0])
    # vec itself and svc/index, which reads vec's summaries; not the unrelated modules.
    assert cache.misses == 2
    assert cache.hits > 0


def test_new_file_in_a_dependency_is_seen(modules, tmp_path):
    cache_dir = tmp_path / "c"
    run([modules], cache_dir)
    # A finalizer registered in a new file of vec makes Open's result GC-backed.
    (modules / "vec" / "managed.go").write_text(
        'package vec\n\nimport "runtime"\n\nfunc init() { _ = runtime.GOOS }\n'
    )
    after, cache = run([modules], cache_dir)
    assert_same(after, run([modules])[0])
    assert cache.misses >= 2  # vec (a new file) and its dependent


def test_corrupt_and_foreign_entries_are_ignored_and_rewritten(tmp_path):
    cache_dir = tmp_path / "c"
    plain, _ = run([SAMPLES / "GAI301"])
    run([SAMPLES / "GAI301"], cache_dir)
    found = rows(cache_dir, "entries")
    assert found
    for i, (key, data) in enumerate(found):
        if i % 3 == 0:
            rewrite(cache_dir, "entries", key, b"\x00garbage{")
        elif i % 3 == 1:
            entry = json.loads(data)
            entry["format"] = FORMAT + 1
            rewrite(cache_dir, "entries", key, json.dumps(entry).encode())
        else:
            entry = json.loads(data)
            entry["result"] = {"diagnostics": "nonsense"}
            rewrite(cache_dir, "entries", key, json.dumps(entry).encode())
    again, cache = run([SAMPLES / "GAI301"], cache_dir)
    assert_same(plain, again)
    assert cache.hits == 0
    warm, cache = run([SAMPLES / "GAI301"], cache_dir)
    assert_same(plain, warm)
    assert cache.misses == 0
    # The chunks of inputs, kept in the entry (a directory's own) or shared: truncated,
    # or holding something else than their name says.
    for key, data in rows(cache_dir, "entries"):
        entry = json.loads(data)
        assert entry["inline"]
        own = json.loads(entry["inline"][0])
        own["files"] = []
        entry["inline"] = [json.dumps(own, sort_keys=True, separators=(",", ":"))]
        rewrite(cache_dir, "entries", key, json.dumps(entry).encode())
    broken, cache = run([SAMPLES / "GAI301"], cache_dir)
    assert_same(plain, broken)
    assert cache.hits == 0
    run([SAMPLES / "modules"], cache_dir)
    shared = rows(cache_dir, "chunks")
    assert shared  # the packages other packages import
    for i, (name, data) in enumerate(shared):
        if i % 2:
            rewrite(cache_dir, "chunks", name, data[:-7])
        else:
            chunk = json.loads(data)
            chunk["files"] = []
            rewrite(cache_dir, "chunks", name, json.dumps(chunk).encode())
    plain_modules, _ = run([SAMPLES / "modules"])
    broken, cache = run([SAMPLES / "modules"], cache_dir)
    assert_same(plain_modules, broken)
    assert cache.misses > 0


def test_a_database_that_is_not_one_is_replaced(tmp_path):
    """A cache file overwritten (or truncated) by something else: the run reports what
    a run without the cache does, starts a new database, and the next run reads it."""
    cache_dir = tmp_path / "c"
    plain, _ = run([SAMPLES / "GAI301"])
    run([SAMPLES / "GAI301"], cache_dir)
    db = cache_dir / f"v{FORMAT}" / "cache.db"
    assert entries(cache_dir)
    for garbage in (b"\x00not a database" * 512, db.read_bytes()[:100]):
        db.write_bytes(garbage)
        for suffix in ("-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        again, cache = run([SAMPLES / "GAI301"], cache_dir)
        assert_same(plain, again)
        assert cache.hits == 0
        warm, cache = run([SAMPLES / "GAI301"], cache_dir)
        assert_same(plain, warm)
        assert cache.misses == 0 and cache.hits == len(entries(cache_dir)) > 0


def test_a_python_without_sqlite_runs_without_a_cache(tmp_path, monkeypatch):
    import golint_ai.cache

    monkeypatch.setattr(golint_ai.cache, "_sqlite", lambda: None)
    plain, _ = run([SAMPLES / "GAI301"])
    for _ in range(2):
        again, cache = run([SAMPLES / "GAI301"], tmp_path / "c")
        assert_same(plain, again)
        assert cache.hits == 0
    assert not (tmp_path / "c").exists()


def test_other_settings_never_see_these_results(tmp_path):
    cache_dir = tmp_path / "c"
    only_301, _ = run([SAMPLES / "GAI401"], cache_dir, select=("GAI301",))
    everything, _ = run([SAMPLES / "GAI401"], cache_dir)
    assert not [d for d in only_301.diagnostics if d.code != "GAI301"]
    assert any(d.code == "GAI401" for d in everything.diagnostics)
    assert_same(everything, run([SAMPLES / "GAI401"])[0])


def test_changed_configuration_file_is_a_new_key(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(SAMPLES / "GAI401", project)
    cache_dir = tmp_path / "c"
    before, _ = run([project], cache_dir)
    assert any(d.code == "GAI401" for d in before.diagnostics)
    (project / ".golint-ai.toml").write_text('ignore = ["GAI401"]\n')
    after, _ = run([project], cache_dir)
    assert not any(d.code == "GAI401" for d in after.diagnostics)
    assert_same(after, run([project])[0])


def test_cli_default_location_gitignore_and_no_cache(tmp_path, monkeypatch, capsys):
    project = tmp_path / "p"
    shutil.copytree(SAMPLES / "GAI302", project)
    (project / "go.mod").write_text("module example.com/p\n\ngo 1.22\n")
    monkeypatch.chdir(project)
    assert cli.main(["check", "--no-cache", "--exit-zero", "--format", "json"]) == 0
    no_cache = capsys.readouterr().out
    assert not (project / DIR_NAME).exists()
    assert cli.main(["check", "--exit-zero", "--format", "json"]) == 0
    assert capsys.readouterr().out == no_cache
    assert (project / DIR_NAME / ".gitignore").read_text().splitlines()[-1] == "*"
    assert entries(project / DIR_NAME)
    assert cli.main(["check", "--exit-zero", "--format", "json"]) == 0
    assert capsys.readouterr().out == no_cache
    # GOLINT_AI_CACHE_DIR and --cache-dir move it; GOLINT_AI_NO_CACHE turns it off.
    monkeypatch.setenv("GOLINT_AI_CACHE_DIR", str(tmp_path / "env"))
    cli.main(["check", "--exit-zero", "--format", "json"])
    assert entries(tmp_path / "env")
    cli.main(["check", "--exit-zero", "--format", "json", "--cache-dir", str(tmp_path / "flag")])
    assert entries(tmp_path / "flag")
    monkeypatch.setenv("GOLINT_AI_NO_CACHE", "1")
    cli.main(["check", "--exit-zero", "--format", "json", "--cache-dir", str(tmp_path / "off")])
    assert not (tmp_path / "off").exists()
    capsys.readouterr()


def test_same_size_edit_within_the_timestamp_tick_is_seen(tmp_path):
    """A file rewritten with the same size and modification time right after it was
    cached: its print is racy, so its content decides."""
    project = tmp_path / "p"
    shutil.copytree(SAMPLES / "GAI502", project)
    target = next(p for p in sorted(project.rglob("*.go")) if b"want" in p.read_bytes())
    data = target.read_bytes()
    # Same length, no `reflect.SliceHeader` on any line: no findings in this version.
    quiet = data.replace(b"SliceHeader", b"SliceHeadex").replace(b"StringHeader", b"StringHeadex")
    assert len(quiet) == len(data) and quiet != data
    target.write_bytes(quiet)
    st = target.stat()
    cache_dir = tmp_path / "c"
    first, _ = run([project], cache_dir)
    target.write_bytes(data)
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    after, _ = run([project], cache_dir)
    assert_same(after, run([project])[0])
    assert len(after.diagnostics) > len(first.diagnostics)


def test_second_dependent_of_a_loaded_package_records_it(modules, tmp_path):
    """svc/index loads vec first; svc/other finds it already loaded in the process and
    must still depend on it."""
    other = modules / "svc" / "other"
    other.mkdir()
    (other / "other.go").write_text(
        "package other\n\nimport \"example.com/vec\"\n\n"
        "func count(path string) int {\n"
        "\tix, err := vec.Open(path)\n"
        "\tif err != nil {\n\t\treturn 0\n\t}\n"
        "\treturn len(ix.Path())\n}\n"
    )
    cache_dir = tmp_path / "c"
    first, _ = run([modules], cache_dir)
    assert ("GAI301", 6) in codes_at(first, "svc/other/other.go")
    edit(modules / "vec" / "vec.go", "return &Index{ix: C.index_open(cs), path: path}, nil", "return &Index{path: path}, nil")
    after, cache = run([modules], cache_dir)
    assert ("GAI301", 6) not in codes_at(after, "svc/other/other.go")
    assert ("GAI301", 13) not in codes_at(after, "svc/index/index.go")
    assert_same(after, run([modules])[0])
    assert cache.misses == 3


def test_concurrent_runs_share_one_cache(tmp_path):
    """Two processes filling the same cache at once: both report what a run without the
    cache reports, and a third run reads every entry they wrote."""
    import subprocess
    import sys

    target = str(SAMPLES / "GAI301")
    env = {k: v for k, v in os.environ.items() if k not in ("GOLINT_AI_NO_CACHE", "GOLINT_AI_CACHE_DIR")}
    cache_dir = str(tmp_path / "c")

    def start(*extra):
        return subprocess.Popen([sys.executable, "-m", "golint_ai", "check", target, "--format", "json", "--exit-zero", *extra],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=str(tmp_path))

    plain = start("--no-cache")
    racers = [start("--cache-dir", cache_dir, "--jobs", "2") for _ in range(2)]
    expected, _ = plain.communicate()
    for p in racers:
        out, err = p.communicate()
        assert p.returncode == 0, err
        assert out == expected
    again = start("--cache-dir", cache_dir)
    out, _ = again.communicate()
    assert out == expected
    assert not list((tmp_path / "c").rglob(".tmp-*"))  # no temporary file left behind


_PLAIN_C = 'package c\n\nimport "unsafe"\n\nfunc New() unsafe.Pointer { return unsafe.Pointer(new(int)) }\n\nfunc Free(p unsafe.Pointer) {}\n'
_CGO_C = (
    'package c\n\n/*\n#include <stdlib.h>\n*/\nimport "C"\n\nimport "unsafe"\n\n'
    "func New() unsafe.Pointer { return C.malloc(8) }\n\nfunc Free(p unsafe.Pointer) { C.free(p) }\n"
)


def _chain_module(root: Path, settled: bool = False) -> None:
    """a and d call b.Make, a wrapper of c.New (plain Go for now). ``settled``: every
    file last written an hour ago (reads of it are not racy)."""
    files = {
        "go.mod": "module example.com/m\n\ngo 1.21\n",
        "c/c.go": _PLAIN_C,
        "b/b.go": 'package b\n\nimport (\n\t"unsafe"\n\n\t"example.com/m/c"\n)\n\nfunc Make() unsafe.Pointer { return c.New() }\n',
    }
    for user in ("a", "d"):
        files[f"{user}/{user}.go"] = (
            f'package {user}\n\nimport "example.com/m/b"\n\nfunc Use() int {{\n\tp := b.Make()\n\tif p == nil {{\n\t\treturn 0\n\t}}\n\treturn 1\n}}\n'
        )
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
        if settled:
            past = time.time() - 3600
            os.utime(root / name, (past, past))


def test_a_change_two_imports_away_reaches_every_dependent(tmp_path):
    """a and d call b.Make, a wrapper of c.New. Whether they can leak native memory
    depends on c through b: while c calls no C, a and d are not even candidates, and
    what says so (which names reach cgo through imports) is computed for a and replayed
    for d from the run's memo. When c starts allocating C memory both must be analysed
    again, and when it stops, again."""
    root = tmp_path / "m"
    _chain_module(root)
    cache_dir = tmp_path / "c"
    first, _ = run([root], cache_dir)
    assert codes_at(first, "a/a.go") == [] and codes_at(first, "d/d.go") == []
    for text, leaks in ((_CGO_C, [("GAI301", 6)]), (_PLAIN_C, [])):
        (root / "c" / "c.go").write_text(text)
        after, cache = run([root], cache_dir)
        assert codes_at(after, "a/a.go") == leaks and codes_at(after, "d/d.go") == leaks
        assert_same(after, run([root])[0])
        assert cache.misses == 4  # c, and b, a and d above it


def test_facts_of_unchanged_dependencies_are_not_read_again(tmp_path, monkeypatch):
    """After an edit of a, its analysis asks again which names reach cgo through b and c:
    the answers stored for b's and c's bytes (their files' stats unchanged) are used
    without reading their files. Once c changes, its facts are computed again. A
    damaged stored fact is computed again too."""
    root = tmp_path / "m"
    _chain_module(root, settled=True)
    cache_dir = tmp_path / "c"
    run([root], cache_dir)
    read = inputs.read
    seen: list[str] = []

    def counting(path, *args, **kwargs):
        seen.append(os.path.relpath(path, root))
        return read(path, *args, **kwargs)

    monkeypatch.setattr(inputs, "read", counting)
    (root / "a" / "a.go").write_text((root / "a" / "a.go").read_text() + "\n// edited\n")
    after, cache = run([root], cache_dir)
    assert cache.misses == 1 and os.path.join("a", "a.go") in seen
    assert [p for p in seen if p.endswith(".go") and not p.startswith("a")] == []  # neither b's nor c's files
    assert_same(after, run([root])[0])
    # c calls C now: its stat changed, its facts are read from its bytes, a and d leak.
    (root / "c" / "c.go").write_text(_CGO_C)
    seen.clear()
    after, _ = run([root], cache_dir)
    assert os.path.join("c", "c.go") in seen
    assert codes_at(after, "a/a.go") == [("GAI301", 6)]
    assert_same(after, run([root])[0])
    # Every stored fact damaged: computed again from the files, same results.
    for name, _ in rows(cache_dir, "facts"):
        rewrite(cache_dir, "facts", name, b"{not json")
    (root / "d" / "d.go").write_text((root / "d" / "d.go").read_text() + "\n// edited\n")
    again, _ = run([root], cache_dir)
    assert_same(again, run([root])[0])


def test_facts_stored_by_two_processes_add_up(tmp_path):
    """Two processes storing different facts about the same unchanged directory (each
    asked about other needles) leave both: neither write drops the other's."""
    from golint_ai.cache import DirectoryFacts, _Database, tool_key

    root = tmp_path / "m"
    _chain_module(root, settled=True)
    directory = str(root / "c")
    db_path = tmp_path / "c" / "v" / "cache.db"
    for mentions in ({"needles-a": True}, {"needles-b": False}):
        inputs.new_run()  # a process of its own: its reads are printed
        inputs.read(str(root / "c" / "c.go"))
        db = _Database(str(db_path), lambda: None)
        facts = DirectoryFacts(db, tool_key())
        facts.save(directory, {"imports": None, "mentions": mentions})
        db.write(facts.rows())
    inputs.new_run()
    loaded = DirectoryFacts(_Database(str(db_path), lambda: None), tool_key()).load(directory)
    assert loaded is not None and loaded["mentions"] == {"needles-a": True, "needles-b": False}


def test_facts_another_worker_stores_during_a_cold_run_are_found_after_looking_again(tmp_path):
    """A worker that found the facts table empty does not ask it again (a cold run),
    until its next batch: by then another worker may have described a directory, and
    that directory's files need not be read here."""
    from golint_ai.cache import DirectoryFacts, _Database, tool_key

    root = tmp_path / "m"
    _chain_module(root, settled=True)
    directory = str(root / "c")
    db_path = tmp_path / "c" / "v" / "cache.db"
    inputs.new_run()
    mine = DirectoryFacts(_Database(str(db_path), lambda: None), tool_key())
    assert mine.load(directory) is None  # the table is empty: nothing stored yet
    # Another worker reads the directory and stores what it found.
    inputs.read(str(root / "c" / "c.go"))
    db = _Database(str(db_path), lambda: None)
    other = DirectoryFacts(db, tool_key())
    other.save(directory, {"imports": ["example.com/m/d"], "mentions": {"needles": True}})
    db.write(other.rows())
    assert mine.load(directory) is None  # still the answer of this batch
    mine.look_again()
    loaded = mine.load(directory)
    assert loaded is not None and loaded["mentions"] == {"needles": True}


def test_rows_no_run_used_for_keep_days_are_dropped(tmp_path, monkeypatch):
    """Each row remembers the day a run last wrote or read it; a write drops the rows
    unused for KEEP_DAYS (a package no longer checked, files as they were), while a
    package checked now and then keeps its entry and stays a hit."""
    import golint_ai.cache as cache_module

    a, b = SAMPLES / "GAI301" / "handover", SAMPLES / "GAI301" / "cgo_naming"
    cache_dir = tmp_path / "c"
    day = [1000]
    monkeypatch.setattr(cache_module, "_today", lambda: day[0])

    def used(table: str = "entries") -> dict[str, int]:
        with closing(sqlite3.connect(cache_dir / f"v{FORMAT}" / "cache.db")) as db:
            return {name: u for name, u in db.execute(f"select name, used from {table}")}

    run([a], cache_dir)
    a_keys = set(used())
    run([b], cache_dir)
    b_keys = set(used()) - a_keys
    assert a_keys and b_keys and set(used().values()) == {1000}
    day[0] = 1000 + cache_module.KEEP_DAYS - 5
    _, cache = run([a], cache_dir)  # read on a later day: marked used again
    assert cache.hits == len(a_keys)
    assert {k for k, u in used().items() if u == day[0]} == a_keys
    day[0] = 1000 + cache_module.KEEP_DAYS + 1
    _, cache = run([a], cache_dir)
    assert cache.hits == len(a_keys)
    assert set(used()) == a_keys  # b's entries, unused for longer, are gone
    for table in ("chunks", "facts"):
        assert all(u >= day[0] - cache_module.KEEP_DAYS for u in used(table).values())
    _, cache = run([b], cache_dir)
    assert cache.hits == 0  # analysed again


def test_an_older_format_is_removed_and_nothing_else(tmp_path):
    """The database of an older format goes; a directory of the same shape that holds
    something else (``--cache-dir`` naming a directory in use) keeps it."""
    cache_dir = tmp_path / "c"
    old = cache_dir / f"v{FORMAT - 1}"
    old.mkdir(parents=True)
    for suffix in ("", "-wal", "-shm"):
        (old / f"cache.db{suffix}").write_bytes(b"an older database")
    other = cache_dir / "v1"
    other.mkdir()
    (other / "notes.txt").write_text("not ours")
    run([SAMPLES / "GAI302"], cache_dir)
    assert not old.exists()
    assert (other / "notes.txt").read_text() == "not ours"
    assert (cache_dir / f"v{FORMAT}" / "cache.db").exists()
