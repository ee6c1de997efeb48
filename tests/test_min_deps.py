"""The dependency floors are true: constraints-min.txt pins every dependency of
pyproject.toml (and of the `server` extra) to its declared floor, and golint-ai with
exactly those versions reports on the samples what it reports with the newest ones.

The environment with the floors is built once into .venv-min (again when
constraints-min.txt or pyproject.toml change); golint-ai is installed there in editable
mode, so it runs this checkout's code."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = ROOT / "constraints-min.txt"
VENV = ROOT / ".venv-min"


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["server"]]


def _pins() -> dict[str, Requirement]:
    out = {}
    for line in CONSTRAINTS.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            r = Requirement(line)
            out[r.name] = r
    return out


def _floor(r: Requirement) -> str | None:
    for spec in r.specifier:
        if spec.operator in (">=", "=="):
            return spec.version
    return None


def test_constraints_pin_every_dependency_to_its_floor():
    pins = _pins()
    for r in _declared():
        assert r.name in pins, f"{r.name} has no pin in constraints-min.txt"
        pinned = [s for s in pins[r.name].specifier if s.operator == "=="]
        assert len(pinned) == 1, f"{pins[r.name]} is not an exact pin"
        assert Version(pinned[0].version) == Version(_floor(r) or "0"), f"{r} but constraints-min.txt pins {pins[r.name]}"
        assert r.specifier.contains(pinned[0].version), f"the floor of {r} is outside its own range"
        assert str(pins[r.name].marker or "") == str(r.marker or ""), f"{r.name}: markers differ"


def _bin(name: str) -> Path:
    return VENV / ("Scripts" if os.name == "nt" else "bin") / (name + (".exe" if os.name == "nt" else ""))


def _unavailable(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


@pytest.fixture(scope="module")
def min_python() -> Path:
    stamp_text = hashlib.sha256(CONSTRAINTS.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / "golint-ai-min.stamp"
    py = _bin("python")
    if stamp.exists() and stamp.read_text() == stamp_text and py.exists():
        return py
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    steps = [
        [sys.executable, "-m", "venv", "--clear", str(VENV)],
        [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-c", str(CONSTRAINTS), "-e", f"{ROOT}[server]"],
    ]
    for cmd in steps:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            _unavailable(f"cannot build .venv-min ({' '.join(cmd[:4])} ...): {proc.stderr[-1500:]}")
    stamp.write_text(stamp_text)
    return py


def _check(python: Path | str) -> tuple[int, list, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NO_COLOR", "FORCE_COLOR")}
    proc = subprocess.run(
        [str(python), "-m", "golint_ai", "check", "tests/go_samples", "tests/py_samples", "--format", "json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    return proc.returncode, json.loads(proc.stdout or '{"findings": []}')["findings"], proc.stderr


def test_the_floors_install_and_report_what_the_newest_report(min_python: Path):
    pins = {name: pin for name, pin in _pins().items() if pin.marker is None or pin.marker.evaluate()}
    versions = subprocess.run(
        [str(min_python), "-c", "import importlib.metadata as m, json, sys; json.dump({n: m.version(n) for n in sys.argv[1:]}, sys.stdout)", *pins],
        capture_output=True, text=True, check=True,
    ).stdout
    installed = json.loads(versions)
    for name, pin in pins.items():
        assert pin.specifier.contains(installed[name]), f"{name} {installed[name]} in .venv-min, pinned {pin}"
    code_min, found_min, err_min = _check(min_python)
    code_new, found_new, err_new = _check(sys.executable)
    assert "internal error" not in err_min, err_min[-3000:]
    assert (code_min, err_min) == (code_new, err_new)
    assert len(found_min) > 400 and found_min == found_new
    server = subprocess.run([str(min_python), "-c", "import golint_ai.server.lsp"], capture_output=True, text=True)
    assert server.returncode == 0, server.stderr
