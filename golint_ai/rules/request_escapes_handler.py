"""The request, its context or its body escapes the HTTP handler's lifetime.

## What it does
A handler is any function, method or func literal with a parameter of a framework's
handler type, from the framework table (`rules/frameworks.toml`, extendable with
`[tool.golint-ai] frameworks.extra`): `*http.Request` (net/http, chi, gorilla/mux),
`*gin.Context`, `echo.Context`, `*fiber.Ctx` / `fiber.Ctx`, `*fasthttp.RequestCtx`,
hertz's `*app.RequestContext` (and its `context.Context` parameter), and gRPC server
streams (`grpc.ServerStream`, `grpc.ServerStreamingServer[T]`, generated
`pb.Svc_MethodServer`), however the package is imported. Tainted inside it: the
parameter, what the table lists one step from it (`r.Context()`, `r.Body`,
`c.Request`, `c.Request().Context()`, `c.Keys`, fiber's `c.Body()` and `c.Params(...)`,
`stream.Context()`), the context (never the cancel function) derived from a tainted
context by `context.WithValue`, `WithCancel`, `WithTimeout`, ... or by a module
function whose summary derives its result from that argument, and composite literals,
`&T{...}` or `append` holding a tainted value; assignment propagates taint.

Checks for a tainted value that escapes the request:
1. stored into a package-level variable, an element of a package-level map or slice
   (also through `append`), or through `Store`, `LoadOrStore` or `Swap` on a
   package-level `sync.Map`;
2. stored into a field (or a map or slice held in a field) of the handler method's
   receiver (`ServeHTTP`, a method also taking an `http.ResponseWriter`, or any method
   taking a framework's handler value; a per-request helper like `(*Form).Bind(r)`, or
   a type a handler makes fresh and hands the request, `c := &capture{}; c.renew(w,
   r)`, is built for one request), which outlives every request;
3. read inside a fire-and-forget goroutine launched in the handler, captured by the
   literal or passed as an argument (`go f(ctx, ...)`; a gRPC `stream.Send` from a
   goroutine the method does not wait for);
4. sent on a channel, alone or inside a composite literal, unless the handler then
   waits for the work (a receive, such as from a reply channel, or a `.Wait()`);
5. handed to a function of the module whose summary keeps it in one of these ways
   (`s.remember(ctx)`, `enqueue(job)`): reported at the call, with the store, send or
   goroutine in the callee as the related location.

`context.WithoutCancel(ctx)` and the framework's detached copy (gin's and hertz's
`c.Copy()`) detach the value: fine for goroutines and sends, still an escape for
stores. fiber and fasthttp reuse a request's memory once the handler returns: the
byte slices and strings read from it (`c.Body()`, `c.Params("id")`, `ctx.PostBody()`)
change under whoever kept them; the message says so. A request this program sends is
no handler's: a function whose `*http.Request` it hands to `Client.Do` or
`RoundTrip`, or whose callers in the package pass it a request built with
`http.NewRequest*`. Test servers in `_test.go` files hand the request to the test on
purpose (sends are not reported there). Not flagged: values copied out of the request
(`r.URL.Path`, a header string, the `io.ReadAll(r.Body)` result, `string(c.Body())`,
`append([]byte(nil), b...)`, `utils.CopyString(...)`, `r.Context().Value(k)`), locals
of the handler, synchronous calls that receive the context, awaited goroutines, and
`context.Background()` / `context.TODO()`.

## Why is this bad?
When the handler returns, the server finishes the request: its context is cancelled,
its body is closed, its connection may serve the next request, and fiber and fasthttp
hand its buffers to the next request. A request kept in a
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

from msgspec.structs import replace

from golint_ai.diagnostics import Related, Span
from golint_ai.leaks.handlers import is_outbound, may_hold_handlers
from golint_ai.leaks.taint import HandlerTaint, handlers
from golint_ai.registry import Level, Precision, Rule

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.context import FileContext
    from golint_ai.diagnostics import Diagnostic
    from golint_ai.leaks.handlers import Handler
    from golint_ai.leaks.taint import Escape


class RequestEscapesHandler(Rule):
    code = "GAI201"
    name = "request-escapes-handler"
    level = Level.WARNING
    precision = Precision.HIGH
    tags = ("http", "context", "goroutine")

    def is_candidate(self, data: bytes, settings) -> bool:
        return may_hold_handlers(data, settings)

    def check(self, ctx: "FileContext") -> Iterator["Diagnostic"]:
        seen: set[int] = set()
        for h in handlers(ctx):
            taint = HandlerTaint(ctx, h)
            found = taint.escapes()
            if found and is_outbound(ctx, h):
                continue  # a request this program sends, not one it serves
            for esc in found:
                if esc.node.id in seen:
                    continue
                seen.add(esc.node.id)
                diag = ctx.diagnostic(
                    self.code,
                    self._message(ctx, h, esc),
                    esc.node,
                    related=[(h.request.ident, f"the {h.label}'s request `{h.request.name}`")],
                )
                if esc.via is not None:
                    v = esc.via
                    related = Related(Span(v.file, v.start, v.end), f"`{esc.callee}` keeps it here")
                    diag = replace(diag, related=diag.related + (related,))
                yield diag

    @staticmethod
    def _message(ctx: "FileContext", h: "Handler", e: "Escape") -> str:
        req, req_line = h.request.name, h.request.line
        src = f"`{e.taint.source}`"
        holder = "" if e.what == e.taint.source else f"`{e.what}` (holding {src}) "
        subject = holder or f"{src} "
        origin = f"request `{req}` of the {h.label} (line {req_line})"
        reuse = (
            f"; {h.framework.id} reuses the request's memory once the handler returns, so copy the bytes "
            f"(`string(b)`, `append([]byte(nil), b...)`, `utils.CopyString(s)`) before keeping them"
            if e.taint.reused else ""
        )
        if e.via is not None:
            v = e.via
            kept = {
                1: f"stores it in package-level `{v.target}`",
                2: f"stores it in `{v.target}`, a field of a receiver that outlives requests",
                3: f"reads it in a goroutine (line {v.line}) nothing waits for",
                4: f"sends it on `{v.target}` and the handler does not wait for the work",
            }[e.case]
            if e.case == 1 and v.kind == "field":
                kept = f"stores it in `{v.target}` of a package-level value"
            return (
                f"{subject}is handed to `{e.callee}`, which {kept} ({v.file}:{v.line}); it outlives the {origin}"
                + (reuse or "; copy out the values you need, or detach the context with `context.WithoutCancel`")
            )
        if e.case == 1:
            return (
                f"{subject}is stored in package-level `{e.target}` and outlives the {origin}; "
                f"copy out the values you need instead{reuse}"
            )
        if e.case == 2:
            return (
                f"{subject}is stored in `{e.target}`, a field of the handler's receiver, and outlives the {origin}; "
                f"copy out the values you need instead{reuse}"
            )
        if e.case == 3:
            g = e.goroutine
            line = ctx.line(g.stmt) if g is not None else 0
            used = f"`{e.what}`" if e.what == e.taint.source else f"`{e.what}` (from {src})"
            copy = next((d for d in h.framework.detached), None)
            detach = f" (or `{req}.{copy}`)" if copy else ""
            return (
                f"fire-and-forget goroutine (line {line}) uses {used} after the handler may have "
                f"returned; the {origin} is then finished and its context cancelled; wait for the goroutine, "
                f"or pass copied values and `context.WithoutCancel(ctx)`{detach}{reuse}"
            )
        return (
            f"{subject}is sent on `{e.target}` and the handler does not wait for the work afterwards; the {origin} "
            f"is finished when the handler returns; wait for a reply, or send copied values{reuse}"
        )
