"""PyTorch autograd facts for the Python rules: where gradient tracking is off, which
calls run a model or a loss, which values carry autograd history, where gradients are
applied, zeroed and accumulated.

Everything is syntactic plus libcst's qualified names (so ``T.no_grad`` after ``import
torch as T`` and ``from torch import inference_mode`` resolve); nothing needs torch.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

import libcst as cst
import libcst.metadata as meta
from msgspec import Struct

from golint_ai.python.syntax import assigned_names, dotted, last_name, walk_no_functions

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.python.parse import PyFile

# Context managers and decorators that turn gradient tracking off.
_NO_GRAD = {"no_grad", "inference_mode"}
_NO_GRAD_QUALIFIED = {
    "torch.no_grad", "torch.inference_mode", "torch.autograd.no_grad", "torch.autograd.inference_mode",
    "torch.autograd.grad_mode.no_grad", "torch.autograd.grad_mode.inference_mode",
}
_SET_GRAD = {"set_grad_enabled"}

# Method calls whose result no longer carries autograd history.
DETACHING_METHODS = {"item", "detach", "detach_", "tolist", "numpy", "data"}
DETACHING_FUNCTIONS = {"float", "int", "bool", "str", "round"}

# Verbs naming a function that does something *to* a model (``load_model``,
# ``release_model``, ``list_models``), not the model's forward (matched with leading
# underscores stripped: ``self._load_base_model``).
_BUILDERS = re.compile(
    r"^(load|build|get|create|init|make|setup|from|save|wrap|prepare|compile|freeze|to|release|free|unload|delete|del|"
    r"remove|list|classify|optimize|download|fetch|register|update|set|reset|warm|warmup|export|convert|quantize|move|"
    r"check|validate|find|select|resolve|patch|apply|replace|swap|print|log|describe|count|parse|read|write|clean|"
    r"cleanup|close|clear|cache|offload|restore|switch|ensure|configure|install|pull)_",
    re.I,
)
_MODEL_WORD = re.compile(
    r"(^|_)(model|net|network|encoder|decoder|generator|discriminator|classifier|backbone|critic|actor|policy|"
    r"transformer|unet|vae|clip|lm|llm|module|forward)s?$",
    re.I,
)
_LOSS_WORD = re.compile(r"(^|_)(loss|losses|crit|criterion|criterions|loss_fn|lossfn|loss_func|objective)(_\w+)?$|^loss", re.I)
_F_LOSSES = re.compile(r"(loss|entropy|kl_div|nll|mse|l1|hinge|margin|triplet|cosine_embedding)")


def _callee_name(call: cst.Call) -> str | None:
    return last_name(call.func)


def is_model_call(f: "PyFile", call: cst.Call) -> bool:
    """``model(x)``, ``self.net(x)``, ``model.forward(x)``: a call that runs a module's forward."""
    name = _callee_name(call)
    bare = name.lstrip("_") if name is not None else None
    if not bare or _BUILDERS.match(bare) or bare[:1].isupper():
        return False  # builders, and class constructions (`Transformer(...)` makes a module)
    if isinstance(call.func, cst.Attribute) and name == "forward":
        return True
    if f is not None and isinstance(call.func, cst.Attribute) and _module_alias(f, call.func.value):
        return False  # `np.clip(x)`, `ipex.optimize_transformers(m)`: a library's function
    return bool(_MODEL_WORD.search(name)) and not bare.lower().startswith("is_")


def _module_alias(f: "PyFile", expr: cst.BaseExpression) -> bool:
    """Whether ``expr`` is a name bound only by ``import module [as name]`` statements."""
    if not isinstance(expr, cst.Name):
        return False
    scope = f.scope(expr)
    if scope is None:
        return False
    bound = scope[expr.value]
    return bool(bound) and all(
        isinstance(a, meta.ImportAssignment) and isinstance(a.node, cst.Import) for a in bound
    )


def is_loss_call(f: "PyFile", call: cst.Call) -> bool:
    """``criterion(out, y)``, ``loss_fn(...)``, ``F.cross_entropy(...)``, ``self.compute_loss(...)``."""
    name = _callee_name(call)
    if name is not None and _F_LOSSES.search(name):
        for q in f.qualified_names(call.func):
            if q.startswith("torch.nn.functional.") and _F_LOSSES.search(q.rsplit(".", 1)[-1]):
                return True
    if name is None or _BUILDERS.match(name) and "loss" not in name.lower():
        return False
    return bool(_LOSS_WORD.search(name)) or name.lower().startswith(("compute_loss", "calc_loss", "calculate_loss"))


def _grad_off_call(f: "PyFile", expr: cst.BaseExpression) -> bool:
    """``torch.no_grad()``, ``torch.inference_mode()`` (not ``inference_mode(False)``),
    ``torch.set_grad_enabled(False)``, or the bare decorator ``@torch.no_grad``."""
    call = expr if isinstance(expr, cst.Call) else None
    func = call.func if call is not None else expr
    tail = last_name(func)
    # Qualified names only for names that could be an alias (`from torch import no_grad as ng`).
    names = f.qualified_names(func) if tail is not None and tail not in _NO_GRAD | _SET_GRAD and isinstance(func, cst.Name) and _maybe_alias(f, tail) else frozenset()
    if tail in _NO_GRAD or names & _NO_GRAD_QUALIFIED:
        if call is not None and call.args and isinstance(call.args[0].value, cst.Name) and call.args[0].value.value == "False":
            return False  # inference_mode(False): tracking on
        return True
    if tail in _SET_GRAD and call is not None and call.args:
        v = call.args[0].value
        return isinstance(v, cst.Name) and v.value == "False"
    return False


def grad_disabled(f: "PyFile", node: cst.CSTNode, module_level: bool = True) -> bool:
    """Whether gradient tracking is off where ``node`` runs: inside ``with
    torch.no_grad()`` / ``torch.inference_mode()`` / ``torch.set_grad_enabled(False)``,
    in a function decorated with one of them (also an enclosing one), after a
    ``torch.set_grad_enabled(False)`` statement earlier in the function, or in a module
    that turns it off at import time."""
    start = f.byte_span(node)[0]
    for a in f.ancestors(node):
        if isinstance(a, cst.With) and any(_grad_off_call(f, item.item) for item in a.items):
            return True
        if isinstance(a, cst.FunctionDef):
            # On an `async def` the decorator only covers creating the coroutine: the
            # body runs later with tracking back on.
            if a.asynchronous is None and any(_grad_off_call(f, d.decorator) for d in a.decorators):
                return True
            if _switched_off_before(f, a, start):
                return True
    return module_level and _module_switched_off(f)


def _maybe_alias(f: "PyFile", name: str) -> bool:
    """Whether ``name`` is imported under an alias from torch (``from torch import no_grad as ng``)."""
    key = "_golint_torch_aliases"
    if key not in f.__dict__:
        aliases = set()
        for n in f.walk():
            if isinstance(n, cst.ImportFrom) and not isinstance(n.names, cst.ImportStar) and (dotted(n.module) or "").startswith("torch"):
                for a in n.names:
                    if a.asname is not None and isinstance(a.asname.name, cst.Name):
                        aliases.add(a.asname.name.value)
        f.__dict__[key] = aliases
    return name in f.__dict__[key]


def _switched_off_before(f: "PyFile", scope: cst.CSTNode, before: int) -> bool:
    key = "_golint_switch_offs"
    cache = f.__dict__.setdefault(key, {})
    offs = cache.get(id(scope))
    if offs is None:
        offs = []
        for n in walk_no_functions(scope):
            if isinstance(n, cst.Expr) and isinstance(n.value, cst.Call) and last_name(n.value.func) in _SET_GRAD and _grad_off_call(f, n.value):
                offs.append(f.byte_span(n)[0])
        cache[id(scope)] = offs
    return any(o < before for o in offs)


def _module_switched_off(f: "PyFile") -> bool:
    key = "_golint_grad_off"
    if key not in f.__dict__:
        f.__dict__[key] = _switched_off_before(f, f.module, len(f.data) + 1)
    return f.__dict__[key]


# -- values with autograd history --------------------------------------------------

def detached(expr: cst.BaseExpression) -> bool:
    """Whether an expression's result has passed through ``.item()``, ``.detach()``,
    ``float()``, ``.cpu().numpy()``, ``.tolist()``, ``.data`` and so lost its history."""
    e = expr
    while True:
        if isinstance(e, cst.Call):
            if isinstance(e.func, cst.Attribute):
                if e.func.attr.value in DETACHING_METHODS:
                    return True
                e = e.func.value
                continue
            if isinstance(e.func, cst.Name) and e.func.value in DETACHING_FUNCTIONS:
                return True
            return False
        if isinstance(e, cst.Attribute):
            if e.attr.value == "data":
                return True
            e = e.value
            continue
        if isinstance(e, cst.Subscript):
            e = e.value
            continue
        return False


class GradOrigin(Struct, frozen=True, dict=True):
    """Where a value's autograd history comes from: a model or loss call, or a ``.backward()`` on it."""

    node: cst.CSTNode  # the model or loss call, or the .backward() call
    what: str  # "the result of `criterion(...)`", "`.backward()` was called on it"


class GradValues:
    """Which names carry autograd history where, inside one function (or the module)."""

    def __init__(self, f: "PyFile", scope: cst.CSTNode) -> None:
        self.f = f
        self.scope = scope
        # name -> [(offset, origin or None)]: every binding, in source order; None when
        # the bound value carries no history
        self.defs: dict[str, list[tuple[int, GradOrigin | None]]] = {}
        self.backward_on: dict[str, list[tuple[int, cst.Call]]] = {}
        assigns = []
        for_defs: dict[str, list[tuple[int, GradOrigin | None]]] = {}
        for n in walk_no_functions(scope):
            if isinstance(n, cst.Assign):
                assigns.append(n)
            elif isinstance(n, cst.AnnAssign) and n.value is not None:
                assigns.append(n)
            elif isinstance(n, (cst.For,)):
                for name in assigned_names(n.target):
                    for_defs.setdefault(name, []).append((f.byte_span(n.target)[0], None))
            elif isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value in ("backward", "manual_backward"):
                target = n.func.value if n.func.attr.value == "backward" else (n.args[0].value if n.args else None)
                # scaler.scale(loss).backward(): the loss is inside
                if isinstance(target, cst.Call) and last_name(target.func) == "scale" and target.args:
                    target = target.args[0].value
                if isinstance(target, cst.Name):
                    self.backward_on.setdefault(target.value, []).append((f.byte_span(n)[0], n))
        # Two rounds: a derived value (loss = out.loss) may precede in the walk what it derives from.
        for _ in range(2):
            fresh: dict[str, list[tuple[int, GradOrigin | None]]] = {k: list(v) for k, v in for_defs.items()}
            for a in assigns:
                value = a.value
                at = f.byte_span(a)[0]
                targets = [t.target for t in a.targets] if isinstance(a, cst.Assign) else [a.target]
                origin = None if grad_disabled(f, a) else self.origin(value, at)
                for t in targets:
                    for name in assigned_names(t):
                        fresh.setdefault(name, []).append((at, origin))
            for k in fresh:
                fresh[k].sort(key=lambda d: d[0])
            self.defs = fresh

    def name_origin(self, name: str, at: int, loop: cst.CSTNode | None) -> GradOrigin | None:
        """The history of ``name`` where it is read at byte ``at``: from the binding
        reaching it (the latest before ``at``; in a loop with none before, the last one in
        the loop body, which the previous iteration left), or a ``.backward()`` on it."""
        defs = self.defs.get(name, [])
        before = [d for d in defs if d[0] < at]
        origin: GradOrigin | None = None
        chosen = None
        if before:
            chosen = before[-1]
        elif loop is not None:
            lo, hi = self.f.byte_span(loop)
            inside = [d for d in defs if lo <= d[0] < hi]
            chosen = inside[-1] if inside else None
        if chosen is not None:
            origin = chosen[1]
        if origin is None:
            for off, call in self.backward_on.get(name, []):
                if loop is None or self._same_loop(call, loop):
                    if chosen is None or off > chosen[0] or (loop is not None and chosen[0] < self.f.byte_span(loop)[0]):
                        return GradOrigin(call, f"`{name}.backward()` was called on it at line {self.f.line(call)}")
        return origin

    def _same_loop(self, node: cst.CSTNode, loop: cst.CSTNode) -> bool:
        lo, hi = self.f.byte_span(loop)
        return lo <= self.f.byte_span(node)[0] < hi

    def origin(self, expr: cst.BaseExpression | None, at: int, loop: cst.CSTNode | None = None) -> GradOrigin | None:
        """Where ``expr``'s autograd history comes from, or None when it has none (as far
        as the names and calls tell)."""
        if expr is None or detached(expr):
            return None
        f = self.f
        if isinstance(expr, cst.Name):
            return self.name_origin(expr.value, at, loop)
        if isinstance(expr, cst.Call):
            if is_model_call(f, expr) or is_loss_call(f, expr):
                if grad_disabled(f, expr):
                    return None
                return GradOrigin(expr, f"the result of `{_short(f.code(expr.func))}(...)` at line {f.line(expr)}")
            if isinstance(expr.func, cst.Attribute):
                # loss.mean(), out.sum(dim=1), loss.float() keep the history
                if expr.func.attr.value in ("mean", "sum", "float", "half", "to", "cpu", "cuda", "squeeze", "view", "reshape", "clone", "abs", "sqrt", "exp", "log", "pow", "max", "min", "norm"):
                    return self.origin(expr.func.value, at, loop)
                return None
            if dotted(expr.func) in ("torch.stack", "torch.cat", "torch.sum", "torch.mean", "sum"):
                for a in expr.args:
                    o = self.origin(a.value, at, loop)
                    if o is not None:
                        return o
            return None
        if isinstance(expr, cst.Attribute):
            # outputs.loss, out.logits
            return self.origin(expr.value, at, loop) if not expr.attr.value.startswith("shape") else None
        if isinstance(expr, cst.Subscript):
            return self.origin(expr.value, at, loop)
        if isinstance(expr, cst.BinaryOperation):
            return self.origin(expr.left, at, loop) or self.origin(expr.right, at, loop)
        if isinstance(expr, cst.UnaryOperation):
            return self.origin(expr.expression, at, loop)
        if isinstance(expr, (cst.Tuple, cst.List)):
            for el in expr.elements:
                o = self.origin(el.value, at, loop)
                if o is not None:
                    return o
            return None
        if isinstance(expr, cst.Dict):
            for el in expr.elements:
                if isinstance(el, cst.DictElement):
                    o = self.origin(el.value, at, loop)
                    if o is not None:
                        return o
            return None
        return None


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- training loops ---------------------------------------------------------------

_OPTIMIZER_WORD = re.compile(r"opt", re.I)
_NOT_OPTIMIZER = re.compile(r"sched|lr_|warmup|env|engine|trainer|ema|swa", re.I)
_ZEROING = ("zero_grad", "clear_grad", "clear_gradients", "zero_gradients", "reset_grad")


def backward_calls(f: "PyFile", body: cst.CSTNode) -> list[cst.Call]:
    """Calls that add gradients to ``.grad``: ``loss.backward()``, ``accelerator.backward(loss)``,
    ``self.manual_backward(loss)`` — not ``dist_autograd.backward(context_id, ...)``, whose
    gradients live in the distributed autograd context of that one iteration."""
    return [
        n for n in walk_no_functions(body)
        if isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value in ("backward", "manual_backward")
        and not _distributed_backward(f, n)
    ]


def _distributed_backward(f: "PyFile", call: cst.Call) -> bool:
    if any(q.startswith("torch.distributed.autograd") for q in f.qualified_names(call.func)):
        return True
    return "dist_autograd" in (dotted(call.func.value) or "")  # type: ignore[attr-defined]


def optimizer_steps(f: "PyFile", body: cst.CSTNode, optimizers: set[str]) -> list[cst.Call]:
    """``opt.step()``, ``self.optimizer.step()``, ``scaler.step(opt)``: calls that apply
    the gradients (not ``scheduler.step()``, ``env.step(a)`` or a DeepSpeed engine's
    ``step()``, which zeroes the gradients itself)."""
    out = []
    for n in walk_no_functions(body):
        if not (isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value == "step"):
            continue
        recv = n.func.value
        name = last_name(recv) or ""
        full = dotted(recv) or ""
        if "scaler" in name.lower() and n.args:
            out.append(n)
        elif full in optimizers or (_OPTIMIZER_WORD.search(name) and not _NOT_OPTIMIZER.search(name)):
            out.append(n)
    return out


def optimizer_names(f: "PyFile") -> set[str]:
    """Names bound to ``torch.optim.*(...)`` constructions anywhere in the file."""
    out: set[str] = set()
    for n in f.walk():
        if isinstance(n, cst.Assign) and isinstance(n.value, cst.Call):
            if any(q.startswith("torch.optim.") and not q.startswith("torch.optim.lr_scheduler") for q in f.qualified_names(n.value.func)):
                for t in n.targets:
                    d = dotted(t.target)
                    if d:
                        out.add(d)
    return out


def zeroes_gradients(f: "PyFile", body: cst.CSTNode) -> bool:
    """Whether ``body`` zeroes gradients: ``opt.zero_grad()``, ``model.zero_grad()``,
    a helper named like one, ``p.grad = None``, ``p.grad.zero_()``."""
    for n in walk_no_functions(body):
        if isinstance(n, cst.Call):
            name = last_name(n.func) or ""
            if any(z in name for z in _ZEROING):
                return True
            if name in ("zero_", "detach_") and isinstance(n.func, cst.Attribute) and "grad" in (dotted(n.func.value) or ""):
                return True
        if isinstance(n, cst.Assign):
            for t in n.targets:
                if isinstance(t.target, cst.Attribute) and t.target.attr.value == "grad":
                    return True
        if isinstance(n, cst.Del):
            if isinstance(n.target, cst.Attribute) and n.target.attr.value == "grad":
                return True
    return False


def loops(f: "PyFile") -> Iterator[cst.For | cst.While]:
    for n in f.walk():
        if isinstance(n, (cst.For, cst.While)):
            yield n


def innermost_loop(f: "PyFile", node: cst.CSTNode, stop: cst.CSTNode | None = None) -> cst.For | cst.While | None:
    """The nearest loop around ``node`` whose body ``node`` is in (not its iterable),
    not crossing a function."""
    child = node
    for a in f.ancestors(node):
        if a is stop or isinstance(a, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            return None
        if isinstance(a, (cst.For, cst.While)) and child is a.body:
            return a
        child = a
    return None
