// Runs a module's compiled Pulumi entry point as a plain node process (outside
// the Pulumi engine), as a user would see it fail on a bad stack input.
import { execFile } from "node:child_process";

export interface EntryResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <mainFile>` with `env` added to an environment cleared of stack inputs and Pulumi settings. */
export function runEntry(mainFile: string, env: Record<string, string>): Promise<EntryResult> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("STACK_INPUT") && !k.startsWith("PULUMI_")),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [mainFile],
      { env: { ...clean, ...env }, encoding: "utf8", timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === "number" ? error.code : error ? null : 0;
        resolve({ status: code, stdout, stderr });
      },
    );
  });
}
