"""SARIF produced by ``golint-ai check --format sarif``, end to end.

Every log is produced by the real command line (``python -m golint_ai``) in a
subprocess, so the exit status, stdout encoding and byte output are what a CI job
sees. Each log is validated with ``validate_sarif`` (JSON schema, Microsoft's
sarif-multitool with GitHub's ingestion rules, extra checks; the multitool is
required when $CI is set), then its GitHub-relevant shape is checked field by field.

Golden file: tests/data/golden/cmalloc.sarif.json. Rewrite it with
``GOLINT_AI_UPDATE_GOLDEN=1 python -m pytest tests/test_sarif.py -k golden`` and
review the diff before committing.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from golint_ai import __version__
from golint_ai.output.fingerprint import line_hashes
from golint_ai.rules import ALL_RULES
from sarif_validation import FINAL_SCHEMA_URLS, validate_sarif

TESTS = Path(__file__).resolve().parent
REPO_ROOT = TESTS.parent
SAMPLES = TESTS / "go_samples" / "GAI301"
GOLDEN = TESTS / "data" / "golden" / "cmalloc.sarif.json"

# A cgo file with non-ASCII text before the flagged call on the same line.
# `greet` releases the C string nowhere, so its finding carries the unsafe
# "add defer" fix, inserted at the end of that same non-ASCII line.
UNICODE_GO = """\
package uni

/*
#include <stdlib.h>
static int use_str(const char* s) { return 0; }
*/
import "C"

import (
	"errors"
	"unsafe"
)

var errUse = errors.New("uni: use failed")

// greet never releases the C string.
func greet() error {
	label := "läsa 🙂"; cs := C.CString(label)
	if C.use_str(cs) != 0 {
		return errUse
	}
	return nil
}

// grüße leaks the C string on the error path; the names are not ASCII.
func grüße(name string) error {
	straße := C.CString(name)
	if C.use_str(straße) != 0 {
		return errUse
	}
	C.free(unsafe.Pointer(straße))
	return nil
}
"""

CLEAN_GO = """\
package clean

/*
#include <stdlib.h>
static int use_str(const char* s) { return 0; }
*/
import "C"

import "unsafe"

// use frees the C string with defer.
func use(name string) int {
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	return int(C.use_str(cs))
}
"""

# A cgo file (so the rule's prefilter selects it and it is parsed) with a syntax error.
CGO_SYNTAX_ERROR_GO = """\
package bad

/*
#include <stdlib.h>
*/
import "C"

func broken(n int) {
	p := C.malloc(C.size_t(n)
	if p == nil {
		return
	}
}
"""

# Five unrelated lines (a comment block and a function) for the fingerprint test.
INSERTED_ABOVE = """\
// helper is unrelated to the leaks below;
// it only moves them down.
func helper() int {
	return 42
}
"""

# Two identical leaking lines (and identical following lines) in one function.
TWICE_GO = """\
package twice

/*
#include <stdlib.h>
static int use_str(const char* s) { return 0; }
*/
import "C"

import "unsafe"

// twice acquires on two identical lines and leaks on both error paths.
func twice(name string) int {
	{
		cs := C.CString(name)
		if C.use_str(cs) != 0 {
			return 1
		}
		C.free(unsafe.Pointer(cs))
	}
	{
		cs := C.CString(name)
		if C.use_str(cs) != 0 {
			return 1
		}
		C.free(unsafe.Pointer(cs))
	}
	return 0
}
"""


# --------------------------------------------------------------------- helpers


def run_cli(args: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m golint_ai ARGS`` in ``cwd``; stdout as bytes."""
    full_env = dict(os.environ)
    full_env.pop("GOLINT_AI_DEBUG", None)
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "golint_ai", *args],
        cwd=cwd,
        capture_output=True,
        env=full_env,
        timeout=120,
    )


class Sarif:
    """One ``check --format sarif`` run: process, raw bytes, saved file, parsed log."""

    def __init__(self, proc: subprocess.CompletedProcess, path: Path) -> None:
        self.proc = proc
        self.raw: bytes = proc.stdout
        self.path = path
        path.write_bytes(self.raw)
        self.doc = json.loads(self.raw.decode("utf-8"))

    @property
    def run(self) -> dict:
        return self.doc["runs"][0]

    @property
    def results(self) -> list[dict]:
        return self.run["results"]

    @property
    def rules(self) -> list[dict]:
        return self.run["tool"]["driver"]["rules"]


def check_sarif(cwd: Path, args: list[str], out: Path, env: dict | None = None) -> Sarif:
    proc = run_cli(["check", "--format", "sarif", "--no-color", *args], cwd, env)
    assert proc.returncode in (0, 1, 2), proc.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in proc.stderr, proc.stderr.decode("utf-8", "replace")
    return Sarif(proc, out)


def make_repo(root: Path) -> Path:
    """Mark ``root`` as a repository root (SARIF URIs are relative to it)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / ".git").mkdir(exist_ok=True)
    return root


def assert_valid(sarif: Sarif, source_root: Path) -> None:
    problems = validate_sarif(sarif.path, warnings_as_problems=True, source_root=source_root)
    assert problems == [], "\n".join(problems)


def loc_of(result: dict) -> tuple[str, dict]:
    phys = result["locations"][0]["physicalLocation"]
    return phys["artifactLocation"]["uri"], phys["region"]


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def utf16_col_to_index(line: str, col: int) -> int:
    """Python str index of the 1-based UTF-16 column ``col`` in ``line``."""
    units = 0
    for i, ch in enumerate(line):
        if units == col - 1:
            return i
        if units > col - 1:
            break
        units += utf16_len(ch)
    if units == col - 1:
        return len(line)
    raise AssertionError(f"column {col} is not a character boundary in {line!r}")


def region_text(text: str, region: dict) -> str:
    lines = text.split("\n")
    sl, el = region["startLine"], region["endLine"]
    start = utf16_col_to_index(lines[sl - 1], region["startColumn"])
    end = utf16_col_to_index(lines[el - 1], region["endColumn"])
    if sl == el:
        return lines[sl - 1][start:end]
    return "\n".join([lines[sl - 1][start:], *lines[sl:el - 1], lines[el - 1][:end]])


def apply_replacements(text: str, replacements: list[dict]) -> str:
    """Apply SARIF replacements (UTF-16 columns, exclusive end) to ``text``."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def offset(line: int, col: int) -> int:
        return starts[line - 1] + utf16_col_to_index(lines[line - 1], col)

    spans = []
    for rep in replacements:
        r = rep["deletedRegion"]
        spans.append((offset(r["startLine"], r["startColumn"]), offset(r["endLine"], r["endColumn"]), rep["insertedContent"]["text"]))
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def fingerprints(sarif: Sarif) -> list[str]:
    return [r["partialFingerprints"]["golintAi/v2"] for r in sarif.results]


# -------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def findings_run(tmp_path_factory) -> tuple[Path, Sarif]:
    """A copy of tests/go_samples/GAI301 plus a non-ASCII file, in a fresh repository."""
    root = make_repo(tmp_path_factory.mktemp("findings"))
    shutil.copytree(SAMPLES, root / "GAI301")
    (root / "GAI301" / "unicode").mkdir()
    (root / "GAI301" / "unicode" / "uni.go").write_text(UNICODE_GO, encoding="utf-8")
    return root, check_sarif(root, ["GAI301"], root / "out.sarif")


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory) -> tuple[Path, Sarif]:
    root = make_repo(tmp_path_factory.mktemp("clean"))
    (root / "pkg").mkdir()
    (root / "pkg" / "clean.go").write_text(CLEAN_GO, encoding="utf-8")
    return root, check_sarif(root, ["pkg"], root / "out.sarif")


@pytest.fixture(scope="module")
def unparsable_run(tmp_path_factory) -> tuple[Path, Sarif]:
    root = make_repo(tmp_path_factory.mktemp("unparsable"))
    bad = root / "bad"
    bad.mkdir()
    (bad / "cgo_syntax.go").write_text(CGO_SYNTAX_ERROR_GO, encoding="utf-8")
    (bad / "syntax.go").write_text("package bad\n\nfunc broken( {\n\tx := \n}\n", encoding="utf-8")
    (bad / "binary.go").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00package bad\x00\x00\xff\xfe")
    (bad / "empty.go").write_bytes(b"")
    return root, check_sarif(root, ["bad"], root / "out.sarif")


@pytest.fixture(scope="module")
def suppression_runs(tmp_path_factory) -> tuple[Path, Sarif, Sarif]:
    root = make_repo(tmp_path_factory.mktemp("suppression"))
    shutil.copytree(SAMPLES / "suppression", root / "suppression")
    with_flag = check_sarif(root, ["--include-suppressed", "suppression"], root / "with.sarif")
    without = check_sarif(root, ["suppression"], root / "without.sarif")
    return root, with_flag, without


# ------------------------------------------------------------ validation runs


def test_findings_run_is_valid(findings_run):
    root, sarif = findings_run
    assert sarif.proc.returncode == 1
    assert len(sarif.results) > 10
    assert {r["ruleId"] for r in sarif.results} == {"GAI301"}
    assert_valid(sarif, root)


def test_clean_run_is_valid_and_has_empty_results(clean_run):
    root, sarif = clean_run
    assert sarif.proc.returncode == 0, sarif.proc.stderr
    assert "results" in sarif.run and sarif.run["results"] == []
    assert sarif.rules, "rules must be listed even without results"
    assert sarif.run["invocations"][0]["exitCode"] == 0
    assert sarif.run["invocations"][0]["executionSuccessful"] is True
    assert_valid(sarif, root)


def test_unparsable_files_run_is_valid(unparsable_run):
    root, sarif = unparsable_run
    assert sarif.proc.returncode == 0, sarif.proc.stderr
    assert sarif.run["results"] == []
    inv = sarif.run["invocations"][0]
    assert inv["executionSuccessful"] is True
    assert inv["exitCode"] == 0
    notes = inv["toolExecutionNotifications"]
    by_uri: dict[str, list[dict]] = {}
    for n in notes:
        assert n["message"]["text"]
        phys = n["locations"][0]["physicalLocation"]
        assert phys["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        by_uri.setdefault(phys["artifactLocation"]["uri"], []).append(n)
    assert {"bad/cgo_syntax.go", "bad/binary.go", "bad/empty.go"} <= set(by_uri), by_uri.keys()
    assert any("syntax error" in n["message"]["text"] for n in by_uri["bad/cgo_syntax.go"])
    syntax_region = by_uri["bad/cgo_syntax.go"][0]["locations"][0]["physicalLocation"]["region"]
    assert syntax_region["startLine"] == 9
    assert "binary" in by_uri["bad/binary.go"][0]["message"]["text"]
    assert "empty" in by_uri["bad/empty.go"][0]["message"]["text"]
    assert_valid(sarif, root)


def test_include_suppressed_runs_are_valid(suppression_runs):
    root, with_flag, without = suppression_runs
    assert_valid(with_flag, root)
    assert_valid(without, root)


def test_include_suppressed_marks_suppressions(suppression_runs):
    _, with_flag, without = suppression_runs
    suppressed = {loc_of(r)[1]["startLine"]: r for r in with_flag.results if r["suppressions"]}
    open_ = {loc_of(r)[1]["startLine"]: r for r in with_flag.results if not r["suppressions"]}
    # suppressed.go: six silenced acquisitions, three whose directive does not apply,
    # two in a function and one in an if statement covered by a directive above them,
    # and one after that if statement.
    assert sorted(suppressed) == [16, 22, 29, 35, 42, 48, 78, 79, 88]
    assert sorted(open_) == [55, 62, 70, 91]
    for r in with_flag.results:
        assert "suppressions" in r, "with --include-suppressed every result carries suppressions"
        assert isinstance(r["suppressions"], list)
    for r in suppressed.values():
        assert len(r["suppressions"]) == 1
        s = r["suppressions"][0]
        assert s["kind"] == "inSource"
        assert isinstance(s.get("justification"), str) and s["justification"]
        assert "state" not in s  # sarif-om's pre-release spelling
    assert suppressed[16]["suppressions"][0]["justification"] == "the runtime keeps the name for the process lifetime"
    assert suppressed[22]["suppressions"][0]["justification"] == "kept for the process lifetime"
    for r in open_.values():
        assert r["suppressions"] == []

    # Without the flag: suppressed findings are absent, and nothing carries suppressions.
    assert sorted(loc_of(r)[1]["startLine"] for r in without.results) == [55, 62, 70, 91]
    for r in without.results:
        assert "suppressions" not in r
    assert with_flag.proc.returncode == without.proc.returncode == 1


# ---------------------------------------------------------------- log shape


def test_top_level_shape(findings_run):
    _, sarif = findings_run
    assert not sarif.raw.startswith(b"\xef\xbb\xbf"), "SARIF must not start with a BOM"
    assert re.match(rb'\{\s*"\$schema"\s*:', sarif.raw), "$schema must be the first key"
    assert list(sarif.doc)[0] == "$schema"
    assert sarif.doc["$schema"] in FINAL_SCHEMA_URLS
    assert "rtm" not in sarif.doc["$schema"]
    assert sarif.doc["version"] == "2.1.0"
    assert len(sarif.doc["runs"]) == 1
    assert sarif.run["columnKind"] == "utf16CodeUnits"
    assert "automationDetails" not in sarif.run
    assert "originalUriBaseIds" not in sarif.run  # machine-specific; opt-in only


def test_driver(findings_run):
    _, sarif = findings_run
    driver = sarif.run["tool"]["driver"]
    assert driver["name"] == "golint-ai"
    assert driver["version"] == __version__
    assert driver["semanticVersion"] == __version__
    assert re.fullmatch(r"\d+\.\d+\.\d+([-+].*)?", driver["semanticVersion"])
    assert driver["informationUri"].startswith("https://")


def test_rules_are_all_registered_rules_in_order(findings_run):
    _, sarif = findings_run
    rules = sarif.rules
    assert [r["id"] for r in rules] == [r.code for r in ALL_RULES]
    for desc, rule in zip(rules, ALL_RULES):
        assert desc["name"] and desc["name"] != desc["id"]
        assert len(desc["name"]) <= 255
        assert desc["shortDescription"]["text"].strip()
        assert len(desc["shortDescription"]["text"]) <= 1024
        assert desc["fullDescription"]["text"].strip()
        assert len(desc["fullDescription"]["text"]) <= 1024
        assert desc["help"]["text"].strip()
        assert desc["help"]["markdown"].strip()
        assert desc["helpUri"].startswith("https://")
        props = desc["properties"]
        tags = props["tags"]
        assert tags and len(tags) <= 10 and len(set(tags)) == len(tags)
        assert all(isinstance(t, str) and t for t in tags)
        assert props["precision"] in ("very-high", "high", "medium", "low")
        assert props["precision"] == rule.precision.value
        assert props["problem.severity"] in ("error", "warning", "recommendation")
        assert props["problem.severity"] == rule.level.problem_severity
        assert "defaultConfiguration" in desc


def test_rule_default_level_is_explicit(findings_run):
    """defaultConfiguration.level must be written out, also when it is "warning"."""
    _, sarif = findings_run
    for desc, rule in zip(sarif.rules, ALL_RULES):
        assert desc["defaultConfiguration"].get("level") == rule.level.value, (
            f"{desc['id']}: defaultConfiguration is {desc['defaultConfiguration']!r}, "
            f"expected level {rule.level.value!r}"
        )


def test_every_result_shape(findings_run):
    root, sarif = findings_run
    rule_ids = [r["id"] for r in sarif.rules]
    texts: dict[str, str] = {}
    for res in sarif.results:
        assert res["ruleId"] in rule_ids
        assert rule_ids[res["ruleIndex"]] == res["ruleId"]
        assert res["level"] in ("note", "warning", "error")
        assert res["message"]["text"].strip()
        assert len(res["locations"]) == 1
        phys = res["locations"][0]["physicalLocation"]
        uri = phys["artifactLocation"]["uri"]
        assert phys["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", uri), uri
        assert not uri.startswith("/") and "\\" not in uri, uri
        assert uri.startswith("GAI301/"), uri
        assert (root / uri).is_file(), uri
        region = phys["region"]
        for key in ("startLine", "startColumn", "endLine", "endColumn"):
            assert isinstance(region[key], int) and region[key] >= 1, (key, region)
        assert (region["endLine"], region["endColumn"]) > (region["startLine"], region["startColumn"])

        text = texts.setdefault(uri, (root / uri).read_text(encoding="utf-8"))
        fps = res["partialFingerprints"]
        assert fps["primaryLocationLineHash"] == line_hashes(text)[region["startLine"] - 1], uri
        assert re.fullmatch(r"[0-9a-f]{32}", fps["golintAi/v2"])
        # The region covers the flagged acquisition call.
        assert "(" in region_text(text, region), region_text(text, region)


def test_related_locations_point_at_the_leaking_exit(findings_run):
    root, sarif = findings_run
    checked = 0
    for res in sarif.results:
        related = res.get("relatedLocations")
        assert related, res["message"]["text"]
        for rel in related:
            assert rel["message"]["text"].strip()
            phys = rel["physicalLocation"]
            assert phys["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
            for key in ("startLine", "startColumn", "endLine", "endColumn"):
                assert isinstance(phys["region"][key], int)
        m = re.search(r"on the path returning at line (\d+)", res["message"]["text"])
        if not m:
            continue
        exit_line = int(m.group(1))
        leak = [r for r in related if r["physicalLocation"]["region"]["startLine"] == exit_line]
        assert leak, (res["message"]["text"], related)
        phys = leak[0]["physicalLocation"]
        assert phys["artifactLocation"]["uri"] == loc_of(res)[0]
        assert "leaks on this path" in leak[0]["message"]["text"]
        text = (root / phys["artifactLocation"]["uri"]).read_text(encoding="utf-8")
        assert region_text(text, phys["region"]).startswith("return"), region_text(text, phys["region"])
        checked += 1
    assert checked >= 10


def test_columns_are_utf16_code_units(findings_run):
    root, sarif = findings_run
    text = UNICODE_GO
    lines = text.split("\n")
    by_line = {loc_of(r)[1]["startLine"]: r for r in sarif.results if loc_of(r)[0] == "GAI301/unicode/uni.go"}

    for needle in ("C.CString(label)", "C.CString(name)"):
        line_no = next(i for i, line in enumerate(lines, 1) if needle in line)
        line = lines[line_no - 1]
        before = line[: line.index(needle)]
        expected_start = utf16_len(before) + 1
        expected_end = expected_start + utf16_len(needle)
        # The test is only meaningful if the units disagree on this line.
        assert expected_start != len(before.encode("utf-8")) + 1
        region = loc_of(by_line[line_no])[1]
        assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
            line_no, expected_start, line_no, expected_end,
        ), (needle, region)
    # The emoji (a surrogate pair) and the code-point column must differ too.
    emoji_line = next(line for line in lines if "🙂" in line)
    before = emoji_line[: emoji_line.index("C.CString")]
    assert utf16_len(before) == len(before) + 1


def test_unsafe_fix_replacements(findings_run, tmp_path):
    root, sarif = findings_run
    uri = "GAI301/unicode/uni.go"
    results = [r for r in sarif.results if loc_of(r)[0] == uri]
    with_fix = [r for r in results if r.get("fixes")]
    assert len(with_fix) >= 1
    replacements = []
    for res in with_fix:
        assert len(res["fixes"]) == 1
        fix = res["fixes"][0]
        assert "unsafe" in fix["description"]["text"]
        changes = fix["artifactChanges"]
        assert changes, "artifactChanges must be a non-empty array (gosec #1407)"
        for change in changes:
            assert change["artifactLocation"]["uri"] == uri
            assert change["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
            assert change["replacements"]
            for rep in change["replacements"]:
                for key in ("startLine", "startColumn", "endLine", "endColumn"):
                    assert isinstance(rep["deletedRegion"][key], int)
                assert isinstance(rep["insertedContent"]["text"], str)
                replacements.append(rep)

    # greet's fix inserts the deferred release right after the non-ASCII line.
    fixed = apply_replacements(UNICODE_GO, replacements)
    assert '\tlabel := "läsa 🙂"; cs := C.CString(label)\n\tdefer C.free(unsafe.Pointer(cs))\n' in fixed

    # The same edits as `check --fix --unsafe-fixes` applies to a copy of the file.
    copy = make_repo(tmp_path / "repo")
    (copy / "unicode").mkdir()
    (copy / "unicode" / "uni.go").write_text(UNICODE_GO, encoding="utf-8")
    proc = run_cli(["check", "--fix", "--unsafe-fixes", "--no-color", "unicode"], copy)
    assert proc.returncode in (0, 1), proc.stderr
    assert (copy / "unicode" / "uni.go").read_text(encoding="utf-8") == fixed


def test_fixes_in_samples_are_well_formed(findings_run):
    root, sarif = findings_run
    with_fix = [r for r in sarif.results if "fixes" in r]
    assert with_fix, "the GAI301 samples have findings with an unsafe fix"
    for res in with_fix:
        uri, _ = loc_of(res)
        text = (root / uri).read_text(encoding="utf-8")
        for fix in res["fixes"]:
            reps = [rep for ch in fix["artifactChanges"] for rep in ch["replacements"]]
            assert reps
            fixed = apply_replacements(text, reps)
            assert fixed != text
            # The release the message names, deferred or (in a loop) at the end of the block.
            assert all(rep["insertedContent"]["text"].strip() in fixed for rep in reps)
            if res["ruleId"] == "GAI301":
                assert re.search(r"\b(defer )?[\w.]+\(", "".join(rep["insertedContent"]["text"] for rep in reps)), reps


@pytest.mark.parametrize(
    "case,args,expected",
    [
        ("findings", ["pkg"], 1),
        ("exit_zero", ["--exit-zero", "pkg"], 0),
        ("clean", ["clean"], 0),
        ("missing_path", ["does-not-exist"], 2),
    ],
)
def test_invocation_exit_code_matches_process(tmp_path, case, args, expected):
    root = make_repo(tmp_path)
    (root / "pkg").mkdir()
    shutil.copy(SAMPLES / "cmalloc" / "malloc.go", root / "pkg" / "malloc.go")
    (root / "clean").mkdir()
    (root / "clean" / "clean.go").write_text(CLEAN_GO, encoding="utf-8")
    sarif = check_sarif(root, args, tmp_path / "out.sarif")
    assert sarif.proc.returncode == expected, sarif.proc.stderr
    assert sarif.run["invocations"][0]["exitCode"] == sarif.proc.returncode
    assert isinstance(sarif.run["results"], list)
    assert_valid(sarif, root)


def test_sarif_category(tmp_path):
    root = make_repo(tmp_path)
    (root / "pkg").mkdir()
    shutil.copy(SAMPLES / "cmalloc" / "malloc.go", root / "pkg" / "malloc.go")
    with_cat = check_sarif(root, ["--sarif-category", "foo", "pkg"], tmp_path / "cat.sarif")
    assert with_cat.run["automationDetails"] == {"id": "foo/"}
    assert_valid(with_cat, root)
    default = check_sarif(root, ["pkg"], tmp_path / "default.sarif")
    assert "automationDetails" not in default.run


def test_output_is_byte_identical_across_runs(findings_run, tmp_path):
    root, first = findings_run
    second = check_sarif(root, ["GAI301"], tmp_path / "second.sarif")
    serial = check_sarif(root, ["--jobs", "1", "GAI301"], tmp_path / "serial.sarif")
    assert second.raw == first.raw
    assert serial.raw == first.raw
    # --output writes the same bytes as stdout.
    out_file = tmp_path / "via-o.sarif"
    proc = run_cli(["check", "--format", "sarif", "--no-color", "-o", str(out_file), "GAI301"], root)
    assert proc.returncode == 1
    assert out_file.read_bytes() == first.raw


def test_stdout_is_utf8_whatever_the_locale(tmp_path):
    """SARIF is UTF-8 (upload-sarif reads it as UTF-8). Redirected stdout on Windows
    uses the ANSI code page; PYTHONIOENCODING=cp1252 reproduces that here."""
    root = make_repo(tmp_path)
    (root / "unicode").mkdir()
    (root / "unicode" / "uni.go").write_text(UNICODE_GO, encoding="utf-8")
    proc = run_cli(["check", "--format", "sarif", "--no-color", "unicode"], root, env={"PYTHONIOENCODING": "cp1252"})
    assert b"Traceback" not in proc.stderr, proc.stderr.decode("utf-8", "replace")[-2000:]
    assert proc.returncode == 1
    doc = json.loads(proc.stdout.decode("utf-8"))
    messages = [r["message"]["text"] for r in doc["runs"][0]["results"]]
    assert any("straße" in m for m in messages), messages


def test_notification_columns_are_utf16(tmp_path):
    """A syntax-error notification's region is in the run's columnKind (UTF-16) too."""
    root = make_repo(tmp_path)
    template = CGO_SYNTAX_ERROR_GO.replace(
        "\tp := C.malloc(C.size_t(n)\n", '\ts := "{S}"; p := C.malloc(C.size_t(n)) @\n\t_ = s\n'
    )
    columns = {}
    for name, literal in (("ascii", "ab"), ("emoji", "🙂🙂")):
        (root / name).mkdir()
        (root / name / "bad.go").write_text(template.replace("{S}", literal), encoding="utf-8")
        sarif = check_sarif(root, [name], tmp_path / f"{name}.sarif")
        notes = sarif.run["invocations"][0]["toolExecutionNotifications"]
        syntax = [n for n in notes if "syntax error" in n["message"]["text"]]
        assert syntax, notes
        region = syntax[0]["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == 9
        columns[name] = region["startColumn"]
    # Both literals are two code points; the emoji pair is four UTF-16 units.
    assert columns["ascii"] > len('\ts := "ab"')
    assert columns["emoji"] == columns["ascii"] + 2, columns


# ------------------------------------------------------------- fingerprints


def test_fingerprints_survive_lines_inserted_above(tmp_path):
    root = make_repo(tmp_path)
    (root / "pkg").mkdir()
    original = (SAMPLES / "cmalloc" / "malloc.go").read_text(encoding="utf-8")
    path = root / "pkg" / "malloc.go"
    path.write_text(original, encoding="utf-8")
    before = check_sarif(root, ["pkg"], tmp_path / "before.sarif")

    marker = "// lookupVocab leaks the C string for unknown words.\n"
    assert original.count(marker) == 1
    assert INSERTED_ABOVE.count("\n") == 5
    path.write_text(original.replace(marker, INSERTED_ABOVE + marker), encoding="utf-8")
    after = check_sarif(root, ["pkg"], tmp_path / "after.sarif")

    assert len(before.results) == len(after.results) == 4
    fp_before, fp_after = fingerprints(before), fingerprints(after)
    assert len(set(fp_before)) == 4, "each finding has its own fingerprint"
    assert set(fp_after) == set(fp_before)
    lines_before = {r["partialFingerprints"]["golintAi/v2"]: loc_of(r)[1]["startLine"] for r in before.results}
    for r in after.results:
        fp = r["partialFingerprints"]["golintAi/v2"]
        assert loc_of(r)[1]["startLine"] == lines_before[fp] + 5
    assert_valid(after, root)


def test_identical_lines_get_distinct_fingerprints(tmp_path):
    root = make_repo(tmp_path)
    (root / "twice").mkdir()
    (root / "twice" / "twice.go").write_text(TWICE_GO, encoding="utf-8")
    sarif = check_sarif(root, ["twice"], tmp_path / "twice.sarif")
    lines = TWICE_GO.split("\n")
    flagged = [loc_of(r)[1]["startLine"] for r in sarif.results]
    assert len(flagged) == 2
    assert lines[flagged[0] - 1] == lines[flagged[1] - 1]
    fps = fingerprints(sarif)
    assert fps[0] != fps[1]
    assert_valid(sarif, root)


def test_fingerprint_does_not_depend_on_include_suppressed(tmp_path):
    """Suppressing the first of two identical leaking lines must not hand its
    fingerprint to the second, and the second's fingerprint must be the same with
    and without --include-suppressed."""
    root = make_repo(tmp_path)
    (root / "twice").mkdir()
    path = root / "twice" / "twice.go"
    path.write_text(TWICE_GO, encoding="utf-8")
    plain = check_sarif(root, ["twice"], tmp_path / "plain.sarif")
    second_fp = plain.results[1]["partialFingerprints"]["golintAi/v2"]
    second_line = loc_of(plain.results[1])[1]["startLine"]

    first_block = "\t{\n\t\tcs := C.CString(name)\n"
    path.write_text(
        TWICE_GO.replace(first_block, "\t{\n\t\t//golint-ai:ignore GAI301 kept on purpose\n\t\tcs := C.CString(name)\n", 1),
        encoding="utf-8",
    )
    without = check_sarif(root, ["twice"], tmp_path / "without.sarif")
    with_flag = check_sarif(root, ["--include-suppressed", "twice"], tmp_path / "with.sarif")

    assert [loc_of(r)[1]["startLine"] for r in without.results] == [second_line + 1]
    open_with = [r for r in with_flag.results if not r["suppressions"]]
    assert [loc_of(r)[1]["startLine"] for r in open_with] == [second_line + 1]
    fp_without = without.results[0]["partialFingerprints"]["golintAi/v2"]
    fp_with = open_with[0]["partialFingerprints"]["golintAi/v2"]
    assert fp_without == fp_with, "same finding, different fingerprint depending on --include-suppressed"
    assert fp_without == second_fp, "suppressing another finding changed this finding's fingerprint"


# ------------------------------------------------------------------- golden


def _redacted_cmalloc() -> tuple[subprocess.CompletedProcess, dict]:
    proc = run_cli(["check", "--format", "sarif", "--no-color", "tests/go_samples/GAI301/cmalloc"], REPO_ROOT)
    doc = json.loads(proc.stdout.decode("utf-8"))
    driver = doc["runs"][0]["tool"]["driver"]
    for key in ("version", "semanticVersion"):
        assert key in driver
        driver[key] = "<redacted>"
    return proc, doc


def test_golden_cmalloc():
    proc, doc = _redacted_cmalloc()
    assert proc.returncode == 1, proc.stderr
    uris = {loc_of(r)[0] for r in doc["runs"][0]["results"]}
    assert uris == {"tests/go_samples/GAI301/cmalloc/malloc.go"}
    rendered = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("GOLINT_AI_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(rendered, encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    if doc != expected:
        diff = difflib.unified_diff(
            json.dumps(expected, indent=2, ensure_ascii=False, sort_keys=True).splitlines(),
            json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True).splitlines(),
            "golden",
            "actual",
            lineterm="",
        )
        pytest.fail(
            "SARIF differs from tests/data/golden/cmalloc.sarif.json "
            "(GOLINT_AI_UPDATE_GOLDEN=1 rewrites it):\n" + "\n".join(diff)
        )
