"""The rule registry: one row per rule, sorted by code."""

from __future__ import annotations

from golint_ai.registry import Rule
from golint_ai.rules.goroutine_abandoned_send import GoroutineAbandonedSend
from golint_ai.rules.goroutine_blocked_receive import GoroutineBlockedReceive
from golint_ai.rules.goroutine_blocked_at_runtime import GoroutineBlockedAtRuntime
from golint_ai.rules.goroutine_captures_large_buffer import GoroutineCapturesLargeBuffer
from golint_ai.rules.request_escapes_handler import RequestEscapesHandler
from golint_ai.rules.stream_send_ignores_cancellation import StreamSendIgnoresCancellation
from golint_ai.rules.native_resource_leak import NativeResourceLeak
from golint_ai.rules.cuda_context_unpinned_thread import CudaContextUnpinnedThread
from golint_ai.rules.unsafe_pointer_without_keepalive import UnsafePointerWithoutKeepalive
from golint_ai.rules.reflect_header_slice import ReflectHeaderSlice
from golint_ai.rules.pool_put_without_reset import PoolPutWithoutReset
from golint_ai.rules.pool_retains_oversized_buffer import PoolRetainsOversizedBuffer
from golint_ai.rules.grad_accumulates_without_zero_grad import GradAccumulatesWithoutZeroGrad
from golint_ai.rules.autograd_history_retained import AutogradHistoryRetained
from golint_ai.rules.inference_without_no_grad import InferenceWithoutNoGrad
from golint_ai.rules.ctypes_cstring_restype_leak import CtypesCstringRestypeLeak

ALL_RULES: tuple[type[Rule], ...] = (
    GoroutineCapturesLargeBuffer,
    GoroutineAbandonedSend,
    StreamSendIgnoresCancellation,
    GoroutineBlockedReceive,
    GoroutineBlockedAtRuntime,
    RequestEscapesHandler,
    NativeResourceLeak,
    CudaContextUnpinnedThread,
    PoolPutWithoutReset,
    PoolRetainsOversizedBuffer,
    UnsafePointerWithoutKeepalive,
    ReflectHeaderSlice,
    GradAccumulatesWithoutZeroGrad,
    AutogradHistoryRetained,
    InferenceWithoutNoGrad,
    CtypesCstringRestypeLeak,
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
