"""The language server's analysis core, without LSP: incremental re-parsing, reuse of
unchanged siblings, same findings as the CLI, and the killable worker."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from msgspec.structs import replace

from golint_ai.golang.parse import parse
from golint_ai.rules import CODES
from golint_ai.runner import DirectoryJob, analyze_directory, check_paths
from golint_ai.server.analysis import ParseCache, analyze_job, byte_edit
from golint_ai.settings import ConfigResolver, Settings

SAMPLES = Path(__file__).resolve().parent / "go_samples"


def _sexp(tree) -> str:
    return str(tree.root_node)


def test_byte_edit_finds_the_changed_region():
    assert byte_edit(b"abc", b"abc") is None
    assert byte_edit(b"hello world", b"hello brave world") == (6, 6, 12)
    assert byte_edit(b"aaaa", b"aa") == (2, 4, 2)
    assert byte_edit(b"", b"x") == (0, 0, 1)
    big = b"x" * 10000 + b"A" + b"y" * 10000
    assert byte_edit(big, big.replace(b"A", b"BC")) == (10000, 10001, 10002)


def test_incremental_reparse_equals_a_fresh_parse():
    """Random edits of real Go files: the incrementally re-parsed tree is the tree a
    fresh parse gives."""
    rng = random.Random(7)
    files = sorted(SAMPLES.rglob("*.go"))[:12]
    assert files
    cache = ParseCache()
    for f in files:
        data = f.read_bytes()
        cache.entry(str(f), data)
        for _ in range(5):
            i = rng.randrange(len(data) + 1)
            j = min(len(data), i + rng.randrange(0, 30))
            insert = rng.choice([b"", b"x", b"\n", b"}", b"\tdefer C.free(p)\n", "é🔥".encode()])
            data = data[:i] + insert + data[j:]
            tree = cache.entry(str(f), data).tree
            assert _sexp(tree) == _sexp(parse(data)), f
    assert cache.stats.incremental == 5 * len(files)
    assert cache.stats.full == len(files)


def _job(directory: Path, reported: set[str], overrides: dict[str, bytes] | None = None, settings: Settings | None = None) -> DirectoryJob:
    files = sorted(str(p) for p in directory.glob("*.go"))
    return DirectoryJob(
        str(directory),
        tuple((f, f in reported) for f in files),
        settings or Settings(),
        tuple(sorted((overrides or {}).items())),
    )


def _key(result):
    return sorted(
        (d.code, os.path.abspath(d.span.path), d.span.start, d.span.end, d.message, d.suppressed,
         tuple((os.path.abspath(r.span.path), r.span.start, r.message) for r in d.related),
         d.fix and tuple((os.path.abspath(e.path), e.start, e.end, e.text) for e in d.fix.edits))
        for d in result.diagnostics
    )


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.iterdir() if p.is_dir()) if SAMPLES.is_dir() else [])
def test_same_findings_as_the_cli_per_sample_directory(sample):
    for directory in sorted({p.parent for p in (SAMPLES / sample).rglob("*.go")}):
        files = {str(p) for p in directory.glob("*.go")}
        cache = ParseCache()
        mine = analyze_job(_job(directory, files), cache)
        theirs = analyze_directory(_job(directory, files))
        assert _key(mine) == _key(theirs), directory
        # Second run: every tree is reused, the findings are the same.
        before = cache.stats.full
        again = analyze_job(_job(directory, files), cache)
        assert _key(again) == _key(mine)
        assert cache.stats.full == before


def test_edit_reparses_only_the_edited_file(tmp_path: Path):
    leaky = (SAMPLES / "GAI301").rglob("*.go")
    src = next(p for p in sorted(leaky) if b"C.CString" in p.read_bytes())
    for name in ("a.go", "b.go", "c.go"):
        (tmp_path / name).write_bytes(src.read_bytes().replace(b"func ", f"func {name[0]}_".encode()))
    a = str(tmp_path / "a.go")
    cache = ParseCache()
    analyze_job(_job(tmp_path, {a}), cache)
    full_before = cache.stats.full
    data = (tmp_path / "a.go").read_bytes()
    edited = data.replace(b"\n", b"\n// edited\n", 1)
    r = analyze_job(_job(tmp_path, {a}, {a: edited}), cache)
    assert cache.stats.full == full_before  # nothing parsed from scratch
    assert cache.stats.incremental == 1
    ref = analyze_directory(_job(tmp_path, {a}, {a: edited}))
    assert _key(r) == _key(ref)
    assert r.diagnostics, "the sample leaks"


def test_an_edit_changing_a_package_s_facts_reaches_its_files_and_its_importers(tmp_path: Path):
    """The worker is one long-lived process: what it derived from a package's bytes
    (which names reach cgo) must follow the buffers. b.go starting to call C makes
    p.Open a native constructor, and r.Open, its wrapper: a.go (in p) and q (using r)
    leak; undone, they no longer do (what `check` finds in each state). q's analysis
    after p's must not use what was derived for r from p's old bytes."""
    (tmp_path / "go.mod").write_text("module example.com/s\n\ngo 1.21\n")
    p, q, r = tmp_path / "p", tmp_path / "q", tmp_path / "r"
    for d in (p, q, r):
        d.mkdir()
    use = "func Use() int {{\n\th := {}Open()\n\tif h == nil {{\n\t\treturn 0\n\t}}\n\treturn 1\n}}\n"
    (p / "a.go").write_text("package p\n\n" + use.format(""))
    plain = b'package p\n\nimport "unsafe"\n\nfunc Open() unsafe.Pointer { return unsafe.Pointer(new(int)) }\n'
    native = b'package p\n\n/*\n#include <stdlib.h>\n*/\nimport "C"\n\nimport "unsafe"\n\nfunc Open() unsafe.Pointer { return C.malloc(8) }\n'
    (p / "b.go").write_bytes(plain)
    (r / "r.go").write_text('package r\n\nimport (\n\t"unsafe"\n\n\t"example.com/s/p"\n)\n\nfunc Open() unsafe.Pointer { return p.Open() }\n')
    (q / "q.go").write_text('package q\n\nimport "example.com/s/r"\n\n' + use.format("r."))
    settings = ConfigResolver(codes=tuple(CODES)).for_directory(str(tmp_path))
    cache = ParseCache()
    b = str(p / "b.go")

    def leaks(directory: Path, overrides: dict[str, bytes]) -> list[str]:
        job = _job(directory, {str(f) for f in directory.glob("*.go")}, overrides, settings)
        return sorted(os.path.basename(d.span.path) for d in analyze_job(job, cache).diagnostics if d.code == "GAI301")

    assert leaks(p, {b: plain}) == [] and leaks(q, {}) == []
    # The edit is in a buffer: q's analysis sees p's files on disk, so write them too.
    (p / "b.go").write_bytes(native)
    assert leaks(p, {b: native}) == ["a.go"]
    assert leaks(q, {}) == ["q.go"]
    (p / "b.go").write_bytes(plain)
    assert leaks(p, {b: plain}) == []
    assert leaks(q, {}) == []


def test_worker_times_out_and_recovers(tmp_path: Path, monkeypatch):
    from golint_ai.server.worker import HANG_MARKER_ENV, AnalysisTimeout, Worker

    monkeypatch.setenv(HANG_MARKER_ENV, "HANG_HERE")
    good = tmp_path / "ok"
    good.mkdir()
    src = next(p for p in sorted((SAMPLES / "GAI301").rglob("*.go")) if b"C.CString" in p.read_bytes())
    (good / "x.go").write_bytes(src.read_bytes())
    w = Worker()
    try:
        w.start()
        with pytest.raises(AnalysisTimeout):
            w.analyze(_job(good, {str(good / "x.go")}, {str(good / "x.go"): src.read_bytes() + b"// HANG_HERE\n"}), 1.0)
        reply = w.analyze(_job(good, {str(good / "x.go")}), 30)
        assert reply.result.diagnostics
        assert w.restarts == 1
        cli = check_paths([str(good)], ConfigResolver(codes=CODES), jobs=1)
        assert _key(reply.result) == _key(cli)
    finally:
        w.close()


def test_client_options_apply_like_cli_flags():
    from golint_ai.server.options import parse_options

    base = Settings(ignore=("GAI302",), severity=(("GAI301", "note"),))
    p = parse_options({"golintAi": {"ignore": ["gai301"], "severity": {"GAI301": "error"}, "debounceMs": 10}}, tuple(CODES), lambda u: u)
    s = p.global_options.apply(base)
    assert s.ignore == ("GAI302", "GAI301") and dict(s.severity)["GAI301"] == "error"
    assert p.global_options.debounce_ms == 10 and not p.errors
    vs = parse_options(
        {"settings": [{"workspace": "file:///ws/b", "select": ["GAI3"]}], "globalSettings": {"enable": False}},
        tuple(CODES),
        lambda u: u.removeprefix("file://"),
    )
    assert vs.for_path("/ws/b/x/y.go").select == ("GAI3",)
    assert vs.for_path("/ws/b/x/y.go").enable is False  # inherits the global settings
    assert vs.for_path("/ws/bb/y.go") is vs.global_options
    bad = parse_options({"select": ["XYZ"], "severity": {"GAI301": "fatal"}}, tuple(CODES), lambda u: u)
    assert len(bad.errors) == 2 and bad.global_options.select is None
    assert replace(base) == base


def test_evidence_option_takes_files_not_urls():
    from golint_ai.server.options import parse_options

    p = parse_options({"evidence": "dump.txt"}, tuple(CODES), lambda u: u)
    assert p.global_options.evidence == ("dump.txt",) and not p.errors
    p = parse_options({"evidence": ["a.txt", "http://127.0.0.1:6060/debug/pprof/goroutine?debug=2"]}, tuple(CODES), lambda u: u)
    assert p.global_options.evidence == ("a.txt",) and "not URLs" in p.errors[0]
    p = parse_options({"evidence": 3}, tuple(CODES), lambda u: u)
    assert p.global_options.evidence == () and p.errors


def test_check_never_imports_the_language_server(tmp_path: Path):
    import subprocess
    import sys

    (tmp_path / "x.go").write_text("package x\n")
    code = (
        "import sys\n"
        "from golint_ai.cli import main\n"
        f"rc = main(['check', {str(tmp_path)!r}])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol') or m.startswith('golint_ai.server'))\n"
        "print('IMPORTED', bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert "IMPORTED []" in out, out



def test_package_index_reuses_unchanged_files_declarations(tmp_path: Path):
    """After an edit, the package index re-reads only the edited file's declarations."""
    (tmp_path / "a.go").write_text("package p\n\nfunc A() {}\n")
    (tmp_path / "b.go").write_text("package p\n\ntype B struct{ f []byte }\n\nfunc (b *B) Close() {}\n")
    a, b = str(tmp_path / "a.go"), str(tmp_path / "b.go")
    cache = ParseCache()
    first = {p: cache.go_file(p, Path(p).read_bytes(), True) for p in (a, b)}
    for f in first.values():
        _ = f.declarations
        cache.remember_facts(f)
    edited = b"package p\n\nfunc A() {}\n\nfunc A2() {}\n"
    second_a = cache.go_file(a, edited, True)
    second_b = cache.go_file(b, Path(b).read_bytes(), True)
    assert second_b.__dict__.get("declarations") is first[b].declarations  # reused, not recomputed
    assert "declarations" not in second_a.__dict__  # the edited file is re-read
    from golint_ai.golang.package import Package

    index = Package(str(tmp_path), "p", [second_a, second_b]).index
    assert set(index.funcs) == {"A", "A2"} and ("B", "Close") in index.methods and "B" in index.structs


def _leaky_dir(tmp_path: Path, name: str) -> tuple[Path, bytes]:
    d = tmp_path / name
    d.mkdir()
    src = next(p for p in sorted((SAMPLES / "GAI301").rglob("*.go")) if b"C.CString" in p.read_bytes()).read_bytes()
    (d / "x.go").write_bytes(src)
    return d, src


def _wait_for(pred, what: str, guard_s: float = 120) -> None:
    """Wait for an event (a worker picking up its job); the bound only guards a hang."""
    import threading
    import time

    tick = threading.Event()
    deadline = time.monotonic() + guard_s
    while not pred():
        assert time.monotonic() < deadline, f"never happened: {what}"
        tick.wait(0.01)


def test_cancel_stops_the_running_job_and_keeps_the_worker(tmp_path: Path, monkeypatch):
    import threading

    from golint_ai.server.worker import HANG_MARKER_ENV, AnalysisCancelled, WorkerPool

    monkeypatch.setenv(HANG_MARKER_ENV, "HANG_HERE")
    d, src = _leaky_dir(tmp_path, "slow")
    path = str(d / "x.go")
    pool = WorkerPool(1)
    outcome: list = []
    try:
        pool.start()

        def slow() -> None:
            try:
                outcome.append(pool.analyze(_job(d, {path}, {path: src + b"// HANG_HERE\n"}), 600))
            except AnalysisCancelled as exc:
                outcome.append(exc)

        t = threading.Thread(target=slow)
        t.start()
        _wait_for(lambda: pool.workers[0].busy_with == str(d), "the worker starts the slow job")
        assert pool.cancel(str(d))
        t.join(120)
        assert not t.is_alive()
        assert isinstance(outcome[0], AnalysisCancelled)
        # The same worker (not a replacement) analyses the newer contents.
        reply = pool.analyze(_job(d, {path}), 120)
        assert reply.result.diagnostics
        assert pool.restarts == 0
    finally:
        pool.close()


def test_a_slow_directory_does_not_delay_another(tmp_path: Path, monkeypatch):
    import threading

    from golint_ai.server.worker import HANG_MARKER_ENV, AnalysisCancelled, WorkerPool

    monkeypatch.setenv(HANG_MARKER_ENV, "HANG_HERE")
    slow_dir, src = _leaky_dir(tmp_path, "slow")
    fast_dir, _ = _leaky_dir(tmp_path, "fast")
    slow_path, fast_path = str(slow_dir / "x.go"), str(fast_dir / "x.go")
    pool = WorkerPool(2)
    outcome: list = []
    try:
        pool.start()

        def slow() -> None:
            try:
                outcome.append(pool.analyze(_job(slow_dir, {slow_path}, {slow_path: src + b"// HANG_HERE\n"}), 600))
            except AnalysisCancelled as exc:
                outcome.append(exc)

        t = threading.Thread(target=slow)
        t.start()
        _wait_for(lambda: any(w.busy_with == str(slow_dir) for w in pool.workers), "a worker starts the slow job")
        reply = pool.analyze(_job(fast_dir, {fast_path}), 120)
        assert reply.result.diagnostics
        assert t.is_alive() and not outcome  # the slow one is still running
        pool.cancel(str(slow_dir))
        t.join(120)
        assert isinstance(outcome[0], AnalysisCancelled)
    finally:
        pool.close()


def test_should_stop_cancels_analyze_directory(tmp_path: Path):
    from golint_ai.runner import AnalysisCancelled

    d, _ = _leaky_dir(tmp_path, "p")
    with pytest.raises(AnalysisCancelled):
        analyze_directory(_job(d, {str(d / "x.go")}), should_stop=lambda: True)
    assert analyze_directory(_job(d, {str(d / "x.go")}), should_stop=lambda: False).diagnostics
