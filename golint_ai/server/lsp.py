"""``golint-ai server``: the language server (LSP over stdio, pygls 2).

What it does:

- publishes diagnostics for Go documents on open and save (at once) and on change
  (debounced), analysed from the editor's text; the other files of the package come from
  open buffers or from disk, so cross-file facts are known;
- analyses directories in worker processes (:mod:`.worker`, two by default) with a
  timeout, so the event loop never blocks, one slow directory does not delay the
  others and one pathological file cannot hang the server; a newer version of a
  directory's documents cancels the analysis of the older one;
  edited files are re-parsed incrementally and unchanged ones keep their trees;
- drops results computed for an older document version; publishes ``[]`` on close and
  when a file is clean;
- each diagnostic: range in the negotiated position encoding, severity from the rule's
  (configured) level, ``code``, ``codeDescription.href`` (the rule's docs page),
  ``source``, related information;
- code actions (``quickfix``): the rule's fix (safe fixes preferred, unsafe ones shown
  and marked) and "Ignore GAIxxx on this line";
- configuration from ``pyproject.toml``/``.golint-ai.toml`` exactly as the command line
  finds it (nearest file above the package), plus editor options (see :mod:`.options`).
"""

from __future__ import annotations

import asyncio
import hashlib
import inspect
import json
import logging
import os
import re
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any, Callable

from lsprotocol import types
from msgspec import Struct, field
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from golint_ai import __version__
from golint_ai.diagnostics import Applicability, Diagnostic, Span
from golint_ai.discovery import is_excluded
from golint_ai.runner import DirectoryJob
from golint_ai.server.analysis import disk_cache_directory, from_disk_cache
from golint_ai.server.options import ClientOptions, ParsedOptions, parse_options
from golint_ai.server.reuse import move, shift_lines
from golint_ai.server.worker import AnalysisCancelled, AnalysisTimeout, WorkerCrashed, WorkerPool
from golint_ai.settings import CONFIG_NAMES, ConfigError, ConfigResolver

log = logging.getLogger("golint_ai.server")

SOURCE = "golint-ai"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "note": types.DiagnosticSeverity.Information,
}
_IGNORE_DIRECTIVE = re.compile(r"//\s*golint-ai:ignore\s+([A-Za-z0-9,]+)")
_PY_IGNORE_DIRECTIVE = re.compile(r"#\s*golint-ai:\s*ignore\[([A-Za-z0-9, ]+)")

# Frames larger than this are read and dropped in pieces, never held in memory: a client
# announcing ``Content-Length: 99999999999`` must not kill the server.
MAX_FRAME_BYTES = int(os.environ.get("GOLINT_AI_MAX_FRAME_BYTES") or 64 * 1024 * 1024)
MAX_HEADER_BYTES = 64 * 1024
_DROP_CHUNK = 1024 * 1024
# The notification a dropped frame is replaced with (handled below: it logs the drop).
FRAME_DROPPED = "$/golintAi/frameDropped"


class BoundedReader:
    """A pygls message reader with a limit on header lines and frame bodies.

    An oversized body is consumed in :data:`_DROP_CHUNK` pieces and replaced with a
    :data:`FRAME_DROPPED` notification, so the stream stays in step and the server
    keeps running; end of input while dropping ends the session as any EOF does."""

    def __init__(self, inner: Any, max_frame: int = MAX_FRAME_BYTES) -> None:
        self.inner = inner
        self.max_frame = max_frame

    def readline(self):
        return self.inner.readline()

    async def readexactly(self, n: int) -> bytes:
        if n <= self.max_frame:
            return await self.inner.readexactly(n)
        remaining = n
        while remaining > 0:
            piece = await self.inner.readexactly(min(_DROP_CHUNK, remaining))
            if not piece:
                return b""
            remaining -= len(piece)
        import json

        return json.dumps({"jsonrpc": "2.0", "method": FRAME_DROPPED, "params": {"size": n, "limit": self.max_frame}}).encode()


class _LineBoundedStdin:
    """stdin whose ``readline`` stops after :data:`MAX_HEADER_BYTES` (a header line
    without an end must not grow without bound)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def readline(self) -> bytes:
        return self.stream.readline(MAX_HEADER_BYTES)

    def read(self, n: int) -> bytes:
        return self.stream.read(n)


class _Published(Struct, dict=True):
    """What was published for a document: each diagnostic as sent (the protocol's JSON
    shape) with the finding it came from; as lsprotocol objects on first need (code
    actions), not on every publish."""

    version: int | None
    sent: list[tuple[dict, Diagnostic]]
    _entries: "list[tuple[types.Diagnostic, Diagnostic]] | None" = None
    text: bytes | None = None  # the document's text the positions were computed in
    encoded: "dict[int, tuple[dict, str]]" = field(default_factory=dict)  # id(JSON) -> (JSON, its text)

    @property
    def entries(self) -> list[tuple[types.Diagnostic, Diagnostic]]:
        if self._entries is None:
            from lsprotocol.converters import get_converter

            structure = get_converter().structure
            self._entries = [(structure(j, types.Diagnostic), d) for j, d in self.sent]
        return self._entries


@lru_cache(maxsize=4096)
def _uri(path: str) -> str:
    return from_fs_path(path) or path


class GolintLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("golint-ai", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        from golint_ai.rules import CODES

        self.codes: tuple[str, ...] = tuple(CODES)
        self.options = ParsedOptions()
        self.init_raw: Any = None
        # Two analysis processes: one slow directory does not delay the others.
        self.worker = WorkerPool(int(os.environ.get("GOLINT_AI_WORKERS") or 2))
        self.pool = ThreadPoolExecutor(max_workers=len(self.worker.workers) + 2, thread_name_prefix="golint-ai")
        self.pending: dict[str, asyncio.Task] = {}
        self.seq: dict[str, int] = {}
        self.published: dict[str, _Published] = {}
        self.hung: set[tuple[str, str]] = set()  # (path, sha1) of contents that timed out
        self.shown_errors: set[str] = set()
        self.last_stats: dict[str, int] = {}
        # `check`'s result cache, read when the open files are as on disk.
        self.disk_cache = disk_cache_directory()
        self.dumps: dict[str, tuple[tuple[int, int], Any]] = {}  # evidence path -> ((mtime_ns, size), Dump)

    # -- transport -----------------------------------------------------------
    def _start_io_async(self, stdin: Any = None, stdout: Any = None) -> None:
        """pygls' stdio loop with a :class:`BoundedReader`."""
        import sys
        from threading import Event

        from pygls.io_ import StdinAsyncReader, StdoutWriter, run_async

        self._stop_event = Event()
        reader = BoundedReader(StdinAsyncReader(_LineBoundedStdin(stdin or sys.stdin.buffer), self.thread_pool))
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        try:
            asyncio.run(run_async(stop_event=self._stop_event, reader=reader, protocol=self.protocol, logger=log, error_handler=self.report_server_error))
        except BrokenPipeError:
            log.error("the connection to the client is lost; shutting down")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.shutdown()

    def start_tcp(self, host: str, port: int) -> None:
        """pygls' TCP server with a :class:`BoundedReader`."""
        from threading import Event

        from pygls.io_ import run_async

        self._stop_event = stop_event = Event()

        async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            self.protocol.set_writer(writer)  # type: ignore[arg-type]
            await run_async(stop_event=stop_event, reader=BoundedReader(reader), protocol=self.protocol, logger=log, error_handler=self.report_server_error)
            self.shutdown()

        async def serve() -> None:
            self._server = await asyncio.start_server(connection, host, port, limit=MAX_HEADER_BYTES)
            async with self._server:
                await self._server.serve_forever()

        try:
            asyncio.run(serve())
        except asyncio.CancelledError:
            pass

    # -- helpers -------------------------------------------------------------
    def unit(self) -> str:
        enc = str(self.workspace.position_encoding or "utf-16")
        return enc if enc in ("utf-8", "utf-16", "utf-32") else "utf-16"

    def options_for(self, path: str) -> ClientOptions:
        return self.options.for_path(path)

    def show_error_once(self, message: str) -> None:
        log.warning("%s", message)
        if message in self.shown_errors:
            return
        self.shown_errors.add(message)
        self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=message))

    def log_message(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def set_options(self, raw: Any) -> None:
        parsed = parse_options(raw, self.codes, to_fs_path)
        for err in parsed.errors:
            self.show_error_once(err)
        self.options = parsed

    def go_documents(self) -> dict[str, Any]:
        """Open Go and Python documents by file path."""
        out = {}
        for uri, doc in list(self.workspace.text_documents.items()):
            path = _go_path(uri, getattr(doc, "language_id", None))
            if path is not None:
                out[path] = doc
        return out

    def publish(self, uri: str, version: int | None, sent: list[tuple[dict, Diagnostic]], text: bytes | None = None) -> None:
        """``textDocument/publishDiagnostics`` of diagnostics already in the protocol's
        JSON shape (:meth:`to_lsp`): hundreds of findings go out without building and
        unstructuring an object per position. ``text``: the document's text the
        positions were computed in (the next publish reuses what did not move)."""
        before = self.published.get(uri)
        pub = self.published[uri] = _Published(version, sent, text=text)
        send = getattr(self.protocol, "_send_data", None)
        if send is None:  # pragma: no cover - another pygls: the typed way
            from lsprotocol.converters import get_converter

            params: dict = {"uri": uri, "diagnostics": [j for j, _ in sent]}
            if version is not None:
                params["version"] = version
            self.text_document_publish_diagnostics(get_converter().structure(params, types.PublishDiagnosticsParams))
            return
        # The JSON text of a diagnostic sent before as the same object (reused for an
        # unchanged finding) is not encoded again.
        old = before.encoded if before is not None else {}
        texts = []
        for j, _ in sent:
            held = old.get(id(j))
            t = held[1] if held is not None and held[0] is j else json.dumps(j)
            pub.encoded[id(j)] = (j, t)
            texts.append(t)
        version_json = f',"version":{json.dumps(version)}' if version is not None else ""
        body = (
            f'{{"jsonrpc":"2.0","method":{json.dumps(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)},'
            f'"params":{{"uri":{json.dumps(uri)},"diagnostics":[{",".join(texts)}]{version_json}}}}}'
        )
        if not _write_message(self.protocol, body):  # pragma: no cover - another pygls
            send(json.loads(body))

    # -- scheduling ----------------------------------------------------------
    def schedule(self, directory: str, delay_s: float) -> None:
        self.seq[directory] = self.seq.get(directory, 0) + 1
        old = self.pending.pop(directory, None)
        if old is not None and not old.done():
            old.cancel()
        # An analysis of older contents still running for this directory stops at its
        # next file or rule: its result would be dropped anyway.
        self.worker.cancel(directory)
        self.pending[directory] = asyncio.ensure_future(self._run_later(directory, delay_s, self.seq[directory]))

    def schedule_all(self) -> None:
        for d in sorted({os.path.dirname(p) for p in self.go_documents()}):
            self.schedule(d, 0)

    async def _run_later(self, directory: str, delay_s: float, seq: int) -> None:
        try:
            if delay_s > 0:
                await asyncio.sleep(delay_s)
            await self.analyze_directory(directory, seq)
        except asyncio.CancelledError:
            pass
        except Exception as exc:  # a bug here must not kill the server
            log.exception("analysis of %s failed", directory)
            self.log_message(f"golint-ai: analysis of {directory} failed: {type(exc).__name__}: {exc}", types.MessageType.Error)
        finally:
            if self.pending.get(directory) is asyncio.current_task():
                self.pending.pop(directory, None)

    async def analyze_directory(self, directory: str, seq: int) -> None:
        docs = {p: d for p, d in self.go_documents().items() if os.path.dirname(p) == directory}
        if not docs:
            return
        snapshot = {p: (d.uri, d.version, d.source.encode("utf-8", "surrogatepass")) for p, d in docs.items()}
        opts = self.options_for(next(iter(sorted(docs))))
        clean: list[str] = []  # documents that get [] without analysis
        if not opts.enable:
            for uri, version, _ in snapshot.values():
                self.publish(uri, version, [])
            return
        try:
            resolver = ConfigResolver(codes=self.codes, cli_select=opts.select, cli_ignore=opts.ignore)
            settings = opts.apply(resolver.for_directory(directory))
        except ConfigError as exc:
            self.show_error_once(f"golint-ai: {exc}")
            for uri, version, _ in snapshot.values():
                self.publish(uri, version, [])
            return
        root = self.folder_of(directory)
        reported = set()
        for path, (_, _, data) in snapshot.items():
            rel = os.path.relpath(path, root) if root else path
            if settings.exclude and not rel.startswith("..") and is_excluded(rel, settings.exclude):
                clean.append(path)
            elif (path, _digest(data)) in self.hung:
                clean.append(path)
            else:
                reported.add(path)
        files = set(snapshot)
        try:
            for name in os.listdir(directory):
                full = os.path.join(directory, name)
                if name.endswith(".go") and not name.startswith((".", "_")) and os.path.isfile(full):
                    files.add(full)
        except OSError:
            pass
        job = DirectoryJob(
            directory,
            tuple(sorted((f, f in reported) for f in files)),
            settings,
            tuple(sorted((p, snapshot[p][2]) for p in snapshot)),
        )
        result = None
        if reported and self.disk_cache is not None and not opts.evidence:
            # Files as `golint-ai check` saw them: its stored result, when it still holds.
            loop = asyncio.get_running_loop()
            try:
                result = await loop.run_in_executor(self.pool, from_disk_cache, self.disk_cache, job)
            except Exception:  # the cache is an optimisation: analyse instead
                log.exception("reading the result cache for %s failed", directory)
            if result is not None:
                self.last_stats = {"disk_cache_hits": 1}
                log.info("answered %s from the result cache", directory)
        if reported and result is None:
            loop = asyncio.get_running_loop()
            try:
                reply = await loop.run_in_executor(self.pool, self.worker.analyze, job, opts.timeout_s)
                result = reply.result
                self.last_stats = dict(reply.stats)
                log.info("analysed %s in %.3fs %s", directory, reply.seconds, reply.stats)
            except AnalysisTimeout as exc:
                for p in reported:
                    self.hung.add((p, _digest(snapshot[p][2])))
                names = ", ".join(os.path.basename(p) for p in sorted(reported))
                self.show_error_once(f"golint-ai: {exc} on {names}; not analysed until it changes")
                clean.extend(reported)
            except WorkerCrashed as exc:
                self.log_message(f"golint-ai: {exc}", types.MessageType.Error)
                clean.extend(reported)
            except AnalysisCancelled:
                log.info("analysis of %s cancelled: newer contents are scheduled", directory)
                return
        if self.seq.get(directory) != seq:
            return  # a newer run for this directory is scheduled: these results are stale
        for path in clean:
            uri, version, _ = snapshot[path]
            if self._current(uri, version):
                self.publish(uri, version, [])
        if result is None:
            return
        if opts.evidence:
            self.join_evidence(result, job, settings, opts, root or directory)
        for n in result.notifications:
            if n.kind in ("internal", "config"):
                self.log_message(f"golint-ai: {n.path}: {n.message}", types.MessageType.Warning)
        sources = {p: snapshot[p][2] for p in snapshot}
        by_path: dict[str, list[Diagnostic]] = {p: [] for p in reported}
        for d in result.diagnostics:
            if not d.suppressed and d.span.path in by_path:
                by_path[d.span.path].append(d)
        from golint_ai.output.located import Locator

        locator = Locator(sources, self.unit(), lsp_lines=True)  # type: ignore[arg-type]
        for path, diags in by_path.items():
            uri, version, data = snapshot[path]
            if not self._current(uri, version):
                continue  # stale: the document changed meanwhile, its own run will publish
            reuse = self._unchanged(uri, path, data)
            self.publish(uri, version, [(reuse(d) or self.to_lsp(d, locator), d) for d in diags], data)

    def _unchanged(self, uri: str, path: str, data: bytes) -> "Callable[[Diagnostic], dict | None]":
        """For a document about to be published again: the JSON sent last time for a
        finding whose positions did not move on screen. The edit changed the bytes
        between the longest common prefix and suffix of the old and new text. A finding
        lying wholly in this file whose every position (span, related locations, fix
        edits, launch) lies either

        - before the first changed byte: it is where it was, or
        - on lines wholly after the last changed byte: it moved by as many bytes and
          lines as the edit added, and its columns did not change (its lines did not),

        is the finding sent last time with the latter positions moved back (and the
        "line N" its texts name moved back, when every such line lies after the edit):
        its JSON is that finding's, with those ranges and texts moved by the lines added.
        Anything else (an edit inside a finding, a position on an edited line, a text
        naming a line above the edit) is located again. Hundreds of findings around a
        one-line edit go out without it."""
        pub = self.published.get(uri)
        if pub is None or pub.text is None or not pub.sent:
            return lambda d: None
        old = pub.text
        k = _common_prefix(old, data)
        tail = _common_suffix(old, data, min(len(old), len(data)) - k)
        delta = len(data) - len(old)
        newline = data.find(b"\n", len(data) - tail) if tail else -1
        after = newline + 1 if newline >= 0 else len(data) + 1  # the first unchanged line after the edit
        rows = data.count(b"\n", k, len(data) - tail) - old.count(b"\n", k, len(old) - tail)
        first_moved = data.count(b"\n", 0, after) + 1  # 1-based: "line N" in texts from here on moved too
        sent = {d: j for j, d in pub.sent if d.runtime is None}  # evidence may not hash

        def reuse(d: Diagnostic) -> dict | None:
            if d.runtime is not None:
                return None
            moved = False
            for sp in _spans(d):
                if sp.path != path:
                    return None
                if sp.start >= after:
                    moved = True
                elif sp.end >= k:
                    return None
            if not moved or not (delta or rows):
                return sent.get(d)
            was = move(d, lambda p, a, b: (p, a - delta, b - delta) if a >= after else (p, a, b))
            if rows:  # "line N" in its texts named the moved lines N - rows before
                was = _texts_moved(was, -rows, first_moved)
                if was is None:
                    return None
            j = sent.get(was)
            if j is None or not rows:
                return j
            return _moved_json(j, d, lambda sp: sp.start >= after, rows)

        return reuse

    def load_dumps(self, files: tuple[str, ...], base: str) -> list:
        """The evidence files, parsed once per version of each (mtime and size)."""
        from golint_ai.runtime.dump import EvidenceError
        from golint_ai.runtime.load import load_evidence

        dumps = []
        for name in files:
            path = name if os.path.isabs(name) else os.path.join(base, name)
            try:
                st = os.stat(path)
                stamp = (st.st_mtime_ns, st.st_size)
                cached = self.dumps.get(path)
                if cached is None or cached[0] != stamp:
                    cached = self.dumps[path] = (stamp, load_evidence(path))
                dumps.append(cached[1])
            except OSError as exc:
                self.show_error_once(f"golint-ai: evidence {path}: {exc.strerror or exc}")
            except EvidenceError as exc:
                self.show_error_once(f"golint-ai: {exc}")
        return dumps

    def join_evidence(self, result: Any, job: DirectoryJob, settings: Any, opts: ClientOptions, base: str) -> None:
        """Confirm the directory's goroutine findings from the evidence files and add its
        GAI190 results (the language-server side of ``check --evidence``)."""
        from golint_ai.runtime.join import apply_evidence
        from golint_ai.runtime.mapping import Checkout

        dumps = self.load_dumps(opts.evidence, base)
        if not dumps:
            return
        try:
            checkout = Checkout([], files={job.directory: list(job.files)})
            overrides = dict(job.overrides)
            for path, data in overrides.items():
                result.sources.setdefault(path, data)
            apply_evidence(result, dumps, checkout, lambda _d: settings, settings, display=lambda p: p)
            result.notifications = [n for n in result.notifications if n.kind != "evidence"]
        except Exception as exc:  # pragma: no cover - evidence must never take analysis down
            log.exception("joining evidence failed")
            self.show_error_once(f"golint-ai: runtime evidence not joined: {type(exc).__name__}: {exc}")

    def _current(self, uri: str, version: int | None) -> bool:
        doc = self.workspace.text_documents.get(uri)
        return doc is not None and doc.version == version

    def folder_of(self, path: str) -> str | None:
        best = None
        for uri in self.workspace.folders:
            folder = to_fs_path(uri)
            if folder and (path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)):
                if best is None or len(folder) > len(best):
                    best = folder
        if best is None and self.workspace.root_path:
            root = self.workspace.root_path
            if path == root or path.startswith(root.rstrip(os.sep) + os.sep):
                best = root
        return best

    # -- conversion ----------------------------------------------------------
    def to_lsp(self, d: Diagnostic, locator: Any) -> dict:
        """The LSP ``Diagnostic`` of a finding, in the protocol's JSON shape."""
        from golint_ai.rules import rule_for

        rule = rule_for(d.code)
        where = locator.locate(d.span)
        out: dict = {
            "range": _range_json(where),
            "severity": int(SEVERITY.get(d.level, types.DiagnosticSeverity.Warning)),
            "code": d.code,
        }
        if rule is not None:
            out["codeDescription"] = {"href": rule.help_uri()}
        out["source"] = SOURCE
        message = d.message
        data = None
        if d.fix is not None:
            data = {
                "fix": {
                    "title": d.fix.title,
                    "applicability": d.fix.applicability.value,
                    "edits": [
                        {"uri": _uri(e.path), "range": _range_json(locator.locate_edit(e).where), "newText": e.text}
                        for e in d.fix.edits
                    ],
                }
            }
        if d.runtime is not None and d.runtime.confirmed:
            message += f"\nconfirmed at run time: {d.runtime.summary()}"
            data = {**(data or {}), "runtime": d.runtime.as_dict()}
        out["message"] = message
        if d.related:
            out["relatedInformation"] = [
                {"location": {"uri": _uri(r.span.path), "range": _range_json(locator.locate(r.span))}, "message": r.message}
                for r in d.related
            ]
        if data is not None:
            out["data"] = data
        return out

    # -- code actions --------------------------------------------------------
    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        only = [getattr(k, "value", k) for k in params.context.only or ()]
        quickfix = types.CodeActionKind.QuickFix.value
        if only and not any(quickfix == k or quickfix.startswith(k + ".") or k == "" for k in only):
            return []
        uri = params.text_document.uri
        pub = self.published.get(uri)
        doc = self.workspace.text_documents.get(uri)
        if pub is None or doc is None:
            return []
        wanted = [d for d in params.context.diagnostics if d.source == SOURCE]
        chosen: list[tuple[types.Diagnostic, types.Diagnostic]] = []  # (client's copy, ours)
        for cd in wanted:
            for ours, _ in pub.entries:
                if ours.code == cd.code and ours.range == cd.range and ours.message == cd.message:
                    chosen.append((cd, ours))
                    break
        if not wanted:
            chosen = [(ours, ours) for ours, _ in pub.entries if _overlaps(ours.range, params.range)]
        actions: list[types.CodeAction] = []
        for client_diag, ours in chosen:
            fix = (ours.data or {}).get("fix")
            if fix:
                changes: dict[str, list[types.TextEdit]] = {}
                for e in fix["edits"]:
                    changes.setdefault(e["uri"], []).append(types.TextEdit(range=_range_from_json(e["range"]), new_text=e["newText"]))
                safe = fix["applicability"] == Applicability.SAFE.value
                actions.append(
                    types.CodeAction(
                        title=fix["title"] if safe else f"{fix['title']} (unsafe fix)",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[client_diag],
                        is_preferred=True if safe else None,
                        edit=types.WorkspaceEdit(changes=changes),
                    )
                )
        for client_diag, ours in chosen:
            edit = self.ignore_edit(doc, ours)
            if edit is not None:
                actions.append(
                    types.CodeAction(
                        title=f"Ignore {ours.code} on this line",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[client_diag],
                        edit=types.WorkspaceEdit(changes={uri: [edit]}),
                    )
                )
        return actions

    def ignore_edit(self, doc: Any, diag: types.Diagnostic) -> types.TextEdit | None:
        line_no = diag.range.start.line
        lines = doc.lines
        if line_no >= len(lines):
            return None
        line = lines[line_no].rstrip("\r\n")
        code = str(diag.code)
        python = str(getattr(doc, "path", "") or doc.uri).endswith(".py")
        m = (_PY_IGNORE_DIRECTIVE if python else _IGNORE_DIRECTIVE).search(line)
        if m is not None:
            codes = [c for c in m.group(1).split(",") if c]
            if code in codes:
                return None
            col = _units(line[: m.end(1)], self.unit())
            text = "," + code
        else:
            col = _units(line, self.unit())
            text = f"  # golint-ai: ignore[{code}]" if python else f" //golint-ai:ignore {code}"
        pos = types.Position(line=line_no, character=col)
        return types.TextEdit(range=types.Range(start=pos, end=pos), new_text=text)


def _write_message(protocol: Any, body: str) -> bool:
    """Write one JSON-RPC message, already encoded as ``body``, framed as pygls frames
    its own (``JsonRPCProtocol._send_data``); False when this pygls has no such writer."""
    writer = getattr(protocol, "writer", None)
    include = getattr(protocol, "_include_headers", None)
    if writer is None or include is None:
        return False
    data = body.encode("utf-8")
    if include:
        data = f"Content-Length: {len(data)}\r\nContent-Type: {protocol.CONTENT_TYPE}; charset={protocol.CHARSET}\r\n\r\n".encode("ascii") + data
    res = writer.write(data)
    if inspect.isawaitable(res):
        asyncio.ensure_future(res)
    return True


def _digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def _units(text: str, unit: str) -> int:
    if unit == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    if unit == "utf-32":
        return len(text)
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)


def _go_path(uri: str, language_id: str | None) -> str | None:
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    if path is None:
        return None
    # Go and Python documents are analysed by file name (the runner picks the language
    # by suffix), whatever language id the client gave.
    if language_id != "go" and not path.endswith((".go", ".py")):
        return None
    return os.path.normpath(path)


def _common_suffix(a: bytes, b: bytes, limit: int) -> int:
    """The length of the longest common suffix of ``a`` and ``b``, at most ``limit``."""
    lo, hi = 0, max(0, min(limit, len(a), len(b)))
    la, lb = len(a), len(b)
    while lo < hi:  # invariant: a[la - lo:] == b[lb - lo:]
        mid = (lo + hi + 1) // 2
        if a[la - mid : la - lo] == b[lb - mid : lb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _spans(d: Diagnostic) -> list[Span]:
    """Every position a finding names: its span, related locations, fix edits."""
    out = [d.span, *(r.span for r in d.related)]
    if d.launch is not None:
        out.append(d.launch)
    if d.fix is not None:
        out.extend(Span(e.path, e.start, e.end) for e in d.fix.edits)
    return out


def _texts_moved(d: Diagnostic, rows: int, lo: int) -> "Diagnostic | None":
    """``d`` with every "line N" of its texts (message, related messages, fix title)
    moved by ``rows``; None when one names a line before ``lo`` (or quoted code)."""
    from msgspec.structs import replace

    from golint_ai.diagnostics import Related

    def shift(t: str) -> "str | None":
        return shift_lines(t, rows, lo, 1 << 62) if "line " in t else t

    message = shift(d.message)
    related = tuple(Related(r.span, m) if (m := shift(r.message)) is not None else None for r in d.related)
    title = shift(d.fix.title) if d.fix is not None else None
    if message is None or None in related or (d.fix is not None and title is None):
        return None
    return replace(d, message=message, related=related, fix=replace(d.fix, title=title) if d.fix is not None else None)


def _moved_json(j: dict, d: Diagnostic, moves: "Callable[[Span], bool]", rows: int) -> dict:
    """A copy of the LSP JSON sent for the finding ``d`` was before an edit that added
    ``rows`` lines: the range of each position for which ``moves`` holds moved down by
    ``rows`` lines, the texts ``d``'s."""

    def rng(r: dict, sp: Span) -> dict:
        if not moves(sp):
            return r
        return {
            "start": {"line": r["start"]["line"] + rows, "character": r["start"]["character"]},
            "end": {"line": r["end"]["line"] + rows, "character": r["end"]["character"]},
        }

    out = dict(j)
    out["range"] = rng(j["range"], d.span)
    out["message"] = d.message  # no run-time evidence: reused JSON never has any
    if "relatedInformation" in j:
        out["relatedInformation"] = [
            {**ri, "location": {**ri["location"], "range": rng(ri["location"]["range"], r.span)}, "message": r.message}
            for ri, r in zip(j["relatedInformation"], d.related)
        ]
    fix = (j.get("data") or {}).get("fix")
    if fix is not None and d.fix is not None:
        edits = [{**je, "range": rng(je["range"], Span(e.path, e.start, e.end))} for je, e in zip(fix["edits"], d.fix.edits)]
        out["data"] = {**j["data"], "fix": {**fix, "title": d.fix.title, "edits": edits}}
    return out


def _common_prefix(a: bytes, b: bytes) -> int:
    """The length of the longest common prefix of ``a`` and ``b`` (halving compares
    of slices: a few dozen compares at C speed)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # invariant: a[:lo] == b[:lo]
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _range_json(where: Any) -> dict:
    return {
        "start": {"line": where.start.line - 1, "character": where.start.column - 1},
        "end": {"line": where.end.line - 1, "character": where.end.column - 1},
    }


def _range_from_json(r: dict) -> types.Range:
    return types.Range(
        start=types.Position(line=r["start"]["line"], character=r["start"]["character"]),
        end=types.Position(line=r["end"]["line"], character=r["end"]["character"]),
    )


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def _is_config(path: str | None) -> bool:
    return path is not None and os.path.basename(path) in CONFIG_NAMES


def create_server() -> GolintLanguageServer:
    server = GolintLanguageServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: GolintLanguageServer, params: types.InitializeParams) -> None:
        from golint_ai.server.textmodel import install

        install(ls.workspace)  # lines end at \n, \r\n and \r only, as LSP says
        ls.init_raw = params.initialization_options
        ls.set_options(params.initialization_options)
        ls.worker.start()

    @server.feature(types.INITIALIZED)
    async def initialized(ls: GolintLanguageServer, params: types.InitializedParams) -> None:
        caps = ls.client_capabilities
        watched = caps.workspace and caps.workspace.did_change_watched_files
        if watched and watched.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=g) for g in ("**/*.go", "**/pyproject.toml", "**/.golint-ai.toml")]
            try:
                await ls.client_register_capability_async(
                    types.RegistrationParams(
                        registrations=[
                            types.Registration(
                                id="golint-ai-watch",
                                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
                            )
                        ]
                    )
                )
            except Exception as exc:  # pragma: no cover - a client refusing is not fatal
                log.info("file watcher registration failed: %s", exc)

    @server.feature(FRAME_DROPPED)
    def frame_dropped(ls: GolintLanguageServer, params: Any) -> None:
        size = getattr(params, "size", "?")
        limit = getattr(params, "limit", MAX_FRAME_BYTES)
        ls.log_message(f"golint-ai: dropped a message of {size} bytes (the limit is {limit})", types.MessageType.Error)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: GolintLanguageServer, params: Any = None) -> None:
        for task in ls.pending.values():
            task.cancel()
        ls.worker.close()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: GolintLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        path = _go_path(params.text_document.uri, params.text_document.language_id)
        if path is not None:
            ls.schedule(os.path.dirname(path), 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: GolintLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        doc = ls.workspace.text_documents.get(params.text_document.uri)
        path = _go_path(params.text_document.uri, getattr(doc, "language_id", None))
        if path is not None:
            ls.schedule(os.path.dirname(path), ls.options_for(path).debounce_ms / 1000.0)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: GolintLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if _is_config(to_fs_path(uri) if uri.startswith("file:") else None):
            ls.schedule_all()
            return
        doc = ls.workspace.text_documents.get(uri)
        path = _go_path(uri, getattr(doc, "language_id", None))
        if path is not None:
            ls.schedule(os.path.dirname(path), 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: GolintLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = _go_path(uri, None)
        had = ls.published.pop(uri, None) is not None
        if path is not None or had:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        if path is not None:
            ls.worker.forget(path)
            # Siblings still open now see this file as it is on disk.
            if any(os.path.dirname(p) == os.path.dirname(path) for p in ls.go_documents()):
                ls.schedule(os.path.dirname(path), 0)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: GolintLanguageServer, params: types.DidChangeConfigurationParams) -> None:
        raw = params.settings
        if not raw:
            raw = await ls.pull_configuration()
        if raw:
            ls.shown_errors.clear()
            ls.set_options(raw)
        ls.schedule_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: GolintLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
        changed: set[str] = set()
        for change in params.changes:
            path = to_fs_path(change.uri)
            if _is_config(path):
                ls.shown_errors.clear()
                ls.schedule_all()
                return
            if path and path.endswith(".go"):
                changed.add(os.path.abspath(os.path.dirname(path)))
        if not changed:
            return
        # Other packages are read from disk: what the workers derived from these
        # directories and their importers is forgotten, and every open package is
        # analysed again (one importing a changed package gets new summaries; the
        # others keep their stored findings).
        ls.worker.changed_on_disk(changed)
        ls.schedule_all()

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix], resolve_provider=False),
    )
    def code_action(ls: GolintLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return ls.code_actions(params)

    return server


async def _pull_configuration(self: GolintLanguageServer) -> Any:
    """``workspace/configuration`` for the ``golintAi`` section, global and per folder."""
    caps = self.client_capabilities
    if not (caps.workspace and caps.workspace.configuration):
        return None
    folders = list(self.workspace.folders)
    items = [types.ConfigurationItem(section="golintAi")] + [types.ConfigurationItem(scope_uri=f, section="golintAi") for f in folders]
    try:
        values = await self.workspace_configuration_async(types.ConfigurationParams(items=items))
    except Exception as exc:  # pragma: no cover
        log.info("workspace/configuration failed: %s", exc)
        return None
    if not values:
        return None
    glob = values[0] if isinstance(values[0], dict) else {}
    if not folders:
        return glob
    return {
        "globalSettings": glob,
        "settings": [dict(v or {}, workspace=f) for f, v in zip(folders, values[1:]) if isinstance(v, dict) or v is None],
    }


GolintLanguageServer.pull_configuration = _pull_configuration  # type: ignore[attr-defined]


def main(argv: list[str] | None = None, *, tcp: bool = False, host: str = "127.0.0.1", port: int = 2087, log_level: str = "warning") -> int:
    logging.basicConfig(level=getattr(logging, log_level.upper(), logging.WARNING), format="golint-ai server: %(levelname)s %(message)s")
    # pygls logs every message at INFO: keep it quiet unless asked.
    logging.getLogger("pygls").setLevel(max(logging.WARNING, getattr(logging, log_level.upper(), logging.WARNING)))
    server = create_server()
    try:
        if tcp:
            server.start_tcp(host, port)
        else:
            server.start_io()
    finally:
        server.worker.close()
        server.pool.shutdown(wait=False, cancel_futures=True)
    return 0
