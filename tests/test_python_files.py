"""Python files through the whole pipeline: discovery and the `python` setting, the byte
prefilter, syntax errors as notifications, `#` suppressions, unsafe fixes, baseline and
SARIF output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from golint_ai.cli import main
from tests.sarif_validation import validate_sarif

LEAK = """import torch


def train(model, loader, optimizer, criterion):
    total = 0
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss
    return total
"""
LEAK_LINE = 11


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "train").mkdir()
    (tmp_path / "train" / "loop.py").write_text(LEAK)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _json(capsys, *args):
    code = main(["check", *args, "--format", "json"])
    out, err = capsys.readouterr()
    return code, json.loads(out)["findings"], err


def test_python_file_found_and_reported(project, capsys):
    code, items, _ = _json(capsys, ".")
    assert code == 1
    [item] = items
    assert (item["code"], item["path"], item["line"]) == ("GAI602", "train/loop.py", LEAK_LINE)
    assert item["fix"]["applicability"] == "unsafe"


def test_python_setting(project, capsys):
    (project / "train" / "plain.py").write_text("for x in []:\n    x.backward()\n    opt.step()\n")
    (project / "pyproject.toml").write_text('[tool.golint-ai]\npython = "off"\n')
    code, items, _ = _json(capsys, ".")
    assert (code, items) == (0, [])
    (project / "pyproject.toml").write_text('[tool.golint-ai]\npython = "auto"\n')
    code, items, _ = _json(capsys, ".")
    assert [i["path"] for i in items] == ["train/loop.py"]  # plain.py imports no torch: skipped
    (project / "pyproject.toml").write_text('[tool.golint-ai]\npython = "on"\n')
    code, items, _ = _json(capsys, ".")
    assert sorted((i["path"], i["code"]) for i in items) == [("train/loop.py", "GAI602"), ("train/plain.py", "GAI601")]
    (project / "pyproject.toml").write_text('[tool.golint-ai]\npython = "sometimes"\n')
    assert main(["check", "."]) == 2
    assert "`python` must be one of auto, on, off" in capsys.readouterr().err


@pytest.mark.parametrize(
    "comment, suppressed",
    [
        ("  # golint-ai: ignore[GAI602] summed for the log", True),
        ("  # golint-ai: ignore[GAI6]", True),
        ("  # noqa: E501, GAI602", True),
        ("  # noqa", False),
        ("  # golint-ai: ignore[GAI601]", False),
    ],
)
def test_python_suppressions(project, capsys, comment, suppressed):
    (project / "train" / "loop.py").write_text(LEAK.replace("        total += loss\n", f"        total += loss{comment}\n"))
    code, items, _ = _json(capsys, ".")
    assert code == (0 if suppressed else 1)
    assert len(items) == (0 if suppressed else 1)


def test_malformed_python_suppression_is_a_notification(project, capsys):
    (project / "train" / "loop.py").write_text(LEAK.replace("        total += loss\n", "        total += loss  # golint-ai: ignore\n"))
    code = main(["check", "."])
    out, err = capsys.readouterr()
    assert code == 1
    assert "needs rule codes in brackets" in err


def test_syntax_error_is_a_notification(project, capsys):
    (project / "train" / "broken.py").write_text("import torch\n\ndef f(:\n    pass\n")
    code = main(["check", "."])
    out, err = capsys.readouterr()
    assert code == 1  # the leak in loop.py is still reported
    assert "train/broken.py:3" in err and "syntax error" in err
    assert "Traceback" not in err


def test_binary_and_empty_python_files_do_not_crash(project, capsys):
    (project / "train" / "empty.py").write_text("")
    (project / "train" / "bin.py").write_bytes(b"import torch\x00\xff\xfe")
    (project / "train" / "latin.py").write_bytes(b"import torch\nx = '\xe9'\n")
    assert main(["check", "."]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_unsafe_fix_applies_item(project, capsys):
    assert main(["check", ".", "--fix"]) == 1  # unsafe: not applied without --unsafe-fixes
    capsys.readouterr()
    assert "total += loss\n" in (project / "train" / "loop.py").read_text()
    main(["check", ".", "--fix", "--unsafe-fixes"])
    capsys.readouterr()
    text = (project / "train" / "loop.py").read_text()
    assert "        total += loss.item()\n" in text
    compile(text, "loop.py", "exec")
    assert main(["check", "."]) == 0


def test_baseline_and_sarif(project, capsys):
    assert main(["check", ".", "--write-baseline", "base.sarif"]) == 0
    capsys.readouterr()
    code, items, _ = _json(capsys, ".", "--baseline", "base.sarif")
    assert (code, items) == (0, [])
    assert main(["check", ".", "--format", "sarif", "--output", "out.sarif"]) == 1
    capsys.readouterr()
    log = json.loads((project / "out.sarif").read_text())
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "GAI602"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == LEAK_LINE
    rules = {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert {"GAI601", "GAI602", "GAI603", "GAI604"} <= rules
    assert validate_sarif(project / "out.sarif", multitool=None) == []


def test_go_export_named_and_related_in_go_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "go.mod").write_text("module example.com/x\n\ngo 1.22\n")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "lib.go").write_text('package main\n\n// #include <stdlib.h>\nimport "C"\n\n//export Hello\nfunc Hello() *C.char {\n\treturn C.CString("hi")\n}\n\nfunc main() {}\n')
    (tmp_path / "py").mkdir()
    (tmp_path / "py" / "client.py").write_text('import ctypes\n\nlib = ctypes.CDLL("./lib.so")\nlib.Hello.restype = ctypes.c_char_p\n')
    code, items, _ = _json(capsys, "py")
    [item] = items
    assert item["code"] == "GAI604" and item["line"] == 4
    assert "Go function `Hello` (lib/lib.go:7" in item["message"]
    assert item["related"][0]["path"] == "lib/lib.go" and item["related"][0]["line"] == 7
