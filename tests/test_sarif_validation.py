"""Tests for the SARIF validation helper (tests/sarif_validation.py).

Multitool-dependent tests skip when sarif-multitool is not installed, except when
$CI is set: there a missing tool is a failure (scripts/install_test_tools.sh
installs it).
"""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest

import sarif_validation as sv
from sarif_validation import check_problems, multitool_path, run_multitool, validate_sarif

DATA = Path(__file__).resolve().parent / "data"
VALID = DATA / "valid_min.sarif"
INVALID = DATA / "invalid_min.sarif"


def require_multitool() -> str:
    tool = multitool_path()
    if tool is None:
        msg = "sarif-multitool not installed: run scripts/install_test_tools.sh or set SARIF_MULTITOOL"
        if sv._ci():  # same rule as validate_sarif: $CI set and not "0"/"false"/"no"
            pytest.fail(msg)
        pytest.skip(msg)
    return tool


@pytest.fixture(scope="module")
def valid_report() -> sv.MultitoolReport:
    require_multitool()
    return run_multitool(VALID)


@pytest.fixture(scope="module")
def invalid_report() -> sv.MultitoolReport:
    require_multitool()
    return run_multitool(INVALID)


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def write(tmp_path: Path, doc: dict, name: str = "x.sarif") -> Path:
    p = tmp_path / name
    p.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return p


# ------------------------------------------------------------------- data files


def test_schema_is_official_draft_2020_12():
    schema = load(DATA / "sarif-schema-2.1.0.json")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert jsonschema.validators.validator_for(schema) is jsonschema.Draft202012Validator
    jsonschema.Draft202012Validator.check_schema(schema)
    assert "run" in schema["definitions"] and "result" in schema["definitions"]


def test_config_enables_github_rules():
    text = (DATA / "sarif-multitool-github.xml").read_text(encoding="utf-8")
    assert "<Item>Sarif</Item><Item>Ghas</Item>" in text
    for n in range(1, 8):
        assert f"GH100{n}." in text
    # The multitool rejects '--' inside an XML comment (ERR999); expat does too.
    ElementTree.fromstring(text.encode("utf-8"))
    assert all("--" not in c for c in re.findall(r"<!--(.*?)-->", text, re.S))


# -------------------------------------------------------------------- valid_min


@pytest.mark.slow
def test_valid_min_is_valid():
    # Includes the multitool when it is installed (and requires it when $CI is set).
    assert validate_sarif(VALID) == []


def test_valid_min_without_multitool():
    assert validate_sarif(VALID, multitool=False) == []


@pytest.mark.slow
def test_valid_min_multitool_clean(valid_report):
    assert valid_report.returncode == 0
    assert valid_report.execution_successful
    assert valid_report.failures == []
    assert valid_report.errors == []
    assert valid_report.warnings == []
    assert validate_sarif(VALID, multitool=True, warnings_as_problems=True) == []


# ------------------------------------------------------------------ invalid_min


def test_invalid_min_schema_and_check_problems():
    problems = validate_sarif(INVALID, multitool=False)
    schema = [p for p in problems if p.startswith("schema: ")]
    assert any("results[0].level: 'warning ' is not one of" in p for p in schema), schema
    assert any("region.startLine: 0 is less than the minimum of 1" in p for p in schema), schema
    assert any("properties.tags" in p and "non-unique" in p for p in schema), schema
    checks = [p for p in problems if p.startswith("check: ")]
    expected_fragments = [
        "is not a final SARIF 2.1.0 schema URL",
        "runs[1]: no 'results' array",
        "name 'GAI401' is identical to id",
        "tags has duplicates",
        "ruleIndex 0 names rule 'GAI401' but ruleId is 'GAI402'",
        "has a scheme; use a repo-root-relative path",
        "contains a backslash",
        "missing or non-integer endLine, endColumn",
        "startLine 0 is less than 1",
    ]
    for fragment in expected_fragments:
        assert any(fragment in p for p in checks), (fragment, checks)
    assert not any(p.startswith("multitool: ") for p in problems)


@pytest.mark.slow
def test_invalid_min_multitool_problems(invalid_report):
    # Gotcha: the multitool exits 0 although it found errors.
    assert invalid_report.returncode == 0
    assert invalid_report.execution_successful
    rule_ids = {e.split(" ", 1)[0] for e in invalid_report.errors}
    assert {"GH1006", "GH1011", "GH1014", "GH2012", "JSON1008", "JSON1019", "SARIF1011"} <= rule_ids
    assert any(w.startswith("SARIF1001 ") for w in invalid_report.warnings)
    problems = validate_sarif(INVALID)
    multitool = [p for p in problems if p.startswith("multitool: ")]
    assert any("GH1014" in p and "'results' array" in p for p in multitool), multitool
    # Messages are rendered from the rule's messageStrings, not left as {0} templates.
    assert not any("{0}" in p for p in multitool), multitool
    assert any(p.startswith("schema: ") for p in problems)


@pytest.mark.slow
def test_multitool_through_npm_wrapper(tmp_path, monkeypatch):
    require_multitool()
    wrapper = sv.TOOLS_NODE_MODULES / ".bin" / "sarif-multitool"
    if not (wrapper.exists() and os.access(wrapper, os.X_OK)):
        pytest.skip("npm wrapper not installed (SARIF_MULTITOOL points elsewhere)")
    # Shell metacharacters and a space: bin.js spawns the tool with shell: true.
    weird = tmp_path / "a b;c.sarif"
    weird.write_bytes(INVALID.read_bytes())
    monkeypatch.setenv("SARIF_MULTITOOL", str(wrapper))
    assert multitool_path() == str(wrapper)
    report = run_multitool(weird)
    assert report.failures == [] and report.execution_successful
    assert any(e.startswith("GH1014 ") for e in report.errors)


def test_json_syntax_error(tmp_path):
    p = tmp_path / "broken.sarif"
    p.write_text('{"version": "2.1.0", "runs": [', encoding="utf-8")
    problems = validate_sarif(p, multitool=False)
    assert len(problems) == 1 and problems[0].startswith("json: ")
    if multitool_path() is not None:
        assert any("JSON0001" in x for x in validate_sarif(p))


def test_bom_is_a_problem(tmp_path):
    p = tmp_path / "bom.sarif"
    p.write_bytes(b"\xef\xbb\xbf" + VALID.read_bytes())
    assert validate_sarif(p, multitool=False) == [
        "check: file starts with a UTF-8 BOM (upload-sarif's JSON.parse rejects it)"
    ]


def test_missing_multitool(monkeypatch):
    monkeypatch.setenv("SARIF_MULTITOOL", "/nonexistent/sarif-multitool")
    assert multitool_path() is None
    monkeypatch.delenv("CI", raising=False)
    assert validate_sarif(VALID) == []
    monkeypatch.setenv("CI", "true")
    problems = validate_sarif(VALID)
    assert len(problems) == 1 and "sarif-multitool not found" in problems[0]
    assert validate_sarif(VALID, multitool=False) == []


# ------------------------------------------------------------ cheap extra checks


@pytest.fixture
def doc() -> dict:
    return copy.deepcopy(load(VALID))


def rule0(doc: dict) -> dict:
    return doc["runs"][0]["tool"]["driver"]["rules"][0]


def result0(doc: dict) -> dict:
    return doc["runs"][0]["results"][0]


def region0(doc: dict) -> dict:
    return result0(doc)["locations"][0]["physicalLocation"]["region"]


def uri0(doc: dict, uri: str) -> None:
    result0(doc)["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = uri


def test_checks_clean_on_valid(doc):
    assert check_problems(doc) == []


@pytest.mark.parametrize(
    "mutate,fragment",
    [
        (lambda d: d.pop("$schema"), "is not a final SARIF 2.1.0 schema URL"),
        (
            lambda d: d.__setitem__(
                "$schema", "https://docs.oasis-open.org/sarif/sarif/v2.1.0/cos02/schemas/sarif-schema-2.1.0-rtm.6.json"
            ),
            "is not a final SARIF 2.1.0 schema URL",
        ),
        (lambda d: d["runs"][0].pop("results"), "no 'results' array"),
        (lambda d: d["runs"][0]["tool"]["driver"].pop("rules"), "no 'rules' array"),
        (lambda d: result0(d).__setitem__("ruleIndex", 3), "ruleIndex 3 is out of range"),
        (lambda d: result0(d).__setitem__("ruleId", "GAI999"), "ruleIndex 0 names rule 'GAI401'"),
        (lambda d: uri0(d, "/abs/pool.go"), "is absolute"),
        (lambda d: uri0(d, "C:/src/pool.go"), "has a scheme"),
        (lambda d: uri0(d, "internal\\pool.go"), "contains a backslash"),
        (lambda d: uri0(d, "../pool.go"), "is not a normalised path"),
        (lambda d: uri0(d, "internal//pool.go"), "is not a normalised path"),
        (lambda d: region0(d).pop("endColumn"), "missing or non-integer endColumn"),
        (lambda d: region0(d).__setitem__("startLine", 0), "startLine 0 is less than 1"),
        (lambda d: region0(d).__setitem__("endLine", 11), "endLine 11 is before startLine 12"),
        (lambda d: region0(d).__setitem__("endColumn", 1), "endColumn 1 is before startColumn 2"),
        (lambda d: rule0(d).__setitem__("name", "GAI401"), "is identical to id"),
        (lambda d: rule0(d).__setitem__("name", "n" * 256), "name: 256 characters, over 255"),
        (
            lambda d: rule0(d)["fullDescription"].__setitem__("text", "x" * 1025),
            "fullDescription.text: 1025 characters, over 1024",
        ),
        (
            lambda d: rule0(d)["shortDescription"].__setitem__("text", "x" * 1025),
            "shortDescription.text: 1025 characters, over 1024",
        ),
        (lambda d: rule0(d)["properties"].__setitem__("tags", ["a", "b", "a"]), "tags has duplicates"),
        (
            lambda d: rule0(d)["properties"].__setitem__("tags", [f"t{i}" for i in range(11)]),
            "11 tags, over 10",
        ),
        (
            lambda d: rule0(d)["properties"].__setitem__("security-severity", "high"),
            "security-severity 'high'",
        ),
        (
            lambda d: rule0(d)["properties"].__setitem__("security-severity", 7.5),
            "security-severity 7.5",
        ),
    ],
)
def test_check_catches(doc, mutate, fragment):
    mutate(doc)
    problems = check_problems(doc)
    assert any(fragment in p for p in problems), (fragment, problems)


def test_check_accepts_limits(doc):
    rule0(doc)["name"] = "n" * 255
    rule0(doc)["fullDescription"]["text"] = "x" * 1024
    rule0(doc)["properties"]["tags"] = [f"t{i}" for i in range(10)]
    rule0(doc)["properties"]["security-severity"] = "10.0"
    assert check_problems(doc) == []


def test_fingerprint_check_with_source_root(tmp_path, doc):
    src = (
        "package main\n\nimport \"fmt\"\n\nfunc load(name string) error {\n"
        "\terr := read(name)\n\treturn fmt.Errorf(\"load %s: %v\", name, err)\n}\n"
    )
    (tmp_path / "main.go").write_text(src, encoding="utf-8")
    uri0(doc, "main.go")
    region0(doc).update(startLine=7, endLine=7, startColumn=9, endColumn=40)
    result0(doc)["partialFingerprints"]["primaryLocationLineHash"] = "6b200c0d5a9af1d9:1"
    sarif = write(tmp_path, doc)
    assert validate_sarif(sarif, multitool=False, source_root=tmp_path) == []
    region0(doc).update(startLine=6, endLine=6)
    sarif = write(tmp_path, doc)
    problems = validate_sarif(sarif, multitool=False, source_root=tmp_path)
    assert len(problems) == 1 and "primaryLocationLineHash is '6b200c0d5a9af1d9:1'" in problems[0]
