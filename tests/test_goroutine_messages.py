"""GAI102's findings say which path leaves the sender behind, point at it with related
locations, and carry the capacity fix only where it provably covers every send."""

import json
import re
from pathlib import Path

import pytest

from golint_ai.cli import main

ROOT = Path(__file__).parent.parent
SAMPLES = Path("tests") / "go_samples" / "GAI102"


@pytest.fixture(scope="module")
def findings():
    return {}


def _findings(case: str, capsys, monkeypatch, cache) -> list[dict]:
    if case not in cache:
        monkeypatch.chdir(ROOT)
        main(["check", str(SAMPLES / case), "--select", "GAI102", "--format", "json"])
        cache[case] = json.loads(capsys.readouterr().out)["findings"]
    return cache[case]


def _lines(case: str, func: str) -> tuple[str, dict[str, int]]:
    """The file holding ``func`` and the 1-based lines of its landmarks: the first
    `make(chan`, `go func`, `return`, `for`, select case on a context or timer, and
    the line of the `want`."""
    for path in sorted((ROOT / SAMPLES / case).glob("*.go")):
        lines = path.read_text().splitlines()
        start = next((i for i, ln in enumerate(lines) if re.match(rf"^func (?:\([^)]*\) )?{func}\(", ln)), None)
        if start is None:
            continue
        end = next(i for i in range(start + 1, len(lines)) if lines[i] == "}")
        marks: dict[str, int] = {}
        for i in range(start, end):
            ln = lines[i].strip()
            for key, pat in (("make", r"make\(chan"), ("go", r"^go func"), ("return", r"^return\b"),
                             ("for", r"^for "), ("case", r"^case <-\w+\.(Done|C)\b|^case <-\w+:|^default:")):
                if re.search(pat, ln) and key not in marks:
                    marks[key] = i + 1
            if "// want" in ln:
                marks.setdefault("want", i + 1)
        return f"{SAMPLES / case / path.name}", marks
    raise AssertionError(f"{func} not found in {case}")


def _finding(case, func, capsys, monkeypatch, cache) -> tuple[dict, dict[str, int]]:
    path, marks = _lines(case, func)
    hits = [f for f in _findings(case, capsys, monkeypatch, cache) if f["path"] == path and f["line"] == marks["want"]]
    assert len(hits) == 1, f"{func}: {hits}"
    return hits[0], marks


def test_early_return_names_the_exit_and_offers_capacity_one(capsys, monkeypatch, findings):
    f, m = _finding("early_return", "earlyReturn", capsys, monkeypatch, findings)
    assert f"`earlyReturn` returns at line {m['return']} before its receive at line {m['return'] + 2}" in f["message"]
    assert [(r["line"], r["message"]) for r in f["related"]] == [
        (m["make"], "`ch` made unbuffered here"), (m["return"], "this exit leaves the sender behind"),
        (m["return"] + 2, "the only receive")]
    assert f["fix"]["title"] == "Give `ch` capacity 1: `make(chan int, 1)`" and f["fix"]["applicability"] == "safe"


def test_senders_name_the_loop_and_the_bound(capsys, monkeypatch, findings):
    f, m = _finding("senders", "firstWins", capsys, monkeypatch, findings)
    assert f"receives once at line {m['return']} while the loop at line {m['for']} launches up to len(urls) senders" in f["message"]
    assert [r["line"] for r in f["related"]] == [m["make"], m["for"], m["return"]]
    assert f["fix"]["edits"][0]["text"] == "make(chan int, len(urls))"
    # Exclusive sends are one send per goroutine: len(urls) still covers them.
    f, _ = _finding("senders", "errOrResult", capsys, monkeypatch, findings)
    assert f["fix"]["edits"][0]["text"] == "make(chan error, len(urls))"


@pytest.mark.parametrize("func", ["nestedLoops", "queueLoop", "firstWinsCounted", "twoOfThree"])
def test_senders_fix_only_where_the_bound_is_a_collection_of_one_loop(func, capsys, monkeypatch, findings):
    f, _ = _finding("senders", func, capsys, monkeypatch, findings)
    assert f["fix"] is None
    assert "room for every sender" in f["message"]


def test_double_send_names_both_sends(capsys, monkeypatch, findings):
    f, m = _finding("double_send", "missingReturn", capsys, monkeypatch, findings)
    first = m["want"] - 2
    assert f"a second time here after the send at line {first}" in f["message"]
    assert [(r["line"], r["message"]) for r in f["related"]][1:] == [(first, "the first send"), (m["return"], "the only receive")]
    assert f["fix"] is None


def test_deferred_send_is_the_second(capsys, monkeypatch, findings):
    f, m = _finding("double_send", "deferredSecond", capsys, monkeypatch, findings)
    assert "in a deferred call that runs after the send at line" in f["message"]
    assert f["fix"] is None


def test_abandoned_names_the_case_that_gives_up(capsys, monkeypatch, findings):
    f, m = _finding("abandoned", "withContext", capsys, monkeypatch, findings)
    assert [(r["line"], r["message"]) for r in f["related"]] == [
        (m["make"], "`out` made unbuffered here"), (m["case"], "this case abandons the receive")]
    assert f["fix"]["edits"][0]["text"] == "make(chan int, 1)"
    f, _ = _finding("abandoned", "labelledLoop", capsys, monkeypatch, findings)
    assert f["fix"] is None  # three sends: capacity 1 would not cover them
