"""Goroutines a running service showed blocked at this line, with no static finding to explain them.

## What it does
Reports the goroutine groups of a goroutine dump or profile given to
`golint-ai check --evidence FILE` (or `--evidence http://127.0.0.1:6060/debug/pprof/goroutine?debug=2`)
that look leaked and that no static finding explains. A group is the goroutines with one
state, stack and creation site; it looks leaked when the Go 1.26+ `goroutineleak`
profile marks it `(leaked)`, when it is blocked in a channel send or receive, a `select`
or a `sync` wait for at least `min-wait-minutes` (default 10), or when it is at least
`min-count` goroutines strong (default 100). Both are set under
`[tool.golint-ai.evidence]`. The finding points at the group's first frame in the
analysed tree, the line the service's own code is blocked on (library frames above it
are skipped), with the `go` statement that created the goroutines as a related location.
The main goroutine is never reported: it lives as long as the process.

The rule runs only with runtime evidence: without `--evidence` it reports nothing.

## Why is this bad?
A goroutine blocked for minutes on a channel nobody will serve keeps its stack and
everything it references alive, and a service that leaks one per request grows until it
is killed. Static rules recognise the common shapes (`goroutine-abandoned-send`,
`stream-send-ignores-cancellation`); the dump shows every other goroutine that piles up,
including ones whose other side is far away (a worker pool whose job channel is never
closed, a mutex never unlocked). When a static finding matches a group, the finding is
marked confirmed instead ("confirmed at run time: N goroutines blocked here").

## Example
```go
func startWorkers(n int, jobs <-chan Job, out chan<- Result) {
	for i := 0; i < n; i++ {
		go func() {
			for j := range jobs { // blocked here for 212 minutes: nobody closes jobs
				out <- run(j)
			}
		}()
	}
}
```

## How to fix
Give every blocked goroutine a way out: close the channel it ranges over when the
producer is done, make sends and receives `select` on a context or `done` channel the
owner cancels, release locks on every path (`defer mu.Unlock()`), and wait for workers
(`sync.WaitGroup`, `errgroup`) so that a leak hangs a test instead of a production
process:
```go
func startWorkers(ctx context.Context, n int, jobs <-chan Job, out chan<- Result) {
	for i := 0; i < n; i++ {
		go func() {
			for {
				select {
				case j, ok := <-jobs:
					if !ok {
						return
					}
					select {
					case out <- run(j):
					case <-ctx.Done():
						return
					}
				case <-ctx.Done():
					return
				}
			}
		}()
	}
}
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from golint_ai.registry import Level, Precision, Rule

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.context import FileContext
    from golint_ai.diagnostics import Diagnostic


class GoroutineBlockedAtRuntime(Rule):
    code = "GAI190"
    name = "goroutine-blocked-at-runtime"
    level = Level.WARNING
    precision = Precision.HIGH
    tags = ("goroutine", "runtime-evidence")
    evidence_only = True

    def is_candidate(self, data, settings) -> bool:
        return False  # its results come from runtime evidence, never from a file alone

    def check(self, ctx: "FileContext") -> Iterator["Diagnostic"]:  # pragma: no cover - never a candidate
        return iter(())
