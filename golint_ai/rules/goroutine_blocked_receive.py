"""Worker goroutine ranges over a channel that the launching function never closes on some path.

## What it does
Checks for a goroutine launched in a function F that ranges over a channel made in F
(`for job := range jobs`) when some path of F from the `go` statement to an exit
passes no `close(jobs)`: an early `return`, a branch that skips the close, or no close
at all. A `defer close(jobs)` covers every path.

It does not flag channels that leave F (returned, stored, passed to another function:
someone else may close them), workers that also watch a context (`ctx.Done()`), workers
F waits for (`wg.Wait()`: without a close F would hang, not leave them behind),
goroutines of `main` (they end with the process), exits that fail the test, or
channels F itself also receives from.

## Why is this bad?
`range` over a channel ends only when the channel is closed. When F returns without
closing it, every worker stays blocked in its receive forever, holding its stack and
whatever it captured: a model session, a batch buffer, a connection. The goroutine
profile shows them as `chan receive` for hours; each call of F adds more.

## Example
```go
func process(items []Item) error {
	jobs := make(chan Item)
	for i := 0; i < 4; i++ {
		go func() {
			for it := range jobs {
				handle(it)
			}
		}()
	}
	for _, it := range items {
		if !it.Valid() {
			return errInvalid
		}
		jobs <- it
	}
	close(jobs)
	return nil
}
```

## How to fix
Close the channel on every path, most simply with `defer close(jobs)` right after
making it (and make sure nothing sends after F returns):
```go
func process(items []Item) error {
	jobs := make(chan Item)
	defer close(jobs)
	for i := 0; i < 4; i++ {
		go func() {
			for it := range jobs {
				handle(it)
			}
		}()
	}
	for _, it := range items {
		if !it.Valid() {
			return errInvalid
		}
		jobs <- it
	}
	return nil
}
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from golint_ai.golang.query import captures, compile_query
from golint_ai.leaks.goroutines import go_literals
from golint_ai.leaks.leftbehind import receiver_left_behind
from golint_ai.registry import Level, Precision, Rule

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.context import FileContext
    from golint_ai.diagnostics import Diagnostic

_RANGES = compile_query("(for_statement (range_clause) @range)")


class GoroutineBlockedReceive(Rule):
    code = "GAI104"
    name = "goroutine-blocked-receive"
    level = Level.WARNING
    precision = Precision.HIGH
    tags = ("goroutine", "channel")

    def is_candidate(self, data: bytes, settings) -> bool:
        return b"go func" in data and b"range " in data and b"make(chan" in data

    def check(self, ctx: "FileContext") -> Iterator["Diagnostic"]:
        seen: set[int] = set()
        for _, lit in go_literals(ctx):
            body = lit.child_by_field_name("body")
            if body is None or body.type != "block":
                continue
            if ctx.file.in_broken_code(body):
                continue
            for rng in captures(_RANGES, body).get("range", []):
                found = receiver_left_behind(ctx, rng)
                if found is None or found.node.id in seen:
                    continue
                seen.add(found.node.id)
                ch = found.channel.name
                exit_kind = "returns" if found.exit.type == "return_statement" else "ends"
                fname = ctx.function_name(found.goroutine.stmt) or "the function"
                closed = f" (it closes `{ch}` at line {ctx.line(found.other)} only on other paths)" if found.other is not None else ""
                yield ctx.diagnostic(
                    self.code,
                    f"goroutine ranges over `{ch}` (line {ctx.line(found.receive)}) until it is closed, but `{fname}` "
                    f"{exit_kind} at line {ctx.line(found.exit)} without closing it{closed}; the goroutine then waits "
                    f"forever with everything it references; `defer close({ch})` after making it",
                    found.node,
                    related=[(found.receive, f"blocks here once `{ch}` is drained"), (found.exit, "this exit leaves it behind")],
                    launch=found.goroutine.stmt,
                )
