"""The ``golint-ai`` command line: every flag, format and exit status.

Most tests call :func:`golint_ai.cli.main` in-process (with ``capsys``) on small Go
packages written into ``tmp_path``; a few run the real entry points in a subprocess
(``python -m golint_ai`` and the ``golint-ai`` console script next to the interpreter).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import golint_ai
from golint_ai.output.github import escape_data, escape_property

from cli_helpers import cli_env, write, run, run_json  # noqa: F401  (cli_env: autouse)

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "tests" / "go_samples"
SCRIPT = Path(sys.executable).parent / "golint-ai"

ANSI = re.compile(r"\x1b\[[0-9;]*m")
JSON_KEYS = [
    "code", "name", "level", "message", "path", "line", "column",
    "end_line", "end_column", "related", "fix", "suppressed", "fingerprint",
]
POS_KEYS = ["path", "line", "column", "end_line", "end_column"]

PREAMBLE = '/*\n#include <stdlib.h>\n*/\nimport "C"\n'

# Line 9 holds the acquisition, `c := C.CString(s)`, columns 7..19 (end exclusive).
LEAK = f"""package p

{PREAMBLE}
func f(s string) {{
	c := C.CString(s)
	_ = c
}}
"""
LEAK_LINE = 9

CLEAN = """package p

func g() int {
	return 1
}
"""


def leak_with(line: str, above: str | None = None, package: str = "p") -> str:
    """A leaking package whose acquisition line is ``line`` (with an optional line above)."""
    extra = f"\t{above}\n" if above is not None else ""
    return f"package {package}\n\n{PREAMBLE}\nfunc f(s string) {{\n{extra}\t{line}\n\t_ = c\n}}\n"


def subprocess_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "GOLINT_AI_DEBUG")}
    env.update(extra)
    return env


def run_module(cwd: Path, *argv: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "golint_ai", *argv],
        cwd=cwd, capture_output=True, text=True, timeout=60, env=subprocess_env(**env),
    )


def run_script(cwd: Path, *argv: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), *argv], cwd=cwd, capture_output=True, text=True, timeout=60, env=subprocess_env(**env),
    )


def assert_usage_error(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    assert "Traceback" not in err
    errors = [ln for ln in err.splitlines() if ln.startswith("golint-ai: error:")]
    assert len(errors) == 1, err
    for needle in needles:
        assert needle in errors[0], err


@pytest.fixture
def leak(tmp_path) -> Path:
    write(tmp_path, "p/a.go", LEAK)
    return tmp_path / "p"


@pytest.fixture
def clean(tmp_path) -> Path:
    write(tmp_path, "q/a.go", CLEAN)
    return tmp_path / "q"


# -- exit status ----------------------------------------------------------------------


def test_exit_0_on_clean_package(capsys, clean):
    code, out, err = run(capsys, "check", "q")
    assert code == 0
    assert "All checks passed: 1 file checked." in out
    assert err == ""


def test_exit_1_on_findings(capsys, leak):
    code, out, err = run(capsys, "check", "p")
    assert code == 1
    assert "GAI301" in out
    assert "Found 1 finding in 1 file." in out


def test_default_path_is_current_directory(capsys, leak, monkeypatch):
    monkeypatch.chdir(leak)
    code, items, _ = run_json(capsys, "check")
    assert code == 1
    assert [(i["path"], i["line"]) for i in items] == [("a.go", LEAK_LINE)]


def test_exit_zero_flag(capsys, leak):
    code, out, _ = run(capsys, "check", "p", "--exit-zero")
    assert code == 0
    assert "GAI301" in out  # still reported


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["check", "p", "--bogus"], "unrecognized arguments: --bogus"),
        (["check", "p", "--format", "xml"], "invalid choice: 'xml'"),
        (["check", "p", "--jobs", "0"], "--jobs must be at least 1"),
        (["check", "p", "--jobs", "-3"], "--jobs must be at least 1"),
        (["check", "p", "--jobs", "two"], "--jobs"),
        (["check", "p", "--unsafe-fixes"], "--unsafe-fixes goes with --fix or --diff"),
        (["check", "p", "--fix", "--diff"], "--fix and --diff exclude each other"),
        (["check", "p", "--color", "--no-color"], "not allowed with argument"),
        (["rules", "--format", "sarif"], "invalid choice"),
        (["rule"], "CODE"),
        (["frobnicate"], "invalid choice"),
    ],
    ids=["unknown-option", "bad-format", "jobs-0", "jobs-negative", "jobs-not-int", "unsafe-alone",
         "fix-and-diff", "color-and-no-color", "rules-bad-format", "rule-no-code", "unknown-command"],
)
def test_usage_errors_exit_2(capsys, leak, argv, needle):
    code, out, err = run(capsys, *argv)
    assert_usage_error(code, err, needle)
    assert "GAI301" not in out  # nothing analysed


def test_no_command_prints_help_and_exits_2(capsys):
    code, out, err = run(capsys)
    assert code == 2
    assert "usage: golint-ai" in out + err
    assert "Traceback" not in err


def test_nonexistent_path_exits_2(capsys, tmp_path):
    code, out, err = run(capsys, "check", "nope", "--format", "json")
    assert code == 2
    assert "nope: error: no such file or directory" in err
    assert "Traceback" not in err
    report = json.loads(out)
    assert report["findings"] == []
    assert [(n["path"], n["level"], n["kind"]) for n in report["notifications"]] == [("nope", "error", "input")]


def test_nonexistent_path_beside_real_one_still_exits_2(capsys, leak):
    code, items, err = run_json(capsys, "check", "p", "missing.go")
    assert code == 2
    assert "missing.go: error: no such file or directory" in err
    assert [i["path"] for i in items] == ["p/a.go"]  # the real path is still analysed


def test_suppressed_findings_do_not_count_for_exit_status(capsys, tmp_path):
    write(tmp_path, "s/a.go", leak_with("c := C.CString(s) //golint-ai:ignore GAI301 kept forever"))
    code, out, _ = run(capsys, "check", "s")
    assert code == 0
    assert "All checks passed (1 suppressed): 1 file checked." in out


# -- version and entry points -----------------------------------------------------------


def test_version_in_process(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"golint-ai {golint_ai.__version__}"


def test_python_dash_m_version(tmp_path):
    proc = run_module(tmp_path, "--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"golint-ai {golint_ai.__version__}"


def test_console_script_version(tmp_path):
    assert SCRIPT.exists(), f"console script missing at {SCRIPT}"
    proc = run_script(tmp_path, "--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"golint-ai {golint_ai.__version__}"


def test_python_dash_m_check_exit_codes(tmp_path):
    write(tmp_path, "p/a.go", LEAK)
    write(tmp_path, "q/a.go", CLEAN)
    bad = run_module(tmp_path, "check", "p", "--format", "json")
    assert bad.returncode == 1, bad.stderr
    assert [i["line"] for i in json.loads(bad.stdout)["findings"]] == [LEAK_LINE]
    good = run_module(tmp_path, "check", "q")
    assert good.returncode == 0, good.stderr
    usage = run_module(tmp_path, "check", "q", "--format", "nope")
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr


@pytest.mark.parametrize("entry", [run_module, run_script], ids=["python -m", "console script"])
def test_entry_points_end_with_every_report_written(capsys, tmp_path, entry):
    # The entry points end the process without tearing the interpreter down: what they
    # wrote to a pipe and to --output files must be whole, their statuses main's own.
    code, out, _ = run(capsys, "check", str(SAMPLES), "--format", "json", "--no-cache")
    sarif = tmp_path / "out.sarif"
    proc = entry(tmp_path, "check", str(SAMPLES), "--format", "json", "--format", "sarif", "--output", f"sarif={sarif}", "--no-cache")
    assert proc.returncode == code == 1, proc.stderr
    assert len(out) > 100_000 and proc.stdout == out
    assert len(json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]) == len(json.loads(out)["findings"])
    assert entry(tmp_path, "check", str(SAMPLES / "GAI101" / "awaited"), "--select", "GAI999").returncode == 2


def test_console_script_check_text_has_no_ansi_when_piped(tmp_path):
    write(tmp_path, "p/a.go", LEAK)
    proc = run_script(tmp_path, "check", "p")
    assert proc.returncode == 1, proc.stderr
    assert f"p/a.go:{LEAK_LINE}:7: GAI301 " in proc.stdout
    assert not ANSI.search(proc.stdout)


def test_console_script_force_color(tmp_path):
    write(tmp_path, "p/a.go", LEAK)
    proc = run_script(tmp_path, "check", "p", FORCE_COLOR="1")
    assert proc.returncode == 1
    assert ANSI.search(proc.stdout)
    proc = run_script(tmp_path, "check", "p", FORCE_COLOR="1", NO_COLOR="1")
    assert not ANSI.search(proc.stdout)


def test_console_script_unknown_selector_one_line_error(tmp_path):
    write(tmp_path, "p/a.go", LEAK)
    proc = run_script(tmp_path, "check", "p", "--select", "GAI999")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip().count("\n") == 0, proc.stderr
    assert proc.stderr.startswith("golint-ai: error: --select: unknown rule selector `GAI999`")


# -- --select / --ignore ----------------------------------------------------------------


@pytest.mark.parametrize(
    "flags, expected",
    [
        ([], 1),
        (["--select", "GAI301"], 1),
        (["--select", "GAI3"], 1),
        (["--select", "GAI"], 1),
        (["--select", "ALL"], 1),
        (["--select", "gai3"], 1),
        (["--select", "GAI301,GAI3"], 1),
        (["--ignore", "GAI301"], 0),
        (["--ignore", "GAI3"], 0),
        (["--ignore", "ALL"], 0),
        (["--select", "ALL", "--ignore", "GAI30"], 0),
        (["--select", "GAI301", "--ignore", "GAI301"], 0),
    ],
)
def test_select_and_ignore(capsys, leak, flags, expected):
    code, items, err = run_json(capsys, "check", "p", *flags)
    assert code == expected, err
    assert len(items) == expected


@pytest.mark.parametrize(
    "flags, bad",
    [
        (["--select", "GAI999"], "GAI999"),
        (["--select", "GAI301,GAI9"], "GAI9"),
        (["--ignore", "GAI7"], "GAI7"),
        (["--select", "FOO"], "FOO"),
        (["--ignore", "E501"], "E501"),
    ],
)
def test_unknown_selector_is_usage_error(capsys, leak, flags, bad):
    code, out, err = run(capsys, "check", "p", *flags)
    assert_usage_error(code, err, f"unknown rule selector `{bad}`")
    assert err.count("\n") == 1  # exactly one line
    assert out == ""


# -- --exclude --------------------------------------------------------------------------


def test_exclude_glob(capsys, tmp_path):
    write(tmp_path, "root/a.go", leak_with("c := C.CString(s)"))
    write(tmp_path, "root/gen/b.go", leak_with("c := C.CString(s)", package="gen"))
    write(tmp_path, "root/x_mock.go", leak_with("c := C.CString(s)"))
    code, items, _ = run_json(capsys, "check", "root")
    assert code == 1
    assert [i["path"] for i in items] == ["root/a.go", "root/gen/b.go", "root/x_mock.go"]

    code, items, _ = run_json(capsys, "check", "root", "--exclude", "*_mock.go", "--exclude", "root/gen")
    assert code == 1
    assert [i["path"] for i in items] == ["root/a.go"]

    code, items, _ = run_json(capsys, "check", "root", "--exclude", "*.go")
    assert code == 0
    assert items == []


def test_exclude_applies_to_explicit_files(capsys, leak):
    code, items, _ = run_json(capsys, "check", "p/a.go", "--exclude", "a.go")
    assert code == 0
    assert items == []


# -- --config and configuration files -----------------------------------------------------


def test_config_file_valid(capsys, leak, tmp_path):
    write(tmp_path, "cfg/lint.toml", 'ignore = ["GAI301"]\n')
    code, items, err = run_json(capsys, "check", "p", "--config", "cfg/lint.toml")
    assert code == 0, err
    assert items == []


def test_config_file_missing(capsys, leak):
    code, out, err = run(capsys, "check", "p", "--config", "nowhere.toml")
    assert_usage_error(code, err, "nowhere.toml", "not found")
    assert out == ""


@pytest.mark.parametrize(
    "toml, needle",
    [
        ("bogus = 1\n", "unknown key `bogus`"),
        ('large-buffer-bytes = "big"\n', "large-buffer-bytes"),
        ("large-buffer-bytes = 0\n", "large-buffer-bytes"),
        ("large-buffer-bytes = -5\n", "large-buffer-bytes"),
        ("large-buffer-bytes = true\n", "large-buffer-bytes"),
        ("large-buffer-bytes = 1.5\n", "large-buffer-bytes"),
        ('severity = {GAI301 = "fatal"}\n', "severity"),
        ('severity = "error"\n', "severity"),
        ("severity = {GAI301 = 1}\n", "severity"),
        ('severity = {GAI999 = "error"}\n', "GAI999"),
        ('resources = {extra = "mylib_open"}\n', "resources.extra"),
        ("resources = {extra = [1]}\n", "resources.extra[0]"),
        ('resources = {extra = [{acquire = 1, release = "x"}]}\n', "acquire"),
        ('resources = {extra = [{acquire = "a"}]}\n', "release"),
        ('resources = {extra = [{acquire = "a", release = "b", colour = "red"}]}\n', "colour"),
        ('resources = {bogus = []}\n', "resources"),
        ('select = ["GAI999"]\n', "GAI999"),
        ("select = [1]\n", "select"),
        ("exclude = 3\n", "exclude"),
        ("tensor-types = 5\n", "tensor-types"),
        ("x = [\n", "invalid TOML"),
        ("[[[\n", "invalid TOML"),
    ],
)
def test_config_file_errors(capsys, leak, tmp_path, toml, needle):
    write(tmp_path, "bad.toml", toml)
    code, out, err = run(capsys, "check", "p", "--config", "bad.toml")
    assert_usage_error(code, err, "bad.toml", needle)
    assert err.count("\n") == 1, err
    assert out == ""


def test_config_file_not_utf8(capsys, leak, tmp_path):
    write(tmp_path, "bad.toml", b"\xff\xfeselect = []\n")
    code, _, err = run(capsys, "check", "p", "--config", "bad.toml")
    assert_usage_error(code, err, "bad.toml")


def test_config_discovered_from_pyproject(capsys, tmp_path):
    write(tmp_path, "proj/pyproject.toml", '[project]\nname = "x"\n\n[tool.golint-ai]\nignore = ["GAI301"]\n')
    write(tmp_path, "proj/svc/a.go", LEAK)
    code, items, err = run_json(capsys, "check", "proj/svc")
    assert code == 0, err
    assert items == []


def test_pyproject_without_tool_table_is_skipped(capsys, tmp_path):
    write(tmp_path, "proj/.golint-ai.toml", 'ignore = ["GAI301"]\n')
    write(tmp_path, "proj/svc/pyproject.toml", '[project]\nname = "svc"\n')
    write(tmp_path, "proj/svc/a.go", LEAK)
    code, items, _ = run_json(capsys, "check", "proj/svc")
    assert code == 0
    assert items == []


def test_config_discovered_from_dot_file_nearest_wins(capsys, tmp_path):
    write(tmp_path, "proj/.golint-ai.toml", 'ignore = ["GAI301"]\n')
    write(tmp_path, "proj/quiet/a.go", LEAK)
    write(tmp_path, "proj/loud/.golint-ai.toml", 'select = ["ALL"]\n')
    write(tmp_path, "proj/loud/a.go", LEAK)
    write(tmp_path, "proj/loud/deeper/a.go", LEAK)
    code, items, err = run_json(capsys, "check", "proj")
    assert code == 1, err
    assert [i["path"] for i in items] == ["proj/loud/a.go", "proj/loud/deeper/a.go"]


def test_nearest_pyproject_beats_farther_dot_file(capsys, tmp_path):
    write(tmp_path, "proj/.golint-ai.toml", 'select = ["ALL"]\n')
    write(tmp_path, "proj/svc/pyproject.toml", '[tool.golint-ai]\nignore = ["GAI3"]\n')
    write(tmp_path, "proj/svc/a.go", LEAK)
    code, items, _ = run_json(capsys, "check", "proj/svc/a.go")
    assert code == 0
    assert items == []


def test_config_found_upward_from_explicit_file(capsys, tmp_path):
    write(tmp_path, "proj/.golint-ai.toml", 'severity = {GAI301 = "note"}\n')
    write(tmp_path, "proj/a/b/c.go", LEAK)
    code, items, _ = run_json(capsys, "check", "proj/a/b/c.go")
    assert code == 1
    assert [i["level"] for i in items] == ["note"]


def test_explicit_config_overrides_discovery(capsys, tmp_path):
    write(tmp_path, "proj/.golint-ai.toml", 'ignore = ["GAI301"]\n')
    write(tmp_path, "proj/a.go", LEAK)
    write(tmp_path, "other.toml", 'select = ["ALL"]\n')
    code, items, _ = run_json(capsys, "check", "proj", "--config", "other.toml")
    assert code == 1
    assert len(items) == 1


def test_invalid_discovered_config_is_usage_error(capsys, tmp_path):
    write(tmp_path, "proj/.golint-ai.toml", "colour = 'red'\n")
    write(tmp_path, "proj/a.go", LEAK)
    code, _, err = run(capsys, "check", "proj")
    assert_usage_error(code, err, ".golint-ai.toml", "colour")


def test_invalid_config_in_a_subdirectory_is_usage_error(capsys, tmp_path):
    write(tmp_path, "proj/a.go", CLEAN)
    write(tmp_path, "proj/sub/.golint-ai.toml", "large-buffer-bytes = 'x'\n")
    write(tmp_path, "proj/sub/a.go", LEAK)
    code, _, err = run(capsys, "check", "proj")
    assert_usage_error(code, err, "large-buffer-bytes")


def test_cli_select_overrides_config_select(capsys, tmp_path):
    write(tmp_path, "proj/.golint-ai.toml", 'select = ["GAI3"]\nignore = []\n')
    write(tmp_path, "proj/a.go", LEAK)
    code, items, _ = run_json(capsys, "check", "proj", "--ignore", "GAI301")
    assert code == 0
    assert items == []


@pytest.mark.parametrize("level", ["error", "warning", "note"])
def test_severity_changes_level(capsys, tmp_path, level):
    write(tmp_path, "proj/.golint-ai.toml", f'severity = {{GAI301 = "{level}"}}\n')
    write(tmp_path, "proj/a.go", LEAK)
    code, items, _ = run_json(capsys, "check", "proj")
    assert code == 1
    assert [i["level"] for i in items] == [level]
    code, out, _ = run(capsys, "check", "proj", "--format", "github")
    command = {"error": "error", "warning": "warning", "note": "notice"}[level]
    assert out.startswith(f"::{command} file=proj/a.go,")


def test_default_level_is_warning(capsys, leak):
    _, items, _ = run_json(capsys, "check", "p")
    assert [i["level"] for i in items] == ["warning"]


USER_API = f"""package u

/*
typedef struct thing thing;
static thing* grab_thing(int n) {{ return 0; }}
static int thing_size(thing* t) {{ return 0; }}
static void drop_thing(thing* t) {{}}
*/
import "C"

func size(n int) int {{
	t := C.grab_thing(C.int(n))
	return int(C.thing_size(t))
}}

func balanced(n int) int {{
	t := C.grab_thing(C.int(n))
	defer C.drop_thing(t)
	return int(C.thing_size(t))
}}
"""


def test_resources_extra_user_pair(capsys, tmp_path):
    write(tmp_path, "u/a.go", USER_API)
    code, items, _ = run_json(capsys, "check", "u")
    assert code == 0, "grab_thing has no create verb: not an acquisition without configuration"
    assert items == []
    write(tmp_path, "u/.golint-ai.toml", '[resources]\nextra = [{acquire = "grab_thing", release = "drop_thing"}]\n')
    code, items, _ = run_json(capsys, "check", "u")
    assert code == 1
    assert [(i["line"], i["column"]) for i in items] == [(12, 7)]
    assert "C.grab_thing" in items[0]["message"]
    assert "C.drop_thing(t)" in items[0]["message"]


def test_resources_extra_glob_and_go_binding(capsys, tmp_path):
    write(tmp_path, "g/a.go", 'package g\n\nimport "example.com/gpu"\n\nfunc f() int {\n\tb := gpu.NewBufferF32(10)\n\treturn b.Len()\n}\n')
    write(tmp_path, "g.toml", '[resources]\nextra = [{package = "example.com/gpu", acquire = ["NewBuffer*"], release-method = "Free"}]\n')
    code, items, _ = run_json(capsys, "check", "g")
    assert (code, items) == (0, [])
    code, items, _ = run_json(capsys, "check", "g", "--config", "g.toml")
    assert code == 1
    assert len(items) == 1 and "b.Free()" in items[0]["message"]


# -- --output -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_output_file(capsys, leak, tmp_path, fmt):
    code, out, _ = run(capsys, "check", "p", "--format", fmt, "--output", "report.out")
    assert code == 1
    assert out == ""
    report = (tmp_path / "report.out").read_text("utf-8")
    assert "GAI301" in report
    if fmt in ("json", "sarif"):
        json.loads(report)


def test_output_short_flag_and_no_color_in_file(capsys, leak, tmp_path, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    code, out, _ = run(capsys, "check", "p", "-o", "report.txt")
    assert code == 1
    assert out == ""
    report = (tmp_path / "report.txt").read_text("utf-8")
    assert f"p/a.go:{LEAK_LINE}:7: GAI301" in report
    assert not ANSI.search(report)


def test_output_to_unwritable_place_is_usage_error(capsys, leak):
    code, _, err = run(capsys, "check", "p", "--output", "no/such/dir/report.json")
    assert_usage_error(code, err, "cannot write")


# -- text format ----------------------------------------------------------------------------


def test_text_format_shape(capsys, leak):
    code, out, err = run(capsys, "check", "p")
    assert code == 1
    lines = out.splitlines()
    assert re.fullmatch(
        rf"p/a\.go:{LEAK_LINE}:7: GAI301 `c` from C\.CString \(line {LEAK_LINE}\) is not released .*; call C\.free\(unsafe\.Pointer\(c\)\)",
        lines[0],
    ), lines[0]
    src, caret = lines[1], lines[2]
    assert src.startswith(f"{LEAK_LINE} | ")
    assert src.endswith("c := C.CString(s)")
    assert caret.strip().startswith("|")
    # The caret sits under `C.CString(s)` and spans it exactly.
    start = src.index("C.CString(s)")
    assert caret.index("^") == start
    assert caret.rstrip().endswith("^")
    assert caret.count("^") == len("C.CString(s)")
    assert any(ln.strip().startswith("= p/a.go:11:1:") for ln in lines)
    assert any("help: Add `defer C.free(unsafe.Pointer(c))` (unsafe fix" in ln for ln in lines)
    assert "Found 1 finding in 1 file." in lines
    assert not ANSI.search(out)
    assert not ANSI.search(err)


def test_text_no_source(capsys, leak):
    code, out, _ = run(capsys, "check", "p", "--no-source")
    assert code == 1
    assert "^" not in out
    assert " | " not in out
    assert out.splitlines()[0].startswith(f"p/a.go:{LEAK_LINE}:7: GAI301 ")


def test_text_color_flag(capsys, leak):
    code, out, _ = run(capsys, "check", "p", "--color")
    assert code == 1
    assert ANSI.search(out)
    assert "GAI301" in ANSI.sub("", out)
    # Without escapes, the coloured report reads exactly like the plain one.
    _, plain, _ = run(capsys, "check", "p")
    assert ANSI.sub("", out) == plain


def test_text_force_color_env(capsys, leak, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, out, _ = run(capsys, "check", "p")
    assert ANSI.search(out)
    _, out, _ = run(capsys, "check", "p", "--no-color")
    assert not ANSI.search(out)


def test_text_no_color_env_beats_force_color(capsys, leak, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    _, out, _ = run(capsys, "check", "p")
    assert not ANSI.search(out)


def test_text_tabs_and_caret_alignment_after_unicode(capsys, tmp_path):
    line = '/* ü, 日本 */ c := C.CString(s)'
    write(tmp_path, "p/a.go", leak_with(line))
    _, out, _ = run(capsys, "check", "p")
    first, src, caret = out.splitlines()[:3]
    col = ("\t" + line).index("C.CString") + 1
    assert first.startswith(f"p/a.go:{LEAK_LINE}:{col}: GAI301")
    assert "\t" not in src
    assert caret.index("^") == src.index("C.CString")


def test_paths_shown_relative_to_cwd_or_absolute(capsys, tmp_path, monkeypatch):
    write(tmp_path, "p/a.go", LEAK)
    _, items, _ = run_json(capsys, "check", str(tmp_path / "p"))
    assert items[0]["path"] == "p/a.go"  # absolute argument below cwd: relative
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    _, items, _ = run_json(capsys, "check", "../p")
    assert items[0]["path"] == (tmp_path / "p" / "a.go").as_posix()  # outside cwd: absolute


# -- json format ----------------------------------------------------------------------------


def test_json_keys_exactly(capsys, leak):
    code, items, _ = run_json(capsys, "check", "p")
    assert code == 1
    assert isinstance(items, list) and len(items) == 1
    item = items[0]
    assert list(item) == JSON_KEYS
    assert item["code"] == "GAI301"
    assert item["name"] == "native-resource-leak"
    assert item["level"] == "warning"
    assert (item["path"], item["line"], item["column"], item["end_line"], item["end_column"]) == ("p/a.go", LEAK_LINE, 7, LEAK_LINE, 19)
    assert item["suppressed"] is False
    assert re.fullmatch(r"[0-9a-f]{32}", item["fingerprint"])
    assert [list(r) for r in item["related"]] == [POS_KEYS + ["message"]]
    assert item["related"][0]["line"] == 11
    fix = item["fix"]
    assert list(fix) == ["title", "applicability", "edits"]
    assert fix["applicability"] == "unsafe"
    # The brief's package imports only "C": the fix adds `import "unsafe"` and the defer.
    assert [list(e) for e in fix["edits"]] == [POS_KEYS + ["text"]] * 2
    assert fix["edits"][0]["text"].strip() == 'import "unsafe"'
    assert "defer C.free(unsafe.Pointer(c))" in fix["edits"][1]["text"]


def test_json_clean_has_no_findings_and_no_notifications(capsys, clean):
    code, out, err = run(capsys, "check", "q", "--format", "json")
    assert code == 0
    assert json.loads(out) == {"findings": [], "notifications": []}
    assert err == ""


def test_json_columns_count_code_points(capsys, tmp_path):
    line = '/* é, ü */ c := C.CString("日本" + s)'
    write(tmp_path, "p/a.go", leak_with(line))
    _, items, _ = run_json(capsys, "check", "p")
    start = ("\t" + line).index("C.CString") + 1
    call = 'C.CString("日本" + s)'
    assert [(i["column"], i["end_column"]) for i in items] == [(start, start + len(call))]
    assert start != len(("\t" + line)[: start - 1].encode("utf-8")) + 1  # bytes would differ


MULTI = f"""package m

{PREAMBLE}
func one(s string) {{
	c := C.CString(s)
	_ = c
}}

func two(s string) {{
	a := C.CString(s); b := C.CString(s)
	_, _ = a, b
}}
"""


def _multi_tree(root: Path) -> None:
    for rel in ("z/m.go", "a/m.go", "a/b.go", "m/z.go", "m/a/x.go"):
        write(root, "tree/" + rel, MULTI)


def test_json_sorted_and_stable(capsys, tmp_path):
    _multi_tree(tmp_path)
    code, out1, _ = run(capsys, "check", "tree", "--format", "json")
    _, out2, _ = run(capsys, "check", "tree", "--format", "json")
    assert code == 1
    assert out1 == out2
    items = json.loads(out1)["findings"]
    keys = [(i["path"], i["line"], i["column"], i["code"]) for i in items]
    assert keys == sorted(keys)
    assert len(items) == 5 * 3
    assert len({i["fingerprint"] for i in items}) == len(items)
    assert [(i["line"], i["column"]) for i in items[:3]] == [(9, 7), (14, 7), (14, 26)]


def test_order_independent_of_argument_order(capsys, tmp_path):
    _multi_tree(tmp_path)
    _, a, _ = run(capsys, "check", "tree/z", "tree/a", "tree/m", "--format", "json")
    _, b, _ = run(capsys, "check", "tree/m", "tree/a", "tree/z", "--format", "json")
    assert a == b


def test_text_order_matches_json_order(capsys, tmp_path):
    _multi_tree(tmp_path)
    _, items, _ = run_json(capsys, "check", "tree")
    _, out, _ = run(capsys, "check", "tree", "--no-source")
    heads = [ln.split(" GAI301 ")[0] for ln in out.splitlines() if " GAI301 " in ln]
    assert heads == [f"{i['path']}:{i['line']}:{i['column']}:" for i in items]


def test_fingerprint_survives_lines_inserted_above(capsys, tmp_path):
    write(tmp_path, "p/a.go", LEAK)
    _, before, _ = run_json(capsys, "check", "p")
    write(tmp_path, "p/a.go", LEAK.replace("func f(", "// a comment\n\n// another\nfunc f("))
    _, after, _ = run_json(capsys, "check", "p")
    assert after[0]["line"] == before[0]["line"] + 3
    assert after[0]["fingerprint"] == before[0]["fingerprint"]


def test_jobs_one_and_default_identical_on_go_samples(capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    code1, out1, err1 = run(capsys, "check", "tests/go_samples", "--format", "json", "--jobs", "1")
    code2, out2, err2 = run(capsys, "check", "tests/go_samples", "--format", "json")
    code3, out3, _ = run(capsys, "check", "tests/go_samples", "--format", "json", "-j", "3")
    assert code1 == code2 == code3 == 1
    assert out1 == out2 == out3
    assert err1 == err2
    items = json.loads(out1)["findings"]
    assert len(items) > 10
    keys = [(i["path"], i["line"], i["column"], i["code"]) for i in items]
    assert keys == sorted(keys)
    assert all(i["path"].startswith("tests/go_samples/") for i in items)
    assert not any(i["path"].endswith("zz_generated.go") for i in items)


# -- github format --------------------------------------------------------------------------


def test_github_format_line(capsys, leak):
    code, out, _ = run(capsys, "check", "p", "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 1
    m = re.fullmatch(
        rf"::warning file=p/a\.go,line={LEAK_LINE},col=7,endLine={LEAK_LINE},endColumn=19,"
        r"title=GAI301 native-resource-leak::(.*)",
        lines[0],
    )
    assert m, lines[0]
    assert m.group(1).startswith("`c` from C.CString")


def test_github_escapes_path_properties(capsys, tmp_path):
    write(tmp_path, "we,ird:100%/a.go", LEAK)
    code, out, _ = run(capsys, "check", "we,ird:100%", "--format", "github")
    assert code == 1
    assert out.startswith("::warning file=we%2Cird%3A100%25/a.go,line=9,")


def test_github_notifications_are_annotations(capsys, tmp_path):
    write(tmp_path, "e/a.go", "")
    code, out, err = run(capsys, "check", "e", "--format", "github")
    assert code == 0
    assert out.splitlines() == ["::notice file=e/a.go,title=golint-ai::empty file; nothing to analyse"]


def test_github_leaves_out_suppressed(capsys, tmp_path):
    write(tmp_path, "s/a.go", leak_with("c := C.CString(s) //nolint"))
    code, out, _ = run(capsys, "check", "s", "--format", "github", "--include-suppressed")
    assert code == 0
    assert out == ""


@pytest.mark.parametrize(
    "raw, data, prop",
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("a\nb", "a%0Ab", "a%0Ab"),
        ("x: y, z", "x: y, z", "x%3A y%2C z"),
        ("%0A", "%250A", "%250A"),
        ("C:\\go,1%\n", "C:\\go,1%25%0A", "C%3A\\go%2C1%25%0A"),
        ("::error::", "::error::", "%3A%3Aerror%3A%3A"),
    ],
)
def test_github_escape_functions(raw, data, prop):
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


# -- suppression comments -------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, above, suppressed",
    [
        ("c := C.CString(s) //golint-ai:ignore GAI301 why", None, True),
        ("c := C.CString(s)", "//golint-ai:ignore GAI301 why", True),
        ("c := C.CString(s) // golint-ai:ignore GAI301", None, True),
        ("c := C.CString(s) //golint-ai:ignore GAI3 prefix", None, True),
        ("c := C.CString(s) //golint-ai:ignore gai301 lower case", None, True),
        ("c := C.CString(s)", "//golint-ai:ignore GAI101,GAI301 a list", True),
        ("c := C.CString(s) //nolint:golint-ai", None, True),
        ("c := C.CString(s)", "//nolint:golint-ai // reason", True),
        ("c := C.CString(s) //nolint:errcheck,golint-ai", None, True),
        ("c := C.CString(s) //nolint:all", None, True),
        ("c := C.CString(s) //nolint", None, True),
        ("c := C.CString(s)", "//nolint", True),
        ("c := C.CString(s) //nolint:errcheck", None, False),
        ("c := C.CString(s)", "//nolint:errcheck", False),
        ("c := C.CString(s) //golint-ai:ignore GAI101 other code", None, False),
        ("c := C.CString(s)", "//golint-ai:ignore GAI1 other family", False),
    ],
)
def test_suppression_comments(capsys, tmp_path, line, above, suppressed):
    write(tmp_path, "s/a.go", leak_with(line, above))
    code, items, err = run_json(capsys, "check", "s")
    assert code == (0 if suppressed else 1), err
    assert len(items) == (0 if suppressed else 1)
    code, items, _ = run_json(capsys, "check", "s", "--include-suppressed")
    assert code == (0 if suppressed else 1)
    assert [i["suppressed"] for i in items] == [suppressed]


def test_suppression_two_lines_above_does_not_apply(capsys, tmp_path):
    src = f"package p\n\n{PREAMBLE}\nfunc f(s string) {{\n\t//golint-ai:ignore GAI301 too far\n\tx := 1\n\tc := C.CString(s)\n\t_, _ = c, x\n}}\n"
    write(tmp_path, "s/a.go", src)
    code, items, _ = run_json(capsys, "check", "s")
    assert code == 1
    assert [i["line"] for i in items] == [11]


def test_include_suppressed_text_and_json(capsys, tmp_path):
    write(tmp_path, "s/a.go", leak_with("c := C.CString(s) //golint-ai:ignore GAI301 kept for the process"))
    code, out, _ = run(capsys, "check", "s", "--include-suppressed")
    assert code == 0
    assert f"s/a.go:{LEAK_LINE}:7: GAI301 " in out
    assert "(suppressed)" in out
    code, items, _ = run_json(capsys, "check", "s", "--include-suppressed")
    assert code == 0
    assert len(items) == 1 and items[0]["suppressed"] is True
    assert list(items[0]) == JSON_KEYS


def test_malformed_ignore_is_a_notification(capsys, tmp_path):
    write(tmp_path, "s/a.go", leak_with("c := C.CString(s)", "//golint-ai:ignore because I say so"))
    code, items, err = run_json(capsys, "check", "s")
    assert code == 1  # the malformed directive suppresses nothing
    assert len(items) == 1 and items[0]["line"] == LEAK_LINE + 1
    assert all(i["code"] == "GAI301" for i in items)
    assert "s/a.go:9: warning: `//golint-ai:ignore` needs one or more rule codes" in err
    assert "Traceback" not in err


def test_malformed_ignore_alone_is_not_a_finding(capsys, tmp_path):
    src = f"package p\n\n{PREAMBLE}\nimport \"unsafe\"\n\nfunc f(s string) {{\n\tc := C.CString(s) //golint-ai:ignore\n\tdefer C.free(unsafe.Pointer(c))\n}}\n"
    write(tmp_path, "s/a.go", src)
    code, items, err = run_json(capsys, "check", "s")
    assert code == 0, items
    assert items == []
    assert "s/a.go:11: warning: `//golint-ai:ignore` needs one or more rule codes" in err


PARALLEL = f"""package p

{PREAMBLE}
func single(s string) {{
	c := C.CString(s)
	_ = c
}}

func parallel(s string) {{
	x, c := 1, C.CString(s)
	_, _ = x, c
}}

func pair(s string) {{
	a, b := C.CString(s), C.CString(s)
	_, _ = a, b
}}

func varSpec(s string) {{
	var n, c = 2, C.CString(s)
	_, _ = n, c
}}
"""


def test_parallel_assignment_acquisitions_are_reported(capsys, tmp_path):
    """Found while writing these tests: an acquisition in a parallel assignment
    (`x, c := 1, C.CString(s)`) leaks just like `c := C.CString(s)`."""
    write(tmp_path, "p/a.go", PARALLEL)
    code, items, _ = run_json(capsys, "check", "p")
    assert code == 1
    got = [(i["line"], i["column"], i["message"].split("`")[1]) for i in items]
    assert got == [
        (9, 7, "c"), (14, 13, "c"), (19, 10, "a"), (19, 24, "b"), (24, 16, "c"),
    ]


# -- individual files -----------------------------------------------------------------------


def test_given_file_reports_only_that_file(capsys, tmp_path):
    write(tmp_path, "pkg/a.go", CLEAN.replace("package p", "package p\n\n// a.go"))
    write(tmp_path, "pkg/b.go", LEAK)
    code, items, _ = run_json(capsys, "check", "pkg/a.go")
    assert code == 0
    assert items == []
    code, items, _ = run_json(capsys, "check", "pkg/b.go")
    assert code == 1
    assert [i["path"] for i in items] == ["pkg/b.go"]
    code, items, _ = run_json(capsys, "check", "pkg/a.go", "pkg/b.go")
    assert [i["path"] for i in items] == ["pkg/b.go"]


FIELD_A = f"""package p

{PREAMBLE}
import "unsafe"

type Engine struct {{
	scratch unsafe.Pointer
}}

func NewEngine(n int) *Engine {{
	e := &Engine{{}}
	e.scratch = C.malloc(C.size_t(n))
	return e
}}
"""

FIELD_B = f"""package p

{PREAMBLE}
func (e *Engine) Close() {{
	C.free(e.scratch)
}}
"""


def test_given_file_sees_cross_file_release(capsys, tmp_path):
    write(tmp_path, "pkg/a.go", FIELD_A)
    # Alone, the field store is a finding ...
    code, items, _ = run_json(capsys, "check", "pkg/a.go")
    assert code == 1
    assert [(i["path"], i["line"]) for i in items] == [("pkg/a.go", 16)]
    assert "nothing in the package releases `scratch`" in items[0]["message"]
    # ... but a Close method in a sibling file releases the field.
    write(tmp_path, "pkg/b.go", FIELD_B)
    code, items, _ = run_json(capsys, "check", "pkg/a.go")
    assert code == 0
    assert items == []


def test_given_file_ignores_sibling_of_other_directory(capsys, tmp_path):
    write(tmp_path, "pkg/a.go", FIELD_A)
    write(tmp_path, "other/b.go", FIELD_B)  # another directory: not the same package
    code, items, _ = run_json(capsys, "check", "pkg/a.go")
    assert code == 1
    assert len(items) == 1


PUMP = """package p

// Pump moves jobs until Close; the doc comment says go and ago too.
type Pump struct {
	jobs chan int
	quit chan struct{}
}

func (p *Pump) Start() {
	go p.loop()
}

func (p *Pump) loop() {
	for {
		select {
		case <-p.jobs:
		case <-p.quit:
			return
		}
	}
}

func (p *Pump) Close() { close(p.quit) }

func NewPump() *Pump {
	return &Pump{jobs: make(chan int), quit: make(chan struct{})}
}
"""

USES_PUMP = """package p

func use() {
	p := NewPump()
	p.Start()
}

func stopped() {
	p := NewPump()
	p.Start()
	defer p.Close()
}
"""


@pytest.mark.parametrize("extra", ["", "\n/*\nfunc (p *Pump) Start() {\n\tgo p.loop()\n}\nfunc old() {}\n*/\n"])
def test_given_file_sees_a_lifecycle_type_of_a_sibling(capsys, tmp_path, extra):
    """A sibling read only for the package is parsed just around its `go` statements:
    the lifecycle type it declares is found as in a check of the whole package (also
    when a commented-out block looks like declarations)."""
    write(tmp_path, "pkg/pump.go", PUMP + extra)
    write(tmp_path, "pkg/use.go", USES_PUMP)
    _, alone, _ = run_json(capsys, "check", "pkg/use.go", "--no-cache")
    _, whole, _ = run_json(capsys, "check", "pkg", "--no-cache")
    assert [(i["code"], i["line"]) for i in alone] == [("GAI104", 5)]
    assert alone == [i for i in whole if i["path"] == "pkg/use.go"]


def test_given_file_and_its_directory(capsys, tmp_path):
    write(tmp_path, "pkg/a.go", LEAK)
    write(tmp_path, "pkg/b.go", LEAK.replace("func f(", "func g("))
    code, items, _ = run_json(capsys, "check", "pkg/a.go", "pkg")
    assert code == 1
    assert [i["path"] for i in items] == ["pkg/a.go", "pkg/b.go"]


def test_given_generated_file_is_not_reported(capsys, tmp_path):
    write(tmp_path, "pkg/zz_gen.go", "// Code generated by x. DO NOT EDIT.\n\n" + LEAK)
    code, items, _ = run_json(capsys, "check", "pkg/zz_gen.go")
    assert code == 0
    assert items == []


# -- fixes ----------------------------------------------------------------------------------


def test_fix_without_unsafe_changes_nothing(capsys, leak):
    before = (leak / "a.go").read_bytes()
    code, out, err = run(capsys, "check", "p", "--fix")
    assert code == 1
    assert (leak / "a.go").read_bytes() == before
    assert "Fixed" not in err
    assert "GAI301" in out


def test_fix_unsafe_inserts_defer_and_rerun_is_clean(capsys, leak):
    code, out, err = run(capsys, "check", "p", "--fix", "--unsafe-fixes")
    assert code == 0, out + err
    assert "Fixed 1 finding in 1 file." in err
    text = (leak / "a.go").read_text("utf-8")
    lines = text.splitlines()
    i = lines.index("\tc := C.CString(s)")
    assert lines[i + 1] == "\tdefer C.free(unsafe.Pointer(c))"
    assert text.count("defer C.free") == 1
    code, items, _ = run_json(capsys, "check", "p")
    assert (code, items) == (0, [])
    # A second --fix run has nothing left to do.
    code, _, err = run(capsys, "check", "p", "--fix", "--unsafe-fixes")
    assert code == 0
    assert "Fixed" not in err
    assert (leak / "a.go").read_text("utf-8") == text


def test_fix_unsafe_result_imports_unsafe(capsys, leak):
    """The inserted `defer C.free(unsafe.Pointer(c))` must compile: the file has to
    import "unsafe" afterwards (it did not before)."""
    code, _, _ = run(capsys, "check", "p", "--fix", "--unsafe-fixes")
    text = (leak / "a.go").read_text("utf-8")
    assert "unsafe.Pointer(c)" in text
    assert re.search(r'^import\s+(\(\s*[^)]*)?"unsafe"', text, re.M), text


def test_fix_keeps_file_intact_when_already_importing_unsafe(capsys, tmp_path):
    src = LEAK.replace('import "C"\n', 'import "C"\n\nimport "unsafe"\n\nvar _ unsafe.Pointer\n')
    write(tmp_path, "p/a.go", src)
    code, _, _ = run(capsys, "check", "p", "--fix", "--unsafe-fixes")
    assert code == 0
    text = (tmp_path / "p/a.go").read_text("utf-8")
    assert text == src.replace("\tc := C.CString(s)\n", "\tc := C.CString(s)\n\tdefer C.free(unsafe.Pointer(c))\n")


def test_fix_several_findings_in_several_files(capsys, tmp_path):
    two = LEAK + "\nfunc g(s string) {\n\td := C.CString(s)\n\t_ = d\n}\n"
    write(tmp_path, "p/a.go", two)
    write(tmp_path, "p/b.go", LEAK.replace("func f(", "func h("))
    code, _, err = run(capsys, "check", "p", "--fix", "--unsafe-fixes")
    assert code == 0, err
    assert "Fixed 3 findings in 2 files." in err
    a = (tmp_path / "p/a.go").read_text("utf-8")
    assert "\tc := C.CString(s)\n\tdefer C.free(unsafe.Pointer(c))\n" in a
    assert "\td := C.CString(s)\n\tdefer C.free(unsafe.Pointer(d))\n" in a
    assert "defer C.free(unsafe.Pointer(c))" in (tmp_path / "p/b.go").read_text("utf-8")


def test_fix_keeps_crlf_line_endings(capsys, tmp_path):
    write(tmp_path, "p/a.go", LEAK.replace("\n", "\r\n").encode())
    code, _, _ = run(capsys, "check", "p", "--fix", "--unsafe-fixes")
    assert code == 0
    data = (tmp_path / "p/a.go").read_bytes()
    assert b"defer C.free(unsafe.Pointer(c))" in data
    assert data.count(b"\n") == data.count(b"\r\n"), data  # no bare LF introduced


def test_diff_unsafe_prints_diff_and_does_not_write(capsys, leak):
    before = (leak / "a.go").read_bytes()
    code, out, err = run(capsys, "check", "p", "--diff", "--unsafe-fixes")
    assert code == 1
    assert (leak / "a.go").read_bytes() == before
    lines = out.splitlines()
    assert lines[0] == "--- a/p/a.go"
    assert lines[1] == "+++ b/p/a.go"
    assert lines[2].startswith("@@ ")
    assert "+\tdefer C.free(unsafe.Pointer(c))" in lines
    assert sum(1 for ln in lines if ln.startswith("+") and not ln.startswith("+++")) >= 1
    assert not any(ln.startswith("-") and not ln.startswith("---") for ln in lines)
    assert "Would fix 1 finding." in err


def test_diff_exit_zero(capsys, leak):
    code, out, _ = run(capsys, "check", "p", "--diff", "--unsafe-fixes", "--exit-zero")
    assert code == 0
    assert "+\tdefer C.free" in out


def test_diff_without_unsafe_shows_nothing_and_writes_nothing(capsys, leak):
    before = (leak / "a.go").read_bytes()
    code, out, _ = run(capsys, "check", "p", "--diff")
    assert out == ""
    assert (leak / "a.go").read_bytes() == before


def test_fix_on_clean_package(capsys, clean):
    before = (clean / "a.go").read_bytes()
    code, _, err = run(capsys, "check", "q", "--fix", "--unsafe-fixes")
    assert code == 0
    assert (clean / "a.go").read_bytes() == before
    assert "Fixed" not in err


def test_fix_does_not_touch_suppressed(capsys, tmp_path):
    write(tmp_path, "s/a.go", leak_with("c := C.CString(s) //nolint:golint-ai"))
    before = (tmp_path / "s/a.go").read_bytes()
    code, out, _ = run(capsys, "check", "s", "--diff", "--unsafe-fixes")
    assert code == 0
    assert out == ""
    assert (tmp_path / "s/a.go").read_bytes() == before


# -- sarif (smoke; the SARIF schema tests live in test_sarif_validation.py) -----------------


def test_sarif_category(capsys, leak):
    code, out, _ = run(capsys, "check", "p", "--format", "sarif", "--sarif-category", "golint/svc")
    assert code == 1
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    run0 = log["runs"][0]
    assert run0["automationDetails"]["id"] == "golint/svc/"
    assert [r["ruleId"] for r in run0["results"]] == ["GAI301"]
    assert run0["invocations"][0]["exitCode"] == 1


# -- rules / rule ---------------------------------------------------------------------------


def test_rules_table(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "LEVEL", "FIX", "SUMMARY"]
    row = next(ln for ln in lines if ln.startswith("GAI301"))
    assert row.split()[:4] == ["GAI301", "native-resource-leak", "warning", "yes"]
    assert lines[0].index("NAME") == row.index("native-resource-leak")


def test_rules_json(capsys):
    code, out, _ = run(capsys, "rules", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, list)
    assert [r["code"] for r in data] == sorted(r["code"] for r in data)
    r = next(r for r in data if r["code"] == "GAI301")
    assert r["name"] == "native-resource-leak"
    assert r["level"] == "warning"
    for key in ("summary", "precision", "fix", "since", "tags", "help_uri", "explanation", "source"):
        assert key in r


SECTIONS = ("What it does", "Why is this bad?", "Example", "How to fix")


def test_rule_text(capsys):
    code, out, _ = run(capsys, "rule", "GAI301")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "native-resource-leak (GAI301)"
    for title in SECTIONS:
        assert title in lines, title
    assert [lines.index(t) for t in SECTIONS] == sorted(lines.index(t) for t in SECTIONS)
    assert "```" not in out and "## " not in out  # plain text, not markdown


def test_rule_by_name_equals_by_code(capsys):
    _, by_code, _ = run(capsys, "rule", "GAI301")
    code, by_name, _ = run(capsys, "rule", "native-resource-leak")
    assert code == 0
    assert by_name == by_code


def test_rule_markdown(capsys):
    code, out, _ = run(capsys, "rule", "GAI301", "--format", "markdown")
    assert code == 0
    assert out.startswith("# native-resource-leak (GAI301)\n")
    for title in SECTIONS:
        assert f"## {title}" in out.splitlines()


def test_rule_json(capsys):
    code, out, _ = run(capsys, "rule", "GAI301", "--format", "json")
    assert code == 0
    r = json.loads(out)
    assert r["code"] == "GAI301"
    assert r["name"] == "native-resource-leak"
    source = r["source"]
    path, _, line = source.partition(":")
    assert path == "golint_ai/rules/native_resource_leak.py"
    assert (REPO / path).is_file()
    if line:
        src_lines = (REPO / path).read_text("utf-8").splitlines()
        assert src_lines[int(line) - 1].startswith("class ")
    for title in SECTIONS:
        assert f"## {title}" in r["explanation"]


@pytest.mark.parametrize("name", ["GAI999", "native-leak", "GAI3"])
def test_rule_unknown(capsys, name):
    code, out, err = run(capsys, "rule", name)
    assert_usage_error(code, err, f"unknown rule `{name}`")
    assert out == ""


def test_docs_match_rule_markdown(capsys):
    doc = REPO / "docs" / "rules" / "GAI301.md"
    if not doc.exists():
        pytest.skip("docs/rules/GAI301.md not present")
    _, out, _ = run(capsys, "rule", "GAI301", "--format", "markdown")
    assert doc.read_text("utf-8").strip() == out.strip()


def test_exclude_matches_any_trailing_part_of_the_path(capsys, tmp_path, monkeypatch):
    """`--exclude 'gen/*'` skips gen/ wherever it is, also below an absolute path."""
    from golint_ai.discovery import is_excluded

    monkeypatch.chdir(tmp_path)
    assert is_excluded("svc/gen/x.go", ("gen/*",))
    assert is_excluded(str(tmp_path / "svc" / "gen" / "x.go"), ("gen/*",))
    assert is_excluded("/elsewhere/deep/gen/x.go", ("gen/*",))
    assert is_excluded("svc/gen/x.go", ("./svc/gen",))
    assert not is_excluded("svc/generated/x.go", ("gen/*",))
    assert not is_excluded("svc/x.go", ("gen/*", "*_test.go"))
