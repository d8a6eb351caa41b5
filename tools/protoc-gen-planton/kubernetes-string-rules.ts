// The predefined Kubernetes string rules of
// proto/org/project_planton/shared/validation/kubernetes.proto as JSON Schema.
// Their CEL cannot be translated mechanically (lookarounds stand in for `!` and
// `!=`), so each is written here by hand. `condition` is the rule's CEL condition
// as the schema has it: when the schema changes a rule, generation fails until
// this table is checked and updated, so the two never drift apart silently.
// rule-fidelity.test.ts compares every entry with protovalidate's evaluation of
// the CEL on a corpus of strings.
import type { StringConstraints } from "./string-constraints.ts";

export interface KubernetesStringRule {
  /** Full name of the StringRules extension. */
  extension: string;
  /** The rule's CEL expression up to ` ? '' : <message>`. */
  condition: string;
  /** The same check as JSON Schema string keywords (ECMAScript patterns). */
  constraints: StringConstraints;
}

const PKG = "org.project_planton.shared.validation";
const DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS_SUBDOMAIN = String.raw`[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`;
// `(^|/)\.\.(/|$)` anywhere in the string: a ".." path element.
const NO_DOT_DOT_ELEMENT = String.raw`(?![\s\S]*(?:^|/)\.\.(?:/|$))`;

export const kubernetesStringRules: readonly KubernetesStringRule[] = [
  {
    extension: `${PKG}.dns_label`,
    condition: "!rule || (size(this) <= 63 && this.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'))",
    constraints: { maxLength: 63, patterns: [`^${DNS_LABEL}$`] },
  },
  {
    extension: `${PKG}.dns_subdomain`,
    condition: String.raw`!rule || (size(this) <= 253 && this.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'))`,
    constraints: { maxLength: 253, patterns: [`^${DNS_SUBDOMAIN}$`] },
  },
  {
    extension: `${PKG}.label_value`,
    condition: "!rule || this.matches('^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$')",
    constraints: { maxLength: 63, patterns: ["^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$"] },
  },
  {
    extension: `${PKG}.qualified_name`,
    condition: String.raw`!rule || (!this.matches('^[^/]{254,}/') && this.matches('^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$'))`,
    // The prefix may be at most 253 characters; the name part is bounded by the pattern.
    constraints: {
      patterns: [`^(?![^/]{254,}/)(${DNS_SUBDOMAIN}/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`],
    },
  },
  {
    extension: `${PKG}.quantity`,
    condition: String.raw`!rule || this.matches('^\\+?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$')`,
    constraints: {
      patterns: [
        String.raw`^\+?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE][+\-]?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$`,
      ],
    },
  },
  {
    extension: `${PKG}.env_var_name`,
    condition: "!rule || (this.matches('^[-._a-zA-Z][-._a-zA-Z0-9]*$') && this != '.' && this != '..')",
    constraints: { patterns: [String.raw`^(?!\.\.?$)[\-._a-zA-Z][\-._a-zA-Z0-9]*$`] },
  },
  {
    extension: `${PKG}.config_key`,
    condition:
      "!rule || (size(this) <= 253 && this.matches('^[-._a-zA-Z0-9]+$') && this != '.' && !this.startsWith('..'))",
    constraints: { maxLength: 253, patterns: [String.raw`^(?!\.$)(?!\.\.)[\-._a-zA-Z0-9]+$`] },
  },
  {
    extension: `${PKG}.absolute_path`,
    condition: String.raw`!rule || (this.startsWith('/') && !this.matches('(^|/)\\.\\.(/|$)'))`,
    constraints: { patterns: [`^${NO_DOT_DOT_ELEMENT}/`] },
  },
  {
    extension: `${PKG}.relative_path`,
    condition: String.raw`!rule || (!this.startsWith('/') && !this.matches('(^|/)\\.\\.(/|$)'))`,
    constraints: { patterns: [`^${NO_DOT_DOT_ELEMENT}(?!/)`] },
  },
];

/** The condition part of a predefined rule's expression (`<condition> ? '' : '<message>'`). */
export function celCondition(expression: string): string {
  const i = expression.indexOf(" ? '' : ");
  return i < 0 ? expression : expression.slice(0, i);
}

/**
 * The message of a rule written `<condition> ? '' : '<message>'` (the literal
 * text, up to any concatenated value), as `planton validate` prints it.
 */
export function celMessage(expression: string): string | undefined {
  const i = expression.indexOf(" ? '' : ");
  if (i < 0) return undefined;
  const rest = expression.slice(i + " ? '' : ".length).trimStart();
  const quote = rest[0];
  if (quote !== "'" && quote !== '"') return undefined;
  let out = "";
  for (let j = 1; j < rest.length; j++) {
    const ch = rest[j] as string;
    if (ch === "\\") {
      const next = rest[j + 1];
      if (next === undefined) return undefined;
      out += next === "n" ? "\n" : next;
      j++;
    } else if (ch === quote) return out.trim().replace(/[:,]$/, "");
    else out += ch;
  }
  return undefined;
}
