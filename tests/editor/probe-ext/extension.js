// Test-only extension (tests/test_editor_clients.py): runs inside the real extension
// host of code-server, so the assertions use the VS Code API, not the DOM.
//   1. open $GOLINT_AI_PROBE_FILE, wait for golint-ai's diagnostics, record them and
//      the quick fixes offered (phase "diagnostics", written to $GOLINT_AI_PROBE_OUT);
//   2. wait for $GOLINT_AI_PROBE_CONTINUE to exist (the browser driver has taken its
//      screenshot of the Problems panel), apply the rule's fix, wait for the
//      diagnostics to clear (phase "done").
const vscode = require("vscode");
const fs = require("fs");

const path = require("path");

// Event-driven waits: each resolves on the event that makes `pred` true; the timer only
// ends a wait that would otherwise hang (and the test then fails on what it recorded).
function until(subscribe, pred, guardMs) {
  return new Promise((resolve) => {
    let done = false;
    let sub;
    const finish = (ok) => {
      if (done) return;
      done = true;
      clearTimeout(guard);
      if (sub) sub.dispose();
      resolve(ok);
    };
    const guard = setTimeout(() => finish(false), guardMs);
    sub = subscribe(() => { if (pred()) finish(true); });
    if (pred()) finish(true);
  });
}
const diagnosticsChange = (f) => vscode.languages.onDidChangeDiagnostics(f);
function fileAppears(file) {
  return (f) => {
    const w = fs.watch(path.dirname(file), f);
    return { dispose: () => w.close() };
  };
}

exports.activate = async () => {
  const out = process.env.GOLINT_AI_PROBE_OUT;
  if (!out || !vscode.workspace.workspaceFolders) return;
  const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, process.env.GOLINT_AI_PROBE_FILE || "leaky.go");
  const result = { phase: "start", file: uri.fsPath, diagnostics: [], actions: [], applied: null, afterFix: null, text: null };
  const write = () => fs.writeFileSync(out + ".tmp", JSON.stringify(result, null, 2)) || fs.renameSync(out + ".tmp", out);
  try {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await until(diagnosticsChange, () => vscode.languages.getDiagnostics(uri).some((d) => d.source === "golint-ai"), 60000);
    const diags = vscode.languages.getDiagnostics(uri).filter((d) => d.source === "golint-ai");
    result.diagnostics = diags.map((d) => ({
      source: d.source,
      code: typeof d.code === "object" ? d.code.value : d.code,
      href: typeof d.code === "object" && d.code.target ? d.code.target.toString() : null,
      severity: vscode.DiagnosticSeverity[d.severity],
      message: d.message,
      range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      related: (d.relatedInformation || []).map((r) => [r.location.range.start.line, r.message]),
    }));
    if (diags.length) {
      const actions = await vscode.commands.executeCommand(
        "vscode.executeCodeActionProvider", uri, diags[0].range, vscode.CodeActionKind.QuickFix.value);
      result.actions = actions.map((a) => a.title);
      result.phase = "diagnostics";
      write();
      const cont = process.env.GOLINT_AI_PROBE_CONTINUE;
      if (cont) await until(fileAppears(cont), () => fs.existsSync(cont), 120000);
      const fix = actions.find((a) => a.edit && a.title.startsWith("Add `defer")) || actions.find((a) => a.edit);
      if (fix) {
        result.applied = fix.title;
        await vscode.workspace.applyEdit(fix.edit);
        await until(diagnosticsChange, () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === "golint-ai").length === 0, 60000);
        result.afterFix = vscode.languages.getDiagnostics(uri).filter((d) => d.source === "golint-ai").length;
        result.text = doc.getText();
      }
    }
  } catch (e) {
    result.error = String((e && e.stack) || e);
  }
  result.phase = "done";
  write();
};
