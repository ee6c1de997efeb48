"""How reports name files: repository-relative paths and URIs, ``file:`` URIs for files
outside the repository, on POSIX and on Windows (``ntpath`` runs on any platform)."""

from __future__ import annotations

import json
import ntpath
import os
import posixpath
from pathlib import Path

import pytest

from golint_ai.cli import main
from golint_ai.output.located import file_uri, is_absolute_uri, relative_path, relative_uri

from sarif_validation import validate_sarif

PREAMBLE = '/*\n#include <stdlib.h>\n*/\nimport "C"\n'
LEAK = f"package p\n\n{PREAMBLE}\nfunc f(s string) {{\n\tc := C.CString(s)\n\t_ = c\n}}\n"


@pytest.mark.parametrize(
    "absolute, root, want",
    [
        (r"C:\repo\svc\x.go", r"C:\repo", "svc/x.go"),
        (r"C:\repo\x.go", "C:\\repo\\", "x.go"),
        (r"c:\Repo\svc\x.go", r"C:\repo", "svc/x.go"),  # Windows names ignore case
        (r"D:\other\x.go", r"C:\repo", "file:///D:/other/x.go"),  # another drive: no ValueError
        (r"C:\elsewhere\x.go", r"C:\repo", "file:///C:/elsewhere/x.go"),
        (r"C:\repo\my dir\a#b%.go", r"C:\repo", "my%20dir/a%23b%25.go"),
        (r"C:\other dir\é.go", r"C:\repo", "file:///C:/other%20dir/%C3%A9.go"),
        (r"\\server\share\x.go", r"C:\repo", "file://server/share/x.go"),
        (r"\\server\share\repo\x.go", r"\\server\share\repo", "x.go"),
    ],
)
def test_windows_paths(absolute, root, want):
    got = relative_uri(absolute, root, ntpath)
    assert got == want
    assert "%3A" not in got  # the drive's colon is never escaped


def test_windows_file_uri_never_escapes_the_drive():
    assert file_uri(r"C:\path\x.go", ntpath) == "file:///C:/path/x.go"
    assert file_uri(r"z:\a b\x.go", ntpath) == "file:///z:/a%20b/x.go"


@pytest.mark.parametrize(
    "absolute, root, want",
    [
        ("/repo/svc/x.go", "/repo", "svc/x.go"),
        ("/repo/a:b.go", "/repo", "a%3Ab.go"),  # a colon in the first segment would read as a scheme
        ("/elsewhere/x.go", "/repo", "file:///elsewhere/x.go"),
        ("/repo-other/x.go", "/repo", "file:///repo-other/x.go"),
        ("/repo/..x/y.go", "/repo", "..x/y.go"),  # a name starting with dots is inside
        ("/srv/my dir/x.go", "/repo", "file:///srv/my%20dir/x.go"),
    ],
)
def test_posix_paths(absolute, root, want):
    assert relative_uri(absolute, root, posixpath) == want


def test_relative_path_is_none_outside_the_root():
    assert relative_path(r"D:\x.go", r"C:\repo", ntpath) is None
    assert relative_path("/a/x.go", "/b", posixpath) is None
    assert relative_path("/b/c/x.go", "/b", posixpath) == "c/x.go"


def test_posix_name_not_utf8_is_quoted_from_its_bytes():
    name = os.fsdecode(b"/srv/x\xff.go")
    assert relative_uri(name, "/repo") == "file:///srv/x%FF.go"
    assert relative_uri(name, "/srv") == "x%FF.go"


def test_absolute_uri_detection():
    assert is_absolute_uri("file:///C:/x.go")
    assert not is_absolute_uri("a%3Ab.go")
    assert not is_absolute_uri("svc/x.go")


def test_sarif_file_outside_the_repository_has_no_uri_base_id(capsys, tmp_path, monkeypatch):
    """A checkout at /tmp/.../repo and a file checked outside it: the result's URI is an
    absolute file: URI without uriBaseId (SARIF 3.4.4), and the log stays schema-valid."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "in").mkdir()
    (repo / "in" / "a.go").write_text(LEAK)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "b.go").write_text(LEAK)
    monkeypatch.chdir(repo)
    capsys.readouterr()
    code = main(["check", "in", str(tmp_path / "out"), "--format", "sarif", "--output", "r.sarif"])
    assert code == 1
    log = json.loads(Path("r.sarif").read_text("utf-8"))
    locs = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]}
    outside = Path(os.path.realpath(tmp_path / "out" / "b.go")).as_uri()
    assert locs["in/a.go"] == {"uri": "in/a.go", "uriBaseId": "%SRCROOT%"}
    assert locs[outside] == {"uri": outside}
    # The schema and the SARIF rules of Microsoft's multitool accept it; only GitHub's
    # ingestion rule GH1006 and the suite's own check want repository-relative URIs (a
    # file outside the checkout cannot be shown on GitHub anyway).
    problems = validate_sarif(repo / "r.sarif")
    assert [p for p in problems if "has a scheme" not in p and "GH1006" not in p] == []
