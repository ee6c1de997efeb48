"""Every fix offered on every Go sample, safe and unsafe, applied on its own: the result
is gofmt-clean, the fixed finding is gone, and no finding appears that was not there
before (findings are matched without line numbers: rule, file, function, the flagged
expression and the rest of its line). Other findings may go with it: locking the thread in a
function that binds a CUDA context takes the duty off its callers."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from golint_ai.fixes import plan_fixes
from golint_ai.rules import CODES
from golint_ai.runner import check_paths
from golint_ai.settings import ConfigResolver
from golint_ai.testing import sample_directories

SAMPLES = Path(__file__).parent / "go_samples"
DIRS = sample_directories(SAMPLES)


def _gofmt() -> str:
    found = shutil.which("gofmt")
    if found:
        return found
    for d in ("/usr/lib/go/bin", "/usr/local/go/bin"):
        if os.path.exists(os.path.join(d, "gofmt")):
            return os.path.join(d, "gofmt")
    if os.environ.get("CI"):
        pytest.fail("gofmt is not installed; scripts/install_test_tools.sh installs golang-go")
    pytest.skip("gofmt is not installed (run scripts/install_test_tools.sh)")


def _run(directory: Path):
    return check_paths([str(directory)], ConfigResolver(CODES), jobs=1)


def _key(d, sources: dict[str, bytes], root: Path) -> tuple:
    data = sources[d.span.path]
    line_end = data.find(b"\n", d.span.end)
    rest = data[d.span.end: line_end if line_end >= 0 else len(data)]
    rel = Path(d.span.path).resolve().relative_to(root.resolve())
    # A finding the fix moves into a closure (`defer p.Put(x)` becoming
    # `defer func() { reset; p.Put(x) }()`) is still the finding of its function.
    function = re.sub(r"(\.func\d+)+$", "", d.context)
    return (d.code, str(rel), function, b"".join(data[d.span.start:d.span.end].split()), b"".join(rest.split()))


def _findings(result, root: Path) -> Counter:
    return Counter(_key(d, result.sources, root) for d in result.diagnostics if not d.suppressed)


def _module_root(directory: Path) -> Path:
    """The directory to copy: the sample's module (its go.mod) when it has one; the
    module samples all together (they `replace` each other by relative paths)."""
    if (SAMPLES / "modules") in directory.parents:
        return SAMPLES / "modules"
    for d in (directory, *directory.parents):
        if d == SAMPLES:
            break
        if (d / "go.mod").exists():
            return d
    return directory


def _fixable_dirs() -> list[Path]:
    return [d for d in DIRS if any(b"// want" in f.read_bytes() for f in d.glob("*.go"))]


@pytest.mark.parametrize("directory", _fixable_dirs(), ids=lambda d: str(d.relative_to(SAMPLES)))
def test_every_fix_on_the_sample_is_right(directory: Path, tmp_path: Path):
    before_run = _run(directory)
    offered = [d for d in before_run.diagnostics if d.fix is not None and not d.suppressed]
    if not offered:
        return
    gofmt = _gofmt()
    before = _findings(before_run, directory)
    problems = []
    root = _module_root(directory)
    for i, diag in enumerate(offered):
        copy = tmp_path / str(i) / root.name
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns("*.golden"))
        work = copy / directory.relative_to(root)
        outcome = plan_fixes([diag], before_run.sources, unsafe=True)
        label = f"{diag.code} {diag.fix.title} ({Path(diag.span.path).name})"
        if outcome.skipped or len(outcome.changed) != 1:
            problems.append(f"{label}: not applied: {outcome.skipped}")
            continue
        [(path, (_, new))] = outcome.changed.items()
        target = work / Path(path).resolve().relative_to(directory.resolve())
        target.write_bytes(new)
        fmt = subprocess.run([gofmt, "-l", str(target)], capture_output=True, text=True)
        if fmt.returncode != 0 or fmt.stdout:
            diff = subprocess.run([gofmt, "-d", str(target)], capture_output=True, text=True)
            problems.append(f"{label}: not gofmt-clean:\n{fmt.stderr}{diff.stdout}")
        after = _findings(_run(work), work)
        key = _key(diag, before_run.sources, directory)
        if after[key] >= before[key]:
            problems.append(f"{label}: the finding is still reported after its fix")
        appeared = after - before
        if appeared:
            problems.append(f"{label}: the fix brings new findings: {list(appeared)}")
    assert not problems, "\n".join(problems)


def test_the_samples_offer_every_kind_of_fix():
    """The test above covers what it should: fixes of every rule that has them."""
    codes = set()
    for d in _fixable_dirs():
        codes |= {x.code for x in _run(d).diagnostics if x.fix is not None}
    assert {"GAI102", "GAI301", "GAI302", "GAI401"} <= codes, codes
