// Prints a FileDescriptorProto back to .proto source, custom options included.
// It exists to materialise buf/validate/validate.proto from the descriptor that
// @bufbuild/protovalidate embeds: no reachable registry ships that file as source.
// It covers what proto2/proto3 files use (messages, enums, oneofs, maps,
// extensions, reserved ranges, options); editions and groups are refused.

import type { Message } from "@bufbuild/protobuf";
import {
  type DescExtension,
  type DescField,
  getExtension,
  isFieldSet,
  type Registry,
  ScalarType,
} from "@bufbuild/protobuf";
import { type ReflectMessage, reflect } from "@bufbuild/protobuf/reflect";
import {
  type DescriptorProto,
  type EnumDescriptorProto,
  type FieldDescriptorProto,
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FieldDescriptorProtoSchema,
  type FileDescriptorProto,
} from "@bufbuild/protobuf/wkt";

const MAX_FIELD_NUMBER = 536870911;

// descriptor.proto is proto2: unset optional fields read as their zero value, so
// presence must be asked for explicitly.
function has(
  f: FieldDescriptorProto,
  name: "oneofIndex" | "defaultValue" | "jsonName" | "extendee" | "options",
): boolean {
  return isFieldSet(f, FieldDescriptorProtoSchema.field[name]);
}

/** Prints `file` as .proto source; `registry` resolves custom options (extensions). */
export function printFileDescriptor(file: FileDescriptorProto, registry: Registry): string {
  const syntax = file.syntax === "" ? "proto2" : file.syntax;
  if (syntax !== "proto2" && syntax !== "proto3") {
    throw new Error(`${file.name}: syntax "${syntax}" is not supported by this printer`);
  }
  const p = new Printer(registry, syntax);
  p.line(`syntax = "${syntax}";`);
  p.blank();
  if (file.package !== "") {
    p.line(`package ${file.package};`);
    p.blank();
  }
  file.dependency.forEach((dep, i) => {
    const kind = file.publicDependency.includes(i) ? "public " : file.weakDependency.includes(i) ? "weak " : "";
    p.line(`import ${kind}${quote(dep)};`);
  });
  if (file.dependency.length > 0) p.blank();
  if (file.options) {
    for (const opt of p.options(file.options)) p.line(`option ${opt};`);
    p.blank();
  }
  for (const m of file.messageType) p.message(m);
  for (const e of file.enumType) p.enumeration(e);
  p.extensions(file.extension);
  if (file.service.length > 0) throw new Error(`${file.name}: services are not supported by this printer`);
  return p.text();
}

class Printer {
  private readonly out: string[] = [];
  private depth = 0;
  private readonly registry: Registry;
  private readonly syntax: "proto2" | "proto3";

  constructor(registry: Registry, syntax: "proto2" | "proto3") {
    this.registry = registry;
    this.syntax = syntax;
  }

  text(): string {
    while (this.out.at(-1) === "") this.out.pop();
    return `${this.out.join("\n")}\n`;
  }

  line(s: string): void {
    this.out.push(`${"  ".repeat(this.depth)}${s}`);
  }

  blank(): void {
    if (this.out.at(-1) !== "") this.out.push("");
  }

  message(m: DescriptorProto): void {
    this.line(`message ${m.name} {`);
    this.depth++;
    if (m.options) for (const opt of this.options(m.options)) this.line(`option ${opt};`);
    const mapEntries = new Map(
      m.nestedType.filter((n) => n.options?.mapEntry === true).map((n) => [n.name, n] as const),
    );
    for (const n of m.nestedType) if (!mapEntries.has(n.name)) this.message(n);
    for (const e of m.enumType) this.enumeration(e);
    const printedOneofs = new Set<number>();
    for (const f of m.field) {
      const inRealOneof = has(f, "oneofIndex") && !f.proto3Optional;
      if (!inRealOneof) {
        this.line(this.field(f, mapEntries, false));
        continue;
      }
      const index = f.oneofIndex as number;
      if (printedOneofs.has(index)) continue;
      printedOneofs.add(index);
      const oneof = m.oneofDecl[index];
      if (!oneof) throw new Error(`${m.name}.${f.name}: oneof index ${index} out of range`);
      this.line(`oneof ${oneof.name} {`);
      this.depth++;
      if (oneof.options) for (const opt of this.options(oneof.options)) this.line(`option ${opt};`);
      for (const member of m.field) {
        if (has(member, "oneofIndex") && member.oneofIndex === index && !member.proto3Optional)
          this.line(this.field(member, mapEntries, true));
      }
      this.depth--;
      this.line("}");
    }
    for (const r of m.extensionRange) {
      const opts = r.options ? this.options(r.options) : [];
      this.line(`extensions ${range(r.start, r.end)}${opts.length > 0 ? ` [${opts.join(", ")}]` : ""};`);
    }
    if (m.reservedRange.length > 0) {
      this.line(`reserved ${m.reservedRange.map((r) => range(r.start, r.end)).join(", ")};`);
    }
    if (m.reservedName.length > 0) this.line(`reserved ${m.reservedName.map(quote).join(", ")};`);
    this.extensions(m.extension);
    this.depth--;
    this.line("}");
    this.blank();
  }

  enumeration(e: EnumDescriptorProto): void {
    this.line(`enum ${e.name} {`);
    this.depth++;
    if (e.options) for (const opt of this.options(e.options)) this.line(`option ${opt};`);
    for (const v of e.value) {
      const opts = v.options ? this.options(v.options) : [];
      this.line(`${v.name} = ${v.number}${opts.length > 0 ? ` [${opts.join(", ")}]` : ""};`);
    }
    if (e.reservedRange.length > 0) {
      // Enum reserved ranges are inclusive at both ends.
      this.line(`reserved ${e.reservedRange.map((r) => range(r.start, r.end + 1)).join(", ")};`);
    }
    if (e.reservedName.length > 0) this.line(`reserved ${e.reservedName.map(quote).join(", ")};`);
    this.depth--;
    this.line("}");
    this.blank();
  }

  extensions(fields: FieldDescriptorProto[]): void {
    const byExtendee = new Map<string, FieldDescriptorProto[]>();
    for (const f of fields) {
      const list = byExtendee.get(f.extendee) ?? [];
      list.push(f);
      byExtendee.set(f.extendee, list);
    }
    for (const [extendee, list] of byExtendee) {
      this.line(`extend ${extendee} {`);
      this.depth++;
      for (const f of list) this.line(this.field(f, new Map(), false));
      this.depth--;
      this.line("}");
      this.blank();
    }
  }

  field(f: FieldDescriptorProto, mapEntries: Map<string, DescriptorProto>, inOneof: boolean): string {
    if (f.type === FieldDescriptorProto_Type.GROUP) throw new Error(`${f.name}: groups are not supported`);
    const entryName = f.typeName.split(".").at(-1) ?? "";
    const entry = f.label === FieldDescriptorProto_Label.REPEATED ? mapEntries.get(entryName) : undefined;
    let decl: string;
    if (entry) {
      const [k, v] = entry.field;
      if (!k || !v) throw new Error(`${f.name}: malformed map entry`);
      decl = `map<${typeOf(k)}, ${typeOf(v)}> ${f.name} = ${f.number}`;
    } else {
      decl = `${inOneof ? "" : this.label(f)}${typeOf(f)} ${f.name} = ${f.number}`;
    }
    const opts: string[] = [];
    if (has(f, "defaultValue")) opts.push(`default = ${defaultLiteral(f)}`);
    if (has(f, "jsonName") && f.jsonName !== defaultJsonName(f.name) && !has(f, "extendee")) {
      opts.push(`json_name = ${quote(f.jsonName)}`);
    }
    if (f.options && has(f, "options")) opts.push(...this.options(f.options));
    return `${decl}${opts.length > 0 ? ` [${opts.join(", ")}]` : ""};`;
  }

  label(f: FieldDescriptorProto): string {
    switch (f.label) {
      case FieldDescriptorProto_Label.REPEATED:
        return "repeated ";
      case FieldDescriptorProto_Label.REQUIRED:
        return "required ";
      default:
        return this.syntax === "proto2" || f.proto3Optional ? "optional " : "";
    }
  }

  /** The set options of an options message, as `name = value` strings. */
  options(options: Message): string[] {
    const r = reflect(
      this.registry.getMessage(options.$typeName) ?? fail(`unknown options type ${options.$typeName}`),
      options,
    );
    const out: string[] = [];
    for (const field of r.fields) {
      if (field.name === "uninterpreted_option" || !r.isSet(field)) continue;
      out.push(`${field.name} = ${this.value(r, field)}`);
    }
    for (const u of options.$unknown ?? []) {
      const ext =
        this.registry.getExtensionFor(r.desc, u.no) ?? fail(`no extension ${r.desc.typeName}#${u.no} in the registry`);
      if (out.some((o) => o.startsWith(`(${ext.typeName}) =`))) continue;
      out.push(`(${ext.typeName}) = ${this.extensionValue(options, ext)}`);
    }
    return out;
  }

  extensionValue(options: Message, ext: DescExtension): string {
    const value: unknown = getExtension(options, ext);
    if (ext.fieldKind === "message") {
      const desc = ext.message;
      return this.messageLiteral(reflect(desc, value as Message));
    }
    if (ext.fieldKind === "list") {
      throw new Error(`repeated extension ${ext.typeName} is not supported`);
    }
    return this.scalarLiteral(ext, value);
  }

  value(r: ReflectMessage, field: DescField): string {
    switch (field.fieldKind) {
      case "message":
        return this.messageLiteral(r.get(field));
      case "list": {
        const list = r.get(field);
        const items: string[] = [];
        for (const item of list) {
          items.push(
            field.listKind === "message"
              ? this.messageLiteral(item as ReflectMessage)
              : this.scalarLiteral(field, item),
          );
        }
        return `[${items.join(", ")}]`;
      }
      case "map":
        throw new Error(`map option field ${field.name} is not supported`);
      default:
        return this.scalarLiteral(field, r.get(field));
    }
  }

  messageLiteral(r: ReflectMessage): string {
    const parts: string[] = [];
    for (const field of r.fields) {
      if (!r.isSet(field)) continue;
      parts.push(`${field.name}: ${this.value(r, field)}`);
    }
    return `{${parts.join(" ")}}`;
  }

  scalarLiteral(field: DescField | DescExtension, value: unknown): string {
    if (field.fieldKind === "enum" || (field.fieldKind === "list" && field.listKind === "enum")) {
      const e = field.enum;
      return e.values.find((v) => v.number === value)?.name ?? String(value);
    }
    const scalar = field.scalar ?? fail(`${field.name}: not a scalar`);
    switch (scalar) {
      case ScalarType.STRING:
        return quote(value as string);
      case ScalarType.BYTES:
        return quoteBytes(value as Uint8Array);
      case ScalarType.BOOL:
        return value ? "true" : "false";
      case ScalarType.FLOAT:
      case ScalarType.DOUBLE:
        return floatLiteral(value as number);
      default:
        return String(value);
    }
  }
}

function fail(message: string): never {
  throw new Error(message);
}

function range(start: number, endExclusive: number): string {
  const end = endExclusive - 1;
  if (end === start) return String(start);
  return `${start} to ${end >= MAX_FIELD_NUMBER ? "max" : end}`;
}

const scalarNames: Partial<Record<FieldDescriptorProto_Type, string>> = {
  [FieldDescriptorProto_Type.DOUBLE]: "double",
  [FieldDescriptorProto_Type.FLOAT]: "float",
  [FieldDescriptorProto_Type.INT64]: "int64",
  [FieldDescriptorProto_Type.UINT64]: "uint64",
  [FieldDescriptorProto_Type.INT32]: "int32",
  [FieldDescriptorProto_Type.FIXED64]: "fixed64",
  [FieldDescriptorProto_Type.FIXED32]: "fixed32",
  [FieldDescriptorProto_Type.BOOL]: "bool",
  [FieldDescriptorProto_Type.STRING]: "string",
  [FieldDescriptorProto_Type.BYTES]: "bytes",
  [FieldDescriptorProto_Type.UINT32]: "uint32",
  [FieldDescriptorProto_Type.SFIXED32]: "sfixed32",
  [FieldDescriptorProto_Type.SFIXED64]: "sfixed64",
  [FieldDescriptorProto_Type.SINT32]: "sint32",
  [FieldDescriptorProto_Type.SINT64]: "sint64",
};

function typeOf(f: FieldDescriptorProto): string {
  return scalarNames[f.type] ?? f.typeName;
}

function defaultJsonName(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/_/g, "");
}

function defaultLiteral(f: FieldDescriptorProto): string {
  const v = f.defaultValue ?? "";
  if (f.type === FieldDescriptorProto_Type.STRING) return quote(v);
  if (f.type === FieldDescriptorProto_Type.BYTES) return `"${v}"`; // already C-escaped in descriptors
  return v;
}

function floatLiteral(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (n === Number.POSITIVE_INFINITY) return "inf";
  if (n === Number.NEGATIVE_INFINITY) return "-inf";
  const s = String(n);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

export function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

function quoteBytes(bytes: Uint8Array): string {
  let out = '"';
  for (const b of bytes) {
    if (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c) out += String.fromCharCode(b);
    else out += `\\${b.toString(8).padStart(3, "0")}`;
  }
  return `${out}"`;
}
