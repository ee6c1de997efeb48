"""Unit tests for the engine parts behind GAI302/GAI401/GAI402/GAI501/GAI502: pool
recognition and reset/growth/guard questions, raw-pointer questions, the cheap
declaration look-ups, dominance and linear-time ancestors."""

from golint_ai.context import FileContext
from golint_ai.leaks import pools as P
from golint_ai.leaks import unsafeptr as U
from golint_ai.golang.index import find_func, find_method, find_type, finalizer_releases
from golint_ai.golang.package import GoFile, Package
from golint_ai.golang.query import compile_query, matches
from golint_ai.golang.source import SourceFile
from golint_ai.golang.walk import ancestors, ancestors_from
from golint_ai.settings import Settings


def package(*sources: str) -> list[FileContext]:
    files = [GoFile(SourceFile(f"f{i}.go", f"f{i}.go", s.encode())) for i, s in enumerate(sources)]
    pkg = Package(".", "p", files)
    return [FileContext(f, pkg, Settings()) for f in files]


_PUT = compile_query('(call_expression function: (selector_expression operand: (_) @pool field: (field_identifier) @m (#eq? @m "Put"))) @call')


def puts(ctx: FileContext):
    pools = P.package_pools(ctx)
    pools.collect_sites(ctx.settings)
    out = []
    for m in matches(_PUT, ctx.root):
        pool = pools.pool_of(ctx, m["pool"][0])
        if pool is not None:
            out.append(P.put_site(ctx, m["call"][0], pool))
    return out


def test_pools_across_files_with_a_renamed_sync_import():
    decl, use = package(
        'package p\nimport (\n"bytes"\ns "sync"\n)\nvar bp = s.Pool{New: func() any { return new(bytes.Buffer) }}\ntype T struct{ pool *s.Pool }\n',
        "package p\nimport \"bytes\"\nfunc f(t *T, b *bytes.Buffer) { bp.Put(b); t.pool.Put(b) }\nfunc g() { x := bp.Get(); bp.Put(x) }\n",
    )
    sites = puts(use)
    assert [s.pool.kind for s in sites] == ["var", "field", "var"]
    assert sites[0].type.text == "*bytes.Buffer" and P.carries_state(use, sites[0].type)
    # `x` has no declared type: the pool's New says what it is.
    assert sites[2].type.text == "*bytes.Buffer" and sites[2].get is not None


def test_resets_growth_and_guards():
    (ctx,) = package(
        """package p
import ("bytes"; "sync")
var bp sync.Pool
func f(w []byte, big bool) {
	b := bp.Get().(*bytes.Buffer)
	b.Write(w)
	if big {
		b.Reset()
	}
	bp.Put(b)
}
func g(w []byte) {
	b := bp.Get().(*bytes.Buffer)
	b.Write(w)
	b.Reset()
	if b.Cap() > 1<<16 {
		return
	}
	bp.Put(b)
}
"""
    )
    f_site, g_site = puts(ctx)
    assert not P.is_reset_before(ctx, f_site) and P.is_reset_before(ctx, g_site)
    assert P.growth_of(ctx, f_site) and P.growth_of(ctx, g_site)
    assert not P.guarded(ctx, f_site) and P.guarded(ctx, g_site)
    assert not P.every_get_resets(ctx, f_site.pool)  # f's Get never resets


def test_uintptr_store_converted_back_and_c_memory():
    (ctx,) = package(
        """package p
/*
typedef struct { void* p; } req;
static req* get_req(void) { return 0; }
*/
import "C"
import "unsafe"
func f(x *int) int {
	u := uintptr(unsafe.Pointer(x))
	return *(*int)(unsafe.Pointer(u))
}
func g(x *int) int { return *(*int)(unsafe.Pointer(uintptr(unsafe.Pointer(x)) + 8)) }
func h(v []byte) {
	r := C.get_req()
	r.p = unsafe.Pointer(&v[0])
	var g struct{ p unsafe.Pointer }
	g.p = unsafe.Pointer(&v[0])
}
"""
    )
    stores = list(U.uintptr_stores(ctx))
    assert len(stores) == 1 and stores[0].target == "`u`"
    cstores = list(U.go_pointer_stores(ctx))
    assert len(cstores) == 1 and cstores[0].target.text == b"r.p" and cstores[0].root == "v"


def test_finalizer_releases_follow_methods_across_files():
    a, b = package(
        "package p\nimport (\"runtime\"; \"unsafe\")\ntype M struct{ ptr unsafe.Pointer; n int }\nfunc New() *M { m := &M{}; runtime.SetFinalizer(m, (*M).free); return m }\n",
        "package p\nimport \"unsafe\"\nfunc (m *M) free() { m.close() }\nfunc (m *M) close() { release(m.ptr) }\nfunc release(p unsafe.Pointer) {}\n",
    )
    rel = finalizer_releases(a.index)
    assert set(rel) == {"M"} and rel["M"].fields == {"ptr"}
    assert U.is_raw_pointer_field(a, "M", "ptr") and not U.is_raw_pointer_field(a, "M", "n")


def test_cheap_lookups_do_not_build_the_index():
    a, b = package("package p\ntype nat []uint32\nfunc (z nat) Reset() {}\n", "package p\nfunc mk() nat { return nil }\n")
    pkg = a.package
    assert find_type(pkg, "nat").type == "slice_type"
    assert find_method(pkg, "nat", "Reset") is not None and find_method(pkg, "nat", "Zero") is None
    assert find_func(pkg, "mk").file is b.file
    assert "_decls" not in pkg.index.__dict__


def test_dominance_and_linear_ancestors():
    (ctx,) = package("package p\nfunc f(a bool) {\n\tif a {\n\t\tg()\n\t}\n\th()\n}\nfunc g() {}\nfunc h() {}\n")
    fn = ctx.root.named_children[1]
    flow = ctx.flow(fn)
    calls = [m["call"][0] for m in matches(compile_query("(call_expression) @call"), fn)]
    g_node, h_node = (flow.node_for(c) for c in calls)
    cond = flow.node_for(fn.child_by_field_name("body").named_children[0].named_children[0])
    assert flow.dominates(cond, g_node) and flow.dominates(cond, h_node)
    assert not flow.dominates(g_node, h_node)
    deep = calls[0]
    assert [a.id for a in ancestors_from(ctx.root, deep)] == [a.id for a in ancestors(deep)]


def test_collecting_sites_resolves_only_operands_named_like_a_pool(monkeypatch):
    """Gathering a pool's Gets and Puts looks up the type of an operand only when it ends
    with the name of a pool being gathered: `h.Get("k")` on a header map is skipped
    unresolved, `&s.pool`, `(bp)` and a wrapper value are found."""
    decl, use = package(
        'package p\nimport "sync"\nvar bp = sync.Pool{New: func() any { return new([]byte) }}\n'
        "type W struct{ p sync.Pool }\nfunc (w *W) Get() any { return w.p.Get() }\nfunc (w *W) Put(x any) { w.p.Put(x) }\n"
        "type S struct{ pool sync.Pool }\nvar wp W\n",
        'package p\nimport "net/http"\nfunc f(h http.Header, s *S, w *W, b *[]byte) {\n'
        '\t_ = h.Get("k")\n\tx := (bp).Get()\n\t(bp).Put(x)\n\t(&s.pool).Put(b)\n\tw.Put(b)\n\twp.Put(b)\n}\n',
    )
    looked_up = []
    real = P._wrapper_pool
    monkeypatch.setattr(P, "_wrapper_pool", lambda ctx, op, settings, b: looked_up.append(op.text.decode()) or real(ctx, op, settings, b))
    pools = P.package_pools(use)
    bp = pools.vars["bp"]
    assert set(pools.fields) == {"p", "pool"}
    pools.collect_sites(use.settings)
    assert looked_up == []  # `h` (a header map) and `w` are named like no pool: not resolved
    assert [(c.text.decode(), f is use.file) for c, f in bp.gets] == [("(bp).Get()", True)]
    assert [c.text.decode() for c, _ in bp.puts] == ["(bp).Put(x)"]
    assert [c.text.decode() for c, _ in pools.fields["pool"].puts] == ["(&s.pool).Put(b)"]
    wrapped = pools.pool_of(use, next(m["pool"][0] for m in matches(_PUT, use.root) if m["pool"][0].text == b"w"))
    assert wrapped is not None and wrapped.kind == "wrapper" and looked_up == ["w"]
    # A wrapper value is declared where its local or package variable is, not where it is used.
    assert (wrapped.decl.text, wrapped.decl.parent.type, wrapped.file) == (b"w", "parameter_declaration", use.file)
    global_ = pools.pool_of(use, next(m["pool"][0] for m in matches(_PUT, use.root) if m["pool"][0].text == b"wp"))
    assert (global_.decl.text, global_.file) == (b"wp", decl.file)
