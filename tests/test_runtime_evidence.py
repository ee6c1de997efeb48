"""Runtime evidence: goroutine dumps read, mapped to the checkout and joined with findings.

The real dumps come from ``tests/testdata/leaky``, a small Go program that leaks the ways
GAI102 and GAI103 describe (an abandoned unbuffered send, a streaming producer that
ignores its context) and two ways no static rule describes (workers ranging over a
channel nobody closes, goroutines waiting on a mutex never unlocked). The program waits
until every leaked goroutine is blocked (it polls its own goroutine profile), then writes
``debug=2`` and ``debug=1`` profiles, or serves net/http/pprof on 127.0.0.1. The
hand-written fixtures in ``tests/data/evidence`` cover what Go 1.19 cannot produce: the
Go 1.26+ goroutineleak profile, Windows tracebacks with CRLF, interleaved log lines,
``-trimpath`` module paths with versions, truncation, a dump of another checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from golint_ai.cli import main
from golint_ai.runtime.dump import EvidenceError, parse_dump, parse_text
from golint_ai.runtime.mapping import Checkout

REPO = Path(__file__).resolve().parent.parent
LEAKY = REPO / "tests" / "testdata" / "leaky"
FIXTURES = REPO / "tests" / "data" / "evidence"

# Lines of tests/testdata/leaky/svc/infer.go
INFER_SEND, INFER_GO = 14, 13  # GAI102
STREAM_SEND, STREAM_GO = 34, 27  # GAI103
WORKERS_RANGE, WORKERS_GO = 44, 43  # no rule: channel never closed
LOCKED_LOCK, LOCKED_GO = 55, 54  # no rule: mutex never unlocked

ALL_BLOCKED = "[evidence]\nmin-wait-minutes = 0\n"


def _go() -> str | None:
    found = shutil.which("go")
    if found:
        return found
    for d in ("/usr/lib/go/bin", "/usr/local/go/bin"):
        if os.path.exists(os.path.join(d, "go")):
            return os.path.join(d, "go")
    return None


def _require_go() -> str:
    go = _go()
    if go is None:
        if os.environ.get("CI"):
            pytest.fail("go is not installed; scripts/install_test_tools.sh installs it")
        pytest.skip("go is not installed (run scripts/install_test_tools.sh)")
    return go


def checkout(root: Path, config: str | None = None) -> Path:
    """A copy of the leaky program, with an optional .golint-ai.toml."""
    dst = root / "leaky"
    if not dst.exists():
        shutil.copytree(LEAKY, dst)
    cfg = dst / ".golint-ai.toml"
    if config is not None:
        cfg.write_text(config)
    elif cfg.exists():
        cfg.unlink()
    return dst


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """The leaky program built twice (plain and -trimpath) from a copy of the checkout,
    run once each; their dumps."""
    go = _require_go()
    root = tmp_path_factory.mktemp("runtime")
    src = checkout(root)
    env = dict(os.environ, GOFLAGS="-mod=mod", CGO_ENABLED="0", GOTOOLCHAIN="local")
    if not os.environ.get("HOME") and not os.environ.get("GOCACHE"):
        env["GOCACHE"] = str(root / "gocache")  # Go needs a build cache; the user's is kept otherwise
    out: dict = {"src": src, "root": root}
    for name, flags in (("plain", []), ("trimpath", ["-trimpath"])):
        exe = root / f"leaky-{name}"
        subprocess.run([go, "build", *flags, "-o", str(exe), "./cmd/leaky"], cwd=src, env=env, check=True, capture_output=True, timeout=300)
        dumps = root / f"dumps-{name}"
        dumps.mkdir()
        proc = subprocess.run([str(exe), str(dumps)], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        out[name] = {"exe": exe, "debug2": dumps / "goroutine-debug2.txt", "debug1": dumps / "goroutine-debug1.txt"}
    return out


@pytest.fixture(autouse=True)
def _in_tmp(monkeypatch, tmp_path):
    """Work inside tmp_path (display paths and SARIF URIs relative to it)."""
    for var in ("NO_COLOR", "FORCE_COLOR", "GOLINT_AI_DEBUG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


def check_json(capsys, src: Path, *evidence: str, extra: tuple[str, ...] = ()) -> tuple[int, list, str]:
    args = ["check", str(src), "--format", "json"]
    for e in evidence:
        args += ["--evidence", str(e)]
    code, out, err = run(capsys, *args, *extra)
    return code, json.loads(out)["findings"] if out.strip() else [], err


def summary(findings: list) -> set[tuple]:
    """(code, file name, line, confirmed-or-None) per finding."""
    return {
        (f["code"], Path(f["path"]).name, f["line"], f["runtime"]["confirmed"] if "runtime" in f else None)
        for f in findings
    }


EXPECTED_ALL = {
    ("GAI102", "infer.go", INFER_SEND, True),
    ("GAI103", "infer.go", STREAM_SEND, True),
    ("GAI190", "infer.go", WORKERS_RANGE, False),
    ("GAI190", "infer.go", LOCKED_LOCK, False),
}


# -- parsing ------------------------------------------------------------------------


def test_real_full_dump_groups(built):
    d = parse_dump(built["plain"]["debug2"].read_bytes(), "d2")
    assert d.form == "debug=2" and not d.truncated
    by_line = {g.frames[-1].line: g for g in d.groups if g.frames and g.frames[-1].file.endswith("infer.go")}
    assert by_line[INFER_SEND].count == 3 and by_line[INFER_SEND].state == "chan send"
    assert by_line[INFER_SEND].created_by.line == INFER_GO and by_line[INFER_SEND].created_by.function == "example.com/leaky/svc.Infer"
    assert by_line[STREAM_SEND].count == 2
    assert by_line[WORKERS_RANGE].count == 4 and by_line[WORKERS_RANGE].state == "chan receive"
    # Go 1.19 calls a mutex wait "semacquire"; the sync frames above the user's are kept.
    locked = next(g for g in d.groups if any(f.line == LOCKED_LOCK and f.file.endswith("infer.go") for f in g.frames))
    assert locked.count == 2 and locked.frames[0].function.startswith("sync.")
    assert d.goroutines == sum(g.count for g in d.groups) >= 12


def test_real_grouped_profile(built):
    d = parse_dump(built["plain"]["debug1"].read_bytes(), "d1")
    assert d.form == "debug=1"
    counts = {g.frames[-1].line: g.count for g in d.groups if g.frames[-1].file.endswith("infer.go")}
    assert counts == {INFER_SEND: 3, STREAM_SEND: 2, WORKERS_RANGE: 4, LOCKED_LOCK: 2}
    assert all(g.state == "" and g.created_by is None for g in d.groups)


def test_trimpath_dump_has_module_paths(built):
    text = built["trimpath"]["debug2"].read_text()
    assert "example.com/leaky/svc/infer.go:14" in text and str(REPO) not in text


def test_goroutineleak_profile_forms():
    d2 = parse_dump((FIXTURES / "goroutineleak-debug2.txt").read_bytes(), "leak2")
    leaked = {g.frames[-1].line: g.count for g in d2.groups if g.leaked}
    assert leaked == {INFER_SEND: 3, WORKERS_RANGE: 1}
    assert {g.state for g in d2.groups if g.leaked} == {"chan send", "chan receive"}
    d1 = parse_dump((FIXTURES / "goroutineleak-debug1.txt").read_bytes(), "leak1")
    assert d1.leak_profile and all(g.leaked for g in d1.groups) and d1.goroutines == 4


def test_windows_sigquit_with_logs_registers_and_elided_frames():
    d = parse_dump((FIXTURES / "sigquit-windows.txt").read_bytes(), "win")
    infer = next(g for g in d.groups if g.created_by and g.created_by.line == INFER_GO)
    assert infer.count == 2 and infer.max_minutes == 212 and infer.state == "chan send"
    assert any(f.file == "C:\\Users\\dev\\src\\leaky\\svc\\infer.go" and f.line == INFER_SEND for f in infer.frames)
    main_g = next(g for g in d.groups if 1 in g.ids)
    assert main_g.state == "select" and main_g.max_minutes == 300 and main_g.is_main
    assert any(g.elided and g.max_minutes == 400 for g in d.groups)
    assert d.skipped_lines >= 5  # SIGQUIT, PC=, two log lines, registers


def test_truncated_dump_keeps_what_it_has():
    d = parse_dump((FIXTURES / "truncated-trimpath.txt").read_bytes(), "cut")
    assert d.truncated and d.goroutines == 3
    assert sum(g.count for g in d.groups if g.frames and g.frames[-1].line == WORKERS_RANGE) == 2


@pytest.mark.parametrize(
    "data, words",
    [
        (bytes(range(256)) * 64, "binary data"),
        (b"\x1f\x8b\x08\x00" + bytes(200), "protobuf"),
        (b"", "empty"),
        (b"hello\nthis is a log file\n", "no goroutine stacks"),
    ],
    ids=["garbage", "pprof-protobuf", "empty", "not-a-dump"],
)
def test_unreadable_evidence_raises(data, words):
    with pytest.raises(EvidenceError, match=words):
        parse_dump(data, "x")


def test_inlined_frames_and_headers_of_newer_go():
    text = (
        "goroutine 5 gp=0xc000007a40 m=nil [chan receive (nil chan), 7 minutes]:\n"
        "example.com/leaky/svc.helper(...)\n"
        "\texample.com/leaky/svc/infer.go:44\n"
        "example.com/leaky/svc.Workers.func1()\n"
        "\texample.com/leaky/svc/infer.go:44 +0x5c\n"
        "created by example.com/leaky/svc.Workers in goroutine 1\n"
        "\texample.com/leaky/svc/infer.go:43 +0x30\n"
    )
    d = parse_text(text)
    [g] = d.groups
    assert g.state == "chan receive (nil chan)" and g.max_minutes == 7
    assert [f.function for f in g.frames] == ["example.com/leaky/svc.helper", "example.com/leaky/svc.Workers.func1"]


# -- mapping ------------------------------------------------------------------------


def test_mapping_by_module_path_and_suffix(tmp_path):
    src = checkout(tmp_path)
    c = Checkout([str(src)])
    infer = str(src / "svc" / "infer.go")
    for printed in (
        infer,
        "example.com/leaky/svc/infer.go",
        "example.com/leaky@v1.4.2/svc/infer.go",
        "/root/go/pkg/mod/example.com/leaky@v1.4.2/svc/infer.go",
        "C:\\Users\\dev\\src\\leaky\\svc\\infer.go",
        "/build/elsewhere/svc/infer.go",
    ):
        assert c.resolve(printed) == infer, printed
    assert c.resolve("/usr/local/go/src/net/http/server.go") is None
    assert c.resolve("/other/pkg/infer.go") is None  # only the file name in common
    assert c.is_foreign("sync.(*Mutex).Lock") and c.is_foreign("runtime/pprof.writeGoroutine")
    assert not c.is_foreign("main.main") and not c.is_foreign("example.com/leaky/svc.Infer.func1")


def test_ambiguous_suffix_maps_nowhere(tmp_path):
    for d in ("a/svc", "b/svc"):
        (tmp_path / d).mkdir(parents=True)
        (tmp_path / d / "x.go").write_text("package svc\n")
    c = Checkout([str(tmp_path)])
    assert c.resolve("/elsewhere/svc/x.go") is None
    assert c.resolve("/elsewhere/a/svc/x.go") == str(tmp_path / "a" / "svc" / "x.go")


# -- check --evidence on real dumps ---------------------------------------------------


@pytest.mark.parametrize("build", ["plain", "trimpath"])
@pytest.mark.parametrize("form", ["debug2", "debug1"])
def test_real_dump_confirms_exactly_the_programs_findings(capsys, tmp_path, built, build, form):
    src = checkout(tmp_path, ALL_BLOCKED)
    code, findings, err = check_json(capsys, src, built[build][form])
    assert code == 1, err
    assert summary(findings) == EXPECTED_ALL
    by = {(f["code"], f["line"]): f for f in findings}
    assert by[("GAI102", INFER_SEND)]["runtime"]["goroutines"] == 3
    assert by[("GAI103", STREAM_SEND)]["runtime"]["goroutines"] == 2
    assert by[("GAI190", WORKERS_RANGE)]["runtime"]["goroutines"] == 4
    assert by[("GAI190", LOCKED_LOCK)]["runtime"]["goroutines"] == 2
    if form == "debug2":
        assert by[("GAI102", INFER_SEND)]["runtime"]["states"] == ["chan send"]
        [rel] = by[("GAI190", WORKERS_RANGE)]["related"]
        assert rel["line"] == WORKERS_GO and "`go` statement" in rel["message"]
    else:  # the grouped profile records no state: inferred from the source line
        assert by[("GAI102", INFER_SEND)]["runtime"]["states"] == ["chan send?"]
        assert by[("GAI190", WORKERS_RANGE)]["runtime"]["states"] == ["chan receive?"]
    assert "2 findings confirmed, 2 unexplained groups reported (GAI190)" in err


def test_both_forms_of_one_process_are_not_counted_twice(capsys, tmp_path, built):
    src = checkout(tmp_path, ALL_BLOCKED)
    code, findings, _ = check_json(capsys, src, built["plain"]["debug2"], built["plain"]["debug1"])
    assert summary(findings) == EXPECTED_ALL
    assert {(f["line"], f["runtime"]["goroutines"]) for f in findings} == {(INFER_SEND, 3), (STREAM_SEND, 2), (WORKERS_RANGE, 4), (LOCKED_LOCK, 2)}


def test_text_output_shows_confirmation(capsys, tmp_path, built):
    src = checkout(tmp_path, ALL_BLOCKED)
    code, out, _ = run(capsys, "check", str(src), "--evidence", str(built["plain"]["debug2"]))
    assert code == 1
    assert "= confirmed at run time: 3 goroutines blocked here (chan send)" in out
    assert "= confirmed at run time: 2 goroutines blocked here (chan send)" in out
    assert "GAI190 4 goroutines blocked here (chan receive) at run time in `svc.Workers.func1`" in out
    assert "2 confirmed at run time." in out


def test_github_annotations_show_confirmation(capsys, tmp_path, built):
    src = checkout(tmp_path, ALL_BLOCKED)
    code, out, _ = run(capsys, "check", str(src), "--evidence", str(built["plain"]["debug2"]), "--format", "github")
    gai102 = next(ln for ln in out.splitlines() if "title=GAI102" in ln)
    assert "[confirmed at run time" in gai102 and "3 goroutines blocked here (chan send)]" in gai102
    assert sum("title=GAI190" in ln for ln in out.splitlines()) == 2


def test_default_thresholds_report_nothing_young_and_few(capsys, tmp_path, built):
    """Fresh waits (under 10 minutes) of fewer than 100 goroutines are not leaks yet;
    the findings they match are still confirmed."""
    src = checkout(tmp_path)
    code, findings, _ = check_json(capsys, src, built["plain"]["debug2"])
    assert summary(findings) == {("GAI102", "infer.go", INFER_SEND, True), ("GAI103", "infer.go", STREAM_SEND, True)}


def test_count_threshold(capsys, tmp_path, built):
    src = checkout(tmp_path, "[evidence]\nmin-count = 3\n")
    _, findings, _ = check_json(capsys, src, built["plain"]["debug2"])
    assert {(f["code"], f["line"]) for f in findings if f["code"] == "GAI190"} == {("GAI190", WORKERS_RANGE)}


def test_without_evidence_nothing_changes(capsys, tmp_path):
    src = checkout(tmp_path, ALL_BLOCKED)
    _, findings, _ = check_json(capsys, src)
    assert summary(findings) == {("GAI102", "infer.go", INFER_SEND, None), ("GAI103", "infer.go", STREAM_SEND, None)}


def test_gai190_can_be_ignored_and_suppressed(capsys, tmp_path, built):
    src = checkout(tmp_path, ALL_BLOCKED)
    _, findings, _ = check_json(capsys, src, built["plain"]["debug2"], extra=("--ignore", "GAI190"))
    assert {f["code"] for f in findings} == {"GAI102", "GAI103"}
    infer = src / "svc" / "infer.go"
    text = infer.read_text().replace("mu.Lock()\n", "mu.Lock() //golint-ai:ignore GAI190 held by design\n")
    infer.write_text(text)
    _, findings, _ = check_json(capsys, src, built["plain"]["debug2"])
    assert ("GAI190", LOCKED_LOCK) not in {(f["code"], f["line"]) for f in findings}


def test_gai190_respects_configured_excludes(capsys, tmp_path, built):
    src = checkout(tmp_path, 'exclude = ["svc/*"]\n' + ALL_BLOCKED)
    _, findings, _ = check_json(capsys, src, built["plain"]["debug2"])
    assert findings == []


def test_sarif_carries_runtime_and_validates(capsys, tmp_path, built):
    from sarif_validation import validate_sarif

    src = checkout(tmp_path, ALL_BLOCKED)
    out = tmp_path / "out.sarif"
    code, _, _ = run(capsys, "check", str(src), "--evidence", str(built["plain"]["debug2"]), "--format", "sarif", "--output", str(out))
    assert code == 1
    log = json.loads(out.read_text())
    results = log["runs"][0]["results"]
    by = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]): r for r in results}
    assert by[("GAI102", INFER_SEND)]["rank"] == 90.0
    assert by[("GAI102", INFER_SEND)]["properties"]["runtime"]["goroutines"] == 3
    assert by[("GAI190", WORKERS_RANGE)]["rank"] == 80.0
    assert by[("GAI190", WORKERS_RANGE)]["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == WORKERS_GO
    assert "GAI190" in [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    assert validate_sarif(out) == []


# -- check --evidence on hand-written fixtures --------------------------------------------


def test_goroutineleak_profile_confirms_and_reports_leaked(capsys, tmp_path):
    src = checkout(tmp_path)  # default thresholds: the (leaked) marker alone qualifies
    code, findings, _ = check_json(capsys, src, FIXTURES / "goroutineleak-debug2.txt")
    assert summary(findings) == {
        ("GAI102", "infer.go", INFER_SEND, True),
        ("GAI103", "infer.go", STREAM_SEND, None),  # the profile shows no streaming goroutine
        ("GAI190", "infer.go", WORKERS_RANGE, False),
    }
    gai102 = next(f for f in findings if f["code"] == "GAI102")
    assert gai102["runtime"]["leaked"] is True
    code, findings, _ = check_json(capsys, src, FIXTURES / "goroutineleak-debug1.txt")
    assert {(f["code"], f["line"]) for f in findings if "runtime" in f} == {("GAI102", INFER_SEND), ("GAI190", WORKERS_RANGE)}


def test_windows_traceback_with_wait_minutes(capsys, tmp_path):
    src = checkout(tmp_path)
    code, out, _ = run(capsys, "check", str(src), "--evidence", str(FIXTURES / "sigquit-windows.txt"), "--no-source")
    assert code == 1
    assert "[confirmed at run time: 2 goroutines blocked here (chan send, up to 212 min)]" in out
    lines = {ln.split(": ", 1)[0].rsplit(":", 2)[-2] + " " + ln.split()[1] for ln in out.splitlines() if ln.startswith(str(src.relative_to(tmp_path)))}
    assert f"{WORKERS_RANGE} GAI190" in lines  # 45 minutes
    assert f"{LOCKED_LOCK} GAI190" not in lines  # 3 minutes
    assert f"{LOCKED_GO} GAI190" in lines  # the 400-minute goroutine whose own frames are not in the checkout
    assert not any("main.go" in ln for ln in out.splitlines())  # the main goroutine is never a leak


def test_truncated_trimpath_dump(capsys, tmp_path):
    src = checkout(tmp_path)
    code, findings, err = check_json(capsys, src, FIXTURES / "truncated-trimpath.txt")
    assert code == 1
    assert summary(findings) == {
        ("GAI102", "infer.go", INFER_SEND, True),
        ("GAI103", "infer.go", STREAM_SEND, None),
        ("GAI190", "infer.go", WORKERS_RANGE, False),
    }
    assert next(f for f in findings if f["code"] == "GAI190")["runtime"]["goroutines"] == 2


def test_dump_of_another_checkout_is_a_notification(capsys, tmp_path):
    src = checkout(tmp_path, ALL_BLOCKED)
    code, findings, err = check_json(capsys, src, FIXTURES / "other-checkout.txt")
    assert code == 1  # the static findings stand
    assert all("runtime" not in f for f in findings)
    assert "none of the 3 goroutines in this dump ran code under the analysed paths" in err
    assert "different checkout" in err


@pytest.mark.parametrize("content", [bytes(range(256)) * 64, b"\x1f\x8b\x08\x00" + bytes(64), b""], ids=["garbage", "protobuf", "empty"])
def test_unreadable_evidence_is_one_line_exit_2(capsys, tmp_path, content):
    src = checkout(tmp_path)
    bad = tmp_path / "dump.bin"
    bad.write_bytes(content)
    code, out, err = run(capsys, "check", str(src), "--evidence", str(bad))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("golint-ai: error: ")


def test_missing_evidence_file_exit_2(capsys, tmp_path):
    src = checkout(tmp_path)
    code, _, err = run(capsys, "check", str(src), "--evidence", str(tmp_path / "nope.txt"))
    assert code == 2 and "cannot read evidence" in err


def test_bad_evidence_configuration_exit_2(capsys, tmp_path):
    src = checkout(tmp_path, "[evidence]\nmin-count = 0\n")
    code, _, err = run(capsys, "check", str(src), "--evidence", str(FIXTURES / "goroutineleak-debug2.txt"))
    assert code == 2 and "evidence.min-count" in err
    checkout(tmp_path, "[evidence]\nthreshold = 3\n")
    code, _, err = run(capsys, "check", str(src))
    assert code == 2 and "`evidence` takes only" in err


# -- URLs ------------------------------------------------------------------------------


@pytest.fixture
def served(built):
    """The leaky program serving net/http/pprof on 127.0.0.1; its address once it listens."""
    proc = subprocess.Popen([str(built["plain"]["exe"]), "-serve", "127.0.0.1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killer = threading.Timer(120, proc.kill)  # a safety net only; the test never waits on it
    killer.start()
    try:
        line = proc.stdout.readline()  # blocks until the program listens (or exits)
        assert line.startswith("listening on "), proc.stderr.read()
        yield line.split()[-1]
    finally:
        killer.cancel()
        proc.kill()
        proc.wait()


def test_url_evidence_from_a_live_process(capsys, tmp_path, built, served):
    src = checkout(tmp_path, ALL_BLOCKED)
    for debug in (2, 1):
        code, findings, err = check_json(capsys, src, f"http://{served}/debug/pprof/goroutine?debug={debug}")
        assert code == 1, err
        assert summary(findings) == EXPECTED_ALL


def test_url_evidence_subcommand(capsys, tmp_path, built, served):
    src = checkout(tmp_path)
    code, out, err = run(capsys, "evidence", f"http://localhost:{served.rsplit(':', 1)[1]}/debug/pprof/goroutine?debug=2", "--root", str(src), "--format", "json")
    assert code == 0, err
    rows = json.loads(out)["groups"]
    assert {(r["line"], r["count"]) for r in rows if r["path"] and r["path"].endswith("infer.go")} == {
        (INFER_SEND, 3), (STREAM_SEND, 2), (WORKERS_RANGE, 4), (LOCKED_LOCK, 2)
    }


@pytest.mark.parametrize("url", ["http://192.0.2.10:6060/debug/pprof/goroutine?debug=2", "http://example.com/debug/pprof/goroutine?debug=2", "file:///etc/passwd"])
def test_non_loopback_urls_are_refused(capsys, tmp_path, url):
    src = checkout(tmp_path)
    code, out, err = run(capsys, "check", str(src), "--evidence", url)
    assert code == 2 and out == ""
    assert ("not a loopback address" in err) or ("cannot read evidence" in err)


def test_allowed_host_is_fetched_with_a_timeout(capsys, tmp_path):
    """An allowed host is contacted; a port nothing listens on fails fast, exit 2."""
    import socket

    s = socket.socket()
    s.bind(("127.0.0.2" if sys.platform.startswith("linux") else "127.0.0.1", 0))
    host, port = s.getsockname()
    s.close()
    src = checkout(tmp_path)
    code, _, err = run(capsys, "check", str(src), "--evidence", f"http://{host}:{port}/debug/pprof/goroutine?debug=2", "--evidence-timeout", "5")
    assert code == 2 and "cannot fetch" in err


# -- golint-ai evidence ------------------------------------------------------------------


def test_evidence_report_text(capsys, tmp_path, built):
    src = checkout(tmp_path)
    code, out, err = run(capsys, "evidence", str(built["plain"]["debug2"]), "--root", str(src))
    assert code == 0, err
    blocks = out.split("\n\n")
    assert "debug=2" in blocks[0]
    first = blocks[1]  # largest group first: the 4 workers
    assert first.split()[0] == "4" and "[chan receive]" in first and f"infer.go:{WORKERS_RANGE}: for j := range jobs {{" in first
    assert f"created by example.com/leaky/svc.Workers at " in first and f"infer.go:{WORKERS_GO}" in first
    assert "no rule covers this shape" in first
    infer = next(b for b in blocks if f"infer.go:{INFER_SEND}:" in b)
    assert f"covered by GAI102 at " in infer
    stream = next(b for b in blocks if f"infer.go:{STREAM_SEND}:" in b)
    assert "covered by GAI103" in stream


def test_evidence_report_json_and_top(capsys, tmp_path, built):
    src = checkout(tmp_path)
    code, out, _ = run(capsys, "evidence", str(built["plain"]["debug1"]), "--root", str(src), "--format", "json", "--top", "2")
    data = json.loads(out)
    assert data["dumps"][0]["form"] == "debug=1" and data["groups_total"] >= 5
    assert [g["count"] for g in data["groups"]] == [4, 3]
    assert data["groups"][1]["rule"]["code"] == "GAI102"


def test_evidence_report_of_garbage_and_other_checkout(capsys, tmp_path):
    src = checkout(tmp_path)
    bad = tmp_path / "core"
    bad.write_bytes(bytes(range(256)) * 16)
    code, out, err = run(capsys, "evidence", str(bad), "--root", str(src))
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "evidence", str(FIXTURES / "other-checkout.txt"), "--root", str(src), "--no-check")
    assert code == 0 and "(not in the checkout)" in out and "different checkout" in err
