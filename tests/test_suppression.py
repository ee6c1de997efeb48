"""Suppression comments: golangci-lint's node ranges (a directive above a declaration or
statement covers all of it; above `package`, the file), file-level directives, and the
warnings about directives that silenced nothing or name unknown codes."""

from __future__ import annotations

import json

import pytest

from golint_ai.rules import ALL_RULES, CODES
from golint_ai.suppression import parse_python_suppressions, parse_suppressions, static_codes

from cli_helpers import cli_env, write, run, run_json  # noqa: F401  (cli_env: autouse)

PREAMBLE = '/*\n#include <stdlib.h>\n*/\nimport "C"\n'


def lines_covered(src: str, code: str = "GAI301") -> list[int]:
    sup = parse_suppressions(src.encode())
    n = src.count("\n") + 1
    return [line for line in range(1, n + 1) if any(d.covers_line(line) and d.covers(code) for d in sup.directives)]


# -- node ranges --------------------------------------------------------------------------


def test_directive_above_a_function_covers_the_function():
    src = "package p\n\n// F does things.\n//nolint:golint-ai // owned by C\nfunc F() {\n\tx := 1\n\t_ = x\n}\n\nfunc G() {}\n"
    assert lines_covered(src) == [4, 5, 6, 7, 8]


def test_directive_above_a_method_type_and_const_block():
    src = (
        "package p\n"                          # 1
        "\n"                                    # 2
        "//golint-ai:ignore GAI301 why\n"       # 3
        "func (t *T) M() {\n"                   # 4
        "}\n"                                   # 5
        "//golint-ai:ignore GAI301\n"           # 6
        "type T struct {\n"                     # 7
        "\tA int\n"                             # 8
        "}\n"                                   # 9
        "\n"                                    # 10
        "//nolint\n"                            # 11
        "const (\n"                             # 12
        "\tA = 1\n"                             # 13
        ")\n"                                   # 14
        "var v = 1\n"                           # 15
    )
    assert lines_covered(src) == [3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14]


def test_directive_above_statements_covers_each_whole_statement():
    src = (
        "package p\n"               # 1
        "\n"                        # 2
        "func f() {\n"              # 3
        "\t//nolint:golint-ai\n"    # 4  above the first statement of a block
        "\tx := g(\n"               # 5
        "\t\t1)\n"                  # 6
        "\tif x {\n"                # 7
        "\t\t//nolint\n"            # 8
        "\t\ty()\n"                 # 9
        "\t}\n"                     # 10
        "\t//nolint\n"              # 11 above a later statement
        "\tfor {\n"                 # 12
        "\t\tz()\n"                 # 13
        "\t}\n"                     # 14
        "\tw()\n"                   # 15
        "}\n"                       # 16
    )
    assert lines_covered(src) == [4, 5, 6, 8, 9, 11, 12, 13, 14]


def test_gofmt_spacing_in_a_doc_comment_still_covers_the_function():
    # gofmt rewrites `//golint-ai:ignore` in a doc comment to `// golint-ai:ignore` (a
    # name with a hyphen is not a Go directive); both forms work.
    src = "package p\n\n// F does things.\n// golint-ai:ignore GAI301 owned by C\nfunc F() {\n\tx := 1\n\t_ = x\n}\n"
    assert lines_covered(src) == [4, 5, 6, 7, 8]


def test_directive_before_package_covers_the_file():
    src = "// Package p.\n//nolint:golint-ai\npackage p\n\nfunc f() {\n}\n"
    sup = parse_suppressions(src.encode())
    [d] = sup.directives
    assert d.last_line is None and d.covers_line(6) and d.covers_line(1)


@pytest.mark.parametrize(
    "src, covered",
    [
        # not in the node's column
        ("package p\n\nfunc f() {\n//nolint\n\tx := g(\n\t\t1)\n}\n", [4, 5]),
        # a trailing directive covers its line and the next, never a node below it
        ("package p\n\nfunc f() {\n\ty() //nolint\n\tx := g(\n\t\t1)\n}\n", [4, 5]),
        # a blank line between: not directly above
        ("package p\n\n//nolint\n\nfunc f() {\n\tx := 1\n}\n", [3, 4]),
        # an ordinary comment between
        ("package p\n\n//nolint\n// f does.\nfunc f() {\n\tx := 1\n}\n", [3, 4]),
    ],
)
def test_no_expansion_unless_directly_above_in_the_same_column(src, covered):
    assert lines_covered(src) == covered


def test_file_ignore_anywhere_covers_the_file_for_its_codes():
    src = "package p\n\nfunc f() {\n}\n\n//golint-ai:file-ignore GAI3,GAI501 generated bindings\n"
    sup = parse_suppressions(src.encode())
    [d] = sup.directives
    assert (d.form, d.codes, d.reason, d.last_line) == ("file-ignore", ("GAI3", "GAI501"), "generated bindings", None)
    assert sup.find("GAI301", 1) is d and sup.find("GAI502", 1) is None


def test_file_ignore_without_codes_is_malformed():
    sup = parse_suppressions(b"package p\n//golint-ai:file-ignore because\n")
    assert sup.directives == []
    assert sup.malformed == [(2, "`//golint-ai:file-ignore` needs one or more rule codes, e.g. `//golint-ai:file-ignore GAI301 reason`")]


def test_reason_after_a_second_slash_pair():
    sup = parse_suppressions(b"package p\nvar x = 1 //golint-ai:ignore GAI301 // kept for the process\nvar y = 1 //nolint:golint-ai // owned by C\n")
    assert [(d.codes, d.reason) for d in sup.directives] == [(("GAI301",), "kept for the process"), (None, "owned by C")]


def test_nolint_must_be_a_whole_word():
    assert parse_suppressions(b"package p\nvar x = 1 //nolintlint\n").directives == []


def test_narrowest_directive_wins_and_is_the_one_used():
    src = "package p\n\n//nolint:golint-ai\nfunc f() {\n\tx := 1 //golint-ai:ignore GAI301 inner\n}\n"
    sup = parse_suppressions(src.encode())
    assert sup.find("GAI301", 5).reason == "inner"
    assert sup.find("GAI101", 5).form == "nolint"
    assert set(sup.used) == {0, 1}


def _brute_force(sup, code: str, line: int):
    """The directive :meth:`Suppressions.find` must pick, by scanning all of them: one
    on the line, then on the line above, then the innermost node range, then file-wide."""
    def rank(d):
        if d.last is None:
            return (3, 0)
        if d.last == -1:
            return (0 if d.line == line else 1, 0)
        return (2, d.extent())
    covering = [d for d in sup.directives if d.covers_line(line) and d.covers(code)]
    return min(covering, key=rank) if covering else None


def test_find_agrees_with_a_scan_of_every_directive():
    import random

    rng = random.Random(7)
    directives = ["//nolint:golint-ai", "//golint-ai:ignore GAI301", "//golint-ai:ignore GAI1", "//golint-ai:ignore GAI5,GAI102"]
    for _ in range(30):
        out = ["package p", ""]
        if rng.random() < 0.3:
            out.append("//golint-ai:file-ignore GAI4")
        depth = 0
        out.append("func f() {")
        for _ in range(60):
            tabs = "\t" * (depth + 1)
            r = rng.random()
            if r < 0.3:
                out.append(tabs + rng.choice(directives))
            if r < 0.5 and depth < 6:
                out.append(tabs + "if x {")
                depth += 1
            elif r < 0.7 and depth:
                depth -= 1
                out.append("\t" * (depth + 1) + "}")
            else:
                out.append(tabs + "y()" + (" " + rng.choice(directives) if rng.random() < 0.2 else ""))
        while depth:
            depth -= 1
            out.append("\t" * (depth + 1) + "}")
        out.append("}")
        src = "\n".join(out) + "\n"
        sup = parse_suppressions(src.encode())
        assert any(d.last not in (-1, None) for d in sup.directives)
        for line in range(1, len(out) + 1):
            for code in ("GAI301", "GAI102", "GAI101", "GAI401"):
                assert sup.find(code, line) == _brute_force(sup, code, line), (src, line, code)


def test_python_file_ignore():
    sup = parse_python_suppressions(b"import torch\n# golint-ai: file-ignore[GAI601, GAI602] notebook code\nx = 1\n")
    [d] = sup.directives
    assert (d.form, d.codes, d.reason, d.last_line) == ("file-ignore", ("GAI601", "GAI602"), "notebook code", None)
    assert sup.find("GAI602", 100) is d
    bad = parse_python_suppressions(b"# golint-ai: file-ignore whole file\n")
    assert bad.directives == [] and "file-ignore[GAI601]" in bad.malformed[0][1]


# -- unused and unknown (unit) ------------------------------------------------------------

GO_STATIC = static_codes("go", False)


def unused(src: str, ran=GO_STATIC, silenced: list[tuple[str, int]] = ()) -> list[tuple[int, str]]:
    sup = parse_suppressions(src.encode())
    for code, line in silenced:
        assert sup.find(code, line) is not None
    return sup.unused(frozenset(ran), GO_STATIC, CODES)


def test_static_codes_leave_out_runtime_and_test_skipping_rules():
    assert "GAI190" not in GO_STATIC and "GAI601" not in GO_STATIC and "GAI301" in GO_STATIC
    skipped = {r.code for r in ALL_RULES if not r.in_tests}
    assert skipped and not skipped & static_codes("go", True)


def test_unused_directives_and_codes():
    src = (
        "package p\n"
        "var a = 1 //golint-ai:ignore GAI301 why\n"        # 2: unused
        "var b = 1 //golint-ai:ignore GAI301,GAI501\n"     # 3: GAI501 unused
        "var c = 1 //nolint:golint-ai\n"                   # 4: unused
        "var d = 1 //nolint\n"                             # 5: about every linter: never reported
        "var e = 1 //nolint:all\n"                         # 6: same
        "var f = 1 //golint-ai:ignore GAI999,GAI301\n"     # 7: unknown code; GAI301 used
        "var g = 1 //golint-ai:ignore GAI190\n"            # 8: runtime-only rule: not judged
    )
    found = unused(src, silenced=[("GAI301", 3), ("GAI301", 7)])
    assert found == [
        (2, "unused suppression: `//golint-ai:ignore GAI301` silenced nothing; remove it"),
        (3, "unused code GAI501 in suppression: no such finding here; remove it"),
        (4, "unused suppression: `//nolint:golint-ai` silenced nothing; remove it"),
        (7, "unknown rule code GAI999 in suppression (known codes start with GAI; see `golint-ai rules`)"),
    ]


def test_directives_for_rules_that_did_not_run_are_not_unused():
    src = "package p\nvar a = 1 //golint-ai:ignore GAI102\nvar b = 1 //golint-ai:ignore GAI1\nvar c = 1 //nolint:golint-ai\nvar d = 1 //golint-ai:ignore GAI301\n"
    assert unused(src, ran=GO_STATIC - {"GAI102"}) == [(5, "unused suppression: `//golint-ai:ignore GAI301` silenced nothing; remove it")]


# -- end to end ---------------------------------------------------------------------------


# Two leaks deep inside one function, on lines 11 and 14.
DEEP = f"""package p

{PREAMBLE}
ABOVE
func f(s string, ok bool) {{
	if ok {{
		c := C.CString(s)
		_ = c
	}}
	d := C.CString(s)
	_ = d
}}
"""


def deep(above: str) -> str:
    return DEEP.replace("ABOVE", above)


@pytest.mark.parametrize(
    "above, silenced",
    [
        ("", False),
        ("//nolint:golint-ai // owned by the C side", True),
        ("//golint-ai:ignore GAI301 owned by the C side", True),
        ("//nolint", True),
        ("//golint-ai:ignore GAI102 another rule", False),
        ("//nolint:errcheck", False),
    ],
)
def test_directive_above_a_function_silences_every_finding_in_it(capsys, tmp_path, above, silenced):
    write(tmp_path, "s/a.go", deep(above))
    code, items, _ = run_json(capsys, "check", "s", "--include-suppressed")
    assert [(i["line"], i["suppressed"]) for i in items] == [(11, silenced), (14, silenced)]
    assert code == (0 if silenced else 1)


def test_directive_before_package_and_file_ignore_silence_the_file(capsys, tmp_path):
    write(tmp_path, "s/a.go", "//nolint:golint-ai\n" + deep(""))
    write(tmp_path, "t/a.go", deep("") + "\n//golint-ai:file-ignore GAI301 bindings own their strings\n")
    write(tmp_path, "u/a.go", deep("") + "\n//golint-ai:file-ignore GAI5 another family\n")
    code, items, err = run_json(capsys, "check", "s", "t", "u", "--include-suppressed")
    assert [(i["path"], i["suppressed"]) for i in items] == [("s/a.go", True)] * 2 + [("t/a.go", True)] * 2 + [("u/a.go", False)] * 2
    assert code == 1
    # GAI5 rules ran on u/a.go and found nothing to silence
    assert "u/a.go:18: warning: unused suppression: `//golint-ai:file-ignore GAI5` silenced nothing; remove it" in err


def test_unused_suppression_warnings_in_text_and_sarif_do_not_change_the_exit_status(capsys, tmp_path):
    write(tmp_path, "s/a.go", "package p\n\nfunc g() int {\n\treturn 1 //golint-ai:ignore GAI301,GAI999 not needed\n}\n")
    code, out, err = run(capsys, "check", "s")
    assert code == 0
    assert "All checks passed: 1 file checked." in out
    assert "s/a.go:4: warning: unknown rule code GAI999 in suppression" in err
    assert "s/a.go:4: warning: unused suppression: `//golint-ai:ignore GAI301,GAI999` silenced nothing; remove it" in err
    code, out, _ = run(capsys, "check", "s", "--format", "sarif")
    assert code == 0
    [run_] = json.loads(out)["runs"]
    assert run_["results"] == []
    notes = run_["invocations"][0]["toolExecutionNotifications"]
    texts = sorted(n["message"]["text"] for n in notes)
    assert texts[0].startswith("unknown rule code GAI999") and texts[1].startswith("unused suppression:")
    loc = notes[0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].endswith("s/a.go") and loc["region"]["startLine"] == 4


def test_unused_suppression_flag_and_baseline_default(capsys, tmp_path):
    write(tmp_path, "s/a.go", "package p\n\nvar x = 1 //nolint:golint-ai\n")
    code, _, err = run(capsys, "check", "s")
    assert code == 0 and "unused suppression" in err
    code, _, err = run(capsys, "check", "s", "--no-report-unused-suppressions")
    assert code == 0 and "unused suppression" not in err
    code, _, err = run(capsys, "check", "s", "--write-baseline", "b.sarif")
    assert code == 0 and "unused suppression" not in err
    assert "unused suppression" not in (tmp_path / "b.sarif").read_text()
    code, _, err = run(capsys, "check", "s", "--write-baseline", "b.sarif", "--report-unused-suppressions")
    assert code == 0 and "unused suppression" in (tmp_path / "b.sarif").read_text()


def test_used_and_unselected_directives_are_not_reported(capsys, tmp_path):
    write(tmp_path, "s/a.go", deep("//golint-ai:ignore GAI301 owned by C"))
    write(tmp_path, "t/a.go", "package p\n\nvar x = 1 //golint-ai:ignore GAI102 why\nvar y = 1 //nolint:golint-ai\nvar z = 1 //nolint\n")
    code, _, err = run(capsys, "check", "s", "t", "--select", "GAI3")
    assert code == 0
    assert "suppression" not in err, err
    # with every rule selected, the two golint-ai directives in t/a.go silenced nothing
    code, _, err = run(capsys, "check", "s", "t")
    assert sorted(line.split(": warning")[0] for line in err.splitlines() if "unused" in line) == ["t/a.go:3", "t/a.go:4"]


def test_per_file_ignored_rule_did_not_run_for_unused_purposes(capsys, tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.golint-ai.per-file-ignores]\n"*_gen.go" = ["GAI3"]\n')
    write(tmp_path, "s/a_gen.go", deep("//golint-ai:ignore GAI301 also ignored by configuration"))
    code, items, err = run_json(capsys, "check", "s", "--include-suppressed")
    assert (code, items) == (0, [])
    assert "unused" not in err


def test_syntax_error_files_are_not_judged(capsys, tmp_path):
    write(tmp_path, "s/a.go", deep("") + "\nfunc broken( {\n\tx := 1 //golint-ai:ignore GAI301\n}\n")
    code, _, err = run(capsys, "check", "s")
    assert "syntax error" in err
    assert "unused" not in err


def test_python_unused_and_file_ignore(capsys, tmp_path):
    leak = (
        "import torch\n\n\ndef train(model, loader, optimizer, criterion):\n    total = 0\n"
        "    for x, y in loader:\n        optimizer.zero_grad()\n        loss = criterion(model(x), y)\n"
        "        loss.backward()\n        optimizer.step()\n        total += loss\n    return total\n"
    )
    write(tmp_path, "a/loop.py", "# golint-ai: file-ignore[GAI602] logged totals\n" + leak)
    write(tmp_path, "b/loop.py", leak.replace("    return total\n", "    return total  # noqa: GAI601\n"))
    code, items, err = run_json(capsys, "check", "a", "b", "--include-suppressed")
    assert [(i["path"], i["suppressed"]) for i in items] == [("a/loop.py", True), ("b/loop.py", False)]
    assert code == 1
    assert "b/loop.py:12: warning: unused suppression: `# noqa: GAI601` silenced nothing; remove it" in err
    assert "a/loop.py" not in err
