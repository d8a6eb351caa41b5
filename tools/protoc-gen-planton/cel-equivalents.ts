// CEL rules of the schema that JSON Schema can express, by rule id, with the
// expression they were written for. A rule whose id is listed but whose
// expression changed fails generation (the equivalent must be checked again); a
// rule that is not listed is left to `planton validate` and named in the
// schema's `$comment`. Schemas are relative to `this` and use JSON names.
import type { JsonSchema } from "./json-schema-types.ts";

export interface CelEquivalent {
  id: string;
  expression: string;
  schema: JsonSchema;
}

const DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

// IANA time zone names: under an area of the tz database, or one of its single-word names.
const TIME_ZONE_AREAS =
  "^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Brazil|Canada|Chile|Etc|Europe|Indian|Mexico|Pacific|US)(/[A-Za-z0-9_+][-A-Za-z0-9._+]{0,13})+$";
const TIME_ZONE_NAMES = String.raw`^(CET|CST6CDT|Cuba|EET|EST|EST5EDT|Egypt|Eire|Factory|GB|GB-Eire|GMT|GMT\+0|GMT-0|GMT0|Greenwich|HST|Hongkong|Iceland|Iran|Israel|Jamaica|Japan|Kwajalein|Libya|MET|MST|MST7MDT|NZ|NZ-CHAT|Navajo|PRC|PST8PDT|Poland|Portugal|ROC|ROK|Singapore|Turkey|UCT|UTC|Universal|W-SU|WET|Zulu)$`;

const VOLUME_SOURCES = ["configMap", "secret", "hostPath", "emptyDir", "pvc"];

export const celEquivalents: readonly CelEquivalent[] = [
  {
    // On VolumeMount: exactly one source, as the oneof this replaced said.
    id: "volume_mount.one_source",
    expression:
      "[has(this.config_map), has(this.secret), has(this.host_path), has(this.empty_dir), has(this.pvc)].filter(x, x).size() == 1 ? '' : 'set exactly one of configMap, secret, hostPath, emptyDir or pvc: Kubernetes requires one source per volume, got ' + string([has(this.config_map), has(this.secret), has(this.host_path), has(this.empty_dir), has(this.pvc)].filter(x, x).size())",
    schema: {
      type: "object",
      oneOf: VOLUME_SOURCES.map((name) => ({ properties: { [name]: true }, required: [name] })),
    },
  },
  {
    // On ConfigMapVolumeSource and SecretVolumeSource.
    id: "volume_source.key_or_items",
    expression: "this.key == '' || size(this.items) == 0",
    schema: {
      type: "object",
      not: {
        required: ["key", "items"],
        properties: { key: { type: "string", minLength: 1 }, items: { type: "array", minItems: 1 } },
      },
    },
  },
  {
    // On a StringValueOrRef: a literal namespace must be a DNS label.
    id: "spec.namespace.dns_label",
    expression: "!has(this.value) || (size(this.value) <= 63 && this.value.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'))",
    schema: { type: "object", properties: { value: { type: "string", maxLength: 63, pattern: DNS_LABEL } } },
  },
  {
    // On a label key.
    id: "metadata.labels.reserved_prefix",
    expression: "!this.startsWith('project-planton.org/')",
    schema: { type: "string", pattern: "^(?!project-planton\\.org/)" },
  },
  {
    id: "spec.indexed_completions",
    expression:
      "!has(this.completion_mode) || this.completion_mode != 'Indexed' || ((!has(this.completions) || this.completions <= 100000u) && (!has(this.parallelism) || this.parallelism <= 100000u))",
    schema: {
      type: "object",
      if: { required: ["completionMode"], properties: { completionMode: { const: "Indexed" } } },
      // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword
      then: {
        properties: {
          completions: { type: "integer", maximum: 100000 },
          parallelism: { type: "integer", maximum: 100000 },
        },
      },
    },
  },
  {
    // On KeyToPath.path.
    id: "k8s.key_to_path.no_dotdot_prefix",
    expression: "!this.startsWith('..')",
    schema: { type: "string", pattern: "^(?!\\.\\.)" },
  },
  {
    // On EmptyDirVolumeSource.medium.
    id: "k8s.empty_dir_medium",
    expression: "this.matches('^(Memory|HugePages(-[0-9]+(Ki|Mi|Gi))?)?$')",
    schema: { type: "string", pattern: "^(Memory|HugePages(-[0-9]+(Ki|Mi|Gi))?)?$" },
  },
  {
    // On a StackJobRunnerKubernetes' metadata: the name also names its Service.
    id: "metadata.name.dns_1035_label",
    expression: "this.name == '' || this.name.matches('^[a-z]')",
    schema: { type: "object", properties: { name: { type: "string", pattern: "^(?:$|[a-z])" } } },
  },
  {
    // On an AltinityOperatorKubernetes' metadata: the name also names the Helm release.
    id: "metadata.name.helm_release",
    expression: "size(this.name) <= 53",
    schema: { type: "object", properties: { name: { type: "string", maxLength: 53 } } },
  },
  {
    // On a KubernetesCronJob's metadata: Kubernetes names its Jobs `<name>-<11 characters>`.
    id: "metadata.name.cron_job",
    expression: "size(this.name) <= 52",
    schema: { type: "object", properties: { name: { type: "string", maxLength: 52 } } },
  },
  {
    // On KubernetesCronJobSpec.time_zone (both patterns mean the same in RE2 and ECMAScript).
    id: "cron_job.time_zone",
    expression: `this.matches('${TIME_ZONE_AREAS.replaceAll("\\", "\\\\")}') || this.matches('${TIME_ZONE_NAMES.replaceAll("\\", "\\\\")}') ? '' : 'must be an IANA time zone name such as "Europe/Berlin", "America/New_York", "Etc/GMT+5" or "UTC" (Kubernetes rejects "Local" and names missing from its time zone database)'`,
    schema: { type: "string", anyOf: [{ pattern: TIME_ZONE_AREAS }, { pattern: TIME_ZONE_NAMES }] },
  },
  {
    id: "chart.path_or_repository",
    expression: "this.path == '' || (this.repository == '' && this.version == '')",
    schema: {
      type: "object",
      if: { required: ["path"], properties: { path: { type: "string", minLength: 1 } } },
      // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword
      then: { properties: { repository: { type: "string", maxLength: 0 }, version: { type: "string", maxLength: 0 } } },
    },
  },
];
