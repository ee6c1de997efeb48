"""A short, seeded fuzz run: mutated samples never crash the analysis or its outputs.

The long runs are ``scripts/fuzz.py``; this keeps the harness itself working and catches
regressions on the shapes hypothesis finds quickly."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from fuzzing import TOKENS, check_source, mutate  # noqa: E402

SAMPLES = sorted(p for p in (Path(__file__).parent / "go_samples").rglob("*.go") if "modcache" not in p.parts)
INTERESTING = [p for p in SAMPLES if any(k in p.read_bytes() for k in (b"C.", b"sync.Pool", b"go func", b"unsafe."))]


@settings(max_examples=40, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    sample=st.sampled_from(INTERESTING),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    rounds=st.integers(min_value=1, max_value=4),
)
def test_mutated_samples(tmp_path_factory, sample, seed, rounds):
    check_source(mutate(sample.read_bytes(), random.Random(seed), rounds), tmp_path_factory.getbasetemp())


@settings(max_examples=30, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(pieces=st.lists(st.sampled_from(TOKENS) | st.binary(max_size=6), max_size=40))
def test_token_soup_after_a_package_clause(tmp_path_factory, pieces):
    check_source(b"package p\n\nimport \"C\"\n\nfunc f(s string) {\n" + b"".join(pieces) + b"\n}\n", tmp_path_factory.getbasetemp())


def test_mutation_is_deterministic_per_seed():
    data = INTERESTING[0].read_bytes()
    assert mutate(data, random.Random(5)) == mutate(data, random.Random(5))
