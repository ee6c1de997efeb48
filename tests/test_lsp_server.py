"""The language server (`golint-ai server`) over stdio, driven by pytest-lsp.

Every test runs twice: with VS Code's and with Neovim 0.7's client capabilities (as
pytest-lsp ships them). The leak is GAI301: ``c := C.CString(s)`` never freed.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp")
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="function")

ROOT = Path(__file__).resolve().parent.parent
HANG_MARKER = "GOLINT_AI_TEST_HANG_7f3a"

LEAKY = """package tok

/*
#include <stdlib.h>
int tok_count(const char *s);
*/
import "C"

import "unsafe"

// Count returns the number of tokens in s.
func Count(s string) int {
	c := C.CString(s)
	return int(C.tok_count(c))
}

var _ = unsafe.Pointer(nil)
"""
LEAK_LINE = 12  # 0-based line of `c := C.CString(s)`
CLEAN = LEAKY.replace("\tc := C.CString(s)\n", "\tc := C.CString(s)\n\tdefer C.free(unsafe.Pointer(c))\n")

CLIENTS = ["visual-studio-code", "neovim@v0.7.0"]


def _config() -> ClientServerConfig:
    env = dict(os.environ)
    env[HANG_MARKER_ENV] = HANG_MARKER
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return ClientServerConfig(server_command=[sys.executable, "-m", "golint_ai", "server"], server_env=env)


from golint_ai.server.worker import HANG_MARKER_ENV  # noqa: E402

# The result cache `check` writes and the server reads in the tests of sharing it (the
# other tests run with the cache off, as the whole suite does).
SHARED_CACHE = tempfile.mkdtemp(prefix="golint-ai-shared-cache-")
atexit.register(shutil.rmtree, SHARED_CACHE, ignore_errors=True)


def _shared_cache_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "GOLINT_AI_NO_CACHE"}
    env["GOLINT_AI_CACHE_DIR"] = SHARED_CACHE
    return env


def _cached_config() -> ClientServerConfig:
    config = _config()
    config.server_env = {**_shared_cache_env(), HANG_MARKER_ENV: HANG_MARKER, "PYTHONPATH": config.server_env["PYTHONPATH"]}
    return config


def _record_publishes(client: LanguageClient) -> list[types.PublishDiagnosticsParams]:
    log: list[types.PublishDiagnosticsParams] = []
    fm = client.protocol.fm
    original = fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def handler(params: types.PublishDiagnosticsParams) -> None:
        params.diagnostics = list(params.diagnostics)
        log.append(params)
        client.publish_event.set()  # type: ignore[attr-defined]
        original(params)

    fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = handler
    return log


async def start(client: LanguageClient, spec: str, root: Path, options: dict | None = None, folders: list[Path] | None = None, encodings: list[str] | None = None):
    client.publish_event = asyncio.Event()  # type: ignore[attr-defined]
    client.published = _record_publishes(client)  # type: ignore[attr-defined]
    client.registrations = []  # type: ignore[attr-defined]

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    caps = pytest_lsp.client_capabilities(spec)
    if encodings is not None:
        caps.general = types.GeneralClientCapabilities(position_encodings=encodings)
    result = await client.initialize_session(
        types.InitializeParams(
            capabilities=caps,
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=f.as_uri(), name=f.name) for f in folders] if folders else None,
            initialization_options={"debounceMs": 50, **(options or {})},
        )
    )
    return result


@pytest_lsp.fixture(params=CLIENTS, config=_config())
async def client(request, lsp_client: LanguageClient):
    lsp_client.spec = request.param  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(params=CLIENTS, config=_cached_config())
async def cached_client(request, lsp_client: LanguageClient):
    lsp_client.spec = request.param  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def wait_publish(client: LanguageClient, uri: str, pred=lambda p: True, timeout: float = 20.0, after: int = 0) -> types.PublishDiagnosticsParams:
    """The first publish for ``uri`` (at index >= ``after`` of the log) satisfying ``pred``:
    woken by each publish; ``timeout`` only ends a wait that would hang."""
    event: asyncio.Event = client.publish_event  # type: ignore[attr-defined]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        for p in client.published[after:]:  # type: ignore[attr-defined]
            if p.uri == uri and pred(p):
                return p
        event.clear()
        try:
            await asyncio.wait_for(event.wait(), max(0.0, deadline - loop.time()))
        except asyncio.TimeoutError:
            break
    raise AssertionError(f"no matching publishDiagnostics for {uri} within {timeout}s; got {[(p.uri, p.version, len(p.diagnostics)) for p in client.published]}")  # type: ignore[attr-defined]


async def barrier(client: LanguageClient, tmp_path: Path) -> str:
    """Wait until the server has analysed a document opened now, in a directory of its
    own: publishes for anything opened or changed before it have had their turn. (Instead
    of sleeping to see that nothing more arrives.) Returns the barrier document's URI."""
    uri = open_doc(client, write(tmp_path / "barrier" / "barrier.go", "package barrier\n"), "package barrier\n")
    await wait_publish(client, uri)
    return uri


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def open_doc(client: LanguageClient, path: Path, text: str, version: int = 1, language: str = "go") -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)))
    return uri


def change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def apply_edits(text: str, edits) -> str:
    """Apply LSP TextEdits (UTF-16 positions) to ``text``."""
    lines = text.splitlines(keepends=True)

    def offset(pos: types.Position) -> int:
        line = lines[pos.line] if pos.line < len(lines) else ""
        units = 0
        col = 0
        for ch in line:
            if units >= pos.character:
                break
            units += 2 if ord(ch) > 0xFFFF else 1
            col += 1
        return sum(len(line) for line in lines[: pos.line]) + col

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(e.range.start)] + e.new_text + text[offset(e.range.end):]
    return text


# -- open / change / save / close -----------------------------------------------------


async def test_open_publishes_the_leak(client: LanguageClient, tmp_path: Path):
    await start(client, client.spec, tmp_path)
    path = write(tmp_path / "tok" / "leaky.go", LEAKY)
    uri = open_doc(client, path, LEAKY)
    p = await wait_publish(client, uri)
    assert p.version == 1
    [d] = p.diagnostics
    assert d.code == "GAI301"
    assert d.source == "golint-ai"
    assert d.severity == types.DiagnosticSeverity.Warning
    assert (d.range.start.line, d.range.start.character) == (LEAK_LINE, 6)
    assert (d.range.end.line, d.range.end.character) == (LEAK_LINE, 18)
    assert d.code_description is not None and d.code_description.href.endswith("/docs/rules/GAI301.md")
    assert "C.free(unsafe.Pointer(c))" in d.message
    [rel] = d.related_information
    assert rel.location.uri == uri and rel.location.range.start.line == LEAK_LINE + 1
    assert "leaks on this path" in rel.message


async def test_unsaved_buffer_change_save_and_close(client: LanguageClient, tmp_path: Path):
    await start(client, client.spec, tmp_path)
    # On disk the file is clean; the editor's buffer is what counts.
    path = write(tmp_path / "tok" / "leaky.go", CLEAN)
    uri = open_doc(client, path, LEAKY)
    assert len((await wait_publish(client, uri)).diagnostics) == 1

    n = len(client.published)
    change(client, uri, 2, CLEAN)
    p = await wait_publish(client, uri, after=n)
    assert (p.version, p.diagnostics) == (2, [])

    n = len(client.published)
    change(client, uri, 3, LEAKY)
    p = await wait_publish(client, uri, after=n)
    assert p.version == 3 and [d.code for d in p.diagnostics] == ["GAI301"]

    n = len(client.published)
    path.write_text(LEAKY)
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    p = await wait_publish(client, uri, after=n)
    assert p.version == 3 and len(p.diagnostics) == 1

    n = len(client.published)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    p = await wait_publish(client, uri, after=n)
    assert p.diagnostics == []


async def test_sibling_files_come_from_disk_and_open_buffers(client: LanguageClient, tmp_path: Path):
    """A cross-file fact: the handle stored in a field is released by a Close method in
    another file of the package; that file comes from disk, then from an open buffer."""
    await start(client, client.spec, tmp_path)
    model = """package m

/*
#include <stdlib.h>
*/
import "C"

import "unsafe"

type Model struct {
	name *C.char
}

func New(s string) *Model {
	m := &Model{}
	m.name = C.CString(s)
	return m
}

var _ = unsafe.Pointer(nil)
"""
    closer = """package m

/*
#include <stdlib.h>
*/
import "C"

import "unsafe"

func (m *Model) Close() {
	C.free(unsafe.Pointer(m.name))
}
"""
    a = write(tmp_path / "m" / "model.go", model)
    b = write(tmp_path / "m" / "close.go", closer)
    uri = open_doc(client, a, model)
    p = await wait_publish(client, uri)
    assert p.diagnostics == [], [d.message for d in p.diagnostics]
    # An unsaved edit of the sibling that removes the release makes the field leak.
    buri = open_doc(client, b, closer)
    await wait_publish(client, buri)
    n = len(client.published)
    change(client, buri, 2, closer.replace("\tC.free(unsafe.Pointer(m.name))\n", ""))
    p = await wait_publish(client, uri, pred=lambda p: len(p.diagnostics) == 1, after=n)
    assert p.diagnostics[0].code == "GAI301"


NATIVE = """package native

/*
#include <stdlib.h>
typedef struct params params;
static params* params_create(int n) { return 0; }
static void params_delete(params* p) {}
*/
import "C"

import "errors"

// Params owns a native parameter block.
type Params struct{ h *C.params }

// NewParams makes a parameter block the caller must Delete.
func NewParams(n int) (*Params, error) {
	h := C.params_create(C.int(n))
	if h == nil {
		return nil, errors.New("params_create failed")
	}
	return &Params{h: h}, nil
}

// Delete frees the block.
func (p *Params) Delete() { C.params_delete(p.h) }

// Done is done with the block.
func (p *Params) Done() { p.Delete() }
"""

APP = """package app

import "example.com/m/native"

func Use(n int) error {
	p, err := native.NewParams(n)
	if err != nil {
		return err
	}
	p.Done()
	return nil
}
"""


async def test_a_package_changed_on_disk_is_read_again_by_its_importers(client: LanguageClient, tmp_path: Path):
    """An open package releases what a package that is not open hands out, through a
    method of that package. When the method changes on disk (the watcher says so), the
    open package is analysed again with what the other now declares: neither the loaded
    package nor the findings stored per function of the open one (its own files did not
    change) survive."""
    await start(client, client.spec, tmp_path)
    write(tmp_path / "go.mod", "module example.com/m\n\ngo 1.22\n")
    native = write(tmp_path / "native" / "native.go", NATIVE)
    uri = open_doc(client, write(tmp_path / "app" / "app.go", APP), APP)
    p = await wait_publish(client, uri)
    assert p.diagnostics == [], [d.message for d in p.diagnostics]

    def changed_on_disk(text: str) -> int:
        write(native, text)
        n = len(client.published)
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=native.as_uri(), type=types.FileChangeType.Changed)])
        )
        return n

    # `Done` no longer releases: the block leaks.
    n = changed_on_disk(NATIVE.replace("func (p *Params) Done() { p.Delete() }", "func (p *Params) Done() {}"))
    p = await wait_publish(client, uri, pred=lambda p: len(p.diagnostics) == 1, after=n)
    assert p.diagnostics[0].code == "GAI301" and "p.Delete()" in p.diagnostics[0].message
    # And back.
    n = changed_on_disk(NATIVE)
    await wait_publish(client, uri, pred=lambda p: p.diagnostics == [], after=n)


async def test_stale_versions_are_dropped(client: LanguageClient, tmp_path: Path):
    await start(client, client.spec, tmp_path, {"debounceMs": 0})
    path = write(tmp_path / "tok" / "leaky.go", LEAKY)
    uri = open_doc(client, path, LEAKY)
    await wait_publish(client, uri)
    n = len(client.published)
    # Alternate leaking and clean text with no debounce: any result published for a
    # version must be the result for *that* version's text, and the last one is v12.
    for v in range(2, 13):
        change(client, uri, v, CLEAN if v % 2 == 0 else LEAKY)
    await wait_publish(client, uri, pred=lambda p: p.version == 12, after=n)
    await barrier(client, tmp_path)
    for p in [p for p in client.published[n:] if p.uri == uri]:
        assert p.version is not None
        assert len(p.diagnostics) == (0 if p.version % 2 == 0 else 1), (p.version, p.diagnostics)
    assert [p for p in client.published if p.uri == uri][-1].version == 12


async def test_debounced_burst_publishes_once(client: LanguageClient, tmp_path: Path):
    await start(client, client.spec, tmp_path, {"debounceMs": 300})
    path = write(tmp_path / "tok" / "leaky.go", LEAKY)
    uri = open_doc(client, path, LEAKY)
    await wait_publish(client, uri)
    n = len(client.published)
    for v in range(2, 7):
        change(client, uri, v, LEAKY.replace("tokens", "tokens" + "!" * v))
    p = await wait_publish(client, uri, after=n)
    assert p.version == 6
    await barrier(client, tmp_path)
    assert [q.version for q in client.published[n:] if q.uri == uri] == [6]


# -- code actions ---------------------------------------------------------------------


async def _actions(client: LanguageClient, uri: str, diag: types.Diagnostic) -> list[types.CodeAction]:
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diag.range,
            context=types.CodeActionContext(diagnostics=[diag], only=[types.CodeActionKind.QuickFix]),
        )
    )


@pytest.mark.parametrize("which", ["fix", "ignore"])
async def test_code_action_applied_then_finding_gone(client: LanguageClient, tmp_path: Path, which: str):
    await start(client, client.spec, tmp_path)
    path = write(tmp_path / "tok" / "leaky.go", LEAKY)
    uri = open_doc(client, path, LEAKY)
    [diag] = (await wait_publish(client, uri)).diagnostics
    actions = await _actions(client, uri, diag)
    titles = [a.title for a in actions]
    assert titles == ["Add `defer C.free(unsafe.Pointer(c))` (unsafe fix)", "Ignore GAI301 on this line"]
    assert all(a.kind == types.CodeActionKind.QuickFix for a in actions)
    assert not actions[0].is_preferred  # unsafe: offered, never preferred
    action = actions[0] if which == "fix" else actions[1]
    new_text = apply_edits(LEAKY, action.edit.changes[uri])
    if which == "fix":
        assert "\tc := C.CString(s)\n\tdefer C.free(unsafe.Pointer(c))\n" in new_text
    else:
        assert "\tc := C.CString(s) //golint-ai:ignore GAI301\n" in new_text
    n = len(client.published)
    change(client, uri, 2, new_text)
    p = await wait_publish(client, uri, after=n)
    assert (p.version, p.diagnostics) == (2, [])
    # Re-check from scratch: the saved result is clean for the CLI too.
    path.write_text(new_text)
    from golint_ai.rules import CODES
    from golint_ai.runner import check_paths
    from golint_ai.settings import ConfigResolver

    assert check_paths([str(path)], ConfigResolver(codes=CODES), jobs=1).unsuppressed == []


async def test_code_action_ranges_in_utf8_encoding(client: LanguageClient, tmp_path: Path):
    """A client that negotiates UTF-8 gets byte columns; UTF-16 clients get UTF-16."""
    text = LEAKY.replace("\tc := C.CString(s)\n", "\t/*🔥é*/ c := C.CString(s)\n")
    await start(client, client.spec, tmp_path, encodings=["utf-8"])
    path = write(tmp_path / "tok" / "leaky.go", text)
    uri = open_doc(client, path, text)
    [d] = (await wait_publish(client, uri)).diagnostics
    # "\t/*" (3 bytes) + 🔥 (4) + é (2) + "*/ c := " (8): 17 bytes
    assert d.range.start.character == 17
    actions = await _actions(client, uri, d)
    ignore = actions[-1].edit.changes[uri][0]
    assert ignore.range.start.character == len("\t/*🔥é*/ c := C.CString(s)".encode())


async def test_utf16_columns(client: LanguageClient, tmp_path: Path):
    text = LEAKY.replace("\tc := C.CString(s)\n", "\t/*🔥é*/ c := C.CString(s)\n")
    await start(client, client.spec, tmp_path)
    path = write(tmp_path / "tok" / "leaky.go", text)
    uri = open_doc(client, path, text)
    [d] = (await wait_publish(client, uri)).diagnostics
    # "\t/*" (3) + 🔥 (2 UTF-16 units) + é (1) + "*/ c := " (8)
    assert d.range.start.character == 14


# -- configuration --------------------------------------------------------------------


async def test_config_file_and_editor_settings_reload(client: LanguageClient, tmp_path: Path):
    await start(client, client.spec, tmp_path)
    path = write(tmp_path / "tok" / "leaky.go", LEAKY)
    uri = open_doc(client, path, LEAKY)
    [d] = (await wait_publish(client, uri)).diagnostics
    assert d.severity == types.DiagnosticSeverity.Warning

    # The workspace's configuration file, as the CLI reads it.
    cfg = write(tmp_path / "pyproject.toml", '[tool.golint-ai]\nseverity = {GAI301 = "error"}\n')
    n = len(client.published)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=cfg.as_uri(), type=types.FileChangeType.Changed)])
    )
    p = await wait_publish(client, uri, after=n)
    assert [d.severity for d in p.diagnostics] == [types.DiagnosticSeverity.Error]

    # Editor settings on top: severity override, then ignore.
    n = len(client.published)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"golintAi": {"severity": {"GAI301": "note"}}}))
    p = await wait_publish(client, uri, after=n)
    assert [d.severity for d in p.diagnostics] == [types.DiagnosticSeverity.Information]

    n = len(client.published)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"golintAi": {"ignore": ["GAI301"]}}))
    p = await wait_publish(client, uri, after=n)
    assert p.diagnostics == []

    # Settings pulled with workspace/configuration when the notification carries none.
    client.set_configuration({"enable": True}, section="golintAi")
    n = len(client.published)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    p = await wait_publish(client, uri, after=n)
    caps = pytest_lsp.client_capabilities(client.spec)
    if caps.workspace and caps.workspace.configuration:
        assert [d.severity for d in p.diagnostics] == [types.DiagnosticSeverity.Error]
    else:  # nothing to pull from: the settings stay as they were
        assert p.diagnostics == []

    # A config file ignoring the rule.
    cfg.write_text('[tool.golint-ai]\nignore = ["GAI301"]\n')
    n = len(client.published)
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    p = await wait_publish(client, uri, after=n)
    assert p.diagnostics == []


async def test_bad_config_is_reported_not_fatal(client: LanguageClient, tmp_path: Path):
    write(tmp_path / ".golint-ai.toml", 'select = ["GAI999"]\n')
    await start(client, client.spec, tmp_path, {"select": ["NOPE"]})
    path = write(tmp_path / "tok" / "leaky.go", LEAKY)
    uri = open_doc(client, path, LEAKY)
    p = await wait_publish(client, uri)
    assert p.diagnostics == []
    msgs = [m.message for m in client.messages]
    assert any("NOPE" in m for m in msgs), msgs
    assert any("GAI999" in m for m in msgs), msgs


async def test_multi_root_uses_each_folders_config(client: LanguageClient, tmp_path: Path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write(a / ".golint-ai.toml", 'severity = {GAI301 = "error"}\n')
    options = {"settings": [{"workspace": c.as_uri(), "enable": False}], "globalSettings": {}}
    await start(client, client.spec, tmp_path, options, folders=[a, b, c])
    uris = [open_doc(client, write(f / "tok" / "leaky.go", LEAKY), LEAKY) for f in (a, b, c)]
    pa, pb, pc = [await wait_publish(client, u) for u in uris]
    assert [d.severity for d in pa.diagnostics] == [types.DiagnosticSeverity.Error]
    assert [d.severity for d in pb.diagnostics] == [types.DiagnosticSeverity.Warning]
    assert pc.diagnostics == []


# -- odd input ------------------------------------------------------------------------


async def test_file_that_does_not_parse(client: LanguageClient, tmp_path: Path):
    await start(client, client.spec, tmp_path)
    garbage = "package tok\n\nfunc (((( {{{ C.CString(\n\x7f]]]\n"
    uri = open_doc(client, write(tmp_path / "bad" / "bad.go", garbage), garbage)
    assert (await wait_publish(client, uri)).diagnostics == []
    # One broken function does not hide the leak in the next one.
    broken = LEAKY.replace("// Count returns", "func Broken( {\n\tx := \n}\n\n// Count returns")
    uri2 = open_doc(client, write(tmp_path / "tok" / "leaky.go", broken), broken)
    p = await wait_publish(client, uri2)
    assert [d.code for d in p.diagnostics] == ["GAI301"]
    # Not a Go file at all (no package clause).
    uri3 = open_doc(client, write(tmp_path / "x" / "notes.go", "hello\n"), "hello\n")
    assert (await wait_publish(client, uri3)).diagnostics == []


async def test_non_go_documents_are_ignored(client: LanguageClient, tmp_path: Path):
    await start(client, client.spec, tmp_path)
    md = open_doc(client, write(tmp_path / "README.md", LEAKY), LEAKY, language="markdown")
    txt = open_doc(client, write(tmp_path / "notes.txt", PY_LEAKY), PY_LEAKY, language="python")
    go = open_doc(client, write(tmp_path / "tok" / "leaky.go", LEAKY), LEAKY)
    await wait_publish(client, go)
    for uri in (md, txt):
        client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    sentinel = await barrier(client, tmp_path)
    assert {p.uri for p in client.published} == {go, sentinel}, [p.uri for p in client.published]


# -- Python documents -----------------------------------------------------------------

PY_LEAKY = """import torch


def train(model, loader, optimizer, criterion):
    total = 0
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss
    return total
"""
PY_LEAK_LINE = 10  # 0-based line of `total += loss`


async def test_python_document_published_fixed_and_ignored(client: LanguageClient, tmp_path: Path):
    await start(client, client.spec, tmp_path)
    path = write(tmp_path / "train" / "loop.py", PY_LEAKY)
    uri = open_doc(client, path, PY_LEAKY, language="python")
    [diag] = (await wait_publish(client, uri)).diagnostics
    assert diag.code == "GAI602" and diag.source == "golint-ai"
    assert (diag.range.start.line, diag.range.start.character) == (PY_LEAK_LINE, 8)
    assert "`loss`" in diag.message and "line 8" in diag.message
    assert diag.code_description is not None and diag.code_description.href.endswith("/docs/rules/GAI602.md")
    actions = await _actions(client, uri, diag)
    assert [a.title for a in actions] == ["Use `loss.item()` (unsafe fix)", "Ignore GAI602 on this line"]
    fixed = apply_edits(PY_LEAKY, actions[0].edit.changes[uri])
    assert "        total += loss.item()\n" in fixed
    ignored = apply_edits(PY_LEAKY, actions[1].edit.changes[uri])
    assert "        total += loss  # golint-ai: ignore[GAI602]\n" in ignored
    for version, text in ((2, fixed), (3, ignored)):
        n = len(client.published)
        change(client, uri, version, text)
        p = await wait_publish(client, uri, after=n)
        assert (p.version, p.diagnostics) == (version, [])


async def test_python_document_that_does_not_parse(client: LanguageClient, tmp_path: Path):
    await start(client, client.spec, tmp_path)
    broken = PY_LEAKY.replace("    for x, y in loader:", "    for x, y in loader\n")
    uri = open_doc(client, write(tmp_path / "train" / "broken.py", broken), broken, language="python")
    assert (await wait_publish(client, uri)).diagnostics == []
    n = len(client.published)
    change(client, uri, 2, PY_LEAKY)
    p = await wait_publish(client, uri, after=n)
    assert [d.code for d in p.diagnostics] == ["GAI602"]


async def test_pathological_file_times_out_and_server_keeps_working(client: LanguageClient, tmp_path: Path):
    await start(client, client.spec, tmp_path, {"timeoutSeconds": 1.5})
    hang = LEAKY + f"\n// {HANG_MARKER}\n"
    huri = open_doc(client, write(tmp_path / "slow" / "slow.go", hang), hang)
    p = await wait_publish(client, huri)
    assert p.diagnostics == []
    assert any("longer than" in m.message for m in client.messages), [m.message for m in client.messages]
    # The worker was replaced: other files are analysed as before.
    uri = open_doc(client, write(tmp_path / "tok" / "leaky.go", LEAKY), LEAKY)
    assert [d.code for d in (await wait_publish(client, uri)).diagnostics] == ["GAI301"]
    # The same content is not retried (it would hang again) ...
    n = len(client.published)
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=huri)))
    assert (await wait_publish(client, huri, after=n)).diagnostics == []
    # ... but fixed content is.
    n = len(client.published)
    change(client, huri, 2, LEAKY)
    p = await wait_publish(client, huri, after=n)
    assert [d.code for d in p.diagnostics] == ["GAI301"]


# -- the result cache of `check` ------------------------------------------------------------


async def test_files_as_check_saw_them_are_answered_from_its_cache(cached_client: LanguageClient, tmp_path: Path):
    """After `golint-ai check` (run from the server's working directory), opening a file
    as it is on disk publishes the stored findings without analysing: the file holds the
    marker that makes an analysis hang, so only the cache can answer. An unsaved change
    is analysed."""
    import subprocess

    client = cached_client
    hang = LEAKY + f"\n// {HANG_MARKER}\n"
    path = write(tmp_path / "shared" / "leaky.go", hang)
    done = subprocess.run([sys.executable, "-m", "golint_ai", "check", str(path.parent), "--format", "json", "--exit-zero"],
                          env=_shared_cache_env(), cwd=os.getcwd(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    await start(client, client.spec, tmp_path, {"timeoutSeconds": 60})
    uri = open_doc(client, path, hang)
    p = await wait_publish(client, uri)
    [d] = p.diagnostics
    assert d.code == "GAI301" and (d.range.start.line, d.range.start.character) == (LEAK_LINE, 6)
    n = len(client.published)
    change(client, uri, 2, CLEAN)  # unsaved, without the marker: analysed
    assert (await wait_publish(client, uri, pred=lambda p: p.version == 2, after=n)).diagnostics == []


# -- runtime evidence ---------------------------------------------------------------------


async def test_evidence_file_confirms_findings_and_adds_gai190(client: LanguageClient, tmp_path: Path):
    """With `evidence` naming a goroutine dump (relative to the workspace folder), the
    goroutine findings it confirms say so and its unexplained leaked groups are GAI190."""
    import shutil

    leaky = ROOT / "tests" / "testdata" / "leaky"
    shutil.copy(leaky / "go.mod", tmp_path / "go.mod")
    shutil.copytree(leaky / "svc", tmp_path / "svc")
    shutil.copy(ROOT / "tests" / "data" / "evidence" / "goroutineleak-debug2.txt", tmp_path / "leak.txt")
    await start(client, client.spec, tmp_path, options={"evidence": ["leak.txt"]})
    path = tmp_path / "svc" / "infer.go"
    text = path.read_text()
    uri = open_doc(client, path, text)
    p = await wait_publish(client, uri, lambda p: len(p.diagnostics) >= 3)
    assert sorted((d.code, d.range.start.line) for d in p.diagnostics) == [("GAI102", 13), ("GAI103", 33), ("GAI190", 43)]
    by = {d.code: d for d in p.diagnostics}
    assert "confirmed at run time: 3 goroutines blocked here (chan send, marked leaked)" in by["GAI102"].message
    assert "confirmed at run time" not in by["GAI103"].message
    assert by["GAI190"].related_information[0].location.range.start.line == 42


async def test_slow_file_does_not_delay_other_files_and_a_newer_version_replaces_it(client: LanguageClient, tmp_path: Path):
    # No timeout can explain what happens here: it is ten minutes.
    await start(client, client.spec, tmp_path, {"timeoutSeconds": 600})
    hang = LEAKY + f"\n// {HANG_MARKER}\n"
    huri = open_doc(client, write(tmp_path / "slow" / "slow.go", hang), hang)
    uri = open_doc(client, write(tmp_path / "tok" / "leaky.go", LEAKY), LEAKY)
    assert [d.code for d in (await wait_publish(client, uri)).diagnostics] == ["GAI301"]
    assert not [p for p in client.published if p.uri == huri]  # still analysing
    change(client, huri, 2, LEAKY)
    p = await wait_publish(client, huri)
    assert p.version == 2 and [d.code for d in p.diagnostics] == ["GAI301"]
    assert not any("longer than" in m.message for m in client.messages)


@pytest.mark.parametrize("odd", ["\r", "\u2028", "\x0c", "\x85"])
async def test_positions_and_edits_follow_lsp_line_breaks(client: LanguageClient, tmp_path: Path, odd: str):
    await start(client, client.spec, tmp_path)
    text = LEAKY.replace("// Count returns", f"// Count{odd}returns")
    extra = 1 if odd == "\r" else 0  # only a lone CR is an LSP line break
    uri = open_doc(client, write(tmp_path / "tok" / "leaky.go", text), text)
    p = await wait_publish(client, uri)
    assert [d.range.start.line for d in p.diagnostics] == [LEAK_LINE + extra]
    # An incremental edit below the odd character lands where the client means it.
    line = LEAK_LINE + extra
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=line + 1, character=0), end=types.Position(line=line + 1, character=0)),
                text="\tdefer C.free(unsafe.Pointer(c))\n",
            )],
        )
    )
    p = await wait_publish(client, uri, lambda p: p.version == 2)
    assert p.diagnostics == []


# -- per-function reuse ---------------------------------------------------------------


def _position(text: str, offset: int) -> types.Position:
    line = text.count("\n", 0, offset)
    return types.Position(line=line, character=offset - (text.rfind("\n", 0, offset) + 1))


async def test_random_incremental_edits_end_with_the_findings_of_check(client: LanguageClient, tmp_path: Path):
    """Seeded random edits, each sent as one incremental change with no debounce and
    analysed (findings of untouched functions reused): what is published for the last
    version is what `check` finds in the final text."""
    import random

    from golint_ai.server.analysis import byte_edit
    from test_server_reuse import LEAKS, _random_edit

    await start(client, client.spec, tmp_path, {"debounceMs": 0})
    text = LEAKS + "".join(LEAKS.split("var bufPool", 1)[1].split("\n", 1)[1].replace("func ", f"func v{i}_") for i in range(3))
    path = write(tmp_path / "p" / "p.go", text)
    uri = open_doc(client, path, text)
    await wait_publish(client, uri)
    rng = random.Random(23)
    donors = [p.read_bytes() for p in sorted((ROOT / "tests" / "go_samples" / "GAI301").rglob("*.go"))[:4]]
    version = 1
    from golint_ai.golang.parse import parse

    for _ in range(25):
        new = _random_edit(rng, text.encode(), donors).decode()
        if parse(new.encode()).root_node.has_error:
            continue  # a file with syntax errors is analysed whole: keep to edits that parse
        edit = byte_edit(text.encode(), new.encode())
        if edit is None:
            continue
        start_, old_end, new_end = edit  # ASCII text: bytes are characters
        version += 1
        n = len(client.published)  # type: ignore[attr-defined]
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=_position(text, start_), end=_position(text, old_end)), text=new[start_:new_end])],
            )
        )
        text = new
        last = await wait_publish(client, uri, pred=lambda p, v=version: p.version == v, after=n)
        # Every version, not only the last: findings (and the positions sent before)
        # reused across edits must be where `check` puts them in that text.
        want, got = _check_positions(tmp_path / f"v{version}" / "p.go", text), _published_positions(last)
        assert got == want, version
    assert want, "the final text still leaks"


async def test_edits_adding_and_removing_lines_move_published_positions_as_check(client: LanguageClient, tmp_path: Path):
    """Findings above an edit keep their JSON; findings below it are sent again moved
    by the lines the edit added or removed (their fix edits too, while an edit of the
    same finding at the top of the file stays); a finding on the edited line is located
    again. Each version's publish is what `check` finds in that text."""
    head = 'package p\n\n/*\n#include <stdlib.h>\nvoid use(char *p);\n*/\nimport "C"\n\n'
    groups = "".join(
        f"func cstring{i}(s string) {{\n\tc := C.CString(s)\n\tC.use(c)\n}}\n\n"
        f"func captured{i}(n int) {{\n\tbuf := make([]byte, n)\n\tgo func() {{\n\t\tuse(buf)\n\t}}()\n}}\n\n"
        for i in range(6)
    )
    text = head + groups + "func use(b []byte) { _ = b }\n"
    await start(client, client.spec, tmp_path, {"debounceMs": 0})
    path = write(tmp_path / "p" / "p.go", text)
    uri = open_doc(client, path, text)
    first = await wait_publish(client, uri)
    assert any("CString" in d.message for d in first.diagnostics) and any(((d.data or {}).get("fix") or {}).get("edits") for d in first.diagnostics)
    edits = [
        ("\tC.use(c)\n}\n\nfunc captured1", "\tC.use(c)\n\t_ = len(s)\n}\n\nfunc captured1"),  # a line added in cstring1
        ("func captured3(n int) {\n", "func captured3(n int) {\n\n\n"),  # two blank lines
        ("\t_ = len(s)\n", ""),  # the added line removed again
        ("func cstring4(s string) {\n\tc := C.CString(s)", "func cstring4(s string) {\n\tc  :=  C.CString(s)"),  # on a finding's line
        ("\n\n\n", "\n"),  # lines removed above the remaining findings
    ]
    version = 1
    for before, after in edits:
        start_ = text.index(before)
        new = text[:start_] + after + text[start_ + len(before):]
        version += 1
        n = len(client.published)  # type: ignore[attr-defined]
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=_position(text, start_), end=_position(text, start_ + len(before))), text=after)],
            )
        )
        text = new
        last = await wait_publish(client, uri, pred=lambda p, v=version: p.version == v, after=n)
        assert _published_positions(last) == _check_positions(tmp_path / f"v{version}" / "p.go", text), version


def _check_positions(path: Path, text: str) -> list[tuple]:
    from golint_ai.rules import CODES
    from golint_ai.runner import check_paths
    from golint_ai.settings import ConfigResolver

    write(path, text)
    cli = check_paths([str(path.parent)], ConfigResolver(codes=tuple(CODES)), jobs=1)
    return sorted(
        (d.code, _position(text, d.span.start).line, _position(text, d.span.start).character, _position(text, d.span.end).line,
         _position(text, d.span.end).character, d.message, tuple((_position(text, r.span.start).line, r.message) for r in d.related),
         tuple((_position(text, e.start).line, _position(text, e.start).character, _position(text, e.end).line, _position(text, e.end).character, e.text)
               for e in (d.fix.edits if d.fix is not None else ())))
        for d in cli.diagnostics if not d.suppressed
    )


def _published_positions(p: types.PublishDiagnosticsParams) -> list[tuple]:
    return sorted(
        (str(d.code), d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.message,
         tuple((r.location.range.start.line, r.message) for r in d.related_information or ()),
         tuple((e["range"]["start"]["line"], e["range"]["start"]["character"], e["range"]["end"]["line"], e["range"]["end"]["character"], e["newText"])
               for e in ((d.data or {}).get("fix") or {}).get("edits", [])))
        for d in p.diagnostics
    )
