"""Questions about blocks that fixes ask before inserting code: whether a statement sits
in a loop, whether control can leave a block before its closing brace, where that
brace is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from golint_ai.golang.walk import FUNCTION_TYPES, descendants, text

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

_BREAK_TARGETS = ("for_statement", "expression_switch_statement", "type_switch_statement", "select_statement")


def enclosing_loop(node: "Node") -> "Node | None":
    """The innermost ``for`` statement around ``node`` in its own function."""
    n = node.parent
    while n is not None and n.type not in FUNCTION_TYPES:
        if n.type == "for_statement":
            return n
        n = n.parent
    return None


def _label(jump: "Node") -> str | None:
    for c in jump.named_children:
        if c.type == "label_name":
            return text(c)
    return None


def _stays_inside(jump: "Node", block: "Node") -> bool:
    """Whether a ``break``/``continue`` lands on a statement inside ``block``."""
    label = _label(jump)
    targets = ("for_statement",) if jump.type == "continue_statement" else _BREAK_TARGETS
    n = jump.parent
    while n is not None and n.id != block.id:
        if label is None and n.type in targets:
            return True
        if label is not None and n.type == "labeled_statement":
            name = n.child_by_field_name("label")
            if name is not None and text(name) == label:
                return True
        n = n.parent
    return False


def jumps_out_after(block: "Node", after: int, ignore: "Node | None" = None) -> "Node | None":
    """The first ``return``, ``goto``, ``break`` or ``continue`` that starts after byte
    ``after`` in ``block`` and can leave it before its closing brace (None when control
    always reaches the brace or ends the program). Statements inside ``ignore`` (a failure
    check the caller accounts for) and inside function literals do not count."""
    for n in descendants(block, skip=lambda x: x.type == "func_literal" or (ignore is not None and x.id == ignore.id)):
        if n.start_byte < after:
            continue
        if n.type in ("return_statement", "goto_statement"):
            return n
        if n.type in ("break_statement", "continue_statement") and not _stays_inside(n, block):
            return n
    return None


def closing_brace_line_start(data: bytes, block: "Node") -> int | None:
    """The offset of the line holding ``block``'s closing brace when nothing but white
    space precedes the brace on that line (an insertion there lands before it)."""
    if not block.children or block.children[-1].type != "}":
        return None
    brace = block.children[-1].start_byte
    start = data.rfind(b"\n", 0, brace) + 1
    if data[start:brace].strip(b" \t"):
        return None
    return start


def after_trailing_comment(data: bytes, offset: int) -> int:
    """The end of the line holding ``offset`` when only a ``//`` comment (or nothing)
    follows it there: an insertion after a statement keeps its trailing comment."""
    end = data.find(b"\n", offset)
    end = len(data) if end < 0 else end
    if end > offset and data[end - 1:end] == b"\r":
        end -= 1
    rest = data[offset:end].strip()
    return end if not rest or rest.startswith(b"//") else offset
