// Validation throughput, in process: manifests per second through the SDK's
// prepareManifest (YAML text → load with source positions → defaults → validate)
// next to JSON.parse + protobuf-es fromJson of the same document as JSON text
// (the floor: decoding the message with no positions, defaults or rules). Each
// side gets 2 × BENCH_SECONDS in five alternating rounds; the median round counts.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { envNumber, examplePath, importBuilt, importFrom, largeManifest, throughputPair } from "./lib.mjs";

export async function validationThroughput({ seconds = envNumber("BENCH_SECONDS", 1) } = {}) {
  const sdk = await importBuilt("packages/sdk/dist/index.js");
  const { fromJson } = await importFrom("packages/sdk", "@bufbuild/protobuf");
  const kind = sdk.findKind("KubernetesJob");
  const registry = sdk.schemaRegistry();
  const cases = [
    { name: "typical", text: readFileSync(examplePath, "utf8") },
    { name: "large", text: largeManifest(), shape: "500 env variables, 100 config maps, 100 volume mounts" },
  ];
  const results = [];
  for (const c of cases) {
    const checked = sdk.prepareManifest(c.text, c.name);
    if (!checked.ok) {
      const first = checked.problems[0];
      throw new Error(`the ${c.name} benchmark manifest is invalid: ${first ? sdk.formatProblem(first) : "?"}`);
    }
    const json = JSON.stringify(parse(c.text));
    const { a: ours, b: floor } = throughputPair(
      () => sdk.prepareManifest(c.text, c.name),
      () => fromJson(kind.schema, JSON.parse(json), { registry }),
      { seconds: seconds * 2 },
    );
    results.push({
      name: c.name,
      ...(c.shape ? { shape: c.shape } : {}),
      bytes: Buffer.byteLength(c.text),
      oursPerSecond: ours.perSecond,
      baselinePerSecond: floor.perSecond,
      // How many times slower than the floor: baseline rate / our rate.
      ratio: floor.perSecond / ours.perSecond,
      iterations: { ours: ours.iterations, baseline: floor.iterations },
    });
  }
  return { seconds, results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await validationThroughput(), null, 2));
}
