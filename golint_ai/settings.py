"""Settings and configuration files.

Configuration lives in ``[tool.golint-ai]`` of ``pyproject.toml`` or at the top level of
``.golint-ai.toml``. Each package uses the nearest such file above its directory (like
ruff's hierarchical configuration); ``--config FILE`` uses one file for everything.
Command-line selections apply on top. Unknown keys, codes and bad values are errors.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import Any, Iterable

from msgspec import Struct, field
from msgspec.structs import replace

from golint_ai.knowledge import (
    CFamily,
    Framework,
    GoFamily,
    Knowledge,
    KnowledgeError,
    check_framework_links,
    load_knowledge,
    parse_extra_resources,
    parse_frameworks,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAMES = (".golint-ai.toml", "pyproject.toml")
LEVELS = ("error", "warning", "note")


class ConfigError(ValueError):
    """Bad configuration: reported as one line, exit status 2."""


class Settings(Struct, frozen=True, dict=True):
    """The settings of one package, from its configuration file with the command line's selections on top."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    large_buffer_bytes: int | None = None  # None: the default from rules/buffers.toml
    tensor_types: tuple[str, ...] = ()
    extra_c: tuple[CFamily, ...] = ()
    extra_go: tuple[GoFamily, ...] = ()
    extra_frameworks: tuple[Framework, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    # Runtime evidence (`check --evidence`): a goroutine group no finding explains is
    # reported (GAI190) when marked leaked, blocked in a channel, select or sync wait for
    # at least `min-wait-minutes`, or `min-count` goroutines strong.
    evidence_min_minutes: int = 10
    evidence_min_count: int = 100
    evidence_allow_hosts: tuple[str, ...] = ()  # hosts besides loopback `--evidence URL` may name
    # Python files: "auto" analyses the .py files that import torch or ctypes, "on" every
    # .py file found, "off" none.
    python: str = "auto"
    # `per-file-ignores`: (directory of the declaring file, glob, codes or prefixes)
    per_file_ignores: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    source: str | None = None  # the config file these came from
    config_files: tuple[str, ...] = ()  # every file read for these, in order (`extend` targets first)

    @property
    def knowledge(self) -> Knowledge:
        return load_knowledge(self.extra_c, self.extra_go, self.tensor_types, self.extra_frameworks)

    def enabled(self, code: str) -> bool:
        return _matches(code, self.select) and not _matches(code, self.ignore)

    def enabled_in(self, code: str, path: str) -> bool:
        """Whether the rule is enabled for the file at ``path`` (``per-file-ignores``)."""
        if not self.enabled(code):
            return False
        if not self.per_file_ignores:
            return True
        from golint_ai.per_file_ignores import ignored_codes

        return not _matches(code, ignored_codes(path, self.per_file_ignores))

    def level_for(self, code: str, default: str) -> str:
        return dict(self.severity).get(code, default)


def _matches(code: str, selectors: Iterable[str]) -> bool:
    return any(s == "ALL" or code.startswith(s) for s in selectors)


def validate_selectors(selectors: Iterable[str], codes: Iterable[str], where: str) -> tuple[str, ...]:
    codes = list(codes)
    out = []
    for s in selectors:
        s = s.strip().upper()
        if not s:
            continue
        if s != "ALL" and not any(c.startswith(s) for c in codes):
            raise ConfigError(f"{where}: unknown rule selector `{s}` (known codes: {', '.join(codes)}; prefixes like GAI3 and ALL work too)")
        out.append(s)
    return tuple(out)


_KEYS = {"select", "ignore", "exclude", "large-buffer-bytes", "tensor-types", "resources", "frameworks", "severity", "evidence", "python", "per-file-ignores", "extend"}
_EVIDENCE_KEYS = {"min-wait-minutes", "min-count", "allow-hosts"}
PYTHON_MODES = ("auto", "on", "off")


def _str_list(value: Any, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: `{key}` must be a list of strings")
    return tuple(value)


def settings_from_table(table: dict[str, Any], where: str, codes: Iterable[str], base: Settings | None = None, directory: str | None = None) -> Settings:
    """Validate one configuration table into :class:`Settings` (on top of ``base``, whose
    settings the table's keys replace). ``directory``: where the table's file is, the
    base of its ``per-file-ignores`` globs (default: the working directory). ``extend``
    is handled by :func:`read_config_file`."""
    codes = list(codes)
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: the configuration must be a table")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key `{unknown[0]}` (allowed: {', '.join(sorted(_KEYS))})")
    s = base or Settings()
    kw: dict[str, Any] = {"source": where}
    if "select" in table:
        kw["select"] = validate_selectors(_str_list(table["select"], where, "select"), codes, where)
        if not kw["select"]:
            raise ConfigError(f"{where}: `select` is empty, which would disable every rule (ALL selects every rule; `ignore` disables some)")
    if "ignore" in table:
        kw["ignore"] = validate_selectors(_str_list(table["ignore"], where, "ignore"), codes, where)
    if "exclude" in table:
        kw["exclude"] = _str_list(table["exclude"], where, "exclude")
    if "large-buffer-bytes" in table:
        v = table["large-buffer-bytes"]
        if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
            raise ConfigError(f"{where}: `large-buffer-bytes` must be a positive integer, got {v!r}")
        kw["large_buffer_bytes"] = v
    if "tensor-types" in table:
        kw["tensor_types"] = _str_list(table["tensor-types"], where, "tensor-types")
    if "resources" in table:
        res = table["resources"]
        if not isinstance(res, dict) or set(res) - {"extra"}:
            raise ConfigError(f"{where}: `resources` takes only `extra = [{{acquire = \"...\", release = \"...\"}}]`")
        try:
            kw["extra_c"], kw["extra_go"] = parse_extra_resources(res.get("extra", []), f"{where}: resources.extra")
        except KnowledgeError as exc:
            raise ConfigError(str(exc)) from None
    if "frameworks" in table:
        fw = table["frameworks"]
        if not isinstance(fw, dict) or set(fw) - {"extra"}:
            raise ConfigError(f"{where}: `frameworks` takes only `extra = [{{id = \"...\", imports = [...], handler = [...]}}]`")
        try:
            extra = parse_frameworks(fw.get("extra", []), f"{where}: frameworks.extra")
            # `as` links must name a row of the merged table
            check_framework_links(load_knowledge(extra_frameworks=extra).frameworks, f"{where}: frameworks.extra")
        except KnowledgeError as exc:
            raise ConfigError(str(exc)) from None
        kw["extra_frameworks"] = extra
    if "evidence" in table:
        ev = table["evidence"]
        if not isinstance(ev, dict) or set(ev) - _EVIDENCE_KEYS:
            raise ConfigError(f"{where}: `evidence` takes only {', '.join(sorted(_EVIDENCE_KEYS))}")
        for key, attr, low in (("min-wait-minutes", "evidence_min_minutes", 0), ("min-count", "evidence_min_count", 1)):
            if key in ev:
                v = ev[key]
                if not isinstance(v, int) or isinstance(v, bool) or v < low:
                    raise ConfigError(f"{where}: `evidence.{key}` must be an integer of at least {low}, got {v!r}")
                kw[attr] = v
        if "allow-hosts" in ev:
            kw["evidence_allow_hosts"] = _str_list(ev["allow-hosts"], where, "evidence.allow-hosts")
    if "per-file-ignores" in table:
        kw["per_file_ignores"] = _per_file_ignores(table["per-file-ignores"], where, codes, directory)
    if "python" in table:
        mode = table["python"]
        if isinstance(mode, bool):
            mode = "on" if mode else "off"
        if mode not in PYTHON_MODES:
            raise ConfigError(f"{where}: `python` must be one of {', '.join(PYTHON_MODES)}, got {mode!r}")
        kw["python"] = mode
    if "severity" in table:
        sev = table["severity"]
        if not isinstance(sev, dict):
            raise ConfigError(f"{where}: `severity` must be a table like {{GAI301 = \"error\"}}")
        pairs = []
        for code, level in sev.items():
            if code not in codes:
                raise ConfigError(f"{where}: `severity` names unknown rule `{code}`")
            if level not in LEVELS:
                raise ConfigError(f"{where}: severity of {code} must be one of {', '.join(LEVELS)}, got {level!r}")
            pairs.append((code, level))
        kw["severity"] = tuple(sorted(pairs))
    return replace(s, **kw)


def _per_file_ignores(value: Any, where: str, codes: list[str], directory: str | None) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    from golint_ai.per_file_ignores import PatternError, check_pattern

    if not isinstance(value, dict):
        raise ConfigError(f"{where}: `per-file-ignores` must be a table of glob = [codes], like {{\"*_test.go\" = [\"GAI3\"]}}")
    base = os.path.abspath(directory or os.getcwd())
    out = []
    for pattern, selectors in value.items():
        try:
            check_pattern(pattern)
        except PatternError as exc:
            raise ConfigError(f"{where}: `per-file-ignores`: {exc}") from None
        found = validate_selectors(_str_list(selectors, where, f"per-file-ignores.{pattern}"), codes, f"{where}: per-file-ignores `{pattern}`")
        out.append((base, pattern, found))
    return tuple(out)


def _config_table(path: Path) -> tuple[dict[str, Any] | None, str]:
    """The golint-ai table of one file and how to name it in messages; None for a
    pyproject.toml without ``[tool.golint-ai]``."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or "golint-ai" not in tool:
            return None, str(path)
        return tool["golint-ai"], f"{path} [tool.golint-ai]"
    return data, str(path)


def read_config_file(path: Path, codes: Iterable[str], _chain: tuple[str, ...] = ()) -> Settings | None:
    """Settings from one file; None for a pyproject.toml without ``[tool.golint-ai]``.

    ``extend = "PATH"`` (relative to the file) reads that file first; this file's keys
    replace its settings. A cycle of ``extend`` is an error."""
    codes = list(codes)
    key = os.path.realpath(path)
    if key in _chain:
        cycle = " -> ".join(os.path.relpath(p) for p in (*_chain[_chain.index(key):], key))
        raise ConfigError(f"{path}: `extend` cycle: {cycle}")
    table, where = _config_table(path)
    if table is None:
        return None
    base: Settings | None = None
    if isinstance(table, dict) and "extend" in table:
        target = table["extend"]
        if not isinstance(target, str) or not target.strip():
            raise ConfigError(f"{where}: `extend` must be the path of another configuration file")
        target_path = path.parent / os.path.expanduser(target)
        if not _is_file(target_path):
            raise ConfigError(f"{where}: `extend`: {target_path}: configuration file not found")
        base = read_config_file(target_path, codes, (*_chain, key))
        if base is None:
            raise ConfigError(f"{where}: `extend`: {target_path} has no [tool.golint-ai] table")
        table = {k: v for k, v in table.items() if k != "extend"}
    s = settings_from_table(table, where, codes, base=base, directory=str(path.parent))
    return replace(s, config_files=(base.config_files if base is not None else ()) + (str(path),))


def _is_file(path: Path) -> bool:
    """Whether a configuration file is there. A name too long to exist is not; a
    directory that cannot be searched is a configuration error (a file there would be
    missed silently)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except ValueError:  # NUL in the name
        return False
    except OSError as exc:
        if exc.errno in (errno.ENAMETOOLONG, errno.ELOOP):
            return False
        raise ConfigError(f"{path.parent}: cannot look for configuration: {exc.strerror or exc}") from None


class ConfigResolver(Struct, dict=True):
    """Finds the settings for each directory; caches per directory."""

    codes: tuple[str, ...]
    explicit: Path | None = None
    cli_select: tuple[str, ...] | None = None
    cli_ignore: tuple[str, ...] = ()
    cli_exclude: tuple[str, ...] = ()
    _cache: dict[str, Settings] = field(default_factory=dict)
    _found: dict[str, Settings] = field(default_factory=dict)  # directory -> nearest configuration
    _explicit_settings: Settings | None = None
    # (path, message) about the configuration files found, each said once
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.explicit is not None:
            if not _is_file(self.explicit):
                raise ConfigError(f"{self.explicit}: configuration file not found")
            self._explicit_settings = read_config_file(self.explicit, self.codes) or Settings(source=str(self.explicit))

    def for_directory(self, directory: str) -> Settings:
        key = os.path.abspath(directory)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._apply_cli(self._find(Path(key)))
        return cached

    def _find(self, start: Path) -> Settings:
        if self._explicit_settings is not None:
            return self._explicit_settings
        # Directories looked at are remembered: siblings share their parents' answer.
        passed: list[str] = []
        found: Settings | None = None
        for d in [start, *start.parents]:
            key = str(d)
            if key in self._found:
                found = self._found[key]
                break
            passed.append(key)
            for name in CONFIG_NAMES:
                candidate = d / name
                if _is_file(candidate):
                    found = read_config_file(candidate, self.codes)
                    if found is not None:
                        if name == ".golint-ai.toml":
                            self._note_shadowed(d / "pyproject.toml", candidate, found)
                        break
            if found is not None:
                break
        if found is None:
            found = Settings()
        for key in passed:
            self._found[key] = found
        return found

    def _note_shadowed(self, pyproject: Path, used: Path, found: Settings) -> None:
        """Warn once when a directory's pyproject.toml has a ``[tool.golint-ai]`` table
        that its .golint-ai.toml takes precedence over (and does not `extend`)."""
        if any(p == str(pyproject) for p, _ in self.warnings) or not _is_file(pyproject):
            return
        if os.path.realpath(pyproject) in {os.path.realpath(f) for f in found.config_files}:
            return
        try:
            table, _ = _config_table(pyproject)
        except ConfigError:
            return  # not read, so not an error either
        if table is not None:
            self.warnings.append((str(pyproject), f"[tool.golint-ai] is not used: {used.name} in the same directory takes precedence"))

    def _apply_cli(self, s: Settings) -> Settings:
        kw: dict[str, Any] = {}
        if self.cli_select is not None:
            kw["select"] = self.cli_select
        if self.cli_ignore:
            kw["ignore"] = s.ignore + self.cli_ignore
        if self.cli_exclude:
            kw["exclude"] = s.exclude + self.cli_exclude
        return replace(s, **kw) if kw else s
