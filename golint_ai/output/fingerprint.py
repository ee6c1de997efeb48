"""``partialFingerprints.primaryLocationLineHash`` for SARIF results.

A line-for-line port of the rolling line hash in github/codeql-action
``src/fingerprints.ts`` (function ``hash``), which upload-sarif uses to fill in
``primaryLocationLineHash`` when a result does not carry one. Emitting the same
value ourselves keeps alerts stable for uploads that bypass the action (REST API,
other CI systems), and the action keeps an existing value as long as it agrees.

The algorithm, as upstream:

* The input is read as UTF-16 code units (JavaScript ``charCodeAt``), so a
  character outside the BMP counts as two units (a surrogate pair).
* Spaces and tabs are skipped entirely. CR and CRLF are normalised to LF.
* A rolling hash with multiplier 37 runs over a window of the next
  ``BLOCK_SIZE`` (100) kept code units. The hash of a line is the hash of the
  window that starts at the first kept unit of that line (so it covers the line
  and the following lines, up to 100 non-blank units).
* After the last unit the value 65535 (``EOF``) is fed, then zeros to flush.
  A file ending in a newline therefore has one more (empty) line than it has
  newline-terminated lines, and the empty file has exactly one line.
* Arithmetic is wrapping signed 64-bit (``Long``); the value is printed as the
  unsigned 64-bit number in lower-case hex without zero padding, followed by
  ``:<n>`` where ``n`` counts how often that hash value has been produced so far
  in the file (identical windows give ``...:1``, ``...:2``, ...).

Upstream reads the file with ``fs.createReadStream(path, "utf8")``: invalid UTF-8
becomes U+FFFD and a BOM is *not* stripped. ``line_hashes`` also accepts
``bytes`` and decodes them the same way.
"""

from __future__ import annotations

import sys
from array import array
from typing import Iterator, List, Tuple, Union

__all__ = [
    "BLOCK_SIZE",
    "iter_line_hashes",
    "line_hashes",
    "primary_location_line_hash",
]

_TAB = 0x09
_SPACE = 0x20
_LF = 0x0A
_CR = 0x0D
_EOF = 65535
BLOCK_SIZE = 100
_MOD = 37
_MASK = (1 << 64) - 1
# computeFirstMod(): 37 ** BLOCK_SIZE in wrapping 64-bit arithmetic.
_FIRST_MOD = pow(_MOD, BLOCK_SIZE, 1 << 64)

Text = Union[str, bytes, bytearray, memoryview]


def _code_units(text: Text) -> array:
    """UTF-16 code units of ``text``, as JavaScript's ``charCodeAt`` sees them."""
    if isinstance(text, (bytes, bytearray, memoryview)):
        # fs.createReadStream(path, "utf8"): replacement characters, BOM kept.
        text = bytes(text).decode("utf-8", errors="replace")
    elif not isinstance(text, str):
        raise TypeError(f"expected str or bytes, got {type(text).__name__}")
    # surrogatepass: a lone surrogate in the str is one code unit, as in JS.
    units = array("H", text.encode("utf-16-le", errors="surrogatepass"))
    if sys.byteorder != "little":
        units.byteswap()
    return units


def iter_line_hashes(text: Text) -> Iterator[Tuple[int, str]]:
    """Yield ``(line_number, hash)`` for every line, in order (1-based lines).

    This is upstream's ``hash(callback, filepath)`` with the callback turned into
    a generator; it stops early if the consumer stops iterating.
    """
    window = [0] * BLOCK_SIZE  # rolling view of the input
    # Line number whose first kept unit sits at this window slot, else -1.
    line_numbers = [-1] * BLOCK_SIZE
    hash_raw = 0
    index = 0
    line_number = 0
    line_start = True
    prev_cr = False
    hash_counts: dict = {}

    mod = _MOD
    first_mod = _FIRST_MOD
    mask = _MASK

    def output_hash() -> Tuple[int, str]:
        # hashRaw.toUnsigned().toString(16)
        hash_value = format(hash_raw, "x")
        count = hash_counts.get(hash_value, 0) + 1
        hash_counts[hash_value] = count
        line = line_numbers[index]
        line_numbers[index] = -1
        return line, f"{hash_value}:{count}"

    # processCharacter() for each unit, with updateHash() inlined.
    for current in _code_units(text).tolist() + [_EOF]:
        # Skip tabs, spaces, and line feeds that come directly after a CR.
        if current == _SPACE or current == _TAB or (prev_cr and current == _LF):
            prev_cr = False
            continue
        # Replace CR with LF.
        if current == _CR:
            current = _LF
            prev_cr = True
        else:
            prev_cr = False
        if line_numbers[index] != -1:
            yield output_hash()
        if line_start:
            line_start = False
            line_number += 1
            line_numbers[index] = line_number
        if current == _LF:
            line_start = True
        # updateHash(current)
        begin = window[index]
        window[index] = current
        hash_raw = (mod * hash_raw + current - first_mod * begin) & mask
        index = (index + 1) % BLOCK_SIZE

    # Flush the remaining lines.
    for _ in range(BLOCK_SIZE):
        if line_numbers[index] != -1:
            yield output_hash()
        begin = window[index]
        window[index] = 0
        hash_raw = (mod * hash_raw - first_mod * begin) & mask
        index = (index + 1) % BLOCK_SIZE


def line_hashes(text: Text) -> List[str]:
    """Hash of every line of ``text``: element ``i`` is the hash of line ``i + 1``.

    The number of lines is ``len(re.split(r"\\r\\n|\\r|\\n", text))``.
    """
    hashes: List[str] = []
    for line, value in iter_line_hashes(text):
        # Upstream calls back in line order; keep the invariant explicit.
        assert line == len(hashes) + 1, (line, len(hashes))
        hashes.append(value)
    return hashes


def primary_location_line_hash(text: Text, line: int) -> str:
    """``primaryLocationLineHash`` for a result whose region starts at ``line`` (1-based).

    Upstream uses line 1 when the region (or its ``startLine``) is absent; pass
    ``1`` for that case. Raises ``ValueError`` if ``line`` is not a line of ``text``
    (upstream would silently leave the fingerprint unset).
    """
    if isinstance(line, bool) or not isinstance(line, int):
        raise TypeError(f"line must be an int, got {type(line).__name__}")
    if line < 1:
        raise ValueError(f"line must be >= 1, got {line}")
    # The ":<n>" count only depends on earlier lines, so stop at the target.
    for number, value in iter_line_hashes(text):
        if number == line:
            return value
    raise ValueError(f"line {line} is past the end of the text")


def stable_fingerprint(code: str, uri: str, context: str, line_text: str, occurrence: int, span_text: str = "") -> str:
    """golint-ai's own fingerprint: rule, file, enclosing function, the flagged line's
    text and the flagged expression's text without white space, and which occurrence of
    that combination it is. It never uses line numbers, so it survives unrelated lines
    inserted above; two findings on one line (a call and an argument of it) differ."""
    import hashlib

    normalized = "".join(line_text.split())
    flagged = "".join(span_text.split())[:256]
    key = "\x1f".join((code, uri, context, normalized, flagged, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
