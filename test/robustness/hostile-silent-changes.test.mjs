// Hostile input, silent changes (the manifest says one thing, Kubernetes would get
// another): generators of unknown YAML tags at every kind of field, prototype
// keys (`__proto__`, `constructor`, ...) at every map-typed field of every kind
// and through --set and STACK_INPUT, bytes that are not UTF-8 at every kind of
// place, and octal-looking numbers at every mode field. Each must be kept as
// written or refused with a position and a hint; never dropped or reinterpreted.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { assertNoStackTrace, b64, jobManifest, leaked, runnerManifest, runSupport } from "./support/hostile.mjs";
import { cliBin, runCliBatch, runNode } from "./support/run.mjs";

const tmp = mkdtempSync(join(tmpdir(), "planton-hostile-silent-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const write = (text) => {
  const path = join(tmp, `m${n++}.yaml`);
  writeFileSync(path, text);
  return path;
};

describe("unknown YAML tags at every kind of field: an error at the tag, never a dropped or changed value", async () => {
  const tags = ["!abc", "!secret", "!Ref", "!!python/object", "!<tag:example.com,2000:x>", "!e!x", "!ENV", "!!int"];
  const places = [
    ["a literal secret", (v) => jobManifest({ spec: ["env:", "  secrets:", "    TOKEN:", `      value: ${v}`] })],
    ["an env variable", (v) => jobManifest({ spec: ["env:", "  variables:", "    LEVEL:", `      value: ${v}`] })],
    ["a label value", (v) => jobManifest({ metadata: ["labels:", `  team: ${v}`] })],
    ["image.repo", (v) => jobManifest().replace("repo: ghcr.io/acme/report", `repo: ${v}`)],
    ["an args item", (v) => jobManifest({ spec: [`args: [${v}]`] })],
    ["a config map value", (v) => jobManifest({ spec: ["configMaps:", `  app-config: ${v}`] })],
    ["an integer (backoffLimit)", (v) => jobManifest({ spec: [`backoffLimit: ${v}`] })],
    [
      "a mapping (spec.namespace)",
      (v) => jobManifest().replace("  namespace:\n    value: batch-jobs", `  namespace: ${v}`),
    ],
  ];
  const cases = [];
  for (const tag of tags) {
    for (const [place, make] of places) {
      for (const value of [tag, `${tag} Zq7secretvalue`]) {
        // `!!int text` is a known tag whose value does not fit it: an error too, but another one.
        cases.push({ id: `${place}: ${value}`, file: write(make(value)), text: make(value), known: tag === "!!int" });
      }
    }
  }
  const results = await runCliBatch(cases.map((c) => ({ id: c.id, argv: ["validate", "-f", c.file] })));
  const decoded = await runSupport(
    "decode-stack-inputs.mjs",
    cases.map((c) => ({ name: c.id, env: { STACK_INPUT: b64(c.text) } })),
  );
  test(`${cases.length * 2} generated cases`, () => assert.ok(cases.length >= 120));
  for (const c of cases) {
    test(`validate and STACK_INPUT, ${c.id}`, () => {
      const r = results.get(c.id);
      assert.equal(r.code, 1, `accepted:\n${r.stdout}`);
      if (!c.known) assert.match(r.stderr, /:\d+:\d+: unknown YAML tag/);
      assert.equal(leaked(r.stderr, "Zq7secretvalue"), undefined, r.stderr);
      const o = decoded.get(c.id);
      assert.equal(o.ok, false, "decodeStackInput accepted it");
      assert.equal(o.plantonError, true, o.description);
      assert.equal(leaked(o.description, "Zq7secretvalue"), undefined, o.description);
    });
  }
  test("a known tag keeps its meaning: !!str 0644 is the text 0644", async () => {
    const r = await runCliBatch([
      { id: "x", argv: ["load-manifest", "-o", "json", "-f", write(jobManifest({ spec: ["args: [!!str 0644]"] }))] },
    ]);
    assert.deepEqual(JSON.parse(r.get("x").stdout).spec.args, ["0644"]);
  });
});

describe("prototype keys at every map-typed field, through files, --set and STACK_INPUT: kept as keys, or refused by the field's rules; never dropped", async () => {
  const keys = [
    "__proto__",
    "constructor",
    "prototype",
    "hasOwnProperty",
    "toString",
    "valueOf",
    "__defineGetter__",
    "__lookupSetter__",
    "isPrototypeOf",
  ];
  /** [kind, map path, manifest with `key` in that map, --set override putting `key` there]. */
  const maps = [
    [
      "KubernetesJob",
      "metadata.labels",
      (k) => jobManifest({ metadata: ["labels:", `  ${k}: v`] }),
      (k) => `metadata.labels.${k}=v`,
    ],
    [
      "KubernetesJob",
      "metadata.annotations",
      (k) => jobManifest({ metadata: ["annotations:", `  ${k}: v`] }),
      (k) => `metadata.annotations.${k}=v`,
    ],
    [
      "KubernetesJob",
      "spec.env.variables",
      (k) => jobManifest({ spec: ["env:", "  variables:", `    ${k}:`, "      value: v"] }),
      (k) => `spec.env.variables.${k}.value=v`,
    ],
    [
      "KubernetesJob",
      "spec.env.secrets",
      (k) => jobManifest({ spec: ["env:", "  secrets:", `    ${k}:`, "      value: Zq7s3cr3tv4lue"] }),
      (k) => `spec.env.secrets.${k}.value=Zq7s3cr3tv4lue`,
    ],
    [
      "KubernetesJob",
      "spec.configMaps",
      (k) => jobManifest({ spec: ["configMaps:", `  ${k}: v`] }),
      (k) => `spec.configMaps.${k}=v`,
    ],
    [
      "StackJobRunnerKubernetes",
      "spec.env.variables",
      (k) => runnerManifest({ spec: ["env:", "  variables:", `    ${k}:`, "      value: v"] }),
      (k) => `spec.env.variables.${k}.value=v`,
    ],
    [
      "StackJobRunnerKubernetes",
      "spec.env.secrets",
      (k) => runnerManifest({ spec: ["env:", "  secrets:", `    ${k}:`, "      value: Zq7s3cr3tv4lue"] }),
      (k) => `spec.env.secrets.${k}.value=Zq7s3cr3tv4lue`,
    ],
    [
      "KubernetesJob",
      "metadata.labels (JSON)",
      (k) =>
        JSON.stringify({
          apiVersion: "kubernetes.project-planton.org/v1",
          kind: "KubernetesJob",
          metadata: { name: "nightly-report", labels: JSON.parse(`{"${k}": "v"}`) },
          spec: { namespace: { value: "batch-jobs" }, image: { repo: "ghcr.io/acme/report" } },
        }),
      (k) => `metadata.labels["${k}"]=v`,
    ],
  ];
  const base = { KubernetesJob: write(jobManifest()), StackJobRunnerKubernetes: write(runnerManifest()) };
  const cases = [];
  for (const [kind, path, make, set] of maps) {
    for (const key of keys) {
      const text = make(key);
      const file = write(text);
      const mapPath = path.replace(/ \(JSON\)$/, "");
      cases.push({
        id: `${kind} ${path} "${key}" (file)`,
        argv: ["load-manifest", "-o", "json", "--show-secrets", "-f", file],
        mapPath,
        key,
        text,
      });
      cases.push({
        id: `${kind} ${path} "${key}" (--set)`,
        argv: ["load-manifest", "-o", "json", "--show-secrets", "-f", base[kind], "--set", set(key)],
        mapPath,
        key,
      });
    }
  }
  // A prototype key where a message's fields are: an unknown field, not an empty message.
  for (const key of keys) {
    cases.push({
      id: `"${key}" as a field of spec`,
      argv: ["load-manifest", "-o", "json", "-f", write(jobManifest({ spec: [`${key}: {x: 1}`] }))],
      mapPath: undefined,
      key,
      mustFail: true,
    });
  }
  const results = await runCliBatch(cases.map((c) => ({ id: c.id, argv: c.argv })));
  // The decode support script reads KubernetesJob stack inputs.
  const withText = cases.filter((c) => c.text !== undefined && c.id.startsWith("KubernetesJob "));
  const decoded = await runSupport(
    "decode-stack-inputs.mjs",
    withText.map((c) => ({ name: c.id, env: { STACK_INPUT: b64(c.text) } })),
  );
  test(`${cases.length + withText.length} generated cases`, () => assert.ok(cases.length >= 150));
  for (const c of cases) {
    test(c.id, () => {
      const r = results.get(c.id);
      assert.ok(r.code === 0 || r.code === 1, JSON.stringify(r).slice(0, 1500));
      assertNoStackTrace(r.stderr);
      if (c.mustFail || r.code === 1) {
        assert.equal(r.code, 1, "accepted");
        // Refused by a rule of the field: the problem names the key.
        assert.ok(r.stderr.includes(c.key), `the error does not name ${c.key}:\n${r.stderr}`);
        return;
      }
      // Accepted: the key is in the map, as written.
      let node = JSON.parse(r.stdout);
      for (const seg of c.mapPath.split(".")) node = node?.[seg];
      assert.ok(node && Object.hasOwn(node, c.key), `${c.key} vanished from ${c.mapPath}:\n${r.stdout.slice(0, 2000)}`);
      if (withText.includes(c)) {
        const o = decoded.get(c.id);
        assert.equal(o.ok, true, `validate accepts it, decodeStackInput does not: ${o.description}`);
      }
    });
  }
  test("an env variable named __proto__ reaches the Job the module registers", async () => {
    const text = jobManifest({ spec: ["env:", "  variables:", "    __proto__:", "      value: kept-value-7q"] });
    const o = (await runSupport("module-inputs.mjs", [{ name: "x", env: { STACK_INPUT: b64(text) } }])).get("x");
    assert.equal(o.ok, true, o.description);
    assert.match(o.plain, /"name":"__proto__","value":"kept-value-7q"/);
  });
});

describe("bytes that are not UTF-8, at every kind of place and through every entry: refused with their line and column", async () => {
  const sequences = [
    ["a lone continuation byte", [0x80]],
    ["an overlong encoding", [0xc0, 0xaf]],
    ["a truncated 3-byte sequence", [0xe2, 0x82]],
    ["an encoded surrogate", [0xed, 0xa0, 0x80]],
    ["a code point above U+10FFFF", [0xf5, 0x80, 0x80, 0x80]],
    ["0xFF", [0xff]],
    ["0xFE", [0xfe]],
    ["Latin-1 é", [0xe9]],
  ];
  /** [place, lines before the bad bytes, text before them on their line, text after]. */
  const places = [
    [
      "a label value",
      jobManifest({ metadata: ["labels:", "  team: "] })
        .split("\n")
        .slice(0, 6),
      "data",
    ],
    ["a comment", ["# note: "], ""],
    ["image.repo", jobManifest().split("\n").slice(0, 9), "x"],
    [
      "a secret value",
      jobManifest({ spec: ["env:", "  secrets:", "    TOKEN:", "      value: Zq7"] })
        .split("\n")
        .slice(0, 14),
      "rest",
    ],
    [
      "a key",
      jobManifest({ metadata: ["labels:", "  te"] })
        .split("\n")
        .slice(0, 6),
      "am: data",
    ],
  ];
  const cases = [];
  for (const [what, bytes] of sequences) {
    for (const [place, lines, after] of places) {
      const head = lines.slice(0, -1).join("\n");
      const last = lines.at(-1);
      const before = Buffer.from(`${head}${head === "" ? "" : "\n"}${last}`);
      const rest = place === "a comment" ? `${after}\n${jobManifest()}` : `${after}\n`;
      const content = Buffer.concat([before, Buffer.from(bytes), Buffer.from(rest)]);
      const file = join(tmp, `utf8-${cases.length}.yaml`);
      writeFileSync(file, content);
      cases.push({ id: `${what} in ${place}`, file, content, line: lines.length, column: [...last].length + 1 });
    }
  }
  const results = await runCliBatch(cases.map((c) => ({ id: c.id, argv: ["validate", "-f", c.file] })));
  const decoded = await runSupport(
    "decode-stack-inputs.mjs",
    cases.map((c) => ({ name: c.id, env: { STACK_INPUT: c.content.toString("base64") } })),
  );
  test(`${cases.length * 2 + 2} generated cases`, () => assert.ok(cases.length >= 40));
  for (const c of cases) {
    test(`-f FILE and STACK_INPUT: ${c.id}`, () => {
      const r = results.get(c.id);
      assert.equal(r.code, 1, r.stdout);
      assert.ok(r.stderr.startsWith(`${c.file}:${c.line}:${c.column}: the input is not UTF-8 text`), r.stderr);
      assert.equal(leaked(r.stderr, "Zq7rest"), undefined);
      const o = decoded.get(c.id);
      assert.equal(o.ok, false, "decodeStackInput accepted it");
      assert.equal(o.plantonError, true, o.description);
      assert.match(o.description, new RegExp(`not UTF-8 text .* at line ${c.line}, column ${c.column}`));
    });
  }
  test("-f - (standard input): the same error, named <stdin>", async () => {
    const c = cases[0];
    const r = await runNode([cliBin, "validate", "-f", "-"], { input: c.content });
    assert.equal(r.code, 1);
    assert.ok(r.stderr.startsWith(`<stdin>:${c.line}:${c.column}: the input is not UTF-8 text`), r.stderr);
  });
  test("--provider-config: the same error", async () => {
    const file = join(tmp, "provider-not-utf8.yaml");
    writeFileSync(file, Buffer.from([0x63, 0x6f, 0x6e, 0x74, 0x65, 0x78, 0x74, 0x3a, 0x20, 0xff, 0x0a]));
    const v = await runCliBatch([
      { id: "q", argv: ["stack-input", "-o", "yaml", "-f", write(jobManifest()), "--provider-config", file] },
    ]);
    assert.equal(v.get("q").code, 1, v.get("q").stderr);
    assert.match(v.get("q").stderr, /:1:10: the input is not UTF-8 text/);
  });
});

describe("octal-looking numbers at every mode field: read as octal, or refused with a hint; never read as decimal", async () => {
  const values = ["0400", "0644", "0755", "0777", "0600", "0444", "0640", "0511", "0000", "00", "0440", "0555"];
  const fields = [
    [
      "configMap.defaultMode",
      (v) => [
        "volumeMounts:",
        "  - name: c",
        "    mountPath: /c",
        "    configMap:",
        "      name: app-config",
        `      defaultMode: ${v}`,
      ],
    ],
    [
      "secret.defaultMode",
      (v) => [
        "volumeMounts:",
        "  - name: s",
        "    mountPath: /s",
        "    secret:",
        "      name: tls",
        `      defaultMode: ${v}`,
      ],
    ],
  ];
  const cases = [];
  for (const [field, spec] of fields) {
    for (const v of values) {
      cases.push({ id: `${field}: ${v}`, field, value: v, file: write(jobManifest({ spec: spec(v) })) });
    }
  }
  const results = await runCliBatch(
    cases.map((c) => ({ id: c.id, argv: ["load-manifest", "-o", "json", "-f", c.file] })),
  );
  test(`${cases.length} generated cases`, () => assert.ok(cases.length >= 24));
  for (const c of cases) {
    test(c.id, () => {
      const r = results.get(c.id);
      if (r.code === 0) {
        const m = JSON.parse(r.stdout).spec.volumeMounts[0];
        const got = (m.configMap ?? m.secret).defaultMode ?? 0;
        assert.equal(
          got,
          Number.parseInt(c.value, 8),
          `read as ${got}, not as octal ${c.value} = ${Number.parseInt(c.value, 8)}`,
        );
      } else {
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, /octal/i, `refused without an octal hint:\n${r.stderr}`);
      }
    });
  }
});
