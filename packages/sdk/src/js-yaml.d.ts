// The part of js-yaml (which ships no types) that the fast load path uses.
declare module "js-yaml" {
  export interface Schema {
    readonly __brand: "js-yaml.Schema";
  }
  export const JSON_SCHEMA: Schema;
  export function load(text: string, options?: { schema?: Schema; json?: boolean; filename?: string }): unknown;
}
