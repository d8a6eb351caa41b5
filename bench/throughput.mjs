// Validation throughput, in process: manifests per second through the SDK's
// prepareManifest (YAML text → fast path without positions, or the positional
// path when there is something to report → defaults → generated validators) next
// to JSON.parse + protobuf-es fromJson of the same document as JSON text (the
// floor: decoding the message with no positions, defaults or rules). Each side
// gets 2 × BENCH_SECONDS in five alternating rounds; the median round counts, by
// wall time and by CPU time. The steps are measured against the same floor: the
// positional path alone (what prepareManifest did before the fast path), and
// validation alone with the generated validators and with protovalidate.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { envNumber, examplePath, importBuilt, importFrom, largeManifest, throughputPair } from "./lib.mjs";

export async function validationThroughput({ seconds = envNumber("BENCH_SECONDS", 1) } = {}) {
  const sdk = await importBuilt("packages/sdk/dist/index.js");
  const { preparePositional } = await importBuilt("packages/sdk/dist/prepare.js");
  const { sharedValidator } = await importBuilt("packages/sdk/dist/shared-validator.js");
  const generated = await importBuilt("gen/dist/validators/index.js");
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
    const floorFn = () => fromJson(kind.schema, JSON.parse(json), { registry });
    const message = checked.manifest.message;
    const pv = sharedValidator();
    const steps = {
      prepare: () => sdk.prepareManifest(c.text, c.name),
      positional: () => preparePositional(c.text, c.name),
      generatedValidate: () => generated.validate(kind.schema, message),
      protovalidate: () => pv.validate(kind.schema, message),
    };
    const measured = {};
    for (const [step, fn] of Object.entries(steps)) {
      const { a: ours, b: floor } = throughputPair(fn, floorFn, {
        seconds: step === "prepare" ? seconds * 2 : seconds,
      });
      measured[step] = {
        oursPerSecond: ours.perSecond,
        baselinePerSecond: floor.perSecond,
        // How many times slower than the floor: baseline rate / our rate, and CPU per operation.
        ratio: floor.perSecond / ours.perSecond,
        cpuUsPerOp: { ours: ours.cpuUsPerOp, baseline: floor.cpuUsPerOp },
        cpuRatio: ours.cpuUsPerOp / floor.cpuUsPerOp,
        iterations: { ours: ours.iterations, baseline: floor.iterations },
      };
    }
    results.push({
      name: c.name,
      ...(c.shape ? { shape: c.shape } : {}),
      bytes: Buffer.byteLength(c.text),
      ...measured.prepare,
      steps: measured,
    });
  }
  return { seconds, results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await validationThroughput(), null, 2));
}
