import { test } from "node:test";
import * as assert from "node:assert/strict";
import { effective, installCommand, resolveServer, ResolveInput, whichIn } from "../src/resolve";

function input(over: Partial<ResolveInput>): ResolveInput {
  return {
    trusted: true,
    path: { defaultValue: [] },
    interpreter: { defaultValue: [] },
    args: { defaultValue: [] },
    which: () => undefined,
    probe: async () => true,
    ...over,
  };
}

test("golintAi.path comes first", async () => {
  const r = await resolveServer(input({
    path: { defaultValue: [], globalValue: ["/opt/golint-ai"] },
    interpreter: { defaultValue: [], globalValue: ["/usr/bin/python3"] },
    which: () => "/usr/bin/golint-ai",
  }));
  assert.deepEqual(r.server, { command: "/opt/golint-ai", args: ["server"], source: "path" });
});

test("then golintAi.interpreter with -m golint_ai server, then PATH", async () => {
  const calls: string[][] = [];
  const r = await resolveServer(input({
    path: { defaultValue: [], globalValue: ["/missing/golint-ai"] },
    interpreter: { defaultValue: [], workspaceValue: ["/ws/.venv/bin/python", "-X", "utf8"] },
    args: { defaultValue: [], globalValue: ["--log-level", "info"] },
    probe: async (c, a) => { calls.push([c, ...a]); return c !== "/missing/golint-ai"; },
  }));
  assert.deepEqual(r.server, {
    command: "/ws/.venv/bin/python",
    args: ["-X", "utf8", "-m", "golint_ai", "server", "--log-level", "info"],
    source: "interpreter",
  });
  assert.deepEqual(calls[0], ["/missing/golint-ai", "--version"]);
  assert.deepEqual(calls[1], ["/ws/.venv/bin/python", "-X", "utf8", "-c", "import golint_ai.server.lsp"]);
  assert.match(r.tried[0], /golintAi.path/);

  const p = await resolveServer(input({ which: (n) => (n === "golint-ai" ? "/usr/local/bin/golint-ai" : undefined) }));
  assert.deepEqual(p.server, { command: "/usr/local/bin/golint-ai", args: ["server"], source: "PATH" });
});

test("nothing works: no server, every candidate explained", async () => {
  const r = await resolveServer(input({
    interpreter: { defaultValue: [], globalValue: ["/usr/bin/python3"] },
    probe: async () => false,
  }));
  assert.equal(r.server, undefined);
  assert.equal(r.tried.length, 2);
  assert.match(r.tried[0], /cannot import golint_ai.server.lsp/);
  assert.match(r.tried[1], /no `golint-ai` executable/);
});

test("a workspace virtual environment with golint-ai is tried last, and only when trusted", async () => {
  const venv = "/ws/.venv/bin/python";
  const r = await resolveServer(input({ venvs: [venv], probe: async (c) => c === venv }));
  assert.deepEqual(r.server, { command: venv, args: ["-m", "golint_ai", "server"], source: "venv" });
  const probed: string[] = [];
  const u = await resolveServer(input({ trusted: false, venvs: [venv], probe: async (c) => { probed.push(c); return true; } }));
  assert.equal(u.server, undefined);
  assert.deepEqual(probed, []);
});

test("the install command fits the environment and names this version's tag", () => {
  const req = `"golint-ai[server] @ git+https://github.com/golint-ai/golint-ai@v0.3.0"`;
  assert.equal(installCommand({ version: "0.3.0", venvPython: "/ws/.venv/bin/python", pipx: true, windows: false }), `"/ws/.venv/bin/python" -m pip install ${req}`);
  assert.equal(installCommand({ version: "0.3.0", pipx: true, windows: false }), `pipx install ${req}`);
  assert.equal(installCommand({ version: "0.3.0", pipx: false, windows: false }), `python3 -m pip install --user ${req}`);
  assert.equal(installCommand({ version: "0.3.0", pipx: false, windows: true }), `py -m pip install --user ${req}`);
});

test("untrusted workspace: never a path or interpreter from workspace settings", async () => {
  const probed: string[] = [];
  const r = await resolveServer(input({
    trusted: false,
    path: { defaultValue: [], workspaceValue: ["./evil.sh"] },
    interpreter: { defaultValue: [], workspaceFolderValue: ["./evil-python"] },
    args: { defaultValue: [], workspaceValue: ["--tcp"] },
    which: () => "/usr/bin/golint-ai",
    probe: async (c) => { probed.push(c); return true; },
  }));
  assert.deepEqual(probed, ["/usr/bin/golint-ai"]);
  assert.deepEqual(r.server, { command: "/usr/bin/golint-ai", args: ["server"], source: "PATH" });
  assert.deepEqual(r.ignoredUntrusted, ["golintAi.path", "golintAi.interpreter", "golintAi.args"]);
  // The user's own settings still apply.
  const u = await resolveServer(input({ trusted: false, path: { defaultValue: [], globalValue: ["/home/me/bin/golint-ai"], workspaceValue: ["./evil.sh"] } }));
  assert.equal(u.server?.command, "/home/me/bin/golint-ai");
});

test("effective() precedence", () => {
  const v = { defaultValue: ["d"], globalValue: ["g"], workspaceValue: ["w"], workspaceFolderValue: ["f"] };
  assert.deepEqual(effective(v, true), { value: ["f"], ignored: false });
  assert.deepEqual(effective(v, false), { value: ["g"], ignored: true });
  assert.deepEqual(effective({ defaultValue: [] }, false), { value: [], ignored: false });
});

test("whichIn walks PATH in order", () => {
  const exe = new Set(["/b/golint-ai", "/c/golint-ai"]);
  assert.equal(whichIn("golint-ai", "/a::/b:/c", (p) => exe.has(p)), "/b/golint-ai");
  assert.equal(whichIn("golint-ai", undefined, () => true), undefined);
});
