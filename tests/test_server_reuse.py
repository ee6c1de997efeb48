"""Per-function results in the language server (golint_ai/server/reuse.py): after any
sequence of edits the findings equal a full run's, and an edit re-runs the rules only on
the functions it can have changed."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from golint_ai.rules import ALL_RULES
from golint_ai.runner import analyze_directory
from golint_ai.server.analysis import ParseCache, analyze_job

from test_server_analysis import _job, _key

SAMPLES = Path(__file__).resolve().parent / "go_samples"
PER_FUNCTION = sorted(r.code for r in ALL_RULES if r.per_function)
_IDENT = re.compile(rb"\b[A-Za-z_][A-Za-z0-9_]*\b")


def _sample_dirs() -> list[Path]:
    codes = PER_FUNCTION + ["GAI102", "GAI201", "GAI501"]
    return sorted({p.parent for code in codes for p in (SAMPLES / code).rglob("*.go")})


def _random_edit(rng: random.Random, data: bytes, donors: list[bytes]) -> bytes:
    """One edit as a person makes them: mostly whole statements removed, copied or
    renamed inside function bodies (so most versions still parse), sometimes a stray
    character."""
    lines = data.split(b"\n")
    body = [i for i, line in enumerate(lines) if line.startswith(b"\t") and b"{" not in line and b"}" not in line]
    kind = rng.random()
    if body and kind < 0.35:
        del lines[rng.choice(body)]  # delete a statement (a release, a reset, a wait ...)
    elif body and kind < 0.6:
        lines.insert(rng.choice(body), lines[rng.choice(body)])  # copy a statement elsewhere
    elif donors and kind < 0.75:
        donor = rng.choice(donors).split(b"\n")
        stmts = [line for line in donor if line.startswith(b"\t") and b"{" not in line and b"}" not in line]
        if stmts and body:
            lines.insert(rng.choice(body), rng.choice(stmts))  # a statement from another sample
    elif kind < 0.9:
        idents = list(_IDENT.finditer(data))
        if idents:
            a, b = rng.choice(idents), rng.choice(idents)
            return data[:a.start()] + b.group() + data[a.end():]  # rename one occurrence
    else:
        i = rng.randrange(len(data) + 1)
        return data[:i] + rng.choice([b" ", b"\n", b"x", b"}", b"(", b"\t// note\n"]) + data[i:]
    return b"\n".join(lines)


@pytest.mark.parametrize("directory", _sample_dirs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_random_edits_give_the_findings_of_a_full_run(directory: Path):
    files = sorted(str(p) for p in directory.glob("*.go"))
    reported = set(files)
    donors = [p.read_bytes() for p in sorted((SAMPLES / "GAI301").rglob("*.go"))[:6] + sorted((SAMPLES / "GAI401").rglob("*.go"))[:6]]
    rng = random.Random(directory.name)
    contents = {f: Path(f).read_bytes() for f in files}
    cache = ParseCache()
    analyze_job(_job(directory, reported, contents), cache)
    for step in range(12):
        f = rng.choice(files)
        contents[f] = _random_edit(rng, contents[f], donors)
        mine = analyze_job(_job(directory, reported, contents), cache)
        full = analyze_directory(_job(directory, reported, contents))
        assert _key(mine) == _key(full), (directory, step, f)


LEAKS = """package p

/*
#include <stdlib.h>
void use(char *p);
*/
import "C"

import (
\t"bytes"
\t"io"
\t"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func upload(b []byte) { _ = b }

func cstringA(s string) {
\tc := C.CString(s)
\tC.use(c)
}

func pooledB(w io.Writer, s string) {
\tbuf := bufPool.Get().(*bytes.Buffer)
\tbuf.WriteString(s)
\tw.Write(buf.Bytes())
\tbufPool.Put(buf)
}

func capturedC(n int) {
\tbuf := make([]byte, n)
\tgo func() {
\t\tupload(buf)
\t}()
}

func cstringD(s string) {
\tc := C.CString(s)
\tC.use(c)
}
"""


def test_an_edit_in_one_function_does_not_analyse_the_others(tmp_path: Path, monkeypatch):
    """Counted, not timed: after an edit inside ``cstringA`` the per-function rules run
    on ``cstringA`` only (and on ``cstringD`` never), and no scope table is built for
    any other function; the findings equal a full run's."""
    import golint_ai.golang.scope as scope

    path = tmp_path / "p.go"
    path.write_text(LEAKS, encoding="utf-8")
    f = str(path)
    cache = ParseCache()
    first = analyze_job(_job(tmp_path, {f}), cache)
    assert {d.code for d in first.diagnostics} >= {"GAI101", "GAI301", "GAI401"}
    ran_everywhere = {name for _, name in cache.functions.ran}
    assert {"cstringA", "pooledB", "capturedC", "cstringD"} <= ran_everywhere

    built: list[str] = []
    real_init = scope.FunctionScopes.__init__

    def counting_init(self, func):
        name = func.child_by_field_name("name")
        built.append(name.text.decode() if name is not None else func.type)
        real_init(self, func)

    monkeypatch.setattr(scope.FunctionScopes, "__init__", counting_init)
    edited = LEAKS.replace("\tC.use(c)\n}\n\nfunc pooledB", "\tC.use(c)\n\tC.use(c)\n}\n\nfunc pooledB").encode()
    assert edited != LEAKS.encode()
    second = analyze_job(_job(tmp_path, {f}, {f: edited}), cache)
    ran = {name for _, name in cache.functions.ran}
    reused = {name for _, name in cache.functions.reused}
    assert ran == {"cstringA"}, cache.functions.ran
    assert {"pooledB", "capturedC", "cstringD"} <= reused
    assert set(built) <= {"cstringA"}, built
    full = analyze_directory(_job(tmp_path, {f}, {f: edited}))
    assert _key(second) == _key(full)
    # Findings below the edit moved with their functions.
    assert [d.span.start for d in second.diagnostics if "cstringD" in d.context] != [d.span.start for d in first.diagnostics if "cstringD" in d.context]


def test_an_edit_in_a_callee_reanalyses_its_callers(tmp_path: Path):
    """Functions tied by a name are analysed again together: releasing the handle in a
    helper changes the finding in the function that calls it."""
    src = LEAKS.replace("func upload(b []byte) { _ = b }", "func upload(b []byte) { _ = b }\n\nfunc keep(c *C.char) { C.use(c) }")
    src = src.replace("\tc := C.CString(s)\n\tC.use(c)\n}\n\nfunc pooledB", "\tc := C.CString(s)\n\tkeep(c)\n}\n\nfunc pooledB")
    path = tmp_path / "p.go"
    path.write_text(src, encoding="utf-8")
    f = str(path)
    cache = ParseCache()
    before = analyze_job(_job(tmp_path, {f}), cache)
    assert any(d.code == "GAI301" and d.context == "cstringA" for d in before.diagnostics)
    edited = src.replace("func keep(c *C.char) { C.use(c) }", "func keep(c *C.char) { C.free(unsafe.Pointer(c)) }").replace('\t"sync"\n', '\t"sync"\n\t"unsafe"\n')
    after = analyze_job(_job(tmp_path, {f}, {f: edited.encode()}), cache)
    assert "cstringA" in {name for _, name in cache.functions.ran}
    assert not any(d.code == "GAI301" and d.context == "cstringA" for d in after.diagnostics)
    assert _key(after) == _key(analyze_directory(_job(tmp_path, {f}, {f: edited.encode()})))


def test_random_edits_of_one_file_reuse_and_still_equal_a_full_run(tmp_path: Path):
    """Thirty seeded edits of a file of many leaking functions: each time the findings
    equal a full run's, and most functions are taken from the previous run."""
    path = tmp_path / "p.go"
    path.write_text(LEAKS, encoding="utf-8")
    f = str(path)
    data = LEAKS.encode()
    donors = [p.read_bytes() for p in sorted((SAMPLES / "GAI301").rglob("*.go"))[:6]]
    rng = random.Random(17)
    cache = ParseCache()
    analyze_job(_job(tmp_path, {f}, {f: data}), cache)
    for step in range(30):
        data = _random_edit(rng, data, donors)
        mine = analyze_job(_job(tmp_path, {f}, {f: data}), cache)
        assert _key(mine) == _key(analyze_directory(_job(tmp_path, {f}, {f: data}))), step
    assert cache.stats.functions_reused > cache.stats.functions_run / 2, cache.stats


CALLERS = """package main

func upload(b []byte) { _ = b }

func start(n int) {
\tbuf := make([]byte, n)
\tgo func() {
\t\tupload(buf)
\t}()
}

func main() {
\tstart(1 << 20)
}

func other() {
\tprintln("x")
}
"""


def test_an_edit_in_a_caller_reanalyses_the_callee(tmp_path: Path):
    """A goroutine of a function only ``main`` calls lives as long as the program (no
    GAI101); once another function calls it too, it is a leak. The edit is in the
    caller, the finding in the callee."""
    path = tmp_path / "main.go"
    path.write_text(CALLERS, encoding="utf-8")
    f = str(path)
    cache = ParseCache()
    before = analyze_job(_job(tmp_path, {f}), cache)
    assert not [d for d in before.diagnostics if d.code == "GAI101"]
    edited = CALLERS.replace('\tprintln("x")\n', "\tstart(1)\n").encode()
    after = analyze_job(_job(tmp_path, {f}, {f: edited}), cache)
    assert "start" in {name for code, name in cache.functions.ran if code == "GAI101"}
    assert [d.context for d in after.diagnostics if d.code == "GAI101"] == ["start.func1"]
    assert _key(after) == _key(analyze_directory(_job(tmp_path, {f}, {f: edited})))


POOLS = """package p

import (
\t"bytes"
\t"io"
\t"sync"
)

type plain struct{ n int }

var bufPool = sync.Pool{New: newBuf}

func newBuf() any {
\treturn new(bytes.Buffer)
}

func fill(b any, s string) {}

func first(w io.Writer, s string) {
\tbuf := bufPool.Get()
\tfill(buf, s)
\tbufPool.Put(buf)
}

func second(w io.Writer, s string) {
\tbuf := bufPool.Get().(*bytes.Buffer)
\tbuf.WriteString(s)
\tw.Write(buf.Bytes())
\tbufPool.Put(buf)
}

func third(w io.Writer, s string) {
\tbuf := bufPool.Get().(*bytes.Buffer)
\tbuf.WriteString(s)
\tw.Write(buf.Bytes())
\tbufPool.Put(buf)
}
"""


def _pool_job(tmp_path: Path, src: str):
    path = tmp_path / "p.go"
    if not path.exists():
        path.write_text(POOLS, encoding="utf-8")
    f = str(path)
    return _job(tmp_path, {f}, {f: src.encode()})


def test_an_edit_of_a_pools_new_function_reanalyses_its_users(tmp_path: Path):
    """``New: newBuf`` names the function in a declaration, not in a call: what it
    returns is what the pool's users put back, so an edit of it re-runs them."""
    src = POOLS.split("func second")[0]  # the pool's one user puts back what New made
    cache = ParseCache()
    before = analyze_job(_pool_job(tmp_path, src), cache)
    assert "first" in {d.context for d in before.diagnostics if d.code == "GAI401"}
    edited = src.replace("return new(bytes.Buffer)", "return &plain{}")
    after = analyze_job(_pool_job(tmp_path, edited), cache)
    assert "first" not in {d.context for d in after.diagnostics if d.code == "GAI401"}
    assert _key(after) == _key(analyze_directory(_pool_job(tmp_path, edited)))


def test_edits_that_keep_what_a_function_shows_other_users_of_a_pool_reuse_them(tmp_path: Path):
    """Counted: the pool rules say what their analysis of other functions reads of one
    (``shared_facts``). Once an edited function's facts are known, the next edit that
    keeps them re-runs the pool rules on that function only, not on the other users of
    the pool; an edit that changes them (a reset right after the ``Get``) re-runs
    them all. Every result equals a full run's."""
    cache = ParseCache()
    analyze_job(_pool_job(tmp_path, POOLS), cache)
    src = POOLS
    pool_rules = {"GAI401", "GAI402"}
    for step in range(3):  # a statement more each time: the facts stay the same
        src = src.replace("func second(w io.Writer, s string) {\n", "func second(w io.Writer, s string) {\n\tw.Write(nil)\n")
        mine = analyze_job(_pool_job(tmp_path, src), cache)
        assert _key(mine) == _key(analyze_directory(_pool_job(tmp_path, src))), step
        ran = {name for code, name in cache.functions.ran if code in pool_rules}
        if step == 0:
            assert {"first", "second", "third"} <= ran  # the edited function's facts were not known yet
        else:
            assert ran == {"second"}, cache.functions.ran
            assert {"first", "third"} <= {name for code, name in cache.functions.reused if code == "GAI401"}
    # Resetting right after the Get changes what `second` shows the other users.
    src = src.replace("\tw.Write(nil)\n\tbuf := bufPool.Get().(*bytes.Buffer)\n", "\tw.Write(nil)\n\tbuf := bufPool.Get().(*bytes.Buffer)\n\tbuf.Reset()\n")
    assert "buf.Reset()" in src
    mine = analyze_job(_pool_job(tmp_path, src), cache)
    assert {"first", "second", "third"} <= {name for code, name in cache.functions.ran if code == "GAI401"}
    assert _key(mine) == _key(analyze_directory(_pool_job(tmp_path, src)))


@pytest.mark.parametrize("directory", sorted({p.parent for p in (SAMPLES / "GAI401").rglob("*.go")} | {p.parent for p in (SAMPLES / "GAI402").rglob("*.go")}), ids=lambda p: p.name)
def test_repeated_edits_in_one_function_give_the_findings_of_a_full_run(directory: Path):
    """Edits as a person makes them, several in a row inside the same function (where the
    facts it shows other functions are known and the pool rules may keep their
    findings): each time the findings equal a full run's."""
    files = sorted(str(p) for p in directory.glob("*.go"))
    reported = set(files)
    donors = [p.read_bytes() for p in sorted((SAMPLES / "GAI401").rglob("*.go"))[:6]]
    rng = random.Random("same function " + directory.name)
    contents = {f: Path(f).read_bytes() for f in files}
    cache = ParseCache()
    analyze_job(_job(directory, reported, contents), cache)
    for step in range(12):
        f = rng.choice(files)
        data = contents[f]
        starts = [m.start() for m in re.finditer(rb"(?m)^func ", data)]
        if not starts:
            continue
        i = rng.randrange(len(starts))
        lo, hi = starts[i], (starts[i + 1] if i + 1 < len(starts) else len(data))
        for _ in range(3):  # three edits of the same function
            edited = _random_edit(rng, data[lo:hi], donors)
            data = data[:lo] + edited + data[hi:]
            hi = lo + len(edited)
            contents[f] = data
            mine = analyze_job(_job(directory, reported, contents), cache)
            full = analyze_directory(_job(directory, reported, contents))
            assert _key(mine) == _key(full), (directory, step, f)
