"""What the tests that run ``golint-ai`` in-process share: a neutral working directory,
writing files under it, and running the CLI with its exit code and output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from golint_ai.cli import main


@pytest.fixture(autouse=True)
def cli_env(monkeypatch, tmp_path):
    """Work inside tmp_path with a neutral colour and debug environment (autouse in every
    module importing it)."""
    for var in ("NO_COLOR", "FORCE_COLOR", "GOLINT_AI_DEBUG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)


def write(root: Path, rel: str, text: str | bytes) -> Path:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """``golint-ai ARGV`` in-process: exit code, stdout, stderr."""
    capsys.readouterr()  # drop anything earlier
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse errors, --version, --help
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str) -> tuple[int, list, str]:
    code, out, err = run(capsys, *argv, "--format", "json")
    return code, json.loads(out)["findings"], err
