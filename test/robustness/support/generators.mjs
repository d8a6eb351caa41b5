// Generators of the bad inputs that are too large to commit; testdata/bad/generated.yaml
// names each case, its generator, the generator's parameters and what the CLI must do.

const HEAD = `apiVersion: kubernetes.project-planton.org/v1
kind: KubernetesJob
metadata:
  name: nightly-report
spec:
  namespace:
    value: batch-jobs
  image:
    repo: ghcr.io/acme/report
    tag: v1.2.0
`;

export const generators = {
  /** A valid manifest followed by comment lines up to `bytes`. */
  padded({ bytes }) {
    const line = "# padding padding padding padding padding padding padding padding\n";
    return HEAD + line.repeat(Math.ceil((bytes - HEAD.length) / line.length));
  },
  /** metadata.name of `bytes` characters. */
  hugeName({ bytes }) {
    return HEAD.replace("name: nightly-report", `name: ${"a".repeat(bytes)}`);
  },
  /** One config map whose value is `bytes` long (a literal block). */
  hugeConfigMapValue({ bytes }) {
    const line = `      ${"x".repeat(73)}\n`;
    return `${HEAD}  configMaps:\n    big-config: |\n${line.repeat(Math.ceil(bytes / line.length))}`;
  },
  /** spec.command nested `depth` flow sequences deep. */
  deepFlow({ depth }) {
    return `${HEAD}  command: ${"[".repeat(depth)}${"]".repeat(depth)}\n`;
  },
  /** A label value nested `depth` block mappings deep. */
  deepBlock({ depth }) {
    const lines = [];
    for (let i = 0; i < depth; i++) lines.push(`${" ".repeat(2 * (i + 2))}k${i}:`);
    return HEAD.replace("  name: nightly-report\n", `  name: nightly-report\n  labels:\n${lines.join("\n")} v\n`);
  },
  /**
   * One volume mount with `items` items, then `mounts` - 1 aliases of it: small
   * text, mounts × items values once aliases are expanded.
   */
  aliasFanout({ mounts, items }) {
    const list = Array.from({ length: items }, (_, i) => `{key: k${i}, path: p${i}}`).join(", ");
    const first = `    - &vm\n      name: v\n      mountPath: /x\n      configMap:\n        name: c\n        items: [${list}]\n`;
    return `${HEAD}  volumeMounts:\n${first}${"    - *vm\n".repeat(mounts - 1)}`;
  },
  /**
   * `aliases` aliases of one short string in spec.args, and `padding` numbers
   * in an unknown field: each alias costs a walk of the whole document today.
   */
  aliasesInLargeDocument({ aliases, padding }) {
    const head = HEAD.replace("  name: nightly-report\n", "  name: nightly-report\n  labels: {team: &s data}\n");
    return `${head}  args: [${Array(aliases).fill("*s").join(", ")}]\n  padding: [${Array(padding).fill("0").join(", ")}]\n`;
  },
  /** `count` labels in one mapping. */
  manyLabels({ count }) {
    const lines = [];
    for (let i = 0; i < count; i++) lines.push(`    label-${i}: value-${i}`);
    return HEAD.replace("  name: nightly-report\n", `  name: nightly-report\n  labels:\n${lines.join("\n")}\n`);
  },
  /** `count` unknown fields in spec. */
  manyUnknownFields({ count }) {
    const lines = [];
    for (let i = 0; i < count; i++) lines.push(`  unknownField${i}: ${i}`);
    return `${HEAD}${lines.join("\n")}\n`;
  },
  /** The whole manifest on one line (JSON), with `labels` labels. */
  longLine({ labels }) {
    const l = {};
    for (let i = 0; i < labels; i++) l[`label-${i}`] = `value-${i}`;
    return `${JSON.stringify({
      apiVersion: "kubernetes.project-planton.org/v1",
      kind: "KubernetesJob",
      metadata: { name: "nightly-report", labels: l },
      spec: { namespace: { value: "batch-jobs" }, image: { repo: "ghcr.io/acme/report" } },
    })}\n`;
  },
  /** `count` YAML documents. */
  manyDocuments({ count }) {
    return `${HEAD}---\n`.repeat(count);
  },
  /** backoffLimit with `digits` digits. */
  hugeInteger({ digits }) {
    return `${HEAD}  backoffLimit: ${"7".repeat(digits)}\n`;
  },
  /** `count` valid env variables: large but valid. */
  manyEnvVariables({ count }) {
    const lines = [];
    for (let i = 0; i < count; i++) lines.push(`      VAR_${i}:\n        value: v${i}`);
    return `${HEAD}  env:\n    variables:\n${lines.join("\n")}\n`;
  },
};

export function generate(name, params) {
  const g = generators[name];
  if (!g) throw new Error(`unknown generator ${name}`);
  return g(params ?? {});
}
