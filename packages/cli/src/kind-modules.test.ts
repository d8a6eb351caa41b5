import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { listKinds } from "@planton/sdk";
import { KIND_MODULES, kindModule } from "./kind-modules.js";

const cliPackage = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

describe("the kind table", () => {
  test("covers every kind of the SDK's registry, once, and nothing else", () => {
    assert.deepEqual(
      KIND_MODULES.map((r) => r.kind).sort(),
      listKinds()
        .map((k) => k.kind)
        .sort(),
    );
    assert.equal(new Set(KIND_MODULES.map((r) => r.kind)).size, KIND_MODULES.length);
  });

  for (const row of KIND_MODULES) {
    test(`${row.kind}: the descriptor and module are the kind's, and the CLI depends on its package`, async () => {
      const descriptor = await row.descriptor();
      assert.equal(descriptor.kind, row.kind);
      // An optional peer: a validate-only install of the CLI pulls no kind package (and so no Pulumi).
      assert.ok(
        cliPackage.peerDependencies[descriptor.packageName],
        `${descriptor.packageName} is not a peer dependency`,
      );
      assert.equal(cliPackage.peerDependenciesMeta[descriptor.packageName]?.optional, true);
      const module = await row.module();
      assert.equal(module.descriptor, descriptor, "the module's descriptor is the ./kind export");
      const info = listKinds().find((k) => k.kind === row.kind);
      assert.equal(module.stackInputSchema.typeName, info?.stackInputSchema.typeName);
    });
  }

  test("kindModule names the kinds it has when asked for another", () => {
    assert.throws(() => kindModule("KubernetesNamespace"), /no module for kind KubernetesNamespace/);
  });
});
