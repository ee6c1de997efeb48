"""The Go samples are valid Go: gofmt-clean, and `go vet` type-checks every sample
package that imports only the standard library, "C" (cgo samples stub their C
functions in the preamble) and the framework stubs of `tests/go_stubs` (put on GOPATH).
Packages importing other third-party modules cannot be type-checked offline; gofmt
still parses them."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from golint_ai.testing import sample_directories

SAMPLES = Path(__file__).parent / "go_samples"
STUBS = Path(__file__).parent / "go_stubs"


def _tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for d in ("/usr/lib/go/bin", "/usr/local/go/bin"):
        if os.path.exists(os.path.join(d, name)):
            return os.path.join(d, name)
    if os.environ.get("CI"):
        pytest.fail(f"{name} is not installed; scripts/install_test_tools.sh installs golang-go")
    pytest.skip(f"{name} is not installed (run scripts/install_test_tools.sh)")


def test_gofmt_clean():
    gofmt = _tool("gofmt")
    go = _tool("go")
    # Samples of syntax newer than the installed toolchain (a go.mod asking for a later
    # Go, e.g. generic type aliases) cannot be parsed by its gofmt; go vet skips them too.
    dirs = [d for d in sample_directories(SAMPLES) if _needs_newer_go(d, go) is None]
    files = [str(f) for d in dirs for f in sorted(d.glob("*.go"))]
    assert len(dirs) > 40
    proc = subprocess.run([gofmt, "-l", *files], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "", f"not gofmt-clean:\n{proc.stdout}"


def _third_party(directory: Path) -> bool:
    """Whether the sample imports a non-standard package the stubs do not provide."""
    for go in directory.glob("*.go"):
        for path in re.findall(r'^\s*(?:[\w.]+\s+)?"([^"]+)"\s*$', go.read_text("utf-8", errors="replace"), re.M):
            if "." in path.split("/")[0] and not (STUBS / "src" / path).is_dir():
                return True
    return False


def test_framework_samples_are_type_checked():
    """The framework samples are vetted against the stubs, not skipped as third-party."""
    framework_dirs = [d for d in VET_DIRS if d.parent.name == "frameworks"]
    assert len(framework_dirs) >= 6


VET_DIRS = [d for d in sample_directories(SAMPLES) if not _third_party(d)]


def _needs_newer_go(directory: Path, go: str) -> str | None:
    """The ``go`` line of the go.mod of a sample's module (its directory or the nearest
    one above it inside the samples) when the installed toolchain is older (such samples
    use newer APIs, e.g. context.WithoutCancel in Go 1.21)."""
    mod = next((d / "go.mod" for d in (directory, *directory.parents) if (d / "go.mod").is_file() or d == SAMPLES), None)
    if mod is None or not mod.is_file():
        return None
    m = re.search(r"^go\s+1\.(\d+)", mod.read_text("utf-8"), re.M)
    if m is None:
        return None
    out = subprocess.run([go, "env", "GOVERSION"], capture_output=True, text=True).stdout
    have = re.search(r"go1\.(\d+)", out)
    if have is not None and int(have.group(1)) < int(m.group(1)):
        return f"go 1.{m.group(1)}"
    return None


@pytest.mark.parametrize("directory", VET_DIRS, ids=[str(d.relative_to(SAMPLES)) for d in VET_DIRS])
def test_go_vet(directory, tmp_path):
    go = _tool("go")
    newer = _needs_newer_go(directory, go)
    if newer is not None:
        pytest.skip(f"{directory.name} needs {newer}; the installed Go is older")
    env = {**os.environ, "GO111MODULE": "off", "CGO_ENABLED": "1", "GOCACHE": os.environ.get("GOCACHE", str(Path.home() / ".cache" / "go-build")), "GOPATH": os.pathsep.join([str(tmp_path / "gopath"), str(STUBS)])}
    # -unsafeptr=false: vet's unsafeptr pass reports exactly the stored-uintptr and
    # reflect-header patterns the GAI501/GAI502 samples must contain; vet is here to
    # type-check the samples, not to judge them.
    proc = subprocess.run([go, "vet", "-unsafeptr=false", "."], cwd=directory, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
