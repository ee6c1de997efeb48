"""Fix goldens: for every sample ``x.go`` with an ``x.go.golden`` sibling, applying the
offered fixes (unsafe ones included, as ``--fix --unsafe-fixes`` does) turns the file
into the golden; the fixed file gains no syntax errors and, analysed again, no longer
holds the fixed findings."""

import shutil
from pathlib import Path

import pytest

from golint_ai.golang.parse import error_nodes, parse
from golint_ai.fixes import plan_fixes
from golint_ai.rules import CODES
from golint_ai.runner import check_paths
from golint_ai.settings import ConfigResolver

SAMPLES = Path(__file__).parent / "go_samples"
GOLDENS = sorted(SAMPLES.rglob("*.go.golden"))


def _run(directory: Path):
    return check_paths([str(directory)], ConfigResolver(CODES), jobs=1)


def _in(path: str, target: Path) -> bool:
    return Path(path).resolve() == target.resolve()


@pytest.mark.parametrize("golden", GOLDENS, ids=[str(g.relative_to(SAMPLES)) for g in GOLDENS])
def test_fix_matches_golden(golden: Path, tmp_path: Path):
    source = golden.with_suffix("")  # x.go.golden -> x.go
    package = tmp_path / source.parent.name
    shutil.copytree(source.parent, package, ignore=shutil.ignore_patterns("*.golden"))
    target = package / source.name

    before = _run(package)
    fixed = [d for d in before.diagnostics if d.fix is not None and _in(d.span.path, target)]
    assert fixed, f"{source.name} offers no fix"
    outcome = plan_fixes(before.diagnostics, before.sources, unsafe=True)
    assert not outcome.skipped, outcome.skipped
    changed = {Path(p).resolve(): new for p, (_, new) in outcome.changed.items()}
    assert target.resolve() in changed, "the fixes changed nothing"
    new = changed[target.resolve()]
    assert new.decode("utf-8") == golden.read_text("utf-8")

    assert sum(1 for _ in error_nodes(parse(new).root_node)) == 0
    target.write_bytes(new)
    after = _run(package)
    fixed_keys = {(d.code, d.fix.title) for d in fixed}
    again = [d for d in after.diagnostics if _in(d.span.path, target) and d.fix is not None and (d.code, d.fix.title) in fixed_keys]
    assert not again, [d.message for d in again]


def test_unsafe_fixes_need_the_flag(tmp_path: Path):
    goldens = [g for g in GOLDENS if "GAI401" in g.parts]
    assert goldens
    source = goldens[0].with_suffix("")
    package = tmp_path / "pkg"
    shutil.copytree(source.parent, package, ignore=shutil.ignore_patterns("*.golden"))
    result = _run(package)
    outcome = plan_fixes(result.diagnostics, result.sources, unsafe=False)
    assert not outcome.changed


def test_cli_fix_applies_safe_fixes_and_diff_only_shows_them(tmp_path: Path, capsys, monkeypatch):
    """GAI102's capacity-1 fix is safe: `--fix` applies it without --unsafe-fixes, and
    `--diff` shows the same change without writing."""
    from golint_ai.cli import main

    golden = SAMPLES / "GAI102" / "fix" / "fix.go.golden"
    package = tmp_path / "fix"
    shutil.copytree(golden.parent, package, ignore=shutil.ignore_patterns("*.golden"))
    monkeypatch.chdir(tmp_path)
    original = (package / "fix.go").read_text()

    assert main(["check", "fix", "--diff", "--select", "GAI102"]) == 1
    diff = capsys.readouterr().out
    assert diff.startswith("--- a/fix/fix.go") and "make(chan" in diff and ", 1)" in diff
    assert (package / "fix.go").read_text() == original

    main(["check", "fix", "--fix", "--select", "GAI102"])
    err = capsys.readouterr().err
    assert "Fixed" in err
    assert (package / "fix.go").read_text() == golden.read_text()


def test_release_in_a_loop_goes_at_the_end_of_the_body_never_a_defer():
    """GAI301 in a loop: the release closes the iteration; a `continue` (or any jump)
    after the acquisition that would skip it means no fix at all."""
    result = _run(SAMPLES / "GAI301" / "loopfix")
    by_function = {d.context.rsplit(".", 1)[-1]: d for d in result.diagnostics if d.code == "GAI301"}
    assert set(by_function) == {"runAll", "checked", "nested", "skips", "once"}
    assert by_function["skips"].fix is None
    for name in ("runAll", "checked", "nested"):
        fix = by_function[name].fix
        assert fix is not None and "end of the loop body" in fix.title
        assert all("defer" not in e.text for e in fix.edits)
    assert by_function["once"].fix.edits[-1].text.strip().startswith("defer ")


def test_inserted_lines_leave_trailing_comments_in_place(tmp_path: Path):
    """Every inserted line goes on a line of its own: the comment after the acquisition,
    the `Put` or the function's opening brace stays on its line."""
    golden = (SAMPLES / "GAI301" / "loopfix" / "x.go.golden").read_text()
    assert '\tm := C.model_create(1) // want "GAI301"\n\tdefer C.model_destroy(m)\n' in golden
    golden = (SAMPLES / "GAI302" / "fix" / "x.go.golden").read_text()
    assert "func runOn(dev int) error { // serves one request\n\truntime.LockOSThread()\n" in golden
    golden = (SAMPLES / "GAI401" / "fixdefer" / "x.go.golden").read_text()
    assert '\t\tbufs.Put(buf) // want "GAI401" "GAI402"\n\t}()\n' in golden  # the comment stays with the Put


def test_pool_reset_fix_for_a_deferred_put_and_a_slice_used_at_its_length():
    result = _run(SAMPLES / "GAI401" / "fixdefer")
    fixes = {d.context: d.fix for d in result.diagnostics if d.code == "GAI401"}
    assert fixes["swapped"] is None  # `buf` reassigned after the defer: a closure would put another buffer
    [edit] = fixes["render"].edits
    assert edit.text.startswith("defer func() {\n") and edit.text.endswith("\t}()")
    assert "for i := range row" in fixes["score"].title  # indexed at its length: zeroed, not row[:0]


def test_map_field_reset_before_go_1_21_is_a_delete_loop():
    result = _run(SAMPLES / "modules" / "pools" / "app")  # go 1.19: no clear builtin
    titles = [d.fix.title for d in result.diagnostics if d.code == "GAI401" and d.fix and "Seen" in d.fix.title]
    assert titles == ["Add `for k := range s.Seen { delete(s.Seen, k) }` before `Put`"]


def test_capacity_fix_is_offered_only_where_it_counts_every_sender():
    """`make(chan T, len(xs))` is safe only when exactly one goroutine per element of xs
    sends once: not in a nested loop, over an int or a channel, after xs was regrown, or
    when the goroutine hands the channel on."""
    result = _run(SAMPLES / "GAI102" / "fixbounds")
    fixes = {d.context.split(".")[0]: d.fix for d in result.diagnostics if d.code == "GAI102"}
    assert set(fixes) == {"first", "rounds", "counted", "fromChannel", "regrown", "handedOn", "early"}
    assert fixes["first"].edits[0].text == "make(chan int, len(xs))"
    assert fixes["early"].edits[0].text == "make(chan int, 1)"
    for name in ("rounds", "counted", "fromChannel", "regrown", "handedOn"):
        assert fixes[name] is None, name
    messages = {d.context.split(".")[0]: d.message for d in result.diagnostics}
    assert "len(n)" not in messages["counted"] and "len(in)" not in messages["fromChannel"]


def test_summary_counts_safe_and_unsafe_fixes_as_diff_applies_them(capsys, monkeypatch):
    """The summary's "N fixable with `--fix`, M more with `--unsafe-fixes`" is what
    `--diff` (and `--fix`) then applies: overlapping fixes are applied in later rounds."""
    import re

    from golint_ai.cli import main

    monkeypatch.chdir(SAMPLES.parent.parent)
    main(["check", "tests/go_samples", "--no-color"])
    summary = capsys.readouterr().out.splitlines()[-1]
    m = re.fullmatch(r"(\d+) fixable with `--fix`, (\d+) more with `--unsafe-fixes` \(`--diff` shows the changes\)\.", summary)
    assert m, summary
    safe, unsafe = int(m[1]), int(m[2])
    assert safe > 20 and unsafe > 60

    main(["check", "tests/go_samples", "--diff"])
    out, err = capsys.readouterr()
    assert f"Would fix {safe} findings." in err
    added = [line for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert added and all("make(chan" in line for line in added)  # only GAI102's capacity fixes are safe
    main(["check", "tests/go_samples", "--diff", "--unsafe-fixes"])
    assert f"Would fix {safe + unsafe} findings." in capsys.readouterr().err


def test_fix_in_rounds_applies_overlapping_fixes_later(tmp_path: Path):
    """Two GAI302 findings in one file both add the runtime import: one plan takes
    both (shared edit); fixes at one point wait for the next round, in memory."""
    from golint_ai.fixes import fix_in_rounds

    golden = SAMPLES / "GAI302" / "fix" / "x.go.golden"
    package = tmp_path / "fix"
    shutil.copytree(golden.parent, package, ignore=shutil.ignore_patterns("*.golden"))
    before = _run(package)
    run = fix_in_rounds(before, True, lambda current: check_paths([str(package)], ConfigResolver(CODES), jobs=1, overrides=current))
    assert run.applied == 2 and not run.skipped
    [path] = run.changed
    assert run.current[path].decode() == golden.read_text()
    assert (package / "x.go").read_text() != golden.read_text()  # nothing written
    assert not [d for d in run.result.diagnostics if d.code == "GAI302"]
