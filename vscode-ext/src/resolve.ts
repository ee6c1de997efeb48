// Finding the golint-ai language server: a pure function of the settings and two
// injected probes, so the order and the workspace-trust rules are unit-tested without
// VS Code.
//
// Order:
//   1. golintAi.path         e.g. ["/home/me/.local/bin/golint-ai"]  -> <path...> server <args>
//   2. golintAi.interpreter  e.g. ["/venv/bin/python"]               -> <python...> -m golint_ai server <args>
//   3. `golint-ai` on PATH                                            -> golint-ai server <args>
//   4. a virtual environment of the workspace (.venv, venv) or $VIRTUAL_ENV with golint-ai
//      installed                                                      -> <venv python> -m golint_ai server <args>
// In an untrusted workspace, values of path/interpreter/args that come from the
// workspace (or a workspace folder) are never used, nor the workspace's virtual
// environments: only the user's own settings and PATH.

/** Where golint-ai is installed from until a release is on PyPI: the tagged source. */
export const REPOSITORY = "https://github.com/golint-ai/golint-ai";

export interface InstallEnvironment {
  /** The extension's version: the release tag `v<version>` holds the same golint-ai. */
  version: string;
  /** A Python of a virtual environment found for the workspace, if any. */
  venvPython?: string;
  /** Whether `pipx` is on PATH. */
  pipx: boolean;
  windows: boolean;
}

/** The install command that works where the extension runs: pip inside the workspace's
 * virtual environment, else pipx when it is there, else pip for the user; always from
 * the git tag of this version (`pipx install 'golint-ai[server]'` needs a PyPI release). */
export function installCommand(env: InstallEnvironment): string {
  const requirement = `"golint-ai[server] @ git+${REPOSITORY}@v${env.version}"`;
  if (env.venvPython) return `"${env.venvPython}" -m pip install ${requirement}`;
  if (env.pipx) return `pipx install ${requirement}`;
  return `${env.windows ? "py" : "python3"} -m pip install --user ${requirement}`;
}

/** What `WorkspaceConfiguration.inspect` returns, reduced to what we need. */
export interface Inspected<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

export interface ResolveInput {
  trusted: boolean;
  path: Inspected<string[]>;
  interpreter: Inspected<string[]>;
  args: Inspected<string[]>;
  /** Absolute path of an executable found on PATH, or undefined. */
  which: (name: string) => string | undefined;
  /** Whether the command starts and is golint-ai with the server (e.g. `--version` / an import). */
  probe: (command: string, args: string[]) => Promise<boolean>;
  /** Pythons of virtual environments found for the workspace (tried last, trusted only). */
  venvs?: string[];
}

export interface ServerCommand {
  command: string;
  args: string[];
  source: "path" | "interpreter" | "PATH" | "venv";
}

export interface Resolution {
  server?: ServerCommand;
  /** Each candidate tried, and why it was rejected (for the output channel). */
  tried: string[];
  /** Settings ignored because the workspace is not trusted. */
  ignoredUntrusted: string[];
}

/** The effective value of a setting, dropping workspace-level values when untrusted. */
export function effective<T>(v: Inspected<T>, trusted: boolean): { value?: T; ignored: boolean } {
  const ws = v.workspaceFolderValue ?? v.workspaceValue;
  if (trusted) {
    return { value: ws ?? v.globalValue ?? v.defaultValue, ignored: false };
  }
  return { value: v.globalValue ?? v.defaultValue, ignored: ws !== undefined };
}

function nonEmpty(a: string[] | undefined): a is string[] {
  return Array.isArray(a) && a.length > 0 && a.every((s) => typeof s === "string") && a[0].length > 0;
}

export async function resolveServer(input: ResolveInput): Promise<Resolution> {
  const tried: string[] = [];
  const ignoredUntrusted: string[] = [];
  const path = effective(input.path, input.trusted);
  const interpreter = effective(input.interpreter, input.trusted);
  const args = effective(input.args, input.trusted);
  if (path.ignored) ignoredUntrusted.push("golintAi.path");
  if (interpreter.ignored) ignoredUntrusted.push("golintAi.interpreter");
  if (args.ignored) ignoredUntrusted.push("golintAi.args");
  const extra = nonEmpty(args.value) ? args.value : [];

  if (nonEmpty(path.value)) {
    const [command, ...rest] = path.value;
    const full = [...rest, "server", ...extra];
    if (await input.probe(command, [...rest, "--version"])) {
      return { server: { command, args: full, source: "path" }, tried, ignoredUntrusted };
    }
    tried.push(`golintAi.path: \`${[command, ...rest].join(" ")} --version\` failed`);
  }
  if (nonEmpty(interpreter.value)) {
    const [command, ...rest] = interpreter.value;
    if (await input.probe(command, [...rest, "-c", "import golint_ai.server.lsp"])) {
      return {
        server: { command, args: [...rest, "-m", "golint_ai", "server", ...extra], source: "interpreter" },
        tried,
        ignoredUntrusted,
      };
    }
    tried.push(`golintAi.interpreter: \`${command}\` cannot import golint_ai.server.lsp (install golint-ai[server] into it)`);
  }
  const found = input.which("golint-ai");
  if (found) {
    if (await input.probe(found, ["--version"])) {
      return { server: { command: found, args: ["server", ...extra], source: "PATH" }, tried, ignoredUntrusted };
    }
    tried.push(`PATH: \`${found} --version\` failed`);
  } else {
    tried.push("PATH: no `golint-ai` executable");
  }
  for (const python of input.trusted ? input.venvs ?? [] : []) {
    if (await input.probe(python, ["-c", "import golint_ai.server.lsp"])) {
      return { server: { command: python, args: ["-m", "golint_ai", "server", ...extra], source: "venv" }, tried, ignoredUntrusted };
    }
    tried.push(`virtual environment: \`${python}\` cannot import golint_ai.server.lsp`);
  }
  return { tried, ignoredUntrusted };
}

/** `which`: the first executable `name` in the PATH directories. */
export function whichIn(name: string, pathEnv: string | undefined, isExecutable: (p: string) => boolean, sep = ":", exts: string[] = [""]): string | undefined {
  for (const dir of (pathEnv ?? "").split(sep)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = `${dir.replace(/[\\/]+$/, "")}/${name}${ext}`;
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}
