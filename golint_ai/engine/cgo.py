"""cgo facts read from the package itself: the C preamble's declarations.

The preamble (the comment right before ``import "C"``) usually declares or defines the
C functions a file calls; their return types tell whether a call returns a handle.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SCALARS = frozenset(
    {
        "void", "int", "unsigned", "long", "short", "char", "signed", "bool", "_Bool", "float", "double",
        "size_t", "ssize_t", "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t",
        "uint64_t", "uintptr_t", "intptr_t", "const", "static", "inline", "extern",
    }
)
_STATUS_SUFFIXES = ("Status", "status", "Status_t", "status_t", "Error_t", "error_t", "Result", "result_t", "Error", "Code")


def preambles(data: bytes) -> list[str]:
    """The cgo preambles of one file (comments directly before ``import "C"``)."""
    out = []
    for m in re.finditer(rb'(?:/\*(.*?)\*/|((?://[^\n]*\n)+))\s*import\s+"C"', data, re.S):
        body = m.group(1) if m.group(1) is not None else re.sub(rb"^\s*//", b"", m.group(2), flags=re.M)
        out.append(body.decode("utf-8", errors="replace"))
    return out


@lru_cache(maxsize=256)
def _declared_types(preamble_text: str) -> dict[str, str]:
    decls: dict[str, str] = {}
    pattern = re.compile(r"(?:^|[;{}\n])\s*((?:[A-Za-z_]\w*[\s\*]+)+?)\**\s*([A-Za-z_]\w*)\s*\(", re.M)
    for m in pattern.finditer(preamble_text):
        rtype = " ".join(m.group(1).split())
        name = m.group(2)
        full = m.group(0)
        stars = full[: full.rfind(name)].count("*")
        if rtype.split()[0] in ("return", "if", "while", "for", "switch", "else", "sizeof", "typedef", "define"):
            continue
        decls.setdefault(name, rtype.replace("*", "").strip() + "*" * stars)
    return decls


def declared_return_type(preamble_texts: list[str], name: str) -> str | None:
    for text in preamble_texts:
        rtype = _declared_types(text).get(name)
        if rtype is not None:
            return rtype
    return None


def returns_handle(rtype: str) -> bool:
    """Whether a C return type can carry a handle: pointers and non-scalar typedefs."""
    if "*" in rtype:
        return True
    words = [w for w in rtype.split() if w not in ("const", "static", "inline", "extern", "struct", "enum", "unsigned", "signed")]
    if not words:
        return False  # e.g. plain `unsigned`
    base = words[-1]
    if base in _SCALARS or base.endswith(_STATUS_SUFFIXES) or rtype.split()[0] == "enum":
        return False
    return True
