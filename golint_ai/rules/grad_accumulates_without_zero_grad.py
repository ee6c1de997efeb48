"""Training loop that calls `backward()` and `step()` but never zeroes the gradients.

## What it does
Checks `for` and `while` loops that call `<tensor>.backward()` (also
`scaler.scale(loss).backward()`, `accelerator.backward(loss)`,
`self.manual_backward(loss)`) and apply the gradients with an optimizer's `step()`
(`opt.step()`, `self.optimizer.step()`, `scaler.step(opt)`, or any name bound to a
`torch.optim` constructor) but never zero them inside the loop: no `opt.zero_grad()`,
`model.zero_grad()`, `zero_grad(set_to_none=True)`, helper named like one,
`p.grad = None` or `p.grad.zero_()`.

Not flagged: gradient accumulation that zeroes under a condition (`if (i + 1) % k == 0:
opt.step(); opt.zero_grad()`), loops without an optimizer `step()` (only
`scheduler.step()` or `env.step(a)`, or a DeepSpeed engine's `step()`, which zeroes
itself), and loops whose nested loop is the one reported. Only the innermost loop that
holds both calls is reported.

## Why is this bad?
`backward()` adds to `.grad`; it does not overwrite it. Without a reset every step
applies the sum of all gradients since the loop started, so updates grow without bound
and training diverges — the classic silent PyTorch bug. The accumulated `.grad`
tensors also keep memory that a `set_to_none` reset would have released between steps.

## Example
```python
for inputs, targets in loader:
    loss = criterion(model(inputs), targets)
    loss.backward()
    optimizer.step()
```

## How to fix
Zero the gradients once per step (before `backward()` or after `step()`):
```python
for inputs, targets in loader:
    optimizer.zero_grad(set_to_none=True)
    loss = criterion(model(inputs), targets)
    loss.backward()
    optimizer.step()
```
For gradient accumulation, zero right after the conditional `step()`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

import re

from golint_ai.registry import Level, Precision, Rule

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.diagnostics import Diagnostic
    from golint_ai.python.context import PyFileContext


class GradAccumulatesWithoutZeroGrad(Rule):
    code = "GAI601"
    name = "grad-accumulates-without-zero-grad"
    language = "python"
    level = Level.WARNING
    precision = Precision.HIGH
    tags = ("pytorch", "training", "autograd")
    triggers = (b".backward(",)

    def is_candidate(self, data: bytes, settings) -> bool:
        return b"backward(" in data and b".step(" in data

    def check(self, ctx: "PyFileContext") -> Iterator["Diagnostic"]:
        from golint_ai.leaks import autograd as A

        f = ctx.file
        optimizers = A.optimizer_names(f)
        candidates = []
        for loop in A.loops(f):
            back = A.backward_calls(f, loop.body)
            steps = A.optimizer_steps(f, loop.body, optimizers)
            if back and steps:
                candidates.append((loop, back, steps))
        for loop, back, steps in candidates:
            lo, hi = f.byte_span(loop)
            if any(other is not loop and lo <= f.byte_span(other)[0] < hi for other, _, _ in candidates):
                continue  # a nested loop holds both: that one is the training loop
            if A.zeroes_gradients(f, loop.body):
                continue
            step = steps[0]
            b = back[0]
            opt = f.code(step.func.value)
            keyword = "while" if loop.__class__.__name__ == "While" else "for"
            msg = (
                f"`{_short(f.code(b))}` (line {f.line(b)}) and `{_short(f.code(step))}` run every iteration of the "
                f"`{keyword}` loop at line {f.line(loop)}, but nothing in the loop zeroes the gradients: each step applies "
                f"the sum of all gradients so far — call `{_zero_call(opt)}` each iteration"
            )
            yield ctx.diagnostic(self.code, msg, step, related=[(b, "gradients are accumulated into `.grad` here"), (loop, "the loop")])


def _zero_call(opt: str) -> str:
    m = re.match(r"^(.*scaler)$", opt)
    if m:
        return "optimizer.zero_grad(set_to_none=True)"
    return f"{opt}.zero_grad(set_to_none=True)"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
