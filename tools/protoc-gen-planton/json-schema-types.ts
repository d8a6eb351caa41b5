// The JSON values the generators build and print.
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON Schema object (draft 2020-12). */
export type JsonSchema = { [keyword: string]: JsonValue };
