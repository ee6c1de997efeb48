"""XML reports (JUnit, Checkstyle) with the standard library's ElementTree: it escapes
``<``, ``&`` and quotes; what XML 1.0 cannot hold at all (control characters, the
surrogates a file name that is not UTF-8 leaves, U+FFFE/U+FFFF) is replaced first."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import IO

# Characters outside XML 1.0's Char production.
_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _replacement(match: re.Match) -> str:
    c = match.group()
    return f"\\x{ord(c):02x}" if ord(c) < 0x20 else "\ufffd"


def xml_text(text: object) -> str:
    """``text`` as a string XML 1.0 can carry: a control character becomes ``\\x01``,
    a surrogate or non-character U+FFFD."""
    return _INVALID.sub(_replacement, str(text))


def element(parent: ET.Element | None, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    """A new element (under ``parent`` when given) with sanitised attributes and text;
    attributes whose value is None are left out."""
    clean = {k.rstrip("_"): xml_text(v) for k, v in attrs.items() if v is not None}
    node = ET.Element(tag, clean) if parent is None else ET.SubElement(parent, tag, clean)
    if text is not None:
        node.text = xml_text(text)
    return node


def write_xml(root: ET.Element, out: IO[str]) -> None:
    """The document, indented, with a UTF-8 declaration (reports are written as UTF-8)."""
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
