"""The request, its context or its body escapes the HTTP handler's lifetime.

## What it does
A handler is any function, method or func literal with a parameter of type
`*http.Request` (`net/http`, however it is imported). Tainted inside it: the request,
`r.Context()`, `r.Body`, `r.WithContext(...)`, `r.Clone(...)`, the context (never the
cancel function) derived from a tainted context by `context.WithValue`,
`WithCancel`, `WithCancelCause`, `WithTimeout` or `WithDeadline`, and composite
literals or `&T{...}` holding a tainted value; assignment propagates taint.

Checks for a tainted value that escapes the request:
1. stored into a package-level variable, an element of a package-level map or slice
   (also through `append`), or through `Store`, `LoadOrStore` or `Swap` on a
   package-level `sync.Map`;
2. stored into a field (or a map or slice held in a field) of the handler method's
   receiver (`ServeHTTP`, or a method also taking an `http.ResponseWriter`; a
   per-request helper like `(*Form).Bind(r)`, or a type a handler makes fresh and
   hands the request, `c := &capture{}; c.renew(w, r)`, is built for one request),
   which outlives every request;
3. read inside a fire-and-forget goroutine launched in the handler, captured by the
   literal or passed as an argument (`go f(ctx, ...)`);
4. sent on a channel, alone or inside a composite literal, unless the handler then
   waits for the work (a receive, such as from a reply channel, or a `.Wait()`).

`context.WithoutCancel(ctx)` detaches the context: fine for cases 3 and 4, still an
escape for cases 1 and 2. A request this program sends is no handler's: a function
whose `*http.Request` it hands to `Client.Do` or `RoundTrip`, or whose callers in the
package pass it a request built with `http.NewRequest*`. Test servers in `_test.go`
files hand the request to the test on purpose (case 4 is not reported there). Not flagged: values copied out of the request (`r.URL.Path`,
a header string, the `io.ReadAll(r.Body)` result, `r.Context().Value(k)`), locals of
the handler, synchronous calls that receive the context, awaited goroutines, and
`context.Background()` / `context.TODO()`.

## Why is this bad?
When the handler returns, net/http finishes the request: its context is cancelled,
its body is closed and its connection may serve the next request. A request kept in a
global or a server field pins its headers, body buffers and context values (often the
decoded input tensor) for the life of the process, and a goroutine or worker still
using the request context sees it cancelled half way through, or reads a closed body.

## Example
```go
var lastRequest *http.Request

func handle(w http.ResponseWriter, r *http.Request) {
	lastRequest = r
	w.WriteHeader(http.StatusOK)
}
```

## How to fix
Copy out the values you need; for background work, detach the context with
`context.WithoutCancel(r.Context())` (Go 1.21) or start from `context.Background()`,
or wait for the work before returning:
```go
var lastPath string

func handle(w http.ResponseWriter, r *http.Request) {
	lastPath = r.URL.Path
	w.WriteHeader(http.StatusOK)
}
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from golint_ai.leaks.taint import HandlerTaint, handlers
from golint_ai.registry import Level, Precision, Rule

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.context import FileContext
    from golint_ai.diagnostics import Diagnostic
    from golint_ai.leaks.taint import Escape


class RequestEscapesHandler(Rule):
    code = "GAI201"
    name = "request-escapes-handler"
    level = Level.WARNING
    precision = Precision.HIGH
    tags = ("http", "context", "goroutine")
    triggers = (b"net/http",)

    def check(self, ctx: "FileContext") -> Iterator["Diagnostic"]:
        seen: set[int] = set()
        for h in handlers(ctx):
            taint = HandlerTaint(ctx, h)
            for esc in taint.escapes():
                if esc.node.id in seen:
                    continue
                seen.add(esc.node.id)
                yield ctx.diagnostic(
                    self.code,
                    self._message(ctx, h.request.name, h.request.line, esc),
                    esc.node,
                    related=[(h.request.ident, f"the handler's request `{h.request.name}`")],
                )

    @staticmethod
    def _message(ctx: "FileContext", req: str, req_line: int, e: "Escape") -> str:
        src = f"`{e.taint.source}`"
        holder = "" if e.what == e.taint.source else f"`{e.what}` (holding {src}) "
        subject = holder or f"{src} "
        origin = f"request `{req}` of the handler (line {req_line})"
        if e.case == 1:
            return (
                f"{subject}is stored in package-level `{e.target}` and outlives the {origin}; "
                f"copy out the values you need instead"
            )
        if e.case == 2:
            return (
                f"{subject}is stored in `{e.target}`, a field of the handler's receiver, and outlives the {origin}; "
                f"copy out the values you need instead"
            )
        if e.case == 3:
            g = e.goroutine
            line = ctx.line(g.stmt) if g is not None else 0
            used = f"`{e.what}`" if e.what == e.taint.source else f"`{e.what}` (from {src})"
            return (
                f"fire-and-forget goroutine (line {line}) uses {used} after the handler may have "
                f"returned; the {origin} is then finished and its context cancelled; wait for the goroutine, "
                f"or pass copied values and `context.WithoutCancel(ctx)`"
            )
        return (
            f"{subject}is sent on `{e.target}` and the handler does not wait for the work afterwards; the {origin} "
            f"is finished when the handler returns; wait for a reply, or send copied values"
        )
