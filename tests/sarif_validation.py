"""SARIF validation helpers for the test suite.

    from sarif_validation import validate_sarif
    assert validate_sarif(path) == []

``validate_sarif`` runs three independent checks and returns human-readable
problem strings (an empty list means the file is valid):

1. ``schema:`` the official SARIF 2.1.0 JSON schema (tests/data/sarif-schema-2.1.0.json)
   with ``jsonschema``'s Draft 2020-12 validator and its format checker. This is
   close to upload-sarif's own pre-upload check.
2. ``multitool:`` Microsoft's ``sarif-multitool validate`` (npm
   ``@microsoft/sarif-multitool`` 5.7.0, installed by scripts/install_test_tools.sh)
   with tests/data/sarif-multitool-github.xml, which enables the SARIF rules plus
   GitHub's ingestion rules (GH1001-GH1018, GH2012). The tool exits 0 even when it
   finds errors, so its output log is parsed instead.
3. ``check:`` cheap assertions neither tool makes (a ``results`` and ``rules``
   array in every run, consistent ``ruleIndex``, repo-relative ``/`` URIs, regions
   with all four ints, final ``$schema`` URL, no BOM, tag/name/description limits,
   name != id, GitHub's size limits, optionally ``primaryLocationLineHash``).

The multitool is found through ``$SARIF_MULTITOOL`` (path to the executable) or
``<repo>/.tools/node_modules``; see ``multitool_path``. When it is missing the
multitool check is skipped, unless ``$CI`` is set (then it is a problem) or the
caller passes ``multitool=True``.
"""

from __future__ import annotations

import ctypes.util
import functools
import gzip
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, List, Optional, Sequence, Union

import jsonschema

__all__ = [
    "FINAL_SCHEMA_URLS",
    "MultitoolReport",
    "check_problems",
    "multitool_path",
    "run_multitool",
    "schema_problems",
    "validate_sarif",
]

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
DATA_DIR = TESTS_DIR / "data"
SCHEMA_PATH = DATA_DIR / "sarif-schema-2.1.0.json"
MULTITOOL_CONFIG = DATA_DIR / "sarif-multitool-github.xml"
TOOLS_NODE_MODULES = REPO_ROOT / ".tools" / "node_modules"
MULTITOOL_TIMEOUT_S = 180

# $schema values the multitool accepts as the final 2.1.0 schema (it flags every
# "...sarif-2.1.0-rtm.N.json" URL as GH1011/SARIF1011).
FINAL_SCHEMA_URLS = frozenset(
    {
        "https://json.schemastore.org/sarif-2.1.0.json",
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json",
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json",
    }
)

# GitHub code scanning limits (docs: sarif-limits / sarif-support-for-code-scanning).
MAX_GZIP_BYTES = 10 * 1024 * 1024
MAX_RUNS = 20
MAX_RESULTS_PER_RUN = 25_000
MAX_RULES_PER_RUN = 25_000
MAX_TAGS = 10  # 20 is the hard limit; only 10 are shown, so keep to 10.
MAX_RULE_NAME = 255
MAX_DESCRIPTION = 1024

_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_SECURITY_SEVERITY_RE = re.compile(r"^\d+(\.\d+)?$")
_PLACEHOLDER_RE = re.compile(r"\{(\d+)\}")

PathLike = Union[str, "os.PathLike[str]"]


# --------------------------------------------------------------------------- API


def validate_sarif(
    path: PathLike,
    *,
    multitool: Optional[bool] = None,
    warnings_as_problems: bool = False,
    source_root: Optional[PathLike] = None,
) -> List[str]:
    """Validate the SARIF file at ``path``; return problem strings ([] = valid).

    ``multitool``: None (default) runs the multitool when it is installed and
    reports its absence as a problem only when ``$CI`` is set; True requires it;
    False skips it. ``warnings_as_problems`` also reports multitool warnings.
    ``source_root``: if given, each result's ``primaryLocationLineHash`` is checked
    against the fingerprint port for files that exist under it.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [f"read: cannot read {path}: {exc}"]

    problems: List[str] = []
    doc: Any = None
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append("check: file starts with a UTF-8 BOM (upload-sarif's JSON.parse rejects it)")
    try:
        # Strict: upload-sarif reads the file as UTF-8 and JSON.parse()s it.
        text = raw.decode("utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8")
        doc = json.loads(text)
    except (UnicodeDecodeError, ValueError) as exc:
        problems.append(f"json: not valid UTF-8 JSON: {exc}")

    if doc is not None:
        problems.extend(schema_problems(doc))
        problems.extend(check_problems(doc, raw=raw, source_root=source_root))

    if multitool is not False:
        tool = multitool_path()
        if tool is None:
            if multitool or _ci():
                problems.append(
                    "multitool: sarif-multitool not found (run scripts/install_test_tools.sh "
                    "or set SARIF_MULTITOOL)"
                )
        else:
            report = run_multitool(path, tool=tool)
            problems.extend(report.problems(warnings_as_problems=warnings_as_problems))
    return problems


def multitool_path() -> Optional[str]:
    """Path of the sarif-multitool executable to run, or None if not installed.

    Order: ``$SARIF_MULTITOOL`` (if set, it must be an executable file, else None);
    the native binary ``<repo>/.tools/node_modules/@microsoft/sarif-multitool-<os>/
    Sarif.Multitool`` (preferred: the npm wrapper spawns through a shell); the npm
    wrapper ``<repo>/.tools/node_modules/.bin/sarif-multitool``.
    """
    env = os.environ.get("SARIF_MULTITOOL")
    if env:
        return env if _is_executable(env) else None
    platform_pkg, exe = {
        "linux": ("sarif-multitool-linux", "Sarif.Multitool"),
        "darwin": ("sarif-multitool-darwin", "Sarif.Multitool"),
        "win32": ("sarif-multitool-win32", "Sarif.Multitool.exe"),
    }.get(sys.platform, (None, None))
    candidates = []
    if platform_pkg:
        candidates.append(TOOLS_NODE_MODULES / "@microsoft" / platform_pkg / exe)
    candidates.append(TOOLS_NODE_MODULES / ".bin" / "sarif-multitool")
    for candidate in candidates:
        if _is_executable(candidate):
            return str(candidate)
    return None


# ------------------------------------------------------------------ JSON schema


@functools.lru_cache(maxsize=1)
def _schema_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_problems(doc: Any) -> List[str]:
    """Errors of ``doc`` against the SARIF 2.1.0 schema (Draft 2020-12 + formats)."""
    errors = sorted(
        _schema_validator().iter_errors(doc),
        key=lambda e: ([str(p) for p in e.absolute_path], e.message),
    )
    return [f"schema: {e.json_path}: {e.message}" for e in errors]


# -------------------------------------------------------------------- multitool


@dataclass
class MultitoolReport:
    """What one ``sarif-multitool validate`` call found."""

    errors: List[str] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)
    execution_successful: bool = False
    # Tool/configuration failures (bad exit code, unreadable output, notifications).
    failures: List[str] = field(default_factory=list)
    returncode: Optional[int] = None
    stdout: str = ""
    stderr: str = ""

    def problems(self, *, warnings_as_problems: bool = False) -> List[str]:
        out = [f"multitool: {m}" for m in self.failures]
        if not self.execution_successful and not self.failures:
            out.append("multitool: invocation did not report executionSuccessful=true")
        out.extend(f"multitool: {m}" for m in self.errors)
        if warnings_as_problems:
            out.extend(f"multitool: {m}" for m in self.warnings)
        return out


def run_multitool(
    path: PathLike,
    *,
    tool: Optional[str] = None,
    config: PathLike = MULTITOOL_CONFIG,
    timeout: float = MULTITOOL_TIMEOUT_S,
) -> MultitoolReport:
    """Run ``sarif-multitool validate PATH -c CONFIG -o OUT --log ForceOverwrite``."""
    tool = tool or multitool_path()
    report = MultitoolReport()
    if tool is None:
        report.failures.append("sarif-multitool not found")
        return report

    path = Path(path).resolve()
    with tempfile.TemporaryDirectory(prefix="sarif-multitool-") as tmp:
        out_path = Path(tmp) / "validation.sarif"
        args = ["validate", str(path), "-c", str(Path(config).resolve()),
                "-o", str(out_path), "--log", "ForceOverwrite"]
        if _is_npm_wrapper(tool):
            # bin.js spawns the native tool with shell: true; quote for that shell.
            args = [shlex.quote(a) for a in args]
        try:
            proc = subprocess.run(
                [tool, *args],
                capture_output=True,
                text=True,
                errors="replace",
                timeout=timeout,
                env=_multitool_env(),
                cwd=tmp,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            report.failures.append(f"could not run {tool}: {exc}")
            return report
        report.returncode = proc.returncode
        report.stdout, report.stderr = proc.stdout, proc.stderr
        if proc.returncode != 0:
            tail = (proc.stdout + proc.stderr).strip().splitlines()[-5:]
            report.failures.append(
                f"exit code {proc.returncode}: " + (" | ".join(tail) or "(no output)")
            )
        try:
            log = json.loads(out_path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as exc:
            report.failures.append(f"no readable output log: {exc}")
            return report
    _parse_multitool_log(log, report)
    return report


def _parse_multitool_log(log: Any, report: MultitoolReport) -> None:
    runs = log.get("runs") or []
    invocations = [inv for run in runs for inv in (run.get("invocations") or [])]
    report.execution_successful = bool(invocations) and all(
        inv.get("executionSuccessful") is True for inv in invocations
    )
    for inv in invocations:
        for key in ("toolExecutionNotifications", "toolConfigurationNotifications"):
            for note in inv.get(key) or []:
                if note.get("level", "warning") == "error":
                    ident = (note.get("descriptor") or {}).get("id", "")
                    text = (note.get("message") or {}).get("text", "")
                    report.failures.append(f"{ident}: {text}".strip(": "))
    for run in runs:
        rules = ((run.get("tool") or {}).get("driver") or {}).get("rules") or []
        for result in run.get("results") or []:
            rule = _rule_for(result, rules)
            level = result.get("level") or (
                (rule or {}).get("defaultConfiguration") or {}
            ).get("level") or "warning"
            text = f"{result.get('ruleId', '?')}{_position(result)}: {_message(result, rule)}"
            if level == "error":
                report.errors.append(text)
            elif level == "warning":
                report.warnings.append(text)
            elif level == "note":
                report.notes.append(text)


def _rule_for(result: dict, rules: Sequence[dict]) -> Optional[dict]:
    index = result.get("ruleIndex")
    if isinstance(index, int) and 0 <= index < len(rules):
        return rules[index]
    for rule in rules:
        if rule.get("id") == result.get("ruleId"):
            return rule
    return None


def _message(result: dict, rule: Optional[dict]) -> str:
    message = result.get("message") or {}
    if "text" in message:
        template = message["text"]
    else:
        strings = (rule or {}).get("messageStrings") or {}
        template = (strings.get(message.get("id", "")) or {}).get("text")
        if template is None:
            return f"{message.get('id')} {message.get('arguments')}"
    args = message.get("arguments") or []

    def sub(m: "re.Match[str]") -> str:
        i = int(m.group(1))
        return str(args[i]) if i < len(args) else m.group(0)

    return _PLACEHOLDER_RE.sub(sub, template)


def _position(result: dict) -> str:
    try:
        region = result["locations"][0]["physicalLocation"]["region"]
    except (KeyError, IndexError, TypeError):
        return ""
    line, col = region.get("startLine"), region.get("startColumn")
    return f" ({line},{col})" if col else (f" ({line})" if line else "")


def _multitool_env() -> dict:
    env = dict(os.environ)
    if "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT" not in env and not _has_icu():
        env["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1"
    env.setdefault("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
    return env


@functools.lru_cache(maxsize=1)
def _has_icu() -> bool:
    if sys.platform != "linux":
        return True
    return ctypes.util.find_library("icuuc") is not None


def _is_executable(p: PathLike) -> bool:
    return os.path.isfile(p) and os.access(p, os.X_OK)


def _is_npm_wrapper(tool: str) -> bool:
    return os.path.realpath(tool).endswith(".js")


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


# ----------------------------------------------------------- cheap extra checks


def check_problems(
    doc: Any, *, raw: Optional[bytes] = None, source_root: Optional[PathLike] = None
) -> List[str]:
    """Assertions that neither the schema nor the multitool make (GitHub-oriented)."""
    out: List[str] = []
    if not isinstance(doc, dict):
        return ["check: top level is not a JSON object"]
    if raw is not None:
        # (A BOM is reported by validate_sarif, which sees the bytes before parsing.)
        size = len(gzip.compress(raw))
        if size >= MAX_GZIP_BYTES:
            out.append(f"check: gzip-compressed size {size} bytes is over GitHub's 10 MB limit")
    schema_url = doc.get("$schema")
    if schema_url not in FINAL_SCHEMA_URLS:
        out.append(f"check: $schema {schema_url!r} is not a final SARIF 2.1.0 schema URL")
    if doc.get("version") != "2.1.0":
        out.append(f"check: version {doc.get('version')!r} is not '2.1.0'")
    runs = doc.get("runs")
    if not isinstance(runs, list):
        return out + ["check: 'runs' is not an array"]
    if len(runs) > MAX_RUNS:
        out.append(f"check: {len(runs)} runs, GitHub allows at most {MAX_RUNS}")
    for r, run in enumerate(runs):
        if isinstance(run, dict):
            out.extend(_check_run(run, f"runs[{r}]", source_root))
        else:
            out.append(f"check: runs[{r}] is not an object")
    return out


def _check_run(run: dict, where: str, source_root: Optional[PathLike]) -> Iterator[str]:
    driver = (run.get("tool") or {}).get("driver") or {}
    rules = driver.get("rules")
    if not isinstance(rules, list):
        yield f"check: {where}.tool.driver: no 'rules' array"
        rules = []
    elif len(rules) > MAX_RULES_PER_RUN:
        yield f"check: {where}.tool.driver.rules: {len(rules)} rules, over {MAX_RULES_PER_RUN}"
    seen_ids = set()
    for i, rule in enumerate(rules):
        rw = f"{where}.tool.driver.rules[{i}]"
        if not isinstance(rule, dict):
            yield f"check: {rw} is not an object"
            continue
        rid = rule.get("id")
        if rid in seen_ids:
            yield f"check: {rw}: duplicate rule id {rid!r}"
        seen_ids.add(rid)
        yield from _check_rule(rule, rw)

    results = run.get("results")
    if not isinstance(results, list):
        yield f"check: {where}: no 'results' array (upload-sarif: \"Missing 'results' array in run\")"
        return
    if len(results) > MAX_RESULTS_PER_RUN:
        yield f"check: {where}.results: {len(results)} results, over {MAX_RESULTS_PER_RUN}"
    for i, result in enumerate(results):
        rw = f"{where}.results[{i}]"
        if not isinstance(result, dict):
            yield f"check: {rw} is not an object"
            continue
        yield from _check_result(result, rw, rules, source_root)


def _check_rule(rule: dict, where: str) -> Iterator[str]:
    rid, name = rule.get("id"), rule.get("name")
    if name is not None:
        if name == rid:
            yield f"check: {where}: name {name!r} is identical to id (omit name or make it differ)"
        if isinstance(name, str) and len(name) > MAX_RULE_NAME:
            yield f"check: {where}.name: {len(name)} characters, over {MAX_RULE_NAME}"
    for key in ("shortDescription", "fullDescription"):
        text = (rule.get(key) or {}).get("text")
        if isinstance(text, str) and len(text) > MAX_DESCRIPTION:
            yield f"check: {where}.{key}.text: {len(text)} characters, over {MAX_DESCRIPTION}"
    props = rule.get("properties") or {}
    tags = props.get("tags")
    if tags is not None:
        if not isinstance(tags, list):
            yield f"check: {where}.properties.tags is not an array"
        else:
            if len(tags) != len(set(map(json.dumps, tags))):
                yield f"check: {where}.properties.tags has duplicates: {tags!r}"
            if len(tags) > MAX_TAGS:
                yield f"check: {where}.properties.tags: {len(tags)} tags, over {MAX_TAGS}"
    if "security-severity" in props:
        sev = props["security-severity"]
        ok = isinstance(sev, str) and bool(_SECURITY_SEVERITY_RE.match(sev)) and 0 < float(sev) <= 10
        if not ok:
            yield (
                f"check: {where}.properties.security-severity {sev!r} is not a "
                "string number in (0, 10]"
            )


def _check_result(
    result: dict, where: str, rules: Sequence[Any], source_root: Optional[PathLike]
) -> Iterator[str]:
    rule_id = result.get("ruleId")
    index = result.get("ruleIndex")
    if index is not None and index != -1:
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(rules):
            yield f"check: {where}.ruleIndex {index!r} is out of range for {len(rules)} rules"
        else:
            indexed = rules[index]
            indexed_id = indexed.get("id") if isinstance(indexed, dict) else None
            if rule_id is not None and indexed_id != rule_id:
                yield (
                    f"check: {where}: ruleIndex {index} names rule {indexed_id!r} "
                    f"but ruleId is {rule_id!r}"
                )
    if rule_id is not None and not any(
        isinstance(r, dict) and r.get("id") == rule_id for r in rules
    ):
        yield f"check: {where}: ruleId {rule_id!r} is not defined in tool.driver.rules"

    for loc_path, node in _walk(result, where):
        key = loc_path.rsplit(".", 1)[-1]
        if key == "artifactLocation" and isinstance(node, dict) and "uri" in node:
            yield from _check_uri(node["uri"], f"{loc_path}.uri")
        elif key in ("region", "contextRegion", "deletedRegion") and isinstance(node, dict):
            yield from _check_region(node, loc_path)

    if source_root is not None:
        yield from _check_fingerprint(result, where, Path(source_root))


def _check_uri(uri: Any, where: str) -> Iterator[str]:
    if not isinstance(uri, str) or not uri:
        yield f"check: {where}: {uri!r} is not a non-empty string"
        return
    if "\\" in uri:
        yield f"check: {where}: {uri!r} contains a backslash; use '/' separators"
    if _SCHEME_RE.match(uri):
        yield f"check: {where}: {uri!r} has a scheme; use a repo-root-relative path"
        return
    if uri.startswith("/"):
        yield f"check: {where}: {uri!r} is absolute; use a repo-root-relative path"
        return
    segments = uri.split("/")
    if any(s in (".", "..") for s in segments) or "" in segments[:-1]:
        yield f"check: {where}: {uri!r} is not a normalised path ('.', '..' or '//')"


def _check_region(region: dict, where: str) -> Iterator[str]:
    keys = ("startLine", "startColumn", "endLine", "endColumn")
    values = {k: region.get(k) for k in keys}
    missing = [k for k, v in values.items() if not isinstance(v, int) or isinstance(v, bool)]
    if missing:
        yield f"check: {where}: missing or non-integer {', '.join(missing)}"
    sl, sc, el, ec = (values[k] for k in keys)
    if isinstance(sl, int) and sl < 1:
        yield f"check: {where}.startLine {sl} is less than 1"
    for k in ("startColumn", "endColumn"):
        v = values[k]
        if isinstance(v, int) and not isinstance(v, bool) and v < 1:
            yield f"check: {where}.{k} {v} is less than 1"
    if not missing:
        if el < sl:
            yield f"check: {where}: endLine {el} is before startLine {sl}"
        elif el == sl and ec < sc:
            yield f"check: {where}: endColumn {ec} is before startColumn {sc}"


def _check_fingerprint(result: dict, where: str, source_root: Path) -> Iterator[str]:
    try:
        from golint_ai.output.fingerprint import primary_location_line_hash
    except ImportError:
        sys.path.insert(0, str(REPO_ROOT))
        from golint_ai.output.fingerprint import primary_location_line_hash

    try:
        phys = result["locations"][0]["physicalLocation"]
        uri = phys["artifactLocation"]["uri"]
        line = phys["region"]["startLine"]
    except (KeyError, IndexError, TypeError):
        return
    source = source_root / uri
    if not source.is_file():
        return
    expected = primary_location_line_hash(source.read_bytes(), line)
    actual = (result.get("partialFingerprints") or {}).get("primaryLocationLineHash")
    if actual != expected:
        yield (
            f"check: {where}.partialFingerprints.primaryLocationLineHash is {actual!r}, "
            f"expected {expected!r} for {uri}:{line}"
        )


def _walk(node: Any, where: str) -> Iterator[tuple]:
    """(json-path, value) for every dict/list value under ``node``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, (dict, list)):
                child = f"{where}.{key}"
                yield child, value
                yield from _walk(value, child)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if isinstance(value, (dict, list)):
                child = f"{where}[{i}]"
                yield child, value
                yield from _walk(value, child)
