"""Which files git ignores, for directory discovery: the ``.gitignore`` of every directory
from the repository root down (a deeper file wins, ``!pattern`` re-includes) and
``.git/info/exclude``. Matching is pathspec's implementation of git's rules.

Outside a git repository the ``.gitignore`` files from the directory being searched
down are read all the same (a checkout exported without ``.git`` behaves alike).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from pathspec import GitIgnoreSpec

MAX_IGNORE_BYTES = 1024 * 1024  # a larger .gitignore is not read


def git_root(start: str) -> str | None:
    """The nearest directory at or above ``start`` holding ``.git`` (a directory, or the
    file of a worktree or submodule)."""
    d = os.path.abspath(start)
    while True:
        if os.path.lexists(os.path.join(d, ".git")):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def compile_lines(lines: list[str]) -> "GitIgnoreSpec | None":
    """A spec from gitignore lines; a line pathspec cannot read is dropped (git ignores
    such lines too), so no input makes this raise."""
    from pathspec import GitIgnoreSpec

    lines = [line for line in lines if line.strip() and not line.startswith("#")]
    if not lines:
        return None
    try:
        return GitIgnoreSpec.from_lines(lines)
    except Exception:  # one malformed pattern: keep the others
        good = []
        for line in lines:
            try:
                GitIgnoreSpec.from_lines([line])
            except Exception:
                continue
            good.append(line)
        return GitIgnoreSpec.from_lines(good) if good else None


def _read_patterns(path: str) -> "GitIgnoreSpec | None":
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_IGNORE_BYTES + 1)
    except (OSError, ValueError):
        return None
    if len(data) > MAX_IGNORE_BYTES:
        return None
    text = data.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    return compile_lines(text.splitlines())


def _git_dir(root: str) -> str | None:
    """The repository's common git directory (``.git``, or what a worktree's ``.git``
    file points at, through its ``commondir``)."""
    dot_git = os.path.join(root, ".git")
    if os.path.isdir(dot_git):
        return dot_git
    try:
        with open(dot_git, encoding="utf-8", errors="replace") as fh:
            first = fh.readline().strip()
    except OSError:
        return None
    if not first.startswith("gitdir:"):
        return None
    gitdir = os.path.join(root, first[len("gitdir:"):].strip())
    try:
        with open(os.path.join(gitdir, "commondir"), encoding="utf-8", errors="replace") as fh:
            return os.path.normpath(os.path.join(gitdir, fh.readline().strip()))
    except OSError:
        return gitdir


class GitIgnore:
    """Answers "is this path ignored?" below one top directory, reading each directory's
    ``.gitignore`` once."""

    def __init__(self, top: str) -> None:
        self.top = os.path.abspath(top)
        self._specs: dict[str, GitIgnoreSpec | None] = {}
        self._chains: dict[str, tuple[tuple[str, GitIgnoreSpec], ...]] = {}
        self._exclude: GitIgnoreSpec | None = None
        gitdir = _git_dir(self.top) if git_root(self.top) == self.top else None
        if gitdir is not None:
            self._exclude = _read_patterns(os.path.join(gitdir, "info", "exclude"))

    @classmethod
    def for_directory(cls, directory: str) -> "GitIgnore":
        """The rules that apply below ``directory``: from its repository's root, unless
        the directory itself is ignored there (a directory given explicitly is searched;
        only the ``.gitignore`` files inside it apply then)."""
        directory = os.path.abspath(directory)
        root = git_root(directory)
        if root is None:
            return cls(directory)
        rules = cls(root)
        if directory != root and rules.ignored(directory, True):
            return cls(directory)
        return rules

    def _spec(self, directory: str) -> "GitIgnoreSpec | None":
        if directory not in self._specs:
            self._specs[directory] = _read_patterns(os.path.join(directory, ".gitignore"))
        return self._specs[directory]

    def _chain(self, directory: str) -> tuple[tuple[str, "GitIgnoreSpec"], ...]:
        """The directories from ``directory`` up to :attr:`top` that have a
        ``.gitignore``, deepest first, with their patterns (once per directory)."""
        pending: list[str] = []  # directories without a chain yet, deepest first
        d = directory
        chain: tuple[tuple[str, GitIgnoreSpec], ...] = ()
        while True:
            known = self._chains.get(d)
            if known is not None:
                chain = known
                break
            pending.append(d)
            parent = os.path.dirname(d)
            if d == self.top or not d.startswith(self.top) or parent == d:
                break
            d = parent
        for d in reversed(pending):
            spec = self._spec(d)
            chain = ((d, spec),) + chain if spec is not None else chain
            self._chains[d] = chain
        return self._chains[directory]

    def ignored(self, path: str, is_dir: bool) -> bool:
        """Whether git ignores ``path`` (absolute, below :attr:`top`). Its parent
        directories are taken not to be ignored: a walk prunes those first."""
        path = os.path.abspath(path)
        suffix = "/" if is_dir else ""
        for d, spec in self._chain(os.path.dirname(path)):
            rel = os.path.relpath(path, d).replace(os.sep, "/")
            include = spec.check_file(rel + suffix).include
            if include is not None:  # the deepest file with a matching line decides
                return include
        if self._exclude is not None:
            rel = os.path.relpath(path, self.top).replace(os.sep, "/")
            return bool(self._exclude.check_file(rel + suffix).include)
        return False
