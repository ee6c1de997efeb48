"""--statistics counts findings per rule; the progress bar shows only on a terminal, for
the text format, once a run has lasted its delay, and is erased at the end."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

from golint_ai import cli
from golint_ai.output.progress import ProgressBar
from golint_ai.rules import CODES
from golint_ai.runner import check_paths
from golint_ai.settings import ConfigResolver

SAMPLES = Path(__file__).parent / "go_samples"


def test_statistics_count_the_findings_per_rule(capsys):
    target = str(SAMPLES / "GAI102")
    assert cli.main(["check", target, "--format", "json", "--exit-zero"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    expected = Counter(f["code"] for f in findings if not f["suppressed"])
    assert cli.main(["check", target, "--statistics", "--format", "json", "--exit-zero"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["code"]: r["count"] for r in rows} == dict(expected)
    assert [r["count"] for r in rows] == sorted((r["count"] for r in rows), reverse=True)
    fixes = Counter(f["code"] for f in findings if not f["suppressed"] and f["fix"] is not None)
    assert {r["code"]: r["fixable"] for r in rows} == {c: fixes[c] for c in expected}
    assert cli.main(["check", target, "--statistics"]) == 1  # findings still fail the run
    text = capsys.readouterr().out.splitlines()
    assert len(text) == len(rows)
    assert [line.split()[:3] for line in text] == [[str(r["count"]), r["code"], r["name"]] for r in rows]


def test_statistics_only_with_text_or_json(capsys):
    assert cli.main(["check", str(SAMPLES / "GAI102"), "--statistics", "--format", "sarif"]) == 2
    assert "--statistics" in capsys.readouterr().err


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_waits_for_its_delay_and_is_erased():
    now = [100.0]
    stream = _Tty()
    bar = ProgressBar(stream, delay=2.0, clock=lambda: now[0])
    bar(1, 10)
    now[0] += 1.9
    bar(2, 10)
    assert stream.getvalue() == ""  # a short run never shows a bar
    now[0] += 0.2
    bar(3, 10)
    assert stream.getvalue().endswith("] 3/10 directories")
    assert "#" * 9 in stream.getvalue() and "#" * 10 not in stream.getvalue()
    bar(10, 10)
    assert stream.getvalue().endswith("[" + "#" * 30 + "] 10/10 directories")
    bar.close()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_bar_only_on_a_terminal_and_for_text():
    assert ProgressBar.wanted(_Tty(), "text")
    assert not ProgressBar.wanted(io.StringIO(), "text")
    for fmt in ("json", "sarif", "github"):
        assert not ProgressBar.wanted(_Tty(), fmt)
    assert not ProgressBar.wanted(None, "text")


def test_runner_reports_every_directory_once():
    seen = []
    result = check_paths([str(SAMPLES / "modules")], ConfigResolver(tuple(CODES)), jobs=1, progress=lambda d, t: seen.append((d, t)))
    assert result.files
    total = seen[-1][1]
    assert seen == [(i, total) for i in range(1, total + 1)]
    assert total > 3


def test_machine_formats_write_no_bar(capsys, monkeypatch):
    monkeypatch.setattr("sys.stderr", _Tty())
    assert cli.main(["check", str(SAMPLES / "GAI102"), "--format", "json", "--exit-zero"]) == 0
    import sys

    assert "directories" not in sys.stderr.getvalue()
