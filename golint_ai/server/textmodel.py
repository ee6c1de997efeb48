"""The editor's text as LSP 3.17 sees it: lines end only at ``\\n``, ``\\r\\n`` or ``\\r``.

pygls' :class:`~pygls.workspace.TextDocument` splits its source with
``str.splitlines``, which also breaks at U+000B, U+000C, U+001C-U+001E, U+0085, U+2028
and U+2029; once a document holds one of those, every incremental edit below it lands on
the wrong line. :class:`LspTextDocument` splits where the protocol does; every position
conversion of the base class goes through :attr:`lines`, so that is all it changes.
:func:`install` makes a pygls workspace create such documents.
"""

from __future__ import annotations

import re
import types as _types
from typing import Any, Sequence

from pygls.workspace import TextDocument

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def split_lines(text: str) -> list[str]:
    """``text`` cut into lines that keep their terminator, at ``\\n``, ``\\r\\n`` and
    ``\\r`` only (``str.splitlines(True)`` for the protocol's line breaks)."""
    return _LINE.findall(text)


class LspTextDocument(TextDocument):
    """A pygls text document whose lines end where LSP says they do."""

    _lines_cache: tuple[str, list[str]] | None = None

    @property
    def lines(self) -> Sequence[str]:  # type: ignore[override]
        source = self.source
        cached = self._lines_cache
        if cached is None or cached[0] is not source:
            cached = self._lines_cache = (source, split_lines(source))
        return tuple(cached[1])


def _create_text_document(self: Any, doc_uri: str, source: str | None = None, version: int | None = None, language_id: str | None = None) -> TextDocument:
    return LspTextDocument(
        doc_uri,
        source=source,
        version=version,
        language_id=language_id,
        sync_kind=self._sync_kind,
        position_codec=self._position_codec,
    )


def install(workspace: Any) -> None:
    """Make ``workspace`` (a pygls Workspace) create :class:`LspTextDocument` s."""
    workspace._create_text_document = _types.MethodType(_create_text_document, workspace)
