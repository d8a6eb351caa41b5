// A tiny Kubernetes API client for the e2e tests: plain Node https
// with the kubeconfig's CA and client certificate (or bearer token), API
// discovery to find the collection URL of an apiVersion/kind, and create, get,
// delete and wait-until-gone. No dependency besides `yaml` (root devDependency).
import { readFileSync } from "node:fs";
import https from "node:https";
import { dirname, isAbsolute, join } from "node:path";
import { parse as parseYaml } from "yaml";

/** An error answer of the API server: HTTP status, Status reason and message. */
export class KubeError extends Error {
  constructor(method, path, status, body) {
    const message = typeof body === "object" && body !== null && body.message ? body.message : String(body);
    super(
      `${method} ${path}: ${status} ${typeof body === "object" && body?.reason ? `${body.reason}: ` : ""}${message}`,
    );
    this.name = "KubeError";
    this.status = status;
    this.reason = typeof body === "object" && body !== null ? body.reason : undefined;
    /** The API server's own message (Status.message), e.g. `Job.batch "x" is invalid: ...`. */
    this.serverMessage = message;
    this.body = body;
  }
}

/** Objects a module renders that are not Kubernetes objects (a Helm release is a provider resource). */
export function isKubernetesObject(obj) {
  return !(obj.apiVersion === "helm.sh/v3" && obj.kind === "Release");
}

/** "Kind namespace/name" (or "Kind name" for cluster objects). */
export function describeObject(obj) {
  const ns = obj.metadata?.namespace;
  return `${obj.kind} ${ns ? `${ns}/` : ""}${obj.metadata?.name}`;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class KubeClient {
  /**
   * @param {{server: string, ca?: Buffer, cert?: Buffer, key?: Buffer, token?: string, insecure?: boolean}} conn
   */
  constructor(conn) {
    const url = new URL(conn.server);
    this.server = conn.server.replace(/\/+$/, "");
    this.host = url.hostname;
    this.port = url.port ? Number(url.port) : 443;
    this.basePath = url.pathname.replace(/\/+$/, "");
    this.token = conn.token;
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: 8,
      ...(conn.ca ? { ca: conn.ca } : {}),
      ...(conn.cert ? { cert: conn.cert } : {}),
      ...(conn.key ? { key: conn.key } : {}),
      rejectUnauthorized: !conn.insecure,
    });
    this.resources = new Map();
  }

  /** A client for the current context (or `context`) of the kubeconfig at `path` (default $KUBECONFIG). */
  static fromKubeconfig(path = process.env.KUBECONFIG, context = undefined) {
    if (!path) throw new Error("KUBECONFIG is not set (source $PLANTON_E2E_DIR/env after test/e2e/cluster/up.sh)");
    const file = path.split(":")[0];
    const cfg = parseYaml(readFileSync(file, "utf8"));
    const ctxName = context ?? cfg["current-context"];
    const ctx = (cfg.contexts ?? []).find((c) => c.name === ctxName)?.context;
    if (!ctx) throw new Error(`${file}: no context "${ctxName}"`);
    const cluster = (cfg.clusters ?? []).find((c) => c.name === ctx.cluster)?.cluster;
    const user = (cfg.users ?? []).find((u) => u.name === ctx.user)?.user ?? {};
    if (!cluster?.server) throw new Error(`${file}: no cluster "${ctx.cluster}" with a server`);
    const dir = dirname(file);
    const blob = (data, filePath) => {
      if (data) return Buffer.from(data, "base64");
      if (filePath) return readFileSync(isAbsolute(filePath) ? filePath : join(dir, filePath));
      return undefined;
    };
    return new KubeClient({
      server: cluster.server,
      ca: blob(cluster["certificate-authority-data"], cluster["certificate-authority"]),
      cert: blob(user["client-certificate-data"], user["client-certificate"]),
      key: blob(user["client-key-data"], user["client-key"]),
      token: user.token,
      insecure: cluster["insecure-skip-tls-verify"] === true,
    });
  }

  /** Closes idle keep-alive sockets (lets the process exit). */
  close() {
    this.agent.destroy();
  }

  /**
   * One HTTP request; resolves with {status, body} (body parsed as JSON when it is).
   * @param {string} method
   * @param {string} path  e.g. /api/v1/namespaces
   * @param {{body?: unknown, query?: Record<string,string>, contentType?: string}} [opts]
   */
  request(method, path, opts = {}) {
    const qs = opts.query ? `?${new URLSearchParams(opts.query)}` : "";
    const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
    const headers = { Accept: "application/json" };
    if (payload) {
      headers["Content-Type"] = opts.contentType ?? "application/json";
      headers["Content-Length"] = String(payload.length);
    }
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    return new Promise((resolve, reject) => {
      const req = https.request(
        { host: this.host, port: this.port, method, path: `${this.basePath}${path}${qs}`, headers, agent: this.agent },
        (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let body = text;
            try {
              body = text === "" ? undefined : JSON.parse(text);
            } catch {
              // Not JSON (e.g. /readyz): keep the text.
            }
            resolve({ status: res.statusCode ?? 0, body });
          });
          res.on("error", reject);
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: timed out after 30s`)));
      req.on("error", reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** Like request, but throws a KubeError unless the status is 2xx; resolves with the body. */
  async call(method, path, opts = {}) {
    const res = await this.request(method, path, opts);
    if (res.status < 200 || res.status >= 300) throw new KubeError(method, path, res.status, res.body);
    return res.body;
  }

  /** The server's version (`/version`): {major, minor, gitVersion, ...}. */
  version() {
    return this.call("GET", "/version");
  }

  /** Discovery: {plural, namespaced, prefix} of apiVersion/kind, e.g. ("batch/v1", "Job"). */
  async resource(apiVersion, kind) {
    if (!this.resources.has(apiVersion)) {
      const prefix = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      const res = await this.request("GET", prefix);
      if (res.status === 404) throw new Error(`the API server does not serve ${apiVersion}`);
      if (res.status !== 200) throw new KubeError("GET", prefix, res.status, res.body);
      const byKind = new Map();
      for (const r of res.body.resources ?? []) {
        if (r.name.includes("/")) continue; // subresources
        byKind.set(r.kind, { plural: r.name, namespaced: r.namespaced, prefix });
      }
      this.resources.set(apiVersion, byKind);
    }
    const found = this.resources.get(apiVersion).get(kind);
    if (!found) throw new Error(`the API server serves no kind ${kind} in ${apiVersion}`);
    return found;
  }

  /** The collection URL of an object (where POST creates it). */
  async collectionPath(obj) {
    const r = await this.resource(obj.apiVersion, obj.kind);
    if (!r.namespaced) return `${r.prefix}/${r.plural}`;
    const ns = obj.metadata?.namespace || "default";
    return `${r.prefix}/namespaces/${encodeURIComponent(ns)}/${r.plural}`;
  }

  /** The URL of one object. */
  async objectPath(obj) {
    return `${await this.collectionPath(obj)}/${encodeURIComponent(obj.metadata.name)}`;
  }

  /** Creates `obj` (POST); `dryRun: true` asks for server-side dry run (validated, not stored). */
  async create(obj, { dryRun = false } = {}) {
    return this.call("POST", await this.collectionPath(obj), {
      body: obj,
      ...(dryRun ? { query: { dryRun: "All" } } : {}),
    });
  }

  /** Reads `obj` back; undefined when it does not exist. */
  async get(obj) {
    const path = await this.objectPath(obj);
    const res = await this.request("GET", path);
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new KubeError("GET", path, res.status, res.body);
    return res.body;
  }

  /** Deletes `obj` (foreground propagation by default); true if it existed. */
  async delete(obj, { propagationPolicy = "Foreground" } = {}) {
    const path = await this.objectPath(obj);
    const res = await this.request("DELETE", path, {
      body: { apiVersion: "v1", kind: "DeleteOptions", propagationPolicy },
    });
    if (res.status === 404) return false;
    if (res.status < 200 || res.status >= 300) throw new KubeError("DELETE", path, res.status, res.body);
    return true;
  }

  /** Waits until `obj` no longer exists (e.g. a namespace being finalized). */
  async waitGone(obj, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await this.get(obj);
      if (current === undefined) return;
      if (Date.now() > deadline) {
        const phase = current.status?.phase ? ` (phase ${current.status.phase})` : "";
        const conditions = (current.status?.conditions ?? []).map((c) => `${c.type}=${c.status}: ${c.message ?? ""}`);
        throw new Error(
          `${describeObject(obj)} still exists after ${timeoutMs / 1000}s${phase}${conditions.length ? `; ${conditions.join("; ")}` : ""}`,
        );
      }
      await sleep(200);
    }
  }
}
