"""The mechanisms that keep `check` linear in its input, checked for what they answer
(never for how long they take: scripts/stress.py measures growth)."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest

from golint_ai.golang.parse import parse
from golint_ai.golang.scope import _SCAN_LIMIT, FunctionScopes
from golint_ai.golang.source import SourceFile
from golint_ai.golang.walk import FUNCTION_TYPES, ancestors, ancestors_from, outermost_function_from, top_level_of
from golint_ai.output.fingerprint import stable_fingerprint
from golint_ai.output.located import MAX_LINE_BYTES, WINDOW_AFTER, WINDOW_BEFORE, findings, line_window

SAMPLES = Path(__file__).parent / "go_samples"
PREAMBLE = 'package p\n\n/*\n#include <stdlib.h>\n*/\nimport "C"\n\n'


def _all_nodes(root):
    out, stack = [], [root]
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(n.children)
    return out


def _variants(data: bytes) -> list[bytes]:
    """The file and broken copies of it (zero-width MISSING nodes, ERROR nodes)."""
    return [data, data[: len(data) // 2], data.replace(b"}", b"", 3), data.replace(b"(", b"", 2), data.replace(b"=", b"", 4)]


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("GAI*/*/*.go"))[:30], ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.name}")
def test_descent_from_the_root_agrees_with_climbing(sample):
    rng = random.Random(sample.name)
    for data in _variants(sample.read_bytes()):
        root = parse(data).root_node
        nodes = _all_nodes(root)
        for n in rng.sample(nodes, min(80, len(nodes))):
            climbed = list(ancestors(n))
            assert [a.id for a in ancestors_from(root, n)] == [a.id for a in climbed]
            funcs = [a for a in climbed if a.type in FUNCTION_TYPES]
            outer = outermost_function_from(root, n)
            assert (outer.id if outer else None) == (funcs[-1].id if funcs else None)
            top = top_level_of(root, n)
            expected = root.child_with_descendant(n) if n.id != root.id else None
            assert (top.id if top else None) == (expected.id if expected else None)


def test_syntax_error_deep_inside_nesting_is_found_and_skipped():
    depth = 3000
    src = PREAMBLE + "func f(x int) {\n" + "if x > 0 {\n" * depth + "y := \n" + "}\n" * depth + "}\n"
    src += "func leak(s string) {\n\tc := C.CString(s)\n\t_ = c\n}\n"
    from golint_ai.golang.package import GoFile

    f = GoFile(SourceFile("x.go", "x.go", src.encode()))
    (err, decl), = f.broken[:1]
    assert decl is not None and decl.type == "function_declaration"
    assert f._broken_ranges[0] == (decl.start_byte, decl.end_byte)
    assert f.in_broken_code(err)


def test_references_in_a_huge_switch_match_a_scan():
    cases = "".join(f"\tcase {i}:\n\t\tuse(c, {i})\n" for i in range(300))
    src = "package p\nfunc f(k int) {\n\tc := 1\n\tc, d := 2, 3\n\t_ = d\n\tswitch k {\n" + cases + "\t}\n}\n"
    root = parse(src.encode()).root_node
    func = root.named_children[1]
    scopes = FunctionScopes(func)
    (b,) = [b for b in scopes.bindings if b.name == "c"]
    assert len(b.refs) > _SCAN_LIMIT
    for node in _all_nodes(func):
        lo, hi = node.start_byte, node.end_byte
        assert scopes.references_in(node, b) == [r for r in b.refs if lo <= r.start_byte < hi]


def test_add_import_edit_reads_the_file_once():
    from golint_ai.golang.imports import add_import_edit, file_imports

    src = b'package p\n\nimport (\n\t"fmt"\n)\n\nfunc f() { fmt.Println() }\n'
    root = parse(src).root_node
    imports = file_imports(root)
    assert [d.type for d in imports.declarations] == ["import_declaration"]
    edit = add_import_edit(root, src, "x.go", "unsafe", imports)
    assert (edit.start, edit.text) == (src.index(b")\n"), '\t"unsafe"\n')
    bare = b"package p\n\nfunc f() {}\n"
    edit = add_import_edit(parse(bare).root_node, bare, "x.go", "unsafe")
    assert (edit.start, edit.text) == (len(b"package p"), '\n\nimport "unsafe"')


def test_line_window_of_a_short_line_is_the_line():
    sf = SourceFile("x.go", "x.go", "package p\n\tx := héllo(1)\n".encode())
    start = sf.data.index(b"h\xc3\xa9")
    w = line_window(sf, start, start + len("héllo".encode()))
    assert (w.text, w.start, w.end, w.clipped_left, w.clipped_right) == ("\tx := héllo(1)", 6, 11, False, False)


def test_line_window_of_a_long_line_is_bounded_and_holds_the_span():
    line = "é" * 5000 + "TARGET" + "ü" * 5000
    sf = SourceFile("x.go", "x.go", ("package p\n" + line + "\n").encode())
    start = sf.data.index(b"TARGET")
    w = line_window(sf, start, start + 6)
    assert len(w.text.encode()) <= WINDOW_BEFORE + WINDOW_AFTER + 4
    assert w.text[w.start:w.end] == "TARGET"
    assert w.clipped_left and w.clipped_right
    assert "\ufffd" not in w.text  # cut at character boundaries


def _run_result(tmp_path: Path, source: str):
    from golint_ai.runner import check_paths
    from golint_ai.settings import ConfigResolver
    from golint_ai.rules import CODES

    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "x.go").write_text(source, encoding="utf-8")
    return check_paths([str(tmp_path / "p")], ConfigResolver(codes=tuple(CODES)), jobs=1)


def test_findings_on_one_long_line_store_a_window_each(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    n = 200
    src = PREAMBLE + "; ".join(f"func leak{i}(s string) {{ c := C.CString(s); _ = c }}" for i in range(n)) + "\n"
    result = _run_result(tmp_path, src)
    items = findings(result, "utf-32")
    assert len(items) == n
    assert all(len(f.line_text.encode()) <= WINDOW_BEFORE + WINDOW_AFTER for f in items)
    assert len({f.fingerprint for f in items}) == n
    from golint_ai.output.text import write_text

    out = io.StringIO()
    write_text(result, out, color=False)
    shown = out.getvalue().splitlines()
    i = next(k for k, s in enumerate(shown) if s.startswith("p/x.go:8:"))
    code_line, caret_line = shown[i + 1], shown[i + 2]
    assert code_line.startswith("8 | ") and code_line.endswith("…")
    col = caret_line.index("^")
    assert code_line[col:].startswith("C.CString(s)")
    assert len(code_line) < WINDOW_BEFORE + WINDOW_AFTER + 16


def test_fingerprint_of_a_short_line_reads_the_whole_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    src = PREAMBLE + "func leak(s string) {\n\tc := C.CString(s)\n\t_ = c\n}\n"
    result = _run_result(tmp_path, src)
    (f,) = findings(result, "utf-32")
    line = "\tc := C.CString(s)"
    assert len(line) < MAX_LINE_BYTES
    assert f.line_text == line
    assert f.fingerprint == stable_fingerprint("GAI301", "p/x.go", f.diagnostic.context, line, 1, "C.CString(s)")


def _functions(root):
    return [n for n in _all_nodes(root) if n.type in FUNCTION_TYPES and n.child_by_field_name("body") is not None]


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("GAI*/*/*.go")), ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.name}")
def test_leaking_exits_over_blocks_agree_with_the_statement_walk(sample):
    """The basic-block walk (with candidate stop nodes) answers as the node walk does,
    for every start node and random stop sets, with random guard pruning."""
    from golint_ai.golang.paths import ControlFlow

    rng = random.Random(sample.name)
    root = parse(sample.read_bytes()).root_node
    for func in _functions(root):
        flow = ControlFlow(func, lambda stmt: b"panic" in stmt.text)
        ids = [n.id for n in flow.nodes]
        for start in flow.nodes:
            for _ in range(3):
                stop_ids = set(rng.sample(ids, k=rng.randint(0, max(0, len(ids) // 3))))
                prune_seed = rng.random()

                def stops(n, s=stop_ids):
                    return n.id in s

                def prunes(g, seed=prune_seed):
                    return seed < 0.3 and g.value is False

                want = flow.leaking_exits(start, stops=stops, prunes=prunes)
                got = flow.leaking_exits(start, stops=stops, prunes=prunes, candidates=stop_ids)
                assert [n.id for n in got] == [n.id for n in want], (sample.name, func.start_point, start.id, sorted(stop_ids))


def test_many_goroutines_capture_what_a_scan_finds():
    """captured_by through the references by position equals a scan of every binding."""
    body = "".join(f"\tbuf{i} := make([]byte, n)\n\tgo func() {{\n\t\tuse(buf{i}, buf{max(0, i - 1)})\n\t}}()\n" for i in range(300))
    root = parse((PREAMBLE + "func f(n int) {\n" + body + "}\n").encode()).root_node
    func = _functions(root)[0]
    scopes = FunctionScopes(func)
    lits = [n for n in _all_nodes(func) if n.type == "func_literal"]
    assert len(lits) == 300
    for lit in lits:
        want = {}
        for b in scopes.bindings:
            if not (lit.start_byte <= b.ident.start_byte < lit.end_byte):
                reads = [r for r in b.refs if lit.start_byte <= r.start_byte < lit.end_byte]
                if reads:
                    want[b] = reads
        got = scopes.captured_by(lit)
        assert list(got) == list(want) and got == want
