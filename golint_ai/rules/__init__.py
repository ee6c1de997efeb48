"""The rule registry: one row per rule, sorted by code."""

from __future__ import annotations

from golint_ai.registry import Rule
from golint_ai.rules.native_resource_leak import NativeResourceLeak

ALL_RULES: tuple[type[Rule], ...] = (
    NativeResourceLeak,
)

BY_CODE: dict[str, type[Rule]] = {r.code: r for r in ALL_RULES}
CODES: tuple[str, ...] = tuple(BY_CODE)


def rule_for(code: str) -> type[Rule] | None:
    """A rule by code (``GAI301``) or name (``native-resource-leak``)."""
    code = code.strip()
    if code.upper() in BY_CODE:
        return BY_CODE[code.upper()]
    for r in ALL_RULES:
        if r.name == code.lower():
            return r
    return None
