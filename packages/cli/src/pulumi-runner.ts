// Runs the Pulumi CLI for a manifest: finds the kind's module package, hands it
// the stack input through a private temp file (0600 in a 0700 dir, removed
// afterwards), selects or creates the stack, and streams Pulumi's output.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  accessSync,
  chmodSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { homedir, constants as osConstants } from "node:os";
import { delimiter, dirname, join } from "node:path";
import type { KindInfo } from "@planton/sdk";
import { PlantonError } from "@planton/sdk/error";
import { printable } from "@planton/sdk/problem";
import { kindModule } from "./kind-modules.js";

/** The pulumi executable: $PLANTON_PULUMI, else `pulumi` on PATH. */
export function findPulumi(env: NodeJS.ProcessEnv): string {
  const explicit = env.PLANTON_PULUMI;
  if (explicit) {
    let why: string | undefined;
    try {
      if (statSync(explicit).isDirectory()) why = "it is a directory";
      else accessSync(explicit, constants.X_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "it is not executable" : String(code ?? e);
    }
    if (why !== undefined) {
      throw new PlantonError("ERR_PLANTON_PULUMI", `PLANTON_PULUMI=${printable(explicit)} cannot be run: ${why}`, {
        hint: "point PLANTON_PULUMI at the pulumi binary (e.g. ~/.pulumi/bin/pulumi), or unset it to use pulumi from PATH",
      });
    }
    return explicit;
  }
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, "pulumi");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  throw new PlantonError(
    "ERR_PLANTON_PULUMI",
    "pulumi was not found on PATH. Planton deploys through the Pulumi CLI: install it (https://www.pulumi.com/docs/install/, e.g. `curl -fsSL https://get.pulumi.com | sh` or `brew install pulumi/tap/pulumi`), make sure `pulumi version` works, and run this again; or point PLANTON_PULUMI at the binary.",
  );
}

/** The directory of a kind's module package (where its Pulumi.yaml is). */
export async function moduleDir(kind: KindInfo): Promise<string> {
  const { packageName } = await kindModule(kind.kind).descriptor();
  const pkgJson = createRequire(import.meta.url).resolve(`${packageName}/package.json`);
  const dir = dirname(pkgJson);
  if (!existsSync(join(dir, "Pulumi.yaml")))
    throw new PlantonError("ERR_PLANTON_PULUMI", `${packageName} has no Pulumi.yaml at ${dir}`, {
      hint: "the installation of planton is incomplete: reinstall it",
    });
  return dir;
}

/** Where Planton keeps its own state: $PLANTON_HOME, else ~/.planton. */
export function plantonHome(env: NodeJS.ProcessEnv): string {
  return env.PLANTON_HOME || join(env.HOME ?? homedir(), ".planton");
}

/**
 * The directory pulumi runs in for a kind: `<planton home>/projects/<project>`,
 * holding a copy of the module's Pulumi.yaml whose `main` is the absolute path
 * of the installed module's program. Pulumi writes each stack's settings
 * (`Pulumi.<stack>.yaml`, with the passphrase salt) beside it, so they stay in
 * the user's Planton state instead of inside the installed package (where a
 * reinstall would lose them). A stack file an earlier release left in the
 * package is moved over once.
 */
export async function pulumiProjectDir(kind: KindInfo, env: NodeJS.ProcessEnv): Promise<string> {
  const pkg = await moduleDir(kind);
  const lines = readFileSync(join(pkg, "Pulumi.yaml"), "utf8").split("\n");
  const name = /^name:\s*(\S+)\s*$/.exec(lines.find((l) => l.startsWith("name:")) ?? "")?.[1];
  const main = /^main:\s*(\S+)\s*$/.exec(lines.find((l) => l.startsWith("main:")) ?? "")?.[1];
  if (name === undefined || main === undefined) {
    throw new PlantonError("ERR_PLANTON_PULUMI", `${pkg}/Pulumi.yaml names no project or main`, {
      hint: "the installation of planton is incomplete: reinstall it",
    });
  }
  const dir = join(plantonHome(env), "projects", name);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const settings = lines.map((l) => (l.startsWith("main:") ? `main: ${join(pkg, main)}` : l)).join("\n");
    const file = join(dir, "Pulumi.yaml");
    if (!existsSync(file) || readFileSync(file, "utf8") !== settings) writeFileSync(file, settings, { mode: 0o600 });
    for (const entry of readdirSync(pkg)) {
      if (/^Pulumi\..+\.yaml$/.test(entry) && !existsSync(join(dir, entry))) {
        copyFileSync(join(pkg, entry), join(dir, entry));
        chmodSync(join(dir, entry), 0o600);
      }
    }
  } catch (e) {
    if (e instanceof PlantonError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? "error";
    throw new PlantonError("ERR_PLANTON_IO", `cannot prepare the Pulumi project directory ${printable(dir)}: ${code}`, {
      hint: "make ~/.planton writable, or set PLANTON_HOME to a writable directory",
      cause: e,
    });
  }
  return dir;
}

/**
 * The environment for pulumi: the caller's, minus any STACK_INPUT* that would
 * shadow ours, with a local file backend under ~/.planton/pulumi when neither
 * PULUMI_BACKEND_URL nor a `pulumi login` chose one.
 */
export function pulumiEnv(
  env: NodeJS.ProcessEnv,
  stackInputFile: string | undefined,
): { env: NodeJS.ProcessEnv; note?: string } {
  const out: NodeJS.ProcessEnv = { ...env };
  for (const k of ["STACK_INPUT", "STACK_INPUT_FILE", "STACK_INPUT_YAML", "STACK_INPUT_YAML_FILE"]) delete out[k];
  if (stackInputFile) out.STACK_INPUT_FILE = stackInputFile;
  let note: string | undefined;
  if (!out.PULUMI_BACKEND_URL && !loggedIn(out)) {
    const dir = join(plantonHome(out), "pulumi");
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? "error";
      throw new PlantonError(
        "ERR_PLANTON_IO",
        `cannot create the local Pulumi backend ${printable(dir)}: ${code === "ENOTDIR" ? "HOME is not a directory" : code}`,
        {
          hint: "set HOME to a writable directory, or choose a backend with PULUMI_BACKEND_URL (e.g. file:///var/lib/planton) or `pulumi login`",
          cause: e,
        },
      );
    }
    out.PULUMI_BACKEND_URL = `file://${dir}`;
    note = `using the local Pulumi backend ${out.PULUMI_BACKEND_URL} (set PULUMI_BACKEND_URL or run \`pulumi login\` to choose another)`;
    // The local backend encrypts stack secrets with a passphrase: without one of
    // the caller's, use a generated one kept privately beside the state.
    if (out.PULUMI_CONFIG_PASSPHRASE === undefined && !out.PULUMI_CONFIG_PASSPHRASE_FILE) {
      out.PULUMI_CONFIG_PASSPHRASE_FILE = localPassphraseFile(join(dir, ".."));
    }
  }
  return note === undefined ? { env: out } : { env: out, note };
}

/**
 * `DIR/pulumi-passphrase`: 32 random bytes (hex) in a 0600 file, created on first
 * use and reused after, so stacks of the local backend stay readable.
 */
function localPassphraseFile(dir: string): string {
  const path = join(dir, "pulumi-passphrase");
  try {
    writeFileSync(path, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
      throw new PlantonError("ERR_PLANTON_IO", `cannot create the local Pulumi passphrase file ${printable(path)}`, {
        hint: "set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE, or make ~/.planton writable",
        cause: e,
      });
    }
  }
  return path;
}

function loggedIn(env: NodeJS.ProcessEnv): boolean {
  const home = env.PULUMI_HOME ?? join(env.HOME ?? homedir(), ".pulumi");
  try {
    const creds = JSON.parse(readFileSync(join(home, "credentials.json"), "utf8")) as { current?: string };
    return typeof creds.current === "string" && creds.current !== "";
  } catch {
    return false;
  }
}

/**
 * A private temp file holding `bytes` (0600 in a 0700 directory); `remove()`
 * deletes it and its directory, as do the process's exit and SIGINT/SIGTERM/SIGHUP.
 */
export async function privateFile(name: string, bytes: Uint8Array): Promise<{ path: string; remove(): void }> {
  const { createPrivateDir } = await import("@planton/sdk");
  const dir = createPrivateDir("planton-");
  const path = join(dir.path, name);
  writeFileSync(path, bytes, { mode: 0o600 });
  return { path, remove: dir.remove };
}

/** Exit code of a process stopped by `signal` (128 + its number), as a shell reports it. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (osConstants.signals[signal] ?? 2);
}

/** Runs pulumi with inherited stdio (or captured stdout); resolves with its exit code. */
export function runPulumi(
  bin: string,
  args: readonly string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; capture?: boolean },
): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(bin, args, {
        cwd: opts.cwd,
        env: opts.env,
        stdio: ["inherit", opts.capture ? "pipe" : "inherit", "inherit"],
      });
    } catch (e) {
      reject(spawnError(bin, e));
      return;
    }
    let stdout = "";
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString("utf8");
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("error", (e) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      reject(spawnError(bin, e));
    });
    child.on("close", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve({ code: code ?? (signal ? signalExitCode(signal) : 1), stdout });
    });
  });
}

function spawnError(bin: string, e: unknown): PlantonError {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === "ENOENT"
      ? "no such file"
      : code === "EACCES"
        ? "permission denied"
        : String(code ?? "it could not be started");
  return new PlantonError("ERR_PLANTON_PULUMI", `cannot run pulumi (${printable(bin)}): ${why}`, {
    hint: "install the Pulumi CLI (https://www.pulumi.com/docs/install/) or point PLANTON_PULUMI at it",
    cause: e,
  });
}

/**
 * The outputs `pulumi stack output --json` printed, as an object. Anything else
 * (a pulumi that printed a warning first, a wrapper script) is an error of the
 * environment; its text is not echoed, since stack outputs can hold secrets.
 */
export function parseStackOutputs(stdout: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout.trim() === "" ? "{}" : stdout);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new PlantonError(
      "ERR_PLANTON_PULUMI",
      `\`pulumi stack output --json\` printed something that is not a JSON object (${stdout.length} bytes)`,
      {
        hint: "run `pulumi stack output --json` in the module's directory to see what it prints; check PLANTON_PULUMI",
      },
    );
  }
  return parsed as Record<string, unknown>;
}

/** The default stack name: the manifest's metadata.name (with its env when set). */
export function defaultStackName(message: unknown): string {
  const meta = (message as { metadata?: { name?: string; env?: string } }).metadata ?? {};
  return [meta.env, meta.name].filter((x) => x !== undefined && x !== "").join("-") || "dev";
}
