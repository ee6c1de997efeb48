"""Request handler runs a PyTorch model with gradient tracking on.

## What it does
Checks request handlers — FastAPI / Starlette / Flask / aiohttp routes (`@app.post("/x")`,
`@router.get(...)`, `@bp.route(...)`, `@routes.post(...)`, functions registered with
`Route("/x", fn)`, `add_url_rule`, `add_api_route`, `router.add_post`) and the public
methods of gRPC servicer classes (a base named `...Servicer`) — for model forwards
(`model(x)`, `self.net(x)`, `model.forward(x)`, `model.generate(...)`) that run outside
`torch.no_grad()` / `torch.inference_mode()` (a `with` block, or a decorator on the
handler or an enclosing function), and not after `torch.set_grad_enabled(False)` in the
handler.

Not flagged: forwards under one of those; models whose parameters the file freezes
(`model.requires_grad_(False)`); functions that do something to a model rather than run
it (`load_model`, `self._release_model()`, `list_models()`) and functions of imported
modules (`np.clip(...)`); `model.generate(...)` unless the file defines its own
`generate` without `no_grad` (a library's `generate` — transformers, vLLM, TTS packages —
runs under `no_grad` or `inference_mode` itself). A `@torch.no_grad()` decorator on an `async def` handler does not count: it
only covers creating the coroutine, and the body runs later with tracking back on. A
module-level `torch.set_grad_enabled(False)` does not count either: grad mode is
per thread, and servers run handlers on worker threads.

## Why is this bad?
With gradient tracking on, every forward records an autograd graph and keeps each
layer's activations for a backward pass that never comes. Per request that is memory
proportional to the model's activations (for an LLM, far more than the output), held as
long as any output tensor lives — cached responses, logged logits or a queued batch keep
whole graphs alive, and throughput drops from the extra bookkeeping.

## Example
```python
@app.post("/predict")
def predict(req: Request):
    x = preprocess(req.text)
    logits = model(x)
    return {"label": int(logits.argmax())}
```

## How to fix
Run inference without autograd:
```python
@app.post("/predict")
@torch.inference_mode()
def predict(req: Request):
    x = preprocess(req.text)
    logits = model(x)
    return {"label": int(logits.argmax())}
```
or wrap the forward in `with torch.inference_mode():` (required in an `async def`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from golint_ai.registry import Level, Precision, Rule

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.diagnostics import Diagnostic
    from golint_ai.python.context import PyFileContext


class InferenceWithoutNoGrad(Rule):
    code = "GAI603"
    name = "inference-without-no-grad"
    language = "python"
    level = Level.WARNING
    precision = Precision.HIGH
    tags = ("pytorch", "serving", "autograd")
    triggers = (b"torch",)

    def is_candidate(self, data: bytes, settings) -> bool:
        return b"torch" in data and (b"def " in data)

    def check(self, ctx: "PyFileContext") -> Iterator["Diagnostic"]:
        from golint_ai.leaks import pyhandlers as H
        from golint_ai.python.prefilter import imported_roots

        f = ctx.file
        if "torch" not in imported_roots(f.data):
            return
        for handler in H.handlers(f):
            name = handler.func.name.value
            for call in H.forwards_with_grad(f, handler):
                text = " ".join(f.code(call.func).split())
                asyncnote = " (a decorator on an `async def` does not cover its body)" if handler.func.asynchronous is not None and _decorated(ctx, handler.func) else ""
                msg = (
                    f"request handler `{name}` ({handler.how}) runs `{text}(...)` at line {f.line(call)} with gradient tracking on"
                    f"{asyncnote}: every request records an autograd graph and keeps the activations — "
                    f"wrap it in `with torch.inference_mode():`"
                    + ("" if handler.func.asynchronous is not None else f" or decorate `{name}` with `@torch.inference_mode()`")
                )
                yield ctx.diagnostic(self.code, msg, call, related=[(handler.func.name, "the request handler")])


def _decorated(ctx: "PyFileContext", func) -> bool:
    from golint_ai.leaks.autograd import _grad_off_call

    return any(_grad_off_call(ctx.file, d.decorator) for d in func.decorators)
