"""Every sample package under tests/go_samples is checked line-exactly against its
``// want`` annotations, with every rule enabled."""

from pathlib import Path

import pytest

from golint_ai.testing import check_sample, sample_directories

SAMPLES = Path(__file__).parent / "go_samples"
DIRS = sample_directories(SAMPLES)


@pytest.mark.parametrize("directory", DIRS, ids=[str(d.relative_to(SAMPLES)) for d in DIRS])
def test_sample(directory, monkeypatch):
    monkeypatch.chdir(Path(__file__).parent.parent)
    report = check_sample(directory.relative_to(Path(__file__).parent.parent))
    assert not report.problems, "\n" + report.render()
