"""The byte scans behind GAI104 (c), read before any parse: whether a file may launch a
goroutine, and where its function declarations begin and what they are called."""

from pathlib import Path

import pytest

from golint_ai.golang.parse import code_only
from golint_ai.leaks.lifecycles import _GO_KEYWORD, _heads, _launches

SAMPLES = Path(__file__).parent / "go_samples"


@pytest.mark.parametrize(
    "src, launches",
    [
        (b"package p\nfunc f() {\n\tgo g()\n}\n", True),
        (b"package p\nfunc f() { if x { go g() } }\n", True),  # mid-line: settled by the lexical pass
        (b"package p\n// go g() in a comment\nfunc f() {}\n", False),
        (b"package p\nfunc f() {} // go fast\n", False),
        (b'package p\nvar s = "http://x" // go here\n', False),
        (b'package p\nvar s = "// go"; func f() { go g() }\n', True),  # a quote before the slashes: lexed
        (b'package p\nvar s = "// go "\n', False),
        (b"package p\n/*\nGOARCH=amd64 go tool cgo\n*/\n", False),
        (b"package p\nvar s = `\n\tgo g()\n`\n", True),  # a statement-like line in a literal: taken for one (harmless)
    ],
)
def test_launches(src, launches):
    assert _launches(src) is launches


def test_launches_never_misses_a_go_statement_of_the_samples():
    for path in sorted(SAMPLES.rglob("*.go")):
        data = path.read_bytes()
        if _GO_KEYWORD.search(code_only(data)):
            assert _launches(data), path


@pytest.mark.parametrize(
    "src, heads",
    [
        (b"func f() {}\n", [(0, False, b"f")]),
        (b"package p\n\nfunc (s *S) Start() {}\n", [(11, True, b"Start")]),
        (b"package p\nfunc Map[S ~[]E, E any](s S) S {}\n", [(10, False, b"Map")]),  # nested brackets
        (b"package p\nfunc (m *M[K, V]) Get(k K) V {}\n", [(10, True, b"Get")]),
        (b"package p\nfunc ((*(T))) m() {}\n", [(10, True, b"m")]),  # a parenthesised receiver type
        ("package p\nfunc 启动() {}\n".encode(), [(10, False, "启动".encode())]),
        (b"package p\nvar f = func() {}\n\tfunc x() {}\n", []),  # not at the start of a line
    ],
)
def test_heads(src, heads):
    assert list(_heads(src)) == heads
