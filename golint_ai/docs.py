"""Rule documentation: parsed from each rule module's docstring, rendered as text,
markdown or JSON for ``golint-ai rule``, SARIF descriptors, the docs pages and editors."""

from __future__ import annotations

import re

from msgspec import Struct

REQUIRED_SECTIONS = ("What it does", "Why is this bad?", "Example", "How to fix")
OPTIONAL_SECTIONS = ("Options", "References")


class DocError(ValueError):
    pass


class RuleDoc(Struct, frozen=True, dict=True):
    """A rule's documentation parsed from its module docstring: the one-line summary and titled sections."""

    summary: str
    sections: tuple[tuple[str, str], ...]

    def section(self, title: str) -> str:
        for t, body in self.sections:
            if t == title:
                return body
        return ""

    @property
    def what(self) -> str:
        """The first paragraph of *What it does*: SARIF's fullDescription."""
        return self.section("What it does").split("\n\n")[0].replace("\n", " ").strip()

    def markdown(self) -> str:
        return "\n\n".join(f"## {title}\n{body}" for title, body in self.sections)

    def plain(self) -> str:
        parts = []
        for title, body in self.sections:
            body = re.sub(r"```[a-z]*\n", "", body).replace("```", "")
            body = re.sub(r"`([^`]+)`", r"\1", body)
            parts.append(f"{title}\n{body.rstrip()}")
        return "\n\n".join(parts)


def parse_doc(docstring: str | None, where: str) -> RuleDoc:
    if not docstring or not docstring.strip():
        raise DocError(f"{where}: the rule module has no docstring")
    lines = docstring.strip("\n").splitlines()
    summary = lines[0].strip()
    if not summary or summary.startswith("#"):
        raise DocError(f"{where}: the docstring must start with a one-line summary")
    sections: list[tuple[str, list[str]]] = []
    for line in lines[1:]:
        m = re.match(r"^## (.+?)\s*$", line)
        if m:
            sections.append((m.group(1), []))
        elif sections:
            sections[-1][1].append(line)
        elif line.strip():
            raise DocError(f"{where}: text between the summary and the first section")
    titles = [t for t, _ in sections]
    expected = list(REQUIRED_SECTIONS) + [t for t in titles if t in OPTIONAL_SECTIONS]
    if titles != expected:
        raise DocError(f"{where}: sections must be {', '.join(REQUIRED_SECTIONS)} (then optionally {', '.join(OPTIONAL_SECTIONS)}), found {titles}")
    return RuleDoc(summary, tuple((t, "\n".join(body).strip("\n")) for t, body in sections))
