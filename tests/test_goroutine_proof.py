"""Runtime proof of the goroutine rules: every sample package of GAI102 and GAI104
with a ``Cases()`` table (driving its functions down the path an annotation is about)
is compiled with a small harness and run. Every function with a `// want` finding must
leave goroutines behind after it returns (they are blocked forever: the count never
comes back), and every near miss must return to the baseline. The harness waits on
events, not on time: until the goroutines a call started have exited, or until every
one still alive is parked in a channel wait after the call returned.

Skipped where Go is missing; under CI=true a missing Go fails the test
(scripts/install_test_tools.sh installs it)."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

SAMPLES = Path(__file__).parent / "go_samples"

HARNESS = """package main

import (
	"bytes"
	"fmt"
	"runtime"

%(imports)s
)

var channelWait = [][]byte{[]byte("[chan send"), []byte("[chan receive"), []byte("[select"), []byte("[semacquire")}

// blocked counts the goroutines parked in a channel operation, a select or a semaphore.
func blocked() int {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	n := 0
	for _, line := range bytes.Split(buf, []byte("\\n")) {
		if !bytes.HasPrefix(line, []byte("goroutine ")) {
			continue
		}
		for _, w := range channelWait {
			if bytes.Contains(line, w) {
				n++
				break
			}
		}
	}
	return n
}

// settle waits for an event, not a time: either every goroutine the call started has
// exited (the count is back to base), or every one still alive is parked in a channel
// wait that nothing can end (the call has returned and dropped the channels). It
// returns the count above base.
func settle(base, baseBlocked int) int {
	for {
		runtime.GC()
		n := runtime.NumGoroutine()
		if n <= base {
			return 0
		}
		if blocked()-baseBlocked == n-base {
			runtime.GC()
			if m := runtime.NumGoroutine(); m == n && blocked()-baseBlocked == m-base {
				return m - base
			}
		}
		runtime.Gosched()
	}
}

func main() {
%(loops)s
}
"""


def _go() -> str:
    found = shutil.which("go") or next((p for p in ("/usr/lib/go/bin/go", "/usr/local/go/bin/go") if os.path.exists(p)), None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("go is not installed; scripts/install_test_tools.sh installs golang-go")
        pytest.skip("go is not installed (run scripts/install_test_tools.sh)")
    return found


def _annotated_functions(source: str) -> set[str]:
    """Functions of the sample holding a `// want` annotation."""
    out, current = set(), None
    for line in source.splitlines():
        m = re.match(r"^func (?:\([^)]*\) )?(\w+)", line)
        if m:
            current = m.group(1)
        if "// want" in line and current is not None:
            out.add(current)
    return out


def _runnable(pkg: Path) -> bool:
    """A sample package the harness can drive: it declares a ``Cases()`` table."""
    return any(re.search(r"^func Cases\(\) \[\]Case", f.read_text(), re.M) for f in pkg.glob("*.go"))


LOOP = """	for _, c := range %(alias)s.Cases() {
		base, baseBlocked := runtime.NumGoroutine(), blocked()
		c.Run()
		fmt.Printf("proof-row %(pkg)s %%s %%t %%d\\n", c.Name, c.Leaks, settle(base, baseBlocked))
	}"""


@pytest.mark.parametrize("rule", ["GAI102", "GAI104"])
def test_findings_leak_at_run_time_and_near_misses_do_not(rule, tmp_path):
    go = _go()
    packages = sorted(d for d in (SAMPLES / rule).iterdir() if d.is_dir() and _runnable(d))
    assert packages, f"{rule} has no proof samples"
    src = tmp_path / "src"
    imports, loops = [], []
    for i, pkg in enumerate(packages):
        (src / "proof" / rule / pkg.name).mkdir(parents=True)
        for f in pkg.glob("*.go"):
            shutil.copy(f, src / "proof" / rule / pkg.name / f.name)
        imports.append(f'\tp{i} "proof/{rule}/{pkg.name}"')
        loops.append(LOOP % {"alias": f"p{i}", "pkg": pkg.name})
    (src / "harness").mkdir()
    (src / "harness" / "main.go").write_text(HARNESS % {"imports": "\n".join(imports), "loops": "\n".join(loops)})
    env = {**os.environ, "GO111MODULE": "off", "GOPATH": str(tmp_path), "GOFLAGS": "",
           "GOCACHE": os.environ.get("GOCACHE", str(Path.home() / ".cache" / "go-build"))}
    proc = subprocess.run([go, "run", "harness"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    # Samples may print; the harness's rows carry a prefix of their own.
    rows = [line.split()[1:] for line in proc.stdout.splitlines() if line.startswith("proof-row ")]
    for pkg in packages:
        left = {name: (declared == "true", int(n)) for p, name, declared, n in rows if p == pkg.name}
        flagged = set()
        for f in sorted(pkg.glob("*.go")):
            flagged |= _annotated_functions(f.read_text())
        assert flagged, f"{pkg.name} has no findings"
        leaking = {name for name, (_, n) in left.items() if n > 0}
        assert leaking == flagged, f"{pkg.name}: left behind at run time: {sorted(leaking)}; flagged statically: {sorted(flagged)}"
        declared = {name for name, (d, _) in left.items() if d}
        assert declared == flagged, f"{pkg.name}: Cases() declares leaks {sorted(declared)}; flagged: {sorted(flagged)}"
        assert set(left) - flagged, f"{pkg.name} needs near misses too"
        assert flagged <= set(left), f"{pkg.name}: flagged functions without a case: {sorted(flagged - set(left))}"
