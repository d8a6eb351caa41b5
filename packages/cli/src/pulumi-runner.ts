// Runs the Pulumi CLI for a manifest: finds the kind's module package, hands it
// the stack input through a private temp file (0600 in a 0700 dir, removed
// afterwards), selects or creates the stack, and streams Pulumi's output.
import { type ChildProcess, spawn } from "node:child_process";
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { homedir, tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import type { KindInfo } from "@planton/sdk";
import { PlantonError } from "@planton/sdk/error";

/** The pulumi executable: $PLANTON_PULUMI, else `pulumi` on PATH. */
export function findPulumi(env: NodeJS.ProcessEnv): string {
  const explicit = env.PLANTON_PULUMI;
  if (explicit) return explicit;
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
export function moduleDir(kind: KindInfo): string {
  const pkgJson = createRequire(import.meta.url).resolve(`${kind.modulePackage}/package.json`);
  const dir = dirname(pkgJson);
  if (!existsSync(join(dir, "Pulumi.yaml"))) throw new Error(`${kind.modulePackage} has no Pulumi.yaml at ${dir}`);
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
    const dir = join(out.HOME ?? homedir(), ".planton", "pulumi");
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    out.PULUMI_BACKEND_URL = `file://${dir}`;
    note = `using the local Pulumi backend ${out.PULUMI_BACKEND_URL} (set PULUMI_BACKEND_URL or run \`pulumi login\` to choose another)`;
  }
  return note === undefined ? { env: out } : { env: out, note };
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

/** A private temp file holding `bytes`; `remove()` deletes it and its directory. */
export function privateFile(name: string, bytes: Uint8Array): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "planton-"));
  const path = join(dir, name);
  writeFileSync(path, bytes, { mode: 0o600 });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
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
      reject(e);
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
      reject(e);
    });
    child.on("close", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve({ code: code ?? (signal ? 128 + 2 : 1), stdout });
    });
  });
}

/** The default stack name: the manifest's metadata.name (with its env when set). */
export function defaultStackName(message: unknown): string {
  const meta = (message as { metadata?: { name?: string; env?: string } }).metadata ?? {};
  return [meta.env, meta.name].filter((x) => x !== undefined && x !== "").join("-") || "dev";
}
