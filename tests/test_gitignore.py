"""Directory discovery respects git's ignore rules (``.gitignore`` at every level with
negation, ``.git/info/exclude``), ``--exclude`` globs have gitignore syntax with ``**``,
and files given explicitly are still checked."""

from __future__ import annotations

import json
import os

import pytest

from golint_ai.cli import main
from golint_ai.discovery import discover, is_excluded
from golint_ai.gitignore import GitIgnore, compile_lines

from cli_helpers import write

PREAMBLE = '/*\n#include <stdlib.h>\n*/\nimport "C"\n'
LEAK = f"package p\n\n{PREAMBLE}\nfunc f(s string) {{\n\tc := C.CString(s)\n\t_ = c\n}}\n"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository (a ``.git`` directory is all git's rules need) with nested
    ``.gitignore`` files, a negation and ``.git/info/exclude``."""
    root = tmp_path / "repo"
    (root / ".git" / "info").mkdir(parents=True)
    write(root, ".git/info/exclude", "# local only\nscratch.go\n")
    write(root, ".gitignore", "gen/\n*.pb.go\n/top_only.go\n")
    write(root, "svc/.gitignore", "!keep.pb.go\nlocal_*.go\n")
    write(root, "svc/deeper/.gitignore", "# nothing but a comment\n\n")
    for rel in [
        "a.go", "top_only.go", "scratch.go", "x.pb.go", "gen/g.go",
        "svc/s.go", "svc/top_only.go", "svc/keep.pb.go", "svc/other.pb.go", "svc/local_dev.go",
        "svc/deeper/d.go", "svc/gen/h.go",
    ]:
        write(root, rel, LEAK)
    monkeypatch.chdir(root)
    return root


def files(found) -> list[str]:
    return sorted(os.path.relpath(f, os.getcwd()).replace(os.sep, "/") for fs in found.directories.values() for f, r in fs if r)


def test_gitignore_rules_at_every_level(repo):
    assert files(discover(["."])) == [
        "a.go",
        "svc/deeper/d.go",
        "svc/keep.pb.go",  # re-included by svc/.gitignore
        "svc/s.go",
        "svc/top_only.go",  # /top_only.go is anchored to the root
    ]


def test_no_respect_gitignore_finds_everything(repo):
    assert len(files(discover(["."], respect_gitignore=False))) == 12


def test_search_below_the_root_still_reads_the_roots_gitignore(repo):
    assert files(discover(["svc"])) == ["svc/deeper/d.go", "svc/keep.pb.go", "svc/s.go", "svc/top_only.go"]


def test_an_ignored_directory_given_explicitly_is_searched(repo):
    assert files(discover(["gen"])) == ["gen/g.go"]


def test_explicit_files_are_checked_even_if_ignored(repo):
    assert files(discover(["x.pb.go", "svc/local_dev.go"])) == ["svc/local_dev.go", "x.pb.go"]
    assert files(discover(["x.pb.go", "svc/local_dev.go", "a.go"], force_exclude=True)) == ["a.go"]


def test_outside_a_repository_gitignore_files_still_apply(tmp_path, monkeypatch):
    write(tmp_path, "t/.gitignore", "skip/\n")
    write(tmp_path, "t/skip/x.go", LEAK)
    write(tmp_path, "t/y.go", LEAK)
    monkeypatch.chdir(tmp_path)
    assert files(discover(["t"])) == ["t/y.go"]


def test_worktree_git_file_leads_to_the_common_info_exclude(tmp_path):
    main_git = tmp_path / "main" / ".git"
    (main_git / "info").mkdir(parents=True)
    (main_git / "info" / "exclude").write_text("mine.go\n")
    (main_git / "worktrees" / "wt").mkdir(parents=True)
    (main_git / "worktrees" / "wt" / "commondir").write_text("../..\n")
    wt = tmp_path / "wt"
    wt.mkdir()
    (wt / ".git").write_text(f"gitdir: {main_git / 'worktrees' / 'wt'}\n")
    rules = GitIgnore.for_directory(str(wt))
    assert rules.ignored(str(wt / "mine.go"), False)
    assert not rules.ignored(str(wt / "yours.go"), False)


def test_directory_only_patterns_do_not_match_files(tmp_path):
    write(tmp_path, ".gitignore", "build/\n")
    rules = GitIgnore(str(tmp_path))
    assert rules.ignored(str(tmp_path / "build"), True)
    assert not rules.ignored(str(tmp_path / "build"), False)


@pytest.mark.parametrize("content", ["[", "\\", "!", "a/**/**/[z-a]", "\x00", "\udcff.go", "/" * 5000])
def test_malformed_gitignore_lines_never_raise(tmp_path, content):
    write(tmp_path, ".gitignore", f"{content}\nignored.go\n" if "\udcff" not in content else "ignored.go\n")
    if "\udcff" in content:
        (tmp_path / ".gitignore").write_bytes(b"\xff.go\nignored.go\n")
    write(tmp_path, "ignored.go", LEAK)
    write(tmp_path, "kept.go", LEAK)
    found = discover([str(tmp_path)])
    names = sorted(os.path.basename(f) for fs in found.directories.values() for f, _ in fs)
    assert names == ["kept.go"]


def test_compile_lines_keeps_good_patterns_when_one_is_bad():
    spec = compile_lines(["ok.go", "#comment", ""])
    assert spec is not None and spec.match_file("ok.go")
    assert compile_lines(["# only a comment", "  "]) is None


def test_exclude_globs_have_double_star_semantics():
    assert is_excluded("svc/a/b/mock_x.go", ("svc/**/mock_*.go",))
    assert is_excluded("svc/mock_x.go", ("svc/**/mock_*.go",))
    assert not is_excluded("other/a/mock_x.go", ("svc/**/mock_*.go",))
    # `*` stays within one name: `svc/*.go` is a file directly in some svc/
    assert is_excluded("svc/x.go", ("svc/*.go",))
    assert not is_excluded("svc/a/x.go", ("svc/*.go",))
    # a later negation takes a path back
    assert not is_excluded("gen/keep.go", ("gen/*", "!gen/keep.go"))
    assert is_excluded("gen/drop.go", ("gen/*", "!gen/keep.go"))


def test_check_skips_gitignored_files_end_to_end(repo, capsys):
    capsys.readouterr()
    assert main(["check", ".", "--format", "json"]) == 1
    paths = sorted({f["path"] for f in json.loads(capsys.readouterr().out)["findings"]})
    assert paths == ["a.go", "svc/deeper/d.go", "svc/keep.pb.go", "svc/s.go", "svc/top_only.go"]
    assert main(["check", ".", "--format", "json", "--no-respect-gitignore"]) == 1
    assert len({f["path"] for f in json.loads(capsys.readouterr().out)["findings"]}) == 12
    assert main(["check", "x.pb.go", "--format", "json"]) == 1
    assert [f["path"] for f in json.loads(capsys.readouterr().out)["findings"]] == ["x.pb.go"]
    assert main(["check", "x.pb.go", "--format", "json", "--force-exclude"]) == 0
