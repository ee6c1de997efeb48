"""Goroutine waits on a channel, or runs until a Stop method, that some path of its launcher never signals or calls.

## What it does
Checks for a goroutine launched in a function F that waits on a channel made in F when
some path of F from the `go` statement to an exit never ends the wait:

- (a) *no close for a range*: the goroutine ranges over the channel
  (`for job := range jobs`) and the path passes no `close(jobs)` (an early `return`, a
  branch that skips the close, or no close at all). A `defer close(jobs)` covers every
  path.
- (b) *receive with no sender*: the goroutine waits once (`<-ready`, `v := <-in`, or a
  select whose every case receives on such channels) and the path neither sends on nor
  closes the channel: the only signal sits on a branch the path skips.
- (c) *method contract*: a type of the package whose method (`Start`, or its
  constructor `NewT`) launches a goroutine that only ends when another method closes,
  signals or cancels one of its fields (`Stop` closing `s.quit`, `Close` calling
  `s.cancel()`) is a resource, and that method is its release: F starts such a value
  held in a local and some path neither stops it nor hands it on (returns it, stores
  it in a field, passes it to another function). The finding is at the call that starts
  it (`s.Start()` or `NewT(...)`), with the type's `go` statement as related location.

It does not flag channels that leave F (returned, stored, passed to another function
or used by another function literal: someone else may close them), waits that also
watch a context, a timer or a `default`, conditional waits, workers that also watch a
context (`ctx.Done()`), workers F waits for (`wg.Wait()`: without a close F would
hang, not leave them behind), goroutines of `main` (they end with the process), exits
that fail the test, signals sent from inside a loop (paths cannot count iterations), or
channels F itself also receives from. For (c) it does not flag values stopped by a
`defer`, a closure or a registered method value (`t.Cleanup(s.Stop)`), parameters and
package-level values (their owner stops them), error paths of the start itself
(`if err := s.Start(); err != nil { return err }`), types whose goroutine can end by
itself or is launched only under a condition, and starts whose own method stops it.

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

For a value whose goroutine runs until `Stop`, stop it on every path:
```go
b := NewBatcher(weights)
defer b.Stop()
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from golint_ai.golang.query import captures, compile_query
from golint_ai.golang.walk import text
from golint_ai.leaks.leftbehind import receive_without_sender, receiver_left_behind
from golint_ai.leaks.lifecycles import lifecycles, started_not_stopped, starter_needles
from golint_ai.leaks.goroutines import go_literals
from golint_ai.registry import Level, Precision, Rule

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.context import FileContext
    from golint_ai.diagnostics import Diagnostic

_STARTS = compile_query(
    """
    (call_expression function: (selector_expression operand: (identifier) field: (field_identifier) @name)) @call
    (call_expression function: (identifier) @name) @call
    """
)
_WAITS = compile_query(
    """
    (for_statement (range_clause) @range)
    (unary_expression) @recv
    """
)


class GoroutineBlockedReceive(Rule):
    code = "GAI104"
    name = "goroutine-blocked-receive"
    level = Level.WARNING
    precision = Precision.HIGH
    tags = ("goroutine", "channel")

    def is_candidate(self, data: bytes, settings) -> bool:
        return b"go func" in data and b"make(chan" in data and (b"range " in data or b"<-" in data)

    def is_candidate_in(self, data: bytes, settings, directory: str) -> bool:
        if self.is_candidate(data, settings):
            return True
        return any(n in data for n in starter_needles(directory))

    def check(self, ctx: "FileContext") -> Iterator["Diagnostic"]:
        seen: set[int] = set()
        for _, lit in go_literals(ctx):
            body = lit.child_by_field_name("body")
            if body is None or body.type != "block":
                continue
            if ctx.file.in_broken_code(body):
                continue
            found_here = captures(_WAITS, body)
            for rng in found_here.get("range", []):
                found = receiver_left_behind(ctx, rng)
                if found is not None and found.node.id not in seen:
                    seen.add(found.node.id)
                    yield self._no_close(ctx, found)
            for recv in found_here.get("recv", []):
                if text(recv.child_by_field_name("operator")) != "<-":
                    continue
                found = receive_without_sender(ctx, recv)
                if found is not None and found.node.id not in seen:
                    seen.add(found.node.id)
                    yield self._no_sender(ctx, found)
        types = lifecycles(ctx.package) if any(n in ctx.file.data for n in starter_needles(ctx.package.directory)) else {}
        if not types:
            return
        starts = {m for t in types.values() for m in t.starts}
        makers = {f for t in types.values() for f in t.constructors}
        for m in ctx.matches(_STARTS, near=tuple(n.encode() for n in sorted(starts | makers))):
            call, name = m["call"][0], text(m["name"][0])
            if name not in (starts if m["name"][0].type == "field_identifier" else makers) or ctx.file.in_broken_code(call):
                continue
            found = started_not_stopped(ctx, call)
            if found is not None:
                yield self._unstopped(ctx, found)

    def _unstopped(self, ctx: "FileContext", found) -> "Diagnostic":
        lc = found.lifecycle
        v = found.binding.name
        stops = sorted(lc.stops)
        how = " or ".join(f"`{v}.{s}()`" for s in stops)
        exit_kind = "returns" if found.exit.type == "return_statement" else "ends"
        fname = ctx.function_name(found.call) or "the function"
        what = f"`{v}.{found.started_by}()`" if found.started_by in lc.starts else f"`{found.started_by}` ({lc.type_name})"
        verbs = {"range": "closes", "chan": "closes or sends on", "ctx": "cancels"}
        signal = " or ".join(f"{verbs[kind]} `{v}.{f}`" for kind, f in lc.signals)
        diag = ctx.diagnostic(
            self.code,
            f"{what} starts a goroutine that runs until {how} {signal}, but `{fname}` {exit_kind} at line "
            f"{ctx.line(found.exit)} without calling it or handing `{v}` on; the goroutine then waits forever with "
            f"everything `{v}` references; `defer {v}.{stops[0]}()` after starting it",
            found.call,
            related=[(found.exit, "this exit leaves it running")],
        )
        return ctx.with_related(diag, lc.go_file, lc.go, f"the goroutine {lc.type_name} launches")

    def _no_close(self, ctx: "FileContext", found) -> "Diagnostic":
        ch = found.channel.name
        exit_kind = "returns" if found.exit.type == "return_statement" else "ends"
        fname = ctx.function_name(found.goroutine.stmt) or "the function"
        closed = f" (it closes `{ch}` at line {ctx.line(found.other)} only on other paths)" if found.other is not None else ""
        return ctx.diagnostic(
            self.code,
            f"goroutine ranges over `{ch}` (line {ctx.line(found.receive)}) until it is closed, but `{fname}` "
            f"{exit_kind} at line {ctx.line(found.exit)} without closing it{closed}; the goroutine then waits "
            f"forever with everything it references; `defer close({ch})` after making it",
            found.node,
            related=[(found.receive, f"blocks here once `{ch}` is drained"), (found.exit, "this exit leaves it behind")],
            launch=found.goroutine.stmt,
        )

    def _no_sender(self, ctx: "FileContext", found) -> "Diagnostic":
        ch = "` or `".join(found.names) if found.names else found.channel.name
        exit_kind = "returns" if found.exit.type == "return_statement" else "ends"
        fname = ctx.function_name(found.goroutine.stmt) or "the function"
        if found.other is not None:
            only = f"; it sends on or closes `{ch}` only on other paths (line {ctx.line(found.other)})"
        else:
            only = f"; nothing sends on or closes `{ch}`"
        related = [(found.receive, f"waits here for `{ch}`"), (found.exit, "this exit leaves it behind")]
        if found.other is not None:
            related.append((found.other, "the only signal, skipped on that path"))
        return ctx.diagnostic(
            self.code,
            f"goroutine waits on `{ch}` (line {ctx.line(found.receive)}), but `{fname}` {exit_kind} at line "
            f"{ctx.line(found.exit)} without sending on or closing it{only}; the goroutine then waits forever with "
            f"everything it references; `defer close({found.channel.name})` after making it, or signal it on every path",
            found.node,
            related=related,
            launch=found.goroutine.stmt,
        )
