"""The release's pieces (scripts/release builds and checks the whole release, ~1-2 min:
too slow for the suite, run it before tagging): one version everywhere, and the script's
version sync touching nothing but the version."""

from __future__ import annotations

import importlib.machinery
import importlib.metadata
import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import golint_ai

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "release"


def _release():
    loader = importlib.machinery.SourceFileLoader("golint_ai_release", str(SCRIPT))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_one_version_everywhere():
    release = _release()
    version = release.python_version()
    assert version == golint_ai.__version__
    assert importlib.metadata.version("golint-ai") == version  # pyproject reads __init__ (hatch)
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject and 'path = "golint_ai/__init__.py"' in pyproject
    assert release.extension_versions() == dict.fromkeys(release.extension_versions(), version)
    proc = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    out = subprocess.run([sys.executable, "-m", "golint_ai", "--version"], capture_output=True, text=True).stdout
    assert version in out


def test_version_sync_changes_only_the_versions(tmp_path: Path):
    release = _release()
    ext = tmp_path / "ext"
    ext.mkdir()
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / "vscode-ext" / name, ext / name)
    before = {n: json.loads((ext / n).read_text()) for n in ("package.json", "package-lock.json")}
    assert release.version_mismatches("9.8.7", ext)
    release.set_extension_version("9.8.7", ext)
    assert release.version_mismatches("9.8.7", ext) == []
    after = {n: json.loads((ext / n).read_text()) for n in ("package.json", "package-lock.json")}
    before["package.json"]["version"] = before["package-lock.json"]["version"] = "9.8.7"
    before["package-lock.json"]["packages"][""]["version"] = "9.8.7"
    assert after == before  # dependencies' versions untouched
