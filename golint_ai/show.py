"""``check --show-settings FILE`` and ``check --show-files``: what a check would use,
without checking."""

from __future__ import annotations

import json
import os
from typing import IO

from golint_ai.discovery import display_path
from golint_ai.settings import ConfigResolver, Settings


def _toml(value: object) -> str:
    """A value in TOML's inline syntax (strings, integers, lists, tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_toml(k)} = {_toml(v)}" for k, v in value.items()) + " }" if value else "{}"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def settings_table(s: Settings) -> list[tuple[str, object]]:
    """The effective settings as configuration keys and values."""
    from golint_ai.knowledge import load_knowledge

    pfi: dict[str, list[str]] = {}
    for base, pattern, codes in s.per_file_ignores:
        key = pattern if pattern.startswith("/") or "/" not in pattern.rstrip("/") else f"{display_path(base)}/{pattern}"
        pfi.setdefault(key, []).extend(codes)
    rows: list[tuple[str, object]] = [
        ("select", list(s.select)),
        ("ignore", list(s.ignore)),
        ("exclude", list(s.exclude)),
        ("per-file-ignores", pfi),
        ("severity", dict(s.severity)),
        ("large-buffer-bytes", s.large_buffer_bytes if s.large_buffer_bytes is not None else load_knowledge().buffers.default_bytes),
        ("tensor-types", list(s.tensor_types)),
        ("python", s.python),
        ("evidence.min-wait-minutes", s.evidence_min_minutes),
        ("evidence.min-count", s.evidence_min_count),
        ("evidence.allow-hosts", list(s.evidence_allow_hosts)),
        ("resources.extra", [f.id for f in (*s.extra_c, *s.extra_go)]),
        ("frameworks.extra", [f.id for f in s.extra_frameworks]),
    ]
    return rows


def show_settings(path: str, resolver: ConfigResolver, out: IO[str]) -> None:
    """The settings in effect for ``path``, the configuration files they come from (in
    the order read: ``extend`` targets first) and the rules enabled for it."""
    from golint_ai.rules import ALL_RULES

    directory = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
    s = resolver.for_directory(directory)
    out.write(f"Settings for {display_path(path)}\n")
    out.write("Configuration files (in the order read):\n")
    for f in s.config_files:
        out.write(f"  {display_path(f)}\n")
    if not s.config_files:
        out.write("  none (defaults)\n")
    cli = []
    if resolver.cli_select is not None:
        cli.append(f"--select {','.join(resolver.cli_select)}")
    if resolver.cli_ignore:
        cli.append(f"--ignore {','.join(resolver.cli_ignore)}")
    cli.extend(f"--exclude {e}" for e in resolver.cli_exclude)
    if cli:
        out.write(f"Command line: {' '.join(cli)}\n")
    out.write("Settings:\n")
    for key, value in settings_table(s):
        out.write(f"  {key} = {_toml(value)}\n")
    language = "python" if path.endswith((".py", ".pyi")) else "go"
    test_file = path.endswith("_test.go")
    enabled = [r.code for r in ALL_RULES if r.language == language and (r.in_tests or not test_file) and s.enabled_in(r.code, path)]
    out.write(f"Rules enabled for this file: {', '.join(enabled) if enabled else 'none'}\n")


def files_to_check(paths: list[str], resolver: ConfigResolver) -> tuple[list[str], list[str]]:
    """The files a check of ``paths`` would analyse (display paths, sorted) and the paths
    given that do not exist. Like the check, it leaves out excluded and generated files,
    files over the size limit, and Python files the ``python`` setting leaves out."""
    from golint_ai.golang.package import is_generated
    from golint_ai.python.prefilter import worth_parsing
    from golint_ai.runner import MAX_FILE_BYTES, plan_jobs

    found, work = plan_jobs(paths, resolver)
    shown: list[str] = []
    for job in work:
        for path, reported in job.files:
            if not reported:
                continue
            try:
                if os.path.getsize(path) > MAX_FILE_BYTES:
                    continue
                with open(path, "rb") as fh:
                    data = fh.read()
            except OSError:
                continue  # the check would say it cannot read it
            if path.endswith(".py"):
                if job.settings.python == "auto" and not worth_parsing(data):
                    continue
            elif is_generated(data):
                continue
            shown.append(display_path(path))
    return sorted(set(shown)), [display_path(p) for p in found.missing]
