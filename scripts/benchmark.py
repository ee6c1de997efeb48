#!/usr/bin/env python3
"""Time `golint-ai check` over a directory of Go files against the floor: the time one
process needs merely to read and parse the same files with tree-sitter.

    python scripts/benchmark.py "$(go env GOROOT)/src"            # default: 3 runs each, best kept
    python scripts/benchmark.py DIR --runs 1 -- --select GAI301    # after --: passed to check

Prints both times and their ratio (check / floor; below 0.5 is the target).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time


def go_files(root: str) -> list[str]:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    from golint_ai.discovery import discover

    found = discover([root])
    return [f for files in found.directories.values() for f, _ in files if f.endswith(".go")]


def parse_floor(files: list[str]) -> tuple[float, int]:
    from tree_sitter import Language, Parser
    import tree_sitter_go

    parser = Parser(Language(tree_sitter_go.language()))
    total = 0
    t0 = time.perf_counter()
    for f in files:
        with open(f, "rb") as fh:
            data = fh.read()
        total += len(data)
        parser.parse(data)
    return time.perf_counter() - t0, total


def run_check(root: str, extra: list[str]) -> tuple[float, int, str]:
    cmd = [sys.executable, "-m", "golint_ai", "check", root, "--format", "json", "--exit-zero", "--output", os.devnull, *extra]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    return elapsed, proc.returncode, proc.stderr


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("directory")
    ap.add_argument("--runs", type=int, default=3, help="runs of each measurement; the best is kept")
    args, extra = ap.parse_known_args()
    args.extra = [a for a in extra if a != "--"]
    files = go_files(args.directory)
    print(f"corpus: {args.directory}: {len(files)} Go files")
    floor = min(parse_floor(files)[0] for _ in range(args.runs))
    print(f"floor (read + parse every file, one process): {floor:.2f} s")
    best = None
    for _ in range(args.runs):
        elapsed, rc, stderr = run_check(args.directory, args.extra)
        if rc != 0:
            print(f"golint-ai check exited {rc}:\n{stderr[-2000:]}", file=sys.stderr)
            return 1
        best = elapsed if best is None else min(best, elapsed)
    print(f"golint-ai check (all cores: {os.cpu_count()}): {best:.2f} s")
    print(f"ratio check/floor: {best / floor:.3f} (target: <= 0.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
