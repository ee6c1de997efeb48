"""Function summaries, checked against annotations in the multi-package samples.

A function declaration line may end with ``// summary: kind(args) ...``; each item says
what the function's summary must hold, and ``!kind(args)`` what it must not (a near
miss). Kinds: ``acquires(result)``, ``gc-backed(result)``, ``releases(p)``,
``borrows(p)``, ``escapes(p)``, ``consumes-if(p, flag)``, ``derives-context(p)``,
``binds-cuda-thread``, ``registers-finalizer(p)``; parameters are named as declared (the
receiver by its name).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from golint_ai.golang.index import FuncDecl
from golint_ai.golang.resolve import Callee
from golint_ai.golang.walk import text
from golint_ai.golang.world import load_package
from golint_ai.leaks.summaries import RECEIVER, summary_of
from golint_ai.settings import Settings

MODULES = Path(__file__).parent / "go_samples" / "modules"
_ANNOTATION = re.compile(r"//\s*summary:\s*(.+)$")
_ITEM = re.compile(r"(!?)([a-z-]+)(?:\(([^)]*)\))?")
KINDS = ("acquires", "releases", "borrows", "consumes-if", "derives-context", "binds-cuda-thread", "escapes", "registers-finalizer")


def _annotated() -> list[tuple[Path, int, str]]:
    out = []
    for go in sorted(MODULES.rglob("*.go")):
        for i, line in enumerate(go.read_text("utf-8").splitlines(), 1):
            m = _ANNOTATION.search(line)
            if m:
                out.append((go, i, m.group(1).strip()))
    return out


ANNOTATED = _annotated()


def _param_index(decl_node, name: str) -> int:
    recv = decl_node.child_by_field_name("receiver")
    for p in recv.named_children if recv is not None else []:
        if p.type == "parameter_declaration" and any(text(n) == name for n in p.children_by_field_name("name")):
            return RECEIVER
    index = 0
    plist = decl_node.child_by_field_name("parameters")
    for p in plist.named_children:
        if p.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        names = p.children_by_field_name("name") or [None]
        for n in names:
            if n is not None and text(n) == name:
                return index
            index += 1
    raise AssertionError(f"no parameter {name!r}")


def _holds(summary, decl_node, kind: str, args: list[str]) -> bool:
    if kind == "acquires":
        a = summary.acquired(int(args[0]))
        return a is not None and not a.gc_backed
    if kind == "gc-backed":
        a = summary.acquired(int(args[0]))
        return a is not None and a.gc_backed
    if kind == "binds-cuda-thread":
        return summary.binds_cuda_thread
    index = _param_index(decl_node, args[0])
    if kind == "releases":
        return index in summary.releases
    if kind == "borrows":
        return index in summary.borrows
    if kind == "escapes":
        return index in summary.escapes
    if kind == "registers-finalizer":
        return index in summary.registers_finalizer
    if kind == "derives-context":
        return summary.derives_context is not None and summary.derives_context[0] == index
    if kind == "consumes-if":
        return (index, _param_index(decl_node, args[1])) in summary.consumes_if
    raise AssertionError(f"unknown summary kind {kind!r}")


@pytest.mark.parametrize("path,line,spec", ANNOTATED, ids=[f"{p.relative_to(MODULES)}:{n}" for p, n, _ in ANNOTATED])
def test_summary(path, line, spec):
    pkg = load_package(str(path.parent))
    assert pkg is not None
    f = next(f for f in pkg.files if f.source.path == str(path))
    decl = next((d for d in f.root.named_children if d.type in ("function_declaration", "method_declaration") and d.start_point[0] + 1 == line), None)
    assert decl is not None, f"no function declared on line {line}"
    callee = Callee(pkg, FuncDecl(text(decl.child_by_field_name("name")), decl, f))
    summary = summary_of(callee, Settings())
    for neg, kind, raw in _ITEM.findall(spec):
        args = [a.strip() for a in raw.split(",")] if raw else []
        holds = _holds(summary, decl, kind, args)
        assert holds != bool(neg), f"{'!' if neg else ''}{kind}({raw}) does not hold: {summary}"


def test_every_kind_has_positives_and_near_misses():
    counts: Counter = Counter()
    for _, _, spec in ANNOTATED:
        for neg, kind, _ in _ITEM.findall(spec):
            counts[(kind if kind != "gc-backed" else "acquires", bool(neg))] += 1
    for kind in KINDS:
        assert counts[(kind, False)] >= 6, f"{kind}: {counts[(kind, False)]} positive sites"
        assert counts[(kind, True)] >= 8, f"{kind}: {counts[(kind, True)]} near-miss sites"


def test_third_party_source_is_used_only_when_on_disk(tmp_path, monkeypatch):
    """Without the module cache the binding's source is not on disk: its calls fall back
    to the v2 defaults (an unknown Go call is not an acquisition) and nothing is reported."""
    from golint_ai.golang.world import WORLD
    from golint_ai.rules import CODES
    from golint_ai.runner import check_paths
    from golint_ai.settings import ConfigResolver

    sample = MODULES / "cached"
    WORLD.clear()
    with_cache = check_paths([str(sample)], ConfigResolver(CODES), jobs=1)
    assert sorted(d.code for d in with_cache.diagnostics) == ["GAI301", "GAI301", "GAI302"]
    monkeypatch.setenv("GOMODCACHE", str(tmp_path))
    WORLD.clear()
    try:
        without = check_paths([str(sample)], ConfigResolver(CODES), jobs=1)
    finally:
        WORLD.clear()
    assert without.diagnostics == []
