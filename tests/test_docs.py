"""Each rule's documentation is load-bearing: the *Example* Go block triggers the rule and
the *How to fix* block does not."""

import re
from pathlib import Path

import pytest

from golint_ai.docs import DocError, parse_doc
from golint_ai.rules import ALL_RULES, CODES
from golint_ai.runner import check_paths
from golint_ai.settings import ConfigResolver

PRELUDE = '''package p

/*
#include <stdlib.h>
#include <string.h>
*/
import "C"

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"unsafe"
)

var (
	errNoModel  = errors.New("no model")
	errBadModel = errors.New("bad model")
	_           = unsafe.Pointer(nil)
	_           = context.Background
	_           = http.StatusOK
	_           = bytes.MinRead
	_           = io.EOF
	_           = reflect.TypeOf
	_           = runtime.KeepAlive
	_           = strings.ToUpper
	_           = sync.NewCond
)
'''


def _go_blocks(markdown: str) -> list[str]:
    return re.findall(r"```go\n(.*?)```", markdown, re.S)


def _py_blocks(markdown: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", markdown, re.S)


PY_PRELUDE = "import ctypes\nimport torch\nimport torch.nn.functional as F\n\n"


def _py_findings(tmp_path: Path, name: str, code: str, block: str, go_blocks: list[str]) -> list:
    """A Python block in its own directory (a module tree with go.mod), with the section's
    Go blocks beside it as the Go side of a ctypes bridge."""
    d = tmp_path / name
    d.mkdir()
    (d / "go.mod").write_text("module example.com/doc\n\ngo 1.22\n")
    for i, go in enumerate(go_blocks):
        (d / f"bridge{i}.go").write_text('package main\n\n// #include <stdlib.h>\nimport "C"\n\n' + go)
    (d / "doc.py").write_text(PY_PRELUDE + block)
    compile(PY_PRELUDE + block, "doc.py", "exec")
    result = check_paths([str(d / "doc.py")], ConfigResolver(CODES, cli_select=(code,)), jobs=1)
    assert not [n for n in result.notifications if n.kind in ("syntax", "internal")], result.notifications
    return [x for x in result.diagnostics if x.code == code]


def _findings(tmp_path: Path, name: str, code: str, block: str) -> list:
    d = tmp_path / name
    d.mkdir()
    src = block if block.lstrip().startswith("package ") else PRELUDE + "\n" + block
    (d / "doc.go").write_text(src)
    result = check_paths([str(d)], ConfigResolver(CODES, cli_select=(code,)), jobs=1)
    assert not [n for n in result.notifications if n.kind in ("syntax", "internal")], result.notifications
    return [x for x in result.diagnostics if x.code == code]


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_example_triggers_and_fix_does_not(rule, tmp_path):
    doc = rule.doc()
    if rule.language == "python":
        examples = _py_blocks(doc.section("Example"))
        fixes = _py_blocks(doc.section("How to fix"))
        assert examples and fixes, f"{rule.code}: Example and How to fix need a ```python block each"
        go = _go_blocks(doc.section("Example"))
        for i, block in enumerate(examples):
            assert _py_findings(tmp_path, f"example{i}", rule.code, block, go), f"{rule.code}: Example block {i} does not trigger"
        for i, block in enumerate(fixes):
            assert not _py_findings(tmp_path, f"fixed{i}", rule.code, block, go), f"{rule.code}: How to fix block {i} still triggers"
        return
    examples = _go_blocks(doc.section("Example"))
    fixes = _go_blocks(doc.section("How to fix"))
    assert examples and fixes, f"{rule.code}: Example and How to fix need a ```go block each"
    if rule.evidence_only:
        # Reported from goroutine dumps only (tests/test_runtime_evidence.py runs the
        # Example's shape); here the blocks must at least be valid Go.
        for i, block in enumerate(examples + fixes):
            assert not _findings(tmp_path, f"block{i}", rule.code, block)
        return
    for i, block in enumerate(examples):
        assert _findings(tmp_path, f"example{i}", rule.code, block), f"{rule.code}: Example block {i} does not trigger"
    for i, block in enumerate(fixes):
        assert not _findings(tmp_path, f"fixed{i}", rule.code, block), f"{rule.code}: How to fix block {i} still triggers"


def test_parse_doc_rejects_missing_sections():
    with pytest.raises(DocError):
        parse_doc("Summary.\n\n## What it does\nx\n\n## Example\ny\n", "x")
    with pytest.raises(DocError):
        parse_doc("", "x")
    doc = parse_doc("Summary.\n\n## What it does\nA.\n\nB.\n\n## Why is this bad?\nc\n\n## Example\nd\n\n## How to fix\ne\n", "x")
    assert doc.summary == "Summary."
    assert doc.what == "A."


def test_rule_options_exist_in_config_schema():
    from golint_ai.settings import _KEYS

    for rule in ALL_RULES:
        options = rule.doc().section("Options")
        for key in re.findall(r"^- `([a-z\-]+)(?:\.[a-z\-]+)?`", options, re.M):
            assert key in _KEYS, f"{rule.code} documents option `{key}` that the configuration does not have"
