"""Import resolution: which import path a file's local package name stands for.

Packages are recognised by import path, never by local name. Whether an identifier
is shadowed by a local is the scope analysis' question (``scope.FunctionScopes``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from msgspec import Struct, field

from golint_ai.golang.walk import text, unparen

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

_VERSION_ELEM = re.compile(r"^v[0-9]+$")


def default_package_name(path: str) -> str:
    """The package name Go code usually uses for an import path without an alias.

    The real name is the imported package's clause; this is the convention that holds
    for almost all modules (``gopkg.in/yaml.v3`` → ``yaml``, ``github.com/mattn/go-tflite``
    → ``tflite``, ``example.com/x/v2`` → ``x``).
    """
    elems = [e for e in path.split("/") if e]
    if not elems:
        return path
    name = elems[-1]
    if _VERSION_ELEM.match(name) and len(elems) > 1:
        name = elems[-2]
    if name.startswith("go-"):
        name = name[3:]
    for suffix in ("-go", ".go"):
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    name = re.sub(r"\.v[0-9]+$", "", name)
    return name.replace("-", "_").replace(".", "_")


class FileImports(Struct, dict=True):
    """The imports of one file: local name → import path."""

    by_name: dict[str, str] = field(default_factory=dict)
    dot: list[str] = field(default_factory=list)
    paths: set[str] = field(default_factory=set)
    specs: dict[str, "Node"] = field(default_factory=dict)
    # The file's top-level import declarations in order, and its package clause: where
    # an added import goes (read once per file, not once per fix).
    declarations: list["Node"] = field(default_factory=list)
    package_clause: "Node | None" = None

    @property
    def cgo(self) -> bool:
        return "C" in self.paths

    def name_of(self, path: str) -> str | None:
        for name, p in self.by_name.items():
            if p == path:
                return name
        return None

    def path_of(self, name: str) -> str | None:
        return self.by_name.get(name)


def file_imports(root: "Node") -> FileImports:
    out = FileImports()
    for c in root.named_children:
        if c.type == "import_declaration":
            out.declarations.append(c)
        elif c.type == "package_clause" and out.package_clause is None:
            out.package_clause = c
    for spec in _import_specs(root):
        path_node = spec.child_by_field_name("path")
        if path_node is None or path_node.type != "interpreted_string_literal" or path_node.named_child_count == 0:
            continue
        if not any(c.type == "interpreted_string_literal_content" for c in path_node.named_children):
            continue
        path = text(path_node.named_children[0])
        name_node = spec.child_by_field_name("name")
        out.paths.add(path)
        out.specs[path] = spec
        if name_node is None:
            out.by_name[default_package_name(path)] = path
        else:
            name = text(name_node)
            if name == ".":
                out.dot.append(path)
            elif name != "_":
                out.by_name[name] = path
    return out


def _import_specs(root: "Node") -> list["Node"]:
    """The import specs of a file in document order, read from its import declarations
    (and from syntax errors at the top level, which may hold some) instead of a query
    over the whole tree."""
    out: list["Node"] = []
    stack = [c for c in reversed(root.named_children) if c.type in ("import_declaration", "ERROR")]
    while stack:
        node = stack.pop()
        if node.type == "import_spec":
            out.append(node)
        elif node.type in ("import_declaration", "import_spec_list", "ERROR"):
            stack.extend(reversed(node.named_children))
    return out


def callee_node(call: "Node") -> "Node | None":
    """The callee of a call, seeing through explicit type arguments.

    tree-sitter-go parses ``pkg.New[T](a, b)`` as a call of an index expression and
    ``pkg.New[T](a)`` as a conversion to a generic type; both are calls of ``pkg.New``.
    """
    if call.type == "type_conversion_expression":
        t = call.child_by_field_name("type")
        if t is not None and t.type == "generic_type":
            return t.child_by_field_name("type")
        return None
    fn = unparen(call.child_by_field_name("function"))
    if fn is not None and fn.type == "index_expression":
        fn = unparen(fn.child_by_field_name("operand"))
    return fn


def call_arguments(call: "Node") -> list["Node"]:
    if call.type == "type_conversion_expression":
        operand = call.child_by_field_name("operand")
        return [operand] if operand is not None else []
    args = call.child_by_field_name("arguments")
    return [a for a in args.named_children if a.type != "comment"] if args is not None else []


def qualified_callee(call: "Node", imports: FileImports, is_local) -> tuple[str, str] | None:
    """``(import path, name)`` when ``call`` is ``pkg.Name(...)`` on an imported package.

    ``is_local(ident_node)`` tells whether the operand identifier is a local binding
    that shadows the package name.
    """
    return qualified_name(callee_node(call), imports, is_local)


def qualified_name(node: "Node | None", imports: FileImports, is_local) -> tuple[str, str] | None:
    """``(import path, name)`` when ``node`` is a selector or qualified type ``pkg.Name``."""
    if node is None:
        return None
    if node.type == "selector_expression":
        operand = node.child_by_field_name("operand")
        sel = node.child_by_field_name("field")
    elif node.type == "qualified_type":
        operand = node.child_by_field_name("package")
        sel = node.child_by_field_name("name")
    else:
        return None
    if operand is None or sel is None or operand.type not in ("identifier", "package_identifier"):
        return None
    path = imports.by_name.get(text(operand))
    if path is None or (operand.type == "identifier" and is_local(operand)):
        return None
    return path, text(sel)


def newline_of(data: bytes, offset: int) -> str:
    """The line terminator used by the line holding ``offset`` ("\\r\\n" or "\\n")."""
    end = data.find(b"\n", offset)
    return "\r\n" if end > 0 and data[end - 1:end] == b"\r" else "\n"


def add_import_edit(root: "Node", data: bytes, display: str, path: str, imports: FileImports | None = None):
    """An edit adding ``import "path"`` to a file that lacks it (None when present).

    Goes into the last parenthesised import list, else after the last import
    declaration (after ``import "C"`` too, so the cgo preamble stays attached).
    ``imports``: the file's imports when the caller has them already."""
    from golint_ai.diagnostics import Edit

    imports = imports if imports is not None else file_imports(root)
    if path in imports.paths:
        return None
    decls = imports.declarations
    nl = newline_of(data, decls[-1].start_byte if decls else 0)
    for decl in reversed(decls):
        lists = [c for c in decl.named_children if c.type == "import_spec_list"]
        if lists:
            close = lists[0].children[-1]
            if close.type == ")" and close.start_point[0] > lists[0].start_point[0]:
                at = _sorted_position(data, lists[0], path)
                if at is None:
                    at = data.rfind(b"\n", 0, close.start_byte) + 1
                return Edit(display, at, at, f'\t"{path}"{nl}')
    if decls:
        return Edit(display, decls[-1].end_byte, decls[-1].end_byte, f'{nl}{nl}import "{path}"')
    clause = imports.package_clause
    if clause is None:
        return None
    return Edit(display, clause.end_byte, clause.end_byte, f'{nl}{nl}import "{path}"')


def _sorted_position(data: bytes, spec_list: "Node", path: str) -> int | None:
    """Where ``path`` goes in a parenthesised import list so that gofmt keeps it there:
    in sorted order within the standard-library group (the first group, a run of lines
    without a blank line, whose paths have no dot in their first element), or within
    the first group. None when the list holds no specs."""
    groups: list[list[tuple[str, "Node"]]] = []
    last_row = -2
    for spec in spec_list.named_children:
        if spec.type != "import_spec":
            continue
        node = spec.child_by_field_name("path")
        spec_path = text(node.named_children[0]) if node is not None and node.named_child_count else ""
        if spec.start_point[0] > last_row + 1 or not groups:
            groups.append([])
        groups[-1].append((spec_path, spec))
        last_row = spec.end_point[0]
    if not groups:
        return None
    std = [g for g in groups if all("." not in p.split("/")[0] for p, _ in g)]
    group = std[0] if std and "." not in path.split("/")[0] else groups[0]
    for spec_path, spec in group:
        if spec_path > path:
            return data.rfind(b"\n", 0, spec.start_byte) + 1
    end = data.find(b"\n", group[-1][1].end_byte)
    return len(data) if end < 0 else end + 1
