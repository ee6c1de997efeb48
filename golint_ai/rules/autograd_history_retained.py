"""Tensor with autograd history accumulated into something that outlives the iteration.

## What it does
Checks values that carry autograd history — the result of a model call (`model(x)`,
`self.net(x)`, `model.forward(x)`), of a loss (`criterion(out, y)`, `loss_fn(...)`,
`F.cross_entropy(...)`, `self.compute_loss(...)`), a value derived from one
(`outputs.loss`, `loss / k`, `loss.mean()`), or a tensor `.backward()` was called on —
when they are accumulated across loop iterations into a variable, list, dict or
attribute bound outside the loop: `total += loss`, `total = total + loss`,
`losses.append(loss)`, `history[k] = out`, and, in any method, into an attribute of
`self` (`self.outputs.append(loss)`, `self.history[k] = out`), which outlives the call.

Not flagged: values reduced with `.item()`, `.detach()`, `float()`, `.tolist()`,
`.data` or `.cpu().numpy()`; code inside `torch.no_grad()` /
`torch.inference_mode()` (context manager or decorator, also on an enclosing
function; a decorator on an `async def` does not count, it only covers creating the
coroutine); accumulators bound inside the loop; accumulators that are returned or on
which `.backward()` is called afterwards (summing losses to backpropagate once is
intended); a plain attribute overwritten each iteration (`self.last = loss`).

## Why is this bad?
A tensor with history references the whole autograd graph that produced it, with every
activation the graph saved for the backward pass. Keeping one per iteration keeps every
iteration's graph alive: GPU memory grows with each step until the process runs out of
memory, usually hours into an epoch or a long-running evaluation.

## Example
```python
total_loss = 0
for x, y in loader:
    loss = criterion(model(x), y)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
    total_loss += loss
```

## How to fix
Accumulate a Python number (or a detached tensor):
```python
total_loss = 0
for x, y in loader:
    loss = criterion(model(x), y)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
    total_loss += loss.item()
```
The finding offers a fix that appends `.item()` to an accumulated name (`total += loss`)
or `.detach()` to one stored in a list, dict or attribute. The fix is unsafe (applied
only with `--fix --unsafe-fixes`, and offered to editors): `.item()` turns the
accumulator into a Python float and fails on a tensor with more than one element, and
code that meant to backpropagate through the accumulated value no longer can.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from golint_ai.diagnostics import Applicability, Edit, Fix
from golint_ai.registry import FixAvailability, Level, Precision, Rule

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.diagnostics import Diagnostic
    from golint_ai.python.context import PyFileContext


class AutogradHistoryRetained(Rule):
    code = "GAI602"
    name = "autograd-history-retained"
    language = "python"
    level = Level.WARNING
    precision = Precision.MEDIUM
    tags = ("pytorch", "autograd", "memory-growth")
    fix_availability = FixAvailability.SOMETIMES
    triggers = (b"torch",)

    def check(self, ctx: "PyFileContext") -> Iterator["Diagnostic"]:
        from golint_ai.leaks import accumulate

        for site in accumulate.history_sinks(ctx.file):
            yield self._report(ctx, site)

    def _report(self, ctx: "PyFileContext", site) -> "Diagnostic":
        f = ctx.file
        where = f"across iterations of the loop at line {f.line(site.loop)}" if site.loop is not None else "across calls"
        msg = (
            f"`{site.value_text}` ({site.origin.what}) is accumulated into `{site.target}` {where} with its autograd "
            f"history, so every iteration's graph and saved activations stay alive — "
            + (f"use `{site.value_text}.{site.remedy}()`" if site.simple else "keep `.item()` or `.detach()` of the tensors in it")
        )
        return ctx.diagnostic(
            self.code, msg, site.node, related=[(site.origin.node, "the value gets its autograd history here")],
            fix=self._fix(ctx, site),
        )

    def _fix(self, ctx: "PyFileContext", site) -> Fix | None:
        if not site.simple:
            return None
        _, end = ctx.file.byte_span(site.value)
        return Fix(
            title=f"Use `{site.value_text}.{site.remedy}()`",
            edits=(Edit(ctx.file.source.display, end, end, f".{site.remedy}()"),),
            applicability=Applicability.UNSAFE,
        )
