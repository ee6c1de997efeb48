import { test } from "node:test";
import * as assert from "node:assert/strict";
import { effective, INSTALL_COMMAND, resolveServer, ResolveInput, whichIn } from "../src/resolve";

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
  assert.match(INSTALL_COMMAND, /golint-ai\[server\]/);
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
