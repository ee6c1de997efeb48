"""Request handlers of every framework in ``rules/frameworks.toml``.

A *handler* is a function, method or func literal with a parameter whose type is a
framework's handler type (``*http.Request``, ``*gin.Context``, ``echo.Context``,
``*fiber.Ctx``, ``*fasthttp.RequestCtx``, ``*app.RequestContext``, a gRPC server stream),
resolved through the file's imports (renamed and dot imports work). Generated gRPC
stream types (``pb.Chat_StreamServer``) count in parameters of methods. For frameworks
whose handlers also take a ``context.Context`` (hertz), that parameter is the request's
too.

Not handlers (v3): a function whose ``*http.Request`` is an outbound request (handed to
``Client.Do`` / ``RoundTrip``, or built with ``http.NewRequest*`` by its callers in the
package), and client-side functions returning an ``*http.Response``.
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import TYPE_CHECKING

from msgspec import Struct

from golint_ai.golang.imports import qualified_name
from golint_ai.golang.query import captures, compile_query, matches
from golint_ai.golang.scope import assigned_values, assignment_of
from golint_ai.golang.walk import FUNCTION_TYPES, ancestors, text, unparen
from golint_ai.knowledge import per_knowledge

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.golang.scope import Binding
    from golint_ai.knowledge import Framework, Knowledge


class Handler(Struct, frozen=True, dict=True):
    """A handler parameter of a function: the request (or request context) binding and its framework."""

    func: "Node"
    request: "Binding"  # the parameter carrying the request
    framework: "Framework"
    kind: str = "request"  # request, or context for a framework's context parameter

    @property
    def label(self) -> str:
        """How messages name the handler's framework: `gin handler`, `handler`."""
        return "handler" if self.framework.id == "net/http" else f"{self.framework.id} handler"


def active_frameworks(ctx: "FileContext") -> tuple["Framework", ...]:
    """The frameworks a file can have handlers of: one of their packages is imported, or
    their handler types are generated into any package (gRPC streams)."""
    paths = ctx.imports.paths
    return tuple(f for f in ctx.knowledge.frameworks if f.generated or any(i in paths for i in f.imports))


@per_knowledge
def _needles(k: "Knowledge") -> "tuple[re.Pattern[bytes] | None, tuple[tuple[bytes, re.Pattern[bytes]], ...], tuple]":
    # One scan for every import path in quotes (each starts with the same `"`).
    paths = sorted({i for f in k.frameworks for i in f.imports})
    imports = re.compile(b"|".join(re.escape(f'"{i}"'.encode()) for i in paths)) if paths else None
    generated = tuple(_generated_needle(g) for g in sorted({g for f in k.frameworks for g in f.generated}))
    # Per framework: its import paths in quotes, the names of its handler types, and for
    # those it takes by pointer how a parameter spells them.
    spelled = []
    for f in k.frameworks:
        if f.imports and f.handler:
            pointed = tuple(sorted({t[1:].encode() for t in f.handler if t.startswith("*")}))
            spelled.append((
                tuple(f'"{i}"'.encode() for i in f.imports),
                tuple(sorted({t.encode() for t in f.handler if not t.startswith("*")})),
                pointed,
                _pointer_to(pointed) if pointed else None,
            ))
    return imports, generated, tuple(spelled)


# Between the tokens of a type, as the parser allows: blanks and comments (possessive:
# a line of slashes must not be split into comments in every possible way).
_GAP = rb"(?:\s|/\*.*?\*/|//[^\n]*+)*+"


def _pointer_to(names: tuple[bytes, ...]) -> "re.Pattern[bytes]":
    """``*name`` or ``*pkg.name`` for one of ``names``, as a parameter's type spells it
    (a pointer handler type is recognised only so: see :func:`framework_of_type`)."""
    alternatives = b"|".join(re.escape(n) for n in names)
    return re.compile(
        rb"\*" + _GAP + rb"(?:[\w\x80-\xff]++" + _GAP + rb"\." + _GAP + rb")?(?:" + alternatives + rb")(?![\w\x80-\xff])", re.S
    )


def may_hold_handlers(data: bytes, settings) -> bool:
    """Whether a file's bytes can hold a handler of some framework: it imports one (the
    import path in quotes, before the first function) and spells one of that
    framework's handler types (a handler parameter's type is spelled in its file:
    ``*http.Request``, ``*gin.Context``, with the star for the types taken by pointer),
    or it names a generated stream type (``Chat_StreamServer``)."""
    from golint_ai.golang.world import imports_end

    imports, generated, spelled = _needles(settings.knowledge)
    end = imports_end(data)  # where an import path can stand
    if imports is not None and imports.search(data, 0, end) is not None:
        for quoted, plain, pointed, pointer in spelled:
            if not any(data.find(p, 0, end) >= 0 for p in quoted):
                continue
            if any(n in data for n in plain):
                return True
            if pointer is not None and any(n in data for n in pointed) and pointer.search(data) is not None:
                return True
    return any(_names_a_match(data, literal, word) for literal, word in generated)


def _generated_needle(glob: str) -> "tuple[bytes, re.Pattern[bytes]]":
    """For a generated type glob: its longest literal part (none for a glob holding more
    than a word's characters) and the pattern a whole word matches (:func:`_names_a_match`)."""
    literal = _glob_literal(glob) if re.fullmatch(r"[A-Za-z0-9_*]*", glob) else b""
    return literal, re.compile(_glob_regex(glob).encode())


_WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_ASCII_WORD = re.compile(rb"[A-Za-z0-9_]+")


def _names_a_match(data: bytes, literal: bytes, word: "re.Pattern[bytes]") -> bool:
    """Whether a whole word of ``data`` (ASCII letters, digits, ``_``, as ``\\b`` sees
    words in bytes) matches ``word``, every match of which spells ``literal``: each word
    around the literal is tried (a search for the pattern would try every word)."""
    if not literal:
        return re.search(rb"\b(?:" + word.pattern + rb")\b", data) is not None
    i = data.find(literal)
    while i >= 0:
        start = i
        while start and data[start - 1] in _WORD_BYTES:
            start -= 1
        whole = _ASCII_WORD.match(data, start)
        if whole is not None and word.fullmatch(whole.group()) is not None:
            return True
        i = data.find(literal, whole.end() if whole is not None else i + 1)
    return False


def _glob_literal(pattern: str) -> bytes:
    """The longest run of literal characters of a name glob (``Server`` of ``*_*Server``):
    every name it matches spells it."""
    return max(pattern.split("*"), key=len).encode()


@lru_cache(maxsize=16)
def _type_needles(frameworks: tuple["Framework", ...]) -> "tuple[bytes, ...] | None":
    """What the declaration of a handler parameter of one of ``frameworks`` spells: a
    handler type's name, or a generated stream type's literal part (None: a glob
    without one, anything may match)."""
    names = {t.lstrip("*").encode() for f in frameworks for t in f.handler}
    names |= {_glob_literal(g) for f in frameworks for g in f.generated}
    return tuple(sorted(names)) if all(names) else None


def _glob_regex(pattern: str) -> str:
    return "".join("[A-Za-z0-9_]*" if c == "*" else re.escape(c) for c in pattern)


@lru_cache(maxsize=16)
def _params_query(frameworks: tuple["Framework", ...]):
    names = [re.escape(n) for n in sorted({t.lstrip("*") for f in frameworks for t in f.handler})]
    names += sorted({_glob_regex(g) for f in frameworks for g in f.generated})
    regex = "^(" + "|".join(names) + ")$"
    return compile_query(
        f"""
        (parameter_declaration type: [
          (pointer_type (qualified_type name: (type_identifier) @name))
          (pointer_type (type_identifier) @name)
          (qualified_type name: (type_identifier) @name)
          (type_identifier) @name
          (generic_type type: (qualified_type name: (type_identifier) @name))
          (generic_type type: (type_identifier) @name)
        ] (#match? @name "{regex}")) @param
        """
    )


def framework_of_type(ctx: "FileContext", type_node: "Node | None", method: bool, frameworks=None) -> "Framework | None":
    """The framework whose handler type ``type_node`` is, if any."""
    t = type_node
    if t is None:
        return None
    if t.type == "generic_type":
        t = t.child_by_field_name("type")
    pointer = False
    if t is not None and t.type == "pointer_type" and t.named_child_count:
        pointer, t = True, t.named_children[-1]
    if t is None:
        return None
    frameworks = frameworks if frameworks is not None else active_frameworks(ctx)
    if t.type == "qualified_type":
        q = qualified_name(t, ctx.imports, lambda n: False)
        if q is None:
            pkg = t.child_by_field_name("package")
            q = (text(pkg) if pkg is not None else "", text(t.child_by_field_name("name")))
        written = ("*" if pointer else "") + q[1]
        for f in frameworks:
            if q[0] in f.imports and written in f.handler:
                return f
        if method and not pointer:
            return next((f for f in frameworks if any(fnmatchcase(q[1], g) for g in f.generated)), None)
        return None
    if t.type == "type_identifier":
        name = text(t)
        written = ("*" if pointer else "") + name
        from golint_ai.golang.index import find_type

        declared = find_type(ctx.package, name) is not None
        if not declared:
            for f in frameworks:
                if written in f.handler and any(i in ctx.imports.dot for i in f.imports):
                    return f
        if method and not pointer and declared:
            return next((f for f in frameworks if any(fnmatchcase(name, g) for g in f.generated)), None)
    return None


def is_request_type(ctx: "FileContext", type_node: "Node | None") -> bool:
    """``*http.Request`` with ``net/http`` resolved through the imports."""
    f = framework_of_type(ctx, type_node, False)
    return f is not None and f.id == "net/http"


def handler_params(ctx: "FileContext", func: "Node") -> list[Handler]:
    """The handler parameters of a function, method or func literal (empty for none)."""
    frameworks = active_frameworks(ctx)
    params = func.child_by_field_name("parameters")
    if not frameworks or params is None:
        return []
    method = func.type == "method_declaration"
    bindings = [b for b in ctx.scopes(func).params(func) if b.kind == "param"]
    out = []
    for b in bindings:
        f = framework_of_type(ctx, b.type_node, method, frameworks)
        if f is not None:
            out.append(Handler(func, b, f))
    for h in list(out):
        if h.framework.context_params:
            for b in bindings:
                if b.type_node is not None and qualified_name(b.type_node, ctx.imports, lambda n: False) == ("context", "Context"):
                    out.append(Handler(func, b, h.framework, "context"))
    return out


def request_params(ctx: "FileContext", func: "Node") -> list["Binding"]:
    """The parameters of a function carrying a request (any framework)."""
    return [h.request for h in handler_params(ctx, func)]


def handlers(ctx: "FileContext", sink_bytes: tuple[bytes, ...] = ()) -> list[Handler]:
    """Every handler parameter of the file, outermost function first. With
    ``sink_bytes``, handlers whose body can hand the request nowhere are skipped: none
    of the bytes, no call passing the parameter (``p)``, ``p,``) and no ``Context()``.
    Outbound requests are not filtered here (see :func:`is_outbound`)."""
    frameworks = active_frameworks(ctx)
    if not frameworks:
        return []
    out: list[Handler] = []
    seen = set()
    query = _params_query(frameworks)
    # A handler parameter's type spells one of the handler type names, or the literal
    # part of a generated type's glob: only the declarations holding one are searched.
    needles = _type_needles(frameworks)
    decls = ctx.file.declarations_near(needles) if needles is not None else [ctx.root]
    params = [p for decl in decls for p in captures(query, decl).get("param", [])]
    for param in params:
        plist = param.parent
        func = plist.parent if plist is not None else None
        if func is None or func.type not in FUNCTION_TYPES or func.id in seen:
            continue
        if func.child_by_field_name("parameters") is None or func.child_by_field_name("parameters").id != plist.id:
            continue
        if framework_of_type(ctx, param.child_by_field_name("type"), func.type == "method_declaration", frameworks) is None:
            continue  # cheap: no scopes needed to see the type is no handler's
        seen.add(func.id)
        if ctx.file.in_broken_code(func):
            continue
        body = func.child_by_field_name("body")
        if body is None or (sink_bytes and not _may_hand_over(body.text, param, sink_bytes)):
            continue
        found = handler_params(ctx, func)
        if not found:
            continue
        if any(h.framework.id == "net/http" for h in found) and _returns_response(ctx, func):
            continue  # client side (RoundTrip, Do): the caller owns the request
        out.extend(found)
    out.sort(key=lambda h: (h.func.start_byte, h.request.ident.start_byte))
    return out


def _may_hand_over(body: bytes, param: "Node", sink_bytes: tuple[bytes, ...]) -> bool:
    if any(t in body for t in sink_bytes) or b"Context()" in body:
        return True
    for name in param.children_by_field_name("name"):
        n = name.text
        if n + b")" in body or n + b"," in body:
            return True
    return False


def is_outbound(ctx: "FileContext", h: Handler) -> bool:
    """Whether a net/http handler parameter is a request this program sends, not one it
    serves (computed only for handlers with a finding: it reads the whole package)."""
    return h.framework.id == "net/http" and _is_outbound(ctx, h.func, h.request)


def handler_shaped(h: Handler) -> bool:
    """A handler whose receiver serves many requests: ``ServeHTTP``, a method also taking
    an ``http.ResponseWriter``, or any method with a framework's handler parameter
    (``*gin.Context`` carries the response too; gRPC stream methods belong to the
    server). A net/http helper taking only the request (``(*Form).Bind(r)``) is not."""
    func = h.func
    if h.framework.id != "net/http":
        return True
    name = func.child_by_field_name("name")
    if name is not None and text(name) == "ServeHTTP":
        return True
    params = func.child_by_field_name("parameters")
    for p in params.named_children if params is not None else []:
        tnode = p.child_by_field_name("type")
        if tnode is not None and text(tnode).split(".")[-1] == "ResponseWriter":
            return True
    return False


def _returns_response(ctx: "FileContext", func: "Node") -> bool:
    """Whether the function returns an ``*http.Response``: a RoundTripper or client,
    not a handler."""
    result = func.child_by_field_name("result")
    if result is None or b"Response" not in result.text:
        return False
    types = [result] if result.type != "parameter_list" else [p.child_by_field_name("type") for p in result.named_children]
    for t in types:
        if t is None or t.type != "pointer_type" or not t.named_child_count:
            continue
        inner = t.named_children[-1]
        if inner.type == "qualified_type" and qualified_name(inner, ctx.imports, lambda n: False) == ("net/http", "Response"):
            return True
        if inner.type == "type_identifier" and text(inner) == "Response" and (ctx.package.name == "http" or "net/http" in ctx.imports.dot):
            return True
    return False


_CLIENT_SENDS = frozenset({"Do", "RoundTrip"})
_REQUEST_BUILDERS = frozenset({("net/http", "NewRequest"), ("net/http", "NewRequestWithContext")})
_CALLS_BY_NAME = compile_query("(call_expression function: [(identifier) (selector_expression)] @fn) @call")


def _is_outbound(ctx: "FileContext", func: "Node", request: "Binding") -> bool:
    """Whether the ``*http.Request`` parameter is an outbound request: the function hands
    it to ``Client.Do`` / ``RoundTrip``, or a caller in the package passes it a request
    built with ``http.NewRequest*``."""
    for ref in request.refs:
        args = ref.parent
        call = args.parent if args is not None and args.type == "argument_list" else None
        fn = unparen(call.child_by_field_name("function")) if call is not None and call.type == "call_expression" else None
        if fn is not None and fn.type == "selector_expression" and text(fn.child_by_field_name("field")) in _CLIENT_SENDS:
            return True
    if func.type == "func_literal":
        return False
    name = text(func.child_by_field_name("name"))
    params = [b for b in ctx.scopes(func).params(func) if b.kind == "param"]
    index = next((i for i, b in enumerate(params) if b is request), None)
    if not name or index is None:
        return False
    return any(
        _builds_request(ctx, f, call, index)
        for f, call in _calls_named(ctx, name, method=func.type == "method_declaration")
    )


def _calls_named(ctx: "FileContext", name: str, method: bool):
    """``(file, call)`` for every call of ``name`` in the package (``name(...)``, or
    ``x.name(...)`` for methods)."""
    needle = name.encode() + b"("
    for f in ctx.package.files:
        if needle not in f.data:
            continue
        for call in (c for decl in f.declarations_near((name.encode(),)) for c in captures(_CALLS_BY_NAME, decl).get("call", [])):
            fn = unparen(call.child_by_field_name("function"))
            if fn is None:
                continue
            if (fn.type == "identifier" and not method and text(fn) == name) or (
                fn.type == "selector_expression" and method and text(fn.child_by_field_name("field")) == name
            ):
                yield f, call


def _builds_request(ctx: "FileContext", file, call: "Node", index: int) -> bool:
    """Whether argument ``index`` of ``call`` (in ``file``) is a request built with
    ``http.NewRequest*``, directly or through a local assigned from one."""
    from golint_ai.context import FileContext

    fctx = ctx if file is ctx.file else FileContext(file, ctx.package, ctx.settings)
    args = call.child_by_field_name("arguments")
    arg_nodes = [a for a in args.named_children if a.type != "comment"] if args is not None else []
    if index >= len(arg_nodes):
        return False
    arg = unparen(arg_nodes[index])
    if arg is not None and arg.type == "identifier":
        b = fctx.scopes(arg).resolve(arg)
        values = [v for v, _ in assigned_values(b)] if b is not None else []
    else:
        values = [arg]
    for v in values:
        v = unparen(v)
        if v is not None and v.type == "call_expression" and fctx.qualified_callee(v) in _REQUEST_BUILDERS:
            return True
    return False


_CONSTRUCTIONS = compile_query(
    """
    (composite_literal type: (type_identifier) @type) @make
    (call_expression function: (identifier) @fn (#eq? @fn "new") arguments: (argument_list (type_identifier) @type)) @make
    """
)


def made_per_request(ctx: "FileContext", type_name_: str) -> bool:
    """Whether the package's type is a per-request helper: a handler makes a fresh value
    of it and hands it the request through a method (``c := &capture{};
    c.renew(w, r)``). Such a value lives as long as the request, so storing the request
    in its fields is no escape."""
    if not type_name_:
        return False
    cache = ctx.package.__dict__.setdefault("_per_request_types", {})
    if type_name_ in cache:
        return cache[type_name_]
    from golint_ai.context import FileContext as _FileContext

    found = False
    needle = type_name_.encode()
    for f in ctx.package.files:
        if found:
            break
        if needle not in f.data:
            continue
        fctx = ctx if f is ctx.file else _FileContext(f, ctx.package, ctx.settings)
        if not active_frameworks(fctx):
            continue
        for m in (m for decl in f.declarations_near((needle,)) for m in matches(_CONSTRUCTIONS, decl)):
            if text(m["type"][0]) != type_name_:
                continue
            handler = next((a for a in ancestors(m["make"][0]) if a.type in FUNCTION_TYPES), None)
            requests = request_params(fctx, handler) if handler is not None else []
            if requests and _handed_request(fctx, m["make"][0], requests):
                found = True
                break
    cache[type_name_] = found
    return found


def _handed_request(ctx: "FileContext", made: "Node", requests: list["Binding"]) -> bool:
    """Whether a freshly made value gets one of the request parameters through a method
    call on it: directly (``(&T{}).m(r)``) or through the local holding it."""
    value = made
    while value.parent is not None and value.parent.type in ("parenthesized_expression", "unary_expression"):
        value = value.parent
    operands = [value]
    a = assignment_of(value)
    target = unparen(a.target) if a is not None else None
    b = ctx.scopes(target).resolve(target) if target is not None and target.type == "identifier" else None
    if b is not None:
        operands.extend(r for r in b.refs if r.id != b.ident.id)
    for op in operands:
        sel = op.parent
        if sel is None or sel.type != "selector_expression" or sel.child_by_field_name("operand") is None:
            continue
        call = sel.parent
        if call is None or call.type != "call_expression":
            continue
        args = call.child_by_field_name("arguments")
        for arg in args.named_children if args is not None else []:
            arg = unparen(arg)
            if arg is not None and arg.type == "identifier" and any(ctx.scopes(arg).resolve(arg) is r for r in requests):
                return True
    return False
