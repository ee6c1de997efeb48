"""Streaming goroutine sends in a loop without watching the context it has in scope.

## What it does
Checks for a bare send `ch <- v` inside a loop of a func literal launched with `go`,
when a `context.Context` is in scope of that literal (captured, a parameter of the
literal, or the request context of an enclosing handler of any framework in
`rules/frameworks.toml`: `r.Context()`, gin's `c.Request.Context()`, echo's
`c.Request().Context()`, fiber's `c.Context()`, a gRPC `stream.Context()`) and the send
is not a case of a `select` that also has another case (typically `<-ctx.Done()`) or
`default`. A consumer inside a func literal handed to a framework's streaming helper
(gin's `c.Stream(step)`, `SetBodyStreamWriter`) stops when the client goes away: it
does not count as draining the channel.

A bare send inside a func literal handed to a call the goroutine makes (a token
callback: `r.Completion(ctx, func(tok string) { out <- tok })`) runs once per
invocation and counts as a send in a loop, unless the callee calls its argument at
most once (`sync.Once.Do`, `t.Cleanup`, `errgroup.Group.Go`, `time.AfterFunc`, sorting).

It does not flag the send inside `select { case ch <- v: case <-ctx.Done(): return }`;
goroutines with no context in scope; a channel whose only consumer is the launching
function ranging over it (or receiving in a loop) until it is closed, with no
`return`, `break` or `goto` out of that loop (leaving it by failing the test does not
count), or receiving exactly once per item it hands out (`for range reqs { <-out }`);
a goroutine whose sends on the channel can each run at most once (`ch <- err;
return` in its loop: a single sender, `goroutine-abandoned-send`'s territory, and a
send that rule reports is not reported again); a channel whose capacity covers every
send (a loop bound no larger than the capacity, `make(chan T, len(xs))` with `range
xs`, or ranging over a channel the function fills once per element of `xs`); a
buffered channel whose producer loop stops on the context every iteration (a select
with a `ctx.Done()` case, `if ctx.Err() != nil`, or a call handed the context whose
error leaves the loop); a producer the function waits for (`wg.Wait()`, `<-done`): a
blocked send would hang the function rather than leak; in `_test.go` files a producer
the test waits for; a send in a branch that never runs (`if _, err :=
sb.WriteString(s); err != nil`: `strings.Builder` never fails); goroutines of `main`.

## Why is this bad?
This is the commonest goroutine leak in streaming services: a token, chunk or row
producer keeps doing bare sends while its consumer has stopped reading because the
client went away, an error ended the read loop, or a timeout fired. The next send
blocks forever, pinning the goroutine, the upstream stream or model session, and
every buffer it holds. The context that would have told it to stop was right there.

## Example
```go
func stream(ctx context.Context, next func() (string, bool)) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for {
			tok, ok := next()
			if !ok {
				return
			}
			out <- tok
		}
	}()
	return out
}
```

## How to fix
Make every send a `select` that also watches the context, and return when it is done:
```go
func stream(ctx context.Context, next func() (string, bool)) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for {
			tok, ok := next()
			if !ok {
				return
			}
			select {
			case out <- tok:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from golint_ai.leaks.goroutines import go_literals, unguarded_stream_send
from golint_ai.leaks.handlers import may_hold_handlers
from golint_ai.golang.query import captures, compile_query
from golint_ai.golang.walk import text, unparen
from golint_ai.registry import Level, Precision, Rule

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.context import FileContext
    from golint_ai.diagnostics import Diagnostic

_ANY_SEND = compile_query("(send_statement) @send")


class StreamSendIgnoresCancellation(Rule):
    code = "GAI103"
    name = "stream-send-ignores-cancellation"
    level = Level.WARNING
    precision = Precision.HIGH
    tags = ("goroutine", "channel", "context", "streaming")
    triggers = (b"go func",)

    def is_candidate(self, data, settings) -> bool:
        if b"go func" not in data or b"<-" not in data:
            return False
        return b"context" in data or may_hold_handlers(data, settings)

    def check(self, ctx: "FileContext") -> Iterator["Diagnostic"]:
        seen: set[int] = set()
        for _, m in go_literals(ctx):
            if ctx.file.in_broken_code(m):
                continue
            for send in captures(_ANY_SEND, m).get("send", []):
                if send.id in seen:
                    continue
                seen.add(send.id)
                found = unguarded_stream_send(ctx, send)
                if found is None:
                    continue
                ch = text(send.child_by_field_name("channel"))
                value = text(send.child_by_field_name("value"))
                c = found.context
                decl_line = ctx.line(c.decl)
                if _detached(ctx, c.binding):
                    # context.WithoutCancel(...) is never done: watching it changes nothing.
                    select = f"select {{ case {ch} <- {value}: case <-done: return }}"
                    remedy = (
                        f"`{c.name}` is detached (context.WithoutCancel) and never done, so give the producer a "
                        f"context or `done` channel the consumer cancels and write `{select}`"
                    )
                else:
                    select = f"select {{ case {ch} <- {value}: case <-{c.name}.Done(): return }}"
                    remedy = f"write `{select}`"
                where = "in a loop"
                related = [(c.decl, f"`{c.name}` is in scope here"), (found.goroutine.stmt, "the producer goroutine")]
                if found.callback is not None:
                    where = f"in a callback that `{_callee(found.loop)}` (line {ctx.line(found.loop)}) calls once per item"
                    related.append((found.loop, "the callback runs once per call made here"))
                yield ctx.diagnostic(
                    self.code,
                    f"goroutine (line {ctx.line(found.goroutine.stmt)}) sends on `{ch}` {where} without watching "
                    f"`{c.name}` (line {decl_line}); once the consumer stops reading, the send blocks forever and pins "
                    f"the goroutine and everything it holds; {remedy}",
                    send,
                    related=related,
                    launch=found.goroutine.stmt,
                )


def _callee(call) -> str:
    fn = unparen(call.child_by_field_name("function"))
    return text(fn) if fn is not None else "the call"


def _detached(ctx: "FileContext", binding) -> bool:
    """Whether a context variable holds ``context.WithoutCancel(...)``."""
    value = unparen(getattr(binding, "value", None))
    if value is None or value.type != "call_expression":
        return False
    q = ctx.qualified_callee(value)
    return q is not None and f"{q[0]}.{q[1]}" in ctx.knowledge.context_detach
