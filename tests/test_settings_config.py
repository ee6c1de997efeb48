"""Configuration files: per-file-ignores, extend, precedence between the two file names in
one directory, an empty select, and `check --show-settings` / `--show-files`."""

from __future__ import annotations

import json

import pytest

from golint_ai.rules import CODES
from golint_ai.settings import ConfigError, read_config_file

from cli_helpers import cli_env, write, run  # noqa: F401  (cli_env: autouse)

PREAMBLE = '/*\n#include <stdlib.h>\n*/\nimport "C"\n'
LEAK = f"package p\n\n{PREAMBLE}\nfunc f(s string) {{\n\tc := C.CString(s)\n\t_ = c\n}}\n"


def paths_found(capsys, *argv: str) -> list[str]:
    code, out, err = run(capsys, "check", *argv, "--format", "json")
    assert code in (0, 1), err
    return sorted({i["path"] for i in json.loads(out)["findings"]})


def one_line_error(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    lines = [line for line in err.splitlines() if line.startswith("golint-ai: error:")]
    assert len(lines) == 1, err
    for n in needles:
        assert n in lines[0], lines[0]
    assert "Traceback" not in err


# -- per-file-ignores ---------------------------------------------------------------------


def test_per_file_ignores_gitignore_globs(capsys, tmp_path):
    for rel in ("svc/a.go", "svc/a_test.go", "gen/x/b.go", "svc/gen/c.go", "top/d.go"):
        write(tmp_path, rel, LEAK)
    write(tmp_path, "pyproject.toml", (
        "[tool.golint-ai.per-file-ignores]\n"
        '"*_test.go" = ["GAI301"]\n'      # a name at any depth
        '"/gen/**" = ["GAI3"]\n'           # anchored at the configuration's directory, ** spans
        '"top/d.go" = ["ALL"]\n'
    ))
    assert paths_found(capsys, ".") == ["svc/a.go", "svc/gen/c.go"]


def test_per_file_ignores_negated_glob_and_other_rules_still_report(capsys, tmp_path):
    write(tmp_path, "a/keep.go", LEAK)
    write(tmp_path, "a/other.go", LEAK.replace("package p", "package p // other"))
    write(tmp_path, ".golint-ai.toml", '[per-file-ignores]\n"!keep.go" = ["GAI301"]\n"keep.go" = ["GAI102"]\n')
    assert paths_found(capsys, "a") == ["a/keep.go"]


def test_per_file_ignores_relative_to_the_declaring_file(capsys, tmp_path):
    write(tmp_path, "repo/base.toml", '[per-file-ignores]\n"svc/*.go" = ["GAI301"]\n')
    write(tmp_path, "repo/sub/.golint-ai.toml", 'extend = "../base.toml"\n')
    write(tmp_path, "repo/sub/svc/a.go", LEAK)  # sub/svc: not repo/svc
    write(tmp_path, "repo/svc/a.go", LEAK)
    write(tmp_path, "repo/svc/.golint-ai.toml", 'extend = "../base.toml"\n')
    assert paths_found(capsys, "repo") == ["repo/sub/svc/a.go"]


@pytest.mark.parametrize(
    "toml, needle",
    [
        ('per-file-ignores = ["*.go"]', "`per-file-ignores` must be a table"),
        ('[per-file-ignores]\n"*.go" = ["GAI999"]', "unknown rule selector `GAI999`"),
        ('[per-file-ignores]\n"*.go" = [1]', "must be a list of strings"),
        ('[per-file-ignores]\n"" = ["GAI3"]', "empty glob"),
        ('[per-file-ignores]\n"#x.go" = ["GAI3"]', "is a comment in gitignore syntax"),
    ],
)
def test_per_file_ignores_errors(capsys, tmp_path, toml, needle):
    write(tmp_path, "a/a.go", LEAK)
    write(tmp_path, ".golint-ai.toml", toml + "\n")
    code, _, err = run(capsys, "check", "a")
    one_line_error(code, err, ".golint-ai.toml", needle)


# -- extend ---------------------------------------------------------------------------------


def test_extend_reads_the_base_first_and_overrides_it(tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.golint-ai]\nignore = ["GAI302"]\nlarge-buffer-bytes = 100\nexclude = ["x/*"]\n')
    child = write(tmp_path, "svc/.golint-ai.toml", 'extend = "../pyproject.toml"\nignore = ["GAI5"]\n')
    s = read_config_file(child, CODES)
    assert s.ignore == ("GAI5",)  # replaced, not added
    assert s.large_buffer_bytes == 100 and s.exclude == ("x/*",)  # inherited
    assert s.config_files == (str(tmp_path / "svc" / "../pyproject.toml"), str(child))


def test_extend_cycle_is_a_one_line_error(capsys, tmp_path):
    write(tmp_path, "a/a.go", LEAK)
    write(tmp_path, ".golint-ai.toml", 'extend = "cfg/second.toml"\n')
    write(tmp_path, "cfg/second.toml", 'extend = "../.golint-ai.toml"\n')
    code, _, err = run(capsys, "check", "a")
    one_line_error(code, err, "`extend` cycle", ".golint-ai.toml -> cfg/second.toml -> .golint-ai.toml")
    write(tmp_path, ".golint-ai.toml", 'extend = ".golint-ai.toml"\n')
    code, _, err = run(capsys, "check", "a")
    one_line_error(code, err, "`extend` cycle")


@pytest.mark.parametrize(
    "files, needle",
    [
        ({".golint-ai.toml": 'extend = "nope.toml"\n'}, "nope.toml: configuration file not found"),
        ({".golint-ai.toml": 'extend = "base/pyproject.toml"\n', "base/pyproject.toml": "[project]\nname = 'x'\n"}, "has no [tool.golint-ai] table"),
        ({".golint-ai.toml": "extend = 3\n"}, "`extend` must be the path of another configuration file"),
        ({".golint-ai.toml": 'extend = "b.toml"\n', "b.toml": 'select = ["GAI999"]\n'}, "b.toml: unknown rule selector `GAI999`"),
    ],
)
def test_extend_errors(capsys, tmp_path, files, needle):
    write(tmp_path, "a/a.go", LEAK)
    for rel, text in files.items():
        write(tmp_path, rel, text)
    code, _, err = run(capsys, "check", "a")
    one_line_error(code, err, needle)


def test_extend_with_explicit_config_is_relative_to_that_file(capsys, tmp_path):
    write(tmp_path, "a/a.go", LEAK)
    write(tmp_path, "conf/base.toml", 'ignore = ["GAI301"]\n')
    write(tmp_path, "conf/ci.toml", 'extend = "base.toml"\n')
    code, _, _ = run(capsys, "check", "a", "--config", "conf/ci.toml")
    assert code == 0


# -- select = [] and precedence -------------------------------------------------------------


@pytest.mark.parametrize("toml", ["select = []\n", 'select = [""]\n', '[tool.golint-ai]\nselect = []\n'])
def test_empty_select_in_configuration_is_an_error(capsys, tmp_path, toml):
    write(tmp_path, "a/a.go", LEAK)
    write(tmp_path, "pyproject.toml" if toml.startswith("[tool") else ".golint-ai.toml", toml)
    code, _, err = run(capsys, "check", "a")
    one_line_error(code, err, "`select` is empty")


def test_empty_select_error_from_read_config_file(tmp_path):
    with pytest.raises(ConfigError, match="`select` is empty"):
        read_config_file(write(tmp_path, ".golint-ai.toml", "select = []\n"), CODES)


def test_dot_file_takes_precedence_over_pyproject_with_a_warning(capsys, tmp_path):
    write(tmp_path, "a/a.go", LEAK)
    write(tmp_path, "pyproject.toml", '[tool.golint-ai]\nignore = ["GAI301"]\n')
    write(tmp_path, ".golint-ai.toml", 'severity = { GAI301 = "error" }\n')
    code, out, err = run(capsys, "check", "a")
    assert code == 1 and "GAI301" in out  # pyproject's ignore is not used
    assert err.count("pyproject.toml: warning: [tool.golint-ai] is not used: .golint-ai.toml in the same directory takes precedence") == 1
    code, out, _ = run(capsys, "check", "a", "--format", "sarif")
    notes = json.loads(out)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("takes precedence" in n["message"]["text"] for n in notes)


@pytest.mark.parametrize(
    "pyproject, dot",
    [
        ("[project]\nname = 'x'\n", "ignore = []\n"),  # no [tool.golint-ai]: nothing shadowed
        ('[tool.golint-ai]\nignore = ["GAI301"]\n', 'extend = "pyproject.toml"\n'),  # extended, so used
    ],
)
def test_no_precedence_warning_when_nothing_is_shadowed(capsys, tmp_path, pyproject, dot):
    write(tmp_path, "a/a.go", LEAK)
    write(tmp_path, "pyproject.toml", pyproject)
    write(tmp_path, ".golint-ai.toml", dot)
    _, _, err = run(capsys, "check", "a")
    assert "precedence" not in err


# -- --show-settings and --show-files -------------------------------------------------------


def test_show_settings(capsys, tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.golint-ai]\nignore = ["GAI302"]\nlarge-buffer-bytes = 4096\n')
    write(tmp_path, "svc/.golint-ai.toml", 'extend = "../pyproject.toml"\nseverity = { GAI301 = "error" }\n[per-file-ignores]\n"*_test.go" = ["GAI5"]\n')
    write(tmp_path, "svc/a_test.go", LEAK)
    code, out, err = run(capsys, "check", "--show-settings", "svc/a_test.go", "--ignore", "GAI101")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Settings for svc/a_test.go"
    assert lines[1:4] == ["Configuration files (in the order read):", "  pyproject.toml", "  svc/.golint-ai.toml"]
    assert "Command line: --ignore GAI101" in lines
    assert '  ignore = ["GAI302", "GAI101"]' in lines
    assert '  severity = { "GAI301" = "error" }' in lines
    assert "  large-buffer-bytes = 4096" in lines
    assert '  per-file-ignores = { "*_test.go" = ["GAI5"] }' in lines
    enabled = lines[-1]
    assert enabled.startswith("Rules enabled for this file: ")
    assert "GAI301" in enabled and "GAI302" not in enabled and "GAI101" not in enabled and "GAI501" not in enabled
    assert "GAI601" not in enabled  # a Go file


def test_show_settings_without_configuration(capsys, tmp_path):
    write(tmp_path, "a.py", "import torch\n")
    code, out, _ = run(capsys, "check", "--show-settings", "a.py")
    assert code == 0
    assert "  none (defaults)" in out and '  select = ["ALL"]' in out
    assert out.splitlines()[-1] == "Rules enabled for this file: GAI601, GAI602, GAI603, GAI604"


def test_show_files(capsys, tmp_path):
    write(tmp_path, "svc/b.go", LEAK)
    write(tmp_path, "svc/a.go", "package p\n")
    write(tmp_path, "svc/gen.go", "// Code generated by x. DO NOT EDIT.\n\npackage p\n")
    write(tmp_path, "svc/skip_mock.go", "package p\n")
    write(tmp_path, "vendor/v.go", "package v\n")
    write(tmp_path, "train/loop.py", "import torch\n")
    write(tmp_path, "tools/plain.py", "print(1)\n")  # imports neither torch nor ctypes
    write(tmp_path, ".golint-ai.toml", 'exclude = ["*_mock.go"]\n')
    code, out, err = run(capsys, "check", "--show-files")
    assert code == 0, err
    assert out.splitlines() == ["svc/a.go", "svc/b.go", "train/loop.py"]
    code, out, _ = run(capsys, "check", "--show-files", "svc/b.go", "train")
    assert (code, out.splitlines()) == (0, ["svc/b.go", "train/loop.py"])


def test_show_files_missing_path(capsys, tmp_path):
    code, out, err = run(capsys, "check", "--show-files", "nope")
    assert code == 2 and out == ""
    assert "nope: error: no such file or directory" in err


def test_show_settings_and_show_files_exclude_each_other(capsys, tmp_path):
    code, _, err = run(capsys, "check", "--show-files", "--show-settings", "x.go")
    one_line_error(code, err, "exclude each other")
