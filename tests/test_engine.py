"""Unit tests for the engine's analyses: imports, scopes, control flow, static types."""

import pytest

from golint_ai.context import FileContext
from golint_ai.golang.gotypes import const_int, is_large_buffer, type_of_binding
from golint_ai.golang.imports import default_package_name, file_imports
from golint_ai.golang.package import GoFile, Package, is_generated, package_clause
from golint_ai.golang.parse import parse
from golint_ai.golang.source import SourceFile
from golint_ai.golang.walk import descendants, trampoline
from golint_ai.settings import Settings


def ctx_for(src: str, settings: Settings | None = None) -> FileContext:
    f = GoFile(SourceFile("x.go", "x.go", src.encode()))
    return FileContext(f, Package(".", "p", [f]), settings or Settings())


def func(ctx: FileContext, name: str):
    for n in ctx.root.named_children:
        if n.type in ("function_declaration", "method_declaration") and n.child_by_field_name("name").text.decode() == name:
            return n
    raise KeyError(name)


@pytest.mark.parametrize(
    "path, name",
    [("net/http", "http"), ("github.com/mattn/go-tflite", "tflite"), ("gopkg.in/yaml.v3", "yaml"), ("example.com/x/v2", "x"), ("github.com/yalue/onnxruntime_go", "onnxruntime_go")],
)
def test_default_package_names(path, name):
    assert default_package_name(path) == name


def test_imports_aliases_dot_blank_and_cgo():
    root = parse(b'package p\nimport (\n h "net/http"\n . "fmt"\n _ "embed"\n "C"\n)\n').root_node
    imp = file_imports(root)
    assert imp.path_of("h") == "net/http" and imp.dot == ["fmt"] and imp.cgo
    assert "embed" in imp.paths and "_" not in imp.by_name


def test_shadowed_package_is_not_the_package():
    ctx = ctx_for('package p\nimport "os"\nfunc f() {\n\tos := g()\n\tos.Exit(1)\n}\nfunc h() { os.Exit(1) }\n')
    calls = [n for n in descendants(ctx.root) if n.type == "call_expression" and n.text.startswith(b"os.Exit")]
    assert ctx.qualified_callee(calls[0]) is None
    assert ctx.qualified_callee(calls[1]) == ("os", "Exit")


def test_scopes_shadowing_and_captures():
    ctx = ctx_for(
        "package p\nfunc f(a int) {\n\tx := a\n\tif x := 2; x > 0 {\n\t\t_ = x\n\t}\n"
        "\tgo func(b int) {\n\t\ty := 1\n\t\t_ = x + b + y + g\n\t}(1)\n}\n"
    )
    fn = func(ctx, "f")
    scopes = ctx.scopes(fn)
    xs = [b for b in scopes.bindings if b.name == "x"]
    assert len(xs) == 2 and len(xs[0].refs) == 1 and len(xs[1].refs) == 2
    lit = next(n for n in descendants(fn) if n.type == "func_literal")
    captured = {b.name for b in scopes.captured_by(lit)}
    assert captured == {"x"}  # not b (literal param), not y (inside), not g (package level)


def test_flow_labels_terminal_and_exits():
    ctx = ctx_for(
        "package p\nimport \"os\"\nfunc f(xs []int) int {\n"
        "outer:\n\tfor _, x := range xs {\n\t\tfor {\n\t\t\tif x > 1 {\n\t\t\t\tcontinue outer\n\t\t\t}\n\t\t\tbreak outer\n\t\t}\n\t}\n"
        "\tif len(xs) == 0 {\n\t\tos.Exit(1)\n\t\treturn 2\n\t}\n\treturn 1\n}\n"
    )
    fn = func(ctx, "f")
    flow = ctx.flow(fn)
    start = flow.nodes[flow.entry]
    exits = flow.leaking_exits(start, stops=lambda n: False)
    assert [flow.exit_line(e) for e in exits] == [17]  # `return 2` follows os.Exit: never reached


def test_trampoline_handles_deep_nesting():
    depth = 5000
    src = "package p\nfunc f(x bool) {\n" + "if x {\n" * depth + "_ = 1\n" + "}\n" * depth + "}\n"
    ctx = ctx_for(src)
    flow = ctx.flow(func(ctx, "f"))
    assert len(flow.nodes) > depth

    def count(n):
        if n == 0:
            return 0
        return 1 + (yield count(n - 1))

    assert trampoline(count(50_000)) == 50_000


@pytest.mark.parametrize(
    "decl, large",
    [
        ("w []float32", True),
        ("w [][]float32", True),
        ("w []string", False),
        ("w map[string]float32", False),
        ("w *FooTensor", True),
        ("w Weights", True),
        ("w [1024]float32", False),
        ("w [1 << 20]byte", True),
        ("w struct{ a []byte }", False),
    ],
)
def test_large_buffer_declarations(decl, large):
    ctx = ctx_for(f"package p\ntype Weights []float32\ntype FooTensor struct{{}}\nfunc f({decl}) {{}}\n")
    b = ctx.scopes(func(ctx, "f")).params()[0]
    assert is_large_buffer(ctx, type_of_binding(ctx, b)) is large


@pytest.mark.parametrize(
    "init, large",
    [("make([]float32, 16)", False), ("make([]float32, n)", True), ("make([]byte, 0, 1<<20)", True), ("[]byte(s)", True), ("[]float32{1, 2}", False), ("load()", True)],
)
def test_large_buffer_initializers(init, large):
    ctx = ctx_for(f"package p\nfunc load() []float32 {{ return nil }}\nfunc f(n int, s string) {{\n\tw := {init}\n\t_ = w\n}}\n")
    b = next(b for b in ctx.scopes(func(ctx, "f")).bindings if b.name == "w")
    assert is_large_buffer(ctx, type_of_binding(ctx, b)) is large


def test_large_buffer_limit_is_configurable():
    ctx = ctx_for("package p\nfunc f(w [1024]float32) {}\n", Settings(large_buffer_bytes=4096))
    assert is_large_buffer(ctx, type_of_binding(ctx, ctx.scopes(func(ctx, "f")).params()[0]))


def test_const_int():
    assert const_int(parse(b"package p\nvar x = 4 * 1024").root_node.named_children[1].named_children[0].child_by_field_name("value").named_children[0]) == 4096


@pytest.mark.parametrize(
    "src, name",
    [
        (b"package p\n", "p"),
        (b"// doc /* not a block\npackage q\n", "q"),
        (b"/* a\n package x */\npackage r\n", "r"),
        (b"\xef\xbb\xbfpackage s\n", "s"),
        (b"func f() {}\n", None),
    ],
)
def test_package_clause(src, name):
    assert package_clause(src) == name


def test_generated_marker_must_precede_package_clause():
    assert is_generated(b"// Code generated by x. DO NOT EDIT.\n\npackage p\n")
    assert not is_generated(b"package p\n// Code generated by x. DO NOT EDIT.\n")


@pytest.mark.parametrize(
    "decl, large",
    [("pcm, err := synth(s)", True), ("n, err := size(s)", False), ("a, b := pair()", True), ("_, b := pair()", True)],
)
def test_large_buffer_from_a_multi_value_call(decl, large):
    ctx = ctx_for(
        "package p\nfunc synth(s string) ([]byte, error) { return nil, nil }\n"
        "func size(s string) (int, error) { return 0, nil }\nfunc pair() (a, b []float32) { return }\n"
        f"func f(s string) {{\n\t{decl}\n}}\n"
    )
    name = decl.split(",")[0].strip()
    name = name if name != "_" else "b"
    b = next(b for b in ctx.scopes(func(ctx, "f")).bindings if b.name == name)
    assert is_large_buffer(ctx, type_of_binding(ctx, b)) is large


# -- recovering newer Go syntax ----------------------------------------------------------------
NEW_EXPR_SRC = (
    b"package p\n\nfunc f() *int { return new(-1) }\n"
    b"func g(x int) *int { return new(x + 1) }\n"
    b'func h() *string { return new("s") }\n'
    b"func k() *int { p := new(int); return p }\n"
)


def test_new_expr_recovered_with_positions_unchanged():
    from golint_ai.golang.parse import count_errors, parse_go

    assert count_errors(parse(NEW_EXPR_SRC).root_node) > 0
    tree, recovered = parse_go(NEW_EXPR_SRC)
    assert recovered and count_errors(tree.root_node) == 0
    assert tree.root_node.end_byte == len(NEW_EXPR_SRC)
    calls = [n for n in descendants(tree.root_node) if n.type == "call_expression"]
    spans = [NEW_EXPR_SRC[c.start_byte:c.end_byte] for c in calls]
    # The recovered calls cover exactly the file's bytes; `new(int)` was never touched.
    assert spans == [b"new(-1)", b"new(x + 1)", b'new("s")', b"new(int)"]
    assert [c.text for c in calls][-1] == b"new(int)"


def test_new_expr_not_recovered_where_the_module_refuses_it():
    from golint_ai.golang.parse import count_errors, parse_go

    tree, recovered = parse_go(NEW_EXPR_SRC, new_expr=False)
    assert not recovered and count_errors(tree.root_node) > 0


def test_genuine_errors_remain_after_recovery():
    from golint_ai.golang.parse import error_nodes, parse_go

    src = NEW_EXPR_SRC + b"func bad() { x := }\n"
    tree, recovered = parse_go(src)
    errs = list(error_nodes(tree.root_node))
    assert recovered and errs and all(e.start_point[0] == 6 for e in errs)


@pytest.mark.parametrize(
    "src,malformed",
    [
        (b"package p\nfunc f() { x := 1; _ = x }\n", False),
        (b'package p\nvar s = "{[("\nvar r = \'}\'\n// ) ] }\n/* { */\n', False),
        (b"package p\nvar s = `{\n(`\n", False),
        (b"package p\nfunc f() { if a == b { } }\n", False),
        (b'package p\nfunc f() {\n\tif ok {\n\t\tx = "a"\n\t}\n\ty := `b`\n\tz := \'c\'\n}\n', False),
        (b"package p\nvar s = \"{\"\nfunc f() {\n\tx := 1\n}\n", False),
        (b"package p\nfunc f() { x := }\n", True),
        (b"package p\nfunc f() { x = )\n", True),
        (b"package p\nfunc f( {\n}\n", True),
        (b"package p\nfunc f() {\n", True),
        (b"package p\n<<<<<<< HEAD\nvar a = 1\n=======\nvar a = 2\n>>>>>>> x\n", True),
        (b"package p\nvar a = 1\n=======\r\nvar a = 2\n", True),  # each marker alone counts
        (b">>>>>>> x\npackage p\n", True),
        (b"package p\nvar a = 1\n<<<<<<< HEAD\n", True),
        (b'package p\nvar s = "<<<<<<< x"\nvar t = "======="\n// >>>>>>> x\n', False),  # not at a line start
    ],
)
def test_looks_malformed(src, malformed):
    from golint_ai.golang.parse import looks_malformed

    assert looks_malformed(src) is malformed


def test_module_go_version(tmp_path):
    from golint_ai.golang.module import accepts, find_go_mod

    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "go.mod").write_text('module "example.com/a"\n\ngo 1.25.3\n\nrequire x v1.0.0\n')
    mod = find_go_mod(str(tmp_path / "a" / "b"))
    assert mod is not None and mod.module == "example.com/a" and mod.go == (1, 25)
    assert not accepts(str(tmp_path / "a" / "b"), "new-expr")
    (tmp_path / "c").mkdir()
    assert accepts(str(tmp_path / "c"), "new-expr")  # no go.mod above: the newest Go


# -- declarations of a file read only for its package: parsed around what is asked ----
_GO_SPACE = rb"go "
PARTIAL_SOURCES = {
    "formatted": b'package p\n\nimport "fmt"\n\ntype T struct{ quit chan int }\n\n// Start launches: the doc comment says "go " too.\nfunc (t *T) Start() {\n\tgo t.loop()\n}\n\nfunc (t *T) loop() {\n\t<-t.quit\n\tfmt.Println("x")\n}\n\nfunc NewT() *T {\n\tt := &T{}\n\tgo t.loop()\n\treturn t\n}\n\nvar x = 1\n',
    "launch before the first func line": b"package p; func a() { go b() }\nfunc b() {}\n",
    "two declarations on one line": b"package p\n\nfunc a() {}; func b() { go a() }\n\nfunc c() { go b() }\n",
    "func line inside a raw string of a body": b"package p\n\nfunc D() {\n\ts := `\nfunc x() {\n`\n\tgo D()\n\t_ = s\n}\n",
    "func line in a commented-out block": b"package p\n\n/*\nfunc a() { go b() }\nfunc c() {}\n*/\n\nfunc d() { go d() }\n",
    "func literal continuing a var": b"package p\n\nvar f =\nfunc() { go g() }\n\nfunc g() { go g() }\n",
    "broken": b"package p\n\nfunc a() {\n\tgo b(\n}\n\nfunc b() { go a() }\n",
}


def _function_spans(decls) -> set[tuple[str, int, int]]:
    return {(n, d.start_byte, d.end_byte) for n, d in decls.funcs} | {(f"{r}.{n}", d.start_byte, d.end_byte) for r, n, d in decls.methods}


@pytest.mark.parametrize("name", sorted(PARTIAL_SOURCES))
def test_declarations_holding_keep_every_declaration_holding_the_pattern(name):
    import re

    src = PARTIAL_SOURCES[name]
    pattern = re.compile(_GO_SPACE)
    sibling = GoFile(SourceFile("x.go", "x.go", src), report=False)
    partial = _function_spans(sibling.declarations_holding(pattern))
    whole = GoFile(SourceFile("x.go", "x.go", src)).declarations
    holding = {s for s in _function_spans(whole) if pattern.search(src, s[1], s[2])}
    assert holding <= partial
    # A stretch cut inside a literal, a body or broken code does not parse cleanly: the
    # whole file is parsed instead.
    assert ("tree" in sibling.__dict__) == (name in ("func line inside a raw string of a body", "func literal continuing a var", "broken"))
    if name == "formatted":
        assert partial == holding and {n for n, _, _ in holding} == {"T.Start", "NewT"}
    if name == "func line in a commented-out block":
        assert ("a", src.index(b"func a"), src.index(b"\nfunc c")) in partial  # a look-alike: callers must not trust it alone


def test_declarations_holding_of_a_reported_or_parsed_file_are_its_own():
    import re

    src = PARTIAL_SOURCES["formatted"]
    reported = GoFile(SourceFile("x.go", "x.go", src))
    assert reported.declarations_holding(re.compile(_GO_SPACE)) is reported.declarations
    sibling = GoFile(SourceFile("x.go", "x.go", src), report=False)
    sibling.root  # parsed for some other reason
    assert sibling.declarations_holding(re.compile(_GO_SPACE)) is sibling.declarations
    assert GoFile(SourceFile("x.go", "x.go", src), report=False).declarations_holding(re.compile(rb"absent")).funcs == ()


# -- byte scans anchored at line starts: the literal first, then a look-behind ---------
def _line_start_pairs():
    """Each pattern scanning for a line start as ``word(?<![^\\n]word)``, with the
    ``(?m)^word`` it stands for."""
    import re

    from golint_ai.golang import gotypes, package, world
    from golint_ai.leaks import lifecycles

    out = []
    for pattern in (world._FUNC_SIGNATURE, world._FUNC_START, world._RECEIVER_METHOD, gotypes._TYPE_DECL, package._FUNCTION_LINE, package._CLAUSE, lifecycles._HEAD):
        word = re.match(rb"(?:\(\?m\))?(\w+)\(\?<!\[\^\\n\]\1\)", pattern.pattern).group(1)
        anchored = pattern.pattern.replace(word + rb"(?<![^\n]" + word + rb")", rb"^" + word, 1)
        out.append((pattern, re.compile(anchored, pattern.flags | re.M)))
    return out


def test_line_start_scans_match_where_the_anchored_patterns_do():
    from pathlib import Path

    sources = [p.read_bytes() for p in sorted((Path(__file__).parent / "go_samples").rglob("*.go"))]
    sources += [
        b"func f() {}\ntype T int\npackage p\n",  # at the very start
        b"package p\r\nfunc (s *S) M() {}\r\n\tfunc x() {}\nxfunc y() {}\n// func z() {}\ntype U []byte\n",
        b"package p\ntype (\n\tA []byte\n)\nfunc Map[S ~[]E, E any](s S) S { return s }\n",
    ]
    for fast, anchored in _line_start_pairs():
        for data in sources:
            assert [(m.span(), m.groups()) for m in fast.finditer(data)] == [(m.span(), m.groups()) for m in anchored.finditer(data)], fast.pattern


@pytest.mark.parametrize(
    "src, start",
    [
        (b"", 0), (b"  \f\r\n", 5), (b"// x", 4), (b"//a\n//b\npackage p", 8), (b"/**/x", 4), (b"/*/ */x", 6),
        (b"/*", 0), (b"/*/", 0), (b"/* a */ /* b", 8), (b"\v x", 0), (b"  // c\r\n/* d\n*/\n\tpackage p", 17),
    ],
)
def test_code_start_skips_blanks_and_leading_comments(src, start):
    from golint_ai.golang.parse import code_start

    assert code_start(src) == start


@pytest.mark.parametrize(
    "src, paths",
    [
        (b'package p\nimport "fmt"\nimport x "os"\n', ("fmt", "os")),
        (b'package p\nimport (\n\t"a"\n\t// "commented"\n\ty "b"\n\t. "c"\n)\nimport (\n)\n', ("a", "b", "c")),
        (b'package p\nimport ("a")\n', ()),  # a block closes on a line of its own
        (b'package p\nimport (\n"a"', ()),  # never closed
        (b'package p\n/*\n#include <x.h>\n*/\nimport "C"\n\nfunc f() {}\nimport (\n"late"\n)\n', ("C",)),  # only before the first function
    ],
)
def test_import_paths_read_from_bytes(src, paths):
    from golint_ai.golang.world import import_paths

    assert import_paths(src) == paths


def test_native_reach_is_read_from_import_declarations(tmp_path):
    """Which packages can reach native code is a question about their imports: an
    import of "C" counts however the block is indented, a binding's path written in a
    string does not."""
    from golint_ai.golang.world import reaches, reaching_names

    binding = "github.com/yalue/onnxruntime_go"
    files = {
        "go.mod": "module example.com/m\n\ngo 1.22\n",
        "app/app.go": 'package app\n\nimport "example.com/m/cgo"\n\nfunc Use() { cgo.Open() }\n\nfunc Other() {}\n',
        "cgo/cgo.go": 'package cgo\n\n/*\n#include <stdlib.h>\n*/\nimport (\n    "C"\n    "unsafe"\n)\n\n'
                      "func Open() unsafe.Pointer { return C.malloc(1) }\n\nfunc Pure() int { return 1 }\n\n"
                      "func Bind() { C.cudaSetDevice(0) }\n",
        "doc/doc.go": f'package doc\n\nconst Binding = "{binding}"\n\n// New calls no cudaSetDevice.\nfunc New() {{}}\n',
        "wrap/wrap.go": f'package wrap\n\nimport ort "{binding}"\n\nfunc Session() {{ ort.NewSession() }}\n',
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    imports = frozenset({"C", binding})
    at = {d: str(tmp_path / d) for d in ("app", "cgo", "doc", "wrap")}
    assert [d for d in sorted(at) if reaches(at[d], imports)] == ["app", "cgo", "wrap"]
    assert reaching_names(at["cgo"], imports) == {"Open", "Bind"}
    assert reaching_names(at["app"], imports) == {"Use"}
    assert reaching_names(at["wrap"], imports) == {"Session"}
    assert reaching_names(at["doc"], imports) == frozenset()
    # Mentions count in packages importing one of the imports only.
    cgo, bind = frozenset({"C"}), (b"cudaSetDevice",)
    assert [d for d in sorted(at) if reaches(at[d], cgo, bind)] == ["app", "cgo"]
    assert not reaches(at["app"], cgo, (b"cuCtxSetCurrent",))


def test_importers_know_the_whole_closure_and_test_imports(tmp_path):
    """After ``import_closure`` (what the language server's worker asks after each
    analysis), ``importers`` of a package reaches every package that can read it:
    through imports of imports, and through a test file's own imports, even where no
    reach question walked them."""
    from golint_ai.golang import inputs
    from golint_ai.golang.world import import_closure, importers

    files = {
        "go.mod": "module example.com/m\n\ngo 1.22\n",
        "a/a.go": 'package a\n\nimport "example.com/m/b"\n\nfunc A() { b.B() }\n',
        "a/a_test.go": 'package a\n\nimport "example.com/m/d"\n\nfunc T() { d.D() }\n',
        "b/b.go": 'package b\n\nimport "example.com/m/c"\n\nfunc B() { c.C() }\n',
        "c/c.go": "package c\n\nfunc C() {}\n",
        "d/d.go": "package d\n\nfunc D() {}\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    at = {d: str(tmp_path / d) for d in "abcd"}
    import_closure(at["a"], ["example.com/m/d"])
    assert importers({at["c"]}) == {at["a"], at["b"], at["c"]}
    assert importers({at["d"]}) == {at["a"], at["d"]}
    inputs.forget({at["a"]})  # what a forgotten directory imported is asked again
    assert importers({at["d"]}) == {at["d"]}
