"""Baselines: record the current findings, then report only new ones, matched by a
fingerprint that survives unrelated edits above the finding."""

import json
import shutil
from pathlib import Path

import pytest

from golint_ai.cli import main

SAMPLE = Path(__file__).parent / "go_samples" / "GAI301" / "cmalloc"

NEW_LEAK = """
func brandNew(s string) {
	fresh := C.CString(s)
	_ = fresh
}
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    shutil.copytree(SAMPLE, tmp_path / "pkg")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _json(capsys, *args):
    code = main(["check", *args, "--format", "json", "--no-color"])
    return code, json.loads(capsys.readouterr().out)["findings"]


def test_write_then_apply(project, capsys):
    code, before = _json(capsys, "pkg")
    assert code == 1 and before
    assert main(["check", "pkg", "--write-baseline", "base.sarif"]) == 0
    capsys.readouterr()
    log = json.loads((project / "base.sarif").read_text())
    assert len(log["runs"][0]["results"]) == len(before)

    code, after = _json(capsys, "pkg", "--baseline", "base.sarif")
    assert code == 0 and after == []

    # Unrelated lines above every finding, and one new leak.
    go = project / "pkg" / "malloc.go"
    text = go.read_text()
    head, rest = text.split("\nimport", 1)
    go.write_text(head + "\n// an unrelated comment\n// pushing every line down\n\nimport" + rest + NEW_LEAK)
    code, after = _json(capsys, "pkg", "--baseline", "base.sarif")
    assert code == 1
    assert [f["message"].split("`")[1] for f in after] == ["fresh"]

    code, everything = _json(capsys, "pkg", "--baseline", "base.sarif", "--include-suppressed")
    assert sum(1 for f in everything if f["suppressed"]) == len(before)


def test_baselined_results_are_external_suppressions_in_sarif(project, capsys):
    assert main(["check", "pkg", "--write-baseline", "base.sarif"]) == 0
    assert main(["check", "pkg", "--baseline", "base.sarif", "--format", "sarif", "--include-suppressed", "-o", "out.sarif"]) == 0
    results = json.loads((project / "out.sarif").read_text())["runs"][0]["results"]
    assert results and all(r["suppressions"][0]["kind"] == "external" for r in results)


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "baseline file not found"),
        ("not json", "not valid JSON"),
        ("{}", "not a SARIF log"),
        ('{"runs": [{}]}', "no `results` array"),
        ('{"runs": [{"results": [{"ruleId": "GAI301"}]}]}', "fingerprint"),
    ],
)
def test_bad_baselines_are_clear_errors(project, capsys, content, message):
    if content is not None:
        (project / "base.sarif").write_text(content)
    assert main(["check", "pkg", "--baseline", "base.sarif"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_baseline_and_write_baseline_exclude_each_other(project, capsys):
    assert main(["check", "pkg", "--baseline", "a", "--write-baseline", "b"]) == 2
