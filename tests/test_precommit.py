"""The pre-commit hook, with the real pre-commit: a staged leak fails the commit and is
printed, fixing it passes, and a leak in an unchanged sibling file is not reported
although the sibling is read for the package index."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
pytestmark = pytest.mark.slow

PREAMBLE = """package model

/*
#include <stdlib.h>
typedef struct Model Model;
static Model* model_create(void) { return 0; }
static void model_delete(Model* m) {}
*/
import "C"
"""

LEAKY_A = PREAMBLE + """
import "unsafe"

type Server struct {
	model *C.Model
}

func (s *Server) Load() {
	s.model = C.model_create()
}

func Greet(name string) {
	c := C.CString(name)
	_ = c
}

var _ = unsafe.Pointer(nil)
"""

FIXED_A = LEAKY_A.replace("\t_ = c\n", "\tdefer C.free(unsafe.Pointer(c))\n")

# The sibling: releases Server.model (so Load is fine) and has a leak of its own.
SIBLING_B = """package model

// #include <stdlib.h>
import "C"

func (s *Server) Close() {
	C.model_delete(s.model)
}

func Other() {
	o := C.malloc(8)
	_ = o
}
"""


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout.strip()


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """This working tree (uncommitted changes included) as a git repository pre-commit can clone."""
    dest = tmp_path_factory.mktemp("hookrepo") / "golint-ai"
    ignore = shutil.ignore_patterns(".git", ".venv*", ".tools", "node_modules", "__pycache__", "*.egg-info", "build", "dist", ".pytest_cache", "artifacts")
    shutil.copytree(ROOT, dest, ignore=ignore)
    _git(dest, "init", "-q")
    _git(dest, "add", "-A")
    _git(dest, "commit", "-qm", "snapshot")
    return dest, _git(dest, "rev-parse", "HEAD")


def _pre_commit() -> list[str]:
    exe = shutil.which("pre-commit", path=os.path.dirname(sys.executable)) or shutil.which("pre-commit")
    if exe is None:
        pytest.fail("pre-commit is not installed (it is in the test extra)")
    return [exe]


def test_hook_definition_is_valid(hook_repo):
    repo, _ = hook_repo
    proc = subprocess.run([*_pre_commit(), "validate-manifest", str(repo / ".pre-commit-hooks.yaml")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_staged_leak_fails_and_fix_passes(hook_repo, tmp_path):
    repo, rev = hook_repo
    work = tmp_path / "project"
    (work / "model").mkdir(parents=True)
    _git(work, "init", "-q")
    (work / ".pre-commit-config.yaml").write_text(f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: golint-ai\n")
    (work / "model" / "b.go").write_text(SIBLING_B)
    _git(work, "add", "-A")
    _git(work, "commit", "-qm", "base", "--no-verify")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}

    (work / "model" / "a.go").write_text(LEAKY_A)
    _git(work, "add", "model/a.go")
    proc = subprocess.run([*_pre_commit(), "run"], cwd=work, capture_output=True, text=True, env=env)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "model/a.go:" in out and "GAI301" in out and "C.CString" in out
    assert "b.go" not in out, "the unchanged sibling's own leak must not be reported"
    assert "model_create" not in out, "Close in the sibling releases Server.model: no field-store finding"

    (work / "model" / "a.go").write_text(FIXED_A)
    _git(work, "add", "model/a.go")
    proc = subprocess.run([*_pre_commit(), "run"], cwd=work, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout


LEAKY_PY = """import torch


def train(model, loader, optimizer, criterion):
    for x, y in loader:
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
"""
FIXED_PY = LEAKY_PY.replace("        loss = criterion", "        optimizer.zero_grad()\n        loss = criterion")


def test_python_hook_fails_on_staged_leak_and_passes_when_fixed(hook_repo, tmp_path):
    repo, rev = hook_repo
    work = tmp_path / "project"
    (work / "train").mkdir(parents=True)
    _git(work, "init", "-q")
    (work / ".pre-commit-config.yaml").write_text(f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: golint-ai-python\n")
    # An unchanged sibling with its own leak, and a Python file without torch: neither is reported.
    (work / "train" / "old.py").write_text(LEAKY_PY)
    (work / "train" / "util.py").write_text("import os\n\nfor x in []:\n    x.backward()\n    opt.step()\n")
    _git(work, "add", "-A")
    _git(work, "commit", "-qm", "base", "--no-verify")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}

    (work / "train" / "loop.py").write_text(LEAKY_PY)
    (work / "train" / "util.py").write_text("import os\n\nfor x in []:\n    x.backward()\n    opt.step()\n\n")
    _git(work, "add", "train/loop.py", "train/util.py")
    proc = subprocess.run([*_pre_commit(), "run"], cwd=work, capture_output=True, text=True, env=env)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "train/loop.py:8:" in out and "GAI601" in out
    assert "old.py" not in out and "util.py" not in out

    (work / "train" / "loop.py").write_text(FIXED_PY)
    _git(work, "add", "train/loop.py")
    proc = subprocess.run([*_pre_commit(), "run"], cwd=work, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout
