#!/usr/bin/env python3
"""The ecosystem check: run the current tree over pinned real repositories and compare
what it reports with the judged ledger.

    python scripts/ecosystem.py checkout                 # materialise the pinned snapshots
    python scripts/ecosystem.py run                      # findings, diff against the ledger, precision
    python scripts/ecosystem.py run --write              # ... and record new findings (unjudged) in the ledger
    python scripts/ecosystem.py show --unjudged          # findings with their source, for judging
    python scripts/ecosystem.py judge REPO FINGERPRINT true|false "reason"
    python scripts/ecosystem.py judge REPO --batch verdicts.tsv   # FINGERPRINT<TAB>true|false<TAB>reason

The corpus (repository, commit, why) is ``ecosystem/corpus.toml``; the ledger is
``ecosystem/ledger/<owner>+<name>.jsonl``, one finding per line, keyed by repository,
path, rule and golint-ai's line-free fingerprint, each with a verdict (``true`` when a
careful Go reviewer would want it reported as a real leak or hazard, ``false``
otherwise, ``null`` while unjudged) and a one-line reason.

Snapshots are never committed: ``checkout`` exports each pinned commit from a bare git
directory under ``--mirror`` (default ``$GOLINT_AI_ECOSYSTEM_MIRROR``, else
``/work/.mirror``; one directory per repository named ``<owner>+<name>``, holding
``repo/`` as a bare git dir or a clone), into ``--checkouts`` (default
``$GOLINT_AI_ECOSYSTEM_DIR``, else ``~/.cache/golint-ai/ecosystem``). Only what the
analysis reads is exported (Go sources, ``go.mod``/``go.work``, C headers).

This needs the snapshots on disk, so it is not part of the test suite (CI has no
network); run it before every change to a rule lands.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ECOSYSTEM = ROOT / "ecosystem"
CORPUS = ECOSYSTEM / "corpus.toml"
LEDGER = ECOSYSTEM / "ledger"
# What the analysis reads; everything else in a snapshot is left out of the checkout.
_EXPORT_SUFFIXES = (".go", ".h", ".hpp", ".hh", ".py")
_EXPORT_NAMES = ("go.mod", "go.work")
TARGETS = {"non-test": 0.90, "test": 0.80, "rule": 0.85}


@dataclass(frozen=True)
class Repo:
    name: str
    commit: str
    kind: str
    why: str

    @property
    def slug(self) -> str:
        return self.name.replace("/", "+")


def load_corpus() -> list[Repo]:
    data = tomllib.loads(CORPUS.read_text("utf-8"))
    repos = []
    for i, e in enumerate(data.get("repo", [])):
        missing = {"name", "commit", "kind", "why"} - set(e)
        if missing:
            raise SystemExit(f"{CORPUS}: repo #{i} lacks {', '.join(sorted(missing))}")
        repos.append(Repo(e["name"], e["commit"], e["kind"], e["why"]))
    return repos


def default_mirror() -> Path:
    return Path(os.environ.get("GOLINT_AI_ECOSYSTEM_MIRROR", "/work/.mirror"))


def default_checkouts() -> Path:
    env = os.environ.get("GOLINT_AI_ECOSYSTEM_DIR")
    if env:
        return Path(env)
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(cache) / "golint-ai" / "ecosystem"


def checkout_dir(checkouts: Path, repo: Repo) -> Path:
    return checkouts / f"{repo.slug}@{repo.commit[:12]}"


# -- checkout -----------------------------------------------------------------------
def _git_dir(mirror: Path, repo: Repo) -> Path | None:
    base = mirror / repo.slug / "repo"
    for cand in (base / ".git", base):
        if (cand / "HEAD").is_file() and (cand / "objects").is_dir():
            return cand
    return None


def checkout(repo: Repo, mirror: Path, checkouts: Path) -> tuple[Path | None, str]:
    dest = checkout_dir(checkouts, repo)
    if (dest / ".complete").is_file():
        return dest, "present"
    git = _git_dir(mirror, repo)
    if git is None:
        return None, f"no snapshot in {mirror / repo.slug} (bring it with the fetch tool)"
    listing = subprocess.run(
        ["git", f"--git-dir={git}", "ls-tree", "-r", "-z", repo.commit],
        capture_output=True,
    )
    if listing.returncode != 0:
        return None, f"commit {repo.commit[:12]} not in the snapshot: {listing.stderr.decode(errors='replace').strip()}"
    wanted: list[tuple[str, str]] = []
    for entry in listing.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, path_b = entry.partition(b"\t")
        mode, kind, sha = meta.decode().split()
        path = path_b.decode("utf-8", errors="surrogateescape")
        name = path.rsplit("/", 1)[-1]
        if kind != "blob" or mode == "120000":
            continue
        if name.endswith(_EXPORT_SUFFIXES) or name in _EXPORT_NAMES:
            wanted.append((sha, path))
    tmp = dest.with_name(dest.name + ".part")
    subprocess.run(["rm", "-rf", str(tmp)], check=True)
    tmp.mkdir(parents=True)
    missing = 0
    # One cat-file process for every blob; a blob the snapshot lacks (large files) is skipped.
    proc = subprocess.Popen(
        ["git", f"--git-dir={git}", "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None
    for sha, path in wanted:
        proc.stdin.write(sha.encode() + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            missing += 1
            continue
        size = int(header[2])
        data = proc.stdout.read(size)
        proc.stdout.read(1)  # the newline after the content
        target = tmp / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    proc.stdin.close()
    proc.wait()
    (tmp / ".complete").write_text(f"{repo.name} {repo.commit}\n")
    subprocess.run(["rm", "-rf", str(dest)], check=True)
    tmp.rename(dest)
    note = f"{len(wanted) - missing} files"
    if missing:
        note += f" ({missing} blobs missing from the snapshot)"
    return dest, note


# -- ledger -------------------------------------------------------------------------
@dataclass
class Entry:
    repo: str
    path: str
    rule: str
    fingerprint: str
    line: int
    function: str
    verdict: bool | None = None
    reason: str = ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.repo, self.path, self.rule, self.fingerprint)

    @property
    def is_test(self) -> bool:
        return self.path.endswith("_test.go")

    def to_json(self) -> str:
        return json.dumps(
            {
                "repo": self.repo,
                "path": self.path,
                "rule": self.rule,
                "fingerprint": self.fingerprint,
                "line": self.line,
                "function": self.function,
                "verdict": self.verdict,
                "reason": self.reason,
            },
            ensure_ascii=False,
        )


def ledger_file(repo: Repo) -> Path:
    return LEDGER / f"{repo.slug}.jsonl"


def read_ledger(repo: Repo) -> dict[tuple, Entry]:
    path = ledger_file(repo)
    out: dict[tuple, Entry] = {}
    if not path.is_file():
        return out
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            e = Entry(
                raw["repo"], raw["path"], raw["rule"], raw["fingerprint"], int(raw.get("line", 0)),
                raw.get("function", ""), raw.get("verdict"), raw.get("reason", ""),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise SystemExit(f"{path}:{n}: malformed ledger line: {exc}")
        if e.verdict not in (True, False, None):
            raise SystemExit(f"{path}:{n}: verdict must be true, false or null")
        out[e.key] = e
    return out


def write_ledger(repo: Repo, entries: dict[tuple, Entry]) -> None:
    LEDGER.mkdir(parents=True, exist_ok=True)
    ordered = sorted(entries.values(), key=lambda e: (e.path, e.line, e.rule, e.fingerprint))
    ledger_file(repo).write_text("".join(e.to_json() + "\n" for e in ordered), "utf-8")


# -- running ------------------------------------------------------------------------
@dataclass
class Found:
    entry: Entry
    message: str
    column: int
    related: list[tuple[str, int, str]] = field(default_factory=list)


@dataclass
class RepoRun:
    repo: Repo
    found: list[Found]
    seconds: float
    files: int
    notifications: Counter


def run_repo(repo: Repo, root: Path, jobs: int | None) -> RepoRun:
    from golint_ai.output.located import findings
    from golint_ai.rules import CODES
    from golint_ai.runner import check_paths
    from golint_ai.settings import ConfigResolver

    old = os.getcwd()
    os.chdir(root)
    try:
        t0 = time.perf_counter()
        result = check_paths(["."], ConfigResolver(codes=CODES), jobs=jobs)
        seconds = time.perf_counter() - t0

        def uri(p: str) -> str:
            return os.path.relpath(os.path.abspath(p), root).replace(os.sep, "/")

        out = []
        for f in findings(result, "utf-32", include_suppressed=False, uri_of=uri):
            d = f.diagnostic
            e = Entry(repo.name, uri(d.span.path), d.code, f.fingerprint, f.where.start.line, d.context)
            related = [(uri(loc.path), loc.start.line, msg) for loc, msg in f.related]
            out.append(Found(e, d.message, f.where.start.column, related))
    finally:
        os.chdir(old)
    notes = Counter(n.kind for n in result.notifications)
    return RepoRun(repo, out, seconds, result.files, notes)


def _pct(t: int, f: int) -> str:
    return f"{t / (t + f):.2f}" if t + f else "  - "


def report(runs: list[RepoRun], ledgers: dict[str, dict[tuple, Entry]], show_new: bool, out=sys.stdout) -> dict:
    by_rule: dict[str, Counter] = defaultdict(Counter)
    overall: Counter = Counter()
    new: list[Found] = []
    gone: list[Entry] = []
    print("## Per repository\n", file=out)
    print(f"| {'repository':<28} | {'kind':<8} | files | time (s) | findings | new | gone | true | false | unjudged |", file=out)
    print(f"|{'-' * 30}|{'-' * 10}|------:|---------:|---------:|----:|-----:|-----:|------:|---------:|", file=out)
    for run in runs:
        ledger = ledgers[run.repo.name]
        keys = set()
        counts: Counter = Counter()
        for f in run.found:
            keys.add(f.entry.key)
            judged = ledger.get(f.entry.key)
            split = "test" if f.entry.is_test else "non-test"
            if judged is None:
                new.append(f)
                counts["new"] += 1
                verdict = None
            else:
                verdict = judged.verdict
            tag = {True: "true", False: "false", None: "unjudged"}[verdict]
            counts[tag] += 1
            by_rule[f.entry.rule][f"{tag}:{split}"] += 1
            by_rule[f.entry.rule]["n"] += 1
            overall[f"{tag}:{split}"] += 1
        for key, e in ledger.items():
            if key not in keys:
                gone.append(e)
                counts["gone"] += 1
        print(
            f"| {run.repo.name:<28} | {run.repo.kind:<8} | {run.files:5d} | {run.seconds:8.1f} | {len(run.found):8d} | "
            f"{counts['new']:3d} | {counts['gone']:4d} | {counts['true']:4d} | {counts['false']:5d} | {counts['unjudged']:8d} |",
            file=out,
        )
    print("\n## Per rule (precision = true / judged)\n", file=out)
    print("| rule   | findings | true | false | unjudged | precision | non-test | test |", file=out)
    print("|--------|---------:|-----:|------:|---------:|----------:|---------:|-----:|", file=out)
    summary: dict = {"rules": {}, "overall": {}}
    below = []
    for rule in sorted(by_rule):
        c = by_rule[rule]
        t = c["true:non-test"] + c["true:test"]
        f_ = c["false:non-test"] + c["false:test"]
        u = c["unjudged:non-test"] + c["unjudged:test"]
        prec = _pct(t, f_)
        print(
            f"| {rule} | {c['n']:8d} | {t:4d} | {f_:5d} | {u:8d} | {prec:>9} | "
            f"{_pct(c['true:non-test'], c['false:non-test']):>8} | {_pct(c['true:test'], c['false:test']):>4} |",
            file=out,
        )
        summary["rules"][rule] = {"findings": c["n"], "true": t, "false": f_, "unjudged": u}
        if t + f_ >= 5 and t / (t + f_) < TARGETS["rule"]:
            below.append(rule)
    t_nt, f_nt = overall["true:non-test"], overall["false:non-test"]
    t_t, f_t = overall["true:test"], overall["false:test"]
    u_all = overall["unjudged:non-test"] + overall["unjudged:test"]
    print(
        f"| all    | {sum(overall.values()):8d} | {t_nt + t_t:4d} | {f_nt + f_t:5d} | {u_all:8d} | "
        f"{_pct(t_nt + t_t, f_nt + f_t):>9} | {_pct(t_nt, f_nt):>8} | {_pct(t_t, f_t):>4} |",
        file=out,
    )
    summary["overall"] = {"true_non_test": t_nt, "false_non_test": f_nt, "true_test": t_t, "false_test": f_t, "unjudged": u_all}
    print("\n## Targets\n", file=out)
    ok_nt = t_nt + f_nt == 0 or t_nt / (t_nt + f_nt) >= TARGETS["non-test"]
    ok_t = t_t + f_t == 0 or t_t / (t_t + f_t) >= TARGETS["test"]
    print(f"- precision outside _test.go >= {TARGETS['non-test']}: {_pct(t_nt, f_nt)} {'ok' if ok_nt else 'MISSED'}", file=out)
    print(f"- precision inside _test.go >= {TARGETS['test']}: {_pct(t_t, f_t)} {'ok' if ok_t else 'MISSED'}", file=out)
    print(f"- every rule with >= 5 judged findings >= {TARGETS['rule']}: {'ok' if not below else 'MISSED: ' + ', '.join(below)}", file=out)
    if u_all:
        print(f"- {u_all} finding(s) unjudged: judge them (`show --unjudged`, then `judge`)", file=out)
    if new:
        print(f"\n## New findings ({len(new)}, not in the ledger)\n", file=out)
        for f in sorted(new, key=lambda f: (f.entry.repo, f.entry.path, f.entry.line)):
            msg = f.message if show_new else f.message[:160]
            print(f"- {f.entry.repo}: {f.entry.path}:{f.entry.line}:{f.column} {f.entry.rule} {msg}", file=out)
    if gone:
        print(f"\n## Ledger findings that disappeared ({len(gone)})\n", file=out)
        for e in sorted(gone, key=lambda e: (e.repo, e.path, e.line)):
            v = {True: "TRUE (recall lost)", False: "false (fixed)", None: "unjudged"}[e.verdict]
            print(f"- {e.repo}: {e.path}:{e.line} {e.rule} [{v}] {e.reason}", file=out)
    summary["new"] = len(new)
    summary["gone"] = len(gone)
    summary["targets_met"] = ok_nt and ok_t and not below and not u_all
    return summary


def _source_context(root: Path, path: str, line: int, before: int = 6, after: int = 6) -> str:
    try:
        lines = (root / path).read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    lo, hi = max(1, line - before), min(len(lines), line + after)
    width = len(str(hi))
    return "\n".join(f"{'>' if n == line else ' '} {n:>{width}} | {lines[n - 1]}" for n in range(lo, hi + 1))


# -- commands -----------------------------------------------------------------------
def _select(repos: list[Repo], names: list[str] | None) -> list[Repo]:
    if not names:
        return repos
    wanted = {n.lower() for n in names}
    picked = [r for r in repos if r.name.lower() in wanted or r.name.split("/")[1].lower() in wanted]
    if len(picked) != len(wanted):
        known = ", ".join(r.name for r in repos)
        raise SystemExit(f"unknown repository among {', '.join(names)} (known: {known})")
    return picked


def cmd_checkout(args) -> int:
    bad = 0
    for repo in _select(load_corpus(), args.repo):
        dest, note = checkout(repo, args.mirror, args.checkouts)
        print(f"{repo.name:<30} {note}" + (f" -> {dest}" if dest else ""))
        bad += dest is None
    return 1 if bad else 0


def _runs(args) -> tuple[list[RepoRun], dict[str, dict[tuple, Entry]]]:
    runs = []
    ledgers = {}
    for repo in _select(load_corpus(), args.repo):
        root = checkout_dir(args.checkouts, repo)
        if not (root / ".complete").is_file():
            raise SystemExit(f"{repo.name}: not checked out in {root}; run `scripts/ecosystem.py checkout` first")
        print(f"running {repo.name} ...", file=sys.stderr, flush=True)
        runs.append(run_repo(repo, root, args.jobs))
        ledgers[repo.name] = read_ledger(repo)
    return runs, ledgers


def cmd_run(args) -> int:
    runs, ledgers = _runs(args)
    summary = report(runs, ledgers, args.full_messages)
    if args.write:
        for run in runs:
            old = ledgers[run.repo.name]
            new: dict[tuple, Entry] = {}
            for f in run.found:
                prev = old.get(f.entry.key)
                e = f.entry
                if prev is not None:
                    e.verdict, e.reason = prev.verdict, prev.reason
                new[e.key] = e
            if args.keep_gone:
                for k, e in old.items():
                    new.setdefault(k, e)
            write_ledger(run.repo, new)
        print(f"\nledger written ({sum(len(r.found) for r in runs)} findings).", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    return 0


def cmd_show(args) -> int:
    runs, ledgers = _runs(args)
    for run in runs:
        root = checkout_dir(args.checkouts, run.repo)
        ledger = ledgers[run.repo.name]
        for f in sorted(run.found, key=lambda f: (f.entry.path, f.entry.line)):
            judged = ledger.get(f.entry.key)
            if args.unjudged and judged is not None and judged.verdict is not None:
                continue
            if args.rule and not f.entry.rule.startswith(args.rule):
                continue
            verdict = "unjudged" if judged is None or judged.verdict is None else f"{judged.verdict}: {judged.reason}"
            print(f"### {run.repo.name} {f.entry.path}:{f.entry.line}:{f.column} {f.entry.rule} [{verdict}]")
            print(f"fingerprint: {f.entry.fingerprint}  function: {f.entry.function}")
            print(f"message: {f.message}")
            for path, line, msg in f.related:
                print(f"related: {path}:{line} {msg}")
            print(f"source ({root / f.entry.path}):")
            print(_source_context(root, f.entry.path, f.entry.line, args.context, args.context))
            print()
    return 0


def cmd_judge(args) -> int:
    repo = _select(load_corpus(), [args.repo])[0]
    ledger = read_ledger(repo)
    if args.batch:
        lines = Path(args.batch).read_text("utf-8").splitlines()
        verdicts = []
        for n, line in enumerate(lines, 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3 or parts[1] not in ("true", "false"):
                raise SystemExit(f"{args.batch}:{n}: expected FINGERPRINT<TAB>true|false<TAB>reason")
            verdicts.append((parts[0].strip(), parts[1], parts[2]))
    else:
        if not (args.fingerprint and args.verdict and args.reason):
            raise SystemExit("judge needs FINGERPRINT VERDICT REASON, or --batch FILE")
        verdicts = [(args.fingerprint, args.verdict, args.reason)]
    for fingerprint, verdict, reason in verdicts:
        hits = [e for e in ledger.values() if e.fingerprint.startswith(fingerprint)]
        if len(hits) != 1:
            raise SystemExit(f"{len(hits)} ledger entries of {repo.name} match fingerprint {fingerprint!r}; run `run --write` first or give more digits")
        e = hits[0]
        e.verdict = verdict == "true"
        e.reason = " ".join(reason.split())
        print(f"{e.repo} {e.path}:{e.line} {e.rule}: {verdict} ({e.reason})")
    write_ledger(repo, ledger)
    return 0


def main(argv: list[str] | None = None) -> int:
    global CORPUS, LEDGER
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkouts", type=Path, default=default_checkouts(), help="where the snapshots are checked out")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus file (default: ecosystem/corpus.toml)")
    ap.add_argument("--ledger", type=Path, default=LEDGER, help="the ledger directory (default: ecosystem/ledger)")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("checkout", help="export the pinned commits from local snapshots")
    p.add_argument("--mirror", type=Path, default=default_mirror(), help="directory of <owner>+<name>/repo snapshots")
    p.add_argument("repo", nargs="*")
    p.set_defaults(func=cmd_checkout)

    p = sub.add_parser("run", help="run the current tree over the corpus and compare with the ledger")
    p.add_argument("repo", nargs="*")
    p.add_argument("--jobs", type=int, default=None)
    p.add_argument("--write", action="store_true", help="record the current findings in the ledger (verdicts carried over, new ones unjudged)")
    p.add_argument("--keep-gone", action="store_true", help="with --write: keep ledger entries that disappeared")
    p.add_argument("--full-messages", action="store_true")
    p.add_argument("--json", help="also write a JSON summary here")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("show", help="print findings with their source, for judging")
    p.add_argument("repo", nargs="*")
    p.add_argument("--jobs", type=int, default=None)
    p.add_argument("--unjudged", action="store_true")
    p.add_argument("--rule", help="only this rule (or prefix)")
    p.add_argument("--context", type=int, default=8, help="lines of source around each finding")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("judge", help="record a verdict for one ledger entry")
    p.add_argument("repo")
    p.add_argument("fingerprint", nargs="?", help="the fingerprint or a unique prefix of it")
    p.add_argument("verdict", nargs="?", choices=["true", "false"])
    p.add_argument("reason", nargs="?")
    p.add_argument("--batch", help="a file of FINGERPRINT<TAB>true|false<TAB>reason lines")
    p.set_defaults(func=cmd_judge)

    args = ap.parse_args(argv)
    CORPUS, LEDGER = args.corpus, args.ledger
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
