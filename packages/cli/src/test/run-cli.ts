// Runs the built CLI as a subprocess, the way users run it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const cliBin = fileURLToPath(new URL("../../bin/planton.js", import.meta.url));

export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("repository root not found");
    dir = up;
  }
  return dir;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: readonly string[],
  opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): CliResult {
  const r = spawnSync(process.execPath, [cliBin, ...args], {
    input: opts.input ?? "",
    encoding: "utf8",
    cwd: opts.cwd ?? repoRoot(),
    env: { ...process.env, NO_COLOR: "1", PLANTON_DEBUG: "", ...opts.env },
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
