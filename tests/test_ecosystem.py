"""The ecosystem check end to end on a corpus of one throw-away repository: a real git
snapshot is checked out at its pinned commit, analysed, recorded in a ledger, judged,
and reported with its precision; changes show up as new and disappeared findings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "ecosystem.py"

LEAK = """package leak

// #include <stdlib.h>
import "C"

import "unsafe"

func Leak(s string, fail bool) int {
	c := C.CString(s)
	if fail {
		return 0
	}
	C.free(unsafe.Pointer(c))
	return 1
}
"""

FREED = LEAK.replace("\tif fail {\n\t\treturn 0\n\t}\n", "")

GUARD_TEST = """package leak

import (
	"testing"
	"time"
)

func TestGuard(t *testing.T) {
	done := make(chan int)
	go func() { done <- 1 }()
	select {
	case <-done:
	case <-time.After(time.Second):
		return
	}
}
"""


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout.strip()


def commit(repo: Path, files: dict[str, str], message: str) -> str:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture()
def corpus(tmp_path):
    mirror = tmp_path / "mirror"
    repo = mirror / "acme+widgets" / "repo"
    repo.mkdir(parents=True)
    git(repo, "init", "-q")
    first = commit(repo, {"go.mod": "module example.com/widgets\n\ngo 1.22\n", "leak/leak.go": LEAK,
                          "leak/guard_test.go": GUARD_TEST, "README.md": "not exported\n"}, "leaky")
    second = commit(repo, {"leak/leak.go": FREED}, "fixed")
    corpus_file = tmp_path / "corpus.toml"

    def pin(commit_: str) -> None:
        corpus_file.write_text(
            f'[[repo]]\nname = "acme/widgets"\ncommit = "{commit_}"\nkind = "binding"\nwhy = "a test repository"\n'
        )

    pin(first)
    return {"tmp": tmp_path, "mirror": mirror, "corpus": corpus_file, "first": first, "second": second, "pin": pin}


def run(corpus, *args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(SCRIPT), "--checkouts", str(corpus["tmp"] / "checkouts"), "--corpus", str(corpus["corpus"]),
           "--ledger", str(corpus["tmp"] / "ledger"), *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return proc


def ledger(corpus) -> list[dict]:
    path = corpus["tmp"] / "ledger" / "acme+widgets.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_checkout_run_judge_and_report(corpus):
    out = run(corpus, "checkout", "--mirror", str(corpus["mirror"])).stdout
    assert "acme/widgets" in out and "3 files" in out  # go.mod and the two Go files; README left out
    checkout = corpus["tmp"] / "checkouts" / f"acme+widgets@{corpus['first'][:12]}"
    assert (checkout / "leak" / "leak.go").read_text() == LEAK
    assert not (checkout / "README.md").exists()

    first = run(corpus, "run", "--write", "--json", str(corpus["tmp"] / "s.json"))
    assert "## New findings (2, not in the ledger)" in first.stdout
    entries = ledger(corpus)
    assert sorted((e["path"], e["rule"], e["line"]) for e in entries) == [
        ("leak/guard_test.go", "GAI102", 10), ("leak/leak.go", "GAI301", 9)]
    assert all(e["verdict"] is None and len(e["fingerprint"]) == 32 for e in entries)

    by_rule = {e["rule"]: e for e in entries}
    verdicts = corpus["tmp"] / "v.tsv"
    verdicts.write_text(
        f"{by_rule['GAI301']['fingerprint']}\ttrue\tC string never freed on the fail path\n"
        f"{by_rule['GAI102']['fingerprint'][:10]}\tfalse\ta test that passes on timeout: judged noise\n"
    )
    run(corpus, "judge", "acme/widgets", "--batch", str(verdicts))
    assert {e["rule"]: e["verdict"] for e in ledger(corpus)} == {"GAI301": True, "GAI102": False}

    report = run(corpus, "run", "--json", str(corpus["tmp"] / "s.json")).stdout
    summary = json.loads((corpus["tmp"] / "s.json").read_text())
    assert summary["overall"] == {"true_non_test": 1, "false_non_test": 0, "true_test": 0, "false_test": 1, "unjudged": 0}
    assert summary["new"] == 0 and summary["gone"] == 0
    assert "| GAI301 |        1 |    1 |     0 |        0 |      1.00 |" in report
    assert "precision inside _test.go >= 0.8: 0.00 MISSED" in report

    # A new pinned commit fixes the leak: the true finding is reported as lost.
    corpus["pin"](corpus["second"])
    run(corpus, "checkout", "--mirror", str(corpus["mirror"]))
    after = run(corpus, "run").stdout
    assert "## Ledger findings that disappeared (1)" in after
    assert "leak/leak.go:9 GAI301 [TRUE (recall lost)] C string never freed on the fail path" in after


def test_judge_refuses_an_unknown_fingerprint(corpus, tmp_path):
    run(corpus, "checkout", "--mirror", str(corpus["mirror"]))
    run(corpus, "run", "--write")
    cmd = [sys.executable, str(SCRIPT), "--corpus", str(corpus["corpus"]), "--ledger", str(corpus["tmp"] / "ledger"),
           "judge", "acme/widgets", "ffffffff", "true", "no such finding"]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode != 0 and "0 ledger entries" in proc.stderr


def test_checkout_says_when_a_snapshot_is_missing(corpus):
    cmd = [sys.executable, str(SCRIPT), "--checkouts", str(corpus["tmp"] / "co"), "--corpus", str(corpus["corpus"]),
           "checkout", "--mirror", str(corpus["tmp"] / "nowhere")]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1 and "no snapshot in" in proc.stdout
