"""The rule registry: one row per rule, sorted by code. A rule's module is imported the
first time the rule is asked for (``golint-ai check --select GAI3`` never imports the
goroutine rules), so its metadata stays in its own module."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.registry import Rule

# code, module, class
_ROWS: tuple[tuple[str, str, str], ...] = (
    ("GAI101", "goroutine_captures_large_buffer", "GoroutineCapturesLargeBuffer"),
    ("GAI102", "goroutine_abandoned_send", "GoroutineAbandonedSend"),
    ("GAI103", "stream_send_ignores_cancellation", "StreamSendIgnoresCancellation"),
    ("GAI104", "goroutine_blocked_receive", "GoroutineBlockedReceive"),
    ("GAI190", "goroutine_blocked_at_runtime", "GoroutineBlockedAtRuntime"),
    ("GAI201", "request_escapes_handler", "RequestEscapesHandler"),
    ("GAI301", "native_resource_leak", "NativeResourceLeak"),
    ("GAI302", "cuda_context_unpinned_thread", "CudaContextUnpinnedThread"),
    ("GAI401", "pool_put_without_reset", "PoolPutWithoutReset"),
    ("GAI402", "pool_retains_oversized_buffer", "PoolRetainsOversizedBuffer"),
    ("GAI501", "unsafe_pointer_without_keepalive", "UnsafePointerWithoutKeepalive"),
    ("GAI502", "reflect_header_slice", "ReflectHeaderSlice"),
    ("GAI601", "grad_accumulates_without_zero_grad", "GradAccumulatesWithoutZeroGrad"),
    ("GAI602", "autograd_history_retained", "AutogradHistoryRetained"),
    ("GAI603", "inference_without_no_grad", "InferenceWithoutNoGrad"),
    ("GAI604", "ctypes_cstring_restype_leak", "CtypesCstringRestypeLeak"),
)

CODES: tuple[str, ...] = tuple(code for code, _, _ in _ROWS)


def rule_class(code: str) -> "type[Rule]":
    """The rule with this code (imports its module)."""
    for c, module, name in _ROWS:
        if c == code:
            cls = getattr(import_module(f"golint_ai.rules.{module}"), name)
            if cls.code != code:  # pragma: no cover - a wrong row
                raise ImportError(f"golint_ai.rules.{module}.{name} is {cls.code}, not {code}")
            return cls
    raise KeyError(code)


def __getattr__(name: str):
    # ALL_RULES and BY_CODE import every rule: for listings, SARIF descriptors, docs.
    if name == "ALL_RULES":
        value = tuple(rule_class(c) for c in CODES)
    elif name == "BY_CODE":
        value = {c: rule_class(c) for c in CODES}
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def rule_for(code: str) -> "type[Rule] | None":
    """A rule by code (``GAI301``) or name (``native-resource-leak``)."""
    code = code.strip()
    if code.upper() in CODES:
        return rule_class(code.upper())
    for r in __getattr__("ALL_RULES"):
        if r.name == code.lower():
            return r
    return None
