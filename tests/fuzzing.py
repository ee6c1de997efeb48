"""Mutating Go sources and checking that golint-ai survives them.

Used by ``scripts/fuzz.py`` (long runs over the samples and the Go standard library) and
by ``tests/test_fuzz.py`` (a short, seeded run in the suite). A mutant passes when
analysing it raises nothing, produces no internal-error notification, and every output
format renders: JSON and SARIF parse, SARIF has one run, text and GitHub output are
strings.
"""

from __future__ import annotations

import io
import json
import os
import random
import tempfile
from pathlib import Path

# Pieces that stress the parser and the engine: deep nesting, unfinished constructs,
# characters with special meaning to line splitting, invalid UTF-8, cgo.
TOKENS = [
    b"{", b"}", b"(", b")", b"[", b"]", b"func", b"go ", b"defer ", b"C.malloc(1)", b"C.CString(s)",
    b"unsafe.Pointer(", b"select {", b"case ", b":=", b"=", b"<-", b"chan ", b"return", b"if x {",
    b"for {", b"switch {", b"\n", b"\r", b"\r\n", b"\x0b", b"\x0c", b"\xc2\x85", b"\xe2\x80\xa8",
    b"\xff", b"\xc3", b"\x00", b"//", b"/*", b"*/", b'"', b"`", b"'", b"import \"C\"\n", b"new(",
    b"//golint-ai:ignore GAI301", b"sync.Pool{", b".Put(", b".Get()", b"runtime.KeepAlive(",
]


def mutate(data: bytes, rng: random.Random, rounds: int | None = None) -> bytes:
    """A few random edits of ``data``: deletions, duplications, token insertions,
    swaps, truncation, nesting."""
    out = bytearray(data)
    for _ in range(rounds or rng.randint(1, 4)):
        n = len(out)
        op = rng.randrange(7)
        i = rng.randint(0, n)
        j = min(n, i + rng.randint(0, 64))
        if op == 0 and n:
            del out[i:j]
        elif op == 1:
            out[i:i] = out[i:j]
        elif op == 2:
            out[i:i] = rng.choice(TOKENS)
        elif op == 3 and n > 2:
            k = rng.randint(0, n)
            a, b = sorted((i, k))
            out[a:b] = bytes(reversed(out[a:b][:64])) + out[a:b][64:]
        elif op == 4:
            del out[i:]
        elif op == 5:
            depth = rng.choice([10, 100, 1000])
            out[i:i] = rng.choice([b"{", b"(", b"[", b"if x {"]) * depth
        else:
            out[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return bytes(out)


def corpus(roots: list[Path], limit: int | None = None, max_bytes: int = 200_000) -> list[Path]:
    files = []
    for root in roots:
        if root.is_file():
            files.append(root)
            continue
        for dirpath, dirnames, names in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d not in ("testdata", "vendor") and not d.startswith("."))
            for name in sorted(names):
                if name.endswith(".go"):
                    p = Path(dirpath) / name
                    try:
                        if p.stat().st_size <= max_bytes:
                            files.append(p)
                    except OSError:
                        pass
    if limit is not None and len(files) > limit:
        files = random.Random(0).sample(files, limit)
    return files


class Failure(AssertionError):
    pass


def check_source(data: bytes, workdir: Path | None = None, name: str = "x.go") -> dict:
    """Analyse ``data`` as the only file of a package and render every output format.
    Raises :class:`Failure` (or whatever the engine raised) on a problem."""
    from golint_ai.output.github import write_github
    from golint_ai.output.json import write_json
    from golint_ai.output.sarif import write_sarif
    from golint_ai.output.text import write_notifications, write_text
    from golint_ai.rules import CODES
    from golint_ai.runner import check_paths
    from golint_ai.settings import ConfigResolver

    with tempfile.TemporaryDirectory(dir=workdir) as d:
        pkg = Path(d) / "p"
        pkg.mkdir()
        (pkg / name).write_bytes(data)
        cwd = os.getcwd()
        os.chdir(d)
        try:
            result = check_paths(["p"], ConfigResolver(codes=tuple(CODES)), jobs=1)
            internal = [n for n in result.notifications if n.kind == "internal"]
            if internal:
                raise Failure(f"internal notification: {internal[0].message}")
            buf = io.StringIO()
            write_json(result, buf)
            report = json.loads(buf.getvalue())
            items = report.get("findings") if isinstance(report, dict) else None
            if not isinstance(items, list) or any(not i["code"].startswith("GAI") for i in items) or not isinstance(report.get("notifications"), list):
                raise Failure("JSON output is not an object of findings and notifications")
            buf = io.StringIO()
            write_sarif(result, buf, exit_code=1 if items else 0)
            log = json.loads(buf.getvalue())
            if len(log.get("runs", [])) != 1:
                raise Failure("SARIF output has no run")
            for out in (io.StringIO(), io.StringIO()):
                write_text(result, out, color=False)
                write_github(result, out)
                write_notifications(result, out, color=False)
                out.getvalue().encode("utf-8")
            return {"findings": len(items), "notifications": len(result.notifications)}
        finally:
            os.chdir(cwd)
