// Private temporary directories (0700) for files that hold secrets: the stack
// input the CLI hands to pulumi, a GKE service-account key the module writes for
// gke-gcloud-auth-plugin. They are removed when their user is done, when the
// process exits, and when it is stopped by SIGINT, SIGTERM or SIGHUP: Node runs
// no "exit" handler for a signal it dies of, so a key would survive Ctrl-C.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
type CleanupSignal = (typeof SIGNALS)[number];

const dirs = new Set<string>();
let installed = false;
let received: CleanupSignal | undefined;

function removeAll(): void {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

function onSignal(signal: CleanupSignal): void {
  received ??= signal;
  removeAll();
  // Alone with this signal: die of it as Node would have (exit code 128 + n for
  // the parent). Another listener (the CLI forwarding it to pulumi) decides otherwise.
  if (process.listenerCount(signal) === 1) {
    for (const s of SIGNALS) process.off(s, onSignal);
    installed = false;
    process.kill(process.pid, signal);
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on("exit", removeAll);
  for (const s of SIGNALS) process.on(s, onSignal);
}

export interface PrivateDir {
  /** The directory (mode 0700). */
  path: string;
  /** Removes the directory and everything in it; safe to call more than once. */
  remove(): void;
}

/** A new private temporary directory, removed at the latest when the process exits or is stopped by a signal. */
export function createPrivateDir(prefix = "planton-"): PrivateDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  dirs.add(path);
  install();
  return {
    path,
    remove: () => {
      dirs.delete(path);
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** The signal (SIGINT, SIGTERM, SIGHUP) this process received while a private directory existed, if any. */
export function interruptedBy(): CleanupSignal | undefined {
  return received;
}
