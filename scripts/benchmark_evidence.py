#!/usr/bin/env python3
"""Time reading a goroutine dump of 100,000 goroutines (linear-time parsing) and joining
it with a checkout.

    python scripts/benchmark_evidence.py                 # a real dump from a Go program (needs go)
    python scripts/benchmark_evidence.py --synthetic     # a generated dump in Go 1.19's format
    python scripts/benchmark_evidence.py -n 200000 --runs 5

The Go program leaks ``n`` goroutines at eight sites (sends, receives, selects, mutex
waits, some behind library frames), waits until all are blocked, and writes its
``debug=2`` and ``debug=1`` profiles. Prints the size of each dump, the best parse time of
``--runs`` runs, goroutines per second, and the time to map and join it (``check
--evidence``'s extra work, without the static analysis).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

PROGRAM = r'''package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
	"time"
)

func sender(ch chan int)      { ch <- 1 }
func receiver(ch chan int)    { <-ch }
func selector(a, b chan int)  { select { case <-a: case <-b: } }
func locker(mu *sync.Mutex)   { mu.Lock() }
func waiter(wg *sync.WaitGroup) { wg.Wait() }
func ranger(ch chan int)      { for range ch {} }
func deep(ch chan int, n int) { if n == 0 { <-ch; return }; deep(ch, n-1) }
func timer(ch chan int)       { t := time.NewTimer(time.Hour); select { case <-t.C: case <-ch: } }

func main() {
	n, _ := strconv.Atoi(os.Args[1])
	// One channel per kind, so that no two goroutines ever complete each other.
	sendCh, recvCh, selA, selB, rangeCh, deepCh, timerCh := make(chan int), make(chan int), make(chan int), make(chan int), make(chan int), make(chan int), make(chan int)
	var mu sync.Mutex
	mu.Lock()
	var wg sync.WaitGroup
	wg.Add(1)
	for i := 0; i < n; i++ {
		switch i % 8 {
		case 0: go sender(sendCh)
		case 1: go receiver(recvCh)
		case 2: go selector(selA, selB)
		case 3: go locker(&mu)
		case 4: go waiter(&wg)
		case 5: go ranger(rangeCh)
		case 6: go deep(deepCh, 20)
		case 7: go timer(timerCh)
		}
	}
	for runtime.NumGoroutine() < n+1 {
		runtime.Gosched()
	}
	for _, debug := range []int{2, 1} {
		f, err := os.Create(os.Args[2] + "/debug" + strconv.Itoa(debug) + ".txt")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		pprof.Lookup("goroutine").WriteTo(f, debug)
		f.Close()
	}
}
'''


def _go() -> str | None:
    for cand in (shutil.which("go"), "/usr/lib/go/bin/go", "/usr/local/go/bin/go"):
        if cand and os.path.exists(cand):
            return cand
    return None


def real_dumps(n: int, work: str) -> tuple[str, str, str]:
    go = _go()
    if go is None:
        raise SystemExit("go is not installed; use --synthetic")
    src = os.path.join(work, "leak")
    os.makedirs(src)
    with open(os.path.join(src, "go.mod"), "w") as fh:
        fh.write("module example.com/bench\n\ngo 1.19\n")
    with open(os.path.join(src, "main.go"), "w") as fh:
        fh.write(PROGRAM)
    subprocess.run([os.path.join(os.path.dirname(go), "gofmt"), "-w", "main.go"], cwd=src, check=False)
    exe = os.path.join(work, "leak-bin")
    subprocess.run([go, "build", "-o", exe, "."], cwd=src, check=True, env=dict(os.environ, CGO_ENABLED="0"))
    subprocess.run([exe, str(n), work], check=True)
    return src, os.path.join(work, "debug2.txt"), os.path.join(work, "debug1.txt")


def synthetic_dump(n: int, work: str) -> tuple[str, str, None]:
    src = os.path.join(work, "svc")
    os.makedirs(src)
    with open(os.path.join(src, "go.mod"), "w") as fh:
        fh.write("module example.com/bench\n\ngo 1.19\n")
    with open(os.path.join(src, "main.go"), "w") as fh:
        fh.write("package main\n\n" + "\n".join(f"// line {i}" for i in range(3, 200)) + "\n")
    path = os.path.join(work, "debug2.txt")
    with open(path, "w") as fh:
        for i in range(n):
            site = 10 + i % 50
            fh.write(f"goroutine {i + 2} [chan send, {i % 300} minutes]:\n")
            if i % 4 == 0:
                fh.write("sync.runtime_SemacquireMutex(0x0?, 0x0?, 0x0?)\n\t/usr/lib/go-1.19/src/runtime/sema.go:77 +0x25\n")
                fh.write("sync.(*Mutex).Lock(...)\n\t/usr/lib/go-1.19/src/sync/mutex.go:90\n")
            fh.write(f"main.worker{site}.func1()\n\t{src}/main.go:{site} +0x47\n")
            fh.write(f"created by main.worker{site} in goroutine 1\n\t{src}/main.go:{site - 1} +0x9d\n\n")
    return src, path, None


def best(runs: int, fn) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=100_000, help="goroutines (default: 100000)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--synthetic", action="store_true", help="generate the dump instead of running Go")
    args = ap.parse_args()

    from golint_ai.runner import RunResult
    from golint_ai.runtime.dump import parse_dump
    from golint_ai.runtime.join import apply_evidence
    from golint_ai.runtime.mapping import Checkout
    from golint_ai.settings import Settings

    with tempfile.TemporaryDirectory() as work:
        t0 = time.perf_counter()
        src, d2, d1 = (synthetic_dump if args.synthetic else real_dumps)(args.n, work)
        made = time.perf_counter() - t0
        print(f"dump of {args.n} goroutines {'generated' if args.synthetic else 'written by Go'} in {made:.1f}s")
        dumps = []
        for path in (d2, d1):
            if path is None:
                continue
            data = open(path, "rb").read()
            secs, dump = best(args.runs, lambda: parse_dump(data, path))
            dumps.append(dump)
            print(
                f"{os.path.basename(path)}: {len(data) / 1e6:.1f} MB, {dump.form}, {dump.goroutines} goroutines in "
                f"{len(dump.groups)} groups: parsed in {secs:.2f}s (best of {args.runs}; {dump.goroutines / secs:,.0f} goroutines/s, "
                f"{len(data) / 1e6 / secs:.0f} MB/s)"
            )
        checkout = Checkout([src])
        s = Settings(evidence_min_minutes=0)
        secs, out = best(args.runs, lambda: apply_evidence(RunResult(), dumps, checkout, lambda _d: s, s))
        print(f"mapped and joined: {len(out.groups)} groups, {out.reported} GAI190 results in {secs:.3f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
