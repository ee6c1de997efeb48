"""Tests for golint_ai.output.fingerprint, the port of codeql-action's line hash.

The expected strings in UPSTREAM_HASH_VECTORS are copied verbatim from
github/codeql-action src/fingerprints.test.ts (test "hash"), and the two in
test_upstream_add_fingerprints_vectors from src/testdata/fingerprinting.expected.sarif
(with their source files src/testdata/testFile1.js and testFile2.js).
"""

from __future__ import annotations

import re

import pytest

from golint_ai.output.fingerprint import (
    iter_line_hashes,
    line_hashes,
    primary_location_line_hash,
)

# (input, expected hashes), verbatim from src/fingerprints.test.ts.
UPSTREAM_HASH_VECTORS = [
    # Try empty file
    ("", ["c129715d7a2bc9a3:1"]),
    # Try various combinations of newline characters
    (
        " a\nb\n  \t\tc\n d",
        [
            "271789c17abda88f:1",
            "54703d4cd895b18:1",
            "180aee12dab6264:1",
            "a23a3dc5e078b07b:1",
        ],
    ),
    (
        " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
        [
            "8b7cf3e952e7aeb2:1",
            "b1ae1287ec4718d9:1",
            "bff680108adb0fcc:1",
            "c6805c5e1288b612:1",
            "b86d3392aea1be30:1",
            "e6ceba753e1a442:1",
        ],
    ),
    (
        " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
        [
            "e9496ae3ebfced30:1",
            "fb7c023a8b9ccb3f:1",
            "ce8ba1a563dcdaca:1",
            "e20e36e16fcb0cc8:1",
            "b3edc88f2938467e:1",
            "c8e28b0b4002a3a0:1",
            "c129715d7a2bc9a3:1",
        ],
    ),
    (
        " hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
        [
            "e9496ae3ebfced30:1",
            "fb7c023a8b9ccb3f:1",
            "ce8ba1a563dcdaca:1",
            "e20e36e16fcb0cc8:1",
            "b3edc88f2938467e:1",
            "c8e28b0b4002a3a0:1",
            "c129715d7a2bc9a3:1",
        ],
    ),
    (
        " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
        [
            "e9496ae3ebfced30:1",
            "fb7c023a8b9ccb3f:1",
            "ce8ba1a563dcdaca:1",
            "e20e36e16fcb0cc8:1",
            "b3edc88f2938467e:1",
            "c8e28b0b4002a3a0:1",
            "c129715d7a2bc9a3:1",
        ],
    ),
    (
        " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n",
        [
            "e9496ae3ebfced30:1",
            "fb7c023a8b9ccb3f:1",
            "ce8ba1a563dcdaca:1",
            "e20e36e16fcb0cc8:1",
            "b3edc88f2938467e:1",
            "c8e28b0b4002a3a0:1",
            "c129715d7a2bc9a3:1",
        ],
    ),
    # Try repeating line that will generate identical hashes
    (
        "Lorem ipsum dolor sit amet.\n" * 10,
        [
            "a7f2ff13bc495cf2:1",
            "a7f2ff13bc495cf2:2",
            "a7f2ff13bc495cf2:3",
            "a7f2ff13bc495cf2:4",
            "a7f2ff13bc495cf2:5",
            "a7f2ff13bc495cf2:6",
            "a7f2ff1481e87703:1",
            "a9cf91f7bbf1862b:1",
            "55ec222b86bcae53:1",
            "cc97dc7b1d7d8f7b:1",
            "c129715d7a2bc9a3:1",
        ],
    ),
    (
        "x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n",
        [
            "e54938cc54b302f1:1",
            "bb609acbe9138d60:1",
            "1131fd5871777f34:1",
            "5c482a0f8b35ea28:1",
            "54517377da7028d2:1",
            "2c644846cb18d53e:1",
            "f1b89f20de0d133:1",
            "c129715d7a2bc9a3:1",
        ],
    ),
]


@pytest.mark.parametrize(
    "text,expected", UPSTREAM_HASH_VECTORS, ids=[repr(t[:24]) for t, _ in UPSTREAM_HASH_VECTORS]
)
def test_upstream_hash_vectors(text, expected):
    assert line_hashes(text) == expected
    # Upstream's testHash also checks the callback order and the line count.
    assert [n for n, _ in iter_line_hashes(text)] == list(range(1, len(expected) + 1))
    assert len(expected) == len(re.split(r"\r\n|\r|\n", text))
    for line, value in enumerate(expected, start=1):
        assert primary_location_line_hash(text, line) == value


@pytest.mark.parametrize("text,expected", UPSTREAM_HASH_VECTORS[:3])
def test_bytes_input_matches_str(text, expected):
    assert line_hashes(text.encode("utf-8")) == expected


def test_upstream_add_fingerprints_vectors():
    # src/testdata/fingerprinting.expected.sarif: testFile1.js line 1, testFile2.js line 2.
    test_file1 = "var a = 0;\nvar b = 0;\nvar c = 0;\nvar d = 0;\n"
    test_file2 = "var foo = 0;\nvar bar = 0;\nvar baz = 0;\nvar qux = 0;\n"
    assert primary_location_line_hash(test_file1, 1) == "5e4d5a9cf1294ad9:1"
    assert primary_location_line_hash(test_file2, 2) == "f7592a95a9381ac0:1"


# Not upstream vectors: values produced by running upstream's hash() (transcribed to
# JavaScript with the `long` package, reading the bytes with
# fs.createReadStream(path, "utf8")) on these inputs under Node 20. They pin the
# UTF-16 code-unit semantics (astral characters are surrogate pairs), the kept BOM
# and U+FFFD for invalid UTF-8.
NODE_CROSSCHECK_VECTORS = [
    (
        'x := "l\u00e4sa \u20ac \U0001F600"\n\ty := 1\n'.encode("utf-8"),
        ["89583c2f71da453c:1", "3c7bb5fe192ca77a:1", "c129715d7a2bc9a3:1"],
    ),
    (b"\xef\xbb\xbfpackage main\n", ["bac0d04b3b090261:1", "c129715d7a2bc9a3:1"]),
    (b"a\xffb\xc3\nc\n", ["b0bacfdb7df6cdb7:1", "3791504be0bd17cc:1", "c129715d7a2bc9a3:1"]),
]


@pytest.mark.parametrize("data,expected", NODE_CROSSCHECK_VECTORS)
def test_node_crosscheck_vectors(data, expected):
    assert line_hashes(data) == expected


def test_astral_characters_are_two_code_units():
    text = 'x := "l\u00e4sa \u20ac \U0001F600"\n\ty := 1\n'
    assert line_hashes(text) == NODE_CROSSCHECK_VECTORS[0][1]
    # A lone surrogate in a str is one code unit, as in JavaScript.
    assert line_hashes("\ud83d\ude00") == line_hashes("\U0001F600")


def test_blanks_and_newline_styles_do_not_matter():
    a = "func f() {\n\treturn 1\n}\n"
    b = "func f()   {\r\n    return 1\r\n}\r\n"
    c = "func\tf(){\rreturn 1\r}\r"
    assert line_hashes(a) == line_hashes(b) == line_hashes(c)


def test_hash_depends_on_following_lines_only_within_window():
    head = "package main\n"
    tail1 = "a" * 200 + "\n"
    tail2 = "b" * 200 + "\n"
    # Line 1's window (100 kept units) ends long before the tails differ.
    pad = "c" * 150 + "\n"
    assert primary_location_line_hash(head + pad + tail1, 1) == primary_location_line_hash(
        head + pad + tail2, 1
    )
    assert primary_location_line_hash(head + tail1, 1) != primary_location_line_hash(head + tail2, 1)


def test_primary_location_line_hash_errors():
    with pytest.raises(ValueError):
        primary_location_line_hash("a\nb", 3)
    with pytest.raises(ValueError):
        primary_location_line_hash("a\nb", 0)
    with pytest.raises(TypeError):
        primary_location_line_hash("a\nb", True)
    with pytest.raises(TypeError):
        line_hashes(123)  # type: ignore[arg-type]


def test_large_input():
    # Speed is measured by scripts/stress.py, not here.
    line = 'if err := doSomething(ctx, "value"); err != nil { return fmt.Errorf("x: %w", err) }\n'
    text = line * 12000  # ~1 MB
    hashes = line_hashes(text)
    assert len(hashes) == 12001
    assert hashes[0].endswith(":1") and hashes[1].endswith(":2")
