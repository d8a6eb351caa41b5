// The Go peer (bench/go-peer/): YAML → protojson → buf.build/go/protovalidate on
// the same manifests as the throughput benchmark. Built from Go modules (the Go
// module proxy) into the cache outside the checkout, keyed by protovalidate's
// version and a hash of the sources, on first use; needs `go` on PATH, else the
// benchmark says "not measured".

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { envNumber, examplePath, largeManifest, root } from "./lib.mjs";

const src = join(root, "bench/go-peer");
const PROTOVALIDATE = "v1.4.0";

function cacheDir() {
  const base = process.env.PLANTON_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "planton");
  const hash = createHash("sha256");
  for (const f of ["go.mod", "go.sum", "main.go"]) hash.update(readFileSync(join(src, f)));
  return join(base, `go-peer-protovalidate-${PROTOVALIDATE}-${hash.digest("hex").slice(0, 12)}`);
}

/** The peer's binary, built if needed; or a reason it cannot be. */
function binary() {
  const dir = cacheDir();
  const bin = join(dir, "go-peer");
  if (existsSync(bin)) return { bin };
  if (spawnSync("go", ["version"], { encoding: "utf8" }).status !== 0) return { reason: "go not found" };
  mkdirSync(dir, { recursive: true });
  const r = spawnSync("go", ["build", "-o", bin, "."], {
    cwd: src,
    encoding: "utf8",
    env: { ...process.env, GOFLAGS: "-modcacherw" },
  });
  if (r.status !== 0) return { reason: `go build failed: ${r.stderr.split("\n").slice(0, 3).join(" | ")}` };
  return { bin };
}

export function goPeer({ seconds = envNumber("BENCH_SECONDS", 1) } = {}) {
  const { bin, reason } = binary();
  if (!bin) return { status: "not measured", reason };
  const dir = mkdtempSync(join(tmpdir(), "planton-go-peer-"));
  try {
    const image = join(dir, "image.binpb");
    const buf = spawnSync(join(root, "node_modules/.bin/buf"), ["build", "-o", image], { cwd: root, encoding: "utf8" });
    if (buf.status !== 0) return { status: "not measured", reason: `buf build failed: ${buf.stderr}` };
    const large = join(dir, "large.yaml");
    writeFileSync(large, largeManifest());
    const r = spawnSync(
      bin,
      [
        image,
        "org.project_planton.provider.kubernetes.kubernetesjob.v1.KubernetesJob",
        String(seconds * 2),
        `typical=${examplePath}`,
        `large=${large}`,
      ],
      { encoding: "utf8", timeout: 600_000 },
    );
    if (r.status !== 0) return { status: "failed", reason: r.stderr };
    return { status: "ok", protovalidate: PROTOVALIDATE, binary: bin, ...JSON.parse(r.stdout) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(goPeer(), null, 2));
}
