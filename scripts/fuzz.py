#!/usr/bin/env python3
"""Fuzz `golint-ai check` with mutated Go sources.

Each mutant is a few random edits (deletions, duplications, tokens such as ``{``,
``C.malloc(1)``, lone CRs, U+2028 or invalid UTF-8, deep nesting, truncation) of a file
from the samples or the Go standard library. It passes when the analysis raises nothing,
reports no internal error, and every output format renders (JSON and SARIF parse).
Failing mutants are written to --out with the error.

    python scripts/fuzz.py                          # 2000 mutants, samples + $(go env GOROOT)/src
    python scripts/fuzz.py --mutants 20000 --seed 7 --timeout 60
    python scripts/fuzz.py --seconds 600            # as many as fit in ten minutes
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

from fuzzing import check_source, corpus, mutate  # noqa: E402


_RELEVANT = (b"C.", b"sync.Pool", b"go func", b"unsafe.", b"http.Request", b"reflect.SliceHeader", b"cuda", b"<-ctx.Done()")


class _Timeout(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - signal handler
    raise _Timeout()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("roots", nargs="*", help="Go files or directories to mutate (default: tests/go_samples and /usr/lib/go/src)")
    ap.add_argument("--mutants", type=int, default=2000)
    ap.add_argument("--seconds", type=float, help="stop after this long (whatever --mutants says)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=60, help="seconds one mutant may take before it counts as a hang")
    ap.add_argument("--files", type=int, default=3000, help="at most this many source files to draw from")
    ap.add_argument("--out", default="fuzz-failures", help="directory for failing mutants")
    args = ap.parse_args()

    roots = [Path(r) for r in args.roots] or [HERE.parent / "tests" / "go_samples", Path("/usr/lib/go/src")]
    files = corpus([r for r in roots if r.exists()], limit=args.files)
    if not files:
        print("no Go files found", file=sys.stderr)
        return 2
    # Most of the standard library gives no rule anything to look at (the prefilter skips
    # it unparsed): draw more than half the mutants from files that do.
    relevant = [f for f in files if any(k in f.read_bytes() for k in _RELEVANT)]
    rng = random.Random(args.seed)
    signal.signal(signal.SIGALRM, _alarm)
    failures = 0
    findings = 0
    slowest = (0.0, "")
    start = time.perf_counter()
    ran = 0
    for n in range(args.mutants):
        if args.seconds is not None and time.perf_counter() - start > args.seconds:
            break
        src = rng.choice(relevant if relevant and rng.random() < 0.6 else files)
        try:
            data = src.read_bytes()
        except OSError:
            continue
        mutant = mutate(data, rng)
        t0 = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, args.timeout)
        try:
            findings += check_source(mutant)["findings"]
            error = None
        except _Timeout:
            error = f"took longer than {args.timeout:g}s"
        except BaseException as exc:  # noqa: BLE001 - every failure is a finding here
            error = "".join(traceback.format_exception(exc))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        took = time.perf_counter() - t0
        ran += 1
        if took > slowest[0]:
            slowest = (took, str(src))
        if error is not None:
            failures += 1
            out = Path(args.out)
            out.mkdir(exist_ok=True)
            (out / f"mutant-{args.seed}-{n}.go").write_bytes(mutant)
            (out / f"mutant-{args.seed}-{n}.txt").write_text(f"from {src}\n{error}\n")
            print(f"FAIL mutant {n} of {src}: {error.strip().splitlines()[-1]}", flush=True)
        if ran % 250 == 0:
            print(f"{ran} mutants, {failures} failures, {time.perf_counter() - start:.0f}s", flush=True)
    elapsed = time.perf_counter() - start
    print(f"ran {ran} mutants of {len(files)} files ({len(relevant)} of interest to a rule) in {elapsed:.1f}s ({ran / elapsed:.1f}/s): {failures} failures, {findings} findings; slowest {slowest[0]:.2f}s ({slowest[1]})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
