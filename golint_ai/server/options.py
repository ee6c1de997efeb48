"""Editor-side options: ``initializationOptions`` and ``workspace/didChangeConfiguration``.

Accepted shapes (all keys optional):

- a plain table, as Neovim/Helix users write it::

    {"enable": true, "select": ["GAI3"], "ignore": ["GAI302"],
     "severity": {"GAI301": "error"}, "debounceMs": 300, "timeoutSeconds": 30,
     "evidence": ["goroutines.txt"]}

- the same under ``"golintAi"`` or ``"golint-ai"`` (what VS Code's configuration
  section sends with ``workspace/didChangeConfiguration``);
- VS Code's per-folder shape (the Python tools template's and ruff's)::

    {"settings": [{"workspace": "file:///ws/a", ...}, ...], "globalSettings": {...}}

Editor options apply on top of the workspace configuration files, exactly like the
command line's ``--select``/``--ignore`` (select replaces, ignore adds); ``severity``
entries override the files' ``severity`` table per code. ``evidence`` names goroutine
dumps or profiles (files; relative paths are taken from the workspace folder) that
confirm goroutine findings and add GAI190 results, as ``check --evidence`` does.
"""

from __future__ import annotations

import os
from typing import Any

from msgspec import Struct, field
from msgspec.structs import replace

from golint_ai.settings import LEVELS, ConfigError, Settings, validate_selectors

DEFAULT_DEBOUNCE_MS = 300
DEFAULT_TIMEOUT_S = 30.0


class ClientOptions(Struct, frozen=True, dict=True):
    """Editor options for the workspace or one folder, applied on top of the configuration files."""

    enable: bool = True
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    debounce_ms: int = DEFAULT_DEBOUNCE_MS
    timeout_s: float = DEFAULT_TIMEOUT_S
    evidence: tuple[str, ...] = ()  # goroutine dump files

    def apply(self, settings: Settings) -> Settings:
        kw: dict[str, Any] = {}
        if self.select is not None:
            kw["select"] = self.select
        if self.ignore:
            kw["ignore"] = settings.ignore + self.ignore
        if self.severity:
            kw["severity"] = tuple(sorted({**dict(settings.severity), **dict(self.severity)}.items()))
        return replace(settings, **kw) if kw else settings


class ParsedOptions(Struct, dict=True):
    """The editor's options as parsed: global ones, those of each workspace folder, and errors found."""

    global_options: ClientOptions = field(default_factory=ClientOptions)
    folders: dict[str, ClientOptions] = field(default_factory=dict)  # folder path -> options
    errors: list[str] = field(default_factory=list)

    def for_path(self, path: str) -> ClientOptions:
        best = None
        for folder in self.folders:
            if path == folder or path.startswith(folder.rstrip(os.sep) + os.sep):
                if best is None or len(folder) > len(best):
                    best = folder
        return self.folders[best] if best is not None else self.global_options


def _unwrap(raw: Any) -> Any:
    if isinstance(raw, dict):
        for key in ("golintAi", "golint-ai", "golint_ai"):
            if isinstance(raw.get(key), dict):
                return raw[key]
    return raw


def _get(table: dict, *names: str) -> Any:
    for n in names:
        if n in table:
            return table[n]
    return None


def _str_list(value: Any, key: str, errors: list[str]) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = [v for v in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.append(f"golint-ai setting `{key}` must be a list of rule codes")
        return None
    return tuple(value)


def parse_table(table: Any, codes: tuple[str, ...], base: ClientOptions | None = None, errors: list[str] | None = None) -> ClientOptions:
    """One table of options; bad entries are reported in ``errors`` and skipped."""
    errors = errors if errors is not None else []
    opts = base or ClientOptions()
    table = _unwrap(table)
    if not isinstance(table, dict):
        return opts
    kw: dict[str, Any] = {}
    enable = _get(table, "enable")
    if isinstance(enable, bool):
        kw["enable"] = enable
    for key in ("select", "ignore"):
        raw = _str_list(_get(table, key), key, errors)
        if raw is None:
            continue
        try:
            sel = validate_selectors(raw, codes, f"golint-ai setting `{key}`")
        except ConfigError as exc:
            errors.append(str(exc))
            continue
        if key == "select":
            # An empty list means "whatever the configuration files say".
            kw["select"] = sel or None
        else:
            kw["ignore"] = sel
    severity = _get(table, "severity")
    if isinstance(severity, dict):
        pairs = []
        for code, level in severity.items():
            code = str(code).upper()
            level = {"information": "note", "info": "note", "hint": "note"}.get(str(level).lower(), str(level).lower())
            if code not in codes:
                errors.append(f"golint-ai setting `severity` names unknown rule `{code}`")
            elif level not in LEVELS:
                errors.append(f"golint-ai setting `severity`: level of {code} must be one of {', '.join(LEVELS)}")
            else:
                pairs.append((code, level))
        kw["severity"] = tuple(sorted(pairs))
    elif severity is not None:
        errors.append("golint-ai setting `severity` must be a table like {\"GAI301\": \"error\"}")
    debounce = _get(table, "debounceMs", "debounce_ms", "debounce-ms")
    if isinstance(debounce, (int, float)) and not isinstance(debounce, bool) and debounce >= 0:
        kw["debounce_ms"] = int(debounce)
    timeout = _get(table, "timeoutSeconds", "timeout_seconds", "timeout-seconds")
    if isinstance(timeout, (int, float)) and not isinstance(timeout, bool) and timeout > 0:
        kw["timeout_s"] = float(timeout)
    evidence = _get(table, "evidence", "evidenceFiles")
    if isinstance(evidence, str):
        evidence = [evidence] if evidence else []
    if isinstance(evidence, list) and all(isinstance(e, str) for e in evidence):
        urls = [e for e in evidence if e.startswith(("http://", "https://"))]
        if urls:
            errors.append("golint-ai setting `evidence` takes dump files, not URLs (save the dump: curl -o goroutines.txt URL)")
        kw["evidence"] = tuple(e for e in evidence if e and e not in urls)
    elif evidence is not None:
        errors.append("golint-ai setting `evidence` must be a list of goroutine dump files")
    return replace(opts, **kw) if kw else opts


def parse_options(raw: Any, codes: tuple[str, ...], uri_to_path) -> ParsedOptions:
    """Options from ``initializationOptions`` or ``didChangeConfiguration`` settings."""
    out = ParsedOptions()
    raw = _unwrap(raw)
    if not isinstance(raw, dict):
        return out
    if "settings" in raw and isinstance(raw["settings"], list) or "globalSettings" in raw:
        out.global_options = parse_table(raw.get("globalSettings") or {}, codes, errors=out.errors)
        for folder in raw.get("settings") or []:
            if not isinstance(folder, dict):
                continue
            where = folder.get("workspace") or folder.get("cwd")
            path = uri_to_path(where) if isinstance(where, str) and "://" in where else where
            if isinstance(path, str):
                out.folders[os.path.normpath(path)] = parse_table(folder, codes, base=out.global_options, errors=out.errors)
        return out
    out.global_options = parse_table(raw, codes, errors=out.errors)
    return out
