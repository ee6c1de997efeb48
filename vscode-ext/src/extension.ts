// golint-ai for VS Code: a thin client for `golint-ai server` (LSP over stdio).
import * as cp from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";
import { Inspected, installCommand, resolveServer, ServerCommand, whichIn } from "./resolve";

const SECTION = "golintAi";
let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
let restarting: Promise<void> = Promise.resolve();
let notifiedMissing = false;
let notifying: Promise<void> = Promise.resolve();
let version = "0.0.0";

function log(message: string): void {
  output?.appendLine(`[${new Date().toISOString()}] ${message}`);
}

function inspect(key: string): Inspected<string[]> {
  const i = vscode.workspace.getConfiguration(SECTION).inspect<string[]>(key);
  return {
    defaultValue: i?.defaultValue,
    globalValue: i?.globalValue,
    workspaceValue: i?.workspaceValue,
    workspaceFolderValue: i?.workspaceFolderValue,
  };
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function probe(command: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    cp.execFile(command, args, { timeout: 15000, windowsHide: true }, (err) => resolve(!err));
  });
}

/** Settings for the server: one entry per workspace folder plus the global ones. */
export function initializationOptions(): unknown {
  const read = (scope?: vscode.ConfigurationScope) => {
    const c = vscode.workspace.getConfiguration(SECTION, scope);
    return {
      enable: c.get<boolean>("enable", true),
      select: c.get<string[]>("select", []),
      ignore: c.get<string[]>("ignore", []),
      severity: c.get<Record<string, string>>("severity", {}),
      debounceMs: c.get<number>("debounceMs", 300),
      evidence: c.get<string[]>("evidence", []),
    };
  };
  return {
    globalSettings: read(),
    settings: (vscode.workspace.workspaceFolders ?? []).map((f) => ({ workspace: f.uri.toString(), ...read(f.uri) })),
  };
}

function which(name: string): string | undefined {
  return whichIn(name, process.env.PATH, isExecutable, path.delimiter, process.platform === "win32" ? [".exe", ".cmd", ""] : [""]);
}

/** Pythons of the workspace folders' virtual environments (.venv, venv) and $VIRTUAL_ENV. */
function venvPythons(): string[] {
  const bin = process.platform === "win32" ? path.join("Scripts", "python.exe") : path.join("bin", "python");
  const roots = (vscode.workspace.workspaceFolders ?? [])
    .filter((f) => f.uri.scheme === undefined || f.uri.scheme === "file")
    .flatMap((f) => [path.join(f.uri.fsPath ?? "", ".venv"), path.join(f.uri.fsPath ?? "", "venv")]);
  if (process.env.VIRTUAL_ENV) roots.push(process.env.VIRTUAL_ENV);
  return roots.map((r) => path.join(r, bin)).filter((p) => path.isAbsolute(p) && isExecutable(p));
}

export async function findServer(): Promise<ServerCommand | undefined> {
  const trusted = vscode.workspace.isTrusted;
  const r = await resolveServer({
    trusted,
    path: inspect("path"),
    interpreter: inspect("interpreter"),
    args: inspect("args"),
    which,
    probe,
    venvs: venvPythons(),
  });
  for (const s of r.ignoredUntrusted) log(`workspace not trusted: ignoring ${s} from the workspace settings`);
  for (const t of r.tried) log(`server candidate rejected: ${t}`);
  if (r.server) log(`server: ${r.server.command} ${r.server.args.join(" ")} (from ${r.server.source})`);
  return r.server;
}

async function notifyMissing(): Promise<void> {
  if (notifiedMissing) return;
  notifiedMissing = true;
  const copy = "Copy install command";
  const settings = "Open settings";
  const venv = vscode.workspace.isTrusted ? venvPythons()[0] : undefined;
  const command = installCommand({ version, venvPython: venv, pipx: which("pipx") !== undefined, windows: process.platform === "win32" });
  const pick = await vscode.window.showErrorMessage(
    `golint-ai: no language server found. Install it with \`${command}\` and run "golint-ai: Restart server", or set golintAi.path / golintAi.interpreter.`,
    copy,
    settings,
  );
  if (pick === copy) {
    await vscode.env.clipboard.writeText(command);
  } else if (pick === settings) {
    await vscode.commands.executeCommand("workbench.action.openSettings", SECTION);
  }
}

async function start(): Promise<void> {
  const server = await findServer();
  if (!server) {
    notifying = notifyMissing();
    return;
  }
  const serverOptions: ServerOptions = {
    command: server.command,
    args: server.args,
    // No `transport`: TransportKind.stdio would append `--stdio`; stdio is the default.
    options: { env: { ...process.env, PYTHONUNBUFFERED: "1" } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", language: "go" }, { scheme: "file", language: "python" }],
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: initializationOptions(),
  };
  client = new LanguageClient(SECTION, "golint-ai", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    log(`server failed to start: ${e}`);
    void vscode.window.showErrorMessage(`golint-ai: the server failed to start (${e}). See "golint-ai: Show output".`);
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop();
    } catch (e) {
      log(`stopping the server: ${e}`);
    }
  }
}

/** Serialised: a restart while one is running waits for it. */
export function restart(): Promise<void> {
  restarting = restarting.then(async () => {
    await stop();
    await start();
  });
  return restarting;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  version = context.extension?.packageJSON?.version ?? version;
  output = vscode.window.createOutputChannel("golint-ai");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("golintAi.restart", () => restart()),
    vscode.commands.registerCommand("golintAi.showOutput", () => output?.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) {
        log("settings changed: restarting");
        void restart();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log("workspace trusted: restarting");
      void restart();
    }),
  );
  await restart();
}

export async function deactivate(): Promise<void> {
  await restarting;
  await stop();
}

/** For the unit tests: resolves once the last restart and its notification are done. */
export async function _settled(): Promise<void> {
  await restarting;
  await notifying;
}
/** For the unit tests. */
export function _state(): { client: LanguageClient | undefined; notifiedMissing: boolean } {
  return { client, notifiedMissing };
}
export function _reset(): void {
  client = undefined;
  output = undefined;
  restarting = Promise.resolve();
  notifying = Promise.resolve();
  notifiedMissing = false;
  version = "0.0.0";
}
