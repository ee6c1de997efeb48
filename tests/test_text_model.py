"""The server's text model follows LSP 3.17: lines end only at \\n, \\r\\n and \\r.

Random incremental edits are applied both to the server's document and to a reference
model written from the specification; they must agree after every edit."""

from __future__ import annotations

import random

import pytest

pytest.importorskip("pygls")
from lsprotocol import types  # noqa: E402
from pygls.workspace import Workspace  # noqa: E402
from pygls.workspace.position_codec import PositionCodec  # noqa: E402

from golint_ai.server.textmodel import LspTextDocument, install, split_lines  # noqa: E402

# Characters str.splitlines breaks at but LSP does not, and LSP's own breaks.
NOT_BREAKS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
BREAKS = ["\n", "\r\n", "\r"]
ALPHABET = list("ab{}() \t") + NOT_BREAKS + BREAKS + ["é", "😀"]


def reference_offset(text: str, line: int, character: int, encoding: str) -> int:
    """The code-point offset of an LSP position, from the specification."""
    starts, i = [0], 0
    while i < len(text):
        if text[i] == "\r" and text[i + 1:i + 2] == "\n":
            i += 2
            starts.append(i)
        elif text[i] in "\r\n":
            i += 1
            starts.append(i)
        else:
            i += 1
    pos = starts[line]
    units = 0
    while units < character:
        ch = text[pos]
        units += 2 if encoding == "utf-16" and ord(ch) > 0xFFFF else 1
        pos += 1
    return pos


def positions(text: str, encoding: str) -> list[tuple[int, int]]:
    """Every valid position: each line, each character boundary before its terminator."""
    out = []
    for n, line in enumerate(split_lines(text) or [""]):
        content = line.rstrip("\r\n")
        units = 0
        out.append((n, 0))
        for ch in content:
            units += 2 if encoding == "utf-16" and ord(ch) > 0xFFFF else 1
            out.append((n, units))
    if text.endswith(("\n", "\r")):
        out.append((len(split_lines(text)), 0))
    return out


@pytest.mark.parametrize("ch", NOT_BREAKS)
def test_lines_break_only_where_lsp_says(ch):
    text = f"a{ch}b\nc\r\nd\re"
    assert split_lines(text) == [f"a{ch}b\n", "c\r\n", "d\r", "e"]
    doc = LspTextDocument("file:///x.go", text)
    assert list(doc.lines) == [f"a{ch}b\n", "c\r\n", "d\r", "e"]


@pytest.mark.parametrize("ch", NOT_BREAKS)
def test_edit_below_a_character_splitlines_breaks_at(ch):
    text = f"package p // {ch} here\nfunc f() {{}}\n"
    doc = LspTextDocument("file:///x.go", text)
    doc.apply_change(types.TextDocumentContentChangePartial(range=types.Range(start=types.Position(line=1, character=5), end=types.Position(line=1, character=6)), text="g"))
    assert doc.source == text.replace("func f()", "func g()")


def test_edit_after_a_lone_carriage_return():
    text = "package p // x\rfunc f() {}\n"
    doc = LspTextDocument("file:///x.go", text)
    doc.apply_change(types.TextDocumentContentChangePartial(range=types.Range(start=types.Position(line=1, character=5), end=types.Position(line=1, character=6)), text="g"))
    assert doc.source == text.replace("func f()", "func g()")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
@pytest.mark.parametrize("seed", range(12))
def test_random_incremental_edits_match_the_reference(seed, encoding):
    rng = random.Random(seed)
    text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))
    codec = PositionCodec(encoding=types.PositionEncodingKind.Utf16 if encoding == "utf-16" else types.PositionEncodingKind.Utf32)
    doc = LspTextDocument("file:///x.go", text, position_codec=codec)
    for _ in range(60):
        pos = positions(text, encoding)
        a, b = sorted(rng.sample(pos, 2) if len(pos) > 1 else [pos[0], pos[0]])
        new = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 5)))
        lo = reference_offset(text, a[0], a[1], encoding) if a[0] < len(split_lines(text)) else len(text)
        hi = reference_offset(text, b[0], b[1], encoding) if b[0] < len(split_lines(text)) else len(text)
        text = text[:lo] + new + text[hi:]
        rng_range = types.Range(start=types.Position(line=a[0], character=a[1]), end=types.Position(line=b[0], character=b[1]))
        doc.apply_change(types.TextDocumentContentChangePartial(range=rng_range, text=new))
        assert doc.source == text, (seed, a, b, new)


def test_workspace_creates_lsp_documents():
    ws = Workspace(None, types.TextDocumentSyncKind.Incremental)
    install(ws)
    ws.put_text_document(types.TextDocumentItem(uri="file:///x.go", language_id="go", version=1, text="a\u2028b\n"))
    doc = ws.get_text_document("file:///x.go")
    assert isinstance(doc, LspTextDocument)
    assert list(doc.lines) == ["a\u2028b\n"]
