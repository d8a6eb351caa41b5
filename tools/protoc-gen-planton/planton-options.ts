// Reads Planton's own field options (`default`, `sensitive`,
// `default_container_resources`) from the descriptors of the request, and turns
// defaults into the JSON a manifest would hold, typed like the field.
import {
  type DescExtension,
  type DescField,
  getOption,
  hasOption,
  type Message,
  type Registry,
  ScalarType,
  toJson,
} from "@bufbuild/protobuf";
import type { JsonValue } from "./json-schema-types.ts";
import { PluginError } from "./plugin-error.ts";

export const DEFAULT_OPTION = "org.project_planton.shared.options.default";
export const SENSITIVE_OPTION = "org.project_planton.shared.options.sensitive";
export const MESSAGE_DEFAULT_OPTIONS = ["org.project_planton.provider.kubernetes.default_container_resources"];

export interface PlantonOptions {
  /** The field's default as manifest JSON, if it declares one. */
  defaultValue(field: DescField): JsonValue | undefined;
  sensitive(field: DescField): boolean;
}

export function createPlantonOptions(registry: Registry): PlantonOptions {
  const ext = (name: string): DescExtension | undefined => registry.getExtension(name);
  const defaultExt = ext(DEFAULT_OPTION);
  const sensitiveExt = ext(SENSITIVE_OPTION);
  const messageDefaults = MESSAGE_DEFAULT_OPTIONS.map(ext).filter((e): e is DescExtension => e !== undefined);

  return {
    defaultValue(field) {
      for (const e of messageDefaults) {
        if (hasOption(field, e))
          return toJson(e.message as NonNullable<DescExtension["message"]>, getOption(field, e) as Message, {
            registry,
          }) as JsonValue;
      }
      if (!defaultExt || !hasOption(field, defaultExt)) return undefined;
      return typedDefault(field, getOption(field, defaultExt) as string);
    },
    sensitive(field) {
      return sensitiveExt !== undefined && hasOption(field, sensitiveExt) && getOption(field, sensitiveExt) === true;
    },
  };
}

function typedDefault(field: DescField, text: string): JsonValue {
  const where = `${field.parent.typeName}.${field.name}`;
  switch (field.fieldKind) {
    case "scalar":
      return scalarDefault(field.scalar, text, where);
    case "enum":
      if (!field.enum.values.some((v) => v.name === text))
        throw new PluginError(`${where}: default "${text}" is not a value of ${field.enum.typeName}`);
      return text;
    case "message": {
      // A text default on a message field (StringValueOrRef) sets its `value`, as the SDK does.
      const value = field.message.fields.find((f) => f.name === "value" && f.fieldKind === "scalar");
      if (value?.fieldKind !== "scalar")
        throw new PluginError(`${where}: a text default needs a message with a scalar "value" field`);
      return { [value.jsonName]: scalarDefault(value.scalar, text, where) };
    }
    default:
      throw new PluginError(`${where}: defaults on ${field.fieldKind} fields are not supported`);
  }
}

function scalarDefault(type: ScalarType, text: string, where: string): JsonValue {
  switch (type) {
    case ScalarType.STRING:
      return text;
    case ScalarType.BOOL:
      if (text !== "true" && text !== "false")
        throw new PluginError(`${where}: default "${text}" is not true or false`);
      return text === "true";
    case ScalarType.BYTES:
      throw new PluginError(`${where}: bytes defaults are not supported`);
    case ScalarType.FLOAT:
    case ScalarType.DOUBLE: {
      const n = Number(text);
      if (text.trim() === "" || !Number.isFinite(n))
        throw new PluginError(`${where}: default "${text}" is not a finite number`);
      return n;
    }
    default: {
      if (!/^-?\d+$/.test(text)) throw new PluginError(`${where}: default "${text}" is not an integer`);
      const n = Number(text);
      // Integers are numbers in the schema; one beyond 2^53 keeps its exact decimal text.
      return Number.isSafeInteger(n) ? n : text;
    }
  }
}
