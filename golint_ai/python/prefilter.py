"""Byte-level tests that decide whether a ``.py`` file is worth parsing at all."""

from __future__ import annotations

import re

# `import torch`, `import torch.nn as nn`, `from torch import ...`, `import ctypes`,
# `from ctypes import ...`, also indented (imports inside functions or try blocks) and
# in a comma list (`import os, ctypes`).
_IMPORTS = re.compile(rb"^[ \t]*(?:from[ \t]+(torch|ctypes)\b|import[ \t]+(?:[\w.]+[ \t]*(?:as[ \t]+\w+)?[ \t]*,[ \t]*)*(torch|ctypes)\b)", re.M)


def imported_roots(data: bytes) -> frozenset[str]:
    """The analysed top-level modules (``torch``, ``ctypes``) the file imports."""
    if b"torch" not in data and b"ctypes" not in data:
        return frozenset()
    return frozenset((m.group(1) or m.group(2)).decode() for m in _IMPORTS.finditer(data))


def worth_parsing(data: bytes) -> bool:
    return bool(imported_roots(data))
