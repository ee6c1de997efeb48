"""Oversized LSP frames are dropped, not allocated: the server keeps running."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from golint_ai.server.lsp import FRAME_DROPPED, BoundedReader  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def frame(obj: dict) -> bytes:
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos, self.reads = data, 0, []

    async def readline(self) -> bytes:
        end = self.data.find(b"\n", self.pos)
        end = len(self.data) if end == -1 else end + 1
        out, self.pos = self.data[self.pos:end], end
        return out

    async def readexactly(self, n: int) -> bytes:
        self.reads.append(n)
        out, self.pos = self.data[self.pos:self.pos + n], self.pos + n
        return out


def test_bounded_reader_drops_an_oversized_body_in_pieces():
    inner = _Bytes(b"x" * 5000 + b"tail")
    reader = BoundedReader(inner, max_frame=100)
    body = asyncio.run(reader.readexactly(5000))
    assert json.loads(body) == {"jsonrpc": "2.0", "method": FRAME_DROPPED, "params": {"size": 5000, "limit": 100}}
    assert asyncio.run(reader.readexactly(4)) == b"tail"  # still in step
    assert max(inner.reads) <= 1024 * 1024


def test_bounded_reader_passes_small_bodies():
    reader = BoundedReader(_Bytes(b"abc"), max_frame=100)
    assert asyncio.run(reader.readexactly(3)) == b"abc"


def test_bounded_reader_eof_while_dropping():
    reader = BoundedReader(_Bytes(b"x" * 10), max_frame=5)
    assert asyncio.run(reader.readexactly(10**11)) == b""


def _server(env_extra: dict | None = None) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), **(env_extra or {}))
    return subprocess.Popen([sys.executable, "-m", "golint_ai", "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def _responses(out: bytes) -> list[dict]:
    msgs, pos = [], 0
    while True:
        i = out.find(b"Content-Length: ", pos)
        if i == -1:
            return msgs
        j = out.index(b"\r\n", i)
        n = int(out[i + 16:j])
        k = out.index(b"\r\n\r\n", j) + 4
        msgs.append(json.loads(out[k:k + n]))
        pos = k + n


def test_huge_content_length_does_not_kill_the_server():
    proc = _server()
    data = frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    data += b"Content-Length: 99999999999\r\n\r\n" + b"x" * 1000
    out, err = proc.communicate(data, timeout=120)
    assert b"MemoryError" not in err and b"Traceback" not in err, err.decode()
    assert proc.returncode == 0
    assert _responses(out)[0]["id"] == 1


def test_after_a_dropped_frame_the_server_answers_the_next_one():
    proc = _server({"GOLINT_AI_MAX_FRAME_BYTES": "2000"})
    data = frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    data += frame({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    data += frame({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": {"settings": {"x": "y" * 5000}}})
    data += frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    data += frame({"jsonrpc": "2.0", "method": "exit"})
    out, err = proc.communicate(data, timeout=120)
    assert b"Traceback" not in err, err.decode()
    msgs = _responses(out)
    assert any(m.get("id") == 2 and "result" in m for m in msgs), msgs
    logs = [m["params"]["message"] for m in msgs if m.get("method") == "window/logMessage"]
    assert any("dropped a message of" in m for m in logs), msgs
