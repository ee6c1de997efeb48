#!/usr/bin/env python3
"""Write docs/rules/<CODE>.md from the rule registry; `--check` fails when they are stale."""

from __future__ import annotations

import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from golint_ai.cli import rule_markdown  # noqa: E402
from golint_ai.rules import ALL_RULES  # noqa: E402

DOCS = os.path.join(ROOT, "docs", "rules")


def expected() -> dict[str, str]:
    pages = {f"{r.code}.md": rule_markdown(r) for r in ALL_RULES}
    index = ["# golint-ai rules", "", "| code | name | summary |", "|---|---|---|"]
    index += [f"| [{r.code}]({r.code}.md) | {r.name} | {r.summary()} |" for r in ALL_RULES]
    pages["README.md"] = "\n".join(index) + "\n"
    return pages


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true", help="exit 1 if a page differs from the registry")
    args = ap.parse_args()
    stale = []
    want = expected()
    for name, content in sorted(want.items()):
        path = os.path.join(DOCS, name)
        current = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if current != content:
            stale.append(name)
            if not args.check:
                os.makedirs(DOCS, exist_ok=True)
                with open(path, "w", encoding="utf-8", newline="\n") as fh:
                    fh.write(content)
    extra = sorted(set(os.listdir(DOCS)) - set(want)) if os.path.isdir(DOCS) else []
    if args.check:
        if stale or extra:
            print(f"stale rule docs: {', '.join(stale + extra)}; run scripts/generate_rule_docs.py", file=sys.stderr)
            return 1
        return 0
    for name in extra:
        os.remove(os.path.join(DOCS, name))
    print(f"wrote {len(stale)} page(s), removed {len(extra)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
