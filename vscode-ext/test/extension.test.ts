// The extension with the `vscode` module (and vscode-languageclient, which imports it)
// replaced by fakes through Node's module loader.
import { test, beforeEach } from "node:test";
import * as assert from "node:assert/strict";
import Module = require("module");

type Listener = (...a: any[]) => any;

interface FakeState {
  trusted: boolean;
  settings: Record<string, { globalValue?: unknown; workspaceValue?: unknown; defaultValue?: unknown }>;
  commands: Map<string, Listener>;
  configListeners: Listener[];
  trustListeners: Listener[];
  errors: string[][];
  clients: FakeClient[];
  clipboard: string[];
  lines: string[];
  shown: number;
}

const state: FakeState = {} as FakeState;

function reset(): void {
  Object.assign(state, {
    trusted: true,
    settings: {},
    commands: new Map(),
    configListeners: [],
    trustListeners: [],
    errors: [],
    clients: [],
    clipboard: [],
    lines: [],
    shown: 0,
  });
}

class FakeClient {
  started = 0;
  stopped = 0;
  constructor(public id: string, public name: string, public serverOptions: any, public clientOptions: any) {
    state.clients.push(this);
  }
  async start() { this.started++; }
  async stop() { this.stopped++; }
}

const DEFAULTS: Record<string, unknown> = { path: [], interpreter: [], args: [], enable: true, select: [], ignore: [], severity: {}, debounceMs: 300, evidence: [] };

const vscodeMock = {
  workspace: {
    get isTrusted() { return state.trusted; },
    workspaceFolders: [{ uri: { toString: () => "file:///ws" }, name: "ws", index: 0 }],
    getConfiguration: (_section: string) => ({
      get: (key: string, def?: unknown) => {
        const s = state.settings[key];
        return (s?.workspaceValue ?? s?.globalValue ?? DEFAULTS[key] ?? def) as any;
      },
      inspect: (key: string) => ({ defaultValue: DEFAULTS[key], ...state.settings[key] }),
    }),
    onDidChangeConfiguration: (f: Listener) => { state.configListeners.push(f); return { dispose() {} }; },
    onDidGrantWorkspaceTrust: (f: Listener) => { state.trustListeners.push(f); return { dispose() {} }; },
  },
  window: {
    createOutputChannel: () => ({ appendLine: (l: string) => state.lines.push(l), show: () => { state.shown++; }, dispose() {} }),
    showErrorMessage: async (...a: string[]) => { state.errors.push(a); return a[1]; /* the user clicks "Copy install command" */ },
  },
  commands: {
    registerCommand: (id: string, f: Listener) => { state.commands.set(id, f); return { dispose() {} }; },
    executeCommand: async () => undefined,
  },
  env: { clipboard: { writeText: async (t: string) => { state.clipboard.push(t); } } },
};

const origLoad = (Module as any)._load;
(Module as any)._load = function (request: string, ...rest: unknown[]) {
  if (request === "vscode") return vscodeMock;
  if (request === "vscode-languageclient/node") return { LanguageClient: FakeClient };
  return origLoad.call(this, request, ...rest);
};
// eslint-disable-next-line @typescript-eslint/no-var-requires
const ext = require("../src/extension");

const NODE = process.execPath; // a command whose `--version` works, standing in for golint-ai
const context = () => ({ subscriptions: [] as unknown[], extension: { packageJSON: { version: "1.2.3" } } });
// Event-driven: wait for the restart a listener started and the notification it raised.
const settled = () => ext._settled();

beforeEach(() => {
  reset();
  ext._reset();
  process.env.PATH = "/nonexistent-dir-for-tests";
  delete process.env.VIRTUAL_ENV; // the environment running the tests is not the user's
});

test("activates one client for Go and Python files, with per-folder settings as initializationOptions", async () => {
  state.settings.path = { globalValue: [NODE] };
  state.settings.severity = { workspaceValue: { GAI301: "error" } };
  state.settings.evidence = { workspaceValue: ["goroutines.txt"] };
  await ext.activate(context());
  assert.equal(state.clients.length, 1);
  const c = state.clients[0];
  assert.equal(c.started, 1);
  assert.equal(c.serverOptions.command, NODE);
  assert.deepEqual(c.serverOptions.args, ["server"]);
  assert.equal(c.serverOptions.transport, undefined); // stdio, without an extra `--stdio` argument
  assert.deepEqual(c.clientOptions.documentSelector, [{ scheme: "file", language: "go" }, { scheme: "file", language: "python" }]);
  const init = c.clientOptions.initializationOptions;
  assert.deepEqual(init.settings[0].workspace, "file:///ws");
  assert.deepEqual(init.settings[0].severity, { GAI301: "error" });
  assert.deepEqual(init.settings[0].evidence, ["goroutines.txt"]);
  assert.ok(state.commands.has("golintAi.restart") && state.commands.has("golintAi.showOutput"));
});

test("golintAi.interpreter runs `-m golint_ai server`", async () => {
  state.settings.interpreter = { globalValue: [NODE] };
  // `node -c "import golint_ai.server.lsp"` fails: node is no Python, so nothing is found ...
  await ext.activate(context());
  assert.equal(state.clients.length, 0);
  // ... and the user gets one actionable notification with the install command.
  assert.equal(state.errors.length, 1);
  // No venv in the workspace, no pipx on PATH: pip for the user, from the tag of this version.
  const install = `python3 -m pip install --user "golint-ai[server] @ git+https://github.com/golint-ai/golint-ai@v1.2.3"`;
  assert.ok(state.errors[0][0].includes(install), state.errors[0][0]);
  assert.equal(state.errors[0][1], "Copy install command");
  await settled();
  assert.deepEqual(state.clipboard, [install]);
  // A restart that still finds nothing does not notify again.
  await state.commands.get("golintAi.restart")!();
  assert.equal(state.errors.length, 1);
});

test("a golintAi settings change restarts the server; other changes do not", async () => {
  state.settings.path = { globalValue: [NODE] };
  await ext.activate(context());
  const [listener] = state.configListeners;
  listener({ affectsConfiguration: (s: string) => s === "editor" });
  await settled();
  assert.equal(state.clients.length, 1);
  listener({ affectsConfiguration: (s: string) => s === "golintAi" });
  await settled();
  assert.equal(state.clients.length, 2);
  assert.equal(state.clients[0].stopped, 1);
  assert.equal(state.clients[1].started, 1);
});

test("restart and show output commands", async () => {
  state.settings.path = { globalValue: [NODE] };
  await ext.activate(context());
  await state.commands.get("golintAi.restart")!();
  assert.equal(state.clients.length, 2);
  state.commands.get("golintAi.showOutput")!();
  assert.equal(state.shown, 1);
  assert.ok(state.lines.some((l) => l.includes(`server: ${NODE} server (from path)`)), state.lines.join("\n"));
});

test("untrusted workspace: a path from workspace settings is never executed", async () => {
  state.trusted = false;
  state.settings.path = { workspaceValue: [NODE] };
  await ext.activate(context());
  assert.equal(state.clients.length, 0);
  assert.ok(state.lines.some((l) => l.includes("ignoring golintAi.path")));
  // Granting trust restarts, and now the workspace's setting is used.
  state.trusted = true;
  state.trustListeners[0]();
  await settled();
  assert.equal(state.clients.length, 1);
  assert.equal(state.clients[0].serverOptions.command, NODE);
});

test("deactivate stops the client", async () => {
  state.settings.path = { globalValue: [NODE] };
  await ext.activate(context());
  await ext.deactivate();
  assert.equal(state.clients[0].stopped, 1);
});

test("an active virtual environment without golint-ai: the hint installs into it", async () => {
  const fs = require("fs") as typeof import("fs");
  const os = require("os") as typeof import("os");
  const path = require("path") as typeof import("path");
  const venv = fs.mkdtempSync(path.join(os.tmpdir(), "golint-ai-venv-"));
  fs.mkdirSync(path.join(venv, "bin"));
  const python = path.join(venv, "bin", "python");
  fs.symlinkSync(NODE, python); // runs, but cannot import golint_ai
  process.env.VIRTUAL_ENV = venv;
  await ext.activate(context());
  assert.equal(state.clients.length, 0);
  assert.ok(state.lines.some((l) => l.includes(`virtual environment: \`${python}\``)), state.lines.join("\n"));
  const install = `"${python}" -m pip install "golint-ai[server] @ git+https://github.com/golint-ai/golint-ai@v1.2.3"`;
  assert.ok(state.errors[0][0].includes(install), state.errors[0][0]);
  await settled();
  assert.deepEqual(state.clipboard, [install]);
  fs.rmSync(venv, { recursive: true, force: true });
});
