"""Parsers for the text forms Go prints goroutine stacks in.

- full dumps: ``/debug/pprof/goroutine?debug=2``, ``runtime.Stack(buf, true)``,
  panic and SIGQUIT tracebacks (``goroutine 7 [chan send, 212 minutes]:``, then pairs of
  function line and ``\\tfile:line +0x..`` line, then ``created by pkg.fn in goroutine N``
  and its location);
- the grouped goroutine profile, ``debug=1`` (``goroutine profile: total N``, then
  ``3 @ 0x.. 0x..`` and ``#\\t0x..\\tpkg.fn+0x..\\tfile:line`` lines);
- the Go 1.26+ ``goroutineleak`` profile in both forms (headers carry ``(leaked)``:
  ``goroutine 7 [chan send (leaked)]:``; the grouped form starts with
  ``goroutineleak profile: total N`` and every group in it is leaked).

One pass over the lines, no backtracking, so a 100,000-goroutine dump parses in linear
time. Lines that fit no form (interleaved logs, panic messages, register dumps) are
skipped; a dump cut off mid-goroutine keeps what it has. Goroutines with the same state,
stack and creation site are grouped.
"""

from __future__ import annotations

import re

from msgspec import Struct, field

__all__ = ["EvidenceError", "Frame", "Group", "Dump", "parse_dump", "parse_text"]


class EvidenceError(ValueError):
    """The evidence cannot be read or holds no goroutines: one line, exit status 2."""


class Frame(Struct, frozen=True, dict=True):
    """One stack frame of a goroutine dump: the function and its file and line, as printed."""

    function: str
    file: str  # as printed: absolute, -trimpath module path, Windows path
    line: int

    def __str__(self) -> str:
        return f"{self.function} {self.file}:{self.line}"


class Group(Struct, dict=True):
    """Goroutines with one state, stack and creation site."""

    state: str  # wait reason or status ("chan send", "select", "running"); "" when unknown (debug=1)
    frames: tuple[Frame, ...]
    created_by: Frame | None = None  # the `go` statement's function and location
    leaked: bool = False  # marked by the goroutineleak profile
    count: int = 0
    max_minutes: int | None = None  # longest wait printed ("212 minutes"); None when not printed
    elided: bool = False  # "...additional frames elided..."
    ids: list[int] = field(default_factory=list)  # a few goroutine ids, for the report

    @property
    def is_main(self) -> bool:
        """The main goroutine: lives as long as the process, so never a leak (goroutine 1
        with no creation site in a full dump; ``runtime.main`` at the bottom of a
        grouped profile's stack)."""
        if self.frames and self.frames[-1].function == "runtime.main":
            return True
        return self.created_by is None and 1 in self.ids

    @property
    def key(self) -> tuple:
        return (self.state, self.leaked, self.frames, self.created_by)


class Dump(Struct, dict=True):
    """One parsed goroutine dump or profile: where it came from, its form, and its goroutine groups."""

    source: str  # file name or URL
    form: str  # "debug=2" | "debug=1" | "goroutineleak debug=1"
    groups: list[Group]
    goroutines: int
    truncated: bool = False
    skipped_lines: int = 0

    @property
    def leak_profile(self) -> bool:
        return self.form.startswith("goroutineleak")


_HEADER = re.compile(r"^goroutine (\d+)(?: [^\[]*)?\[([^\]]*)\]:\s*$")
_FUNC = re.compile(r"^(\S+)\(([^()]*)\)\s*$")
_FILE = re.compile(r"^\s+(.+?):(\d+)(?: \+0x[0-9a-fA-F]+)?(?: fp=\S+ sp=\S+ pc=\S+)?\s*$")
_CREATED = re.compile(r"^created by (\S+?)(?: in goroutine (\d+))?\s*$")
_PROFILE_HEAD = re.compile(r"^(goroutine|goroutineleak) profile: total (\d+)\s*$")
_RECORD = re.compile(r"^(\d+) @(?: 0x[0-9a-fA-F]+)*\s*$")
_PC_FRAME = re.compile(r"^#\s+0x[0-9a-fA-F]+\s+(\S+?)(?:\+0x[0-9a-fA-F]+)?\s+(.+):(\d+)\s*$")
_MINUTES = re.compile(r"^(\d+) minutes?$")


def parse_dump(data: bytes, source: str) -> Dump:
    """Parse evidence bytes; :class:`EvidenceError` when they are not a goroutine dump."""
    head = data[:8192]
    if data[:2] == b"\x1f\x8b":
        raise EvidenceError(
            f"{source}: a gzip-compressed pprof protobuf profile; golint-ai reads the text forms "
            "(fetch /debug/pprof/goroutine?debug=2 or ?debug=1)"
        )
    if not data.strip():
        raise EvidenceError(f"{source}: empty file; no goroutine dump in it")
    if b"\x00" in head or _binary(head):
        raise EvidenceError(f"{source}: binary data, not a goroutine dump (expected the text of /debug/pprof/goroutine?debug=2)")
    text = data.decode("utf-8", errors="replace")
    dump = parse_text(text, source)
    if dump.goroutines == 0:
        raise EvidenceError(f"{source}: no goroutine stacks found (expected `goroutine N [state]:` blocks or a `goroutine profile: total N` listing)")
    return dump


def _binary(head: bytes) -> bool:
    if not head:
        return False
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control * 20 > len(head)


def parse_text(text: str, source: str = "<dump>") -> Dump:
    lines = text.splitlines()
    truncated = bool(text) and not text.endswith("\n")
    for line in lines[:200]:
        m = _PROFILE_HEAD.match(line)
        if m:
            leak = m.group(1) == "goroutineleak"
            return _parse_grouped(lines, source, leak, truncated)
        if _RECORD.match(line) and not line.startswith("goroutine"):
            return _parse_grouped(lines, source, False, truncated)
        if _HEADER.match(line):
            break
    return _parse_full(lines, source, truncated)


class _Grouper:
    def __init__(self) -> None:
        self.groups: dict[tuple, Group] = {}
        self.total = 0

    def add(self, state: str, leaked: bool, minutes: int | None, frames: list[Frame], created: Frame | None, elided: bool, count: int = 1, gid: int | None = None) -> None:
        key = (state, leaked, tuple(frames), created)
        g = self.groups.get(key)
        if g is None:
            g = self.groups[key] = Group(state, tuple(frames), created, leaked)
        g.count += count
        g.elided = g.elided or elided
        if minutes is not None and (g.max_minutes is None or minutes > g.max_minutes):
            g.max_minutes = minutes
        if gid is not None and len(g.ids) < 5:
            g.ids.append(gid)
        self.total += count


def _split_state(raw: str) -> tuple[str, bool, int | None]:
    """``chan send (leaked), 212 minutes, locked to thread`` → ("chan send", True, 212)."""
    leaked = False
    minutes = None
    state_parts = []
    for i, part in enumerate(p.strip() for p in raw.split(",")):
        if "(leaked)" in part:
            leaked = True
            part = part.replace("(leaked)", "").strip()
        m = _MINUTES.match(part)
        if m and i > 0:
            minutes = int(m.group(1))
            continue
        if i == 0:
            # other runtime annotations in parentheses: "(scan)", "(durable)"
            part = re.sub(r"\s*\((?:scan|durable)\)", "", part).strip()
            state_parts.append(part)
    return (state_parts[0] if state_parts else ""), leaked, minutes


def _parse_full(lines: list[str], source: str, truncated: bool) -> Dump:
    """Each goroutine is first reduced to a key of its state and stack text (function
    names without argument values, locations without register values); frames are
    parsed once per distinct key, so the per-goroutine work is a few string operations."""
    counts: dict[tuple, list] = {}  # key -> [count, max minutes, ids]
    states: dict[str, tuple[str, bool, int | None]] = {}
    skipped = 0
    items: list | None = None  # the current goroutine's stack items
    state_raw = ""
    gid = 0

    def flush() -> None:
        if items is None:
            return
        st = states.get(state_raw)
        if st is None:
            st = states[state_raw] = _split_state(state_raw)
        key = (st[0], st[1], tuple(items))
        entry = counts.get(key)
        if entry is None:
            entry = counts[key] = [0, None, []]
        entry[0] += 1
        if st[2] is not None and (entry[1] is None or st[2] > entry[1]):
            entry[1] = st[2]
        if len(entry[2]) < 5:
            entry[2].append(gid)

    for line in lines:
        c = line[:1]
        if c == "\t" or c == " ":
            if items is not None:
                i = line.find(" fp=")
                items.append(("l", (line[:i] if i > 0 else line).strip()))
            else:
                skipped += 1 if line.strip() else 0
            continue
        if c == "g" and line.startswith("goroutine "):
            m = _HEADER.match(line)
            if m:
                flush()
                items = []
                gid = int(m.group(1))
                state_raw = m.group(2)
                continue
        if items is None:
            skipped += 1 if line.strip() else 0
            continue
        if not line:
            continue
        if c == "c" and line.startswith("created by "):
            m = _CREATED.match(line)
            if m:
                items.append(("c", m.group(1)))
                continue
        if line[-1] == ")":
            p = line.rfind("(")
            if p > 0 and " " not in line[:p]:
                items.append(("f", line[:p]))
                continue
        if line.startswith("...") and "elided" in line:
            items.append(("e", ""))
            continue
        skipped += 1  # interleaved log output, panic text, register dumps
    flush()
    out = _Grouper()
    for (state, leaked, stack), (count, minutes, ids) in counts.items():
        frames, created, elided = _frames_of(stack)
        out.add(state, leaked, minutes, frames, created, elided, count=count)
        g = out.groups[(state, leaked, tuple(frames), created)]
        g.ids.extend(ids[: 5 - len(g.ids)])
    return Dump(source, "debug=2", list(out.groups.values()), out.total, truncated, skipped)


def _frames_of(stack: tuple) -> tuple[list[Frame], Frame | None, bool]:
    """Pair function and location lines; a function without its location (cut off, or a
    log line in between) is dropped."""
    frames: list[Frame] = []
    created: Frame | None = None
    elided = False
    pending: str | None = None
    pending_created = False
    for kind, text in stack:
        if kind == "l":
            if pending is None:
                continue
            m = _FILE.match("\t" + text)
            if m:
                fr = Frame(pending, m.group(1).strip(), int(m.group(2)))
                if pending_created:
                    created = fr
                else:
                    frames.append(fr)
            pending, pending_created = None, False
        elif kind == "f":
            pending, pending_created = text, False
        elif kind == "c":
            pending, pending_created = text, True
        else:
            elided = True
    return frames, created, elided


def _parse_grouped(lines: list[str], source: str, leak: bool, truncated: bool) -> Dump:
    out = _Grouper()
    skipped = 0
    count: int | None = None
    frames: list[Frame] = []

    def flush() -> None:
        nonlocal count
        if count is not None:
            out.add("", leak, None, frames, None, False, count=count)
        count = None

    for line in lines:
        if line.startswith("#"):
            if count is None:
                continue
            if line.startswith("# labels:"):
                continue
            m = _PC_FRAME.match(line)
            if m:
                frames.append(Frame(m.group(1), m.group(2).strip(), int(m.group(3))))
            continue
        m = _RECORD.match(line)
        if m:
            flush()
            count = int(m.group(1))
            frames = []
            continue
        if _PROFILE_HEAD.match(line) or not line.strip():
            continue
        skipped += 1
    flush()
    form = "goroutineleak debug=1" if leak else "debug=1"
    return Dump(source, form, list(out.groups.values()), out.total, truncated, skipped)
