"""The wheel built from this checkout works on its own.

Builds the wheel with ``pip wheel``, installs it into a fresh virtual environment
(dependencies from the package index configured on the machine), and runs that
environment's ``golint-ai`` (never the checkout's) on a copy of a sample outside the
checkout. This proves the ``rules/*.toml`` data tables ship inside the wheel as
``golint_ai/_rules`` and the tree-sitter query files ship too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE = REPO_ROOT / "tests" / "go_samples" / "GAI301" / "user_table"


def _run(cmd: list, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    # Nothing from the checkout or the test venv may leak into the fresh venv.
    for key in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "GOLINT_AI_DEBUG", "PYTHONSAFEPATH"):
        env.pop(key, None)
    return subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout)


def _ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, f"{proc.args}\nstdout:\n{proc.stdout[-3000:]}\nstderr:\n{proc.stderr[-3000:]}"
    return proc


def _bin(venv: Path, name: str) -> Path:
    sub, suffix = ("Scripts", ".exe") if os.name == "nt" else ("bin", "")
    return venv / sub / f"{name}{suffix}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _ok(_run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", out, REPO_ROOT], cwd=out))
    wheels = list(out.glob("golint_ai-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> Path:
    root = tmp_path_factory.mktemp("venv")
    env_dir = root / "env"
    _ok(_run([sys.executable, "-m", "venv", env_dir], cwd=root))
    _ok(_run([_bin(env_dir, "python"), "-m", "pip", "install", "--disable-pip-version-check", wheel], cwd=root))
    return env_dir


def test_wheel_contains_data_tables_and_queries(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "golint_ai/_rules/resources.toml" in names
    assert "golint_ai/golang/queries/local_names.scm" in names
    # Every data table of the checkout is shipped, under golint_ai/_rules.
    for table in sorted((REPO_ROOT / "rules").glob("*.toml")):
        assert f"golint_ai/_rules/{table.name}" in names, table.name
    # Every query file too.
    for query in sorted((REPO_ROOT / "golint_ai" / "engine" / "queries").glob("*.scm")):
        assert f"golint_ai/golang/queries/{query.name}" in names, query.name
    # The console script is declared.
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode("utf-8")
    assert re.search(r"^golint-ai\s*=\s*golint_ai\.cli:run\s*$", text, re.M), text


def test_installed_package_is_not_the_checkout(venv, tmp_path):
    probe = (
        "import json, golint_ai, golint_ai.knowledge as k; "
        "print(json.dumps({'pkg': golint_ai.__file__, 'data': str(k.data_dir())}))"
    )
    info = json.loads(_ok(_run([_bin(venv, "python"), "-c", probe], cwd=tmp_path)).stdout)
    pkg = Path(info["pkg"]).resolve()
    data = Path(info["data"]).resolve()
    assert Path(venv).resolve() in pkg.parents, pkg
    assert REPO_ROOT not in pkg.parents, pkg
    assert data == pkg.parent / "_rules", data
    assert (data / "resources.toml").is_file()


def test_installed_check_finds_user_table_leaks(venv, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (work / ".git").mkdir()  # repository root: URIs relative to work/
    shutil.copytree(SAMPLE, work / "user_table")
    assert (work / "user_table" / ".golint-ai.toml").is_file()

    # Expected findings from the sample's own `// want "GAI301 <regex>"` annotations.
    source = (work / "user_table" / "custom.go").read_text(encoding="utf-8")
    expected = {}
    for number, line in enumerate(source.split("\n"), 1):
        m = re.search(r'// want "GAI301(?: (.*))?"', line)
        if m:
            expected[number] = m.group(1) or ""
    assert sorted(expected) == [36, 65], expected

    exe = _bin(venv, "golint-ai")
    assert exe.is_file()
    proc = _run([exe, "check", "--format", "sarif", "--no-color", "user_table"], cwd=work)
    assert proc.returncode == 1, f"stdout:\n{proc.stdout[-3000:]}\nstderr:\n{proc.stderr[-3000:]}"
    doc = json.loads(proc.stdout)
    results = doc["runs"][0]["results"]
    found = {}
    for r in results:
        phys = r["locations"][0]["physicalLocation"]
        assert r["ruleId"] == "GAI301"
        assert phys["artifactLocation"]["uri"] == "user_table/custom.go"
        found[phys["region"]["startLine"]] = r["message"]["text"]
    assert sorted(found) == sorted(expected), found
    for line, pattern in expected.items():
        assert re.search(pattern, found[line]), (line, pattern, found[line])
    # mylib_lease_buffer is an acquisition only through the sample's resources.extra table.
    assert "mylib_return_buffer" in found[65]
    # The installed wheel registers the same rules as the checkout.
    from golint_ai.rules import ALL_RULES

    assert [r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]] == [r.code for r in ALL_RULES]

    # The text format from the same installed command agrees.
    text = _run([exe, "check", "--no-color", "user_table"], cwd=work)
    assert text.returncode == 1, text.stderr
    for line in expected:
        assert f"user_table/custom.go:{line}:" in text.stdout, text.stdout


def test_installed_module_version(venv, tmp_path):
    init = (REPO_ROOT / "golint_ai" / "__init__.py").read_text(encoding="utf-8")
    version = re.search(r'^__version__ = "([^"]+)"', init, re.M).group(1)
    proc = _ok(_run([_bin(venv, "python"), "-m", "golint_ai", "--version"], cwd=tmp_path))
    assert proc.stdout.strip() == f"golint-ai {version}"
