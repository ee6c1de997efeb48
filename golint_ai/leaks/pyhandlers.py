"""Python request handlers: functions a web framework or RPC server calls once per
request (FastAPI / Starlette / Flask / aiohttp routes, gRPC servicer methods), and the
model forwards they run."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

import libcst as cst
from msgspec import Struct

from golint_ai.leaks.autograd import grad_disabled, is_model_call, _grad_off_call
from golint_ai.python.syntax import dotted, last_name, walk_no_functions

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.python.parse import PyFile

# Decorator methods that register a route: @app.get("/x"), @router.post(...),
# @bp.route(...), @routes.get(...) (aiohttp), @app.websocket("/ws").
ROUTE_DECORATORS = {
    "get", "post", "put", "delete", "patch", "head", "options", "route", "api_route", "websocket", "view",
}
# Calls that register a function by reference: Route("/", fn), app.add_url_rule(...,
# view_func=fn), app.router.add_post("/", fn), app.add_api_route("/", fn).
REGISTRATIONS = {
    "Route", "WebSocketRoute", "add_url_rule", "add_api_route", "add_route", "add_get", "add_post", "add_put",
    "add_delete", "add_patch", "add_api_websocket_route", "add_websocket_route",
}


class Handler(Struct, frozen=True, dict=True):
    """A Python request handler (a route or a gRPC servicer method) and how it is registered, for messages."""

    func: cst.FunctionDef
    how: str  # "`@app.post(\"/predict\")`", "gRPC servicer `Predictor`"


def _is_string(expr: cst.BaseExpression) -> bool:
    return isinstance(expr, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString))


def handlers(f: "PyFile") -> Iterator[Handler]:
    registered: set[str] = set()
    for n in f.walk():
        if isinstance(n, cst.Call):
            name = last_name(n.func)
            if name in REGISTRATIONS:
                for a in n.args:
                    if a.keyword is not None and a.keyword.value not in ("view_func", "endpoint", "handler"):
                        continue
                    d = dotted(a.value)
                    if d and not _is_string(a.value):
                        registered.add(d.rsplit(".", 1)[-1])
    for n in f.walk():
        if isinstance(n, cst.FunctionDef):
            for d in n.decorators:
                dec = d.decorator
                if isinstance(dec, cst.Call) and isinstance(dec.func, cst.Attribute) and dec.func.attr.value in ROUTE_DECORATORS:
                    if dec.args and _is_string(dec.args[0].value) or any(a.keyword is not None and a.keyword.value in ("path", "rule") for a in dec.args):
                        yield Handler(n, f"`@{' '.join(f.code(dec).split())}`")
                        break
            else:
                if n.name.value in registered:
                    yield Handler(n, f"`{n.name.value}`, registered as a route")
                    continue
                owner = _enclosing_class(f, n)
                if owner is not None and not n.name.value.startswith("_"):
                    base = next((dotted(b.value) for b in owner.bases if (dotted(b.value) or "").endswith("Servicer")), None)
                    if base is not None:
                        yield Handler(n, f"a method of gRPC servicer `{owner.name.value}({base})`")


def _enclosing_class(f: "PyFile", func: cst.FunctionDef) -> cst.ClassDef | None:
    parent = f.parent(func)
    if isinstance(parent, cst.IndentedBlock):
        parent = f.parent(parent)
    return parent if isinstance(parent, cst.ClassDef) else None


def _frozen_models(f: "PyFile") -> set[str]:
    """Models whose parameters are frozen (``model.requires_grad_(False)``, ``p.requires_grad
    = False`` over ``model.parameters()``): their forwards record no graph."""
    key = "_golint_frozen"
    if key in f.__dict__:
        return f.__dict__[key]
    out: set[str] = set()
    for n in f.walk():
        if isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value == "requires_grad_":
            if n.args and isinstance(n.args[0].value, cst.Name) and n.args[0].value.value == "False":
                name = last_name(n.func.value)
                if name:
                    out.add(name)
        if isinstance(n, cst.For) and isinstance(n.iter, cst.Call) and last_name(n.iter.func) in ("parameters", "named_parameters"):
            for s in walk_no_functions(n.body):
                if isinstance(s, cst.Assign) and any(isinstance(t.target, cst.Attribute) and t.target.attr.value == "requires_grad" for t in s.targets):
                    if isinstance(s.value, cst.Name) and s.value.value == "False":
                        name = last_name(n.iter.func.value) if isinstance(n.iter.func, cst.Attribute) else None
                        if name:
                            out.add(name)
    f.__dict__[key] = out
    return out


def _is_module_base(f: "PyFile", base: cst.BaseExpression, models: set[str]) -> bool:
    name = dotted(base) or ""
    return name.endswith("nn.Module") or name in models or "torch.nn.Module" in f.qualified_names(base)


def _self_decorated_generate(f: "PyFile") -> bool | None:
    """True when the file's models (classes deriving from ``nn.Module``, directly or
    through another class of the file) define ``generate`` under ``no_grad`` /
    ``inference_mode``, False when one defines it without, None when none defines it (a
    servicer's own ``generate`` helper is no model's)."""
    key = "_golint_own_generate"
    if key in f.__dict__:
        return f.__dict__[key]
    classes = [n for n in f.walk() if isinstance(n, cst.ClassDef)]
    models: set[str] = set()
    changed = True
    while changed:
        changed = False
        for c in classes:
            if c.name.value in models:
                continue
            if any(_is_module_base(f, b.value, models) for b in c.bases):
                models.add(c.name.value)
                changed = True
    seen = None
    for n in f.walk():
        if isinstance(n, cst.FunctionDef) and n.name.value == "generate":
            owner = _enclosing_class(f, n)
            if owner is None or owner.name.value not in models:
                continue
            off = any(_grad_off_call(f, d.decorator) for d in n.decorators)
            seen = off if seen is None else seen and off
    f.__dict__[key] = seen
    return seen


def forwards_with_grad(f: "PyFile", handler: Handler) -> Iterator[cst.Call]:
    """Model forwards in the handler's body that run with gradient tracking on."""
    frozen = _frozen_models(f)
    for n in walk_no_functions(handler.func.body):
        if not isinstance(n, cst.Call):
            continue
        target: cst.BaseExpression | None = None
        if isinstance(n.func, cst.Attribute) and n.func.attr.value == "generate":
            target = n.func.value
            if not _MODELISH(target):
                continue
            if _self_decorated_generate(f) is not False:
                # A generate this file does not define is a library's (transformers,
                # vLLM, TTS packages), and those run under no_grad / inference_mode
                # themselves; this file's own runs under it when decorated.
                continue
        elif is_model_call(f, n):
            target = n.func.value if isinstance(n.func, cst.Attribute) and n.func.attr.value == "forward" else n.func
        else:
            continue
        if last_name(target) in frozen:
            continue
        if grad_disabled(f, n, module_level=False):
            continue
        yield n


def _MODELISH(expr: cst.BaseExpression) -> bool:
    name = last_name(expr) or ""
    fake = cst.Call(func=cst.Name(name)) if name.isidentifier() else None
    return fake is not None and is_model_call(None, fake)  # type: ignore[arg-type]
