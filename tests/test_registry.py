"""The registry is complete and coherent: one module per rule, one row per module,
metadata well formed, sample minimums met."""

import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import golint_ai.rules as rules_pkg
from golint_ai.registry import FixAvailability, Rule
from golint_ai.rules import ALL_RULES, BY_CODE, rule_for
from golint_ai.testing import parse_expectations, sample_directories

ROOT = Path(__file__).parent.parent
SAMPLES = ROOT / "tests" / "go_samples"
PY_SAMPLES = ROOT / "tests" / "py_samples"


def samples_of(rule) -> Path:
    return (PY_SAMPLES if rule.language == "python" else SAMPLES) / rule.code


# Minimum positive / near-miss negative sites per rule (from the issues).
MINIMUMS = {"GAI601": (12, 15), "GAI602": (12, 15), "GAI603": (12, 15), "GAI604": (12, 15), "GAI101": (12, 15), "GAI102": (12, 15), "GAI103": (12, 15), "GAI201": (12, 15), "GAI301": (12, 15), "GAI302": (10, 12), "GAI401": (10, 12), "GAI402": (10, 12), "GAI501": (10, 12), "GAI502": (10, 12)}


def test_every_module_has_a_row_and_every_row_a_module():
    modules = {m.name for m in pkgutil.iter_modules(rules_pkg.__path__)}
    registered = {r.__module__.rsplit(".", 1)[-1] for r in ALL_RULES}
    assert modules == registered
    for name in modules:
        mod = importlib.import_module(f"golint_ai.rules.{name}")
        defined = [v for v in vars(mod).values() if isinstance(v, type) and issubclass(v, Rule) and v is not Rule and v.__module__ == mod.__name__]
        assert len(defined) == 1, f"{name}: exactly one rule class per module"


def test_sorted_unique_and_valid():
    codes = [r.code for r in ALL_RULES]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)
    assert len({r.name for r in ALL_RULES}) == len(ALL_RULES)
    for r in ALL_RULES:
        r.validate()
        assert rule_for(r.code) is r and rule_for(r.name) is r
        assert BY_CODE[r.code] is r


def test_validate_rejects_bad_metadata():
    class BadName(Rule):
        code = "GAI301"
        name = "Bad_Name"

    with pytest.raises(ValueError):
        BadName.validate()


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_fix_availability_matches_behaviour(rule):
    """A rule that never offers a fix says NONE; one that does says so, and its samples show one."""
    from golint_ai.rules import CODES
    from golint_ai.runner import check_paths
    from golint_ai.settings import ConfigResolver

    result = check_paths([str(samples_of(rule))], ConfigResolver(CODES, cli_select=(rule.code,)), jobs=1)
    offered = [d for d in result.diagnostics if d.code == rule.code and d.fix is not None]
    if rule.fix_availability is FixAvailability.NONE:
        assert not offered
    else:
        assert offered, f"{rule.code} claims fixes but its samples never get one"


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_sample_minimums(rule):
    if rule.evidence_only:
        pytest.skip(f"{rule.code} reports from runtime evidence only (tests/test_runtime_evidence.py)")
    wants = oks = 0
    for d in sample_directories(samples_of(rule)):
        for go in [*d.glob("*.go"), *d.glob("*.py")]:
            exp = parse_expectations(go, str(go))
            wants += sum(1 for w in exp.wants if w.code == rule.code and not w.todo)
            oks += sum(1 for o in exp.oks if o[2] == rule.code and not o[3])
    need_w, need_ok = MINIMUMS.get(rule.code, (10, 12))
    assert wants >= need_w, f"{rule.code}: {wants} positive sites, need {need_w}"
    assert oks >= need_ok, f"{rule.code}: {oks} near-miss sites, need {need_ok}"


def test_rule_docs_pages_are_current():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_rule_docs.py"), "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_help_uri_points_at_docs_page():
    for r in ALL_RULES:
        assert re.search(rf"/docs/rules/{r.code}\.md$", r.help_uri())
        assert (ROOT / "docs" / "rules" / f"{r.code}.md").is_file()
