"""A small control-flow model of one function body, built only for functions that hold
candidates.

Nodes are statements (and the conditions/headers of ``if``, ``for``, ``switch`` and
``select``); edges out of a condition carry a :class:`Guard` telling which way the
condition went. ``return`` statements and the closing brace lead to the exit; terminal
calls (``panic``, ``os.Exit``, ``log.Fatal*``, ``t.Fatal*``) end a path without
reaching it. ``break``/``continue`` (with labels), ``fallthrough`` and ``goto`` are
followed. ``defer`` is an ordinary statement node here: it runs on every later exit,
so a rule treats a deferred release as releasing every path through it.

Construction runs on :func:`walk.trampoline`, so nesting depth never hits Python's
recursion limit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from msgspec import Struct, field

from golint_ai.golang.walk import trampoline, unparen

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

ENTRY, STMT, COND, RETURN, TERMINAL, EXIT = "entry", "stmt", "cond", "return", "terminal", "exit"


class Guard(Struct, frozen=True, dict=True):
    """The edge taken when ``condition`` evaluated to ``value``. For a switch case,
    ``condition`` is the case clause and ``value`` is True."""

    condition: "Node"
    value: bool


class FlowNode(Struct, eq=False, dict=True):
    """A statement or condition. ``ast`` is the syntax the node evaluates (a switch
    header's tag, a case's values), None for synthetic nodes and select headers."""

    id: int
    kind: str
    ast: "Node | None"
    succ: list[tuple[int, Guard | None]] = field(default_factory=list)

    @property
    def line(self) -> int:
        """1-based line of the node's syntax; 0 for synthetic nodes."""
        return self.ast.start_point[0] + 1 if self.ast is not None else 0


class _Loop(Struct, dict=True):
    """A loop, switch or select being built: its label, the breaks out of it, and where ``continue`` goes."""

    label: str | None
    breaks: list[tuple[int, Guard | None]]
    continue_target: int | None  # None for switch/select (break only)


class ControlFlow:
    """The control-flow graph of one function declaration or func literal body."""

    def __init__(self, func: "Node", is_terminal: Callable[["Node"], bool]) -> None:
        self.func = func
        self._is_terminal = is_terminal
        self.nodes: list[FlowNode] = []
        self._by_ast: dict[int, int] = {}
        self._loops: list[_Loop] = []
        self._labels: dict[str, int] = {}
        self._gotos: list[tuple[int, str]] = []
        self._pending_label: str | None = None
        self._fallthrough: list[tuple[int, Guard | None]] = []
        self.entry = self._add(None, ENTRY, [])
        self.exit = self._add(None, EXIT, [])
        body = func.child_by_field_name("body")
        self.end = self._add(body, RETURN, [])  # falling off the closing brace
        self._by_ast.pop(body.id if body is not None else -1, None)
        if body is not None:
            out = trampoline(self._stmt(body, [(self.entry, None)]))
            for src, guard in out:  # type: ignore[union-attr]
                self._link(src, self.end, guard)
        self._link(self.end, self.exit, None)
        for src, label in self._gotos:
            target = self._labels.get(label)
            self._link(src, target if target is not None else self.exit, None)

    # -- questions ---------------------------------------------------------
    def node_for(self, ast: "Node") -> FlowNode | None:
        """The flow node of the statement (or condition) that holds ``ast``."""
        n: Node | None = ast
        while n is not None and n.id != self.func.id:
            idx = self._by_ast.get(n.id)
            if idx is not None:
                return self.nodes[idx]
            n = n.parent
        return None

    def exit_line(self, node: FlowNode) -> int:
        """The line a reviewer sees for an exit node: the return, or the closing brace."""
        if node.id == self.end and node.ast is not None:
            return node.ast.end_point[0] + 1
        return node.line

    def leaking_exits(
        self,
        start: FlowNode,
        *,
        stops: Callable[[FlowNode], bool],
        prunes: Callable[[Guard], bool] = lambda g: False,
        candidates: "set[int] | None" = None,
    ) -> list[FlowNode]:
        """Exit nodes (returns or the closing brace) reachable from after ``start``
        without passing a node for which ``stops`` holds. Edges whose guard ``prunes``
        are not taken; terminal calls end paths; reaching ``start`` again ends a path.
        Sorted by source position.

        ``candidates``: ids of the only nodes for which ``stops`` can hold (those holding
        a reference to the value asked about, :meth:`nodes_holding`). With them, runs of
        straight-line statements are crossed as one step, testing only the candidates
        in them, so asking about each of n values in one long function costs what lies
        between the value and the exits in blocks, not in statements."""
        if candidates is not None:
            return self._leaking_exits_in_blocks(start, stops, prunes, candidates)
        found: dict[int, FlowNode] = {}
        seen = {start.id}
        stack = [(start.id, None)]
        first = True
        while stack:
            nid, _ = stack.pop()
            node = self.nodes[nid]
            if not first:
                if node.kind == TERMINAL or stops(node):
                    continue
                if node.kind == RETURN:
                    found[nid] = node
                    continue
            first = False
            for succ, guard in node.succ:
                if guard is not None and prunes(guard):
                    continue
                if succ in seen:
                    continue
                seen.add(succ)
                stack.append((succ, guard))
        return sorted(found.values(), key=lambda n: (self.exit_line(n), n.id))

    def _leaking_exits_in_blocks(self, start: FlowNode, stops, prunes, candidates: set[int]) -> list[FlowNode]:
        block_of, blocks = self._basic_blocks()
        in_block: dict[int, list[int]] = {}
        for c in candidates:
            if 0 <= c < len(block_of):
                b, pos = block_of[c]
                in_block.setdefault(b, []).append(pos)
        for positions in in_block.values():
            positions.sort()

        def stopped(b: int, after: int) -> bool:
            """Whether a candidate after position ``after`` of block ``b`` stops the path."""
            return any(pos > after and stops(self.nodes[blocks[b][pos]]) for pos in in_block.get(b, ()))

        found: dict[int, FlowNode] = {}
        b0, p0 = block_of[start.id]
        seen = {blocks[b0][0]} if p0 > 0 else set()  # re-entering the start's block ends at ``start``
        seen.add(start.id)
        stack: list[int] = []
        if not stopped(b0, p0):
            stack.append(blocks[b0][-1])
        while stack:
            last = self.nodes[stack.pop()]
            for succ, guard in last.succ:
                if guard is not None and prunes(guard):
                    continue
                if succ in seen:
                    continue
                seen.add(succ)
                node = self.nodes[succ]
                b, _ = block_of[succ]
                if len(blocks[b]) == 1:
                    if node.kind == TERMINAL or stops(node):
                        continue
                    if node.kind == RETURN:
                        found[succ] = node
                        continue
                elif stopped(b, -1):
                    continue
                stack.append(blocks[b][-1])
        return sorted(found.values(), key=lambda n: (self.exit_line(n), n.id))

    def _basic_blocks(self) -> tuple[list[tuple[int, int]], list[list[int]]]:
        """Runs of plain statements each leading only to the next, which nothing else
        leads to: (block and position of each node, the nodes of each block)."""
        cached = self.__dict__.get("_blocks")
        if cached is not None:
            return cached
        preds = [0] * len(self.nodes)
        for n in self.nodes:
            for succ, _ in n.succ:
                preds[succ] += 1
        block_of: list[tuple[int, int]] = [(-1, 0)] * len(self.nodes)
        blocks: list[list[int]] = []
        for n in self.nodes:
            if block_of[n.id][0] != -1:
                continue
            # Start a block here unless ``n`` continues its predecessor's run (then that
            # run's head claims it).
            if n.kind == STMT and preds[n.id] == 1 and self._chain_pred(n.id) is not None:
                continue
            run = [n.id]
            cur = n
            while cur.kind == STMT and len(cur.succ) == 1 and cur.succ[0][1] is None:
                nxt = self.nodes[cur.succ[0][0]]
                if nxt.kind != STMT or preds[nxt.id] != 1 or nxt.id == run[0] or block_of[nxt.id][0] != -1:
                    break
                run.append(nxt.id)
                cur = nxt
            for pos, nid in enumerate(run):
                block_of[nid] = (len(blocks), pos)
            blocks.append(run)
        for n in self.nodes:  # runs whose head is a continuation of a cycle of plain statements
            if block_of[n.id][0] == -1:
                block_of[n.id] = (len(blocks), 0)
                blocks.append([n.id])
        self.__dict__["_blocks"] = (block_of, blocks)
        return block_of, blocks

    def _chain_pred(self, nid: int) -> "int | None":
        """The plain statement leading only to ``nid`` without a guard, if any."""
        pred = self._preds().get(nid)
        if pred is None:
            return None
        p = self.nodes[pred]
        if p.kind == STMT and len(p.succ) == 1 and p.succ[0][1] is None:
            return pred
        return None

    def _preds(self) -> dict[int, int]:
        """One predecessor of each node (enough for nodes that have exactly one)."""
        cached = self.__dict__.get("_one_pred")
        if cached is None:
            cached = {}
            for n in self.nodes:
                for succ, _ in n.succ:
                    cached.setdefault(succ, n.id)
            self.__dict__["_one_pred"] = cached
        return cached

    def nodes_holding(self, asts: "list[Node]") -> set[int]:
        """Ids of the flow nodes whose syntax holds any of ``asts`` (a reference is held
        by its statement and by the conditions and headers around it)."""
        from golint_ai.golang.walk import ancestors_from

        out: set[int] = set()
        for a in asts:
            idx = self._by_ast.get(a.id)
            if idx is not None:
                out.add(idx)
            for anc in ancestors_from(self.func, a):
                idx = self._by_ast.get(anc.id)
                if idx is not None:
                    out.add(idx)
        return out

    def reaches_avoiding(self, target: FlowNode, avoid: Callable[[FlowNode], bool]) -> bool:
        """Whether some path from the entry reaches ``target`` without passing a node
        for which ``avoid`` holds (``target`` itself is not tested)."""
        seen = {self.entry}
        stack = [self.entry]
        while stack:
            nid = stack.pop()
            if nid == target.id:
                return True
            node = self.nodes[nid]
            if nid != self.entry and avoid(node):
                continue
            for succ, _ in node.succ:
                if succ not in seen:
                    seen.add(succ)
                    stack.append(succ)
        return False

    def can_repeat(self, node: FlowNode) -> bool:
        """Whether a path leads from ``node`` back to itself (it sits on a cycle)."""
        return self.reaches(node, node)

    def reaches(self, src: FlowNode, dst: FlowNode) -> bool:
        """Whether some path leads from ``src`` (after it) to ``dst``."""
        seen: set[int] = set()
        stack = [s for s, _ in src.succ]
        while stack:
            nid = stack.pop()
            if nid == dst.id:
                return True
            if nid in seen:
                continue
            seen.add(nid)
            stack.extend(s for s, _ in self.nodes[nid].succ)
        return False

    def dominates(self, a: FlowNode, b: FlowNode) -> bool:
        """Whether every path from the entry to ``b`` passes ``a`` (``a`` dominates ``b``).
        A node dominates itself; an unreachable ``b`` is dominated by everything."""
        if a.id == b.id or a.id == self.entry:
            return True
        return not self.reaches_avoiding(b, lambda n: n.id == a.id)

    # -- construction ------------------------------------------------------
    def _add(self, ast: "Node | None", kind: str, preds: list[tuple[int, Guard | None]]) -> int:
        idx = len(self.nodes)
        self.nodes.append(FlowNode(idx, kind, ast))
        if ast is not None:
            self._by_ast.setdefault(ast.id, idx)
        for src, guard in preds:
            self._link(src, idx, guard)
        return idx

    def _link(self, src: int, dst: int, guard: Guard | None) -> None:
        self.nodes[src].succ.append((dst, guard))

    def _seq(self, stmts: list["Node"], preds):
        for s in stmts:
            preds = yield self._stmt(s, preds)
        return preds

    def _stmt(self, n: "Node", preds):  # noqa: C901 - one dispatch over Go's statements
        t = n.type
        label, self._pending_label = self._pending_label, None
        if t in ("block", "statement_list"):
            return (yield self._seq(n.named_children, preds))
        if t == "if_statement":
            return (yield self._if(n, preds))
        if t == "for_statement":
            return (yield self._for(n, preds, label))
        if t in ("expression_switch_statement", "type_switch_statement"):
            return (yield self._switch(n, preds, label))
        if t == "select_statement":
            return (yield self._select(n, preds, label))
        if t == "labeled_statement":
            name_node = n.child_by_field_name("label")
            name = name_node.text.decode() if name_node is not None else ""
            anchor = self._add(None, STMT, preds)
            self._by_ast.setdefault(n.id, anchor)
            self._labels[name] = anchor
            inner = [c for c in n.named_children if c.type != "label_name"]
            if not inner:
                return [(anchor, None)]
            self._pending_label = name
            return (yield self._stmt(inner[0], [(anchor, None)]))
        if t == "return_statement":
            idx = self._add(n, RETURN, preds)
            self._link(idx, self.exit, None)
            return []
        if t in ("break_statement", "continue_statement"):
            idx = self._add(n, STMT, preds)
            target_label = n.named_children[0].text.decode() if n.named_child_count else None
            loop = self._find_loop(target_label, need_continue=t == "continue_statement")
            if loop is None:
                self._link(idx, self.exit, None)  # malformed: treat as leaving
            elif t == "break_statement":
                loop.breaks.append((idx, None))
            else:
                self._link(idx, loop.continue_target, None)  # type: ignore[arg-type]
            return []
        if t == "goto_statement":
            idx = self._add(n, STMT, preds)
            target_label = n.named_children[0].text.decode() if n.named_child_count else ""
            self._gotos.append((idx, target_label))
            return []
        if t == "fallthrough_statement":
            idx = self._add(n, STMT, preds)
            self._fallthrough = [(idx, None)]
            return []
        if t == "empty_statement":
            return preds
        if t == "expression_statement" and self._is_terminal(n):
            self._add(n, TERMINAL, preds)
            return []
        idx = self._add(n, STMT, preds)
        return [(idx, None)]
        yield  # pragma: no cover - makes this a generator

    def _find_loop(self, label: str | None, need_continue: bool) -> _Loop | None:
        for loop in reversed(self._loops):
            if need_continue and loop.continue_target is None:
                continue
            if label is None or loop.label == label:
                return loop
        return None

    def _if(self, n: "Node", preds):
        init = n.child_by_field_name("initializer")
        if init is not None:
            preds = [(self._add(init, STMT, preds), None)]
        cond = n.child_by_field_name("condition")
        c = self._add(cond if cond is not None else n, COND, preds)
        self._by_ast.setdefault(n.id, c)
        then_out = []
        cons = n.child_by_field_name("consequence")
        guard_true = Guard(cond, True) if cond is not None else None
        guard_false = Guard(cond, False) if cond is not None else None
        if cons is not None:
            then_out = yield self._stmt(cons, [(c, guard_true)])
        alt = n.child_by_field_name("alternative")
        if alt is not None:
            else_out = yield self._stmt(alt, [(c, guard_false)])
        else:
            else_out = [(c, guard_false)]
        return then_out + else_out

    def _for(self, n: "Node", preds, label):
        body = n.child_by_field_name("body")
        clause = None
        cond = None
        update = None
        for c in n.named_children:
            if c.id == (body.id if body is not None else -1):
                continue
            clause = c
        if clause is not None and clause.type == "for_clause":
            init = clause.child_by_field_name("initializer")
            if init is not None:
                preds = [(self._add(init, STMT, preds), None)]
            cond = clause.child_by_field_name("condition")
            update = clause.child_by_field_name("update")
            header_ast = cond if cond is not None else clause
        elif clause is not None and clause.type == "range_clause":
            header_ast = clause
        else:
            cond = clause  # `for cond {}` or `for {}`
            header_ast = clause if clause is not None else n
        header = self._add(header_ast, COND, preds)
        self._by_ast.setdefault(n.id, header)
        cont = header
        if update is not None:
            cont = self._add(update, STMT, [])
            self._link(cont, header, None)
        loop = _Loop(label, [], cont)
        self._loops.append(loop)
        enter_guard = Guard(cond, True) if cond is not None else None
        body_out = []
        if body is not None:
            body_out = yield self._stmt(body, [(header, enter_guard)])
        self._loops.pop()
        for src, guard in body_out:
            self._link(src, cont, guard)
        out = list(loop.breaks)
        if clause is not None and (clause.type == "range_clause" or cond is not None):
            out.append((header, Guard(cond, False) if cond is not None else None))
        return out

    def _switch(self, n: "Node", preds, label):
        init = n.child_by_field_name("initializer")
        if init is not None:
            preds = [(self._add(init, STMT, preds), None)]
        value = n.child_by_field_name("value")
        header = self._add(value, COND, preds)
        self._by_ast.setdefault(n.id, header)
        cases = [c for c in n.named_children if c.type in ("expression_case", "type_case", "default_case")]
        loop = _Loop(label, [], None)
        self._loops.append(loop)
        out: list = []
        carry: list = []
        for case in cases:
            case_idx = self._add(case.child_by_field_name("value") or case.child_by_field_name("type"), STMT, [(header, Guard(case, True))] + carry)
            self._by_ast.setdefault(case.id, case_idx)
            body = [c for c in case.named_children if c.type == "statement_list"]
            self._fallthrough = []
            case_out = [(case_idx, None)]
            if body:
                case_out = yield self._stmt(body[0], case_out)
            carry, self._fallthrough = self._fallthrough, []
            out.extend(case_out)
        self._loops.pop()
        out.extend(loop.breaks)
        out.extend(carry)
        if not any(c.type == "default_case" for c in cases):
            out.append((header, Guard(n, False)))
        return out

    def _select(self, n: "Node", preds, label):
        header = self._add(None, COND, preds)
        self._by_ast.setdefault(n.id, header)
        cases = [c for c in n.named_children if c.type in ("communication_case", "default_case")]
        loop = _Loop(label, [], None)
        self._loops.append(loop)
        out: list = []
        for case in cases:
            entry = [(header, Guard(case, True))]
            comm = case.child_by_field_name("communication")
            if comm is not None:
                entry = [(self._add(comm, STMT, entry), None)]
            else:
                entry = [(self._add(None, STMT, entry), None)]
                self._by_ast.setdefault(case.id, entry[0][0])
            body = [c for c in case.named_children if c.type == "statement_list"]
            if body:
                entry = yield self._stmt(body[0], entry)
            out.extend(entry)
        self._loops.pop()
        out.extend(loop.breaks)
        return out


def condition_parts(cond: "Node", op: str) -> list["Node"]:
    """Split ``a || b || c`` (op ``||``) or ``a && b`` into operands, iteratively."""
    out = []
    stack = [unparen(cond)]
    while stack:
        c = stack.pop()
        if c is not None and c.type == "binary_expression" and c.child_by_field_name("operator").type == op:
            stack.append(unparen(c.child_by_field_name("right")))
            stack.append(unparen(c.child_by_field_name("left")))
        elif c is not None:
            out.append(c)
    return out
