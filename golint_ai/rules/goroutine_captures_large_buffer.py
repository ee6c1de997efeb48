"""Fire-and-forget goroutine captures a large buffer and pins its whole backing array.

## What it does
Checks for a fire-and-forget `go func() { ... }()` whose literal reads a captured
variable of the launching function that is a large buffer: a slice of numeric or
bool elements (`[]byte`, `[]float32`, ...), a slice of such slices, an array of them
of at least `large-buffer-bytes`, or a tensor type (any type named `Tensor` or ending
in `Tensor`, `*tensor.Dense`, and the configured `tensor-types`).

It does not flag a goroutine that is awaited: a later `.Wait()` on a WaitGroup or
errgroup it uses (also in a function enclosing the closure that launches it), a
receive, `range` or select receive on a channel it sends to or closes, a channel it
sends to that the function returns (the caller drains it), an `io.Pipe` end whose
other end the function reads or closes, another goroutine the function awaits that
waits for it (`go func() { wg.Wait(); close(done) }()`, or workers ranging over the
channel it closes), or a `s.wg.Done()` on a WaitGroup field the package waits on
elsewhere, as in a `Flush` or `Close` method. Nor a buffer passed to the literal as an
argument, captured strings, maps, structs, pointers or `[]string`, variables declared
inside the literal, package-level variables, or slices of a small known size (a
constant length, `[]byte("literal")`, `[]byte(strconv.Itoa(n))`). It is silent in
`_test.go` files: a test binary exits before a pinned buffer matters.

## Why is this bad?
A closure keeps every variable it captures reachable for as long as the goroutine
runs. Nobody waits for a fire-and-forget goroutine, so its lifetime is unbounded: a
slow upload, a retry loop or a blocked channel send keeps the whole backing array of
the model weights, the decoded image or the token batch alive long after the request
that allocated it has finished, and the heap grows with every request in flight.

## Example
```go
func handle(weights []float32, report func(float32)) {
	go func() {
		report(weights[0])
	}()
}
```

## How to fix
Pass the part the goroutine needs as an argument (copy it when it is a small part of
a large array), or wait for the goroutine before returning:
```go
func handle(weights []float32, report func(float32)) {
	go func(first float32) {
		report(first)
	}(weights[0])
}
```

## Options
- `large-buffer-bytes`: the size from which a constant-size buffer counts as large (default 65536).
- `tensor-types`: extra tensor type names, e.g. `["*gorgonia.Node"]`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from golint_ai.leaks.goroutines import go_literals, goroutine_of, is_awaited, joins_field_waitgroup, program_lifetime
from golint_ai.golang.gotypes import is_large_buffer, may_be_large_buffer_binding, type_of_binding
from golint_ai.registry import Level, Precision, Rule

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.context import FileContext
    from golint_ai.diagnostics import Diagnostic


class GoroutineCapturesLargeBuffer(Rule):
    code = "GAI101"
    name = "goroutine-captures-large-buffer"
    level = Level.WARNING
    precision = Precision.HIGH
    tags = ("goroutine", "memory")
    triggers = (b"go func",)
    in_tests = False  # a test binary exits before retained memory matters
    per_function = True

    def check(self, ctx: "FileContext") -> Iterator["Diagnostic"]:
        reported: set[int] = set()
        for go, _ in go_literals(ctx):
            if ctx.file.in_broken_code(go):
                continue
            g = goroutine_of(go)
            if g is None or g.literal is None:
                continue
            captured = ctx.scopes(g.literal).captured_by(g.literal)
            large = []
            for b, reads in captured.items():
                if not may_be_large_buffer_binding(ctx, b):
                    continue
                st = type_of_binding(ctx, b)
                if is_large_buffer(ctx, st):
                    large.append((b, reads, st))
            if not large or is_awaited(ctx, g) or joins_field_waitgroup(ctx, g) or program_lifetime(ctx, g):
                continue
            for b, reads, st in sorted(large, key=lambda x: x[1][0].start_byte):
                read = reads[0]
                if read.id in reported:
                    continue
                reported.update(r.id for r in reads)
                go_line = ctx.line(go)
                type_text = st.text if st is not None else "buffer"
                yield ctx.diagnostic(
                    self.code,
                    f"goroutine started at line {go_line} captures `{b.name}` ({type_text}); its whole backing "
                    f"array stays reachable until the goroutine exits, and nothing waits for it; pass only the "
                    f"part it needs as an argument (copied), or wait for the goroutine",
                    read,
                    related=[(go, "the fire-and-forget `go` statement"), (b.ident, f"`{b.name}` declared here")],
                    launch=go,
                )
