"""golint-ai never crashes on its input.

Every case runs ``golint-ai check DIR --format json`` (in-process, or in a subprocess
with a timeout where the input could hang or blow the stack) and requires: exit status
0 or 1 (2 would mean an internal error here), no traceback on stderr, valid JSON on
stdout, and the expected notification on stderr. Problems with the input are
notifications, never findings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from golint_ai.cli import main

from cli_helpers import cli_env, write as write_under  # noqa: F401  (cli_env: autouse)

PREAMBLE = 'package p\n\n/*\n#include <stdlib.h>\n*/\nimport "C"\n\n'
LEAK_FUNC = "func leak(s string) {\n\tc := C.CString(s)\n\t_ = c\n}\n"
LEAK = PREAMBLE + LEAK_FUNC  # the acquisition is on line 9
LEAK_LINE = 9


def write(path: Path, data: str | bytes) -> Path:
    return write_under(path.parent, path.name, data)


def _checked(code: int, out: str, err: str) -> tuple[int, list, str]:
    assert "Traceback" not in err, err
    assert "internal error" not in err, err
    assert "RecursionError" not in err and "too deeply nested" not in err, err
    assert code in (0, 1), f"exit {code}\n{err}"
    report = json.loads(out)
    items = report["findings"]
    assert isinstance(items, list) and isinstance(report["notifications"], list)
    for item in items:
        assert item["code"].startswith("GAI"), item  # notifications never become findings
    return code, items, err


def check(capsys, *paths: str, fmt: str = "json") -> tuple[int, list, str]:
    """``golint-ai check PATHS --format json`` in-process."""
    capsys.readouterr()
    try:
        code = main(["check", *paths, "--format", fmt])
    except SystemExit as exc:  # pragma: no cover - argparse would only exit on a usage error
        code = exc.code
    out, err = capsys.readouterr()
    if fmt != "json":
        assert "Traceback" not in err
        assert code in (0, 1), err
        return code, [], err
    return _checked(code, out, err)


def check_subprocess(cwd: Path, *paths: str, timeout: float = 60) -> tuple[int, list, str, float]:
    """The same in a child process: a hang or a blown C stack cannot take pytest down."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "GOLINT_AI_DEBUG")}
    start = time.monotonic()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "golint_ai", "check", *paths, "--format", "json"],
            cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"golint-ai did not finish within {timeout} s on {paths}")
    elapsed = time.monotonic() - start
    assert proc.returncode >= 0, f"killed by signal {-proc.returncode}\n{proc.stderr[-2000:]}"
    code, items, err = _checked(proc.returncode, proc.stdout, proc.stderr)
    return code, items, err, elapsed


def lines_of(items: list, path: str | None = None) -> list[int]:
    return [i["line"] for i in items if path is None or i["path"] == path]


# -- syntax errors ------------------------------------------------------------------------

BROKEN_AND_LEAK = (
    PREAMBLE
    + "func broken(s string) {\n"  # line 8
    + "\tc := C.CString(s)\n"  # line 9: would leak, but the function does not parse
    + "\tx := 1 + * / 2\n"  # line 10: the syntax error
    + "\t_, _ = c, x\n"
    + "}\n"
    + "\n"
    + LEAK_FUNC  # acquisition on line 15
)


def test_syntax_error_in_one_function_other_function_still_analysed(capsys, tmp_path):
    write(tmp_path / "p/a.go", BROKEN_AND_LEAK)
    code, items, err = check(capsys, "p")
    assert code == 1
    assert lines_of(items) == [15]
    assert "`c` from C.CString (line 15)" in items[0]["message"]
    notes = [ln for ln in err.splitlines() if "syntax error" in ln]
    assert len(notes) == 1, err
    assert notes[0].startswith("p/a.go:10:")
    assert "syntax error in `broken`" in notes[0]


@pytest.mark.parametrize("fmt", ["text", "sarif", "github"])
def test_syntax_error_other_formats(capsys, tmp_path, fmt):
    write(tmp_path / "p/a.go", BROKEN_AND_LEAK)
    code, _, err = check(capsys, "p", fmt=fmt)
    assert code == 1


@pytest.mark.parametrize(
    "tail",
    [
        "func unterminated(s string) {\n\tc := C.CString(s)\n",  # EOF inside a body
        "var s = `raw string never closed\n",
        "var r = \"newline in\nstring\"\n",
        "/* comment never closed\n",
        "func (",
        "}}}}\n",
        "func f() { x := []int{1, 2,, 3}; _ = x }\n",
    ],
    ids=["eof-in-body", "raw-string", "newline-in-string", "open-comment", "func-paren", "braces", "double-comma"],
)
def test_garbage_after_a_leak(capsys, tmp_path, tail):
    write(tmp_path / "p/a.go", LEAK + "\n" + tail)
    code, items, err = check(capsys, "p")
    assert LEAK_LINE in lines_of(items) or "syntax error" in err
    assert "syntax error" in err


def test_syntax_error_only_file(capsys, tmp_path):
    write(tmp_path / "p/a.go", PREAMBLE + "func {{{ ]]] C.CString(\n")
    code, items, err = check(capsys, "p")
    assert code == 0
    assert items == []
    assert "syntax error" in err


@pytest.mark.parametrize(
    "body",
    [
        "func f() { x := }\n",
        "func f( {\n}\n",
        "func f() {\n<<<<<<< HEAD\n\tx := 1\n=======\n\tx := 2\n>>>>>>> branch\n\t_ = x\n}\n",
        "func f() { if true { }\n",
    ],
    ids=["dangling-assignment", "unclosed-paren", "merge-conflict", "missing-brace"],
)
def test_syntax_error_reported_in_a_file_no_rule_selects(capsys, tmp_path, body):
    # Nothing here mentions cgo, goroutines, pools or requests: no rule needs to parse it,
    # yet a genuine syntax error is still reported.
    write(tmp_path / "p/a.go", "package p\n\n" + body)
    code, items, err = check(capsys, "p")
    assert code == 0 and items == []
    assert "p/a.go:" in err and "syntax error" in err, err


def test_valid_file_no_rule_selects_is_not_parsed_for_nothing(capsys, tmp_path):
    write(tmp_path / "p/a.go", 'package p\n\nvar s = "{ ( ["\n\n// ) } ]\nfunc f() int { return len(s) }\n')
    code, items, err = check(capsys, "p")
    assert code == 0 and items == [] and "syntax error" not in err, err


NEW_EXPR = (
    "package p\n\nimport \"context\"\n\n"
    "func get(ctx context.Context) int {\n"
    "\tch := make(chan int)\n"
    "\tgo func() { ch <- 1 }()\n"  # line 7: GAI102
    "\tselect {\n\tcase v := <-ch:\n\t\treturn v\n"
    "\tcase <-ctx.Done():\n\t\treturn *new(-1)\n"  # line 12: Go 1.26 new(expr)
    "\t}\n}\n"
)


@pytest.mark.parametrize("go_line", [None, "go 1.26", "go 1.27.1"])
def test_new_expr_is_analysed_where_the_module_accepts_it(capsys, tmp_path, go_line):
    if go_line is not None:
        write(tmp_path / "m/go.mod", f"module example.com/m\n\n{go_line}\n")
    write(tmp_path / "m/p/a.go", NEW_EXPR)
    code, items, err = check(capsys, "m/p")
    assert [(i["code"], i["line"]) for i in items] == [("GAI102", 7)]
    assert "syntax error" not in err, err


def test_new_expr_in_an_older_module_is_a_syntax_error_that_says_why(capsys, tmp_path):
    write(tmp_path / "m/go.mod", "module example.com/m\n\ngo 1.25\n")
    write(tmp_path / "m/p/a.go", NEW_EXPR)
    code, items, err = check(capsys, "m/p")
    assert items == []
    assert "syntax error in `get` (line 12): `new(expr)` needs Go 1.26, and go.mod says go 1.25" in err, err


def test_files_checked_leaves_out_generated_files(capsys, tmp_path):
    write(tmp_path / "p/a.go", "package p\n\nfunc f() {}\n")
    write(tmp_path / "p/gen.go", "// Code generated by x. DO NOT EDIT.\n\npackage p\n\nfunc g() {}\n")
    capsys.readouterr()
    code = main(["check", "p"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "1 file checked" in out, out


# -- encodings and odd bytes ----------------------------------------------------------------


def test_non_utf8_string_literal_still_analysed(capsys, tmp_path):
    data = PREAMBLE.encode() + b'func leak(s string) {\n\tc := C.CString("caf\xe9 \xff\xfe")\n\t_ = c\n}\n'
    write(tmp_path / "p/a.go", data)
    code, items, err = check(capsys, "p")
    assert code == 1
    assert lines_of(items) == [LEAK_LINE]
    assert items[0]["column"] == 7
    assert "p/a.go:9: warning: file is not valid UTF-8" in err


@pytest.mark.parametrize("fmt", ["text", "sarif", "github"])
def test_non_utf8_other_formats(capsys, tmp_path, fmt):
    data = PREAMBLE.encode() + b'func leak(s string) {\n\tc := C.CString("\xff\xfe\xc0")\n\t_ = c\n}\n'
    write(tmp_path / "p/a.go", data)
    code, _, err = check(capsys, "p", fmt=fmt)
    assert code == 1


def test_non_utf8_before_the_acquisition_on_the_same_line(capsys, tmp_path):
    data = PREAMBLE.encode() + b'func leak(s string) {\n\t/* \xff\xfe */ c := C.CString(s)\n\t_ = c\n}\n'
    write(tmp_path / "p/a.go", data)
    code, items, err = check(capsys, "p")
    assert code == 1
    assert lines_of(items) == [LEAK_LINE]
    assert "not valid UTF-8" in err


def test_utf8_bom(capsys, tmp_path):
    write(tmp_path / "p/a.go", b"\xef\xbb\xbf" + LEAK.encode())
    code, items, err = check(capsys, "p")
    assert code == 1
    assert [(i["line"], i["column"]) for i in items] == [(LEAK_LINE, 7)]


def test_binary_file(capsys, tmp_path):
    write(tmp_path / "p/x.go", b"\x7fELF\x02\x01\x01\x00\x00\x00package p\x00\xff\xfe" * 50)
    write(tmp_path / "p/ok.go", "package p\n")
    code, items, err = check(capsys, "p")
    assert code == 0
    assert items == []
    assert "p/x.go: warning: binary file" in err


def test_nul_byte_late_in_a_leaking_file(capsys, tmp_path):
    data = LEAK.encode() + b"// " + b"x" * 9000 + b"\nvar z = \"\x00\"\n"
    write(tmp_path / "p/a.go", data)
    code, items, _ = check(capsys, "p")
    assert lines_of(items) == [LEAK_LINE]


def test_empty_file(capsys, tmp_path):
    write(tmp_path / "p/a.go", "")
    write(tmp_path / "p/blank.go", "\n\n  \t\n")
    code, items, err = check(capsys, "p")
    assert code == 0
    assert items == []
    assert "p/a.go: note: empty file" in err
    assert "p/blank.go: note: empty file" in err


def test_only_package_clause(capsys, tmp_path):
    write(tmp_path / "p/a.go", "package p\n")
    write(tmp_path / "p/b.go", "package p")  # no trailing newline
    code, items, err = check(capsys, "p")
    assert code == 0
    assert items == []
    assert err == ""


def test_only_comments(capsys, tmp_path):
    write(tmp_path / "p/doc.go", "// Package p does things.\n/* more */\n")
    code, items, err = check(capsys, "p")
    assert code == 0
    assert "no package clause" in err


def test_no_package_clause(capsys, tmp_path):
    write(tmp_path / "p/a.go", 'import "C"\n\n' + LEAK_FUNC)
    write(tmp_path / "p/b.go", "package p\n")
    code, items, err = check(capsys, "p")
    assert code == 0
    assert items == []
    assert "p/a.go: warning: no package clause" in err


def test_unicode_package_name_is_a_package_clause(capsys, tmp_path):
    """Go identifiers may be Unicode letters: `package модель` is a valid clause."""
    write(tmp_path / "p/a.go", LEAK.replace("package p", "package модель"))
    code, items, err = check(capsys, "p")
    assert "no package clause" not in err
    assert code == 1
    assert lines_of(items) == [LEAK_LINE]


def test_two_packages_in_one_directory(capsys, tmp_path):
    write(tmp_path / "p/a.go", LEAK)
    write(tmp_path / "p/a_test.go", LEAK.replace("package p", "package p_test"))
    code, items, _ = check(capsys, "p")
    assert code == 1
    assert [(i["path"], i["line"]) for i in items] == [("p/a.go", 9), ("p/a_test.go", 9)]


# -- size and depth -------------------------------------------------------------------------


def _huge_source(target: int) -> tuple[str, int]:
    parts = [PREAMBLE]
    size, i = len(PREAMBLE), 0
    while size < target:
        s = f"func f{i}(a, b int) int {{\n\tx := a + b*{i}\n\tif x > {i} {{\n\t\treturn x - 1\n\t}}\n\treturn x\n}}\n\n"
        parts.append(s)
        size += len(s)
        i += 1
    text = "".join(parts)
    line = text.count("\n") + 2
    return text + LEAK_FUNC, line


def test_huge_file_is_analysed(tmp_path):
    # How fast is for scripts/benchmark.py and scripts/stress.py; the timeout only
    # catches a hang.
    text, line = _huge_source(5 * 1024 * 1024)
    write(tmp_path / "p/a.go", text)
    code, items, err, elapsed = check_subprocess(tmp_path, "p", timeout=300)
    assert code == 1
    assert lines_of(items) == [line]


def test_file_over_size_limit_is_a_notification(capsys, tmp_path):
    write(tmp_path / "p/big.go", PREAMBLE + LEAK_FUNC + "// " + "x" * (9 * 1024 * 1024) + "\n")
    write(tmp_path / "p/ok.go", "package p\n")
    code, items, err = check(capsys, "p")
    assert code == 0
    assert items == []
    assert "p/big.go: warning: file is larger than 8 MiB" in err


def test_very_long_line(capsys, tmp_path):
    write(tmp_path / "p/a.go", LEAK + "var big = []int{" + ",".join(["7"] * 50_000) + "}\n")
    code, items, _ = check(capsys, "p")
    assert lines_of(items) == [LEAK_LINE]


def test_10000_deep_parenthesised_expression(tmp_path):
    deep = "(" * 10_000 + "1" + ")" * 10_000
    calls = "g(" * 3_000 + "1" + ")" * 3_000
    src = (
        PREAMBLE
        + "func g(n int) int { return n }\n\n"  # line 8
        + "func deep(s string) int {\n"  # line 10
        + f"\tx := {deep}\n"
        + f"\ty := {calls}\n"
        + "\tz := " + "-" * 5_000 + "1\n"
        + "\tw := " + " + ".join(["1"] * 5_000) + "\n"
        + "\tc := C.CString(s)\n"  # line 15
        + "\t_ = c\n"
        + "\treturn x + y + z + w\n"
        + "}\n\n"
        + LEAK_FUNC.replace("func leak", "func leak2")  # acquisition on line 21
    )
    write(tmp_path / "p/a.go", src)
    code, items, err, _ = check_subprocess(tmp_path, "p", timeout=60)
    assert code == 1
    assert lines_of(items) == [15, 21]


def test_3000_deep_nested_ifs(tmp_path):
    n = 3_000
    src = (
        PREAMBLE
        + "func nested(s string, v int) {\n"  # line 8
        + "".join(f"if v > {i} {{\n" for i in range(n))  # lines 9 .. 8+n
        + "c := C.CString(s)\n"  # line 9+n
        + "_ = c\n"
        + "}\n" * n
        + "}\n\n"
        + LEAK_FUNC  # acquisition at line 9+n+2+n+2+1
    )
    write(tmp_path / "p/a.go", src)
    code, items, err, _ = check_subprocess(tmp_path, "p", timeout=60)
    assert code == 1
    assert lines_of(items) == [9 + n, 2 * n + 14]


def test_2000_deep_func_literal_chain(tmp_path):
    n = 2_000
    src = (
        PREAMBLE
        + "func chain(s string) {\n"  # line 8
        + "\tf := " + "func() {\n" * n  # lines 9 .. 8+n
        + "c := C.CString(s)\n"  # line 9+n
        + "_ = c\n"
        + "}()\n" * (n - 1)
        + "}\n"
        + "\tf()\n"
        + "}\n\n"
        + LEAK_FUNC
    )
    write(tmp_path / "p/a.go", src)
    code, items, err, _ = check_subprocess(tmp_path, "p", timeout=60)
    assert code == 1
    leak2 = src.count("\n", 0, src.index("func leak(")) + 2
    assert lines_of(items) == [9 + n, leak2]


def test_deeply_nested_types(capsys, tmp_path):
    src = LEAK + "var t " + "[]" * 5_000 + "int\nvar m " + "map[int]" * 3_000 + "int\nvar q " + "*" * 5_000 + "int\n"
    write(tmp_path / "p/a.go", src)
    code, items, _ = check(capsys, "p")
    assert lines_of(items) == [LEAK_LINE]


def test_many_statements_in_one_function(capsys, tmp_path):
    body = "\tif len(s) > 1 {\n\t\ts = s[1:]\n\t}\n" * 5_000
    src = PREAMBLE + "func big(s string) {\n\tc := C.CString(s)\n" + body + "\t_ = c\n}\n"
    write(tmp_path / "p/a.go", src)
    code, items, _ = check(capsys, "p")
    assert code == 1
    assert lines_of(items) == [LEAK_LINE]


# -- the file system ------------------------------------------------------------------------


def test_symlink_loop_terminates(tmp_path):
    d = tmp_path / "p"
    write(d / "a.go", LEAK)
    os.symlink(d, d / "loop")
    os.symlink(tmp_path, d / "up")
    (d / "sub").mkdir()
    os.symlink(d / "sub", d / "sub" / "self")
    code, items, err, elapsed = check_subprocess(tmp_path, "p", timeout=30)
    assert code == 1
    assert [(i["path"], i["line"]) for i in items] == [("p/a.go", LEAK_LINE)]  # exactly once


def test_symlink_loop_given_as_path(capsys, tmp_path):
    d = tmp_path / "p"
    write(d / "a.go", LEAK)
    os.symlink(d, d / "loop")
    code, items, _ = check(capsys, "p/loop")
    assert code == 1
    assert len(items) == 1


def test_self_referencing_file_symlink(capsys, tmp_path):
    write(tmp_path / "p/a.go", LEAK)
    os.symlink("x.go", tmp_path / "p/x.go")  # x.go -> x.go: ELOOP on open
    code, items, err = check(capsys, "p")
    assert code == 1
    assert lines_of(items) == [LEAK_LINE]
    assert "p/x.go: warning: cannot read file" in err


def test_dangling_symlink_is_unreadable_not_fatal(capsys, tmp_path):
    write(tmp_path / "p/a.go", LEAK)
    os.symlink(tmp_path / "does-not-exist.go", tmp_path / "p/x.go")
    code, items, err = check(capsys, "p")
    assert code == 1
    assert lines_of(items) == [LEAK_LINE]
    assert "p/x.go: warning: cannot read file" in err


def test_unreadable_file(capsys, tmp_path):
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not make a file unreadable (see the symlink cases)")
    write(tmp_path / "p/a.go", LEAK)
    bad = write(tmp_path / "p/x.go", LEAK)
    bad.chmod(0)
    try:
        code, items, err = check(capsys, "p")
    finally:
        bad.chmod(0o644)
    assert code == 1
    assert [i["path"] for i in items] == ["p/a.go"]
    assert "p/x.go: warning: cannot read file: Permission denied" in err


def test_unreadable_directory(capsys, tmp_path):
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not make a directory unreadable")
    write(tmp_path / "p/a.go", LEAK)
    write(tmp_path / "p/locked/x.go", LEAK)
    (tmp_path / "p/locked").chmod(0)
    try:
        code, items, err = check(capsys, "p")
    finally:
        (tmp_path / "p/locked").chmod(0o755)
    assert [i["path"] for i in items] == ["p/a.go"]


def test_directory_named_like_a_go_file(capsys, tmp_path):
    write(tmp_path / "p/a.go", LEAK)
    write(tmp_path / "p/x.go/b.go", LEAK.replace("package p", "package x"))
    code, items, err = check(capsys, "p")
    assert code == 1
    assert [i["path"] for i in items] == ["p/a.go", "p/x.go/b.go"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_named_like_a_go_file_does_not_hang(tmp_path):
    write(tmp_path / "p/a.go", LEAK)
    os.mkfifo(tmp_path / "p/x.go")
    code, items, err, _ = check_subprocess(tmp_path, "p", timeout=4)
    assert code == 1
    assert lines_of(items) == [LEAK_LINE]


# -- skipped files and directories -----------------------------------------------------------


def test_generated_file_not_reported(capsys, tmp_path):
    write(tmp_path / "p/zz_generated.go", "// Code generated by x. DO NOT EDIT.\n\n" + LEAK)
    write(tmp_path / "p/crlf_generated.go", ("// Code generated by y. DO NOT EDIT.\n\n" + LEAK).replace("\n", "\r\n").replace("func leak", "func leak3"))
    write(tmp_path / "p/real.go", LEAK.replace("func leak", "func leak2"))
    code, items, err = check(capsys, "p")
    assert code == 1
    assert [i["path"] for i in items] == ["p/real.go"]
    assert err == ""


def test_generated_marker_after_package_clause_does_not_count(capsys, tmp_path):
    write(tmp_path / "p/a.go", LEAK.replace("package p\n", "package p\n\n// Code generated by x. DO NOT EDIT.\n"))
    code, items, _ = check(capsys, "p")
    assert code == 1
    assert len(items) == 1


@pytest.mark.parametrize("skipped", ["vendor", "testdata", ".hidden", "_underscore", "node_modules", "a/vendor/b", "a/testdata"])
def test_skipped_directories(capsys, tmp_path, skipped):
    write(tmp_path / "root/a.go", LEAK)
    write(tmp_path / f"root/{skipped}/x.go", LEAK)
    write(tmp_path / "root/a/ok.go", LEAK.replace("package p", "package a"))
    code, items, err = check(capsys, "root")
    assert code == 1
    assert [i["path"] for i in items] == ["root/a.go", "root/a/ok.go"]


def test_skipped_file_names(capsys, tmp_path):
    write(tmp_path / "p/a.go", LEAK)
    write(tmp_path / "p/_x.go", LEAK)
    write(tmp_path / "p/.y.go", LEAK)
    write(tmp_path / "p/notgo.go.txt", LEAK)
    write(tmp_path / "p/README", LEAK)
    code, items, _ = check(capsys, "p")
    assert [i["path"] for i in items] == ["p/a.go"]


def test_nothing_to_check(capsys, tmp_path):
    (tmp_path / "empty").mkdir()
    code, items, err = check(capsys, "empty")
    assert code == 0
    assert items == []
