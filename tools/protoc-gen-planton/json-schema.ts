// JSON Schema (draft 2020-12) of a kind's manifest as users write it: ProtoJSON
// field names (camelCase), one `$defs` entry per message and enum, no unknown
// fields, descriptions from proto comments, defaults from Planton's options and
// as many buf.validate rules as JSON Schema can express. Rules it cannot express
// are named in a `$comment` where they apply and are left to `planton validate`.
//
// What the schema accepts, the SDK's loader accepts, and the other way round as
// far as JSON Schema can tell (the editor and `planton validate` agree): proto
// field names, plain scalars YAML reads as numbers or booleans in string fields
// (`cpu: 2`, kept as their text), YAML 1.1 booleans, decimal strings for integers.
// Still not accepted: `null` (a key with no value) and enum numbers. The shapes
// suit yaml-language-server (no `$ref` with constraint siblings; messages and
// Markdown for editors); test/lsp drives the real server over the fixtures.
import {
  type DescEnum,
  type DescExtension,
  type DescField,
  type DescMessage,
  getExtension,
  getOption,
  hasExtension,
  hasOption,
  isFieldSet,
  type Message,
  ScalarType,
} from "@bufbuild/protobuf";
import { reflect } from "@bufbuild/protobuf/reflect";
import { FeatureSet_FieldPresence } from "@bufbuild/protobuf/wkt";
import {
  type FieldRules,
  FieldRulesSchema,
  field as fieldRulesOption,
  Ignore,
  MapRulesSchema,
  message as messageRulesOption,
  oneof as oneofRulesOption,
  predefined as predefinedOption,
  RepeatedRulesSchema,
  type Rule,
} from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { celEquivalents } from "./cel-equivalents.ts";
import { docComment, markdownParagraphs } from "./comments.ts";
import {
  allows,
  type IntegerRuleValues,
  integerConstraints,
  integerStringSchema,
  integerType,
  renderIntegerConstraints,
} from "./integer-constraints.ts";
import type { JsonSchema, JsonValue } from "./json-schema-types.ts";
import type { KindInfo } from "./kinds.ts";
import { celCondition, celMessage, kubernetesStringRules } from "./kubernetes-string-rules.ts";
import type { PlantonOptions } from "./planton-options.ts";
import { PluginError } from "./plugin-error.ts";
import { Re2TranslationError, re2ToEcmaScript } from "./re2.ts";
import {
  allowEmpty,
  mergeStringConstraints,
  renderStringConstraints,
  type StringConstraints,
  satisfies,
} from "./string-constraints.ts";
import { wellKnownTypeSchema } from "./well-known-types.ts";

/**
 * Messages the loader also accepts as a plain string (packages/sdk decode.ts,
 * like Kubernetes' IntOrString), with the description of that form.
 */
const SCALAR_SHORTHAND: Record<string, string> = {
  "org.project_planton.shared.StringValueOrRef":
    "shorthand for {value: <the string>} (upstream Project Planton's form)",
};

/**
 * String fields that were a StringValueOrRef before the schema took upstream's
 * shapes (issue 10): the loader (packages/sdk decode.ts) still reads the former
 * `{value: x}` as `x`.
 */
const FORMER_VALUE_OR_REF = new Set([
  "org.project_planton.provider.kubernetes.altinityoperatorkubernetes.v1.AltinityOperatorKubernetesSpec.namespace",
]);

/** File-mode fields, where the loader reads a leading-zero number as octal (packages/sdk yaml11.ts isModeField). */
const MODE_FIELDS = new Set(["defaultMode", "mode"]);

export const SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";
export const SCHEMA_ID_BASE = "https://project-planton.org/schemas/";
/** Keywords for editors (yaml-language-server, VS Code) only; strict validators must register them. */
export const EDITOR_KEYWORDS = ["markdownDescription", "patternErrorMessage", "defaultSnippets", "doNotSuggest"];
/** The custom keyword on sensitive fields; validators must register it. */
export const SENSITIVE_KEYWORD = "x-sensitive";

/** A schema for one value (a field, a list item, a map value or key) and whether its zero value passes. */
interface ValueSchema {
  schema: JsonSchema;
  zeroOk: boolean;
}

/** Rule values of a rules message (StringRules, UInt32Rules, …) by proto field name; only those set. */
function setRuleValues(rules: FieldRules): { name: string; value: unknown }[] {
  const c = rules.type.case;
  if (c === undefined) return [];
  const desc = FieldRulesSchema.fields.find((f) => f.localName === c);
  if (desc?.fieldKind !== "message") return [];
  const r = reflect(desc.message, rules.type.value as Message);
  const out: { name: string; value: unknown }[] = [];
  for (const f of r.fields) {
    if (!r.isSet(f)) continue;
    const v = r.get(f);
    // Lists come back as ReflectList; take their items.
    out.push({ name: f.name, value: f.fieldKind === "list" ? [...(v as Iterable<unknown>)] : v });
  }
  return out;
}

function toBigInt(v: unknown): bigint {
  return typeof v === "bigint" ? v : BigInt(v as number);
}

/** The schema of every kind in one file, the kind selected by the manifest's `kind`. */
export const COMBINED_SCHEMA_FILE = "planton.schema.json";

/**
 * One schema for manifests of every kind: the definitions of all kinds (a type
 * shared by several kinds has one definition) and, per kind, `if` the manifest
 * names it `then` its schema applies. A folder of mixed manifests needs only
 * this one association in an editor.
 */
export function combinedSchema(kinds: { kind: KindInfo; schema: JsonSchema }[]): JsonSchema {
  const defs = new Map<string, JsonSchema>();
  for (const { kind, schema } of kinds) {
    for (const [name, def] of Object.entries(schema.$defs as JsonSchema)) {
      const seen = defs.get(name);
      if (seen && JSON.stringify(seen) !== JSON.stringify(def)) {
        throw new PluginError(`definition ${name} differs between kinds (seen again in ${kind.message.name})`);
      }
      defs.set(name, def as JsonSchema);
    }
  }
  const names = kinds.map(({ kind }) => kind.message.name);
  const out: JsonSchema = {
    $schema: SCHEMA_DIALECT,
    $id: `${SCHEMA_ID_BASE}${COMBINED_SCHEMA_FILE}`,
    $comment: "Generated by tools/protoc-gen-planton. Do not edit: run `pnpm generate`.",
    title: "Planton manifest",
    description: `A Planton manifest of any kind (${names.join(", ")}); its \`kind\` selects the schema.`,
    markdownDescription: `A Planton manifest of any kind (${names.join(", ")}); its \`kind\` selects the schema.`,
    type: "object",
    properties: {
      // No `enum` here: the kind's own `const` completes it, once. No description
      // either: hovers show the kind's own.
      apiVersion: { type: "string" },
      kind: { type: "string", enum: names },
    },
    required: ["apiVersion", "kind"],
    allOf: kinds.map(({ kind }) => ({
      if: { properties: { kind: { const: kind.message.name } }, required: ["kind"] },
      // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword
      then: { $ref: `#/$defs/${kind.message.typeName}` },
    })),
    defaultSnippets: kinds.flatMap(({ schema }) => schema.defaultSnippets as JsonValue[]),
    $defs: Object.fromEntries([...defs.keys()].sort().map((n) => [n, defs.get(n) as JsonSchema])),
  };
  return out;
}

/**
 * The body of a whole-document snippet (`defaultSnippets`, which editors offer in
 * an empty file): the required fields, recursively, with tab stops holding
 * values the schema accepts.
 */
function snippetBody(schema: JsonSchema, defs: JsonSchema, stops: { next: number }, name: string): JsonValue {
  let s = schema;
  for (let i = 0; i < 32 && typeof s.$ref === "string"; i++) {
    s = defs[(s.$ref as string).replace("#/$defs/", "")] as JsonSchema;
  }
  if (s.const !== undefined) return s.const;
  const stop = (value: string) => `\${${stops.next++}:${value}}`;
  if (Array.isArray(s.anyOf)) {
    const branches = s.anyOf as JsonSchema[];
    const str = branches.find((b) => b.type === "string" || (Array.isArray(b.type) && b.type.includes("string")));
    return snippetBody(str ?? (branches[0] as JsonSchema), defs, stops, name);
  }
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === "object" && isObject(s.properties)) {
    const required = [...((s.required as string[] | undefined) ?? [])];
    for (const a of (s.allOf as JsonSchema[] | undefined) ?? []) {
      const first = (a.anyOf as JsonSchema[] | undefined)?.[0]?.required as string[] | undefined;
      if (first?.[0] !== undefined) required.push(first[0]);
    }
    if (required.length === 0) {
      // An empty mapping would be inserted as a null: the fields with defaults instead.
      for (const [key, prop] of Object.entries(s.properties)) {
        if (isObject(prop) && prop.default !== undefined && typeof prop.default !== "object") required.push(key);
      }
    }
    const body: JsonSchema = {};
    const order = Object.keys(s.properties);
    required.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    for (const key of required) {
      const prop = s.properties[key];
      if (isObject(prop)) body[key] = snippetBody(prop, defs, stops, `my-${kebab(key)}`);
    }
    return body;
  }
  if (Array.isArray(s.enum)) return stop(String(s.enum[0]));
  if (s.default !== undefined) return stop(String(s.default));
  if (type === "integer" || type === "number") return stop(String(s.minimum ?? 0));
  if (type === "boolean") return stop("false");
  if (type === "array") return [];
  return stringSchemaAccepts({ ...s, type: "string" }, name) === true ? stop(name) : stop("");
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export class KindSchemaBuilder {
  private readonly defs = new Map<string, JsonSchema>();
  private readonly options: PlantonOptions;
  private readonly extensionsByExtendee: Map<string, DescExtension[]>;

  constructor(options: PlantonOptions, extensions: DescExtension[]) {
    this.options = options;
    this.extensionsByExtendee = new Map();
    for (const e of extensions) {
      const list = this.extensionsByExtendee.get(e.extendee.typeName) ?? [];
      list.push(e);
      this.extensionsByExtendee.set(e.extendee.typeName, list);
    }
  }

  build(kind: KindInfo): JsonSchema {
    const root = this.messageRef(kind.message);
    const rootDef = this.defs.get(kind.message.typeName) as JsonSchema;
    // A JSON manifest may name its schema; the loader ignores the key.
    rootDef.properties = {
      ...(rootDef.properties as JsonSchema),
      $schema: { type: "string", doNotSuggest: true },
    };
    describe(
      (rootDef.properties as JsonSchema).$schema as JsonSchema,
      "The JSON Schema of the manifest, for editors; `planton validate` and the loader ignore it.",
    );
    const defs: JsonSchema = {};
    for (const name of [...this.defs.keys()].sort()) defs[name] = this.defs.get(name) as JsonSchema;
    const schema: JsonSchema = {
      $schema: SCHEMA_DIALECT,
      $id: `${SCHEMA_ID_BASE}${kind.fileName}`,
      $comment: `Generated by tools/protoc-gen-planton from ${kind.message.file.proto.name}. Do not edit: run \`pnpm generate\`.`,
      title: kind.message.name,
    };
    describe(schema, docComment(kind.message));
    const snippet = {
      label: kind.message.name,
      description: `A manifest of kind ${kind.message.name} with its required fields`,
      body: snippetBody(root, defs, { next: 1 }, kind.fileName.replace(/\.schema\.json$/, "")),
    };
    const out = { ...schema, ...root, defaultSnippets: [snippet], $defs: defs };
    checkRefs(out);
    return out;
  }

  // ---- messages and enums ----

  private messageRef(desc: DescMessage): JsonSchema {
    const wkt = wellKnownTypeSchema(desc);
    if (wkt) return wkt;
    if (!this.defs.has(desc.typeName)) {
      this.defs.set(desc.typeName, {});
      this.defs.set(desc.typeName, this.messageDef(desc));
    }
    return { $ref: `#/$defs/${desc.typeName}` };
  }

  /**
   * A definition of its own for a message type with extra rules (CEL equivalents
   * on the field that uses it): the type's definition with the rules merged in.
   */
  private derivedRef(desc: DescMessage, ids: string[], fragments: JsonSchema[]): JsonSchema {
    const base = this.messageRef(desc);
    const baseDef = this.defs.get(desc.typeName);
    if (base.$ref === undefined || baseDef === undefined || Object.keys(baseDef).length === 0)
      return withAllOf(base, fragments, "object");
    const name = `${desc.typeName}--${ids.join("--")}`;
    if (!this.defs.has(name)) {
      let def = structuredClone(baseDef);
      for (const f of fragments) def = mergeSchema(def, f);
      this.defs.set(name, def);
    }
    return { $ref: `#/$defs/${name}` };
  }

  private enumRef(desc: DescEnum): JsonSchema {
    if (!this.defs.has(desc.typeName)) {
      const def: JsonSchema = { type: "string", title: desc.name };
      describe(def, docComment(desc));
      def.enum = desc.values.map((v) => v.name);
      this.defs.set(desc.typeName, def);
    }
    return { $ref: `#/$defs/${desc.typeName}` };
  }

  private messageDef(desc: DescMessage): JsonSchema {
    const notes: string[] = [];
    const properties: JsonSchema = {};
    const required: string[] = [];
    const allOf: JsonValue[] = [];

    const protoNames: JsonSchema = {};
    for (const field of desc.fields) {
      const { schema, required: isRequired } = this.field(field);
      properties[field.jsonName] = schema;
      if (field.name !== field.jsonName) protoNames[`^${escapeRegExp(field.name)}$`] = schema;
      if (!isRequired) continue;
      if (field.name === field.jsonName) required.push(field.jsonName);
      else allOf.push({ anyOf: [present([field.jsonName]), present([field.name])] });
    }

    for (const oneof of desc.oneofs) {
      const names = oneof.fields.map((f) => f.jsonName);
      const rules = hasOption(oneof, oneofRulesOption) ? getOption(oneof, oneofRulesOption) : undefined;
      if (rules?.required) {
        // Exactly one member.
        allOf.push({ oneOf: names.map((n) => present([n])) });
      } else if (names.length > 1) {
        // At most one member.
        const pairs: JsonValue[] = [];
        names.forEach((a, i) => {
          for (const b of names.slice(i + 1)) pairs.push(present([a, b]));
        });
        allOf.push({ not: pairs.length === 1 ? (pairs[0] as JsonValue) : { anyOf: pairs } });
      }
    }

    if (hasOption(desc, messageRulesOption)) {
      const rules = getOption(desc, messageRulesOption);
      allOf.push(...this.cel(rules.cel, rules.celExpression, notes));
      for (const o of rules.oneof) {
        notes.push(
          `buf.validate.message.oneof (${o.fields.join(", ")}): fields set to their zero value count as unset`,
        );
      }
    }

    const def: JsonSchema = { type: "object", title: desc.name };
    describe(def, docComment(desc));
    if (notes.length) def.$comment = notYetExpressed(notes);
    def.properties = properties;
    // The loader also reads the proto (snake_case) names of fields, as ProtoJSON
    // readers do; editors complete the JSON names only.
    if (Object.keys(protoNames).length) def.patternProperties = protoNames;
    if (required.length) def.required = required;
    def.additionalProperties = false;
    if (allOf.length) def.allOf = allOf;
    return def;
  }

  // ---- fields ----

  private field(field: DescField): { schema: JsonSchema; required: boolean } {
    const rules = hasOption(field, fieldRulesOption) ? getOption(field, fieldRulesOption) : undefined;
    const ignore = rules?.ignore ?? Ignore.UNSPECIFIED;
    const active = ignore === Ignore.ALWAYS ? undefined : rules;
    const notes: string[] = [];
    const defaultValue = this.options.defaultValue(field);
    const explicitPresence =
      field.presence !== FeatureSet_FieldPresence.IMPLICIT ||
      field.oneof !== undefined ||
      field.fieldKind === "message";
    let core: ValueSchema;
    let requiredByRules = false;

    switch (field.fieldKind) {
      case "scalar":
      case "enum":
      case "message": {
        // IGNORE_IF_ZERO_VALUE skips the rules for the zero value only where the
        // field has no presence; a field with presence is checked whenever it is set.
        core = this.value(field, active, ignore === Ignore.IF_ZERO_VALUE && !explicitPresence, notes);
        if (active?.required) {
          requiredByRules = true;
          if (!explicitPresence && field.fieldKind === "enum" && core.schema.$ref !== undefined) {
            // Inline, without the zero value (no `$ref` with a sibling `not`).
            const values = field.enum.values.filter((v) => v.number !== 0).map((v) => v.name);
            core.schema = { type: "string", enum: values };
          } else if (!explicitPresence) core.schema = addKeywords(core.schema, nonZero(field));
        } else if (!explicitPresence && !core.zeroOk) {
          // An implicit-presence field the manifest leaves out has its zero value,
          // and the rules reject it: the field must be written.
          requiredByRules = true;
        }
        break;
      }
      case "list": {
        const itemRules = active?.type.case === "repeated" ? active.type.value.items : undefined;
        const items = this.value(field, itemRules, itemRules?.ignore === Ignore.IF_ZERO_VALUE, notes);
        const s: JsonSchema = { type: "array", items: items.schema };
        const repeated = active?.type.case === "repeated" ? active.type.value : undefined;
        if (repeated && repeated.minItems > 0n) s.minItems = Number(repeated.minItems);
        if (repeated && isFieldSet(repeated, RepeatedRulesSchema.field.maxItems))
          s.maxItems = Number(repeated.maxItems);
        if (repeated?.unique) {
          if (field.listKind === "message") notes.push("repeated.unique on messages");
          else s.uniqueItems = true;
        }
        if (active?.required) s.minItems = Math.max(1, Number(s.minItems ?? 0));
        const zeroOk = !s.minItems || ignore === Ignore.IF_ZERO_VALUE;
        if (ignore === Ignore.IF_ZERO_VALUE && s.minItems)
          core = { schema: { anyOf: [{ type: "array", maxItems: 0 }, s] }, zeroOk };
        else core = { schema: s, zeroOk };
        requiredByRules = !core.zeroOk;
        break;
      }
      case "map": {
        const map = active?.type.case === "map" ? active.type.value : undefined;
        const key = this.mapKey(field, map?.keys, notes);
        const value = this.value(field, map?.values, map?.values?.ignore === Ignore.IF_ZERO_VALUE, notes);
        const s: JsonSchema = { type: "object" };
        if (key) s.propertyNames = key;
        s.additionalProperties = value.schema;
        if (map && map.minPairs > 0n) s.minProperties = Number(map.minPairs);
        if (map && isFieldSet(map, MapRulesSchema.field.maxPairs)) s.maxProperties = Number(map.maxPairs);
        if (active?.required) s.minProperties = Math.max(1, Number(s.minProperties ?? 0));
        const zeroOk = !s.minProperties || ignore === Ignore.IF_ZERO_VALUE;
        if (ignore === Ignore.IF_ZERO_VALUE && s.minProperties)
          core = { schema: { anyOf: [{ type: "object", maxProperties: 0 }, s] }, zeroOk };
        else core = { schema: s, zeroOk };
        requiredByRules = !core.zeroOk;
        break;
      }
    }

    if (MODE_FIELDS.has(field.jsonName) && field.fieldKind === "scalar" && typeof core.schema.maximum === "number") {
      // The loader reads an unquoted `0755` in a mode field as octal (493), as the
      // Go tools do; editors read YAML 1.2 and see 755. Up to 777 passes here, and
      // `planton validate` checks the mode.
      core.schema = { ...core.schema, maximum: Math.max(core.schema.maximum, 777) };
      notes.push("mode bits written in octal (0755): the number form is bounded by 777 here");
    }

    if (active && (field.fieldKind === "list" || field.fieldKind === "map")) {
      const fragments = this.cel(active.cel, active.celExpression, notes);
      if (fragments.length) core.schema = withAllOf(core.schema, fragments);
    }

    const schema: JsonSchema = {};
    const text = docComment(field);
    describe(schema, text);
    Object.assign(schema, core.schema);
    if (text && Array.isArray(schema.anyOf)) {
      // Editors show the text of the alternative that matches: each gets the
      // field's own (with its note on the form), not its type's.
      schema.anyOf = (schema.anyOf as JsonValue[]).map((b) => {
        if (!isObject(b) || (b.type === undefined && b.$ref === undefined)) return b;
        const note = typeof b.description === "string" && b.$ref === undefined ? `\n\n${b.description}` : "";
        const out: JsonSchema = { ...b };
        describe(out, `${text}${note}`);
        return out;
      });
    }
    if (defaultValue !== undefined) schema.default = defaultValue;
    if (this.options.sensitive(field)) schema[SENSITIVE_KEYWORD] = true;
    if (notes.length) schema.$comment = notYetExpressed(notes);
    // Defaults are applied before validation, so a field with one may be left out.
    return { schema, required: requiredByRules && defaultValue === undefined };
  }

  /**
   * The schema of a singular value of `field`: the field itself, a list item or a
   * map value, with `rules` applying to that value, except to its zero value when
   * `zeroSkipsRules`.
   */
  private value(
    field: DescField,
    rules: FieldRules | undefined,
    zeroSkipsRules: boolean,
    notes: string[],
  ): ValueSchema {
    const active = rules?.ignore === Ignore.ALWAYS ? undefined : rules;
    let result: ValueSchema;
    const kind =
      field.fieldKind === "list" ? field.listKind : field.fieldKind === "map" ? field.mapKind : field.fieldKind;
    if (kind === "message") {
      result = { schema: this.messageRef(field.message as DescMessage), zeroOk: true };
    } else if (kind === "enum") {
      result = this.enumValue(field.enum as DescEnum, active, notes);
    } else {
      result = this.scalar(field.scalar as ScalarType, active, notes);
    }
    const fragments = active ? this.cel(active.cel, active.celExpression, notes) : [];
    if (fragments.length && kind === "message") {
      // A `$ref` with sibling keywords confuses editors (completion, hover): the
      // rules go into a definition of their own, the type's with them merged in.
      const ids = (active?.cel ?? []).map((r) => r.id).filter((id) => celEquivalents.some((e) => e.id === id));
      result.schema = this.derivedRef(field.message as DescMessage, ids, fragments);
    } else if (fragments.length) result.schema = withAllOf(result.schema, fragments);
    const shorthand = kind === "message" ? SCALAR_SHORTHAND[(field.message as DescMessage).typeName] : undefined;
    if (shorthand) {
      // The string form gets the rules the fragments put on `value`.
      const onValue = fragments.flatMap((f) => {
        const v = (f.properties as JsonSchema | undefined)?.value;
        return v ? [v] : [];
      });
      let str: JsonSchema = { type: "string" };
      describe(str, shorthand);
      for (const v of onValue as JsonSchema[]) str = mergeSchema(str, v);
      result.schema = { anyOf: [acceptScalarText(str), result.schema] };
    }
    if (zeroSkipsRules && !result.zeroOk && kind !== "message") {
      result = { schema: allowZero(result.schema, zeroForms(kind, field.scalar, field.enum)), zeroOk: true };
    }
    if (kind === "scalar" && field.scalar === ScalarType.STRING) {
      const plain = result.schema;
      result.schema = acceptScalarText(plain);
      if (field.fieldKind === "scalar" && FORMER_VALUE_OR_REF.has(`${field.parent.typeName}.${field.name}`)) {
        const former: JsonSchema = {
          type: "object",
          description: "Planton's former form, read as the plain string",
          markdownDescription: "Planton's former form, read as the plain string",
          properties: { value: plain },
          required: ["value"],
          additionalProperties: false,
        };
        result.schema = { anyOf: [result.schema, former] };
      }
    }
    return result;
  }

  private mapKey(field: DescField, rules: FieldRules | undefined, notes: string[]): JsonSchema | undefined {
    if (field.fieldKind !== "map") return undefined;
    const ignore = rules?.ignore ?? Ignore.UNSPECIFIED;
    const active = ignore === Ignore.ALWAYS ? undefined : rules;
    let s: JsonSchema;
    if (field.mapKey === ScalarType.STRING) {
      s = this.scalar(ScalarType.STRING, active, notes).schema;
    } else if (field.mapKey === ScalarType.BOOL) {
      s = { type: "string", enum: ["true", "false"] };
    } else {
      // Integer keys are written as decimal strings.
      const int = integerType(field.mapKey);
      s = integerStringSchema(integerConstraints(int?.range ?? [0n, 0n], active ? integerRuleValues(active) : {}));
    }
    if (active) {
      const fragments = this.cel(active.cel, active.celExpression, notes);
      if (fragments.length) s = withAllOf(s, fragments);
    }
    // Map keys are strings already: `type` would only repeat it.
    const { type: _type, ...rest } = s;
    return Object.keys(rest).length ? rest : undefined;
  }

  // ---- scalars ----

  private scalar(type: ScalarType, rules: FieldRules | undefined, notes: string[]): ValueSchema {
    const int = integerType(type);
    if (int) {
      const c = integerConstraints(int.range, rules ? integerRuleValues(rules) : {});
      return { schema: renderIntegerConstraints(c, int.wide), zeroOk: allows(c, 0n) };
    }
    switch (type) {
      case ScalarType.STRING: {
        const c = rules ? this.stringConstraints(rules, notes) : {};
        return { schema: renderStringConstraints(c), zeroOk: satisfies(c, "") };
      }
      case ScalarType.BOOL: {
        const constant = rules?.type.case === "bool" ? setRuleValues(rules).find((r) => r.name === "const") : undefined;
        // The loader also reads YAML 1.1's words (yes, no, on, off, y, n) written
        // unquoted, as the Go tools do; a schema cannot tell quoted from unquoted.
        const s: JsonSchema = constant
          ? { type: "boolean", const: constant.value as boolean }
          : { type: ["boolean", "string"], pattern: YAML11_BOOL, patternErrorMessage: "expected true or false" };
        return { schema: s, zeroOk: constant === undefined || constant.value === false };
      }
      case ScalarType.BYTES:
        if (rules?.type.case === "bytes" && setRuleValues(rules).length) notes.push("bytes rules");
        return {
          schema: {
            type: "string",
            pattern: "^[A-Za-z0-9+/_-]*={0,2}$",
            patternErrorMessage: "expected base64-encoded bytes",
            contentEncoding: "base64",
          },
          zeroOk: true,
        };
      default:
        // float and double: a number, or one of the names ProtoJSON gives the special values.
        if (rules?.type.case === "float" || rules?.type.case === "double") notes.push(`${rules.type.case} rules`);
        return { schema: { anyOf: [{ type: "number" }, { enum: ["NaN", "Infinity", "-Infinity"] }] }, zeroOk: true };
    }
  }

  private enumValue(desc: DescEnum, rules: FieldRules | undefined, notes: string[]): ValueSchema {
    const ref = this.enumRef(desc);
    const values = rules?.type.case === "enum" ? setRuleValues(rules) : [];
    if (!values.length) return { schema: ref, zeroOk: true };
    let allowed = desc.values;
    for (const { name, value } of values) {
      if (name === "const") allowed = allowed.filter((v) => v.number === value);
      else if (name === "in") allowed = allowed.filter((v) => (value as number[]).includes(v.number));
      else if (name === "not_in") allowed = allowed.filter((v) => !(value as number[]).includes(v.number));
      else if (name !== "defined_only" && name !== "example") notes.push(`enum.${name}`);
    }
    // Inline, not `$ref` with a sibling `enum`, which editors rewrite to `allOf`
    // and then show the enum type's text instead of the field's.
    return {
      schema: { type: "string", enum: allowed.map((v) => v.name) },
      zeroOk: allowed.some((v) => v.number === 0),
    };
  }

  private stringConstraints(rules: FieldRules, notes: string[]): StringConstraints {
    if (rules.type.case !== "string") return {};
    let c: StringConstraints = {};
    for (const { name, value } of setRuleValues(rules)) {
      const v = value as string & bigint & string[];
      switch (name) {
        case "const":
          c = mergeStringConstraints(c, { const: v });
          break;
        case "in":
          c = mergeStringConstraints(c, { enum: v });
          break;
        case "not_in":
          c = mergeStringConstraints(c, { notIn: v });
          break;
        case "len":
          c = mergeStringConstraints(c, { minLength: Number(v), maxLength: Number(v) });
          break;
        case "min_len":
          c = mergeStringConstraints(c, { minLength: Number(v) });
          break;
        case "max_len":
          c = mergeStringConstraints(c, { maxLength: Number(v) });
          break;
        case "max_bytes":
          // A character is at least one byte: the byte limit bounds the length. The
          // exact byte count is checked by `planton validate`.
          c = mergeStringConstraints(c, { maxLength: Number(v) });
          notes.push(`string.max_bytes (${v} bytes; the schema bounds characters)`);
          break;
        case "pattern":
          c = mergeStringConstraints(c, withMessage(this.translate(v), `does not match regex pattern \`${v}\``));
          break;
        case "prefix":
          c = mergeStringConstraints(c, withMessage(`^${escapeRegExp(v)}`, `does not have prefix \`${v}\``));
          break;
        case "suffix":
          c = mergeStringConstraints(c, withMessage(`${escapeRegExp(v)}$`, `does not have suffix \`${v}\``));
          break;
        case "contains":
          c = mergeStringConstraints(c, withMessage(escapeRegExp(v), `does not contain substring \`${v}\``));
          break;
        case "not_contains": {
          const p = escapeRegExp(v);
          c = mergeStringConstraints(c, { notPatterns: [p], messages: { [p]: `contains substring \`${v}\`` } });
          break;
        }
        case "example":
          c = mergeStringConstraints(c, { examples: v });
          break;
        default:
          notes.push(`string.${name}`);
      }
    }
    for (const ext of this.extensionsByExtendee.get("buf.validate.StringRules") ?? []) {
      const value = rules.type.value;
      if (!hasExtension(value, ext) || getExtension(value, ext) !== true) continue;
      c = mergeStringConstraints(c, this.predefinedString(ext, notes));
    }
    return c;
  }

  private predefinedString(ext: DescExtension, notes: string[]): StringConstraints {
    const cel: Rule[] = hasOption(ext, predefinedOption) ? getOption(ext, predefinedOption).cel : [];
    const known = kubernetesStringRules.find((k) => k.extension === ext.typeName);
    if (!known) {
      notes.push(...cel.map((r) => `${r.id} (predefined rule ${ext.typeName})`));
      return {};
    }
    const conditions = cel.map((r) => celCondition(r.expression));
    if (conditions.length !== 1 || conditions[0] !== known.condition) {
      throw new PluginError(
        `the CEL of ${ext.typeName} is not the one tools/protoc-gen-planton/kubernetes-string-rules.ts mirrors; ` +
          `update its JSON Schema there.\n  schema: ${conditions.join(" ; ")}\n  table:  ${known.condition}`,
      );
    }
    const message = celMessage(cel[0]?.expression ?? "");
    if (message === undefined) return known.constraints;
    const messages = Object.fromEntries((known.constraints.patterns ?? []).map((p) => [p, message]));
    return { ...known.constraints, messages };
  }

  private translate(re2: string): string {
    try {
      return re2ToEcmaScript(re2);
    } catch (e) {
      if (e instanceof Re2TranslationError) throw new PluginError(e.message);
      throw e;
    }
  }

  // ---- CEL ----

  /** JSON Schema for the CEL rules that have an equivalent; the others are noted. */
  private cel(rules: Rule[], expressions: string[], notes: string[]): JsonSchema[] {
    const out: JsonSchema[] = [];
    for (const rule of rules) {
      const known = celEquivalents.find((e) => e.id === rule.id);
      if (!known) {
        notes.push(`${rule.id} (${rule.message || "a CEL rule whose message names the offending value"})`);
        continue;
      }
      if (known.expression !== rule.expression) {
        throw new PluginError(
          `CEL rule ${rule.id} is not the expression tools/protoc-gen-planton/cel-equivalents.ts mirrors; ` +
            `update its JSON Schema there.\n  schema: ${rule.expression}\n  table:  ${known.expression}`,
        );
      }
      const message = rule.message || celMessage(rule.expression);
      out.push(message ? withPatternMessages(known.schema, message) : known.schema);
    }
    for (const e of expressions) notes.push(`CEL ${e}`);
    return out;
  }
}

/** Keywords a `$ref` may have beside it without editors rewriting the pair to `allOf`. */
const REF_ANNOTATIONS = new Set([
  "$ref",
  "description",
  "markdownDescription",
  "title",
  "$comment",
  "default",
  "examples",
]);

/**
 * Fails when a `$ref` has constraint keywords beside it: yaml-language-server
 * rewrites those to `allOf: [{$ref}, {…}]`, which breaks its completion (a bare
 * key without a colon) and hover (the type's text instead of the field's).
 */
function checkRefs(v: JsonValue, path = "#"): void {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      checkRefs(x, `${path}/${i}`);
    });
    return;
  }
  if (!isObject(v)) return;
  if (typeof v.$ref === "string") {
    // The root of a kind's own schema also holds the document's keywords.
    const root = path === "#" ? ["$schema", "$id", "$defs", "defaultSnippets"] : [];
    const extra = Object.keys(v).filter((k) => !REF_ANNOTATIONS.has(k) && !root.includes(k));
    if (extra.length) throw new PluginError(`${path}: $ref with ${extra.join(", ")} beside it`);
  }
  for (const [k, x] of Object.entries(v)) checkRefs(x, `${path}/${k}`);
}

/** YAML 1.1's boolean words, which the loader reads in a bool field as the Go tools do. */
const YAML11_BOOL = "^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$";

/**
 * Sets `description` and `markdownDescription` (hard-wrapped lines joined into
 * paragraphs), which editors prefer. Always both: an editor resolving a `$ref`
 * copies the keywords the field lacks from the type, and a type's
 * `markdownDescription` would then hide the field's own text in hovers.
 */
function describe(schema: JsonSchema, text: string): void {
  if (!text) return;
  schema.description = text;
  schema.markdownDescription = markdownParagraphs(text);
}

function withMessage(pattern: string, message: string): StringConstraints {
  return { patterns: [pattern], messages: { [pattern]: message } };
}

function isObject(v: JsonValue | undefined): v is JsonSchema {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Whether a string schema accepts `text`, for the keywords string schemas are
 * built from here; undefined when it holds another keyword.
 */
function stringSchemaAccepts(s: JsonSchema, text: string): boolean | undefined {
  for (const [k, v] of Object.entries(s)) {
    switch (k) {
      case "type":
      case "description":
      case "markdownDescription":
      case "patternErrorMessage":
      case "examples":
      case "default":
      case "$comment":
      case "minimum": // numbers only
      case SENSITIVE_KEYWORD:
        break;
      case "const":
        if (v !== text) return false;
        break;
      case "enum":
        if (!(v as JsonValue[]).includes(text)) return false;
        break;
      case "minLength":
        if ([...text].length < (v as number)) return false;
        break;
      case "maxLength":
        if ([...text].length > (v as number)) return false;
        break;
      case "pattern":
        if (!new RegExp(v as string, "u").test(text)) return false;
        break;
      case "allOf":
        for (const sub of v as JsonSchema[]) {
          const r = stringSchemaAccepts(sub, text);
          if (r !== true) return r;
        }
        break;
      case "not": {
        const r = stringSchemaAccepts(v as JsonSchema, text);
        if (r === undefined) return undefined;
        if (r) return false;
        break;
      }
      default:
        return undefined;
    }
  }
  return true;
}

/**
 * A string schema that also takes the plain scalars YAML reads as numbers or
 * booleans (`cpu: 2`, `tag: 1.20`), as the loader does (it keeps their text),
 * where the rules accept such text: the other types are added, and `minimum: 0`
 * where a negative number's text would fail. (`pattern` and the length keywords
 * apply to strings only, `minimum` to numbers only.)
 */
function acceptScalarText(schema: JsonSchema): JsonSchema {
  if (Array.isArray(schema.anyOf) && schema.type === undefined) {
    return { ...schema, anyOf: (schema.anyOf as JsonSchema[]).map((b) => (isObject(b) ? acceptScalarText(b) : b)) };
  }
  const s = { ...schema };
  if (Array.isArray(s.type) && s.type.includes("string")) {
    s.type = "string";
    delete s.minimum;
  }
  if (s.type !== "string") return schema;
  const all = (texts: string[]) => texts.every((t) => stringSchemaAccepts(s, t) === true);
  const types: string[] = ["string"];
  const integers = all(["0", "7", "42", "8080", "1234567890"]);
  const negatives = all(["-1", "-42"]);
  if (integers) types.push(all(["0.5", "1.5", "2.25"]) ? "number" : "integer");
  if (all(["true", "false"])) types.push("boolean");
  if (types.length === 1) return s;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(s)) {
    out[k] = v;
    if (k === "type") {
      out.type = types;
      if (integers && !negatives) out.minimum = 0;
    }
  }
  return out;
}

/**
 * `target` with the keywords of `extra`: properties are merged one by one, a
 * keyword `target` already has goes under `allOf` (with its pattern message).
 */
function mergeSchema(target: JsonSchema, extra: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...target };
  const rest: JsonSchema = {};
  const patternClash = "pattern" in extra && "pattern" in out;
  for (const [k, v] of Object.entries(extra)) {
    if (k === "type" && JSON.stringify(out.type) === JSON.stringify(v)) continue;
    if (k === "type" && v === "string" && Array.isArray(out.type) && out.type.includes("string")) {
      continue; // acceptScalarText widens again below
    }
    if (k === "properties" && isObject(out.properties) && isObject(v)) {
      const props: JsonSchema = { ...out.properties };
      const others: JsonSchema = {};
      for (const [name, ps] of Object.entries(v)) {
        const current = props[name];
        if (isObject(current) && isObject(ps) && current.$ref === undefined && current.anyOf === undefined) {
          const merged = mergeSchema(current, ps);
          props[name] = Array.isArray(current.type) || current.type === "string" ? acceptScalarText(merged) : merged;
        } else others[name] = ps;
      }
      out.properties = props;
      if (Object.keys(others).length) rest.properties = others;
      continue;
    }
    if ((k === "pattern" || k === "patternErrorMessage") && patternClash) rest[k] = v;
    else if (k in out) rest[k] = v;
    else out[k] = v;
  }
  if (Object.keys(rest).length) out.allOf = [...((out.allOf as JsonValue[] | undefined) ?? []), rest];
  return out;
}

/**
 * A CEL equivalent with the rule's message where an editor shows one: on every
 * `pattern`, and on a lone `maxLength` (rewritten as a pattern, which has one).
 */
function withPatternMessages(schema: JsonSchema, message: string): JsonSchema {
  const walk = (v: JsonValue, key: string): JsonValue => {
    if (Array.isArray(v)) return v.map((x) => walk(x, ""));
    if (!isObject(v) || key === "if") return v;
    const out: JsonSchema = {};
    for (const [k, x] of Object.entries(v)) out[k] = k === "properties" ? mapValues(x, walk) : walk(x, k);
    if (typeof out.maxLength === "number" && out.pattern === undefined && out.type === "string") {
      out.pattern = `^[\\s\\S]{0,${out.maxLength}}$`;
      delete out.maxLength;
    }
    if (typeof out.pattern === "string" && out.patternErrorMessage === undefined) out.patternErrorMessage = message;
    return out;
  };
  return walk(schema, "") as JsonSchema;
}

function mapValues(v: JsonValue, f: (x: JsonValue, key: string) => JsonValue): JsonValue {
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, f(x, "")]));
}

function integerRuleValues(rules: FieldRules): IntegerRuleValues {
  const out: IntegerRuleValues = {};
  for (const { name, value } of setRuleValues(rules)) {
    switch (name) {
      case "const":
      case "lt":
      case "lte":
      case "gt":
      case "gte":
        out[name] = toBigInt(value);
        break;
      case "in":
        out.in = (value as unknown[]).map(toBigInt);
        break;
      case "not_in":
        out.notIn = (value as unknown[]).map(toBigInt);
        break;
      default:
        break;
    }
  }
  return out;
}

/** Keywords that make a required implicit-presence value non-zero. */
function nonZero(field: DescField): JsonSchema {
  if (field.fieldKind === "scalar") {
    if (field.scalar === ScalarType.STRING || field.scalar === ScalarType.BYTES) return { minLength: 1 };
    if (field.scalar === ScalarType.BOOL) return { const: true };
    if (integerType(field.scalar)?.wide) return { not: { enum: [0, "0"] } };
    return { not: { const: 0 } };
  }
  if (field.fieldKind === "enum") {
    const zero = field.enum.values.find((v) => v.number === 0);
    return zero ? { not: { const: zero.name } } : {};
  }
  return {};
}

/** `schema`, also accepting the zero value (IGNORE_IF_ZERO_VALUE skips the rules for it). */
function allowZero(schema: JsonSchema, zero: JsonValue[]): JsonSchema {
  if (zero.length === 1 && zero[0] === "" && schema.type === "string") {
    const c = fromRendered(schema);
    const widened = c && allowEmpty(c);
    if (widened) return renderStringConstraints(widened);
  }
  return { anyOf: [zero.length === 1 ? { const: zero[0] as JsonValue } : { enum: zero }, schema] };
}

/** The JSON forms of a value's zero value. */
function zeroForms(kind: "scalar" | "enum", scalar: ScalarType | undefined, desc: DescEnum | undefined): JsonValue[] {
  if (kind === "enum") return [desc?.values.find((v) => v.number === 0)?.name ?? ""];
  if (scalar === ScalarType.STRING || scalar === ScalarType.BYTES) return [""];
  if (scalar === ScalarType.BOOL) return [false];
  if (scalar !== undefined && integerType(scalar)?.wide) return [0, "0"];
  return [0];
}

/** The string constraints a rendered string schema holds, when it holds nothing else. */
function fromRendered(s: JsonSchema): StringConstraints | undefined {
  const c: StringConstraints = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === "type") continue;
    else if (k === "const") c.const = v as string;
    else if (k === "enum") c.enum = v as string[];
    else if (k === "minLength") c.minLength = v as number;
    else if (k === "maxLength") c.maxLength = v as number;
    else if (k === "pattern") c.patterns = [v as string];
    else if (k === "patternErrorMessage") c.messages = { [s.pattern as string]: v as string };
    else if (k === "examples") c.examples = v as string[];
    else return undefined;
  }
  return c;
}

/**
 * "These properties are present". The `properties` entry changes nothing for a
 * validator; it declares the names where `required` is, as Ajv's strict mode
 * asks of every `required` (it checks applicators before `properties`).
 */
function present(names: string[]): JsonSchema {
  return { properties: Object.fromEntries(names.map((n) => [n, true])), required: names };
}

/** `schema` with more keywords; ones it already has go under `allOf`. */
function addKeywords(schema: JsonSchema, extra: JsonSchema): JsonSchema {
  if (Object.keys(extra).some((k) => k in schema)) return withAllOf(schema, [extra]);
  return { ...schema, ...extra };
}

function withAllOf(schema: JsonSchema, fragments: JsonSchema[], type?: string): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (type && !("type" in out)) out.type = type;
  out.allOf = [...((out.allOf as JsonValue[] | undefined) ?? []), ...fragments];
  return out;
}

function notYetExpressed(notes: string[]): string {
  return `Not expressed in this schema, checked by \`planton validate\`: ${notes.join("; ")}.`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}
