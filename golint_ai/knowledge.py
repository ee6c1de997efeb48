"""Facts about APIs, loaded from the top-level ``rules/*.toml`` data (shipped in the wheel
as ``golint_ai/_rules``), validated strictly and frozen once per process.

Users extend the tables from their config; extensions never replace built-in entries.
"""

from __future__ import annotations

import re
import sys
from fnmatch import fnmatchcase
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

from msgspec import Struct, field

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class KnowledgeError(ValueError):
    """A data table or a user extension does not follow the schema."""


def data_dir() -> Path:
    """Where the data tables are: inside the installed package, or the checkout's ``rules/``.
    (The package is always a directory on disk, wheel or checkout: no importlib.resources,
    whose import costs more than the rest of start-up's path lookups together.)"""
    packaged = Path(__file__).resolve().parent / "_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


def _read(name: str) -> dict[str, Any]:
    path = data_dir() / name
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:  # pragma: no cover - packaging error
        raise KnowledgeError(f"cannot read data table {path}: {exc}") from exc


def _strings(where: str, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise KnowledgeError(f"{where}: `{key}` must be a string or a list of non-empty strings")
    return tuple(value)


def _check_keys(where: str, entry: dict[str, Any], allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise KnowledgeError(f"{where}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})")


def split_words(name: str) -> list[str]:
    """Split a C name at ``_`` and case changes: ``TfLiteModelCreate`` → ``Tf``, ``Lite``,
    ``Model``, ``Create``; ``cudaMalloc`` → ``cuda``, ``Malloc``; ``CString`` → ``C``, ``String``."""
    words: list[str] = []
    for part in name.split("_"):
        words.extend(w for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", part) if w)
    return words


class CFamily(Struct, frozen=True, dict=True):
    """A ``[[c]]`` row of ``rules/resources.toml`` (or a user extension): C functions that acquire a
    handle and those that release it, take it over, or are never acquisitions."""

    id: str
    acquire: tuple[str, ...] = ()
    release: tuple[str, ...] = ()
    release_call: str | None = None
    out_param: int | None = None
    steal: tuple[str, ...] = ()
    steal_arg: int | None = None  # None: whichever argument holds the handle
    never: tuple[str, ...] = ()
    builtin: bool = True

    def acquires(self, name: str) -> bool:
        return any(fnmatchcase(name, pat) for pat in self.acquire)


class GoFamily(Struct, frozen=True, dict=True):
    """A ``[[go]]`` row of ``rules/resources.toml`` (or a user extension): constructors of a Go
    binding package and the method that releases what they return."""

    id: str
    package: str
    acquire: tuple[str, ...]
    release_method: str

    def acquires(self, name: str) -> bool:
        return any(fnmatchcase(name, pat) for pat in self.acquire)


class CAcquisition(Struct, frozen=True, dict=True):
    """What the table says about one C function that acquires."""

    name: str
    family: str
    releases: frozenset[str]
    suggested: str
    release_call: str | None  # template with {handle}
    out_param: int | None  # index of the &handle argument, when the API fills one
    by_naming: bool


class Naming(Struct, frozen=True, dict=True):
    """The ``[cgo-naming]`` table: acquire and release verbs of C names, and the release suggested per verb."""

    acquire_verbs: tuple[str, ...]
    release_verbs: tuple[str, ...]
    suggest: tuple[tuple[str, str], ...]

    def suggested_verb(self, verb: str) -> str:
        return dict(self.suggest).get(verb.lower(), self.release_verbs[0])


class Resources(Struct, frozen=True, dict=True):
    """The acquire/release tables (user entries first, then built-in ones) with the C naming convention."""

    naming: Naming
    c: tuple[CFamily, ...]
    go: tuple[GoFamily, ...]
    release_words: frozenset[str] = field(default_factory=frozenset)

    def classify_c(self, name: str) -> CAcquisition | None:
        """The acquisition a ``C.name`` call is, if any. Explicit entries win over the
        naming convention; ``never`` entries are never acquisitions."""
        return _classify_c(self, name)

    def steals(self, name: str, arg_index: int) -> bool:
        """Whether C function ``name`` takes over the reference passed as argument ``arg_index``."""
        return any(
            fnmatchcase(name, pat) and (fam.steal_arg is None or fam.steal_arg == arg_index)
            for fam in self.c
            for pat in fam.steal
        )

    def is_release_name(self, name: str) -> bool:
        """Whether a C function or method name reads as a release of something."""
        if any(name in fam.release for fam in self.c) or any(name == g.release_method for g in self.go):
            return True
        return any(w.lower() in self.release_words for w in split_words(name))

    def go_family(self, package: str, name: str) -> GoFamily | None:
        for fam in self.go:
            if fam.package == package and fam.acquires(name):
                return fam
        return None

    @property
    def go_packages(self) -> frozenset[str]:
        return frozenset(g.package for g in self.go)


@lru_cache(maxsize=4096)
def _classify_cached(res: Resources, name: str) -> CAcquisition | None:
    for fam in res.c:
        if any(fnmatchcase(name, pat) for pat in fam.never):
            return None
    for fam in res.c:
        if fam.acquires(name):
            return CAcquisition(
                name=name,
                family=fam.id,
                releases=frozenset(fam.release),
                suggested=fam.release[0],
                release_call=fam.release_call,
                out_param=fam.out_param,
                by_naming=False,
            )
    words = split_words(name)
    verbs = {v.lower() for v in res.naming.acquire_verbs}
    for i, w in enumerate(words):
        if w.lower() not in verbs:
            continue
        nxt = words[i + 1] if i + 1 < len(words) else ""
        glued = name[_word_offset(name, words, i) + len(w):].startswith(nxt) if nxt else False
        if glued and len(nxt) > 1 and nxt.isupper():
            continue  # OpenVINO, OpenCL, OpenGL: a product name, not the verb
        # Rebuild around the verb, keeping the original separators and case style.
        start = _word_offset(name, words, i)
        prefix, suffix = name[:start], name[start + len(w):]
        releases = set()
        for rv in res.naming.release_verbs:
            styled = _style_like(rv, w)
            releases.add(prefix + styled)
            if suffix:
                releases.add(prefix + styled + suffix)
        suggested_verb = res.naming.suggested_verb(w)
        styled_verb = _style_like(suggested_verb, w)
        rest = words[i + 1:]
        if rest and rest[0].lower() not in _MODIFIER_WORDS:
            suggested = prefix + styled_verb + suffix  # TF_NewGraph -> TF_DeleteGraph
        else:
            suggested = (prefix + styled_verb).rstrip("_") or styled_verb  # *_create_from_buffer -> *_delete
        return CAcquisition(
            name=name,
            family="cgo-naming",
            releases=frozenset(r.rstrip("_") for r in releases) | frozenset(releases),
            suggested=suggested,
            release_call=None,
            out_param=None,
            by_naming=True,
        )
    return None


_MODIFIER_WORDS = frozenset({"from", "with", "for", "by", "ex", "using", "on", "in", "at", "to", "v"})


def _classify_c(res: Resources, name: str) -> CAcquisition | None:
    return _classify_cached(res, name)


def _word_offset(name: str, words: list[str], index: int) -> int:
    pos = 0
    for i, w in enumerate(words):
        pos = name.index(w, pos)
        if i == index:
            return pos
        pos += len(w)
    return pos  # pragma: no cover


def _style_like(word: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


class Buffers(Struct, frozen=True, dict=True):
    """The ``rules/buffers.toml`` tables: the large-buffer threshold, element sizes, and which types are tensors."""

    default_bytes: int
    elements: tuple[tuple[str, int], ...]  # element type -> size in bytes
    tensor_suffix: str
    tensor_types: tuple[str, ...]

    def element_size(self, name: str) -> int | None:
        return dict(self.elements).get(name)


_KINDS = ("request", "context", "body", "value")


class FrameworkValue(Struct, frozen=True, dict=True):
    """One step from a framework value to a request-lifetime value."""

    step: str  # `Request` (a field) or `Context()` (a method call)
    kind: str  # request | context | body | value
    as_: str | None = None  # the framework whose value the step gives (its steps apply next)

    @property
    def call(self) -> bool:
        return self.step.endswith("()")

    @property
    def name(self) -> str:
        return self.step[:-2] if self.call else self.step


class Framework(Struct, frozen=True, dict=True):
    """A row of ``rules/frameworks.toml``: what a handler of one framework is and which
    values live only as long as its request."""

    id: str
    imports: tuple[str, ...]
    handler: tuple[str, ...]  # parameter types after the package name; `*` marks a pointer
    generated: tuple[str, ...] = ()  # type-name globs in any package (generated gRPC streams)
    is_context: bool = False  # the handler parameter is itself a context.Context
    context_params: bool = False  # a context.Context parameter beside it is the request's
    context: str = ""  # the request context as a path from the parameter ("" : the parameter)
    values: tuple[FrameworkValue, ...] = ()
    detached: tuple[str, ...] = ()  # steps giving a copy that outlives the request
    streaming: tuple[str, ...] = ()  # methods whose callback stops when the client goes away
    reuses_memory: bool = False  # byte slices and strings read from the request are reused
    builtin: bool = True

    def value(self, name: str, call: bool) -> FrameworkValue | None:
        for v in self.values:
            if v.name == name and v.call == call:
                return v
        return None

    def detaches(self, name: str, call: bool) -> bool:
        return any((d[:-2] if d.endswith("()") else d) == name and d.endswith("()") == call for d in self.detached)

    def context_expr(self, param: str) -> str:
        return f"{param}.{self.context}" if self.context else param


class Knowledge(Struct, frozen=True, dict=True):
    """Every data table, merged with the user's extensions: what the rules know about APIs."""

    resources: Resources
    terminal_functions: frozenset[str]
    terminal_methods: frozenset[str]
    buffers: Buffers
    context_derive: frozenset[str]
    context_detach: frozenset[str]
    context_fresh: frozenset[str]
    cuda_context_binding: frozenset[str]
    reset_methods: frozenset[str]
    growth_methods: frozenset[str]
    wait_methods: frozenset[str]
    call_once: frozenset[str] = frozenset()
    never_fail: frozenset[str] = frozenset()
    test_stop_methods: frozenset[str] = frozenset()
    test_fail_methods: frozenset[str] = frozenset()
    test_stop_packages: frozenset[str] = frozenset()
    test_fail_functions: frozenset[str] = frozenset()
    test_types: frozenset[str] = frozenset()
    borrowing_calls: frozenset[str] = frozenset()
    frameworks: tuple[Framework, ...] = ()

    def framework(self, id_: str) -> Framework | None:
        return next((f for f in self.frameworks if f.id == id_), None)


_C_KEYS = {"id", "acquire", "release", "release-call", "out-param", "steal", "steal-arg", "never", "doc", "note", "rules"}
_GO_KEYS = {"id", "package", "acquire", "release-method", "doc", "note", "rules"}
_EXTRA_KEYS = {"id", "acquire", "release", "release-call", "out-param", "package", "release-method", "note"}


def _c_family(where: str, entry: dict[str, Any], builtin: bool) -> CFamily:
    _check_keys(where, entry, _C_KEYS)
    fam_id = entry.get("id")
    if not isinstance(fam_id, str) or not fam_id:
        raise KnowledgeError(f"{where}: `id` must be a non-empty string")
    acquire = _strings(where, "acquire", entry.get("acquire", []))
    release = _strings(where, "release", entry.get("release", []))
    never = _strings(where, "never", entry.get("never", []))
    if acquire and not release:
        raise KnowledgeError(f"{where}: an entry with `acquire` needs `release`")
    if not acquire and not never:
        raise KnowledgeError(f"{where}: an entry needs `acquire` (with `release`) or `never`")
    out_param = entry.get("out-param")
    steal_arg = entry.get("steal-arg")
    for key, value in (("out-param", out_param), ("steal-arg", steal_arg)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise KnowledgeError(f"{where}: `{key}` must be a non-negative argument index")
    release_call = entry.get("release-call")
    if release_call is not None and (not isinstance(release_call, str) or "{handle}" not in release_call):
        raise KnowledgeError(f"{where}: `release-call` must be a string containing {{handle}}")
    return CFamily(
        id=fam_id,
        acquire=acquire,
        release=release,
        release_call=release_call,
        out_param=out_param,
        steal=_strings(where, "steal", entry.get("steal", [])),
        steal_arg=steal_arg,
        never=never,
        builtin=builtin,
    )


def _go_family(where: str, entry: dict[str, Any]) -> GoFamily:
    _check_keys(where, entry, _GO_KEYS)
    for key in ("id", "package", "release-method"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise KnowledgeError(f"{where}: `{key}` must be a non-empty string")
    return GoFamily(
        id=entry["id"],
        package=entry["package"],
        acquire=_strings(where, "acquire", entry.get("acquire")),
        release_method=entry["release-method"],
    )


_FRAMEWORK_KEYS = {
    "id", "imports", "handler", "generated", "is-context", "context-params", "context", "values",
    "detached", "streaming", "reuses-memory", "note", "doc",
}
_STEP = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\(\))?$")


def _step(where: str, key: str, value: Any) -> str:
    if not isinstance(value, str) or not _STEP.match(value):
        raise KnowledgeError(f"{where}: `{key}` must be one selector step like `Request` or `Context()`, got {value!r}")
    return value


def _framework(where: str, entry: Any, builtin: bool) -> Framework:
    if not isinstance(entry, dict):
        raise KnowledgeError(f"{where} must be a table")
    _check_keys(where, entry, _FRAMEWORK_KEYS)
    fid = entry.get("id")
    if not isinstance(fid, str) or not fid:
        raise KnowledgeError(f"{where}: `id` must be a non-empty string")
    imports = _strings(where, "imports", entry.get("imports", []))
    handler = _strings(where, "handler", entry.get("handler", []))
    generated = _strings(where, "generated", entry.get("generated", []))
    if not handler and not generated:
        raise KnowledgeError(f"{where}: a framework needs `handler` types (or `generated` type globs)")
    if handler and not imports:
        raise KnowledgeError(f"{where}: `handler` types need the `imports` that declare them")
    for t in handler:
        if not _STEP.match(t.lstrip("*")) or t.endswith("()"):
            raise KnowledgeError(f"{where}: handler type {t!r} must be a type name, `*` for a pointer (`*Context`)")
    values = []
    raw_values = entry.get("values", [])
    if not isinstance(raw_values, list):
        raise KnowledgeError(f"{where}: `values` must be a list of tables")
    for i, v in enumerate(raw_values):
        here = f"{where} values[{i}]"
        if not isinstance(v, dict):
            raise KnowledgeError(f"{here} must be a table like {{step = \"Body()\", kind = \"value\"}}")
        _check_keys(here, v, {"step", "kind", "as"})
        as_ = v.get("as")
        if as_ is not None and (not isinstance(as_, str) or not as_):
            raise KnowledgeError(f"{here}: `as` must name a framework id")
        kind = v.get("kind", "request" if as_ else None)
        if kind not in _KINDS:
            raise KnowledgeError(f"{here}: `kind` must be one of {', '.join(_KINDS)} (or give `as`)")
        values.append(FrameworkValue(_step(here, "step", v.get("step")), kind, as_))
    context = entry.get("context", "")
    if not isinstance(context, str) or (context and not all(_STEP.match(p) for p in context.split("."))):
        raise KnowledgeError(f"{where}: `context` must be a path of steps like `Request.Context()` or \"\"")
    flags = {}
    for key in ("is-context", "context-params", "reuses-memory"):
        value = entry.get(key, False)
        if not isinstance(value, bool):
            raise KnowledgeError(f"{where}: `{key}` must be true or false")
        flags[key] = value
    return Framework(
        id=fid,
        imports=imports,
        handler=handler,
        generated=generated,
        is_context=flags["is-context"],
        context_params=flags["context-params"],
        context=context,
        values=tuple(values),
        detached=tuple(_step(where, "detached", d) for d in _strings(where, "detached", entry.get("detached", []))),
        streaming=_strings(where, "streaming", entry.get("streaming", [])),
        reuses_memory=flags["reuses-memory"],
        builtin=builtin,
    )


def parse_frameworks(entries: Any, where: str, builtin: bool = False) -> tuple[Framework, ...]:
    """Validate framework rows (the built-in table, or a user's ``frameworks.extra``)."""
    if not isinstance(entries, list):
        raise KnowledgeError(f"{where} must be a list of tables")
    out = tuple(_framework(f"{where}[{i}]", e, builtin) for i, e in enumerate(entries))
    ids = [f.id for f in out]
    dup = next((i for i in ids if ids.count(i) > 1), None)
    if dup is not None:
        raise KnowledgeError(f"{where}: framework id `{dup}` appears twice")
    return out


def check_framework_links(frameworks: tuple[Framework, ...], where: str) -> None:
    ids = {f.id for f in frameworks}
    for f in frameworks:
        for v in f.values:
            if v.as_ is not None and v.as_ not in ids:
                raise KnowledgeError(f"{where}: framework `{f.id}` step `{v.step}` names unknown framework `{v.as_}` in `as`")


def parse_extra_resources(entries: Any, where: str = "resources.extra") -> tuple[tuple[CFamily, ...], tuple[GoFamily, ...]]:
    """Validate user extensions: ``[{acquire = "mylib_open", release = "mylib_close"}, ...]``."""
    if not isinstance(entries, list):
        raise KnowledgeError(f"{where} must be a list of tables")
    c: list[CFamily] = []
    go: list[GoFamily] = []
    for i, entry in enumerate(entries):
        here = f"{where}[{i}]"
        if not isinstance(entry, dict):
            raise KnowledgeError(f"{here} must be a table like {{acquire = \"mylib_open\", release = \"mylib_close\"}}")
        _check_keys(here, entry, _EXTRA_KEYS)
        if "acquire" not in entry:
            raise KnowledgeError(f"{here}: `acquire` is required")
        entry = dict(entry)
        entry.setdefault("id", f"user-{i}")
        if "package" in entry:
            if "release-method" not in entry:
                raise KnowledgeError(f"{here}: a Go binding entry (with `package`) needs `release-method`")
            entry.pop("release", None)
            go.append(_go_family(here, entry))
        else:
            if "release" not in entry:
                raise KnowledgeError(f"{here}: `release` is required")
            c.append(_c_family(here, entry, builtin=False))
    return tuple(c), tuple(go)


class _Builtin(Struct, frozen=True, dict=True):
    """The built-in data tables as read from ``rules/*.toml`` once per process, before user extensions."""

    naming: Naming
    c: tuple[CFamily, ...]
    go: tuple[GoFamily, ...]
    calls: dict[str, frozenset[str]]
    buffers: Buffers
    frameworks: tuple[Framework, ...] = ()


def _table(where: str, data: dict[str, Any], key: str, allowed: set[str]) -> dict[str, Any]:
    table = data.get(key, {})
    if not isinstance(table, dict):
        raise KnowledgeError(f"{where}: [{key}] must be a table")
    _check_keys(f"{where} [{key}]", table, allowed)
    return table


@lru_cache(maxsize=1)
def _builtin() -> _Builtin:
    res = _read("resources.toml")
    _check_keys("resources.toml", res, {"cgo-naming", "c", "go"})
    naming_raw = _table("resources.toml", res, "cgo-naming", {"acquire-verbs", "release-verbs", "suggest"})
    naming = Naming(
        acquire_verbs=_strings("cgo-naming", "acquire-verbs", naming_raw.get("acquire-verbs")),
        release_verbs=_strings("cgo-naming", "release-verbs", naming_raw.get("release-verbs")),
        suggest=tuple(sorted(dict(naming_raw.get("suggest", {})).items())),
    )
    c = tuple(_c_family(f"resources.toml [[c]] #{i}", e, True) for i, e in enumerate(res.get("c", [])))
    go = tuple(_go_family(f"resources.toml [[go]] #{i}", e) for i, e in enumerate(res.get("go", [])))

    raw = _read("calls.toml")
    layout = {
        "terminal": {"functions", "methods"},
        "context": {"derive", "detach", "fresh"},
        "cuda": {"context-binding"},
        "pool": {"reset-methods", "growth-methods"},
        "goroutine": {"wait-methods", "call-once"},
        "testing": {"stop-methods", "fail-methods", "stop-packages", "fail-functions", "test-types"},
        "errors": {"never-fail"},
        "ownership": {"borrows"},
    }
    _check_keys("calls.toml", raw, layout)
    calls: dict[str, frozenset[str]] = {}
    for section, keys in layout.items():
        table = _table("calls.toml", raw, section, keys)
        for key in keys:
            calls[f"{section}.{key}"] = frozenset(_strings(f"calls.toml [{section}]", key, table.get(key, [])))

    braw = _read("buffers.toml")
    _check_keys("buffers.toml", braw, {"large-buffer", "tensors"})
    large = _table("buffers.toml", braw, "large-buffer", {"default-bytes", "elements"})
    tensors = _table("buffers.toml", braw, "tensors", {"suffix", "types"})
    elements = large.get("elements", {})
    if not isinstance(elements, dict) or not all(isinstance(v, int) and v > 0 for v in elements.values()):
        raise KnowledgeError("buffers.toml [large-buffer]: `elements` must map type names to sizes in bytes")
    buffers = Buffers(
        default_bytes=int(large.get("default-bytes", 65536)),
        elements=tuple(sorted(elements.items())),
        tensor_suffix=str(tensors.get("suffix", "Tensor")),
        tensor_types=_strings("buffers.toml [tensors]", "types", tensors.get("types", [])),
    )
    fraw = _read("frameworks.toml")
    _check_keys("frameworks.toml", fraw, {"framework"})
    frameworks = parse_frameworks(fraw.get("framework", []), "frameworks.toml [[framework]]", builtin=True)
    check_framework_links(frameworks, "frameworks.toml")
    return _Builtin(naming, c, go, calls, buffers, frameworks)


_K = TypeVar("_K")


def per_knowledge(fn: "Callable[[Knowledge], _K]") -> "Callable[[Knowledge], _K]":
    """Memoise ``fn(knowledge)`` by the knowledge's identity: tables never change once
    loaded, and what byte prefilters build from them is asked for on every file."""
    memo: dict[int, tuple[Knowledge, Any]] = {}

    @wraps(fn)
    def wrapper(k: Knowledge) -> _K:
        hit = memo.get(id(k))
        if hit is None or hit[0] is not k:
            hit = memo[id(k)] = (k, fn(k))  # holding k keeps its id from being reused
        return hit[1]

    return wrapper


@lru_cache(maxsize=64)
def load_knowledge(
    extra_c: tuple[CFamily, ...] = (),
    extra_go: tuple[GoFamily, ...] = (),
    extra_tensors: tuple[str, ...] = (),
    extra_frameworks: tuple[Framework, ...] = (),
) -> Knowledge:
    b = _builtin()
    user_ids = {f.id for f in extra_frameworks}
    # A user row with a built-in id replaces that row; new ids extend the table.
    frameworks = extra_frameworks + tuple(f for f in b.frameworks if f.id not in user_ids)
    release_words = {v.lower() for v in b.naming.release_verbs}
    resources_ = Resources(
        naming=b.naming,
        # User entries first: a user pair for a name the naming convention also matches wins.
        c=extra_c + b.c,
        go=extra_go + b.go,
        release_words=frozenset(release_words),
    )
    buffers = b.buffers
    if extra_tensors:
        buffers = Buffers(buffers.default_bytes, buffers.elements, buffers.tensor_suffix, buffers.tensor_types + extra_tensors)
    calls = b.calls
    return Knowledge(
        resources=resources_,
        terminal_functions=calls["terminal.functions"],
        terminal_methods=calls["terminal.methods"],
        buffers=buffers,
        context_derive=calls["context.derive"],
        context_detach=calls["context.detach"],
        context_fresh=calls["context.fresh"],
        cuda_context_binding=calls["cuda.context-binding"],
        reset_methods=calls["pool.reset-methods"],
        growth_methods=calls["pool.growth-methods"],
        wait_methods=calls["goroutine.wait-methods"],
        call_once=calls["goroutine.call-once"],
        never_fail=calls["errors.never-fail"],
        test_stop_methods=calls["testing.stop-methods"],
        test_fail_methods=calls["testing.fail-methods"],
        test_stop_packages=calls["testing.stop-packages"],
        test_fail_functions=calls["testing.fail-functions"],
        test_types=calls["testing.test-types"],
        borrowing_calls=calls["ownership.borrows"],
        frameworks=frameworks,
    )
