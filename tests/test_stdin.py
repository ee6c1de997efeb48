"""``golint-ai check - --stdin-filename PATH``: the text on standard input is checked as
if it were PATH (language by its name, the configuration above it, its package's other
files for cross-file facts), and nothing is ever written to disk."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from golint_ai.cli import main

from cli_helpers import cli_env  # noqa: F401  (autouse)

REPO = Path(__file__).resolve().parent.parent
FIX = REPO / "tests" / "go_samples" / "GAI102" / "fix" / "fix.go"
PREAMBLE = '/*\n#include <stdlib.h>\n*/\nimport "C"\n'
LEAK = f"package p\n\n{PREAMBLE}\nfunc f(s string) {{\n\tc := C.CString(s)\n\t_ = c\n}}\n"
TRAIN = """import torch

def train(model, loader, opt):
    for x, y in loader:
        loss = model(x).sub(y).pow(2).mean()
        loss.backward()
        opt.step()
"""


def run(capsys, monkeypatch, stdin: bytes, *argv: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def sub(args: list[str], cwd: Path, stdin: bytes) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "GOLINT_AI_DEBUG")}
    return subprocess.run([sys.executable, "-m", "golint_ai", *args], cwd=cwd, env=env, input=stdin, capture_output=True, timeout=120)


def test_stdin_is_checked_as_the_named_file(capsys, monkeypatch, tmp_path):
    code, out, err = run(capsys, monkeypatch, LEAK.encode(), "check", "-", "--stdin-filename", "svc/model.go", "--format", "json")
    assert code == 1, err
    (item,) = json.loads(out)["findings"]
    assert item["path"] == "svc/model.go" and item["code"] == "GAI301" and item["line"] == 9
    assert not (tmp_path / "svc").exists()  # nothing written


def test_stdin_filename_alone_reads_standard_input(capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, LEAK.encode(), "check", "--stdin-filename", "x.go", "--no-source")
    assert code == 1, err
    assert out.startswith("x.go:9:7: GAI301")


def test_stdin_text_wins_over_the_file_on_disk(capsys, monkeypatch, tmp_path):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "a.go").write_text("package p\n\nfunc clean() {}\n")
    code, out, _ = run(capsys, monkeypatch, LEAK.encode(), "check", "--stdin-filename", "p/a.go", "--format", "json")
    assert code == 1
    assert [i["path"] for i in json.loads(out)["findings"]] == ["p/a.go"]
    assert (tmp_path / "p" / "a.go").read_text() == "package p\n\nfunc clean() {}\n"


def test_stdin_uses_the_configuration_above_the_named_file(capsys, monkeypatch, tmp_path):
    (tmp_path / "quiet").mkdir()
    (tmp_path / "quiet" / ".golint-ai.toml").write_text('ignore = ["GAI301"]\n')
    code, out, _ = run(capsys, monkeypatch, LEAK.encode(), "check", "--stdin-filename", "quiet/a.go", "--format", "json")
    assert code == 0 and json.loads(out)["findings"] == []
    code, out, _ = run(capsys, monkeypatch, LEAK.encode(), "check", "--stdin-filename", "loud/a.go", "--format", "json")
    assert code == 1


def test_stdin_language_follows_the_name(capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, TRAIN.encode(), "check", "--stdin-filename", "train.py", "--format", "json")
    assert code == 1, err
    assert [i["code"] for i in json.loads(out)["findings"]] == ["GAI601"]


def test_stdin_reads_the_package_on_disk_for_cross_file_facts(capsys, monkeypatch, tmp_path):
    """The release lives in a sibling file on disk: the stdin file's handle stored in a
    field is released by that file's Close, so there is nothing to report."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "close.go").write_text(f"package pkg\n\n{PREAMBLE}\nimport \"unsafe\"\n\nfunc (m *M) Close() {{\n\tC.free(unsafe.Pointer(m.p))\n}}\n")
    src = f"package pkg\n\n{PREAMBLE}\ntype M struct {{ p *C.char }}\n\nfunc (m *M) Open(s string) {{\n\tm.p = C.CString(s)\n}}\n"
    code, out, err = run(capsys, monkeypatch, src.encode(), "check", "--stdin-filename", "pkg/open.go", "--format", "json")
    assert json.loads(out)["findings"] == [], out
    (pkg / "close.go").unlink()
    code, out, err = run(capsys, monkeypatch, src.encode(), "check", "--stdin-filename", "pkg/open.go", "--format", "json")
    assert [i["code"] for i in json.loads(out)["findings"]] == ["GAI301"]


def test_stdin_syntax_errors_are_notifications(capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, b"package p\n\nfunc broken( {\n", "check", "--stdin-filename", "b.go", "--format", "json-lines")
    assert code == 0
    (note,) = [json.loads(line) for line in out.splitlines()]
    assert note["type"] == "notification" and note["path"] == "b.go" and note["kind"] == "syntax"


@pytest.mark.parametrize(
    "argv, says",
    [
        (["check", "-", "other.go"], "checked alone"),
        (["check", "a.go", "--stdin-filename", "x.go"], "checked alone"),
        (["check", "--stdin-filename", ""], "needs a file name"),
        (["check", "--stdin-filename", "."], "needs a file name"),
    ],
)
def test_stdin_usage_errors(capsys, monkeypatch, argv, says):
    code, _, err = run(capsys, monkeypatch, LEAK.encode(), *argv)
    assert code == 2
    assert says in err


def test_stdin_fix_prints_the_fixed_source_and_writes_nothing(tmp_path):
    """A real pipe: the fixed source on stdout (byte for byte the golden), the remaining
    findings on stderr, the file on disk untouched."""
    (tmp_path / "svc").mkdir()
    on_disk = tmp_path / "svc" / "fix.go"
    on_disk.write_text("package svc\n")
    proc = sub(["check", "-", "--stdin-filename", "svc/fix.go", "--select", "GAI102", "--fix", "--no-source"], tmp_path, FIX.read_bytes())
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == FIX.with_suffix(".go.golden").read_bytes()
    err = proc.stderr.decode()
    assert "Fixed 2 findings." in err and "svc/fix.go:47:4: GAI102" in err
    assert on_disk.read_text() == "package svc\n"


def test_stdin_fix_without_fixes_echoes_the_source(tmp_path):
    proc = sub(["check", "--stdin-filename", "a.go", "--fix"], tmp_path, b"package p\n\nfunc ok() {}\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b"package p\n\nfunc ok() {}\n"


def test_stdin_diff_shows_the_fix_without_writing(tmp_path):
    proc = sub(["check", "--stdin-filename", "svc/fix.go", "--select", "GAI102", "--diff"], tmp_path, FIX.read_bytes())
    assert proc.returncode == 1
    assert proc.stdout.decode().startswith("--- a/svc/fix.go")
    assert not (tmp_path / "svc").exists()
