#!/usr/bin/env python3
"""Edit → diagnostics latency of `golint-ai server`, driven over stdio as an editor does.

The server is started as a child process and spoken to with real LSP framing
(``Content-Length`` headers, JSON-RPC): ``initialize`` with ``debounceMs: 0``,
``didOpen``, then ``--edits`` one-character incremental ``didChange`` notifications (one
more space at the start of a line in the body of the function nearest the middle: each
version is text the server has not seen). Each latency is
the time from writing the ``didChange`` to reading the ``publishDiagnostics`` of that
document version. Printed per file: lines, findings, the median and the spread.

    python scripts/editor_latency.py                        # both files below, 20 edits each
    python scripts/editor_latency.py --file path/to/x.go    # one file of your own, in place
    python scripts/editor_latency.py --root ../other-tree   # import golint_ai from another tree

Files measured by default:

- ``generated``: one 3,000-line Go file with leaks from three rules (C.CString without
  a free: GAI301, a pooled buffer put back without a reset: GAI401, a goroutine capturing
  a large buffer: GAI101), about 410 findings, in a temporary package of its own;
- ``net/http/server.go`` of the Go installation (``go env GOROOT``, else /usr/lib/go),
  opened in place (the rest of its package is read from disk, as for any open file).

Targets: 100 ms for the generated file (issue 17), 50 ms (issue 13).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

PREAMBLE = """package leaky

/*
#include <stdlib.h>
void use(char *p);
*/
import "C"

import (
\t"bytes"
\t"io"
\t"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func upload(b []byte) { _ = b }

"""


def generated(groups: int = 137) -> str:
    """Three leaking functions per group, 22 lines a group (3,000 lines at 137 groups)."""
    parts = [PREAMBLE]
    for i in range(groups):
        parts.append(
            f"func cstring{i}(s string) {{\n\tc := C.CString(s)\n\tC.use(c)\n}}\n\n"
            f"func pooled{i}(w io.Writer, s string) {{\n\tbuf := bufPool.Get().(*bytes.Buffer)\n\tbuf.WriteString(s)\n\tw.Write(buf.Bytes())\n"
            f"\tif buf.Cap() > 1<<16 {{\n\t\treturn\n\t}}\n\tbufPool.Put(buf)\n}}\n\n"
            f"func captured{i}(n int) {{\n\tbuf := make([]byte, n)\n\tgo func() {{\n\t\tupload(buf)\n\t}}()\n}}\n\n"
        )
    return "".join(parts)


class Client:
    """A minimal LSP client over the server's stdio."""

    def __init__(self, cmd: list[str], env: dict[str, str], cwd: str, log: "Any" = None) -> None:
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log or subprocess.DEVNULL, env=env, cwd=cwd)
        self.next_id = 0

    def send(self, msg: dict) -> None:
        body = json.dumps(msg).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self) -> dict:
        out = self.proc.stdout
        assert out is not None
        length = None
        while True:
            line = out.readline()
            if not line:
                raise EOFError("the server closed its output")
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        if length is None:
            raise ValueError("a frame without Content-Length")
        return json.loads(out.read(length))

    def request(self, method: str, params: dict) -> dict:
        self.next_id += 1
        rid = self.next_id
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            msg = self.read()
            if msg.get("id") == rid and "method" not in msg:
                return msg
            self.answer(msg)

    def notify(self, method: str, params: dict) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def answer(self, msg: dict) -> None:
        """Answer the server's own requests (configuration, registrations) with nothing."""
        if "id" in msg and "method" in msg:
            result: object = [None] * len(msg.get("params", {}).get("items", [])) if msg["method"] == "workspace/configuration" else None
            self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})

    def wait_diagnostics(self, uri: str, version: int) -> list:
        while True:
            msg = self.read()
            if msg.get("method") == "textDocument/publishDiagnostics":
                p = msg["params"]
                if p["uri"] == uri and p.get("version") == version:
                    return p["diagnostics"]
            else:
                self.answer(msg)

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.proc.wait(10)
        except Exception:
            self.proc.kill()
            self.proc.wait()


def edit_position(text: str, prefix: str = "") -> tuple[int, int]:
    """(line, character) just inside the body of the function nearest the middle (whose
    name starts with ``prefix``): the start of the line after its opening brace."""
    lines = text.split("\n")
    middle = len(lines) // 2
    for i in list(range(middle, len(lines))) + list(range(middle, -1, -1)):
        if lines[i].startswith("func " + prefix) and lines[i].rstrip().endswith("{"):
            return i + 1, 0
    return middle, 0


def measure(path: str, edits: int, root: str, cwd: str, log: "Any" = None, prefix: str = "") -> dict:
    from pathlib import Path

    text = Path(path).read_text("utf-8")
    uri = Path(path).resolve().as_uri()
    env = dict(os.environ, PYTHONPATH=os.path.abspath(root))
    cmd = [sys.executable, "-m", "golint_ai", "server"] + (["--log-level", "info"] if log is not None else [])
    client = Client(cmd, env, cwd, log)
    try:
        folder = Path(os.path.dirname(os.path.abspath(path))).as_uri()
        client.request("initialize", {
            "processId": os.getpid(),
            "rootUri": folder,
            "workspaceFolders": [{"uri": folder, "name": "w"}],
            "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}}},
            "initializationOptions": {"debounceMs": 0},
        })
        client.notify("initialized", {})
        t0 = time.perf_counter()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": text}})
        first = client.wait_diagnostics(uri, 1)
        open_s = time.perf_counter() - t0
        line, col = edit_position(text, prefix)
        samples = []
        version = 1
        for k in range(edits + 2):  # the first two warm up (the worker's incremental caches)
            version += 1
            # One more space each time: every version is new text (nothing seen before).
            change = {"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}, "text": " "}
            t0 = time.perf_counter()
            client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
            diags = client.wait_diagnostics(uri, version)
            if k >= 2:
                samples.append(time.perf_counter() - t0)
        return {"lines": text.count("\n") + 1, "findings": len(first), "after_edits": len(diags), "open_s": open_s, "samples": samples}
    finally:
        client.close()


def std_file() -> str | None:
    roots = []
    try:
        roots.append(subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True, timeout=30).stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    roots.append("/usr/lib/go")
    for r in roots:
        p = os.path.join(r, "src", "net", "http", "server.go")
        if r and os.path.isfile(p):
            return p
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--file", action="append", help="measure this Go file (in place) instead of the defaults (repeatable)")
    ap.add_argument("--edits", type=int, default=20, help="timed edits per file (the median is reported)")
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."), help="import golint_ai from this source tree")
    ap.add_argument("--server-log", help="append the server's log (level info: each analysis and its time) to this file")
    args = ap.parse_args()
    log = open(args.server_log, "a") if args.server_log else None
    with tempfile.TemporaryDirectory() as tmp:
        files: list[tuple[str, str, str]] = []  # (name, path, prefix of the edited function)
        if args.file:
            files = [(f, f, "") for f in args.file]
        else:
            pkg = os.path.join(tmp, "leaky")
            os.makedirs(pkg)
            gen = os.path.join(pkg, "leaky.go")
            with open(gen, "w", encoding="utf-8") as fh:
                fh.write(generated())
            # An edit in a function nothing else depends on, and one in a function that
            # shares its pool with 136 others (GAI401 asks whether every Get resets).
            files.append(("generated, edit in cstring68", gen, "cstring"))
            files.append(("generated, edit in pooled68", gen, "pooled"))
            std = std_file()
            if std is not None:
                files.append(("net/http/server.go", std, ""))
            else:
                print("no Go installation found: net/http/server.go skipped", file=sys.stderr)
        for name, path, prefix in files:
            r = measure(path, args.edits, args.root, tmp, log, prefix)
            s = sorted(r["samples"])
            med = statistics.median(s) * 1000
            print(
                f"{name}: {r['lines']} lines, {r['findings']} findings (after the edits: {r['after_edits']}); "
                f"first analysis {r['open_s'] * 1000:.0f} ms; edit -> diagnostics median {med:.1f} ms "
                f"(min {s[0] * 1000:.1f}, max {s[-1] * 1000:.1f}, n={len(s)})",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
