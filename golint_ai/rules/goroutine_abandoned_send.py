"""Goroutine's unbuffered send is left without its receive: a select gave up, an early return, more sends than receives.

## What it does
Checks for a goroutine launched in a function F that does a bare send (`ch <- v`, not
a case of a `select` with a `ctx.Done()`, `default` or other case) on a channel made
in F with `make(chan T)` (or capacity 0), while F receives from that channel only in
a `select` with another case (`<-ctx.Done()`, `<-time.After(...)`, a timer or ticker,
`default`) whose branch leaves F or the receiving loop (`return`, a labelled `break`,
`goto`, `panic`).

It does not flag a buffered channel (`make(chan T, 1)`), a send that is itself a
select case next to `ctx.Done()` or `default`, an unconditional receive, a loop that
keeps receiving after the other case fires, or a loop that makes a fresh channel per
iteration and only `continue`s. A case that ends in a test failure (`t.Fatal*`,
`t.FailNow`, `require.*`, or `t.Error*` as the test's last action) leaves the goroutine
behind only in a failed test and is not counted, nor is an error returned by a test
helper whose every caller fails or skips the test on it. Neither counts a case receiving
from a channel the goroutine sends to only on paths that exclude this send (`if err !=
nil { errCh <- err } else { resCh <- v }`): when that case wins, this send never
happens; nor a case that leaves the loop only once counters of this receive say all
arrived (`n++ ... if n == 2 && m == 2 { return }`). A send filtered on
`http.ErrServerClosed` when F shuts the server down is never made; goroutines of
`main` (and of functions only `main` calls) end with the process.

The same unbuffered send, on a channel F never hands anywhere else, is also left
behind when:
- F *returns early*: a path from the `go` statement to an exit of F passes no receive
  (`if err != nil { return err }` before `<-ch`); a deferred receive covers every exit,
  receives in a loop count per iteration (not this case), and a path on which the
  goroutine does not send either is not counted (both test the same captured variable:
  `if need { ch <- v }` ... `if need { <-ch }`);
- *N senders, fewer receives*: the `go` sits in a loop that launches it again (not one
  that breaks or returns right after it) and F receives once, outside any loop (the
  first result wins), or a counted loop (`for i := 0; i < 3; i++`, nothing leaving it
  early) launches goroutines that each send while F receives fewer times, counting
  counted receive loops (`for i := 0; i < 2; i++ { <-ch }`); the safe fix
  `make(chan T, len(xs))` is offered only when it provably counts the senders: the one
  loop ranges over a slice, array, map or string `xs` that nothing reassigns between
  the `make` and the loop, no other loop relaunches the goroutines, each goroutine
  sends at most once on every path, and the channel goes nowhere else;
- the goroutine *sends twice* on one path (`if err != nil { errc <- err }` with no
  `return`, then `errc <- nil`) while F receives once: the second send is reported.
  Sends in branches that exclude each other count once. An unconditional send in a
  closure the goroutine defers runs after every send of its body, so it is the second
  one (a deferred send under `if r := recover(); r != nil` is not counted).

## Why is this bad?
When the other case wins (the client went away, the timeout fired), F returns and
nobody will ever receive from the channel. An unbuffered send blocks until a receiver
comes, so the goroutine blocks forever, and with it everything it references: the
inference result, the request, the model session. Each timed-out request leaks one
goroutine and its memory.

## Example
```go
func infer(ctx context.Context, run func() []float32) ([]float32, error) {
	out := make(chan []float32)
	go func() {
		out <- run()
	}()
	select {
	case res := <-out:
		return res, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
```

## How to fix
Give the channel room for the goroutine's one send, so that it can always complete
and exit even when nobody receives:
```go
func infer(ctx context.Context, run func() []float32) ([]float32, error) {
	out := make(chan []float32, 1)
	go func() {
		out <- run()
	}()
	select {
	case res := <-out:
		return res, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
```
When the goroutine sends once and is launched once per channel, the finding carries
that change (`make(chan T)` → `make(chan T, 1)`) as an automatic fix. The fix is
safe: a buffered send never blocks where an unbuffered one completed, and the
receiver sees the same value. When the goroutine sends several times, make it
`select` on `ctx.Done()` as well.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from golint_ai.diagnostics import Applicability, Edit, Fix
from golint_ai.leaks.leftbehind import sender_left_behind
from golint_ai.leaks.goroutines import abandoned_send, go_literals
from golint_ai.golang.query import captures, compile_query
from golint_ai.golang.walk import ancestors, is_within, text
from golint_ai.registry import FixAvailability, Level, Precision, Rule

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.leaks.leftbehind import LeftBehind
    from golint_ai.context import FileContext
    from golint_ai.diagnostics import Diagnostic
    from golint_ai.leaks.goroutines import AbandonedSend

_SENDS = compile_query("(send_statement) @send")
_UNBUFFERED = re.compile(rb"make\(chan [^,\n]*?\)(?!\))")


class GoroutineAbandonedSend(Rule):
    code = "GAI102"
    name = "goroutine-abandoned-send"
    level = Level.WARNING
    precision = Precision.HIGH
    tags = ("goroutine", "channel")
    fix_availability = FixAvailability.SOMETIMES
    triggers = (b"go func",)

    def is_candidate(self, data, settings) -> bool:
        if b"go func" not in data or b"make(chan" not in data or b"<-" not in data:
            return False
        # (a) needs a select; (b)-(d) an unbuffered `make(chan T)`
        return b"select" in data or _UNBUFFERED.search(data) is not None

    def check(self, ctx: "FileContext") -> Iterator["Diagnostic"]:
        seen: set[int] = set()
        has_select = b"select" in ctx.file.data  # case (a) needs a select receive
        for _, lit in go_literals(ctx):
            if ctx.file.in_broken_code(lit):
                continue
            for send in captures(_SENDS, lit).get("send", []):
                if send.id in seen:
                    continue
                seen.add(send.id)
                found = abandoned_send(ctx, send) if has_select else None
                if found is not None:
                    yield self._diagnostic(ctx, found)
                    continue
                left = sender_left_behind(ctx, send)
                if left is not None:
                    yield self._left_behind(ctx, left)

    def _left_behind(self, ctx: "FileContext", a: "LeftBehind"):
        ch = a.channel.name
        go_line = ctx.line(a.goroutine.stmt)
        args = a.make.child_by_field_name("arguments")
        chan_type = text(args.named_children[0]) if args is not None and args.named_child_count else "T"
        fix = None
        select = f"select {{ case {ch} <- v: case <-done: return }}"
        if a.case == "early-return":
            exit_text = "returns" if a.exit is not None and a.exit.type == "return_statement" else "ends"
            message = (
                f"goroutine (line {go_line}) sends on unbuffered `{ch}` (made at line {ctx.line(a.make)}), but "
                f"`{ctx.function_name(a.goroutine.stmt) or 'the function'}` {exit_text} at line {ctx.line(a.exit)} before its receive at line "
                f"{ctx.line(a.receive)}; the goroutine then blocks forever with everything it references; "
                + (f"use `make({chan_type}, 1)`" if a.sends_once else f"give `{ch}` room for every send, or `{select}`")
            )
            related = [(a.make, f"`{ch}` made unbuffered here"), (a.exit, "this exit leaves the sender behind"), (a.receive, "the only receive")]
            if a.sends_once:
                fixed = f"make({chan_type}, 1)"
                fix = Fix(f"Give `{ch}` capacity 1: `{fixed}`", (Edit(ctx.file.source.display, a.make.start_byte, a.make.end_byte, fixed),), Applicability.SAFE)
        elif a.case == "senders":
            bound = f"len({text(a.range_of)})" if a.range_of is not None else None
            launches = f"launches up to {a.bound} senders" if a.bound else "launches a sender per iteration"
            receives = f"receives once at line {ctx.line(a.receive)}" if a.count == 1 else \
                f"receives at most {a.count} times (first at line {ctx.line(a.receive)})"
            message = (
                f"goroutines (line {go_line}) send on unbuffered `{ch}` (made at line {ctx.line(a.make)}), but the function "
                f"{receives} while the loop at line {ctx.line(a.other)} {launches}; every "
                f"sender but the first {'' if a.count == 1 else f'{a.count} '}blocks forever with everything it references; "
                + (f"use `make({chan_type}, {bound})`" if bound else f"give `{ch}` room for every sender, or `{select}`")
            )
            related = [(a.make, f"`{ch}` made unbuffered here"), (a.other, "this loop launches the senders"), (a.receive, "the only receive" if a.count == 1 else "the first receive")]
            if bound is not None and a.sends_once:
                fixed = f"make({chan_type}, {bound})"
                fix = Fix(f"Give `{ch}` one slot per sender: `{fixed}`", (Edit(ctx.file.source.display, a.make.start_byte, a.make.end_byte, fixed),), Applicability.SAFE)
        elif any(p.type == "defer_statement" for p in ancestors(a.node) if is_within(p, a.goroutine.literal)):
            message = (
                f"goroutine (line {go_line}) sends on unbuffered `{ch}` (made at line {ctx.line(a.make)}) a second time here, "
                f"in a deferred call that runs after the send at line {ctx.line(a.other)}, but the function receives once at "
                f"line {ctx.line(a.receive)}; this send blocks forever; send once, from one place"
            )
        else:
            message = (
                f"goroutine (line {go_line}) can send on unbuffered `{ch}` (made at line {ctx.line(a.make)}) a second time here "
                f"after the send at line {ctx.line(a.other)}, but the function receives once at line {ctx.line(a.receive)}; "
                f"this send blocks forever; `return` after the first send, or send once"
            )
        if a.case == "double-send":
            related = [(a.make, f"`{ch}` made unbuffered here"), (a.other, "the first send"), (a.receive, "the only receive")]
        return ctx.diagnostic(self.code, message, a.node, related=related, fix=fix, launch=a.goroutine.stmt)

    def _diagnostic(self, ctx: "FileContext", a: "AbandonedSend"):
        ch = a.channel.name
        case_comm = a.case.child_by_field_name("communication")
        case_text = f"case {text(case_comm)}" if case_comm is not None else "default"
        fix = None
        args = a.make.child_by_field_name("arguments")
        chan_type = args.named_children[0] if args is not None and args.named_child_count else None
        fixed = f"make({text(chan_type)}, 1)"
        if a.sends_once and chan_type is not None:
            fix = Fix(
                f"Give `{ch}` capacity 1: `{fixed}`",
                (Edit(ctx.file.source.display, a.make.start_byte, a.make.end_byte, fixed),),
                Applicability.SAFE,
            )
        message = (
            f"goroutine (line {ctx.line(a.goroutine.stmt)}) sends on unbuffered `{ch}` (made at line {ctx.line(a.make)}), "
            f"but the receive at line {ctx.line(a.receive)} is abandoned when `{case_text}` (line {ctx.line(a.case)}) "
            f"wins; the goroutine then blocks forever with everything it references; use `{fixed}`"
        )
        return ctx.diagnostic(
            self.code,
            message,
            a.send,
            related=[(a.make, f"`{ch}` made unbuffered here"), (a.case, "this case abandons the receive")],
            fix=fix,
            launch=a.goroutine.stmt,
        )
