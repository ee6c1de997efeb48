"""SARIF 2.1.0 for GitHub code scanning, built with sarif-om.

One run; every registered rule as a descriptor in a fixed order (so ``ruleIndex`` is
stable); ``results`` always present; UTF-16 columns; repository-relative URIs;
``primaryLocationLineHash`` computed as GitHub's upload action does, plus golint-ai's
own fingerprint that survives unrelated lines inserted above. Suppressed findings are
left out unless asked for (GitHub ignores SARIF suppressions and would show them as
open alerts).

sarif-om is serialized with a small walker instead of jschema_to_python: that one
drops ``level: "warning"`` (an explicit value that changes meaning) and writes
``Suppression.state`` where the final schema says ``status``.
"""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING, Any

from golint_ai import INFORMATION_URI, __version__
from golint_ai.output.fingerprint import line_hashes
from golint_ai.output.located import Located, findings, is_absolute_uri, printable, uri_function

if TYPE_CHECKING:  # pragma: no cover
    from golint_ai.registry import Rule
    from golint_ai.runner import RunResult

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
MAX_RESULTS = 25_000
CONFIRMED_RANK = 90.0  # a static finding runtime evidence confirms
RUNTIME_RANK = 80.0  # a GAI190 result: seen blocked at run time, no static explanation


def rule_descriptor(rule: type["Rule"]):
    import sarif_om as om

    doc = rule.doc()
    props: dict[str, Any] = {
        "tags": list(dict.fromkeys([rule.family(), *rule.tags]))[:10],
        "precision": rule.precision.value,
        "problem.severity": rule.level.problem_severity,
    }
    return om.ReportingDescriptor(
        id=rule.code,
        name=rule.pascal_name(),
        short_description=om.MultiformatMessageString(text=doc.summary[:1024]),
        full_description=om.MultiformatMessageString(text=doc.what[:1024]),
        help=om.MultiformatMessageString(text=doc.plain(), markdown=doc.markdown()),
        help_uri=rule.help_uri(),
        default_configuration=om.ReportingConfiguration(level=rule.level.value),
        properties=props,
    )


def build_log(result: "RunResult", *, exit_code: int, include_suppressed: bool = False, category: str | None = None, root: str | None = None):
    import sarif_om as om

    from golint_ai.rules import ALL_RULES

    index = {r.code: i for i, r in enumerate(ALL_RULES)}
    uri = uri_function(root)

    def artifact(path: str) -> Any:
        # An absolute URI (a file outside the repository) never goes with a uriBaseId
        # (SARIF 2.1.0 section 3.4.4).
        u = uri(path)
        return om.ArtifactLocation(uri=u) if is_absolute_uri(u) else om.ArtifactLocation(uri=u, uri_base_id="%SRCROOT%")

    def physical(loc: Located) -> Any:
        return om.PhysicalLocation(
            artifact_location=artifact(loc.path),
            region=om.Region(start_line=loc.start.line, start_column=loc.start.column, end_line=loc.end.line, end_column=loc.end.column),
        )

    hashes: dict[str, list[str]] = {}
    results = []
    items = findings(result, "utf-16", include_suppressed=include_suppressed, uri_of=uri)
    for f in items[:MAX_RESULTS]:
        d = f.diagnostic
        path = f.where.path
        if path not in hashes:
            data = result.sources.get(path)
            hashes[path] = line_hashes(data) if data is not None else []
        fp: dict[str, str] = {"golintAi/v2": f.fingerprint}
        line_hash_list = hashes[path]
        if 0 < f.where.start.line <= len(line_hash_list):
            fp["primaryLocationLineHash"] = line_hash_list[f.where.start.line - 1]
        res = om.Result(
            rule_id=d.code,
            rule_index=index[d.code],
            level=d.level,
            message=om.Message(text=d.message),
            locations=[om.Location(physical_location=physical(f.where))],
            partial_fingerprints=fp,
        )
        if f.related:
            res.related_locations = [
                om.Location(id=i + 1, physical_location=physical(loc), message=om.Message(text=msg))
                for i, (loc, msg) in enumerate(f.related)
            ]
        if d.fix is not None and f.edits:
            by_file: dict[str, list] = {}
            for e in f.edits:
                w = e.where
                by_file.setdefault(w.path, []).append(
                    om.Replacement(
                        deleted_region=om.Region(start_line=w.start.line, start_column=w.start.column, end_line=w.end.line, end_column=w.end.column),
                        inserted_content=om.ArtifactContent(text=e.text),
                    )
                )
            res.fixes = [
                om.Fix(
                    description=om.Message(text=f"{d.fix.title} ({d.fix.applicability.value} fix)"),
                    artifact_changes=[
                        om.ArtifactChange(artifact_location=artifact(p), replacements=reps)
                        for p, reps in by_file.items()
                    ],
                )
            ]
        if d.runtime is not None:
            # Results the running service showed to be real rank above static-only ones.
            ev = d.runtime
            runtime: dict[str, Any] = {"confirmed": ev.confirmed, "goroutines": ev.goroutines, "states": list(ev.states), "leaked": ev.leaked, "evidence": list(ev.sources)}
            if ev.max_minutes is not None:
                runtime["maxWaitMinutes"] = ev.max_minutes
            res.properties = {"runtime": runtime}
            res.rank = CONFIRMED_RANK if d.runtime.confirmed else RUNTIME_RANK
        if include_suppressed:
            res.suppressions = [om.Suppression(kind=d.suppression_kind, justification=d.suppression_reason or "suppressed in source")] if d.suppressed else []
        results.append(res)

    notifications = []
    for n in result.notifications:
        note = om.Notification(message=om.Message(text=n.message), level=n.level)
        if n.path.startswith(("http://", "https://")):
            note.locations = [om.Location(physical_location=om.PhysicalLocation(artifact_location=om.ArtifactLocation(uri=n.path)))]
        elif n.path:
            region = om.Region(start_line=n.line, start_column=n.column_utf16) if n.line and n.column_utf16 else (om.Region(start_line=n.line) if n.line else None)
            note.locations = [om.Location(physical_location=om.PhysicalLocation(artifact_location=artifact(n.path), region=region))]
        notifications.append(note)
    if len(items) > MAX_RESULTS:
        notifications.append(om.Notification(message=om.Message(text=f"{len(items) - MAX_RESULTS} results left out: GitHub accepts at most {MAX_RESULTS} per run"), level="warning"))

    invocation = om.Invocation(execution_successful=not any(n.kind == "internal" for n in result.notifications), exit_code=exit_code)
    if notifications:
        invocation.tool_execution_notifications = notifications
    run = om.Run(
        tool=om.Tool(
            driver=om.ToolComponent(
                name="golint-ai",
                version=__version__,
                semantic_version=__version__,
                information_uri=INFORMATION_URI,
                rules=[rule_descriptor(r) for r in ALL_RULES],
            )
        ),
        results=results,
        column_kind="utf16CodeUnits",
        invocations=[invocation],
    )
    if category:
        run.automation_details = om.RunAutomationDetails(id=category.rstrip("/") + "/")
    return om.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=[run])


def to_sarif_obj(obj: Any) -> Any:
    """Serialize sarif-om objects: schema names, no None, no attrs defaults except
    ``Result.level``; ``Suppression.state`` renamed ``status``; unknown types raise."""
    import attr
    import sarif_om as om

    # Iterative post-order build to stay clear of recursion limits on deep logs.
    work: list[tuple[Any, Any, Any]] = [(obj, None, None)]
    built: dict[int, Any] = {}
    order: list[tuple[Any, Any, Any]] = []
    while work:
        item = work.pop()
        order.append(item)
        value = item[0]
        if attr.has(type(value)):
            for f in attr.fields(type(value)):
                child = getattr(value, f.name)
                if child is not None:
                    work.append((child, value, f.name))
        elif isinstance(value, list):
            for i, child in enumerate(value):
                work.append((child, value, i))
        elif isinstance(value, dict):
            for k, child in value.items():
                work.append((child, value, k))
    for value, _, _ in reversed(order):
        if attr.has(type(value)):
            out: dict[str, Any] = {}
            for f in attr.fields(type(value)):
                child = getattr(value, f.name)
                if child is None:
                    continue
                default = f.default
                if isinstance(default, attr.Factory) and not default.takes_self:
                    default = default.factory()
                # An explicit level is kept: an absent result level means the rule's default.
                keep_default = isinstance(value, (om.Result, om.ReportingConfiguration)) and f.name == "level"
                if not keep_default and default is not attr.NOTHING and child == default:
                    continue
                name = f.metadata.get("schema_property_name", f.name)
                if isinstance(value, om.Suppression) and name == "state":
                    name = "status"
                out[name] = built[id(child)]
            built[id(value)] = out
        elif isinstance(value, list):
            built[id(value)] = [built[id(c)] for c in value]
        elif isinstance(value, dict):
            built[id(value)] = {k: built[id(c)] for k, c in value.items()}
        elif isinstance(value, (str, int, float, bool)):
            built[id(value)] = value
        else:
            raise TypeError(f"not SARIF-serializable: {type(value).__name__}: {value!r}")
    return built[id(obj)]


def write_sarif(result: "RunResult", out: IO[str], *, exit_code: int, include_suppressed: bool = False, category: str | None = None, root: str | None = None) -> None:
    log = to_sarif_obj(build_log(result, exit_code=exit_code, include_suppressed=include_suppressed, category=category, root=root))
    ordered = {"$schema": log.pop("$schema"), "version": log.pop("version"), **log}
    out.write(printable(json.dumps(ordered, indent=2, ensure_ascii=False)))
    out.write("\n")
