"""Report formats and destinations: several formats in one run (``--format`` repeatable,
``--output FORMAT=FILE``), JUnit, Checkstyle, GitLab Code Quality and JSON Lines, and
repository-relative paths in every machine format."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from golint_ai.cli import FORMATS
from golint_ai.output.formats import FORMATS as WRITER_FORMATS
from golint_ai.output.targets import Target, TargetError, plan_targets

from cli_helpers import cli_env, write, run  # noqa: F401  (cli_env: autouse)

from sarif_validation import validate_sarif

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "tests" / "go_samples"
PREAMBLE = '/*\n#include <stdlib.h>\n*/\nimport "C"\n'
LEAK = f"package p\n\n{PREAMBLE}\nfunc f(s string) {{\n\tc := C.CString(s)\n\t_ = c\n}}\n"
LEAK_LINE = 9


def leak_in(func: str, arg: str = "s") -> str:
    return f"package p\n\n{PREAMBLE}\nfunc {func}(s string) {{\n\tc := C.CString({arg})\n\t_ = c\n}}\n"


def test_cli_and_writers_offer_the_same_formats():
    assert FORMATS == WRITER_FORMATS


# -- destinations -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "formats, outputs, want",
    [
        (None, None, [Target("text", None)]),
        (["sarif"], ["x.sarif"], [Target("sarif", "x.sarif")]),  # the old single-format form
        (None, ["report.txt"], [Target("text", "report.txt")]),
        (["sarif", "text"], ["sarif=r.sarif"], [Target("sarif", "r.sarif"), Target("text", None)]),
        (None, ["sarif=r.sarif"], [Target("sarif", "r.sarif"), Target("text", None)]),
        (["sarif"], ["sarif=r.sarif"], [Target("sarif", "r.sarif")]),
        (["json", "json"], None, [Target("json", None)]),
        (["junit"], ["junit=-"], [Target("junit", None)]),
        (["json", "sarif"], ["sarif=a", "b.json"], [Target("sarif", "a"), Target("json", "b.json")]),
        (None, ["sarif=a", "gitlab=b", "checkstyle=c", "junit=d", "json-lines=e"],
         [Target("sarif", "a"), Target("gitlab", "b"), Target("checkstyle", "c"), Target("junit", "d"), Target("json-lines", "e"), Target("text", None)]),
        (None, ["weird=name.txt"], [Target("text", "weird=name.txt")]),  # not a format: a file name
    ],
)
def test_plan_targets(formats, outputs, want):
    assert plan_targets(formats, outputs) == want


@pytest.mark.parametrize(
    "formats, outputs, says",
    [
        (["json", "text"], None, "at most one format can go to standard output"),
        (["json"], ["sarif=-", "json=-"], "at most one format"),
        (["json", "sarif"], ["x.out"], "name the format"),
        (["sarif"], ["sarif=a", "b"], "every format already has a destination"),
        (None, ["a", "b"], "without a format"),
        (None, ["sarif="], "no file named"),
        (None, ["sarif=same", "junit=same"], "cannot both be written to same"),
    ],
)
def test_plan_targets_usage_errors(formats, outputs, says):
    with pytest.raises(TargetError, match=says):
        plan_targets(formats, outputs)


def test_several_formats_in_one_run(capsys, tmp_path):
    write(tmp_path, "p/a.go", LEAK)
    code, out, err = run(capsys, "check", "p", "--format", "sarif", "--output", "sarif=r.sarif", "--format", "text", "--output", "junit=r.xml", "--no-source")
    assert code == 1, err
    assert out.startswith(f"p/a.go:{LEAK_LINE}:7: GAI301")  # text on standard output
    log = json.loads((tmp_path / "r.sarif").read_text("utf-8"))
    assert len(log["runs"][0]["results"]) == 1
    assert log["runs"][0]["invocations"][0]["exitCode"] == 1
    assert validate_sarif(tmp_path / "r.sarif") == []
    assert ET.parse(tmp_path / "r.xml").getroot().get("failures") == "1"


def test_two_formats_to_standard_output_is_a_usage_error(capsys, tmp_path):
    write(tmp_path, "p/a.go", LEAK)
    code, out, err = run(capsys, "check", "p", "--format", "json", "--format", "github")
    assert code == 2
    assert out == ""
    assert "at most one format can go to standard output" in err and "\n" == err[-1] and err.count("\n") == 1


def test_old_single_output_still_works(capsys, tmp_path):
    write(tmp_path, "p/a.go", LEAK)
    code, out, _ = run(capsys, "check", "p", "--format", "json", "--output", "r.json")
    assert code == 1 and out == ""
    assert [i["code"] for i in json.loads((tmp_path / "r.json").read_text("utf-8"))["findings"]] == ["GAI301"]


def test_unwritable_destination_is_exit_2_after_other_reports(capsys, tmp_path):
    write(tmp_path, "p/a.go", LEAK)
    code, out, err = run(capsys, "check", "p", "--output", "json=nodir/r.json", "--output", "sarif=r.sarif")
    assert code == 2
    assert "cannot write nodir/r.json" in err
    assert "GAI301" in out


# -- JUnit ------------------------------------------------------------------------------
def test_junit_one_testcase_per_finding_grouped_by_file(capsys, tmp_path):
    write(tmp_path, "p/a.go", leak_in("f") + "\nfunc g(s string) {\n\tc := C.CString(s)\n\t_ = c\n}\n")
    write(tmp_path, "p/b.go", leak_in("h"))
    write(tmp_path, "p/ok.go", "package p\n\nfunc ok() {}\n")
    code, out, err = run(capsys, "check", "p", "--format", "junit")
    assert code == 1, err
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(out)
    assert root.tag == "testsuites" and root.get("tests") == "3" and root.get("failures") == "3"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert sorted(suites) == ["p/a.go", "p/b.go"]
    cases = suites["p/a.go"].findall("testcase")
    assert suites["p/a.go"].get("tests") == "2" and len(cases) == 2
    first = cases[0]
    assert first.get("classname") == "p/a.go" and first.get("line") == str(LEAK_LINE)
    assert first.get("name") == f"GAI301 native-resource-leak at {LEAK_LINE}:7"
    failure = first.find("failure")
    assert failure.get("type") == "GAI301"
    assert failure.get("message").startswith("`c` from C.CString")
    assert failure.text.startswith(f"p/a.go:{LEAK_LINE}:7: GAI301 ")
    assert "c := C.CString(s)" in failure.text


def test_junit_without_findings_is_one_passing_case(capsys, tmp_path):
    write(tmp_path, "p/ok.go", "package p\n\nfunc ok() {}\n")
    code, out, _ = run(capsys, "check", "p", "--format", "junit")
    assert code == 0
    root = ET.fromstring(out)
    (case,) = root.iter("testcase")
    assert root.get("failures") == "0" and case.find("failure") is None


def test_junit_suppressed_findings_are_skipped_cases(capsys, tmp_path):
    write(tmp_path, "p/a.go", leak_in("f").replace("C.CString(s)", "C.CString(s) //golint-ai:ignore GAI301 owned by C"))
    code, out, _ = run(capsys, "check", "p", "--format", "junit", "--include-suppressed")
    assert code == 0
    (case,) = ET.fromstring(out).iter("testcase")
    assert case.find("failure") is None
    assert case.find("skipped").get("message") == "suppressed: owned by C"


def test_xml_formats_escape_markup_and_drop_what_xml_cannot_hold(capsys, tmp_path):
    """A file name with markup characters and a control character, and a flagged line
    holding raw control bytes: both XML formats still parse, with the text kept."""
    name = "a&<b>\"'\x01.go"
    write(tmp_path, f"p/{name}", leak_in("f", 'string("\x02\x1b") + s'))
    for fmt in ("junit", "checkstyle"):
        code, out, err = run(capsys, "check", "p", "--format", fmt)
        assert code == 1, err
        root = ET.fromstring(out.encode("utf-8"))
        paths = [e.get("name") for e in root.iter("testsuite" if fmt == "junit" else "file")]
        assert paths == ["p/a&<b>\"'\\x01.go"]
        if fmt == "junit":
            assert '"\\x02\\x1b"' in next(root.iter("failure")).text


# -- Checkstyle -------------------------------------------------------------------------
def test_checkstyle(capsys, tmp_path):
    write(tmp_path, "p/a.go", LEAK)
    write(tmp_path, ".golint-ai.toml", 'severity = { GAI301 = "note" }\n')
    code, out, err = run(capsys, "check", "p", "--format", "checkstyle")
    assert code == 1, err
    root = ET.fromstring(out)
    assert root.tag == "checkstyle"
    (f,) = root.findall("file")
    assert f.get("name") == "p/a.go"
    (e,) = f.findall("error")
    assert (e.get("line"), e.get("column"), e.get("severity"), e.get("source")) == (str(LEAK_LINE), "7", "info", "golint-ai.GAI301")
    assert e.get("message").startswith("GAI301 `c` from C.CString")


# -- GitLab Code Quality ----------------------------------------------------------------
def test_gitlab_code_quality_on_every_sample(capsys, monkeypatch):
    """Every finding of the sample corpus: GitLab's required keys, a valid severity and
    fingerprints that are unique and equal to the SARIF report's own fingerprint."""
    monkeypatch.chdir(REPO)
    code, out, err = run(capsys, "check", "tests/go_samples", "--format", "gitlab")
    assert code == 1, err
    issues = json.loads(out)
    assert len(issues) > 50
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert issue["check_name"].startswith("GAI")
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"]["path"].startswith("tests/go_samples/")
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints)
    _, sarif_out, _ = run(capsys, "check", "tests/go_samples", "--format", "sarif")
    sarif_fps = [r["partialFingerprints"]["golintAi/v2"] for r in json.loads(sarif_out)["runs"][0]["results"]]
    assert sorted(sarif_fps) == sorted(fingerprints)


def test_gitlab_severity_follows_the_level(capsys, tmp_path):
    write(tmp_path, "p/a.go", LEAK)
    write(tmp_path, ".golint-ai.toml", 'severity = { GAI301 = "error" }\n')
    _, out, _ = run(capsys, "check", "p", "--format", "gitlab")
    (issue,) = json.loads(out)
    assert issue["severity"] == "critical"
    assert issue["check_name"] == "GAI301"


# -- JSON Lines -------------------------------------------------------------------------
def test_json_lines_findings_then_notifications(capsys, tmp_path):
    write(tmp_path, "p/a.go", LEAK)
    write(tmp_path, "p/broken.go", "package p\n\nfunc broken( {\n")
    write(tmp_path, "p/empty.go", "")
    code, out, err = run(capsys, "check", "p", "--format", "json-lines")
    assert code == 1, err
    lines = [json.loads(line) for line in out.splitlines()]
    findings = [x for x in lines if x["type"] == "finding"]
    notes = [x for x in lines if x["type"] == "notification"]
    assert [x["type"] for x in lines] == ["finding"] * len(findings) + ["notification"] * len(notes)
    (f,) = findings
    _, json_out, _ = run(capsys, "check", "p", "--format", "json")
    report = json.loads(json_out)
    (item,) = report["findings"]
    assert {k: v for k, v in f.items() if k != "type"} == item
    # JSON carries the same notifications as JSON Lines, in the same order.
    assert report["notifications"] == [{k: v for k, v in n.items() if k != "type"} for n in notes]
    by_path = {n["path"]: n for n in notes}
    assert by_path["p/broken.go"]["kind"] == "syntax" and by_path["p/broken.go"]["line"] == 3
    assert by_path["p/empty.go"]["level"] == "note" and by_path["p/empty.go"]["line"] is None
    assert set(by_path["p/broken.go"]) == {"type", "path", "line", "column", "level", "kind", "message"}


# -- paths ------------------------------------------------------------------------------
def _paths(fmt: str, out: str) -> set[str]:
    if fmt == "json":
        return {i["path"] for i in json.loads(out)["findings"]}
    if fmt == "json-lines":
        return {json.loads(line)["path"] for line in out.splitlines()}
    if fmt == "sarif":
        return {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(out)["runs"][0]["results"]}
    if fmt == "github":
        return {line.split("file=", 1)[1].split(",", 1)[0] for line in out.splitlines()}
    if fmt == "junit":
        return {e.get("name") for e in ET.fromstring(out).iter("testsuite")}
    if fmt == "checkstyle":
        return {e.get("name") for e in ET.fromstring(out).iter("file")}
    if fmt == "gitlab":
        return {i["location"]["path"] for i in json.loads(out)}
    return {line.split(":", 1)[0] for line in out.splitlines() if ".go:" in line}


@pytest.mark.parametrize("fmt", FORMATS)
def test_machine_formats_use_repository_relative_paths(capsys, tmp_path, monkeypatch, fmt):
    """Run from a subdirectory of a repository: machine formats name the file from the
    repository root (as GitHub, GitLab and SARIF resolve it); text names it from cwd."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write(repo, "svc/api/a.go", LEAK)
    monkeypatch.chdir(repo / "svc")
    code, out, err = run(capsys, "check", "api", "--format", fmt, "--no-source")
    assert code == 1, err
    assert _paths(fmt, out) == ({"api/a.go"} if fmt == "text" else {"svc/api/a.go"})


@pytest.mark.parametrize("fmt", FORMATS)
def test_file_name_not_utf8_in_every_format(capsys, tmp_path, fmt):
    write(tmp_path, "p/" + os.fsdecode(b"x\xff.go"), LEAK)
    write(tmp_path, "p/" + os.fsdecode(b"broken\xfe.go"), "package p\n\nfunc broken( {\n")
    code, out, err = run(capsys, "check", "p", "--format", fmt)
    assert code == 1, err
    out.encode("utf-8")  # never a lone surrogate in the report
    if fmt == "text":  # the console's replacement character
        assert out.startswith(("p/x\ufffd.go:9:7: GAI301", "p/x?.go:9:7: GAI301"))
        return
    want = "p/x%FF.go" if fmt == "sarif" else "p/x\ufffd.go"
    assert want in _paths(fmt, out)
    if fmt == "json-lines":
        assert any(json.loads(line).get("path") == "p/broken\ufffd.go" for line in out.splitlines())
