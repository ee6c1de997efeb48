"""Each case of the goroutine rules has its own sample package, with at least 15
positive sites and 20 near misses written for that case, and a ``Cases()`` table that
drives every annotated function at run time (tests/test_goroutine_proof.py runs it), so
every positive is proven to leak and every near miss proven not to."""

import re
from pathlib import Path

import pytest

SAMPLES = Path(__file__).parent / "go_samples"

# (rule, case of the contract) -> the sample package holding that case
CASES = {
    ("GAI102", "a"): "abandoned",
    ("GAI102", "b"): "early_return",
    ("GAI102", "c"): "senders",
    ("GAI102", "d"): "double_send",
    ("GAI104", "a"): "no_close",
    ("GAI104", "b"): "no_sender",
    ("GAI104", "c"): "method_contract",
}

# The part of the message that says which case it is (a regular expression): every
# `want` of the case's package asks for it.
MESSAGES = {
    ("GAI102", "a"): "is abandoned when",
    ("GAI102", "b"): "before its receive",
    ("GAI102", "c"): "receives (once|at most)",
    ("GAI102", "d"): "second time here",
    ("GAI104", "a"): "ranges over",
    ("GAI104", "b"): "waits on",
    ("GAI104", "c"): "starts a goroutine that runs until",
}

MIN_POSITIVE, MIN_NEAR_MISS = 15, 20


def _sources(rule: str, case: str) -> list[str]:
    directory = SAMPLES / rule / CASES[(rule, case)]
    files = sorted(directory.glob("*.go"))
    assert files, f"{directory} has no Go files"
    return [f.read_text("utf-8") for f in files]


def _wants(rule: str, source: str) -> list[str]:
    return re.findall(rf'//\s*want\s+"({rule}[^"]*)"', source)


def _oks(rule: str, source: str) -> list[str]:
    return re.findall(rf"//\s*ok:\s*{rule}\b", source)


@pytest.mark.parametrize("rule,case", sorted(CASES), ids=[f"{r}-{c}" for r, c in sorted(CASES)])
def test_enough_positives_and_near_misses(rule, case):
    sources = _sources(rule, case)
    wants = [w for s in sources for w in _wants(rule, s)]
    oks = [o for s in sources for o in _oks(rule, s)]
    assert len(wants) >= MIN_POSITIVE, f"{rule} ({case}): {len(wants)} positive sites"
    assert len(oks) >= MIN_NEAR_MISS, f"{rule} ({case}): {len(oks)} near misses"
    part = MESSAGES.get((rule, case))
    if part is not None:
        vague = [w for w in wants if not re.search(part, w)]
        assert not vague, f"{rule} ({case}): wants not naming the case ({part!r}): {vague}"


def _annotated(rule: str, source: str) -> set[str]:
    """Functions (and methods) holding a `want` or `ok` annotation of the rule."""
    out, current = set(), None
    for line in source.splitlines():
        m = re.match(r"^func (?:\([^)]*\) )?(\w+)", line)
        if m:
            current = m.group(1)
        if current is not None and (_wants(rule, line) or _oks(rule, line)):
            out.add(current)
    return out


@pytest.mark.parametrize("rule,case", sorted(CASES), ids=[f"{r}-{c}" for r, c in sorted(CASES)])
def test_every_annotated_function_is_run(rule, case):
    sources = _sources(rule, case)
    table = next((s for s in sources if re.search(r"^func Cases\(\) \[\]Case", s, re.M)), None)
    assert table is not None, f"{CASES[(rule, case)]} declares no Cases() table"
    body = table[table.index("func Cases() []Case"):]
    names = re.findall(r'^\s*\{"(\w+)",', body, re.M)
    assert len(names) == len(set(names)), f"{rule} ({case}): a function is run twice"
    annotated = set().union(*(_annotated(rule, s) for s in sources))
    assert annotated - set(names) == set(), f"{rule} ({case}): annotated but never run"
    assert set(names) - annotated == set(), f"{rule} ({case}): run but not annotated"
