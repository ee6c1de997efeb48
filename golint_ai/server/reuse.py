"""Per-function results for the language server: after an edit, a rule re-runs only on
the functions whose findings the edit can have changed.

A rule that declares ``per_function`` (see :class:`golint_ai.registry.Rule`) has its
findings kept per top-level function of each reported file, for the last analysis of the
package. A function is identified by its file, its bytes and its column. The next
analysis compares the package with that one:

- when the package outside function bodies changed (every file's bytes less its
  top-level function and method declarations: types, variables, constants, imports, cgo
  preambles), or a file has syntax errors, nothing is reused;
- otherwise the functions added, changed or removed are found, and with them every
  function whose findings can depend on one of them, through the names the package
  declares (functions, methods, types, fields, variables, constants) and the C release
  functions it calls: a function depends on its callers and their callers (functions
  only ``main`` calls, handlers, the launchers of its goroutines), on everything those
  call, transitively (summaries), and on the other users of the variables, fields and
  types they mention (the other ``Get``s of a pool, the release of a field or table
  entry) with what those call; a function named in another declaration
  (``sync.Pool{New: newBuf}``) counts as a user of what that declaration declares. Two
  functions that merely call the same helper do not depend on each other.
- a rule may say what its analysis of other functions reads of a function
  (``Rule.shared_facts``: for the pool rules, the pools it takes from and puts into,
  whether it resets what it takes, its signature). Those facts are computed for the
  functions an edit reaches and kept; when an edit of functions in place leaves them
  equal, the other users of the names they mention keep that rule's findings (the first
  edit of a function re-runs them: its earlier facts were not known).

Every other function gets its stored findings back, moved to where it now starts (the
line numbers in their messages too, when every line they name lies in the function;
otherwise only while the function stays on its line). The changed and affected functions
(and the code outside functions) go through the rule again, which then looks for
candidates in those declarations only (``FileContext.window``). A stored finding that
points outside its function (a related location, a fix adding an import) is reused only
while the file is unchanged up to that point; a rule finding something outside the
declarations it was run on gets the whole file. The result is the one a full run gives
(the tests compare after random edits, in process and over LSP).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections import OrderedDict
from typing import TYPE_CHECKING, Callable

from msgspec import Struct, field
from msgspec.structs import replace

from golint_ai.diagnostics import Diagnostic, Edit, Fix, Related, Span

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from golint_ai.context import FileContext
    from golint_ai.golang.package import GoFile, Package
    from golint_ai.registry import Rule

FUNCTION_DECLARATIONS = ("function_declaration", "method_declaration")
MAX_ENTRIES = 200_000
MAX_FILES = 4096
_TOKEN = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
_C_NAME = re.compile(rb"\bC\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)")
_INSIDE = "\x00function"  # the path of a stored position relative to its function


class _Unit(Struct, dict=True):
    """One top-level function of a reported file in a plan, and whether its stored findings can be reused."""

    file: "GoFile"
    node: "Node"
    start: int
    end: int
    digest: bytes
    key: tuple = ()  # (path, digest, column): the function's identity across versions
    row: int = 0
    index: int = 0  # in the package's list of functions


class _Entry(Struct, dict=True):
    """One rule's findings for one function, stored relative to the function for reuse after edits."""

    diagnostics: list[Diagnostic]
    outside: dict[str, int]  # display path -> end of the furthest position outside the function
    data: dict[str, bytes]  # display path -> the file's bytes when stored
    row: int  # the function's first line (0-based) when stored
    movable: bool  # every line number in the texts lies in the function: the function may move


class _FileFacts(Struct, dict=True):
    """What a plan needs of one file, kept while its bytes stay the same: skeleton digest, names, functions."""

    broken: bool  # syntax errors: the file is analysed whole, and nothing is reused
    skeleton: bytes  # digest of the bytes outside function and method declarations
    declared: frozenset[bytes]  # names its other declarations declare, and the C releases it calls
    functions: list[tuple]  # (start, end, digest, row) of each function
    ids: list[tuple]  # (path, digest, column) of each function
    names: "list[bytes | None]"
    tokens: list[frozenset[bytes]]  # the names each mentions
    # (names declared, names mentioned) of each variable declaration: a function it
    # mentions (``sync.Pool{New: newBuf}``) feeds what it declares.
    ties: list[tuple[frozenset[bytes], frozenset[bytes]]]


class _Plan(Struct, dict=True):
    """One package's functions and keys, for one analysis."""

    units: dict[int, list[_Unit]] = field(default_factory=dict)  # id(GoFile) -> its functions by position
    rest: dict[int, list["Node"]] = field(default_factory=dict)  # id(GoFile) -> top-level nodes outside functions
    whole: set[int] = field(default_factory=set)  # id(GoFile) of files analysed whole (syntax errors)
    data: dict[str, bytes] = field(default_factory=dict)  # display path -> bytes
    by_index: dict[int, _Unit] = field(default_factory=dict)  # the functions of reported files, by index
    comparable: bool = False  # the last analysis had the same skeleton: its findings may be reused
    changed: set[int] = field(default_factory=set)  # indices of functions new since the last analysis
    gone: set[int] = field(default_factory=set)  # indices (in the last analysis) of functions no longer here
    now: dict[tuple, int] = field(default_factory=dict)  # function id -> its index in this analysis
    # index of a changed function -> the id of its version in the last analysis, when
    # every change is an edit of a function in place (same file, name and rank)
    edited: "dict[int, tuple] | None" = None
    _affected: dict[str, set[int]] = field(default_factory=dict)  # rule code -> functions to re-run
    _everything: "set[int] | None" = None  # what the changes can affect through calls and shared names
    _shared: dict[tuple, object] = field(default_factory=dict)  # (shared_facts, index) -> its facts (rules may share one)


class _Graph(Struct, dict=True):
    """What the functions of one package version mention of each other."""

    ids: list[tuple]  # (path, digest, column) of each function
    calls: list[list[int]]  # functions each one names (callees, methods by name)
    callers: list[list[int]]  # functions naming each one
    uses: list[frozenset[bytes]]  # shared names (variables, fields, types, C releases) each mentions
    users: dict[bytes, list[int]]  # shared name -> functions mentioning it

    def affected(self, changed: set[int], through_names: bool = True) -> set[int]:
        """The functions whose findings can depend on one of ``changed``: those that
        call a caller of it (transitively), and those that call a user of a name one of
        its callers mentions (see the module docstring: the reverse of what a function
        depends on). ``through_names=False``: the first part only."""
        callers = _closure(changed, self.callers)
        if not through_names:
            return _closure(callers, self.calls)
        users = {j for c in callers for t in self.uses[c] for j in self.users.get(t, ())}
        return _closure(callers, self.calls) | _closure(_closure(users, self.callers), self.calls)


class _Generation(Struct, dict=True):
    """The last analysis of a package: its functions and the findings stored for them."""

    skeleton: bytes
    ids: list[tuple]  # (path, digest, column) of each function
    _inputs: tuple  # (names, mentioned names, declared names, ties): the graph, when asked for
    entries: dict[tuple, _Entry] = field(default_factory=dict)  # (rule, id of the settings, function id) -> findings
    # (rule, id of the settings) -> function id -> what the rule's analysis of other
    # functions reads of that function (``Rule.shared_facts``), where it was computed
    shared: dict[tuple, dict[tuple, object]] = field(default_factory=dict)
    _graph: "_Graph | None" = None

    @property
    def graph(self) -> _Graph:
        if self._graph is None:
            self._graph = _graph(self.ids, *self._inputs)
        return self._graph


class FunctionResults:
    """Stored findings of ``per_function`` rules, per function of the last analysis of
    each package (kept by the analysis worker across jobs). Call :meth:`begin` before
    each analysis, pass :meth:`check` as ``reuse`` to ``runner.analyze_directory``."""

    def __init__(self, max_packages: int = 64) -> None:
        self.max_packages = max_packages
        self._generations: OrderedDict[tuple, _Generation] = OrderedDict()
        self._tokens: OrderedDict[bytes, frozenset[bytes]] = OrderedDict()
        self._files: OrderedDict[str, tuple[bytes, _FileFacts]] = OrderedDict()
        self._knowledge = None
        self._declared: OrderedDict[bytes, frozenset[bytes]] = OrderedDict()
        self._plans: dict[int, tuple["Package", _Plan, "_Generation | None", _Generation]] = {}
        # What the last analysis did, per (rule code, function): for tests and logs (see
        # ``ran`` and ``reused``; names are read only when asked for).
        self._ran: list[tuple[str, _Unit]] = []
        self._reused: list[tuple[str, _Unit]] = []
        self._paths: dict[str, str] = {}
        self._settings: dict = {}  # settings -> the first equal settings seen

    def forget(self, directories: "set[str]") -> None:
        """Drop the stored findings of the packages in ``directories`` (absolute): what
        their functions call in other packages changed, and the comparison with their
        last analysis sees their own files only."""
        import os

        for where in [w for w in self._generations if os.path.abspath(w[0]) in directories]:
            del self._generations[where]

    def begin(self, paths: "dict[str, str] | None" = None) -> None:
        """Start an analysis. ``paths`` (display path -> the path the caller names the
        file by): a restored finding names its files by those paths, so the caller's
        conversion of the result has nothing to copy for it."""
        self._plans.clear()
        self._ran = []
        self._reused = []
        self._paths = paths or {}

    @property
    def ran(self) -> list[tuple[str, str]]:
        """(rule code, function name) of each function the last analysis ran a rule on."""
        return [(code, _name(u)) for code, u in self._ran]

    @property
    def reused(self) -> list[tuple[str, str]]:
        """(rule code, function name) of each function whose stored findings the last analysis took."""
        return [(code, _name(u)) for code, u in self._reused]

    @property
    def counts(self) -> tuple[int, int]:
        """(functions run, functions reused) by the last analysis, per rule."""
        return len(self._ran), len(self._reused)

    # -- the reuse hook --------------------------------------------------------
    def check(self, rule: "Rule", ctx: "FileContext") -> list[Diagnostic]:
        plan, old, new = self._plan(ctx.package, ctx.settings)
        # Entries are keyed by the identity of the first equal settings seen (kept in
        # ``_settings``): a frozen record hashes every field on every look-up.
        settings = id(self._settings.setdefault(ctx.settings, ctx.settings))
        f = ctx.file
        if id(f) in plan.whole or id(f) not in plan.units:
            return list(rule.check(ctx))
        units = plan.units[id(f)]
        display = f.source.display
        own = self._paths.get(display, display)
        found: list[Diagnostic] = []
        dirty: list[_Unit] = []
        kept: list[tuple[_Unit, tuple, _Entry]] = []
        affected = self._affected(rule, ctx, plan, old, new, settings)
        for u in units:
            key = (rule.code, settings, u.key)
            entry = old.entries.get(key) if old is not None and affected is not None and u.index not in affected else None
            if entry is not None and (entry.row == u.row or entry.movable) and _still_valid(entry, plan.data):
                kept.append((u, key, entry))
            else:
                dirty.append(u)
        if len(dirty) * 2 > len(units):
            dirty = units  # most of the file: one run over it costs less than one per function
        else:
            for u, key, entry in kept:
                new.entries[key] = entry
                found.extend(_restore(d, own, u.start, u.row - entry.row, self._paths) for d in entry.diagnostics)
                self._reused.append((rule.code, u))
        if not dirty:
            return found
        rest = plan.rest[id(f)]
        from golint_ai.context import FileContext

        if len(dirty) == len(units):
            fresh = list(rule.check(ctx))  # nothing to keep: the whole file, as the command line does
            window_units = units
        else:
            window = sorted([u.node for u in dirty] + rest, key=lambda n: n.start_byte)
            fresh = list(rule.check(FileContext(f, ctx.package, ctx.settings, window)))
            window_units = dirty
        starts = [u.start for u in window_units]
        per_unit: dict[int, list[Diagnostic]] = {i: [] for i in range(len(window_units))}
        for d in fresh:
            i = bisect_right(starts, d.span.start) - 1
            if d.span.path == display and i >= 0 and d.span.start < window_units[i].end:
                per_unit[i].append(d)
            elif d.span.path != display or not any(n.start_byte <= d.span.start < n.end_byte for n in rest):
                # Found outside the declarations it was run on: the rule does not keep
                # to its functions here, so this file gets a whole run, and nothing of
                # it is stored.
                for u in units:
                    new.entries.pop((rule.code, settings, u.key), None)
                return list(rule.check(ctx)) if window_units is dirty else fresh
        for i, u in enumerate(window_units):
            self._remember(new, (rule.code, settings, u.key), u, per_unit[i], display, plan.data)
            self._ran.append((rule.code, u))
        return found + fresh

    # -- what changed ----------------------------------------------------------------
    def _plan(self, package: "Package", settings) -> "tuple[_Plan, _Generation | None, _Generation]":
        held = self._plans.get(id(package))
        if held is not None and held[0] is package:
            return held[1], held[2], held[3]
        plan = _Plan()
        knowledge = settings.knowledge
        if knowledge is not self._knowledge:  # C release names are part of what a function mentions
            self._tokens.clear()
            self._files.clear()
            self._knowledge = knowledge
        declared: set[bytes] = set()
        skeleton = hashlib.sha1()
        ids: list[tuple] = []  # every function of the package
        unit_names: list[bytes | None] = []
        tokens_of: list[frozenset[bytes]] = []
        ties: list[tuple[frozenset[bytes], frozenset[bytes]]] = []
        for f in sorted(package.files, key=lambda f: f.source.path):
            data = f.data
            plan.data[f.source.display] = data
            skeleton.update(f.source.path.encode("utf-8", "surrogateescape") + b"\x00")
            facts = self._file_facts(f, knowledge)
            skeleton.update(facts.skeleton)
            if facts.broken:
                plan.whole.add(id(f))
                continue
            declared |= facts.declared
            ties.extend(facts.ties)
            if f.report:  # the functions of a reported file are analysed: their nodes
                first = len(ids)
                nodes: dict[int, Node] = {}
                rest: list[Node] = []
                for decl in f.root.named_children:
                    if decl.type in FUNCTION_DECLARATIONS:
                        nodes[decl.start_byte] = decl
                    else:
                        rest.append(decl)
                plan.rest[id(f)] = rest
                units: list[_Unit] = []
                for k, (start, end, digest, row) in enumerate(facts.functions):
                    u = _Unit(f, nodes[start], start, end, digest)
                    u.row = row
                    u.key = facts.ids[k]
                    u.index = first + k
                    units.append(u)
                plan.units[id(f)] = units
                plan.by_index.update((u.index, u) for u in units)
            ids.extend(facts.ids)
            tokens_of.extend(facts.tokens)
            unit_names.extend(facts.names)
        new = _Generation(b"", ids, (unit_names, tokens_of, declared, ties))
        where = (package.directory, package.name)
        old = self._generations.get(where)
        digest = skeleton.digest()
        if old is not None and old.skeleton == digest and len(set(ids)) == len(ids):
            before = set(old.ids)
            plan.now = {k: i for i, k in enumerate(ids)}
            plan.comparable = True
            plan.changed = {i for i, k in enumerate(ids) if k not in before}
            plan.gone = {i for i, k in enumerate(old.ids) if k not in plan.now}
            plan.edited = _edited_in_place(plan.changed, plan.gone, ids, unit_names, old.ids, old._inputs[0])
        new.skeleton = digest
        self._generations[where] = new
        self._generations.move_to_end(where)
        while len(self._generations) > self.max_packages:
            self._generations.popitem(last=False)
        self._plans[id(package)] = (package, plan, old, new)
        return plan, old, new

    def _affected(self, rule: "Rule", ctx: "FileContext", plan: _Plan, old: "_Generation | None", new: _Generation, settings: int) -> "set[int] | None":
        """The indices of the functions ``rule`` must run on again (None: every one).

        Every change reaches its callers, what they call, and the other users of the
        names they mention. A rule that says what its analysis of other functions reads
        of a function (``Rule.shared_facts``) is spared the users: when each function
        edited in place, and each caller reached from one, shows the same facts as in the
        last analysis, the functions sharing names with them keep their findings. Facts
        are computed for the functions an edit reaches, so the first edit of a function
        re-runs its users and the next ones in it need not."""
        held = plan._affected.get(rule.code)
        if held is not None:
            return held
        if old is None or not plan.comparable:
            return None
        shares = rule.shared_facts
        table: dict[tuple, object] = {}
        before = old.shared.get((rule.code, settings), {})
        if shares is not None:
            known = set(new.ids)
            table = {k: v for k, v in before.items() if k in known}  # unchanged functions keep theirs
            new.shared[(rule.code, settings)] = table
        if not plan.changed and not plan.gone:
            affected: set[int] = set()
        else:
            if plan._everything is None:
                plan._everything = self._reached(plan, old, new, through_names=True)
            affected = plan._everything
            if shares is not None:
                # The changed functions and their callers: the ones whose facts may differ.
                reached = _closure(plan.changed, new.graph.callers) | _still_here(plan, old, _closure(plan.gone, old.graph.callers))
                for i in reached:
                    table.pop(new.ids[i], None)
                if plan.edited is not None and len(affected) > len(reached):
                    narrow = self._reached(plan, old, new, through_names=False)
                    # Worth the facts only when it spares something: a file most of whose
                    # functions are to run anyway runs whole (see check).
                    if len(narrow) < len(affected) and 2 * len(narrow) <= len(plan.by_index):
                        if self._same_shared(shares, ctx, plan, new, reached, before, table):
                            affected = narrow
        plan._affected[rule.code] = affected
        return affected

    @staticmethod
    def _reached(plan: _Plan, old: "_Generation", new: _Generation, through_names: bool) -> set[int]:
        out = new.graph.affected(plan.changed, through_names) if plan.changed else set()
        if plan.gone:
            out |= _still_here(plan, old, old.graph.affected(plan.gone, through_names))
        return out

    @staticmethod
    def _same_shared(shares, ctx: "FileContext", plan: _Plan, new: _Generation, reached: set[int], before: dict, table: dict) -> bool:
        """Whether every function in ``reached`` shows the facts its version in the last
        analysis showed (each is computed and kept in ``table`` for the next edit)."""
        from golint_ai.context import FileContext

        edited = plan.edited or {}
        same = True
        contexts: dict[int, FileContext] = {}
        for i in sorted(reached):
            u = plan.by_index.get(i)
            if u is None:
                return False  # a function of a file not analysed here: its facts are not known
            fctx = contexts.get(id(u.file))
            if fctx is None:
                fctx = contexts[id(u.file)] = FileContext(u.file, ctx.package, ctx.settings)
            facts = plan._shared.get((shares, i), _UNKNOWN)
            if facts is _UNKNOWN:  # GAI401 and GAI402 ask the same question of the same function
                facts = plan._shared[(shares, i)] = shares(fctx, u.node)
            table[new.ids[i]] = facts
            earlier = before.get(edited.get(i, new.ids[i]), _UNKNOWN)
            same = same and earlier == facts
        return same

    def _file_facts(self, f: "GoFile", knowledge) -> "_FileFacts":
        """What the plan needs of one file, kept while its bytes stay the same (siblings
        and unchanged buffers are not walked again)."""
        path = f.source.path
        held = self._files.get(path)
        if held is not None and held[0] == f.data:
            self._files.move_to_end(path)
            return held[1]
        data = f.data
        root = f.root
        if root.has_error:
            facts = _FileFacts(True, hashlib.sha1(data).digest(), frozenset(), [], [], [], [], [])
        else:
            skeleton = hashlib.sha1()
            declared: set[bytes] = set()
            functions, ids, names, tokens_of = [], [], [], []
            ties: list[tuple[frozenset[bytes], frozenset[bytes]]] = []
            last = 0
            for decl in root.named_children:
                if decl.type in FUNCTION_DECLARATIONS:
                    skeleton.update(data[last:decl.start_byte])
                    last = decl.end_byte
                    body = data[decl.start_byte:decl.end_byte]
                    digest = hashlib.sha1(body).digest()
                    name = decl.child_by_field_name("name")
                    row, col = decl.start_point
                    tokens = self._tokens_of(digest, body, knowledge)
                    functions.append((decl.start_byte, decl.end_byte, digest, row))
                    ids.append((path, digest, col))
                    names.append(name.text if name is not None else None)
                    tokens_of.append(tokens)
                    if b"C." in body:  # the C releases it calls are shared names too
                        declared.update(t for t in tokens if t.startswith(b"C."))
                else:
                    text = data[decl.start_byte:decl.end_byte]
                    names_here = self._declared_names(text, decl)
                    declared.update(names_here)
                    if names_here and decl.type == "var_declaration":
                        ties.append((names_here, frozenset(_TOKEN.findall(text))))
            skeleton.update(data[last:])
            facts = _FileFacts(False, skeleton.digest(), frozenset(declared), functions, ids, names, tokens_of, ties)
        self._files[path] = (data, facts)
        self._files.move_to_end(path)
        while len(self._files) > MAX_FILES:
            self._files.popitem(last=False)
        return facts

    def _declared_names(self, text: bytes, decl: "Node") -> frozenset[bytes]:
        names = self._declared.get(text)
        if names is None:
            names = self._declared[text] = frozenset(_declared_names(decl))
            while len(self._declared) > MAX_ENTRIES:
                self._declared.popitem(last=False)
        return names

    def _tokens_of(self, digest: bytes, body: bytes, knowledge) -> frozenset[bytes]:
        """The names a function's bytes mention (its C release calls as ``C.name``)."""
        toks = self._tokens.get(digest)
        if toks is None:
            found = set(_TOKEN.findall(body))
            for m in _C_NAME.finditer(body):
                name = m.group(1)
                if knowledge.resources.is_release_name(name.decode("ascii")):
                    found.add(b"C." + name)
            toks = self._tokens[digest] = frozenset(found)
            while len(self._tokens) > MAX_ENTRIES:
                self._tokens.popitem(last=False)
        return toks

    def _remember(self, new: _Generation, key: tuple, u: _Unit, diags: list[Diagnostic], display: str, data: dict[str, bytes]) -> None:
        outside: dict[str, int] = {}

        def rel(path: str, start: int, end: int) -> tuple[str, int, int]:
            if path == display and u.start <= start and end <= u.end:
                return _INSIDE, start - u.start, end - u.start
            outside[path] = max(outside.get(path, 0), end)
            return path, start, end

        stored = [move(d, rel) for d in diags]
        if any(p not in data for p in outside):
            return  # points into a file this package does not hold: never reused
        first, last = u.node.start_point[0] + 1, u.node.end_point[0] + 1
        movable = all(shift_lines(t, 0, first, last) is not None for d in diags for t in _texts(d))
        new.entries[key] = _Entry(stored, outside, {p: data[p] for p in outside}, u.row, movable)


def _graph(
    ids: list[tuple],
    names: "list[bytes | None]",
    tokens_of: list[frozenset[bytes]],
    declared: set[bytes],
    ties: list[tuple[frozenset[bytes], frozenset[bytes]]],
) -> _Graph:
    func_names = {n for n in names if n is not None}
    shared = declared
    declarers: dict[bytes, list[int]] = {}
    for i, n in enumerate(names):
        if n is not None:
            declarers.setdefault(n, []).append(i)
    # A function named in a declaration (`var pool = sync.Pool{New: newBuf}`) counts as
    # a user of what that declaration declares: what it returns is what the pool holds.
    tied: dict[int, set[bytes]] = {}
    for names_declared, mentioned in ties:
        for t in mentioned & func_names:
            for j in declarers[t]:
                tied.setdefault(j, set()).update(names_declared)
    calls = [sorted({j for t in toks & func_names for j in declarers[t]}) for toks in tokens_of]
    callers: list[list[int]] = [[] for _ in ids]
    users: dict[bytes, list[int]] = {}
    uses = []
    for i, toks in enumerate(tokens_of):
        for j in calls[i]:
            callers[j].append(i)
        mine = toks & shared
        if i in tied:
            mine = mine | tied[i]
        uses.append(mine)
        for t in mine:
            users.setdefault(t, []).append(i)
    return _Graph(ids, calls, callers, uses, users)



_UNKNOWN = object()


def _still_here(plan: _Plan, old: "_Generation", indices: set[int]) -> set[int]:
    """The indices now of the functions of the last analysis at ``indices`` that are
    still here, unchanged."""
    now = plan.now
    return {now[old.ids[j]] for j in indices if old.ids[j] in now}


def _edited_in_place(changed: set[int], gone: set[int], ids: list[tuple], names: list, old_ids: list[tuple], old_names: list) -> "dict[int, tuple] | None":
    """index of each changed function -> the id of its earlier version, when the changes
    are edits of functions in place: each changed function and each gone one are the
    same file, name and rank among same-named functions of that file (None otherwise:
    a function was added, removed or renamed)."""
    if len(changed) != len(gone):
        return None

    def slots(which: set[int], ids_: list[tuple], names_: list) -> "dict[tuple, int]":
        rank: dict[tuple, int] = {}
        out = {}
        for i, (k, n) in enumerate(zip(ids_, names_)):
            slot = (k[0], n)
            r = rank[slot] = rank.get(slot, -1) + 1
            if i in which:
                out[(k[0], n, r)] = i
        return out

    now, earlier = slots(changed, ids, names), slots(gone, old_ids, old_names)
    if now.keys() != earlier.keys():
        return None
    return {i: old_ids[earlier[slot]] for slot, i in now.items()}


def _closure(seeds: set[int], edges: list[list[int]]) -> set[int]:
    seen = set(seeds)
    stack = list(seeds)
    while stack:
        for j in edges[stack.pop()]:
            if j not in seen:
                seen.add(j)
                stack.append(j)
    return seen


def _declared_names(decl: "Node") -> set[bytes]:
    """Names a top-level declaration other than a function declares: types and their
    fields and methods, variables, constants (over-approximated: every type and field
    identifier below a type declaration)."""
    out: set[bytes] = set()
    t = decl.type
    if t == "type_declaration":
        stack = [decl]
        while stack:
            n = stack.pop()
            if n.type in ("type_identifier", "field_identifier"):
                out.add(n.text)
            stack.extend(n.named_children)
        return out
    if t in ("var_declaration", "const_declaration"):
        stack = [decl]
        while stack:
            n = stack.pop()
            if n.type in ("var_spec", "const_spec"):
                out.update(name.text for name in n.children_by_field_name("name"))
            elif n.type in ("var_declaration", "const_declaration", "var_spec_list", "const_spec_list"):
                stack.extend(n.named_children)
    return out


def _still_valid(entry: _Entry, data: dict[str, bytes]) -> bool:
    for path, end in entry.outside.items():
        now = data.get(path)
        if now is None or now[:end] != entry.data[path][:end]:
            return False
    return True


def _name(u: _Unit) -> str:
    name = u.node.child_by_field_name("name")
    return name.text.decode("utf-8", "replace") if name is not None else f"line {u.node.start_point[0] + 1}"


def move(d: Diagnostic, where: Callable[[str, int, int], tuple[str, int, int]]) -> Diagnostic:
    """``d`` with every position (span, related, launch, fix edits) passed through ``where``."""

    def span(s: Span) -> Span:
        return Span(*where(s.path, s.start, s.end))

    fix = d.fix
    if fix is not None:
        fix = Fix(fix.title, tuple(Edit(*where(e.path, e.start, e.end), e.text) for e in fix.edits), fix.applicability)
    return replace(
        d,
        span=span(d.span),
        related=tuple(Related(span(r.span), r.message) for r in d.related),
        launch=span(d.launch) if d.launch is not None else None,
        fix=fix,
    )


def _restore(d: Diagnostic, display: str, start: int, rows: int, paths: "dict[str, str] | None" = None) -> Diagnostic:
    """A stored finding back in its file: positions inside its function moved to where
    the function starts now, named by ``display``; other paths by ``paths`` (display
    path -> the caller's path), when given."""
    def where(path: str, a: int, b: int) -> tuple[str, int, int]:
        if path == _INSIDE:
            return display, a + start, b + start
        return (paths.get(path, path) if paths else path), a, b

    d = move(d, where)
    if rows:
        def shift(t: str) -> str:
            return shift_lines(t, rows, 0, 1 << 62) or t

        fix = replace(d.fix, title=shift(d.fix.title)) if d.fix is not None else None
        d = replace(d, message=shift(d.message), related=tuple(Related(r.span, shift(r.message)) for r in d.related), fix=fix)
    return d


_LINE = re.compile(r"\bline (\d+)\b")


def _texts(d: Diagnostic) -> list[str]:
    return [d.message, *(r.message for r in d.related), *([d.fix.title] if d.fix is not None else [])]


def shift_lines(t: str, rows: int, lo: int, hi: int) -> "str | None":
    """``t`` with every "line N" outside backquoted code moved by ``rows``; None when
    one names a line outside ``lo..hi``, or stands inside backquotes (quoted code)."""
    out, last = [], 0
    for m in _LINE.finditer(t):
        n = int(m.group(1))
        if t.count("`", 0, m.start()) % 2 or not lo <= n <= hi:
            return None
        out.append(t[last:m.start(1)])
        out.append(str(n + rows))
        last = m.end(1)
    out.append(t[last:])
    return "".join(out)
