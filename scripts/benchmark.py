#!/usr/bin/env python3
"""Time `golint-ai check` where users wait, side by side with the floors it is measured
against, on the Go standard library and on the largest Go repository of the ecosystem
corpus (~/.cache/golint-ai/ecosystem, see scripts/ecosystem.py):

- cold: a check with an empty cache, against the parse floor (one process reading and
  parsing every file the check would see with tree-sitter); target ratio <= 0.5;
- warm: the same check again, nothing changed (target <= 0.5 s);
- edit: the check after one file was edited (a comment appended; target <= 1 s);
- one file: `check FILE` as pre-commit runs it, against its floor (a fresh interpreter
  importing tree-sitter and parsing that file's package); target <= 150 ms, and within
  60 ms of the floor;
- peak memory: of the largest process (getrusage of the children), and of all processes
  of a run together (their proportional set sizes, sampled every 10 ms; target <= 200 MB).

    python scripts/benchmark.py                       # std ($(go env GOROOT)/src) and the corpus
    python scripts/benchmark.py DIR --rounds 5        # another tree instead of std
    python scripts/benchmark.py --repo none           # std only

The trees are copied (their Go files and go.mod/go.work) into a temporary directory so
the edit never touches the originals. Each round runs every measurement once, one after
the other (paired runs on a busy machine); medians over the rounds are printed, wall
time and CPU time (user + system of the child processes) both.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
ECOSYSTEM = os.path.expanduser("~/.cache/golint-ai/ecosystem")


def env() -> dict[str, str]:
    e = dict(os.environ)
    e.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed tool has its bytecode
    e.pop("GOLINT_AI_NO_CACHE", None)
    e.pop("GOLINT_AI_CACHE_DIR", None)
    e["GOWORK"] = "off"
    return e


def go_files(root: str) -> list[str]:
    sys.path.insert(0, REPO_ROOT)
    from golint_ai.discovery import discover

    found = discover([root])
    return [f for files in found.directories.values() for f, _ in files if f.endswith(".go")]


def copy_tree(src: str, dst: str) -> None:
    def ignore(d: str, names: list[str]) -> list[str]:
        return [n for n in names if not os.path.isdir(os.path.join(d, n)) and not n.endswith((".go", "go.mod", "go.work"))]

    shutil.copytree(src, dst, ignore=ignore, symlinks=True)


def _memory_kib(pid: int) -> int:
    """The proportional set size of a process (shared pages split between the processes
    sharing them, as forked workers do), else its resident set; 0 once it is gone."""
    for path, field in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path) as fh:
                for line in fh:
                    if line.startswith(field):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return out


PEAK_TOGETHER: list[float] = []  # MiB: the most all processes of a run held at once (sampled)


def timed(cmd: list[str], cwd: str, sample: bool = False) -> tuple[float, float]:
    """Wall and CPU seconds of one child process (and its workers). ``sample`` (on Linux):
    the memory of the process and its workers together is sampled every 10 ms into
    PEAK_TOGETHER (a run of its own: the sampling takes CPU from the run)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    sampling = sample and os.path.isdir("/proc/self")

    def sample() -> None:
        nonlocal peak
        while proc.poll() is None:
            peak = max(peak, sum(_memory_kib(p) for p in _tree(proc.pid)))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True) if sampling else None
    if sampler is not None:
        sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    if sampler is not None:
        sampler.join()
        PEAK_TOGETHER.append(peak / 1024)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{err[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


FLOOR = """
import sys, time
from tree_sitter import Language, Parser
import tree_sitter_go
parser = Parser(Language(tree_sitter_go.language()))
for path in sys.argv[1:]:
    with open(path, "rb") as fh:
        parser.parse(fh.read())
"""


def check_cmd(paths: list[str], cache: str | None) -> list[str]:
    cmd = [sys.executable, "-m", "golint_ai", "check", *paths, "--format", "json", "--exit-zero", "--output", os.devnull]
    return cmd + (["--cache-dir", cache] if cache else ["--no-cache"])


def package_of(path: str) -> list[str]:
    d = os.path.dirname(path)
    return sorted(os.path.join(d, n) for n in os.listdir(d) if n.endswith(".go") and not n.endswith("_test.go"))


def pick_edit(files: list[str]) -> str:
    """The largest non-test file that is not generated: the costliest single edit."""
    sys.path.insert(0, REPO_ROOT)
    from golint_ai.golang.package import is_generated

    best = None
    for f in files:
        if f.endswith("_test.go"):
            continue
        size = os.path.getsize(f)
        if best is None or size > best[0]:
            with open(f, "rb") as fh:
                if is_generated(fh.read()):
                    continue
            best = (size, f)
    assert best is not None
    return best[1]


def measure(name: str, source: str, rounds: int, edit: str | None, one: str | None) -> dict[str, list[tuple[float, float]]]:
    work = tempfile.mkdtemp(prefix="golint-ai-bench-")
    try:
        tree = os.path.join(work, "tree")
        copy_tree(source, tree)
        files = go_files(tree)
        size = sum(os.path.getsize(f) for f in files)
        edit_path = os.path.join(tree, edit) if edit else pick_edit(files)
        one_path = os.path.join(tree, one) if one else edit_path
        print(f"\n{name}: {source}: {len(files)} Go files, {size / 1e6:.1f} MB")
        print(f"  edited file: {os.path.relpath(edit_path, tree)}; one-file check: {os.path.relpath(one_path, tree)} ({len(package_of(one_path))} files in its package)")
        floor_files = os.path.join(work, "files.txt")
        with open(floor_files, "w") as fh:
            fh.write("\n".join(files))
        cache = os.path.join(work, "cache")
        out: dict[str, list[tuple[float, float]]] = {k: [] for k in ("floor", "cold", "warm", "edit", "one", "one-floor")}
        floor_cmd = [sys.executable, "-c", "import sys; files = open(sys.argv[1]).read().split('\\n'); sys.argv[1:] = files\n" + FLOOR, floor_files]
        for r in range(rounds):
            out["floor"].append(timed(floor_cmd, work))
            shutil.rmtree(cache, ignore_errors=True)
            out["cold"].append(timed(check_cmd([tree], cache), work))
            out["warm"].append(timed(check_cmd([tree], cache), work))
            with open(edit_path, "a") as fh:
                fh.write(f"\n// benchmark edit {r}\n")
            out["edit"].append(timed(check_cmd([tree], cache), work))
            out["one-floor"].append(timed([sys.executable, "-c", FLOOR, *package_of(one_path)], work))
            out["one"].append(timed(check_cmd([one_path], None), work))
            print(f"  round {r + 1}: " + ", ".join(f"{k} {v[-1][0]:.2f}s" for k, v in out.items()), flush=True)
        shutil.rmtree(cache, ignore_errors=True)
        timed(check_cmd([tree], cache), work, sample=True)  # memory: a cold run, sampled
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(name: str, m: dict[str, list[tuple[float, float]]]) -> None:
    def med(key: str, i: int = 0) -> float:
        return statistics.median(v[i] for v in m[key])

    print(f"\n{name} (medians; wall / CPU):")
    print(f"  parse floor                {med('floor'):7.2f} s / {med('floor', 1):6.2f} s")
    print(f"  cold check                 {med('cold'):7.2f} s / {med('cold', 1):6.2f} s   ratio to floor {med('cold') / med('floor'):.2f} (target <= 0.5)")
    print(f"  warm, unchanged            {med('warm'):7.2f} s / {med('warm', 1):6.2f} s   (target <= 0.5 s)")
    print(f"  warm, one file edited      {med('edit'):7.2f} s / {med('edit', 1):6.2f} s   (target <= 1 s)")
    print(f"  one-file floor             {med('one-floor') * 1000:7.0f} ms / {med('one-floor', 1) * 1000:4.0f} ms")
    print(f"  one-file check             {med('one') * 1000:7.0f} ms / {med('one', 1) * 1000:4.0f} ms   {1000 * (med('one') - med('one-floor')):+.0f} ms over its floor (targets: <= 150 ms, <= +60 ms)")


def largest_corpus_repo() -> str | None:
    if not os.path.isdir(ECOSYSTEM):
        return None
    best = None
    for name in sorted(os.listdir(ECOSYSTEM)):
        root = os.path.join(ECOSYSTEM, name)
        if not os.path.isdir(root):
            continue
        total = 0
        for d, _, files in os.walk(root):
            total += sum(os.path.getsize(os.path.join(d, f)) for f in files if f.endswith(".go") and os.path.isfile(os.path.join(d, f)))
        if best is None or total > best[0]:
            best = (total, root)
    return best[1] if best and best[0] > 0 else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("directory", nargs="?", default="/usr/lib/go/src", help="the standard library's source (default: /usr/lib/go/src)")
    ap.add_argument("--repo", default="auto", help="a repository to measure too; auto: the largest of the ecosystem corpus; none: skip")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--edit", help="file to edit, relative to the directory (default: net/http/server.go for std, else the largest)")
    ap.add_argument("--one", help="file for the one-file check, relative to the directory (default: the edited file)")
    args = ap.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", os.path.join(REPO_ROOT, "golint_ai")], env=env(), stdout=subprocess.DEVNULL)
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}; {args.rounds} rounds")
    std_edit = args.edit or ("net/http/server.go" if os.path.isfile(os.path.join(args.directory, "net/http/server.go")) else None)
    results = [("std", measure("std", args.directory, args.rounds, std_edit, args.one))]
    repo = largest_corpus_repo() if args.repo == "auto" else (None if args.repo == "none" else args.repo)
    if repo is None:
        print("\nrepository: skipped (no ecosystem corpus checkouts; `python scripts/ecosystem.py` fetches them)" if args.repo == "auto" else "")
    else:
        results.append((os.path.basename(repo), measure("repository", repo, args.rounds, None, None)))
    for name, m in results:
        report(name, m)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\npeak memory of the largest process: {peak:.0f} MiB")
    if PEAK_TOGETHER:
        together = max(PEAK_TOGETHER)
        print(f"peak memory of all processes of a run together: {together:.0f} MiB = {together * 1.048576:.0f} MB (target: <= 200 MB; sampled every 10 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
