"""The GitHub composite action: its definition is coherent, and its run steps, executed
here with the environment a runner sets, produce SARIF that passes the schema and the
SARIF multitool's GitHub rules, with the outputs and the fail-on-findings switch working."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sarif_validation import validate_sarif

ROOT = Path(__file__).parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _all_strings(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from _all_strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _all_strings(v)
    elif isinstance(node, str):
        yield node


def test_definition_is_coherent():
    assert ACTION["runs"]["using"] == "composite"
    inputs = set(ACTION["inputs"])
    assert {"paths", "args", "sarif-file", "upload", "category", "fail-on-findings"} <= inputs
    step_ids = {s.get("id") for s in ACTION["runs"]["steps"]}
    for s in _all_strings(ACTION):
        for expr in EXPR.findall(s):
            for name in re.findall(r"inputs\.([\w-]+)", expr):
                assert name in inputs, f"action.yml uses undefined input {name}"
            for step in re.findall(r"steps\.([\w-]+)\.outputs", expr):
                assert step in step_ids, f"action.yml uses outputs of unknown step {step}"
    for step in ACTION["runs"]["steps"]:
        if "uses" in step:
            assert re.search(r"@v\d+$", step["uses"]), f"{step['uses']} is not pinned to a major version"
        else:
            assert step.get("shell") == "bash"
    uploads = [s for s in ACTION["runs"]["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert len(uploads) == 1 and "inputs.upload" in uploads[0]["if"]
    assert set(uploads[0]["with"]) == {"sarif_file", "category"}


def _evaluate(expr: str, ctx: dict) -> str:
    return str(ctx.get(expr.strip(), ""))


def _substitute(value: str, ctx: dict) -> str:
    return EXPR.sub(lambda m: _evaluate(m.group(1), ctx), value)


def _condition(expr: str, ctx: dict) -> bool:
    """Evaluate the `a == 'x' && b == 'y'` conditions this action uses."""
    expr = EXPR.sub(lambda m: m.group(1), expr)
    for clause in expr.split("&&"):
        left, right = (p.strip() for p in clause.split("=="))
        if str(ctx.get(left, "")) != right.strip("'"):
            return False
    return True


def _run_steps(workspace: Path, inputs: dict, tmp_path: Path) -> tuple[dict, list[int]]:
    out_file = tmp_path / "github_output"
    out_file.write_text("")
    ctx = {f"inputs.{k}": v["default"] if "default" in v else "" for k, v in ACTION["inputs"].items()}
    ctx.update({f"inputs.{k}": v for k, v in inputs.items()})
    ctx.update({"github.action_path": str(ROOT), "github.workspace": str(workspace)})
    statuses = []
    bindir = os.path.dirname(sys.executable)
    for step in ACTION["runs"]["steps"]:
        if "uses" in step or step["name"] == "Install golint-ai":
            continue  # setup-python and upload-sarif run on GitHub; golint-ai is installed here already
        if "if" in step and not _condition(step["if"], ctx):
            continue
        env = {
            **os.environ,
            "PATH": bindir + os.pathsep + os.environ["PATH"],
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_OUTPUT": str(out_file),
            "GITHUB_ACTION_PATH": str(ROOT),
            "RUNNER_TEMP": str(tmp_path),
            "CI": "true",
        }
        env.update({k: _substitute(str(v), ctx) for k, v in step.get("env", {}).items()})
        cwd = _substitute(step.get("working-directory", str(workspace)), ctx)
        proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, env=env, capture_output=True, text=True)
        statuses.append(proc.returncode)
        for line in out_file.read_text().splitlines():
            key, _, value = line.partition("=")
            ctx[f"steps.{step.get('id')}.outputs.{key}"] = value
        if proc.returncode != 0:
            break
    outputs = {k.rsplit(".", 1)[-1]: v for k, v in ctx.items() if k.startswith("steps.check.outputs.")}
    return outputs, statuses


@pytest.fixture
def workspace(tmp_path):
    ws = tmp_path / "ws"
    (ws / ".git").mkdir(parents=True)
    shutil.copytree(ROOT / "tests" / "go_samples" / "GAI301" / "cmalloc", ws / "svc")
    return ws


def test_run_steps_produce_valid_sarif(workspace, tmp_path):
    outputs, statuses = _run_steps(workspace, {}, tmp_path)
    assert statuses == [0], statuses
    assert outputs["exit-code"] == "1" and int(outputs["findings"]) == 4
    sarif = workspace / outputs["sarif-file"]
    assert sarif.is_file()
    problems = validate_sarif(sarif, source_root=workspace)
    assert problems == []
    assert '"uri": "svc/malloc.go"' in sarif.read_text()


def test_fail_on_findings(workspace, tmp_path):
    _, statuses = _run_steps(workspace, {"fail-on-findings": "true"}, tmp_path)
    assert statuses == [0, 1]


def test_paths_and_args_are_passed(workspace, tmp_path):
    outputs, statuses = _run_steps(workspace, {"paths": "svc", "args": "--ignore GAI301", "sarif-file": "out/x.sarif"}, tmp_path)
    # out/ does not exist: golint-ai cannot write there, and the step reports it.
    assert statuses == [2]
    (workspace / "out").mkdir()
    outputs, statuses = _run_steps(workspace, {"paths": "svc", "args": "--ignore GAI301", "sarif-file": "out/x.sarif"}, tmp_path)
    assert statuses == [0] and outputs["findings"] == "0" and outputs["exit-code"] == "0"


def test_args_may_add_a_format_besides_the_sarif_file(workspace, tmp_path):
    """`args: --format github` prints annotations and the SARIF file is still written."""
    outputs, statuses = _run_steps(workspace, {"args": "--format github"}, tmp_path)
    assert statuses == [0], statuses
    assert outputs["exit-code"] == "1" and int(outputs["findings"]) == 4
    assert validate_sarif(workspace / outputs["sarif-file"], source_root=workspace) == []


LEAK_GO = 'package gen\n\n/*\n#include <stdlib.h>\n*/\nimport "C"\n\nfunc leak(s string) {\n\tc := C.CString(s)\n\t_ = c\n}\n'


def test_args_are_not_glob_expanded(workspace, tmp_path):
    """`--exclude gen/*` reaches golint-ai as written: a shell expanding it to
    `--exclude gen/a.go gen/b.go` would exclude a.go and check b.go as a path."""
    for name in ("a.go", "b.go"):
        (workspace / "gen" / name).parent.mkdir(exist_ok=True)
        (workspace / "gen" / name).write_text(LEAK_GO)
    outputs, statuses = _run_steps(workspace, {"args": "--exclude gen/*"}, tmp_path)
    assert statuses == [0], statuses
    sarif = (workspace / outputs["sarif-file"]).read_text()
    assert "gen/" not in sarif and '"uri": "svc/malloc.go"' in sarif


def test_quoted_paths_and_args_keep_their_spaces(workspace, tmp_path):
    spaced = workspace / "my svc"
    shutil.copytree(workspace / "svc", spaced)
    outputs, statuses = _run_steps(workspace, {"paths": '"my svc"', "args": "--exclude 'svc/*'"}, tmp_path)
    assert statuses == [0], statuses
    sarif = (workspace / outputs["sarif-file"]).read_text()
    assert "my%20svc/malloc.go" in sarif or "my svc/malloc.go" in sarif
    assert '"uri": "svc/malloc.go"' not in sarif


def test_unbalanced_quote_is_an_error_not_a_silent_default(workspace, tmp_path):
    outputs, statuses = _run_steps(workspace, {"args": "--exclude 'gen/*"}, tmp_path)
    assert statuses == [2]
    assert outputs == {}
