"""Runtime proof of the goroutine rules: the `proof` samples of GAI102 and GAI104 are
compiled with a small harness and run. Every function with a `// want` finding must
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

	proof "proof/%(rule)s"
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
	for _, c := range proof.Cases() {
		base, baseBlocked := runtime.NumGoroutine(), blocked()
		c.Run()
		fmt.Printf("%%s %%d\\n", c.Name, settle(base, baseBlocked))
	}
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


@pytest.mark.parametrize("rule", ["GAI102", "GAI104"])
def test_findings_leak_at_run_time_and_near_misses_do_not(rule, tmp_path):
    go = _go()
    sample = SAMPLES / rule / "proof" / "proof.go"
    src = tmp_path / "src"
    (src / "proof" / rule).mkdir(parents=True)
    shutil.copy(sample, src / "proof" / rule / "proof.go")
    (src / "harness").mkdir()
    (src / "harness" / "main.go").write_text(HARNESS % {"rule": rule})
    env = {**os.environ, "GO111MODULE": "off", "GOPATH": str(tmp_path), "GOFLAGS": "",
           "GOCACHE": os.environ.get("GOCACHE", str(Path.home() / ".cache" / "go-build"))}
    proc = subprocess.run([go, "run", "harness"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    left = {name: int(n) for name, n in (line.split() for line in proc.stdout.splitlines())}
    flagged = _annotated_functions(sample.read_text())
    assert flagged, "the proof sample has no findings"
    leaking = {name for name, n in left.items() if n > 0}
    assert leaking == flagged, f"left behind at run time: {sorted(leaking)}; flagged statically: {sorted(flagged)}"
    assert set(left) - flagged, "the proof sample needs near misses too"
