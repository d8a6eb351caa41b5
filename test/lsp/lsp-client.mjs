// A minimal Language Server Protocol client over stdio: enough to drive the real
// yaml-language-server from a test (requests, notifications, diagnostics).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The yaml-language-server installed as a devDependency of the workspace root, or
 * the package directory YAML_LANGUAGE_SERVER names (to try another version).
 */
export function serverEntry(root) {
  const require = createRequire(join(root, "package.json"));
  const dir = process.env.YAML_LANGUAGE_SERVER;
  const pkgJson = dir ? join(dir, "package.json") : require.resolve("yaml-language-server/package.json");
  return { bin: join(dirname(pkgJson), "bin", "yaml-language-server"), version: require(pkgJson).version };
}

export class LspClient {
  #proc;
  #buffer = Buffer.alloc(0);
  #nextId = 1;
  #pending = new Map();
  #diagnosticWaiters = new Map();
  #stderr = "";
  #exited;
  /** The latest diagnostics per document URI. */
  diagnostics = new Map();

  constructor(bin, { timeoutMs = 20000 } = {}) {
    this.timeoutMs = timeoutMs;
    this.#proc = spawn(process.execPath, [bin, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
    this.#proc.stdout.on("data", (chunk) => this.#read(chunk));
    this.#proc.stderr.on("data", (chunk) => {
      this.#stderr += chunk;
    });
    this.#exited = new Promise((resolve) => {
      this.#proc.on("exit", (code, signal) => {
        const err = new Error(`yaml-language-server exited (code ${code}, signal ${signal}): ${this.#stderr.trim()}`);
        for (const { reject } of this.#pending.values()) reject(err);
        this.#pending.clear();
        resolve({ code, signal });
      });
    });
    this.#proc.on("error", (e) => {
      for (const { reject } of this.#pending.values()) reject(e);
    });
  }

  #read(chunk) {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const headerEnd = this.#buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const header = this.#buffer.subarray(0, headerEnd).toString("ascii");
      const m = /Content-Length: (\d+)/i.exec(header);
      if (!m) throw new Error(`bad LSP header: ${header}`);
      const length = Number(m[1]);
      if (this.#buffer.length < headerEnd + 4 + length) return;
      const body = this.#buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8");
      this.#buffer = this.#buffer.subarray(headerEnd + 4 + length);
      this.#dispatch(JSON.parse(body));
    }
  }

  #dispatch(msg) {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.#pending.get(msg.id);
      if (!p) return;
      this.#pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p.resolve(msg.result);
      return;
    }
    if (msg.id !== undefined) {
      // A request from the server: answer what it asks for.
      let result = null;
      if (msg.method === "workspace/configuration") result = msg.params.items.map(() => this.settings ?? null);
      this.#send({ jsonrpc: "2.0", id: msg.id, result });
      return;
    }
    if (msg.method === "textDocument/publishDiagnostics") {
      this.diagnostics.set(msg.params.uri, msg.params.diagnostics);
      const waiter = this.#diagnosticWaiters.get(msg.params.uri);
      if (waiter) {
        this.#diagnosticWaiters.delete(msg.params.uri);
        waiter(msg.params.diagnostics);
      }
    }
  }

  #send(msg) {
    const body = Buffer.from(JSON.stringify(msg), "utf8");
    this.#proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.#proc.stdin.write(body);
  }

  request(method, params) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(
          new Error(`${method}: no answer from yaml-language-server in ${this.timeoutMs} ms; stderr: ${this.#stderr}`),
        );
      }, this.timeoutMs);
      this.#pending.set(id, { resolve, reject, timer, method });
      this.#send({ jsonrpc: "2.0", id, method, params });
    });
  }

  notify(method, params) {
    this.#send({ jsonrpc: "2.0", method, params });
  }

  /** Opens a document and resolves with the first diagnostics the server publishes for it. */
  open(uri, text, version = 1) {
    const got = new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no diagnostics for ${uri} in ${this.timeoutMs} ms; stderr: ${this.#stderr}`)),
        this.timeoutMs,
      );
      this.#diagnosticWaiters.set(uri, (d) => {
        clearTimeout(timer);
        resolve(d);
      });
    });
    this.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version, text } });
    return got;
  }

  close(uri) {
    this.notify("textDocument/didClose", { textDocument: { uri } });
    this.diagnostics.delete(uri);
  }

  async shutdown() {
    try {
      await this.request("shutdown", null);
      this.notify("exit", null);
    } finally {
      const t = setTimeout(() => this.#proc.kill(), 3000);
      await this.#exited;
      clearTimeout(t);
    }
  }
}
