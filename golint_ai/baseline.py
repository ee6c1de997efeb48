"""Baselines: adopt golint-ai in a codebase that already has findings.

``--write-baseline FILE`` records the current findings as SARIF; ``--baseline FILE``
then reports only findings whose stable fingerprint (``partialFingerprints["golintAi/v2"]``:
rule, file, enclosing function, the flagged line's and expression's text and their
occurrence, never line numbers) is not in it, so recorded findings stay hidden after unrelated edits above them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from msgspec.structs import replace

from golint_ai.output.located import findings

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.runner import RunResult

FINGERPRINT_KEY = "golintAi/v2"
# Earlier fingerprint formats: a baseline holding only these was written by an older golint-ai.
_OLD_KEYS = ("golintAi/v1",)


class BaselineError(ValueError):
    pass


def load_baseline(path: str) -> set[str]:
    try:
        with open(path, encoding="utf-8") as fh:
            log = json.load(fh)
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (create it with --write-baseline {path})") from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: baseline is not valid JSON: {exc}") from None
    except RecursionError:
        raise BaselineError(f"{path}: not a SARIF log (JSON nested too deeply)") from None
    except MemoryError:
        raise BaselineError(f"{path}: baseline too large to read") from None
    if not isinstance(log, dict) or not isinstance(log.get("runs"), list):
        raise BaselineError(f"{path}: not a SARIF log (no `runs` array); write one with --write-baseline")
    prints: set[str] = set()
    for run in log["runs"]:
        results = run.get("results") if isinstance(run, dict) else None
        if not isinstance(results, list):
            raise BaselineError(f"{path}: a run has no `results` array")
        for r in results:
            prints_of = (r.get("partialFingerprints") or {}) if isinstance(r, dict) else {}
            fp = prints_of.get(FINGERPRINT_KEY) if isinstance(prints_of, dict) else None
            if not isinstance(fp, str) and isinstance(prints_of, dict) and any(k in prints_of for k in _OLD_KEYS):
                raise BaselineError(
                    f"{path}: the baseline was written by an older golint-ai whose fingerprints are not comparable; "
                    f"write it again with --write-baseline {path}"
                )
            if not isinstance(fp, str):
                raise BaselineError(f"{path}: a result has no `{FINGERPRINT_KEY}` fingerprint; was it written by golint-ai?")
            prints.add(fp)
    return prints


def apply_baseline(result: "RunResult", baseline: set[str]) -> int:
    """Mark findings recorded in the baseline as suppressed; return how many."""
    matched = 0
    by_diag = {id(f.diagnostic): f.fingerprint for f in findings(result, "utf-32", include_suppressed=True)}
    kept = []
    for d in result.diagnostics:
        if not d.suppressed and by_diag.get(id(d)) in baseline:
            matched += 1
            d = replace(d, suppressed=True, suppression_reason="recorded in the baseline", suppression_kind="external")
        kept.append(d)
    result.diagnostics = kept
    return matched
