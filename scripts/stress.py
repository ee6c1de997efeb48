#!/usr/bin/env python3
"""Growth of `golint-ai check` time on pathological inputs.

Each family generates one Go file at sizes n, 2n and 4n; each size is checked in a fresh
process (``--format`` as given, output discarded) and timed inside it, around the check
only (imports excluded), the fastest of ``--repeat`` runs. Printed per family: the seconds per size and the ratio per doubling. Linear work
gives ratios near 2; the target is at most 2.3.

    python scripts/stress.py                      # every family, default sizes
    python scripts/stress.py --family switch --scale 2
    python scripts/stress.py --format text        # text output (source lines shown)

Families (n is the family's base size times --scale):

- ``deep-error``: a syntax error inside n nested blocks;
- ``many-fixes``: n leaking functions in one file, each with a fix that adds an import;
- ``long-line``: one line holding n leaking functions (every finding on the same line);
- ``switch``: one variable referenced across a switch of n cases;
- ``deep-parens``: an expression nested n parentheses deep;
- ``many-errors``: n separate syntax errors;
- ``many-closures``: n goroutine literals in one function capturing its variables;
- ``many-mallocs``: n ``C.malloc`` results in one function, none freed (n findings);
- ``many-pool-puts``: n buffers taken from a ``sync.Pool``, written and put back unreset
  in one function (2n findings: GAI401 and GAI402 at each ``Put``);
- ``many-goroutines``: n fire-and-forget goroutines in one function, each capturing its
  own large buffer (n findings).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

PREAMBLE = 'package p\n\n/*\n#include <stdlib.h>\n*/\nimport "C"\n\n'


def deep_error(n: int) -> str:
    body = "".join("\t" * 0 + "if x > 0 {\n" for _ in range(n))
    body += "y := \n"
    body += "}\n" * n
    return PREAMBLE + "func leak(s string) {\n\tc := C.CString(s)\n\t_ = c\n}\n\nfunc f(x int) {\n" + body + "}\n"


def many_fixes(n: int) -> str:
    funcs = "".join(f"func leak{i}(s string) {{\n\tc := C.CString(s)\n\tC.use(c)\n}}\n\n" for i in range(n))
    return PREAMBLE + funcs


def long_line(n: int) -> str:
    funcs = "; ".join(f"func leak{i}(s string) {{ c := C.CString(s); _ = c }}" for i in range(n))
    return PREAMBLE + funcs + "\n"


def switch(n: int) -> str:
    cases = "".join(f"\tcase {i}:\n\t\tC.use(c, {i})\n" for i in range(n))
    return PREAMBLE + "func f(s string, k int) {\n\tc := C.CString(s)\n\tswitch k {\n" + cases + "\t}\n}\n"


def deep_parens(n: int) -> str:
    return PREAMBLE + "func f(s string) int {\n\tc := C.CString(s)\n\t_ = c\n\treturn " + "(" * n + "1" + ")" * n + "\n}\n"


def many_closures(n: int) -> str:
    lits = "".join(f"\tgo func() {{ C.use(c, {i}); _ = buf }}()\n" for i in range(n))
    return PREAMBLE + "func f(s string) {\n\tc := C.CString(s)\n\tbuf := make([]byte, 1<<20)\n" + lits + "}\n"


def many_errors(n: int) -> str:
    funcs = "".join(f"func f{i}(s string) {{\n\tc := C.CString(s)\n\tx := \n}}\n\n" for i in range(n))
    return PREAMBLE + funcs


POOL_PREAMBLE = PREAMBLE + 'import (\n\t"bytes"\n\t"sync"\n)\n\nvar bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}\n\nfunc upload(b []byte) { _ = b }\n\n'


def many_mallocs(n: int) -> str:
    body = "".join(f"\tp{i} := C.malloc(16)\n\tC.use(p{i})\n" for i in range(n))
    return PREAMBLE + "func f() {\n" + body + "}\n"


def many_pool_puts(n: int) -> str:
    body = "".join(f"\tb{i} := bufPool.Get().(*bytes.Buffer)\n\tb{i}.WriteString(s)\n\tbufPool.Put(b{i})\n" for i in range(n))
    return POOL_PREAMBLE + "func f(s string) {\n" + body + "}\n"


def many_goroutines(n: int) -> str:
    body = "".join(f"\tbuf{i} := make([]byte, n)\n\tgo func() {{\n\t\tupload(buf{i})\n\t}}()\n" for i in range(n))
    return POOL_PREAMBLE + "func f(n int) {\n" + body + "}\n"


FAMILIES = {
    "deep-error": (deep_error, 16000),
    "many-fixes": (many_fixes, 500),
    "long-line": (long_line, 1000),
    "switch": (switch, 5000),
    "deep-parens": (deep_parens, 4000),
    "many-errors": (many_errors, 1000),
    "many-closures": (many_closures, 1000),
    "many-mallocs": (many_mallocs, 500),
    "many-pool-puts": (many_pool_puts, 300),
    "many-goroutines": (many_goroutines, 300),
}

_CHILD = r"""
import io, json, os, sys, time, resource
from golint_ai.cli import main
import golint_ai.rules, golint_ai.runner, golint_ai.output.text, golint_ai.output.json, golint_ai.output.sarif, golint_ai.output.github  # imports are not the check
sink = open(os.devnull, "w")
sys.stdout = sink
t0 = time.perf_counter()
code = main(["check", sys.argv[1], "--format", sys.argv[2], "--jobs", "1"])
seconds = time.perf_counter() - t0
sys.stdout = sys.__stdout__
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"code": code, "seconds": seconds, "peak_kib": peak}))
"""


def measure(source: str, fmt: str, timeout: float, root: str | None = None) -> dict:
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "p", "x.go")
        os.makedirs(os.path.dirname(path))
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(source)
        root = root or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
        env = dict(os.environ, PYTHONPATH=os.path.abspath(root))
        try:
            proc = subprocess.run([sys.executable, "-c", _CHILD, path, fmt], capture_output=True, text=True, timeout=timeout, cwd=d, env=env)
        except subprocess.TimeoutExpired:
            return {"code": None, "seconds": float("inf"), "peak_kib": 0, "error": f"timeout after {timeout:g}s"}
        lines = proc.stdout.strip().splitlines()
        if proc.returncode != 0 or not lines:
            signal = f" (signal {-proc.returncode})" if proc.returncode < 0 else ""
            return {"code": None, "seconds": float("nan"), "peak_kib": 0, "error": f"exit {proc.returncode}{signal}: {proc.stderr.strip()[-500:]}"}
        out = json.loads(lines[-1])
        if "Traceback" in proc.stderr:
            out["error"] = proc.stderr.strip()[-500:]
        return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--family", action="append", choices=sorted(FAMILIES), help="only these families (repeatable)")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every base size")
    ap.add_argument("--format", default="json", choices=("json", "text", "sarif", "github"))
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest counts (less noise from other load)")
    ap.add_argument("--root", help="import golint_ai from this source tree (to compare with another version)")
    ap.add_argument("--target", type=float, default=2.3, help="ratio per doubling above which a family fails")
    args = ap.parse_args()
    failed = []
    for name in args.family or FAMILIES:
        gen, base = FAMILIES[name]
        n = max(1, int(base * args.scale))
        rows = []
        for size in (n, 2 * n, 4 * n):
            src = gen(size)
            runs = [measure(src, args.format, args.timeout, args.root) for _ in range(max(1, args.repeat))]
            r = min(runs, key=lambda x: x["seconds"] if x["seconds"] == x["seconds"] else float("inf"))
            rows.append((size, len(src), r))
        times = [r["seconds"] for _, _, r in rows]
        ratios = [times[i + 1] / times[i] if times[i] > 0 else float("inf") for i in range(2)]
        cells = "  ".join(f"n={s} ({b // 1024} KiB): {r['seconds']:.2f}s {r['peak_kib'] // 1024} MiB" for s, b, r in rows)
        verdict = "ok" if max(ratios) <= args.target else "SUPER-LINEAR"
        print(f"{name:12s} {cells}  ratios {ratios[0]:.2f} {ratios[1]:.2f}  {verdict}", flush=True)
        for _, _, r in rows:
            if r.get("error"):
                print(f"    error: {r['error']}", flush=True)
        if verdict != "ok":
            failed.append(name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
