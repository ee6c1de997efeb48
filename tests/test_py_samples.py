"""Every Python sample directory under tests/py_samples is checked line-exactly against its
``# want`` annotations, with every rule enabled; the samples are valid Python (torch is
not needed: nothing is imported, only compiled)."""

from pathlib import Path

import pytest

from golint_ai.testing import check_sample, sample_directories

ROOT = Path(__file__).parent.parent
SAMPLES = Path(__file__).parent / "py_samples"
DIRS = sample_directories(SAMPLES)
FILES = sorted(SAMPLES.rglob("*.py"))


@pytest.mark.parametrize("directory", DIRS, ids=[str(d.relative_to(SAMPLES)) for d in DIRS])
def test_sample(directory, monkeypatch):
    monkeypatch.chdir(ROOT)
    report = check_sample(directory.relative_to(ROOT))
    assert not report.problems, "\n" + report.render()
    assert not report.notifications


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(SAMPLES)) for p in FILES])
def test_sample_is_valid_python(path):
    compile(path.read_bytes(), str(path), "exec", dont_inherit=True)


def test_every_python_rule_has_samples():
    from golint_ai.rules import ALL_RULES

    for rule in ALL_RULES:
        if rule.language == "python":
            assert (SAMPLES / rule.code).is_dir(), rule.code
