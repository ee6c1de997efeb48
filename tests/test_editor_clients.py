"""Real editor clients against `golint-ai server`, and the VS Code extension's own tests.

- headless Neovim (Debian's `neovim`) gets the GAI301 diagnostic and applies the quick fix;
- the extension's TypeScript unit tests (`node --test`, `vscode` mocked) and its offline
  `.vsix` packaging;
- a real VS Code: code-server (npm) with the packaged `.vsix` and a test-only probe
  extension installed, opened by headless Debian Chromium through playwright-core. The
  probe checks the diagnostic and the quick fix through the VS Code API; the browser
  driver saves a screenshot of the Problems panel to tests/artifacts/.

The tools come from scripts/install_test_tools.sh. Without them these tests skip, except
under CI (CI=true), where a missing tool is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EDITOR = ROOT / "tests" / "editor"
EXT = ROOT / "vscode-ext"
ARTIFACTS = ROOT / "tests" / "artifacts"
CODE_SERVER = Path(os.environ.get("GOLINT_AI_CODE_SERVER", ROOT / ".tools" / "code-server" / "node_modules" / ".bin" / "code-server"))

LEAKY = """package tok

/*
#include <stdlib.h>
int tok_count(const char *s);
*/
import "C"

import "unsafe"

// Count returns the number of tokens in s.
func Count(s string) int {
	c := C.CString(s)
	return int(C.tok_count(c))
}

var _ = unsafe.Pointer(nil)
"""


def need(ok: bool, what: str) -> None:
    if ok:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing (scripts/install_test_tools.sh installs it)")
    pytest.skip(f"{what} is missing (run scripts/install_test_tools.sh)")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_neovim_headless_gets_the_diagnostic_and_applies_the_fix(tmp_path: Path):
    nvim = shutil.which("nvim")
    need(nvim is not None, "nvim (Debian package neovim)")
    ws = tmp_path / "tok"
    ws.mkdir()
    (ws / "leaky.go").write_text(LEAKY)
    env = _env() | {"GOLINT_AI_PYTHON": sys.executable, "GOLINT_AI_EXPECT_LINE": "12", "GOLINT_AI_EXPECT_COL": "6"}
    proc = subprocess.run(
        [nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", f"luafile {EDITOR / 'nvim_e2e.lua'}", "leaky.go"],
        cwd=ws, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "OK" in proc.stdout.splitlines(), out
    assert "golint-ai [GAI301]" in out
    assert "applied: Add `defer C.free(unsafe.Pointer(c))` (unsafe fix)" in out
    assert "\tdefer C.free(unsafe.Pointer(c))" in out
    assert "after fix: 0 diagnostics" in out


def _npm_ready() -> bool:
    return (EXT / "node_modules" / ".bin" / "vsce").exists() and shutil.which("node") is not None


def test_vscode_extension_unit_tests():
    need(_npm_ready(), "vscode-ext/node_modules (npm ci)")
    proc = subprocess.run(["npm", "test"], cwd=EXT, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "# fail 0" in out and "# pass " in out, out


def _package(out_dir: Path) -> tuple[Path, Path]:
    """Build and package the extension and the probe, offline."""
    vsce = EXT / "node_modules" / ".bin" / "vsce"
    subprocess.run(["npm", "run", "build"], cwd=EXT, check=True, capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
    ext_vsix = out_dir / "golint-ai.vsix"
    subprocess.run([str(vsce), "package", "--no-dependencies", "-o", str(ext_vsix)], cwd=EXT, check=True, capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
    probe_src = out_dir / "probe-ext"
    shutil.copytree(EDITOR / "probe-ext", probe_src)
    probe_vsix = out_dir / "probe.vsix"
    subprocess.run(
        [str(vsce), "package", "--no-dependencies", "--skip-license", "-o", str(probe_vsix)],
        cwd=probe_src, check=True, capture_output=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    return ext_vsix, probe_vsix


def test_vsix_packages_offline(tmp_path: Path):
    need(_npm_ready(), "vscode-ext/node_modules (npm ci)")
    ext_vsix, probe_vsix = _package(tmp_path)
    import zipfile

    names = zipfile.ZipFile(ext_vsix).namelist()
    assert "extension/dist/extension.js" in names and "extension/package.json" in names
    assert not any(n.startswith(("extension/src/", "extension/node_modules/", "extension/test/")) for n in names), names
    manifest = json.loads(zipfile.ZipFile(ext_vsix).read("extension/package.json"))
    assert manifest["capabilities"]["untrustedWorkspaces"]["supported"] == "limited"
    assert "golintAi.path" in manifest["capabilities"]["untrustedWorkspaces"]["restrictedConfigurations"]
    assert probe_vsix.stat().st_size > 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kill_group(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(5)


@pytest.mark.slow
def test_code_server_shows_the_diagnostic_and_clears_it_after_the_quick_fix(tmp_path: Path):
    need(CODE_SERVER.exists(), f"code-server ({CODE_SERVER})")
    need(_npm_ready() and (EXT / "node_modules" / "playwright-core").exists(), "vscode-ext/node_modules (npm ci)")
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    need(chromium is not None, "chromium (Debian package chromium)")
    t0 = time.monotonic()
    ext_vsix, probe_vsix = _package(tmp_path)
    ud, exts, ws = tmp_path / "user-data", tmp_path / "extensions", tmp_path / "ws"
    (ud / "User").mkdir(parents=True)
    ws.mkdir()
    (ws / "leaky.go").write_text(LEAKY)
    settings = {
        "security.workspace.trust.enabled": False,
        "workbench.startupEditor": "none",
        "extensions.autoCheckUpdates": False,
        "extensions.autoUpdate": False,
        "telemetry.telemetryLevel": "off",
        "update.mode": "none",
        "workbench.tips.enabled": False,
        # The server from this checkout, through the interpreter route of the resolver.
        "golintAi.interpreter": [sys.executable],
        "golintAi.debounceMs": 100,
    }
    (ud / "User" / "settings.json").write_text(json.dumps(settings, indent=1))
    base = [str(CODE_SERVER), "--user-data-dir", str(ud), "--extensions-dir", str(exts)]
    for vsix in (ext_vsix, probe_vsix):
        r = subprocess.run(base + ["--install-extension", str(vsix)], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        assert r.returncode == 0, r.stdout + r.stderr
    listed = subprocess.run(base + ["--list-extensions"], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL).stdout
    assert "golint-ai.golint-ai" in listed, listed

    probe_out, cont = tmp_path / "probe.json", tmp_path / "continue"
    port = _free_port()
    env = _env() | {"GOLINT_AI_PROBE_OUT": str(probe_out), "GOLINT_AI_PROBE_CONTINUE": str(cont), "GOLINT_AI_PROBE_FILE": "leaky.go"}
    cs_log = open(tmp_path / "code-server.log", "w")
    cs = driver = None
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        cs = subprocess.Popen(
            base + ["--bind-addr", f"127.0.0.1:{port}", "--auth", "none", "--disable-telemetry", "--disable-update-check",
                    "--disable-workspace-trust", "--disable-getting-started-override", str(ws)],
            env=env, stdout=cs_log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("code-server did not come up: " + (tmp_path / "code-server.log").read_text()[-3000:])
        driver = subprocess.Popen(
            ["node", str(EDITOR / "problems_panel.js"), f"http://127.0.0.1:{port}", str(ws), str(ARTIFACTS), str(cont)],
            env=env | {"NODE_PATH": str(EXT / "node_modules"), "CHROMIUM": chromium},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL, start_new_session=True,
        )
        try:
            driver_out, _ = driver.communicate(timeout=240)
        except subprocess.TimeoutExpired:
            _kill_group(driver)
            driver_out = "driver timed out"
        deadline = time.monotonic() + 60
        probe: dict = {}
        while time.monotonic() < deadline:
            if probe_out.exists():
                probe = json.loads(probe_out.read_text())
                if probe.get("phase") == "done":
                    break
            time.sleep(0.2)
    finally:
        _kill_group(driver)
        _kill_group(cs)
        cs_log.close()
    log = (tmp_path / "code-server.log").read_text()[-4000:]
    # What the real VS Code extension host saw, through the VS Code API:
    assert probe.get("phase") == "done" and "error" not in probe, (probe, driver_out, log)
    [d] = probe["diagnostics"]
    assert (d["source"], d["code"], d["severity"]) == ("golint-ai", "GAI301", "Warning"), probe
    assert d["range"] == [12, 6, 12, 18], probe
    assert d["href"].endswith("/docs/rules/GAI301.md"), probe
    assert d["related"] == [[13, "`c` leaks on this path"]], probe
    assert probe["actions"] == ["Add `defer C.free(unsafe.Pointer(c))` (unsafe fix)", "Ignore GAI301 on this line"], probe
    assert probe["applied"].startswith("Add `defer C.free"), probe
    assert probe["afterFix"] == 0, probe
    assert "\tc := C.CString(s)\n\tdefer C.free(unsafe.Pointer(c))\n" in probe["text"], probe
    # What a person sees: the Problems panel, before and after the fix.
    assert "OK" in driver_out.splitlines(), driver_out
    result = json.loads(next(line[len("RESULT "):] for line in driver_out.splitlines() if line.startswith("RESULT ")))
    assert any("GAI301" in r and "C.CString" in r for r in result["rows"]), result
    assert not any("GAI301" in r for r in result["afterRows"]), result
    shot = ARTIFACTS / "problems_panel.png"
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    print(f"code-server e2e took {time.monotonic() - t0:.1f}s; screenshot: {shot}")
