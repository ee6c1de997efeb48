"""Where each report goes: ``--format F`` (repeatable) and ``--output [FORMAT=]PATH``.

* ``--output FORMAT=PATH`` writes that format to PATH (``-``: standard output) and asks
  for the format, whether or not ``--format`` names it too.
* A plain ``--output PATH`` (the single-format form) takes the one format without a
  destination: ``--format sarif --output x.sarif``, or text when no format is named.
* Every other format named by ``--format`` goes to standard output; with no ``--format``
  at all, that is ``text``. At most one format may go to standard output.
"""

from __future__ import annotations

from msgspec import Struct

from golint_ai.output.formats import FORMATS


class TargetError(ValueError):
    """A usage error in ``--format``/``--output`` (exit status 2)."""


class Target(Struct, frozen=True, dict=True):
    """One report destination: a format and the file it is written to."""

    format: str
    path: str | None  # None: standard output


def plan_targets(formats: list[str] | None, outputs: list[str] | None) -> list[Target]:
    named: list[Target] = []
    plain: list[str] = []
    for value in outputs or []:
        fmt, sep, path = value.partition("=")
        if sep and fmt in FORMATS:
            if not path:
                raise TargetError(f"--output {value}: no file named after `=`")
            named.append(Target(fmt, None if path == "-" else path))
        else:
            plain.append(value)
    if len(plain) > 1:
        raise TargetError(f"--output given {len(plain)} files without a format; name each one's format: --output FORMAT=FILE")
    # Without --format: text (`--output sarif=x.sarif` alone shows the findings too).
    wanted = list(dict.fromkeys(formats)) if formats else ["text"]
    have_dest = {t.format for t in named}
    free = [f for f in wanted if f not in have_dest]
    targets = list(named)
    if plain:
        if len(free) != 1:
            if not free:
                raise TargetError(f"--output {plain[0]}: every format already has a destination; name its format: --output FORMAT={plain[0]}")
            raise TargetError(f"--output {plain[0]} with several formats ({', '.join(free)}): name the format: --output FORMAT={plain[0]}")
        targets.append(Target(free[0], None if plain[0] == "-" else plain[0]))
        free = []
    targets += [Target(f, None) for f in free]
    targets = list(dict.fromkeys(targets))
    to_stdout = [t.format for t in targets if t.path is None]
    if len(to_stdout) > 1:
        raise TargetError(f"at most one format can go to standard output, got {', '.join(to_stdout)}; send the others to files with --output FORMAT=FILE")
    seen: dict[str, str] = {}
    for t in targets:
        if t.path is None:
            continue
        if t.path in seen and seen[t.path] != t.format:
            raise TargetError(f"--output: {seen[t.path]} and {t.format} cannot both be written to {t.path}")
        seen[t.path] = t.format
    return targets
