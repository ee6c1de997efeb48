"""The tree-sitter Go language, one parser per process, and syntax-problem reporting.

tree-sitter-go lags behind the language: Go 1.26's ``new(expr)`` is an ERROR to it.
:func:`parse_go` recovers: where the module's Go version accepts that syntax, each
``new(`` whose call holds a syntax error is read as a call of an ordinary function of
the same name length (``neW(-1)``), so positions do not move and the function is
analysed; whatever errors remain are genuine.

:func:`looks_malformed` is a cheap structural check for files no rule needs to parse:
a file that fails it is parsed so that its syntax errors are reported.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Language, Node, Parser, Tree


@lru_cache(maxsize=1)
def language() -> "Language":
    import tree_sitter_go
    from tree_sitter import Language

    return Language(tree_sitter_go.language())


@lru_cache(maxsize=1)
def _parser() -> "Parser":
    from tree_sitter import Parser

    return Parser(language())


def parse(data: bytes, old_tree: "Tree | None" = None) -> "Tree":
    """Parse Go source bytes; with ``old_tree`` (already edited) parse incrementally."""
    if old_tree is not None:
        return _parser().parse(data, old_tree)
    return _parser().parse(data)


def parse_stretches(data: bytes, stretches: list[tuple[int, int]]) -> "Tree":
    """Parse only the given ``(start, end)`` byte stretches of ``data`` (sorted, apart),
    as if they followed one another; every node keeps the file's offsets and points.
    Each stretch should begin and end between two top-level declarations."""
    from tree_sitter import Range

    def point(offset: int) -> tuple[int, int]:
        return data.count(b"\n", 0, offset), offset - (data.rfind(b"\n", 0, offset) + 1)

    parser = _stretch_parser()
    parser.included_ranges = [Range(point(lo), point(hi), lo, hi) for lo, hi in stretches]
    return parser.parse(data)


@lru_cache(maxsize=1)
def _stretch_parser() -> "Parser":
    """A parser of its own for :func:`parse_stretches` (its ranges are set per parse;
    the whole-file parser is never left with them)."""
    from tree_sitter import Parser

    return Parser(language())


def error_nodes(root: "Node", limit: int = 50) -> Iterator["Node"]:
    """The outermost ERROR or MISSING nodes below ``root``, iteratively."""
    if not root.has_error:
        return
    stack = [root]
    found = 0
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            yield node
            found += 1
            if found >= limit:
                return
            continue
        if node.has_error:
            stack.extend(reversed(node.children))


def count_errors(root: "Node", limit: int = 1000) -> int:
    return sum(1 for _ in error_nodes(root, limit))


_NEW_CALL = re.compile(rb"(?<![\w.])new\s*\(")


def parse_go(data: bytes, *, new_expr: bool = True) -> tuple["Tree", bool]:
    """Parse a Go file, recovering valid syntax tree-sitter-go does not know yet.

    ``new_expr``: the module's Go version accepts ``new(expr)``. Returns the tree and
    whether it was recovered (then its node texts spell ``neW`` where the file says
    ``new``; every byte offset is the file's).
    """
    tree = parse(data)
    root = tree.root_node
    if not new_expr or not root.has_error or b"new" not in data:
        return tree, False
    errors = list(error_nodes(root, 1000))
    patched = bytearray(data)
    changed = False
    for m in _NEW_CALL.finditer(data):
        open_paren = m.end() - 1
        close = _matching_paren(data, open_paren)
        hi = close + 1 if close is not None else len(data)
        if any(m.start() <= e.start_byte <= hi or (e.start_byte <= m.start() < e.end_byte) for e in errors):
            patched[m.start() + 2:m.start() + 3] = b"W"
            changed = True
    if not changed:
        return tree, False
    recovered = parse(bytes(patched))
    if count_errors(recovered.root_node) < len(errors):
        return recovered, True
    return tree, False


def _matching_paren(data: bytes, open_paren: int, limit: int = 1 << 16) -> int | None:
    """The offset of the ``)`` closing the ``(`` at ``open_paren``, skipping strings,
    runes and comments; None when it is not found within ``limit`` bytes."""
    depth = 0
    i, n = open_paren, min(len(data), open_paren + limit)
    while i < n:
        c = data[i]
        if c == 0x28:  # (
            depth += 1
        elif c == 0x29:  # )
            depth -= 1
            if depth == 0:
                return i
        elif c in (0x22, 0x27):  # " '
            i += 1
            while i < n and data[i] != c and data[i] != 0x0A:
                i += 2 if data[i] == 0x5C else 1
        elif c == 0x60:  # `
            end = data.find(b"`", i + 1, n)
            i = n if end == -1 else end
        elif data.startswith(b"//", i):
            end = data.find(b"\n", i, n)
            i = n if end == -1 else end
        elif data.startswith(b"/*", i):
            end = data.find(b"*/", i + 2, n)
            i = n if end == -1 else end + 1
        i += 1
    return None


# Strings, runes and comments, replaced by a blank before counting delimiters.
_LEXICAL = re.compile(rb'"[^"\\\n]*(?:\\.[^"\\\n]*)*"|`[^`]*`|\'[^\'\\\n]*(?:\\.[^\'\\\n]*)*\'|//[^\n]*|/\*.*?\*/', re.S)
# An assignment or declaration with nothing on its right before a closing delimiter.
_DANGLING = re.compile(rb"=[ \t\r\n]*[)}\]]")
_OPERATOR_BYTES = frozenset(b"=!<>+-*/%&|^")
_CONFLICT_MARKERS = (b"<<<<<<< ", b">>>>>>> ", b"=======\n", b"=======\r\n")
# One of them after a newline: one scan for the newlines (four searches took twice as long).
_CONFLICT_LINE = re.compile(rb"\n(?:<<<<<<< |>>>>>>> |=======\r?\n)")


def _suspicious(code: bytes) -> bool:
    """Shapes that never occur in valid Go: a merge-conflict marker at the start of a
    line, or ``x :=``/``x =`` with nothing before a closing delimiter."""
    if code.startswith(_CONFLICT_MARKERS) or _CONFLICT_LINE.search(code) is not None:
        return True
    for m in _DANGLING.finditer(code):
        i = m.start()
        if i == 0 or code[i - 1] not in _OPERATOR_BYTES:
            return True
    return False


def looks_malformed(data: bytes) -> bool:
    """A cheap structural check (no parse): unbalanced ``{}``, ``()`` or ``[]`` outside
    strings and comments, a merge-conflict marker, or an assignment with nothing on its
    right. False means "probably well formed", never "certainly".

    The raw bytes after the leading comments (a licence banner may draw with brackets)
    are tried first (counting and one search run at C speed); only a file that fails
    there is re-checked with strings and comments blanked out."""
    start = code_start(data)
    if start:
        data = data[start:]
    unbalanced, suspicious = _unbalanced(data), _suspicious(data)
    if not unbalanced and not suspicious:
        return False
    if unbalanced:
        # The code's brackets are the file's minus those inside comments and literals
        # (counted at C speed, without rebuilding the file).
        inside = b"".join(_LEXICAL.findall(data))
        if any(data.count(o) - inside.count(o) != data.count(c) - inside.count(c) for o, c in _PAIRS):
            return True
    return suspicious and _suspicious(code_only(data))


def whole_word(word: bytes) -> bytes:
    """A regex fragment for ``word`` not preceded by a word character, the literal first:
    a pattern starting with it is scanned for the literal, where a leading ``\\b`` would
    be tried at every position."""
    w = re.escape(word)
    return w + rb"(?<!\w" + w + rb")"


# Blanks and comments (possessive: each alternative starts with its own bytes, so there is
# nothing to backtrack into); a `/*` never closed stops it.
_LEADING = re.compile(rb"(?:[ \t\r\n\f]++|//[^\n]*+|/\*.*?\*/)*+", re.S)


def code_start(data: bytes, i: int = 0) -> int:
    """The offset of the first byte from ``i`` on that is neither blank nor inside a
    leading comment (an unterminated ``/*`` stops it: that offset is returned)."""
    return _LEADING.match(data, i).end()


def code_only(data: bytes) -> bytes:
    """Go bytes with every comment a blank and every string or rune literal the token
    ``_`` (``x = "a"`` must not read as ``x = ``): what a byte scan for keywords and
    operators should look at. Offsets are not kept."""
    return _LEXICAL.sub(lambda m: b" " if m.group(0)[:1] == b"/" else b"_", data)


_PAIRS = ((b"{", b"}"), (b"(", b")"), (b"[", b"]"))
_NOT_A_BRACKET = bytes(b for b in range(256) if b not in b"{}()[]")


def _unbalanced(code: bytes) -> bool:
    # One pass keeping the brackets (translate at C speed), then six counts of those.
    brackets = code.translate(None, _NOT_A_BRACKET)
    return any(brackets.count(o) != brackets.count(c) for o, c in _PAIRS)
