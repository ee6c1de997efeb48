"""Bad input gives one line on stderr and exit status 2, never a traceback; unreadable
and skipped files are counted as what they are."""

from __future__ import annotations

import builtins
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import golint_ai.cli as cli
from golint_ai.cli import main

from cli_helpers import cli_env  # noqa: F401  (autouse)

LEAK = 'package p\n\n/*\n#include <stdlib.h>\n*/\nimport "C"\n\nfunc leak(s string) {\n\tc := C.CString(s)\n\t_ = c\n}\n'
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return code, out, err


def one_line_error(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    lines = [line for line in err.splitlines() if line.startswith("golint-ai: error:")]
    assert len(lines) == 1, err
    for n in needles:
        assert n in lines[0], lines[0]


def sub(args: list[str], cwd: Path, **kw) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "GOLINT_AI_DEBUG")}
    return subprocess.run([sys.executable, "-m", "golint_ai", *args], cwd=cwd, env=env, timeout=120, **kw)


# -- file names that are not UTF-8 -------------------------------------------------------
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_file_name_not_utf8(capsys, tmp_path, fmt):
    name = os.fsdecode(b"x\xff.go")
    write(tmp_path / "p" / name, LEAK)
    code, out, err = run(capsys, "check", "p", "--format", fmt)
    assert code == 1, err
    if fmt == "json":
        (item,) = json.loads(out)["findings"]
        assert item["path"] == "p/x\ufffd.go"
    elif fmt == "sarif":
        log = json.loads(out)
        (res,) = log["runs"][0]["results"]
        assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "p/x%FF.go"
    elif fmt == "github":
        assert "file=p/x\ufffd.go" in out
    else:
        assert "GAI301" in out


def test_file_name_not_utf8_to_an_output_file(capsys, tmp_path):
    write(tmp_path / "p" / os.fsdecode(b"y\xfe.go"), LEAK)
    code, out, err = run(capsys, "check", "p", "--output", "report.txt")
    assert code == 1, err
    assert "p/y" in (tmp_path / "report.txt").read_text("utf-8")


# -- baselines ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "content",
    [
        '{"runs": [{"results": [{"partialFingerprints": 5}]}]}',
        '{"runs": [{"results": [{"partialFingerprints": {"golintAi/v2": 5}}]}]}',
        '{"runs": [5]}',
        '{"runs": [{"results": "x"}]}',
        '{"runs": [{"results": [5]}]}',
        "[1, 2]",
        "5",
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 100_000 + "1" + "}" * 100_000,
        "\xff\xfe",
    ],
    ids=["fingerprints-int", "fingerprint-int", "run-int", "results-str", "result-int", "list", "int", "deep-array", "deep-object", "not-utf8"],
)
def test_malformed_baseline(capsys, tmp_path, content):
    write(tmp_path / "p/a.go", LEAK)
    (tmp_path / "base.sarif").write_bytes(content.encode("latin-1") if content == "\xff\xfe" else content.encode())
    code, out, err = run(capsys, "check", "p", "--baseline", "base.sarif")
    one_line_error(code, err, "base.sarif")


# -- configuration -----------------------------------------------------------------------
def test_deeply_nested_toml_config(capsys, tmp_path):
    write(tmp_path / "p/a.go", LEAK)
    write(tmp_path / "p/.golint-ai.toml", "a = " + "[" * 5000 + "]" * 5000 + "\n")
    code, out, err = run(capsys, "check", "p")
    one_line_error(code, err, ".golint-ai.toml", "nested too deeply")


def test_deeply_nested_toml_given_with_config(capsys, tmp_path):
    write(tmp_path / "p/a.go", LEAK)
    write(tmp_path / "c.toml", "x = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n")
    code, out, err = run(capsys, "check", "p", "--config", "c.toml")
    one_line_error(code, err, "c.toml")


def test_over_long_path(capsys, tmp_path):
    long = "d" * 300
    code, out, err = run(capsys, "check", f"{long}/x.go")
    assert code == 2, err
    assert "File name too long" in err or "name too long" in err.lower(), err


def test_config_lookup_in_an_unsearchable_directory(capsys, tmp_path, monkeypatch):
    write(tmp_path / "p/a.go", LEAK)
    real_stat = os.stat
    locked = str(tmp_path / "p")

    def stat(path, *a, **kw):
        if os.fspath(path).startswith(locked + os.sep) and os.path.basename(os.fspath(path)) in (".golint-ai.toml", "pyproject.toml"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_stat(path, *a, **kw)

    monkeypatch.setattr(os, "stat", stat)
    code, out, err = run(capsys, "check", "p")
    one_line_error(code, err, "cannot look for configuration", "Permission denied")


# -- usage ---------------------------------------------------------------------------------
def test_empty_select_is_a_usage_error(capsys, tmp_path):
    write(tmp_path / "p/a.go", LEAK)
    code, out, err = run(capsys, "check", "p", "--select", "")
    one_line_error(code, err, "--select")
    code, out, err = run(capsys, "check", "p", "--select", " , ")
    one_line_error(code, err, "--select")


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_server_port_out_of_range(capsys, port):
    code, out, err = run(capsys, "server", "--tcp", "--port", port)
    one_line_error(code, err, "--port")


def test_server_port_in_use(tmp_path):
    pytest.importorskip("pygls")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        proc = sub(["server", "--tcp", "--port", str(port)], tmp_path, capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "cannot serve on 127.0.0.1" in proc.stderr


# -- writing -------------------------------------------------------------------------------
def test_fix_on_a_file_that_cannot_be_written(capsys, tmp_path, monkeypatch):
    target = write(tmp_path / "p/a.go", LEAK)
    real_open = builtins.open

    def guarded(path, mode="r", *a, **kw):
        if os.path.abspath(os.fspath(path)) == str(target) and "w" in mode:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, mode, *a, **kw)

    monkeypatch.setattr(cli, "open", guarded, raising=False)
    code, out, err = run(capsys, "check", "p", "--fix", "--unsafe-fixes")
    one_line_error(code, err, "cannot write fixes to", "Permission denied")
    assert target.read_text() == LEAK


@pytest.mark.skipif(ROOT, reason="running as root: a read-only mode does not stop writes")
def test_fix_on_a_read_only_file(capsys, tmp_path):
    target = write(tmp_path / "p/a.go", LEAK)
    target.chmod(0o444)
    try:
        code, out, err = run(capsys, "check", "p", "--fix", "--unsafe-fixes")
    finally:
        target.chmod(0o644)
    one_line_error(code, err, "cannot write fixes to")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["check", "p"], ["check", "p", "--format", "json"], ["rules"], ["rule", "GAI301"]])
def test_stdout_full(tmp_path, args):
    write(tmp_path / "p/a.go", LEAK)
    with open("/dev/full", "w") as full:
        proc = sub(args, tmp_path, stdout=full, stderr=subprocess.PIPE, text=True)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr, proc.stderr
    assert proc.stderr.count("golint-ai: error: cannot write to standard output") == 1, proc.stderr


@pytest.mark.parametrize("args", [["check", "p"], ["rules"]])
def test_stdout_closed(tmp_path, args):
    write(tmp_path / "p/a.go", LEAK)
    proc = sub(args, tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=lambda: os.close(1))
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "standard output is closed" in proc.stderr


def test_stdout_closed_is_fine_with_output_file(tmp_path):
    write(tmp_path / "p/a.go", LEAK)
    proc = sub(["check", "p", "--output", "r.txt"], tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=lambda: os.close(1))
    assert proc.returncode == 1, proc.stderr
    assert "GAI301" in (tmp_path / "r.txt").read_text()


# -- unreadable and skipped files ----------------------------------------------------------
def test_only_file_unreadable_exits_2(capsys, tmp_path):
    (tmp_path / "p").mkdir()
    os.symlink(tmp_path / "gone.go", tmp_path / "p/x.go")
    code, out, err = run(capsys, "check", "p")
    assert code == 2, err
    assert "p/x.go: warning: cannot read file" in err
    assert "golint-ai: error: no file could be read" in err
    assert "All checks passed" not in out


def test_one_unreadable_file_among_readable_ones_is_a_warning(capsys, tmp_path):
    write(tmp_path / "p/a.go", LEAK.replace("c := C.CString(s)\n\t_ = c", "_ = s"))
    os.symlink(tmp_path / "gone.go", tmp_path / "p/x.go")
    code, out, err = run(capsys, "check", "p")
    assert code == 0, err
    assert "p/x.go: warning: cannot read file" in err
    assert "All checks passed: 1 file checked." in out


def _unlistable(monkeypatch, directory: Path) -> None:
    real = os.scandir

    def scandir(path="."):
        if os.path.abspath(os.fspath(path)) == str(directory):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_unreadable_directory_is_a_warning(capsys, tmp_path, monkeypatch):
    write(tmp_path / "p/a.go", LEAK)
    write(tmp_path / "p/locked/x.go", LEAK)
    _unlistable(monkeypatch, tmp_path / "p/locked")
    code, out, err = run(capsys, "check", "p", "--format", "json")
    assert code == 1, err
    assert [i["path"] for i in json.loads(out)["findings"]] == ["p/a.go"]
    assert "p/locked: warning: cannot read directory: Permission denied" in err


def test_only_directory_unreadable_exits_2(capsys, tmp_path, monkeypatch):
    write(tmp_path / "p/a.go", LEAK)
    _unlistable(monkeypatch, tmp_path / "p")
    code, out, err = run(capsys, "check", "p")
    assert code == 2, err
    assert "p: warning: cannot read directory" in err
    assert "golint-ai: error: no file could be read" in err


def test_file_over_size_limit_is_skipped_not_checked(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr("golint_ai.runner.MAX_FILE_BYTES", 1024)
    write(tmp_path / "p/a.go", LEAK + "// x\n" * 400)
    code, out, err = run(capsys, "check", "p")
    assert code == 0, err
    assert "No file checked (1 skipped)." in out
    assert "All checks passed" not in out
    write(tmp_path / "p/b.go", LEAK.replace("c := C.CString(s)\n\t_ = c", "_ = s"))
    code, out, err = run(capsys, "check", "p")
    assert "All checks passed: 1 file checked, 1 skipped." in out


def test_text_the_stream_cannot_encode_is_not_an_output_failure():
    import io

    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    cli._Stdout(stream).write("caf\u00e9\n")
    stream.flush()
    assert raw.getvalue() == b"caf\\xe9\n"
