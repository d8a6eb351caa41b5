import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

test("the consumer builds, validates and round-trips a KubernetesJob using only @planton/gen", () => {
  const main = fileURLToPath(new URL("./main.js", import.meta.url));
  const out = execFileSync(process.execPath, [main], { encoding: "utf8" });
  const [json, binary, ...violations] = out.trim().split("\n");
  const manifest = JSON.parse(json ?? "{}");
  assert.equal(manifest.kind, "KubernetesJob");
  assert.equal(manifest.spec.namespace.value, "reports");
  assert.equal(manifest.spec.env.secrets.DATABASE_PASSWORD.secretRef.name, "db-credentials");
  assert.match(binary ?? "", /^binary: \d+ bytes, round trip: ok$/);
  assert.ok(
    violations.some((v) => v.includes("metadata.name") && v.includes("RFC 1123")),
    out,
  );
  assert.ok(
    violations.some((v) => v.includes("spec.image.repo")),
    out,
  );
});
